"""Plain text of a description that may be HTML (schema.org allows HTML in ``description``)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from skillmatch.core.text import squash_space

_PARAGRAPH_TAGS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "blockquote", "pre",
    "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
}  # fmt: skip
_LINE_TAGS = {"li", "ul", "ol", "dl", "dt", "dd", "tr"}
_HIDDEN_TAGS = {"script", "style", "head", "title", "template"}
_SPACES = re.compile(r"\s+")


class _PlainText(HTMLParser):
    """The text of an HTML fragment: a blank line between paragraphs, a line per list item
    (starting "- ") and per <br>; entities unescaped, script and style left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.saw_markup = False
        self._hidden = 0
        self._breaks = 0  # owed before the next text: 1 starts a new line, 2 leaves a blank line
        self._bullet = False

    def _owe(self, breaks: int) -> None:
        self._breaks = max(self._breaks, breaks)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.saw_markup = True
        if tag in _HIDDEN_TAGS:
            self._hidden += 1
        elif tag == "br":
            self._breaks = min(2, self._breaks + 1)
        elif tag in _PARAGRAPH_TAGS:
            self._owe(2)
        elif tag in _LINE_TAGS:
            self._owe(1)
            self._bullet = tag == "li"

    def handle_endtag(self, tag: str) -> None:
        self.saw_markup = True
        if tag in _HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _PARAGRAPH_TAGS:
            self._owe(2)
        elif tag in _LINE_TAGS:
            self._owe(1)
            self._bullet = False

    def handle_data(self, data: str) -> None:
        text = _SPACES.sub(" ", data)
        if self._hidden or (not text.strip() and self._breaks):
            return
        if text.strip():
            if self._breaks and self.parts:
                self.parts.append("\n" * self._breaks)
            self._breaks = 0
            if self._bullet:
                self.parts.append("- ")
                self._bullet = False
        self.parts.append(text)

    def text(self) -> str:
        lines = (squash_space(line) for line in "".join(self.parts).split("\n"))
        return "\n".join(lines).strip()


def html_to_text(fragment: str) -> str:
    """Plain text of a description that may be HTML; text without tags keeps its own lines."""
    parser = _PlainText()
    parser.feed(fragment)
    parser.close()
    if not parser.saw_markup:
        return html.unescape(fragment).strip()
    return parser.text()
