"""Reading and writing postings, roles, the credential catalog and import history. Each write is
one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, Table, delete, func, insert, or_, select, text, update
from sqlalchemy import Engine as SqlEngine

from skillmatch.adapters.storage.db import connect, migrate
from skillmatch.adapters.storage.tables import (
    credential_skills,
    credentials,
    imports,
    posting_skills,
    postings,
    role_skills,
    roles,
)
from skillmatch.core.catalog import Credential, TaughtSkill
from skillmatch.core.profiles import PostingSkills, RoleProfile, RoleSkill

_CHUNK = 500


def _chunks(rows: Sequence[Mapping[str, Any]]) -> Iterable[Sequence[Mapping[str, Any]]]:
    for start in range(0, len(rows), _CHUNK):
        yield rows[start : start + _CHUNK]


class ImportBatch:
    """The open transaction of one import written in parts (see ``Storage.posting_import``)."""

    kind = ""

    def __init__(self, conn: Connection, import_id: str) -> None:
        self._conn = conn
        self.import_id = import_id
        self.accepted = 0
        self.duplicates = 0
        self.report: dict[str, Any] = {}

    def _insert(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        for part in _chunks(rows):
            self._conn.execute(insert(table), list(part))


class PostingBatch(ImportBatch):
    kind = "postings"

    def add(self, rows: Sequence[Mapping[str, Any]], skill_rows: Sequence[Mapping[str, Any]]) -> None:
        self._insert(postings, [{**r, "import_id": self.import_id} for r in rows])
        self._insert(posting_skills, skill_rows)
        self.accepted += len(rows)
        self.duplicates += sum(1 for r in rows if r.get("duplicate_of"))


class CredentialBatch(ImportBatch):
    kind = "catalog"

    def add(self, items: Sequence[Credential]) -> None:
        self._insert(credentials, [{**_credential_row(c), "import_id": self.import_id} for c in items])
        self._insert(credential_skills, [
            {
                "credential_id": c.id, "skill_id": s.id, "label": s.label, "weight": s.weight, "source": s.source,
                "evidence": {"text": s.evidence, "start": s.evidence_start, "end": s.evidence_end},
            }
            for c in items
            for s in c.skills
        ])
        self.accepted += len(items)


B = TypeVar("B", bound=ImportBatch)


def now() -> datetime:
    return datetime.now(UTC)


#: The PostgreSQL advisory lock key of admin writes (rebuilds, imports): "skillmat" as a number.
ADMIN_LOCK_KEY = int.from_bytes(b"skillmat", "big") & 0x7FFF_FFFF_FFFF_FFFF


class DatabaseLock:
    """The database's admin lock while held; ``release`` gives it back (once)."""

    def __init__(self, conn: Connection | None) -> None:
        self._conn = conn

    def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADMIN_LOCK_KEY})
            conn.commit()
        finally:
            conn.close()  # a closed session gives back its advisory locks in any case


