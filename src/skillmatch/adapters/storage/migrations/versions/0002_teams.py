"""Stored teams and their members (skills and held credentials; never profile text).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("target", sa.JSON, nullable=False),
        sa.Column("constraints", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "team_members",
        sa.Column("team_id", sa.String(100), sa.ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("member_id", sa.String(200), nullable=False),
        sa.Column("role", sa.Text, nullable=True),
        sa.Column("skills", sa.JSON, nullable=False),
        sa.Column("held_credentials", sa.JSON, nullable=False),
    )
    op.create_index("ix_team_members_member", "team_members", ["team_id", "member_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_team_members_member", table_name="team_members")
    op.drop_table("team_members")
    op.drop_table("teams")
