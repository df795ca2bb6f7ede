"""Evaluate credential recommendation against semantic search and the greedy of Frej et al.

Two settings, every method in the same run (see skillmatch.evaluation.career_change and .market):

(a) career change: ESCO learners (a source occupation's essential skills) and targets (another
    occupation of the same ISCO major group, essential 1.0 / optional 0.5), over the JCRec Udemy
    catalog; weighted gap coverage @1/@3/@5 and cost @5 for ours, semantic_search, frej_greedy;
(b) the job market of Frej et al.: JCRec resumes against the ESCO occupations whose essential
    skills lie mostly in the JCRec IT subset; mean occupations qualified for (>= 80 % of their
    required skills) after k = 1..5 credentials.

    python scripts/eval_recommend.py [--scenarios 200] [--seed 42] [--out results/eval_recommend.json]

The figures are those of ``skillmatch eval recommend --esco ESCO --jcrec JCREC`` (one code path,
skillmatch.evaluation.runs.recommendation); this script adds the targets, timings and a JSON file.

Offline: the packaged all-MiniLM-L6-v2, embeddings cached in ~/.cache/skillmatch/embeddings.sqlite.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from _common import SHARED, write_json  # noqa: E402
from skillmatch.adapters.embedding_cache import CachedEncoder  # noqa: E402
from skillmatch.adapters.encoder import SentenceTransformerEncoder  # noqa: E402
from skillmatch.adapters.loaders.esco import load_esco  # noqa: E402
from skillmatch.evaluation.runs import recommendation  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenarios", type=int, default=200, help="career-change scenarios (a)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--esco", type=Path, default=SHARED / "esco-v1.1.1")
    parser.add_argument("--jcrec", type=Path, default=SHARED / "catalogs" / "jcrec-udemy-esco")
    parser.add_argument(
        "--min-share", type=float, default=0.5, help="(b): share of an occupation's essential skills in the IT subset"
    )
    parser.add_argument("--skip-market", action="store_true", help="run (a) only")
    parser.add_argument("--out", type=Path, default=Path("results/eval_recommend.json"))
    args = parser.parse_args()
    console = Console(stderr=True)
    started = time.perf_counter()

    encoder = CachedEncoder(SentenceTransformerEncoder(None), Path.home() / ".cache" / "skillmatch" / "embeddings.sqlite")
    taxonomy = load_esco(args.esco)
    loaded = time.perf_counter() - started
    with console.status(f"{args.scenarios} career-change scenarios" + ("" if args.skip_market else " and the job market")):
        result = recommendation(taxonomy, args.jcrec, encoder, scenarios=args.scenarios, seed=args.seed,
                                market=not args.skip_market, min_share=args.min_share)
    evaluated = time.perf_counter() - started - loaded
    career = result["career_change"]
    market_result = result.get("market")

    out = Console(width=max(Console().width, 110))
    courses = result["data"]["catalog"].get("courses", "?")
    table = Table(title=f"(a) career change: {career['scenarios']} ESCO scenarios over {courses} JCRec Udemy courses")
    for col in ("method", "coverage@1", "coverage@3", "coverage@5", "cost@5"):
        table.add_column(col, justify="left" if col == "method" else "right")
    methods_a = career["methods"]
    assert isinstance(methods_a, dict)
    for name, row in methods_a.items():
        cells = [f"{row[c]:.3f}" for c in ("coverage@1", "coverage@3", "coverage@5")]
        table.add_row(name, *cells, f"{row['cost@5']:.2f}")
    out.print(table)
    out.print(
        f"ceiling (the whole catalog): {career['ceiling']:.3f}; cost@5 counts 1 per course (the JCRec catalog has no prices), "
        "so it is the number of courses suggested"
    )
    ours, sem, frej = (methods_a[m]["coverage@5"] for m in ("ours", "semantic_search", "frej_greedy"))
    out.print(
        f"ours / semantic_search @5 = {ours / max(sem, 1e-12):.2f} (target >= 1.5); "
        f"ours - frej_greedy @5 = {ours - frej:+.3f} (target >= 0)"
    )
    if market_result is not None:
        methods_b = market_result["methods"]
        assert isinstance(methods_b, dict)
        table = Table(
            title=f"(b) job market: {market_result['learners']} JCRec resumes, {market_result['occupations']} ESCO occupations, "
            f"qualified at >= 80 % (before: {market_result['qualified@0']:.2f})"
        )
        table.add_column("method")
        for k in range(1, 6):
            table.add_column(f"qualified@{k}", justify="right")
        for name, row in methods_b.items():
            table.add_row(name, *(f"{row[f'qualified@{k}']:.2f}" for k in range(1, 6)))
        out.print(table)

    write_json(
        args.out,
        {
            "career_change": career,
            "market": market_result,
            "settings": {**result["data"], "esco": str(args.esco)},
            "seconds": {"load": round(loaded, 1), "evaluate": round(evaluated, 1)},
        },
    )


if __name__ == "__main__":
    main()
