"""Credential Engine CTDL JSON-LD records (``ceterms:Certificate``, ``ceterms:Course``, ...).

Organisations are named by ``@id`` through every node of the import, so a credential may point
at an organisation another file (or the same ``@graph``) describes. Links to other credentials
stay IRIs here; ``catalog_assembly.py`` resolves them once every record is read, and gives a
course that names no owner or offerer the owner of the credential it is part of.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from skillmatch.adapters.loaders.catalog_draft import (
    CredentialDraft,
    Link,
    first_text,
    is_node,
    is_uri,
    kind,
    last_segment,
    plain,
    text,
    texts,
)
from skillmatch.adapters.loaders.catalog_values import (
    credential_type,
    currency,
    delivery,
    duration,
    eqf_level,
    language,
    level,
    number,
    set_study_time,
    unique,
)
from skillmatch.adapters.loaders.records import as_list
from skillmatch.core.catalog import DeclaredSkill, Format, Level
from skillmatch.core.origin import Origin
from skillmatch.core.text import squash_space

_TERMS = ("ceterms:", "https://purl.org/ctdl/terms/", "http://purl.org/ctdl/terms/")
CREDENTIAL_TYPES = {
    "Certification": "certification",
    "Certificate": "certificate",
    "Badge": "badge",
    "DigitalBadge": "badge",
    "MicroCredential": "micro-credential",
    "Course": "course",
    "LearningOpportunityProfile": "course",
    "LearningProgram": "program",
}
ORGANIZATION_TYPES = {"CredentialOrganization", "QACredentialOrganization", "Organization"}
# Learning opportunities: one that names no owner or offerer takes the owner of the credential it
# is part of (when that credential is in the import).
LEARNING_OPPORTUNITY_TYPES = {"Course", "LearningOpportunityProfile", "LearningProgram"}
_DELIVERY: dict[str, Format] = {
    "OnlineOnly": "online_self_paced",
    "InPerson": "in_person",
    "BlendedDelivery": "hybrid",
    "VariableSite": "in_person",
}
_CREDIT_VALUES = ("qdata:value", "schema:value", "ceterms:value")
_STANDARD_UNITS = {"ECTSCredit": "ECTS", "ContinuingEducationUnit": "CEU"}
_UNIT_WORDS = {
    "ClockHour": "clock hours",
    "SemesterHour": "semester hours",
    "QuarterHour": "quarter hours",
    "CarnegieUnit": "Carnegie units",
}
_TARGETS = ("ceterms:targetCredential", "ceterms:targetLearningOpportunity", "ceterms:targetAssessment")
_EQF = re.compile(r"\bEQF\s*(?:level\s*)?(\d+)\b", re.IGNORECASE)
_NAMES = {"id": "ceterms:ctid", "title": "ceterms:name", "provider": "ceterms:ownedBy"}


def _local(name: str) -> str:
    for prefix in _TERMS:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return ""


def ctdl_types(node: Mapping[str, object]) -> set[str]:
    """The CTDL class names of a node ("ceterms:Course" -> "Course")."""
    return {_local(kind_) for kind_ in as_list(node.get("@type")) if isinstance(kind_, str)} - {""}


def credential_kind(node: Mapping[str, object]) -> str:
    """The credential type a CTDL node gives ("certificate", "course", ...), or "" for other nodes."""
    found = sorted(CREDENTIAL_TYPES[name] for name in ctdl_types(node) if name in CREDENTIAL_TYPES)
    return found[0] if found else ""


def is_organization(node: Mapping[str, object]) -> bool:
    return bool(ctdl_types(node) & ORGANIZATION_TYPES)


def organization_names(documents: Iterable[object]) -> dict[str, str]:
    """The ``ceterms:name`` of every node with an ``@id``, wherever it sits in the documents."""
    names: dict[str, str] = {}
    stack = list(documents)
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            identifier, name = value.get("@id"), plain(value.get("ceterms:name"))
            if isinstance(identifier, str) and name:
                names.setdefault(identifier, squash_space(name))
            stack.extend(value.values())
    return names


def ctdl_draft(
    origin: Origin, node: dict[str, object], lenient: bool, organizations: Mapping[str, str]
) -> CredentialDraft:
    draft = CredentialDraft(origin, _NAMES, lenient=lenient)
    iri = text(draft, "@id", node.get("@id"))
    draft.id = text(draft, "ceterms:ctid", node.get("ceterms:ctid")) or last_segment(iri)
    draft.aliases = [iri] if iri else []
    draft.title = squash_space(text(draft, "ceterms:name", node.get("ceterms:name")))
    draft.description = text(draft, "ceterms:description", node.get("ceterms:description"))
    draft.url = first_text(draft, "ceterms:subjectWebpage", node.get("ceterms:subjectWebpage"))
    draft.credential_type = credential_kind(node)
    _who(draft, node, organizations)
    _cost(draft, node.get("ceterms:estimatedCost"))
    _durations(draft, node.get("ceterms:estimatedDuration"))
    draft.format = _delivery(draft, node.get("ceterms:deliveryType"))
    draft.level = _audience_level(draft, node.get("ceterms:audienceLevelType"))
    _skills_and_links(draft, node)
    _credits(draft, node.get("ceterms:creditValue"))
    languages = first_text(draft, "ceterms:inLanguage", node.get("ceterms:inLanguage"))
    draft.language = language(draft, "ceterms:inLanguage", languages)
    draft.location = "; ".join(_places(draft, node.get("ceterms:availableAt")))
    draft.eqf_level = _eqf_level(draft, node.get("ceterms:keyword"))
    return draft


def _who(draft: CredentialDraft, node: Mapping[str, object], organizations: Mapping[str, str]) -> None:
    """Provider (the owner, else the first who offers it), accreditors and endorsers. A learning
    opportunity that names neither is marked to take the provider of the credential it is part of."""

    def names(field: str) -> list[str]:
        found = (_organization(draft, field, item, organizations) for item in as_list(node.get(field)))
        return unique(found)

    draft.provider = next(iter(names("ceterms:ownedBy") or names("ceterms:offeredBy")), "")
    unnamed = not (draft.provider or draft.has_problem("ceterms:ownedBy") or draft.has_problem("ceterms:offeredBy"))
    draft.provider_from_whole = unnamed and bool(ctdl_types(node) & LEARNING_OPPORTUNITY_TYPES)
    draft.accreditation = names("ceterms:accreditedBy")
    draft.endorsements = unique([*names("ceterms:approvedBy"), *names("ceterms:recognizedBy")])


def _skills_and_links(draft: CredentialDraft, node: Mapping[str, object]) -> None:
    for key in ("ceterms:teaches", "ceterms:targetCompetency"):
        skills = (_competency(draft, key, item) for item in as_list(node.get(key)))
        draft.declared_skills.extend(skill for skill in skills if skill is not None)
    for key in ("ceterms:requires", "ceterms:recommends"):
        draft.prerequisites.extend(_conditions(draft, key, node.get(key)))
    preparation = _conditions(draft, "ceterms:isPreparationFor", node.get("ceterms:isPreparationFor"))
    draft.prepares_for = [item for item in preparation if isinstance(item, Link)]
    draft.is_part_of = _links(draft, "ceterms:isPartOf", node.get("ceterms:isPartOf"))
    draft.has_part = _links(draft, "ceterms:hasPart", node.get("ceterms:hasPart"))


# --- organisations, places, vocabulary terms --------------------------------------------------


def _organization(draft: CredentialDraft, field: str, item: object, organizations: Mapping[str, str]) -> str:
    """An embedded organisation's ``ceterms:name``, or the name of the node its ``@id`` IRI names."""
    if is_node(item):
        name = squash_space(text(draft, field, item.get("ceterms:name")))
        if name:
            return name
        item = item.get("@id")
    iri = text(draft, field, item)
    if iri and iri not in organizations:
        draft.problem(field, f"organisation {iri} is not described in this import and has no ceterms:name")
    return organizations.get(iri, "")


