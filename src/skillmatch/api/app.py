"""The FastAPI application factory: ``create_app(settings)``.

Routes live in ``routes_*.py`` and stay thin (validate, call the :class:`Engine`, shape the
answer); request and response bodies in ``schemas.py``; errors become HTTP answers in
``errors.py``; API keys and body size limits in ``security.py``; rebuilds in ``rebuild.py``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from skillmatch import __version__
from skillmatch.api import routes_admin, routes_advice, routes_catalog, routes_service, routes_skills, routes_teams, routes_web
from skillmatch.api.errors import install_error_handlers
from skillmatch.api.rebuild import AdminWork
from skillmatch.api.security import API_KEY_HEADER, BodyLimit
from skillmatch.api.time_limit import TimeLimit
from skillmatch.service import Engine
from skillmatch.settings import Settings

log = logging.getLogger("skillmatch.api")

DESCRIPTION = f"""
Skills-gap analysis and micro-credential recommendations over ESCO skills.

* **Learners and advisors**: `POST /v1/recommendations` (one learner), `POST /v1/recommendations/batch`
  (many), `POST /v1/gap` (the gap alone). No key needed.
* **Teams** (`/v1/teams...`) and **admin** (`/v1/imports/...`, `/v1/admin/...`) need an API key in the
  `{API_KEY_HEADER}` header: one of the keys in `SKILLMATCH_API_KEYS` on the server. Without any
  configured key these endpoints answer 401.
* Every skill in an answer has its taxonomy `id` and its `label`.
* Every error answers `{{"error": {{"code", "message", "details": [{{"field", "reason", ...}}]}}}}` with
  a 4xx status (5xx only when the data is not set up or the database is down).
"""

TAGS = [
    {"name": "recommendations", "description": "A learner's gap and the credentials that close it."},
    {"name": "teams", "description": "A team's gap and training plan; stored teams. API key needed."},
    {"name": "skills", "description": "Skill search and extraction."},
    {"name": "roles", "description": "Target roles and their weighted skill profiles."},
    {"name": "credentials", "description": "The micro-credential catalog."},
    {"name": "admin", "description": "Imports and rebuilds. API key needed."},
    {"name": "service", "description": "Liveness and readiness."},
]


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    if settings is None:
        settings = engine.settings if engine is not None else Settings()
    engine = engine or Engine(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.warm_up:
            await anyio.to_thread.run_sync(engine.warm_up)
        yield

    app = FastAPI(title="skillmatch", version=__version__, description=DESCRIPTION, openapi_tags=TAGS,
                  lifespan=lifespan)
    app.state.engine = engine
    app.state.settings = settings
    app.state.admin = AdminWork(engine, settings.data_dir / "rebuild-job.json")
    install_error_handlers(app)
    for module in (routes_advice, routes_teams, routes_skills, routes_catalog, routes_admin, routes_service, routes_web):
        app.include_router(module.router)
    app.add_middleware(TimeLimit, seconds=settings.request_timeout, exempt=["/v1/imports/"])
    app.add_middleware(
        BodyLimit, default=settings.max_body_bytes,
        limits=[("/v1/imports/", settings.max_upload_bytes),
                ("/v1/recommendations/batch", settings.max_batch_body_bytes)],
    )
    if settings.cors_origins:  # outermost, so refusals (413, 401) carry CORS headers too
        app.add_middleware(
            CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST", "PUT", "DELETE"],
            allow_headers=["Content-Type", API_KEY_HEADER], max_age=600,
        )
    return app
