"""Offline evaluation of the recommender, (b): **the job-market setting of Frej et al.**
(:func:`market_occupations`, :func:`evaluate_market`; (a) is in :mod:`skillmatch.evaluation.career_change`).
Learners are skill sets (the JCRec resumes); the market is the occupations whose essential
skills lie mostly (``min_share``) in the catalog's skill subset, each requiring those of its
essential skills that are in the subset. A learner is qualified for an occupation holding at
least 80 % of its required skills. Reported: the mean number of occupations a learner
qualifies for after the first k = 1..5 credentials of each method. Besides the three methods:

* ``frej_jobs``: the greedy as Frej et al.'s code has it (``Greedy.py``): each step the
  credential after which the learner qualifies for the most occupations, ties broken by
  attractiveness (Σ over held skills of the occupations requiring them), then id; it
  optimises the metric itself. (Their course prerequisites filter is not applied, to any
  method.)
* ``ours`` against the learner's **reachable market**: the ``nearest`` (3) occupations the learner
  does not qualify for yet that need the fewest further skills (ties by id); a missing skill of
  such an occupation o, which needs ``m_o`` more skills, earns ``1 / m_o`` (learning all of them
  qualifies the learner for o), summed over the three and divided by the largest sum so
  importances lie in [0, 1]. One recommendation of 5 credentials.
* ``ours_replanned``: the same, re-planned after each credential (the learner's reachable market
  is read again with the skills just learnt, and the next single credential recommended), as a
  learner following a pathway one credential at a time would get it.

(Chosen on the JCRec resumes themselves, so read (b) as a description of the setting, not a
held-out result: spreading importance over all 107 occupations (1/m_o each) gave 0.16
occupations after 5 credentials, weighting them by demand 0.05, the nearest three 1.45.)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

import numpy as np

from skillmatch.core.catalog import Credential
from skillmatch.core.gap import compute_gap
from skillmatch.core.learner import build_learner
from skillmatch.core.pool import CredentialPool
from skillmatch.core.ports import ProgressCallback
from skillmatch.core.profiles import RoleProfile
from skillmatch.core.recommend import RecommendSettings, recommend
from skillmatch.core.similarity import SkillSimilarity
from skillmatch.core.taxonomy import Taxonomy
from skillmatch.evaluation.career_change import _essential, _mean, _skill, frej_greedy

# --- (b) the job market -----------------------------------------------------------------------


def market_occupations(
    taxonomy: Taxonomy, subset: Collection[str], *, min_share: float = 0.5, min_skills: int = 3
) -> dict[str, frozenset[str]]:
    """Occupations whose essential skills lie mostly in ``subset``: id -> those skills."""
    inside = set(subset)
    out: dict[str, frozenset[str]] = {}
    for oid in sorted(taxonomy.occupations):
        essential = _essential(taxonomy, oid)
        kept = essential & inside
        if essential and len(kept) >= min_skills and len(kept) / len(essential) >= min_share:
            out[oid] = frozenset(kept)
    return out


def _needed(required: frozenset[str], threshold: float) -> int:
    return math.ceil(threshold * len(required) - 1e-9)


def qualified_count(held: Collection[str], market: Mapping[str, frozenset[str]], threshold: float = 0.8) -> int:
    have = set(held)
    return sum(1 for req in market.values() if len(req & have) >= _needed(req, threshold))


def market_profile(
    held: Collection[str],
    market: Mapping[str, frozenset[str]],
    labels: Mapping[str, str],
    *,
    threshold: float = 0.8,
    nearest: int | None = 3,
) -> RoleProfile:
    """The learner's reachable market as one role profile (see the module docstring)."""
    have = set(held)
    reachable = sorted(
        (need, oid) for oid, req in market.items() if (need := _needed(req, threshold) - len(req & have)) > 0
    )
    if nearest is not None:
        reachable = reachable[:nearest]
    score: dict[str, float] = defaultdict(float)
    for need, oid in reachable:
        for s in market[oid] - have:
            score[s] += 1.0 / need
    top = max(score.values(), default=0.0)
    skills = tuple(
        _skill(s, labels.get(s, s), v / top) for s, v in sorted(score.items(), key=lambda kv: (-kv[1], kv[0])) if top > 0
    )
    return RoleProfile("market", "the nearest occupations", 0, 1.0, skills)


