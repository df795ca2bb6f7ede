"""Stored teams: save, read, replace, delete, and the gap and training plan of a stored team.

A team is saved only when a caller asks. Saving resolves what the caller gave into what a gap
needs, once: target roles become role ids (with their labels), skill labels become skill ids,
and a member's profile text is read into skills and then dropped, so the text itself is never
stored. Held credentials are kept as ids and expanded into skills at gap time. Inputs that
match nothing are reported back in the answer to the save and not stored.

The spec is the one :meth:`skillmatch.service.Engine.team_gap` takes::

    {"id"?, "name", "target": role | [{"role", "headcount"}], "constraints"?: {...},
     "members": [{"id" | "name", "skills", "profile_text", "held_credentials", "role"}]}
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from skillmatch.adapters.storage.teams import StoredMember, StoredTeam, TeamStore
from skillmatch.core.constraints import Constraints
from skillmatch.core.learner import LearnerProfile
from skillmatch.core.profiles import RoleProfile
from skillmatch.errors import InvalidRequest, UnknownCredential, UnknownRole, UnknownTeam, role_fault
from skillmatch.recommend_service import MAX_MEMBERS, LearnerInput, skill_inputs

TEAM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class TeamService:
    def __init__(
        self,
        store: TeamStore,
        *,
        learner: Callable[[LearnerInput], LearnerProfile],
        role: Callable[[str], RoleProfile],
        constraints: Callable[[Mapping[str, Any] | None], Constraints],
        team_gap: Callable[[dict[str, Any], int], dict[str, Any]],
    ) -> None:
        self.store = store
        self._learner = learner
        self._role = role
        self._constraints = constraints
        self._team_gap = team_gap

    # -- writes -------------------------------------------------------------------------
    def create(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        """Store a new team (id from the spec, or a new one); Conflict when the id is taken."""
        team_id = str(spec.get("id") or uuid.uuid4().hex)
        team, unresolved = self._resolve(team_id, spec)
        return {"team": self.store.create(team).as_dict(), "unresolved": unresolved}

    def replace(self, team_id: str, spec: Mapping[str, Any]) -> dict[str, Any]:
        if spec.get("id") not in (None, "", team_id):
            raise InvalidRequest(f"the body's id {spec.get('id')!r} is not the team's id {team_id!r}", field="id")
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

    def gap(self, team_id: str, constraints: Mapping[str, Any] | None = None, limit: int = 5) -> dict[str, Any]:
        """The stored team's gap and training plan; ``constraints`` replace the stored ones when given."""
        team = self._stored(team_id)
        target: Any
        if isinstance(team.target, list):
            target = [{"role": t["role"], "headcount": t.get("headcount", 1)} for t in team.target]
        else:
            target = team.target["role"]
        spec = {
            "target": target,
            "constraints": dict(constraints) if constraints is not None else dict(team.constraints),
            "members": [
                {"id": m.member_id, "role": m.role, "held_credentials": list(m.held_credentials),
                 "skills": [{"skill": s["id"], "proficiency": s.get("proficiency", 1.0)} for s in m.skills]}
                for m in team.members
            ],
        }
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

    def _resolve(self, team_id: str, spec: Mapping[str, Any]) -> tuple[StoredTeam, dict[str, list[dict[str, Any]]]]:
        if not TEAM_ID.match(team_id):
            raise InvalidRequest(
                f"team id {team_id!r} must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit",
                field="id",
            )
        name = str(spec.get("name") or "").strip()
        if not name:
            raise InvalidRequest("a stored team needs a name", field="name")
        constraints = dict(spec.get("constraints") or {})
        self._constraints(constraints)  # raises InvalidRequest naming constraints.<field>
        members_in = spec.get("members") or []
        if not isinstance(members_in, list) or not members_in:
            raise InvalidRequest("a team needs at least one member", field="members")
        if len(members_in) > MAX_MEMBERS:
            raise InvalidRequest(f"at most {MAX_MEMBERS} members, not {len(members_in)}", field="members")
        target = self._target(spec.get("target"))
        members: list[StoredMember] = []
        unresolved: dict[str, list[dict[str, Any]]] = {}
        seen: set[str] = set()
        for i, m in enumerate(members_in):
            if not isinstance(m, Mapping):
                raise InvalidRequest(f"members[{i}] must be an object", field=f"members[{i}]")
            member_id = str(m.get("id") or m.get("name") or f"member-{i + 1}").strip()
            if member_id in seen:
                raise InvalidRequest(f"two members have the id {member_id!r}", field=f"members[{i}].id")
            seen.add(member_id)
            held = m.get("held_credentials") or []
            if not isinstance(held, list) or not all(isinstance(c, str) for c in held):
                raise InvalidRequest(f"members[{i}].held_credentials must be a list of credential ids",
                                     field=f"members[{i}].held_credentials")
            try:
                learner = self._learner(LearnerInput(
                    skills=skill_inputs(m.get("skills") or [], field=f"members[{i}].skills"),
                    profile_text=str(m.get("profile_text") or ""),
                    held_credentials=tuple(held),
                    learner_id=member_id,
                ))
            except UnknownCredential as exc:  # a fault of the body, as an unknown role is (``_role_in``)
                raise InvalidRequest(str(exc), field=f"members[{i}].held_credentials") from None
            own_role = self._role_in(str(m["role"]), f"members[{i}].role").role_id if m.get("role") else None
            skills = tuple(
                {"id": s.id, "label": s.label, "proficiency": round(s.proficiency, 4), "source": s.source}
                for s in learner.skills if s.source != "credential"
            )
            members.append(StoredMember(member_id, skills, tuple(dict.fromkeys(held)), own_role))
            if learner.unresolved:
                unresolved[member_id] = [u.as_dict() for u in learner.unresolved]
        return StoredTeam(team_id, name, target, tuple(members), constraints), unresolved

    def _target(self, target: Any) -> Any:
        """``{"role", "label"}`` for one role, ``[{"role", "label", "headcount"}]`` for several."""
        if isinstance(target, str) and target.strip():
            role = self._role_in(target, "target")
            return {"role": role.role_id, "label": role.label}
        items = [target] if isinstance(target, Mapping) else target
        if not isinstance(items, list) or not items:
            raise InvalidRequest("the team needs a target: a role, or a list of {role, headcount}", field="target")
        out = []
        for i, item in enumerate(items):
            if isinstance(item, str):
                item = {"role": item}
            if not isinstance(item, Mapping) or not str(item.get("role") or "").strip():
                raise InvalidRequest(f"target[{i}] needs a 'role'", field=f"target[{i}].role")
            count = item.get("headcount", 1)
            if not isinstance(count, int) or isinstance(count, bool) or count < 1:
                raise InvalidRequest(f"target[{i}].headcount must be a whole number >= 1, not {count!r}",
                                     field=f"target[{i}].headcount")
            role = self._role_in(str(item["role"]), f"target[{i}].role")
            out.append({"role": role.role_id, "label": role.label, "headcount": count})
        return out
