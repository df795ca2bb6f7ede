"""Building the answer: ``recommend`` sets up the problem, chooses the set, makes it respect
coverage, conditions and prerequisites, then turns the picks into suggestions with their
covered skills and reasons, and adds the alternatives, free options, remaining gaps and totals;
``coverage_with`` gives the coverage any set of credentials would reach.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from skillmatch.core.catalog import Credential
from skillmatch.core.constraints import Constraints
from skillmatch.core.gap import GapSkill, SkillGap
from skillmatch.core.pool import CredentialPool, CredentialSummary
from skillmatch.core.recommend.prerequisites import _covering, _met_conditions, _with_prerequisites
from skillmatch.core.recommend.problem import COVERS_AT_LEAST, RecommendSettings, _Problem, _problem
from skillmatch.core.recommend.results import Alternative, CoveredSkill, Recommendation, RemainingGap, Suggestion, Totals
from skillmatch.core.recommend.selection import _select
from skillmatch.core.recommend.wording import _reason
from skillmatch.core.similarity import SkillSimilarity
from skillmatch.errors import InvalidRequest

MAX_LIMIT = 50


def _capped_gains(p: _Problem, rows: np.ndarray, ref: int, cols: np.ndarray) -> np.ndarray:
    """Gain of each row on the skills ``cols``, each skill capped at what ``ref`` gives."""
    if p.total <= 0 or not len(cols) or not len(rows):
        return np.zeros(len(rows))
    at = p.cover.on(cols)
    e_rows, e_cols = p.cover.rows[at], p.cover.cols[at]
    got = np.minimum(p.cover.values[at], p.line(ref)[e_cols]).astype(np.float64)
    lift = np.maximum(got - p.base[e_cols], 0.0) * p.importance[e_cols]
    return np.bincount(e_rows, weights=lift, minlength=len(p.ids))[rows] / p.total


def _similar(
    p: _Problem, pool: CredentialPool, items: Sequence[GapSkill], ref: int, cols: np.ndarray,
    candidates: np.ndarray, s: RecommendSettings, most: int,
) -> list[Alternative]:
    own = float(_capped_gains(p, np.asarray([ref]), ref, cols)[0]) if len(cols) else 0.0
    if own <= 0 or not len(candidates):
        return []
    gains = _capped_gains(p, candidates, ref, cols)
    good = np.flatnonzero(gains >= s.min_gain - 1e-12)
    # largest gain first, then cheaper, fewer hours, smaller id (rows are in id order)
    rows = candidates[good]
    order = good[np.lexsort((rows, p.hours[rows], p.cost[rows], -gains[good]))]
    out = []
    for i in order[:most]:
        row = int(candidates[i])
        line = p.line(row)
        shared = tuple(
            (items[j].id, items[j].label, float(line[j]))
            for j in cols if line[j] - p.base[j] >= COVERS_AT_LEAST - 1e-9
        )
        if not shared:
            continue  # it adds crumbs to the same skills but covers none of them
        gain = float(gains[i])
        out.append(Alternative(CredentialSummary.of(pool.credentials[row]), p.ids[ref], gain, min(1.0, gain / own), shared))
    return out


def recommend(
    gap: SkillGap,
    catalog: Sequence[Credential] | CredentialPool,
    *,
    similarity: SkillSimilarity | None = None,
    constraints: Constraints | None = None,
    limit: int = 5,
    settings: RecommendSettings | None = None,
    eager: bool = False,
) -> Recommendation:
    """Up to ``limit`` credentials that close the most of ``gap`` within ``constraints``.

    ``eager`` computes every candidate's gain at every step (the direct computation the lazy
    one must agree with)."""
    if not 1 <= int(limit) <= MAX_LIMIT:
        raise InvalidRequest(f"limit must be between 1 and {MAX_LIMIT}, got {limit}", field="limit")
    s = settings or RecommendSettings()
    rules = constraints or Constraints()
    pool = CredentialPool.of(catalog)
    items = [g for g in gap.skills if g.credit < 1.0]
    cover = pool.cover([g.id for g in items], similarity, s.credit)
    p, excluded = _problem(gap, pool, cover, rules, eager)
    picks, stopped = _select(p, int(limit), s)
    picks = _covering(p, picks, s)
    picks, conditions = _met_conditions(p, pool, picks, gap, s)
    picks, needed_by, notes = _with_prerequisites(p, pool, picks, gap.held_credentials, int(limit))
    for row, kept in conditions.items():
        notes.setdefault(row, []).extend(kept)
    # A prerequisite placed first may take over what a later pick covered: that pick goes.
    picks = _covering(p, picks, s, keep=needed_by)
    titles = {pool.credentials[pk.row].title for pk in picks}
    needed_by = {row: title for row, title in needed_by.items() if title in titles}
    picks = _covering(p, picks, s, keep=needed_by)  # and a prerequisite of a pick that went, covering nothing

    top_ids = [g.id for g in gap.gaps[: s.top_gaps]]
    levels = p.base.copy()
    suggestions: list[Suggestion] = []
    for rank, pick in enumerate(picks, start=1):
        covered: list[CoveredSkill] = []
        line = p.line(pick.row)
        raised = np.flatnonzero(line - levels >= COVERS_AT_LEAST - 1e-9).tolist()
        for j, (via_id, via_label, sim, exact) in zip(raised, cover.vias(pick.row, raised), strict=True):
            strength = float(line[j])
            covered.append(
                CoveredSkill(
                    id=items[j].id,
                    label=items[j].label,
                    importance=items[j].importance,
                    gap_weight=items[j].gap_weight,
                    strength=strength,
                    gain=float(items[j].importance * (strength - levels[j]) / p.total),
                    via_id=via_id,
                    via_label=via_label,
                    similarity=sim,
                    exact=exact,
                )
            )
        covered.sort(key=lambda c: (-c.gain, c.id))
        credential = pool.credentials[pick.row]
        suggestions.append(
            Suggestion(
                rank=rank,
                credential=CredentialSummary.of(credential),
                covers=tuple(covered),
                gain=pick.gain,
                score=pick.score,
                reason=_reason(credential, covered, top_ids, needed_by.get(pick.row), notes.get(pick.row, [])),
            )
        )
        levels = np.maximum(levels, line)

    rest = p.admitted.copy()
    rest[[pk.row for pk in picks]] = False
    others = np.flatnonzero(rest)
    alternatives: list[Alternative] = []
    free_options: list[Alternative] = []
    if picks:
        first = picks[0].row
        cols = np.flatnonzero(p.line(first) > p.base + 1e-9)
        alternatives = _similar(p, pool, items, first, cols, others, s, s.alternatives)
        free_rows = np.flatnonzero(rest & pool.free)
        for pk in picks:
            if pool.credentials[pk.row].is_free:
                continue
            cols = np.flatnonzero(p.line(pk.row) > p.base + 1e-9)
            options = [a for a in _similar(p, pool, items, pk.row, cols, free_rows, s, 1) if a.share >= s.free_share]
            if options:
                free_options.append(options[0])

    remaining = sorted(
        (
            RemainingGap(g.id, g.label, g.importance, float(levels[j]), float(g.importance * (1.0 - levels[j])))
            for j, g in enumerate(items)
            if g.importance * (1.0 - levels[j]) > 1e-9
        ),
        key=lambda r: (-r.gap_weight, -r.importance, r.id),
    )
    total = p.total
    after = gap.coverage + sum(pk.gain for pk in picks) if total > 0 else 1.0
    return Recommendation(
        role_id=gap.role_id,
        role_label=gap.role_label,
        suggestions=tuple(suggestions),
        coverage_before=gap.coverage,
        coverage_after=float(min(1.0, after)),
        remaining_gaps=tuple(remaining[: s.top_gaps]),
        totals=totals_of([pool.credentials[pk.row] for pk in picks], rules),
        alternatives=tuple(alternatives),
        free_options=tuple(free_options),
        constraints=rules,
        considered=int(p.admitted.sum()),
        excluded=excluded,
        stopped=stopped if picks or stopped != "limit" else "no gain",
    )


def coverage_with(
    gap: SkillGap,
    credentials: Sequence[Credential],
    *,
    similarity: SkillSimilarity | None = None,
    settings: RecommendSettings | None = None,
) -> float:
    """The role coverage the learner would have after taking ``credentials`` (any set)."""
    s = settings or RecommendSettings()
    total = sum(g.importance for g in gap.skills)
    if total <= 0:
        return 1.0
    items = [g for g in gap.skills if g.credit < 1.0]
    if not credentials or not items:
        return gap.coverage
    strength = CredentialPool(credentials).cover([g.id for g in items], similarity, s.credit).strength
    base = np.asarray([g.credit for g in items], dtype=np.float64)
    levels = np.maximum(base, strength.max(axis=0))
    importance = np.asarray([g.importance for g in items], dtype=np.float64)
    return float(min(1.0, gap.coverage + (levels - base) @ importance / total))


def totals_of(credentials: Sequence[Credential], constraints: Constraints) -> Totals:
    cost: dict[str, float] = {}
    converted: float | None = 0.0
    for c in credentials:
        if c.cost is not None:
            cost[c.currency] = cost.get(c.currency, 0.0) + float(c.cost)
        value = constraints.cost_of(c)
        converted = None if value is None or converted is None else converted + value
    return Totals(
        count=len(credentials),
        free=sum(1 for c in credentials if c.is_free),
        cost=dict(sorted(cost.items())),
        cost_unknown=sum(1 for c in credentials if c.cost is None),
        cost_in_currency=converted,
        currency=constraints.currency,
        hours=float(sum(c.hours for c in credentials if c.hours is not None)),
        hours_unknown=sum(1 for c in credentials if c.hours is None),
    )
