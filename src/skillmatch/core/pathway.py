"""In which order to take a set of credentials, and which larger credential they build towards.

**Order.** A credential comes after every other credential of the set it depends on:

* a prerequisite that names another credential of the set by id;
* a prerequisite naming a skill (an id, or a label compared ignoring case and punctuation)
  that another credential of the set teaches, unless the learner holds that skill already;
* a credential that stacks from parts (``has_part``, or parts naming it in ``is_part_of``)
  comes after those of its parts that are in the set.

Among the credentials whose dependencies are done, the next one is: a part of the same larger
credential as the one just placed (so stackable parts stay together), then the lowest level
(the EQF level when given, else beginner = 3, intermediate = 4, advanced = 5, unknown = 4),
then the better ranked (``rank``: a recommendation's order, best first), then the smaller id.
Dependencies that would form a cycle are ignored and reported in ``notes``.

A prerequisite that is neither met by the set nor by the learner (a held credential or skill)
is listed on its step as ``unmet`` (a credential by its title), so the learner can check it.

**Stacks.** For every larger credential that a credential of the set is part of, the pathway
reports how many of its parts the set and the learner's held credentials complete:
"2 of 3 parts of Data Analytics Certificate".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from skillmatch.core.catalog import Credential
from skillmatch.core.learner import LearnerProfile
from skillmatch.core.pool import CredentialSummary
from skillmatch.core.text import normalise_label

LEVEL_ORDER = {"beginner": 3, "intermediate": 4, "advanced": 5}
UNKNOWN_LEVEL = 4


@dataclass(frozen=True, slots=True)
class PathwayStep:
    position: int
    credential: CredentialSummary
    after: tuple[str, ...]  # ids of credentials of the pathway it needs first
    reasons: tuple[str, ...]  # why it comes after them
    part_of: tuple[str, ...]  # larger credentials it stacks into
    unmet: tuple[str, ...]  # prerequisites neither the pathway nor the learner meets

    def as_dict(self) -> dict[str, object]:
        return {
            "position": self.position,
            "credential": self.credential.as_dict(),
            "after": list(self.after),
            "reasons": list(self.reasons),
            "part_of": list(self.part_of),
            "unmet_prerequisites": list(self.unmet),
        }


@dataclass(frozen=True, slots=True)
class StackProgress:
    id: str
    title: str
    parts: tuple[str, ...]
    in_pathway: tuple[str, ...]
    held: tuple[str, ...]
    in_pathway_itself: bool  # the larger credential is itself a step

    @property
    def done(self) -> int:
        return len(set(self.in_pathway) | set(self.held))

    @property
    def complete(self) -> bool:
        return bool(self.parts) and self.done >= len(self.parts)

    @property
    def summary(self) -> str:
        if self.complete:
            return f"completes all {len(self.parts)} parts of {self.title}"
        return f"{self.done} of {len(self.parts)} parts of {self.title}"

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "parts": list(self.parts),
            "in_pathway": list(self.in_pathway),
            "held": list(self.held),
            "done": self.done,
            "complete": self.complete,
            "summary": self.summary,
        }


@dataclass(frozen=True)
class Pathway:
    steps: tuple[PathwayStep, ...]
    stacks: tuple[StackProgress, ...]
    notes: tuple[str, ...] = ()

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(s.credential.id for s in self.steps)

    def as_dict(self) -> dict[str, object]:
        return {
            "order": list(self.order),
            "steps": [s.as_dict() for s in self.steps],
            "stacks": [s.as_dict() for s in self.stacks],
            "notes": list(self.notes),
        }


def level_key(c: Credential) -> int:
    if c.eqf_level is not None:
        return int(c.eqf_level)
    return LEVEL_ORDER.get(c.level or "", UNKNOWN_LEVEL)


def _skill_keys(c: Credential) -> set[str]:
    keys = set()
    for t in c.skills:
        keys.add(t.id)
        keys.add(normalise_label(t.label))
    return keys


def _parents(c: Credential, catalog: Mapping[str, Credential]) -> set[str]:
    parents = set(c.is_part_of)
    parents.update(other.id for other in catalog.values() if c.id in other.has_part)
    return parents


def _parts_of(parent: str, catalog: Mapping[str, Credential]) -> tuple[str, ...]:
    listed = list(catalog[parent].has_part) if parent in catalog else []
    listed += [c.id for c in catalog.values() if parent in c.is_part_of]
    return tuple(sorted(dict.fromkeys(listed)))


def build_pathway(
    credentials: Sequence[Credential],
    *,
    catalog: Iterable[Credential] = (),
    learner: LearnerProfile | None = None,
    skill_label: Callable[[str], str | None] = lambda _: None,
    rank: Mapping[str, int] | None = None,
) -> Pathway:
    """The credentials in the order to take them, with the stacks they build towards.

    ``catalog`` (the whole catalog, or at least the larger credentials and their parts) is
    read for stacking information; ``learner`` for prerequisites already met; ``skill_label``
    names a prerequisite given as a skill id, so no sentence shows the id; ``rank`` (credential
    id -> rank, lower first) orders credentials equal in dependencies and level.
    """
    chosen = {c.id: c for c in credentials}
    everything = {c.id: c for c in catalog}
    everything.update(chosen)
    ids = sorted(chosen)
    held_creds = set(learner.credentials) if learner else set()
    held_skills: set[str] = set()
    if learner:
        for h in learner.skills:
            held_skills.update({h.id, normalise_label(h.label)})
    teaches = {cid: _skill_keys(c) for cid, c in chosen.items()}
    parents = {cid: _parents(c, everything) for cid, c in chosen.items()}

    needs: dict[str, dict[str, str]] = {cid: {} for cid in ids}  # id -> {before id: reason}
    unmet: dict[str, list[str]] = {cid: [] for cid in ids}
    for cid in ids:
        c = chosen[cid]
        for pre in c.prerequisites:
            if pre in chosen and pre != cid:
                needs[cid].setdefault(pre, f"needs {chosen[pre].title} first")
                continue
            key = pre if "://" in pre else normalise_label(pre)
            if pre in held_creds or key in held_skills:
                continue  # the learner meets it already
            # named as a person reads it: a credential by its title, a skill by its label, never an id
            name = everything[pre].title if pre in everything else skill_label(pre) or pre
            givers = [o for o in ids if o != cid and key in teaches[o]]
            for o in givers:
                needs[cid].setdefault(o, f"{chosen[o].title} teaches {name}, which it expects")
            if not givers:
                unmet[cid].append(name)
        for part in ids:
            if part != cid and cid in parents[part]:
                needs[cid].setdefault(part, f"{chosen[part].title} is one of its parts")

    # Kahn's algorithm with a deterministic choice; cycles are broken at the smallest key.
    notes: list[str] = []
    placed: list[str] = []
    remaining = set(ids)
    last_parents: set[str] = set()

    ranks = rank or {}

    def choice_key(cid: str) -> tuple[int, int, int, str]:
        return (0 if parents[cid] & last_parents else 1, level_key(chosen[cid]), ranks.get(cid, len(ranks)), cid)

    while remaining:
        ready = [cid for cid in remaining if not (set(needs[cid]) & remaining)]
        if not ready:
            cid = min(remaining, key=choice_key)
            dropped = sorted(set(needs[cid]) & remaining)
            notes.append(f"{cid} and {', '.join(dropped)} depend on each other; {cid} is placed first")
            for d in dropped:
                needs[cid].pop(d, None)
            ready = [cid]
        cid = min(ready, key=choice_key)
        placed.append(cid)
        remaining.discard(cid)
        last_parents = parents[cid]

    steps = tuple(
        PathwayStep(
            position=n,
            credential=CredentialSummary.of(chosen[cid]),
            after=tuple(sorted(needs[cid])),
            reasons=tuple(needs[cid][k] for k in sorted(needs[cid])),
            part_of=tuple(sorted(parents[cid])),
            unmet=tuple(unmet[cid]),
        )
        for n, cid in enumerate(placed, start=1)
    )
    stacks: list[StackProgress] = []
    for parent in sorted(set().union(*parents.values()) if parents else set()):
        parts = _parts_of(parent, everything)
        stacks.append(
            StackProgress(
                id=parent,
                title=everything[parent].title if parent in everything else parent,
                parts=parts,
                in_pathway=tuple(p for p in parts if p in chosen),
                held=tuple(p for p in parts if p in held_creds and p not in chosen),
                in_pathway_itself=parent in chosen,
            )
        )
    return Pathway(steps=steps, stacks=tuple(stacks), notes=tuple(notes))
