"""The two things the core needs from the outside world, as protocols.

Adapters implement them with sentence-transformers and faiss; tests implement them with a
few seeded vectors. Vectors are float32 rows of unit length, so inner product is cosine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

#: Called with the number of items just finished, so a caller can advance a progress bar.
ProgressCallback = Callable[[int], None]


@runtime_checkable
class Encoder(Protocol):
    @property
    def model_id(self) -> str:
        """Names the model and its weights; embeddings from different ids never mix."""
        ...

    @property
    def dim(self) -> int: ...

    def encode(self, texts: Sequence[str], *, progress: ProgressCallback | None = None) -> np.ndarray:
        """Unit-length float32 vectors, one row per text, in input order."""
        ...


class AdditiveEncoder(Encoder, Protocol):
    """An encoder whose vectors add up, as a static embedding model's do (the mean of its
    tokens' vectors): ``encode(t)`` is the unit vector of ``sums([t])[0]``, and the sum of
    two words' rows is the row of the two read together."""

    def sums(self, texts: Sequence[str]) -> np.ndarray:
        """One unnormalised float32 row per text: the sum of its tokens' vectors."""
        ...


@runtime_checkable
class VectorIndex(Protocol):
    @property
    def dim(self) -> int: ...

    @property
    def size(self) -> int: ...

    def add(self, vectors: np.ndarray) -> None: ...

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Scores and row ids, each of shape (len(queries), k), best first; ids of -1 pad
        rows when the index holds fewer than k vectors."""
        ...

    def reconstruct(self, rows: np.ndarray) -> np.ndarray:
        """The stored vectors of the given rows."""
        ...


class ExactIndex:
    """Brute-force inner-product search in numpy: exact, and fast enough up to ~50k vectors."""

    def __init__(self, dim: int) -> None:
        self._dim = dim
        self._matrix = np.zeros((0, dim), dtype=np.float32)

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def size(self) -> int:
        return int(self._matrix.shape[0])

    @property
    def matrix(self) -> np.ndarray:
        return self._matrix

    def add(self, vectors: np.ndarray) -> None:
        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, self._dim)
        self._matrix = np.vstack([self._matrix, vectors])

    def reconstruct(self, rows: np.ndarray) -> np.ndarray:
        return self._matrix[np.asarray(rows, dtype=np.int64)]

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        queries = np.asarray(queries, dtype=np.float32).reshape(-1, self._dim)
        n = self.size
        scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
        ids = np.full((len(queries), k), -1, dtype=np.int64)
        if n == 0 or len(queries) == 0:
            return scores, ids
        sims = queries @ self._matrix.T
        take = min(k, n)
        part = np.argpartition(-sims, take - 1, axis=1)[:, :take]
        part_scores = np.take_along_axis(sims, part, axis=1)
        # Stable order: score descending, then row id ascending, so ties are deterministic.
        order = np.lexsort((part, -part_scores), axis=1)
        ids[:, :take] = np.take_along_axis(part, order, axis=1)
        scores[:, :take] = np.take_along_axis(part_scores, order, axis=1)
        return scores, ids


class SubsetIndex:
    """A vector index over some rows of a larger table, answering in that table's row ids.

    The phrase space searches labels only, never descriptions: ``inner`` holds the vectors of
    ``rows`` (table row ids, ascending) and this index reports ``total`` rows, of which the ones
    it does not hold reconstruct as zero vectors."""

    def __init__(self, inner: VectorIndex, rows: np.ndarray, total: int) -> None:
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) != inner.size:
            raise ValueError(f"{len(rows)} row ids for an index of {inner.size} vectors")
        self.inner = inner
        self.rows = rows
        self._total = total
        self._inverse = np.full(total, -1, dtype=np.int64)
        self._inverse[rows] = np.arange(len(rows))

    @property
    def dim(self) -> int:
        return self.inner.dim

    @property
    def size(self) -> int:
        return self._total

    def add(self, vectors: np.ndarray) -> None:
        raise TypeError("a subset index is built from its rows, not added to")

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        scores, ids = self.inner.search(queries, min(k, self.inner.size))
        return scores, np.where(ids >= 0, self.rows[np.maximum(ids, 0)], -1)

    def reconstruct(self, rows: np.ndarray) -> np.ndarray:
        inner_rows = self._inverse[np.asarray(rows, dtype=np.int64)]
        held = inner_rows >= 0
        if held.all():
            return self.inner.reconstruct(inner_rows)
        out = np.zeros((len(inner_rows), self.dim), dtype=np.float32)
        if held.any():
            out[held] = self.inner.reconstruct(inner_rows[held])
        return out
