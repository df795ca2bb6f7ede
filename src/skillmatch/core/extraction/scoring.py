"""Steps 3 and 4, scoring and reading: the signals combined into one score, one skill per span
of words, and one answer per skill from its best mention (its score, its evidence, whether
every mention is negated), ranked with the ``rank_limit`` best candidates kept.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from skillmatch.core.extraction.config import ExtractionConfig
from skillmatch.core.extraction.results import Evidence, ExtractedSkill, Extraction
from skillmatch.core.extraction.signals import _Measured
from skillmatch.core.phrases import Phrase, is_negated
from skillmatch.core.skill_index import SkillIndex


@dataclass(frozen=True, slots=True)
class _Mention:
    """A skill's best match within one sentence."""

    score: float
    phrase: Phrase
    signal: str
    negated: bool
    signals: dict[str, float]
    #: Another skill read from the same words of the sentence won (see ``_one_skill_per_span``).
    outread: bool = False


def _overlaps(a: Phrase, b: Phrase) -> bool:
    return a.start < b.end and b.start < a.end


def _one_skill_per_span(found: list[tuple[int, _Mention]], threshold: float) -> list[tuple[int, _Mention]]:
    """Within one sentence, words stand for one skill: of the mentions at or above the
    threshold whose phrases overlap, only the best is kept (exact label matches first, then by
    score, a longer exact label first); the others are marked ``outread``. Two different exact
    labels may overlap, even one inside the other, since each is a name the text really writes
    ("SQL Server" says "SQL" too). Without this rule one
    word ("architecture") brings every skill near it ("architectural design", "architectural
    theory", "architecture regulations") over the threshold."""
    def key(item: tuple[int, _Mention]) -> tuple[float, int, float, int]:
        m = item[1]
        exact = m.signals["exact"]
        return (-exact, -(m.phrase.end - m.phrase.start) if exact else 0, -m.score, item[0])

    passing = sorted((item for item in found if item[1].score >= threshold), key=key)
    kept: list[_Mention] = []
    beaten: set[int] = set()
    for pos, m in passing:
        clash = [k for k in kept if _overlaps(k.phrase, m.phrase)]
        # two exact labels both stand, even one inside the other: "SQL Server" says "SQL" too
        exact_apart = m.signal == "exact" and all(
            k.signal == "exact" and (k.phrase.start, k.phrase.end) != (m.phrase.start, m.phrase.end) for k in clash
        )
        if clash and not exact_apart:
            beaten.add(pos)
        else:
            kept.append(m)
    return [(pos, replace(m, outread=True)) if pos in beaten else (pos, m) for pos, m in found]


class _Scoring:
    """The part of :class:`~skillmatch.core.extraction.SkillExtractor` that scores candidates
    and reads one answer per skill."""

    index: SkillIndex
    config: ExtractionConfig
    _id_rank: np.ndarray

    def _scores(self, m: _Measured) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The sentence, phrase and exact signals of every candidate of one sentence, and the
        score they combine to (an exact label counts as phrase 1 and, if firm, at least
        ``exact_floor``; an ordinary action word only as phrase 1: the sentence decides)."""
        sentence = np.maximum(m.sent_best, 0.0)
        phrase = np.maximum(m.phr_best, 0.0)
        hit = np.zeros(len(m.positions), dtype=np.float32)
        for pos, (_, firm) in m.exact_of.items():
            j = int(np.searchsorted(m.positions, pos))
            phrase[j] = 1.0
            hit[j] = 1.0 if firm else 0.0
        w = self.config.sentence_weight
        score = np.clip(w * sentence + (1 - w) * phrase, 0.0, 1.0)
        score = np.where(hit > 0, np.maximum(score, self.config.exact_floor), score)
        return sentence, phrase, hit, score

    def _mention(self, m: _Measured, j: int, signals: tuple[np.ndarray, ...]) -> _Mention:
        """Candidate ``j`` of a sentence as a mention: its evidence, signal and negation."""
        sentence, phrase, hit, score = signals
        pos = int(m.positions[j])
        sent = m.sentence
        if pos in m.exact_of:
            ph, signal = m.exact_of[pos][0], "exact" if hit[j] else "phrase"
        elif m.phr_arg[j] >= 0:
            ph, signal = m.phrases[int(m.phr_arg[j])], "phrase"
        else:
            ph, signal = Phrase(sent.text, sent.start, sent.end, 0, len(sent.tokens)), "sentence"
        negated = signal != "sentence" and is_negated(sent, ph.first_token)
        values = {"sentence": float(sentence[j]), "phrase": float(phrase[j]), "exact": float(hit[j])}
        return _Mention(float(score[j]), ph, signal, negated, values)

    def _read(self, measured: list[_Measured]) -> Extraction:
        """One answer per skill from the candidates of a text's sentences: its best mention's
        score; read (extracted) when a mention passes the threshold that no other skill of the
        same words outread (see ``_one_skill_per_span``); negated when every such mention (or,
        if none passes, the best one) is negated. The ranking keeps the ``rank_limit`` best
        candidates and every skill read."""
        threshold = self.config.accept_threshold
        entries = self.index.entries
        if not measured:
            return Extraction([], [])
        scored = [self._scores(m) for m in measured]
        passing: dict[int, list[_Mention]] = {}
        for m, signals in zip(measured, scored, strict=True):
            over = np.flatnonzero(signals[3] >= threshold)
            if len(over) == 0:
                continue
            found = [(int(m.positions[j]), self._mention(m, int(j), signals)) for j in over.tolist()]
            for pos, mention in _one_skill_per_span(found, threshold):
                if not mention.outread:
                    passing.setdefault(pos, []).append(mention)
        # every skill's best mention: the first of its highest scores, in sentence order
        positions = np.concatenate([m.positions for m in measured])
        scores = np.concatenate([sig[3] for sig in scored])
        where = np.concatenate([np.stack([np.full(len(m.positions), i), np.arange(len(m.positions))], axis=1)
                                for i, m in enumerate(measured)])
        order = np.lexsort((-scores, positions))
        first = np.ones(len(order), dtype=bool)
        first[1:] = positions[order][1:] != positions[order][:-1]
        best = order[first]
        ranked = best[np.lexsort((self._id_rank[positions[best]], -scores[best]))]
        limit = self.config.rank_limit
        keep = ranked if limit is None else np.concatenate(
            [ranked[:limit], [b for b in ranked[limit:].tolist() if int(positions[b]) in passing]]
        ).astype(np.int64)
        ranking: list[ExtractedSkill] = []
        for b in keep.tolist():
            pos = int(positions[b])
            i, j = where[b]
            top = self._mention(measured[i], int(j), scored[i])
            strong = sorted(passing[pos], key=lambda x: -x.score) if pos in passing else [top]
            negated = all(x.negated for x in strong)
            evidence: list[Evidence] = []
            for x in strong if not negated else strong[:1]:
                span = Evidence(x.phrase.start, x.phrase.end, x.phrase.text, x.signal)
                if (negated or not x.negated) and span not in evidence:
                    evidence.append(span)
            ranking.append(
                ExtractedSkill(
                    id=entries.skill_ids[pos],
                    label=entries.skill_labels[pos],
                    score=top.score,
                    evidence=tuple(evidence[: self.config.max_evidence]),
                    signals=top.signals,
                    negated=negated,
                )
            )
        read = {entries.skill_ids[pos] for pos in passing}
        accepted = [s for s in ranking if s.id in read and not s.negated]
        negated_skills = [s for s in ranking if s.id in read and s.negated]
        return Extraction(accepted, ranking, negated_skills)
