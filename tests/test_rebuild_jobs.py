"""The rebuild job record is shared by the worker processes of one server."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from skillmatch.adapters.storage.repository import DatabaseLock
from skillmatch.api.rebuild import AdminWork
from skillmatch.errors import RebuildRunning


class _SlowEngine:
    def __init__(self) -> None:
        self.go = threading.Event()

    def rebuild(self) -> dict[str, Any]:
        assert self.go.wait(10)
        return {"artifacts_version": "v2"}

    @staticmethod
    def admin_lock() -> DatabaseLock:  # a database on one machine (SQLite): the file lock holds
        return DatabaseLock(None)

    @staticmethod
    def admin_lock_held() -> bool:
        return False


def test_every_worker_sees_the_rebuild_another_one_runs(tmp_path: Path) -> None:
    engine = _SlowEngine()
    lock = tmp_path / "admin.lock"
    first, second = AdminWork(engine, lock), AdminWork(engine, lock)  # type: ignore[arg-type]
    assert second.last() is None
    job = first.start_rebuild()
    seen = second.last()
    assert seen is not None and (seen["id"], seen["status"]) == (job["id"], "running")
    with pytest.raises(RebuildRunning):
        second.start_rebuild()  # the lock holds across processes (flock) as well
    engine.go.set()
    done = first.wait(10)
    assert done is not None and done["status"] == "succeeded"
    seen = second.last()
    assert seen is not None and seen["status"] == "succeeded" and seen["result"] == {"artifacts_version": "v2"}


def test_a_job_whose_process_stopped_is_reported_failed(tmp_path: Path) -> None:
    lock = tmp_path / "admin.lock"
    (tmp_path / "rebuild-job.json").write_text(json.dumps(
        {"id": "abc", "status": "running", "started_at": "2026-12-01T10:00:00+00:00", "finished_at": None,
         "seconds": None, "result": None, "error": None}))
    job = AdminWork(_SlowEngine(), lock).last()  # type: ignore[arg-type]
    assert job is not None and job["status"] == "failed" and "stopped" in job["error"]
