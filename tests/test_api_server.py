"""The main flows against a real uvicorn server on 127.0.0.1 (a free port, in a thread), and a
rebuild while requests are being served from parallel threads."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from skillmatch.service import Engine
from tests.api_support import API_KEY, CATALOG, DATA_ANALYST, MATHS_TEACHER, POSTINGS, LiveServer, copy_ready, error_of
from tests.api_support import until as _until
from tests.fakes import FakeEncoder

pytest_plugins = ["tests.api_fixtures"]  # fixtures: ready_template

KEY = {"X-API-Key": API_KEY}


@pytest.fixture
def server(ready_template: Path, tmp_path: Path) -> Iterator[LiveServer]:
    with LiveServer(copy_ready(ready_template, tmp_path, warm_up=True)) as live:
        yield live


def test_recommendation_gap_and_errors_over_http(server: LiveServer) -> None:
    with server.client() as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/readyz").json()["status"] == "ready"
        answer = client.post("/v1/recommendations", json=MATHS_TEACHER)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["role"]["id"] == DATA_ANALYST and body["recommendations"]
        assert body["totals"]["cost_in_currency"] <= 600
        gap = client.post("/v1/gap", json={"target_role": DATA_ANALYST, "skills": ["SQL"]})
        assert gap.status_code == 200 and gap.json()["gap"]["counts"]["held"] >= 1
        assert error_of(client.post("/v1/recommendations", json={**MATHS_TEACHER, "target_role": "astronaut"}),
                        404)["details"]
        bad = client.post("/v1/recommendations", content=b"{oops", headers={"content-type": "application/json"})
        assert error_of(bad, 422)["code"] == "invalid_json"
        huge = client.post("/v1/skills/extract", json={"text": "x" * 10_000_000})
        assert error_of(huge, 413)["code"] == "too_large"
    with server.client() as client:  # the server is still fine after refusing a big body
        assert client.get("/v1/skills/search", params={"q": "sql"}).status_code == 200


def test_team_crud_and_gap_over_http(server: LiveServer) -> None:
    team = {"id": "ops", "name": "Operations", "target": "data analyst",
            "members": [{"id": "ana", "skills": ["SQL"]}, {"id": "ben", "profile_text": "I use Python and SQL."}]}
    with server.client(headers=KEY) as client:
        assert error_of(client.get("/v1/teams", headers={"X-API-Key": ""}), 401)["code"] == "api_key_missing"
        assert client.post("/v1/teams", json=team).status_code == 201
        assert error_of(client.post("/v1/teams", json=team), 409)["code"] == "conflict"
        stored = client.get("/v1/teams/ops").json()
        assert [m["id"] for m in stored["members"]] == ["ana", "ben"]
        gap = client.post("/v1/teams/ops/gap", json={"limit": 2})
        assert gap.status_code == 200 and gap.json()["team"]["size"] == 2
        renamed = client.put("/v1/teams/ops", json={**team, "name": "Ops"})
        assert renamed.status_code == 200 and renamed.json()["team"]["name"] == "Ops"
        adhoc = client.post("/v1/teams/gap", json={"target": "data analyst", "members": team["members"]})
        assert adhoc.status_code == 200 and adhoc.json()["stored_team"] is None
        assert client.delete("/v1/teams/ops").status_code == 204
        assert error_of(client.get("/v1/teams/ops"), 404)["code"] == "unknown_team"


def test_upload_imports_over_http(server: LiveServer) -> None:
    with server.client(headers=KEY) as client:
        good = client.post("/v1/imports/catalog", files=[("file", ("badge.json", (CATALOG / "ob2-badgeclass.json")
                                                                   .read_bytes()))])
        assert good.status_code == 200, good.text
        assert good.json()["accepted"] == 1 and good.json()["files"] == ["badge.json"]
        bad = error_of(client.post("/v1/imports/catalog", files=[("file", ("mine.csv", (CATALOG / "bad-courses.csv")
                                                                            .read_bytes()))]), 422)
        assert bad["details"][0]["source"] == "mine.csv" and bad["details"][0]["line"] == 3
        postings = client.post("/v1/imports/postings", files=[("file", ("more.jsonl", (POSTINGS / "good.jsonl")
                                                                         .read_bytes()))])
        assert postings.status_code == 200 and postings.json()["accepted"] >= 1
        broken = error_of(client.post("/v1/imports/postings", files=[("file", ("x.jsonld", b"{not json"))]), 422)
        assert broken["details"][0]["source"] == "x.jsonld"


def test_a_rebuild_while_requests_are_served_fails_none_and_switches_versions(server: LiveServer) -> None:
    engine = server.engine
    real_save = engine.artifacts.save

    def slow_save(*args: Any, **kwargs: Any) -> Any:  # the build takes a while, as with a real model
        time.sleep(0.4)
        return real_save(*args, **kwargs)

    engine.artifacts.save = slow_save  # type: ignore[method-assign]
    batch = {"requests": [{**MATHS_TEACHER, "learner_id": f"c{i}"} for i in range(6)]}
    calls = [
        ("post", "/v1/recommendations", {"json": MATHS_TEACHER}),
        ("post", "/v1/gap", {"json": {"target_role": "data analyst", "skills": ["SQL", "statistics"]}}),
        ("post", "/v1/recommendations/batch", {"json": batch}),
        ("get", "/v1/skills/search", {"params": {"q": "python programming"}}),
    ]
    seen: list[tuple[float, float, int, set[str], str]] = []
    lock = threading.Lock()
    stop = threading.Event()
    failures: list[str] = []

    def hammer(worker: int) -> None:
        try:
            serve(worker)
        except BaseException as exc:  # seen by the asserts instead of hanging the test
            failures.append(repr(exc))
            raise

    def serve(worker: int) -> None:
        with server.client() as client:
            n = worker
            while not stop.is_set():
                method, path, kwargs = calls[n % len(calls)]
                n += 1
                started = time.monotonic()
                try:
                    answer = client.request(method, path, **kwargs)
                except httpx.HTTPError as exc:
                    failures.append(f"{path}: {exc!r}")
                    continue
                body = answer.json()
                if path.endswith("/batch") and answer.status_code == 200:
                    versions = {r["meta"]["artifacts_version"] for r in body["results"] if r["ok"]}
                else:
                    versions = {body["meta"]["artifacts_version"]} if "meta" in body else set()
                with lock:
                    seen.append((started, time.monotonic(), answer.status_code, versions, path))

    def finished_after(moment: float) -> int:
        assert not failures, failures
        with lock:
            return sum(1 for s in seen if s[0] > moment)

    workers = [threading.Thread(target=hammer, args=(i,)) for i in range(4)]
    for w in workers:
        w.start()
    try:
        while finished_after(0) < 12:
            time.sleep(0.01)
        asked = time.monotonic()
        with server.client(headers=KEY) as admin:
            rebuilt = admin.post("/v1/admin/rebuild", params={"wait": True})
        done = time.monotonic()
        assert rebuilt.status_code == 200, rebuilt.text
        while finished_after(done) < 12:
            time.sleep(0.01)
    finally:
        stop.set()
        for w in workers:
            w.join(30)
    old, new = rebuilt.json()["result"]["previous_version"], rebuilt.json()["result"]["artifacts_version"]
    assert old != new and not failures
    assert [s for s in seen if s[2] != 200] == []  # no request failed
    assert all(len(s[3]) <= 1 for s in seen)  # a batch is answered from one version throughout
    assert {v for s in seen for v in s[3]} == {old, new}
    after = [s for s in seen if s[0] > done and s[3]]
    assert after and all(s[3] == {new} for s in after)  # requests after the switch see the new version
    during = [s for s in seen if asked < s[0] < done]
    assert during, "requests were served while the rebuild ran"
    assert {v for s in seen if s[1] < asked for v in s[3]} == {old}
    assert server.engine.skill_index().version == new


def test_two_servers_on_one_data_directory_answer_alike_after_an_import_and_a_rebuild(
    ready_template: Path, tmp_path: Path
) -> None:
    """Two workers (or replicas) share the database and the artifacts: what one changes, the other
    serves within its freshness window, and both then give the same answer."""
    first = copy_ready(ready_template, tmp_path, warm_up=True, freshness=0.3)
    second = Engine(first.settings, encoder=FakeEncoder())
    with LiveServer(first) as one, LiveServer(second) as two, one.client(headers=KEY) as a, two.client() as b:
        before = b.post("/v1/recommendations", json=MATHS_TEACHER).json()
        assert before == a.post("/v1/recommendations", json=MATHS_TEACHER).json()
        added = a.post("/v1/imports/catalog", files=[("file", ("badge.json", (CATALOG / "ob2-badgeclass.json")
                                                                   .read_bytes()))])
        assert added.status_code == 200, added.text
        stamp = a.post("/v1/recommendations", json=MATHS_TEACHER).json()["meta"]["catalog_version"]
        assert stamp != before["meta"]["catalog_version"]
        _until(lambda: b.post("/v1/recommendations", json=MATHS_TEACHER).json()["meta"]["catalog_version"] == stamp)
        assert b.get("/v1/credentials", params={"limit": 500}).json()["total"] == \
            a.get("/v1/credentials", params={"limit": 500}).json()["total"]

        assert a.post("/v1/admin/rebuild").status_code == 202
        job = _until(lambda: (j := a.get("/v1/admin/rebuild").json())["status"] != "running" and j)
        assert job["status"] == "succeeded", job
        version = job["result"]["artifacts_version"]
        assert version != before["meta"]["artifacts_version"]
        _until(lambda: b.get("/readyz").json()["artifacts_version"] == version)
        after_a = a.post("/v1/recommendations", json=MATHS_TEACHER).json()
        after_b = b.post("/v1/recommendations", json=MATHS_TEACHER).json()
        assert after_b["meta"]["artifacts_version"] == version
        assert after_a == after_b


def test_a_request_over_the_time_limit_is_answered_503_timeout_and_the_server_goes_on(
    ready_template: Path, tmp_path: Path
) -> None:
    engine = copy_ready(ready_template, tmp_path, request_timeout=0.5)
    real = engine.recommend

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(2.0)
        return real(*args, **kwargs)

    with LiveServer(engine) as live, live.client(headers=KEY) as client:
        assert client.post("/v1/recommendations", json=MATHS_TEACHER).status_code == 200
        engine.recommend = slow  # type: ignore[method-assign]
        started = time.monotonic()
        late = client.post("/v1/recommendations", json=MATHS_TEACHER)
        took = time.monotonic() - started
        assert error_of(late, 503)["code"] == "timeout" and late.headers["retry-after"] == "5"
        assert took < 1.8  # answered at the limit, not when the work ended
        assert client.get("/v1/skills/search", params={"q": "sql"}).status_code == 200
        engine.recommend = real  # type: ignore[method-assign]
        time.sleep(1.6)  # the abandoned work ends; nothing of it reaches the next answer
        assert client.post("/v1/recommendations", json=MATHS_TEACHER).status_code == 200
        slow_import = engine.import_catalog

        def slow_catalog(*args: Any, **kwargs: Any) -> Any:
            time.sleep(0.8)
            return slow_import(*args, **kwargs)

        engine.import_catalog = slow_catalog  # type: ignore[method-assign]
        imported = client.post("/v1/imports/catalog", files=[("file", ("badge.json", (CATALOG / "ob2-badgeclass.json")
                                                                       .read_bytes()))])
        assert imported.status_code == 200, imported.text  # imports answer when they are done


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def _workers(pid: int) -> list[int]:
    """The server's worker processes (not multiprocessing's resource tracker)."""
    out = []
    for child in _children(pid):
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                out.append(child)
        except OSError:
            continue
    return sorted(out)


@pytest.mark.crash
def test_a_worker_killed_under_load_leaves_the_other_answering_and_comes_back(
    ready_template: Path, tmp_path: Path
) -> None:
    import os
    import signal
    import socket
    import subprocess
    import sys

    copy_ready(ready_template, tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    repo = Path(__file__).resolve().parent.parent
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "tests.serve_fake:create", "--factory", "--workers", "2",
         "--port", str(port), "--log-level", "warning"],
        cwd=repo, env={**os.environ, "SKILLMATCH_TEST_ROOT": str(tmp_path), "PYTHONPATH": str(repo)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        def ready() -> bool:
            try:
                return httpx.get(f"{url}/readyz", timeout=2).status_code == 200 and len(_workers(server.pid)) >= 2
            except httpx.HTTPError:
                return False

        _until(ready, 60)
        time.sleep(1.0)  # both workers past their warm-up
        workers = _workers(server.pid)
        assert len(workers) == 2, workers
        results: list[tuple[float, int]] = []
        stop = threading.Event()

        def load() -> None:
            while not stop.is_set():
                try:  # a new connection per request, so both workers get some
                    code = httpx.post(f"{url}/v1/recommendations", json=MATHS_TEACHER, timeout=10,
                                      headers={"connection": "close"}).status_code
                except httpx.HTTPError:
                    code = 0
                results.append((time.monotonic(), code))

        threads = [threading.Thread(target=load) for _ in range(3)]
        for t in threads:
            t.start()
        time.sleep(1.0)
        victim = workers[0]
        killed_at = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        time.sleep(4.0)
        stop.set()
        for t in threads:
            t.join(15)
        after = [code for at, code in results if at > killed_at + 0.5]
        assert after and sum(code == 200 for code in after) >= 0.9 * len(after), after[:20]
        failed = [code for _, code in results if code != 200]
        assert len(failed) <= 3, failed  # at most the requests the killed worker held
        print(f"{len(results)} requests, {len(failed)} failed, {len(after)} after the kill")
        _until(lambda: len([p for p in _workers(server.pid) if p != victim]) >= 2, 30)  # a new worker took its place
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
