"""Job postings from CSV, JSON Lines and schema.org ``JobPosting`` JSON-LD files.

The suffix decides the format: ``.csv``, ``.jsonl``, and ``.json`` / ``.jsonld`` for JSON-LD
(one ``JobPosting``, a list of them, or an ``@graph``). A ``.json`` file is read by its content:
JSON-LD when its objects carry ``@`` keys, JSON Lines when it holds one object per line, else a
list of plain records with the CSV columns. docs/formats.md ("Job postings") lists the columns
and properties.

A file that cannot be read at all (missing, unknown suffix, not JSON, not UTF-8, a CSV without a
title or description column) raises :class:`DataFormatError` at once. Bad records are collected
across all files and raised together as :class:`ImportRejected`, each with its file, line (CSV,
JSON Lines) or index (JSON) and field; nothing is returned unless every record is good.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import TypeGuard

from skillmatch.adapters.loaders.tabular import Problems, read_rows
from skillmatch.core.postings import JobPosting, ListedSkill
from skillmatch.core.text import split_list, squash_space
from skillmatch.errors import DataFormatError

# The documented CSV columns and JSON Lines keys (docs/formats.md).
COLUMNS = tuple(
    "id title description organization location date_posted employment_type skills preferred_skills "
    "occupational_category role source".split()
)
ESCO_SKILL = "http://data.europa.eu/esco/skill/"
_SCHEMA_PREFIXES = ("schema:", "http://schema.org/", "https://schema.org/")
_PREFERRED_SKILLS = "skillmatch:preferredSkills"
_ROLE = "skillmatch:role"
# The text a JSON-LD posting folds into its description, in this order, under these headings.
_SECTIONS = (
    ("responsibilities", "Responsibilities"),
    ("qualifications", "Qualifications"),
    ("experienceRequirements", "Experience"),
    ("educationRequirements", "Education"),
)
# The JobPosting properties read; the others are kept in ``extra``.
_PROPERTIES = {
    *"identifier title description skills occupationalCategory datePosted hiringOrganization".split(),
    *"jobLocation jobLocationType employmentType role".split(),
    *(name for name, _ in _SECTIONS),
}
_NOT_EXTRA = {"@context", "@type", "@id", _PREFERRED_SKILLS, _ROLE}
# How the problems of a JSON-LD record name the fields every format shares.
_JSON_LD_NAMES = {"id": "identifier", "date_posted": "datePosted"}


def load_postings(
    paths: Sequence[Path], *, column_map: Mapping[str, str] | None = None, role: str = ""
) -> list[JobPosting]:
    """Every posting of ``paths``, in file order.

    ``column_map`` renames CSV columns and JSON Lines keys (``{"Job Title": "title"}``, matched
    ignoring case) before they are matched to the documented columns; columns that match none
    are kept in ``JobPosting.extra``. ``role`` is the role of every posting that names none.
    """
    files = [_readable(Path(path)) for path in paths]
    rename = {source.strip().casefold(): target.strip() for source, target in (column_map or {}).items()}
    problems = Problems()
    postings: list[JobPosting] = []
    first_seen: dict[str, _Where] = {}
    for path in files:
        before = len(problems.items)
        drafts = 0
        for draft in _READERS[path.suffix.lower()](path, rename, problems):
            drafts += 1
            posting = _finish(draft, role, first_seen)
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


# --- one record on its way to a JobPosting ---------------------------------------------------


@dataclass(frozen=True)
class _Where:
    file: str
    line: int | None = None
    index: int | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.file}:{self.line}"
        if self.index is not None:
            return f"{self.file}[{self.index}]"
        return self.file


@dataclass
class _Draft:
    """One posting as read from its file, before the checks every format shares."""

    where: _Where
    problems: Problems
    names: Mapping[str, str] = field(default_factory=dict)  # a shared field -> its name in the file
    id: str = ""
    title: str = ""
    description: str = ""
    skills: tuple[ListedSkill, ...] = ()
    preferred_skills: tuple[ListedSkill, ...] = ()
    organization: str = ""
    location: str = ""
    date_posted: str = ""
    employment_type: str = ""
    remote: bool = False
    occupational_category: tuple[str, ...] = ()
    role: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    faulty: set[str] = field(default_factory=set)  # the fields with a problem

    def problem(self, field: str, reason: str) -> None:
        self.faulty.add(field)
        where = self.where
        name = self.names.get(field, field)
        self.problems.add(where.file, reason, line=where.line, index=where.index, field=name)


def _finish(draft: _Draft, role: str, first_seen: dict[str, _Where]) -> JobPosting | None:
    """The posting, or None when the draft has problems (all of them noted)."""
    for name in ("title", "description"):
        if not getattr(draft, name) and name not in draft.faulty:
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
        source=str(draft.where),
        extra=draft.extra,
    )


def _posting_date(draft: _Draft) -> date | None:
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


def _unique_id(draft: _Draft, first_seen: dict[str, _Where]) -> str:
    """The posting's id, else a hash of its title, organization and description. A given id
    seen before is a problem; a copy without one gets the hash plus "-2", "-3", ..., so exact
    copies reach the import, which counts them once."""
    if draft.id:
        first = first_seen.setdefault(draft.id, draft.where)
        if first != draft.where:
            draft.problem("id", f"duplicate id {draft.id!r}, first at {first}")
        return draft.id
    text = "\n".join((draft.title, draft.organization, draft.description))
    content_id = candidate = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    copies = 1
    while candidate in first_seen:
        copies += 1
        candidate = f"{content_id}-{copies}"
    first_seen[candidate] = draft.where
    return candidate


# --- JSON values ------------------------------------------------------------------------------


def _plain(value: object) -> str | None:
    """A JSON scalar as text ("" for null), or None for anything that is not text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict) and "@value" in value:  # a JSON-LD value object
        return _plain(value["@value"])
    return None


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return json.dumps(value)