class Storage:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: SqlEngine = connect(url)
        migrate(self.engine)

    def ping(self) -> None:
        """Raises when the database cannot be reached."""
        with self.engine.connect() as conn:
            conn.execute(select(1)).scalar_one()

    # -- the admin lock -----------------------------------------------------------------
    def admin_lock(self) -> DatabaseLock | None:
        """Take the database's lock for admin writes, or None when another session holds it. On
        PostgreSQL a session advisory lock, so servers on several machines sharing the database
        exclude each other; SQLite lives on one machine, where the data directory's file lock does."""
        if self.engine.dialect.name != "postgresql":
            return DatabaseLock(None)
        conn = self.engine.connect()
        try:
            got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADMIN_LOCK_KEY}).scalar_one())
            conn.commit()  # the lock belongs to the session, not to this transaction
        except BaseException:
            conn.close()
            raise
        if not got:
            conn.close()
            return None
        return DatabaseLock(conn)

    def admin_lock_held(self) -> bool:
        """Whether another session holds the admin lock (PostgreSQL; False on SQLite)."""
        lock = self.admin_lock()
        if lock is None:
            return True
        lock.release()
        return False

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
        with self.posting_import(files) as batch:
            batch.add(rows, skill_rows)
            batch.report = dict(report)
        return batch.import_id

    def posting_import(self, files: Sequence[str]) -> AbstractContextManager[PostingBatch]:
        """One import written in parts, in one transaction: every part lands when the block
        ends, none if it raises. Memory holds one part at a time, however large the import."""
        return self._import(PostingBatch, files)

    @contextmanager
    def _import(self, batch_type: type[B], files: Sequence[str]) -> Iterator[B]:
        with self.engine.begin() as conn:
            batch = batch_type(conn, uuid.uuid4().hex)
            conn.execute(
                insert(imports).values(
                    id=batch.import_id, kind=batch.kind, files=list(files), accepted=0, duplicates=0,
                    status="landed", report={}, created_at=now(),
                )
            )
            yield batch
            conn.execute(
                update(imports).where(imports.c.id == batch.import_id).values(
                    accepted=batch.accepted, duplicates=batch.duplicates, report=batch.report
                )
            )

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

    # -- credentials --------------------------------------------------------------------
    # A credential is kept as its ``record`` (every field but its skills, as Credential.as_dict
    # gives them) plus one credential_skills row per skill; the other columns are what lists
    # filter on.
    def existing_credential_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(ids)
        found: set[str] = set()
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), _CHUNK):
                part = wanted[start : start + _CHUNK]
                found.update(conn.execute(select(credentials.c.id).where(credentials.c.id.in_(part))).scalars())
        return found

    def add_credentials(self, files: Sequence[str], items: Sequence[Credential], report: Mapping[str, Any]) -> str:
        """Store an import whole: its credentials, their skills and its history entry."""
        with self.catalog_import(files) as batch:
            batch.add(items)
            batch.report = dict(report)
        return batch.import_id

    def catalog_import(self, files: Sequence[str]) -> AbstractContextManager[CredentialBatch]:
        """One catalog import written in parts, in one transaction (see ``posting_import``)."""
        return self._import(CredentialBatch, files)

    def credential_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(credentials)).scalar_one())

    def role_skill_ids(self) -> list[str]:
        """Every skill some stored role profile holds."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(role_skills.c.skill_id).distinct()).scalars())

    def roles_stamp(self) -> str:
        """Changes whenever the stored role profiles do: their count and newest update."""
        with self.engine.connect() as conn:
            count, last = conn.execute(select(func.count(), func.max(roles.c.updated_at)).select_from(roles)).one()
        return f"{count}:{last or '-'}"

    def catalog_stamp(self) -> str:
        """Changes whenever the stored catalog does: the count and the newest landed catalog import."""
        with self.engine.connect() as conn:
            count = conn.execute(select(func.count()).select_from(credentials)).scalar_one()
            last = conn.execute(
                select(imports.c.id).where(imports.c.kind == "catalog", imports.c.status == "landed")
                .order_by(imports.c.created_at.desc()).limit(1)
            ).scalar()
        return f"{count}:{last or '-'}"

    def credential(self, credential_id: str) -> Credential | None:
        found = self._credentials(credentials.c.id == credential_id)
        return found[0] if found else None

    def all_credentials(self) -> list[Credential]:
        """Every stored credential with its skills, ordered by id."""
        return self._credentials(None)

    def list_credentials(
        self,
        *,
        query: str = "",
        provider: str = "",
        level: str | None = None,
        format: str | None = None,
        language: str = "",
        max_cost: float | None = None,
        free_only: bool = False,
        max_hours: float | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[int, list[Credential]]:
        """(how many credentials match, one page of them ordered by title then id).

        ``query`` is found in the title or provider name (ignoring case); ``provider`` and
        ``language`` must equal (ignoring case); ``max_cost`` and ``max_hours`` leave out
        credentials whose cost or hours are unknown (cost is compared in each credential's own
        currency); ``free_only`` keeps those with a cost of 0."""
        conditions: list[ColumnElement[bool]] = []
        if query.strip():
            pattern = f"%{query.strip().lower()}%"
            conditions.append(
                or_(func.lower(credentials.c.title).like(pattern), func.lower(credentials.c.provider).like(pattern))
            )
        if provider.strip():
            conditions.append(func.lower(credentials.c.provider) == provider.strip().lower())
        if level:
            conditions.append(credentials.c.level == level)
        if format:
            conditions.append(credentials.c.format == format)
        if language.strip():
            conditions.append(func.lower(credentials.c.language) == language.strip().lower())
        if max_cost is not None:
            conditions.append(credentials.c.cost <= max_cost)
        if free_only:
            conditions.append(credentials.c.cost == 0)
        if max_hours is not None:
            conditions.append(credentials.c.hours <= max_hours)
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(credentials).where(*conditions)).scalar_one()
            ids = list(
                conn.execute(
                    select(credentials.c.id).where(*conditions)
                    .order_by(func.lower(credentials.c.title), credentials.c.id).limit(limit).offset(offset)
                ).scalars()
            )
        by_id = {c.id: c for c in self._credentials(credentials.c.id.in_(ids))} if ids else {}
        return int(total), [by_id[i] for i in ids]

    def credential_names(self) -> list[tuple[str, str]]:
        """(id, title) of every stored credential."""
        with self.engine.connect() as conn:
            return [(r.id, r.title) for r in conn.execute(select(credentials.c.id, credentials.c.title))]

    def _credentials(self, condition: ColumnElement[bool] | None) -> list[Credential]:
        records = select(credentials.c.id, credentials.c.record).order_by(credentials.c.id)
        skills = select(credential_skills)
        if condition is not None:
            records = records.where(condition)
            skills = skills.where(
                credential_skills.c.credential_id.in_(select(credentials.c.id).where(condition).scalar_subquery())
            )
        taught: dict[str, list[TaughtSkill]] = {}
        with self.engine.connect() as conn:
            rows = conn.execute(records).all()
            for s in conn.execute(skills):
                evidence = s.evidence or {}
                taught.setdefault(s.credential_id, []).append(
                    TaughtSkill(
                        id=s.skill_id, label=s.label, weight=s.weight, source=s.source,
                        evidence=evidence.get("text", ""), evidence_start=evidence.get("start"),
                        evidence_end=evidence.get("end"),
                    )
                )
        return [
            replace(
                Credential.from_dict(row.record),
                skills=tuple(sorted(taught.get(row.id, ()), key=lambda t: (-t.weight, t.id))),
            )
            for row in rows
        ]


def _credential_row(credential: Credential) -> dict[str, Any]:
    record = credential.as_dict()
    del record["skills"]  # kept in credential_skills
    return {
        "id": credential.id, "title": credential.title, "provider": credential.provider, "cost": credential.cost,
        "currency": credential.currency, "hours": credential.hours, "level": credential.level,
        "format": credential.format, "language": credential.language, "record": record,
    }
