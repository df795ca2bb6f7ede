"""One request, one document: ``skillmatch recommend / gap / team-gap --json`` print exactly what
the HTTP API answers for the same request (a real server on 127.0.0.1, the same data directory)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from skillmatch import cli
from skillmatch.service import Engine
from tests.api_support import API_KEY, LiveServer, copy_ready

pytest_plugins = ["tests.api_fixtures"]  # fixtures: ready_template

runner = CliRunner()
PROFILE = "I teach mathematics and analyse my pupils' test results."
TEAM: dict[str, Any] = {
    "target": [{"role": "data analyst", "headcount": 2}],
    "members": [{"id": "ana", "skills": ["SQL"]}, {"id": "ben", "skills": ["teach mathematics"]},
                {"id": "cem", "profile_text": PROFILE}],
    "constraints": {"max_cost": 1000, "formats": ["online"]},
    "limit": 3,
}


@pytest.fixture
def server(ready_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    served = copy_ready(ready_template, tmp_path, warm_up=True)
    # the command line gets an engine of its own over the same data directory, as a second process would
    monkeypatch.setattr(cli.common, "engine", lambda **_: Engine(served.settings, encoder=served.encoder))
    with LiveServer(served) as live:
        yield live


def _cli(*args: str) -> Any:
    result = runner.invoke(cli.app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_recommend_json_is_the_api_answer(server: LiveServer) -> None:
    body = {"target_role": "data analyst", "skills": ["teach mathematics", "statistics", "juggling"],
            "profile_text": PROFILE, "limit": 4,
            "constraints": {"max_cost": 600, "currency": "EUR", "max_hours": 150, "formats": ["online"]}}
    with server.client() as client:
        api = client.post("/v1/recommendations", json=body)
    assert api.status_code == 200, api.text
    printed = _cli("recommend", "--role", "data analyst", "--skills", "teach mathematics, statistics",
                   "--skills", "juggling", "--text", PROFILE, "--max-cost", "600", "--currency", "EUR",
                   "--max-hours", "150", "--format", "online", "--limit", "4")
    assert printed == api.json()
    assert printed["recommendations"] and printed["unresolved"][0]["text"] == "juggling"


def test_gap_json_is_the_api_answer(server: LiveServer) -> None:
    with server.client() as client:
        api = client.post("/v1/gap", json={"target_role": "data analyst", "skills": ["SQL", "statistics"],
                                           "current_role": "maths teacher"})
    assert api.status_code == 200, api.text
    assert _cli("gap", "-r", "data analyst", "-s", "SQL,statistics", "--now", "maths teacher") == api.json()


def test_team_gap_json_is_the_api_answer(server: LiveServer, tmp_path: Path) -> None:
    with server.client(headers={"X-API-Key": API_KEY}) as client:
        api = client.post("/v1/teams/gap", json=TEAM)
    assert api.status_code == 200, api.text
    team_file = tmp_path / "team.json"
    team_file.write_text(json.dumps(TEAM), encoding="utf-8")
    printed = _cli("team-gap", str(team_file))
    assert printed == api.json()
    assert len(printed["plan"]["items"]) <= 3  # the file's own limit


def test_a_bad_option_names_the_option_and_the_accepted_values(server: LiveServer) -> None:
    result = runner.invoke(cli.app, ["recommend", "-r", "data analyst", "--level", "wizard"])
    assert result.exit_code == 1
    assert "--level" in result.stderr and "beginner" in result.stderr
    result = runner.invoke(cli.app, ["recommend", "-r", "data analyst", "--currency", "EURO"])
    assert result.exit_code == 1 and "--currency" in result.stderr
