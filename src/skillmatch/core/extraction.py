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
from skillmatch.core.ports import Encoder, VectorIndex
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
#: A capitalised word in fewer labels than this is a name (see ``SkillExtractor._word_use``).
NAME_LABELS_BELOW = 20
SENIORITY = frozenset(
    {"senior", "junior", "lead", "principal", "head", "chief", "trainee", "graduate", "assistant", "staff"}
)


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


#: The fast path: the static model reads sentences too. Its blend weight and threshold were
#: chosen the same way, on the same SkillSkape sentences (scripts/tune_extraction.py --fast).
FAST_CONFIG = ExtractionConfig(sentence_weight=0.5, accept_threshold=0.76)


@dataclass(frozen=True)
class PhraseSpace:
    """Where phrases meet labels cheaply: a fast encoder (a static model distilled from the
    sentence encoder) and the vector of every index row in its space, row for row."""

    encoder: Encoder
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
class _Found:
    """What the encoders and the index gave for one batch of texts."""

    sentences: dict[str, int]  # lower-cased sentence -> row of sentence_vectors
    phrases: dict[str, int]
    sentence_vectors: np.ndarray
    sentence_rows: np.ndarray  # index rows retrieved per sentence
    phrase_vectors: np.ndarray
    phrase_rows: np.ndarray  # index rows retrieved per phrase


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
    ) -> None:
        """``action_words``: one-word labels of skills that are actions ("plan", "write"), as
        opposed to knowledge ("statistics", "economics"); where such a word is also an ordinary
        word, naming it is not enough: its sentence must say so (see ``_exact_matches``)."""
        self.index = index
        self.encoder = encoder
        self.phrase_space = phrase_space
        self.config = config or ExtractionConfig()
        self.non_skill_terms = dict(non_skill_terms or {})
        keys, self._alias_list = self._label_keys()
        self._finder = (label_finder or DictFinder)(keys)
        self._ordinary, self._names = self._word_use()
        self._non_skill_seen: dict[str, bool] = {}  # phrase -> whether it names an occupation or place
        self._weak = frozenset(normalise_label(w) for w in action_words) & self._ordinary

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
        phr_q: dict[str, int] = {}
        for sents in docs:
            for sent, phs, _ in sents:
                sent_q.setdefault(sent.text.lower(), len(sent_q))
                for ph in phs:
                    phr_q.setdefault(ph.text.lower(), len(phr_q))
        if not sent_q:
            return [Extraction([], []) for _ in texts]
        size = self.index.vectors.size
        if self.phrase_space is None:
            # Phrases in the sentence encoder's space, each searched for its own neighbours.
            vectors = self.encoder.encode([*sent_q, *phr_q])
            _, rows = self.index.vectors.search(vectors, min(self.config.retrieve_k, size))
            sent_vecs, sent_rows = vectors[: len(sent_q)], rows[: len(sent_q)]
            phr_vecs, phr_rows = vectors[len(sent_q) :], rows[len(sent_q) :]
        else:
            sent_vecs = self.encoder.encode(list(sent_q))
            _, sent_rows = self.index.vectors.search(sent_vecs, min(self.config.sentence_k, size))
            space = self.phrase_space
            phr_vecs = space.encoder.encode(list(phr_q))
            scores, phr_rows = space.labels.search(phr_vecs, self.config.phrase_k)
            phr_rows = np.where(scores >= self.config.phrase_floor, phr_rows, -1)
        found = _Found(sent_q, phr_q, sent_vecs, sent_rows, phr_vecs, phr_rows)
        measured = [[m for s, p, e in sents if (m := self._measure(s, p, e, found)) is not None] for sents in docs]
        return [self._assemble(self._mentions(doc)) for doc in measured]

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
            # Occupations and places found in the sentence mask every phrase inside them, so
            # neither "Data Scientist" nor its "Data" can stand for a skill.
            named = [
                (ph.start, ph.end)
                for ph in phrases(sent, text, self.config.max_exact_tokens, min_chars=1)
                if self._is_non_skill(ph.text)
            ]
            if normalise_label(sent.text) in HEADING_TERMS:
                continue  # a heading ("Job Description") names a part of the text, not a skill
            heading = _HEADING_START.match(sent.text)
            hard = [(sent.start, sent.start + heading.end(1))] if heading else []
            blocked = masked + named + hard

            def free(ph: Phrase, spans: list[tuple[int, int]] = blocked) -> bool:
                return not any(ph.start < end and start < ph.end for start, end in spans)

            def unheaded(ph: Phrase, spans: list[tuple[int, int]] = hard) -> bool:
                return not any(ph.start < end and start < ph.end for start, end in spans)

            if any(start <= sent.start and sent.end <= end for start, end in blocked):
                continue  # the whole sentence is a name: "Data Scientist", "London"
            candidates = [ph for ph in phrases(sent, text, self.config.max_phrase_tokens) if free(ph)]
            exact = [
                (ph, pos, firm)
                for ph, pos, firm in self._exact_matches(sent, text, words)
                if allowed(ph) and unheaded(ph) and (free(ph) or not ph.text.islower() and not ph.text.istitle())
            ]
            out.append((sent, candidates, exact))
        return out

    def _is_non_skill(self, phrase: str) -> bool:
        known = self._non_skill_seen.get(phrase)
        if known is None:
            known = self._non_skill_seen[phrase] = self._names_non_skill(phrase)
            if len(self._non_skill_seen) > 200_000:  # a long import: start the memo afresh
                self._non_skill_seen.clear()
        return known

    def _names_non_skill(self, phrase: str) -> bool:
        words = normalise_label(phrase).split()
        while words and words[0] in SENIORITY:
            words = words[1:]
        forms = {" ".join(words)}
        if words and words[-1].endswith("s") and len(words[-1]) > 3:
            forms.add(" ".join([*words[:-1], words[-1][:-1]]))
        return any(f in self.non_skill_terms for f in forms)

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

    def _exact_matches(self, sent: Sentence, text: str, words: set[str]) -> list[tuple[Phrase, int, bool]]:
        """Phrases that are a skill's label, and whether the match is firm (scored at least
        ``exact_floor``) or an ordinary action word ("plan") that only its sentence can confirm;
        ``words`` are the document's words, the context that short names ("R") and qualified
        names ("Java") need."""
        found: list[tuple[Phrase, int, bool]] = []
        tokens = sent.tokens
        context = words & PROGRAMMING_CONTEXT
        n_rows = len(self.index.entries.texts)
        norms = [normalise_label(t.text) for t in tokens]
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
            ambiguous = len(name) == 1 or (len(name) == 2 and not matched.isupper())
            if ambiguous and not (context - {phrase_text.lower()}):
                continue  # "R", "C" or "Go" without a programming word around
            firm = not (size == 1 and name in self._weak)
            found.append((Phrase(phrase_text, start, end, i, size), int(self.index.entries.skill_of[value]), firm))
        return found

    def _measure(
        self, sent: Sentence, phs: list[Phrase], exact: list[tuple[Phrase, int, bool]], found: _Found
    ) -> _Measured | None:
        """The sentence and phrase signals of every candidate skill of one sentence."""
        entries = self.index.entries
        q_sent = found.sentences[sent.text.lower()]
        q_phr = [found.phrases[ph.text.lower()] for ph in phs]
        retrieved = found.sentence_rows[q_sent]
        if q_phr:
            retrieved = np.concatenate([retrieved, found.phrase_rows[q_phr].ravel()])
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
        np.maximum.at(sent_best, local, (entry_vecs @ found.sentence_vectors[q_sent]) * weights)
        phr_best = np.zeros(len(pos_arr), dtype=np.float32)
        phr_arg = np.full(len(pos_arr), -1, dtype=np.int64)
        if q_phr:
            space = entry_vecs if self.phrase_space is None else self.phrase_space.labels.reconstruct(label_rows)
            s_phr = (found.phrase_vectors[q_phr] @ space.T) * weights  # phrases x rows
            self._need_names(s_phr, phs, label_rows)
            row_best, row_arg = s_phr.max(axis=0), s_phr.argmax(axis=0)
            order = np.lexsort((-row_best, local))  # per skill, its best row first
            first = np.ones(len(order), dtype=bool)
            first[1:] = local[order][1:] != local[order][:-1]
            chosen = order[first]
            phr_best[local[chosen]] = row_best[chosen]
            phr_arg[local[chosen]] = row_arg[chosen]
        exact_of = {p: (ph, firm) for ph, p, firm in sorted(exact, key=lambda e: e[2])}  # a firm match wins
        return _Measured(sent, phs, exact_of, pos_arr, sent_best, phr_best, phr_arg)

    def _need_names(self, s_phr: np.ndarray, phs: list[Phrase], label_rows: np.ndarray) -> None:
        """A label with names in it is near a phrase only when the phrase says one of them:
        "search engine optimization" is not "Moz search engine optimization (SEO)", nor "web
        services" "Amazon Web Services (AWS)" (in place: such pairs get no phrase signal)."""
        cols: list[int] = []
        by_word: dict[str, list[int]] = {}  # a name -> the columns (of ``cols``) whose label has it
        for j, row in enumerate(label_rows.tolist()):
            names = self._names.get(row)
            if names is not None:
                for name in names:
                    by_word.setdefault(name, []).append(len(cols))
                cols.append(j)
        if not cols:
            return
        unsaid = np.ones((len(phs), len(cols)), dtype=bool)
        for i, ph in enumerate(phs):
            for word in {w.lower() for w in _WORD.findall(ph.text)}:
                unsaid[i, by_word.get(word, [])] = False
        at = np.asarray(cols)
        s_phr[:, at] = np.where(unsaid, 0.0, s_phr[:, at])

    def _mentions(self, measured: list[_Measured]) -> dict[int, list[_Mention]]:
        mentions: dict[int, list[_Mention]] = {}
        for m in measured:
            sent = m.sentence
            found: list[tuple[int, _Mention]] = []
            for j, pos in enumerate(m.positions.tolist()):
                sentence, phrase, hit = float(max(m.sent_best[j], 0.0)), float(max(m.phr_best[j], 0.0)), 0.0
                if pos in m.exact_of and m.exact_of[pos][1]:
                    ph, signal, phrase, hit = m.exact_of[pos][0], "exact", 1.0, 1.0
                elif pos in m.exact_of:  # an ordinary action word: the sentence decides
                    ph, signal, phrase = m.exact_of[pos][0], "phrase", 1.0
                elif m.phr_arg[j] >= 0:
                    ph, signal = m.phrases[int(m.phr_arg[j])], "phrase"
                else:
                    ph, signal = Phrase(sent.text, sent.start, sent.end, 0, len(sent.tokens)), "sentence"
                negated = signal != "sentence" and is_negated(sent, ph.first_token)
                score = self._combine(sentence, phrase)
                if hit:
                    score = max(score, self.config.exact_floor)
                signals = {"sentence": sentence, "phrase": phrase, "exact": hit}
                found.append((pos, _Mention(score, ph, signal, negated, signals)))
            for pos, mention in _one_skill_per_span(found, self.config.accept_threshold):
                mentions.setdefault(pos, []).append(mention)
        return mentions

    def _combine(self, sentence: float, phrase: float) -> float:
        w = self.config.sentence_weight
        return min(1.0, max(0.0, w * sentence + (1 - w) * phrase))

    def _assemble(self, mentions: dict[int, list[_Mention]]) -> Extraction:
        """One answer per skill: its best mention's score; negated when every mention that
        passes the threshold (or, if none does, the best one) is negated."""
        threshold = self.config.accept_threshold
        entries = self.index.entries
        ranking: list[ExtractedSkill] = []
        read: set[str] = set()  # skills with a mention at or above the threshold that no other skill outread
        for pos, found in mentions.items():
            found.sort(key=lambda m: -m.score)
            passing = [m for m in found if m.score >= threshold and not m.outread]
            if passing:
                read.add(entries.skill_ids[pos])
            strong = passing or found[:1]
            negated = all(m.negated for m in strong)
            evidence: list[Evidence] = []
            for m in strong if not negated else strong[:1]:
                span = Evidence(m.phrase.start, m.phrase.end, m.phrase.text, m.signal)
                if (negated or not m.negated) and span not in evidence:
                    evidence.append(span)
            ranking.append(
                ExtractedSkill(
                    id=entries.skill_ids[pos],
                    label=entries.skill_labels[pos],
                    score=found[0].score,
                    evidence=tuple(evidence[: self.config.max_evidence]),
                    signals=found[0].signals,
                    negated=negated,
                )
            )
        ranking.sort(key=lambda s: (-s.score, s.id))
        accepted = [s for s in ranking if s.id in read and not s.negated]
        negated_skills = [s for s in ranking if s.id in read and s.negated]
        return Extraction(accepted, ranking, negated_skills)
