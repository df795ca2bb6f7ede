"""Aligning credentials to the taxonomy: which skills each one teaches, and how sure we are.

Two sources fill :attr:`Credential.skills`:

**Declared** skills are what the record states (CSV ``skills``, Open Badges ``alignment`` or
tags, CTDL ``teaches`` / ``targetCompetency``). Each :class:`DeclaredSkill` is resolved, first
rule that applies:

1. ``uri`` is a skill id of the taxonomy -> exactly that skill (an ESCO URI in an Open Badges
   ``alignment.targetUrl``; ``https://`` and a trailing ``/`` are forgiven);
2. ``label`` equals a preferred or alternative label of the taxonomy (case and punctuation
   insensitive, :meth:`Taxonomy.skills_by_label`) -> that skill;
3. the best semantic search hit for ``label`` scoring at least :data:`DECLARED_MIN_SCORE`
   (0.8, the bar listed posting skills meet too) -> that skill.

A declared skill keeps the record's weight (1.0 unless the record gives one, Open Badges tags
0.5). One that resolves to nothing stays in ``Credential.declared_skills`` and is reported in
:attr:`Alignment.unresolved`; it is never silently dropped.

**Inferred** skills are what :class:`~skillmatch.core.extraction.SkillExtractor` finds in
:attr:`Credential.text` (title, description, learning outcomes; the provider's name excluded).
Each carries its best evidence span with character offsets into ``Credential.text``. Its
weight scales the extraction score ``s`` (in ``[t, 1]`` for an accepted skill, ``t`` the
extractor's acceptance threshold, 0.64 by default) into ``[0.5, 1]``::

    weight = 0.5 + 0.5 * (s - t) / (1 - t)

so a skill the extractor barely accepts counts half, an exact label match (score floor 0.85)
about 0.79, and a perfect match 1.0. A skill both declared and inferred stays declared, with the
declared weight.

Skills are sorted by weight (highest first), then id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from skillmatch.core.catalog import Credential, DeclaredSkill, TaughtSkill
from skillmatch.core.extraction import Extraction, SkillExtractor
from skillmatch.core.ports import ProgressCallback
from skillmatch.core.taxonomy import Taxonomy

#: A declared label that is no taxonomy label is taken by meaning when the best hit scores this much.
DECLARED_MIN_SCORE = 0.8
#: The weight of an inferred skill the extractor accepts at its threshold.
INFERRED_MIN_WEIGHT = 0.5

Method = Literal["uri", "label", "search", "unresolved"]


class Hit(Protocol):
    """What a semantic search returns per skill (``SkillHit`` satisfies it)."""

    @property
    def id(self) -> str: ...

    @property
    def label(self) -> str: ...

    @property
    def score(self) -> float: ...


#: Text -> the best skill hits for it, best first (the Engine passes its skill search).
SkillSearch = Callable[[str], Sequence[Hit]]


@dataclass(frozen=True, slots=True)
class Resolution:
    """How one declared skill was resolved: to which skill, by which rule, how surely."""

    declared: DeclaredSkill
    method: Method
    skill_id: str | None = None
    label: str = ""  # the taxonomy label of the skill
    score: float = 0.0  # 1.0 for uri and label matches, the search score otherwise

    @property
    def resolved(self) -> bool:
        return self.skill_id is not None

    def as_dict(self) -> dict[str, object]:
        return {
            "label": self.declared.label, "uri": self.declared.uri, "weight": self.declared.weight,
            "method": self.method, "skill_id": self.skill_id, "skill_label": self.label,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Alignment:
    """One credential with its skills filled, and how its declared skills were resolved."""

    credential: Credential
    declared: tuple[Resolution, ...]

    @property
    def unresolved(self) -> tuple[DeclaredSkill, ...]:
        return tuple(r.declared for r in self.declared if not r.resolved)

    @property
    def inferred(self) -> tuple[TaughtSkill, ...]:
        return tuple(s for s in self.credential.skills if s.source == "inferred")


def inferred_weight(score: float, threshold: float) -> float:
    """The module docstring's formula, clipped to [INFERRED_MIN_WEIGHT, 1] and rounded to 4 places."""
    if threshold >= 1:
        return 1.0
    share = min(max((score - threshold) / (1 - threshold), 0.0), 1.0)
    return round(INFERRED_MIN_WEIGHT + (1 - INFERRED_MIN_WEIGHT) * share, 4)


