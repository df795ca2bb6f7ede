"""Rebuilds and imports run one at a time, and a rebuild runs beside the requests being served.

``POST /v1/admin/rebuild`` starts :meth:`Engine.rebuild` in a background thread and answers 202
with the job (or waits for it with ``?wait=true``). The new index is written into a new
artifacts version and made current by one atomic rename; requests pin the version they started
on (:meth:`Engine.pinned`), so requests in flight finish on the old version, requests that
start after the switch get the new one, and a rebuild that fails before the switch leaves the
old version serving.

Only one admin write (a rebuild or an import) runs at a time: a second one gets 409. The lock
is a thread lock plus, where the platform has it, an ``flock`` on a file in the data directory,
so it holds across the worker processes of one server too.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from skillmatch.errors import RebuildRunning, SkillmatchError
from skillmatch.service import Engine

log = logging.getLogger("skillmatch.api")

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]


class AdminWork:
    def __init__(self, engine: Engine, lock_file: Path) -> None:
        self.engine = engine
        self.lock_file = lock_file
        self._lock = threading.Lock()
        self._busy_with = ""
        self._job: dict[str, Any] | None = None
        self._error: BaseException | None = None
        self._done = threading.Event()

    # -- the exclusive lock -------------------------------------------------------------
    def _acquire(self, what: str) -> IO[str] | None:
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
        except BaseException:
            self._lock.release()
            raise
        self._busy_with = what
        return handle

    def _release(self, handle: IO[str] | None) -> None:
        if handle is not None:
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            handle.close()
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
        self._done = threading.Event()
        thread = threading.Thread(target=self._run, args=(job, handle, self._done), name="skillmatch-rebuild",
                                  daemon=True)
        try:
            thread.start()
        except BaseException:
            self._release(handle)
            raise
        return dict(job)

    def _run(self, job: dict[str, Any], handle: IO[str] | None, done: threading.Event) -> None:
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
            self._release(handle)
            done.set()

    def wait(self, timeout: float | None = None) -> dict[str, Any] | None:
        """The last job once it has finished (or when ``timeout`` runs out)."""
        self._done.wait(timeout)
        return self.last()

    def last(self) -> dict[str, Any] | None:
        return dict(self._job) if self._job is not None else None

    def last_error(self) -> SkillmatchError | None:
        """The domain error the last rebuild failed with, to answer with its status."""
        return self._error if isinstance(self._error, SkillmatchError) else None
