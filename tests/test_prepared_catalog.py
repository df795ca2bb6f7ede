"""The prepared catalog: remembered cover columns and lazy selection give the direct answers.

Random skill spaces and catalogs (with near-copies and exact copies of credentials, so near-ties
are common) are answered twice, once computing every candidate's gain at every step
(``eager``) and once lazily; the answers must be the same. The sparse cover must equal a direct
computation of ``cover(c, g) = max_t w_ct · k(t, g)`` credential by credential.
"""

from __future__ import annotations

import random
from dataclasses import replace
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import skillmatch.core.recommend.problem as recommend_module
from skillmatch.core.catalog import Credential, TaughtSkill
from skillmatch.core.constraints import Constraints
from skillmatch.core.gap import compute_gap
from skillmatch.core.learner import build_learner
from skillmatch.core.pool import CredentialPool
from skillmatch.core.profiles import RoleProfile, RoleSkill
from skillmatch.core.recommend import recommend
from skillmatch.core.similarity import CreditRule, HierarchySimilarity, VectorSimilarity

FORMATS = ("online_self_paced", "online_live", "in_person", "hybrid", None)
LEVELS = ("beginner", "intermediate", "advanced", None)


def _space(rng: random.Random, n: int) -> tuple[list[str], HierarchySimilarity]:
    """``n`` skills in a few clusters (so many pairs pass the credit floor) and a little hierarchy."""
    ids = [f"s{i:02d}" for i in range(n)]
    centres = np.asarray([[rng.gauss(0, 1) for _ in range(8)] for _ in range(4)])
    vectors = np.asarray([centres[i % 4] + [rng.gauss(0, 0.45) for _ in range(8)] for i in range(n)], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    parents = {ids[i]: [ids[rng.randrange(n)]] for i in range(n) if rng.random() < 0.2}
    return ids, HierarchySimilarity(VectorSimilarity(ids, vectors), parents)


def _catalog(rng: random.Random, skills: list[str], size: int) -> list[Credential]:
    bases = []
    for i in range(max(3, size // 4)):
        taught = tuple(TaughtSkill(s, f"skill {s}", round(rng.choice([1.0, 0.8, 0.5, 0.3]), 2), "declared")
                       for s in rng.sample(skills, rng.randint(1, 4)))
        bases.append(Credential(
            id=f"b{i:03d}", title=f"Course {i}", provider=rng.choice(["Alpha", "Beta", "Gamma"]),
            skills=taught, cost=rng.choice([None, 0.0, 0.0, 49.0, 99.0, 250.0, 600.0]),
            currency=rng.choice(["EUR", "EUR", "USD"]), hours=rng.choice([None, 5.0, 20.0, 40.0, 120.0]),
            level=rng.choice(LEVELS), format=rng.choice(FORMATS), language=rng.choice(["en", "en", "de"]),
        ))
    out = list(bases)
    while len(out) < size:  # copies, some exact, some with jittered weights and prices
        base = rng.choice(bases)
        exact = rng.random() < 0.3
        taught = base.skills if exact else tuple(
            TaughtSkill(t.id, t.label, round(min(1.0, t.weight * rng.uniform(0.7, 1.2)), 3), t.source) for t in base.skills)
        cost = base.cost if exact or base.cost is None else round(base.cost * rng.uniform(0.5, 1.5), 2)
        out.append(Credential(id=f"c{len(out):04d}", title=f"{base.title} ({len(out)})", provider=base.provider,
                              skills=taught, cost=cost, currency=base.currency, hours=base.hours, level=base.level,
                              format=base.format, language=base.language))
    ids = [c.id for c in out]
    return [c if rng.random() > 0.1 else replace(c, prerequisites=(rng.choice(ids),))
            for c in out]


def _role(rng: random.Random, skills: list[str]) -> RoleProfile:
    chosen = rng.sample(skills, rng.randint(3, min(12, len(skills))))
    return RoleProfile("role", "role", 10, 0.0, tuple(
        RoleSkill(s, f"skill {s}", w, w, 0.5, w, 1, 0.0) for s in chosen for w in [round(rng.uniform(0.05, 1.0), 3)]))


CONSTRAINTS = [
    Constraints(),
    Constraints(max_cost=300.0),
    Constraints(max_cost=600.0, rates={"USD": 0.9}, formats=("online",)),
    Constraints(max_hours=80.0),
    Constraints(free_only=True),
    Constraints(levels=("beginner", "intermediate"), max_cost=150.0, max_hours=60.0),
]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.sampled_from([20, 60, 200]), limit=st.integers(1, 8),
       rules=st.sampled_from(CONSTRAINTS))
def test_lazy_selection_gives_the_direct_answer(seed: int, size: int, limit: int, rules: Constraints) -> None:
    rng = random.Random(seed)
    skills, similarity = _space(rng, 24)
    pool = CredentialPool(_catalog(rng, skills, size))
    role = _role(rng, skills)
    held = {s.id: rng.choice([1.0, 0.5]) for s in role.skills if rng.random() < 0.3}
    gap = compute_gap(build_learner(ids=held, label_of=lambda s: f"skill {s}"), role, similarity)
    with patch.object(recommend_module, "SMALL_COVER", 0):  # lazy whatever the size
        lazy = recommend(gap, pool, similarity=similarity, constraints=rules, limit=limit)
    direct = recommend(gap, CredentialPool(pool.credentials), similarity=similarity, constraints=rules, limit=limit,
                       eager=True)
    assert lazy.as_dict() == direct.as_dict()


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_sparse_cover_equals_the_direct_computation(seed: int) -> None:
    rng = random.Random(seed)
    skills, similarity = _space(rng, 20)
    pool = CredentialPool(_catalog(rng, skills, 40))
    gap_ids = rng.sample(skills, 8)
    rule = CreditRule()
    pool.cover(rng.sample(skills, 5), similarity, rule)  # some columns remembered from an earlier request
    cover = pool.cover(gap_ids, similarity, rule)
    for row, c in enumerate(pool.credentials):
        taught = sorted({t.id: t for t in c.skills}.values(), key=lambda t: t.id)
        weights = {t.id: max(min(1.0, x.weight) for x in c.skills if x.id == t.id) for t in taught}
        credit, _ = rule.credit_matrix([t.id for t in taught], gap_ids, similarity)
        values = np.asarray([weights[t.id] for t in taught], dtype=np.float32)[:, None] * credit
        expected = values.max(axis=0) if len(taught) else np.zeros(len(gap_ids), dtype=np.float32)
        np.testing.assert_allclose(cover.line(row), expected, atol=1e-6)
        np.testing.assert_allclose(cover.strength[row], expected, atol=1e-6)
        for j in np.flatnonzero(expected > 0):
            via = cover.via(row, int(j))[0]
            assert via == taught[int(np.argmax(values[:, j]))].id  # the first taught skill among equals


def test_a_remembered_column_is_not_taken_for_another_similarity() -> None:
    rng = random.Random(1)
    skills, similarity = _space(rng, 12)
    other_skills, other = _space(random.Random(2), 12)
    assert skills == other_skills
    pool = CredentialPool(_catalog(rng, skills, 30))
    rule = CreditRule()
    first = pool.cover(skills, similarity, rule).strength.copy()
    second = pool.cover(skills, other, rule).strength
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(second, CredentialPool(pool.credentials).cover(skills, other, rule).strength)
    with pytest.raises(KeyError):
        pool.cover(skills, similarity, rule).via(0, int(np.flatnonzero(first[0] == 0)[0]))


def test_pathway_catalog_around_picks_holds_prerequisites_and_stacks() -> None:
    def c(cid: str, **kw: object) -> Credential:
        return Credential(id=cid, title=cid.title(), provider="P", skills=(), **kw)  # type: ignore[arg-type]

    pool = CredentialPool([
        c("cert", has_part=("part-a",)), c("part-a"), c("part-b", is_part_of=("cert",)),
        c("pick", is_part_of=("cert",), prerequisites=("basics",)), c("basics"), c("unrelated"),
    ])
    assert [x.id for x in pool.around(["pick"])] == ["basics", "cert", "part-a", "part-b", "pick"]
