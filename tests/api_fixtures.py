"""Fixtures for the API and storage tests (loaded with ``pytest_plugins = ["tests.api_fixtures"]``):
a ready data directory built once per session and copied per test, and a PostgreSQL schema per
test (dropped afterwards), or a skip saying why when no server answers."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine as SqlEngine
from sqlalchemy import create_engine, text

from skillmatch.adapters.storage import db, repository
from skillmatch.service import Engine
from tests.api_support import build_ready, copy_ready, postgres_base_url


@pytest.fixture(scope="session")
def ready_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("api-template")
    engine = build_ready(root)
    engine.storage.engine.dispose()  # checkpoint and close the SQLite file before it is copied
    return root


@pytest.fixture
def ready_engine(ready_template: Path, tmp_path: Path) -> Engine:
    return copy_ready(ready_template, tmp_path)


@pytest.fixture
def postgres_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A URL whose connections use a schema of their own, dropped after the test. Every engine
    the code under test opens is disposed at the end, so no pooled connection is left open."""
    base = postgres_base_url()
    schema = f"skillmatch_test_{secrets.token_hex(6)}"
    opened: list[SqlEngine] = []

    def connect(url: str) -> SqlEngine:
        engine = db.connect(url)
        opened.append(engine)
        return engine

    monkeypatch.setattr(repository, "connect", connect)
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        for engine in opened:
            engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each storage test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'skillmatch.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url
