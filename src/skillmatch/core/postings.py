"""Job postings as the importers deliver them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from skillmatch.core.text import squash_space


@dataclass(frozen=True, slots=True)
class ListedSkill:
    """A skill the employer lists in a structured field: a label, and an ESCO URI when given."""

    label: str
    uri: str = ""


@dataclass(frozen=True, slots=True)
class JobPosting:
    id: str
    title: str
    description: str  # the full text: description plus qualifications, responsibilities, ...
    skills: tuple[ListedSkill, ...] = ()  # listed by the employer as required
    preferred_skills: tuple[ListedSkill, ...] = ()  # listed as nice to have
    organization: str = ""
    location: str = ""
    date_posted: date | None = None
    employment_type: str = ""
    remote: bool = False
    occupational_category: tuple[str, ...] = ()  # ESCO URI, ISCO-08 or O*NET-SOC codes
    role: str = ""  # a role named by the user, which wins over title normalisation
    source: str = ""  # file (and line or index) the posting came from
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def content_key(self) -> str:
        """Same key for postings whose title, employer and text are the same up to spacing/case."""
        text = "\n".join(squash_space(x).casefold() for x in (self.title, self.organization, self.description))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
