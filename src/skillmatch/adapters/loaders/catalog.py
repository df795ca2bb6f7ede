"""The credential catalog: CSV, JSON Lines, Open Badges 2.0 / 3.0 and Credential Engine CTDL.

:func:`load_catalog` reads files and folders (every ``.csv``, ``.jsonl``, ``.json`` and
``.jsonld`` file in a folder, recursively, in sorted order). The suffix picks CSV or JSON Lines;
a ``.json`` / ``.jsonld`` file is read by its content: objects typed ``BadgeClass``,
``Achievement``, ``OpenBadgeCredential`` or ``AchievementCredential`` are Open Badges, ``@type``
``ceterms:...`` or an ``@graph`` is CTDL. docs/formats.md ("Credential catalog") lists what is read.

Rules every format shares:

- ``id``, ``title`` and ``provider`` are required (a CTDL course, or another learning
  opportunity, that names neither ``ceterms:ownedBy`` nor ``ceterms:offeredBy`` takes the
  provider of the credential of the same import it ``ceterms:isPartOf``; the import lists it in
  ``inherited_providers``). A CSV / JSON Lines row without an id gets a
  stable one: a slug of provider and title plus 8 hex digits of their sha256. An Open Badges id
  is the last path segment of the achievement's IRI (``.../achievements/stratus-cloud-foundations``
  gives ``stratus-cloud-foundations``); a CTDL id is ``ceterms:ctid``, else the last path
  segment of ``@id``. Two records with one id are a problem, naming both places.
- Links to other credentials (``is_part_of``, ``has_part``, prerequisites, what a record prepares
  for) given as IRIs become the id of the record with that IRI when it is in the same import,
  else the IRI's last path segment. Stacking links are then made symmetric: when A is part of B,
  B has part A, and the other way round.
- ``level`` and ``format`` accept their synonyms in every mode ("Introductory", "basic" ->
  beginner; "expert" -> advanced; "self-paced", "live online", "classroom", "blended", ...).
  By default any other value, and the ambiguous "online", is a problem naming the accepted
  values. ``lenient=True`` is for foreign files (MOOC exports and the like): there unknown
  levels and formats become None, "online" becomes online_self_paced, language names become
  codes ("English" -> en; unknown names give "" for unknown), cells such as "None", "N/A" or
  "null" are empty, and a record left without a title or provider is passed over (noted in
  ``skipped`` and the log) instead of rejecting the import. Numbers, codes and ids are checked
  the same way in both modes.
- Lists in a cell split on ";" (and line breaks), or on "," when the cell holds no ";";
  learning outcomes and accreditation are sentences and names, so they split on ";" only.
- Numbers (cost, hours, duration_weeks, credits) are >= 0, empty meaning unknown; eqf_level is a
  whole number 1-8; currency a 3-letter code (default EUR); language an ISO 639-1 code (default
  en; a tag such as "en-US" gives "en").

A missing path, an unknown suffix or a folder without catalog files raises
:class:`DataFormatError` at once. Everything else wrong (unreadable JSON, a bad record, a bad
value) is collected across all files, with its file, line (CSV, JSON Lines) or index (JSON) and
field, and raised together as :class:`ImportRejected`: nothing is returned unless every record
is good. Each credential carries its :class:`~skillmatch.core.origin.Origin`, whose format is
csv, jsonl, open_badges_2, open_badges_3 or ctdl.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from skillmatch.adapters.loaders.catalog_assembly import CatalogRead, assemble
from skillmatch.adapters.loaders.catalog_badges import badge_drafts, badge_format, is_badge
from skillmatch.adapters.loaders.catalog_ctdl import (
    credential_kind,
    ctdl_draft,
    is_organization,
    organization_names,
)
from skillmatch.adapters.loaders.catalog_draft import CredentialDraft, kind
from skillmatch.adapters.loaders.catalog_tabular import COLUMNS, csv_drafts, jsonl_drafts
from skillmatch.adapters.loaders.records import Columns, Problems, as_list, read_text
from skillmatch.core.catalog import Credential
from skillmatch.core.origin import Origin
from skillmatch.errors import DataFormatError, Problem

SUFFIXES = (".csv", ".jsonl", ".json", ".jsonld")


def load_catalog(
    paths: Sequence[Path],
    *,
    column_map: Mapping[str, str] | None = None,
    lenient: bool = False,
    skipped: Problems | None = None,
) -> list[Credential]:
    """Every credential of ``paths`` (files or folders), in file order.

    ``column_map`` renames CSV headers and JSON Lines keys (``{"Organization": "provider"}``,
    matched ignoring case) before they are matched to the documented columns. ``lenient`` reads
    foreign files as the module docstring says; the records it passes over are added to
    ``skipped`` when given.
    """
    read = read_catalog(paths, column_map=column_map, lenient=lenient)
    if skipped is not None:
        skipped.extend(read.passed_over)
    return read.credentials


def read_catalog(
    paths: Sequence[Path], *, column_map: Mapping[str, str] | None = None, lenient: bool = False
) -> CatalogRead:
    """:func:`load_catalog`, with the records passed over and the providers taken from a whole."""
    files = _files(paths)
    columns = Columns.of(COLUMNS, column_map)
    problems = Problems()
    lines, documents = _read_json_files(files, problems)
    organizations = organization_names(documents.values())
    drafts: list[CredentialDraft] = []
    for path in files:
        before, count = len(problems.items), len(drafts)
        if path.suffix.lower() != ".csv" and path not in lines and path not in documents:
            continue  # unreadable: its problem is noted
        if path.suffix.lower() == ".csv":
            drafts.extend(csv_drafts(path, columns, lenient, problems))
        elif path in lines:
            drafts.extend(jsonl_drafts(str(path), lines[path], columns, lenient, problems))
        elif path in documents:
            drafts.extend(_json_drafts(str(path), documents[path], lenient, organizations, problems))
        if len(drafts) == count and len(problems.items) == before:
            problems.add(str(path), "holds no credentials")
    read = assemble(drafts, problems)
    _in_file_order(problems, files)
    problems.raise_if_any(accepted=len(read.credentials))
    return read


# --- files ------------------------------------------------------------------------------------

def _files(paths: Sequence[Path]) -> list[Path]:
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not inside:
                raise DataFormatError(str(path), f"holds no catalog files ({', '.join(SUFFIXES)})")
            found.extend(inside)
        elif not path.exists():
            raise DataFormatError(str(path), "no such file or folder")
        elif path.suffix.lower() not in SUFFIXES:
            expected = ", ".join(SUFFIXES)
            raise DataFormatError(
                str(path), f"unknown file type {path.suffix!r}: expected {expected} or a folder"
            )
        else:
            found.append(path)
    unique_files: dict[Path, Path] = {}
    for path in found:
        unique_files.setdefault(path.resolve(), path)
    return list(unique_files.values())


def _in_file_order(problems: Problems, files: Sequence[Path]) -> None:
    """Sort problems by file, then line or index (a whole-file problem first)."""
    order = {str(path): number for number, path in enumerate(files)}

    def key(problem: Problem) -> tuple[int, int]:
        place = problem.line if problem.line is not None else problem.index
        return order.get(problem.source, len(order)), -1 if place is None else place

    problems.items.sort(key=key)


def _read_json_files(files: Sequence[Path], problems: Problems) -> tuple[dict[Path, str], dict[Path, object]]:
    """The text of each JSON Lines file and the parsed document of each JSON file; a file that
    cannot be read or parsed is left out, its problem noted."""
    lines: dict[Path, str] = {}
    documents: dict[Path, object] = {}
    for path in files:
        suffix = path.suffix.lower()
        if suffix == ".csv":
            continue
        try:
            content = read_text(path)
        except DataFormatError as exc:
            problems.extend(exc.problems)
            continue
        if suffix == ".jsonl":
            lines[path] = content
            continue
        try:
            documents[path] = json.loads(content)
        except json.JSONDecodeError as exc:
            problems.add(str(path), f"not valid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno)
    return lines, documents


def _json_drafts(
    source: str, document: object, lenient: bool, organizations: Mapping[str, str], problems: Problems
) -> Iterator[CredentialDraft]:
    """One object, a list of them, or an ``@graph`` (whose nodes other than credentials only name
    organisations). Outside a graph, an object that is neither a badge nor a CTDL credential or
    organisation is a problem."""
    graph = isinstance(document, dict) and "@graph" in document
    nodes = as_list(document["@graph"] if isinstance(document, dict) and graph else document)
    for index, node in enumerate(nodes):
        origin = Origin(source, index=index)
        if not isinstance(node, dict):
            problems.at(origin, f"expected an object, found {kind(node)}")
        elif credential_kind(node):
            yield ctdl_draft(replace(origin, format="ctdl"), node, lenient, organizations)
        elif not graph and is_badge(node):
            yield from badge_drafts(replace(origin, format=badge_format(node)), node, lenient, problems)
        elif not graph and not is_organization(node):
            found = ", ".join(str(t) for t in as_list(node.get("type", node.get("@type")))) or "none"
            reason = f"neither an Open Badges achievement nor a CTDL credential (type: {found})"
            problems.at(origin, reason, "type")
