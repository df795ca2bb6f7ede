"""The team plan: credentials chosen greedily for the coverage they add across the team, each
taken by the members it helps as far as the team budget and each member's hours allow, and a
reason per credential saying for how many people, which skills and at what cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from skillmatch.core.catalog import Credential
from skillmatch.core.constraints import Constraints
from skillmatch.core.pool import CredentialPool, CredentialSummary
from skillmatch.core.recommend import COVERS_AT_LEAST, FORMAT_WORDS, RecommendSettings, money_text, names_text, number_text
from skillmatch.core.similarity import SkillSimilarity
from skillmatch.core.team.gap import TeamGap
from skillmatch.errors import InvalidRequest


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
