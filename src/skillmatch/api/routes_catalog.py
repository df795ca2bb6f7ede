"""Target roles and the credential catalog: lists and single records.

Role and credential ids are often URIs (ESCO occupations, Open Badges and CTDL ids). They work
in the path, percent-encoded or not (``/v1/roles/http://data.europa.eu/esco/occupation/...``),
and as a query parameter (``/v1/roles/by-id?id=...``) for clients that cannot put one in a path.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query

from skillmatch.api.deps import EngineDep
from skillmatch.api.errors import responses
from skillmatch.contracts.base import MAX_OFFSET
from skillmatch.contracts.catalog import CredentialListItemOut, CredentialListOut, CredentialOut
from skillmatch.contracts.roles import RoleItemOut, RoleListOut, RoleProfileOut, RoleSkillOut
from skillmatch.core.catalog import FORMATS, LEVELS
from skillmatch.core.pool import CredentialSummary
from skillmatch.service import Engine

router = APIRouter()
_COLLAPSED_SCHEME = re.compile(r"^(https?):/(?!/)")

Limit = Annotated[int, Query(ge=1, le=1000, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many to skip (for the next page).")]
IdQuery = Annotated[str, Query(min_length=1, max_length=1000, description="The id (a label works for roles).")]


def _path_id(text: str) -> str:
    """Undo a proxy's merging of ``//`` in an id that is a URI."""
    return _COLLAPSED_SCHEME.sub(r"\1://", text)


# -- roles ------------------------------------------------------------------------------------
@router.get("/v1/roles", tags=["roles"], response_model=RoleListOut, responses=responses(422, 503))
def list_roles(
    engine: EngineDep,
    q: Annotated[str, Query(max_length=200, description="Words in the role's label, its id, or what it is about "
                                                       "(matched by meaning too).")] = "",
    limit: Limit = 50,
    offset: Offset = 0,
) -> RoleListOut:
    """The target roles built from the imported postings, most postings first."""
    total, rows = engine.list_roles(q.strip(), limit, offset)
    return RoleListOut(total=total, limit=limit, offset=offset, items=[RoleItemOut.model_validate(r) for r in rows])


def _role(engine: Engine, text: str) -> RoleProfileOut:
    role = engine.role_profile(text)
    return RoleProfileOut(id=role.role_id, label=role.label, postings=role.postings, prior_share=role.prior_share,
                          skills=[RoleSkillOut.model_validate(s.as_dict()) for s in role.skills])


@router.get("/v1/roles/by-id", tags=["roles"], response_model=RoleProfileOut, responses=responses(404, 422, 503))
def role_by_query(engine: EngineDep, id: IdQuery) -> RoleProfileOut:
    """One role's weighted skill profile, the role given as ``?id=`` (an id, a label or a job title)."""
    return _role(engine, id)


@router.get("/v1/roles/{role_id:path}", tags=["roles"], response_model=RoleProfileOut,
            responses=responses(404, 422, 503))
def role(engine: EngineDep, role_id: str) -> RoleProfileOut:
    """One role's weighted skill profile; the role by id, label or job title. An unknown role is a
    404 whose details suggest close roles."""
    return _role(engine, _path_id(role_id))


# -- credentials ------------------------------------------------------------------------------
@router.get("/v1/credentials", tags=["credentials"], response_model=CredentialListOut, responses=responses(422, 503))
def list_credentials(
    engine: EngineDep,
    q: Annotated[str, Query(max_length=200, description="Words in the title or provider name.")] = "",
    provider: Annotated[str, Query(max_length=200, description="Only this provider (whole name, any case).")] = "",
    level: Annotated[str | None, Query(description=f"Only this level: {', '.join(LEVELS)}.",
                                       json_schema_extra={"enum": list(LEVELS)})] = None,
    format: Annotated[str | None, Query(description=f"Only this delivery: {', '.join(FORMATS)}.",
                                        json_schema_extra={"enum": list(FORMATS)})] = None,
    language: Annotated[str, Query(max_length=20, description="Only this language code, e.g. en.")] = "",
    max_cost: Annotated[float | None, Query(ge=0, description="At most this price, in its own currency.")] = None,
    free_only: Annotated[bool, Query(description="Only free credentials.")] = False,
    max_hours: Annotated[float | None, Query(ge=0, description="At most this many study hours.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> CredentialListOut:
    """Stored credentials matching the filters, by title, a page at a time. A credential whose cost or
    hours are unknown does not pass a maximum."""
    total, items = engine.list_credentials(
        query=q, provider=provider, level=level, format=format, language=language, max_cost=max_cost,
        free_only=free_only, max_hours=max_hours, limit=limit, offset=offset,
    )
    out = [
        CredentialListItemOut.model_validate({**CredentialSummary.of(c).as_dict(),
                                              "skills": [{"id": s.id, "label": s.label} for s in c.skills]})
        for c in items
    ]
    return CredentialListOut(total=total, limit=limit, offset=offset, items=out)


@router.get("/v1/credentials/by-id", tags=["credentials"], response_model=CredentialOut,
            responses=responses(404, 422, 503))
def credential_by_query(engine: EngineDep, id: IdQuery) -> CredentialOut:
    """Every field of one credential, given as ``?id=``, and the skills it teaches."""
    return CredentialOut.model_validate(engine.credential(id).as_dict())


@router.get("/v1/credentials/{credential_id:path}", tags=["credentials"], response_model=CredentialOut,
            responses=responses(404, 422, 503))
def credential(engine: EngineDep, credential_id: str) -> CredentialOut:
    """Every field of one credential and the skills it teaches (declared and inferred, with weight and
    evidence). An unknown id is a 404 whose details suggest close ids."""
    return CredentialOut.model_validate(engine.credential(_path_id(credential_id)).as_dict())
