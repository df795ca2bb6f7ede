"""A learner's gap and recommendation as answers show them, one at a time or in a batch."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from skillmatch.contracts.base import ErrorInfo, MetaOut, SkillRef
from skillmatch.contracts.catalog import CredentialSummaryOut
from skillmatch.contracts.roles import RoleSummaryOut


class CreditSourceOut(SkillRef):
    similarity: float
    exact: bool
    proficiency: float
    source: str
    evidence: str
    relation: str = Field(default="", description="narrower, broader or draws_on when the taxonomy's skill "
                          "hierarchy or skill-skill links gave the credit")


class GapSkillOut(SkillRef):
    importance: float = Field(description="Weight of the skill in the role, 0 to 1.")
    status: Literal["held", "partial", "missing"]
    credit: float = Field(description="How much of it the learner holds, 0 to 1.")
    gap_weight: float = Field(description="importance × (1 − credit): what is left to learn.")
    matched_by: CreditSourceOut | None
    explanation: str


class HeldSkillOut(SkillRef):
    proficiency: float
    source: str = Field(description="id, label, text (profile text), credential, or role (a core skill of the current role).")
    evidence: str
    score: float
    credential_id: str | None


class UnresolvedOut(BaseModel):
    text: str
    kind: str
    reason: str


class GapOut(BaseModel):
    coverage: float = Field(description="Share of the role's weighted skills held, 0 to 1.")
    counts: dict[str, int]
    skills: list[GapSkillOut] = Field(description="Every skill of the role, largest gap first.")
    held: list[HeldSkillOut]
    held_credentials: list[str]


class ViaOut(SkillRef):
    similarity: float
    exact: bool


class CoveredSkillOut(SkillRef):
    importance: float
    gap_weight: float
    strength: float
    gain: float
    via: ViaOut = Field(description="The taught skill that covers it (the same skill, or a related one).")


class SuggestionOut(BaseModel):
    rank: int
    credential: CredentialSummaryOut
    covers: list[CoveredSkillOut]
    gain: float = Field(description="Coverage it adds, given the suggestions ranked before it.")
    score: float
    reason: str


class CoveredRef(SkillRef):
    strength: float = Field(description="the credit the credential gives this gap skill (at least 0.25 above the learner's)")


class AlternativeOut(BaseModel):
    credential: CredentialSummaryOut
    instead_of: str
    gain: float
    share: float
    covers: list[CoveredRef]


class RemainingGapOut(SkillRef):
    importance: float
    credit: float
    gap_weight: float


class TotalsOut(BaseModel):
    count: int
    free: int
    cost: dict[str, float] = Field(description="Known costs per currency.")
    cost_unknown: int
    cost_in_currency: float | None = Field(description="The whole set in the constraints' currency.")
    currency: str
    hours: float
    hours_unknown: int


class PathwayStepOut(BaseModel):
    position: int
    credential: CredentialSummaryOut
    after: list[str]
    reasons: list[str]
    part_of: list[str]
    unmet_prerequisites: list[str]


class StackOut(BaseModel):
    id: str
    title: str
    parts: list[str]
    in_pathway: list[str]
    held: list[str]
    done: int
    complete: bool
    summary: str


class PathwayOut(BaseModel):
    order: list[str]
    steps: list[PathwayStepOut]
    stacks: list[StackOut]
    notes: list[str]


class GapAnswer(BaseModel):
    learner_id: str | None = None
    role: RoleSummaryOut
    coverage: float
    gap: GapOut
    unresolved: list[UnresolvedOut]
    meta: MetaOut

    @classmethod
    def of(cls, answer: dict[str, Any], learner_id: str | None) -> GapAnswer:
        gap = answer["gap"]
        return cls.model_validate({"learner_id": learner_id, "role": answer["role"], "coverage": gap["coverage"],
                                   "gap": gap, "unresolved": gap["unresolved"], "meta": answer["meta"]})


class RecommendationOut(BaseModel):
    learner_id: str | None = None
    role: RoleSummaryOut
    coverage_before: float
    coverage_after: float
    gap: GapOut
    recommendations: list[SuggestionOut]
    pathway: PathwayOut
    totals: TotalsOut
    alternatives: list[AlternativeOut] = Field(description="Other credentials for the first suggestion's skills.")
    free_options: list[AlternativeOut] = Field(description="Free credentials close to a paid suggestion.")
    remaining_gaps: list[RemainingGapOut]
    unresolved: list[UnresolvedOut] = Field(description="Skills given that matched nothing in the taxonomy.")
    constraints: dict[str, Any] = Field(description="The constraints as applied.")
    considered: int = Field(description="Credentials the constraints admitted.")
    excluded: dict[str, int] = Field(description="Credentials left out, by reason.")
    stopped: str
    meta: MetaOut

    @classmethod
    def of(cls, answer: dict[str, Any], learner_id: str | None) -> RecommendationOut:
        rec = answer["recommendation"]
        return cls.model_validate({
            "learner_id": learner_id, "role": answer["role"], "gap": answer["gap"],
            "coverage_before": rec["coverage_before"], "coverage_after": rec["coverage_after"],
            "recommendations": rec["suggestions"], "pathway": answer["pathway"], "totals": rec["totals"],
            "alternatives": rec["alternatives"], "free_options": rec["free_options"],
            "remaining_gaps": rec["remaining_gaps"], "unresolved": answer["gap"]["unresolved"],
            "constraints": rec["constraints"], "considered": rec["considered"], "excluded": rec["excluded"],
            "stopped": rec["stopped"], "meta": answer["meta"],
        })


class BatchSuccess(RecommendationOut):
    """A batch item that was answered: the fields of POST /v1/recommendations."""

    index: int
    ok: Literal[True] = True
    status: Literal[200] = 200


class BatchFailure(BaseModel):
    """A batch item that was not: the status it would have had alone, and the error body."""

    index: int
    ok: Literal[False] = False
    status: int
    learner_id: str | None = None
    error: ErrorInfo


class BatchOut(BaseModel):
    results: list[BatchSuccess | BatchFailure] = Field(description="One per request, in order.")
    succeeded: int
    failed: int
