"""The credential catalog: CSV, JSON Lines, Open Badges 2.0 / 3.0 and Credential Engine CTDL.

:func:`load_catalog` reads files and folders (every ``.csv``, ``.jsonl``, ``.json`` and
``.jsonld`` file in a folder, recursively, in sorted order). The suffix picks CSV or JSON Lines;
a ``.json`` / ``.jsonld`` file is read by its content: objects typed ``BadgeClass``,
``Achievement``, ``OpenBadgeCredential`` or ``AchievementCredential`` are Open Badges, ``@type``
``ceterms:...`` or an ``@graph`` is CTDL. docs/formats.md ("Credential catalog") lists what is read.

Rules every format shares:

- ``id``, ``title`` and ``provider`` are required. A CSV / JSON Lines row without an id gets a
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
is good.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from skillmatch.adapters.loaders.catalog_badges import badge_drafts, is_badge
from skillmatch.adapters.loaders.catalog_common import (
    Draft,
    Link,
    Where,
    as_list,
    generated_id,
    is_uri,
    kind,
    last_segment,
    unique,
)
from skillmatch.adapters.loaders.catalog_ctdl import (
    credential_kind,
    ctdl_draft,
    is_organization,
    organization_names,
)
from skillmatch.adapters.loaders.catalog_tabular import csv_drafts, jsonl_drafts
from skillmatch.adapters.loaders.tabular import Problems
from skillmatch.core.catalog import Credential, Recognition
from skillmatch.errors import DataFormatError, Problem

SUFFIXES = (".csv", ".jsonl", ".json", ".jsonld")
_log = logging.getLogger(__name__)


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
    files = _files(paths)
    rename = {source.strip().casefold(): target.strip() for source, target in (column_map or {}).items()}
    problems = Problems()
    lines, documents = _read_json_files(files, problems)
    organizations = organization_names(documents.values())
    drafts: list[Draft] = []
    for path in files:
        before, count = len(problems.items), len(drafts)
        if path.suffix.lower() != ".csv" and path not in lines and path not in documents:
            continue  # unreadable: its problem is noted
        if path.suffix.lower() == ".csv":
            drafts.extend(csv_drafts(path, rename, lenient, problems))
        elif path in lines:
            drafts.extend(jsonl_drafts(str(path), lines[path], rename, lenient, problems))
        elif path in documents:
            drafts.extend(_json_drafts(str(path), documents[path], lenient, organizations, problems))
        if len(drafts) == count and len(problems.items) == before:
            problems.add(str(path), "holds no credentials")
    credentials = _assemble(drafts, problems, skipped)
    _in_file_order(problems, files)
    problems.raise_if_any(accepted=len(credentials))
    return credentials


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
        content = _read_text(path, problems) if suffix != ".csv" else None
        if content is None:
            continue
        if suffix == ".jsonl":
            lines[path] = content
            continue
        try:
            documents[path] = json.loads(content)
        except json.JSONDecodeError as exc:
            problems.add(str(path), f"not valid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno)
    return lines, documents


def _read_text(path: Path, problems: Problems) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add(str(path), f"cannot open: {exc.strerror}")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add(str(path), f"not UTF-8 text: {exc.reason}", line=data[: exc.start].count(b"\n") + 1)
        return None


def _json_drafts(
    source: str, document: object, lenient: bool, organizations: Mapping[str, str], problems: Problems
) -> Iterator[Draft]:
    """One object, a list of them, or an ``@graph`` (whose nodes other than credentials only name
    organisations). Outside a graph, an object that is neither a badge nor a CTDL credential or
    organisation is a problem."""
    graph = isinstance(document, dict) and "@graph" in document
    nodes = as_list(document["@graph"] if isinstance(document, dict) and graph else document)
    for index, node in enumerate(nodes):
        where = Where(source, index=index)
        if not isinstance(node, dict):
            problems.add(source, f"expected an object, found {kind(node)}", index=index)
        elif credential_kind(node):
            yield ctdl_draft(where, node, lenient, organizations)
        elif not graph and is_badge(node):
            yield from badge_drafts(where, node, lenient, problems)
        elif not graph and not is_organization(node):
            found = ", ".join(str(t) for t in as_list(node.get("type", node.get("@type")))) or "none"
            reason = f"neither an Open Badges achievement nor a CTDL credential (type: {found})"
            problems.add(source, reason, index=index, field="type")


# --- from drafts to credentials ---------------------------------------------------------------


def _assemble(drafts: Sequence[Draft], problems: Problems, skipped: Problems | None) -> list[Credential]:
    """Check ids and required fields, resolve links between records, make stacking symmetric."""
    first_seen: dict[str, Where] = {}
    kept: list[Draft] = []
    passed_over = 0
    for draft in drafts:
        if draft.lenient and not (draft.title and draft.provider):
            passed_over += 1
            _note_passed_over(draft, skipped)
            continue
        generated = _check_required(draft)
        if draft.id:
            _check_unique(draft, first_seen, generated)
        problems.extend(draft.problems)
        if not draft.problems:
            kept.append(draft)
    if passed_over:
        _log.warning("passed over %d record(s) without a title or provider", passed_over)
    links = _Links(kept)
    return [_credential(draft, links) for draft in kept]


def _note_passed_over(draft: Draft, skipped: Problems | None) -> None:
    if skipped is not None:
        missing = "title" if not draft.title else "provider"
        where = draft.where
        field = draft.names.get(missing, missing)
        skipped.add(where.file, f"passed over: no {missing}", line=where.line, index=where.index, field=field)


def _check_required(draft: Draft) -> bool:
    """Note a missing title, provider or id; True when the id was made from provider and title."""
    for name in ("title", "provider"):
        if not getattr(draft, name) and not draft.has_problem(name):
            draft.problem(name, "is missing or empty")
    if draft.id or not (draft.title and draft.provider):
        return False
    if not draft.generate_id and not draft.has_problem("id"):
        draft.problem("id", "is missing or empty")
        return False
    draft.id = generated_id(draft.provider, draft.title)
    return True


def _check_unique(draft: Draft, first_seen: dict[str, Where], generated: bool) -> None:
    first = first_seen.setdefault(draft.id, draft.where)
    if first == draft.where:
        return
    if generated:
        reason = (
            f"same provider and title as {first} (no id given, so both get {draft.id!r}); give each an id"
        )
    else:
        reason = f"duplicate id {draft.id!r}, first at {first}"
    draft.problem("id", reason)


class _Links:
    """Turns the links of the kept records into ids and makes stacking links symmetric."""

    def __init__(self, drafts: Sequence[Draft]) -> None:
        self.ids = {draft.id for draft in drafts}
        self.aliases = {alias: draft.id for draft in drafts for alias in draft.aliases}
        self.prerequisites = {
            d.id: unique(self._prerequisite(item) for item in d.prerequisites) for d in drafts
        }
        self.prepares_for = {d.id: unique(self._id(link) for link in d.prepares_for) for d in drafts}
        self.is_part_of = {d.id: unique(self._id(link) for link in d.is_part_of) for d in drafts}
        self.has_part = {d.id: unique(self._id(link) for link in d.has_part) for d in drafts}
        for draft in drafts:
            for whole in self.is_part_of[draft.id]:
                self._add(self.has_part, whole, draft.id)
            for part in self.has_part[draft.id]:
                self._add(self.is_part_of, part, draft.id)

    def _id(self, link: Link) -> str:
        target = link.target
        if target in self.ids:
            return target
        return self.aliases.get(target) or last_segment(target)

    def _prerequisite(self, item: str | Link) -> str:
        """A credential link as an id; a skill URI or label as given (unless it names a record)."""
        if isinstance(item, Link):
            return self._id(item)
        return self.aliases.get(item, item) if is_uri(item) else item

    def _add(self, links: dict[str, list[str]], owner: str, target: str) -> None:
        if owner in links and target not in links[owner]:
            links[owner].append(target)


def _credential(draft: Draft, links: _Links) -> Credential:
    return Credential(
        id=draft.id,
        title=draft.title,
        provider=draft.provider,
        url=draft.url,
        description=draft.description,
        learning_outcomes=tuple(draft.learning_outcomes),
        credential_type=draft.credential_type,
        declared_skills=tuple(dict.fromkeys(draft.declared_skills)),
        cost=draft.cost,
        currency=draft.currency,
        hours=draft.hours,
        duration_weeks=draft.duration_weeks,
        level=draft.level,
        eqf_level=draft.eqf_level,
        format=draft.format,
        language=draft.language,
        location=draft.location,
        recognition=Recognition(
            accreditation="; ".join(unique(draft.accreditation)),
            endorsements=tuple(unique(draft.endorsements)),
            credits=draft.credits,
            credit_unit=draft.credit_unit,
        ),
        prerequisites=tuple(links.prerequisites[draft.id]),
        is_part_of=tuple(links.is_part_of[draft.id]),
        has_part=tuple(links.has_part[draft.id]),
        prepares_for=tuple(links.prepares_for[draft.id]),
        source=str(draft.where),
    )