def _text(draft: _Draft, field: str, value: object) -> str:
    text = _plain(value)
    if text is None:
        draft.problem(field, f"expected text, found {_kind(value)}")
        return ""
    return text.strip()


def _is_object(value: object) -> TypeGuard[dict[str, object]]:
    """A JSON object that is a node (an Organization, a DefinedTerm, ...), not a value object."""
    return isinstance(value, dict) and "@value" not in value


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _items(value: object, separators: str) -> list[object]:
    """The items of a list value: a JSON list, or text split on ``separators`` (none: one item)."""
    if isinstance(value, str) and separators:
        return list(split_list(value, separators))
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [item for item in _as_list(value) if item is not None]


def _texts(draft: _Draft, field: str, value: object) -> list[str]:
    texts = (_text(draft, field, item) for item in _as_list(value))
    return [text for text in texts if text]


def _extra_value(value: object) -> str:
    return value.strip() if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _listed_skills(draft: _Draft, field: str, items: Iterable[object]) -> tuple[ListedSkill, ...]:
    skills = (_listed_skill(draft, field, item) for item in items)
    return tuple(dict.fromkeys(skill for skill in skills if skill is not None))


def _listed_skill(draft: _Draft, field: str, item: object) -> ListedSkill | None:
    if _is_object(item):
        return _defined_term(draft, field, item)
    label = _text(draft, field, item)
    if not label:
        return None
    return ListedSkill("", label) if label.startswith(ESCO_SKILL) else ListedSkill(label)


def _defined_term(draft: _Draft, field: str, term: dict[str, object]) -> ListedSkill | None:
    """A DefinedTerm: its name, and the ESCO skill URI its termCode, url or @id gives."""
    name = squash_space(_text(draft, field, _prop(term, "name")))
    codes = [_text(draft, field, _prop(term, key)) for key in ("termCode", "url", "@id")]
    uri = next((code for code in codes if code.startswith(ESCO_SKILL)), "")
    code = codes[0] if not codes[0].startswith(("http://", "https://")) else ""
    if not (name or uri or code):
        draft.problem(field, "a DefinedTerm with neither a name nor an ESCO skill URI")
        return None
    return ListedSkill(name or code, uri)


def _codes(draft: _Draft, field: str, items: Iterable[object]) -> tuple[str, ...]:
    codes = (_code(draft, field, item) for item in items)
    return tuple(dict.fromkeys(code for code in codes if code))


def _code(draft: _Draft, field: str, item: object) -> str:
    """An occupation code: text, or a CategoryCode's ``codeValue`` (else its ``@id`` or ``url``)."""
    if not _is_object(item):
        return _text(draft, field, item)
    value = _prop(item, "codeValue") or item.get("@id") or _prop(item, "url")
    if not value:
        draft.problem(field, "a CategoryCode without a codeValue")
        return ""
    return _text(draft, field, value)


# --- CSV, JSON Lines and plain JSON records: the documented columns ---------------------------


def _column_names(names: Iterable[str], rename: Mapping[str, str]) -> list[tuple[str, str]]:
    """(source name, name on import) of each column: the documented column it matches ignoring
    case, after ``rename``; a column that matches none keeps its own name."""
    pairs = []
    for name in names:
        target = rename.get(name.strip().casefold(), name.strip())
        pairs.append((name, target.casefold() if target.casefold() in COLUMNS else target))
    return pairs


