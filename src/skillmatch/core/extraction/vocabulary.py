"""What the taxonomy's own labels and descriptions tell an extractor, worked out once when it is
built: the keys its label finder looks for (every label, and the names inside qualified labels
such as "Java (computer programming)"), which one-word labels are ordinary words, which words
of labels are names, the makers' names that start longer product names, and the keys of
occupations, places and excluded terms; with the word lists that make a short name technical.
"""

from __future__ import annotations

import re

import numpy as np

from skillmatch.core.extraction.config import ExtractionConfig
from skillmatch.core.label_finder import token_key
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


class _Vocabulary:
    """The part of :class:`~skillmatch.core.extraction.SkillExtractor` that reads the taxonomy
    once, when the extractor is built."""

    index: SkillIndex
    config: ExtractionConfig
    non_skill_terms: dict[str, str]

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
