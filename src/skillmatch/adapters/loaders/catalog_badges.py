"""Open Badges 2.0 ``BadgeClass`` and Open Badges 3.0 ``Achievement`` records.

A 3.0 ``OpenBadgeCredential`` (or ``AchievementCredential``) gives the achievement of its
``credentialSubject``. The schema.org properties some issuers add (``offers``, ``timeRequired``,
``educationalLevel``, ``courseMode``, ``url``, ``isPartOf`` / ``hasPart``) are read too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from skillmatch.adapters.loaders.catalog_draft import (
    CredentialDraft,
    Link,
    first_text,
    host_name,
    is_node,
    is_uri,
    kind,
    last_segment,
    text,
    texts,
)
from skillmatch.adapters.loaders.catalog_values import (
    credential_type,
    currency,
    delivery,
    duration,
    language,
    level,
    number,
    set_study_time,
)
from skillmatch.adapters.loaders.records import Problems, as_list
from skillmatch.core.catalog import DeclaredSkill
from skillmatch.core.origin import Origin
from skillmatch.core.text import squash_space

ACHIEVEMENT_TYPES = {"BadgeClass", "Achievement"}
CREDENTIAL_TYPES = {"OpenBadgeCredential", "AchievementCredential"}
_TAG_WEIGHT = 0.5  # tags stand in for skills only when a badge has no alignment
_NOT_DELIVERY = {"full-time", "part-time", "full time", "part time"}  # schema.org courseMode values


def types(node: Mapping[str, object]) -> set[str]:
    found = (*as_list(node.get("type")), *as_list(node.get("@type")))
    return {kind_.rsplit(":", 1)[-1] for kind_ in found if isinstance(kind_, str)}


def is_badge(node: Mapping[str, object]) -> bool:
    return bool(types(node) & (ACHIEVEMENT_TYPES | CREDENTIAL_TYPES))


def badge_format(node: Mapping[str, object]) -> str:
    """The format of a top-level badge object: open_badges_2 for a BadgeClass, else open_badges_3."""
    return "open_badges_2" if "BadgeClass" in types(node) else "open_badges_3"


def badge_drafts(
    origin: Origin, node: dict[str, object], lenient: bool, problems: Problems
) -> Iterator[CredentialDraft]:
    """The achievement an object describes, or the achievement(s) a credential wraps."""
    if not types(node) & CREDENTIAL_TYPES:
        yield _achievement(origin, node, lenient, issuer=None)
        return
    subjects = as_list(node.get("credentialSubject"))
    achievements = [subject.get("achievement") for subject in subjects if isinstance(subject, dict)]
    if not any(achievements):
        reason = "an OpenBadgeCredential without credentialSubject.achievement"
        problems.at(origin, reason, "credentialSubject.achievement")
    for achievement in achievements:
        if achievement is None:
            continue
        if not is_node(achievement):
            reason = f"expected an Achievement object, found {kind(achievement)}"
            problems.at(origin, reason, "credentialSubject.achievement")
            continue
        yield _achievement(origin, achievement, lenient, issuer=node.get("issuer"))


def _achievement(origin: Origin, node: dict[str, object], lenient: bool, issuer: object) -> CredentialDraft:
    version_2 = "BadgeClass" in types(node)
    names = {"title": "name", "provider": "issuer" if version_2 else "creator"}
    draft = CredentialDraft(origin, names, lenient=lenient)
    identifier = text(draft, "id", node.get("id", node.get("@id")))
    if identifier:
        draft.id = last_segment(identifier)
        draft.aliases.append(identifier)
    draft.title = squash_space(text(draft, "name", node.get("name")))
    draft.description = _description(draft, node)
    draft.provider = _profile_name(draft, names["provider"], node.get(names["provider"]))
    if not draft.provider and issuer is not None:
        draft.provider = _profile_name(draft, "issuer", issuer)
    draft.declared_skills = _alignments(draft, node.get("alignment")) or _tags(draft, node)
    draft.credits = number(draft, "creditsAvailable", node.get("creditsAvailable"))
    draft.language = language(draft, "inLanguage", first_text(draft, "inLanguage", node.get("inLanguage")))
    achievement_type = text(draft, "achievementType", node.get("achievementType")).removeprefix("ext:")
    draft.credential_type = credential_type(achievement_type) or "badge"
    _schema_org(draft, node)
    if not draft.url and is_uri(identifier):
        draft.url = identifier
    return draft


def _description(draft: CredentialDraft, node: Mapping[str, object]) -> str:
    """The description, then the criteria narrative (criteria given only as a URL add nothing)."""
    parts = [text(draft, "description", node.get("description"))]
    criteria = node.get("criteria")
    if is_node(criteria):
        parts.append(text(draft, "criteria.narrative", criteria.get("narrative")))
    return "\n\n".join(part for part in parts if part)


def _profile_name(draft: CredentialDraft, field: str, value: object) -> str:
    """An issuer / creator: a Profile's name, or the host name of a profile URL."""
    if isinstance(value, list):
        value = value[0] if value else None
    if is_node(value):
        name = squash_space(text(draft, field, value.get("name")))
        return name or host_name(text(draft, field, value.get("id")))
    return host_name(text(draft, field, value))