def _clash(pairs: Iterable[tuple[str, str]]) -> tuple[str, str] | None:
    """(column, reason) when two source columns would both fill one documented column."""
    seen: dict[str, str] = {}
    for source, target in pairs:
        if target in COLUMNS and target in seen:
            return target, f"columns {seen[target]!r} and {source!r} both give {target}"
        seen[target] = source
    return None


def _cell_items(value: object) -> list[object]:
    """A list column: split on ';' and newlines, or on ',' when the cell holds no ';'."""
    separators = ";\n" if not isinstance(value, str) or ";" in value else ",\n"
    return _items(value, separators)


def _fill_from_columns(draft: _Draft, values: Mapping[str, object]) -> None:
    def text(column: str) -> str:
        return _text(draft, column, values.get(column))

    draft.id = text("id")
    draft.title = squash_space(text("title"))
    draft.description = text("description")
    draft.organization = squash_space(text("organization"))
    draft.location = squash_space(text("location"))
    draft.remote = draft.location.casefold().startswith("remote")
    draft.date_posted = text("date_posted")
    draft.employment_type = ",".join(_texts(draft, "employment_type", values.get("employment_type")))
    draft.role = squash_space(text("role"))
    draft.skills = _listed_skills(draft, "skills", _cell_items(values.get("skills")))
    draft.preferred_skills = _listed_skills(
        draft, "preferred_skills", _cell_items(values.get("preferred_skills"))
    )
    category = "occupational_category"
    draft.occupational_category = _codes(draft, category, _cell_items(values.get(category)))
    extra = {
        name: _extra_value(value) for name, value in values.items() if name not in COLUMNS or name == "source"
    }
    draft.extra = {name: value for name, value in extra.items() if value}


def _csv_drafts(path: Path, rename: Mapping[str, str], problems: Problems) -> Iterator[_Draft]:
    source = str(path)
    pairs = _column_names(_csv_header(path), rename)
    clash = _clash(pairs)
    if clash:
        raise DataFormatError(source, clash[1], line=1, field=clash[0])
    names = {target: name for name, target in pairs}
    for row in read_rows(path, required=("title", "description"), rename=dict(pairs), problems=problems):
        draft = _Draft(_Where(source, line=row.line), problems, names)
        _fill_from_columns(draft, row.values)
        yield draft


