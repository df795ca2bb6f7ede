"""Learner profiles and the gap against a role, on the toy skill space of recommend_toys."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillmatch.core.catalog import Credential, TaughtSkill
from skillmatch.core.extraction import Evidence, ExtractedSkill
from skillmatch.core.gap import compute_gap
from skillmatch.core.learner import build_learner
from skillmatch.core.similarity import CreditRule, ExactSimilarity, HierarchySimilarity, VectorSimilarity
from skillmatch.errors import InvalidRequest
from tests.recommend_toys import ANALYST, LABELS, SIMILARITY, role


def label_of(sid: str) -> str | None:
    return LABELS.get(sid)


def resolver(text: str) -> tuple[str, str, float] | None:
    by_label = {v.lower(): k for k, v in LABELS.items()}
    sid = by_label.get(text.lower())
    return (sid, LABELS[sid], 1.0) if sid else None


# --- the learner --------------------------------------------------------------------------


def test_builder_merges_every_source_and_reports_unresolved_inputs() -> None:
    extracted = [
        ExtractedSkill("python", "Python", 0.8, (Evidence(10, 16, "Python", "exact"),), {}),
        ExtractedSkill("linux", "Linux", 0.7, (), {}, negated=True),
    ]
    course = Credential("c1", "Spreadsheets", "P", skills=(TaughtSkill("excel", LABELS["excel"], 0.5, "declared"),))
    learner = build_learner(
        ids=["teach", "no-such-id"],
        label_of=label_of,
        labels=[("SQL", 0.7), "underwater basket weaving"],
        resolve=resolver,
        extracted=extracted,
        credentials=[course],
    )
    by_id = {s.id: s for s in learner.skills}
    assert set(by_id) == {"teach", "sql", "python", "excel"}  # the negated Linux is not held
    assert by_id["sql"].source == "label" and by_id["sql"].proficiency == 0.7 and by_id["sql"].evidence == "SQL"
    assert by_id["python"].source == "text" and by_id["python"].evidence == "Python"
    assert by_id["excel"].source == "credential" and by_id["excel"].credential_id == "c1"
    assert by_id["excel"].proficiency == 0.5  # the weight the credential teaches it with
    assert learner.credentials == ("c1",)
    assert [(u.text, u.kind) for u in learner.unresolved] == [("no-such-id", "id"), ("underwater basket weaving", "label")]


def test_builder_keeps_the_highest_proficiency_and_the_most_direct_source() -> None:
    learner = build_learner(ids=[("sql", 0.4)], labels=[("SQL", 0.9)], resolve=resolver)
    assert [(s.id, s.proficiency, s.source) for s in learner.skills] == [("sql", 0.9, "label")]
    tie = build_learner(ids=[("sql", 0.9)], labels=[("SQL", 0.9)], resolve=resolver)
    assert tie.skills[0].source == "id"


def test_builder_rejects_bad_proficiency_and_labels_without_resolver() -> None:
    with pytest.raises(InvalidRequest) as err:
        build_learner(ids={"sql": 1.5})
    assert err.value.field == "proficiency"
    with pytest.raises(InvalidRequest) as err:
        build_learner(labels=["SQL"])
    assert err.value.field == "labels"


# --- the gap ------------------------------------------------------------------------------


def test_related_skill_earns_partial_explained_credit() -> None:
    learner = build_learner(ids=["sql"], label_of=label_of)
    gap = compute_gap(learner, ANALYST, SIMILARITY)
    dbq = gap.skill("dbq")
    # cosine 0.85 -> 0.8 * (0.85 - 0.6) / 0.4 = 0.5
    assert dbq.credit == pytest.approx(0.5, abs=1e-5)
    assert dbq.status == "partial"
    assert dbq.gap_weight == pytest.approx(0.4 * 0.5, abs=1e-5)
    assert dbq.matched_by is not None and dbq.matched_by.id == "sql" and not dbq.matched_by.exact
    assert dbq.matched_by.similarity == pytest.approx(0.85, abs=1e-5)
    assert dbq.explanation == 'partly covered by your "SQL" (similarity 0.85, credit 0.50)'
    assert gap.skill("sql").status == "held" and gap.skill("sql").explanation == 'you hold "SQL"'


def test_taxonomy_hierarchy_gives_credit_between_a_skill_and_its_broader_skill() -> None:
    hierarchy = HierarchySimilarity(ExactSimilarity(), {"sql": ["dbq"]})  # SQL is a query language
    narrow = compute_gap(build_learner(ids=["sql"], label_of=label_of), ANALYST, hierarchy).skill("dbq")
    assert narrow.credit == pytest.approx(0.8 * (0.9 - 0.6) / 0.4) and narrow.matched_by.id == "sql"  # type: ignore[union-attr]
    broad = compute_gap(build_learner(ids=["dbq"], label_of=label_of), ANALYST, hierarchy).skill("sql")
    assert broad.credit == pytest.approx(0.8 * (0.8 - 0.6) / 0.4)  # the general skill earns less
    assert narrow.explanation == 'partly covered by your "SQL", a narrower skill of it (credit 0.60)'
    assert broad.matched_by is not None and broad.matched_by.relation == "broader"
    cosine = compute_gap(build_learner(ids=["sql"], label_of=label_of), ANALYST, SIMILARITY).skill("dbq")
    assert cosine.matched_by is not None and cosine.matched_by.relation == ""  # the embeddings gave it
    assert hierarchy.related("sql", "dbq") == 0.9 and hierarchy.related("dbq", "sql") == 0.8
    assert hierarchy.related("sql", "stats") == 0.0
    # the larger of the two signals counts: cosine 0.85 (SIMILARITY) beats nothing, 0.9 beats 0.85
    both = HierarchySimilarity(SIMILARITY, {"sql": ["dbq"]})
    assert both.matrix(["sql"], ["dbq"])[0, 0] == pytest.approx(0.9)
    assert HierarchySimilarity(SIMILARITY, {}).matrix(["sql"], ["dbq"])[0, 0] == pytest.approx(0.85, abs=1e-5)


def test_a_skill_that_draws_on_another_earns_credit_toward_it_one_way_only() -> None:
    # "teach" (teach mathematics) draws on statistics (optional link) and on SQL (essential link)
    links = {"teach": {"stats": "optional", "sql": "essential"}}
    similarity = HierarchySimilarity(ExactSimilarity(), {}, links=links)
    teacher = build_learner(ids=["teach"], label_of=label_of)
    gap = compute_gap(teacher, ANALYST, similarity)
    assert gap.skill("stats").credit == pytest.approx(0.8 * (0.8 - 0.6) / 0.4)  # 0.4
    assert gap.skill("sql").credit == pytest.approx(0.8 * (0.9 - 0.6) / 0.4)  # 0.6
    stats = gap.skill("stats")
    assert stats.matched_by is not None and stats.matched_by.relation == "draws_on"
    assert stats.explanation.endswith(", which draws on it (credit 0.40)")
    assert similarity.related("stats", "teach") == 0.0  # knowing statistics says nothing of teaching
    assert similarity.matrix(["stats", "teach"], ["teach", "stats"]).ravel().tolist() == pytest.approx([0.0, 1.0, 1.0, 0.8])


def test_similarity_below_the_floor_gives_nothing_and_exact_mode_ignores_relatives() -> None:
    teacher = build_learner(ids=["teach"], label_of=label_of)  # cosine with statistics is 0.436
    assert compute_gap(teacher, ANALYST, SIMILARITY).skill("stats").status == "missing"
    sql = build_learner(ids=["sql"], label_of=label_of)
    for exact in (None, ExactSimilarity()):
        gap = compute_gap(sql, ANALYST, exact)
        assert gap.skill("dbq").credit == 0.0 and gap.skill("dbq").matched_by is None


def test_proficiency_scales_credit_and_sets_status() -> None:
    learner = build_learner(ids=[("excel", 0.6), ("sql", 0.95)], label_of=label_of)
    gap = compute_gap(learner, ANALYST, SIMILARITY)
    assert gap.skill("excel").credit == pytest.approx(0.6)
    assert gap.skill("excel").status == "partial"
    assert gap.skill("excel").explanation == 'you hold "use spreadsheets software" at proficiency 0.60'
    assert gap.skill("sql").status == "held"  # 0.95 >= 0.9


def test_coverage_is_importance_weighted_share_held_and_skills_sorted_by_gap() -> None:
    learner = build_learner(ids=["sql", ("excel", 0.6)], label_of=label_of)
    gap = compute_gap(learner, ANALYST, SIMILARITY)
    total = 1.0 + 0.9 + 0.8 + 0.6 + 0.5 + 0.4
    expected = (1.0 * 1.0 + 0.5 * 0.6 + 0.4 * 0.5) / total
    assert gap.coverage == pytest.approx(expected, abs=1e-5)
    weights = [g.gap_weight for g in gap.skills]
    assert weights == sorted(weights, reverse=True)
    assert [g.id for g in gap.gaps][:3] == ["viz", "stats", "python"]
    assert gap.counts() == {"held": 1, "partial": 2, "missing": 3}


def test_learner_holding_every_role_skill_has_full_coverage_and_no_gaps() -> None:
    learner = build_learner(ids=[s.id for s in ANALYST.skills], label_of=label_of)
    gap = compute_gap(learner, ANALYST, SIMILARITY)
    assert gap.coverage == pytest.approx(1.0)
    assert gap.gaps == ()
    assert all(s.status == "held" for s in gap.skills)


def test_gap_as_dict_names_every_skill_with_id_and_label() -> None:
    learner = build_learner(ids=["sql"], label_of=label_of, labels=["nothing like it"], resolve=resolver)
    data = compute_gap(learner, ANALYST, SIMILARITY).as_dict()
    assert data["role"] == {"id": "data-analyst", "label": "data analyst"}
    assert all({"id", "label", "status", "credit", "gap_weight", "explanation"} <= set(s) for s in data["skills"])  # type: ignore[attr-defined]
    assert data["unresolved"] == [{"text": "nothing like it", "kind": "label", "reason": "matched no skill of the taxonomy"}]


def test_credit_rule_formula() -> None:
    rule = CreditRule(floor=0.6, max_partial=0.8)
    assert rule.partial(np.array([0.5, 0.6, 0.8, 1.0])).tolist() == pytest.approx([0.0, 0.0, 0.4, 0.8])
    with pytest.raises(ValueError):
        CreditRule(floor=1.0)


def test_vector_similarity_knows_each_skill_is_itself_and_nothing_about_unknowns() -> None:
    sim = VectorSimilarity(["a"], np.array([[1.0, 0.0]], dtype=np.float32))
    assert sim.matrix(["a", "x"], ["a", "x", "y"]).tolist() == [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]


# --- invariants ---------------------------------------------------------------------------

SKILLS = sorted(LABELS)
held_st = st.dictionaries(st.sampled_from(SKILLS), st.floats(0.0, 1.0), max_size=6)
role_st = st.dictionaries(st.sampled_from(SKILLS), st.floats(0.0, 1.0), min_size=1, max_size=8)


@settings(max_examples=80, deadline=None)
@given(held=held_st, weights=role_st)
def test_gap_invariants(held: dict[str, float], weights: dict[str, float]) -> None:
    learner = build_learner(ids=held, label_of=label_of)
    target = role(weights)
    gap = compute_gap(learner, target, SIMILARITY)
    assert {g.id for g in gap.skills} == set(weights)  # only, and every, skill of the role
    assert 0.0 <= gap.coverage <= 1.0 + 1e-9
    for g in gap.skills:
        assert 0.0 <= g.credit <= 1.0
        assert g.gap_weight == pytest.approx(g.importance * (1 - g.credit), abs=1e-6)
        if g.id in held:
            assert g.credit >= held[g.id] - 1e-6  # holding a skill gives at least its proficiency
    assert compute_gap(learner, target, SIMILARITY) == gap  # same input, same answer


def test_a_trace_of_credit_is_not_called_partly_covered() -> None:
    from skillmatch.core.gap import CreditSource, GapSkill

    source = CreditSource("s:excel", "Excel", 0.61, False, 1.0, "label", "Excel")
    trace = GapSkill("s:stats", "statistics", 0.8, "missing", 0.02, 0.784, source)
    assert trace.explanation == "not held"
    partial = GapSkill("s:stats", "statistics", 0.8, "partial", 0.3, 0.56, source)
    assert partial.explanation.startswith('partly covered by your "Excel"')


def test_a_broader_skill_earns_nothing_toward_a_named_product_under_it() -> None:
    from skillmatch.core.similarity import ExactSimilarity, HierarchySimilarity

    parents = {"azure": ["cloud"], "cloud-security": ["cloud"]}
    similarity = HierarchySimilarity(ExactSimilarity(), parents, products={"azure"})
    assert similarity.related("cloud", "azure") == 0.0  # a cloud course teaches no Azure by name
    assert similarity.related("cloud", "cloud-security") == pytest.approx(0.8)
    assert similarity.related("azure", "cloud") == pytest.approx(0.9)  # who knows Azure knows cloud
    assert similarity.matrix(["cloud"], ["azure", "cloud-security"]).ravel().tolist() == pytest.approx([0.0, 0.8])
