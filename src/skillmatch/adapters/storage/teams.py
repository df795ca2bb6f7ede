"""Stored teams: one ``teams`` row and one ``team_members`` row per member; each write is one
transaction.

What is kept of a member is what a gap needs: an id, an optional own role, skills (id, label,
proficiency and where the skill came from) and held credential ids. Profile text is never
written here: the caller's text is read into skills before a team is stored. Deleting a team
removes its rows and, on SQLite, overwrites the freed pages (``secure_delete``, see db.py) and
truncates the write-ahead log, so the members' data does not linger in the file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine as SqlEngine
from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError as SqlIntegrityError

from skillmatch.adapters.storage.tables import team_members, teams
from skillmatch.errors import Conflict


@dataclass(frozen=True)
class StoredMember:
    member_id: str
    skills: tuple[Mapping[str, Any], ...] = ()  # {"id", "label", "proficiency", "source"}
    held_credentials: tuple[str, ...] = ()
    role: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.member_id, "role": self.role, "skills": [dict(s) for s in self.skills],
                "held_credentials": list(self.held_credentials)}


@dataclass(frozen=True)
class StoredTeam:
    id: str
    name: str
    target: Any  # a role (id or label), or [{"role", "headcount"}]
    members: tuple[StoredMember, ...]
    constraints: Mapping[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "target": self.target, "constraints": dict(self.constraints),
            "members": [m.as_dict() for m in self.members],
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
        }


def _now() -> datetime:
    return datetime.now(UTC)


def _member_rows(team_id: str, members: Sequence[StoredMember]) -> list[dict[str, Any]]:
    return [
        {"team_id": team_id, "position": i, "member_id": m.member_id, "role": m.role,
         "skills": [dict(s) for s in m.skills], "held_credentials": list(m.held_credentials)}
        for i, m in enumerate(members)
    ]


class TeamStore:
    def __init__(self, engine: SqlEngine) -> None:
        self.engine = engine

    def create(self, team: StoredTeam) -> StoredTeam:
        """Store a new team; :class:`Conflict` when its id is taken."""
        stamp = _now()
        try:
            with self.engine.begin() as conn:
                if conn.execute(select(teams.c.id).where(teams.c.id == team.id)).first() is not None:
                    raise Conflict(f"a team with id {team.id!r} is already stored; PUT /v1/teams/{team.id} replaces it")
                conn.execute(insert(teams).values(
                    id=team.id, name=team.name, target=team.target, constraints=dict(team.constraints),
                    created_at=stamp, updated_at=stamp,
                ))
                if team.members:
                    conn.execute(insert(team_members), _member_rows(team.id, team.members))
        except SqlIntegrityError as exc:  # two writers racing for one id
            raise Conflict(f"a team with id {team.id!r} is already stored") from exc
        stored = self.get(team.id)
        assert stored is not None
        return stored

    def replace(self, team: StoredTeam) -> StoredTeam | None:
        """Replace a stored team whole (name, target, constraints, members); None when there is none."""
        with self.engine.begin() as conn:
            found = conn.execute(select(teams.c.id).where(teams.c.id == team.id)).first()
            if found is None:
                return None
            conn.execute(
                teams.update().where(teams.c.id == team.id).values(
                    name=team.name, target=team.target, constraints=dict(team.constraints), updated_at=_now(),
                )
            )
            conn.execute(delete(team_members).where(team_members.c.team_id == team.id))
            if team.members:
                conn.execute(insert(team_members), _member_rows(team.id, team.members))
        return self.get(team.id)

    def get(self, team_id: str) -> StoredTeam | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(teams).where(teams.c.id == team_id)).first()
            if row is None:
                return None
            members = conn.execute(
                select(team_members).where(team_members.c.team_id == team_id).order_by(team_members.c.position)
            ).all()
        return StoredTeam(
            id=row.id, name=row.name, target=row.target, constraints=dict(row.constraints or {}),
            members=tuple(
                StoredMember(m.member_id, tuple(m.skills or ()), tuple(m.held_credentials or ()), m.role)
                for m in members
            ),
            created_at=row.created_at, updated_at=row.updated_at,
        )

    def delete(self, team_id: str) -> bool:
        """Remove the team and every row of its members; False when there was none."""
        with self.engine.begin() as conn:
            conn.execute(delete(team_members).where(team_members.c.team_id == team_id))
            gone = conn.execute(delete(teams).where(teams.c.id == team_id)).rowcount
        if gone and self.engine.dialect.name == "sqlite":
            with self.engine.connect() as conn:  # best effort: readers may hold the log a moment longer
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return bool(gone)

    def page(self, *, limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """(how many teams are stored, one page of {id, name, members, updated_at} by name then id)."""
        sizes = (
            select(team_members.c.team_id, func.count().label("members"))
            .group_by(team_members.c.team_id).subquery()
        )
        with self.engine.connect() as conn:
            total = int(conn.execute(select(func.count()).select_from(teams)).scalar_one())
            rows = conn.execute(
                select(teams.c.id, teams.c.name, teams.c.updated_at, func.coalesce(sizes.c.members, 0).label("members"))
                .select_from(teams.outerjoin(sizes, sizes.c.team_id == teams.c.id))
                .order_by(teams.c.name, teams.c.id).limit(limit).offset(offset)
            ).all()
        return total, [
            {"id": r.id, "name": r.name, "members": int(r.members),
             "updated_at": r.updated_at.isoformat() if r.updated_at else None}
            for r in rows
        ]

    def exists(self, team_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(teams.c.id).where(teams.c.id == team_id)).first() is not None