def _uri_key(uri: str) -> str:
    uri = uri.strip().rstrip("/")
    return "http://" + uri.removeprefix("https://") if uri.startswith("https://") else uri


class SkillAligner:
    """Fills :attr:`Credential.skills` from declared skills and from the credential's text."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        extractor: SkillExtractor | None,
        search: SkillSearch | None = None,
        *,
        min_search_score: float = DECLARED_MIN_SCORE,
        batch_size: int = 16,
    ) -> None:
        """``extractor`` None aligns declared skills only; ``search`` None skips rule 3."""
        self.taxonomy = taxonomy
        self.extractor = extractor
        self.search = search
        self.min_search_score = min_search_score
        self.batch_size = batch_size
        self._by_uri = {_uri_key(sid): sid for sid in taxonomy.skills}
        self._searched: dict[str, Resolution] = {}

    # -- declared -------------------------------------------------------------------------
    def resolve(self, declared: DeclaredSkill) -> Resolution:
        """The skill a declared skill names, by the rules of the module docstring."""
        if declared.uri:
            skill_id = self._by_uri.get(_uri_key(declared.uri))
            if skill_id is not None:
                return Resolution(declared, "uri", skill_id, self.taxonomy.skills[skill_id].label, 1.0)
        label = declared.label.strip()
        if not label:
            return Resolution(declared, "unresolved")
        exact = self.taxonomy.skills_by_label(label)
        if exact:
            return Resolution(declared, "label", exact[0], self.taxonomy.skills[exact[0]].label, 1.0)
        if self.search is None:
            return Resolution(declared, "unresolved")
        key = label.casefold()
        if key not in self._searched:
            hits = self.search(label)
            best = hits[0] if hits else None
            if best is not None and best.score >= self.min_search_score and best.id in self.taxonomy.skills:
                found = Resolution(declared, "search", best.id, self.taxonomy.skills[best.id].label, float(best.score))
            else:
                found = Resolution(declared, "unresolved", score=float(best.score) if best is not None else 0.0)
            self._searched[key] = found
        return replace(self._searched[key], declared=declared)

    # -- both -------------------------------------------------------------------------------
    def align(self, credential: Credential, extraction: Extraction | None = None) -> Alignment:
        """``credential`` with its skills; ``extraction`` is what the extractor found in its
        text (extracted here when None and there is an extractor)."""
        if extraction is None and self.extractor is not None:
            extraction = self._extract([credential])[0]
        resolutions = tuple(self.resolve(d) for d in credential.declared_skills)
        skills: dict[str, TaughtSkill] = {}
        for r in resolutions:
            if r.skill_id is None:
                continue
            current = skills.get(r.skill_id)
            if current is None or r.declared.weight > current.weight:
                evidence = r.declared.label or r.declared.uri
                skills[r.skill_id] = TaughtSkill(r.skill_id, r.label, r.declared.weight, "declared", evidence)
        threshold = self.extractor.config.accept_threshold if self.extractor is not None else 0.0
        for found in extraction.skills if extraction is not None else ():
            if found.id in skills:
                continue  # declared wins
            best = found.evidence[0] if found.evidence else None
            skills[found.id] = TaughtSkill(
                found.id, found.label, inferred_weight(found.score, threshold), "inferred",
                best.text if best else "", best.start if best else None, best.end if best else None,
            )
        ordered = tuple(sorted(skills.values(), key=lambda s: (-s.weight, s.id)))
        return Alignment(replace(credential, skills=ordered), resolutions)

    def align_many(
        self, credentials: Sequence[Credential], progress: ProgressCallback | None = None
    ) -> list[Alignment]:
        """Every credential aligned, texts extracted ``batch_size`` at a time (one encoder call each)."""
        out: list[Alignment] = []
        for start in range(0, len(credentials), self.batch_size):
            part = credentials[start : start + self.batch_size]
            found: Sequence[Extraction | None] = self._extract(part) if self.extractor is not None else [None] * len(part)
            out.extend(self.align(c, e) for c, e in zip(part, found, strict=True))
            if progress:
                progress(len(part))
        return out

    def _extract(self, credentials: Sequence[Credential]) -> list[Extraction]:
        assert self.extractor is not None
        return self.extractor.extract_many(
            [c.text for c in credentials], exclude_each=[(c.provider,) for c in credentials]
        )
