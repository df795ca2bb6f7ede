"""What the catalog readers share: one record on its way to a Credential, and the value checks.

A reader fills a :class:`Draft` from its file; every value check notes a problem on the draft
(file, line or index, and the field as the file names it) instead of raising, so one pass
reports every bad record. ``catalog.py`` turns the drafts into credentials.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeGuard
from urllib.parse import unquote, urlsplit

from skillmatch.core.catalog import FORMATS, LEVELS, DeclaredSkill, Format, Level
from skillmatch.core.text import split_list, squash_space
from skillmatch.errors import Problem

ESCO_SKILL = "http://data.europa.eu/esco/skill/"

# Synonyms every format accepts, after case-folding and turning "_" and "-" into spaces.
_LEVEL_SYNONYMS: dict[str, Level] = {
    "beginner": "beginner",
    "introductory": "beginner",
    "basic": "beginner",
    "intermediate": "intermediate",
    "advanced": "advanced",
    "expert": "advanced",
}
_FORMAT_SYNONYMS: dict[str, Format] = {
    "online self paced": "online_self_paced",
    "self paced": "online_self_paced",
    "live online": "online_live",
    "online live": "online_live",
    "virtual classroom": "online_live",
    "in person": "in_person",
    "classroom": "in_person",
    "face to face": "in_person",
    "onsite": "in_person",
    "on site": "in_person",
    "hybrid": "hybrid",
    "blended": "hybrid",
}
# Language names foreign catalogs write instead of ISO 639-1 codes (read in lenient mode only;
# looked up by _name_key, so "Español", "espanol" and "اَلْعَرَبِيَّةُ" all match).
_LANGUAGE_NAMES = {
    "english": "en", "spanish": "es", "español": "es", "french": "fr", "français": "fr",
    "german": "de", "deutsch": "de", "italian": "it", "italiano": "it", "portuguese": "pt",
    "português": "pt", "dutch": "nl", "nederlands": "nl", "polish": "pl", "polski": "pl",
    "russian": "ru", "русский": "ru", "turkish": "tr", "türkçe": "tr", "arabic": "ar",
    "العربية": "ar", "chinese": "zh", "中文": "zh", "japanese": "ja", "日本語": "ja",
    "korean": "ko", "한국어": "ko", "hindi": "hi", "हिन्दी": "hi",
}  # fmt: skip
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
_NUMBER = r"(\d+(?:[.,]\d+)?)"
_DURATION = re.compile(
    rf"^P(?!$)(?:{_NUMBER}Y)?(?:{_NUMBER}M)?(?:{_NUMBER}W)?(?:{_NUMBER}D)?"
    rf"(?:T(?=\d)(?:{_NUMBER}H)?(?:{_NUMBER}M)?(?:{_NUMBER}S)?)?$"
)
_WEEKS_PER = (52.0, 52.0 / 12, 1.0, 1.0 / 7)  # a year, a month, a week, a day
_HOURS_PER = (1.0, 1.0 / 60, 1.0 / 3600)  # an hour, a minute, a second


# --- where a record is, and the record itself -------------------------------------------------


@dataclass(frozen=True)
class Where:
    file: str
    line: int | None = None
    index: int | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.file}:{self.line}"
        if self.index is not None:
            return f"{self.file}[{self.index}]"
        return self.file


@dataclass(frozen=True)
class Link:
    """A reference to another credential: its id, or an IRI / URL that names it."""

    target: str


@dataclass
class Draft:
    """One credential as read from its file, before the checks every format shares."""

    where: Where
    lenient: bool = False
    names: Mapping[str, str] = field(default_factory=dict)  # a field -> its name in the file
    problems: list[Problem] = field(default_factory=list)
    faulty: set[str] = field(default_factory=set)  # the fields (as the file names them) with a problem
    id: str = ""
    generate_id: bool = False  # no id given: one is made from provider and title
    aliases: list[str] = field(default_factory=list)  # IRIs other records may use for this one
    title: str = ""
    provider: str = ""
    url: str = ""
    description: str = ""
    learning_outcomes: list[str] = field(default_factory=list)
    credential_type: str = ""
    declared_skills: list[DeclaredSkill] = field(default_factory=list)
    cost: float | None = None
    currency: str = "EUR"
    hours: float | None = None
    duration_weeks: float | None = None
    level: Level | None = None
    eqf_level: int | None = None
    format: Format | None = None
    language: str = "en"
    location: str = ""
    accreditation: list[str] = field(default_factory=list)
    endorsements: list[str] = field(default_factory=list)
    credits: float | None = None
    credit_unit: str = ""
    prerequisites: list[str | Link] = field(default_factory=list)  # Link: a credential; str: as given
    is_part_of: list[Link] = field(default_factory=list)
    has_part: list[Link] = field(default_factory=list)
    prepares_for: list[Link] = field(default_factory=list)

    def has_problem(self, field: str) -> bool:
        return self.names.get(field, field) in self.faulty

    def problem(self, field: str, reason: str) -> None:
        where = self.where
        name = self.names.get(field, field)
        self.faulty.add(name)
        self.problems.append(Problem(where.file, reason, line=where.line, index=where.index, field=name))


# --- JSON values ------------------------------------------------------------------------------


def kind(value: object) -> str:
    """How a problem names a value of the wrong kind."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def is_node(value: object) -> TypeGuard[dict[str, object]]:
    """A JSON object that is a thing (an issuer, a profile), not a value or a language map."""
    return isinstance(value, dict) and "@value" not in value and not is_language_map(value)


