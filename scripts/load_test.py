"""Requests per second and latency of a real server under load, scenario by scenario.

Starts ``skillmatch serve --workers 2`` on the data directory (or targets ``--url``), waits
until it is ready, then drives it from the same machine with ``hey`` (Debian package ``hey``;
each scenario ``--seconds`` long, ``--concurrency`` clients):

* ``ids``: ``POST /v1/recommendations`` for a learner given as five skill ids, with constraints;
* ``cv``: the same with a 300-word CV as ``profile_text`` (skill extraction on every request);
* ``search``: ``GET /v1/skills/search?q=...``;
* ``mixed``: the three at once (half the clients on ids, a quarter each on cv and search).

It prints requests/s, p50 / p95 / p99 latency and non-2xx answers per scenario, and the server's
resident memory (all its processes) before and after; ``--json`` prints the figures as JSON.
The load generator shares the machine's cores with the server: figures are a lower bound. Each
request comes on a new connection (``-disable-keepalive``): the workers share one listening
socket, and with kept-alive connections the first worker to wake takes every connection ``hey``
opens, leaving the other idle (``--keepalive`` measures that).

    python scripts/load_test.py [--seconds 60] [--concurrency 8] [--workers 2] [--url URL] [--json]
    python scripts/load_test.py --soak 600     # the mixed scenario for ten minutes, memory every 5 s

Run ``skillmatch setup`` first.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from _common import REPO, print_table, write_json
from bench_recommend import CV

SCENARIOS = ("ids", "cv", "search", "mixed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the server at {url} was not ready within {seconds:.0f} s")


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its descendants, in MB."""
    total = 0
    for p in tree(pid):
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(found.group(1)) if found else 0
    return round(total / 1024, 1)


def tree_cpu_seconds(pid: int) -> float:
    ticks = 0
    for p in tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def wait_idle(pid: int, seconds: float = 180.0) -> None:
    """Wait until every worker has warmed up: one answers ready as soon as it has, while the
    others still load (and would take the cores from the load test)."""
    deadline = time.monotonic() + seconds
    quiet = 0
    last = tree_cpu_seconds(pid)
    while time.monotonic() < deadline and quiet < 2:
        time.sleep(1.0)
        now = tree_cpu_seconds(pid)
        quiet = quiet + 1 if now - last < 0.05 else 0
        last = now


def role_skill_ids(url: str, role: str) -> list[str]:
    with urllib.request.urlopen(f"{url}/v1/roles?q={urllib.parse.quote(role)}&limit=1", timeout=30) as answer:
        role_id = json.load(answer)["items"][0]["id"]
    with urllib.request.urlopen(f"{url}/v1/roles/{urllib.parse.quote(role_id, safe='')}", timeout=30) as answer:
        skills = json.load(answer)["skills"]
    return [s["id"] for s in skills[1:10:2]]


