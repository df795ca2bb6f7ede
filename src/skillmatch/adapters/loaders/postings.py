"""Job postings from CSV, JSON Lines and schema.org ``JobPosting`` JSON-LD files.

The suffix decides the format: ``.csv``, ``.jsonl``, and ``.json`` / ``.jsonld`` for JSON-LD
(one ``JobPosting``, a list of them, or an ``@graph``). A ``.json`` file is read by its content:
JSON-LD when its objects carry ``@`` keys, JSON Lines when it holds one object per line, else a
list of plain records with the CSV columns. docs/formats.md ("Job postings") lists the columns
and properties; :mod:`.postings_tabular` and :mod:`.postings_jsonld` read them.

A file that cannot be read at all (missing, unknown suffix, not JSON, not UTF-8, a CSV without a
title or description column) raises :class:`DataFormatError` at once. Bad records are collected
across all files and raised together as :class:`ImportRejected`, each with its file, line (CSV,
JSON Lines) or index (JSON) and field; nothing is returned unless every record is good. Each
posting carries its :class:`~skillmatch.core.origin.Origin`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from skillmatch.adapters.loaders.postings_draft import PostingDraft
from skillmatch.adapters.loaders.postings_jsonld import is_linked_data, linked_data_drafts
from skillmatch.adapters.loaders.postings_tabular import COLUMNS, csv_drafts, line_drafts, record_draft
from skillmatch.adapters.loaders.records import Columns, Problems, as_list, read_text
from skillmatch.core.origin import Origin
from skillmatch.core.postings import JobPosting
from skillmatch.errors import DataFormatError


def load_postings(
    paths: Sequence[Path], *, column_map: Mapping[str, str] | None = None, role: str = ""
) -> list[JobPosting]:
    """Every posting of ``paths``, in file order.

    ``column_map`` renames CSV columns and JSON Lines keys (``{"Job Title": "title"}``, matched
    ignoring case) before they are matched to the documented columns; columns that match none
    are kept in ``JobPosting.extra``. ``role`` is the role of every posting that names none.
    """
    files = [_readable(Path(path)) for path in paths]
    columns = Columns.of(COLUMNS, column_map)
    problems = Problems()
    postings: list[JobPosting] = []
    first_seen: dict[str, Origin] = {}
    for path in files:
        before = len(problems.items)
        drafts = 0
        for draft in _READERS[path.suffix.lower()](path, columns, problems):
            drafts += 1
            posting = _finish(draft, role, first_seen)
            problems.extend(draft.problems)
            if posting is not None:
                postings.append(posting)
        if drafts == 0 and len(problems.items) == before:
            problems.add(str(path), "holds no job postings")
    problems.raise_if_any(accepted=len(postings))
    return postings


def _readable(path: Path) -> Path:
    if path.suffix.lower() not in _READERS:
        raise DataFormatError(
            str(path), f"unknown file type {path.suffix!r}: expected .csv, .jsonl, .json or .jsonld"
        )
    if not path.exists():
        raise DataFormatError(str(path), "no such file")
    if not path.is_file():
        raise DataFormatError(str(path), "is not a file")
    return path


# --- from a draft to a JobPosting -------------------------------------------------------------


def _finish(draft: PostingDraft, role: str, first_seen: dict[str, Origin]) -> JobPosting | None:
    """The posting, or None when the draft has problems (all of them noted on it)."""
    for name in ("title", "description"):
        if not getattr(draft, name) and not draft.has_problem(name):
            draft.problem(name, "is missing or empty")
    posted = _posting_date(draft)
    posting_id = _unique_id(draft, first_seen)
    if draft.faulty:
        return None
    return JobPosting(
        id=posting_id,
        title=draft.title,
        description=draft.description,
        skills=draft.skills,
        preferred_skills=draft.preferred_skills,
        organization=draft.organization,
        location=draft.location or ("Remote" if draft.remote else ""),
        date_posted=posted,
        employment_type=draft.employment_type,
        remote=draft.remote,
        occupational_category=draft.occupational_category,
        role=draft.role or role,
        source=str(draft.origin),
        extra=draft.extra,
        origin=draft.origin,
    )


def _posting_date(draft: PostingDraft) -> date | None:
    text = draft.date_posted
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        draft.problem("date_posted", f"{text!r} is not an ISO date like 2026-03-01")
        return None


def _unique_id(draft: PostingDraft, first_seen: dict[str, Origin]) -> str:
    """The posting's id, else a hash of its title, organization and description. A given id
    seen before is a problem; a copy without one gets the hash plus "-2", "-3", ..., so exact
    copies reach the import, which counts them once."""
    if draft.id:
        first = first_seen.setdefault(draft.id, draft.origin)
        if first != draft.origin:
            draft.problem("id", f"duplicate id {draft.id!r}, first at {first}")
        return draft.id
    text = "\n".join((draft.title, draft.organization, draft.description))
    content_id = candidate = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    copies = 1
    while candidate in first_seen:
        copies += 1
        candidate = f"{content_id}-{copies}"
    first_seen[candidate] = draft.origin
    return candidate


# --- files ------------------------------------------------------------------------------------


def _jsonl_drafts(path: Path, columns: Columns, problems: Problems) -> Iterator[PostingDraft]:
    yield from line_drafts(str(path), read_text(path), columns, problems)


def _json_drafts(path: Path, columns: Columns, problems: Problems) -> Iterator[PostingDraft]:
    source, text = str(path), read_text(path)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if path.suffix.lower() == ".json" and _is_json_lines(text):
            yield from line_drafts(source, text, columns, problems)
            return
        raise DataFormatError(
            source, f"not valid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno
        ) from exc
    if path.suffix.lower() == ".jsonld" or is_linked_data(document):
        yield from linked_data_drafts(source, document, problems)
        return
    for index, record in enumerate(as_list(document)):
        draft = record_draft(Origin(source, index=index, format="json"), record, columns, problems)
        if draft is not None:
            yield draft


def _is_json_lines(text: str) -> bool:
    first = next((line for line in text.split("\n") if line.strip()), "")
    try:
        return isinstance(json.loads(first), dict)
    except json.JSONDecodeError:
        return False


_READERS: dict[str, Callable[[Path, Columns, Problems], Iterator[PostingDraft]]] = {
    ".csv": csv_drafts,
    ".jsonl": _jsonl_drafts,
    ".json": _json_drafts,
    ".jsonld": _json_drafts,
}
