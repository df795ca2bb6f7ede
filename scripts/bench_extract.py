"""Throughput of skill extraction on 300-word postings, and the RP@5 each path gives.

Paths:
* ``full``: the configured encoder (fp32 all-MiniLM-L6-v2), no embedding cache, phrases of up to
  four words;
* ``fast``: phrases of up to two words and fewer neighbours per phrase, so about half the
  phrases to encode (``--fast-precision bf16`` also runs the encoder in bfloat16, which pays
  only on CPUs with AMX);
* ``cached``: ``full`` again with a warm embedding cache, as when postings share phrases (a bulk
  import of many postings).

Postings are the bundled sample ads, cut or repeated to 300 words. RP@5 is measured on the
Decorte TECH and HOUSE validation files when ../shared is present.

    python scripts/bench_extract.py [--postings 40] [--out results/bench_extract.json]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from pathlib import Path

from _common import REPO, SHARED, print_table, write_json
from skillmatch.adapters.embedding_cache import CachedEncoder
from skillmatch.adapters.encoder import SentenceTransformerEncoder
from skillmatch.adapters.loaders.benchmarks import read_decorte
from skillmatch.core.evaluation import evaluate_extraction, resolve_gold
from skillmatch.core.extraction import ExtractionConfig, SkillExtractor
from skillmatch.core.phrases import sentences
from skillmatch.service import Engine


def postings(n: int, words: int = 300) -> list[str]:
    texts = []
    for path in sorted((REPO / "data/job_postings").glob("*.jsonld")):
        data = json.loads(path.read_text())
        items = data["@graph"] if isinstance(data, dict) and "@graph" in data else data
        for item in items if isinstance(items, list) else [items]:
            text = re.sub(r"<[^>]+>", " ", str(item.get("description", "")))
            tokens = text.split()
            while tokens and len(tokens) < words:
                tokens = tokens + tokens
            texts.append(" ".join(tokens[:words]))
    step = max(1, len(texts) // n)
    return texts[::step][:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postings", type=int, default=40)
    parser.add_argument("--fast-precision", choices=["fp32", "bf16"], default="fp32")
    parser.add_argument("--out", type=Path, default=Path("results/bench_extract.json"))
    args = parser.parse_args()

    engine = Engine()
    loaded = engine.skill_index()
    base = engine.extractor()
    docs = postings(args.postings)
    n_sentences = sum(len(sentences(d)) for d in docs)
    decorte = SHARED / "benchmarks/skill-extraction/decorte"
    gold_sets = {}
    if decorte.is_dir():
        for name in ("tech", "house"):
            items = read_decorte(decorte / f"{name}_validation_annotations.csv")
            gold_sets[name], _ = resolve_gold([(i.text, i.labels) for i in items], engine.taxonomy())

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        full_encoder = CachedEncoder(engine.encoder, Path(tmp) / "full.sqlite")
        fast_encoder = CachedEncoder(
            SentenceTransformerEncoder(
                engine.settings.model_path, precision=args.fast_precision, threads=engine.settings.threads
            ),
            Path(tmp) / "fast.sqlite",
        )
        paths = {
            "full": SkillExtractor(
                loaded.index, full_encoder, config=base.config, non_skill_terms=base.non_skill_terms
            ),
            "fast": SkillExtractor(
                loaded.index,
                fast_encoder,
                non_skill_terms=base.non_skill_terms,
                config=ExtractionConfig(max_phrase_tokens=2, retrieve_k=8),
            ),
        }
        paths["fast"].encoder.encode(["warm up"])
        paths["full"].encoder.encode(["warm up"])
        for name in ("full", "fast", "cached"):
            extractor = paths["full" if name == "cached" else name]
            start = time.perf_counter()
            for doc in docs:
                extractor.extract(doc)
            seconds = time.perf_counter() - start
            quality = {k: evaluate_extraction(g, extractor)["ours"]["rp@5"] for k, g in gold_sets.items()}
            results[name] = {
                "postings_per_s": round(len(docs) / seconds, 2),
                "sentences_per_s": round(n_sentences / seconds, 1),
                "ms_per_posting": round(1000 * seconds / len(docs), 1),
                **{f"rp@5_{k}": v for k, v in quality.items()},
            }
    print_table(
        ["path", "postings/s", "sentences/s", "ms/posting", "RP@5 TECH", "RP@5 HOUSE"],
        [
            [
                k,
                v["postings_per_s"],
                v["sentences_per_s"],
                v["ms_per_posting"],
                v.get("rp@5_tech"),
                v.get("rp@5_house"),
            ]
            for k, v in results.items()
        ],
        title=f"{len(docs)} postings of 300 words ({n_sentences} sentences), "
        f"{engine.taxonomy().name} {engine.taxonomy().version}, "
        f"index {loaded.manifest['index']} with {loaded.index.vectors.size:,} vectors",
    )
    write_json(
        args.out,
        {
            "postings": len(docs),
            "sentences": n_sentences,
            "model": engine.encoder.model_id,
            "threads": engine.settings.threads,
            "paths": results,
        },
    )


if __name__ == "__main__":
    main()