def hey(url: str, seconds: int, clients: int, body: Path | None, keepalive: bool = False) -> subprocess.Popen[str]:
    command = ["hey", "-z", f"{seconds}s", "-c", str(clients), "-t", "30"] + ([] if keepalive else ["-disable-keepalive"])
    if body is not None:
        command += ["-m", "POST", "-T", "application/json", "-D", str(body)]
    return subprocess.Popen([*command, url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def parse(output: str) -> dict[str, float]:
    """Requests/s, latency percentiles (ms), answers and non-2xx answers from hey's report."""
    def number(pattern: str) -> float:
        found = re.search(pattern, output)
        return float(found.group(1)) if found else float("nan")

    codes = {int(c): int(n) for c, n in re.findall(r"\[(\d{3})\]\s+(\d+) responses", output)}
    errors = sum(n for c, n in codes.items() if not 200 <= c < 300)
    if "Error distribution:" in output:  # connection errors, time-outs
        errors += sum(int(n) for n in re.findall(r"\[(\d+)\]", output.split("Error distribution:")[1]))
    return {
        "requests_per_s": round(number(r"Requests/sec:\s+([\d.]+)"), 1),
        "p50_ms": round(1000 * number(r"50% in ([\d.]+) secs"), 1),
        "p95_ms": round(1000 * number(r"95% in ([\d.]+) secs"), 1),
        "p99_ms": round(1000 * number(r"99% in ([\d.]+) secs"), 1),
        "answers": sum(codes.values()),
        "errors": errors,
    }


def run_scenario(name: str, url: str, seconds: int, clients: int, bodies: dict[str, Path],
                 keepalive: bool = False) -> dict[str, Any]:
    targets = {
        "ids": (f"{url}/v1/recommendations", bodies["ids"]),
        "cv": (f"{url}/v1/recommendations", bodies["cv"]),
        "search": (f"{url}/v1/skills/search?q=data%20visualisation&top=10", None),
    }
    if name != "mixed":
        target, body = targets[name]
        output = hey(target, seconds, clients, body, keepalive).communicate()[0]
        return parse(output)
    shares = {"ids": max(1, clients // 2), "cv": max(1, clients // 4), "search": max(1, clients // 4)}
    running = {k: hey(targets[k][0], seconds, n, targets[k][1], keepalive) for k, n in shares.items()}
    parts = {k: parse(p.communicate()[0]) for k, p in running.items()}
    return {
        "requests_per_s": round(sum(p["requests_per_s"] for p in parts.values()), 1),
        "p50_ms": max(p["p50_ms"] for p in parts.values()),
        "p95_ms": max(p["p95_ms"] for p in parts.values()),
        "p99_ms": max(p["p99_ms"] for p in parts.values()),
        "answers": sum(p["answers"] for p in parts.values()),
        "errors": sum(p["errors"] for p in parts.values()),
        "parts": parts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--url", default="", help="a running server to target instead of starting one")
    parser.add_argument("--role", default="data analyst")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--out", type=Path, default=REPO / "results" / "load_test.json")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--soak", type=int, default=0, metavar="SECONDS",
                        help="only the mixed scenario, this long, with the server's memory sampled every 5 s")
    parser.add_argument("--keepalive", action="store_true",
                        help="reuse connections (the workers then share them unevenly: see above)")
    args = parser.parse_args()
    if shutil.which("hey") is None:
        raise SystemExit("hey is not installed: apt-get install hey")

    server: subprocess.Popen[bytes] | None = None
    url = args.url.rstrip("/")
    if not url:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        exe = Path(sys.executable).with_name("skillmatch")
        env = {**os.environ, "HF_HUB_OFFLINE": "1"}
        server = subprocess.Popen([str(exe), "serve", "--port", str(port), "--workers", str(args.workers)],
                                  cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)
    try:
        started = time.monotonic()
        wait_ready(url)
        if server is not None:
            wait_idle(server.pid)
        ready_s = round(time.monotonic() - started, 1)
        constraints = {"max_cost": 600, "currency": "EUR", "formats": ["online"], "max_hours": 150}
        skills = role_skill_ids(url, args.role)
        with tempfile.TemporaryDirectory() as tmp:
            bodies = {"ids": Path(tmp) / "ids.json", "cv": Path(tmp) / "cv.json"}
            bodies["ids"].write_text(json.dumps({"target_role": args.role, "skills": skills,
                                                 "constraints": constraints, "limit": 5}))
            bodies["cv"].write_text(json.dumps({"target_role": args.role, "profile_text": CV,
                                                "constraints": constraints, "limit": 5}))
            rss_before = tree_rss_mb(server.pid) if server else None
            results = {}
            samples: list[tuple[float, float]] = []
            stop = threading.Event()
            if args.soak and server is not None:
                def sample() -> None:
                    begun = time.monotonic()
                    while not stop.wait(5.0):
                        samples.append((round(time.monotonic() - begun, 1), tree_rss_mb(server.pid)))
                threading.Thread(target=sample, daemon=True).start()
            names = ["mixed"] if args.soak else [s for s in args.scenarios.split(",") if s]
            for name in names:
                if name not in SCENARIOS:
                    raise SystemExit(f"unknown scenario {name!r}; known: {', '.join(SCENARIOS)}")
                results[name] = run_scenario(name, url, args.soak or args.seconds, args.concurrency, bodies,
                                             args.keepalive)
            stop.set()
            rss_after = tree_rss_mb(server.pid) if server else None
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)

    soak = None
    if args.soak and samples:
        values = [v for _, v in samples]
        soak = {"seconds": args.soak, "rss_mb_samples": samples, "rss_mb_min": min(values), "rss_mb_max": max(values),
                "rss_drift_pct": round(100 * (values[-1] - values[0]) / values[0], 1)}
    report = {"url": url, "soak": soak, "workers": args.workers if server else None, "seconds": args.seconds,
              "concurrency": args.concurrency, "ready_seconds": ready_s if server else None,
              "load": "hey" + (" (keep-alive)" if args.keepalive else " (a connection per request)"),
              "rss_mb_before": rss_before, "rss_mb_after": rss_after, "scenarios": results}
    write_json(args.out, report)
    if args.json:
        print(json.dumps(report))
        return
    print_table(("scenario", "requests/s", "p50 ms", "p95 ms", "p99 ms", "answers", "errors"),
                [(k, r["requests_per_s"], r["p50_ms"], r["p95_ms"], r["p99_ms"], r["answers"], r["errors"])
                 for k, r in results.items()],
                title=f"{url}, {args.workers} workers, {args.concurrency} clients (hey), {args.seconds} s each")
    if soak is not None:
        print(f"\nsoak {args.soak} s: server RSS sampled every 5 s from {soak['rss_mb_samples'][0][1]} MB to "
              f"{soak['rss_mb_samples'][-1][1]} MB (min {soak['rss_mb_min']}, max {soak['rss_mb_max']}, "
              f"drift {soak['rss_drift_pct']} %)")
    if server is not None:
        print(f"\nall workers ready {ready_s} s after start; server RSS (all processes) {rss_before} MB before, "
              f"{rss_after} MB after")


if __name__ == "__main__":
    main()
