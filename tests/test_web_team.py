"""The team page at ``GET /teams`` (and the learner's chart at ``GET /``) in headless Chromium, against
a live server on the bundled data as `make setup` prepared it, with the real model (marked ``browser``
and ``integration``).

It skips, saying why, without the browser (see ``tests/browser_support.py``) or without the data
directory of `make setup`. Screenshots of each view are saved under the test output folder
(``var/test-output/web-team/``).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from skillmatch.service import Engine
from skillmatch.settings import Settings
from tests.api_support import API_KEY, LiveServer
from tests.browser_support import by_css, console_errors, one, output_dir, until
from tests.conftest import REPO

pytest_plugins = ["tests.browser_fixtures"]  # browser
pytestmark = [pytest.mark.browser, pytest.mark.integration]

SAMPLE_CSV = REPO / "data" / "teams" / "finance-reporting-team.csv"
CLOUD_TEAM = REPO / "data" / "teams" / "cloud-team.json"
ANSWER_WAIT = 60  # seconds: a team of twelve on the bundled catalog, with the real model
A4_PRINTABLE_PX = 703  # 210 mm less the print margins of 2 × 12 mm, at 96 px per inch


@pytest.fixture(scope="module")
def live(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    source = REPO / "var"
    if not (source / "skillmatch.db").is_file():
        pytest.skip(f"needs the data directory of `make setup` at {source}")
    target = tmp_path_factory.mktemp("team-web") / "var"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("test-output"))
    settings = Settings(data_dir=target, cache_dir=Settings(_env_file=None).cache_dir, models_dir=target / "no-models",
                        api_keys=[API_KEY], _env_file=None)
    engine = Engine(settings)
    if engine.storage.credential_count() == 0 or not engine.index_is_current():
        pytest.skip("the data directory of `make setup` is incomplete: run `make setup`")
    with LiveServer(engine) as server:
        yield server


@pytest.fixture
def page(browser: Any, live: LiveServer) -> Iterator[Any]:
    """The team page, freshly loaded; afterwards the console holds no error but the API's own 4xx."""
    browser.set_window_size(1280, 1000)
    browser.get(f"{live.url}/teams")
    browser.get_log("browser")
    yield browser
    errors = console_errors(browser, live.url)
    assert not errors, errors


def _wait(driver: Any, condition: Any, what: str, seconds: float = ANSWER_WAIT) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(condition, message=f"the page did not show {what}")


def _answer_shown(driver: Any) -> None:
    _wait(driver, lambda d: by_css(d, "#team-results:not([hidden]) #heatmap-table"), "the team's answer")


def _sent(driver: Any) -> dict[str, Any]:
    """The body the page sent, from the curl command it shows."""
    curl = one(driver, "#api-request").get_attribute("textContent")
    assert "$SKILLMATCH_API_KEY" in curl and API_KEY not in curl  # the key itself is never shown
    body: dict[str, Any] = json.loads(curl.split(" -d '", 1)[1].rstrip("'").replace("'\\''", "'"))
    return body


def _api(live: LiveServer, body: dict[str, Any]) -> dict[str, Any]:
    with live.client(headers={"X-API-Key": API_KEY}) as client:
        answer = client.post("/v1/teams/gap", json=body)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def _screenshot(driver: Any, name: str) -> Path:
    """The whole page as a PNG under the test output folder."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.get_window_size()["width"]
    driver.set_window_size(width, min(max(height + 120, 800), 6000))
    path = output_dir("web-team") / f"{name}.png"
    assert driver.save_screenshot(str(path)), path
    driver.set_window_size(width, 1000)
    return path


def _parts(driver: Any, **parts: str) -> None:
    """Screenshots of parts of the page (name=CSS selector), each whole, under the test output folder."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(height + 120, 8000))  # a part is captured only as far as the window reaches
    try:
        for name, selector in parts.items():
            assert one(driver, selector).screenshot(str(output_dir("web-team") / f"part-{name}.png")), name
    finally:
        driver.set_window_size(1280, 1000)


