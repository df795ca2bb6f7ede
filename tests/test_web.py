"""The learner's web page at ``GET /``: served with its assets (in process), and used in headless
Chromium against a live uvicorn server on the toy data (marked ``browser``; see
``tests/browser_support.py`` for what they need)."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from skillmatch.api.app import create_app
from skillmatch.api.routes_web import ASSETS, PAGES, STATIC
from skillmatch.core.catalog import LEVELS
from skillmatch.core.constraints import ACCEPTED_FORMATS
from skillmatch.service import Engine
from tests.api_support import LiveServer, copy_ready, error_of
from tests.browser_support import by_css, console_errors, one, output_dir, until
from tests.conftest import REPO

pytest_plugins = ["tests.api_fixtures", "tests.browser_fixtures"]  # ready_template, ready_engine; browser

# --- served, in process ---------------------------------------------------------------------------


@pytest.fixture
def client(ready_engine: Engine) -> TestClient:
    return TestClient(create_app(engine=ready_engine))


def test_the_page_and_its_assets_are_served_under_a_policy_that_allows_only_this_server(client: TestClient) -> None:
    for path in ("/", "/teams"):
        page = client.get(path)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        policy = page.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "connect-src 'self'" in policy and "script-src 'self'" in policy
        assert "not stored" in page.text or "never stored" in page.text
    for name, media_type in ASSETS.items():
        asset = client.get(f"/static/{name}")
        assert asset.status_code == 200 and asset.headers["content-type"] == media_type, name
    assert error_of(client.get("/static/routes_web.py"), 404)["code"] == "not_found"
    assert error_of(client.get("/static/../app.py"), 404)["code"] == "not_found"
    assert "/" not in client.get("/openapi.json").json()["paths"]  # the page is not part of the API


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.options: dict[str, list[str]] = {}
        self.labelled: set[str] = set()
        self.controls: list[str] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.links += [v for k, v in attrs if k in {"src", "href"} and v]
        if tag == "select":
            self._select = a.get("id")
            self.options[str(self._select)] = []
        if tag == "option" and self._select:
            self.options[self._select].append(a.get("value") or "")
        if tag == "label" and a.get("for"):
            self.labelled.add(str(a["for"]))
        if tag in {"input", "select", "textarea"}:
            self.controls.append(str(a.get("id")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def test_the_page_offers_what_the_api_accepts_labels_every_control_and_loads_nothing_from_elsewhere() -> None:
    for name in PAGES:
        page = _Page()
        page.feed((STATIC / name).read_text(encoding="utf-8"))
        assert set(page.options["format"]) - {""} == set(ACCEPTED_FORMATS), name
        assert set(page.options["level"]) - {""} == set(LEVELS), name
        assert page.controls and set(page.controls) <= page.labelled, (name, set(page.controls) - page.labelled)
        assert all(link.startswith(("/", "#")) for link in page.links), page.links
    script = "".join((STATIC / n).read_text(encoding="utf-8") for n in ASSETS if n.endswith(".js"))
    style = (STATIC / "app.css").read_text(encoding="utf-8")
    assert not re.search(r"https?://", script + style) and "@import" not in style and "url(" not in style
    assert not re.search(r"\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write", script)  # textContent only
    package_data = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "static/*" in package_data["skillmatch.api"]
    assert {p.name for p in STATIC.iterdir()} == {*PAGES, *ASSETS}


# --- in a real browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live(browser: Any, ready_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with LiveServer(copy_ready(ready_template, tmp_path_factory.mktemp("web"), warm_up=True)) as server:
        yield server


@pytest.fixture
def page(browser: Any, live: LiveServer) -> Iterator[Any]:
    """The page, freshly loaded; afterwards, the console holds no error (a blocked load, a script error)
    but the API's own 4xx answers, which the tests ask for."""
    browser.get(f"{live.url}/")
    browser.get_log("browser")  # start with an empty console
    yield browser
    errors = console_errors(browser, live.url)
    assert not errors, errors


def _answer_shown(driver: Any) -> Any:
    return until(driver, lambda d: by_css(d, "#results:not([hidden]) #coverage-after"), "the answer")


def _api(live: LiveServer, request: dict[str, Any]) -> dict[str, Any]:
    with live.client() as client:
        answer = client.post("/v1/recommendations", json=request)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


