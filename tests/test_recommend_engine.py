"""Gaps, recommendations and team plans through the Engine and the CLI (fake encoder, toy data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from skillmatch import cli
from skillmatch.cli import common
from skillmatch.contracts.base import parse
from skillmatch.contracts.learners import LearnerIn
from skillmatch.core.learner import LearnerInput, SkillInput
from skillmatch.errors import InvalidRequest, UnknownCredential, UnknownRole
from skillmatch.service import Engine
from skillmatch.settings import Settings
from tests.conftest import DATA
from tests.fakes import FakeEncoder

ESCO = "http://data.europa.eu/esco/skill/"
PYTHON, SQL, DATA_MODELS, TEACH, STATISTICS = (ESCO + f"aaaa000{n}" for n in (1, 2, 3, 5, 7))
ANALYST = "http://data.europa.eu/esco/occupation/bbbb0001"
CATALOG = [DATA / "catalog" / name for name in ("courses.csv", "courses.jsonl", "ctdl-graph.jsonld")]
runner = CliRunner()


@pytest.fixture(scope="module")
def ready(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    root = tmp_path_factory.mktemp("recommend")
    engine = Engine(Settings(data_dir=root / "var", cache_dir=root / "cache", models_dir=root / "models", _env_file=None),
                    encoder=FakeEncoder())
    engine.import_taxonomy("esco", DATA / "esco_mini")
    engine.build_index()
    engine.import_catalog(CATALOG)
    return engine


def _learner(*skills: str, text: str = "", held: tuple[str, ...] = ()) -> LearnerInput:
    return LearnerInput(skills=tuple(SkillInput(s) for s in skills), profile_text=text, held_credentials=held)


def test_gap_is_measured_against_the_role_prior_when_there_are_no_postings(ready: Engine) -> None:
    answer = ready.gap("data analyst", _learner(SQL)).model_dump()
    assert answer["role"]["id"] == ANALYST and answer["role"]["postings"] == 0 and answer["role"]["prior_share"] == 1.0
    status = {s["id"]: s["status"] for s in answer["gap"]["skills"]}
    assert set(status) == {SQL, DATA_MODELS, STATISTICS, PYTHON}  # only the role's skills
    assert status[SQL] == "held" and status[STATISTICS] != "held"
    # essential 1.0 x3, optional 0.5: SQL held gives 1 / 3.5 of the role
    assert answer["gap"]["coverage"] == pytest.approx(1 / 3.5, abs=0.01)
    assert answer["meta"]["taxonomy"] == "ESCO" and answer["meta"]["artifacts_version"]


def test_recommendation_closes_gaps_within_the_constraints_with_a_pathway(ready: Engine) -> None:
    rec = ready.recommend("data analyst", _learner("teach mathematics"), {"max_cost": 600, "currency": "EUR"}, 5).model_dump()
    assert rec["coverage_after"] >= rec["coverage_before"]
    assert rec["recommendations"], "some toy credential teaches SQL or Python"
    total = sum(s["credential"]["cost"] or 0 for s in rec["recommendations"])
    assert total <= 600
    for s in rec["recommendations"]:
        assert (s["covers"] or s["reason"].startswith("Needed first")) and s["reason"] and s["credential"]["cost"] is not None
        assert {c["id"] for c in s["covers"]} <= {PYTHON, SQL, DATA_MODELS, STATISTICS}
    assert sorted(rec["pathway"]["order"]) == sorted(s["credential"]["id"] for s in rec["recommendations"])


def test_free_only_and_unknown_format_values(ready: Engine) -> None:
    answer = ready.recommend("data analyst", _learner(), {"free_only": True}, 5)
    assert all(s.credential.cost == 0 for s in answer.recommendations)
    with pytest.raises(InvalidRequest) as info:
        ready.recommend("data analyst", _learner(), {"formats": ["telepathy"]})
    assert info.value.field == "constraints.formats" and "online_self_paced" in str(info.value)
    with pytest.raises(InvalidRequest) as info:
        ready.recommend("data analyst", _learner(), {"budget": 10})
    assert info.value.field == "constraints.budget"


def test_a_learner_holding_every_role_skill_gets_nothing(ready: Engine) -> None:
    answer = ready.recommend("data analyst", _learner(SQL, DATA_MODELS, STATISTICS, PYTHON))
    assert answer.gap.coverage == pytest.approx(1.0)
    assert answer.recommendations == []


def test_labels_resolve_to_skills_and_unknown_ones_are_reported(ready: Engine) -> None:
    answer = ready.gap("data analyst", _learner("structured query language", "underwater basket weaving"))
    held = {s.id: s for s in answer.gap.held}
    assert held[SQL].evidence == "structured query language"
    assert [u.text for u in answer.unresolved] == ["underwater basket weaving"]


def test_skills_in_profile_text_count_as_held(ready: Engine) -> None:
    answer = ready.gap("data analyst", _learner(text="I write SQL every day and I teach statistics."))
    held = {s.id for s in answer.gap.held}
    assert SQL in held


def test_held_credentials_count_and_unknown_ones_are_errors(ready: Engine) -> None:
    held = ready.all_credentials()[0]
    answer = ready.gap("data analyst", _learner(held=(held.id,)))
    assert {s.id for s in held.skills} <= {s.id for s in answer.gap.held}
    with pytest.raises(UnknownCredential):
        ready.gap("data analyst", _learner(held=("no-such-course",)))


def test_unknown_role_and_empty_role(ready: Engine) -> None:
    with pytest.raises(InvalidRequest):
        ready.gap("  ", _learner())
    with pytest.raises(UnknownRole) as info:
        ready.gap("xylophone tuner zz", _learner())
    assert info.value.suggestions


def test_same_input_same_output(ready: Engine) -> None:
    first = ready.recommend("data analyst", _learner("teach mathematics"), {"max_cost": 100})
    second = ready.recommend("data analyst", _learner("teach mathematics"), {"max_cost": 100})
    assert first == second


def test_skills_are_read_from_strings_and_objects() -> None:
    learner = parse(LearnerIn, {"skills": ["SQL", {"skill": "Excel", "proficiency": 0.5}, " "]}).learner()
    assert learner.skills == (SkillInput("SQL"), SkillInput("Excel", 0.5))
    with pytest.raises(InvalidRequest) as info:
        parse(LearnerIn, {"skills": [{"skill": "SQL", "proficiency": 3}]})
    assert info.value.field == "skills[0].proficiency"


def _team(tmp_path: Path) -> Path:
    spec = {
        "name": "analytics move",
        "target": [{"role": "data analyst", "headcount": 2}],
        "members": [
            {"id": "ana", "skills": ["SQL"]},
            {"id": "ben", "skills": ["teach mathematics"]},
            {"id": "cem", "skills": []},
        ],
        "constraints": {"max_cost": 1000},
    }
    path = tmp_path / "team.json"
    path.write_text(json.dumps(spec))
    return path


def test_team_gap_and_plan(ready: Engine, tmp_path: Path) -> None:
    answer = ready.team_gap(json.loads(_team(tmp_path).read_text())).model_dump()
    team, plan = answer["team"], answer["plan"]
    assert team["size"] == 3
    by_skill = {s["id"]: s for s in team["skills"]}
    assert by_skill[STATISTICS]["lacking"] == 3 and by_skill[SQL]["lacking"] == 2
    assert team["heatmap"]["members"] == ["ana", "ben", "cem"]
    assert plan["coverage_after"] >= plan["coverage_before"]
    assert plan["total_cost"] is None or plan["total_cost"] <= 1000


def test_team_spec_errors_name_the_field(ready: Engine) -> None:
    with pytest.raises(InvalidRequest) as info:
        ready.team_gap({"target": "data analyst", "members": []})
    assert info.value.field == "members"
    with pytest.raises(InvalidRequest) as info:
        ready.team_gap({"target": [{"role": "data analyst", "headcount": 0}], "members": [{"id": "a"}]})
    assert info.value.field == "target[0].headcount"


@pytest.fixture
def cli_engine(ready: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setattr(common, "engine", lambda **_: ready)
    return ready


def test_cli_recommend_gap_and_team_gap(cli_engine: Engine, tmp_path: Path) -> None:
    result = runner.invoke(cli.app, ["recommend", "--role", "data analyst", "--skills", "teach mathematics",
                                     "--max-cost", "600", "--format", "online", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"role", "gap", "recommendations", "pathway", "totals", "meta"} <= set(data)
    table = runner.invoke(cli.app, ["recommend", "-r", "data analyst", "-s", "SQL"])
    assert table.exit_code == 0 and "pathway" in table.stdout
    gap = runner.invoke(cli.app, ["gap", "-r", "data analyst", "-s", "SQL", "--json"])
    assert gap.exit_code == 0 and json.loads(gap.stdout)["gap"]["coverage"] > 0
    team = runner.invoke(cli.app, ["team-gap", str(_team(tmp_path)), "--json"])
    assert team.exit_code == 0, team.output
    assert json.loads(team.stdout)["team"]["size"] == 3


def test_cli_bad_inputs_exit_non_zero_with_the_reason(cli_engine: Engine, tmp_path: Path) -> None:
    bad = runner.invoke(cli.app, ["recommend", "-r", "data analyst", "--format", "carrier pigeon"])
    assert bad.exit_code == 1 and "accepted" in bad.stderr
    broken = tmp_path / "team.json"
    broken.write_text('{"target": "data analyst",\n "members": [}')
    result = runner.invoke(cli.app, ["team-gap", str(broken)])
    assert result.exit_code == 2 and "line 2" in result.stderr


def test_a_label_naming_several_skills_about_equally_holds_them_all() -> None:
    from skillmatch.core.learner import build_learner

    def resolve(text: str):  # type: ignore[no-untyped-def]
        return [("s:sheets", "use spreadsheets software", 0.75), ("s:tools", "use mathematical tools", 0.76)]

    learner = build_learner(labels=["Excel"], resolve=resolve)
    assert {s.id for s in learner.skills} == {"s:sheets", "s:tools"}
    assert all(s.evidence == "Excel" and s.source == "label" for s in learner.skills)
    assert build_learner(labels=["Excel"], resolve=lambda text: []).unresolved[0].text == "Excel"


def test_a_role_is_read_from_the_titles_employers_give_its_postings(tmp_path: Path) -> None:
    engine = Engine(Settings(data_dir=tmp_path / "var", cache_dir=tmp_path / "cache", models_dir=tmp_path / "models",
                             _env_file=None), encoder=FakeEncoder())
    engine.import_taxonomy("esco", DATA / "esco_mini")
    engine.build_index()
    postings = [
        {"@context": "https://schema.org", "@type": "JobPosting", "title": title, "identifier": f"p{i}",
         "description": "We need SQL and Python every day to build reports for the sales team.",
         "occupationalCategory": ANALYST, "datePosted": "2026-01-0" + str(i + 1)}
        for i, title in enumerate(["Insight Wrangler", "Senior Insight Wranglers (Retail)", "Insight Wrangler - Health",
                                   "Reporting Analyst"])
    ]
    path = tmp_path / "postings.jsonld"
    path.write_text(json.dumps(postings), encoding="utf-8")
    engine.import_postings([path])
    role, reading = engine.read_role("insight wrangler")
    assert (role.role_id, reading.method, reading.titled) == (ANALYST, "postings", 3)
    assert "3 of its postings" in reading.note
    # one posting is not yet a pattern: the title alone decides, and here it matches nothing
    with pytest.raises(UnknownRole):
        engine.read_role("reporting analyst")


def test_the_role_a_learner_works_in_now_counts_its_core_skills_as_held(ready: Engine) -> None:
    # a maths teacher's core skill is "teach mathematics" (essential); statistics is optional there
    teacher = LearnerInput(current_role="maths teacher")
    held = {h.id: h for h in ready.gap("data analyst", teacher).gap.held}
    assert set(held) == {TEACH} and held[TEACH].source == "role" and held[TEACH].proficiency == 0.6
    analyst = ready.gap("data analyst", LearnerInput(current_role="data analyst")).model_dump()
    by_id = {s["id"]: s for s in analyst["gap"]["skills"]}
    assert by_id[SQL]["credit"] == pytest.approx(0.6) and by_id[SQL]["status"] == "partial"
    assert by_id[SQL]["explanation"] == "held through your work as data analyst (credit 0.60)"
    assert by_id[PYTHON]["credit"] == 0.0  # optional for the role: not core
    with pytest.raises(InvalidRequest) as info:
        ready.gap("data analyst", LearnerInput(current_role="zzzz qqqq"))
    assert info.value.field == "current_role"
