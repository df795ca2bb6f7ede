"""Offline evaluation of the recommender against two baselines, in two settings.

**Methods** (each returns up to k credentials, best first):

* ``ours``: :func:`skillmatch.core.recommend.recommend` on the learner's gap (partial credit
  from skill similarity, weighted coverage, diminishing returns);
* ``semantic_search``: the k credentials whose text (``Credential.text``: title, description,
  learning outcomes) is nearest, by cosine of the encoder's embeddings, to the target's text
  (occupation label and description), ignoring what the learner holds;
* ``frej_greedy``: the greedy of Frej et al. (SIGIR 2024) as a skill count: repeatedly the
  credential teaching the most still-uncovered required skills (exact ids, unweighted), ties
  by id, until nothing new is covered.

**(a) Career change** (:func:`career_change_scenarios`, :func:`evaluate_career_change`). From
ESCO: a learner holds the essential skills of a source occupation and targets another
occupation of the same ISCO major group, whose essential (importance 1.0) and optional (0.5)
skills form the role profile. Scenarios are drawn with a seeded RNG among targets with at
least ``min_taught`` role skills that the catalog teaches, and sources leaving at least
``min_gap`` of those in the gap. The metric is exact (no partial credit, whatever a method
uses internally): with gap weight ``a_g`` for every role skill the learner does not hold,

    coverage@k = Σ_{g taught by the first k credentials} a_g / Σ_g a_g

averaged over scenarios; ``ceiling`` is the same share for the whole catalog. ``cost@k`` is
the mean total cost of the first k credentials, a credential without a price counting
``unknown_cost``; ``courses@k`` the mean number recommended.

The job-market setting is in :mod:`skillmatch.evaluation.market`.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from skillmatch.core.catalog import Credential
from skillmatch.core.gap import compute_gap
from skillmatch.core.learner import LearnerProfile, build_learner
from skillmatch.core.pool import CredentialPool
from skillmatch.core.ports import Encoder, ProgressCallback
from skillmatch.core.profiles import RoleProfile, RoleSkill
from skillmatch.core.recommend import RecommendSettings, recommend
from skillmatch.core.similarity import SkillSimilarity
from skillmatch.core.taxonomy import Taxonomy

ESSENTIAL, OPTIONAL = 1.0, 0.5


def _skill(sid: str, label: str, weight: float) -> RoleSkill:
    return RoleSkill(sid, label, weight, weight, 0.5, weight, 0, 0.0)


def occupation_profile(taxonomy: Taxonomy, occupation_id: str) -> RoleProfile:
    """The ESCO prior of an occupation as a role profile: essential 1.0, optional 0.5."""
    occ = taxonomy.occupation(occupation_id)
    weights: dict[str, float] = {}
    for rel in taxonomy.relations_of(occupation_id):
        if rel.skill_id in taxonomy.skills:
            w = ESSENTIAL if rel.kind == "essential" else OPTIONAL
            weights[rel.skill_id] = max(weights.get(rel.skill_id, 0.0), w)
    skills = tuple(
        _skill(s, taxonomy.skills[s].label, w) for s, w in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return RoleProfile(occupation_id, occ.label, 0, 1.0, skills)


@dataclass(frozen=True)
class CareerScenario:
    source_id: str
    source_label: str
    target_text: str
    learner: LearnerProfile
    role: RoleProfile

    def as_dict(self) -> dict[str, object]:
        return {
            "source": {"id": self.source_id, "label": self.source_label},
            "target": {"id": self.role.role_id, "label": self.role.label},
            "held": len(self.learner.skills),
            "role_skills": len(self.role.skills),
        }


def _essential(taxonomy: Taxonomy, occupation_id: str) -> set[str]:
    return {r.skill_id for r in taxonomy.relations_of(occupation_id) if r.kind == "essential" and r.skill_id in taxonomy.skills}


def career_change_scenarios(
    taxonomy: Taxonomy,
    taught: Collection[str],
    *,
    n: int = 200,
    seed: int = 42,
    min_taught: int = 5,
    min_gap: int = 3,
) -> list[CareerScenario]:
    """Up to ``n`` (source, target) occupation pairs sharing an ISCO major group, drawn with ``seed``."""
    teach = set(taught)
    rng = random.Random(seed)
    by_group: dict[str, list[str]] = defaultdict(list)
    for oid in sorted(taxonomy.occupations):
        code = taxonomy.occupations[oid].code
        if code and _essential(taxonomy, oid):
            by_group[code[0]].append(oid)
    profiles: dict[str, RoleProfile] = {}
    targets = []
    for group in sorted(by_group):
        for oid in by_group[group]:
            prof = occupation_profile(taxonomy, oid)
            if sum(1 for s in prof.skills if s.id in teach) >= min_taught:
                profiles[oid] = prof
                targets.append(oid)
    rng.shuffle(targets)
    out: list[CareerScenario] = []
    for target in targets:
        if len(out) >= n:
            break
        prof = profiles[target]
        sources = [o for o in by_group[taxonomy.occupations[target].code[0]] if o != target]
        rng.shuffle(sources)
        for source in sources:
            held = _essential(taxonomy, source)
            if sum(1 for s in prof.skills if s.id in teach and s.id not in held) < min_gap:
                continue
            occ = taxonomy.occupations[target]
            learner = build_learner(ids=sorted(held), label_of=lambda i: taxonomy.skills[i].label, learner_id=source)
            text = f"{occ.label}. {occ.description}".strip()
            out.append(CareerScenario(source, taxonomy.occupations[source].label, text, learner, prof))
            break
    return out


# --- the methods --------------------------------------------------------------------------


def frej_greedy(pool: CredentialPool, required: Collection[str], k: int) -> list[str]:
    """Frej et al.'s greedy as a count: the credential teaching most uncovered required skills."""
    rows, cols, _ = pool.pairs
    want = set(required)
    uncovered = np.asarray([sid in want for sid in pool.skill_ids], dtype=bool)
    used = np.zeros(len(pool), dtype=bool)
    chosen: list[str] = []
    while len(chosen) < k and uncovered.any():
        hits = np.bincount(rows, weights=uncovered[cols], minlength=len(pool))
        hits[used] = -1
        best = int(np.argmax(hits))  # the first of equal counts, i.e. the smallest id
        if hits[best] <= 0:
            break
        used[best] = True
        chosen.append(pool.credentials[best].id)
        uncovered[cols[rows == best]] = False
    return chosen


