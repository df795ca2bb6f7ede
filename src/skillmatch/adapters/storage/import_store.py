"""Import history and imports written in parts: an import is one ``imports`` row and, while it
lands, one open transaction (``ImportBatch``: postings or credentials added part by part, so
memory holds one part at a time); a rejected import is recorded with its report and nothing else.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, insert, select, update
from sqlalchemy import Engine as SqlEngine

from skillmatch.adapters.storage.tables import credential_skills, credentials, imports, posting_skills, postings
from skillmatch.core.catalog import Credential

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


def _credential_row(credential: Credential) -> dict[str, Any]:
    record = credential.as_dict()
    del record["skills"]  # kept in credential_skills
    return {
        "id": credential.id, "title": credential.title, "provider": credential.provider, "cost": credential.cost,
        "currency": credential.currency, "hours": credential.hours, "level": credential.level,
        "format": credential.format, "language": credential.language, "record": record,
    }


class ImportStore:
    """The part of :class:`~skillmatch.adapters.storage.repository.Storage` that keeps the import
    history and opens the transaction of an import written in parts."""

    engine: SqlEngine

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
