"""Ranking and set metrics used by the evaluations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


def rp_at(ranked: Sequence[str], gold: set[str], k: int) -> float:
    """R-precision at k: |top-k ∩ gold| / min(k, |gold|)."""
    if not gold:
        raise ValueError("R-precision needs at least one gold item")
    return len(set(ranked[:k]) & gold) / min(k, len(gold))


def reciprocal_rank(ranked: Sequence[str], gold: set[str]) -> float:
    for i, item in enumerate(ranked, 1):
        if item in gold:
            return 1.0 / i
    return 0.0


@dataclass
class RankingScores:
    """Accumulates RP@k, MRR and the precision / recall of an accepted set over many items."""

    ks: tuple[int, ...] = (1, 5, 10)
    rp: dict[int, list[float]] = field(default_factory=dict)
    rr: list[float] = field(default_factory=list)
    tp: int = 0
    fp: int = 0
    fn: int = 0
    has_sets: bool = False

    def add(self, ranked: Sequence[str], gold: set[str], accepted: Iterable[str] | None = None) -> None:
        for k in self.ks:
            self.rp.setdefault(k, []).append(rp_at(ranked, gold, k))
        self.rr.append(reciprocal_rank(ranked, gold))
        if accepted is not None:
            self.has_sets = True
            chosen = set(accepted)
            self.tp += len(chosen & gold)
            self.fp += len(chosen - gold)
            self.fn += len(gold - chosen)

    def summary(self) -> dict[str, float | int | None]:
        """RP@k in percent, MRR in [0, 1]; precision, recall and F1 only for methods that accept a set."""
        n = len(self.rr)
        out: dict[str, float | int | None] = {
            f"rp@{k}": round(100 * sum(v) / max(n, 1), 2) for k, v in self.rp.items()
        }
        out["mrr"] = round(sum(self.rr) / max(n, 1), 4)
        out["n"] = n
        if not self.has_sets:
            out.update(precision=None, recall=None, f1=None)
            return out
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        out["precision"] = round(precision, 4)
        out["recall"] = round(recall, 4)
        out["f1"] = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
        return out
