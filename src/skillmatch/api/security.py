"""API keys for the team and admin endpoints, and request body size limits.

**Keys.** ``SKILLMATCH_API_KEYS`` holds the accepted keys (comma-separated or a JSON list). A
request to a team or admin endpoint sends one in the ``X-API-Key`` header; it is compared with
every configured key by :func:`hmac.compare_digest`. No header: 401. A key that is not
configured: 403. No keys configured at all: those endpoints are closed (401, with a message
saying how to set one), so a fresh install never exposes stored teams or imports.

**Size limits.** :class:`BodyLimit` reads a request's body before the application sees it and
answers 413 with the documented error body as soon as it is over the limit for its path
(uploads and batches have their own, larger limits); a declared ``Content-Length`` over the
limit is refused without buffering. Nothing of a body is ever logged.
"""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from typing import Annotated

from fastapi import Request, Security
from fastapi.security import APIKeyHeader
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from skillmatch.api.errors import ApiError, send_error
from skillmatch.settings import Settings

API_KEY_HEADER = "X-API-Key"
_api_key = APIKeyHeader(
    name=API_KEY_HEADER, auto_error=False, scheme_name="ApiKey",
    description="One of the keys set in SKILLMATCH_API_KEYS on the server.",
)


async def require_api_key(request: Request, key: Annotated[str | None, Security(_api_key)]) -> None:
    settings: Settings = request.app.state.settings
    keys = [k.get_secret_value() for k in settings.api_keys if k.get_secret_value()]
    if not keys:
        raise ApiError(
            401, "api_keys_not_configured",
            "team and admin endpoints are closed because the server has no API keys: start it with "
            "SKILLMATCH_API_KEYS set (e.g. SKILLMATCH_API_KEYS=$(openssl rand -hex 24)) and send the key "
            f"in the {API_KEY_HEADER} header",
        )
    if not key:
        raise ApiError(401, "api_key_missing", f"this endpoint needs an API key in the {API_KEY_HEADER} header")
    given = key.encode()
    matched = False
    for candidate in keys:  # compare with every key, so the time taken says nothing about which
        matched |= hmac.compare_digest(given, candidate.encode())
    if not matched:
        raise ApiError(403, "api_key_invalid", f"the {API_KEY_HEADER} header holds a key this server does not accept")


class BodyLimit:
    """ASGI middleware: refuse bodies over ``default`` bytes (or the limit of the longest
    matching path prefix in ``limits``) with 413 before the application parses anything."""

    def __init__(self, app: ASGIApp, *, default: int, limits: Sequence[tuple[str, int]] = ()) -> None:
        self.app = app
        self.default = default
        self.limits = sorted(limits, key=lambda item: -len(item[0]))

    def limit_for(self, path: str) -> int:
        return next((limit for prefix, limit in self.limits if path.startswith(prefix)), self.default)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in {"POST", "PUT", "PATCH"}:
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:  # answered before a byte of it is read
            await _too_large(send, limit, declared)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                await self.app(scope, _replay([message], receive), send)
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            more = bool(message.get("more_body", False))
            if size > limit:  # read no further than the chunk that went over; the connection closes
                await _too_large(send, limit, None)
                return
            chunks.append(chunk)
        request = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        await self.app(scope, _replay([request], receive), send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


async def _too_large(send: Send, limit: int, declared: int | None) -> None:
    size = f" ({declared:,} bytes)" if declared is not None else ""
    await send_error(send, 413, "too_large",
                     f"the request body{size} is over the limit of {limit:,} bytes for this endpoint",
                     f"at most {limit:,} bytes", [(b"connection", b"close")])
