"""What routes get from the application: the engine, the settings, the admin work lock."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response
from pydantic import BaseModel

from skillmatch.api.rebuild import AdminWork
from skillmatch.service import Engine
from skillmatch.settings import Settings


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _admin(request: Request) -> AdminWork:
    work: AdminWork = request.app.state.admin
    return work


EngineDep = Annotated[Engine, Depends(_engine)]
SettingsDep = Annotated[Settings, Depends(_settings)]
AdminDep = Annotated[AdminWork, Depends(_admin)]


def json_response(answer: BaseModel) -> Response:
    """``answer`` as JSON, serialised once by its model. The model is the route's
    ``response_model`` (the OpenAPI schema) and is already validated: returned as a response,
    it is neither validated again nor passed through another thread."""
    return Response(answer.model_dump_json(), media_type="application/json")
