"""Micro-credentials: what a learner or an advisor chooses by, and the skills each one teaches.

:meth:`Credential.as_dict` and :meth:`Credential.from_dict` turn a credential into plain JSON
data and back, field for field (storage keeps credentials that way); :meth:`Credential.skill_vector`
is the sparse skill vector a ranker compares with a gap; :func:`stacking_families` groups the
credentials that stack into one another.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, cast

from skillmatch.core.origin import Origin

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
    source: str = ""  # where the record came from as stored and shown: str(origin)
    # Where an import read the record, in parts; not stored (a credential read back has None).
    origin: Origin | None = field(default=None, compare=False)

    def without_source_prefix(self, prefix: str) -> Credential:
        """The credential with ``prefix`` (a temporary upload folder) left out of where it came from."""
        origin = self.origin.without_prefix(prefix) if self.origin is not None else None
        return replace(self, source=self.source.removeprefix(prefix), origin=origin)

    @property
    def is_free(self) -> bool:
        return self.cost == 0

    @property
    def text(self) -> str:
        """What the skill alignment reads: title, description and learning outcomes."""
        return "\n".join(part for part in (self.title, self.description, *self.learning_outcomes) if part)

    def skill_vector(self) -> dict[str, float]:
        """Skill id -> weight in (0, 1] of every skill the credential teaches (declared and inferred)."""
        return {skill.id: skill.weight for skill in self.skills}

    def as_dict(self) -> dict[str, Any]:
        """Every field but ``origin`` as JSON data (tuples become lists); :meth:`from_dict` reverses it."""
        return {
            "id": self.id,
            "title": self.title,
            "provider": self.provider,
            "url": self.url,
            "description": self.description,
            "learning_outcomes": list(self.learning_outcomes),
            "credential_type": self.credential_type,
            "declared_skills": [
                {"label": s.label, "uri": s.uri, "weight": s.weight, "framework": s.framework}
                for s in self.declared_skills
            ],
            "skills": [
                {
                    "id": s.id, "label": s.label, "weight": s.weight, "source": s.source, "evidence": s.evidence,
                    "evidence_start": s.evidence_start, "evidence_end": s.evidence_end,
                }
                for s in self.skills
            ],
            "cost": self.cost,
            "currency": self.currency,
            "hours": self.hours,
            "duration_weeks": self.duration_weeks,
            "level": self.level,
            "eqf_level": self.eqf_level,
            "format": self.format,
            "language": self.language,
            "location": self.location,
            "recognition": {
                "accreditation": self.recognition.accreditation,
                "endorsements": list(self.recognition.endorsements),
                "credits": self.recognition.credits,
                "credit_unit": self.recognition.credit_unit,
            },
            "prerequisites": list(self.prerequisites),
            "is_part_of": list(self.is_part_of),
            "has_part": list(self.has_part),
            "prepares_for": list(self.prepares_for),
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Credential:
        """The credential :meth:`as_dict` wrote; a missing key takes the field's default."""
        recognition = data.get("recognition") or {}
        return cls(
            id=data["id"],
            title=data["title"],
            provider=data["provider"],
            url=data.get("url", ""),
            description=data.get("description", ""),
            learning_outcomes=tuple(data.get("learning_outcomes", ())),
            credential_type=data.get("credential_type", ""),
            declared_skills=tuple(
                DeclaredSkill(
                    label=s.get("label", ""), uri=s.get("uri", ""), weight=float(s.get("weight", 1.0)),
                    framework=s.get("framework", ""),
                )
                for s in data.get("declared_skills", ())
            ),
            skills=tuple(
                TaughtSkill(
                    id=s["id"], label=s["label"], weight=float(s["weight"]), source=cast(SkillSource, s["source"]),
                    evidence=s.get("evidence", ""), evidence_start=s.get("evidence_start"),
                    evidence_end=s.get("evidence_end"),
                )
                for s in data.get("skills", ())
            ),
            cost=_float_or_none(data.get("cost")),
            currency=data.get("currency", "EUR"),
            hours=_float_or_none(data.get("hours")),
            duration_weeks=_float_or_none(data.get("duration_weeks")),
            level=cast(Level | None, data.get("level")),
            eqf_level=data.get("eqf_level"),
            format=cast(Format | None, data.get("format")),
            language=data.get("language", "en"),
            location=data.get("location", ""),
            recognition=Recognition(
                accreditation=recognition.get("accreditation", ""),
                endorsements=tuple(recognition.get("endorsements", ())),
                credits=_float_or_none(recognition.get("credits")),
                credit_unit=recognition.get("credit_unit", ""),
            ),
            prerequisites=tuple(data.get("prerequisites", ())),
            is_part_of=tuple(data.get("is_part_of", ())),
            has_part=tuple(data.get("has_part", ())),
            prepares_for=tuple(data.get("prepares_for", ())),
            source=data.get("source", ""),
        )


def _float_or_none(value: Any) -> float | None:
    return None if value is None else float(value)


def stacking_families(credentials: Iterable[Credential]) -> list[tuple[str, ...]]:
    """Groups of two or more credentials joined by ``is_part_of`` / ``has_part`` links, each
    group's ids sorted, the groups largest first (then by first id). Links to credentials not
    among ``credentials`` join nothing."""
    items = {c.id: c for c in credentials}
    parent = {cid: cid for cid in items}

    def root(cid: str) -> str:
        while parent[cid] != cid:
            parent[cid] = parent[parent[cid]]
            cid = parent[cid]
        return cid

    for credential in items.values():
        for other in (*credential.is_part_of, *credential.has_part):
            if other in items:
                a, b = root(credential.id), root(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = {}
    for cid in items:
        groups.setdefault(root(cid), []).append(cid)
    families = [tuple(sorted(ids)) for ids in groups.values() if len(ids) > 1]
    return sorted(families, key=lambda ids: (-len(ids), ids))
