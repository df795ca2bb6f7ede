"""Roles as answers show them: a page of roles, a weighted profile, how a role text was read."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from skillmatch.contracts.base import SkillRef, UtcTime


class RoleItemOut(SkillRef):
    kind: str
    occupation_id: str | None = None
    postings: int
    prior_share: float
    updated_at: UtcTime = None
    match: Literal["words", "meaning"] | None = Field(
        default=None, description="With a query: the label has its words (or the id is the query), or the role's "
        "occupation is close to the query read as a job title.")
    score: float | None = Field(default=None, description="For a match by meaning: the title similarity.")


class RoleListOut(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[RoleItemOut]


class RoleSkillOut(SkillRef):
    weight: float
    frequency: float
    specificity: float
    prior: float
    postings: int
    required_share: float


class RoleProfileOut(SkillRef):
    postings: int = Field(description="Postings the profile was built from (0: from the taxonomy alone).")
    prior_share: float
    skills: list[RoleSkillOut]


class RoleReadingOut(BaseModel):
    query: str = Field(description="The role text of the request.")
    method: Literal["id", "label", "postings", "title"] = Field(
        description="How it was read: a role id, a role or occupation label, the role whose postings are titled "
                    "with the request's words (at least 3 of them), or the closest job title.")
    score: float = Field(description="Title similarity (1.0 for an id, a label or postings' titles).")
    sure: bool = Field(description="False for a title read below 0.95: the answer may be for another role than "
                                   "the one meant; below 0.55 nothing is read and the request is refused (404).")
    note: str = Field(description="The reading in words, to show the person.")


class RoleSummaryOut(SkillRef):
    postings: int
    prior_share: float
    skills: int = Field(description="How many skills the role's profile holds.")
    read_as: RoleReadingOut | None = Field(default=None, description="How the request's role text was read.")
