"""The rules of scripts/review_answers.py on small hand-made answers: one that passes, one that fails."""

from __future__ import annotations

import copy
import importlib
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
ra = importlib.import_module("review_answers")

URI = "http://data.europa.eu/esco/skill/0001"


def credential(cid: str = "sql-basics", title: str = "SQL Basics", **fields: Any) -> dict[str, Any]:
    return {"id": cid, "title": title, "provider": "Acme", "cost": 50.0, "currency": "EUR", "hours": 10.0,
            "level": "beginner", "format": "online_self_paced", "language": "en", **fields}


def learner_answer() -> dict[str, Any]:
    """A learner's answer: role with two skills (importance 0.5 each), one pick covering SQL."""
    return {
        "role": {"id": "role:data-analyst", "label": "data analyst", "postings": 6,
                 "read_as": {"query": "data analyst", "method": "label", "score": 1.0, "sure": True,
                             "note": "the role 'data analyst'"}},
        "gap": {"skills": [{"id": "s:sql", "label": "SQL", "importance": 0.5, "credit": 0.0, "status": "missing"},
                           {"id": "s:excel", "label": "Excel", "importance": 0.5, "credit": 1.0, "status": "held"}],
                "held": [{"id": "s:excel", "label": "Excel", "proficiency": 1.0}], "held_credentials": []},
        "recommendations": [{
            "rank": 1, "credential": credential(), "gain": 0.4, "score": 0.4,
            "covers": [{"id": "s:sql", "label": "SQL", "importance": 0.5, "strength": 0.8, "gain": 0.4}],
            "reason": "Covers your top gap — SQL — for 50 EUR in 10 hours, online self-paced.",
        }],
        "pathway": {"steps": [{"credential": credential(), "unmet_prerequisites": [], "reasons": []}], "notes": []},
        "totals": {"cost_in_currency": 50.0, "currency": "EUR", "hours": 10.0, "hours_unknown": 0},
        "alternatives": [], "free_options": [], "remaining_gaps": [],
        "constraints": {"max_cost": 100, "max_hours": 20, "free_only": False},
    }


REQUEST = {"target_role": "data analyst", "skills": ["Excel"], "constraints": {"max_cost": 100, "max_hours": 20}}


def team_answer() -> dict[str, Any]:
    """Two members; "a" lacks SQL (credit 0.2 < 0.5), "b" does not (0.7)."""
    members = [{"member_id": "a", "skills": [{"id": "s:sql", "label": "SQL", "credit": 0.2, "status": "partial"}]},
               {"member_id": "b", "skills": [{"id": "s:sql", "label": "SQL", "credit": 0.7, "status": "partial"}]}]
    return {
        "roles": [{"id": "r", "label": "data analyst", "read_as": {
            "query": "data analyst", "method": "label", "score": 1.0, "sure": True, "note": "the role 'data analyst'"}}],
        "team": {"size": 2, "lacking_below": 0.5, "roles": [{"id": "r", "label": "data analyst", "headcount": 2}],
                 "skills": [{"id": "s:sql", "label": "SQL", "needed_by": 2, "lacking": 1, "lacking_share": 0.5}],
                 "members": members,
                 "heatmap": {"members": ["a", "b"], "skills": [{"id": "s:sql", "label": "SQL"}], "credits": [[0.2], [0.7]]}},
        "plan": {"items": [{"credential": credential(), "takers": ["a"], "cost": 50.0,
                            "skills": [{"id": "s:sql", "label": "SQL", "members": 1, "strength": 0.8}],
                            "reason": "Covers gaps for 1 of 2 people — SQL — for 1 × 50 EUR = 50 EUR, 10 hours each."}],
                 "total_cost": 50.0, "currency": "EUR"},
        "pathways": {"a": {"order": [credential()["id"]]}, "b": {"order": []}},
    }


# --- rule 1 ------------------------------------------------------------------------------------
def profile(postings: int, asked: int, prior: float) -> dict[str, Any]:
    return {"label": "nurse", "postings": postings, "skills": [
        {"label": "patient care", "postings": 9, "prior": 1.0},
        {"label": "interact verbally in German", "postings": asked, "prior": prior}]}


def test_rule1_language_asked_by_a_real_share_or_essential_passes() -> None:
    assert ra.languages_asked(profile(10, 3, 0.0)) == []
    assert ra.languages_asked(profile(10, 0, 1.0)) == []


def test_rule1_language_asked_by_few_postings_fails() -> None:
    found = ra.languages_asked(profile(20, 3, 0.5))  # 15 % of postings, optional prior
    assert len(found) == 1 and "interact verbally in German" in found[0] and "15%" in found[0]
    assert len(ra.languages_asked(profile(4, 2, 0.0))) == 1  # 50 % but only two postings


