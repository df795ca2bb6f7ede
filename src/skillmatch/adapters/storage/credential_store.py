"""The stored credential catalog: its imports, counts and stamp, one credential or all of them
with their skills, and pages of credentials filtered the way the catalog lists are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select

from skillmatch.adapters.storage.import_store import _CHUNK, CredentialBatch, ImportStore
from skillmatch.adapters.storage.tables import credential_skills, credentials, imports
from skillmatch.core.catalog import Credential, TaughtSkill


class CredentialStore(ImportStore):
    """The part of :class:`~skillmatch.adapters.storage.repository.Storage` that reads and writes
    the credential catalog. A credential is kept as its ``record`` (every field but its skills,
    as Credential.as_dict gives them) plus one credential_skills row per skill; the other columns
    are what lists filter on."""

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
