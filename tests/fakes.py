"""Test doubles for the core's ports: a deterministic bag-of-words encoder."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

DIM = 32


@lru_cache(maxsize=1 << 16)
def _word_vector(word: str) -> np.ndarray:
    seed = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
    vector = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
    vector.flags.writeable = False  # shared by every text with the word
    return vector


class FakeEncoder:
    """Texts sharing words get similar vectors; the same text always gets the same vector."""

    def __init__(self, model_id: str = "fake-bow@1") -> None:
        self._model_id = model_id
        self.calls: list[list[str]] = []

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def dim(self) -> int:
        return DIM

    def sums(self, texts: Sequence[str]) -> np.ndarray:
        """The sum of the word vectors of each text (``encode`` is its unit vector)."""
        self.calls.append(list(texts))
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            for w in re.findall(r"[a-z0-9+#]+", text.lower()):
                out[i] += _word_vector(w)
        return out

    def encode(self, texts: Sequence[str], *, progress=None) -> np.ndarray:  # type: ignore[no-untyped-def]
        texts = list(texts)
        self.calls.append(texts)
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            words = re.findall(r"[a-z0-9+#]+", text.lower()) or ["<empty>"]
            vec = sum(_word_vector(w) for w in words)
            out[i] = vec / (np.linalg.norm(vec) or 1.0)
        if progress:
            progress(len(texts))
        return out
