"""From the drafts of every file of a catalog import to credentials.

The checks every format shares (required fields, unique ids), the links between records (IRIs
turned into ids, stacking made symmetric), and the provider a CTDL learning opportunity that
names no owner or offerer takes from the credential it is part of.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from skillmatch.adapters.loaders.catalog_draft import CredentialDraft, Link, is_uri, last_segment
from skillmatch.adapters.loaders.catalog_values import generated_id, unique
from skillmatch.adapters.loaders.records import Problems
from skillmatch.core.catalog import Credential, Recognition
from skillmatch.core.origin import Origin
from skillmatch.errors import Problem

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InheritedProvider:
    """A record that names no provider and took the provider of the credential it is part of."""

    credential_id: str
    origin: Origin
    provider: str
    from_credential_id: str

    def as_dict(self) -> dict[str, Any]:
        return {"credential_id": self.credential_id, "source": str(self.origin), "provider": self.provider,
                "from_credential_id": self.from_credential_id}


@dataclass(frozen=True)
class CatalogRead:
    """What a catalog import read: its credentials, the records passed over (lenient mode), and
    the records whose provider came from the credential they are part of."""

    credentials: list[Credential]
    passed_over: list[Problem]
    inherited_providers: list[InheritedProvider]


def assemble(drafts: Sequence[CredentialDraft], problems: Problems) -> CatalogRead:
    """Give parts their provider, check ids and required fields, resolve links between records,
    make stacking symmetric. The problems of the records not passed over go to ``problems``."""
    inherited = _inherit_providers(drafts)
    first_seen: dict[str, Origin] = {}
    kept: list[CredentialDraft] = []
    passed_over: list[Problem] = []
    for draft in drafts:
        if draft.lenient and not (draft.title and draft.provider):
            passed_over.append(_passed_over(draft))
            continue
        generated = _check_required(draft)
        if draft.id:
            _check_unique(draft, first_seen, generated)
        problems.extend(draft.problems)
        if not draft.problems:
            kept.append(draft)
    if passed_over:
        _log.warning("passed over %d record(s) without a title or provider", len(passed_over))
    links = _Links(kept)
    return CatalogRead([_credential(draft, links) for draft in kept], passed_over, inherited)


def _passed_over(draft: CredentialDraft) -> Problem:
    missing = "title" if not draft.title else "provider"
    return draft.origin.problem(f"passed over: no {missing}", draft.names.get(missing, missing))


def _check_required(draft: CredentialDraft) -> bool:
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


def _check_unique(draft: CredentialDraft, first_seen: dict[str, Origin], generated: bool) -> None:
    first = first_seen.setdefault(draft.id, draft.origin)
    if first == draft.origin:
        return
    if generated:
        reason = (
            f"same provider and title as {first} (no id given, so both get {draft.id!r}); give each an id"
        )
    else:
        reason = f"duplicate id {draft.id!r}, first at {first}"
    draft.problem("id", reason)


# --- links ------------------------------------------------------------------------------------


class _References:
    """The id of the record a link names: the id itself, the record that gave the IRI as its
    own, else the IRI's last path segment."""

    def __init__(self, drafts: Iterable[CredentialDraft]) -> None:
        found = list(drafts)
        self.ids = {draft.id for draft in found}
        self.aliases = {alias: draft.id for draft in found for alias in draft.aliases}

    def id(self, link: Link) -> str:
        target = link.target
        if target in self.ids:
            return target
        return self.aliases.get(target) or last_segment(target)


def _inherit_providers(drafts: Sequence[CredentialDraft]) -> list[InheritedProvider]:
    """A learning opportunity that names no owner or offerer (``provider_from_whole``) takes the
    provider of the credentials of the import it is part of, through a chain of parts if need be.
    Credentials that name different providers leave it none: a problem that names them."""
    references = _References(draft for draft in drafts if draft.id)
    by_id: dict[str, CredentialDraft] = {}
    for draft in drafts:
        if draft.id:
            by_id.setdefault(draft.id, draft)
    order = {id(draft): number for number, draft in enumerate(drafts)}
    inherited: list[tuple[int, InheritedProvider]] = []  # in the order of the drafts
    seen: set[int] = set()

    def provider(draft: CredentialDraft) -> str:
        if draft.provider or not draft.provider_from_whole or id(draft) in seen:
            return draft.provider
        seen.add(id(draft))
        givers: dict[str, CredentialDraft] = {}  # a provider -> the first whole that gives it
        for link in draft.is_part_of:
            whole = by_id.get(references.id(link))
            name = provider(whole) if whole is not None and whole is not draft else ""
            if name and whole is not None:
                givers.setdefault(name, whole)
        if len(givers) == 1:
            ((name, whole),) = givers.items()
            draft.provider = name
            inherited.append((order[id(draft)], InheritedProvider(draft.id, draft.origin, name, whole.id)))
        elif givers:
            owners = ", ".join(f"{name!r} of {whole.id}" for name, whole in givers.items())
            draft.problem("provider", f"names no owner or offerer, and the credentials it is part of name "
                                      f"different providers ({owners}): give it ceterms:ownedBy")
        return draft.provider

    for draft in drafts:
        provider(draft)
    return [found for _, found in sorted(inherited, key=lambda pair: pair[0])]


class _Links:
    """Turns the links of the kept records into ids and makes stacking links symmetric."""

    def __init__(self, drafts: Sequence[CredentialDraft]) -> None:
        self.references = _References(drafts)
        self.prerequisites = {
            d.id: unique(self._prerequisite(item) for item in d.prerequisites) for d in drafts
        }
        self.prepares_for = {d.id: unique(self.references.id(link) for link in d.prepares_for) for d in drafts}
        self.is_part_of = {d.id: unique(self.references.id(link) for link in d.is_part_of) for d in drafts}
        self.has_part = {d.id: unique(self.references.id(link) for link in d.has_part) for d in drafts}
        for draft in drafts:
            for whole in self.is_part_of[draft.id]:
                self._add(self.has_part, whole, draft.id)
            for part in self.has_part[draft.id]:
                self._add(self.is_part_of, part, draft.id)

    def _prerequisite(self, item: str | Link) -> str:
        """A credential link as an id; a skill URI or label as given (unless it names a record)."""
        if isinstance(item, Link):
            return self.references.id(item)
        return self.references.aliases.get(item, item) if is_uri(item) else item

    def _add(self, links: dict[str, list[str]], owner: str, target: str) -> None:
        if owner in links and target not in links[owner]:
            links[owner].append(target)


def _credential(draft: CredentialDraft, links: _Links) -> Credential:
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
        source=str(draft.origin),
        origin=draft.origin,
    )