def _start(driver: Any, *, key: str = API_KEY) -> None:
    if key:
        one(driver, "#api_key").send_keys(key)


def _upload(driver: Any, path: Path) -> None:
    one(driver, "#team_file").send_keys(str(path))


def _heat_rows(driver: Any) -> list[str]:
    return [r.get_attribute("data-member") for r in by_css(driver, "#heatmap-table tbody tr")]


def _check_plan(driver: Any, expected: dict[str, Any], budget: float) -> None:
    plan = expected["plan"]
    rows = by_css(driver, "#plan-table tbody tr.plan-item")
    assert [r.get_attribute("data-credential-id") for r in rows] == [i["credential"]["id"] for i in plan["items"]] != []
    for row, item in zip(rows, plan["items"], strict=True):
        assert one(row, ".takers").text == ", ".join(item["takers"])
        assert int(one(row, ".seats").text) == len(item["takers"])
    total = float(one(driver, "#plan-table .total-cost").get_attribute("data-total"))
    assert total == plan["total_cost"] <= budget
    assert sum(float(r.get_attribute("data-cost")) for r in rows) == pytest.approx(total, abs=0.02)
    assert f"of the {budget:,.0f} EUR budget" in one(driver, "#plan-budget").text


def test_the_sample_team_csv_gives_one_heat_map_row_per_member_and_a_plan_within_the_budget(page: Any, live: LiveServer) -> None:
    with SAMPLE_CSV.open(newline="", encoding="utf-8") as f:
        people = list(csv.DictReader(f))
    _start(page)
    _upload(page, SAMPLE_CSV)
    until(page, lambda d: len(by_css(d, "#members tr")) == len(people), "the members of the file")
    assert [i.get_attribute("value") for i in by_css(page, "#members input.member")] == [p["member"] for p in people]
    one(page, "#targets input.target-role").send_keys("data analyst")
    one(page, "#max_cost").send_keys("2000")
    one(page, "#submit").click()
    _answer_shown(page)

    sent = _sent(page)
    assert sent["target"] == "data analyst" and sent["constraints"] == {"max_cost": 2000, "currency": "EUR"}
    assert [m["id"] for m in sent["members"]] == [p["member"] for p in people]
    aoife = sent["members"][0]
    assert aoife["skills"] == ["use spreadsheets software", {"skill": "financial statements", "proficiency": 0.7},
                               {"skill": "statistics", "proficiency": 0.4}]
    assert aoife["held_credentials"] == ["kestrel-excel-workplace-data"]
    assert sent["members"][2]["profile_text"].startswith("Management accountant")
    assert sent["members"][3]["role"] == "data scientist"
    expected = _api(live, sent)
    assert expected["unresolved"] == {}, expected["unresolved"]  # every skill of the sample file is understood

    assert sorted(_heat_rows(page)) == sorted(p["member"] for p in people)  # one row per member
    heat = expected["team"]["heatmap"]
    assert [h.get_attribute("data-skill-id") for h in by_css(page, "#heatmap-table thead th.skill")] == [
        s["id"] for s in sorted(heat["skills"], key=lambda s: -next(t["team_gap"] for t in expected["team"]["skills"] if t["id"] == s["id"]))]
    gaps = {m["member_id"]: {s["id"]: s["gap_weight"] for s in m["skills"]} for m in expected["team"]["members"]}
    for cell in by_css(page, "#heatmap-table td.cell"):
        member = cell.find_element("xpath", "..").get_attribute("data-member")
        skill = cell.get_attribute("data-skill-id")
        value = cell.get_attribute("data-value")
        assert (float(value) if value else None) == pytest.approx(gaps[member].get(skill), abs=1e-4), (member, skill)
        assert member in cell.get_attribute("title")
    lacking = {s["id"]: s["lacking"] for s in expected["team"]["skills"]}
    bars = by_css(page, "#team-gaps li.team-bar")
    assert bars and all(int(b.get_attribute("data-lacking")) == lacking[b.get_attribute("data-skill-id")] for b in bars)
    _check_plan(page, expected, 2000)
    _screenshot(page, "team-csv")
    _parts(page, heatmap="#heatmap", **{"team-gaps": "#team-gaps"}, plan="#plan")  # as the README shows them


