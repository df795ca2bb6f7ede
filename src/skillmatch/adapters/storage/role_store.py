"""Stored role profiles: swapped in whole when they are computed again, listed and searched by
label, read one by one with their skills, and the stamp that changes whenever they do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine as SqlEngine
from sqlalchemy import delete, func, insert, or_, select

from skillmatch.adapters.storage.import_store import _chunks, now
from skillmatch.adapters.storage.tables import role_skills, roles
from skillmatch.core.profiles import RoleProfile, RoleSkill


class RoleStore:
    """The part of :class:`~skillmatch.adapters.storage.repository.Storage` that reads and writes
    role profiles."""

    engine: SqlEngine

    def replace_roles(self, profiles: Mapping[str, RoleProfile], meta: Mapping[str, Mapping[str, Any]]) -> None:
        """Swap in freshly computed profiles for every role, in one transaction."""
        stamp = now()
        role_rows = [
            {
                "id": rid, "label": p.label, "kind": meta[rid]["kind"], "occupation_id": meta[rid].get("occupation_id"),
                "postings": p.postings, "prior_share": p.prior_share, "updated_at": stamp,
            }
            for rid, p in profiles.items()
        ]
        skill_rows = [
            {"role_id": rid, "skill_id": s.id, "label": s.label, "weight": s.weight, "components": s.as_dict()}
            for rid, p in profiles.items()
            for s in p.skills
        ]
        with self.engine.begin() as conn:
            conn.execute(delete(role_skills))
            conn.execute(delete(roles))
            for part in _chunks(role_rows):
                conn.execute(insert(roles), list(part))
            for part in _chunks(skill_rows):
                conn.execute(insert(role_skills), list(part))

    def list_roles(self, query: str = "", limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        condition = or_(roles.c.label.ilike(f"%{query}%"), roles.c.id == query) if query else None
        with self.engine.connect() as conn:
            count = select(func.count()).select_from(roles)
            listing = select(roles).order_by(roles.c.postings.desc(), roles.c.label).limit(limit).offset(offset)
            if condition is not None:
                count, listing = count.where(condition), listing.where(condition)
            total = conn.execute(count).scalar_one()
            return int(total), [dict(r._mapping) for r in conn.execute(listing)]

    def role(self, role_id: str) -> RoleProfile | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(roles).where(roles.c.id == role_id)).first()
            if row is None:
                return None
            skills = conn.execute(
                select(role_skills).where(role_skills.c.role_id == role_id).order_by(role_skills.c.weight.desc())
            ).all()
        items = tuple(
            RoleSkill(
                id=s.skill_id, label=s.label, weight=s.weight, frequency=s.components["frequency"],
                specificity=s.components["specificity"], prior=s.components["prior"],
                postings=s.components["postings"], required_share=s.components["required_share"],
            )
            for s in skills
        )
        return RoleProfile(row.id, row.label, row.postings, row.prior_share, items)

    def roles_by_label(self, label: str) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(select(roles.c.id).where(func.lower(roles.c.label) == label.lower())).scalars())

    def role_skill_ids(self) -> list[str]:
        """Every skill some stored role profile holds."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(role_skills.c.skill_id).distinct()).scalars())

    def roles_stamp(self) -> str:
        """Changes whenever the stored role profiles do: their count and newest update."""
        with self.engine.connect() as conn:
            count, last = conn.execute(select(func.count(), func.max(roles.c.updated_at)).select_from(roles)).one()
        return f"{count}:{last or '-'}"
