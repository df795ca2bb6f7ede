"""Credentials of the catalog as answers show them: a summary, a page of a list, one in full."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from skillmatch.contracts.base import SkillRef


class CredentialSummaryOut(BaseModel):
    id: str
    title: str
    provider: str
    url: str | None = None
    cost: float | None
    currency: str
    is_free: bool
    hours: float | None
    level: str | None
    format: str | None
    language: str
    credential_type: str | None = None
    recognition: dict[str, Any] = {}


class CredentialListItemOut(CredentialSummaryOut):
    skills: list[SkillRef] = []


class CredentialListOut(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[CredentialListItemOut]


class DeclaredSkillOut(BaseModel):
    label: str
    uri: str
    weight: float
    framework: str


class TaughtSkillOut(SkillRef):
    weight: float
    source: Literal["declared", "inferred"] | str
    evidence: str
    evidence_start: int | None = None
    evidence_end: int | None = None


class CredentialOut(BaseModel):
    """Every field of a stored credential and the skills it teaches."""

    model_config = ConfigDict(extra="allow")

    id: str
    title: str
    provider: str
    url: str
    description: str
    learning_outcomes: list[str]
    credential_type: str
    declared_skills: list[DeclaredSkillOut]
    skills: list[TaughtSkillOut]
    cost: float | None
    currency: str
    hours: float | None
    duration_weeks: float | None
    level: str | None
    eqf_level: int | None
    format: str | None
    language: str
    location: str
    recognition: dict[str, Any]
    prerequisites: list[str]
    is_part_of: list[str]
    has_part: list[str]
    prepares_for: list[str]
    source: str
