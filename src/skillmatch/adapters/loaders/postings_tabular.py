"""Postings from CSV files, JSON Lines and plain JSON records: the documented columns.

docs/formats.md ("Job postings") lists the columns. Headers (and JSON keys) are matched ignoring
case after ``column_map`` renames them; columns that match none are kept in ``JobPosting.extra``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from skillmatch.adapters.loaders.postings_draft import (
    PostingDraft,
    codes,
    extra_value,
    items,
    kind,
    listed_skills,
    text,
    texts,
)
from skillmatch.adapters.loaders.records import Columns, Problems, json_lines, named
from skillmatch.adapters.loaders.tabular import csv_columns, csv_records
from skillmatch.core.origin import Origin
from skillmatch.core.text import squash_space

COLUMNS = tuple(
    "id title description organization location date_posted employment_type skills preferred_skills "
    "occupational_category role source".split()
)


def csv_drafts(path: Path, columns: Columns, problems: Problems) -> Iterator[PostingDraft]:
    """A file without a title or description column, or with two columns for one, raises."""
    pairs = csv_columns(path, columns)
    names = named(pairs)
    for origin, values in csv_records(path, pairs, problems, required=("title", "description")):
        draft = PostingDraft(origin, names)
        _fill_from_columns(draft, values)
        yield draft


def line_drafts(source: str, content: str, columns: Columns, problems: Problems) -> Iterator[PostingDraft]:
    """The records of a JSON Lines text (a ``.jsonl`` file, or a ``.json`` file holding lines)."""
    for origin, record in json_lines(source, content, problems):
        draft = record_draft(origin, record, columns, problems)
        if draft is not None:
            yield draft


def record_draft(origin: Origin, record: object, columns: Columns, problems: Problems) -> PostingDraft | None:
    """A JSON Lines or plain JSON record with the documented columns as keys."""
    if not isinstance(record, dict):
        problems.at(origin, f"expected an object, found {kind(record)}")
        return None
    draft, values = PostingDraft.of_record(origin, record, columns)
    _fill_from_columns(draft, values)
    return draft


def _cell_items(value: object) -> list[object]:
    """A list column: split on ';' and newlines, or on ',' when the cell holds no ';'."""
    separators = ";\n" if not isinstance(value, str) or ";" in value else ",\n"
    return items(value, separators)


def _fill_from_columns(draft: PostingDraft, values: Mapping[str, object]) -> None:
    def cell(column: str) -> str:
        return text(draft, column, values.get(column))

    draft.id = cell("id")
    draft.title = squash_space(cell("title"))
    draft.description = cell("description")
    draft.organization = squash_space(cell("organization"))
    draft.location = squash_space(cell("location"))
    draft.remote = draft.location.casefold().startswith("remote")
    draft.date_posted = cell("date_posted")
    draft.employment_type = ",".join(texts(draft, "employment_type", values.get("employment_type")))
    draft.role = squash_space(cell("role"))
    draft.skills = listed_skills(draft, "skills", _cell_items(values.get("skills")))
    draft.preferred_skills = listed_skills(draft, "preferred_skills", _cell_items(values.get("preferred_skills")))
    category = "occupational_category"
    draft.occupational_category = codes(draft, category, _cell_items(values.get(category)))
    extra = {
        name: extra_value(value) for name, value in values.items() if name not in COLUMNS or name == "source"
    }
    draft.extra = {name: value for name, value in extra.items() if value}
