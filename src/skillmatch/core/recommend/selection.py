"""Choosing the set: greedy selection by marginal (cost-aware) gain, computing only the gains
that may still win when the cover is large; the near-tie rule that prefers the cheaper, then
shorter credential; the 1-swap local search; the set put back in greedy order; and the pruning
of picks the others made redundant. The rules are stated in :mod:`skillmatch.core.recommend`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from skillmatch.core.recommend.problem import RecommendSettings, _floor, _gains, _Pick, _Problem, _score, _value

#: a step first looks at this many candidates, those whose gain may be largest
FIRST_LOOK = 16


def _near_best(p: _Problem, s: RecommendSettings, cands: np.ndarray, bound: np.ndarray,
               levels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, gains, scores) of the candidates whose gain given ``levels`` reaches their floor
    and whose score is within ``near_equal`` of the best such score.

    ``bound`` holds an upper bound of every credential's gain (gains only fall as levels rise);
    it is tightened in place. Only candidates whose bound could still reach the near-best
    scores get their gain computed (lazy greedy): one whose bound is below them cannot be
    among them, so the answer is the same as computing every gain (``eager``)."""
    empty = (np.zeros(0, np.int64), np.zeros(0), np.zeros(0))
    floor = _floor(p, s, cands)
    live = bound[cands] >= floor
    cands, floor = cands[live], floor[live]
    if not len(cands):
        return empty
    if not p.lazy:
        gains = _gains(p, cands, levels)
        exact, fresh = gains, np.ones(len(cands), dtype=bool)
    else:
        ub = _score(p, bound[cands], cands)
        exact = np.full(len(cands), -np.inf)
        fresh = np.zeros(len(cands), dtype=bool)
        look = min(len(cands), FIRST_LOOK)
        todo = np.argpartition(-ub, look - 1)[:look] if look < len(cands) else np.arange(len(cands))
        while len(todo):
            exact[todo] = _gains(p, cands[todo], levels)
            fresh[todo] = True
            bound[cands[todo]] = exact[todo]
            ok = fresh & (exact >= floor)
            waiting = ~fresh
            if ok.any():
                threshold = float(_score(p, exact[ok], cands[ok]).max()) * (1.0 - s.near_equal) - 1e-12
                todo = np.flatnonzero(waiting & (ub >= threshold))
            else:  # nothing useful yet: the next ones by bound
                rest = np.flatnonzero(waiting)
                look = min(len(rest), 4 * len(todo))
                todo = rest[np.argpartition(-ub[rest], look - 1)[:look]] if look < len(rest) else rest
    ok = fresh & (exact >= floor)
    if not ok.any():
        return empty
    rows, gains = cands[ok], exact[ok]
    scores = _score(p, gains, rows)
    near = np.flatnonzero(scores >= float(scores.max()) * (1.0 - s.near_equal) - 1e-12)
    return rows[near], gains[near], scores[near]


def _cheapest(p: _Problem, rows: np.ndarray, scores: np.ndarray) -> int:
    """Among near-equal candidates: the cheaper, then fewer hours, then the higher score, then
    the smaller id (position in ``rows``)."""
    return min(range(len(rows)), key=lambda i: (p.cost[rows[i]], p.hours[rows[i]], -scores[i], p.ids[rows[i]]))


def _greedy(p: _Problem, limit: int, s: RecommendSettings) -> tuple[list[_Pick], str]:
    levels = p.base.astype(np.float64).copy()
    picks: list[_Pick] = []
    # Rows that add nothing now never will (levels only rise): leave them out from the start.
    taken: np.ndarray = np.ones(len(p.ids), dtype=bool)
    if len(p.base):
        c = p.cover
        taken[c.rows[c.values > (p.base.astype(np.float32) + 1e-9)[c.cols]]] = False
    bound = p.first_gains.copy()
    spent, spent_hours = 0.0, 0.0
    stopped = "limit"
    while len(picks) < limit:
        avail = p.admitted & p.on_topic & ~taken  # type: ignore[operator]
        if p.budget is not None:
            avail &= p.cost <= p.budget - spent + 1e-9
        if p.max_hours is not None:
            avail &= p.hours <= p.max_hours - spent_hours + 1e-9
        rows = np.flatnonzero(avail)
        if not len(rows):
            stopped = "budget" if (p.admitted & ~taken).any() and picks else ("no gain" if p.admitted.any() else "no candidates")
            break
        rows, gains, scores = _near_best(p, s, rows, bound, levels)
        if not len(rows):
            stopped = "no gain"
            break
        k = _cheapest(p, rows, scores)
        row = int(rows[k])
        picks.append(_Pick(row, float(gains[k]), float(scores[k])))
        taken[row] = True
        levels = np.maximum(levels, p.line(row))
        if p.budget is not None:
            spent += float(p.cost[row])
        if p.max_hours is not None:
            spent_hours += float(p.hours[row])
    return picks, stopped