@pytest.mark.browser
def test_the_page_shows_the_pathway_with_reasons_and_the_coverage_the_api_answers(page: Any, live: LiveServer) -> None:
    from selenium.webdriver.common.keys import Keys

    one(page, "#target_role").send_keys("data analyst")
    one(page, "#skill-entry").send_keys("SQL, juggling", Keys.ENTER)
    assert [c.get_attribute("data-skill") for c in by_css(page, "#skill-chips li")] == ["SQL", "juggling"]
    one(page, "#max_cost").send_keys("600")
    one(page, "#submit").click()
    _answer_shown(page)

    request = {"target_role": "data analyst", "skills": ["SQL", "juggling"],
               "constraints": {"max_cost": 600, "currency": "EUR"}, "limit": 5}
    curl = one(page, "#api-request").get_attribute("textContent")
    assert json.loads(curl.split(" -d '", 1)[1].rstrip("'")) == request  # what the page sent
    expected = _api(live, request)

    steps = by_css(page, "#pathway li.step")
    assert [s.get_attribute("data-credential-id") for s in steps] == expected["pathway"]["order"] != []
    suggestions = {r["credential"]["id"]: r for r in expected["recommendations"]}
    for step, planned in zip(steps, expected["pathway"]["steps"], strict=True):
        credential = planned["credential"]
        suggestion = suggestions[credential["id"]]
        assert one(step, ".credential-title > :first-child").text == credential["title"]
        assert one(step, ".provider").text == credential["provider"]
        assert one(step, ".reason").text == suggestion["reason"] != ""
        assert one(step, "dd.cost").text == ("free" if credential["is_free"] else f"{credential['cost']:g} {credential['currency']}")
        assert [li.get_attribute("data-skill-id") for li in by_css(step, ".covers li")] == [
            c["id"] for c in suggestion["covers"]]
    for name in ("before", "after"):
        shown = one(page, f"#coverage-{name}")
        value = expected[f"coverage_{name}"]
        assert float(shown.get_attribute("data-value")) == value
        assert shown.text == f"{int(value * 100 + 0.5)}%"

    chart = by_css(page, "#gap-chart li.imp-row")  # the gap by importance: the most important skills first
    by_importance = sorted(expected["gap"]["skills"], key=lambda s: (-s["importance"], s["label"]))[:12]
    assert [(r.get_attribute("data-skill-id"), r.get_attribute("data-status")) for r in chart] == [
        (s["id"], s["status"]) for s in by_importance]
    total = sum(s["importance"] for s in expected["gap"]["skills"])
    for share in by_css(page, "#gap-chart .share"):
        status = share.get_attribute("data-status")
        held = sum(s["importance"] for s in expected["gap"]["skills"] if s["status"] == status) / total
        assert float(share.get_attribute("data-value")) == pytest.approx(held, abs=1e-4)
    page.save_screenshot(str(output_dir("web") / "learner.png"))

    rows = by_css(page, "#gaps tbody tr")
    open_gaps = [s for s in expected["gap"]["skills"] if s["status"] != "held"][:10]
    assert [(r.get_attribute("data-skill-id"), r.get_attribute("data-status")) for r in rows[:len(open_gaps)]] == [
        (s["id"], s["status"]) for s in open_gaps]
    assert "We did not understand" in one(page, "#unresolved").text
    assert [q.text for q in by_css(page, "#unresolved .unresolved-text")] == [u["text"] for u in expected["unresolved"]]
    assert "unresolved" in one(page, '#skill-chips li[data-skill="juggling"]').get_attribute("class")
    stack = expected["pathway"]["stacks"][0]
    assert one(page, f'#stacks li[data-stack-id="{stack["id"]}"] .summary').text == stack["summary"]
    until(page, lambda d: "Python Foundations" in one(d, "#stacks").text, "the title of a part not in the pathway")


@pytest.mark.browser
def test_an_unknown_role_shows_the_error_and_close_roles_next_to_the_role_field(page: Any, live: LiveServer) -> None:
    one(page, "#target_role").send_keys("astronaut")
    one(page, "#submit").click()
    error = until(page, lambda d: [e for e in by_css(d, '[data-field="target_role"] .error') if e.is_displayed()],
                   "the role's error")[0]
    with live.client() as client:
        expected = error_of(client.post("/v1/recommendations", json={"target_role": "astronaut", "skills": [],
                                                                    "constraints": {"currency": "EUR"}, "limit": 5}), 404)
    assert expected["message"] in error.text
    offered = [b.text for b in by_css(error, "button.suggestion")]
    assert offered == [d["suggestion"] for d in expected["details"]] != []
    assert one(page, "#target_role").get_attribute("aria-invalid") == "true"
    assert not one(page, "#results").is_displayed()

    by_css(error, "button.suggestion")[0].click()  # a suggestion is taken and asked for at once
    _answer_shown(page)
    assert one(page, "#target_role").get_attribute("value") == offered[0]
    assert not error.is_displayed() and one(page, "#target_role").get_attribute("aria-invalid") is None

    one(page, "#language").send_keys("english")  # a constraint the API refuses is shown at its own field
    one(page, "#submit").click()
    language = until(page, lambda d: [e for e in by_css(d, "#language-error") if e.is_displayed()], "the error")[0]
    assert "language code" in language.text and one(page, "#language").get_attribute("aria-invalid") == "true"
    assert not one(page, "#results").is_displayed()  # the earlier answer is not left as if it were this one


