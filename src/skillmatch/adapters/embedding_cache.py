"""An on-disk cache of embeddings, keyed by model id and a hash of the text.

It wraps any encoder: texts seen before are read back, the rest are encoded and stored in
slices, so an interrupted index build resumes where it stopped. No text is encoded twice: for an
encoder whose tokenizer lower-cases everything (all-MiniLM-L6-v2), "Python" and "python" are one
text. What is left to encode goes to the encoder shortest first, so each batch holds texts of
about one length and little padding. The cache is a SQLite file; deleting it only costs time.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
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
_LOOKUP_CHUNK = 500  # stays under SQLite's bound-parameter limit
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
        for start in range(0, len(keys), _LOOKUP_CHUNK):
            chunk = keys[start : start + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = db.execute(
                f"SELECT key, vector FROM embeddings WHERE model = ? AND key IN ({marks})",
                [model, *chunk],
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
                rows = [
                    (self.model_id, k, v.astype(np.float32).tobytes())
                    for (k, _), v in zip(part, vecs, strict=True)
                ]
                with self._lock, self._connect() as db:
                    db.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)", rows)
                for (k, _), v in zip(part, vecs, strict=True):
                    fresh[k] = v
                if progress:
                    progress(sum(uses[k] for k, _ in part))
            for i, key in enumerate(keys):
                if key in fresh:
                    out[i] = fresh[key]
        return out
