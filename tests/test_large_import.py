"""A large postings import streams: memory stays bounded, and it still lands whole or not at all.

The import runs in a child process (the toy taxonomy, the fake encoder) so that its peak memory
is its own; the file is generated: 10,000 distinct postings of about 45 words each.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import DATA, REPO

PEAK_LIMIT_MB = 1536
WORDS = """customer data analysis python sql reporting dashboards teamwork planning budget stakeholders
statistics excel presentation training safety quality logistics warehouse forklift scheduling
marketing content research communication leadership mentoring testing automation cloud linux
networks security audits compliance documentation accounts invoices payroll recruitment""".split()
TITLES = ["Data Analyst", "Warehouse Operative", "Python Developer", "Accounts Assistant", "Care Worker",
          "Marketing Executive", "IT Support Technician", "Payroll Officer"]


def write_postings(path: Path, n: int, *, bad_line: int | None = None) -> None:
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            sentences = [" ".join(rng.choice(WORDS) for _ in range(10)).capitalize() + "." for _ in range(4)]
            row = {"id": f"gen-{i}", "title": rng.choice(TITLES), "organization": f"Employer {i % 97}",
                   "description": f"Posting {i}. " + " ".join(sentences)}
            if i == bad_line:
                row["date_posted"] = "next week"
            out.write(json.dumps(row) + "\n")


CHILD = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from skillmatch.errors import ImportRejected
    from skillmatch.service import Engine
    from skillmatch.settings import Settings
    from tests.fakes import FakeEncoder

    data, esco, postings = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    engine = Engine(Settings(data_dir=data, cache_dir=data / "cache", _env_file=None), encoder=FakeEncoder())
    if not (data / "ready").exists():
        engine.import_taxonomy("esco", esco)
        engine.build_index()
        (data / "ready").write_text("yes")
    result = {}
    try:
        result["report"] = {k: v for k, v in engine.import_postings([postings]).items() if k == "accepted"}
    except ImportRejected as exc:
        result["problems"] = [p.as_dict() for p in exc.problems]
    result["stored"] = engine.storage.posting_count()[0]
    # VmHWM is this process's own peak: ru_maxrss would also count the parent it was forked from
    status = Path("/proc/self/status").read_text()
    result["peak_mb"] = int(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1]) / 1024
    print(json.dumps(result))
    """
)


def run_import(data: Path, postings: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(data), str(DATA / "esco_mini"), str(postings)],
        cwd=REPO, capture_output=True, text=True, timeout=900, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.slow  # two minutes: `make test-all`
@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads a process's peak memory from /proc (Linux)")
def test_a_large_import_streams_in_bounded_memory_and_lands_whole_or_not_at_all(tmp_path: Path) -> None:
    data = tmp_path / "var"
    bad = tmp_path / "bad.jsonl"
    write_postings(bad, 10_000, bad_line=9_998)
    rejected = run_import(data, bad)
    problems = rejected["problems"]
    assert isinstance(problems, list) and len(problems) == 1
    assert problems[0]["field"] == "date_posted" and problems[0]["line"] == 9_999
    assert rejected["stored"] == 0  # nothing of the other 9,999 landed

    good = tmp_path / "good.jsonl"
    write_postings(good, 10_000)
    landed = run_import(data, good)
    assert landed["report"] == {"accepted": 10_000} and landed["stored"] == 10_000
    assert isinstance(landed["peak_mb"], float) and landed["peak_mb"] < PEAK_LIMIT_MB


def test_an_import_that_fails_after_parts_were_written_leaves_nothing(engine, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from skillmatch.role_service import IMPORT_PART, RoleService

    engine.import_taxonomy("esco", DATA / "esco_mini")
    engine.build_index()
    path = tmp_path / "postings.jsonl"
    write_postings(path, IMPORT_PART * 3 + 5)
    real = RoleService._extract
    calls = []

    def failing(extractor, postings):  # type: ignore[no-untyped-def]
        calls.append(len(postings))
        if len(calls) == 3:
            raise RuntimeError("the machine ran out of something")
        return real(extractor, postings)

    monkeypatch.setattr(RoleService, "_extract", staticmethod(failing))
    with pytest.raises(RuntimeError):
        engine.import_postings([path])
    assert len(calls) == 3  # two parts were written before the failure
    assert engine.storage.posting_count() == (0, 0)
    assert all(entry["status"] != "landed" for entry in engine.storage.import_history())
    monkeypatch.setattr(RoleService, "_extract", staticmethod(real))
    assert engine.import_postings([path])["accepted"] == IMPORT_PART * 3 + 5
