"""A value kept for one version of what it is built from (the taxonomy, the index, the catalog),
built again when that version changes; safe to share between request threads."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class VersionCache(Generic[T]):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entry: tuple[Hashable, T] | None = None

    def get(self, version: Hashable, build: Callable[[], T]) -> T:
        """The value for ``version``: the kept one, or ``build()`` (kept in its place)."""
        with self._lock:
            if self._entry is None or self._entry[0] != version:
                self._entry = (version, build())
            return self._entry[1]

    def peek(self) -> T | None:
        """The value kept now, whatever its version."""
        entry = self._entry
        return None if entry is None else entry[1]