def test_the_cloud_team_file_fills_the_form_and_its_plan_can_be_taken_away(page: Any, live: LiveServer) -> None:
    team = json.loads(CLOUD_TEAM.read_text(encoding="utf-8"))
    _start(page)
    _upload(page, CLOUD_TEAM)
    until(page, lambda d: len(by_css(d, "#members tr")) == len(team["members"]), "the members of the file")
    assert [(r.find_element("css selector", ".target-role").get_attribute("value"),
             r.find_element("css selector", "input.headcount").get_attribute("value")) for r in by_css(page, "#targets tr")] == [
        (t["role"], str(t["headcount"])) for t in team["target"]]
    assert one(page, "#max_cost").get_attribute("value") == "6000" and one(page, "#format").get_attribute("value") == "online"
    one(page, "#submit").click()
    _answer_shown(page)

    sent = _sent(page)
    assert sent["target"] == team["target"] and sent["constraints"] == team["constraints"]
    expected = _api(live, sent)
    assert sorted(_heat_rows(page)) == sorted(m["id"] for m in team["members"])
    _check_plan(page, expected, team["constraints"]["max_cost"])
    hours = {m: 0.0 for m in expected["plan"]["members"]}
    for item in expected["plan"]["items"]:
        for m in item["takers"]:
            hours[m] += item["credential"]["hours"] or 0
    assert max(hours.values()) <= team["constraints"]["max_hours"]

    from selenium.webdriver.support.ui import Select

    Select(one(page, "#order-members")).select_by_value("name")
    assert _heat_rows(page) == sorted(m["id"] for m in team["members"])
    Select(one(page, "#order-skills")).select_by_value("name")
    labels = [h.get_attribute("title") for h in by_css(page, "#heatmap-table thead th.skill")]
    assert labels == sorted(labels, key=str.casefold)

    taker = expected["plan"]["items"][0]["takers"][0]
    toggle = one(page, f'#members-coverage tr[data-member="{taker}"] button.pathway-toggle')
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    box = one(page, f"#{toggle.get_attribute('aria-controls')}")
    assert box.is_displayed()
    assert [li.get_attribute("data-credential-id") for li in by_css(box, "ol.member-pathway > li")] == \
        expected["pathways"][taker]["order"] != []
    _screenshot(page, "team-plan")

    one(page, "#download-plan").click()
    target = page.download_dir / "team-plan.csv"
    deadline = time.monotonic() + 15
    while not target.is_file() and time.monotonic() < deadline:
        time.sleep(0.1)
    lines = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    items = expected["plan"]["items"]
    assert [line[1] for line in lines[1:1 + len(items)]] == [i["credential"]["id"] for i in items]
    assert [line[4] for line in lines[1:1 + len(items)]] == ["; ".join(i["takers"]) for i in items]
    total = next(line for line in lines if line and line[0] == "total")
    assert float(total[7]) == expected["plan"]["total_cost"] <= team["constraints"]["max_cost"]
    members = lines[lines.index(["member", "role", "coverage_before", "coverage_after", "pathway"]) + 1:]
    assert sorted(line[0] for line in members) == sorted(m["id"] for m in team["members"])
    target.unlink()

    _check_print(page)


