"""What the posting readers share: one posting on its way in, and how JSON values become text,
listed skills and occupation codes (in JSON-LD, and in JSON Lines records that hold objects)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeGuard

from skillmatch.adapters.loaders.records import Draft, as_list
from skillmatch.core.postings import ListedSkill
from skillmatch.core.text import split_list, squash_space

ESCO_SKILL = "http://data.europa.eu/esco/skill/"
SCHEMA_PREFIXES = ("schema:", "http://schema.org/", "https://schema.org/")


@dataclass
class PostingDraft(Draft):
    """One posting as read from its file, before the checks every format shares."""

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


# --- JSON values ------------------------------------------------------------------------------


def plain(value: object) -> str | None:
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
        return plain(value["@value"])
    return None


def kind(value: object) -> str:
    """How a problem names a value of the wrong kind."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return json.dumps(value)


def text(draft: PostingDraft, field: str, value: object) -> str:
    found = plain(value)
    if found is None:
        draft.problem(field, f"expected text, found {kind(value)}")
        return ""
    return found.strip()


def texts(draft: PostingDraft, field: str, value: object) -> list[str]:
    found = (text(draft, field, item) for item in as_list(value))
    return [item for item in found if item]


def is_object(value: object) -> TypeGuard[dict[str, object]]:
    """A JSON object that is a node (an Organization, a DefinedTerm, ...), not a value object."""
    return isinstance(value, dict) and "@value" not in value


def items(value: object, separators: str) -> list[object]:
    """The items of a list value: a JSON list, or text split on ``separators`` (none: one item)."""
    if isinstance(value, str) and separators:
        return list(split_list(value, separators))
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [item for item in as_list(value) if item is not None]


def extra_value(value: object) -> str:
    return value.strip() if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def prop(node: Mapping[str, object], name: str) -> object:
    """A schema.org property, written plain or with a ``schema:`` or full schema.org prefix."""
    for key in (name, *(prefix + name for prefix in SCHEMA_PREFIXES)):
        if key in node:
            return node[key]
    return None


# --- listed skills and occupation codes -------------------------------------------------------


def listed_skills(draft: PostingDraft, field: str, values: Iterable[object]) -> tuple[ListedSkill, ...]:
    skills = (_listed_skill(draft, field, item) for item in values)
    return tuple(dict.fromkeys(skill for skill in skills if skill is not None))


def _listed_skill(draft: PostingDraft, field: str, item: object) -> ListedSkill | None:
    if is_object(item):
        return _defined_term(draft, field, item)
    label = text(draft, field, item)
    if not label:
        return None
    return ListedSkill("", label) if label.startswith(ESCO_SKILL) else ListedSkill(label)


def _defined_term(draft: PostingDraft, field: str, term: dict[str, object]) -> ListedSkill | None:
    """A DefinedTerm: its name, and the ESCO skill URI its termCode, url or @id gives."""
    name = squash_space(text(draft, field, prop(term, "name")))
    codes = [text(draft, field, prop(term, key)) for key in ("termCode", "url", "@id")]
    uri = next((code for code in codes if code.startswith(ESCO_SKILL)), "")
    code = codes[0] if not codes[0].startswith(("http://", "https://")) else ""
    if not (name or uri or code):
        draft.problem(field, "a DefinedTerm with neither a name nor an ESCO skill URI")
        return None
    return ListedSkill(name or code, uri)


def codes(draft: PostingDraft, field: str, values: Iterable[object]) -> tuple[str, ...]:
    found = (_code(draft, field, item) for item in values)
    return tuple(dict.fromkeys(code for code in found if code))


def _code(draft: PostingDraft, field: str, item: object) -> str:
    """An occupation code: text, or a CategoryCode's ``codeValue`` (else its ``@id`` or ``url``)."""
    if not is_object(item):
        return text(draft, field, item)
    value = prop(item, "codeValue") or item.get("@id") or prop(item, "url")
    if not value:
        draft.problem(field, "a CategoryCode without a codeValue")
        return ""
    return text(draft, field, value)
