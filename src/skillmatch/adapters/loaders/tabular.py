"""Reading CSV / TSV files with the line number of every record, for errors that point at it."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from skillmatch.errors import DataFormatError, ImportRejected, Problem

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class Row:
    line: int
    values: dict[str, str]

    def get(self, column: str, default: str = "") -> str:
        return (self.values.get(column) or default).strip()


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

    def extend(self, problems: Sequence[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, accepted: int = 0) -> None:
        if self.items:
            raise ImportRejected(self.items, accepted=accepted)


def read_rows(
    path: Path,
    *,
    required: Sequence[str] = (),
    delimiter: str = ",",
    rename: dict[str, str] | None = None,
    lowercase_headers: bool = False,
    problems: Problems | None = None,
    ragged: bool = False,
) -> Iterator[Row]:
    """Yield each record of a delimited file with the line it starts on.

    Raises :class:`DataFormatError` for an unreadable file, a missing required column, or a
    record with more or fewer fields than the header. With ``problems`` given, such records are
    noted there and skipped, so one pass reports them all. ``ragged`` accepts records that
    leave out trailing empty fields (as ESCO's skillsHierarchy export does).
    """
    source = str(path)
    try:
        fh = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise DataFormatError(source, f"cannot open: {exc.strerror}") from exc
    with fh:
        reader = csv.reader(
            fh, delimiter=delimiter, quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
        )
        try:
            header = next(reader)
        except StopIteration:
            raise DataFormatError(source, "the file is empty", line=1) from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise DataFormatError(source, f"unreadable header: {exc}", line=1) from exc
        names = [h.strip() for h in header]
        if lowercase_headers:
            names = [n.lower() for n in names]
        if rename:
            names = [rename.get(n, n) for n in names]
        missing = [c for c in required if c not in names]
        if missing:
            raise DataFormatError(
                source,
                f"missing column(s) {', '.join(missing)}; the header has: {', '.join(names)}",
                line=1,
                field=missing[0],
            )
        previous_end = reader.line_num
        while True:
            start = previous_end + 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise DataFormatError(source, f"malformed CSV: {exc}", line=start) from exc
            except UnicodeDecodeError as exc:
                raise DataFormatError(source, f"not UTF-8 text: {exc.reason}", line=start) from exc
            previous_end = reader.line_num
            if not record or all(not v.strip() for v in record):
                continue
            if ragged and len(record) < len(names):
                record = record + [""] * (len(names) - len(record))
            if len(record) != len(names):
                column = names[len(record)] if len(record) < len(names) else f"#{len(names) + 1}"
                reason = f"expected {len(names)} fields, found {len(record)}"
                if problems is None:
                    raise DataFormatError(source, reason, line=start, field=column)
                problems.add(source, reason, line=start, field=column)
                continue
            yield Row(start, dict(zip(names, record, strict=True)))


def find_file(folder: Path, *stems: str, suffixes: Sequence[str] = (".csv",)) -> Path | None:
    """The first file in ``folder`` named ``<stem><suffix>`` or ``<stem>.<anything>``."""
    for stem in stems:
        for suffix in suffixes:
            candidate = folder / f"{stem}{suffix}"
            if candidate.is_file():
                return candidate
    for stem in stems:
        for candidate in sorted(folder.glob(f"{stem}.*")):
            if candidate.is_file():
                return candidate
    return None
