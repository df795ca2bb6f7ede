"""Stateless serving replicas: two server processes sharing one PostgreSQL database and one data
directory (artifacts on shared storage). A rebuild or an import by one is served by the other on
its next requests, and the admin lock holds across them through the database (an advisory lock),
not only through a file of the data directory. Skips, saying why, when PostgreSQL is not reachable.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from skillmatch.adapters.storage.repository import ADMIN_LOCK_KEY
from tests.api_support import API_KEY, CATALOG, MATHS_TEACHER, build_ready
from tests.api_support import until as _until

pytest_plugins = ["tests.api_fixtures"]  # postgres_url
KEY = {"X-API-Key": API_KEY}
REPO = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def replicas(postgres_url: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two server processes on one PostgreSQL database and one data directory."""
    build_ready(tmp_path, database_url=postgres_url).storage.engine.dispose()
    env = {**os.environ, "SKILLMATCH_TEST_ROOT": str(tmp_path), "SKILLMATCH_DATABASE_URL": postgres_url,
           "SKILLMATCH_FRESHNESS": "0.3", "PYTHONPATH": str(REPO)}
    ports = [_free_port(), _free_port()]
    servers = [subprocess.Popen([sys.executable, "-m", "uvicorn", "tests.serve_fake:create", "--factory", "--port", str(port),
                                 "--log-level", "warning"], cwd=REPO, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for port in ports]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url in urls:
            def ready(url: str = url) -> bool:
                try:
                    return httpx.get(f"{url}/readyz", timeout=2).status_code == 200
                except httpx.HTTPError:
                    return False

            _until(ready, 60)
        yield urls[0], urls[1]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()


def test_two_replicas_on_one_postgresql_share_changes_and_the_admin_lock(replicas: tuple[str, str],
                                                                         postgres_url: str) -> None:
    one, two = replicas
    with httpx.Client(base_url=one, headers=KEY, timeout=30) as a, httpx.Client(base_url=two, headers=KEY, timeout=30) as b:
        before = a.post("/v1/recommendations", json=MATHS_TEACHER).json()
        assert b.post("/v1/recommendations", json=MATHS_TEACHER).json() == before

        # An admin write anywhere (here: a session of a third machine) holds both replicas off.
        holder = create_engine(postgres_url)
        with holder.connect() as conn:
            assert conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADMIN_LOCK_KEY}).scalar_one()
            conn.commit()
            for client in (a, b):
                refused = client.post("/v1/admin/rebuild")
                assert refused.status_code == 409, refused.text
                assert "sharing the database" in refused.json()["error"]["message"]
            badge = [("file", ("badge.json", (CATALOG / "ob2-badgeclass.json").read_bytes()))]
            assert b.post("/v1/imports/catalog", files=badge).status_code == 409
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADMIN_LOCK_KEY})
            conn.commit()
        holder.dispose()

        # An import on one is served by the other; a rebuild by one is picked up by the other.
        assert b.post("/v1/imports/catalog", files=badge).status_code == 200
        stamp = b.post("/v1/recommendations", json=MATHS_TEACHER).json()["meta"]["catalog_version"]
        assert stamp != before["meta"]["catalog_version"]
        _until(lambda: a.post("/v1/recommendations", json=MATHS_TEACHER).json()["meta"]["catalog_version"] == stamp)

        started = a.post("/v1/admin/rebuild")
        assert started.status_code == 202, started.text
        job = _until(lambda: (j := a.get("/v1/admin/rebuild").json())["status"] != "running" and j)
        assert job["status"] == "succeeded", job
        version = job["result"]["artifacts_version"]
        _until(lambda: b.get("/readyz").json()["artifacts_version"] == version)
        after_a = a.post("/v1/recommendations", json=MATHS_TEACHER).json()
        assert after_a == b.post("/v1/recommendations", json=MATHS_TEACHER).json()
        assert after_a["meta"]["artifacts_version"] == version
