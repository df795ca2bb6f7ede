"""One place that turns errors into HTTP answers with the documented error body.

Every 4xx and 5xx answer of the API has the same body::

    {"error": {"code": "invalid_request", "message": "...",
               "details": [{"field": "constraints.formats", "reason": "...", "source": null,
                            "line": null, "index": null, "suggestion": null}]}}

Status codes, by error:

=====  ===============================================================================
400    a body that cannot be read (malformed multipart, ...)
401    no API key, or none configured on the server (team and admin endpoints)
403    an API key that is not one of the configured keys
404    an unknown role, credential, team or path (``details`` suggest close matches)
409    an id that is already stored (import, team), or a rebuild already running
413    a body or upload over the size limit, or a batch with too many items
422    a body that does not match the schema (invalid JSON too), a value outside what is
       accepted, or an import with bad records (every problem named by file, line or
       index and field)
500    a rebuild that failed (the old index keeps serving), or a bug
503    no taxonomy or skill index yet, or the database cannot be reached
=====  ===============================================================================
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Send

from skillmatch.contracts.base import ErrorDetail, ErrorInfo, field_path
from skillmatch.errors import (
    ArtifactsMissing,
    Conflict,
    DataFormatError,
    IntegrityError,
    InvalidRequest,
    NotFound,
    SkillmatchError,
)

log = logging.getLogger("skillmatch.api")


class ErrorBody(BaseModel):
    error: ErrorInfo

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "error": {
                        "code": "invalid_request",
                        "message": "unknown format 'carrier pigeon'; accepted: online_self_paced, online_live, "
                        "in_person, hybrid, online",
                        "details": [{"field": "constraints.formats", "reason": "unknown format 'carrier pigeon'; "
                                     "accepted: online_self_paced, online_live, in_person, hybrid, online"}],
                    }
                }
            ]
        }
    }


class ApiError(Exception):
    """An answer the HTTP surface itself decides on (auth, size limits), not the domain."""

    def __init__(self, status: int, code: str, message: str, details: Sequence[Mapping[str, Any]] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = [dict(d) for d in details]


_DESCRIPTIONS = {
    400: "The body cannot be read.",
    401: "No API key (X-API-Key), or none configured on the server.",
    403: "The API key is not one of the configured keys.",
    404: "Not found; `details` suggests close matches where there are some.",
    409: "An id that is already stored, or a rebuild already running.",
    413: "The body or upload is over the size limit, or a batch has too many items.",
    422: "The body does not match the schema, or a value is outside what is accepted; `details` names each field.",
    500: "The rebuild failed (the old index keeps serving), or an unexpected error.",
    503: "No taxonomy or skill index yet (run `skillmatch setup`), the database cannot be reached, or the request "
         "took longer than the server's time limit (`timeout`).",
}


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` documenting the error body for ``codes``."""
    return {code: {"model": ErrorBody, "description": _DESCRIPTIONS[code]} for code in codes}


def body(code: str, message: str, details: Iterable[Mapping[str, Any]] = ()) -> dict[str, Any]:
    return ErrorBody(error=ErrorInfo(code=code, message=message,
                                     details=[ErrorDetail(**d) for d in details])).model_dump()


def answer(status: int, code: str, message: str, details: Iterable[Mapping[str, Any]] = ()) -> JSONResponse:
    return JSONResponse(status_code=status, content=body(code, message, details))


async def send_error(send: Send, status: int, code: str, message: str, reason: str,
                     headers: Iterable[tuple[bytes, bytes]] = ()) -> None:
    """The error body, sent straight from an ASGI middleware (before any route runs)."""
    payload = json.dumps(body(code, message, [{"field": None, "reason": reason}])).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()), *headers,
    ]})
    await send({"type": "http.response.body", "body": payload})


def domain_status(exc: SkillmatchError) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, Conflict):  # before DataFormatError: an import whose ids are taken is both
        return 409
    if isinstance(exc, DataFormatError | InvalidRequest):
        return 422
    if isinstance(exc, ArtifactsMissing | IntegrityError):
        return 503
    return 500