def _check_print(driver: Any) -> None:
    """As printed: the form and buttons hidden, the plan and heat map within an A4 page's width."""
    import base64

    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        driver.set_window_size(A4_PRINTABLE_PX, 1000)
        chrome = A4_PRINTABLE_PX - driver.execute_script("return document.documentElement.clientWidth")
        driver.set_window_size(A4_PRINTABLE_PX + chrome, 1000)  # the page as wide as A4's printable width
        assert not one(driver, "#team-form").is_displayed() and not one(driver, "#takeaway").is_displayed()
        assert one(driver, "#plan-table").is_displayed() and one(driver, "#heatmap-table").is_displayed()
        page_width = driver.execute_script("return document.documentElement.clientWidth")
        for selector in ("#plan-table", "#heatmap-table", "#members-coverage", "#team-gaps"):
            right = driver.execute_script(f"return document.querySelector('{selector}').getBoundingClientRect().right")
            assert right <= page_width + 1, (selector, right, page_width)
        _screenshot(driver, "team-print")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        driver.set_window_size(1280, 1000)
    pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    path = output_dir("web-team") / "team-plan.pdf"
    path.write_bytes(pdf)
    boxes = {tuple(round(float(x)) for x in box.split()) for box in
             re.findall(rb"/MediaBox\s*\[\s*([\d.\s]+)\]", pdf)}
    assert boxes == {(0, 0, 595, 842)}, boxes  # every page A4 (points)


def test_an_upload_with_bad_rows_names_each_row_and_field_and_loads_nothing(page: Any, tmp_path: Path) -> None:
    bad = tmp_path / "team.csv"
    bad.write_text("member,skills,profile_text,held_credentials,role\n"
                   "ana,SQL;statistics:working,,,\n"
                   "ben,Python:7,,,\n"
                   ",Excel,,,\n"
                   "ana,Linux,,,\n", encoding="utf-8")
    _upload(page, bad)
    error = until(page, lambda d: [e for e in by_css(d, "#team_file-error") if e.is_displayed()], "the file's error")[0]
    problems = [li.text for li in by_css(error, "li")]
    assert len(problems) == 3, problems
    assert problems[0].startswith("team.csv, row 3, field skills:") and "“Python”" in problems[0] and "“7”" in problems[0]
    assert problems[1].startswith("team.csv, row 4, field member:") and "empty" in problems[1]
    assert problems[2].startswith("team.csv, row 5, field member:") and "row 2" in problems[2]
    assert [i.get_attribute("value") for i in by_css(page, "#members input.member")] == [""]  # nothing loaded
    assert one(page, "#team_file").get_attribute("aria-invalid") == "true"

    unknown = tmp_path / "columns.csv"
    unknown.write_text("member,skils\nana,SQL\n", encoding="utf-8")
    _upload(page, unknown)
    until(page, lambda d: "field skils: unknown column" in one(d, "#team_file-error").text, "the unknown column")

    broken = tmp_path / "team.json"
    broken.write_text(json.dumps({"target": "data analyst", "members": [
        {"id": "ana", "skills": ["SQL"]}, {"id": "ben", "skills": [{"skill": "Python", "proficiency": 3}]}]}), encoding="utf-8")
    _upload(page, broken)
    until(page, lambda d: "team.json, members[1].skills[0].proficiency: must be a number from 0 to 1" in one(d, "#team_file-error").text,
          "the JSON path of the bad value")


def test_an_error_from_the_server_is_shown_on_the_member_and_the_file_row(page: Any, live: LiveServer, tmp_path: Path) -> None:
    team = tmp_path / "team.csv"
    team.write_text("member,skills,held_credentials,role\nana,SQL,,\nben,Linux,no-such-credential,\ncai,Excel,,zq\n",
                    encoding="utf-8")
    _start(page)
    _upload(page, team)
    until(page, lambda d: len(by_css(d, "#members tr")) == 3, "the members of the file")
    one(page, "#targets input.target-role").send_keys("data analyst")
    one(page, "#submit").click()
    error = _wait(page, lambda d: [e for e in by_css(d, "#members-error") if e.is_displayed()], "the member's error", 30)[0]
    assert "Member 2 (ben) (row 3 of team.csv), field held_credentials:" in error.text, error.text
    assert "no-such-credential" in error.text
    assert one(page, "#members tr:nth-child(2) input.held").get_attribute("aria-invalid") == "true"
    one(page, "#members tr:nth-child(2) input.held").clear()
    one(page, "#submit").click()  # the next fault: a role no one can read, with the close ones
    until(page, lambda d: "Member 3 (cai) (row 4 of team.csv), field role:" in one(d, "#members-error").text, "the role's error")
    assert "close roles:" in one(page, "#members-error").text
    assert one(page, "#members tr:nth-child(3) input.role").get_attribute("aria-invalid") == "true"
    assert not one(page, "#team-results").is_displayed()


