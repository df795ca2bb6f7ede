"""Teams: gap and training plan of a team, ad hoc or stored. Every endpoint needs an API key.

A team is stored only by ``POST /v1/teams``; its members' profile text is read into skills and
never stored; ``DELETE /v1/teams/{id}`` removes the team and everything kept of its members.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query, Response

from skillmatch.api.deps import EngineDep
from skillmatch.api.errors import responses
from skillmatch.api.security import require_api_key
from skillmatch.contracts.base import MAX_OFFSET
from skillmatch.contracts.teams import StoredTeamOut, TeamAnswerOut, TeamGapIn, TeamIn, TeamListOut, TeamSavedOut, TeamSpecIn

router = APIRouter(tags=["teams"], dependencies=[Depends(require_api_key)])
AUTH = (401, 403)


@router.post("/v1/teams/gap", response_model=TeamAnswerOut, responses=responses(*AUTH, 404, 413, 422, 503))
def team_gap(engine: EngineDep, body: TeamSpecIn) -> TeamAnswerOut:
    """An ad hoc team's gap (who lacks which skill of the target role or roles, a heat map) and one
    training plan for it; nothing is stored."""
    with engine.pinned():
        return engine.team_gap(body)


@router.get("/v1/teams", response_model=TeamListOut, responses=responses(*AUTH, 422))
def list_teams(
    engine: EngineDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> TeamListOut:
    """The stored teams, by name."""
    return engine.list_teams(limit, offset)


@router.post("/v1/teams", status_code=201, response_model=TeamSavedOut,
             responses=responses(*AUTH, 404, 409, 413, 422, 503))
def create_team(engine: EngineDep, body: TeamIn, response: Response) -> TeamSavedOut:
    """Store a team. Roles are resolved to ids, skill labels to skill ids, and profile text to the
    skills it mentions (the text is not kept); inputs that match nothing come back in ``unresolved``.
    An id that is already stored is a 409."""
    with engine.pinned():
        saved = engine.save_team(body)
    response.headers["Location"] = f"/v1/teams/{saved.team.id}"
    return saved


@router.get("/v1/teams/{team_id}", response_model=StoredTeamOut, responses=responses(*AUTH, 404, 422))
def get_team(engine: EngineDep, team_id: str) -> StoredTeamOut:
    """A stored team as kept: target roles and members' skills with ids and labels."""
    return engine.stored_team(team_id)


@router.put("/v1/teams/{team_id}", response_model=TeamSavedOut, responses=responses(*AUTH, 404, 413, 422, 503))
def replace_team(engine: EngineDep, team_id: str, body: TeamIn) -> TeamSavedOut:
    """Replace a stored team whole (the answer of GET can be sent back, edited)."""
    with engine.pinned():
        return engine.replace_team(team_id, body)


@router.delete("/v1/teams/{team_id}", status_code=204, responses=responses(*AUTH, 404, 422))
def delete_team(engine: EngineDep, team_id: str) -> Response:
    """Remove a stored team and everything kept of its members."""
    engine.delete_team(team_id)
    return Response(status_code=204)


@router.post("/v1/teams/{team_id}/gap", response_model=TeamAnswerOut, responses=responses(*AUTH, 404, 413, 422, 503))
def stored_team_gap(engine: EngineDep, team_id: str, body: Annotated[TeamGapIn | None, Body()] = None) -> TeamAnswerOut:
    """A stored team's gap and training plan; ``constraints`` in the body replace the stored ones."""
    with engine.pinned():
        return engine.stored_team_gap(team_id, body)
