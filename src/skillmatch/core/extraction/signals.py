"""Step 2, the signals: the index rows each sentence and its phrases retrieve (in the phrase
space, the words and word pairs phrases are made of are searched once per extractor and
remembered), and every candidate skill's best sentence and phrase similarity, where a label
with names in it is near only a phrase that says one of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from skillmatch.core.extraction.config import ExtractionConfig, PhraseSpace
from skillmatch.core.extraction.vocabulary import _WORD
from skillmatch.core.phrases import Phrase, Sentence
from skillmatch.core.skill_index import SkillIndex

#: Words and word pairs whose phrase-space neighbours an extractor remembers (see
#: ``SkillExtractor._read_phrases``); past this many it starts afresh.
UNIT_MEMORY = 500_000


@dataclass(frozen=True, slots=True)
class _Measured:
    """One sentence's candidate skills (``positions``) and their signals, before scoring."""

    sentence: Sentence
    phrases: list[Phrase]
    exact_of: dict[int, tuple[Phrase, bool]]  # position -> the phrase that is its label, and whether firm
    positions: np.ndarray
    sent_best: np.ndarray
    phr_best: np.ndarray
    phr_arg: np.ndarray  # per candidate: its best phrase, or -1


class _Signals:
    """The part of :class:`~skillmatch.core.extraction.SkillExtractor` that measures the sentence
    and phrase signals of every candidate skill."""

    index: SkillIndex
    config: ExtractionConfig
    phrase_space: PhraseSpace | None
    _names: dict[int, frozenset[str]]
    _has_names: np.ndarray
    _rows_of_name: dict[str, np.ndarray]
    _unit_rows: dict[str, np.ndarray]

    def _read_phrases(
        self, flat: list[tuple[Sentence, list[Phrase], list[tuple[Phrase, int, bool]]]]
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """For each sentence, the index rows its phrases retrieve and the phrases' vectors, in
        the phrase space. The static model is additive (a text's vector is the unit vector of
        the sum of its words' vectors), so every distinct word is read once and a phrase's
        vector is a sum of its words'. Phrases are not searched one by one: the words phrases
        start and end on and the phrases of two words are, once per extractor (remembered across
        calls), and a sentence's candidates are their neighbours (on the Decorte files, RP@5
        within a point of searching every phrase, at a third of the searches)."""
        assert self.phrase_space is not None
        space = self.phrase_space
        words: dict[str, int] = {}
        for sent, _, _ in flat:
            for token in sent.tokens:
                words.setdefault(token.lower, len(words))
        sums = space.encoder.sums(list(words))
        if len(self._unit_rows) > UNIT_MEMORY:
            self._unit_rows.clear()  # a long import: start afresh rather than grow without end
        per_sentence: list[tuple[np.ndarray, list[str]]] = []
        fresh: dict[str, tuple[int, int]] = {}  # a unit not searched yet -> its word(s)
        known = self._unit_rows
        for sent, phs, _ in flat:
            word_ids = [words[t.lower] for t in sent.tokens]
            # the words phrases start and end on, and the phrases of two words
            edges = {k for ph in phs for k in (ph.first_token, ph.first_token + ph.size - 1)}
            units = {sent.tokens[k].lower: (word_ids[k], -1) for k in edges}
            units.update(
                (f"{sent.tokens[ph.first_token].lower} {sent.tokens[ph.first_token + 1].lower}",
                 (word_ids[ph.first_token], word_ids[ph.first_token + 1]))
                for ph in phs if ph.size == 2
            )
            fresh.update((k, v) for k, v in units.items() if k not in known)
            per_sentence.append((np.asarray(word_ids, dtype=np.int64), list(units)))
        if fresh:
            pairs = np.asarray(list(fresh.values()), dtype=np.int64)
            vecs = sums[pairs[:, 0]]
            second = pairs[:, 1] >= 0
            vecs[second] += sums[pairs[second, 1]]
            vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
            scores, rows = space.labels.search(vecs.astype(np.float32), self.config.phrase_k)
            for unit, r, sc in zip(fresh, rows, scores, strict=True):
                self._unit_rows[unit] = r[(r >= 0) & (sc >= self.config.phrase_floor)]
        out: list[tuple[np.ndarray, np.ndarray]] = []
        empty = np.zeros(0, dtype=np.int64)
        for (_, phs, _), (ids, keys) in zip(flat, per_sentence, strict=True):
            rows = np.concatenate([self._unit_rows[u] for u in keys]) if keys else empty
            if phs:
                cumulative = np.zeros((len(ids) + 1, sums.shape[1]), dtype=np.float32)
                np.cumsum(sums[ids], axis=0, out=cumulative[1:])
                starts = np.fromiter((ph.first_token for ph in phs), dtype=np.int64, count=len(phs))
                ends = starts + np.fromiter((ph.size for ph in phs), dtype=np.int64, count=len(phs))
                vecs = cumulative[ends] - cumulative[starts]
                vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
            else:
                vecs = np.zeros((0, sums.shape[1]), dtype=np.float32)
            out.append((rows, vecs))
        return out

    def _measure(
        self,
        sent: Sentence,
        phs: list[Phrase],
        exact: list[tuple[Phrase, int, bool]],
        sent_vec: np.ndarray,
        sent_rows: np.ndarray,
        phrase_rows: np.ndarray,
        phrase_vecs: np.ndarray,
    ) -> _Measured | None:
        """The sentence and phrase signals of every candidate skill of one sentence: the skills
        of the index rows its sentence and phrases retrieved, and the skills it names."""
        entries = self.index.entries
        retrieved = np.concatenate([sent_rows, phrase_rows])
        retrieved = retrieved[retrieved >= 0]
        positions = set(entries.skill_of[retrieved].tolist()) | {p for _, p, _ in exact}
        if not positions:
            return None
        pos_arr = np.fromiter(sorted(positions), dtype=np.int64)
        label_rows, owners = self.index.label_rows(pos_arr)
        if len(label_rows) == 0:
            return None
        weights = self.index.weight_of_rows(label_rows)
        entry_vecs = self.index.vectors.reconstruct(label_rows)
        local = np.searchsorted(pos_arr, owners)
        sent_best = np.full(len(pos_arr), -1.0, dtype=np.float32)
        np.maximum.at(sent_best, local, (entry_vecs @ sent_vec) * weights)
        phr_best = np.zeros(len(pos_arr), dtype=np.float32)
        phr_arg = np.full(len(pos_arr), -1, dtype=np.int64)
        if phs:
            space = entry_vecs if self.phrase_space is None else self.phrase_space.labels.reconstruct(label_rows)
            named = self._has_names[label_rows]
            if named.any():  # a label with names is near a phrase only when the phrase says one
                said = {w for w in _WORD.findall(sent.text.lower()) if w in self._rows_of_name}
                s_phr = (phrase_vecs @ space.T) * (weights * ~named)  # phrases x rows
                if said:
                    self._need_names(s_phr, phs, (phrase_vecs, space), label_rows, weights, said)
            else:
                s_phr = (phrase_vecs @ space.T) * weights
            row_best, row_arg = s_phr.max(axis=0), s_phr.argmax(axis=0)
            order = np.lexsort((-row_best, local))  # per skill, its best row first
            first = np.ones(len(order), dtype=bool)
            first[1:] = local[order][1:] != local[order][:-1]
            chosen = order[first]
            phr_best[local[chosen]] = row_best[chosen]
            phr_arg[local[chosen]] = row_arg[chosen]
        exact_of = {p: (ph, firm) for ph, p, firm in sorted(exact, key=lambda e: e[2])}  # a firm match wins
        return _Measured(sent, phs, exact_of, pos_arr, sent_best, phr_best, phr_arg)

    def _need_names(
        self, s_phr: np.ndarray, phs: list[Phrase], vecs: tuple[np.ndarray, np.ndarray],
        label_rows: np.ndarray, weights: np.ndarray, said: set[str],
    ) -> None:
        """A label with names in it is near a phrase only when the phrase says one of them:
        "search engine optimization" is not "Moz search engine optimization (SEO)", nor "web
        services" "Amazon Web Services (AWS)". ``s_phr`` comes with no signal for such labels;
        where the sentence ``said`` one of a label's names, the phrases that say it get their
        signal back (in place). ``vecs``: the phrases' and the labels' vectors."""
        rows = np.concatenate([self._rows_of_name[w] for w in said])
        cols = np.flatnonzero(np.isin(label_rows, rows)).tolist()
        if not cols:
            return
        phrase_vecs, label_vecs = vecs
        words = [{w.lower() for w in _WORD.findall(ph.text)} for ph in phs]
        for j in cols:
            names = self._names[int(label_rows[j])]
            says = np.fromiter((not names.isdisjoint(w) for w in words), dtype=bool, count=len(words))
            s_phr[says, j] = (phrase_vecs[says] @ label_vecs[j]) * weights[j]