def is_language_map(value: object) -> TypeGuard[dict[str, object]]:
    """{"en-US": "...", "de": ["...", "..."]}: language tags as keys, text or lists of text as values.
    ("id" and "url" look like language tags, but an object with either is a node.)"""
    return (
        isinstance(value, dict)
        and bool(value)
        and not {"id", "url"} & value.keys()
        and all(isinstance(key, str) and _LANGUAGE_TAG.match(key) for key in value)
        and all(isinstance(item, str | list) for item in value.values())
    )


def from_language_map(value: Mapping[str, object]) -> object:
    """The English entry of a language map ({"en-US": "...", "de": "..."}), else the first."""

    def rank(key: str) -> int:
        tag = key.casefold().replace("_", "-")
        return 0 if tag == "en" else 1 if tag.startswith("en-") else 2

    return value[min(value, key=rank)]


def as_list(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def plain(value: object) -> str | None:
    """A JSON scalar, value object or language map as text ("" for null); None for anything else."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dict) and "@value" in value:
        return plain(value["@value"])
    if is_language_map(value):
        return plain(from_language_map(value))
    return None


def text(draft: Draft, field: str, value: object) -> str:
    found = plain(value)
    if found is None:
        draft.problem(field, f"expected text, found {kind(value)}")
        return ""
    return found.strip()


def texts(draft: Draft, field: str, value: object) -> list[str]:
    """Text, a list of text, or a language map holding either, as a list of non-empty strings."""
    if is_language_map(value):
        value = from_language_map(value)
    found = (text(draft, field, item) for item in as_list(value))
    return [item for item in found if item]


def first_text(draft: Draft, field: str, value: object) -> str:
    return next(iter(texts(draft, field, value)), "")


def is_uri(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def last_segment(reference: str) -> str:
    """The id an IRI gives a record: its last path segment ("https://x.example/a/b-c" -> "b-c"),
    the part after the last ':' of a URN, or the text itself when it is neither."""
    if reference.casefold().startswith("urn:"):
        return reference.rsplit(":", 1)[-1]
    if not is_uri(reference):
        return reference
    parts = urlsplit(reference)
    segment = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    return segment or parts.fragment or parts.hostname or reference


def host_name(url: str) -> str:
    if not is_uri(url):
        return ""
    return urlsplit(url).hostname or ""


# --- numbers, codes and vocabularies ----------------------------------------------------------


def number(draft: Draft, field: str, value: object) -> float | None:
    """A number >= 0; empty or null means unknown (None)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | None):
        draft.problem(field, f"expected a number, found {kind(value)}")
        return None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        found = float(value)
    except ValueError:
        draft.problem(field, f"{value!r} is not a number")
        return None
    if not math.isfinite(found) or found < 0:
        draft.problem(field, f"{value!r} is not a number of 0 or more")
        return None
    return found


def _number_or_none(value: str) -> float | None:
    try:
        found = float(value)
    except ValueError:
        return None
    return found if math.isfinite(found) else None


def eqf_level(draft: Draft, field: str, value: object) -> int | None:
    found = number(draft, field, value)
    if found is None:
        return None
    if not found.is_integer() or not 1 <= found <= 8:
        draft.problem(field, f"{value!r} is not an EQF level (a whole number from 1 to 8)")
        return None
    return int(found)


def currency(draft: Draft, field: str, value: str) -> str:
    """An ISO 4217 code in capitals; empty gives EUR."""
    if not value:
        return "EUR"
    if not re.fullmatch(r"[A-Za-z]{3}", value):
        draft.problem(field, f"{value!r} is not a 3-letter ISO 4217 currency code such as EUR")
        return "EUR"
    return value.upper()


def language(draft: Draft, field: str, value: str) -> str:
    """An ISO 639-1 code: "en", or the first part of a tag such as "en-US"; empty gives en.
    Lenient mode also reads language names ("English", "Español") and turns others into ""."""
    if not value:
        return "en"
    if _LANGUAGE_TAG.match(value) and len(re.split(r"[-_]", value)[0]) == 2:
        return re.split(r"[-_]", value)[0].lower()
    if draft.lenient:
        return _LANGUAGE_CODES.get(_name_key(value), "")
    draft.problem(field, f"{value!r} is not a 2-letter ISO 639-1 language code such as en")
    return "en"


