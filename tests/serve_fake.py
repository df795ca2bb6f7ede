"""An application factory for uvicorn worker processes in tests: the ready data directory named by
``SKILLMATCH_TEST_ROOT``, with the fake encoder (no model to load)."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI

from skillmatch.api.app import create_app
from skillmatch.service import Engine
from tests.api_support import base_settings
from tests.fakes import FakeEncoder


def create() -> FastAPI:
    root = Path(os.environ["SKILLMATCH_TEST_ROOT"])
    return create_app(engine=Engine(base_settings(root, warm_up=True), encoder=FakeEncoder()))
