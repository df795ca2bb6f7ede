"""A team's gap against the roles it is moving to, and one training plan for the whole team.

**Targets.** Each member is measured against a role: their own (``TeamMember.role`` as a
:class:`RoleProfile`, or the id of one of the team's target roles), else the team target. With
one target role that is the role; with several roles and head-counts (:class:`RoleDemand`),
a member without a role gets the **mix**: importance of skill s = ``Σ_r h_r · a_{r,s} / Σ_r h_r``
(head-count-weighted mean of the roles' importances).

**Team gap.** Per skill of any member's role (gap weights as in :mod:`skillmatch.core.gap`):

* ``lacking`` = members whose role needs s and whose credit for s is below ``lacking_below``
  (0.5: less than half held), whatever the skill's importance, and ``lacking_share`` =
  lacking / team size;
* ``team_gap`` = mean gap weight over all members (0 for members whose role lacks s), the
  ranking key; ``mean_credit`` = mean credit over all members.

The heat map gives every member's credit for the ``heatmap_skills`` skills with the largest
team gap (credit computed for every member, whether their role needs the skill or not).

**Team plan.** Greedy over credentials, each picked once. A credential is taken by every member
for whom it adds at least ``min_gain`` of *their* role coverage (see
:mod:`skillmatch.core.recommend`). Its value is the sum of those members' coverage gains; its
cost is its price times the number of members who take it. With a team budget B the score is
``value / (1 + cost / B)``, and when the full cost does not fit in what is left of B, the
members with the largest gains take it, as many as fit. ``max_hours`` bounds each member's
own study time (the hours of the credentials they take). Near-ties (2 %) go to the cheaper,
then shorter, then smaller id; it stops at ``limit`` credentials or when nothing adds
``min_gain`` for anyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from skillmatch.core.catalog import Credential
from skillmatch.core.constraints import Constraints
from skillmatch.core.gap import GapSettings, SkillGap, compute_gap
from skillmatch.core.learner import LearnerProfile
from skillmatch.core.pool import CredentialPool, CredentialSummary
from skillmatch.core.profiles import RoleProfile, RoleSkill
from skillmatch.core.recommend import COVERS_AT_LEAST, FORMAT_WORDS, RecommendSettings, money_text, names_text, number_text
from skillmatch.core.similarity import SkillSimilarity
from skillmatch.errors import InvalidRequest

#: A member lacks a skill their role needs while their credit for it is below this (half held).
LACKING_BELOW = 0.5


@dataclass(frozen=True)
class TeamMember:
    member_id: str
    learner: LearnerProfile
    role: RoleProfile | str | None = None  # own role, or the id of one of the team's target roles


@dataclass(frozen=True)
class RoleDemand:
    role: RoleProfile
    headcount: int = 1


@dataclass(frozen=True, slots=True)
class TeamSkill:
    id: str
    label: str
    importance: float  # mean over members (0 where a member's role lacks it)
    needed_by: int  # members whose role has it
    lacking: int
    lacking_share: float
    mean_credit: float
    team_gap: float

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "importance": round(self.importance, 4),
            "needed_by": self.needed_by,
            "lacking": self.lacking,
            "lacking_share": round(self.lacking_share, 4),
            "mean_credit": round(self.mean_credit, 4),
            "team_gap": round(self.team_gap, 4),
        }


@dataclass(frozen=True)
class MemberGap:
    member_id: str
    gap: SkillGap

    def as_dict(self) -> dict[str, object]:
        return {"member_id": self.member_id, **self.gap.as_dict()}


@dataclass(frozen=True)
class HeatMap:
    members: tuple[str, ...]
    skills: tuple[tuple[str, str], ...]  # (id, label)
    credits: tuple[tuple[float, ...], ...]  # members × skills

    def as_dict(self) -> dict[str, object]:
        return {
            "members": list(self.members),
            "skills": [{"id": i, "label": label} for i, label in self.skills],
            "credits": [[round(v, 4) for v in row] for row in self.credits],
        }


@dataclass(frozen=True)
class TeamGap:
    skills: tuple[TeamSkill, ...]  # largest team gap first
    members: tuple[MemberGap, ...]
    heatmap: HeatMap
    coverage: float  # mean of the members' coverages
    lacking_below: float
    roles: tuple[dict[str, object], ...] = ()  # target roles with head-count and members assigned

    def as_dict(self) -> dict[str, object]:
        return {
            "size": len(self.members),
            "coverage": round(self.coverage, 4),
            "lacking_below": self.lacking_below,
            "roles": [dict(r) for r in self.roles],
            "skills": [s.as_dict() for s in self.skills],
            "members": [m.as_dict() for m in self.members],
            "heatmap": self.heatmap.as_dict(),
        }


def mix_profile(demands: Sequence[RoleDemand]) -> RoleProfile:
    """One profile for several roles: the head-count-weighted mean importance of each skill."""
    heads = sum(d.headcount for d in demands)
    weight: dict[str, float] = {}
    labels: dict[str, str] = {}
    for d in demands:
        for s in d.role.skills:
            weight[s.id] = weight.get(s.id, 0.0) + d.headcount * s.weight / heads
            labels.setdefault(s.id, s.label)
    skills = tuple(
        RoleSkill(id=i, label=labels[i], weight=w, frequency=w, specificity=0.5, prior=0.0, postings=0, required_share=0.0)
        for i, w in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    name = " + ".join(f"{d.headcount} × {d.role.label}" for d in demands)
    return RoleProfile(
        role_id="mix:" + "+".join(d.role.role_id for d in demands),
        label=f"team mix ({name})",
        postings=sum(d.role.postings for d in demands),
        prior_share=0.0,
        skills=skills,
    )


def _roles_for(
    members: Sequence[TeamMember], target: RoleProfile | Sequence[RoleDemand]
) -> tuple[list[RoleProfile], list[dict[str, object]]]:
    demands = [RoleDemand(target, len(members))] if isinstance(target, RoleProfile) else list(target)
    if not demands:
        raise InvalidRequest("a team needs at least one target role", field="roles")
    for d in demands:
        if d.headcount < 1:
            raise InvalidRequest(f"head-count of {d.role.label} must be at least 1, got {d.headcount}", field="headcount")
    by_id = {d.role.role_id: d.role for d in demands}
    default = demands[0].role if len(demands) == 1 else mix_profile(demands)
    roles: list[RoleProfile] = []
    for m in members:
        if isinstance(m.role, RoleProfile):
            roles.append(m.role)
        elif isinstance(m.role, str):
            if m.role not in by_id:
                raise InvalidRequest(
                    f"member {m.member_id!r} is assigned role {m.role!r}, which is not one of the team's "
                    f"target roles ({', '.join(sorted(by_id))})",
                    field="role",
                )
            roles.append(by_id[m.role])
        else:
            roles.append(default)
    summary = [
        {
            "id": d.role.role_id,
            "label": d.role.label,
            "headcount": d.headcount,
            "assigned": [m.member_id for m, r in zip(members, roles, strict=True) if r.role_id == d.role.role_id],
        }
        for d in demands
    ]
    return roles, summary


def team_gap(
    members: Sequence[TeamMember],
    target: RoleProfile | Sequence[RoleDemand],
    *,
    similarity: SkillSimilarity | None = None,
    settings: GapSettings | None = None,
    lacking_below: float = LACKING_BELOW,
    heatmap_skills: int = 10,
) -> TeamGap:
    if not members:
        raise InvalidRequest("a team needs at least one member", field="members")
    ids = [m.member_id for m in members]
    if len(set(ids)) != len(ids):
        raise InvalidRequest("member ids must be unique", field="members")
    cfg = settings or GapSettings()
    roles, summary = _roles_for(members, target)
    gaps = [MemberGap(m.member_id, compute_gap(m.learner, r, similarity, cfg)) for m, r in zip(members, roles, strict=True)]

    labels: dict[str, str] = {}
    for mg in gaps:
        for g in mg.gap.skills:
            labels.setdefault(g.id, g.label)
    n = len(members)
    team_skills: list[TeamSkill] = []
    by_member = [{g.id: g for g in mg.gap.skills} for mg in gaps]
    for sid in sorted(labels):
        present = [own[sid] for own in by_member if sid in own]
        team_skills.append(
            TeamSkill(
                id=sid,
                label=labels[sid],
                importance=sum(g.importance for g in present) / n,
                needed_by=len(present),
                lacking=sum(1 for g in present if g.credit < lacking_below),
                lacking_share=sum(1 for g in present if g.credit < lacking_below) / n,
                mean_credit=sum(g.credit for g in present) / n,
                team_gap=sum(g.gap_weight for g in present) / n,
            )
        )
    team_skills.sort(key=lambda t: (-t.team_gap, -t.lacking, t.id))

    top = team_skills[:heatmap_skills]
    top_ids = [t.id for t in top]
    rows_out: list[tuple[float, ...]] = []
    for m in members:
        probe = RoleProfile(
            role_id="heatmap",
            label="heatmap",
            postings=0,
            prior_share=0.0,
            skills=tuple(RoleSkill(t.id, t.label, 1.0, 1.0, 0.5, 0.0, 0, 0.0) for t in top),
        )
        probed = compute_gap(m.learner, probe, similarity, cfg)
        rows_out.append(tuple(probed.skill(sid).credit for sid in top_ids))
    heatmap = HeatMap(tuple(ids), tuple((t.id, t.label) for t in top), tuple(rows_out))
    return TeamGap(
        skills=tuple(team_skills),
        members=tuple(gaps),
        heatmap=heatmap,
        coverage=sum(mg.gap.coverage for mg in gaps) / n,
        lacking_below=lacking_below,
        roles=tuple(summary),
    )


@dataclass(frozen=True, slots=True)
class TeamPlanItem:
    rank: int
    credential: CredentialSummary
    takers: tuple[str, ...]  # member ids
    value: float  # Σ of the takers' coverage gains
    cost: float | None  # price × takers, in the constraints' currency
    #: (id, label, strength, members it covers the skill for), by ``COVERS_AT_LEAST``
    skills: tuple[tuple[str, str, float, int], ...]
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {
            "rank": self.rank,
            "credential": self.credential.as_dict(),
            "takers": list(self.takers),
            "value": round(self.value, 4),
            "cost": None if self.cost is None else round(self.cost, 2),
            "skills": [
                {"id": i, "label": label, "strength": round(st, 4), "members": k} for i, label, st, k in self.skills
            ],
            "reason": self.reason,
        }


@dataclass(frozen=True)
class TeamPlan:
    items: tuple[TeamPlanItem, ...]
    coverage_before: float  # mean member coverage
    coverage_after: float
    member_coverage: dict[str, tuple[float, float]]  # member -> (before, after)
    total_cost: float | None
    currency: str
    seats: int  # credential places paid for
    constraints: Constraints = field(default_factory=Constraints)
    stopped: str = "limit"

    def as_dict(self) -> dict[str, object]:
        return {
            "items": [i.as_dict() for i in self.items],
            "coverage_before": round(self.coverage_before, 4),
            "coverage_after": round(self.coverage_after, 4),
            "members": {k: {"before": round(a, 4), "after": round(b, 4)} for k, (a, b) in self.member_coverage.items()},
            "total_cost": None if self.total_cost is None else round(self.total_cost, 2),
            "currency": self.currency,
            "seats": self.seats,
            "constraints": self.constraints.as_dict(),
            "stopped": self.stopped,
        }


@dataclass
class _MemberState:
    member_id: str
    strength: np.ndarray  # (credentials, gap skills)
    importance: np.ndarray
    levels: np.ndarray
    total: float
    ids: tuple[str, ...]
    labels: tuple[str, ...]
    held: frozenset[str]
    hours: float = 0.0  # study time taken so far

    def gains(self) -> np.ndarray:
        if self.total <= 0 or not len(self.ids):
            return np.zeros(len(self.strength))
        lift = np.maximum(self.strength.astype(np.float64) - self.levels, 0.0)
        return np.asarray(lift @ self.importance / self.total)

    def covers(self, row: int) -> np.ndarray:
        """The gap skills (columns) credential ``row`` covers for this member."""
        return np.flatnonzero(self.strength[row] - self.levels >= COVERS_AT_LEAST - 1e-9)


def team_plan(
    team: TeamGap,
    catalog: Sequence[Credential] | CredentialPool,
    *,
    similarity: SkillSimilarity | None = None,
    constraints: Constraints | None = None,
    limit: int = 5,
    settings: RecommendSettings | None = None,
) -> TeamPlan:
    """Credentials that close gaps for the most members at once, within the team budget."""
    if not 1 <= int(limit) <= 50:
        raise InvalidRequest(f"limit must be between 1 and 50, got {limit}", field="limit")
    s = settings or RecommendSettings()
    rules = constraints or Constraints()
    pool = CredentialPool.of(catalog)
    screen = pool.screen(rules)
    admitted, price, hours = screen.admitted, screen.cost, screen.hours
    states: list[_MemberState] = []
    for mg in team.members:
        items = [g for g in mg.gap.skills if g.credit < 1.0]
        cover = pool.cover([g.id for g in items], similarity, s.credit)
        states.append(
            _MemberState(
                member_id=mg.member_id,
                strength=cover.strength,
                importance=np.asarray([g.importance for g in items], dtype=np.float64),
                levels=np.asarray([g.credit for g in items], dtype=np.float64),
                total=float(sum(g.importance for g in mg.gap.skills)),
                ids=tuple(g.id for g in items),
                labels=tuple(g.label for g in items),
                held=frozenset(mg.gap.held_credentials),
            )
        )
    before = {st.member_id: mg.gap.coverage for st, mg in zip(states, team.members, strict=True)}
    after = dict(before)
    budget = rules.max_cost
    spent = 0.0
    taken = np.zeros(len(pool), dtype=bool)
    items_out: list[TeamPlanItem] = []
    stopped = "limit"
    while len(items_out) < limit:
        gains = np.stack([st.gains() for st in states])  # members × credentials
        for k, st in enumerate(states):
            for cid in st.held:
                if cid in pool.position:
                    gains[k, pool.position[cid]] = 0.0
        candidates: list[tuple[int, list[int], float, float, float]] = []
        useful = False
        for cand in np.flatnonzero(admitted & ~taken):
            row = int(cand)
            who = [
                k for k in np.argsort(-gains[:, row], kind="stable")
                if gains[k, row] >= s.min_gain - 1e-12 and states[k].covers(row).size
            ]
            if rules.max_hours is not None:
                who = [k for k in who if states[k].hours + hours[row] <= rules.max_hours + 1e-9]
            if not who:
                continue
            useful = True
            if budget is not None:
                left = budget - spent
                fit = len(who) if price[row] == 0 else int(np.floor((left + 1e-9) / price[row]))
                who = who[: max(0, fit)]
                if not who:
                    continue
            value = float(gains[who, row].sum())
            cost = float(price[row] * len(who)) if np.isfinite(price[row]) else np.inf
            score = value / (1.0 + cost / budget) if budget else value
            candidates.append((int(row), [int(k) for k in who], value, cost, score))
        if not candidates:
            stopped = "budget" if useful else "no gain"
            break
        top = max(c[4] for c in candidates)
        near = [c for c in candidates if c[4] >= top * (1.0 - s.near_equal) - 1e-12]
        row, who, value, cost, score = min(near, key=lambda c: (c[3], hours[c[0]], -c[4], pool.credentials[c[0]].id))
        credential = pool.credentials[row]
        counts: dict[str, int] = {}
        names: dict[str, tuple[str, float]] = {}
        for k in who:
            st = states[k]
            for col in st.covers(row):
                counts[st.ids[col]] = counts.get(st.ids[col], 0) + 1
                names[st.ids[col]] = (st.labels[col], float(st.strength[row, col]))
            st.levels = np.maximum(st.levels, st.strength[row])
            st.hours += float(hours[row]) if np.isfinite(hours[row]) else 0.0
            after[st.member_id] = after[st.member_id] + float(gains[k, row])
        skills = tuple(
            sorted(((sid, *names[sid], n) for sid, n in counts.items()), key=lambda t: (-t[3], t[0]))
        )
        taken[row] = True
        if budget is not None:
            spent += cost
        items_out.append(
            TeamPlanItem(
                rank=len(items_out) + 1,
                credential=CredentialSummary.of(credential),
                takers=tuple(states[k].member_id for k in who),
                value=value,
                cost=cost if np.isfinite(cost) else None,
                skills=skills,
                reason=_team_reason(credential, len(who), len(states), skills, rules, cost),
            )
        )
    costs = [i.cost for i in items_out]
    return TeamPlan(
        items=tuple(items_out),
        coverage_before=sum(before.values()) / len(before),
        coverage_after=sum(min(1.0, v) for v in after.values()) / len(after),
        member_coverage={k: (before[k], min(1.0, after[k])) for k in before},
        total_cost=None if any(c is None for c in costs) else float(sum(c for c in costs if c is not None)),
        currency=rules.currency,
        seats=sum(len(i.takers) for i in items_out),
        constraints=rules,
        stopped=stopped,
    )


def _team_reason(
    c: Credential, takers: int, size: int, skills: Sequence[tuple[str, str, float, int]], rules: Constraints, cost: float
) -> str:
    people = "everyone" if takers == size else f"{takers} of {size} people"
    verb = "Covers" if any(strength >= 0.999 for _, _, strength, _ in skills) else "Partly covers"
    text = f"{verb} gaps for {people} — {names_text([label for _, label, _, _ in skills])} — "
    if c.is_free:
        text += "for free"
    elif np.isfinite(cost):
        each = rules.cost_of(c) or 0.0
        text += f"for {takers} × {number_text(each)} {rules.currency} = {number_text(cost)} {rules.currency}"
    else:
        text += money_text(c.cost, c.currency) + " each"
    if c.hours is not None:
        text += f", {number_text(c.hours)} hour{'s' if c.hours != 1 else ''} each"
    if c.format:
        text += f", {FORMAT_WORDS.get(c.format, c.format)}"
    return text + "."