def _name_key(value: str) -> str:
    """A name case-folded and without accents or vowel marks: "Español" -> "espanol"."""
    decomposed = unicodedata.normalize("NFD", value.strip().casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_LANGUAGE_CODES = {_name_key(name): code for name, code in _LANGUAGE_NAMES.items()}


def _vocabulary_key(value: str) -> str:
    return squash_space(re.sub(r"[_\-]", " ", value.casefold()))


def level(draft: Draft, field: str, value: str) -> Level | None:
    """beginner, intermediate or advanced, or a synonym ("Introductory", "Expert")."""
    if not value:
        return None
    found = _LEVEL_SYNONYMS.get(_vocabulary_key(value))
    if found is None and not draft.lenient:
        draft.problem(field, f"{value!r} is not one of {', '.join(LEVELS)}")
    return found


def delivery(draft: Draft, field: str, value: str) -> Format | None:
    """One of FORMATS, or a synonym ("self-paced", "blended"). A plain "online" says nothing
    about live sessions: lenient mode reads it as online_self_paced, else it is a problem."""
    if not value:
        return None
    key = _vocabulary_key(value)
    found = _FORMAT_SYNONYMS.get(key)
    if found is not None:
        return found
    if draft.lenient:
        return "online_self_paced" if key == "online" else None
    accepted = ", ".join(FORMATS)
    if key == "online":
        draft.problem(field, f"'online' is ambiguous (live or self-paced?): use one of {accepted}")
    else:
        draft.problem(field, f"{value!r} is not one of {accepted}")
    return None


def credential_type(value: str) -> str:
    """Lower-case words: "MicroCredential" -> "micro-credential", "ProfessionalCertificate" ->
    "professional certificate"; text already in words is only lower-cased."""
    value = squash_space(value)
    if value.casefold() == "microcredential":
        return "micro-credential"
    if " " not in value:
        value = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", value)
    return value.casefold()


# --- durations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Duration:
    """An ISO 8601 duration: its date part in weeks and its time part in hours."""

    weeks: float
    hours: float

    @property
    def total_weeks(self) -> float:
        return round(self.weeks + self.hours / 168, 2)


def parse_duration(value: str) -> Duration | None:
    """``PT12H`` -> 12 hours, ``P2W`` -> 2 weeks, ``P3M`` -> 13 weeks, ``P1DT4H``; None if not ISO 8601.
    A month counts as 52/12 weeks and a year as 52."""
    match = _DURATION.match(value.strip().upper())
    if match is None:
        return None
    amounts = [float(part.replace(",", ".")) if part else 0.0 for part in match.groups()]
    weeks = sum(amount * size for amount, size in zip(amounts[:4], _WEEKS_PER, strict=True))
    hours = sum(amount * size for amount, size in zip(amounts[4:], _HOURS_PER, strict=True))
    return Duration(round(weeks, 2), round(hours, 2))


def duration(draft: Draft, field: str, value: object) -> Duration | None:
    found = text(draft, field, value)
    if not found:
        return None
    parsed = parse_duration(found)
    if parsed is None:
        draft.problem(field, f"{found!r} is not an ISO 8601 duration such as PT12H or P6W")
    return parsed


def set_study_time(draft: Draft, length: Duration) -> None:
    """Study time: hours when the duration is given in hours, else a calendar length in weeks."""
    if length.weeks == 0:
        draft.hours = length.hours
    else:
        draft.duration_weeks = length.total_weeks


# --- skills and ids ---------------------------------------------------------------------------


def declared_skill(draft: Draft, field: str, item: str) -> DeclaredSkill | None:
    """A skill as a list cell gives it: a label or a URI, optionally with a weight ("SQL|0.5")."""
    item = item.strip()
    weight = 1.0
    if "|" in item:
        item, _, given = (part.strip() for part in item.rpartition("|"))
        found = _number_or_none(given)
        if found is None or not 0 < found <= 1:
            draft.problem(field, f"weight {given!r} of {item!r} is not a number in (0, 1]")
            return None
        weight = found
    if not item:
        draft.problem(field, "a skill with a weight but no label or URI")
        return None
    if is_uri(item):
        return DeclaredSkill(uri=item, weight=weight)
    return DeclaredSkill(label=squash_space(item), weight=weight)


def split_cell(value: str, *, commas: bool = True) -> list[str]:
    """A list cell split on ";" and line breaks, or on "," when it holds no ";" (``commas``)."""
    separators = ";\n" if ";" in value or not commas else ",\n"
    return split_list(value, separators)


def generated_id(provider: str, title: str) -> str:
    """A stable id for a record that names none: a slug of provider and title and a short hash."""
    ascii_text = unicodedata.normalize("NFKD", f"{provider} {title}").encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-")[:60].rstrip("-")
    digest = hashlib.sha256(f"{provider}\n{title}".encode()).hexdigest()[:8]
    return f"{slug}-{digest}" if slug else digest


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))
