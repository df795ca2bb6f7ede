"""Stored teams: save, read, replace, delete, and the gap and training plan of a stored team.

A team is saved only when a caller asks. Saving resolves what the caller gave into what a gap
needs, once: target roles become role ids (with their labels), skill labels become skill ids,
and a member's profile text is read into skills and then dropped, so the text itself is never
stored. Held credentials are kept as ids and expanded into skills at gap time. Inputs that
match nothing are reported back in the answer to the save and not stored.

A team comes in as :class:`~skillmatch.contracts.teams.TeamIn` (read once, at the edge), and its
gap is asked for as the :class:`~skillmatch.contracts.teams.TeamSpecIn` of an ad hoc team.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from skillmatch.adapters.storage.teams import StoredMember, StoredTeam, TeamStore
from skillmatch.contracts.learners import ConstraintsIn
from skillmatch.contracts.teams import RoleDemandIn, TeamIn, TeamSpecIn
from skillmatch.core.learner import LearnerInput, LearnerProfile
from skillmatch.core.profiles import RoleProfile
from skillmatch.errors import InvalidRequest, UnknownCredential, UnknownRole, UnknownTeam, role_fault

TEAM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class TeamService:
    def __init__(
        self,
        store: TeamStore,
        *,
        learner: Callable[[LearnerInput], LearnerProfile],
        role: Callable[[str], RoleProfile],
        constraints: Callable[[ConstraintsIn | None], object],
        team_gap: Callable[[TeamSpecIn, int], dict[str, Any]],
    ) -> None:
        self.store = store
        self._learner = learner
        self._role = role
        self._constraints = constraints
        self._team_gap = team_gap

    # -- writes -------------------------------------------------------------------------
    def create(self, spec: TeamIn) -> dict[str, Any]:
        """Store a new team (id from the spec, or a new one); Conflict when the id is taken."""
        team, unresolved = self._resolve(spec.id or uuid.uuid4().hex, spec)
        return {"team": self.store.create(team).as_dict(), "unresolved": unresolved}

    def replace(self, team_id: str, spec: TeamIn) -> dict[str, Any]:
        if spec.id not in (None, "", team_id):
            raise InvalidRequest(f"the body's id {spec.id!r} is not the team's id {team_id!r}", field="id")
        if not self.store.exists(team_id):
            raise self._unknown(team_id)
        team, unresolved = self._resolve(team_id, spec)
        stored = self.store.replace(team)
        if stored is None:  # deleted meanwhile
            raise self._unknown(team_id)
        return {"team": stored.as_dict(), "unresolved": unresolved}

    def delete(self, team_id: str) -> None:
        if not self.store.delete(team_id):
            raise self._unknown(team_id)

    # -- reads --------------------------------------------------------------------------
    def get(self, team_id: str) -> dict[str, Any]:
        return self._stored(team_id).as_dict()

    def page(self, *, limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        if not 1 <= limit <= 1000:
            raise InvalidRequest(f"limit must be between 1 and 1000, not {limit}", field="limit")
        if offset < 0:
            raise InvalidRequest(f"offset must be 0 or more, not {offset}", field="offset")
        return self.store.page(limit=limit, offset=offset)

    def gap(self, team_id: str, constraints: ConstraintsIn | None = None, limit: int = 5) -> dict[str, Any]:
        """The stored team's gap and training plan; ``constraints`` replace the stored ones when given."""
        team = self._stored(team_id)
        targets = team.target if isinstance(team.target, list) else [team.target]
        spec = TeamSpecIn.model_validate({
            "target": [{"role": t["role"], "headcount": t.get("headcount", 1)} for t in targets],
            "constraints": constraints if constraints is not None else team.constraints,
            "members": [
                {"id": m.member_id, "role": m.role, "held_credentials": list(m.held_credentials),
                 "skills": [{"skill": s["id"], "proficiency": float(s.get("proficiency", 1.0))} for s in m.skills]}
                for m in team.members
            ],
        })
        answer = self._team_gap(spec, limit)
        answer["stored_team"] = {"id": team.id, "name": team.name, "updated_at": team.as_dict()["updated_at"]}
        return answer

    # -- helpers ------------------------------------------------------------------------
    def _role_in(self, text: str, field: str) -> RoleProfile:
        """The role a team body names: one no one can read is a fault of the body (422 naming the
        field), not a missing resource: the team itself may well exist."""
        try:
            return self._role(text)
        except UnknownRole as exc:
            raise role_fault(exc, text, field) from None

    def _stored(self, team_id: str) -> StoredTeam:
        team = self.store.get(team_id)
        if team is None:
            raise self._unknown(team_id)
        return team

    @staticmethod
    def _unknown(team_id: str) -> UnknownTeam:
        return UnknownTeam(f"no stored team with id {team_id!r}; GET /v1/teams lists them")

    def _resolve(self, team_id: str, spec: TeamIn) -> tuple[StoredTeam, dict[str, list[dict[str, Any]]]]:
        if not TEAM_ID.match(team_id):
            raise InvalidRequest(
                f"team id {team_id!r} must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit",
                field="id",
            )
        name = spec.name.strip()
        if not name:
            raise InvalidRequest("a stored team needs a name", field="name")
        self._constraints(spec.constraints)  # values the core refuses: InvalidRequest naming constraints.<field>
        constraints = spec.constraints.model_dump(exclude_defaults=True) if spec.constraints else {}
        target = self._target(spec.target)
        members: list[StoredMember] = []
        unresolved: dict[str, list[dict[str, Any]]] = {}
        seen: set[str] = set()
        for i, m in enumerate(spec.members):
            given = m.learner(f"member-{i + 1}")
            member_id = given.learner_id.strip()
            if member_id in seen:
                raise InvalidRequest(f"two members have the id {member_id!r}", field=f"members[{i}].id")
            seen.add(member_id)
            try:
                learner = self._learner(replace(given, learner_id=member_id))
            except UnknownCredential as exc:  # a fault of the body, as an unknown role is (``_role_in``)
                raise InvalidRequest(str(exc), field=f"members[{i}].held_credentials") from None
            own_role = self._role_in(m.role, f"members[{i}].role").role_id if m.role else None
            skills = tuple(
                {"id": s.id, "label": s.label, "proficiency": round(s.proficiency, 4), "source": s.source}
                for s in learner.skills if s.source != "credential"
            )
            members.append(StoredMember(member_id, skills, tuple(dict.fromkeys(m.held_credentials)), own_role))
            if learner.unresolved:
                unresolved[member_id] = [u.as_dict() for u in learner.unresolved]
        return StoredTeam(team_id, name, target, tuple(members), constraints), unresolved

    def _target(self, target: list[RoleDemandIn]) -> Any:
        """``{"role", "label"}`` for one role (of head-count 1), ``[{"role", "label", "headcount"}]`` for several."""
        if len(target) == 1 and target[0].headcount == 1:
            role = self._role_in(target[0].role, "target")
            return {"role": role.role_id, "label": role.label}
        out = []
        for i, item in enumerate(target):
            role = self._role_in(item.role, f"target[{i}].role")
            out.append({"role": role.role_id, "label": role.label, "headcount": item.headcount})
        return out
