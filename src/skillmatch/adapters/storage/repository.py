"""Reading and writing postings, roles and import history. Each write is one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine as SqlEngine
from sqlalchemy import delete, func, insert, or_, select

from skillmatch.adapters.storage.db import connect, migrate
from skillmatch.adapters.storage.tables import (
    imports,
    posting_skills,
    postings,
    role_skills,
    roles,
)
from skillmatch.core.profiles import PostingSkills, RoleProfile, RoleSkill

_CHUNK = 500


def _chunks(rows: Sequence[Mapping[str, Any]]) -> Iterable[Sequence[Mapping[str, Any]]]:
    for start in range(0, len(rows), _CHUNK):
        yield rows[start : start + _CHUNK]


def now() -> datetime:
    return datetime.now(UTC)


class Storage:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: SqlEngine = connect(url)
        migrate(self.engine)

    # -- imports ------------------------------------------------------------------------
    def record_rejected_import(self, kind: str, files: Sequence[str], report: Mapping[str, Any]) -> str:
        import_id = uuid.uuid4().hex
        with self.engine.begin() as conn:
            conn.execute(
                insert(imports).values(
                    id=import_id, kind=kind, files=list(files), accepted=0, duplicates=0,
                    status="rejected", report=dict(report), created_at=now(),
                )
            )
        return import_id

    def import_history(self, limit: int = 20) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(imports).order_by(imports.c.created_at.desc()).limit(limit))
            return [dict(r._mapping) for r in rows]

    # -- postings -----------------------------------------------------------------------
    def posting_fingerprints(self) -> list[tuple[str, str, str]]:
        """(id, content key, text) of every stored posting that is not itself a duplicate."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(postings.c.id, postings.c.content_key, postings.c.title, postings.c.description).where(
                    postings.c.duplicate_of.is_(None)
                )
            )
            return [(r.id, r.content_key, f"{r.title}\n{r.description}") for r in rows]

    def existing_posting_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(ids)
        found: set[str] = set()
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), _CHUNK):
                part = wanted[start : start + _CHUNK]
                found.update(conn.execute(select(postings.c.id).where(postings.c.id.in_(part))).scalars())
        return found

    def add_postings(
        self,
        files: Sequence[str],
        rows: Sequence[Mapping[str, Any]],
        skill_rows: Sequence[Mapping[str, Any]],
        report: Mapping[str, Any],
    ) -> str:
        """Store an import whole: its postings, their skills and its history entry."""
        import_id = uuid.uuid4().hex
        duplicates = sum(1 for r in rows if r.get("duplicate_of"))
        with self.engine.begin() as conn:
            conn.execute(
                insert(imports).values(
                    id=import_id, kind="postings", files=list(files), accepted=len(rows), duplicates=duplicates,
                    status="landed", report=dict(report), created_at=now(),
                )
            )
            for part in _chunks([{**r, "import_id": import_id} for r in rows]):
                conn.execute(insert(postings), list(part))
            for part in _chunks(list(skill_rows)):
                conn.execute(insert(posting_skills), list(part))
        return import_id

    def posting_count(self) -> tuple[int, int]:
        """(postings, of which duplicates)."""
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(postings)).scalar_one()
            dupes = conn.execute(
                select(func.count()).select_from(postings).where(postings.c.duplicate_of.is_not(None))
            ).scalar_one()
        return int(total), int(dupes)

    def postings_by_role(self) -> dict[str, list[PostingSkills]]:
        """Every role's non-duplicate postings with the skills each asks for."""
        with self.engine.connect() as conn:
            posts = conn.execute(
                select(postings.c.id, postings.c.role_id, postings.c.date_posted).where(
                    postings.c.duplicate_of.is_(None), postings.c.role_id.is_not(None)
                )
            ).all()
            skills: dict[str, dict[str, str]] = {}
            for row in conn.execute(select(posting_skills.c.posting_id, posting_skills.c.skill_id,
                                           posting_skills.c.requirement)):
                skills.setdefault(row.posting_id, {})[row.skill_id] = row.requirement
        out: dict[str, list[PostingSkills]] = {}
        for post in posts:
            out.setdefault(post.role_id, []).append(PostingSkills(post.id, post.date_posted, skills.get(post.id, {})))
        for items in out.values():
            items.sort(key=lambda p: p.posting_id)
        return out

    def role_postings(self, role_id: str, limit: int = 20) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(postings.c.id, postings.c.title, postings.c.organization, postings.c.date_posted,
                       postings.c.role_score, postings.c.role_method, postings.c.duplicate_of)
                .where(postings.c.role_id == role_id)
                .order_by(postings.c.date_posted.desc(), postings.c.id)
                .limit(limit)
            )
            return [dict(r._mapping) for r in rows]

    # -- roles --------------------------------------------------------------------------
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
