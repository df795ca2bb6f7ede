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

Guards: phrases that name an occupation ("Data Scientist"), a place ("London") or an excluded
term (the employer's name) give no skill; a skill whose every mention is negated ("no Java
experience required", "not familiar with SAP") is reported apart as negated, never as held.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from skillmatch.core.phrases import GENERIC_WORDS, Phrase, Sentence, is_negated, phrases, sentences
from skillmatch.core.ports import Encoder
from skillmatch.core.skill_index import SkillIndex
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
    accept_threshold: float = 0.64
    exact_floor: float = 0.85  # a phrase that *is* a skill label is strong evidence on its own
    max_evidence: int = 3


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
class _Mention:
    """A skill's best match within one sentence."""

    score: float
    phrase: Phrase
    signal: str
    negated: bool
    signals: dict[str, float]


class SkillExtractor:
    def __init__(
        self,
        index: SkillIndex,
        encoder: Encoder,
        *,
        config: ExtractionConfig | None = None,
        non_skill_terms: Mapping[str, str] | None = None,
    ) -> None:
        self.index = index
        self.encoder = encoder
        self.config = config or ExtractionConfig()
        self.non_skill_terms = dict(non_skill_terms or {})
        self._aliases = self._qualified_aliases()

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
        queries: dict[str, int] = {}
        for sents in docs:
            for sent, phs, _ in sents:
                queries.setdefault(sent.text.lower(), len(queries))
                for ph in phs:
                    queries.setdefault(ph.text.lower(), len(queries))
        if not queries:
            return [Extraction([], []) for _ in texts]
        vectors = self.encoder.encode(list(queries))
        k = min(self.config.retrieve_k, self.index.vectors.size)
        _, rows = self.index.vectors.search(vectors, k)
        return [self._score_document(sents, queries, vectors, rows) for sents in docs]

    # -- steps --------------------------------------------------------------------------
    def _prepare(
        self, text: str, exclude: re.Pattern[str] | None
    ) -> list[tuple[Sentence, list[Phrase], list[tuple[Phrase, int]]]]:
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
                (ph, pos)
                for ph, pos in self._exact_matches(sent, text, words)
                if allowed(ph) and unheaded(ph) and (free(ph) or not ph.text.islower() and not ph.text.istitle())
            ]
            out.append((sent, candidates, exact))
        return out

    def _is_non_skill(self, phrase: str) -> bool:
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

    def _exact_matches(self, sent: Sentence, text: str, words: set[str]) -> list[tuple[Phrase, int]]:
        """Phrases that are a skill's label; ``words`` are the document's words, the context
        that short names ("R") and qualified names ("Java") need."""
        found: list[tuple[Phrase, int]] = []
        tokens = sent.tokens
        context = words & PROGRAMMING_CONTEXT
        for i in range(len(tokens)):
            for size in range(1, self.config.max_exact_tokens + 1):
                if i + size > len(tokens):
                    break
                start, end = tokens[i].start, tokens[i + size - 1].end
                phrase_text = text[start:end]
                if size == 1 and tokens[i].lower in GENERIC_WORDS:
                    continue  # "support", "role": a word every posting uses
                hit = self.index.exact(phrase_text)
                if hit is None:
                    alias = self._aliases.get(normalise_label(phrase_text))
                    if (
                        alias
                        and alias[0] == phrase_text
                        and (words - set(phrase_text.lower().split())) & alias[2]
                    ):
                        found.append((Phrase(phrase_text, start, end, i, size), alias[1]))
                    continue  # (an exact skill label wins over the occupation and place guards)
                name = normalise_label(hit.matched)
                if (
                    hit.matched_kind == "alt_label"
                    and " " not in hit.matched.strip()
                    and hit.matched.islower()
                ):
                    continue  # one lower-case word as an alternative label ("data", "write") is too loose
                if len(name) <= 3 and phrase_text != hit.matched:
                    continue  # "it" is not "IT", "r" is not "R"
                ambiguous = len(name) == 1 or (len(name) == 2 and not hit.matched.isupper())
                if ambiguous and not (context - {phrase_text.lower()}):
                    continue  # "R", "C" or "Go" without a programming word around
                found.append((Phrase(phrase_text, start, end, i, size), self.index.position(hit.id)))
        return found

    def _score_document(
        self,
        sents: list[tuple[Sentence, list[Phrase], list[tuple[Phrase, int]]]],
        queries: dict[str, int],
        vectors: np.ndarray,
        rows: np.ndarray,
    ) -> Extraction:
        entries = self.index.entries
        mentions: dict[int, list[_Mention]] = {}
        for sent, phs, exact in sents:
            q_sent = queries[sent.text.lower()]
            q_phr = [queries[ph.text.lower()] for ph in phs]
            retrieved = rows[[q_sent, *q_phr]].ravel()
            retrieved = retrieved[retrieved >= 0]
            positions = set(entries.skill_of[retrieved].tolist()) | {p for _, p in exact}
            if not positions:
                continue
            pos_arr = np.fromiter(sorted(positions), dtype=np.int64)
            label_rows, owners = self.index.label_rows(pos_arr)
            if len(label_rows) == 0:
                continue
            weights = self.index.weight_of_rows(label_rows)
            entry_vecs = self.index.vectors.reconstruct(label_rows)
            local = np.searchsorted(pos_arr, owners)
            sent_best = np.full(len(pos_arr), -1.0, dtype=np.float32)
            np.maximum.at(sent_best, local, (entry_vecs @ vectors[q_sent]) * weights)
            phr_best = np.zeros(len(pos_arr), dtype=np.float32)
            phr_arg = np.full(len(pos_arr), -1, dtype=np.int64)
            if q_phr:
                s_phr = (vectors[q_phr] @ entry_vecs.T) * weights  # phrases x rows
                row_best, row_arg = s_phr.max(axis=0), s_phr.argmax(axis=0)
                order = np.lexsort((-row_best, local))  # per skill, its best row first
                first = np.ones(len(order), dtype=bool)
                first[1:] = local[order][1:] != local[order][:-1]
                chosen = order[first]
                phr_best[local[chosen]] = row_best[chosen]
                phr_arg[local[chosen]] = row_arg[chosen]
            exact_of = {p: ph for ph, p in exact}
            for j, pos in enumerate(pos_arr.tolist()):
                sentence, phrase, hit = float(max(sent_best[j], 0.0)), float(max(phr_best[j], 0.0)), 0.0
                if pos in exact_of:
                    ph, signal, phrase, hit = exact_of[pos], "exact", 1.0, 1.0
                elif phr_arg[j] >= 0:
                    ph, signal = phs[int(phr_arg[j])], "phrase"
                else:
                    ph, signal = Phrase(sent.text, sent.start, sent.end, 0, len(sent.tokens)), "sentence"
                negated = signal != "sentence" and is_negated(sent, ph.first_token)
                score = self._combine(sentence, phrase)
                if hit:
                    score = max(score, self.config.exact_floor)
                signals = {"sentence": sentence, "phrase": phrase, "exact": hit}
                mentions.setdefault(pos, []).append(_Mention(score, ph, signal, negated, signals))
        return self._assemble(mentions)

    def _combine(self, sentence: float, phrase: float) -> float:
        w = self.config.sentence_weight
        return min(1.0, max(0.0, w * sentence + (1 - w) * phrase))

    def _assemble(self, mentions: dict[int, list[_Mention]]) -> Extraction:
        """One answer per skill: its best mention's score; negated when every mention that
        passes the threshold (or, if none does, the best one) is negated."""
        threshold = self.config.accept_threshold
        entries = self.index.entries
        ranking: list[ExtractedSkill] = []
        for pos, found in mentions.items():
            found.sort(key=lambda m: -m.score)
            strong = [m for m in found if m.score >= threshold] or found[:1]
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
        accepted = [s for s in ranking if s.score >= threshold and not s.negated]
        negated_skills = [s for s in ranking if s.score >= threshold and s.negated]
        return Extraction(accepted, ranking, negated_skills)
