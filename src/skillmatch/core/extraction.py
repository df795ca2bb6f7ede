"""Turning free text (a posting, a CV, a course description) into taxonomy skills.

How a text is read:

1. It is cut into sentences and list items, and each sentence into candidate phrases: runs of
   one to four whole words that start and end on a content word.
2. Three signals are measured for every candidate skill of a sentence:
   * ``sentence``: how close the whole sentence is to the skill's best label or alternative label;
   * ``phrase``: how close the best phrase of the sentence is to them (that phrase is the evidence);
   * ``exact``: a phrase *is* one of the skill's labels (case-insensitive, except for names of up
     to three letters such as "R", "IT" or "SAS", which must match in case; one-letter names and
     two-letter ones that are not acronyms, like "Go", also need a programming word in the text).
3. The signals are combined into one score in [0, 1],
   ``sentence_weight * sentence + (1 - sentence_weight) * phrase`` with ``phrase = 1`` and a
   floor of ``exact_floor`` on an exact match (a long sentence that names "SQL" still counts),
   and skills at or above the acceptance threshold are extracted. Both numbers
   were chosen on the SkillSkape development split (synthetic job-ad sentences), never on the
   evaluation sets: ``sentence_weight`` for the best RP@5, the threshold for the best F1.
4. Words stand for one skill: within a sentence, of the skills at or above the threshold whose
   phrases overlap, only the best is extracted (an exact label first, then the best score), so
   "architecture" gives one skill, not every skill whose label is near it; two exact labels
   both stand ("SQL Server" and the "SQL" inside it).

Guards: phrases that name an occupation ("Data Scientist"), a place ("London") or an excluded
term (the employer's name) give no skill; a skill whose every mention is negated ("no Java
experience required", "not familiar with SAP") is reported apart as negated, never as held.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from skillmatch.core.label_finder import DictFinder, LabelFinderFactory, token_key
from skillmatch.core.phrases import GENERIC_WORDS, Phrase, Sentence, is_negated, phrases, sentences
from skillmatch.core.ports import AdditiveEncoder, Encoder, VectorIndex
from skillmatch.core.skill_index import EntryKind, SkillIndex
from skillmatch.core.text import normalise_label

#: Words that make a one- or two-letter skill name ("R", "C", "Go") a programming language.
PROGRAMMING_CONTEXT = frozenset(
    """
    programming program programs language languages code coding coder developer developers
    development software script scripts scripting library libraries package packages framework
    frameworks compiler statistical statistics python java javascript sql c++ c# scala julia matlab
    rstudio tidyverse shiny ggplot2 backend api apis stack engineer engineering
    """.split()
)
TECH_CONTEXT = PROGRAMMING_CONTEXT | frozenset(
    "tool tools platform platforms system systems cloud devops pipeline pipelines automation "
    "server servers database databases editor ide environment lms".split()
)
_QUALIFIED = re.compile(r"^(.*\S)\s*\(([^)]*)\)$")
_LOWER_WORD = re.compile(r"(?<![\w.])[a-z][a-z0-9+#]*(?![\w])")
_WORD = re.compile(r"[^\W_][\w+#]*")
#: A one-word label written in lower case in this many of the taxonomy's descriptions is an
#: ordinary word (see ``SkillExtractor._ordinary_words``); of 16,000 ESCO descriptions, "access"
#: is in 128, "windows" in 30, "spring" in 5, "Python" or "Excel" in none.
ORDINARY_WORD_AT = 5
#: A one-word product label that starts labels with this many different second words is a
#: maker's name ("Google": Google Ads, Google Analytics, Google Sheets...).
MAKER_LABELS_AT = 3
#: A capitalised word in fewer labels than this is a name (see ``SkillExtractor._word_use``).
NAME_LABELS_BELOW = 20


#: The headings of a posting or a course page name its parts, not skills ("Job Description" is
#: no evidence of "write job descriptions").
HEADING_TERMS = frozenset(
    {
        "job description", "job descriptions", "job summary", "job title", "job details", "job overview",
        "job requirements", "job purpose", "role description", "role summary", "position summary",
        "company description", "company overview", "course description", "course overview", "course summary",
    }
)
_HEADING_START = re.compile(
    r"^\s*(" + "|".join(sorted((re.escape(t) for t in HEADING_TERMS), key=len, reverse=True)) + r")\s*[:\-–]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ExtractionConfig:
    max_phrase_tokens: int = 4
    max_exact_tokens: int = 6
    retrieve_k: int = 16
    sentence_weight: float = 0.7
    accept_threshold: float = 0.62
    exact_floor: float = 0.85  # a phrase that *is* a skill label is strong evidence on its own
    max_evidence: int = 3
    #: With a phrase space, phrases are not searched one by one: a skill is a candidate of a
    #: sentence when the sentence retrieves it (``sentence_k`` neighbours) or names it exactly.
    sentence_k: int = 16
    phrase_k: int = 8
    phrase_floor: float = 0.6  # a phrase's neighbour below this similarity is no candidate
    #: Candidates kept in ``Extraction.ranking`` besides every skill read (None: all of them).
    rank_limit: int | None = 100


#: Words and word pairs whose phrase-space neighbours an extractor remembers (see
#: ``SkillExtractor._read_phrases``); past this many it starts afresh.
UNIT_MEMORY = 500_000

#: The fast path: the static model reads sentences too. Its blend weight and threshold were
#: chosen the same way, on the same SkillSkape sentences (scripts/tune_extraction.py --fast).
FAST_CONFIG = ExtractionConfig(sentence_weight=0.5, accept_threshold=0.76)


@dataclass(frozen=True)
class PhraseSpace:
    """Where phrases meet labels cheaply: a fast, additive encoder (a static model distilled
    from the sentence encoder) and the vector of every index row in its space, row for row."""

    encoder: AdditiveEncoder
    #: Row for row with the skill index; searching it finds labels (descriptions are left out).
    labels: VectorIndex


@dataclass(frozen=True, slots=True)
class Evidence:
    start: int
    end: int
    text: str
    signal: str  # "exact", "phrase" or "sentence"

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text, "signal": self.signal}


@dataclass(frozen=True, slots=True)
class ExtractedSkill:
    id: str
    label: str
    score: float
    evidence: tuple[Evidence, ...]
    signals: Mapping[str, float]
    negated: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "score": round(self.score, 4),
            "evidence": [e.as_dict() for e in self.evidence],
            "signals": {k: round(v, 4) for k, v in self.signals.items()},
            "negated": self.negated,
        }


@dataclass(frozen=True)
class Extraction:
    skills: list[ExtractedSkill]  # accepted, best first
    ranking: list[ExtractedSkill]  # every candidate, best first, before the threshold
    negated: list[ExtractedSkill] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "skills": [s.as_dict() for s in self.skills],
            "negated": [s.as_dict() for s in self.negated],
        }


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


@dataclass(frozen=True, slots=True)
class _Mention:
    """A skill's best match within one sentence."""

    score: float
    phrase: Phrase
    signal: str
    negated: bool
    signals: dict[str, float]
    #: Another skill read from the same words of the sentence won (see ``_one_skill_per_span``).
    outread: bool = False


