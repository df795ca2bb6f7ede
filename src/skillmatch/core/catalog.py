"""Micro-credentials: what a learner or an advisor chooses by, and the skills each one teaches."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Level = Literal["beginner", "intermediate", "advanced"]
Format = Literal["online_self_paced", "online_live", "in_person", "hybrid"]
SkillSource = Literal["declared", "inferred"]

LEVELS: tuple[str, ...] = ("beginner", "intermediate", "advanced")
FORMATS: tuple[str, ...] = ("online_self_paced", "online_live", "in_person", "hybrid")


@dataclass(frozen=True, slots=True)
class DeclaredSkill:
    """A skill as a record states it, before it is aligned to the taxonomy: a URI, a code or a label."""

    label: str = ""
    uri: str = ""
    weight: float = 1.0
    framework: str = ""


@dataclass(frozen=True, slots=True)
class TaughtSkill:
    """A taxonomy skill the credential teaches, with where that knowledge comes from."""

    id: str
    label: str
    weight: float  # in (0, 1]
    source: SkillSource
    evidence: str = ""  # the declared text, or the span of the description it was inferred from
    evidence_start: int | None = None
    evidence_end: int | None = None


@dataclass(frozen=True, slots=True)
class Recognition:
    accreditation: str = ""
    endorsements: tuple[str, ...] = ()
    credits: float | None = None
    credit_unit: str = ""


@dataclass(frozen=True, slots=True)
class Credential:
    id: str
    title: str
    provider: str
    url: str = ""
    description: str = ""
    learning_outcomes: tuple[str, ...] = ()
    credential_type: str = ""  # course, badge, certificate, certification, micro-credential, ...
    declared_skills: tuple[DeclaredSkill, ...] = ()
    skills: tuple[TaughtSkill, ...] = ()  # filled by the alignment
    cost: float | None = None  # None = unknown, 0 = free
    currency: str = "EUR"
    hours: float | None = None
    duration_weeks: float | None = None
    level: Level | None = None
    eqf_level: int | None = None
    format: Format | None = None
    language: str = "en"
    location: str = ""
    recognition: Recognition = field(default_factory=Recognition)
    prerequisites: tuple[str, ...] = ()  # credential ids or skill labels / URIs
    is_part_of: tuple[str, ...] = ()
    has_part: tuple[str, ...] = ()
    prepares_for: tuple[str, ...] = ()
    source: str = ""  # file (and line or index) the record came from

    @property
    def is_free(self) -> bool:
        return self.cost == 0

    @property
    def text(self) -> str:
        """What the skill alignment reads: title, description and learning outcomes."""
        return "\n".join(part for part in (self.title, self.description, *self.learning_outcomes) if part)
