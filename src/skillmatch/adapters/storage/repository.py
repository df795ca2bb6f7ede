"""Reading and writing postings, roles, the credential catalog and import history. Each write is
one transaction.

:class:`Storage` opens the database, brings its schema up to date and holds the admin lock; the
reading and writing is put together from one part per feature: import history and imports
written in parts (:mod:`.import_store`), postings (:mod:`.posting_store`), roles
(:mod:`.role_store`) and the credential catalog (:mod:`.credential_store`).
"""

from __future__ import annotations

from sqlalchemy import Connection, select, text
from sqlalchemy import Engine as SqlEngine

from skillmatch.adapters.storage.credential_store import CredentialStore
from skillmatch.adapters.storage.db import connect, migrate
from skillmatch.adapters.storage.import_store import B, CredentialBatch, ImportBatch, PostingBatch, now
from skillmatch.adapters.storage.posting_store import PostingStore
from skillmatch.adapters.storage.role_store import RoleStore

__all__ = [
    "ADMIN_LOCK_KEY",
    "B",
    "CredentialBatch",
    "DatabaseLock",
    "ImportBatch",
    "PostingBatch",
    "Storage",
    "now",
]


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


class Storage(PostingStore, RoleStore, CredentialStore):
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
