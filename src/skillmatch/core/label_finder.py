"""Finding every skill label a sentence names, word for word.

A sentence is read as its normalised tokens; a label matches a run of whole tokens whose
normalised forms, joined by single spaces, equal the label's key. ``DictFinder`` looks every run
up in a dictionary (the reference, fine for a small taxonomy); the adapter
``skillmatch.adapters.label_automaton`` finds them all in one pass with an Aho-Corasick automaton.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from skillmatch.core.phrases import tokenize
from skillmatch.core.text import normalise_label


def token_key(text: str) -> str:
    """The key a label is found by: its tokens, normalised, joined by one space."""
    return " ".join(part for part in (normalise_label(t.text) for t in tokenize(text)) if part)


class LabelFinder(Protocol):
    def find(self, tokens: Sequence[str]) -> list[tuple[int, int, int]]:
        """(first token, number of tokens, value) of every key found in the normalised tokens."""
        ...


LabelFinderFactory = Callable[[Mapping[str, int]], LabelFinder]


class DictFinder:
    def __init__(self, keys: Mapping[str, int], max_tokens: int = 8) -> None:
        self.keys = dict(keys)
        self.max_tokens = max(max_tokens, max((k.count(" ") + 1 for k in self.keys), default=1))

    def find(self, tokens: Sequence[str]) -> list[tuple[int, int, int]]:
        found = []
        for i in range(len(tokens)):
            for size in range(1, min(self.max_tokens, len(tokens) - i) + 1):
                value = self.keys.get(" ".join(tokens[i : i + size]))
                if value is not None:
                    found.append((i, size, value))
        return found
