"""Reading CSV / TSV files with the line number of every record, for errors that point at it."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from skillmatch.adapters.loaders.records import Columns, Problems
from skillmatch.core.origin import Origin
from skillmatch.errors import DataFormatError

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class Row:
    line: int
    values: dict[str, str]

    def get(self, column: str, default: str = "") -> str:
        return (self.values.get(column) or default).strip()


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


# --- CSV files with documented columns (postings, catalog) ------------------------------------


def csv_columns(path: Path, columns: Columns) -> list[tuple[str, str]]:
    """(name in the file, name on import) of each header column; DataFormatError when two give
    one documented column. No columns when the file cannot be read (read_rows then says why)."""
    pairs = columns.pairs(_csv_header(path))
    clash = columns.clash(pairs)
    if clash:
        raise DataFormatError(str(path), clash[1], line=1, field=clash[0])
    return pairs


def csv_records(
    path: Path, pairs: Sequence[tuple[str, str]], problems: Problems, *, required: Sequence[str] = ()
) -> Iterator[tuple[Origin, dict[str, str]]]:
    """Each record of the file with its origin, under the names on import (``pairs``, from
    :func:`csv_columns`). Unreadable records are noted in ``problems``; an unreadable file, or one
    without a ``required`` column, raises as :func:`read_rows` does."""
    source = str(path)
    for row in read_rows(path, required=required, rename=dict(pairs), problems=problems):
        yield Origin(source, line=row.line, format="csv"), row.values


def _csv_header(path: Path) -> list[str]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            return [name.strip() for name in next(csv.reader(fh), [])]
    except (OSError, csv.Error, UnicodeDecodeError):
        return []