class _JobsGreedy:
    """Frej et al.'s Greedy.py over dense matrices: most qualified occupations, then attractiveness."""

    def __init__(self, pool: CredentialPool, market: Mapping[str, frozenset[str]], threshold: float) -> None:
        skills = sorted(set().union(*market.values())) if market else []
        self.col = {s: j for j, s in enumerate(skills)}
        self.req = np.zeros((len(market), len(skills)), dtype=np.float32)
        for i, req in enumerate(market[o] for o in sorted(market)):
            self.req[i, [self.col[s] for s in req]] = 1.0
        self.need = np.asarray([_needed(market[o], threshold) for o in sorted(market)], dtype=np.float32)
        self.demand = self.req.sum(axis=0)
        self.taught = np.zeros((len(pool), len(skills)), dtype=np.float32)
        for i, c in enumerate(pool.credentials):
            cols = [self.col[t.id] for t in c.skills if t.id in self.col]
            self.taught[i, cols] = 1.0
        self.pool = pool
        self.hits = self.taught @ self.req.T  # courses × occupations: required skills taught
        self.attract = self.taught @ self.demand
        self.hits = self.taught @ self.req.T  # courses × occupations: required skills taught
        self.attract = self.taught @ self.demand

    def run(self, held: Collection[str], k: int) -> list[str]:
        # Kept up to date as skills are learnt: base[o] = required skills of o held;
        # held_hits[c, o] = those of them course c teaches; held_attract[c] likewise for demand.
        h = np.zeros(len(self.col), dtype=bool)
        h[[self.col[s] for s in held if s in self.col]] = True
        base = self.req[:, h].sum(axis=1)
        held_hits = self.taught[:, h] @ self.req[:, h].T
        held_attract = self.taught[:, h] @ self.demand[h]
        chosen: list[str] = []
        used = np.zeros(len(self.pool), dtype=bool)
        for _ in range(k):
            counts = base[None, :] + self.hits - held_hits  # courses × occupations, after taking each
            jobs = (counts >= self.need[None, :] - 1e-6).sum(axis=1).astype(np.float64)
            attract = self.attract - held_attract
            jobs[used] = -1.0
            # most occupations, then most attractiveness, then the smallest id (position)
            best = int(np.lexsort((np.arange(len(jobs)), -attract, -jobs))[0])
            used[best] = True
            chosen.append(self.pool.credentials[best].id)
            new = (self.taught[best] > 0) & ~h
            if new.any():
                h |= new
                base = base + self.req[:, new].sum(axis=1)
                held_hits = held_hits + self.taught[:, new] @ self.req[:, new].T
                held_attract = held_attract + self.taught[:, new] @ self.demand[new]
        return chosen


def evaluate_market(
    learners: Mapping[str, Collection[str]],
    market: Mapping[str, frozenset[str]],
    catalog: Sequence[Credential] | CredentialPool,
    similarity: SkillSimilarity | None,
    labels: Mapping[str, str],
    *,
    ks: Sequence[int] = (1, 2, 3, 4, 5),
    threshold: float = 0.8,
    nearest: int | None = 3,
    settings: RecommendSettings | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, object]:
    pool = CredentialPool.of(catalog)
    k_max = max(ks)
    jobs = _JobsGreedy(pool, market, threshold)
    required = set().union(*market.values()) if market else set()
    methods = ("ours", "ours_replanned", "frej_greedy", "frej_jobs")
    counts: dict[str, list[list[int]]] = {m: [] for m in methods}
    before: list[int] = []

    def ours(held: set[str], limit: int, taken: Sequence[Credential] = ()) -> list[str]:
        # credentials taken count as held (their skills too) and are not suggested again
        learner = build_learner(ids=sorted(held), label_of=lambda i: labels.get(i, i), credentials=taken)
        profile = market_profile(set(learner.skill_ids), market, labels, threshold=threshold, nearest=nearest)
        gap = compute_gap(learner, profile, similarity)
        return list(recommend(gap, pool, similarity=similarity, limit=limit, settings=settings).credential_ids)

    for lid in sorted(learners):
        held = set(learners[lid])
        before.append(qualified_count(held, market, threshold))
        lists: dict[str, list[str]] = {"ours": ours(held, k_max)}
        replanned: list[str] = []
        for _ in range(k_max):
            step = ours(held, 1, [pool.credentials[pool.position[c]] for c in replanned])
            if not step:
                break
            replanned.append(step[0])
        lists["ours_replanned"] = replanned
        lists["frej_greedy"] = frej_greedy(pool, required - held, k_max)
        lists["frej_jobs"] = jobs.run(held, k_max)
        for name, chosen in lists.items():
            row = []
            have = set(held)
            for k in range(1, k_max + 1):
                if k <= len(chosen):
                    have.update(t.id for t in pool.credentials[pool.position[chosen[k - 1]]].skills)
                row.append(qualified_count(have, market, threshold))
            counts[name].append(row)
        if progress:
            progress(1)
    return {
        "learners": len(learners),
        "occupations": len(market),
        "threshold": threshold,
        "qualified@0": _mean([float(b) for b in before]),
        "nearest": nearest,
        "methods": {
            name: {f"qualified@{k}": _mean([float(r[k - 1]) for r in rows]) for k in ks} for name, rows in counts.items()
        },
    }
