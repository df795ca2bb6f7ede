"""Versioned folders with an atomic "current" pointer.

Writers fill a new version folder, then :meth:`VersionedStore.commit` points ``CURRENT`` at it
with one atomic rename. Readers resolve ``CURRENT`` once and keep using that folder, so a
rebuild never disturbs what is being served, and a failed write leaves the old version current.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

_POINTER = "CURRENT"


def atomic_write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class VersionedStore:
    def __init__(self, root: Path, *, keep: int = 3) -> None:
        self.root = Path(root)
        self.keep = keep

    def current(self) -> Path | None:
        pointer = self.root / _POINTER
        if not pointer.is_file():
            return None
        name = pointer.read_text(encoding="utf-8").strip()
        path = self.root / name
        return path if name and path.is_dir() else None

    def current_version(self) -> str | None:
        path = self.current()
        return path.name if path else None

    @contextmanager
    def new_version(self) -> Iterator[Path]:
        """A fresh folder to fill; committed when the block ends without error, removed if not."""
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        name = f"v{stamp}-{secrets.token_hex(3)}"
        work = self.root / f".tmp-{name}"
        work.mkdir()
        try:
            yield work
            final = self.root / name
            os.replace(work, final)
            atomic_write_text(self.root / _POINTER, name + "\n")
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        self.prune()

    def versions(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and p.name.startswith("v"))

    def prune(self) -> None:
        current = self.current_version()
        old = [v for v in self.versions() if v != current]
        for name in old[: max(0, len(old) - (self.keep - 1))]:
            shutil.rmtree(self.root / name, ignore_errors=True)
