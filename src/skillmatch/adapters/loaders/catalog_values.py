"""The value checks of catalog records: numbers, codes, vocabularies, durations, skills and ids.

Each check reads one value of a :class:`CredentialDraft` and notes a problem on the draft (never
raising) when the value is not what the field takes.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from skillmatch.adapters.loaders.catalog_draft import LANGUAGE_TAG, CredentialDraft, is_uri, kind, text
from skillmatch.core.catalog import FORMATS, LEVELS, DeclaredSkill, Format, Level
from skillmatch.core.text import split_list, squash_space

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
_NUMBER = r"(\d+(?:[.,]\d+)?)"
_DURATION = re.compile(
    rf"^P(?!$)(?:{_NUMBER}Y)?(?:{_NUMBER}M)?(?:{_NUMBER}W)?(?:{_NUMBER}D)?"
    rf"(?:T(?=\d)(?:{_NUMBER}H)?(?:{_NUMBER}M)?(?:{_NUMBER}S)?)?$"
)
_WEEKS_PER = (52.0, 52.0 / 12, 1.0, 1.0 / 7)  # a year, a month, a week, a day
_HOURS_PER = (1.0, 1.0 / 60, 1.0 / 3600)  # an hour, a minute, a second


# --- numbers, codes and vocabularies ----------------------------------------------------------


def number(draft: CredentialDraft, field: str, value: object) -> float | None:
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


def eqf_level(draft: CredentialDraft, field: str, value: object) -> int | None:
    found = number(draft, field, value)
    if found is None:
        return None
    if not found.is_integer() or not 1 <= found <= 8:
        draft.problem(field, f"{value!r} is not an EQF level (a whole number from 1 to 8)")
        return None
    return int(found)


def currency(draft: CredentialDraft, field: str, value: str) -> str:
    """An ISO 4217 code in capitals; empty gives EUR."""
    if not value:
        return "EUR"
    if not re.fullmatch(r"[A-Za-z]{3}", value):
        draft.problem(field, f"{value!r} is not a 3-letter ISO 4217 currency code such as EUR")
        return "EUR"
    return value.upper()


def language(draft: CredentialDraft, field: str, value: str) -> str:
    """An ISO 639-1 code: "en", or the first part of a tag such as "en-US"; empty gives en.
    Lenient mode also reads language names ("English", "Español") and turns others into ""."""
    if not value:
        return "en"
    if LANGUAGE_TAG.match(value) and len(re.split(r"[-_]", value)[0]) == 2:
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


def level(draft: CredentialDraft, field: str, value: str) -> Level | None:
    """beginner, intermediate or advanced, or a synonym ("Introductory", "Expert")."""
    if not value:
        return None
    found = _LEVEL_SYNONYMS.get(_vocabulary_key(value))
    if found is None and not draft.lenient:
        draft.problem(field, f"{value!r} is not one of {', '.join(LEVELS)}")
    return found


def delivery(draft: CredentialDraft, field: str, value: str) -> Format | None:
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


def duration(draft: CredentialDraft, field: str, value: object) -> Duration | None:
    found = text(draft, field, value)
    if not found:
        return None
    parsed = parse_duration(found)
    if parsed is None:
        draft.problem(field, f"{found!r} is not an ISO 8601 duration such as PT12H or P6W")
    return parsed


def set_study_time(draft: CredentialDraft, length: Duration) -> None:
    """Study time: hours when the duration is given in hours, else a calendar length in weeks."""
    if length.weeks == 0:
        draft.hours = length.hours
    else:
        draft.duration_weeks = length.total_weeks


# --- skills and ids ---------------------------------------------------------------------------


def declared_skill(draft: CredentialDraft, field: str, item: str) -> DeclaredSkill | None:
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
