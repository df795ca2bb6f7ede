"""Small text helpers shared by the core: label normalisation and splitting of list cells."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
# Punctuation that is part of a skill name and must survive ("C++", "C#", ".NET", "CI/CD", "Node.js").
_KEEP = set("+#./&")


@lru_cache(maxsize=1 << 18)
def normalise_label(text: str) -> str:
    """A key for comparing labels: case-folded, accents kept, spacing and stray punctuation
    removed, but the symbols that make "C++" differ from "C" kept. (Remembered: extraction asks
    for the same n-grams again and again.)"""
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    chars = [c if (c.isalnum() or c in _KEEP or c.isspace()) else " " for c in text]
    cleaned = _SPACE.sub(" ", "".join(chars)).strip()
    return cleaned.rstrip("./&").lstrip("/&").strip()


def split_list(cell: str, separators: str = ";\n") -> list[str]:
    """Split a list cell ("a; b\\nc") into trimmed, non-empty items."""
    if not cell:
        return []
    pattern = "[" + re.escape(separators) + "]"
    return [part.strip() for part in re.split(pattern, cell) if part.strip()]


def squash_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()
