"""Postings import speed: the in-process path and Ray with 1 and 2 workers, on the same postings.

    .venv/bin/python scripts/bench_ingest.py [--postings 2000] [--json]

The postings are the real ones with full text in ../shared/data/job_postings (Glassdoor data
science, Dice tech), read in place and written to a temporary CSV. Each run imports them with
`skillmatch postings import` into a fresh copy of the data directory `make setup` left (``var/``)
and of the embedding cache as it is now (labels embedded, these postings' sentences not), so all
runs start alike; postings/s counts the whole command: loading the models, starting Ray,
reading, storing, rebuilding the role profiles. Ray needs the extra: pip install -e '.[ray]'.
Prints a table and writes results/bench_ingest.json (``--json`` prints it too).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data" / "job_postings"
SOURCES = (  # (file, id column, title, description, organization, location)
    ("glassdoor-data-science/Uncleaned_DS_jobs.csv", "index", "Job Title", "Job Description", "Company Name", "Location"),
    ("dice-us-tech/dice_joined_658.csv", "job_id", "jobtitle", "jobdescription", "", ""),
)
RUNS = {"local": [], "ray_1": ["--engine", "ray", "--workers", "1"], "ray_2": ["--engine", "ray", "--workers", "2"]}
CLUSTER_NODES = (1, 10, 100)
CORES_PER_NODE = 16


def write_postings(target: Path, limit: int) -> int:
    """Up to ``limit`` real postings with text, as one CSV (id, title, description, organization, location)."""
    count = 0
    with target.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "title", "description", "organization", "location"])
        for name, id_col, title, text, org, place in SOURCES:
            path = SHARED / name
            if not path.is_file():
                sys.exit(f"needs {path} (the shared postings)")
            with path.open(newline="", encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    if count == limit:
                        return count
                    if not (row.get(text) or "").strip():
                        continue
                    writer.writerow([f"{path.parent.name}-{row[id_col]}", row[title], row[text],
                                     row.get(org, "") if org else "", row.get(place, "") if place else ""])
                    count += 1
    return count


def run(mode: str, postings: Path, root: Path, cache: Path) -> dict[str, Any]:
    data = root / mode / "var"
    shutil.copytree(REPO / "var", data, ignore=shutil.ignore_patterns("test-output", "ray-imports"))
    (root / mode / "cache").mkdir()
    if (cache / "embeddings.sqlite").is_file():
        shutil.copy2(cache / "embeddings.sqlite", root / mode / "cache" / "embeddings.sqlite")
    env = {**os.environ, "SKILLMATCH_DATA_DIR": str(data), "SKILLMATCH_CACHE_DIR": str(root / mode / "cache"),
           "HF_HUB_OFFLINE": "1"}
    command = [str(Path(sys.executable).parent / "skillmatch"), "postings", "import", str(postings), "--json", *RUNS[mode]]
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{mode} failed:\n{done.stderr[-3000:]}")
    report = json.loads(done.stdout)
    shutil.rmtree(root / mode)
    return {"postings": report["accepted"], "seconds": round(seconds, 1),
            "postings_per_s": round(report["accepted"] / seconds, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postings", type=int, default=2000, help="at most this many postings (all there are: 1,330)")
    parser.add_argument("--runs", nargs="+", default=list(RUNS), choices=list(RUNS))
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--out", type=Path, default=REPO / "results" / "bench_ingest.json")
    args = parser.parse_args()
    if not (REPO / "var" / "skillmatch.db").is_file():
        sys.exit("needs the data directory of `make setup` (var/)")
    sys.path.insert(0, str(REPO / "src"))
    from skillmatch.settings import Settings

    cache = Settings(_env_file=None).cache_dir
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        root = Path(tmp)
        postings = root / "postings.csv"
        n = write_postings(postings, args.postings)
        results: dict[str, Any] = {}
        for mode in args.runs:
            results[mode] = run(mode, postings, root, cache)
            print(f"{mode}: {results[mode]}", file=sys.stderr)
    per_core = results["ray_1"]["postings_per_s"] if "ray_1" in results else None
    if "ray_2" in results:
        per_core = results["ray_2"]["postings_per_s"] / 2
    summary: dict[str, Any] = {**results, "postings": n, "cpu": os.cpu_count()}
    if per_core:
        summary["per_core_postings_per_s"] = round(per_core, 2)
        cores = CORES_PER_NODE
        summary["estimate_hours"] = {
            f"{total:,} postings, {nodes} x {cores}-core nodes": round(total / (per_core * cores * nodes) / 3600, 2)
            for total in (1_000_000, 100_000_000) for nodes in CLUSTER_NODES
        }
    if "local" in results and "ray_2" in results:
        summary["ray_2_vs_local"] = round(results["ray_2"]["postings_per_s"] / results["local"]["postings_per_s"], 3)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n")

    print(f"\n{n} postings, {os.cpu_count()} CPUs\n")
    print(f"{'run':8} {'seconds':>9} {'postings/s':>11}")
    for mode in args.runs:
        r = results[mode]
        print(f"{mode:8} {r['seconds']:9.1f} {r['postings_per_s']:11.2f}")
    if per_core:
        print(f"\nper core: {per_core:.2f} postings/s")
        for label, hours in summary["estimate_hours"].items():
            print(f"  {label}: {hours} h")
    if args.json:
        print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
