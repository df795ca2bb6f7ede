"""The selection problem of one recommendation: the learner's gap skills, every credential's
cover of them, which credentials the constraints admit and which are about the role
(``_problem``, ``_on_topic``), and the arithmetic every step of the choice shares: marginal
gain, cost-aware score, the least gain a credential must add for its price, and the value of a
set. The objective is stated in :mod:`skillmatch.core.recommend`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from skillmatch.core.constraints import Constraints
from skillmatch.core.gap import SkillGap
from skillmatch.core.pool import Cover, CredentialPool
from skillmatch.core.similarity import CreditRule

#: A credential *covers* a gap skill when it raises the learner's credit for it by at least this
#: much (a quarter of the skill). Reasons, counts and the lists of covered skills use this one
#: rule; smaller contributions still count in the coverage figures but are never called covering.
COVERS_AT_LEAST = 0.25
#: A credential is about the role when this share of what it teaches (by weight) is a skill of
#: the role or covers one of the learner's gaps, or when it covers a key gap (importance at
#: least ``KEY_GAP_AT`` of the role's most important skill); only such credentials are picked
#: for what they cover (a prerequisite of a pick comes in whatever its topic).
ON_TOPIC_AT = 0.3
KEY_GAP_AT = 0.5
#: a cover with at most this many entries is small: every gain is computed at once, which costs
#: less than looking up some (both give the same answers)
SMALL_COVER = 8192


@dataclass(frozen=True)
class RecommendSettings:
    credit: CreditRule = field(default_factory=CreditRule)
    min_gain: float = 0.01  # coverage a credential must add to be suggested ...
    #: ... and a paid one at least this much per 100 of its price (in the answer's currency): half a
    #: point of coverage per 100 EUR, so a 2,900 EUR bootcamp must add 14.5 points, not crumbs
    gain_per_100: float = 0.005
    near_equal: float = 0.02  # relative score difference treated as a tie
    top_gaps: int = 5  # "your top gaps" in the reasons; remaining gaps shown
    alternatives: int = 3
    free_share: float = 0.5


@dataclass(frozen=True)
class _Problem:
    cover: Cover  # (n, g), sparse
    importance: np.ndarray  # (g,)
    base: np.ndarray  # (g,)
    total: float  # Σ importance over the whole role
    admitted: np.ndarray  # (n,) bool
    cost: np.ndarray  # (n,) cost in the constraints' currency, inf when unknown
    hours: np.ndarray  # (n,) inf when unknown
    ids: tuple[str, ...]
    budget: float | None
    max_hours: float | None
    on_topic: np.ndarray | None = None  # (n,) bool: may be picked for what it covers (see ``_on_topic``)
    #: look at every candidate's gain at every step instead of only those that may still win
    eager: bool = False
    #: rows, cols, values of the cover of the credentials that compete (admitted, on the topic)
    nonzero: tuple[np.ndarray, np.ndarray, np.ndarray] = field(init=False)
    _lines: dict[int, np.ndarray] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        if self.on_topic is None:
            object.__setattr__(self, "on_topic", np.ones(len(self.ids), dtype=bool))
        c = self.cover
        # only credentials that may be picked for what they cover compete on gains
        keep = (self.admitted & self.on_topic)[c.rows]  # type: ignore[operator]
        object.__setattr__(self, "nonzero", (c.rows[keep], c.cols[keep], c.values[keep].astype(np.float64)))

    def line(self, row: int) -> np.ndarray:
        """Cover of credential ``row`` for each gap skill (float32)."""
        found = self._lines.get(row)
        if found is None:
            found = self._lines[row] = self.cover.line(row)
        return found

    @property
    def lazy(self) -> bool:
        """Compute only the gains that may still win (a large cover), not every gain at every step."""
        return not self.eager and len(self.nonzero[0]) > SMALL_COVER

    @cached_property
    def entry_importance(self) -> np.ndarray:
        return self.importance[self.nonzero[1]]

    @cached_property
    def first_gains(self) -> np.ndarray:
        """Every credential's gain given the learner's credit alone: an upper bound of its gain
        given any picks (levels only rise)."""
        return _gains(self, np.arange(len(self.ids)), self.base)


@dataclass(frozen=True)
class _Pick:
    row: int
    gain: float
    score: float


def _gains(p: _Problem, rows: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Marginal coverage of each row given the current ``levels``: one pass over the cover when
    the rows are many, a look-up of their entries when they are few (the same sums, skill by
    skill, so both give the same numbers to the last bit)."""
    rows = np.asarray(rows, dtype=np.int64)
    if p.total <= 0:
        return np.zeros(len(rows))
    nz_rows, nz_cols, values = p.nonzero
    if len(nz_rows) > SMALL_COVER and len(rows) * max(len(p.base), 1) * 4 < len(nz_rows):
        local, cols, vals = p.cover.block(rows)
        lift = np.maximum(vals.astype(np.float64) - levels[cols], 0.0) * p.importance[cols]
        return np.bincount(local, weights=lift, minlength=len(rows)) / p.total
    lift = np.subtract(values, levels[nz_cols])
    np.maximum(lift, 0.0, out=lift)
    lift *= p.entry_importance
    return np.bincount(nz_rows, weights=lift, minlength=len(p.ids))[rows] / p.total


