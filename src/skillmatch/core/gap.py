"""A learner's gap against a role: which of the role's skills are held, partly held or missing.

For every skill g of the role, with importance ``a_g`` (the role profile's weight, in [0, 1]):

* **credit** ``credit_g = max over held skills h of  p_h · c(h, g)`` where ``p_h`` is the
  learner's proficiency in h and ``c(h, g)`` is 1.0 when h *is* g and otherwise the partial
  credit of their similarity, ``0.8 · (s − 0.6) / 0.4`` for ``s ≥ 0.6`` and 0 below (see
  :mod:`skillmatch.core.similarity`). The held skill giving the best credit is named in
  ``matched_by`` with its similarity, so partial credit is always explained.
* **gap weight** ``a_g · (1 − credit_g)``: what the learner still lacks, counted by how much
  the role needs it.
* **status**: ``held`` when ``credit_g ≥ 0.9`` (so only the skill itself, held with enough
  proficiency, makes a skill held), ``missing`` when ``credit_g < 0.05``, ``partial`` between.
* **coverage** of the role ``Σ a_g · credit_g / Σ a_g`` (1.0 for a learner holding every skill
  of the role, and for a role without weighted skills).

Skills are listed by gap weight (largest first), then importance, then id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from skillmatch.core.learner import HeldSkill, LearnerProfile, UnresolvedInput
from skillmatch.core.profiles import RoleProfile, RoleSkill
from skillmatch.core.similarity import CreditRule, HierarchySimilarity, SkillSimilarity

Status = Literal["held", "partial", "missing"]


@dataclass(frozen=True)
class GapSettings:
    credit: CreditRule = field(default_factory=CreditRule)
    held_at: float = 0.9
    missing_below: float = 0.05


@dataclass(frozen=True, slots=True)
class CreditSource:
    """The held skill that gives a role skill its credit."""

    id: str
    label: str
    similarity: float
    exact: bool
    proficiency: float
    source: str  # id, label, text or credential
    evidence: str
    relation: str = ""  # "narrower", "broader" or "draws_on" when the taxonomy gave the credit

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "similarity": round(self.similarity, 4),
            "exact": self.exact,
            "proficiency": round(self.proficiency, 4),
            "source": self.source,
            "evidence": self.evidence,
            "relation": self.relation,
        }


@dataclass(frozen=True, slots=True)
class GapSkill:
    id: str
    label: str
    importance: float
    status: Status
    credit: float
    gap_weight: float
    matched_by: CreditSource | None = None

    @property
    def explanation(self) -> str:
        m = self.matched_by
        if m is None or self.credit <= 0 or (self.status == "missing" and not m.exact):
            return "not held"  # (a trace of credit from a distant skill is no cover worth naming)
        if m.exact and m.source == "role":
            return f'held through your work as {m.evidence} (credit {self.credit:.2f})'
        if m.exact:
            level = "" if m.proficiency >= 1.0 else f" at proficiency {m.proficiency:.2f}"
            return f'you hold "{m.label}"{level}'
        if m.relation:
            kind = {"narrower": "a narrower skill of it", "broader": "a broader skill",
                    "draws_on": "which draws on it"}.get(m.relation, m.relation)
            return f'partly covered by your "{m.label}", {kind} (credit {self.credit:.2f})'
        return f'partly covered by your "{m.label}" (similarity {m.similarity:.2f}, credit {self.credit:.2f})'

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "importance": round(self.importance, 4),
            "status": self.status,
            "credit": round(self.credit, 4),
            "gap_weight": round(self.gap_weight, 4),
            "matched_by": self.matched_by.as_dict() if self.matched_by else None,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class SkillGap:
    role_id: str
    role_label: str
    skills: tuple[GapSkill, ...]  # every skill of the role, largest gap first
    held: tuple[HeldSkill, ...]  # the learner's skills, with where each came from
    coverage: float
    held_credentials: tuple[str, ...] = ()
    unresolved: tuple[UnresolvedInput, ...] = ()

    @property
    def gaps(self) -> tuple[GapSkill, ...]:
        """Skills with something left to learn (gap weight > 0)."""
        return tuple(s for s in self.skills if s.gap_weight > 0)

    def skill(self, skill_id: str) -> GapSkill:
        return next(s for s in self.skills if s.id == skill_id)

    def counts(self) -> dict[str, int]:
        out = {"held": 0, "partial": 0, "missing": 0}
        for s in self.skills:
            out[s.status] += 1
        return out

    def as_dict(self) -> dict[str, object]:
        return {
            "role": {"id": self.role_id, "label": self.role_label},
            "coverage": round(self.coverage, 4),
            "counts": self.counts(),
            "skills": [s.as_dict() for s in self.skills],
            "held": [h.as_dict() for h in self.held],
            "held_credentials": list(self.held_credentials),
            "unresolved": [u.as_dict() for u in self.unresolved],
        }


def _status(credit: float, settings: GapSettings) -> Status:
    if credit >= settings.held_at:
        return "held"
    if credit < settings.missing_below:
        return "missing"
    return "partial"


def _relation(similarity: SkillSimilarity | None, held: str, wanted: str, sim: float) -> str:
    """ "narrower" / "broader" / "draws_on" when the taxonomy (not the embeddings) set ``sim``."""
    return similarity.relation(held, wanted, sim) if isinstance(similarity, HierarchySimilarity) else ""


def compute_gap(
    learner: LearnerProfile,
    role: RoleProfile,
    similarity: SkillSimilarity | None = None,
    settings: GapSettings | None = None,
) -> SkillGap:
    """The learner's gap against ``role``; ``similarity`` None gives credit for exact ids only."""
    cfg = settings or GapSettings()
    role_skills: dict[str, RoleSkill] = {}
    for rs in role.skills:  # one entry per id, the highest weight
        if rs.id not in role_skills or rs.weight > role_skills[rs.id].weight:
            role_skills[rs.id] = rs
    items = list(role_skills.values())
    held = learner.skills
    role_ids = [r.id for r in items]
    held_ids = [h.id for h in held]
    credit_pairs, sims = cfg.credit.credit_matrix(held_ids, role_ids, similarity)
    prof = np.asarray([h.proficiency for h in held], dtype=np.float32).reshape(-1, 1)
    weighted = credit_pairs * prof if len(held) else np.zeros((0, len(items)), dtype=np.float32)

    out: list[GapSkill] = []
    best = weighted.max(axis=0) if len(held) else np.zeros(len(items), dtype=np.float32)
    first = weighted.argmax(axis=0) if len(held) else np.zeros(len(items), dtype=np.int64)
    ties = (weighted >= best - 1e-6).sum(axis=0) if len(held) else np.zeros(len(items), dtype=np.int64)
    for j, rs in enumerate(items):
        importance = float(min(1.0, max(0.0, rs.weight)))
        credit, source = 0.0, None
        if len(held) and best[j] > 0:
            i = int(first[j])
            if ties[j] > 1:
                # Best credit; ties go to the exact match, then the higher similarity, then the id.
                tied = np.flatnonzero(weighted[:, j] >= best[j] - 1e-6)
                i = int(min(tied, key=lambda k: (held[k].id != rs.id, -sims[k, j], held[k].id)))
            credit = float(min(1.0, weighted[i, j]))
            h = held[i]
            source = CreditSource(
                id=h.id,
                label=h.label,
                similarity=float(sims[i, j]),
                exact=h.id == rs.id,
                proficiency=h.proficiency,
                source=h.source,
                evidence=h.evidence,
                relation=_relation(similarity, h.id, rs.id, float(sims[i, j])),
            )
        out.append(
            GapSkill(
                id=rs.id,
                label=rs.label,
                importance=importance,
                status=_status(credit, cfg),
                credit=credit,
                gap_weight=importance * (1.0 - credit),
                matched_by=source,
            )
        )
    out.sort(key=lambda g: (-g.gap_weight, -g.importance, g.id))
    total = sum(g.importance for g in out)
    coverage = sum(g.importance * g.credit for g in out) / total if total > 0 else 1.0
    return SkillGap(
        role_id=role.role_id,
        role_label=role.label,
        skills=tuple(out),
        held=held,
        coverage=float(coverage),
        held_credentials=learner.credentials,
        unresolved=learner.unresolved,
    )
