"""Catalog records from CSV and JSON Lines files with the documented columns.

docs/formats.md ("Credential catalog") lists the columns. Headers (and JSON Lines keys) are
matched ignoring case after ``column_map`` renames them; other columns are ignored.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from skillmatch.adapters.loaders.catalog_common import (
    Draft,
    Link,
    Where,
    credential_type,
    currency,
    declared_skill,
    delivery,
    eqf_level,
    kind,
    language,
    level,
    number,
    split_cell,
    text,
)
from skillmatch.adapters.loaders.tabular import Problems, read_rows
from skillmatch.core.text import squash_space
from skillmatch.errors import DataFormatError

COLUMNS = tuple(
    "id title provider url description learning_outcomes skills credential_type cost currency hours "
    "duration_weeks level eqf_level format language location accreditation endorsements credits "
    "credit_unit prerequisites is_part_of has_part".split()
)
REQUIRED = ("title", "provider")
# What foreign exports write for "no value"; read as empty in lenient mode (a trailing "." is ignored).
_PLACEHOLDERS = {"none", "n/a", "na", "null", "nan", "-", "ninguno", "ninguna", "aucun", "keine"}


def column_names(names: Iterable[str], rename: Mapping[str, str]) -> list[tuple[str, str]]:
    """(name in the file, name on import) of each column: ``rename`` (keys case-folded) first,
    then the documented column it matches ignoring case; any other keeps its own name."""
    pairs = []
    for name in names:
        target = rename.get(name.strip().casefold(), name.strip())
        pairs.append((name, target.casefold() if target.casefold() in COLUMNS else target))
    return pairs


def _clash(pairs: Iterable[tuple[str, str]]) -> tuple[str, str] | None:
    """(column, reason) when two columns of the file would both fill one documented column."""
    seen: dict[str, str] = {}
    for name, target in pairs:
        if target in COLUMNS and target in seen:
            return target, f"columns {seen[target]!r} and {name!r} both give {target}"
        seen[target] = name
    return None


# --- CSV --------------------------------------------------------------------------------------


def csv_drafts(path: Path, rename: Mapping[str, str], lenient: bool, problems: Problems) -> Iterator[Draft]:
    source = str(path)
    pairs = column_names(_csv_header(path), rename)
    clash = _clash(pairs)
    if clash:
        problems.add(source, clash[1], line=1, field=clash[0])
        return
    missing = [column for column in REQUIRED if pairs and column not in {t for _, t in pairs}]
    if missing:
        header = ", ".join(name for name, _ in pairs)
        reason = f"no {' or '.join(missing)} column (map one with column_map); the header has: {header}"
        problems.add(source, reason, line=1, field=missing[0])
        return
    names = {target: name for name, target in pairs}
    try:
        for row in read_rows(path, rename=dict(pairs), problems=problems):
            draft = Draft(Where(source, line=row.line), lenient, names)
            fill_from_columns(draft, row.values)
            yield draft
    except DataFormatError as exc:  # an unreadable file or a malformed record: noted, and the file ends
        problems.extend(exc.problems)


def _csv_header(path: Path) -> list[str]:
    """The header's column names, or none when the file cannot be read (read_rows then says why)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            return [name.strip() for name in next(csv.reader(fh), [])]
    except (OSError, csv.Error, UnicodeDecodeError):
        return []


# --- JSON Lines -------------------------------------------------------------------------------


def jsonl_drafts(
    source: str, content: str, rename: Mapping[str, str], lenient: bool, problems: Problems
) -> Iterator[Draft]:
    # Split on "\n" only: JSON strings may hold U+2028 and other breaks that splitlines() splits on.
    for number_, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.add(source, f"not valid JSON: {exc.msg} (column {exc.colno})", line=number_)
            continue
        if not isinstance(record, dict):
            problems.add(source, f"expected an object, found {kind(record)}", line=number_)
            continue
        pairs = column_names(record, rename)
        draft = Draft(Where(source, line=number_), lenient, {target: name for name, target in pairs})
        clash = _clash(pairs)
        if clash:
            draft.problem(*clash)
        fill_from_columns(draft, {target: record[name] for name, target in pairs})
        yield draft


# --- the documented columns -------------------------------------------------------------------


def fill_from_columns(draft: Draft, values: Mapping[str, object]) -> None:
    """Read the documented columns of one row (CSV text, or JSON values from JSON Lines)."""

    def value(column: str) -> object:
        found = values.get(column)
        return "" if _is_placeholder(draft, found) else found

    def cell(column: str) -> str:
        return text(draft, column, value(column))

    def items(column: str, *, commas: bool = True) -> list[str]:
        return _items(draft, column, value(column), commas=commas)

    draft.id = cell("id")
    draft.generate_id = True
    draft.title = squash_space(cell("title"))
    draft.provider = squash_space(cell("provider"))
    draft.url = cell("url")
    draft.description = cell("description")
    draft.learning_outcomes = items("learning_outcomes", commas=False)
    skills = (declared_skill(draft, "skills", item) for item in items("skills"))
    draft.declared_skills = [skill for skill in skills if skill is not None]
    draft.credential_type = credential_type(cell("credential_type"))
    draft.cost = number(draft, "cost", value("cost"))
    draft.currency = currency(draft, "currency", cell("currency"))
    draft.hours = number(draft, "hours", value("hours"))
    draft.duration_weeks = number(draft, "duration_weeks", value("duration_weeks"))
    draft.level = level(draft, "level", cell("level"))
    draft.eqf_level = eqf_level(draft, "eqf_level", value("eqf_level"))
    draft.format = delivery(draft, "format", cell("format"))
    draft.language = language(draft, "language", cell("language"))
    draft.location = squash_space(cell("location"))
    draft.accreditation = items("accreditation", commas=False)
    draft.endorsements = items("endorsements")
    draft.credits = number(draft, "credits", value("credits"))
    draft.credit_unit = squash_space(cell("credit_unit"))
    draft.prerequisites = list(items("prerequisites"))
    draft.is_part_of = [Link(item) for item in items("is_part_of")]
    draft.has_part = [Link(item) for item in items("has_part")]


def _is_placeholder(draft: Draft, value: object) -> bool:
    return draft.lenient and isinstance(value, str) and value.strip().rstrip(".").casefold() in _PLACEHOLDERS


def _items(draft: Draft, column: str, value: object, *, commas: bool) -> list[str]:
    """A list column: a JSON list of text, or a cell split by :func:`split_cell`."""
    if isinstance(value, list):
        found = (text(draft, column, item) for item in value if not _is_placeholder(draft, item))
        return [squash_space(item) for item in found if item]
    return [squash_space(item) for item in split_cell(text(draft, column, value), commas=commas)]
