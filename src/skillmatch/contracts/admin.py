"""The service's readiness, import reports and rebuild jobs."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ReadyOut(BaseModel):
    status: Literal["ready"]
    artifacts_version: str
    model: str
    taxonomy: str
    taxonomy_version: str
    checks: dict[str, str]


class InheritedProviderOut(BaseModel):
    """A course that names no owner, given the provider of the credential it is part of."""

    credential_id: str
    source: str = Field(description="Where the course is: file and line or index.")
    provider: str
    from_credential_id: str = Field(description="The credential of the same import the course is part of.")


class ImportReportOut(BaseModel):
    """The import report (see the README's catalog and postings sections); every field is kept."""

    model_config = ConfigDict(extra="allow")

    accepted: int
    import_id: str
    files: list[str]
    inherited_providers: list[InheritedProviderOut] = Field(
        default_factory=list, description="Catalog imports: courses that took the provider of the credential they are "
        "part of, naming no owner of their own.")


class RebuildJobOut(BaseModel):
    id: str
    status: Literal["running", "succeeded", "failed"]
    started_at: str
    finished_at: str | None = None
    seconds: float | None = None
    result: dict[str, Any] | None = None
    error: str | None = None