def _csv_header(path: Path) -> list[str]:
    """The header's column names, or none when the file cannot be read (read_rows then says why)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            return [name.strip() for name in next(csv.reader(fh), [])]
    except (OSError, csv.Error, UnicodeDecodeError):
        return []


def _record_draft(
    where: _Where, record: object, rename: Mapping[str, str], problems: Problems
) -> _Draft | None:
    """A JSON Lines or plain JSON record with the documented columns as keys."""
    if not isinstance(record, dict):
        problems.add(
            where.file, f"expected an object, found {_kind(record)}", line=where.line, index=where.index
        )
        return None
    pairs = _column_names(record, rename)
    draft = _Draft(where, problems, {target: name for name, target in pairs})
    clash = _clash(pairs)
    if clash:
        draft.problem(*clash)
    _fill_from_columns(draft, {target: record[name] for name, target in pairs})
    return draft


def _jsonl_drafts(path: Path, rename: Mapping[str, str], problems: Problems) -> Iterator[_Draft]:
    yield from _line_drafts(str(path), _read_text(path), rename, problems)


def _line_drafts(source: str, text: str, rename: Mapping[str, str], problems: Problems) -> Iterator[_Draft]:
    # Split on "\n" only: JSON strings may hold U+2028 and other breaks that splitlines() splits on.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.add(source, f"not valid JSON: {exc.msg} (column {exc.colno})", line=number)
            continue
        draft = _record_draft(_Where(source, line=number), record, rename, problems)
        if draft is not None:
            yield draft


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataFormatError(str(path), f"cannot open: {exc.strerror}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataFormatError(str(path), f"not UTF-8 text: {exc.reason}", line=line) from exc


# --- JSON and JSON-LD files -------------------------------------------------------------------


def _json_drafts(path: Path, rename: Mapping[str, str], problems: Problems) -> Iterator[_Draft]:
    source, text = str(path), _read_text(path)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if path.suffix.lower() == ".json" and _is_json_lines(text):
            yield from _line_drafts(source, text, rename, problems)
            return
        raise DataFormatError(
            source, f"not valid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno
        ) from exc
    if path.suffix.lower() == ".jsonld" or _is_linked_data(document):
        yield from _linked_data_drafts(source, document, problems)
        return
    for index, record in enumerate(_as_list(document)):
        draft = _record_draft(_Where(source, index=index), record, rename, problems)
        if draft is not None:
            yield draft


def _is_json_lines(text: str) -> bool:
    first = next((line for line in text.split("\n") if line.strip()), "")
    try:
        return isinstance(json.loads(first), dict)
    except json.JSONDecodeError:
        return False


def _is_linked_data(document: object) -> bool:
    first = document[0] if isinstance(document, list) and document else document
    return isinstance(first, dict) and any(key.startswith("@") for key in first)


def _linked_data_drafts(source: str, document: object, problems: Problems) -> Iterator[_Draft]:
    """One JobPosting, a list of them, or an ``@graph`` whose other nodes are passed over.
    Outside a graph an object without ``@type`` is taken for a JobPosting."""
    in_graph = isinstance(document, dict) and "@graph" in document
    nodes = document["@graph"] if isinstance(document, dict) and in_graph else document
    for index, node in enumerate(_as_list(nodes)):
        if not _is_object(node):
            problems.add(source, f"expected a JobPosting object, found {_kind(node)}", index=index)
            continue
        types = _types(node)
        if in_graph and "JobPosting" not in types:
            continue
        if types and "JobPosting" not in types:
            reason = f"{', '.join(sorted(types))} is not a JobPosting"
            problems.add(source, reason, index=index, field="@type")
            continue
        draft = _Draft(_Where(source, index=index), problems, _JSON_LD_NAMES)
        _fill_from_linked_data(draft, node)
        yield draft


def _local_name(name: str) -> str:
    for prefix in _SCHEMA_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _types(node: dict[str, object]) -> set[str]:
    return {_local_name(kind) for kind in _as_list(node.get("@type")) if isinstance(kind, str)}


def _prop(node: Mapping[str, object], name: str) -> object:
    """A schema.org property, written plain or with a ``schema:`` or full schema.org prefix."""
    for key in (name, *(prefix + name for prefix in _SCHEMA_PREFIXES)):
        if key in node:
            return node[key]
    return None


def _fill_from_linked_data(draft: _Draft, node: dict[str, object]) -> None:
    draft.id = _identifier(draft, node)
    draft.title = squash_space(_text(draft, "title", _prop(node, "title")))
    draft.description = _folded_description(draft, node)
    draft.skills = _listed_skills(draft, "skills", _items(_prop(node, "skills"), ",;\n"))
    preferred = _items(node.get(_PREFERRED_SKILLS), ",;\n")
    draft.preferred_skills = _listed_skills(draft, _PREFERRED_SKILLS, preferred)
    category = "occupationalCategory"
    draft.occupational_category = _codes(draft, category, _items(_prop(node, category), ""))
    draft.date_posted = _text(draft, "datePosted", _prop(node, "datePosted"))
    draft.organization = _name(draft, "hiringOrganization", _prop(node, "hiringOrganization"))
    draft.location = "; ".join(_places(draft, _prop(node, "jobLocation")))
    location_types = _texts(draft, "jobLocationType", _prop(node, "jobLocationType"))
    remote_place = draft.location.casefold().startswith("remote")
    draft.remote = remote_place or any(kind.upper() == "TELECOMMUTE" for kind in location_types)
    draft.employment_type = ",".join(_texts(draft, "employmentType", _prop(node, "employmentType")))
    role = node.get(_ROLE, _prop(node, "role"))
    draft.role = squash_space(_text(draft, _ROLE if _ROLE in node else "role", role))
    draft.extra = {
        key: _extra_value(value)
        for key, value in node.items()
        if key not in _NOT_EXTRA and _local_name(key) not in _PROPERTIES
    }


def _identifier(draft: _Draft, node: dict[str, object]) -> str:
    """``identifier`` as text, a number or a PropertyValue's ``value``; else ``@id``."""
    value = _prop(node, "identifier")
    if isinstance(value, list):
        value = value[0] if value else None
    if _is_object(value):
        value = _prop(value, "value")
    return _text(draft, "identifier", value) or _text(draft, "@id", node.get("@id"))


def _folded_description(draft: _Draft, node: dict[str, object]) -> str:
    """The description as plain text, then each section present under its heading."""
    parts = [html_to_text(_text(draft, "description", _prop(node, "description")))]
    for name, heading in _SECTIONS:
        body = _prose(draft, name, _prop(node, name))
        if body:
            parts.append(f"{heading}:\n{body}")
    return "\n\n".join(part for part in parts if part)


