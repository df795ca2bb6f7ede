from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from skillmatch.service import Engine
from skillmatch.settings import Settings
from tests.fakes import FakeEncoder

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"


def shared(*parts: str) -> Path:
    """A path under ../shared/data, or a skip when that data is not on this machine."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs the shared data at {path}, which is not on this machine")
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "var", cache_dir=tmp_path / "cache", _env_file=None)


@pytest.fixture
def engine(settings: Settings) -> Engine:
    return Engine(settings, encoder=FakeEncoder())


@pytest.fixture
def esco_mini(tmp_path: Path) -> Path:
    """A writable copy of the toy ESCO export."""
    target = tmp_path / "esco_mini"
    shutil.copytree(DATA / "esco_mini", target)
    return target


@pytest.fixture(scope="session")
def real_cache_dir() -> Path:
    """The user's embedding cache, shared with `skillmatch setup`, so real-model tests reuse it."""
    return Settings(_env_file=None).cache_dir


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    # Tests never pick up a fine-tuned encoder a developer trained into models/.
    os.environ["SKILLMATCH_MODELS_DIR"] = str(Path(tempfile.gettempdir()) / "skillmatch-tests-without-models")
