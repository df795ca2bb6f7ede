"""The rebuild job record is shared by the worker processes of one server, and the admin lock
holds between them (each with a lock object of its own on one lock file, as two processes have)."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from skillmatch.adapters.admin_lock import AdminLock
from skillmatch.adapters.storage.repository import DatabaseLock
from skillmatch.api.rebuild import AdminWork
from skillmatch.errors import RebuildRunning


class _SlowEngine:
    def __init__(self, lock_file: Path, go: threading.Event | None = None) -> None:
        self.go = go or threading.Event()
        # a database on one machine (SQLite): the file lock holds
        self.admin = AdminLock(lock_file, lambda: DatabaseLock(None))

    def rebuild(self) -> dict[str, Any]:
        assert self.admin.held_here()  # the rebuild thread holds the lock the request took
        assert self.go.wait(10)
        return {"artifacts_version": "v2"}

    def admin_busy(self) -> bool:
        return self.admin.busy(lambda: False)


def test_every_worker_sees_the_rebuild_another_one_runs(tmp_path: Path) -> None:
    engine = _SlowEngine(tmp_path / "admin.lock")
    other = _SlowEngine(tmp_path / "admin.lock", engine.go)  # another worker process of the server
    jobs = tmp_path / "rebuild-job.json"
    first, second = AdminWork(engine, jobs), AdminWork(other, jobs)  # type: ignore[arg-type]
    assert second.last() is None
    job = first.start_rebuild()
    seen = second.last()
    assert seen is not None and (seen["id"], seen["status"]) == (job["id"], "running")
    with pytest.raises(RebuildRunning) as refused:
        second.start_rebuild()  # the lock holds across processes (a file lock) as well
    assert "a rebuild (process" in str(refused.value)
    with pytest.raises(RebuildRunning), second.exclusive("a catalog import"):
        pass
    engine.go.set()
    done = first.wait(10)
    assert done is not None and done["status"] == "succeeded"
    seen = second.last()
    assert seen is not None and seen["status"] == "succeeded" and seen["result"] == {"artifacts_version": "v2"}


def test_a_job_whose_process_stopped_is_reported_failed(tmp_path: Path) -> None:
    jobs = tmp_path / "rebuild-job.json"
    jobs.write_text(json.dumps(
        {"id": "abc", "status": "running", "started_at": "2026-12-01T10:00:00+00:00", "finished_at": None,
         "seconds": None, "result": None, "error": None}))
    job = AdminWork(_SlowEngine(tmp_path / "admin.lock"), jobs).last()  # type: ignore[arg-type]
    assert job is not None and job["status"] == "failed" and "stopped" in job["error"]
