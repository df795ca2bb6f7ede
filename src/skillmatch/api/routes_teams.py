"""Teams: gap and training plan of a team, ad hoc or stored. Every endpoint needs an API key.

A team is stored only by ``POST /v1/teams``; its members' profile text is read into skills and
never stored; ``DELETE /v1/teams/{id}`` removes the team and everything kept of its members.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query, Response

from skillmatch.api.deps import EngineDep
from skillmatch.api.errors import responses
from skillmatch.api.schemas import (
    MAX_OFFSET,
    StoredTeamOut,
    TeamAnswerOut,
    TeamGapIn,
    TeamIn,
    TeamListOut,
    TeamSavedOut,
    TeamSpecIn,
)
from skillmatch.api.security import require_api_key

router = APIRouter(tags=["teams"], dependencies=[Depends(require_api_key)])
AUTH = (401, 403)


@router.post("/v1/teams/gap", response_model=TeamAnswerOut, responses=responses(*AUTH, 404, 413, 422, 503))
def team_gap(engine: EngineDep, body: TeamSpecIn) -> TeamAnswerOut:
    """An ad hoc team's gap (who lacks which skill of the target role or roles, a heat map) and one
    training plan for it; nothing is stored."""
    with engine.pinned():
        answer = engine.team_gap(body.spec(), body.limit)
    return TeamAnswerOut.model_validate(answer)


@router.get("/v1/teams", response_model=TeamListOut, responses=responses(*AUTH, 422))
def list_teams(
    engine: EngineDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> TeamListOut:
    """The stored teams, by name."""
    total, items = engine.teams.page(limit=limit, offset=offset)
    return TeamListOut.model_validate({"total": total, "limit": limit, "offset": offset, "items": items})


@router.post("/v1/teams", status_code=201, response_model=TeamSavedOut,
             responses=responses(*AUTH, 404, 409, 413, 422, 503))
def create_team(engine: EngineDep, body: TeamIn, response: Response) -> TeamSavedOut:
    """Store a team. Roles are resolved to ids, skill labels to skill ids, and profile text to the
    skills it mentions (the text is not kept); inputs that match nothing come back in ``unresolved``.
    An id that is already stored is a 409."""
    with engine.pinned():
        saved = engine.teams.create(body.spec())
    response.headers["Location"] = f"/v1/teams/{saved['team']['id']}"
    return TeamSavedOut.model_validate(saved)


@router.get("/v1/teams/{team_id}", response_model=StoredTeamOut, responses=responses(*AUTH, 404, 422))
def get_team(engine: EngineDep, team_id: str) -> StoredTeamOut:
    """A stored team as kept: target roles and members' skills with ids and labels."""
    return StoredTeamOut.model_validate(engine.teams.get(team_id))


@router.put("/v1/teams/{team_id}", response_model=TeamSavedOut, responses=responses(*AUTH, 404, 413, 422, 503))
def replace_team(engine: EngineDep, team_id: str, body: TeamIn) -> TeamSavedOut:
    """Replace a stored team whole (the answer of GET can be sent back, edited)."""
    with engine.pinned():
        return TeamSavedOut.model_validate(engine.teams.replace(team_id, body.spec()))


@router.delete("/v1/teams/{team_id}", status_code=204, responses=responses(*AUTH, 404, 422))
def delete_team(engine: EngineDep, team_id: str) -> Response:
    """Remove a stored team and everything kept of its members."""
    engine.teams.delete(team_id)
    return Response(status_code=204)


@router.post("/v1/teams/{team_id}/gap", response_model=TeamAnswerOut, responses=responses(*AUTH, 404, 413, 422, 503))
def stored_team_gap(engine: EngineDep, team_id: str, body: Annotated[TeamGapIn | None, Body()] = None) -> TeamAnswerOut:
    """A stored team's gap and training plan; ``constraints`` in the body replace the stored ones."""
    given = body or TeamGapIn()
    with engine.pinned():
        answer = engine.teams.gap(team_id, given.constraints.as_core() if given.constraints else None, given.limit)
    return TeamAnswerOut.model_validate(answer)
