"""The HTTP API's contract, in process (TestClient): shapes, errors, auth, limits, teams, imports,
rebuilds. Each test gets its own copy of a ready data directory (tests/api_support.py)."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from skillmatch.api.app import create_app
from skillmatch.core.constraints import ACCEPTED_FORMATS
from skillmatch.service import Engine
from tests.api_support import (
    API_KEY,
    CATALOG,
    DATA_ANALYST,
    ESCO_SKILL,
    MATHS_TEACHER,
    POSTINGS,
    base_settings,
    copy_ready,
    error_of,
    skills_have_labels,
)
from tests.fakes import FakeEncoder

pytest_plugins = ["tests.api_fixtures"]  # fixtures: ready_template, ready_engine, postgres_url

KEY = {"X-API-Key": API_KEY}
SQL, PYTHON, STATS = (ESCO_SKILL + f"aaaa000{n}" for n in (2, 1, 7))


@pytest.fixture
def client(ready_engine: Engine) -> TestClient:
    return TestClient(create_app(engine=ready_engine))


def _with(**changes: Any) -> dict[str, Any]:
    body = json.loads(json.dumps(MATHS_TEACHER))
    for key, value in changes.items():
        if key.startswith("constraints."):
            body["constraints"][key.split(".", 1)[1]] = value
        else:
            body[key] = value
    return body


# --- documentation --------------------------------------------------------------------------


def test_openapi_has_the_maths_teacher_example_error_bodies_and_the_key_scheme(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    example = spec["components"]["schemas"]["RecommendationIn"]["examples"][0]
    assert example["target_role"] == "data analyst" and example["constraints"]["max_cost"] == 600
    assert example["constraints"]["formats"] == ["online"] and example["constraints"]["max_hours"] == 150
    assert spec["components"]["securitySchemes"]["ApiKey"] == {
        "type": "apiKey", "in": "header", "name": "X-API-Key",
        "description": "One of the keys set in SKILLMATCH_API_KEYS on the server."}
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            errors = {code for code in operation["responses"] if code.startswith(("4", "5"))}
            if path != "/healthz":
                assert errors, (method, path)
            for code in errors:
                ref = operation["responses"][code]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorBody"), (method, path, code)
            protected = path.startswith(("/v1/teams", "/v1/imports", "/v1/admin"))
            assert ("security" in operation) == protected, (method, path)
            assert protected == ({"401", "403"} <= errors), (method, path)
    assert client.get("/docs").status_code == 200


# --- recommendations and gaps ---------------------------------------------------------------


def test_maths_teacher_gets_online_credentials_within_budget_and_hours(client: TestClient) -> None:
    answer = client.post("/v1/recommendations", json=MATHS_TEACHER)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["role"]["id"] == DATA_ANALYST and body["role"]["label"] == "data analyst"
    assert 0 <= body["coverage_before"] < body["coverage_after"] <= 1
    assert {s["status"] for s in body["gap"]["skills"]} <= {"held", "partial", "missing"}
    assert all({"importance", "gap_weight", "credit"} <= set(s) for s in body["gap"]["skills"])
    assert body["recommendations"], "something should close part of the gap"
    for rec in body["recommendations"]:
        assert rec["credential"]["format"] in {"online_self_paced", "online_live"}
        assert rec["covers"] and rec["reason"] and all(c["gain"] >= 0 for c in rec["covers"])
    assert body["totals"]["cost_in_currency"] <= 600 and body["totals"]["hours"] <= 150
    assert body["pathway"]["order"] == [s["credential"]["id"] for s in body["pathway"]["steps"]]
    assert body["unresolved"] == [{"text": "juggling", "kind": "label", "reason": "matched no skill of the taxonomy"}]
    assert body["constraints"]["formats"] == ["online"] and body["excluded"]
    assert set(body["meta"]) == {"taxonomy", "taxonomy_version", "model", "artifacts_version", "catalog_version"}
    assert skills_have_labels(body) == []
    held = {h["id"]: h for h in body["gap"]["held"]}
    assert held[STATS]["label"] == "statistics"


def test_the_gap_alone_and_skills_given_by_id_with_proficiency(client: TestClient) -> None:
    answer = client.post("/v1/gap", json={"target_role": "data analyst", "learner_id": "c-7",
                                          "skills": [{"skill": SQL, "proficiency": 0.5}, STATS]})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["learner_id"] == "c-7" and body["coverage"] == body["gap"]["coverage"]
    by_id = {s["id"]: s for s in body["gap"]["skills"]}
    assert by_id[SQL]["status"] == "partial" and by_id[SQL]["credit"] == 0.5 and by_id[STATS]["status"] == "held"
    assert "recommendations" not in body and skills_have_labels(body) == []


def test_held_credentials_count_and_unknown_ones_are_404(client: TestClient) -> None:
    given = client.post("/v1/gap", json={"target_role": "data analyst", "held_credentials": ["harbourline-sql-basics"]})
    assert given.status_code == 200
    assert {"harbourline-sql-basics"} == set(given.json()["gap"]["held_credentials"])
    error = error_of(client.post("/v1/gap", json={"target_role": "data analyst", "held_credentials": ["nope"]}), 404)
    assert error["code"] == "unknown_credential" and "held_credentials" in error["message"]


def test_unknown_role_is_404_with_close_roles(client: TestClient) -> None:
    error = error_of(client.post("/v1/recommendations", json=_with(target_role="astronaut")), 404)
    assert error["code"] == "unknown_role"
    suggestions = [d["suggestion"] for d in error["details"]]
    assert "data analyst" in suggestions and all(d["reason"].startswith("did you mean") for d in error["details"])


BAD_BODIES = [
    ("skills is not a list", _with(skills="SQL"), "skills"),
    ("a skill that is a number", _with(skills=[5]), "skills[0]"),
    ("proficiency above 1", _with(skills=[{"skill": "SQL", "proficiency": 3}]), "skills[0].proficiency"),
    ("limit is text", _with(limit="many"), "limit"),
    ("limit too large", _with(limit=500), "limit"),
    ("no target role", {k: v for k, v in MATHS_TEACHER.items() if k != "target_role"}, "target_role"),
    ("target role not text", _with(target_role=["data analyst"]), "target_role"),
    ("unknown key", {**MATHS_TEACHER, "constraint": {}}, "constraint"),
    ("negative budget", _with(**{"constraints.max_cost": -5}), "constraints.max_cost"),
    ("budget is text", _with(**{"constraints.max_cost": "cheap"}), "constraints.max_cost"),
    ("zero hours", _with(**{"constraints.max_hours": 0}), "constraints.max_hours"),
    ("unknown format", _with(**{"constraints.formats": ["online", "carrier pigeon"]}), "constraints.formats"),
    ("unknown level", _with(**{"constraints.levels": ["expert"]}), "constraints.levels"),
    ("bad currency", _with(**{"constraints.currency": "€€€"}), "constraints.currency"),
    ("bad language", _with(**{"constraints.languages": ["english!"]}), "constraints.languages"),
    ("unknown constraint", _with(**{"constraints.colour": "blue"}), "constraints.colour"),
    ("profile text too long", _with(profile_text="x" * 60_000), "profile_text"),
]


@pytest.mark.parametrize(("why", "body", "field"), BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_bad_bodies_are_422_naming_the_field(client: TestClient, why: str, body: dict[str, Any], field: str) -> None:
    error = error_of(client.post("/v1/recommendations", json=body), 422)
    assert error["code"] == "invalid_request"
    assert field in [d["field"] for d in error["details"]], error


def test_unknown_format_lists_the_accepted_ones(client: TestClient) -> None:
    error = error_of(client.post("/v1/recommendations", json=_with(**{"constraints.formats": ["by post"]})), 422)
    (detail,) = error["details"]
    assert detail["field"] == "constraints.formats"
    for accepted in ACCEPTED_FORMATS:
        assert accepted in detail["reason"]


@pytest.mark.parametrize("content", [b"{not json", b'{"target_role": "data analyst",}', b"", b"[1, 2]", b'"text"'])
def test_bodies_that_are_not_a_json_object_get_the_documented_body(client: TestClient, content: bytes) -> None:
    answer = client.post("/v1/recommendations", content=content, headers={"content-type": "application/json"})
    error = error_of(answer, 422)
    assert error["code"] in {"invalid_json", "invalid_request"}


def test_ten_megabytes_of_text_is_413_before_parsing(client: TestClient) -> None:
    big = "word " * 2_000_000
    for path, body in (("/v1/recommendations", _with(profile_text=big)), ("/v1/skills/extract", {"text": big}),
                       ("/v1/gap", {"target_role": "data analyst", "profile_text": big})):
        error = error_of(client.post(path, json=body), 413)
        assert error["code"] == "too_large" and "1,000,000 bytes" in error["message"]


def test_a_chunked_body_over_the_limit_is_413_too(client: TestClient) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        yield b'{"text": "'
        for _ in range(30):
            yield b"x" * 50_000
        yield b'"}'

    answer = client.post("/v1/skills/extract", content=chunks(), headers={"content-type": "application/json"})
    assert error_of(answer, 413)["code"] == "too_large"


def test_unknown_paths_and_methods_get_the_documented_body(client: TestClient) -> None:
    assert error_of(client.get("/v1/nothing"), 404)["code"] == "not_found"
    assert error_of(client.get("/v1/recommendations"), 405)["code"] == "method_not_allowed"


# --- batches -------------------------------------------------------------------------------


def test_a_batch_answers_each_client_and_one_bad_item_does_not_fail_it(client: TestClient) -> None:
    requests = [
        {**MATHS_TEACHER, "learner_id": "client-1"},
        {**MATHS_TEACHER, "learner_id": "client-2", "target_role": "astronaut"},
        {**MATHS_TEACHER, "learner_id": "client-3", "limit": "5"},
        {**MATHS_TEACHER, "learner_id": "client-4", "constraints": {"formats": ["by post"]}},
        {"learner_id": "client-5", "target_role": "data analyst", "limit": 0},
        {"learner_id": "client-6", "target_role": "web developer", "skills": ["SQL"]},
    ]
    answer = client.post("/v1/recommendations/batch", json={"requests": requests})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    results = body["results"]
    assert [(r["index"], r["ok"], r["status"]) for r in results] == [
        (0, True, 200), (1, False, 404), (2, False, 422), (3, False, 422), (4, False, 422), (5, True, 200)]
    assert (body["succeeded"], body["failed"]) == (2, 4)
    # an item that is not an object at all is outside the schema: the whole batch is refused
    refused = client.post("/v1/recommendations/batch", json={"requests": [MATHS_TEACHER, "not an object"]})
    assert error_of(refused, 422)["details"][0]["field"].startswith("requests")
    assert [r["learner_id"] for r in results] == ["client-1", "client-2", "client-3", "client-4", "client-5", "client-6"]
    assert results[2]["error"]["details"][0]["field"] == "limit"  # "5" is text, not a number
    assert results[0]["recommendations"] and results[0]["meta"]["artifacts_version"]
    assert results[1]["error"]["code"] == "unknown_role" and results[1]["error"]["details"][0]["suggestion"]
    assert results[3]["error"]["details"][0]["field"] == "constraints.formats"
    assert results[4]["error"]["details"][0]["field"] == "limit"
    assert len({r["meta"]["artifacts_version"] for r in results if r["ok"]}) == 1


def test_a_batch_over_the_item_limit_is_413(ready_template: Path, tmp_path: Path) -> None:
    client = TestClient(create_app(engine=copy_ready(ready_template, tmp_path, batch_max_items=2)))
    error = error_of(client.post("/v1/recommendations/batch", json={"requests": [MATHS_TEACHER] * 3}), 413)
    assert error["code"] == "too_many_items" and error["details"][0]["field"] == "requests"
    assert error_of(client.post("/v1/recommendations/batch", json={"items": []}), 422)["details"][0]["field"]


# --- skills, roles, credentials ---------------------------------------------------------------


def test_skill_search_and_extract(client: TestClient) -> None:
    found = client.get("/v1/skills/search", params={"q": "structured query language", "top": 3}).json()
    assert found["results"][0]["id"] == SQL and found["results"][0]["label"] == "SQL"
    extracted = client.post("/v1/skills/extract", json={"text": "You will write SQL and Python."}).json()
    assert {SQL, PYTHON} <= {s["id"] for s in extracted["skills"]}
    assert error_of(client.get("/v1/skills/search", params={"q": ""}), 422)["details"][0]["field"] == "query.q"


def test_roles_are_listed_by_page_and_found_by_uri_label_or_query(client: TestClient) -> None:
    every = client.get("/v1/roles").json()
    assert every["total"] == len(every["items"]) >= 2
    listing = client.get("/v1/roles", params={"limit": 1, "offset": 1}).json()
    assert listing["total"] == every["total"] and listing["items"] == every["items"][1:2]
    assert client.get("/v1/roles", params={"q": "analyst"}).json()["total"] == 1
    for path in (f"/v1/roles/{DATA_ANALYST}", f"/v1/roles/{quote(DATA_ANALYST, safe='')}",
                 "/v1/roles/http:/data.europa.eu/esco/occupation/bbbb0001", "/v1/roles/data analyst",
                 f"/v1/roles/by-id?id={quote(DATA_ANALYST, safe='')}"):
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.text)
        profile = answer.json()
        assert profile["id"] == DATA_ANALYST and profile["skills"][0]["id"].startswith(ESCO_SKILL)
    assert skills_have_labels(profile) == []
    error = error_of(client.get("/v1/roles/deep sea welder"), 404)
    assert error["code"] == "unknown_role" and error["details"]
    assert error_of(client.get("/v1/roles", params={"limit": 0}), 422)["details"][0]["field"] == "query.limit"


def test_credentials_filter_page_and_show(client: TestClient) -> None:
    everything = client.get("/v1/credentials").json()
    assert everything["total"] == 6
    cases = [({"q": "sql"}, {"harbourline-sql-basics"}), ({"free_only": True}, None), ({"max_cost": 100}, None),
             ({"level": "intermediate"}, None), ({"format": "online_self_paced"}, None), ({"language": "en"}, None),
             ({"max_hours": 20}, None), ({"provider": "harbourline institute"}, None)]
    for params, expected in cases:
        page = client.get("/v1/credentials", params=params).json()
        ids = {c["id"] for c in page["items"]}
        assert page["total"] == len(ids) and ids <= {c["id"] for c in everything["items"]}, params
        if expected is not None:
            assert ids == expected
    free = client.get("/v1/credentials", params={"free_only": True}).json()["items"]
    assert free and all(c["is_free"] for c in free)
    two = client.get("/v1/credentials", params={"limit": 2, "offset": 2}).json()
    assert [c["id"] for c in two["items"]] == [c["id"] for c in everything["items"][2:4]]
    shown = client.get("/v1/credentials/harbourline-sql-basics").json()
    assert shown["title"] == "SQL Basics" and any(s["id"] == SQL and s["label"] == "SQL" for s in shown["skills"])
    assert client.get("/v1/credentials/by-id", params={"id": "harbourline-sql-basics"}).json() == shown
    error = error_of(client.get("/v1/credentials/harbourline-sql-basic"), 404)
    assert error["details"][0]["suggestion"] == "harbourline-sql-basics"
    assert error_of(client.get("/v1/credentials", params={"level": "expert"}), 422)["details"][0]["field"] == "level"
    assert error_of(client.get("/v1/credentials", params={"max_cost": -1}), 422)["details"][0]["field"] == "query.max_cost"


# --- auth, CORS, readiness -------------------------------------------------------------------

PROTECTED = [
    ("get", "/v1/teams"), ("post", "/v1/teams"), ("get", "/v1/teams/x"), ("put", "/v1/teams/x"),
    ("delete", "/v1/teams/x"), ("post", "/v1/teams/x/gap"), ("post", "/v1/teams/gap"),
    ("post", "/v1/imports/postings"), ("post", "/v1/imports/catalog"), ("post", "/v1/admin/rebuild"),
    ("get", "/v1/admin/rebuild"),
]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_team_and_admin_endpoints_need_a_valid_key(client: TestClient, method: str, path: str) -> None:
    assert error_of(client.request(method, path), 401)["code"] == "api_key_missing"
    assert error_of(client.request(method, path, headers={"X-API-Key": "wrong"}), 403)["code"] == "api_key_invalid"
    assert client.request(method, path, headers=KEY).status_code not in {401, 403}


def test_without_configured_keys_the_protected_endpoints_say_how_to_set_one(ready_template: Path,
                                                                            tmp_path: Path) -> None:
    client = TestClient(create_app(engine=copy_ready(ready_template, tmp_path, api_keys=[])))
    for headers in ({}, KEY):
        error = error_of(client.get("/v1/teams", headers=headers), 401)
        assert error["code"] == "api_keys_not_configured" and "SKILLMATCH_API_KEYS" in error["message"]
    assert client.post("/v1/recommendations", json=MATHS_TEACHER).status_code == 200  # learners need no key


def test_cors_is_off_unless_origins_are_configured(client: TestClient, ready_template: Path, tmp_path: Path) -> None:
    preflight = {"Origin": "https://advisor.example", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type,x-api-key"}
    assert "access-control-allow-origin" not in client.options("/v1/recommendations", headers=preflight).headers
    (tmp_path / "cors").mkdir()
    open_client = TestClient(create_app(engine=copy_ready(
        ready_template, tmp_path / "cors", cors_origins=["https://advisor.example"])))
    answer = open_client.options("/v1/recommendations", headers=preflight)
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "https://advisor.example"
    assert "x-api-key" in answer.headers["access-control-allow-headers"].lower()
    refused = open_client.post("/v1/skills/extract", json={"text": "x" * 2_000_000},
                               headers={"Origin": "https://advisor.example"})
    assert refused.status_code == 413 and refused.headers["access-control-allow-origin"] == "https://advisor.example"


def test_readiness_names_what_is_missing(client: TestClient, tmp_path: Path) -> None:
    missing = TestClient(create_app(engine=Engine(base_settings(tmp_path / "empty"), encoder=FakeEncoder())))
    error = error_of(missing.get("/readyz"), 503)
    assert error["code"] == "artifacts_missing" and {d["field"] for d in error["details"]} == {"taxonomy", "index"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["checks"] == {"taxonomy": "ok", "index": "ok", "database": "ok"}
    assert error_of(missing.post("/v1/recommendations", json=MATHS_TEACHER), 503)["code"] == "artifacts_missing"


def test_profile_text_is_not_logged(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    secret = "Zanzibar-Quokka-Phrase"
    caplog.set_level(logging.DEBUG)
    client.post("/v1/recommendations", json=_with(profile_text=f"I know SQL. {secret}"))
    client.post("/v1/recommendations", json=_with(profile_text=secret, limit=0))
    client.post("/v1/teams/gap", headers=KEY, json={"target": "data analyst",
                                                   "members": [{"id": "a", "profile_text": secret}]})
    assert secret not in caplog.text


# --- teams -----------------------------------------------------------------------------------

TEAM = {
    "id": "analytics", "name": "Quokka Squad", "target": "data analyst",
    "constraints": {"max_cost": 1000, "formats": ["online"]},
    "members": [
        {"id": "ana-quokka", "skills": ["SQL", "statistics", "juggling"]},
        {"id": "ben", "profile_text": "Zanzibar reports: I write Python and SQL every day."},
        {"id": "cai", "skills": [{"skill": PYTHON, "proficiency": 0.5}], "held_credentials": ["harbourline-sql-basics"]},
    ],
}


@pytest.fixture(params=["sqlite", "postgresql"])
def team_client(request: pytest.FixtureRequest, ready_template: Path, tmp_path: Path) -> TestClient:
    """The ready engine on SQLite, or the same on a PostgreSQL schema with the toy catalog imported."""
    if request.param == "sqlite":
        return TestClient(create_app(engine=copy_ready(ready_template, tmp_path)))
    url = request.getfixturevalue("postgres_url")
    engine = copy_ready(ready_template, tmp_path, database_url=url)
    engine.import_catalog([CATALOG / "courses.csv"])
    return TestClient(create_app(engine=engine))


def _stored_bytes(client: TestClient) -> bytes:
    """Everything the database holds about teams, as bytes (SQLite file and log, or the rows)."""
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    url = engine.settings.database
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
    from sqlalchemy import text

    with engine.storage.engine.connect() as conn:
        rows = conn.execute(text("select t::text from teams t union all select m::text from team_members m")).all()
    return "\n".join(r[0] for r in rows).encode()


def test_team_crud_and_gap_of_a_stored_team(team_client: TestClient) -> None:
    client = team_client
    created = client.post("/v1/teams", json=TEAM, headers=KEY)
    assert created.status_code == 201, created.text
    assert created.headers["location"] == "/v1/teams/analytics"
    saved = created.json()
    assert saved["team"]["target"] == {"role": DATA_ANALYST, "label": "data analyst"}
    members = {m["id"]: m for m in saved["team"]["members"]}
    assert {s["label"] for s in members["ana-quokka"]["skills"]} == {"SQL", "statistics"}
    assert {(s["id"], s["source"]) for s in members["ben"]["skills"]} == {(PYTHON, "text"), (SQL, "text")}
    assert saved["unresolved"] == {"ana-quokka": [{"text": "juggling", "kind": "label",
                                           "reason": "matched no skill of the taxonomy"}]}
    assert b"Zanzibar" not in _stored_bytes(client)  # profile text is never stored
    assert error_of(client.post("/v1/teams", json=TEAM, headers=KEY), 409)["code"] == "conflict"

    got = client.get("/v1/teams/analytics", headers=KEY).json()
    assert got == saved["team"] and skills_have_labels(got) == []
    listing = client.get("/v1/teams", headers=KEY).json()
    assert listing["total"] == 1 and listing["items"][0]["members"] == 3

    gap = client.post("/v1/teams/analytics/gap", headers=KEY)
    assert gap.status_code == 200, gap.text
    body = gap.json()
    assert body["stored_team"]["id"] == "analytics" and body["team"]["size"] == 3
    assert [m["member_id"] for m in body["team"]["members"]] == ["ana-quokka", "ben", "cai"]
    assert body["plan"]["constraints"]["max_cost"] == 1000 and skills_have_labels(body) == []
    cai = next(m for m in body["team"]["members"] if m["member_id"] == "cai")
    assert "harbourline-sql-basics" in cai["held_credentials"]
    other = client.post("/v1/teams/analytics/gap", headers=KEY, json={"constraints": {"free_only": True}, "limit": 1})
    assert other.json()["plan"]["constraints"]["free_only"] is True and len(other.json()["plan"]["items"]) <= 1

    got["name"] = "Renamed"
    got["members"] = got["members"][:2]
    replaced = client.put("/v1/teams/analytics", headers=KEY, json={k: got[k] for k in ("name", "target", "members")})
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["team"]["name"] == "Renamed" and len(replaced.json()["team"]["members"]) == 2
    def skills(members: list[dict[str, Any]]) -> list[list[tuple[str, str, float]]]:
        return [[(k["id"], k["label"], k["proficiency"]) for k in m["skills"]] for m in members]

    assert skills(replaced.json()["team"]["members"]) == skills(saved["team"]["members"][:2])  # GET PUTs back
    assert error_of(client.put("/v1/teams/nobody", headers=KEY, json=TEAM | {"id": None}), 404)["code"] == "unknown_team"

    assert b"ana-quokka" in _stored_bytes(client)  # so the check after the delete means something
    assert client.delete("/v1/teams/analytics", headers=KEY).status_code == 204
    assert error_of(client.get("/v1/teams/analytics", headers=KEY), 404)["code"] == "unknown_team"
    assert error_of(client.delete("/v1/teams/analytics", headers=KEY), 404)["code"] == "unknown_team"
    assert error_of(client.post("/v1/teams/analytics/gap", headers=KEY), 404)["code"] == "unknown_team"
    stored = _stored_bytes(client)
    for trace in (b"Quokka Squad", b"ana-quokka", b"Zanzibar"):  # secure_delete + the log truncated on SQLite
        assert trace not in stored


def test_a_stored_team_is_checked_before_it_is_kept(client: TestClient) -> None:
    cases = [
        (TEAM | {"target": "astronaut"}, 422, "target"),  # the body's fault: the team may exist
        (TEAM | {"members": [{"id": "a"}, {"id": "a"}]}, 422, "members[1].id"),
        (TEAM | {"members": []}, 422, "members"),
        (TEAM | {"name": ""}, 422, "name"),
        (TEAM | {"id": "no spaces please"}, 422, "id"),
        (TEAM | {"constraints": {"formats": ["fax"]}}, 422, "constraints.formats"),
        (TEAM | {"target": [{"role": "data analyst", "headcount": 0}]}, 422, "target[0].headcount"),
        (TEAM | {"members": [{"id": "a", "held_credentials": ["nope"]}]}, 422, "members[0].held_credentials"),
    ]
    for body, status, field in cases:
        error = error_of(client.post("/v1/teams", json=body, headers=KEY), status)
        if field:
            assert field in [d["field"] for d in error["details"]], (body, error)
    assert client.get("/v1/teams", headers=KEY).json()["total"] == 0


def test_an_ad_hoc_team_gap_with_headcounts_stores_nothing(client: TestClient) -> None:
    body = {"target": [{"role": "data analyst", "headcount": 2}, "web developer"],
            "members": [m for m in TEAM["members"]], "limit": 3}  # type: ignore[attr-defined]
    answer = client.post("/v1/teams/gap", headers=KEY, json=body)
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert [r["headcount"] for r in result["team"]["roles"]] == [2, 1]
    assert result["stored_team"] is None and result["unresolved"]["ana-quokka"][0]["text"] == "juggling"
    assert skills_have_labels(result) == []
    assert client.get("/v1/teams", headers=KEY).json()["total"] == 0
    error = error_of(client.post("/v1/teams/gap", headers=KEY, json={"target": "data analyst", "members": []}), 422)
    assert error["details"][0]["field"] == "members"


def test_an_ad_hoc_team_names_the_member_and_field_a_fault_is_in(client: TestClient) -> None:
    members = [{"id": "a", "skills": ["SQL"]}, {"id": "b", "held_credentials": ["harbourline-sql-basics", "nope"]}]
    cases = [
        ({"target": "astronaut", "members": members[:1]}, "target"),
        ({"target": [{"role": "data analyst"}, {"role": "astronaut"}], "members": members[:1]}, "target[1].role"),
        ({"target": "data analyst", "members": members}, "members[1].held_credentials[1]"),
        ({"target": "data analyst", "members": [{"id": "a", "role": "astronaut"}]}, "members[0].role"),
    ]
    for body, field in cases:
        error = error_of(client.post("/v1/teams/gap", headers=KEY, json=body), 422)
        assert [d["field"] for d in error["details"]] == [field], (body, error)
    assert "no role matches 'astronaut'" in error["message"]


def test_each_member_of_a_team_plan_gets_the_credentials_they_take_in_order(client: TestClient) -> None:
    answer = client.post("/v1/teams/gap", headers=KEY, json={"target": "data analyst", "members": TEAM["members"], "limit": 5})
    assert answer.status_code == 200, answer.text
    result = answer.json()
    items = result["plan"]["items"]
    assert items
    for member in result["team"]["members"]:
        taken = {i["credential"]["id"] for i in items if member["member_id"] in i["takers"]}
        pathway = result["pathways"][member["member_id"]]
        assert set(pathway["order"]) == taken and len(pathway["order"]) == len(taken)
        assert [s["position"] for s in pathway["steps"]] == list(range(1, len(taken) + 1))


# --- imports ---------------------------------------------------------------------------------


def _files(*paths: Path, names: tuple[str, ...] = ()) -> list[tuple[str, tuple[str, bytes]]]:
    return [("file", (names[i] if names else p.name, p.read_bytes())) for i, p in enumerate(paths)]


def test_catalog_upload_good_bad_and_clashing(client: TestClient) -> None:
    good = client.post("/v1/imports/catalog", headers=KEY,
                       files=_files(CATALOG / "ob2-badgeclass.json", CATALOG / "ob3-achievement.json"))
    assert good.status_code == 200, good.text
    report = good.json()
    assert report["accepted"] >= 2 and report["files"] == ["ob2-badgeclass.json", "ob3-achievement.json"]
    assert report["formats"] == {"open_badges_2": 1, "open_badges_3": report["accepted"] - 1}  # read from the upload
    assert "skillmatch-upload" not in good.text  # files are named as uploaded
    assert client.get("/v1/credentials").json()["total"] == 6 + report["accepted"]

    bad = error_of(client.post("/v1/imports/catalog", headers=KEY, files=_files(CATALOG / "bad-courses.csv")), 422)
    assert bad["code"] == "import_rejected" and len(bad["details"]) > 3
    first = bad["details"][0]
    assert (first["source"], first["line"], first["field"]) == ("bad-courses.csv", 3, "cost")
    assert "skillmatch-upload" not in json.dumps(bad)
    listed = error_of(client.post("/v1/imports/catalog", headers=KEY, files=_files(CATALOG / "bad-badges.json")), 422)
    assert all(d["source"] == "bad-badges.json" for d in listed["details"])
    assert any(d["index"] is not None for d in listed["details"])

    clash = error_of(client.post("/v1/imports/catalog", headers=KEY, files=_files(CATALOG / "courses.csv")), 409)
    assert clash["code"] == "id_conflict" and all(d["field"] == "id" for d in clash["details"])
    assert client.get("/v1/credentials").json()["total"] == 6 + report["accepted"]  # nothing landed

    odd = error_of(client.post("/v1/imports/catalog", headers=KEY,
                               files=_files(CATALOG / "courses.csv", names=("courses.xlsx",))), 422)
    assert "courses.xlsx" in odd["message"]
    assert error_of(client.post("/v1/imports/catalog", headers=KEY), 422)["details"][0]["field"] == "file"
    mapped = client.post("/v1/imports/catalog", headers=KEY, files=_files(CATALOG / "ob3-list.json"),
                         data={"map": "oops"})
    assert error_of(mapped, 422)["details"][0]["field"] == "map[0]"
    engine = client.app.state.engine  # type: ignore[attr-defined]
    stored = json.dumps([c.source for c in engine.all_credentials()] + engine.storage.import_history(50), default=str)
    assert "ob3-achievement.json" in stored and "bad-courses.csv" in stored
    assert "skillmatch-upload" not in stored  # the database keeps the uploaded names too


def test_postings_upload_builds_roles_and_rejects_bad_files(client: TestClient) -> None:
    before = client.get("/v1/roles").json()["total"]
    good = client.post("/v1/imports/postings", headers=KEY, files=_files(POSTINGS / "good.jsonl"))
    assert good.status_code == 200, good.text
    assert good.json()["accepted"] >= 1 and good.json()["files"] == ["good.jsonl"]
    assert client.get("/v1/roles").json()["total"] >= before
    bad = error_of(client.post("/v1/imports/postings", headers=KEY, files=_files(POSTINGS / "bad.csv")), 422)
    assert bad["details"] and all(d["source"] == "bad.csv" for d in bad["details"])
    assert all(d["line"] is not None for d in bad["details"])
    again = error_of(client.post("/v1/imports/postings", headers=KEY, files=_files(POSTINGS / "good.jsonl")), 409)
    assert again["code"] == "id_conflict"


def test_uploads_over_the_limit_are_413(ready_template: Path, tmp_path: Path) -> None:
    client = TestClient(create_app(engine=copy_ready(ready_template, tmp_path, max_upload_bytes=2_000)))
    error = error_of(client.post("/v1/imports/catalog", headers=KEY, files=[("file", ("big.csv", b"x" * 5_000))]), 413)
    assert "2,000 bytes" in error["message"]


# --- rebuilds --------------------------------------------------------------------------------


def test_a_pinned_request_finishes_on_the_version_it_started_with(ready_engine: Engine) -> None:
    with ready_engine.pinned() as old:
        ready_engine.build_index()  # the swap happens mid-request
        assert ready_engine.skill_index() is old
        assert ready_engine.meta()["artifacts_version"] == old.version
        assert ready_engine.recommend("data analyst", _learner()).meta.artifacts_version == old.version
    new = ready_engine.skill_index()
    assert new.version != old.version and ready_engine.meta()["artifacts_version"] == new.version


def _learner():  # type: ignore[no-untyped-def]
    from skillmatch.core.learner import LearnerInput, SkillInput

    return LearnerInput(skills=(SkillInput("statistics"),))


def test_rebuild_in_the_background_then_serve_the_new_version(client: TestClient) -> None:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    old = client.post("/v1/recommendations", json=MATHS_TEACHER).json()["meta"]["artifacts_version"]
    gate = threading.Event()
    real = engine.build_index

    def slow_build(*args: Any, **kwargs: Any) -> Any:
        gate.wait(10)
        return real(*args, **kwargs)

    engine.build_index = slow_build  # type: ignore[method-assign]
    started = client.post("/v1/admin/rebuild", headers=KEY)
    assert started.status_code == 202 and started.json()["status"] == "running"
    assert error_of(client.post("/v1/admin/rebuild", headers=KEY), 409)["code"] == "rebuild_running"
    busy = error_of(client.post("/v1/imports/catalog", headers=KEY, files=_files(CATALOG / "ob3-list.json")), 409)
    assert "rebuild" in busy["message"]
    assert client.post("/v1/recommendations", json=MATHS_TEACHER).json()["meta"]["artifacts_version"] == old
    gate.set()
    done = client.app.state.admin.wait(10)  # type: ignore[attr-defined]
    assert done["status"] == "succeeded"
    status = client.get("/v1/admin/rebuild", headers=KEY).json()
    assert status["result"]["previous_version"] == old and status["result"]["artifacts_version"] != old
    new = client.post("/v1/recommendations", json=MATHS_TEACHER).json()["meta"]["artifacts_version"]
    assert new == status["result"]["artifacts_version"]
    waited = client.post("/v1/admin/rebuild", headers=KEY, params={"wait": True})
    assert waited.status_code == 200 and waited.json()["result"]["previous_version"] == new


def test_a_failed_rebuild_leaves_the_old_version_serving(client: TestClient) -> None:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    old = client.get("/readyz").json()["artifacts_version"]

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError("disk full")

    engine.artifacts.versions.new_version = broken  # type: ignore[method-assign]
    error = error_of(client.post("/v1/admin/rebuild", headers=KEY, params={"wait": True}), 500)
    assert error["code"] == "rebuild_failed" and "disk full" in error["message"]
    assert client.get("/v1/admin/rebuild", headers=KEY).json()["status"] == "failed"
    assert client.get("/readyz").json()["artifacts_version"] == old
    assert client.post("/v1/recommendations", json=MATHS_TEACHER).json()["meta"]["artifacts_version"] == old
    assert client.post("/v1/admin/rebuild", headers=KEY).status_code == 202  # the lock was released


def test_a_rebuild_without_a_taxonomy_is_503(tmp_path: Path) -> None:
    client = TestClient(create_app(engine=Engine(base_settings(tmp_path), encoder=FakeEncoder())))
    assert error_of(client.post("/v1/admin/rebuild", headers=KEY, params={"wait": True}), 503)["code"] == \
        "artifacts_missing"


def test_close_roles_never_repeat_the_query(ready_engine) -> None:  # type: ignore[no-untyped-def]
    labels = [r["label"] for r in ready_engine.storage.list_roles(limit=50)[1]]
    for label in labels[:3]:
        suggested = ready_engine.roles.suggestions(label)
        assert suggested and all(s.casefold() != label.casefold() for s in suggested)


def test_every_answer_says_how_its_role_was_read(client: TestClient) -> None:
    body = client.post("/v1/gap", json={"target_role": "Data Analyst"})
    assert body.status_code == 200, body.text
    read = body.json()["role"]["read_as"]
    assert read["query"] == "Data Analyst" and read["method"] == "label" and read["sure"] is True
    rec = client.post("/v1/recommendations", json=_with(target_role="data analyst"))
    assert rec.json()["role"]["read_as"]["method"] in {"label", "id"}


def test_roles_are_found_by_meaning_as_well_as_by_words(client: TestClient) -> None:
    by_words = client.get("/v1/roles", params={"q": "analyst"}).json()
    assert any(r["label"] == "data analyst" and r["match"] == "words" for r in by_words["items"])
    by_meaning = client.get("/v1/roles", params={"q": "analyst of data"}).json()  # no label holds these words
    found = {r["label"]: r for r in by_meaning["items"]}
    assert "data analyst" in found and found["data analyst"]["match"] == "meaning"
    assert 0.6 <= found["data analyst"]["score"] <= 1.0 and by_meaning["total"] == len(by_meaning["items"])


def test_the_current_role_counts_its_core_skills_and_a_bad_one_names_the_field(client: TestClient) -> None:
    answer = client.post("/v1/gap", json={"target_role": "data analyst", "current_role": "data analyst"})
    assert answer.status_code == 200, answer.text
    held = answer.json()["gap"]["held"]
    assert held and all(h["source"] == "role" and h["proficiency"] == 0.6 for h in held)
    error = error_of(client.post("/v1/gap", json={"target_role": "data analyst", "current_role": "qqqq zzzz"}), 422)
    assert "current_role" in json.dumps(error)


def test_an_over_limit_body_is_refused_having_read_at_most_one_chunk_past_the_limit() -> None:
    import asyncio

    from skillmatch.api.security import BodyLimit

    async def app(scope: Any, receive: Any, send: Any) -> None:  # pragma: no cover - never reached
        raise AssertionError("the application must not see an over-limit body")

    def run(headers: list[tuple[bytes, bytes]]) -> tuple[int, int]:
        read = 0
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            nonlocal read
            read += 1
            return {"type": "http.request", "body": b"x" * 1_000, "more_body": True}  # an endless body

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/v1/gap", "headers": headers}
        asyncio.run(BodyLimit(app, default=5_000)(scope, receive, send))
        return sent[0]["status"], read

    assert run([]) == (413, 6)  # five chunks fit, the sixth goes over: nothing more is read
    assert run([(b"content-length", b"9000000")]) == (413, 0)  # declared too large: not a byte read
