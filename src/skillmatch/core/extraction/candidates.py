"""Step 1, a text's candidates: its sentences and their candidate phrases, and the phrases that
are exactly a skill's label (with the case, context and maker rules for short, ordinary and
qualified names); and the guards: headings, occupations, places and excluded terms mask the
phrases inside them, so they give no skill.
"""

from __future__ import annotations

import re

from skillmatch.core.extraction.config import ExtractionConfig
from skillmatch.core.extraction.vocabulary import PROGRAMMING_CONTEXT, TECH_CONTEXT
from skillmatch.core.label_finder import LabelFinder
from skillmatch.core.phrases import GENERIC_WORDS, Phrase, Sentence, phrases, sentences
from skillmatch.core.skill_index import EntryKind, SkillIndex
from skillmatch.core.text import normalise_label

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


class _Candidates:
    """The part of :class:`~skillmatch.core.extraction.SkillExtractor` that finds a text's
    candidates: sentences, phrases and exact labels, with the guards."""

    index: SkillIndex
    config: ExtractionConfig
    _finder: LabelFinder
    _non_skill_finder: LabelFinder
    _alias_list: list[tuple[str, int, frozenset[str]]]
    _ordinary: frozenset[str]
    _weak: frozenset[str]
    _makers: frozenset[str]

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
