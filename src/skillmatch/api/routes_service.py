"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from skillmatch.api.deps import EngineDep
from skillmatch.api.errors import ApiError, responses
from skillmatch.contracts.admin import ReadyOut

router = APIRouter(tags=["service"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up (no check of the data)."""
    return {"status": "ok"}


@router.get("/readyz", response_model=ReadyOut, responses=responses(503))
def readyz(engine: EngineDep) -> ReadyOut:
    """The taxonomy and the skill index are loaded and the database answers; 503 otherwise."""
    checks: dict[str, str] = {}
    problems: list[dict[str, Any]] = []
    codes: list[str] = []
    facts: dict[str, str] = {}
    try:
        taxonomy = engine.taxonomy()
        facts.update(taxonomy=taxonomy.name, taxonomy_version=taxonomy.version)
        checks["taxonomy"] = "ok"
    except Exception as exc:
        problems.append({"field": "taxonomy", "reason": str(exc)})
        codes.append(getattr(exc, "code", "not_ready"))
    try:
        loaded = engine.skill_index()
        facts.update(artifacts_version=loaded.version, model=str(loaded.manifest["model"]))
        checks["index"] = "ok"
    except Exception as exc:
        problems.append({"field": "index", "reason": str(exc)})
        codes.append(getattr(exc, "code", "not_ready"))
    try:
        engine.ping()
        checks["database"] = "ok"
    except Exception as exc:
        problems.append({"field": "database", "reason": f"the database cannot be reached: {type(exc).__name__}"})
        codes.append("database_unavailable")
    if problems:
        what = ", ".join(p["field"] for p in problems)
        raise ApiError(503, codes[0], f"not ready ({what}): {problems[0]['reason']}", problems)
    return ReadyOut(status="ready", checks=checks, **facts)
