"""Helpers for the API and storage tests: a ready data directory, a live server on 127.0.0.1, a
reachable PostgreSQL server.

The data directory (toy ESCO taxonomy, its index built with the fake encoder, a few postings and
credentials in SQLite) is built once per session and copied for each test, so every test has its
own and the suite stays fast.

PostgreSQL: ``SKILLMATCH_TEST_POSTGRES_URL`` (``.ci/run`` exports it when a server answers; set
but unreachable, the PostgreSQL tests fail, saying why), else the local server at
127.0.0.1:5432, database ``test``, as user ``postgres`` then ``root``. Each test gets a schema of
its own, dropped afterwards. When no server answers, the PostgreSQL variants skip and say why.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import create_engine, text

from skillmatch.api.app import create_app
from skillmatch.service import Engine
from skillmatch.settings import Settings
from tests.conftest import DATA
from tests.fakes import FakeEncoder

API_KEY = "test-key-0123456789"
ESCO_SKILL = "http://data.europa.eu/esco/skill/"
DATA_ANALYST = "http://data.europa.eu/esco/occupation/bbbb0001"
POSTINGS = DATA / "postings"
CATALOG = DATA / "catalog"

MATHS_TEACHER: dict[str, Any] = {
    "target_role": "data analyst",
    "skills": ["teach mathematics", "statistics", {"skill": "juggling", "proficiency": 0.5}],
    "profile_text": "I teach mathematics and analyse my pupils' test results.",
    "constraints": {"max_cost": 600, "currency": "EUR", "formats": ["online"], "max_hours": 150},
    "limit": 5,
}


def base_settings(root: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": root / "var", "cache_dir": root / "cache", "models_dir": root / "models",
        "api_keys": [API_KEY], "warm_up": False, "_env_file": None,
    }
    values.update(overrides)
    return Settings(**values)


def build_ready(root: Path, **overrides: Any) -> Engine:
    """An engine over the toy taxonomy with its index, postings and a small catalog."""
    engine = Engine(base_settings(root, **overrides), encoder=FakeEncoder())
    engine.import_taxonomy("esco", DATA / "esco_mini")
    engine.build_index()
    engine.import_postings([POSTINGS / "good.csv"])
    engine.import_catalog([CATALOG / "courses.csv", CATALOG / "courses.jsonl"])
    return engine


def copy_ready(template: Path, target: Path, **overrides: Any) -> Engine:
    """A fresh copy of the ready data directory, and an engine over it."""
    for name in ("var", "cache"):
        shutil.copytree(template / name, target / name)
    return Engine(base_settings(target, **overrides), encoder=FakeEncoder())


def until(check: Callable[[], Any], seconds: float = 15.0) -> Any:
    """What ``check`` returns once it is truthy, polled every 0.1 s; fails after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.1)
    raise AssertionError("not within the time")


# -- a live server -----------------------------------------------------------------------------
class LiveServer:
    """A real uvicorn server for ``engine`` on 127.0.0.1 (a free port), in a thread."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        config = uvicorn.Config(create_app(engine=engine), log_config=None, access_log=False, ws="none",
                                lifespan="on", timeout_graceful_shutdown=5)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(15)
        self.socket.close()

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kwargs)


# -- PostgreSQL --------------------------------------------------------------------------------
def _candidates() -> list[str]:
    given = os.environ.get("SKILLMATCH_TEST_POSTGRES_URL", "").strip()
    if given:
        return [given]
    return [f"postgresql+psycopg://{user}@127.0.0.1:5432/test" for user in ("postgres", "root")]


_reachable: dict[str, str | None] = {}


def postgres_base_url() -> str:
    """A URL of a reachable PostgreSQL server, or a skip that says what was tried."""
    if "url" not in _reachable:
        _reachable["url"] = None
        errors = []
        for url in _candidates():
            engine = create_engine(url, connect_args={"connect_timeout": 3})
            try:
                with engine.connect() as conn:
                    conn.execute(text("select 1"))
                _reachable["url"] = url
                break
            except Exception as exc:  # any failure to connect means: skip
                errors.append(f"{url}: {type(exc).__name__}")
            finally:
                engine.dispose()
        _reachable["why"] = "; ".join(errors)
    if _reachable["url"] is None and os.environ.get("SKILLMATCH_TEST_POSTGRES_URL", "").strip():
        pytest.fail(f"SKILLMATCH_TEST_POSTGRES_URL is set but PostgreSQL does not answer there ({_reachable['why']}); "
                    "fix the URL or unset it to skip the PostgreSQL tests")
    if _reachable["url"] is None:
        pytest.skip(f"PostgreSQL is not reachable ({_reachable['why']}); set SKILLMATCH_TEST_POSTGRES_URL or start "
                    "the server (.ci/run does)")
    return str(_reachable["url"])


def error_of(response: Any, status: int) -> dict[str, Any]:
    """The documented error body of ``response``, checked: {error: {code, message, details[]}}."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "details"}, error
    assert isinstance(error["code"], str) and error["code"] and isinstance(error["message"], str)
    for detail in error["details"]:
        assert {"field", "reason"} <= set(detail), detail
    return dict(error)


def skills_have_labels(value: Any, path: str = "") -> list[str]:
    """Paths of objects naming a taxonomy skill id without a label (there should be none)."""
    missing: list[str] = []
    if isinstance(value, dict):
        if str(value.get("id", "")).startswith(ESCO_SKILL) and not value.get("label"):
            missing.append(path)
        for key, item in value.items():
            missing += skills_have_labels(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            missing += skills_have_labels(item, f"{path}[{i}]")
    return missing
