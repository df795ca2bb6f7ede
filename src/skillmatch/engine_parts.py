"""Small pieces of the engine: the index as loaded, no progress display, and the admin-write wrapper."""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any, TypeVar

from skillmatch.core.ports import ProgressCallback, SubsetIndex
from skillmatch.core.skill_index import SkillIndex


def no_progress(description: str, total: int) -> AbstractContextManager[ProgressCallback | None]:
    return nullcontext(None)


@dataclass(frozen=True)
class LoadedIndex:
    index: SkillIndex
    manifest: dict[str, Any]
    version: str
    phrases: SubsetIndex | None = None  # the labels in the static model's space


_Method = TypeVar("_Method", bound=Callable[..., Any])


def admin_write(what: str) -> Callable[[_Method], _Method]:
    """An Engine method that changes what is stored: it holds the admin lock (one admin write at a
    time, across threads, processes and servers; see :mod:`skillmatch.adapters.admin_lock`), and
    the engine forgets its stamps after it."""
    def decorate(method: _Method) -> _Method:
        @functools.wraps(method)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                with self.admin.hold(what, self.settings.admin_wait, self._on_admin_wait):
                    return method(self, *args, **kwargs)
            finally:
                self._changed()
        return wrapper  # type: ignore[return-value]
    return decorate
