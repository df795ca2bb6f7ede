"""Latency of one recommendation, in process: p50 / p95 over repeated calls.

Two inputs (a learner given as five skill ids, and a 300-word CV read by skill extraction),
on two catalogs: the bundled sample catalog of the data directory, and a catalog of
``--size`` (100,000) credentials made by replicating it with noise (new ids, cost and hours
scaled by 0.5-1.5, each taught skill kept with probability 0.8, weights jittered). The
catalog is prepared once (the server does this once per catalog version); its preparation
time is reported apart.

    python scripts/bench_recommend.py [--role "data analyst"] [--runs 30] [--size 100000]
                                      [--out results/bench_recommend.json]

Run `skillmatch setup` first: it uses the data directory's taxonomy, index, roles and catalog.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from dataclasses import replace
from pathlib import Path

from _common import REPO, print_table, write_json

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

CV = (
    "Secondary school mathematics teacher with eleven years of experience teaching algebra, statistics and "
    "calculus to students aged eleven to eighteen. I plan and deliver lessons, write and mark assessments and "
    "track the progress of more than two hundred pupils a year in Excel spreadsheets, using formulas, pivot "
    "tables and charts to report results to the head of department and to parents. I led the school's move to "
    "an online learning platform, trained colleagues to use it, and built a small database of exam questions. "
    "I coordinate the mathematics olympiad team, mentor newly qualified teachers, and present data on "
    "attainment gaps at governors' meetings. Outside school I completed a short online course in Python "
    "programming and used it to analyse our exam results, cleaning the data and plotting trends with simple "
    "scripts. I am comfortable explaining complex ideas clearly, working to deadlines during exam season and "
    "handling confidential pupil data in line with data protection rules. I speak English and French, and I "
    "am now looking for a junior data analyst role where I can use statistics, reporting and visualisation "
    "every day. I can study in the evenings, online, for about three months, and I am keen to learn SQL and a "
    "dashboard tool such as Power BI or Tableau, and to build a portfolio of analysis projects that show "
    "employers what I can do with real data sets from public sources such as census and health statistics."
)


def noisy_catalog(credentials: list, size: int, seed: int = 7) -> list:
    rng = random.Random(seed)
    out = list(credentials)
    n = 0
    while len(out) < size:
        base = credentials[n % len(credentials)]
        n += 1
        skills = tuple(
            replace(t, weight=min(1.0, max(0.05, t.weight * rng.uniform(0.8, 1.2))))
            for t in base.skills if rng.random() < 0.8
        ) or base.skills
        out.append(replace(
            base, id=f"{base.id}~{n}", skills=skills,
            cost=None if base.cost is None else round(base.cost * rng.uniform(0.5, 1.5), 2),
            hours=None if base.hours is None else round(base.hours * rng.uniform(0.5, 1.5), 1),
            is_part_of=(), has_part=(), prerequisites=(),
        ))
    return out


def timed(call, runs: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    call()  # warm up: loads, caches
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - start)
    seconds.sort()
    return {
        "p50_ms": round(1000 * statistics.median(seconds), 1),
        "p95_ms": round(1000 * seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))], 1),
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--role", default="data analyst")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=REPO / "results" / "bench_recommend.json")
    args = parser.parse_args()

    from skillmatch.recommend_service import LearnerInput, SkillInput
    from skillmatch.service import Engine

    engine = Engine()
    role = engine.role_profile(args.role)
    ids = tuple(SkillInput(s.id) for s in role.skills[1:10:2])  # five skills of the role, some held
    inputs = {"5 skill ids": LearnerInput(skills=ids), "300-word CV": LearnerInput(profile_text=CV)}
    constraints = {"max_cost": 600, "currency": "EUR", "formats": ["online"], "max_hours": 150}
    bundled = engine.all_credentials()
    results = []

    def run(catalog_name: str) -> None:
        for name, learner in inputs.items():
            figures = timed(lambda learner=learner: engine.recommend(args.role, learner, constraints, 5), args.runs)
            results.append({"catalog": catalog_name, "input": name, **figures})

    run(f"bundled ({len(bundled)})")
    big = noisy_catalog(bundled, args.size)
    engine.advice._catalog = lambda: ("bench", big)
    start = time.perf_counter()
    engine.advice.pool()
    prepare = time.perf_counter() - start
    run(f"replicated ({len(big):,})")

    print_table(("catalog", "input", "p50 ms", "p95 ms", "runs"),
                [(r["catalog"], r["input"], r["p50_ms"], r["p95_ms"], r["runs"]) for r in results],
                title=f"one recommendation for {role.label!r} ({len(role.skills)} role skills), in process, "
                      f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}")
    print(f"\npreparing the {len(big):,}-credential catalog (once per catalog version): {prepare:.1f} s")
    write_json(args.out, {"results": results, "prepare_seconds": round(prepare, 2), "role": role.label,
                          "constraints": constraints, "model": engine.encoder.model_id})


if __name__ == "__main__":
    main()
