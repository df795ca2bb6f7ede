"""Skills: the extraction request, search hits and extracted skills with their evidence."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from skillmatch.contracts.base import SkillRef, Strict


class ExtractIn(Strict):
    text: str = Field(min_length=1, max_length=100_000, description="A posting, CV or course description.")
    exclude: list[str] = Field(default_factory=list, max_length=50,
                               description="Terms that are not skills here, e.g. the employer's name.")

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "text": "Junior Data Analyst. You will write SQL, build Power BI dashboards and present to stakeholders.",
        "exclude": ["Fernhill Energy"],
    }]})


class SkillHitOut(SkillRef):
    score: float
    matched: str
    matched_kind: str


class SkillSearchOut(BaseModel):
    query: str
    results: list[SkillHitOut]


class EvidenceOut(BaseModel):
    start: int
    end: int
    text: str
    signal: str


class ExtractedSkillOut(SkillRef):
    score: float
    evidence: list[EvidenceOut]
    signals: dict[str, float]
    negated: bool


class ExtractOut(BaseModel):
    skills: list[ExtractedSkillOut]
    negated: list[ExtractedSkillOut]
