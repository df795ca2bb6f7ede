"""Job postings as the importers deliver them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from skillmatch.core.origin import Origin
from skillmatch.core.roles import RoleMatch
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
    source: str = ""  # where the posting came from as stored and shown: str(origin)
    extra: dict[str, str] = field(default_factory=dict, compare=False)
    origin: Origin | None = field(default=None, compare=False)  # where the import read it, in parts

    def without_source_prefix(self, prefix: str) -> JobPosting:
        """The posting with ``prefix`` (a temporary upload folder) left out of where it came from."""
        origin = self.origin.without_prefix(prefix) if self.origin is not None else None
        return replace(self, source=self.source.removeprefix(prefix), origin=origin)

    @property
    def content_key(self) -> str:
        """Same key for postings whose title, employer and text are the same up to spacing/case."""
        text = "\n".join(squash_space(x).casefold() for x in (self.title, self.organization, self.description))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PostingAnalysis:
    """What an import keeps of one posting besides the posting: the role its title maps to, its
    skill rows (``skill_id``, ``label``, ``score``, ``requirement``, ``evidence``) and the listed
    skills that matched nothing. :meth:`record` is one row of plain values (what a Ray import
    writes as Parquet), :meth:`of_record` reads it back unchanged."""

    posting_id: str
    match: RoleMatch
    skills: tuple[dict[str, Any], ...]
    missing: tuple[str, ...]

    def record(self) -> dict[str, Any]:
        m = self.match
        return {"posting_id": self.posting_id, "role_id": m.occupation_id, "role_label": m.label,
                "role_score": m.score, "role_method": m.method,
                "skills": json.dumps(self.skills, ensure_ascii=False), "missing": json.dumps(self.missing)}

    @classmethod
    def of_record(cls, record: Mapping[str, Any]) -> PostingAnalysis:
        match = RoleMatch(record["role_id"], record["role_label"], float(record["role_score"]), record["role_method"])
        return cls(str(record["posting_id"]), match, tuple(json.loads(record["skills"])), tuple(json.loads(record["missing"])))


#: Analyses of the parts of an import, in order: ``(parts, duplicate_of) -> one list per part``.
PartsAnalyser = Callable[[Sequence[Sequence[JobPosting]], Mapping[str, str]], Iterable[list[PostingAnalysis]]]