def test_without_a_key_the_page_says_how_to_get_one_and_a_wrong_key_is_named(page: Any) -> None:
    one(page, "#members input.member").send_keys("ana")
    one(page, "#members input.skills").send_keys("SQL")
    one(page, "#targets input.target-role").send_keys("data analyst")
    one(page, "#submit").click()
    error = until(page, lambda d: [e for e in by_css(d, "#api_key-error") if e.is_displayed()], "the key's error")[0]
    assert "API key" in error.text and "SKILLMATCH_API_KEYS" in one(page, "#api_key-hint").text
    _start(page, key="not-the-key")
    one(page, "#submit").click()
    until(page, lambda d: "does not accept" in one(d, "#api_key-error").text, "the server's refusal of the key")
    assert one(page, "#api_key").get_attribute("aria-invalid") == "true"


def test_a_team_is_stored_and_reopened(page: Any, live: LiveServer) -> None:
    from selenium.webdriver.support.ui import Select

    _start(page)
    _upload(page, SAMPLE_CSV)
    until(page, lambda d: len(by_css(d, "#members tr")) > 1, "the members of the file")
    one(page, "#targets input.target-role").send_keys("data analyst")
    one(page, "#team_name").send_keys("Finance reporting (browser test)")
    one(page, "#save-team").click()
    until(page, lambda d: "Saved as" in one(d, "#saved-state").text, "the saved team")
    page.refresh()
    _start(page)
    one(page, "#list-teams").click()
    until(page, lambda d: "Finance reporting (browser test)" in one(d, "#stored-teams").get_attribute("textContent"),
          "the stored team in the list")
    Select(one(page, "#stored-teams")).select_by_visible_text(
        next(o.text for o in by_css(page, "#stored-teams option") if "Finance reporting (browser test)" in o.text))
    one(page, "#open-team").click()
    until(page, lambda d: "Opened" in one(d, "#saved-state").text, "the opened team")
    with SAMPLE_CSV.open(newline="", encoding="utf-8") as f:
        assert [i.get_attribute("value") for i in by_css(page, "#members input.member")] == [p["member"] for p in csv.DictReader(f)]
    assert one(page, "#targets input.target-role").get_attribute("value") == "data analyst"


def test_the_keyboard_alone_reaches_every_control_and_gets_the_answer(page: Any) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    def tab_through() -> set[str]:
        seen: list[str] = []
        page.find_element("css selector", "body").click()
        for _ in range(400):
            ActionChains(page).send_keys(Keys.TAB).perform()
            key = page.execute_script("const a = document.activeElement; return a.dataset.k || '';")
            if key in seen:
                break
            seen.append(key)
        return set(seen)

    def controls() -> set[str]:
        keys: set[str] = page.execute_script("""
            const all = [...document.querySelectorAll('a[href], button, input, select, textarea, summary')]
              .filter((e) => !e.disabled && e.offsetParent !== null && e.getAttribute('tabindex') !== '-1');
            all.forEach((e, i) => { e.dataset.k = String(i); });
            return all.map((e) => e.dataset.k);""")
        return set(keys)

    wanted = controls()
    assert wanted <= tab_through()

    one(page, "#api_key").send_keys(API_KEY)
    one(page, "#api_key").send_keys(Keys.TAB, Keys.TAB, Keys.TAB)  # file, template link, first member's name
    ActionChains(page).send_keys("ana", Keys.TAB, "SQL; statistics:basic").perform()
    one(page, "#add-member").send_keys(Keys.ENTER)  # a new row, its name field focused
    ActionChains(page).send_keys("ben", Keys.TAB, "Excel").perform()
    one(page, "#targets input.target-role").send_keys("data analyst", Keys.ENTER)  # Enter sends the form
    _answer_shown(page)
    assert sorted(_heat_rows(page)) == ["ana", "ben"]
    wanted = controls()
    assert wanted <= tab_through()
    toggle = by_css(page, "button.pathway-toggle:not([disabled])")
    if toggle:
        toggle[0].send_keys(Keys.SPACE)
        assert toggle[0].get_attribute("aria-expanded") == "true"


