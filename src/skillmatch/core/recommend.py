"""Which credentials close a learner's gap best: a small set, chosen for weighted coverage.

**Objective.** For the gap skills g (importance ``a_g``, current credit ``b_g``) and a set S
of credentials, the role's coverage after S is::

    coverage(S) = Σ_g a_g · max(b_g, max_{c ∈ S} cover(c, g)) / Σ_g a_g

(``cover`` as in :mod:`skillmatch.core.pool`: the taught weight for the skill itself, or the
partial credit of a related skill times its taught weight). This is a weighted coverage
(facility-location) function: monotone and submodular, so a skill covered once is not worth
paying for twice, and greedy selection is within ``1 − 1/e`` of the best set of its size.

**Selection.** Greedy: each step scores every admitted credential by its marginal gain
``Δ(c | S) = coverage(S ∪ {c}) − coverage(S)``, in one matrix operation (this is exact,
so no lazy upper bounds are needed and the near-tie rule below sees true gains):

* without a budget the score is the gain; with a budget B (``max_cost``) it is the cost-aware
  ``gain / (1 + cost / B)`` (a free credential keeps its whole gain, one costing the whole
  budget half of it), and only credentials that still fit the remaining budget and hours
  compete;
* among credentials whose score is within 2 % of the best (``near_equal``) the cheaper one
  wins, then the one with fewer hours (unknown cost or hours count as more than any known),
  then the higher score, then the smaller id, so answers are deterministic;
* it stops at ``limit`` credentials or when no credential adds at least ``min_gain`` = 0.01
  of coverage (one percentage point), so the set is as small as the gap allows.

Then a 1-swap local search: each pick in turn may be replaced by the admitted credential that,
given the other picks, scores best (same score, same budget and hours bounds), if that score
beats the pick's by more than ``near_equal`` (at most 10 rounds). The set is put back in greedy
order (largest marginal score first, same near-tie rule), and a pick that the others made
redundant (removing it loses less than ``min_gain``) is dropped, so no credential is paid for
twice. The reported ``gain`` of each suggestion is its marginal coverage given those ranked
before it, so ``coverage_after = coverage_before + Σ gain``.

**Alternatives** to the first pick are the admitted credentials with the largest gain on the
same gap skills (each skill's gain capped at what the first pick gives, so share ≤ 1).
**Free options**: for every paid (or unpriced) pick, the admitted free credential giving at
least half (``free_share``) of that pick's gain on its gap skills, measured the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from skillmatch.core.catalog import Credential
from skillmatch.core.constraints import Constraints
from skillmatch.core.gap import GapSkill, SkillGap
from skillmatch.core.pool import Cover, CredentialPool, CredentialSummary
from skillmatch.core.similarity import CreditRule, SkillSimilarity
from skillmatch.core.text import normalise_label
from skillmatch.errors import InvalidRequest

FORMAT_WORDS = {
    "online_self_paced": "online self-paced",
    "online_live": "online live",
    "in_person": "in person",
    "hybrid": "hybrid",
}
#: A credential taught in another language than English says so in its reason.
LANGUAGE_NAMES = {
    "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "nl": "Dutch", "pt": "Portuguese",
    "pl": "Polish", "sv": "Swedish", "da": "Danish", "fi": "Finnish", "no": "Norwegian", "cs": "Czech",
    "el": "Greek", "ro": "Romanian", "hu": "Hungarian", "ga": "Irish",
}
MAX_LIMIT = 50
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


@dataclass(frozen=True, slots=True)
class CoveredSkill:
    id: str
    label: str
    importance: float
    gap_weight: float  # before any suggestion
    strength: float  # cover(c, g)
    gain: float  # coverage this skill adds, given the suggestions ranked before
    via_id: str  # the taught skill giving the cover
    via_label: str
    similarity: float
    exact: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "importance": round(self.importance, 4),
            "gap_weight": round(self.gap_weight, 4),
            "strength": round(self.strength, 4),
            "gain": round(self.gain, 4),
            "via": {"id": self.via_id, "label": self.via_label, "similarity": round(self.similarity, 4), "exact": self.exact},
        }


@dataclass(frozen=True, slots=True)
class Suggestion:
    rank: int
    credential: CredentialSummary
    covers: tuple[CoveredSkill, ...]
    gain: float  # marginal coverage, given the suggestions ranked before
    score: float  # what the selection compared: the gain, or the cost-aware gain with a budget
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {
            "rank": self.rank,
            "credential": self.credential.as_dict(),
            "covers": [c.as_dict() for c in self.covers],
            "gain": round(self.gain, 4),
            "score": round(self.score, 4),
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Alternative:
    """A credential that covers (part of) the same gaps as a suggestion."""

    credential: CredentialSummary
    instead_of: str  # id of the suggestion it could replace
    gain: float
    share: float  # of that suggestion's gain on the same skills
    #: (id, label, strength) of the shared gap skills it covers (raises by ``COVERS_AT_LEAST``)
    covers: tuple[tuple[str, str, float], ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "credential": self.credential.as_dict(),
            "instead_of": self.instead_of,
            "gain": round(self.gain, 4),
            "share": round(self.share, 4),
            "covers": [{"id": i, "label": label, "strength": round(st, 4)} for i, label, st in self.covers],
        }


@dataclass(frozen=True, slots=True)
class RemainingGap:
    id: str
    label: str
    importance: float
    credit: float  # after the suggestions
    gap_weight: float

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "importance": round(self.importance, 4),
            "credit": round(self.credit, 4),
            "gap_weight": round(self.gap_weight, 4),
        }


@dataclass(frozen=True, slots=True)
class Totals:
    count: int
    free: int
    cost: dict[str, float]  # known costs per currency
    cost_unknown: int
    cost_in_currency: float | None  # the whole set in the constraints' currency, when every cost converts
    currency: str
    hours: float  # known hours
    hours_unknown: int

    def as_dict(self) -> dict[str, object]:
        return {
            "count": self.count,
            "free": self.free,
            "cost": {k: round(v, 2) for k, v in self.cost.items()},
            "cost_unknown": self.cost_unknown,
            "cost_in_currency": None if self.cost_in_currency is None else round(self.cost_in_currency, 2),
            "currency": self.currency,
            "hours": round(self.hours, 2),
            "hours_unknown": self.hours_unknown,
        }


@dataclass(frozen=True)
class Recommendation:
    role_id: str
    role_label: str
    suggestions: tuple[Suggestion, ...]
    coverage_before: float
    coverage_after: float
    remaining_gaps: tuple[RemainingGap, ...]
    totals: Totals
    alternatives: tuple[Alternative, ...]  # for the first suggestion
    free_options: tuple[Alternative, ...]  # free credentials close to a paid suggestion
    constraints: Constraints
    considered: int  # credentials admitted by the constraints
    excluded: dict[str, int]  # credentials left out, by reason
    stopped: str  # "limit", "no gain", "budget" or "no candidates"

    @property
    def credential_ids(self) -> tuple[str, ...]:
        return tuple(s.credential.id for s in self.suggestions)

    def as_dict(self) -> dict[str, object]:
        return {
            "role": {"id": self.role_id, "label": self.role_label},
            "coverage_before": round(self.coverage_before, 4),
            "coverage_after": round(self.coverage_after, 4),
            "suggestions": [s.as_dict() for s in self.suggestions],
            "remaining_gaps": [g.as_dict() for g in self.remaining_gaps],
            "totals": self.totals.as_dict(),
            "alternatives": [a.as_dict() for a in self.alternatives],
            "free_options": [a.as_dict() for a in self.free_options],
            "constraints": self.constraints.as_dict(),
            "considered": self.considered,
            "excluded": dict(self.excluded),
            "stopped": self.stopped,
        }


# --- selection ----------------------------------------------------------------------------


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


def _covering(p: _Problem, picks: list[_Pick], s: RecommendSettings, keep: Collection[int] = ()) -> list[_Pick]:
    """The picks that cover at least one gap skill (raise it by ``COVERS_AT_LEAST``), in order,
    with their gains recomputed without the ones dropped: a credential that adds crumbs to many
    skills and covers none is not worth a place in the answer, nor a line of its reason, and
    neither is one whose gain has fallen below what its price asks (``_floor``). Rows in
    ``keep`` (prerequisites of other picks) stay whatever they cover."""
    kept: list[_Pick] = []
    levels = p.base.copy()
    for pick in picks:
        raised = p.line(pick.row) - levels
        gain = float(np.clip(raised, 0.0, None) @ p.importance / p.total) if p.total > 0 else 0.0
        worth = (raised >= COVERS_AT_LEAST - 1e-9).any() and gain >= _floor(p, s, [pick.row])[0]
        if pick.row not in keep and not worth:
            continue
        kept.append(_Pick(pick.row, gain, pick.score))
        levels = np.maximum(levels, p.line(pick.row))
    return kept


def _conditions(pool: CredentialPool, row: int, held: set[str]) -> list[str]:
    """Prerequisites of ``row`` that are conditions rather than things to learn: no credential
    of the catalog, no skill id, and nothing any credential teaches ("current nursing
    registration"), unless the learner holds a skill by that name. Credentials are added before
    their picks (``_with_prerequisites``) and skills are named on the pathway; a condition can
    only be met outside the catalog."""
    return [name for name, key in pool.conditions.get(row, ()) if key not in held]


def _met_conditions(p: _Problem, pool: CredentialPool, picks: list[_Pick], gap: SkillGap,
                    s: RecommendSettings) -> tuple[list[_Pick], dict[int, list[str]]]:
    """A pick with a condition the learner may not meet (see ``_conditions``) gives way to the
    best credential without one, when that keeps at least half of its gain; otherwise it stays,
    with a note naming the condition and why it was kept. Returns the picks and {row: notes}."""
    held = {normalise_label(h.label) for h in gap.held}
    rows = [pk.row for pk in picks]
    notes: dict[int, list[str]] = {}
    conditioned: np.ndarray | None = None
    for i, row in enumerate(list(rows)):
        conditions = _conditions(pool, row, held)
        if not conditions:
            continue
        named = " and ".join(f"“{c}”" for c in conditions)
        kept = f"It asks for {named}; kept because no credential without it covers half as much."
        others, levels, avail = _room_for(p, rows, i)
        own = float(_gains(p, np.asarray([row]), levels)[0])
        if conditioned is None:  # the credentials with a condition, found once and only when needed
            conditioned = np.zeros(len(pool), dtype=bool)
            conditioned[[r for r in pool.conditions if _conditions(pool, r, held)]] = True
        cands = np.flatnonzero(avail & ~conditioned)
        gains = _gains(p, cands, levels) if len(cands) else np.zeros(0)
        good = np.flatnonzero(gains >= np.maximum(0.5 * own, _floor(p, s, cands))) if len(cands) else np.zeros(0, dtype=np.int64)
        if len(good):
            scores = _score(p, gains[good], cands[good])
            rows[i] = int(cands[good][int(np.argmax(scores))])
        else:
            notes[row] = [kept]
    if rows == [pk.row for pk in picks]:
        return picks, notes
    return _prune(p, [_Pick(r, 0.0, 0.0) for r in rows], s), notes


def _with_prerequisites(
    p: _Problem, pool: CredentialPool, picks: list[_Pick], held: Sequence[str], limit: int
) -> tuple[list[_Pick], dict[int, str], dict[int, list[str]]]:
    """Complete the picks with the credentials they name as prerequisites: each one the learner
    does not hold is put before its pick when the constraints admit it and it fits what is left
    of the budget and hours; otherwise the pick keeps a note naming it by title and why it was
    not added. Prerequisites count toward ``limit``: the last picks give way to them (a pick
    whose prerequisite would not fit keeps its place, with a note). Returns the picks, {added
    row: title of the pick it is needed for}, {pick row: notes}."""
    def cost(row: int) -> float:
        return float(p.cost[row]) if np.isfinite(p.cost[row]) else 0.0

    def hours_of(row: int) -> float:
        return float(p.hours[row]) if np.isfinite(p.hours[row]) else 0.0

    def fits(rows: Sequence[int]) -> str:
        """Why ``rows`` added to what is placed so far break the budget or the hours, or ""."""
        if p.budget is not None and spent + sum(cost(r) for r in rows) > p.budget + 1e-9:
            return "it does not fit the budget that is left"
        if p.max_hours is not None and used + sum(hours_of(r) for r in rows) > p.max_hours + 1e-9:
            return "it does not fit the hours that are left"
        return ""

    spent = used = 0.0
    needed_by: dict[int, str] = {}
    notes: dict[int, list[str]] = {}
    held_rows = {pool.position[c] for c in held if c in pool.position}
    placed: set[int] = set()
    out: list[int] = []
    for pick in picks:  # best first: an earlier pick's prerequisites win over later picks
        if pick.row in placed:
            continue
        before: list[int] = []

        def gather(needer: int, seen: frozenset[int], top: int = pick.row, before: list[int] = before) -> None:
            """Put ``needer``'s prerequisites (and theirs, first) into ``before`` when they fit."""
            for name in pool.credentials[needer].prerequisites:
                row = pool.position.get(name)
                if row is None or row in held_rows or row in placed or row in before or row in seen:
                    continue
                mark = len(before)
                gather(row, seen | {row}, top, before)
                title = pool.credentials[row].title
                why = ""
                if not p.admitted[row]:
                    why = "it is outside your constraints"
                elif p.budget is not None and not np.isfinite(p.cost[row]):
                    why = "its price is not stated"
                else:
                    why = fits([*before, row, top])
                if not why and len(out) + len(before) + 2 > limit:
                    why = f"the answer holds at most {limit} credential{'s' if limit != 1 else ''}"
                if why:  # and what was gathered for it goes too
                    for dropped in before[mark:]:
                        needed_by.pop(dropped, None)
                    del before[mark:]
                    notes.setdefault(top, []).append(f"Needs “{title}” first, not added because {why}.")
                    continue
                before.append(row)
                needed_by[row] = pool.credentials[needer].title

        gather(pick.row, frozenset({pick.row}))
        if len(out) + len(before) + 1 > limit or fits([*before, pick.row]):
            continue  # no room left for it after the prerequisites of better picks
        out.extend([*before, pick.row])
        placed.update([*before, pick.row])
        spent += sum(cost(r) for r in [*before, pick.row])
        used += sum(hours_of(r) for r in [*before, pick.row])
    # gains in the new order, each given the ones before it
    levels = p.base.copy()
    final = []
    score = {pk.row: pk.score for pk in picks}
    for row in out:
        raised = np.clip(p.line(row) - levels, 0.0, None)
        gain = float(raised @ p.importance / p.total) if p.total > 0 else 0.0
        final.append(_Pick(row, gain, score.get(row, 0.0)))
        levels = np.maximum(levels, p.line(row))
    return final, needed_by, notes


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


#: a step first looks at this many candidates, those whose gain may be largest
FIRST_LOOK = 16
#: a cover with at most this many entries is small: every gain is computed at once, which costs
#: less than looking up some (both give the same answers)
SMALL_COVER = 8192


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


def _floor(p: _Problem, s: RecommendSettings, rows: np.ndarray | Sequence[int]) -> np.ndarray:
    """The least gain each of ``rows`` must add to be worth suggesting: ``min_gain``, and for a
    paid credential ``gain_per_100`` per 100 of its price (an unknown price counts as free here;
    the budget screen deals with it)."""
    cost = p.cost[np.asarray(rows, dtype=np.int64)]
    priced = np.where(np.isfinite(cost), cost, 0.0)
    return np.maximum(s.min_gain, s.gain_per_100 * priced / 100.0) - 1e-12


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


def _value(p: _Problem, rows: Sequence[int]) -> float:
    levels = p.base.astype(np.float64)
    for r in rows:
        levels = np.maximum(levels, p.line(r))
    return float((levels - p.base) @ p.importance / p.total) if p.total > 0 else 0.0


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


def _score(p: _Problem, gains: np.ndarray, rows: np.ndarray) -> np.ndarray:
    if p.budget is not None and p.budget > 0:
        return gains / (1.0 + p.cost[rows] / p.budget)
    return gains


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


# --- wording ------------------------------------------------------------------------------


def number_text(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 1e-9 else f"{value:.2f}".rstrip("0").rstrip(".")


def money_text(cost: float | None, currency: str) -> str:
    if cost is None:
        return "for an unstated price"
    if cost == 0:
        return "for free"
    text = f"{cost:.0f}" if abs(cost - round(cost)) < 1e-9 else f"{cost:.2f}"
    return f"for {text} {currency}"


def names_text(labels: Sequence[str], most: int = 3) -> str:
    shown = ", ".join(labels[:most])
    return shown + (f" and {len(labels) - most} more" if len(labels) > most else "")


def _reason(credential: Credential, covers: Sequence[CoveredSkill], top_gap_ids: Sequence[str],
            prerequisite_of: str | None, notes: Sequence[str]) -> str:
    if prerequisite_of is not None:
        text = f"Needed first: a prerequisite of “{prerequisite_of}”"
        if covers:
            own = reason_for(credential, covers, top_gap_ids)
            text += f"; it also {own[0].lower()}{own[1:]}"
        else:
            text += f", {money_text(credential.cost, credential.currency)}."
    else:
        text = reason_for(credential, covers, top_gap_ids)
    return " ".join([text, *notes])


def reason_for(credential: Credential, covers: Sequence[CoveredSkill], top_gap_ids: Sequence[str]) -> str:
    """One sentence from the data: what it covers, for how much, how long and how delivered."""
    n = len(covers)
    in_top = [c for c in covers if c.id in top_gap_ids]
    partial = all(not c.exact or c.strength < 0.999 for c in covers)
    verb = "Partly covers" if partial else "Covers"
    if n == 0:
        return f"Covers none of your gaps on its own — {money_text(credential.cost, credential.currency)}."
    if n == 1:
        if top_gap_ids and covers[0].id == top_gap_ids[0]:
            what = "your top gap"
        elif in_top:
            what = "one of your top gaps"
        else:
            what = "one of your gaps"
    elif len(in_top) == n:
        what = f"{n} of your top gaps"
    elif len(in_top) == 1:
        what = f"{n} of your gaps (one of them a top gap)"
    elif in_top:
        what = f"{n} of your gaps ({len(in_top)} of them top gaps)"
    else:
        what = f"{n} of your gaps"
    ordered = sorted(covers, key=lambda c: (-c.gain, c.id))
    parts = [f"{verb} {what} — {names_text([c.label for c in ordered])} — {money_text(credential.cost, credential.currency)}"]
    if credential.hours is not None:
        parts.append(f" in {number_text(credential.hours)} hour{'s' if credential.hours != 1 else ''}")
    text = "".join(parts)
    if credential.format:
        text += f", {FORMAT_WORDS.get(credential.format, credential.format)}"
    language = (credential.language or "en").split("-")[0].lower()
    if language != "en":
        text += f", taught in {LANGUAGE_NAMES.get(language, credential.language)}"
    return text + "."


# --- the answer ---------------------------------------------------------------------------


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
