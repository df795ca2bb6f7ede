"""Relational storage: SQLite by default, PostgreSQL by URL, schema managed by Alembic."""
