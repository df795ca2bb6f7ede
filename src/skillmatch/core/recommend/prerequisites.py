"""What a chosen set must still respect before it is an answer: every pick covers at least one
gap skill and adds what its price asks; a pick with a condition the learner may not meet
("current nursing registration") gives way to a credential without one when that keeps half
its gain; and the prerequisites of a pick come before it, within the limit, budget and hours,
or are named in a note saying why they were not added.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from skillmatch.core.gap import SkillGap
from skillmatch.core.pool import CredentialPool
from skillmatch.core.recommend.problem import COVERS_AT_LEAST, RecommendSettings, _floor, _gains, _Pick, _Problem, _score
from skillmatch.core.recommend.selection import _prune, _room_for
from skillmatch.core.text import normalise_label


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