def _overlaps(a: Phrase, b: Phrase) -> bool:
    return a.start < b.end and b.start < a.end


def _one_skill_per_span(found: list[tuple[int, _Mention]], threshold: float) -> list[tuple[int, _Mention]]:
    """Within one sentence, words stand for one skill: of the mentions at or above the
    threshold whose phrases overlap, only the best is kept (exact label matches first, then by
    score, a longer exact label first); the others are marked ``outread``. Two different exact
    labels may overlap, even one inside the other, since each is a name the text really writes
    ("SQL Server" says "SQL" too). Without this rule one
    word ("architecture") brings every skill near it ("architectural design", "architectural
    theory", "architecture regulations") over the threshold."""
    def key(item: tuple[int, _Mention]) -> tuple[float, int, float, int]:
        m = item[1]
        exact = m.signals["exact"]
        return (-exact, -(m.phrase.end - m.phrase.start) if exact else 0, -m.score, item[0])

    passing = sorted((item for item in found if item[1].score >= threshold), key=key)
    kept: list[_Mention] = []
    beaten: set[int] = set()
    for pos, m in passing:
        clash = [k for k in kept if _overlaps(k.phrase, m.phrase)]
        # two exact labels both stand, even one inside the other: "SQL Server" says "SQL" too
        exact_apart = m.signal == "exact" and all(
            k.signal == "exact" and (k.phrase.start, k.phrase.end) != (m.phrase.start, m.phrase.end) for k in clash
        )
        if clash and not exact_apart:
            beaten.add(pos)
        else:
            kept.append(m)
    return [(pos, replace(m, outread=True)) if pos in beaten else (pos, m) for pos, m in found]


