"""Rebuilds and imports run one at a time, and a rebuild runs beside the requests being served.

``POST /v1/admin/rebuild`` starts :meth:`Engine.rebuild` in a background thread and answers 202
with the job (or waits for it with ``?wait=true``). The new index is written into a new
artifacts version and made current by one atomic rename; requests pin the version they started
on (:meth:`Engine.pinned`), so requests in flight finish on the old version, requests that
start after the switch get the new one, and a rebuild that fails before the switch leaves the
old version serving.

Only one admin write (a rebuild or an import) runs at a time: a second one gets 409. The lock is
the engine's (:mod:`skillmatch.adapters.admin_lock`), so it holds across the threads and worker
processes of a server, against ``skillmatch`` commands on the same data directory, and across
servers sharing one PostgreSQL database. The job record is kept in a file in the data directory,
so ``GET /v1/admin/rebuild`` answers the same in every worker process, and a job whose process
stopped before it finished is reported as failed rather than running for ever.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from skillmatch.adapters.admin_lock import AdminLock, HeldLock
from skillmatch.errors import SkillmatchError
from skillmatch.service import Engine

log = logging.getLogger("skillmatch.api")


class AdminWork:
    def __init__(self, engine: Engine, job_file: Path) -> None:
        self.engine = engine
        self.job_file = job_file
        self._job: dict[str, Any] | None = None
        self._error: BaseException | None = None
        self._done = threading.Event()

    @contextmanager
    def exclusive(self, what: str) -> Iterator[None]:
        """Run an import: 409 (RebuildRunning) while a rebuild or another import runs anywhere."""
        with self.engine.admin.hold(what, wait=0.0):
            yield

    # -- rebuilds -----------------------------------------------------------------------
    def start_rebuild(self) -> dict[str, Any]:
        """Start a rebuild in the background; RebuildRunning when one (or an import) is running."""
        held = self.engine.admin.acquire("a rebuild", wait=0.0)
        job: dict[str, Any] = {
            "id": secrets.token_hex(8), "status": "running",
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "finished_at": None, "seconds": None, "result": None, "error": None,
        }
        self._job, self._error = job, None
        self._save(job)
        self._done = threading.Event()
        context = contextvars.copy_context()  # the rebuild thread holds the lock taken here
        thread = threading.Thread(target=context.run, args=(self._run, job, held, self._done),
                                  name="skillmatch-rebuild", daemon=True)
        try:
            thread.start()
        except BaseException:
            self.engine.admin.release(held)
            raise
        return dict(job)

    def _run(self, job: dict[str, Any], held: HeldLock, done: threading.Event) -> None:
        started = time.perf_counter()
        AdminLock.mark_held()
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
            self.engine.admin.release(held)
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
        if job.get("status") == "running" and not self.engine.admin_busy():
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

    def last_error(self) -> SkillmatchError | None:
        """The domain error the last rebuild failed with, to answer with its status."""
        return self._error if isinstance(self._error, SkillmatchError) else None