@pytest.mark.browser
def test_free_only_shows_only_free_credentials_also_on_a_phone_with_the_keyboard(page: Any, live: LiveServer) -> None:
    from selenium.webdriver.common.keys import Keys

    page.set_window_size(390, 844)
    try:
        page.refresh()
        one(page, "#target_role").send_keys("data analyst")
        one(page, "#free_only").send_keys(Keys.SPACE)
        assert one(page, "#free_only").is_selected()
        one(page, "#max_hours").send_keys("150", Keys.ENTER)  # Enter in a field sends the form
        _answer_shown(page)
        wide = page.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    finally:
        page.set_window_size(1280, 1000)
    assert wide <= 0, f"the page is {wide}px wider than a phone screen"

    expected = _api(live, {"target_role": "data analyst", "skills": [],
                           "constraints": {"currency": "EUR", "max_hours": 150, "free_only": True}, "limit": 5})
    assert expected["recommendations"] and all(r["credential"]["is_free"] for r in expected["recommendations"])
    steps = by_css(page, "#pathway li.step")
    assert [s.get_attribute("data-credential-id") for s in steps] == expected["pathway"]["order"] != []
    costs = [c.text for c in by_css(page, "#pathway dd.cost, #alternatives dd.cost, #free-options dd.cost")]
    assert costs and set(costs) == {"free"}, costs
    assert one(page, "#totals dd.cost").text.startswith("free")
    assert "not free: " in one(page, ".considered").text


@pytest.mark.browser
def test_proficiency_and_held_credentials_go_into_the_request_and_change_the_answer(page: Any, live: LiveServer) -> None:
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    with live.client() as client:
        found = client.get("/v1/credentials", params={"q": "SQL", "limit": 1}).json()["items"]
    assert found, "the bundled catalog has a credential about SQL"
    held = found[0]
    one(page, "#target_role").send_keys("data analyst")
    one(page, "#skill-entry").send_keys("statistics, Excel", Keys.ENTER)
    Select(one(page, '#skill-chips li[data-skill="Excel"] select.proficiency')).select_by_visible_text("basic")
    entry = one(page, "#credential-entry")
    entry.send_keys(held["title"])
    until(page, lambda d: any(o.get_attribute("value") == held["title"] for o in by_css(d, "#credential-options option")),
           "the credential among the suggestions")
    entry.send_keys(Keys.ENTER)
    assert [c.get_attribute("data-credential-id") for c in by_css(page, "#credential-chips li")] == [held["id"]]
    one(page, "#submit").click()
    _answer_shown(page)

    request = {"target_role": "data analyst", "skills": ["statistics", {"skill": "Excel", "proficiency": 0.4}],
               "held_credentials": [held["id"]], "constraints": {"currency": "EUR"}, "limit": 5}
    curl = one(page, "#api-request").get_attribute("textContent")
    assert json.loads(curl.split(" -d '", 1)[1].rstrip("'")) == request
    expected = _api(live, request)
    shown = [s.get_attribute("data-credential-id") for s in by_css(page, "#pathway li.step")]
    assert shown == expected["pathway"]["order"] and held["id"] not in shown  # a held credential is not suggested
    without = _api(live, {**request, "held_credentials": []})
    assert expected["coverage_before"] > without["coverage_before"]  # its skills count as held


def test_the_role_someone_works_in_goes_into_the_request_and_counts_as_held(page: Any, live: LiveServer) -> None:
    one(page, "#target_role").send_keys("data analyst")
    one(page, "#current_role").send_keys("data analyst")
    one(page, "#submit").click()
    _answer_shown(page)
    request = {"target_role": "data analyst", "skills": [], "current_role": "data analyst",
               "constraints": {"currency": "EUR"}, "limit": 5}
    curl = one(page, "#api-request").get_attribute("textContent")
    assert json.loads(curl.split(" -d '", 1)[1].rstrip("'")) == request
    assert _api(live, request)["coverage_before"] > _api(live, {**request, "current_role": ""})["coverage_before"]