class SkillExtractor:
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

    # -- steps --------------------------------------------------------------------------
    def _prepare(
        self, text: str, exclude: re.Pattern[str] | None
    ) -> list[tuple[Sentence, list[Phrase], list[tuple[Phrase, int, bool]]]]:
        masked = [(m.start(), m.end()) for m in exclude.finditer(text)] if exclude else []

        def allowed(ph: Phrase) -> bool:
            return not any(ph.start < end and start < ph.end for start, end in masked)

        out = []
        parts = sentences(text)
        words = {t.lower for sent in parts for t in sent.tokens}  # context for short and qualified names
        for sent in parts:
            norms = [normalise_label(t.text) for t in sent.tokens]
            # Occupations and places found in the sentence mask every phrase inside them, so
            # neither "Data Scientist" nor its "Data" can stand for a skill.
            named = [
                (sent.tokens[i].start, sent.tokens[i + size - 1].end)
                for i, size, _ in self._non_skill_finder.find(norms)
            ]
            if normalise_label(sent.text) in HEADING_TERMS:
                continue  # a heading ("Job Description") names a part of the text, not a skill
            heading = _HEADING_START.match(sent.text)
            hard = [(sent.start, sent.start + heading.end(1))] if heading else []
            blocked = masked + named + hard

            def free(ph: Phrase, spans: list[tuple[int, int]] = blocked) -> bool:
                return not any(ph.start < end and start < ph.end for start, end in spans)

            cut = [any(t.start < end and start < t.end for start, end in blocked) for t in sent.tokens] if blocked else None

            def unheaded(ph: Phrase, spans: list[tuple[int, int]] = hard) -> bool:
                return not any(ph.start < end and start < ph.end for start, end in spans)

            if any(start <= sent.start and sent.end <= end for start, end in blocked):
                continue  # the whole sentence is a name: "Data Scientist", "London"
            candidates = phrases(sent, text, self.config.max_phrase_tokens, blocked=cut)
            exact = [
                (ph, pos, firm)
                for ph, pos, firm in self._exact_matches(sent, text, words, norms)
                if allowed(ph) and unheaded(ph) and (free(ph) or not ph.text.islower() and not ph.text.istitle())
            ]
            out.append((sent, candidates, exact))
        return out

    def _non_skill_keys(self) -> dict[str, int]:
        """The token keys of occupations, places and other excluded terms, and their plurals
        ("data scientists"), for finding them all in one pass over a sentence."""
        keys: dict[str, int] = {}
        for term in self.non_skill_terms:
            key = token_key(term)
            if key and key.count(" ") < self.config.max_exact_tokens:
                keys[key] = 0
                if len(key.rsplit(" ", 1)[-1]) >= 3:
                    keys[key + "s"] = 0
        return keys

    def _qualified_aliases(self) -> dict[str, tuple[str, int, frozenset[str]]]:
        """Names inside qualified labels: "Java" for "Java (computer programming)", "Puppet" for
        "Puppet (tools for software configuration management)". Used as exact names only when
        written in the same case and next to a technical word or a word of the qualifier."""
        entries = self.index.entries
        aliases: dict[str, tuple[str, int, frozenset[str]]] = {}
        for row, text in enumerate(entries.texts):
            match = _QUALIFIED.match(text)
            if not match or entries.kind_of[row] == 2:
                continue
            name, qualifier = match.group(1), match.group(2)
            key = normalise_label(name)
            if key and self.index.exact(name) is None and key not in aliases:
                cues = TECH_CONTEXT | {w for w in normalise_label(qualifier).split() if len(w) > 3}
                aliases[key] = (name, int(entries.skill_of[row]), frozenset(cues))
        return aliases

    def _label_keys(self) -> tuple[dict[str, int], list[tuple[str, int, frozenset[str]]]]:
        """What the label finder looks for: every label's token key (the value is its index row,
        preferred labels winning over alternative ones), then every qualified name's (the value
        is ``len(rows) + i`` for alias i)."""
        entries = self.index.entries
        keys: dict[str, int] = {}
        for row in np.argsort(entries.kind_of, kind="stable").tolist():
            if entries.kind_of[row] != EntryKind.DESCRIPTION:
                keys.setdefault(token_key(entries.texts[row]), row)
        aliases = list(self._qualified_aliases().values())
        for i, (name, _, _) in enumerate(aliases):
            keys.setdefault(token_key(name), len(entries.texts) + i)
        return keys, aliases

    def _word_use(self) -> tuple[frozenset[str], dict[int, frozenset[str]]]:
        """What the taxonomy's own descriptions say of the words of its labels:

        * one-word labels that are also ordinary words, written in lower case in at least
          ``ORDINARY_WORD_AT`` descriptions ("access", "windows", "teams"), unlike names
          ("Python", "Excel", "Tableau", never written so there);
        * for every label with names in it, those names: words the label writes with a capital
          that the descriptions do not write in lower case and that fewer than
          ``NAME_LABELS_BELOW`` labels share ("Moz" and "SEO" in "Moz search engine optimization
          (SEO)", "Azure" in "Microsoft Azure"; not "Web", an ordinary word, nor "ICT" or
          "Microsoft", which hundreds of labels share)."""
        entries = self.index.entries
        labels = [
            (row, text) for row, (text, kind) in enumerate(zip(entries.texts, entries.kind_of.tolist(), strict=True))
            if kind != EntryKind.DESCRIPTION
        ]
        wanted = {w.lower() for _, text in labels for w in _WORD.findall(text)}
        seen: dict[str, int] = {}
        for text, kind in zip(entries.texts, entries.kind_of.tolist(), strict=True):
            if kind == EntryKind.DESCRIPTION:
                for word in set(_LOWER_WORD.findall(text)) & wanted:
                    seen[word] = seen.get(word, 0) + 1
        ordinary = frozenset(
            key for _, text in labels if " " not in (key := normalise_label(text)) and seen.get(key, 0) >= ORDINARY_WORD_AT
        )
        in_labels: dict[str, int] = {}
        for _, text in labels:
            for word in {w.lower() for w in _WORD.findall(text)}:
                in_labels[word] = in_labels.get(word, 0) + 1
        names: dict[int, frozenset[str]] = {}
        for row, text in labels:
            found = frozenset(
                w.lower() for w in _WORD.findall(text)
                if w[0].isupper() and len(w) > 1 and seen.get(w.lower(), 0) < ORDINARY_WORD_AT
                and in_labels[w.lower()] < NAME_LABELS_BELOW
            )
            if found:
                names[row] = found
        return ordinary, names

    def _maker_names(self, products: frozenset[str]) -> frozenset[str]:
        """The first two words ("google search") of every label that starts with a maker's name:
        a one-word product label that starts at least ``MAKER_LABELS_AT`` other labels."""
        entries = self.index.entries
        pairs: dict[str, set[str]] = {}
        one_word: set[str] = set()
        for row, (text, kind) in enumerate(zip(entries.texts, entries.kind_of.tolist(), strict=True)):
            if kind == EntryKind.DESCRIPTION:
                continue
            words = token_key(text).split()
            if len(words) > 1:
                pairs.setdefault(words[0], set()).add(f"{words[0]} {words[1]}")
            elif words and text[:1].isupper() and entries.skill_ids[int(entries.skill_of[row])] in products:
                one_word.add(words[0])
        return frozenset(p for w in one_word if len(pairs.get(w, ())) >= MAKER_LABELS_AT for p in pairs[w])

    def _exact_matches(
        self, sent: Sentence, text: str, words: set[str], norms: list[str]
    ) -> list[tuple[Phrase, int, bool]]:
        """Phrases that are a skill's label, and whether the match is firm (scored at least
        ``exact_floor``) or an ordinary action word ("plan") that only its sentence can confirm;
        ``words`` are the document's words, the context that short names ("R") and qualified
        names ("Java") need."""
        found: list[tuple[Phrase, int, bool]] = []
        tokens = sent.tokens
        context = words & PROGRAMMING_CONTEXT
        n_rows = len(self.index.entries.texts)
        for i, size, value in self._finder.find(norms):
            if size > self.config.max_exact_tokens:
                continue
            if size == 1 and tokens[i].lower in GENERIC_WORDS:
                continue  # "support", "role": a word every posting uses
            start, end = tokens[i].start, tokens[i + size - 1].end
            phrase_text = text[start:end]
            if value >= n_rows:
                name, position, cues = self._alias_list[value - n_rows]
                if name == phrase_text and (words - set(phrase_text.lower().split())) & cues:
                    found.append((Phrase(phrase_text, start, end, i, size), position, True))
                continue  # (an exact skill label wins over the occupation and place guards)
            matched = self.index.entries.texts[value]
            name = normalise_label(matched)
            if self.index.entries.kind_of[value] == EntryKind.ALT_LABEL and " " not in matched.strip() and matched.islower():
                continue  # one lower-case word as an alternative label ("data", "write") is too loose
            if len(name) <= 3 and phrase_text != matched:
                continue  # "it" is not "IT", "r" is not "R"
            opening = i == 0 and not (words & TECH_CONTEXT)  # first word of a sentence in a plain text
            if size == 1 and name in self._ordinary and not matched.islower() and (phrase_text != matched or opening):
                # A name that is also an ordinary word must be written as the name, and not as
                # the first word of a sentence: "access" or "Access to ..." is not Microsoft Access.
                continue
            if (size == 1 and i + 1 < len(tokens) and not tokens[i + 1].text[:1].islower()
                    and f"{norms[i]} {norms[i + 1]}" in self._makers):
                continue  # "Google Search Console", "SAP HANA": a longer name, not the maker's product
            ambiguous = len(name) == 1 or (len(name) == 2 and not matched.isupper())
            if ambiguous and not (context - {phrase_text.lower()}):
                continue  # "R", "C" or "Go" without a programming word around
            firm = not (size == 1 and name in self._weak)
            found.append((Phrase(phrase_text, start, end, i, size), int(self.index.entries.skill_of[value]), firm))
        return found

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

    def _scores(self, m: _Measured) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The sentence, phrase and exact signals of every candidate of one sentence, and the
        score they combine to (an exact label counts as phrase 1 and, if firm, at least
        ``exact_floor``; an ordinary action word only as phrase 1: the sentence decides)."""
        sentence = np.maximum(m.sent_best, 0.0)
        phrase = np.maximum(m.phr_best, 0.0)
        hit = np.zeros(len(m.positions), dtype=np.float32)
        for pos, (_, firm) in m.exact_of.items():
            j = int(np.searchsorted(m.positions, pos))
            phrase[j] = 1.0
            hit[j] = 1.0 if firm else 0.0
        w = self.config.sentence_weight
        score = np.clip(w * sentence + (1 - w) * phrase, 0.0, 1.0)
        score = np.where(hit > 0, np.maximum(score, self.config.exact_floor), score)
        return sentence, phrase, hit, score

    def _mention(self, m: _Measured, j: int, signals: tuple[np.ndarray, ...]) -> _Mention:
        """Candidate ``j`` of a sentence as a mention: its evidence, signal and negation."""
        sentence, phrase, hit, score = signals
        pos = int(m.positions[j])
        sent = m.sentence
        if pos in m.exact_of:
            ph, signal = m.exact_of[pos][0], "exact" if hit[j] else "phrase"
        elif m.phr_arg[j] >= 0:
            ph, signal = m.phrases[int(m.phr_arg[j])], "phrase"
        else:
            ph, signal = Phrase(sent.text, sent.start, sent.end, 0, len(sent.tokens)), "sentence"
        negated = signal != "sentence" and is_negated(sent, ph.first_token)
        values = {"sentence": float(sentence[j]), "phrase": float(phrase[j]), "exact": float(hit[j])}
        return _Mention(float(score[j]), ph, signal, negated, values)

    def _read(self, measured: list[_Measured]) -> Extraction:
        """One answer per skill from the candidates of a text's sentences: its best mention's
        score; read (extracted) when a mention passes the threshold that no other skill of the
        same words outread (see ``_one_skill_per_span``); negated when every such mention (or,
        if none passes, the best one) is negated. The ranking keeps the ``rank_limit`` best
        candidates and every skill read."""
        threshold = self.config.accept_threshold
        entries = self.index.entries
        if not measured:
            return Extraction([], [])
        scored = [self._scores(m) for m in measured]
        passing: dict[int, list[_Mention]] = {}
        for m, signals in zip(measured, scored, strict=True):
            over = np.flatnonzero(signals[3] >= threshold)
            if len(over) == 0:
                continue
            found = [(int(m.positions[j]), self._mention(m, int(j), signals)) for j in over.tolist()]
            for pos, mention in _one_skill_per_span(found, threshold):
                if not mention.outread:
                    passing.setdefault(pos, []).append(mention)
        # every skill's best mention: the first of its highest scores, in sentence order
        positions = np.concatenate([m.positions for m in measured])
        scores = np.concatenate([sig[3] for sig in scored])
        where = np.concatenate([np.stack([np.full(len(m.positions), i), np.arange(len(m.positions))], axis=1)
                                for i, m in enumerate(measured)])
        order = np.lexsort((-scores, positions))
        first = np.ones(len(order), dtype=bool)
        first[1:] = positions[order][1:] != positions[order][:-1]
        best = order[first]
        ranked = best[np.lexsort((self._id_rank[positions[best]], -scores[best]))]
        limit = self.config.rank_limit
        keep = ranked if limit is None else np.concatenate(
            [ranked[:limit], [b for b in ranked[limit:].tolist() if int(positions[b]) in passing]]
        ).astype(np.int64)
        ranking: list[ExtractedSkill] = []
        for b in keep.tolist():
            pos = int(positions[b])
            i, j = where[b]
            top = self._mention(measured[i], int(j), scored[i])
            strong = sorted(passing[pos], key=lambda x: -x.score) if pos in passing else [top]
            negated = all(x.negated for x in strong)
            evidence: list[Evidence] = []
            for x in strong if not negated else strong[:1]:
                span = Evidence(x.phrase.start, x.phrase.end, x.phrase.text, x.signal)
                if (negated or not x.negated) and span not in evidence:
                    evidence.append(span)
            ranking.append(
                ExtractedSkill(
                    id=entries.skill_ids[pos],
                    label=entries.skill_labels[pos],
                    score=top.score,
                    evidence=tuple(evidence[: self.config.max_evidence]),
                    signals=top.signals,
                    negated=negated,
                )
            )
        read = {entries.skill_ids[pos] for pos in passing}
        accepted = [s for s in ranking if s.id in read and not s.negated]
        negated_skills = [s for s in ranking if s.id in read and s.negated]
        return Extraction(accepted, ranking, negated_skills)
