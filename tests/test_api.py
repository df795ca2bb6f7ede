from __future__ import annotations

from fastapi.testclient import TestClient

from skillmatch.api.app import create_app
from skillmatch.service import Engine
from tests.conftest import DATA


def test_skill_search_endpoint_and_error_body(engine: Engine) -> None:
    client = TestClient(create_app(engine=engine))
    assert client.get("/healthz").json() == {"status": "ok"}
    missing = client.get("/readyz")
    assert missing.status_code == 503 and missing.json()["error"]["code"] == "artifacts_missing"
    engine.import_taxonomy("esco", DATA / "esco_mini")
    engine.build_index()
    assert client.get("/readyz").json()["status"] == "ready"
    answer = client.get("/v1/skills/search", params={"q": "sql", "top": 2})
    assert answer.status_code == 200
    first = answer.json()["results"][0]
    assert (first["id"], first["label"], first["score"]) == (
        "http://data.europa.eu/esco/skill/aaaa0002",
        "SQL",
        1.0,
    )
    bad = client.get("/v1/skills/search", params={"q": "sql", "top": 0})
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["field"] == "query.top"


def test_extract_endpoint_answers_spans_and_rejects_bad_bodies(engine: Engine) -> None:
    engine.import_taxonomy("esco", DATA / "esco_mini")
    engine.build_index()
    client = TestClient(create_app(engine=engine))
    answer = client.post("/v1/skills/extract", json={"text": "You will write SQL. No C++ needed."})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    sql = next(s for s in body["skills"] if s["label"] == "SQL")
    assert sql["evidence"][0] == {"start": 15, "end": 18, "text": "SQL", "signal": "exact"}
    assert [s["label"] for s in body["negated"]] == ["C++"]
    empty = client.post("/v1/skills/extract", json={"text": ""})
    assert empty.status_code == 422 and empty.json()["error"]["details"][0]["field"] == "text"
    wrong = client.post("/v1/skills/extract", json={"text": 5})
    assert wrong.status_code == 422
