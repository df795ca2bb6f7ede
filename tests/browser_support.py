"""Headless Chromium for the web page tests (marked ``browser``), and helpers to read the page.

They need Debian's ``chromium`` and ``chromedriver`` (``apt-get install -y chromium
chromium-driver``; ``.ci/run`` installs them when it can) and skip, saying so, without them.
Selenium is given the driver's path, so Selenium Manager never runs and nothing is downloaded.
Screenshots go under ``SKILLMATCH_TEST_OUTPUT`` (default ``var/test-output/`` in the repository).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import REPO

CHROMIUM = os.environ.get("SKILLMATCH_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = os.environ.get("SKILLMATCH_TEST_CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1280,1000",
)
WAIT = 15  # seconds for the page to show an answer


def browser_missing() -> str | None:
    missing = [name for name, path in (("chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER))
               if not (os.path.isfile(path) and os.access(path, os.X_OK))]
    if missing:
        return (f"the browser tests need {' and '.join(missing)}, not installed here "
                "(apt-get install -y chromium chromium-driver; .ci/run does this when it can)")
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the browser tests need selenium (pip install -e '.[dev]')"
    return None


def output_dir(name: str) -> Path:
    """The folder where a test module keeps what it saves (screenshots, downloads)."""
    root = Path(os.environ.get("SKILLMATCH_TEST_OUTPUT") or REPO / "var" / "test-output")
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def console_errors(driver: Any, base_url: str) -> list[str]:
    """Console errors since the last call, but the API's own 4xx answers, which tests ask for."""
    asked = re.compile(re.escape(f"{base_url}/v1/") + r"\S* - Failed to load resource: the server responded with a status of 4")
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE" and not asked.match(e["message"])]


def until(driver: Any, condition: Callable[[Any], Any], what: str) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT).until(condition, message=f"the page did not show {what}")


def by_css(driver: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(driver.find_elements(By.CSS_SELECTOR, selector))


def one(driver: Any, selector: str) -> Any:
    found = by_css(driver, selector)
    assert len(found) == 1, (selector, len(found))
    return found[0]