def domain_details(exc: SkillmatchError) -> list[dict[str, Any]]:
    if isinstance(exc, DataFormatError):
        return [p.as_dict() for p in exc.problems]
    if isinstance(exc, InvalidRequest):
        return [{"field": exc.field, "reason": str(exc)}]
    if isinstance(exc, NotFound):
        return [{"reason": f"did you mean {s!r}?", "suggestion": s} for s in exc.suggestions]
    return []


def domain_message(exc: SkillmatchError) -> str:
    if isinstance(exc, DataFormatError) and len(exc.problems) > 1:
        return str(exc).split("\n", 1)[0].rstrip(":") + "; every problem is in details"
    return str(exc)


def validation_details(errors: Iterable[Mapping[str, Any]], prefix: str = "") -> list[dict[str, Any]]:
    details = []
    for e in errors:
        path = field_path(e.get("loc", ()))
        if prefix:
            path = f"{prefix}.{path}" if path and not path.startswith("[") else f"{prefix}{path}"
        reason = str(e.get("msg", "invalid"))
        if e.get("type") == "json_invalid":
            reason = f"the body is not valid JSON: {(e.get('ctx') or {}).get('error', 'cannot be parsed')}"
            path = ""
        details.append({"field": path or None, "reason": reason})
    return details


def _methods_of(request: Request) -> list[str]:
    """The methods the API documents at the request's path (its OpenAPI paths, cached by FastAPI)."""
    paths = request.app.openapi().get("paths", {})
    if request.url.path in paths:  # "/v1/teams/gap" is its own path, whatever "/v1/teams/{team_id}" is
        return sorted(m.upper() for m in paths[request.url.path] if m in {"get", "post", "put", "delete", "patch"})
    methods: set[str] = set()
    for template, operations in paths.items():
        pattern = re.sub(r"\\{[^}:]+:path\\}", ".+", re.escape(template))
        pattern = re.sub(r"\\{[^}]+\\}", "[^/]+", pattern)
        if re.fullmatch(pattern, request.url.path):
            methods.update(m.upper() for m in operations if m in {"get", "post", "put", "delete", "patch"})
    return sorted(methods)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SkillmatchError)
    async def domain_error(request: Request, exc: SkillmatchError) -> JSONResponse:
        return answer(domain_status(exc), exc.code, domain_message(exc), domain_details(exc))

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return answer(exc.status, exc.code, exc.message, exc.details)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = validation_details(exc.errors())
        invalid_json = any(e.get("type") == "json_invalid" for e in exc.errors())
        if invalid_json:
            return answer(422, "invalid_json", details[0]["reason"], details)
        first = details[0] if details else {"field": None, "reason": "invalid"}
        where = f"{first['field']}: " if first["field"] else ""
        return answer(422, "invalid_request", f"the request does not match the schema ({where}{first['reason']})",
                      details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large"}
        message = exc.detail if isinstance(exc.detail, str) else "the request cannot be answered"
        if exc.status_code == 400 and not request.url.path.startswith("/v1/imports/"):
            # a JSON body that cannot be decoded at all (not UTF-8, say) is invalid JSON like any other
            return answer(422, "invalid_json", f"the body cannot be read as JSON: {message}",
                          [{"field": None, "reason": "not readable as JSON"}])
        if exc.status_code == 404 and message == "Not Found":
            message = f"no endpoint at {request.url.path}; the API is described at /docs"
        response = answer(exc.status_code, codes.get(exc.status_code, "http_error"), message)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        if exc.status_code == 405 and (methods := _methods_of(request)):  # all the path has, not one route's
            response.headers["Allow"] = ", ".join(methods)
        return response

    from sqlalchemy.exc import OperationalError

    @app.exception_handler(OperationalError)
    async def database_down(request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database error: %s", exc.orig)
        return answer(503, "database_unavailable", "the database cannot be reached; try again shortly")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The traceback goes to the server log; bodies (profile text) are never logged.
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return answer(500, "internal_error", "an unexpected error; the server log has the details")
