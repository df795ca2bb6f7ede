"""One place that turns domain errors into HTTP answers with the documented error body."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from skillmatch.errors import (
    ArtifactsMissing,
    DataFormatError,
    InvalidRequest,
    NotFound,
    SkillmatchError,
)


class ErrorDetail(BaseModel):
    field: str | None = None
    reason: str
    line: int | None = None
    source: str | None = None


class ErrorInfo(BaseModel):
    code: str
    message: str
    details: list[ErrorDetail] = []


class ErrorBody(BaseModel):
    error: ErrorInfo


def _answer(
    status: int, code: str, message: str, details: list[dict[str, Any]] | None = None
) -> JSONResponse:
    body = ErrorBody(
        error=ErrorInfo(code=code, message=message, details=[ErrorDetail(**d) for d in details or []])
    )
    return JSONResponse(status_code=status, content=body.model_dump())


def _status(exc: SkillmatchError) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, (DataFormatError, InvalidRequest)):
        return 422
    if isinstance(exc, ArtifactsMissing):
        return 503
    return 500


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SkillmatchError)
    async def domain_error(request: Request, exc: SkillmatchError) -> JSONResponse:
        details: list[dict[str, Any]] = []
        if isinstance(exc, DataFormatError):
            details = [
                {"field": p.field, "reason": p.reason, "line": p.line, "source": p.source}
                for p in exc.problems
            ]
        elif isinstance(exc, InvalidRequest):
            details = [{"field": exc.field, "reason": str(exc)}]
        elif isinstance(exc, NotFound) and exc.suggestions:
            details = [{"field": None, "reason": f"did you mean: {s}"} for s in exc.suggestions]
        return _answer(_status(exc), exc.code, str(exc), details)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {
                "field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"),
                "reason": e.get("msg", "invalid"),
            }
            for e in exc.errors()
        ]
        return _answer(422, "invalid_request", "the request does not match the schema", details)
