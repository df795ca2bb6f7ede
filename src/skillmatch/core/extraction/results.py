"""What an extraction answers: the skills read from a text, best first, each with its score,
the signals behind it and the spans of text that are its evidence; every candidate before the
threshold; and the skills mentioned only in negation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Evidence:
    start: int
    end: int
    text: str
    signal: str  # "exact", "phrase" or "sentence"

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text, "signal": self.signal}


@dataclass(frozen=True, slots=True)
class ExtractedSkill:
    id: str
    label: str
    score: float
    evidence: tuple[Evidence, ...]
    signals: Mapping[str, float]
    negated: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "score": round(self.score, 4),
            "evidence": [e.as_dict() for e in self.evidence],
            "signals": {k: round(v, 4) for k, v in self.signals.items()},
            "negated": self.negated,
        }


@dataclass(frozen=True)
class Extraction:
    skills: list[ExtractedSkill]  # accepted, best first
    ranking: list[ExtractedSkill]  # every candidate, best first, before the threshold
    negated: list[ExtractedSkill] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "skills": [s.as_dict() for s in self.skills],
            "negated": [s.as_dict() for s in self.negated],
        }