class SemanticSearch:
    """Plain semantic search: credentials nearest to a text by cosine of their embeddings."""

    def __init__(self, pool: CredentialPool, encoder: Encoder, *, progress: ProgressCallback | None = None) -> None:
        self.pool = pool
        self.encoder = encoder
        self.vectors = encoder.encode([c.text for c in pool.credentials], progress=progress)

    def top(self, texts: Sequence[str], k: int) -> list[list[str]]:
        if not len(texts):
            return []
        sims = self.encoder.encode(list(texts)) @ self.vectors.T
        out = []
        for row in sims:
            order = np.lexsort((np.arange(len(row)), -row))[:k]  # ties by position = by id
            out.append([self.pool.credentials[i].id for i in order])
        return out


# --- (a) career change ----------------------------------------------------------------------


def _gap_weights(scenario: CareerScenario) -> dict[str, float]:
    held = set(scenario.learner.skill_ids)
    return {s.id: s.weight for s in scenario.role.skills if s.id not in held}


def _exact_coverage(
    gap: Mapping[str, float], pool: CredentialPool, chosen: Sequence[str], *, taught: Collection[str] = ()
) -> float:
    total = sum(gap.values())
    if total <= 0:
        return 1.0
    taught = set(taught)
    for cid in chosen:
        taught.update(t.id for t in pool.credentials[pool.position[cid]].skills)
    return sum(w for s, w in gap.items() if s in taught) / total


def _cost(pool: CredentialPool, chosen: Sequence[str], unknown_cost: float) -> float:
    costs = [pool.credentials[pool.position[c]].cost for c in chosen]
    return float(sum(unknown_cost if v is None else v for v in costs))


def evaluate_career_change(
    scenarios: Sequence[CareerScenario],
    catalog: Sequence[Credential] | CredentialPool,
    encoder: Encoder,
    similarity: SkillSimilarity | None,
    *,
    ks: Sequence[int] = (1, 3, 5),
    unknown_cost: float = 1.0,
    settings: RecommendSettings | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, object]:
    pool = CredentialPool.of(catalog)
    k_max = max(ks)
    search = SemanticSearch(pool, encoder)
    semantic = search.top([s.target_text for s in scenarios], k_max)
    all_taught = {t.id for c in pool.credentials for t in c.skills}
    picks: dict[str, list[list[str]]] = {"ours": [], "semantic_search": semantic, "frej_greedy": []}
    for sc in scenarios:
        gap = compute_gap(sc.learner, sc.role, similarity)
        picks["ours"].append(list(recommend(gap, pool, similarity=similarity, limit=k_max, settings=settings).credential_ids))
        picks["frej_greedy"].append(frej_greedy(pool, _gap_weights(sc), k_max))
        if progress:
            progress(1)
    methods: dict[str, dict[str, float]] = {}
    for name, lists in picks.items():
        row: dict[str, float] = {}
        for k in ks:
            row[f"coverage@{k}"] = _mean(
                [_exact_coverage(_gap_weights(sc), pool, chosen[:k]) for sc, chosen in zip(scenarios, lists, strict=True)]
            )
        row[f"cost@{k_max}"] = _mean([_cost(pool, chosen[:k_max], unknown_cost) for chosen in lists])
        row[f"courses@{k_max}"] = _mean([float(len(chosen[:k_max])) for chosen in lists])
        methods[name] = row
    ceiling = _mean([_exact_coverage(_gap_weights(sc), pool, [], taught=all_taught) for sc in scenarios])
    return {
        "methods": methods,
        "scenarios": len(scenarios),
        "ceiling": ceiling,
        "examples": [
            {**sc.as_dict(), "picks": {name: lists[i] for name, lists in picks.items()}} for i, sc in enumerate(scenarios[:3])
        ],
    }


def _mean(values: Sequence[float]) -> float:
    return float(sum(values) / len(values)) if values else 0.0
