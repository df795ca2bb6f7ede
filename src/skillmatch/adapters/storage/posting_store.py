"""Stored postings: their imports, the fingerprints duplicates are found by, counts, the titles
and skills role profiles are computed from, and a role's postings as listed for people.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import func, select

from skillmatch.adapters.storage.import_store import _CHUNK, ImportStore, PostingBatch
from skillmatch.adapters.storage.tables import posting_skills, postings
from skillmatch.core.profiles import PostingSkills


class PostingStore(ImportStore):
    """The part of :class:`~skillmatch.adapters.storage.repository.Storage` that reads and writes
    postings."""

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
        with self.posting_import(files) as batch:
            batch.add(rows, skill_rows)
            batch.report = dict(report)
        return batch.import_id

    def posting_import(self, files: Sequence[str]) -> AbstractContextManager[PostingBatch]:
        """One import written in parts, in one transaction: every part lands when the block
        ends, none if it raises. Memory holds one part at a time, however large the import."""
        return self._import(PostingBatch, files)

    def posting_count(self) -> tuple[int, int]:
        """(postings, of which duplicates)."""
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(postings)).scalar_one()
            dupes = conn.execute(
                select(func.count()).select_from(postings).where(postings.c.duplicate_of.is_not(None))
            ).scalar_one()
        return int(total), int(dupes)

    def titles_with(self, words: Sequence[str], limit: int = 5000) -> list[tuple[str, str]]:
        """(role id, title) of non-duplicate postings whose title contains every one of ``words``
        as text (the caller checks word boundaries)."""
        query = select(postings.c.role_id, postings.c.title).where(
            postings.c.duplicate_of.is_(None), postings.c.role_id.is_not(None),
            *(func.lower(postings.c.title).contains(w.lower(), autoescape=True) for w in words),
        )
        with self.engine.connect() as conn:
            return [(r.role_id, r.title) for r in conn.execute(query.limit(limit))]

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
