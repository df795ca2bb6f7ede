"""Postings imported on a local Ray (2 CPUs) against the in-process import: the same skills per
posting and the same role profiles, on real postings, with the real model (marked ``ray`` and
``integration``); a Ray worker killed during an import; and a catalog imported both ways (also
``slow``).

They skip, saying why, without the extra (``pip install -e '.[ray]'``; ``.ci/run`` installs it),
without the postings in ``../shared/data`` or without the data directory of `make setup`.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from skillmatch.adapters.ray_import import ray_available
from skillmatch.settings import Settings
from tests.conftest import REPO, shared

pytestmark = [pytest.mark.ray, pytest.mark.integration, pytest.mark.slow]  # minutes: `make test-all`
POSTINGS = 200
SOURCE = "job_postings/glassdoor-data-science/Uncleaned_DS_jobs.csv"
COLUMNS = ["--map", "Job Title=title", "--map", "Job Description=description", "--map", "Company Name=organization",
           "--map", "Location=location", "--map", "index=id"]


@pytest.fixture(scope="module")
def postings_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 200 Glassdoor postings, as a CSV of their own (in the test's temporary folder)."""
    if not ray_available():
        pytest.skip("Ray is not installed: pip install -e '.[ray]' (.ci/run installs it)")
    source = shared(SOURCE)
    target = tmp_path_factory.mktemp("ray-postings") / "glassdoor-200.csv"
    with source.open(newline="", encoding="utf-8") as f, target.open("w", newline="", encoding="utf-8") as out:
        reader = csv.DictReader(f)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [])
        writer.writeheader()
        for i, row in enumerate(reader):
            if i == POSTINGS:
                break
            writer.writerow(row)
    return target


def _data_dir(root: Path) -> Settings:
    """A fresh copy of the data directory `make setup` left, and of the embedding cache it filled
    (labels and titles embedded already; the postings' sentences are not in it, so each import
    reads them with the model itself)."""
    source = REPO / "var"
    if not (source / "skillmatch.db").is_file():
        pytest.skip(f"needs the data directory of `make setup` at {source}")
    shutil.copytree(source, root / "var", ignore=shutil.ignore_patterns("test-output", "ray-imports"))
    cache = Settings(_env_file=None).cache_dir
    if (cache / "embeddings.sqlite").is_file():
        (root / "cache").mkdir(parents=True)
        shutil.copy2(cache / "embeddings.sqlite", root / "cache" / "embeddings.sqlite")
    return Settings(data_dir=root / "var", cache_dir=root / "cache", models_dir=root / "no-models", _env_file=None)


