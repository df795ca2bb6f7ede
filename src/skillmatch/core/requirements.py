"""Whether a part of a posting states requirements or nice-to-haves.

A posting's text is cut at its headings ("Requirements", "What you'll need", "Nice to have",
"Desirable", ...). Skills found under a requirement heading are *required*, under a
nice-to-have heading *preferred*, elsewhere *mentioned*; a sentence that says so itself ("...
is a plus", "preferred", "desirable", "would be an advantage") is *preferred* wherever it stands.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

Requirement = Literal["required", "preferred", "mentioned"]

_REQUIRED_HEADINGS = (
    r"requirements?", r"must[- ]haves?", r"essential(?: criteria| skills| requirements)?", r"what you(?:'|’)ll need",
    r"what you need", r"what we(?:'|’)re looking for", r"what we are looking for", r"what we expect",
    r"you(?:'|’)ll need", r"you will need", r"you have", r"your profile", r"about you", r"qualifications",
    r"required (?:skills|qualifications|experience)", r"key selection criteria", r"minimum qualifications",
    r"skills(?: and| &) experience", r"experience", r"education", r"who you are", r"the ideal candidate",
)
_PREFERRED_HEADINGS = (
    r"nice[- ]to[- ]haves?", r"preferred(?: skills| qualifications| experience)?", r"desirable(?: criteria)?",
    r"bonus(?: points)?(?: for| if)?", r"assets?", r"(?:it(?:'|’)s )?a plus(?: if)?", r"good to have",
    r"would be (?:nice|great)", r"even better(?: if)?", r"additional (?:skills|qualifications)",
)
_OTHER_HEADINGS = (
    r"responsibilities", r"what you(?:'|’)ll do", r"what you will do", r"the role", r"about the role",
    r"about us", r"who we are", r"benefits", r"what we offer", r"perks", r"how to apply", r"salary",
    r"your (?:role|tasks|responsibilities)", r"key responsibilities", r"duties", r"day to day",
)


def _heading(options: tuple[str, ...]) -> str:
    return r"(?:" + "|".join(options) + r")"


_REQ = re.compile(rf"^{_heading(_REQUIRED_HEADINGS)}\b", re.IGNORECASE)
_PREF = re.compile(rf"^{_heading(_PREFERRED_HEADINGS)}\b", re.IGNORECASE)
_OTHER = re.compile(rf"^{_heading(_OTHER_HEADINGS)}\b", re.IGNORECASE)
_INLINE_PREFERRED = re.compile(
    r"\b(?:is|are|would be)?\s*(?:a (?:big |strong )?plus|an advantage|advantageous|desirable|preferred|"
    r"nice to have|bonus|beneficial|not (?:required|essential|mandatory))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Sections:
    """Where each kind of section starts; ``kind_at(offset)`` answers for any character."""

    starts: tuple[int, ...]
    kinds: tuple[Requirement, ...]
    text: str

    def kind_at(self, offset: int) -> Requirement:
        i = bisect_right(self.starts, offset) - 1
        kind: Requirement = self.kinds[i] if i >= 0 else "mentioned"
        if kind != "preferred" and _INLINE_PREFERRED.search(self._sentence(offset)):
            return "preferred"
        return kind

    def _sentence(self, offset: int) -> str:
        start = max(self.text.rfind(c, 0, offset) for c in ".\n;•") + 1
        ends = [e for e in (self.text.find(c, offset) for c in ".\n;•") if e >= 0]
        return self.text[start : min(ends) if ends else len(self.text)]


def _heading_kind(line: str) -> Requirement | None:
    """The kind of section a line opens, if it is a heading: a short line, or a short phrase
    before a colon ("Nice to have: Python")."""
    body = line.strip().lstrip("#*•-–· ").rstrip()
    head, colon, _ = body.partition(":")
    head = head.strip("* ").strip()
    if not head or len(head.split()) > 6 or (not colon and len(body.split()) > 6):
        return None
    for pattern, kind in ((_PREF, "preferred"), (_REQ, "required"), (_OTHER, "mentioned")):
        match = pattern.match(head)
        if match and len(head) <= match.end() + 12:
            return kind  # type: ignore[return-value]
    return None


def sections(text: str) -> Sections:
    """The headings of ``text`` and the kind of section each one opens."""
    starts: list[int] = []
    kinds: list[Requirement] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        kind = _heading_kind(line)
        if kind is not None:
            starts.append(offset)
            kinds.append(kind)
        offset += len(line)
    return Sections(tuple(starts), tuple(kinds), text)
