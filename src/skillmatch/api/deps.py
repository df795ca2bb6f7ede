"""What routes get from the application: the engine, the settings, the admin work lock."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

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