def _places(draft: CredentialDraft, value: object) -> list[str]:
    places = []
    for item in as_list(value):
        if is_node(item):
            item = item.get("ceterms:addressLocality") or item.get("ceterms:name")
        places.append(squash_space(text(draft, "ceterms:availableAt", item)))
    return unique(places)


def _term(draft: CredentialDraft, field: str, item: object) -> str:
    """The local name of a CredentialAlignmentObject's term: "deliveryType:OnlineOnly" -> "OnlineOnly"."""
    if is_node(item):
        item = item.get("ceterms:targetNode") or item.get("ceterms:targetNodeName")
    found = text(draft, field, item)
    return re.split(r"[:/#]", found)[-1] if found else ""


def _delivery(draft: CredentialDraft, value: object) -> Format | None:
    """OnlineOnly, InPerson or BlendedDelivery; online and in-person together make hybrid."""
    formats: list[Format] = []
    for item in as_list(value):
        term = _term(draft, "ceterms:deliveryType", item)
        found = _DELIVERY.get(term) or delivery(draft, "ceterms:deliveryType", term)
        if found:
            formats.append(found)
    if {"online_self_paced", "in_person"} <= set(formats):
        return "hybrid"
    return formats[0] if formats else None


def _audience_level(draft: CredentialDraft, value: object) -> Level | None:
    """The first of audLevel:BeginnerLevel / IntermediateLevel / AdvancedLevel (or Beginner, ...).
    Other audience levels (BachelorsDegreeLevel, ...) describe the learners, not the difficulty."""
    for item in as_list(value):
        term = _term(draft, "ceterms:audienceLevelType", item).removesuffix("Level")
        if term.casefold() in {"beginner", "introductory", "intermediate", "advanced"}:
            return level(draft, "ceterms:audienceLevelType", term)
    return None


# --- skills, conditions and links -------------------------------------------------------------


