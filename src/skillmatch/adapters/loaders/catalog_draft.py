"""What the catalog readers share: one record on its way to a Credential, and how JSON values
(value objects, language maps, IRIs) become text.

A reader fills a :class:`CredentialDraft` from its file; every value check notes a problem on
the draft (see :class:`~skillmatch.adapters.loaders.records.Draft`) instead of raising, so one pass
reports every bad record. ``catalog_assembly.py`` turns the drafts into credentials.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeGuard
from urllib.parse import unquote, urlsplit

from skillmatch.adapters.loaders.records import Draft, as_list
from skillmatch.core.catalog import DeclaredSkill, Format, Level

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class Link:
    """A reference to another credential: its id, or an IRI / URL that names it."""

    target: str


@dataclass
class CredentialDraft(Draft):
    """One credential as read from its file, before the checks every format shares."""

    lenient: bool = False
    id: str = ""
    generate_id: bool = False  # no id given: one is made from provider and title
    aliases: list[str] = field(default_factory=list)  # IRIs other records may use for this one
    title: str = ""
    provider: str = ""
    # No provider named (a CTDL learning opportunity without ceterms:ownedBy or ceterms:offeredBy):
    # the credential it is part of in the import gives it.
    provider_from_whole: bool = False
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
        and all(isinstance(key, str) and LANGUAGE_TAG.match(key) for key in value)
        and all(isinstance(item, str | list) for item in value.values())
    )


def from_language_map(value: Mapping[str, object]) -> object:
    """The English entry of a language map ({"en-US": "...", "de": "..."}), else the first."""

    def rank(key: str) -> int:
        tag = key.casefold().replace("_", "-")
        return 0 if tag == "en" else 1 if tag.startswith("en-") else 2

    return value[min(value, key=rank)]


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


def text(draft: CredentialDraft, field: str, value: object) -> str:
    found = plain(value)
    if found is None:
        draft.problem(field, f"expected text, found {kind(value)}")
        return ""
    return found.strip()


def texts(draft: CredentialDraft, field: str, value: object) -> list[str]:
    """Text, a list of text, or a language map holding either, as a list of non-empty strings."""
    if is_language_map(value):
        value = from_language_map(value)
    found = (text(draft, field, item) for item in as_list(value))
    return [item for item in found if item]


def first_text(draft: CredentialDraft, field: str, value: object) -> str:
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
