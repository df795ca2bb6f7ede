"""Latency of one recommendation, in process: p50 / p95 over repeated calls.

Two inputs (a learner given as five skill ids, and a 300-word CV read by skill extraction),
on two catalogs: the bundled sample catalog of the data directory, and a catalog of
``--size`` (100,000) credentials made by replicating it with noise (new ids, cost and hours
scaled by 0.5-1.5, each taught skill kept with probability 0.8, weights jittered). The
catalog is prepared once (the server does this once per catalog version); its preparation
time is reported apart.

    python scripts/bench_recommend.py [--role "data analyst"] [--runs 30] [--size 100000]
                                      [--out results/bench_recommend.json] [--json]

``--json`` prints ``{"bundled": {"ids_p50_ms", "ids_p95_ms", "cv_p50_ms", "cv_p95_ms"}, "100k": {...}}``.

Run `skillmatch setup` first: it uses the data directory's taxonomy, index, roles and catalog.
"""

from __future__ import annotations

import argparse
import json
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
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    args = parser.parse_args()

    from skillmatch.core.learner import LearnerInput, SkillInput
    from skillmatch.service import Engine

    engine = Engine()
    role = engine.role_profile(args.role)
    ids = tuple(SkillInput(s.id) for s in role.skills[1:10:2])  # five skills of the role, some held
    inputs = {"ids": LearnerInput(skills=ids), "cv": LearnerInput(profile_text=CV)}
    constraints = {"max_cost": 600, "currency": "EUR", "formats": ["online"], "max_hours": 150}
    bundled = engine.all_credentials()
    results = []
    figures: dict[str, dict[str, float]] = {}
    prepare: dict[str, float] = {}

    def run(name: str, catalog_name: str) -> None:
        start = time.perf_counter()
        engine.advice.pool()
        engine.prepare_catalog()  # the server does this once per catalog version, at start
        prepare[name] = round(time.perf_counter() - start, 2)
        for kind, learner in inputs.items():
            timing = timed(lambda learner=learner: engine.recommend(args.role, learner, constraints, 5), args.runs)
            results.append({"catalog": catalog_name, "input": kind, **timing})
            figures.setdefault(name, {}).update({f"{kind}_p50_ms": timing["p50_ms"], f"{kind}_p95_ms": timing["p95_ms"]})

    run("bundled", f"bundled ({len(bundled)})")
    big = noisy_catalog(bundled, args.size)
    engine.advice._catalog = lambda: ("bench", big)
    run("100k" if args.size == 100_000 else f"{args.size}", f"replicated ({len(big):,})")

    write_json(args.out, {"results": results, "prepare_seconds": prepare, "role": role.label,
                          "constraints": constraints, "model": engine.encoder.model_id, **figures})
    if args.json:
        print(json.dumps(figures))
        return
    names = {"ids": "5 skill ids", "cv": "300-word CV"}
    print_table(("catalog", "input", "p50 ms", "p95 ms", "runs"),
                [(r["catalog"], names[r["input"]], r["p50_ms"], r["p95_ms"], r["runs"]) for r in results],
                title=f"one recommendation for {role.label!r} ({len(role.skills)} role skills), in process, "
                      f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}")
    for name, seconds in prepare.items():
        print(f"preparing the {name} catalog (once per catalog version: credentials in arrays, "
              f"cover of the roles' skills): {seconds:.1f} s")


if __name__ == "__main__":
    main()
