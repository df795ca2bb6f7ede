"""Team gaps and the team training plan."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillmatch.core.constraints import Constraints
from skillmatch.core.learner import build_learner
from skillmatch.core.team import RoleDemand, TeamMember, mix_profile, team_gap, team_plan
from skillmatch.errors import InvalidRequest
from tests.recommend_toys import ANALYST, CLOUD, LABELS, SIMILARITY, cred, role, taught

TEAM_CATALOG = (
    cred("cloud-101", taught("cloud", "linux"), cost=100.0, hours=30.0),
    cred("linux-30", taught("linux"), cost=30.0, hours=10.0),
    cred("python-free", taught("python"), cost=0.0, hours=20.0, format="online_live"),
    cred("sql-49", taught("sql"), cost=49.0, hours=20.0),
)


def member(mid: str, *held: str, role=None) -> TeamMember:  # type: ignore[no-untyped-def]
    return TeamMember(mid, build_learner(ids=list(held), label_of=LABELS.get), role)


TEAM = [member("ana", "cloud", "python"), member("ben"), member("cai", "linux"), member("dee", "linux", "python")]


def test_team_gap_counts_who_lacks_each_skill() -> None:
    team = team_gap(TEAM, CLOUD, similarity=SIMILARITY)
    by_id = {s.id: s for s in team.skills}
    assert by_id["cloud"].lacking == 3 and by_id["cloud"].lacking_share == pytest.approx(0.75)
    assert by_id["linux"].lacking == 2
    assert by_id["python"].lacking == 2
    assert by_id["cloud"].team_gap == pytest.approx(0.75)  # importance 1.0, three of four lack it
    assert [s.id for s in team.skills] == ["cloud", "linux", "python"]  # ranked by team gap
    assert len(team.members) == 4 and team.members[1].gap.coverage == 0.0
    assert team.coverage == pytest.approx(sum(m.gap.coverage for m in team.members) / 4)


def test_a_skill_nobody_holds_is_lacked_by_everyone_whatever_its_importance() -> None:
    minor = role({"cloud": 1.0, "linux": 0.8, "python": 0.1}, "cloud-engineer", "cloud engineer")
    team = team_gap([member("ana"), member("ben"), member("cai", "python")], minor, similarity=SIMILARITY)
    python = next(s for s in team.skills if s.id == "python")
    assert python.lacking == 2 and python.needed_by == 3  # gap weight 0.1 < 0.25, still lacked
    assert team.lacking_below == 0.5 and team.as_dict()["lacking_below"] == 0.5


def test_heatmap_is_members_by_top_skills_of_credits() -> None:
    team = team_gap(TEAM, CLOUD, similarity=SIMILARITY, heatmap_skills=2)
    heat = team.heatmap
    assert heat.members == ("ana", "ben", "cai", "dee")
    assert [sid for sid, _ in heat.skills] == ["cloud", "linux"]
    assert heat.credits == ((1.0, 0.0), (0.0, 0.0), (0.0, 1.0), (0.0, 1.0))
    assert heat.as_dict()["skills"] == [{"id": "cloud", "label": "cloud technologies"}, {"id": "linux", "label": "Linux"}]


def test_several_roles_with_headcounts_mix_or_assign() -> None:
    demands = [RoleDemand(CLOUD, 3), RoleDemand(ANALYST, 1)]
    mix = mix_profile(demands)
    assert mix.weight_of("cloud") == pytest.approx(0.75)
    assert mix.weight_of("python") == pytest.approx((3 * 0.5 + 0.6) / 4)
    assert mix.weight_of("sql") == pytest.approx(0.25)
    team = team_gap([member("ana"), member("ben", role="data-analyst")], demands, similarity=SIMILARITY)
    assert team.members[0].gap.role_id == mix.role_id
    assert team.members[1].gap.role_id == "data-analyst"
    assert team.roles[1]["assigned"] == ["ben"]
    with pytest.raises(InvalidRequest) as err:
        team_gap([member("ana", role="astronaut")], demands)
    assert err.value.field == "role"


def test_team_plan_prefers_credentials_closing_gaps_for_many() -> None:
    team = team_gap(TEAM, CLOUD, similarity=SIMILARITY)
    plan = team_plan(team, TEAM_CATALOG, similarity=SIMILARITY)
    first = plan.items[0]
    assert first.credential.id == "cloud-101"  # cloud for three people, Linux for two (ana lacks Linux)
    assert first.takers == ("ben", "cai", "dee", "ana")  # largest gain first: ben lacks both
    assert first.cost == pytest.approx(400.0)  # 100 EUR × 4 takers
    assert first.reason == (
        "Covers gaps for everyone — cloud technologies, Linux — for 4 × 100 EUR = 400 EUR, 30 hours each, online self-paced."
    )
    assert dict((sid, n) for sid, _, _, n in first.skills) == {"cloud": 3, "linux": 2}
    assert [i.credential.id for i in plan.items] == ["cloud-101", "python-free"]
    assert plan.items[1].takers == ("ben", "cai")
    assert plan.coverage_after == pytest.approx(1.0)
    assert plan.seats == 6 and plan.total_cost == pytest.approx(400.0)
    assert plan.stopped == "no gain"


def test_team_budget_limits_seats_to_the_largest_gains() -> None:
    team = team_gap(TEAM, CLOUD, similarity=SIMILARITY)
    plan = team_plan(team, TEAM_CATALOG, similarity=SIMILARITY, constraints=Constraints(max_cost=230))
    assert plan.total_cost is not None and plan.total_cost <= 230
    first = plan.items[0]
    # 230 EUR buys two seats of cloud-101: ben (lacks cloud and Linux) and then cai (cloud;
    # tied with dee, member order decides)
    assert first.credential.id == "cloud-101" and first.takers == ("ben", "cai")
    assert [i.credential.id for i in plan.items] == ["cloud-101", "python-free", "linux-30"]
    assert plan.items[2].takers == ("ana",)
    assert plan.total_cost == pytest.approx(230.0)


def test_team_input_errors() -> None:
    with pytest.raises(InvalidRequest):
        team_gap([], CLOUD)
    with pytest.raises(InvalidRequest) as err:
        team_gap([member("a"), member("a")], CLOUD)
    assert err.value.field == "members"
    with pytest.raises(InvalidRequest) as err:
        team_gap([member("a")], [RoleDemand(CLOUD, 0)])
    assert err.value.field == "headcount"


held_st = st.lists(st.sampled_from(["cloud", "linux", "python", "sql"]), unique=True, max_size=3)


@settings(max_examples=60, deadline=None)
@given(
    members=st.lists(held_st, min_size=1, max_size=6),
    budget=st.none() | st.sampled_from([0.0, 50.0, 150.0, 400.0]),
    limit=st.integers(1, 4),
)
def test_team_plan_invariants(members: list[list[str]], budget: float | None, limit: int) -> None:
    team = team_gap([member(f"m{i}", *held) for i, held in enumerate(members)], CLOUD, similarity=SIMILARITY)
    rules = Constraints(max_cost=budget)
    plan = team_plan(team, TEAM_CATALOG, similarity=SIMILARITY, constraints=rules, limit=limit)
    assert len(plan.items) <= limit
    if budget is not None:
        assert (plan.total_cost or 0.0) <= budget + 1e-6
    assert plan.coverage_after >= plan.coverage_before - 1e-9
    for mid, (before, after) in plan.member_coverage.items():
        assert after >= before - 1e-9, mid
    for item in plan.items:
        assert item.takers and item.value > 0
    assert team_plan(team, TEAM_CATALOG, similarity=SIMILARITY, constraints=rules, limit=limit) == plan


def test_plan_skills_meet_the_covers_minimum_for_every_taker() -> None:
    members = [TeamMember(f"m{i}", build_learner(ids=[], label_of=LABELS.get)) for i in range(3)]
    crumbs = cred("crumbs", taught(("cloud", 0.2), ("linux", 1.0)), cost=10.0)
    plan = team_plan(team_gap(members, CLOUD, similarity=SIMILARITY), [crumbs], similarity=SIMILARITY)
    (item,) = plan.items
    assert [(sid, round(st, 2), n) for sid, _, st, n in item.skills] == [("linux", 1.0, 3)]
