"""Choose the extraction blend weight and acceptance threshold on SkillSkape's dev split.

SkillSkape (synthetic job-ad sentences with ESCO labels, MIT licence) is training data; the
Decorte validation and test sets are never used here. For each sentence the extractor's
candidates and signals are computed once, then re-scored for every setting:

* ``max_phrase_tokens`` (2, 3 or 4) and ``sentence_weight`` in
  score = w * sentence + (1 - w) * phrase, chosen together by RP@5;
* the acceptance threshold for that weight, chosen by F1 of the accepted set the extractor
  gives at each threshold.

    python scripts/tune_extraction.py [--fast] [--split dev] [--limit 600] [--out results/tune_extraction.json]

``--fast`` tunes the fast path (the static model reads sentences too) instead of the default one.

Uses the current taxonomy and index (SKILLMATCH_DATA_DIR); import the official ESCO export
first so every label resolves.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import replace
from pathlib import Path

import numpy as np

from _common import SHARED, print_table, write_json
from skillmatch.adapters.loaders.benchmarks import read_skillskape
from skillmatch.core.extraction import FAST_CONFIG, ExtractionConfig
from skillmatch.core.metrics import RankingScores
from skillmatch.evaluation.benchmarks import resolve_gold
from skillmatch.service import Engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev", choices=["train", "dev"])
    parser.add_argument("--limit", type=int, default=600, help="sentences sampled (0 = all)")
    parser.add_argument("--fast", action="store_true", help="tune the fast path")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or Path(f"results/tune_extraction{'_fast' if args.fast else ''}.json")

    engine = Engine()
    items = read_skillskape(SHARED / "benchmarks/skill-extraction/skillskape-synthetic" / f"{args.split}.csv")
    if args.limit:
        items = random.Random(0).sample(items, min(args.limit, len(items)))
    gold, missing = resolve_gold([(i.text, i.labels) for i in items], engine.taxonomy())
    candidates = {}
    for size in (2, 3, 4):
        # every candidate, not only the best 100: a weight may lift any of them over the threshold
        config = replace(FAST_CONFIG if args.fast else ExtractionConfig(), max_phrase_tokens=size, rank_limit=None)
        extractions = engine.extractor(config, fast=args.fast).extract_many(
            [g.text for g in gold]
        )
        candidates[size] = [
            [(s.id, s.signals["sentence"], s.signals["phrase"]) for s in e.ranking] for e in extractions
        ]

    def scores(size: int, weight: float, threshold: float) -> dict[str, float | int | None]:
        acc = RankingScores()
        for g, cands in zip(gold, candidates[size], strict=True):
            scored = sorted(
                ((weight * s + (1 - weight) * p, sid) for sid, s, p in cands), key=lambda x: (-x[0], x[1])
            )
            acc.add([sid for _, sid in scored], set(g.gold), [sid for sc, sid in scored if sc >= threshold])
        return acc.summary()

    weights = [round(w, 2) for w in np.arange(0.2, 0.85, 0.1)]
    grid = {(n, w): scores(n, w, 1.01) for n in candidates for w in weights}
    best_n, best_w = max(grid, key=lambda key: (grid[key]["rp@5"], grid[key]["mrr"]))
    thresholds = [round(t, 2) for t in np.arange(0.56, 0.81, 0.02)]
    base = FAST_CONFIG if args.fast else ExtractionConfig()

    def accepted(threshold: float) -> dict[str, float | int | None]:
        # The accepted set depends on the threshold beyond a cut of the ranking (words read as
        # one skill compete only above it), so the extractor itself runs at each threshold.
        config = replace(base, max_phrase_tokens=best_n, sentence_weight=best_w, accept_threshold=threshold)
        acc = RankingScores()
        for g, e in zip(gold, engine.extractor(config, fast=args.fast).extract_many([g.text for g in gold]), strict=True):
            acc.add([s.id for s in e.ranking], set(g.gold), [s.id for s in e.skills])
        return acc.summary()

    by_threshold = {t: accepted(t) for t in thresholds}
    best_t = max(thresholds, key=lambda t: by_threshold[t]["f1"] or 0.0)

    print_table(
        ["max_phrase_tokens", "sentence_weight", "RP@1", "RP@5", "RP@10", "MRR"],
        [[n, w, m["rp@1"], m["rp@5"], m["rp@10"], m["mrr"]] for (n, w), m in grid.items()],
        title=f"SkillSkape {args.split}: {len(gold)} sentences "
        f"({len(set(missing))} labels not in the taxonomy)",
    )
    print()
    print_table(
        ["threshold", "precision", "recall", "F1"],
        [[t, m["precision"], m["recall"], m["f1"]] for t, m in by_threshold.items()],
        title=f"acceptance threshold at max_phrase_tokens {best_n}, sentence_weight {best_w}",
    )
    print(f"\nchosen: max_phrase_tokens={best_n} sentence_weight={best_w} threshold={best_t}")
    write_json(
        out,
        {
            "path": "fast" if args.fast else "default",
            "split": args.split,
            "sentences": len(gold),
            "model": engine.encoder.model_id,
            "grid": [{"max_phrase_tokens": n, "sentence_weight": w, **m} for (n, w), m in grid.items()],
            "by_threshold": by_threshold,
            "chosen": {"max_phrase_tokens": best_n, "sentence_weight": best_w, "accept_threshold": best_t},
        },
    )


if __name__ == "__main__":
    main()
