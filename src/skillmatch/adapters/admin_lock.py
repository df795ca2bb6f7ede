"""One admin write at a time: imports, index builds and rebuilds exclude each other, whoever runs them.

The lock has three parts, taken in this order and given back together:

- a thread lock, for the threads of one process (a server's request threads, its rebuild thread);
- a file lock (``filelock``) on ``admin.lock`` in the data directory, for the processes of one
  machine: the worker processes of a server and the command line;
- on PostgreSQL, a session advisory lock in the database, for servers on several machines that
  share one database (SQLite lives on one machine, where the file lock does).

A holder writes what it is doing next to the lock file, so whoever waits or is refused is told
("a rebuild (process 4242) is running"). Work that holds the lock may call other admin work (set-up
imports a catalog): the lock is held per context, and a nested request for it is a no-op.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from filelock import FileLock, Timeout

from skillmatch.errors import RebuildRunning

#: whether the current context (thread, or a thread started with a copy of the holder's context) holds it
_HELD: ContextVar[bool] = ContextVar("skillmatch_admin_lock_held", default=False)
_POLL = 0.2  # seconds between tries for the database's lock


class ReleasableLock(Protocol):
    def release(self) -> None: ...


@dataclass
class HeldLock:
    """The admin lock as held; :meth:`AdminLock.release` gives it back (from any thread)."""

    what: str
    database: ReleasableLock | None


class AdminLock:
    def __init__(self, path: Path, database: Callable[[], ReleasableLock | None]) -> None:
        self.path = path
        self._database = database
        self._threads = threading.Lock()
        self._file = FileLock(path, thread_local=False)  # taken in one thread, given back in another
        self._what = ""

    @property
    def holder_file(self) -> Path:
        return self.path.with_name(self.path.name + ".holder")

    def busy_with(self) -> str:
        """What the holder said it is doing, if anyone holds it."""
        if self._what:
            return self._what
        try:
            return self.holder_file.read_text(encoding="utf-8").strip()
        except OSError:
            return ""

    # -- taking and giving back ---------------------------------------------------------
    def acquire(self, what: str, wait: float = 0.0, on_wait: Callable[[str], None] | None = None) -> HeldLock:
        """Take the lock for ``what``, waiting up to ``wait`` seconds (``on_wait`` is told what it
        waits for, once); RebuildRunning (naming what runs) when it stays taken."""
        try:
            return self._acquire(what, 0.0)
        except RebuildRunning as exc:
            if wait <= 0:
                raise
            if on_wait is not None:
                on_wait(f"{exc}".replace("cannot start", "waiting to start", 1).split("; try again")[0]
                        + f" (up to {wait:g} s)")
        return self._acquire(what, wait)

    def _acquire(self, what: str, wait: float) -> HeldLock:
        deadline = time.monotonic() + max(wait, 0.0)
        got = self._threads.acquire(timeout=wait) if wait > 0 else self._threads.acquire(blocking=False)
        if not got:
            raise RebuildRunning(f"cannot start {what}: {self.busy_with() or 'other admin work'} is running; "
                                 "try again when it is done")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._file.acquire(timeout=max(deadline - time.monotonic(), 0.0))
            except Timeout:
                running = self.busy_with() or "another process's rebuild or import"
                raise RebuildRunning(f"cannot start {what}: {running} is running in another process; "
                                     "try again when it is done") from None
            try:
                database = self._database()
                while database is None and time.monotonic() < deadline:
                    time.sleep(_POLL)
                    database = self._database()
                if database is None:
                    raise RebuildRunning(f"cannot start {what}: a server sharing the database is rebuilding or "
                                         "importing; try again when it is done")
            except BaseException:
                self._file.release()
                raise
        except BaseException:
            self._threads.release()
            raise
        self._what = f"{what} (process {os.getpid()})"
        with suppress(OSError):  # the message is a courtesy; the lock holds without it
            self.holder_file.write_text(self._what, encoding="utf-8")
        return HeldLock(what, database)

    def release(self, held: HeldLock) -> None:
        try:
            if held.database is not None:
                held.database.release()
        finally:
            self._what = ""
            with suppress(OSError):
                self.holder_file.unlink(missing_ok=True)
            self._file.release()
            self._threads.release()

    @contextmanager
    def hold(self, what: str, wait: float = 0.0, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """Run the block holding the lock (a no-op when this context holds it already)."""
        if _HELD.get():
            yield
            return
        held = self.acquire(what, wait, on_wait)
        token = _HELD.set(True)
        try:
            yield
        finally:
            _HELD.reset(token)
            self.release(held)

    # -- looking ------------------------------------------------------------------------
    @staticmethod
    def held_here() -> bool:
        """Whether the current context holds the lock."""
        return _HELD.get()

    @staticmethod
    def mark_held() -> None:
        """Say that the current context holds the lock: for a thread that runs work whose lock
        another thread took (a rebuild started by a request)."""
        _HELD.set(True)

    def busy(self, database_held: Callable[[], bool]) -> bool:
        """Whether anyone holds it: a thread of this process, another process on this machine, or a
        server sharing the database."""
        if self._threads.locked() or database_held():
            return True
        probe = FileLock(self.path, thread_local=False)
        try:
            probe.acquire(timeout=0)
        except Timeout:
            return True
        probe.release()
        return False
