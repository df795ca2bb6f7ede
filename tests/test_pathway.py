"""Pathways: prerequisites first, lower levels first, stackable parts together."""

from __future__ import annotations

import itertools

from skillmatch.core.catalog import TaughtSkill
from skillmatch.core.learner import build_learner
from skillmatch.core.pathway import build_pathway
from tests.recommend_toys import CATALOG, LABELS, cred, taught

BY_ID = {c.id: c for c in CATALOG}


def pick(*ids: str):  # type: ignore[no-untyped-def]
    return [BY_ID[i] for i in ids]


def test_credential_prerequisite_comes_first_with_its_reason() -> None:
    path = build_pathway(pick("viz-dashboards", "sql-basics"), catalog=CATALOG)
    assert path.order == ("sql-basics", "viz-dashboards")
    step = path.steps[1]
    assert step.after == ("sql-basics",)
    assert step.reasons == ("needs SQL for Analysts first",)


def test_skill_prerequisite_taught_by_another_credential_orders_them_unless_held() -> None:
    # python-data expects "SQL"; sql-basics teaches it. Without the edge, the level order
    # would put python-data (intermediate) after anyway, so use an advanced SQL course.
    sql_adv = cred("zz-sql", taught("sql"), level="advanced")
    path = build_pathway([BY_ID["python-data"], sql_adv])
    assert path.order == ("zz-sql", "python-data")
    assert path.steps[1].reasons == ("Zz Sql teaches SQL, which it expects",)
    knows_sql = build_learner(ids=["sql"], label_of=LABELS.get)
    path = build_pathway([BY_ID["python-data"], sql_adv], learner=knows_sql)
    assert path.order == ("python-data", "zz-sql")  # intermediate before advanced; SQL already held
    assert path.steps[0].unmet == ()


def test_lower_levels_first_and_eqf_level_when_given() -> None:
    a = cred("a", taught("excel"), level="advanced")
    b = cred("b", taught("excel"), level="beginner")
    c = cred("c", taught("excel"), level="intermediate")
    assert build_pathway([a, b, c]).order == ("b", "c", "a")
    # an EQF level takes precedence: EQF 2 comes before a beginner course (3)
    d = cred("d", taught("excel"), level="advanced", eqf_level=2)
    assert build_pathway([a, b, d]).order == ("d", "b", "a")


def test_stackable_parts_stay_together() -> None:
    a = cred("a-part", taught("sql"), is_part_of=("fam",))
    b = cred("b-other", taught("sql"))
    c = cred("c-part", taught("sql"), is_part_of=("fam",))
    # by id alone b-other would sit between the two parts
    assert build_pathway([a, b, c]).order == ("a-part", "c-part", "b-other")


def test_a_larger_credential_comes_after_its_parts() -> None:
    path = build_pathway(pick("da-cert", "stats-free"), catalog=CATALOG)
    assert path.order == ("stats-free", "da-cert")
    assert path.steps[1].reasons == ("Statistics Open Course is one of its parts",)


def test_stack_progress_reports_parts_done() -> None:
    path = build_pathway(pick("sql-basics", "viz-dashboards"), catalog=CATALOG)
    (stack,) = path.stacks
    assert stack.id == "da-cert" and stack.parts == ("sql-basics", "stats-free", "viz-dashboards")
    assert stack.summary == "2 of 3 parts of Data Analytics Certificate"
    assert not stack.complete
    holder = build_learner(credentials=pick("stats-free"))
    (stack,) = build_pathway(pick("sql-basics", "viz-dashboards"), catalog=CATALOG, learner=holder).stacks
    assert stack.complete and stack.summary == "completes all 3 parts of Data Analytics Certificate"
    assert stack.held == ("stats-free",)


def test_unmet_prerequisites_are_listed_and_held_credentials_meet_them() -> None:
    path = build_pathway(pick("viz-dashboards"), catalog=CATALOG)
    assert path.steps[0].unmet == ("SQL for Analysts",)  # by title, not by id
    holder = build_learner(credentials=pick("sql-basics"))
    assert build_pathway(pick("viz-dashboards"), catalog=CATALOG, learner=holder).steps[0].unmet == ()


def test_cycles_are_broken_and_reported() -> None:
    a = cred("a", taught("sql"), prerequisites=("b",))
    b = cred("b", taught("sql"), prerequisites=("a",))
    path = build_pathway([b, a])
    assert path.order == ("a", "b")
    assert path.notes and "depend on each other" in path.notes[0]


def test_order_does_not_depend_on_input_order() -> None:
    chosen = pick("viz-dashboards", "python-data", "stats-free", "sql-basics", "excel-paid", "da-cert")
    orders = {build_pathway(list(p), catalog=CATALOG).as_dict()["order"].__repr__() for p in itertools.permutations(chosen)}
    assert len(orders) == 1
    order = build_pathway(chosen, catalog=CATALOG).order
    assert order.index("sql-basics") < order.index("viz-dashboards") < order.index("da-cert")
    assert order.index("stats-free") < order.index("da-cert")


def test_a_skill_prerequisite_given_as_an_id_is_named_by_its_label() -> None:
    uri = "http://data.europa.eu/esco/skill/sql-id"
    needs_sql = cred("needs-sql", taught("python"), title="Python with Databases", prerequisites=(uri,))
    path = build_pathway([needs_sql], skill_label={uri: "SQL"}.get)
    assert path.steps[0].unmet == ("SQL",)
    teaches = cred("teaches-sql", (TaughtSkill(uri, "SQL", 1.0, "declared"),), title="SQL Start", level="advanced")
    path = build_pathway([needs_sql, teaches], skill_label={uri: "SQL"}.get)
    assert path.order == ("teaches-sql", "needs-sql")
    assert path.steps[1].reasons == ("SQL Start teaches SQL, which it expects",)
    assert all("://" not in text for step in path.steps for text in (*step.reasons, *step.unmet))


def test_credentials_equal_in_dependencies_and_level_follow_the_given_rank() -> None:
    a, b = cred("a", taught("excel")), cred("b", taught("sql"))
    assert build_pathway([a, b]).order == ("a", "b")  # the smaller id without a rank
    assert build_pathway([a, b], rank={"b": 0, "a": 1}).order == ("b", "a")
