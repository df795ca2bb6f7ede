"""What every record loader shares: the problems of an import, a record on its way in, and column names.

A reader fills a :class:`Draft` (a posting or a credential draft) for each record of its file;
every value check notes a problem on the draft (its :class:`~skillmatch.core.origin.Origin` and
the field as the file names it) instead of raising, so one pass reports every bad record, and
:class:`Problems` gathers them for the whole import. :class:`Columns` matches the columns of a
CSV file or the keys of a JSON record to the documented ones, after the user's renames.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

from skillmatch.core.origin import Origin
from skillmatch.errors import DataFormatError, ImportRejected, Problem


@dataclass
class Problems:
    """Collects every bad record of one import, so they can be reported together."""

    items: list[Problem] = field(default_factory=list)

    def add(
        self,
        source: str,
        reason: str,
        *,
        line: int | None = None,
        index: int | None = None,
        field: str | None = None,
    ) -> None:
        self.items.append(Problem(source, reason, line=line, index=index, field=field))

    def at(self, origin: Origin, reason: str, field: str | None = None) -> None:
        self.items.append(origin.problem(reason, field))

    def extend(self, problems: Sequence[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, accepted: int = 0) -> None:
        if self.items:
            raise ImportRejected(self.items, accepted=accepted)


@dataclass
class Draft:
    """One record as read from its file, before the checks every format of its kind shares."""

    origin: Origin
    names: Mapping[str, str] = field(default_factory=dict)  # a field -> its name in the file
    problems: list[Problem] = field(default_factory=list)
    faulty: set[str] = field(default_factory=set)  # the fields (as the file names them) with a problem

    def has_problem(self, field: str) -> bool:
        return self.names.get(field, field) in self.faulty

    def problem(self, field: str, reason: str) -> None:
        name = self.names.get(field, field)
        self.faulty.add(name)
        self.problems.append(self.origin.problem(reason, name))

    @classmethod
    def of_record(
        cls, origin: Origin, record: Mapping[str, object], columns: Columns, **options: Any
    ) -> tuple[Self, dict[str, object]]:
        """A draft of a JSON object keyed by column names, and its values by name on import. Two
        keys that give one documented column are a problem."""
        pairs = columns.pairs(record)
        draft = cls(origin, names=named(pairs), **options)
        clash = columns.clash(pairs)
        if clash:
            draft.problem(*clash)
        return draft, {target: record[name] for name, target in pairs}


# --- column names -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Columns:
    """The documented columns of a format, and the user's renames (keys case-folded)."""

    documented: tuple[str, ...]
    renames: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, documented: tuple[str, ...], column_map: Mapping[str, str] | None) -> Columns:
        """``column_map`` renames columns (``{"Job Title": "title"}``), matched ignoring case."""
        renames = {name.strip().casefold(): target.strip() for name, target in (column_map or {}).items()}
        return cls(documented, renames)

    def pairs(self, names: Iterable[str]) -> list[tuple[str, str]]:
        """(name in the file, name on import) of each column: the rename first, then the documented
        column it matches ignoring case; any other column keeps its own name."""
        pairs = []
        for name in names:
            target = self.renames.get(name.strip().casefold(), name.strip())
            pairs.append((name, target.casefold() if target.casefold() in self.documented else target))
        return pairs

    def clash(self, pairs: Iterable[tuple[str, str]]) -> tuple[str, str] | None:
        """(column, reason) when two columns of the file would both fill one documented column."""
        seen: dict[str, str] = {}
        for name, target in pairs:
            if target in self.documented and target in seen:
                return target, f"columns {seen[target]!r} and {name!r} both give {target}"
            seen[target] = name
        return None


def named(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Name on import -> name in the file, for problems that name the field as the file does."""
    return {target: name for name, target in pairs}


# --- files and JSON ---------------------------------------------------------------------------


def read_text(path: Path) -> str:
    """The file as UTF-8 text (a byte-order mark is dropped); DataFormatError when it is not."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataFormatError(str(path), f"cannot open: {exc.strerror}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataFormatError(str(path), f"not UTF-8 text: {exc.reason}", line=line) from exc


def json_lines(source: str, text: str, problems: Problems) -> Iterator[tuple[Origin, object]]:
    """Each JSON value of a JSON Lines text with its origin; a line that is not JSON is a problem."""
    # Split on "\n" only: JSON strings may hold U+2028 and other breaks that splitlines() splits on.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.add(source, f"not valid JSON: {exc.msg} (column {exc.colno})", line=number)
            continue
        yield Origin(source, line=number, format="jsonl"), value


def as_list(value: object) -> list[object]:
    """A JSON value as a list: null is empty, a list is itself, anything else is one item."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]
