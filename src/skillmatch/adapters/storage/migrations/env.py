"""Alembic environment: runs on the connection skillmatch hands over (see db.migrate)."""

from __future__ import annotations

from alembic import context

from skillmatch.adapters.storage.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when alembic is run by hand without skillmatch
    raise RuntimeError("run migrations through skillmatch (skillmatch.adapters.storage.db.migrate)")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