def _alignments(draft: CredentialDraft, value: object) -> list[DeclaredSkill]:
    skills = []
    for index, item in enumerate(as_list(value)):
        field = f"alignment[{index}]"
        if not is_node(item):
            draft.problem(field, f"expected an Alignment object, found {kind(item)}")
            continue
        name = squash_space(text(draft, f"{field}.targetName", item.get("targetName")))
        url = text(draft, f"{field}.targetUrl", item.get("targetUrl"))
        code = text(draft, f"{field}.targetCode", item.get("targetCode"))
        framework = squash_space(text(draft, f"{field}.targetFramework", item.get("targetFramework")))
        uri = url if is_uri(url) else code if is_uri(code) else ""
        label = name or (code if not is_uri(code) else "")
        if not (label or uri):
            draft.problem(field, "an alignment with neither a targetName nor a targetUrl")
            continue
        skills.append(DeclaredSkill(label=label, uri=uri, framework=framework))
    return skills


def _tags(draft: CredentialDraft, node: Mapping[str, object]) -> list[DeclaredSkill]:
    field = "tags" if "tags" in node else "tag"
    return [
        DeclaredSkill(label=squash_space(tag), weight=_TAG_WEIGHT)
        for tag in texts(draft, field, node.get(field))
    ]


def _schema_org(draft: CredentialDraft, node: Mapping[str, object]) -> None:
    _offer(draft, node.get("offers"))
    length = duration(draft, "timeRequired", node.get("timeRequired"))
    if length is not None:
        set_study_time(draft, length)
    draft.level = level(
        draft, "educationalLevel", _term(draft, "educationalLevel", node.get("educationalLevel"))
    )
    modes = [
        mode
        for mode in texts(draft, "courseMode", node.get("courseMode"))
        if mode.casefold() not in _NOT_DELIVERY
    ]
    draft.format = delivery(draft, "courseMode", modes[0] if modes else "")
    draft.url = first_text(draft, "url", node.get("url"))
    draft.is_part_of = _links(draft, "isPartOf", node.get("isPartOf"))
    draft.has_part = _links(draft, "hasPart", node.get("hasPart"))


def _offer(draft: CredentialDraft, value: object) -> None:
    """The price of the first offer that gives one (several offers are alternatives)."""
    for index, offer in enumerate(as_list(value)):
        if not is_node(offer):
            draft.problem(f"offers[{index}]", f"expected an Offer object, found {kind(offer)}")
            continue
        price = number(draft, "offers.price", offer.get("price"))
        if price is not None:
            draft.cost = price
            draft.currency = currency(
                draft, "offers.priceCurrency", text(draft, "offers", offer.get("priceCurrency"))
            )
            return


def _term(draft: CredentialDraft, field: str, value: object) -> str:
    """Text, or a DefinedTerm's name."""
    if isinstance(value, list):
        value = value[0] if value else None
    if is_node(value):
        value = value.get("name")
    return text(draft, field, value)


def _links(draft: CredentialDraft, field: str, value: object) -> list[Link]:
    """Ids or URLs of other achievements, or objects with an ``id``."""
    links = []
    for item in as_list(value):
        reference = text(draft, field, item.get("id") if is_node(item) else item)
        if reference:
            links.append(Link(reference))
    return links
