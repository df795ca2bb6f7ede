"""Postings from schema.org ``JobPosting`` JSON-LD: one posting, a list of them, or an ``@graph``.

docs/formats.md ("Job postings") lists the properties read; the others are kept in
``JobPosting.extra``. The description is folded into plain text with the responsibilities,
qualifications, experience and education sections under their headings.
"""

from __future__ import annotations

from collections.abc import Iterator

from skillmatch.adapters.loaders.html_text import html_to_text
from skillmatch.adapters.loaders.postings_draft import (
    SCHEMA_PREFIXES,
    PostingDraft,
    codes,
    extra_value,
    is_object,
    items,
    kind,
    listed_skills,
    prop,
    text,
    texts,
)
from skillmatch.adapters.loaders.records import Problems, as_list
from skillmatch.core.origin import Origin
from skillmatch.core.text import squash_space

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
_NAMES = {"id": "identifier", "date_posted": "datePosted"}


def is_linked_data(document: object) -> bool:
    first = document[0] if isinstance(document, list) and document else document
    return isinstance(first, dict) and any(key.startswith("@") for key in first)


def linked_data_drafts(source: str, document: object, problems: Problems) -> Iterator[PostingDraft]:
    """One JobPosting, a list of them, or an ``@graph`` whose other nodes are passed over.
    Outside a graph an object without ``@type`` is taken for a JobPosting."""
    in_graph = isinstance(document, dict) and "@graph" in document
    nodes = document["@graph"] if isinstance(document, dict) and in_graph else document
    for index, node in enumerate(as_list(nodes)):
        origin = Origin(source, index=index, format="json_ld")
        if not is_object(node):
            problems.at(origin, f"expected a JobPosting object, found {kind(node)}")
            continue
        types = _types(node)
        if in_graph and "JobPosting" not in types:
            continue
        if types and "JobPosting" not in types:
            problems.at(origin, f"{', '.join(sorted(types))} is not a JobPosting", "@type")
            continue
        draft = PostingDraft(origin, _NAMES)
        _fill(draft, node)
        yield draft


def _local_name(name: str) -> str:
    for prefix in SCHEMA_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _types(node: dict[str, object]) -> set[str]:
    return {_local_name(kind_) for kind_ in as_list(node.get("@type")) if isinstance(kind_, str)}


def _fill(draft: PostingDraft, node: dict[str, object]) -> None:
    draft.id = _identifier(draft, node)
    draft.title = squash_space(text(draft, "title", prop(node, "title")))
    draft.description = _folded_description(draft, node)
    draft.skills = listed_skills(draft, "skills", items(prop(node, "skills"), ",;\n"))
    preferred = items(node.get(_PREFERRED_SKILLS), ",;\n")
    draft.preferred_skills = listed_skills(draft, _PREFERRED_SKILLS, preferred)
    category = "occupationalCategory"
    draft.occupational_category = codes(draft, category, items(prop(node, category), ""))
    draft.date_posted = text(draft, "datePosted", prop(node, "datePosted"))
    draft.organization = _name(draft, "hiringOrganization", prop(node, "hiringOrganization"))
    draft.location = "; ".join(_places(draft, prop(node, "jobLocation")))
    location_types = texts(draft, "jobLocationType", prop(node, "jobLocationType"))
    remote_place = draft.location.casefold().startswith("remote")
    draft.remote = remote_place or any(kind_.upper() == "TELECOMMUTE" for kind_ in location_types)
    draft.employment_type = ",".join(texts(draft, "employmentType", prop(node, "employmentType")))
    role = node.get(_ROLE, prop(node, "role"))
    draft.role = squash_space(text(draft, _ROLE if _ROLE in node else "role", role))
    draft.extra = {
        key: extra_value(value)
        for key, value in node.items()
        if key not in _NOT_EXTRA and _local_name(key) not in _PROPERTIES
    }


def _identifier(draft: PostingDraft, node: dict[str, object]) -> str:
    """``identifier`` as text, a number or a PropertyValue's ``value``; else ``@id``."""
    value = prop(node, "identifier")
    if isinstance(value, list):
        value = value[0] if value else None
    if is_object(value):
        value = prop(value, "value")
    return text(draft, "identifier", value) or text(draft, "@id", node.get("@id"))


def _folded_description(draft: PostingDraft, node: dict[str, object]) -> str:
    """The description as plain text, then each section present under its heading."""
    parts = [html_to_text(text(draft, "description", prop(node, "description")))]
    for name, heading in _SECTIONS:
        body = _prose(draft, name, prop(node, name))
        if body:
            parts.append(f"{heading}:\n{body}")
    return "\n\n".join(part for part in parts if part)


def _prose(draft: PostingDraft, field: str, value: object) -> str:
    """Text, a requirement or credential object, or a list of them, as plain-text lines."""
    lines = []
    for item in as_list(value):
        if is_object(item):
            lines.append(_requirement(draft, field, item))
        else:
            lines.append(html_to_text(text(draft, field, item)))
    return "\n".join(line for line in lines if line)


def _requirement(draft: PostingDraft, field: str, node: dict[str, object]) -> str:
    """An OccupationalExperienceRequirements or EducationalOccupationalCredential in one line."""
    category = _name(draft, field, prop(node, "credentialCategory"))
    description = html_to_text(text(draft, field, prop(node, "description")))
    months = text(draft, field, prop(node, "monthsOfExperience"))
    at_least = f"at least {months} months" if months else ""
    parts = [category, description or text(draft, field, prop(node, "name")) or at_least]
    return ": ".join(part for part in parts if part)


def _name(draft: PostingDraft, field: str, value: object) -> str:
    """The ``name`` of an object (an Organization, a Country, a DefinedTerm), or the text given."""
    if isinstance(value, list):
        value = value[0] if value else None
    if is_object(value):
        value = prop(value, "name")
    return squash_space(text(draft, field, value))


def _places(draft: PostingDraft, value: object) -> list[str]:
    """Each place as "locality, region, country" (a Place with an address), its name, or text."""
    places = (_place(draft, place) for place in as_list(value))
    return [place for place in places if place]


def _place(draft: PostingDraft, place: object) -> str:
    if not is_object(place):
        return squash_space(text(draft, "jobLocation", place))
    address = prop(place, "address")
    return _address(draft, place if address is None else address) or _name(draft, "jobLocation", place)


def _address(draft: PostingDraft, address: object) -> str:
    """A PostalAddress as "locality, region, country", or the text given."""
    if not is_object(address):
        return squash_space(text(draft, "jobLocation", address))
    keys = ("addressLocality", "addressRegion", "addressCountry")
    parts = [_name(draft, "jobLocation", prop(address, key)) for key in keys]
    return ", ".join(part for part in parts if part)
