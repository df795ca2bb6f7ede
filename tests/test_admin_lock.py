"""One admin write at a time, whoever runs it: a command-line import waits for (or, told not to
wait, refuses during) a rebuild a live server is running on the same data directory; and the lock
itself: nested holds, waiting, giving back from another thread."""

from __future__ import annotations

import calendar
import json
import threading
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from skillmatch import cli
from skillmatch.adapters.admin_lock import AdminLock
from skillmatch.adapters.storage.repository import DatabaseLock
from skillmatch.errors import RebuildRunning
from skillmatch.service import Engine
from tests.api_support import API_KEY, CATALOG, LiveServer, copy_ready, until
from tests.fakes import FakeEncoder

pytest_plugins = ["tests.api_fixtures"]  # fixtures: ready_template

runner = CliRunner()
REBUILD_SECONDS = 3.0


@pytest.fixture
def slow_rebuild_server(ready_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    served = copy_ready(ready_template, tmp_path)
    real_save = served.artifacts.save

    def slow_save(*args: Any, **kwargs: Any) -> Any:  # a rebuild that takes a while, as with a real model
        time.sleep(REBUILD_SECONDS)
        return real_save(*args, **kwargs)

    served.artifacts.save = slow_save  # type: ignore[method-assign]
    # the command line runs on the same data directory with an engine (and lock objects) of its own
    monkeypatch.setenv("SKILLMATCH_DATA_DIR", str(served.settings.data_dir))
    monkeypatch.setenv("SKILLMATCH_CACHE_DIR", str(served.settings.cache_dir))
    monkeypatch.setattr(cli.common, "make_engine", partial(Engine, encoder=FakeEncoder()))
    with LiveServer(served) as live:
        yield live


def _start_rebuild(server: LiveServer) -> None:
    with server.client(headers={"X-API-Key": API_KEY}) as client:
        started = client.post("/v1/admin/rebuild")
    assert started.status_code == 202, started.text
    until(lambda: server.engine.admin_busy())


def _rebuild_finished(server: LiveServer) -> dict[str, Any]:
    with server.client(headers={"X-API-Key": API_KEY}) as client:
        job: dict[str, Any] = until(lambda: (lambda j: j if j["status"] != "running" else None)(
            client.get("/v1/admin/rebuild").json()), seconds=60)
    return job


def test_a_cli_import_told_not_to_wait_refuses_during_a_server_rebuild(slow_rebuild_server: LiveServer) -> None:
    before = len(slow_rebuild_server.engine.all_credentials())
    _start_rebuild(slow_rebuild_server)
    result = runner.invoke(cli.app, ["catalog", "import", str(CATALOG / "ob2-badgeclass.json"), "--wait", "0"])
    assert result.exit_code == 1, result.output
    assert "a rebuild (process" in result.stderr and "another process" in result.stderr
    assert _rebuild_finished(slow_rebuild_server)["status"] == "succeeded"
    assert len(slow_rebuild_server.engine.all_credentials()) == before  # nothing landed


def test_a_cli_import_waits_for_a_server_rebuild_then_lands(slow_rebuild_server: LiveServer) -> None:
    _start_rebuild(slow_rebuild_server)
    result = runner.invoke(cli.app, ["catalog", "import", str(CATALOG / "ob2-badgeclass.json"), "--wait", "60",
                                     "--json"])
    import_done = time.time()
    assert result.exit_code == 0, result.output
    assert "waiting to start a catalog import: a rebuild (process" in result.stderr
    assert json.loads(result.stdout)["accepted"] == 1
    job = _rebuild_finished(slow_rebuild_server)
    assert job["status"] == "succeeded"
    finished = calendar.timegm(time.strptime(job["finished_at"][:19], "%Y-%m-%dT%H:%M:%S"))  # UTC
    assert finished <= import_done + 1  # the import ran after the rebuild, not beside it


def test_a_server_import_is_refused_while_a_command_holds_the_lock(slow_rebuild_server: LiveServer) -> None:
    command = Engine(slow_rebuild_server.engine.settings, encoder=FakeEncoder())  # as another process
    with command.admin.hold("a postings import"), slow_rebuild_server.client(headers={"X-API-Key": API_KEY}) as client:
        refused = client.post("/v1/imports/catalog",
                              files=[("file", ("badge.json", (CATALOG / "ob2-badgeclass.json").read_bytes()))])
        assert refused.status_code == 409, refused.text
        assert "a postings import (process" in refused.json()["error"]["message"]
    with slow_rebuild_server.client(headers={"X-API-Key": API_KEY}) as client:
        landed = client.post("/v1/imports/catalog",
                             files=[("file", ("badge.json", (CATALOG / "ob2-badgeclass.json").read_bytes()))])
    assert landed.status_code == 200, landed.text


# --- the lock alone ------------------------------------------------------------------------


def _lock(path: Path) -> AdminLock:
    return AdminLock(path, lambda: DatabaseLock(None))


def test_nested_admin_work_holds_the_lock_once(tmp_path: Path) -> None:
    lock = _lock(tmp_path / "admin.lock")
    with lock.hold("a set-up"):
        with lock.hold("a catalog import"):  # set-up imports the sample catalog
            assert lock.held_here()
        assert lock.held_here() and lock.busy(lambda: False)
    assert not lock.held_here() and not lock.busy(lambda: False)


def test_a_second_holder_waits_then_gets_it_or_gives_up_naming_the_first(tmp_path: Path) -> None:
    first, second = _lock(tmp_path / "admin.lock"), _lock(tmp_path / "admin.lock")
    held = first.acquire("a rebuild")
    with pytest.raises(RebuildRunning) as refused:
        second.acquire("an index build", wait=0.3)
    assert "a rebuild (process" in str(refused.value)
    threading.Timer(0.3, first.release, args=(held,)).start()  # given back from another thread
    told: list[str] = []
    again = second.acquire("an index build", wait=10, on_wait=told.append)
    assert told and told[0].startswith("waiting to start an index build: a rebuild")
    second.release(again)
    assert not second.busy(lambda: False)


def test_the_database_lock_is_waited_for_and_refused_by_name(tmp_path: Path) -> None:
    free = threading.Event()
    lock = AdminLock(tmp_path / "admin.lock", lambda: DatabaseLock(None) if free.is_set() else None)
    with pytest.raises(RebuildRunning, match="a server sharing the database"):
        lock.acquire("a catalog import")
    assert not lock.busy(lambda: False)  # a refusal gives back what it took
    threading.Timer(0.3, free.set).start()
    lock.release(lock.acquire("a catalog import", wait=10))
