"""Cutting text into sentences, tokens and candidate phrases, keeping character offsets.

Tokens are whole words: "JavaScript" is one token, so "Java" never matches inside it, and
symbols that belong to a name stay with it ("C++", "C#", "Node.js", "CI/CD", "R&D").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"[A-Za-z0-9][\w+#&./'’-]*[\w+#]|[A-Za-z0-9][+#]*")
# Sentence ends, line breaks, bullets and list separators; offsets are kept, nothing is lost.
_BREAK = re.compile(r"(?:[.!?](?=\s|$)|[\n\r;•·▪●◦|]|\s[-*]\s|^\s*[-*]\s)+", re.MULTILINE)
_PLACEHOLDER = re.compile(r"<[A-Z_]+>")

STOPWORDS = frozenset(
    """
    a about above across after again against all almost also am among an and and/or any are around
    as at be because been before being below best between both but by can could did do does doing
    done down during e.g e.g each eg either else etc even ever every few for from further get gets
    getting go goes going good great had has have having he her here hers him his how i i.e ie if in
    including into is it its itself just least less like looking made make makes many may me more
    most much must my need needed needs new no nor not now of off often on once one only or other
    our ours out over own per plus preferably preferred required requirements responsible same
    several shall she should so some such than that the their them then there these they this those
    through to too under until up upon us use used using very via want was we well were what when
    where whether which while who whom whose why will with within without would you your yours years
    year experience strong excellent ability able knowledge understanding proven solid skills skill
    """.split()
)

#: Words every posting uses that name no skill on their own ("in this role", "support the team"),
#: though a phrase may start or end on them ("customer support", "team building").
GENERIC_WORDS = frozenset(
    """
    role roles team teams work works support supports business company companies opportunity
    opportunities position positions job jobs candidate candidates people day days time office
    environment range level levels area areas duties tasks task responsibilities benefits salary
    pension contract hours week weeks home career careers growth culture mission values clients
    client customers organisation organization department departments service services colleagues
    """.split()
)

NEGATION_CUES = frozenset(
    {"no", "not", "without", "never", "lack", "lacks", "lacking", "unfamiliar", "nor", "neither"}
)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    lower: str  # the text in lower case, read many times per token


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int
    end: int
    tokens: tuple[Token, ...]


@dataclass(frozen=True, slots=True)
class Phrase:
    """``size`` consecutive tokens of one sentence, with their character span in the text."""

    text: str
    start: int
    end: int
    first_token: int
    size: int


def tokenize(text: str, offset: int = 0) -> tuple[Token, ...]:
    masked = _PLACEHOLDER.sub(lambda m: " " * len(m.group()), text)
    return tuple(
        Token(m.group(), offset + m.start(), offset + m.end(), m.group().lower()) for m in _TOKEN.finditer(masked)
    )


def sentences(text: str) -> list[Sentence]:
    """The sentences (and list items) of ``text``, each with its tokens; empty ones dropped."""
    out: list[Sentence] = []
    start = 0
    for match in [*_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[start:end]
        tokens = tokenize(piece, start)
        if tokens:
            first, last = tokens[0].start, tokens[-1].end
            out.append(Sentence(text[first:last], first, last, tokens))
        if match:
            start = match.end()
    return out


def _content(token: Token) -> bool:
    return token.lower not in STOPWORDS and not token.text.replace(".", "").isdigit()


def phrases(
    sentence: Sentence, text: str, max_size: int = 4, min_chars: int = 3, blocked: Sequence[bool] | None = None
) -> list[Phrase]:
    """Every run of 1..max_size tokens that starts and ends on a content word, and covers no
    token that ``blocked`` marks (a name found in the sentence, an excluded term).

    Single tokens shorter than ``min_chars`` are left out: short names ("R", "C", "IT") are
    matched only as exact labels, where case and context can be checked.
    """
    tokens = sentence.tokens
    n = len(tokens)
    content = [_content(t) for t in tokens]
    out: list[Phrase] = []
    for i, first in enumerate(tokens):
        if not content[i] or (blocked is not None and blocked[i]):
            continue
        if len(first.text) >= min_chars and first.lower not in GENERIC_WORDS:
            out.append(Phrase(first.text, first.start, first.end, i, 1))
        for j in range(i + 1, min(n, i + max_size)):
            if blocked is not None and blocked[j]:
                break
            if content[j]:
                last = tokens[j]
                out.append(Phrase(text[first.start : last.end], first.start, last.end, i, j - i + 1))
    return out


def is_negated(sentence: Sentence, first_token: int, window: int = 4) -> bool:
    """Whether a negation cue ("no", "not", "without", ...) stands shortly before the token.

    "no Java experience required" and "not familiar with SAP" are negated; "not only Python
    but also Java" is not, and a "but" or "while" between the cue and the phrase ends its reach.
    """
    tokens = sentence.tokens
    for k in range(first_token - 1, max(-1, first_token - 1 - window), -1):
        word = tokens[k].lower
        if word in {"but", "while", "although", "however", "whereas"}:
            return False
        if word in NEGATION_CUES or word.endswith("n't"):
            following = tokens[k + 1].lower if k + 1 < len(tokens) else ""
            return following not in {"only", "just", "limited"}
    return False
