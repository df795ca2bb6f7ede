"""The recommendation evaluation harness on toy data, and the JCRec loader."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from skillmatch.adapters.loaders.jcrec import load_jcrec
from skillmatch.core.catalog import Credential, TaughtSkill
from skillmatch.core.pool import CredentialPool
from skillmatch.core.taxonomy import Occupation, Skill, SkillRelation, Taxonomy
from skillmatch.errors import DataFormatError
from skillmatch.evaluation.career_change import (
    career_change_scenarios,
    evaluate_career_change,
    frej_greedy,
    occupation_profile,
)
from skillmatch.evaluation.market import _JobsGreedy, evaluate_market, market_occupations, market_profile, qualified_count
from tests.conftest import shared
from tests.fakes import FakeEncoder

SKILLS = [Skill(f"s{i}", f"skill number {i}") for i in range(12)]


def course(cid: str, *skills: int) -> Credential:
    return Credential(
        cid,
        f"course {cid}",
        "Toy",
        skills=tuple(TaughtSkill(f"s{i}", f"skill number {i}", 1.0, "declared") for i in skills),
        learning_outcomes=tuple(f"skill number {i}" for i in skills),
    )


def toy_taxonomy() -> Taxonomy:
    occupations = [
        Occupation("o-a", "toy analyst", description="analyses toys", code="2511"),
        Occupation("o-b", "toy engineer", description="builds toys", code="2512"),
        Occupation("o-c", "toy seller", description="sells toys", code="5223"),
        Occupation("o-d", "toy tester", description="tests toys", code="2519"),
    ]
    rel = [
        *(SkillRelation("o-a", f"s{i}", "essential") for i in (0, 1, 2, 3)),
        SkillRelation("o-a", "s4", "optional"),
        *(SkillRelation("o-b", f"s{i}", "essential") for i in (0, 5, 6, 7, 8)),
        SkillRelation("o-b", "s9", "optional"),
        *(SkillRelation("o-c", f"s{i}", "essential") for i in (10, 11)),
        *(SkillRelation("o-d", f"s{i}", "essential") for i in (1, 2, 5, 6, 7, 9)),
    ]
    return Taxonomy.build("toy", "1", SKILLS, occupations, rel)


CATALOG = [course("c1", 5, 6), course("c2", 5, 6, 7), course("c3", 9), course("c4", 8, 9), course("c5", 1, 2, 3, 4)]


def test_occupation_profile_weights_essential_and_optional() -> None:
    prof = occupation_profile(toy_taxonomy(), "o-b")
    assert {s.id: s.weight for s in prof.skills} == {"s0": 1.0, "s5": 1.0, "s6": 1.0, "s7": 1.0, "s8": 1.0, "s9": 0.5}


def test_scenarios_share_the_isco_major_group_and_are_seeded() -> None:
    tax = toy_taxonomy()
    taught = {t.id for c in CATALOG for t in c.skills}
    first = career_change_scenarios(tax, taught, n=10, seed=1, min_taught=3, min_gap=2)
    again = career_change_scenarios(tax, taught, n=10, seed=1, min_taught=3, min_gap=2)
    assert [(s.source_id, s.role.role_id) for s in first] == [(s.source_id, s.role.role_id) for s in again]
    assert first
    for s in first:
        assert s.source_id != s.role.role_id
        assert tax.occupations[s.source_id].code[0] == tax.occupations[s.role.role_id].code[0]
        assert s.role.role_id != "o-c"  # the seller's skills are not taught by the catalog
        held = {r.skill_id for r in tax.relations_of(s.source_id) if r.kind == "essential"}
        assert set(s.learner.skill_ids) == held
        assert s.target_text.startswith(tax.occupations[s.role.role_id].label)


def test_frej_greedy_counts_uncovered_required_skills() -> None:
    pool = CredentialPool(CATALOG)
    # c2 covers 3 of {5,6,7,8,9}; then c4 covers 8 and 9; nothing else is new
    assert frej_greedy(pool, {"s5", "s6", "s7", "s8", "s9"}, 5) == ["c2", "c4"]
    # equal counts go to the smaller id
    assert frej_greedy(pool, {"s5", "s9"}, 1) == ["c1"]


def test_career_change_evaluation_shape_and_values() -> None:
    tax = toy_taxonomy()
    taught = {t.id for c in CATALOG for t in c.skills}
    scenarios = career_change_scenarios(tax, taught, n=5, seed=3, min_taught=3, min_gap=2)
    result = evaluate_career_change(scenarios, CATALOG, FakeEncoder(), None, unknown_cost=10.0)
    methods = result["methods"]
    assert isinstance(methods, dict) and set(methods) == {"ours", "semantic_search", "frej_greedy"}
    for row in methods.values():
        assert set(row) >= {"coverage@1", "coverage@3", "coverage@5", "cost@5"}
        assert 0.0 <= row["coverage@1"] <= row["coverage@3"] <= row["coverage@5"] <= 1.0
        assert row["cost@5"] == pytest.approx(10.0 * row["courses@5"])  # unpriced courses count 10
    assert result["scenarios"] == len(scenarios)
    assert methods["ours"]["coverage@5"] >= methods["frej_greedy"]["coverage@5"] - 1e-9
    assert 0 < float(result["ceiling"]) <= 1.0  # type: ignore[arg-type]


def test_market_profile_takes_the_nearest_occupations() -> None:
    market = {"a": frozenset({"s0", "s1", "s2", "s3", "s4"}), "b": frozenset({"s5", "s6"}), "c": frozenset({"s7", "s8", "s9"})}
    labels = {s.id: s.label for s in SKILLS}
    held = {"s0", "s1", "s2"}  # a needs 4 of 5 -> one more; b needs 2; c needs 3
    prof = market_profile(held, market, labels, nearest=2)
    weights = {s.id: s.weight for s in prof.skills}
    assert set(weights) == {"s3", "s4", "s5", "s6"}
    assert weights["s3"] == weights["s4"] == 1.0 and weights["s5"] == pytest.approx(0.5)
    assert qualified_count(held | {"s3"}, market) == 1


def test_jobs_greedy_matches_brute_force() -> None:
    market = {"a": frozenset({"s0", "s1", "s2", "s3", "s4"}), "b": frozenset({"s5", "s6", "s7"}), "c": frozenset({"s8", "s9"})}
    pool = CredentialPool(CATALOG)
    held = {"s0", "s1"}
    got = _JobsGreedy(pool, market, 0.8).run(held, 3)

    def attract(skills: set[str]) -> int:
        return sum(sum(1 for req in market.values() if s in req) for s in skills)

    have, expected = set(held), []
    for _ in range(3):
        options = [c for c in pool.credentials if c.id not in expected]
        best = max(options, key=lambda c: (qualified_count(have | {t.id for t in c.skills}, market), attract(have | {t.id for t in c.skills}), [-ord(ch) for ch in c.id]))
        expected.append(best.id)
        have |= {t.id for t in best.skills}
    assert got == expected


def test_market_evaluation_shape() -> None:
    tax = toy_taxonomy()
    market = market_occupations(tax, {f"s{i}" for i in range(10)}, min_share=0.5, min_skills=2)
    assert set(market) == {"o-a", "o-b", "o-d"}
    labels = {s.id: s.label for s in SKILLS}
    result = evaluate_market({"l1": {"s0", "s1"}, "l2": {"s5"}}, market, CATALOG, None, labels, ks=(1, 2, 3))
    methods = result["methods"]
    assert isinstance(methods, dict) and set(methods) == {"ours", "ours_replanned", "frej_greedy", "frej_jobs"}
    for row in methods.values():
        values = [row[f"qualified@{k}"] for k in (1, 2, 3)]
        assert values == sorted(values) and all(0 <= v <= 3 for v in values)


# --- the JCRec loader ----------------------------------------------------------------------


def write_jcrec(folder: Path) -> Path:
    folder.mkdir()
    (folder / "taxonomy.csv").write_text(
        ",Source,Type Level 4,altLabels,Definition,Dimension,unique_id,name\n"
        '0,http://data.europa.eu/esco/skill/a,SQL,"SQL\nstructured query language",Query language.,knowledge,1000,SQL\n'
        "1,http://data.europa.eu/esco/skill/b,Python,Python,A language.,knowledge,1001,Python\n"
        "2,http://data.europa.eu/esco/skill/c,teamwork,teamwork,Working together.,skills,1002,teamwork\n"
    )
    courses = {
        "11": {"required": [[1000, "beginner"]], "to_acquire": [[1001, "intermediate"], [1000, "expert"]]},
        "12": {"required": [], "to_acquire": [[1002, "beginner to advanced"]]},
        "13": {"required": [[1000, "unknown"]], "to_acquire": []},
    }
    (folder / "courses.json").write_text(json.dumps(courses))
    (folder / "resumes.json").write_text(json.dumps({"r1": [[1000, "expert"], [1002, "unknown"]]}))
    (folder / "mastery_levels.json").write_text(json.dumps({"beginner": 1, "intermediate": 2, "expert": 3, "unknown": -1}))
    return folder


def test_jcrec_loader_builds_credentials_and_resumes(tmp_path: Path) -> None:
    data = load_jcrec(write_jcrec(tmp_path / "jcrec"))
    assert data.counts == {"skills": 3, "courses": 2, "skipped_courses": 1, "resumes": 1}
    c11 = next(c for c in data.credentials if c.id == "udemy:11")
    assert [t.id for t in c11.skills] == ["http://data.europa.eu/esco/skill/b", "http://data.europa.eu/esco/skill/a"]
    assert all(t.weight == 1.0 and t.source == "declared" for t in c11.skills)
    assert c11.level == "advanced" and c11.format == "online_self_paced" and c11.cost is None
    assert c11.prerequisites == ()  # the required SQL is also taught
    assert c11.text == "Udemy course 11\nPython\nSQL"
    c12 = next(c for c in data.credentials if c.id == "udemy:12")
    assert c12.level == "advanced"  # "beginner to advanced" counts as its highest named level
    assert data.resumes == {"r1": {"http://data.europa.eu/esco/skill/a": 3, "http://data.europa.eu/esco/skill/c": -1}}
    assert data.skills["http://data.europa.eu/esco/skill/a"].alt_labels == ("structured query language",)


def test_jcrec_loader_names_bad_records(tmp_path: Path) -> None:
    folder = write_jcrec(tmp_path / "jcrec")
    (folder / "resumes.json").write_text(json.dumps({"r1": [[4242, "expert"]]}))
    with pytest.raises(DataFormatError) as err:
        load_jcrec(folder)
    assert "4242" in str(err.value) and "resume r1" in str(err.value)
    (folder / "courses.json").unlink()
    with pytest.raises(DataFormatError, match="courses.json"):
        load_jcrec(folder)


@pytest.mark.integration
def test_jcrec_loader_reads_the_shared_data() -> None:
    data = load_jcrec(shared("catalogs", "jcrec-udemy-esco"))
    assert data.counts == {"skills": 1793, "courses": 2978, "skipped_courses": 22, "resumes": 238}
    assert all(c.skills for c in data.credentials)
    assert len(set(itertools.chain.from_iterable((t.id for t in c.skills) for c in data.credentials))) == 1339


@pytest.mark.integration
def test_career_change_on_esco_and_jcrec_beats_the_baselines() -> None:
    from skillmatch.adapters.loaders.esco import load_esco

    taxonomy = load_esco(shared("esco-v1.1.1"))
    data = load_jcrec(shared("catalogs", "jcrec-udemy-esco"))
    pool = CredentialPool(data.credentials)
    taught = {t.id for c in pool.credentials for t in c.skills}
    scenarios = career_change_scenarios(taxonomy, taught, n=25, seed=7)
    assert len(scenarios) == 25
    result = evaluate_career_change(scenarios, pool, FakeEncoder(), None)
    methods = result["methods"]
    assert isinstance(methods, dict)
    assert methods["ours"]["coverage@5"] >= methods["frej_greedy"]["coverage@5"]
    assert methods["ours"]["coverage@5"] >= 1.5 * methods["semantic_search"]["coverage@5"]