def _competency(draft: CredentialDraft, field: str, item: object) -> DeclaredSkill | None:
    """A CredentialAlignmentObject: ``targetNode`` (a URI) and ``targetNodeName``; or plain text."""
    if not is_node(item):
        found = squash_space(text(draft, field, item))
        if not found:
            return None
        return DeclaredSkill(uri=found) if is_uri(found) else DeclaredSkill(label=found)
    target = text(draft, field, item.get("ceterms:targetNode"))
    name = squash_space(text(draft, field, item.get("ceterms:targetNodeName")))
    framework = text(draft, field, item.get("ceterms:frameworkName"))
    framework = framework or text(draft, field, item.get("ceterms:framework"))
    uri = target if is_uri(target) else ""
    label = name or ("" if uri else target)
    if not (label or uri):
        draft.problem(
            field, "a CredentialAlignmentObject with neither ceterms:targetNode nor ceterms:targetNodeName"
        )
        return None
    return DeclaredSkill(label=label, uri=uri, framework=squash_space(framework))


def _conditions(draft: CredentialDraft, field: str, value: object) -> list[str | Link]:
    """What ConditionProfiles point at: credentials, learning opportunities and assessments (as
    links) and competencies (their URI, else their name). A bare IRI is a credential."""
    found: list[str | Link] = []
    for profile in as_list(value):
        if not is_node(profile):
            reference = text(draft, field, profile)
            found.extend([Link(reference)] if reference else [])
            continue
        for key in _TARGETS:
            found.extend(_links(draft, key, profile.get(key)))
        for item in as_list(profile.get("ceterms:targetCompetency")):
            skill = _competency(draft, "ceterms:targetCompetency", item)
            if skill is not None:
                found.append(skill.uri or skill.label)
    return found


def _links(draft: CredentialDraft, field: str, value: object) -> list[Link]:
    """IRIs of other credentials, or embedded ones (their ``ceterms:ctid``, else ``@id``)."""
    links = []
    for item in as_list(value):
        if is_node(item):
            item = item.get("ceterms:ctid") or item.get("@id")
        reference = text(draft, field, item)
        if reference:
            links.append(Link(reference))
    return links


# --- cost, duration, credits ------------------------------------------------------------------


def _cost(draft: CredentialDraft, value: object) -> None:
    """The sum of the cost profiles' prices (tuition, fees, ...), all in one currency."""
    total: float | None = None
    currencies: list[str] = []
    for profile in as_list(value):
        if not is_node(profile):
            draft.problem("ceterms:estimatedCost", f"expected a CostProfile, found {kind(profile)}")
            continue
        price = number(draft, "ceterms:price", profile.get("ceterms:price"))
        if price is None:
            continue
        total = (total or 0.0) + price
        code = text(draft, "ceterms:currency", profile.get("ceterms:currency"))
        currencies.append(currency(draft, "ceterms:currency", code) if code else "")
    given = unique(currencies)
    if len(given) > 1:
        draft.problem(
            "ceterms:estimatedCost", f"prices in several currencies ({', '.join(given)}) cannot be summed"
        )
    draft.cost = total
    draft.currency = given[0] if given else "EUR"


def _durations(draft: CredentialDraft, value: object) -> None:
    """exactDuration / timeRequired give the study time (the first profile that has one);
    maximumDuration gives the calendar length in weeks."""
    profiles = [profile for profile in as_list(value) if is_node(profile)]
    for profile in profiles:
        for key in ("ceterms:exactDuration", "ceterms:timeRequired"):
            length = duration(draft, key, profile.get(key))
            if length is not None and draft.hours is None and draft.duration_weeks is None:
                set_study_time(draft, length)
    for profile in profiles:
        length = duration(draft, "ceterms:maximumDuration", profile.get("ceterms:maximumDuration"))
        if length is not None and draft.duration_weeks is None:
            draft.duration_weeks = length.total_weeks


def _credits(draft: CredentialDraft, value: object) -> None:
    """The first credit value: ``qdata:value`` or ``schema:value``, and its ``creditUnitType``."""
    for item in as_list(value):
        if not is_node(item):
            draft.problem("ceterms:creditValue", f"expected a QuantitativeValue, found {kind(item)}")
            continue
        amount = next((item[key] for key in _CREDIT_VALUES if key in item), None)
        credits = number(draft, "ceterms:creditValue", amount)
        if credits is None:
            continue
        units = as_list(item.get("ceterms:creditUnitType"))
        term = _term(draft, "ceterms:creditUnitType", units[0]) if units else ""
        field = "ceterms:creditUnitTypeDescription"
        described = squash_space(text(draft, field, item.get(field)))
        draft.credits = credits
        draft.credit_unit = _credit_unit(term, described)
        return


def _credit_unit(term: str, described: str) -> str:
    """ECTS and CEU by their usual names; other units as described, else in words."""
    if term in _STANDARD_UNITS:
        return _STANDARD_UNITS[term]
    return described or _UNIT_WORDS.get(term) or credential_type(term)


def _eqf_level(draft: CredentialDraft, value: object) -> int | None:
    """An "EQF level 6" keyword."""
    for keyword in texts(draft, "ceterms:keyword", value):
        match = _EQF.search(keyword)
        if match:
            return eqf_level(draft, "ceterms:keyword", match.group(1))
    return None