def _score(p: _Problem, gains: np.ndarray, rows: np.ndarray) -> np.ndarray:
    if p.budget is not None and p.budget > 0:
        return gains / (1.0 + p.cost[rows] / p.budget)
    return gains


def _floor(p: _Problem, s: RecommendSettings, rows: np.ndarray | Sequence[int]) -> np.ndarray:
    """The least gain each of ``rows`` must add to be worth suggesting: ``min_gain``, and for a
    paid credential ``gain_per_100`` per 100 of its price (an unknown price counts as free here;
    the budget screen deals with it)."""
    cost = p.cost[np.asarray(rows, dtype=np.int64)]
    priced = np.where(np.isfinite(cost), cost, 0.0)
    return np.maximum(s.min_gain, s.gain_per_100 * priced / 100.0) - 1e-12


def _value(p: _Problem, rows: Sequence[int]) -> float:
    levels = p.base.astype(np.float64)
    for r in rows:
        levels = np.maximum(levels, p.line(r))
    return float((levels - p.base) @ p.importance / p.total) if p.total > 0 else 0.0


def _problem(
    gap: SkillGap, pool: CredentialPool, cover: Cover, constraints: Constraints, eager: bool = False
) -> tuple[_Problem, dict[str, int]]:
    items = [g for g in gap.skills if g.credit < 1.0]
    screen = pool.screen(constraints)
    admitted = screen.admitted.copy()
    excluded = dict(screen.excluded)
    for cid in gap.held_credentials:  # held already: left out (counted here if nothing else left it out)
        row = pool.position.get(cid)
        if row is not None and admitted[row]:
            admitted[row] = False
            excluded["held"] = excluded.get("held", 0) + 1
    cost, hours = screen.cost, screen.hours
    base = np.asarray([g.credit for g in items], dtype=np.float64)
    on_topic = _on_topic(gap, pool, cover, base, admitted)
    if (off := int((admitted & ~on_topic).sum())):
        excluded["off the role's topic"] = off
    problem = _Problem(
        cover=cover,
        importance=np.asarray([g.importance for g in items], dtype=np.float64),
        base=np.asarray([g.credit for g in items], dtype=np.float64),
        total=float(sum(g.importance for g in gap.skills)),
        admitted=admitted,
        cost=cost,
        hours=hours,
        ids=pool.ids,
        budget=constraints.max_cost,
        max_hours=constraints.max_hours,
        on_topic=on_topic,
        eager=eager,
    )
    return problem, dict(sorted(excluded.items()))


def _on_topic(gap: SkillGap, pool: CredentialPool, cover: Cover, base: np.ndarray, admitted: np.ndarray) -> np.ndarray:
    """Credentials about the role: at least ``ON_TOPIC_AT`` of what one teaches (by weight) is a
    skill of the role or covers one of the learner's gaps, or it covers a key gap. A Python
    course that also "solves problems" is no pick for a customer-service role, however free; it
    may still come in as the prerequisite of a pick."""
    n = len(pool)
    out = np.ones(n, dtype=bool)
    items = [g for g in gap.skills if g.credit < 1.0]
    if not items or not len(cover.rows):
        return out
    top = max((g.importance for g in gap.skills), default=0.0)
    key = np.asarray([g.importance >= KEY_GAP_AT * top - 1e-12 for g in items], dtype=bool)
    rows, cols, values = cover.rows, cover.cols, cover.values
    raised = values - base.astype(np.float32)[cols] >= COVERS_AT_LEAST - 1e-9
    useful = np.zeros(n, dtype=bool)
    useful[rows[raised]] = True
    useful &= admitted
    covered = (values.astype(np.float64) - base[cols] >= COVERS_AT_LEAST - 1e-9) & useful[rows]
    keyed = np.zeros(n, dtype=bool)
    keyed[rows[covered & key[cols]]] = True
    weighed = pool.taught_weight > 0
    judged = useful & ~keyed & weighed
    if not judged.any():
        return out
    # what it teaches that is a skill of the role, or the taught skill giving a cover
    t_rows, t_cols, t_weights = pool.pairs
    role_cols = np.zeros(len(pool.skill_ids), dtype=bool)
    role_cols[[pool.column[g.id] for g in gap.skills if g.id in pool.column]] = True
    on = judged[t_rows] & role_cols[t_cols]
    on[cover.taught_pairs(np.flatnonzero(covered & judged[rows]))] = True
    share = np.bincount(t_rows[on], weights=t_weights[on].astype(np.float64), minlength=n)
    out[judged] = share[judged] / pool.taught_weight[judged] >= ON_TOPIC_AT - 1e-9
    return out
