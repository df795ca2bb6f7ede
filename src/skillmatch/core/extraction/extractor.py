"""The skill extractor: built once from a skill index and an encoder (with, optionally, a
phrase space, a label finder, the taxonomy's action words and products), it reads many texts at
once, with one encoder call for all their sentences, through the steps described in
:mod:`skillmatch.core.extraction`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence

import numpy as np

from skillmatch.core.extraction.candidates import _Candidates
from skillmatch.core.extraction.config import ExtractionConfig, PhraseSpace
from skillmatch.core.extraction.results import Extraction
from skillmatch.core.extraction.scoring import _Scoring
from skillmatch.core.extraction.signals import _Signals
from skillmatch.core.extraction.vocabulary import _Vocabulary
from skillmatch.core.label_finder import DictFinder, LabelFinderFactory
from skillmatch.core.ports import Encoder
from skillmatch.core.skill_index import SkillIndex
from skillmatch.core.text import normalise_label


class SkillExtractor(_Vocabulary, _Candidates, _Signals, _Scoring):
    def __init__(
        self,
        index: SkillIndex,
        encoder: Encoder,
        *,
        config: ExtractionConfig | None = None,
        non_skill_terms: Mapping[str, str] | None = None,
        phrase_space: PhraseSpace | None = None,
        label_finder: LabelFinderFactory | None = None,
        action_words: Collection[str] = (),
        products: Collection[str] = (),
    ) -> None:
        """``action_words``: one-word labels of skills that are actions ("plan", "write"), as
        opposed to knowledge ("statistics", "economics"); where such a word is also an ordinary
        word, naming it is not enough: its sentence must say so (see ``_exact_matches``).
        ``products``: the ids of skills that are named products (tools, software); a one-word
        product label that starts several others is a maker's name ("Google", "SAP"), and
        followed by a name (not a lower-case word) that continues it into one of those labels it
        is part of a longer name, not the product itself ("Google Search Console", "Google
        Sheets": not "Google"; "C and C++" still says "C")."""
        self.index = index
        self.encoder = encoder
        self.phrase_space = phrase_space
        self.config = config or ExtractionConfig()
        self.non_skill_terms = dict(non_skill_terms or {})
        keys, self._alias_list = self._label_keys()
        self._finder = (label_finder or DictFinder)(keys)
        self._ordinary, self._names = self._word_use()
        ids = index.entries.skill_ids
        self._id_rank = np.empty(len(ids), dtype=np.int64)  # a skill's place in the order of ids
        self._id_rank[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
        self._has_names = np.zeros(len(index.entries.texts), dtype=bool)
        self._has_names[list(self._names)] = True
        by_name: dict[str, list[int]] = {}
        for row, names in self._names.items():
            for name in names:
                by_name.setdefault(name, []).append(row)
        self._rows_of_name = {name: np.asarray(rows, dtype=np.int64) for name, rows in by_name.items()}
        self._non_skill_finder = (label_finder or DictFinder)(self._non_skill_keys())
        self._unit_rows: dict[str, np.ndarray] = {}  # a word or word pair -> its phrase-space neighbours
        self._weak = frozenset(normalise_label(w) for w in action_words) & self._ordinary
        self._makers = self._maker_names(frozenset(products))

    # -- public -----------------------------------------------------------------------
    def extract(self, text: str, *, exclude: Iterable[str] = ()) -> Extraction:
        return self.extract_many([text], exclude=exclude)[0]

    def extract_many(
        self,
        texts: Sequence[str],
        *,
        exclude: Iterable[str] = (),
        exclude_each: Sequence[Iterable[str]] | None = None,
    ) -> list[Extraction]:
        """Extract from many texts at once (one encoder call); ``exclude`` applies to all,
        ``exclude_each[i]`` to text i only (e.g. each posting's employer and place)."""
        shared = [e.strip() for e in exclude if e and e.strip()]
        docs = []
        for i, text in enumerate(texts):
            own = [e.strip() for e in (exclude_each[i] if exclude_each else ()) if e and e.strip()]
            terms = shared + own
            pattern = (
                re.compile("|".join(rf"(?<!\w){re.escape(t)}(?!\w)" for t in terms), re.IGNORECASE)
                if terms
                else None
            )
            docs.append(self._prepare(text, pattern))
        sent_q: dict[str, int] = {}
        for sents in docs:
            for sent, _, _ in sents:
                sent_q.setdefault(sent.text.lower(), len(sent_q))
        if not sent_q:
            return [Extraction([], []) for _ in texts]
        size = self.index.vectors.size
        flat = [item for sents in docs for item in sents]
        if self.phrase_space is None:
            # Phrases in the sentence encoder's space, each searched for its own neighbours.
            phr_q: dict[str, int] = {}
            for _, phs, _ in flat:
                for ph in phs:
                    phr_q.setdefault(ph.text.lower(), len(phr_q))
            vectors = self.encoder.encode([*sent_q, *phr_q])
            _, rows = self.index.vectors.search(vectors, min(self.config.retrieve_k, size))
            sent_vecs, sent_rows = vectors[: len(sent_q)], rows[: len(sent_q)]
            phr_vecs, phr_rows = vectors[len(sent_q) :], rows[len(sent_q) :]
            read = []
            for _, phs, _ in flat:
                q = [phr_q[ph.text.lower()] for ph in phs]
                read.append((phr_rows[q].ravel(), phr_vecs[q]))
        else:
            sent_vecs = self.encoder.encode(list(sent_q))
            _, sent_rows = self.index.vectors.search(sent_vecs, min(self.config.sentence_k, size))
            read = self._read_phrases(flat)
        measured_flat = iter(
            self._measure(sent, phs, exact, sent_vecs[q], sent_rows[q], rows, vecs)
            for (sent, phs, exact), (rows, vecs) in zip(flat, read, strict=True)
            for q in (sent_q[sent.text.lower()],)
        )
        measured = [[m for _ in sents if (m := next(measured_flat)) is not None] for sents in docs]
        return [self._read(doc) for doc in measured]