def _cli(settings: Settings, *args: str) -> subprocess.Popen[str]:
    # One thread for the model, as in each Ray worker: with bf16 kernels (CPUs with AVX-512 BF16) the
    # thread count changes the last digits of an embedding, and the same numbers are what is compared.
    env = {**os.environ, "SKILLMATCH_DATA_DIR": str(settings.data_dir), "SKILLMATCH_CACHE_DIR": str(settings.cache_dir),
           "SKILLMATCH_MODELS_DIR": str(settings.models_dir), "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
    return subprocess.Popen([str(Path(sys.executable).parent / "skillmatch"), *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _stored(settings: Settings) -> dict[str, Any]:
    with sqlite3.connect(settings.data_dir / "skillmatch.db") as db:
        postings = db.execute("select id, role_id, role_score, role_method, duplicate_of from postings order by id").fetchall()
        skills = db.execute("select posting_id, skill_id, label, score, requirement, evidence from posting_skills "
                            "order by posting_id, skill_id").fetchall()
        profiles = db.execute("select role_id, skill_id, weight from role_skills order by role_id, skill_id").fetchall()
    return {"postings": postings, "skills": skills, "profiles": profiles}


def _import(settings: Settings, path: Path, *extra: str) -> dict[str, Any]:
    job = _cli(settings, "postings", "import", str(path), *COLUMNS, "--json", *extra)
    out, err = job.communicate(timeout=900)
    assert job.returncode == 0, err[-3000:]
    report: dict[str, Any] = json.loads(out)
    return report


def test_ray_and_in_process_imports_store_the_same_skills_and_profiles(postings_file: Path,
                                                                      tmp_path: Path) -> None:
    here = _data_dir(tmp_path / "local")
    there = _data_dir(tmp_path / "ray")
    local = _import(here, postings_file)
    on_ray = _import(there, postings_file, "--engine", "ray", "--workers", "2")
    assert local["accepted"] == on_ray["accepted"] == POSTINGS
    for key in ("duplicates", "roles", "unmatched_titles", "unresolved_listed_skills"):
        assert local[key] == on_ray[key], key
    a, b = _stored(here), _stored(there)
    assert a["postings"] == b["postings"]
    assert a["skills"] == b["skills"] and len(a["skills"]) > POSTINGS  # identical skills, scores and evidence
    assert [row[:2] for row in a["profiles"]] == [row[:2] for row in b["profiles"]]
    assert max(abs(x[2] - y[2]) for x, y in zip(a["profiles"], b["profiles"], strict=True)) <= 1e-6
    assert not list((there.data_dir / "ray-imports").glob("*"))  # the Parquet of the import is gone


def _ray_workers(data_dir: Path) -> list[int]:
    """The Ray workers reading postings for an import into ``data_dir`` (they inherit its environment)."""
    found = []
    marker = f"SKILLMATCH_DATA_DIR={data_dir}".encode()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            title = (proc / "cmdline").read_bytes()
            environ = (proc / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"_Analyser" in title and marker in environ:
            found.append(int(proc.name))
    return found


def test_a_ray_worker_killed_during_an_import_leaves_nothing_or_everything(postings_file: Path,
                                                                          tmp_path: Path) -> None:
    settings = _data_dir(tmp_path)
    before = _stored(settings)
    job = _cli(settings, "postings", "import", str(postings_file), *COLUMNS, "--json", "--engine", "ray", "--workers", "2")
    deadline = time.monotonic() + 180
    killed: list[int] = []
    while not killed and time.monotonic() < deadline and job.poll() is None:
        workers = _ray_workers(settings.data_dir)
        if workers:
            time.sleep(3)  # into the reading of the postings
            os.kill(workers[0], signal.SIGKILL)
            killed.append(workers[0])
        time.sleep(0.2)
    assert killed, "no Ray worker of the import was seen"
    out, err = job.communicate(timeout=900)
    after = _stored(settings)
    if job.returncode == 0:  # Ray retried the lost part: the import is whole
        assert out.strip(), (job.returncode, err[-3000:])
        assert json.loads(out)["accepted"] == POSTINGS
        assert len(after["postings"]) == len(before["postings"]) + POSTINGS
    else:  # the import failed: nothing of it is stored
        assert after == before, err[-2000:]
    assert not list((settings.data_dir / "ray-imports").glob("*"))


CATALOG = "catalogs/coursera-edx/coursera_course_dataset_v3.csv"
CATALOG_COLUMNS = ["--lenient", "--map", "ID=id", "--map", "Title=title", "--map", "Organization=provider",
                   "--map", "Skills=skills", "--map", "course_url=url", "--map", "course_description=description"]


def test_a_catalog_imported_on_ray_is_stored_as_the_in_process_import_stores_it(tmp_path: Path) -> None:
    if not ray_available():
        pytest.skip("Ray is not installed: pip install -e '.[ray]' (.ci/run installs it)")
    source = shared(CATALOG)
    courses = tmp_path / "coursera-300.csv"
    with source.open(newline="", encoding="utf-8") as f, courses.open("w", newline="", encoding="utf-8") as out:
        rows = list(csv.reader(f))[:301]
        csv.writer(out).writerows([rows[0], *([f"coursera-{r[0]}", *r[1:]] for r in rows[1:])])
    stores = []
    for name, extra in (("local", []), ("ray", ["--engine", "ray", "--workers", "2"])):
        settings = _data_dir(tmp_path / name)
        job = _cli(settings, "catalog", "import", str(courses), *CATALOG_COLUMNS, "--json", *extra)
        out, err = job.communicate(timeout=900)
        assert job.returncode == 0, err[-3000:]
        report = json.loads(out)
        report.pop("import_id")
        with sqlite3.connect(settings.data_dir / "skillmatch.db") as db:
            skills = db.execute("select * from credential_skills order by 1, 2").fetchall()
        stores.append((report, skills))
    (local_report, local_skills), (ray_report, ray_skills) = stores
    assert local_report == ray_report and local_report["accepted"] == 300
    assert local_skills == ray_skills and len(local_skills) > 300
