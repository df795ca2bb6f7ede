"""Time a first `skillmatch setup`: empty data directory, empty embedding cache.

Runs `skillmatch setup --json` in a subprocess with a fresh data directory and cache (both in a
temporary folder, or the ones you name), then prints the time of each step (taxonomy, index,
sample postings, sample catalog) and writes them as JSON. Nothing of your own `var/` or
`~/.cache/skillmatch` is touched unless you pass them.

    python scripts/bench_setup.py [--out results/bench_setup.json] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, print_table, write_json


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO / "results" / "bench_setup.json")
    parser.add_argument("--keep", type=Path, help="set up into this folder (data in DIR/var, cache in DIR/cache)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="skillmatch-setup-") as tmp:
        root = args.keep or Path(tmp)
        env = dict(os.environ, SKILLMATCH_DATA_DIR=str(root / "var"), SKILLMATCH_CACHE_DIR=str(root / "cache"),
                   HF_HUB_OFFLINE="1")
        skillmatch = Path(sys.executable).with_name("skillmatch")
        start = time.perf_counter()
        done = subprocess.run([str(skillmatch), "setup", "--json"], cwd=REPO, env=env, capture_output=True,
                              text=True, check=False)
        wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"skillmatch setup failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout)
    steps = result["timings"]
    rows = [[s["step"], s["seconds"], s["what"]] for s in steps]
    rows.append(["total (steps)", round(sum(s["seconds"] for s in steps), 1), ""])
    rows.append(["wall, with start-up", round(wall, 1), f"{os.cpu_count()} CPUs"])
    print_table(["step", "seconds", "what"], rows, title="first `skillmatch setup`, empty data directory and cache")
    write_json(args.out, {"steps": steps, "wall_seconds": round(wall, 1), "cpus": os.cpu_count(),
                          "info": result["info"]})


if __name__ == "__main__":
    main()
