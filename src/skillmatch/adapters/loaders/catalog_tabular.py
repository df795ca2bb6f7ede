"""Catalog records from CSV and JSON Lines files with the documented columns.

docs/formats.md ("Credential catalog") lists the columns. Headers (and JSON Lines keys) are
matched ignoring case after ``column_map`` renames them (see :class:`.records.Columns`); other
columns are ignored.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from skillmatch.adapters.loaders.catalog_draft import CredentialDraft, Link, kind, text
from skillmatch.adapters.loaders.catalog_values import (
    credential_type,
    currency,
    declared_skill,
    delivery,
    eqf_level,
    language,
    level,
    number,
    split_cell,
)
from skillmatch.adapters.loaders.records import Columns, Problems, json_lines, named
from skillmatch.adapters.loaders.tabular import csv_columns, csv_records
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


def csv_drafts(path: Path, columns: Columns, lenient: bool, problems: Problems) -> Iterator[CredentialDraft]:
    """Every problem is noted: one with the file as a whole (no title or provider column, two
    columns for one, an unreadable file or record) ends its reading."""
    try:
        pairs = csv_columns(path, columns)
        missing = [column for column in REQUIRED if pairs and column not in {t for _, t in pairs}]
        if missing:
            header = ", ".join(name for name, _ in pairs)
            reason = f"no {' or '.join(missing)} column (map one with column_map); the header has: {header}"
            raise DataFormatError(str(path), reason, line=1, field=missing[0])
        names = named(pairs)
        for origin, values in csv_records(path, pairs, problems):
            draft = CredentialDraft(origin, names, lenient=lenient)
            fill_from_columns(draft, values)
            yield draft
    except DataFormatError as exc:
        problems.extend(exc.problems)


def jsonl_drafts(
    source: str, content: str, columns: Columns, lenient: bool, problems: Problems
) -> Iterator[CredentialDraft]:
    for origin, record in json_lines(source, content, problems):
        if not isinstance(record, dict):
            problems.at(origin, f"expected an object, found {kind(record)}")
            continue
        draft, values = CredentialDraft.of_record(origin, record, columns, lenient=lenient)
        fill_from_columns(draft, values)
        yield draft


# --- the documented columns -------------------------------------------------------------------


def fill_from_columns(draft: CredentialDraft, values: Mapping[str, object]) -> None:
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


def _is_placeholder(draft: CredentialDraft, value: object) -> bool:
    return draft.lenient and isinstance(value, str) and value.strip().rstrip(".").casefold() in _PLACEHOLDERS


def _items(draft: CredentialDraft, column: str, value: object, *, commas: bool) -> list[str]:
    """A list column: a JSON list of text, or a cell split by :func:`split_cell`."""
    if isinstance(value, list):
        found = (text(draft, column, item) for item in value if not _is_placeholder(draft, item))
        return [squash_space(item) for item in found if item]
    return [squash_space(item) for item in split_cell(text(draft, column, value), commas=commas)]
