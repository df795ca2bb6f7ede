"""Where an imported record was read: its file, the line or index it starts at, and its format.

``str(origin)`` is the text stored and shown with a record: ``file:line`` for CSV and JSON Lines,
``file[index]`` for a record of a JSON list or ``@graph``, the file alone for the file as a whole.
Code that needs the parts reads the fields; the text is never parsed back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from skillmatch.errors import Problem


@dataclass(frozen=True, slots=True)
class Origin:
    source: str  # the file, as given to the import
    line: int | None = None  # CSV and JSON Lines: the line the record starts on
    index: int | None = None  # JSON: the record's place in the file's list or @graph
    # How the record was read: csv, jsonl, json, json_ld (postings); csv, jsonl, open_badges_2,
    # open_badges_3, ctdl (credentials).
    format: str = ""

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.source}:{self.line}"
        if self.index is not None:
            return f"{self.source}[{self.index}]"
        return self.source

    def without_prefix(self, prefix: str) -> Origin:
        """The same place with ``prefix`` (a temporary upload folder) left out of the file name."""
        return replace(self, source=self.source.removeprefix(prefix))

    def problem(self, reason: str, field: str | None = None) -> Problem:
        """A problem with the record here (in ``field``, as the file names it)."""
        return Problem(self.source, reason, line=self.line, index=self.index, field=field)
