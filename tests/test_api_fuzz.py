"""Contract fuzzing: schemathesis against a live server, every check and phase, a fixed seed.

The server runs on the small test data (the toy taxonomy, the fake encoder) with an API key, so
the team and admin endpoints are reached too. What counts as right beyond the schema is in
``tests/contract/schemathesis.toml`` (with the reason). Marked ``fuzz``: about two minutes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api_support import API_KEY, LiveServer, copy_ready

pytest_plugins = ["tests.api_fixtures"]  # fixtures: ready_template

CONFIG = Path(__file__).parent / "contract" / "schemathesis.toml"
SECONDS = int(os.environ.get("SKILLMATCH_FUZZ_SECONDS", "40"))  # 40 s keeps CI within its quarter hour on two cores
SEED = 20261207


@pytest.fixture
def server(ready_template: Path, tmp_path: Path) -> Iterator[LiveServer]:
    with LiveServer(copy_ready(ready_template, tmp_path, warm_up=True)) as live:
        yield live


@pytest.mark.fuzz
def test_the_api_keeps_its_openapi_contract_under_fuzzing(server: LiveServer, tmp_path: Path) -> None:
    st = shutil.which("st", path=str(Path(sys.executable).parent))
    if st is None:
        pytest.skip("schemathesis is not installed (pip install -e '.[dev]')")
    command = [
        st, "--config-file", str(CONFIG), "--no-color", "run", f"{server.url}/openapi.json",
        "--checks", "all", "--seed", str(SEED), "--max-time", str(SECONDS), "--max-examples", "30",
        "--request-timeout", "20", "-H", f"X-API-Key: {API_KEY}", "--report", "junit",
        "--report-dir", str(tmp_path / "report"),
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=SECONDS + 240)
    summary = run.stdout[run.stdout.rfind("SUMMARY"):] if "SUMMARY" in run.stdout else run.stdout[-4000:]
    assert run.returncode == 0, f"schemathesis found problems:\n{run.stdout[-20000:]}\n{run.stderr[-2000:]}"
    assert " 0 failures" in summary or "passed" in summary, summary
