"""A :class:`~skillmatch.core.ports.VectorIndex` backed by faiss.

Exact inner-product search (``IndexFlatIP``) up to ``HNSW_ABOVE`` vectors, HNSW beyond, where
exact search stops being fast enough for the hundreds of phrase queries one posting makes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import faiss
import numpy as np

HNSW_ABOVE = 50_000
HNSW_M = 32
HNSW_EF_SEARCH = 128


def choose_kind(kind: str, n_vectors: int) -> str:
    if kind == "auto":
        return "hnsw" if n_vectors > HNSW_ABOVE else "flat"
    return kind


class FaissIndex:
    def __init__(self, dim: int, kind: str = "flat", *, _index: Any = None) -> None:
        self.kind = kind
        if _index is not None:
            self._index = _index
        elif kind == "hnsw":
            self._index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            self._index.hnsw.efConstruction = 80
        else:
            self._index = faiss.IndexFlatIP(dim)
        if hasattr(self._index, "hnsw"):
            self._index.hnsw.efSearch = HNSW_EF_SEARCH

    @property
    def dim(self) -> int:
        return int(self._index.d)

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    def add(self, vectors: np.ndarray) -> None:
        self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        queries = np.ascontiguousarray(np.asarray(queries, dtype=np.float32).reshape(-1, self.dim))
        scores, ids = self._index.search(queries, k)
        scores = np.where(ids < 0, -np.inf, scores).astype(np.float32)
        return scores, ids.astype(np.int64)

    def reconstruct(self, rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._index.reconstruct_batch(rows), dtype=np.float32)

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path) -> FaissIndex:
        index = faiss.read_index(str(path))
        kind = "hnsw" if hasattr(index, "hnsw") else "flat"
        return cls(index.d, kind, _index=index)

    @classmethod
    def from_vectors(cls, vectors: np.ndarray, kind: str = "auto") -> FaissIndex:
        index = cls(vectors.shape[1], choose_kind(kind, len(vectors)))
        index.add(vectors)
        return index
