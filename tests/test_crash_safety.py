"""A job killed at any moment lands whole or not at all: SIGKILL mid-import and mid-rebuild.

A child process runs a catalog import, a postings import or an index rebuild on a copy of the
ready data directory (SQLite, and PostgreSQL when a server answers) and is killed (SIGKILL) at a
random moment of the job. Then the data must be exactly as before the job or exactly as the whole
job leaves it, never a mix; a restarted engine must answer, and the same job run again must
succeed. ``SKILLMATCH_CRASH_TRIALS`` kills per job and database (3 by default, so the suite
stays within CI's time; 10 for the full check). Marked ``crash``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, select

from skillmatch.core.learner import LearnerInput, SkillInput
from skillmatch.service import Engine
from tests.api_support import CATALOG, MATHS_TEACHER, POSTINGS, base_settings, copy_ready
from tests.fakes import FakeEncoder

pytest_plugins = ["tests.api_fixtures"]  # fixtures: ready_template, postgres_url

TRIALS = int(os.environ.get("SKILLMATCH_CRASH_TRIALS", "3"))
REPO = Path(__file__).resolve().parent.parent
JOBS = ("catalog", "postings", "rebuild")

CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, {repo!r})
from tests.api_support import base_settings
from tests.fakes import FakeEncoder
from skillmatch.service import Engine
engine = Engine(base_settings(Path({root!r}), database_url={url!r}), encoder=FakeEncoder())
engine.storage.ping()
import time
began = time.monotonic()
print("started", flush=True)
job, path = {job!r}, Path({path!r})
if job == "catalog":
    engine.import_catalog([path])
elif job == "postings":
    engine.import_postings([path])
else:
    engine.rebuild()
print("done", time.monotonic() - began, flush=True)
"""


def _catalog(path: Path, n: int, prefix: str) -> Path:
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "title", "provider", "description", "skills", "cost", "currency", "hours", "level",
                      "format", "language"])
        for i in range(n):
            out.writerow([f"{prefix}-{i:05d}", f"Data Course {i}", "Crash Academy", "Query databases and report.",
                          "SQL;statistics;spreadsheets", i % 300, "EUR", 5 + i % 40, "beginner", "online_self_paced",
                          "en"])
    return path


def _postings(path: Path, n: int, prefix: str) -> Path:
    with path.open("w") as fh:
        for i in range(n):
            fh.write(json.dumps({
                "id": f"{prefix}-{i:05d}", "title": "Data Analyst", "organization": f"Employer {i % 17}",
                "description": f"Posting {i}. You write SQL queries, keep spreadsheets and present statistics "
                               "to managers. Python is a plus.",
                "skills": ["SQL", "statistics"],
            }) + "\n")
    return path


def _database(url: str) -> str:
    """A digest of every row of every table."""
    engine = create_engine(url)
    try:
        meta = MetaData()
        meta.reflect(engine)
        digest = hashlib.sha256()
        with engine.connect() as conn:
            for name in sorted(meta.tables):
                table = meta.tables[name]
                rows = sorted(repr(tuple(r)) for r in conn.execute(select(table)))
                digest.update(f"{name}:{len(rows)}\n".encode())
                for row in rows:
                    digest.update(row.encode())
        return digest.hexdigest()
    finally:
        engine.dispose()


def _state(engine: Engine) -> tuple[str, str | None, str | None]:
    return _database(engine.settings.database), engine.artifacts.current_version(), \
        engine.taxonomies.versions.current_version()


def _run(root: Path, url: str, job: str, data: Path, kill_after: float | None) -> float | None:
    """Run ``job`` in a child; kill it ``kill_after`` seconds after it started. The seconds the job
    took when it finished, else None."""
    code = CHILD.format(repo=str(REPO), root=str(root), url=url, job=job, path=str(data))
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "started", child.stderr.read() if child.stderr else ""
    if kill_after is None:
        out, err = child.communicate(timeout=600)
        assert child.returncode == 0 and "done" in out, err
        return float(out.split("done")[1].split()[0])
    time.sleep(kill_after)
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate(timeout=60)
    return float(out.split("done")[1].split()[0]) if "done" in out else None


def _data(job: str, folder: Path, name: str) -> Path:
    """Fresh input for one run of ``job`` (ids of its own, so a finished run leaves no conflict)."""
    if job == "catalog":
        return _catalog(folder / f"{name}.csv", 1500, name)
    if job == "postings":
        return _postings(folder / f"{name}.jsonl", 150, name)
    return folder


def _count(url: str, table: str, prefix: str) -> int:
    engine = create_engine(url)
    try:
        meta = MetaData()
        meta.reflect(engine, only=[table])
        column = meta.tables[table].c.id
        with engine.connect() as conn:
            return len(conn.execute(select(column).where(column.like(f"{prefix}-%"))).all())
    finally:
        engine.dispose()


@pytest.mark.crash
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_job_killed_at_any_moment_lands_whole_or_not_at_all(
    backend: str, ready_template: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """After a kill, the data is exactly as before the job, or exactly as the whole job leaves it
    (an import: all its rows; a rebuild: the new index and the new profiles): never a mix."""
    root = tmp_path / "data"
    engine = copy_ready(ready_template, root)
    url = engine.settings.database
    if backend == "postgresql":
        url = request.getfixturevalue("postgres_url")
        engine = Engine(base_settings(root, database_url=url), encoder=FakeEncoder())
        engine.import_postings([POSTINGS / "good.csv"])
        engine.import_catalog([CATALOG / "courses.csv"])
    rng = random.Random(f"{backend}-20261207")
    losses: list[str] = []
    outcomes = {"before": 0, "whole": 0}
    for job in JOBS:
        took = _run(root, url, job, _data(job, tmp_path, f"{job}-probe"), None)  # how long the job takes here
        assert took is not None
        for trial in range(TRIALS):
            name = f"{job}-{trial}"
            before = _state(engine)
            finished = _run(root, url, job, _data(job, tmp_path, name), rng.uniform(0.0, 0.9 * took))
            if finished is not None:
                continue  # the kill came after the job ended
            restarted = Engine(base_settings(root, database_url=url), encoder=FakeEncoder())
            after = _state(restarted)
            if job in ("catalog", "postings"):
                table, n = ("credentials", 1500) if job == "catalog" else ("postings", 150)
                landed = _count(url, table, name)
                outcome = "before" if landed == 0 and after == before else "whole" if landed == n else "mixed"
            else:
                same_db, same_index = after[0] == before[0], after[1] == before[1]
                outcome = "before" if same_db and same_index else "whole" if not (same_db or same_index) else "mixed"
            if outcome == "mixed":
                losses.append(f"{job} trial {trial}: part of the job landed")
            else:
                outcomes[outcome] += 1
            answer = restarted.recommend(MATHS_TEACHER["target_role"], LearnerInput(skills=(SkillInput("SQL"),)), {}, 3)  # a restart answers
            assert answer.recommendations is not None and answer.meta.artifacts_version
        assert _run(root, url, job, _data(job, tmp_path, f"{job}-after"), None) is not None  # the next run succeeds
    assert not losses, losses
    assert outcomes["before"] >= 1, f"no kill landed before a job's commit: {outcomes}"
    print(f"{backend}: {3 * TRIALS} kills, {sum(outcomes.values())} of them before the job ended: {outcomes}, 0 mixed")
