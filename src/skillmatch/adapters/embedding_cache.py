"""An on-disk cache of embeddings, keyed by model id and a hash of the text.

It wraps any encoder: texts seen before are read back, the rest are encoded and stored in
slices, so an interrupted index build resumes where it stopped. No text is encoded twice: for an
encoder whose tokenizer lower-cases everything (all-MiniLM-L6-v2), "Python" and "python" are one
text. What is left to encode goes to the encoder shortest first, so each batch holds texts of
about one length and little padding. The cache is a SQLite file; deleting it only costs time.

**As of a time.** Within :func:`reading_as_of` (one import), only what was cached before that
time is read back; what the import itself encodes is written but not read again until it ends.
A text's vector then never depends on which part of the import, or which of several workers
running at once, happened to encode it first (the last digits of a vector may differ with the
batch it was encoded in), so an import run in parallel gives the same numbers as one run in
order.
"""

from __future__ import annotations

import contextvars
import hashlib
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from skillmatch.core.ports import Encoder, ProgressCallback

_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL,
    key BLOB NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, key)
) WITHOUT ROWID
"""
_WRITTEN = "ALTER TABLE embeddings ADD COLUMN written REAL NOT NULL DEFAULT 0"  # caches made before it
_LOOKUP_CHUNK = 500  # stays under SQLite's bound-parameter limit
_AS_OF: contextvars.ContextVar[float | None] = contextvars.ContextVar("skillmatch_cache_as_of", default=None)


@contextmanager
def reading_as_of(moment: float) -> Iterator[None]:
    """Within the block (this thread or task), caches read only vectors written before ``moment``
    (a ``time.time()``)."""
    token = _AS_OF.set(moment)
    try:
        yield
    finally:
        _AS_OF.reset(token)
_WRITE_SLICE = 2048  # texts encoded between two commits


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class CachedEncoder:
    """An :class:`~skillmatch.core.ports.Encoder` that remembers what it has encoded."""

    def __init__(self, inner: Encoder, path: Path) -> None:
        self.inner = inner
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.execute(_SCHEMA)
            if "written" not in {row[1] for row in db.execute("PRAGMA table_info(embeddings)")}:
                try:
                    db.execute(_WRITTEN)
                except sqlite3.OperationalError as exc:  # another process added it just now
                    if "duplicate column" not in str(exc):
                        raise

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def dim(self) -> int:
        return self.inner.dim

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=60)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            with db:
                yield db
        finally:
            db.close()

    def _lookup(self, db: sqlite3.Connection, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        model = self.model_id
        as_of = _AS_OF.get()
        since = "" if as_of is None else " AND written < ?"
        bound = [] if as_of is None else [as_of]
        for start in range(0, len(keys), _LOOKUP_CHUNK):
            chunk = keys[start : start + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = db.execute(
                f"SELECT key, vector FROM embeddings WHERE model = ? AND key IN ({marks}){since}",
                [model, *chunk, *bound],
            )
            for key, blob in rows:
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def encode(self, texts: Sequence[str], *, progress: ProgressCallback | None = None) -> np.ndarray:
        texts = list(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        fold = bool(getattr(self.inner, "uncased", False))
        keys = [text_key(t.lower() if fold else t) for t in texts]
        with self._lock, self._connect() as db:
            cached = self._lookup(db, sorted(set(keys)))
        missing: dict[bytes, str] = {}
        for i, key in enumerate(keys):
            vec = cached.get(key)
            if vec is not None and vec.shape[0] == self.dim:
                out[i] = vec
            elif key not in missing:
                missing[key] = texts[i]
        uses = Counter(keys)
        if progress:
            progress(len(texts) - sum(uses[k] for k in missing))
        if missing:
            todo = sorted(missing.items(), key=lambda item: len(item[1]))
            fresh: dict[bytes, np.ndarray] = {}
            for start in range(0, len(todo), _WRITE_SLICE):
                part = todo[start : start + _WRITE_SLICE]
                vecs = self.inner.encode([t for _, t in part])
                now = time.time()
                rows = [
                    (self.model_id, k, v.astype(np.float32).tobytes(), now)
                    for (k, _), v in zip(part, vecs, strict=True)
                ]
                # As of a time, a vector already there (written since by another worker) is kept.
                verb = "INSERT OR REPLACE" if _AS_OF.get() is None else "INSERT OR IGNORE"
                with self._lock, self._connect() as db:
                    db.executemany(f"{verb} INTO embeddings (model, key, vector, written) VALUES (?, ?, ?, ?)", rows)
                for (k, _), v in zip(part, vecs, strict=True):
                    fresh[k] = v
                if progress:
                    progress(sum(uses[k] for k, _ in part))
            for i, key in enumerate(keys):
                if key in fresh:
                    out[i] = fresh[key]
        return out
