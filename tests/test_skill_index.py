from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillmatch.adapters.faiss_index import FaissIndex
from skillmatch.adapters.loaders.esco import load_esco
from skillmatch.core.ports import ExactIndex
from skillmatch.core.skill_index import EntryKind, SkillEntries, SkillIndex
from tests.conftest import DATA
from tests.fakes import FakeEncoder

ESCO = "http://data.europa.eu/esco/skill/"


@pytest.fixture(scope="module")
def index() -> SkillIndex:
    taxonomy = load_esco(DATA / "esco_mini")
    entries = SkillEntries.from_taxonomy(taxonomy)
    vectors = ExactIndex(FakeEncoder().dim)
    vectors.add(SkillIndex.embed(entries, FakeEncoder()))
    return SkillIndex(entries, vectors)


def test_entries_hold_every_label_and_description_once() -> None:
    taxonomy = load_esco(DATA / "esco_mini")
    entries = SkillEntries.from_taxonomy(taxonomy)
    counts = entries.counts()
    assert counts["skills"] == 8
    assert counts["labels"] == 8
    assert counts["alt_labels"] == sum(len(s.labels) - 1 for s in taxonomy.skills.values())
    assert counts["descriptions"] == 8
    python_rows = [i for i, t in enumerate(entries.texts) if t == "python programming"]
    assert len(python_rows) == 1
    assert entries.skill_ids[entries.skill_of[python_rows[0]]] == ESCO + "aaaa0001"
    assert entries.kind_of[python_rows[0]] == EntryKind.ALT_LABEL


def test_search_reduces_many_vectors_to_one_hit_per_skill(index: SkillIndex) -> None:
    hits = index.search_vectors(FakeEncoder().encode(["python programming"]), top=8)[0]
    ids = [h.id for h in hits]
    assert ids[0] == ESCO + "aaaa0001"
    assert hits[0].matched == "python programming" and hits[0].matched_kind == "alt_label"
    assert len(ids) == len(set(ids)) == 8
    assert all(0.0 <= h.score <= 1.0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_description_matches_count_less_than_label_matches(index: SkillIndex) -> None:
    # The query equals SQL's description word for word, and equals no label.
    text = "The computer language SQL is a query language for retrieval of information from a database."
    hit = index.search_vectors(FakeEncoder().encode([text]), top=1)[0][0]
    assert hit.id == ESCO + "aaaa0002" and hit.matched_kind == "description"
    assert hit.score == pytest.approx(0.9, abs=1e-4)


def test_exact_label_lookup_is_case_and_punctuation_insensitive(index: SkillIndex) -> None:
    assert index.exact("sql").id == ESCO + "aaaa0002"  # type: ignore[union-attr]
    assert index.exact("Structured Query Language").matched_kind == "alt_label"  # type: ignore[union-attr]
    assert index.exact("c++").id == ESCO + "aaaa0008"  # type: ignore[union-attr]
    assert index.exact("c") is None


def test_search_is_deterministic(index: SkillIndex) -> None:
    q = FakeEncoder().encode(["data", "teaching maths"])
    assert index.search_vectors(q, 5) == index.search_vectors(q, 5)


vectors = st.integers(min_value=1, max_value=60).flatmap(
    lambda n: st.tuples(st.just(n), st.integers(min_value=0, max_value=2**32 - 1))
)


@settings(max_examples=40, deadline=None)
@given(vectors, st.integers(min_value=1, max_value=10))
def test_exact_and_faiss_indexes_agree_with_brute_force(spec: tuple[int, int], k: int) -> None:
    n, seed = spec
    rng = np.random.default_rng(seed)
    data = rng.standard_normal((n, 16)).astype(np.float32)
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    queries = data[: min(3, n)] + 0.01
    exact, flat = ExactIndex(16), FaissIndex(16, "flat")
    exact.add(data)
    flat.add(data)
    e_scores, e_ids = exact.search(queries, k)
    f_scores, f_ids = flat.search(queries, k)
    truth = np.sort(queries @ data.T, axis=1)[:, ::-1][:, : min(k, n)]
    np.testing.assert_allclose(e_scores[:, : min(k, n)], truth, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(f_scores[:, : min(k, n)], truth, rtol=1e-4, atol=1e-4)
    assert (e_ids[:, min(k, n) :] == -1).all() and (f_ids[:, min(k, n) :] == -1).all()


def test_faiss_index_save_and_load_give_the_same_answers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(7)
    data = rng.standard_normal((300, 16)).astype(np.float32)
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    for kind in ("flat", "hnsw"):
        index = FaissIndex.from_vectors(data, kind)
        index.save(tmp_path / f"{kind}.faiss")
        loaded = FaissIndex.load(tmp_path / f"{kind}.faiss")
        assert loaded.kind == kind and loaded.size == 300
        a, b = index.search(data[:5], 7), loaded.search(data[:5], 7)
        np.testing.assert_array_equal(a[1], b[1])
