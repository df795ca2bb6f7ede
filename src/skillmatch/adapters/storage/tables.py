"""The database schema (SQLAlchemy Core). Migrations under ``migrations/`` create and change it."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

imports = Table(
    "imports",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("kind", String(20), nullable=False),  # postings | catalog
    Column("files", JSON, nullable=False),
    Column("accepted", Integer, nullable=False),
    Column("duplicates", Integer, nullable=False, default=0),
    Column("status", String(20), nullable=False),  # landed | rejected
    Column("report", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

postings = Table(
    "postings",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("title", Text, nullable=False),
    Column("organization", Text, nullable=False, default=""),
    Column("location", Text, nullable=False, default=""),
    Column("date_posted", Date, nullable=True),
    Column("employment_type", String(100), nullable=False, default=""),
    Column("remote", Boolean, nullable=False, default=False),
    Column("description", Text, nullable=False),
    Column("occupational_category", JSON, nullable=False),
    Column("listed_skills", JSON, nullable=False),
    Column("preferred_skills", JSON, nullable=False),
    Column("role_hint", Text, nullable=False, default=""),
    Column("source", Text, nullable=False, default=""),
    Column("content_key", String(64), nullable=False),
    Column("duplicate_of", String(200), nullable=True),
    Column("role_id", String(300), nullable=True),
    Column("role_score", Float, nullable=True),
    Column("role_method", String(20), nullable=False, default="unmatched"),
    Column("import_id", String(40), ForeignKey("imports.id"), nullable=False),
    Index("ix_postings_content_key", "content_key"),
    Index("ix_postings_role", "role_id"),
)

posting_skills = Table(
    "posting_skills",
    metadata,
    Column("posting_id", String(200), ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", String(300), primary_key=True),
    Column("label", Text, nullable=False),
    Column("score", Float, nullable=False),
    Column("requirement", String(20), nullable=False),  # required | preferred | mentioned
    Column("evidence", JSON, nullable=False),
)

roles = Table(
    "roles",
    metadata,
    Column("id", String(300), primary_key=True),
    Column("label", Text, nullable=False),
    Column("kind", String(20), nullable=False),  # occupation | named
    Column("occupation_id", String(300), nullable=True),
    Column("postings", Integer, nullable=False, default=0),
    Column("prior_share", Float, nullable=False, default=1.0),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

role_skills = Table(
    "role_skills",
    metadata,
    Column("role_id", String(300), ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", String(300), primary_key=True),
    Column("label", Text, nullable=False),
    Column("weight", Float, nullable=False),
    Column("components", JSON, nullable=False),
)

credentials = Table(
    "credentials",
    metadata,
    Column("id", String(300), primary_key=True),
    Column("title", Text, nullable=False),
    Column("provider", Text, nullable=False),
    Column("cost", Float, nullable=True),
    Column("currency", String(3), nullable=False, default="EUR"),
    Column("hours", Float, nullable=True),
    Column("level", String(20), nullable=True),
    Column("format", String(30), nullable=True),
    Column("language", String(10), nullable=False, default="en"),
    Column("record", JSON, nullable=False),  # every field of the credential
    Column("import_id", String(40), ForeignKey("imports.id"), nullable=False),
)

credential_skills = Table(
    "credential_skills",
    metadata,
    Column("credential_id", String(300), ForeignKey("credentials.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", String(300), primary_key=True),
    Column("label", Text, nullable=False),
    Column("weight", Float, nullable=False),
    Column("source", String(20), nullable=False),  # declared | inferred
    Column("evidence", JSON, nullable=False),
)

# Teams are stored only when a caller asks (POST /v1/teams). A member's profile text is never
# stored: it is read into skills when the team is saved, and only the skills are kept.
teams = Table(
    "teams",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("name", Text, nullable=False),
    Column("target", JSON, nullable=False),  # a role, or [{"role", "headcount"}]
    Column("constraints", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

team_members = Table(
    "team_members",
    metadata,
    Column("team_id", String(100), ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("member_id", String(200), nullable=False),
    Column("role", Text, nullable=True),
    Column("skills", JSON, nullable=False),  # [{"id", "label", "proficiency", "source"}]
    Column("held_credentials", JSON, nullable=False),
    Index("ix_team_members_member", "team_id", "member_id", unique=True),
)