def test_rule1_missing_postings_is_a_missing_field() -> None:
    p = profile(10, 3, 0.0)
    del p["skills"][1]["postings"]
    assert ra.languages_asked(p) == ["missing field: role.skills[].postings"]


# --- rule 2 ------------------------------------------------------------------------------------
def test_rule2_cover_of_a_quarter_or_more_with_an_honest_reason_passes() -> None:
    assert ra.covers_minimum(learner_answer()) == []


def test_rule2_small_raise_and_overclaiming_reason_fail() -> None:
    answer = learner_answer()
    cover = answer["recommendations"][0]["covers"][0]
    cover.update(strength=0.1, gain=0.05)  # raises SQL by 0.1 < 0.25
    answer["recommendations"][0]["reason"] = "Covers 3 of your gaps — SQL and 2 more — for 50 EUR."
    found = ra.covers_minimum(answer)
    assert any("raises it by 0.100" in v for v in found)
    assert any("says it covers 3 gaps but it lists 1" in v for v in found)
    assert any("names 3 skills but 1 are listed" in v for v in found)


def test_rule2_alternatives_without_strength_are_a_missing_field() -> None:
    answer = learner_answer()
    answer["alternatives"] = [{"credential": credential("x", "X"), "covers": [{"id": "s:sql", "label": "SQL"}]}]
    assert [v for v in ra.covers_minimum(answer) if v.startswith("missing field: alternatives")]


def test_rule2_team_reason_counts() -> None:
    assert ra.covers_minimum(team_answer()) == []
    answer = team_answer()
    answer["plan"]["items"][0]["reason"] = "Covers gaps for everyone — SQL — for free."
    assert ra.covers_minimum(answer) == ["“SQL Basics”: the reason says 2 of 2 people, the plan lists 1 of 2"]


# --- rule 3 ------------------------------------------------------------------------------------
def test_rule3_nothing_held_suggested_passes() -> None:
    assert ra.nothing_held_again(learner_answer(), REQUEST) == []


def test_rule3_held_skill_and_held_credential_suggested_fail() -> None:
    answer = learner_answer()
    answer["recommendations"][0]["covers"].append({"id": "s:excel2", "label": "excel", "strength": 1.0})
    found = ra.nothing_held_again(answer, {**REQUEST, "held_credentials": ["sql-basics"]})
    assert any("held already but is suggested again" in v for v in found)
    assert any("to close “excel”, which the learner holds" in v for v in found)


def test_rule3_held_skill_shown_as_missing_fails() -> None:
    answer = learner_answer()
    answer["gap"]["skills"][1].update(credit=0.0, status="missing")
    assert ra.nothing_held_again(answer, REQUEST) == ["“Excel” is held but the gap lists it as missing (credit 0.00)"]


# --- rule 4 ------------------------------------------------------------------------------------
def with_prerequisite() -> tuple[dict[str, Any], dict[str, Any]]:
    answer = learner_answer()
    records = {"sql-basics": {**credential(), "prerequisites": ["spreadsheets-101"], "skills": []},
               "spreadsheets-101": {**credential("spreadsheets-101", "Spreadsheets 101"), "prerequisites": [], "skills": []}}
    return answer, records


def test_rule4_prerequisite_held_or_named_passes() -> None:
    answer, records = with_prerequisite()
    assert ra.prerequisites_met(answer, records, {**REQUEST, "held_credentials": ["spreadsheets-101"]}) == []
    answer["pathway"]["steps"][0]["unmet_prerequisites"] = ["Spreadsheets 101"]
    assert ra.prerequisites_met(answer, records, REQUEST) == []


def test_rule4_unnamed_or_raw_id_prerequisite_fails() -> None:
    answer, records = with_prerequisite()
    assert len(ra.prerequisites_met(answer, records, REQUEST)) == 1
    records["sql-basics"]["prerequisites"] = [URI]
    answer["pathway"]["steps"][0]["unmet_prerequisites"] = [URI]
    assert ra.prerequisites_met(answer, records, REQUEST) == [
        f"“SQL Basics” needs {URI}, which the answer names only by this raw id, not by a title or label"]


# --- rule 5 ------------------------------------------------------------------------------------
def test_rule5_plain_text_passes() -> None:
    answer = learner_answer()
    answer["gap"]["skills"][0]["label"] = "pay-per-click"  # a label, not an id
    assert ra.no_raw_ids(answer, ["sql-basics"]) == []


