"""Rebuilds and imports run one at a time, and a rebuild runs beside the requests being served.

``POST /v1/admin/rebuild`` starts :meth:`Engine.rebuild` in a background thread and answers 202
with the job (or waits for it with ``?wait=true``). The new index is written into a new
artifacts version and made current by one atomic rename; requests pin the version they started
on (:meth:`Engine.pinned`), so requests in flight finish on the old version, requests that
start after the switch get the new one, and a rebuild that fails before the switch leaves the
old version serving.

Only one admin write (a rebuild or an import) runs at a time: a second one gets 409. The lock
is a thread lock plus, where the platform has it, an ``flock`` on a file in the data directory,
so it holds across the worker processes of one server too, plus, on PostgreSQL, an advisory lock
in the database, so it holds across servers on several machines sharing one database. The job record is kept in a file
beside the lock, so ``GET /v1/admin/rebuild`` answers the same in every worker process, and a job
whose process stopped before it finished is reported as failed rather than running for ever.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from skillmatch.adapters.storage.repository import DatabaseLock
from skillmatch.errors import RebuildRunning, SkillmatchError
from skillmatch.service import Engine

log = logging.getLogger("skillmatch.api")

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]


@dataclass(frozen=True)
class _Held:
    """The admin lock as held: the data directory's file lock and the database's lock."""

    file: IO[str] | None
    database: DatabaseLock


class AdminWork:
    def __init__(self, engine: Engine, lock_file: Path) -> None:
        self.engine = engine
        self.lock_file = lock_file
        self.job_file = lock_file.with_name("rebuild-job.json")
        self._lock = threading.Lock()
        self._busy_with = ""
        self._job: dict[str, Any] | None = None
        self._error: BaseException | None = None
        self._done = threading.Event()

    # -- the exclusive lock -------------------------------------------------------------
    def _acquire(self, what: str) -> _Held:
        if not self._lock.acquire(blocking=False):
            raise RebuildRunning(f"cannot start {what}: {self._busy_with} is running; try again when it is done")
        handle: IO[str] | None = None
        try:
            if fcntl is not None:
                self.lock_file.parent.mkdir(parents=True, exist_ok=True)
                handle = self.lock_file.open("a")
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    handle.close()
                    raise RebuildRunning(
                        f"cannot start {what}: another server process is rebuilding or importing"
                    ) from None
            database = self.engine.admin_lock()
            if database is None:
                if handle is not None:
                    handle.close()
                raise RebuildRunning(f"cannot start {what}: a server sharing the database is rebuilding or importing")
        except BaseException:
            self._lock.release()
            raise
        self._busy_with = what
        return _Held(handle, database)

    def _release(self, held: _Held) -> None:
        try:
            held.database.release()
        finally:
            if held.file is not None:
                if fcntl is not None:
                    fcntl.flock(held.file.fileno(), fcntl.LOCK_UN)
                held.file.close()
            self._busy_with = ""
            self._lock.release()

    @contextmanager
    def exclusive(self, what: str) -> Iterator[None]:
        """Run an import: 409 (RebuildRunning) while a rebuild or another import runs."""
        handle = self._acquire(what)
        try:
            yield
        finally:
            self._release(handle)

    # -- rebuilds -----------------------------------------------------------------------
    def start_rebuild(self) -> dict[str, Any]:
        """Start a rebuild in the background; RebuildRunning when one (or an import) is running."""
        handle = self._acquire("a rebuild")
        job: dict[str, Any] = {
            "id": secrets.token_hex(8), "status": "running",
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "finished_at": None, "seconds": None, "result": None, "error": None,
        }
        self._job, self._error = job, None
        self._save(job)
        self._done = threading.Event()
        thread = threading.Thread(target=self._run, args=(job, handle, self._done), name="skillmatch-rebuild",
                                  daemon=True)
        try:
            thread.start()
        except BaseException:
            self._release(handle)
            raise
        return dict(job)

    def _run(self, job: dict[str, Any], handle: _Held, done: threading.Event) -> None:
        started = time.perf_counter()
        try:
            result = self.engine.rebuild()
            job.update(status="succeeded", result=result)
            log.info("rebuild %s done: artifacts version %s", job["id"], result["artifacts_version"])
        except BaseException as exc:  # the old version keeps serving
            log.exception("rebuild %s failed", job["id"])
            self._error = exc
            job.update(status="failed", error=str(exc) or type(exc).__name__)
        finally:
            job.update(finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
                       seconds=round(time.perf_counter() - started, 3))
            self._save(job)
            self._release(handle)
            done.set()

    def wait(self, timeout: float | None = None) -> dict[str, Any] | None:
        """The last job once it has finished (or when ``timeout`` runs out)."""
        self._done.wait(timeout)
        return self.last()

    def last(self) -> dict[str, Any] | None:
        """The last job any process of this server started (its record file), else this process's own."""
        try:
            job: dict[str, Any] = json.loads(self.job_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return dict(self._job) if self._job is not None else None
        if job.get("status") == "running" and not self._lock.locked() and not self._held_elsewhere():
            job.update(status="failed", error="the server process running this rebuild stopped before it finished")
        return job

    def _save(self, job: dict[str, Any]) -> None:
        """Write the job record whole (a temporary file renamed over the old one)."""
        try:
            self.job_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.job_file.with_name(f".{self.job_file.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(job), encoding="utf-8")
            os.replace(tmp, self.job_file)
        except OSError:  # the in-process record still answers for this process
            log.warning("could not write %s", self.job_file, exc_info=True)

    def _held_elsewhere(self) -> bool:
        """Whether another process holds the admin lock (a rebuild or an import is running there)."""
        if self.engine.admin_lock_held():
            return True
        if fcntl is None or not self.lock_file.exists():
            return False
        with self.lock_file.open("a") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        return False

    def last_error(self) -> SkillmatchError | None:
        """The domain error the last rebuild failed with, to answer with its status."""
        return self._error if isinstance(self._error, SkillmatchError) else None