def _prose(draft: _Draft, field: str, value: object) -> str:
    """Text, a requirement or credential object, or a list of them, as plain-text lines."""
    lines = []
    for item in _as_list(value):
        if _is_object(item):
            lines.append(_requirement(draft, field, item))
        else:
            lines.append(html_to_text(_text(draft, field, item)))
    return "\n".join(line for line in lines if line)


def _requirement(draft: _Draft, field: str, node: dict[str, object]) -> str:
    """An OccupationalExperienceRequirements or EducationalOccupationalCredential in one line."""
    category = _name(draft, field, _prop(node, "credentialCategory"))
    description = html_to_text(_text(draft, field, _prop(node, "description")))
    months = _text(draft, field, _prop(node, "monthsOfExperience"))
    at_least = f"at least {months} months" if months else ""
    parts = [category, description or _text(draft, field, _prop(node, "name")) or at_least]
    return ": ".join(part for part in parts if part)


def _name(draft: _Draft, field: str, value: object) -> str:
    """The ``name`` of an object (an Organization, a Country, a DefinedTerm), or the text given."""
    if isinstance(value, list):
        value = value[0] if value else None
    if _is_object(value):
        value = _prop(value, "name")
    return squash_space(_text(draft, field, value))


def _places(draft: _Draft, value: object) -> list[str]:
    """Each place as "locality, region, country" (a Place with an address), its name, or text."""
    places = (_place(draft, place) for place in _as_list(value))
    return [place for place in places if place]


def _place(draft: _Draft, place: object) -> str:
    if not _is_object(place):
        return squash_space(_text(draft, "jobLocation", place))
    address = _prop(place, "address")
    return _address(draft, place if address is None else address) or _name(draft, "jobLocation", place)


def _address(draft: _Draft, address: object) -> str:
    """A PostalAddress as "locality, region, country", or the text given."""
    if not _is_object(address):
        return squash_space(_text(draft, "jobLocation", address))
    keys = ("addressLocality", "addressRegion", "addressCountry")
    parts = [_name(draft, "jobLocation", _prop(address, key)) for key in keys]
    return ", ".join(part for part in parts if part)


# --- HTML to plain text -----------------------------------------------------------------------

_PARAGRAPH_TAGS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "blockquote", "pre",
    "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
}  # fmt: skip
_LINE_TAGS = {"li", "ul", "ol", "dl", "dt", "dd", "tr"}
_HIDDEN_TAGS = {"script", "style", "head", "title", "template"}
_SPACES = re.compile(r"\s+")


class _PlainText(HTMLParser):
    """The text of an HTML fragment: a blank line between paragraphs, a line per list item
    (starting "- ") and per <br>; entities unescaped, script and style left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.saw_markup = False
        self._hidden = 0
        self._breaks = 0  # owed before the next text: 1 starts a new line, 2 leaves a blank line
        self._bullet = False

    def _owe(self, breaks: int) -> None:
        self._breaks = max(self._breaks, breaks)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.saw_markup = True
        if tag in _HIDDEN_TAGS:
            self._hidden += 1
        elif tag == "br":
            self._breaks = min(2, self._breaks + 1)
        elif tag in _PARAGRAPH_TAGS:
            self._owe(2)
        elif tag in _LINE_TAGS:
            self._owe(1)
            self._bullet = tag == "li"

    def handle_endtag(self, tag: str) -> None:
        self.saw_markup = True
        if tag in _HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _PARAGRAPH_TAGS:
            self._owe(2)
        elif tag in _LINE_TAGS:
            self._owe(1)
            self._bullet = False

    def handle_data(self, data: str) -> None:
        text = _SPACES.sub(" ", data)
        if self._hidden or (not text.strip() and self._breaks):
            return
        if text.strip():
            if self._breaks and self.parts:
                self.parts.append("\n" * self._breaks)
            self._breaks = 0
            if self._bullet:
                self.parts.append("- ")
                self._bullet = False
        self.parts.append(text)

    def text(self) -> str:
        lines = (squash_space(line) for line in "".join(self.parts).split("\n"))
        return "\n".join(lines).strip()


def html_to_text(fragment: str) -> str:
    """Plain text of a description that may be HTML; text without tags keeps its own lines."""
    parser = _PlainText()
    parser.feed(fragment)
    parser.close()
    if not parser.saw_markup:
        return html.unescape(fragment).strip()
    return parser.text()


_READERS: dict[str, Callable[[Path, Mapping[str, str], Problems], Iterator[_Draft]]] = {
    ".csv": _csv_drafts,
    ".jsonl": _jsonl_drafts,
    ".json": _json_drafts,
    ".jsonld": _json_drafts,
}