def test_rule5_ids_in_reasons_and_notes_fail() -> None:
    answer = learner_answer()
    answer["pathway"]["steps"][0]["reasons"] = [f"Spreadsheets 101 teaches {URI}, which it expects"]
    answer["pathway"]["notes"] = ["sql-basics and cred-0123 depend on each other"]
    answer["pathway"]["steps"][0]["unmet_prerequisites"] = ["quanta-sql-fundamentals"]
    found = ra.no_raw_ids(answer, ["sql-basics"])
    assert len(found) == 3
    for shown in ("raw id “http://”", "raw id “cred-0123”", "raw id “quanta-sql-fundamentals”"):
        assert any(shown in v for v in found), shown


# --- rule 6 ------------------------------------------------------------------------------------
def test_rule6_counts_agreeing_with_member_gaps_pass() -> None:
    assert ra.team_counts(team_answer()) == []


def test_rule6_wrong_counts_and_heatmap_fail() -> None:
    answer = team_answer()
    answer["team"]["skills"][0].update(lacking=2, lacking_share=1.0)
    answer["team"]["heatmap"]["credits"] = [[0.9], [0.7]]
    found = ra.team_counts(answer)
    assert "“SQL”: lacking 2, but 1 members' credit is below 0.5" in found
    assert any(v.startswith("heat map: a × “SQL”") for v in found)


def test_rule6_a_member_pathway_that_is_not_their_part_of_the_plan_fails() -> None:
    answer = team_answer()
    answer["pathways"]["b"]["order"] = [credential()["id"]]  # b takes nothing in the plan
    assert ra.team_counts(answer) == [f"b's pathway ['{credential()['id']}'] is not the plan's credentials they take []"]


def test_rule6_without_lacking_below_is_a_missing_field() -> None:
    answer = team_answer()
    del answer["team"]["lacking_below"]
    assert ra.team_counts(answer) == ["missing field: team.lacking_below"]


# --- rule 7 ------------------------------------------------------------------------------------
def test_rule7_stated_reading_passes() -> None:
    assert ra.role_reading(learner_answer(), "data analyst") == []
    answer = learner_answer()
    answer["role"]["read_as"] = {"query": "data wizard", "method": "title", "score": 0.62, "sure": False,
                                 "note": "'data wizard' read as 'data analyst', the closest role: check this"}
    assert ra.role_reading(answer, "data wizard", ["data analyst"]) == []


def test_rule7_unflagged_loose_reading_fails() -> None:
    answer = learner_answer()
    answer["role"]["read_as"] = {"query": "data wizard", "method": "title", "score": 0.62, "sure": True,
                                 "note": "'data wizard' read as 'data analyst'"}
    found = ra.role_reading(answer, "data wizard", ["data scientist"])
    assert any("at 0.62 is marked sure" in v for v in found)
    assert any("a loose reading not flagged" in v for v in found)


def test_rule7_missing_reading_fails() -> None:
    answer = learner_answer()
    answer["role"]["read_as"] = None
    assert ra.role_reading(answer, "data analyst") == ["missing field: role.read_as"]
    team = team_answer()
    assert ra.role_reading(team, "data analyst") == []
    del team["roles"][0]["read_as"]
    assert ra.role_reading(team, "data analyst")[0].startswith("missing field: roles[0].read_as")


# --- rule 8 ------------------------------------------------------------------------------------
def test_rule8_picks_within_constraints_pass() -> None:
    assert ra.within_constraints(learner_answer(), REQUEST) == []
    assert ra.within_constraints(team_answer(), {"constraints": {"max_cost": 60, "max_hours": 10}}) == []


def test_rule8_picks_outside_constraints_fail() -> None:
    answer = copy.deepcopy(learner_answer())
    answer["recommendations"][0]["credential"].update(format="in_person", cost=150.0)
    answer["totals"].update(cost_in_currency=150.0, hours=30.0)
    request = {"constraints": {"max_cost": 100, "max_hours": 20, "formats": ["online"], "free_only": True}}
    found = ra.within_constraints(answer, request)
    assert any("format in_person not in" in v for v in found)
    assert any("not free" in v for v in found)
    assert "the picks cost 150 EUR, over the budget 100" in found
    assert "the picks take 30 hours, over the 20 allowed" in found
    assert "constraint free_only asked True but applied False" in found


def test_rule8_team_over_budget_and_hours_fail() -> None:
    found = ra.within_constraints(team_answer(), {"constraints": {"max_cost": 40, "max_hours": 5}})
    assert "the plan costs 50 EUR, over the team budget 40" in found
    assert "a is put down for 10 hours, over the 5 allowed each" in found
