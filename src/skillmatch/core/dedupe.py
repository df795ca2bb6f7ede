"""Finding exact and near-duplicate postings (the same ad posted twice, lightly edited).

Exact duplicates share a content key (title, employer and text, case and spacing aside). Near
duplicates share at least ``threshold`` (0.8) of their word 5-shingles (Jaccard similarity); MinHash
signatures with banding find the candidate pairs, so the work grows with the number of
postings, not its square, and every candidate is confirmed with the exact Jaccard.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

_WORD = re.compile(r"\w+")
_PRIME = (1 << 61) - 1


@dataclass(frozen=True)
class Document:
    key: str  # identifies the document to the caller
    content_key: str
    text: str


def shingles(text: str, size: int = 5) -> set[int]:
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        words = words + [""] * (size - len(words))
    grams = (" ".join(words[i : i + size]) for i in range(len(words) - size + 1))
    return {int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little") >> 4 for g in grams}


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


class DuplicateFinder:
    def __init__(self, threshold: float = 0.8, bands: int = 16, rows: int = 4, seed: int = 7) -> None:
        self.threshold = threshold
        self.bands, self.rows = bands, rows
        rng = np.random.default_rng(seed)
        n = bands * rows
        self._a = rng.integers(1, _PRIME, size=n, dtype=np.uint64)
        self._b = rng.integers(0, _PRIME, size=n, dtype=np.uint64)

    def _signature(self, grams: set[int]) -> np.ndarray:
        x = np.fromiter(grams, dtype=np.uint64, count=len(grams))
        # (a * x + b) mod p, computed on object-free uint64 arithmetic with wrap-around, then
        # reduced; the mix is a universal-enough hash for banding (equal sets, equal signatures).
        mixed = (self._a[:, None] * x[None, :] + self._b[:, None]) % np.uint64(_PRIME)
        return mixed.min(axis=1)

    def find(self, documents: Sequence[Document]) -> dict[str, str]:
        """Maps each duplicate's key to the key of the document it duplicates (the first seen)."""
        duplicate_of: dict[str, str] = {}
        first_by_content: dict[str, str] = {}
        grams: dict[str, set[int]] = {}
        buckets: dict[tuple[int, bytes], list[str]] = {}
        for doc in documents:
            if doc.content_key in first_by_content:
                duplicate_of[doc.key] = first_by_content[doc.content_key]
                continue
            first_by_content[doc.content_key] = doc.key
            mine = shingles(doc.text)
            grams[doc.key] = mine
            signature = self._signature(mine)
            candidates: list[str] = []
            for band in range(self.bands):
                bucket = (band, signature[band * self.rows : (band + 1) * self.rows].tobytes())
                candidates.extend(buckets.setdefault(bucket, []))
                buckets[bucket].append(doc.key)
            for other in dict.fromkeys(candidates):
                if other in duplicate_of:
                    continue
                if jaccard(mine, grams[other]) >= self.threshold:
                    duplicate_of[doc.key] = other
                    break
        return duplicate_of
