"""What a recommendation answers: the suggested credentials with the gap skills each covers
(and through which taught skill), the alternatives to the first pick, the free options, the gaps
left and the totals of the set. Each noun turns itself into plain data with ``as_dict``.
"""

from __future__ import annotations

from dataclasses import dataclass

from skillmatch.core.constraints import Constraints
from skillmatch.core.pool import CredentialSummary


@dataclass(frozen=True, slots=True)
class CoveredSkill:
    id: str
    label: str
    importance: float
    gap_weight: float  # before any suggestion
    strength: float  # cover(c, g)
    gain: float  # coverage this skill adds, given the suggestions ranked before
    via_id: str  # the taught skill giving the cover
    via_label: str
    similarity: float
    exact: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "importance": round(self.importance, 4),
            "gap_weight": round(self.gap_weight, 4),
            "strength": round(self.strength, 4),
            "gain": round(self.gain, 4),
            "via": {"id": self.via_id, "label": self.via_label, "similarity": round(self.similarity, 4), "exact": self.exact},
        }


@dataclass(frozen=True, slots=True)
class Suggestion:
    rank: int
    credential: CredentialSummary
    covers: tuple[CoveredSkill, ...]
    gain: float  # marginal coverage, given the suggestions ranked before
    score: float  # what the selection compared: the gain, or the cost-aware gain with a budget
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {
            "rank": self.rank,
            "credential": self.credential.as_dict(),
            "covers": [c.as_dict() for c in self.covers],
            "gain": round(self.gain, 4),
            "score": round(self.score, 4),
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Alternative:
    """A credential that covers (part of) the same gaps as a suggestion."""

    credential: CredentialSummary
    instead_of: str  # id of the suggestion it could replace
    gain: float
    share: float  # of that suggestion's gain on the same skills
    #: (id, label, strength) of the shared gap skills it covers (raises by ``COVERS_AT_LEAST``)
    covers: tuple[tuple[str, str, float], ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "credential": self.credential.as_dict(),
            "instead_of": self.instead_of,
            "gain": round(self.gain, 4),
            "share": round(self.share, 4),
            "covers": [{"id": i, "label": label, "strength": round(st, 4)} for i, label, st in self.covers],
        }


@dataclass(frozen=True, slots=True)
class RemainingGap:
    id: str
    label: str
    importance: float
    credit: float  # after the suggestions
    gap_weight: float

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "importance": round(self.importance, 4),
            "credit": round(self.credit, 4),
            "gap_weight": round(self.gap_weight, 4),
        }


@dataclass(frozen=True, slots=True)
class Totals:
    count: int
    free: int
    cost: dict[str, float]  # known costs per currency
    cost_unknown: int
    cost_in_currency: float | None  # the whole set in the constraints' currency, when every cost converts
    currency: str
    hours: float  # known hours
    hours_unknown: int

    def as_dict(self) -> dict[str, object]:
        return {
            "count": self.count,
            "free": self.free,
            "cost": {k: round(v, 2) for k, v in self.cost.items()},
            "cost_unknown": self.cost_unknown,
            "cost_in_currency": None if self.cost_in_currency is None else round(self.cost_in_currency, 2),
            "currency": self.currency,
            "hours": round(self.hours, 2),
            "hours_unknown": self.hours_unknown,
        }


@dataclass(frozen=True)
class Recommendation:
    role_id: str
    role_label: str
    suggestions: tuple[Suggestion, ...]
    coverage_before: float
    coverage_after: float
    remaining_gaps: tuple[RemainingGap, ...]
    totals: Totals
    alternatives: tuple[Alternative, ...]  # for the first suggestion
    free_options: tuple[Alternative, ...]  # free credentials close to a paid suggestion
    constraints: Constraints
    considered: int  # credentials admitted by the constraints
    excluded: dict[str, int]  # credentials left out, by reason
    stopped: str  # "limit", "no gain", "budget" or "no candidates"

    @property
    def credential_ids(self) -> tuple[str, ...]:
        return tuple(s.credential.id for s in self.suggestions)

    def as_dict(self) -> dict[str, object]:
        return {
            "role": {"id": self.role_id, "label": self.role_label},
            "coverage_before": round(self.coverage_before, 4),
            "coverage_after": round(self.coverage_after, 4),
            "suggestions": [s.as_dict() for s in self.suggestions],
            "remaining_gaps": [g.as_dict() for g in self.remaining_gaps],
            "totals": self.totals.as_dict(),
            "alternatives": [a.as_dict() for a in self.alternatives],
            "free_options": [a.as_dict() for a in self.free_options],
            "constraints": self.constraints.as_dict(),
            "considered": self.considered,
            "excluded": dict(self.excluded),
            "stopped": self.stopped,
        }
