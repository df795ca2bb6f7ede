"""A :class:`~skillmatch.core.label_finder.LabelFinder` over an Aho-Corasick automaton
(pyahocorasick): every label of the taxonomy found in one pass over a sentence, however many
labels there are. Built from the keys in about a second for ~100k labels, once per index."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import ahocorasick


class AutomatonFinder:
    def __init__(self, keys: Mapping[str, int]) -> None:
        self._automaton = ahocorasick.Automaton()
        for key, value in keys.items():
            if key:
                self._automaton.add_word(key, (value, key.count(" ") + 1, len(key)))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, tokens: Sequence[str]) -> list[tuple[int, int, int]]:
        if self._empty or not tokens:
            return []
        haystack = " ".join(tokens)
        # Which token starts and which ends at each offset: a key counts only on whole tokens.
        starts: dict[int, int] = {}
        ends: dict[int, int] = {}
        offset = 0
        for i, token in enumerate(tokens):
            starts[offset] = i
            ends[offset + len(token) - 1] = i
            offset += len(token) + 1
        found = []
        for end, (value, size, length) in self._automaton.iter(haystack):
            first = starts.get(end - length + 1)
            if first is not None and ends.get(end) == first + size - 1:
                found.append((first, size, value))
        return found
