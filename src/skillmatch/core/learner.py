"""What a learner already brings: skills (with proficiency and where each came from) and
credentials already earned.

The core does not resolve anything itself. :func:`build_learner` takes skills in the four
forms a learner gives them and merges them into one :class:`LearnerProfile`:

* taxonomy ids, checked with a ``label_of(id) -> label | None`` callable when one is given;
* labels, resolved by a ``resolve(label) -> (id, label, score) | None`` callable (the Engine
  passes the skill index); a label that resolves to nothing is reported in ``unresolved``;
* skills extracted from a CV or a free text (the extractor's :class:`ExtractedSkill` list;
  negated ones are left out), with the evidence span;
* credentials already held: every skill a credential teaches counts as held, with proficiency
  equal to the weight it is taught with.

Proficiency is in [0, 1] (default 1.0). A skill given several times keeps its highest
proficiency; on a tie the more direct source wins (id, then label, then text, then credential).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from skillmatch.core.catalog import Credential
from skillmatch.core.extraction import ExtractedSkill
from skillmatch.errors import InvalidRequest

HeldSource = Literal["id", "label", "text", "credential", "role"]
#: Working in a role shows its core skills, not all of them at full depth: a learner who names
#: their current role holds its core skills at this proficiency (never above what they give).
EXPERIENCE_PROFICIENCY = 0.6
SOURCE_ORDER: tuple[str, ...] = ("id", "label", "text", "credential")

#: ``resolve(label)`` -> (skill id, preferred label, score), or a list of them when a label names
#: several skills about equally well ("Excel": spreadsheet skills), or None when nothing matches.
Resolver = Callable[[str], "tuple[str, str, float] | list[tuple[str, str, float]] | None"]
#: ``label_of(skill id)`` -> preferred label, or None for an id the taxonomy does not know.
LabelLookup = Callable[[str], "str | None"]


MAX_SKILLS = 500  # skills one learner may give
MAX_MEMBERS = 500  # members of one team


@dataclass(frozen=True)
class SkillInput:
    """One skill as a caller gives it: an id or a label, with an optional proficiency."""

    text: str
    proficiency: float = 1.0


@dataclass(frozen=True)
class LearnerInput:
    """A learner as a caller gives them, before ids and labels are resolved into a profile."""

    skills: tuple[SkillInput, ...] = ()
    profile_text: str = ""
    held_credentials: tuple[str, ...] = ()
    learner_id: str = ""
    current_role: str = ""  # the role they work in: its core skills count as held (EXPERIENCE_PROFICIENCY)


@dataclass(frozen=True, slots=True)
class HeldSkill:
    id: str
    label: str
    proficiency: float = 1.0
    source: HeldSource = "id"
    evidence: str = ""  # the label given, the text span, or the credential's title
    score: float = 1.0  # how sure the resolution or extraction was
    credential_id: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "proficiency": round(self.proficiency, 4),
            "source": self.source,
            "evidence": self.evidence,
            "score": round(self.score, 4),
            "credential_id": self.credential_id or None,
        }


@dataclass(frozen=True, slots=True)
class UnresolvedInput:
    text: str
    kind: Literal["id", "label"]
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "kind": self.kind, "reason": self.reason}


@dataclass(frozen=True)
class LearnerProfile:
    skills: tuple[HeldSkill, ...] = ()  # one per id, sorted by id
    credentials: tuple[str, ...] = ()  # ids of credentials already held
    unresolved: tuple[UnresolvedInput, ...] = ()
    learner_id: str = ""

    def proficiency_of(self, skill_id: str) -> float:
        return next((s.proficiency for s in self.skills if s.id == skill_id), 0.0)

    @property
    def skill_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.skills)

    def as_dict(self) -> dict[str, object]:
        return {
            "learner_id": self.learner_id or None,
            "skills": [s.as_dict() for s in self.skills],
            "credentials": list(self.credentials),
            "unresolved": [u.as_dict() for u in self.unresolved],
        }


def _proficiency(value: float, what: str) -> float:
    if not 0.0 <= value <= 1.0:
        raise InvalidRequest(f"proficiency of {what!r} is {value}, it must be in [0, 1]", field="proficiency")
    return float(value)


def _pairs(items: Iterable[str | tuple[str, float]] | Mapping[str, float]) -> list[tuple[str, float]]:
    if isinstance(items, Mapping):
        return [(str(k), float(v)) for k, v in items.items()]
    out: list[tuple[str, float]] = []
    for item in items:
        if isinstance(item, str):
            out.append((item, 1.0))
        else:
            out.append((str(item[0]), float(item[1])))
    return out


def _better(new: HeldSkill, old: HeldSkill | None) -> bool:
    if old is None:
        return True
    if new.proficiency != old.proficiency:
        return new.proficiency > old.proficiency
    return SOURCE_ORDER.index(new.source) < SOURCE_ORDER.index(old.source)


def build_learner(
    *,
    ids: Iterable[str | tuple[str, float]] | Mapping[str, float] = (),
    label_of: LabelLookup | None = None,
    labels: Iterable[str | tuple[str, float]] | Mapping[str, float] = (),
    resolve: Resolver | None = None,
    extracted: Iterable[ExtractedSkill] = (),
    credentials: Iterable[Credential] = (),
    learner_id: str = "",
    experience: Iterable[tuple[str, str, str]] = (),
) -> LearnerProfile:
    """A learner profile from skill ids, labels, extracted skills, held credentials and the core
    skills of the role they work in (``experience``: (skill id, label, role label), held at
    ``EXPERIENCE_PROFICIENCY``).

    ``ids`` and ``labels`` take plain strings (proficiency 1.0), ``(text, proficiency)`` pairs
    or a mapping text -> proficiency. Labels need ``resolve``; without it they raise
    :class:`InvalidRequest`.
    """
    best: dict[str, HeldSkill] = {}
    unresolved: list[UnresolvedInput] = []

    def keep(skill: HeldSkill) -> None:
        if _better(skill, best.get(skill.id)):
            best[skill.id] = skill

    for sid, prof in _pairs(ids):
        prof = _proficiency(prof, sid)
        label = label_of(sid) if label_of else sid
        if label is None:
            unresolved.append(UnresolvedInput(sid, "id", "no skill with this id in the taxonomy"))
            continue
        keep(HeldSkill(sid, label, prof, "id", evidence=sid))

    label_pairs = _pairs(labels)
    if label_pairs and resolve is None:
        raise InvalidRequest("skill labels were given but there is no resolver to look them up", field="labels")
    for text, prof in label_pairs:
        prof = _proficiency(prof, text)
        found = resolve(text) if resolve else None
        matches = found if isinstance(found, list) else [found] if found is not None else []
        if not matches:
            unresolved.append(UnresolvedInput(text, "label", "matched no skill of the taxonomy"))
            continue
        for sid, label, score in matches:
            keep(HeldSkill(sid, label, prof, "label", evidence=text, score=float(score)))

    for item in extracted:
        if item.negated:
            continue
        evidence = item.evidence[0].text if item.evidence else ""
        keep(HeldSkill(item.id, item.label, 1.0, "text", evidence=evidence, score=float(item.score)))

    for sid, label, role in experience:
        keep(HeldSkill(sid, label, EXPERIENCE_PROFICIENCY, "role", evidence=role))

    held_credentials: list[str] = []
    for cred in credentials:
        held_credentials.append(cred.id)
        for taught in cred.skills:
            keep(
                HeldSkill(
                    taught.id,
                    taught.label,
                    float(min(1.0, max(0.0, taught.weight))),
                    "credential",
                    evidence=cred.title,
                    credential_id=cred.id,
                )
            )

    return LearnerProfile(
        skills=tuple(best[k] for k in sorted(best)),
        credentials=tuple(dict.fromkeys(held_credentials)),
        unresolved=tuple(unresolved),
        learner_id=learner_id,
    )