def test_team_files_as_spreadsheets_write_them_are_read_whole(page: Any) -> None:
    def read(text: str) -> dict[str, Any]:
        result: dict[str, Any] = page.execute_async_script(
            "const [text, done] = arguments; import('/static/team_file.js').then((m) => done(m.readCsv(text)));", text)
        return result

    excel = read("\ufeffmember;skills;profile_text\r\nana;\"SQL:70%;R:0,5\";\"Line one;\r\nline \"\"two\"\"\"\r\nben;;\r\n")
    assert excel["problems"] == []
    ana, ben = excel["members"]
    assert ana["skills"] == [{"skill": "SQL", "proficiency": 0.7}, {"skill": "R", "proficiency": 0.5}]
    assert ana["profile_text"] == 'Line one;\r\nline "two"' and (ana["row"], ben["row"]) == (2, 3)
    uri = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
    ids = read(f"Name,Skills\nana,{uri};{uri}:basic;ICT: networks\n")
    assert ids["problems"] == [] and ids["members"][0]["skills"] == [uri, {"skill": uri, "proficiency": 0.4}, "ICT: networks"]
    unclosed = read('member,skills\nana,"SQL\nben,Excel\n')
    assert [(p["row"], p["message"]) for p in unclosed["problems"]] == [(2, 'a quoted cell is not closed (a " is missing)')]
    template: dict[str, Any] = page.execute_async_script(
        "const done = arguments[0]; fetch('/static/team-template.csv').then((r) => r.text())"
        ".then((t) => import('/static/team_file.js').then((m) => done(m.readCsv(t))));")
    assert template["problems"] == [] and len(template["members"]) == 2  # the template offered for download reads whole
    extra = read("member,skills\nana,SQL,oops\n")
    assert [(p["row"], p["field"]) for p in extra["problems"]] == [(2, "")] and "3 cells" in extra["problems"][0]["message"]


def test_the_learner_view_charts_the_gap_by_importance_on_the_bundled_data(browser: Any, live: LiveServer) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.set_window_size(1280, 1000)
    browser.get(f"{live.url}/")
    one(browser, "#target_role").send_keys("data analyst")
    one(browser, "#skill-entry").send_keys("Excel, statistics, teaching", Keys.ENTER)
    one(browser, "#profile_text").send_keys("Maths teacher: I analyse pupils' test results in spreadsheets.")
    one(browser, "#max_cost").send_keys("600")
    one(browser, "#max_hours").send_keys("150")
    one(browser, "#submit").click()
    _wait(browser, lambda d: by_css(d, "#results:not([hidden]) #gap-chart"), "the learner's answer")
    rows = by_css(browser, "#gap-chart li.imp-row")
    assert len(rows) == 12 and {r.get_attribute("data-status") for r in rows} >= {"missing"}
    shares = [float(s.get_attribute("data-value")) for s in by_css(browser, "#gap-chart .share")]
    assert len(shares) == 3 and sum(shares) == pytest.approx(1.0, abs=2e-4)
    _parts(browser, **{"learner-gaps": "#gaps", "learner-pathway": "#pathway"})
    errors = console_errors(browser, live.url)
    assert not errors, errors