def _prune(p: _Problem, picks: list[_Pick], s: RecommendSettings) -> list[_Pick]:
    """Drop picks that later picks made redundant (they add less than ``min_gain``), then
    restate each remaining pick's gain and score in pick order."""
    rows = [x.row for x in picks]
    while len(rows) > 1:
        whole = _value(p, rows)
        losses = [(whole - _value(p, [r for r in rows if r != q]), -float(p.cost[q]), p.ids[q], q) for q in rows]
        short = [x for x in losses if x[0] < _floor(p, s, [x[3]])[0]]
        if not short:
            break
        rows.remove(min(short)[3])
    out: list[_Pick] = []
    done: list[int] = []
    for r in rows:
        gain = _value(p, [*done, r]) - _value(p, done)
        budgeted = p.budget is not None and p.budget > 0
        score = gain / (1.0 + p.cost[r] / p.budget) if budgeted else gain  # type: ignore[operator]
        out.append(_Pick(r, gain, float(score)))
        done.append(r)
    return out


def _room_for(p: _Problem, rows: Sequence[int], i: int) -> tuple[list[int], np.ndarray, np.ndarray]:
    """For replacing pick ``i`` of ``rows``: the other picks, the credit levels they give, and
    the credentials that may take its place (admitted, about the role, not picked, within what
    the others leave of the budget and hours)."""
    others = [r for j, r in enumerate(rows) if j != i]
    levels = p.base.astype(np.float64)
    for r in others:
        levels = np.maximum(levels, p.line(r))
    avail = p.admitted & p.on_topic  # type: ignore[operator]
    avail[list(rows)] = False
    if p.budget is not None:
        avail &= p.cost <= p.budget - float(sum(p.cost[r] for r in others)) + 1e-9
    if p.max_hours is not None:
        avail &= p.hours <= p.max_hours - float(sum(p.hours[r] for r in others)) + 1e-9
    return others, levels, avail


def _swap(p: _Problem, rows: list[int], s: RecommendSettings, rounds: int = 10) -> list[int]:
    """1-swap local search: replace a pick by a credential that, given the other picks, scores
    better by more than ``near_equal`` (and still fits the budget and hours)."""
    rows = list(rows)
    beside: dict[int, np.ndarray] = {}  # pick -> every gain given the learner's credit and that pick

    def bound(others: list[int]) -> np.ndarray:
        """Upper bounds of the gains given ``others``: a gain given all of them is at most the
        gain given any one of them."""
        if not p.lazy or not others:
            return p.first_gains.copy()
        everyone = np.arange(len(p.ids))
        for r in others:
            if r not in beside:
                beside[r] = _gains(p, everyone, np.maximum(p.base, p.line(r)))
        return np.minimum.reduce([beside[r] for r in others])

    for _ in range(rounds):
        changed = False
        for i in range(len(rows)):
            others, levels, avail = _room_for(p, rows, i)
            cands = np.flatnonzero(avail)
            if not len(cands):
                continue
            own = np.asarray([rows[i]])
            mine = float(_score(p, _gains(p, own, levels), own)[0])
            bounds = bound(others)
            if float(_score(p, bounds[cands], cands).max()) <= mine * (1.0 + s.near_equal) + 1e-9:
                continue  # none could beat it
            near, _, scores = _near_best(p, s, cands, bounds, levels)
            if not len(near) or float(scores.max()) <= mine * (1.0 + s.near_equal) + 1e-9:
                continue
            rows[i] = int(near[_cheapest(p, near, scores)])
            changed = True
        if not changed:
            break
    return rows


def _order(p: _Problem, rows: Sequence[int], s: RecommendSettings) -> list[int]:
    """The chosen set in greedy order: the largest (cost-aware) marginal gain first."""
    left = list(rows)
    out: list[int] = []
    levels = p.base.astype(np.float64)
    while left:
        arr = np.asarray(left)
        gains = _gains(p, arr, levels)
        scores = _score(p, gains, arr)
        best = float(scores.max())
        near = np.flatnonzero(scores >= best * (1.0 - s.near_equal) - 1e-12)
        k = int(near[_cheapest(p, arr[near], scores[near])])
        out.append(int(arr[k]))
        left.remove(int(arr[k]))
        levels = np.maximum(levels, p.line(int(arr[k])))
    return out


def _select(p: _Problem, limit: int, s: RecommendSettings) -> tuple[list[_Pick], str]:
    picks, stopped = _greedy(p, limit, s)
    if len(picks) > 1 or (picks and stopped == "limit"):
        rows = _order(p, _swap(p, [x.row for x in picks], s), s)
        picks = [_Pick(r, 0.0, 0.0) for r in rows]
    return _prune(p, picks, s), stopped
