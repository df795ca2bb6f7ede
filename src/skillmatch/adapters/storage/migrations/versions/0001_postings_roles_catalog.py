"""Postings, roles and their skill profiles, the credential catalog, and import history.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imports",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("files", sa.JSON, nullable=False),
        sa.Column("accepted", sa.Integer, nullable=False),
        sa.Column("duplicates", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("report", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "postings",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("organization", sa.Text, nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("date_posted", sa.Date, nullable=True),
        sa.Column("employment_type", sa.String(100), nullable=False),
        sa.Column("remote", sa.Boolean, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("occupational_category", sa.JSON, nullable=False),
        sa.Column("listed_skills", sa.JSON, nullable=False),
        sa.Column("preferred_skills", sa.JSON, nullable=False),
        sa.Column("role_hint", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("content_key", sa.String(64), nullable=False),
        sa.Column("duplicate_of", sa.String(200), nullable=True),
        sa.Column("role_id", sa.String(300), nullable=True),
        sa.Column("role_score", sa.Float, nullable=True),
        sa.Column("role_method", sa.String(20), nullable=False),
        sa.Column("import_id", sa.String(40), sa.ForeignKey("imports.id"), nullable=False),
    )
    op.create_index("ix_postings_content_key", "postings", ["content_key"])
    op.create_index("ix_postings_role", "postings", ["role_id"])
    op.create_table(
        "posting_skills",
        sa.Column("posting_id", sa.String(200), sa.ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("skill_id", sa.String(300), primary_key=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("requirement", sa.String(20), nullable=False),
        sa.Column("evidence", sa.JSON, nullable=False),
    )
    op.create_table(
        "roles",
        sa.Column("id", sa.String(300), primary_key=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("occupation_id", sa.String(300), nullable=True),
        sa.Column("postings", sa.Integer, nullable=False),
        sa.Column("prior_share", sa.Float, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "role_skills",
        sa.Column("role_id", sa.String(300), sa.ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("skill_id", sa.String(300), primary_key=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("weight", sa.Float, nullable=False),
        sa.Column("components", sa.JSON, nullable=False),
    )
    op.create_table(
        "credentials",
        sa.Column("id", sa.String(300), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("provider", sa.Text, nullable=False),
        sa.Column("cost", sa.Float, nullable=True),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("hours", sa.Float, nullable=True),
        sa.Column("level", sa.String(20), nullable=True),
        sa.Column("format", sa.String(30), nullable=True),
        sa.Column("language", sa.String(10), nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("import_id", sa.String(40), sa.ForeignKey("imports.id"), nullable=False),
    )
    op.create_table(
        "credential_skills",
        sa.Column(
            "credential_id", sa.String(300), sa.ForeignKey("credentials.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("skill_id", sa.String(300), primary_key=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("weight", sa.Float, nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("evidence", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    for table in ("credential_skills", "credentials", "role_skills", "roles", "posting_skills", "postings", "imports"):
        op.drop_table(table)
