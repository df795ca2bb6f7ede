"""Every request answers in bounded time: past the limit, a 503 ``timeout`` error.

The work of a request runs in a worker thread, which cannot be stopped from outside; when the
limit passes before the answer has started, the client gets the 503 at once and what the thread
answers later is dropped. Imports are exempt: they write in one transaction and report what
landed, so they answer when they are done (their size is bounded by the upload limit).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from skillmatch.api.errors import send_error


class TimeLimit:
    """ASGI middleware: a 503 ``timeout`` answer when a request takes longer than ``seconds``
    (0: no limit) to start its answer; paths starting with one of ``exempt`` have no limit."""

    def __init__(self, app: ASGIApp, *, seconds: float, exempt: Sequence[str] = ()) -> None:
        self.app = app
        self.seconds = seconds
        self.exempt = tuple(exempt)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.seconds <= 0 or scope["path"].startswith(self.exempt):
            await self.app(scope, receive, send)
            return
        started = False
        late = False

        async def guarded(message: Message) -> None:
            nonlocal started
            if late:
                return  # the client has had its 503
            started = started or message["type"] == "http.response.start"
            await send(message)

        work = asyncio.ensure_future(self.app(scope, receive, guarded))
        done, _ = await asyncio.wait({work}, timeout=self.seconds)
        if work in done or started:
            await work  # finished, or already answering: let it end
            return
        late = True
        work.add_done_callback(_forget)
        await _timeout(send, self.seconds)


def _forget(task: asyncio.Future[None]) -> None:
    if not task.cancelled():
        task.exception()  # retrieved, so it is not reported as never retrieved


async def _timeout(send: Send, seconds: float) -> None:
    await send_error(send, 503, "timeout", f"the request took longer than {seconds:g} s; try again, or with less input",
                     f"answers within {seconds:g} s", [(b"retry-after", b"5")])
