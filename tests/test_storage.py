from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from skillmatch.adapters.artifacts import ArtifactStore, label_rows
from skillmatch.adapters.embedding_cache import CachedEncoder
from skillmatch.adapters.loaders.esco import load_esco
from skillmatch.adapters.taxonomy_store import TaxonomyStore
from skillmatch.adapters.versioned import VersionedStore
from skillmatch.core.skill_index import EntryKind, SkillEntries, SkillIndex
from skillmatch.errors import ArtifactsMissing, IntegrityError
from tests.conftest import DATA
from tests.fakes import FakeEncoder


def test_versioned_store_commits_atomically_and_keeps_old_on_failure(tmp_path: Path) -> None:
    store = VersionedStore(tmp_path / "v", keep=2)
    assert store.current() is None
    with store.new_version() as folder:
        (folder / "x").write_text("one")
    first = store.current()
    assert first is not None and (first / "x").read_text() == "one"
    with pytest.raises(RuntimeError), store.new_version() as folder:
        (folder / "x").write_text("half-written")
        raise RuntimeError("disk full")
    assert store.current() == first
    assert not any(p.name.startswith(".tmp") for p in (tmp_path / "v").iterdir())
    for text in ("two", "three"):
        with store.new_version() as folder:
            (folder / "x").write_text(text)
    assert (store.current() / "x").read_text() == "three"  # type: ignore[operator]
    assert len(store.versions()) == 2  # pruned to `keep`


def test_taxonomy_round_trips_through_the_store(tmp_path: Path) -> None:
    taxonomy = load_esco(DATA / "esco_mini", version="v1")
    store = TaxonomyStore(tmp_path / "taxonomy")
    manifest = store.save(taxonomy)
    assert manifest["counts"]["skills"] == 8 and len(manifest["fingerprint"]) == 64
    loaded = store.load()
    assert loaded.skills == taxonomy.skills
    assert loaded.occupations == taxonomy.occupations
    assert loaded.relations == taxonomy.relations
    assert loaded.groups == taxonomy.groups
    assert loaded.links == taxonomy.links and len(loaded.links) == 2
    assert (loaded.name, loaded.version) == ("ESCO", "v1")


def test_a_taxonomy_without_skill_links_keeps_its_fingerprint(tmp_path: Path) -> None:
    taxonomy = load_esco(DATA / "esco_mini", version="v1")
    with_links = TaxonomyStore(tmp_path / "a").save(taxonomy)["fingerprint"]
    taxonomy.links = []
    without = TaxonomyStore(tmp_path / "b").save(taxonomy)["fingerprint"]
    assert with_links != without
    # the fingerprint of a taxonomy without links hashes the four files a store always had
    import hashlib

    folder = TaxonomyStore(tmp_path / "b").versions.current()
    assert folder is not None
    files = [hashlib.sha256((folder / n).read_bytes()).hexdigest()
             for n in ("skills.jsonl.gz", "occupations.jsonl.gz", "groups.jsonl.gz", "relations.tsv.gz")]
    assert without == hashlib.sha256("".join(files).encode()).hexdigest()


def test_corrupt_taxonomy_file_is_detected(tmp_path: Path) -> None:
    store = TaxonomyStore(tmp_path / "taxonomy")
    store.save(load_esco(DATA / "esco_mini"))
    folder = store.versions.current()
    assert folder is not None
    (folder / "skills.jsonl.gz").write_bytes(b"garbage")
    with pytest.raises(IntegrityError, match="skills.jsonl.gz"):
        store.load()


def test_missing_taxonomy_tells_how_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(ArtifactsMissing, match="skillmatch setup"):
        TaxonomyStore(tmp_path / "none").load()


def test_skill_index_artifacts_round_trip_with_manifest(tmp_path: Path) -> None:
    entries = SkillEntries.from_taxonomy(load_esco(DATA / "esco_mini"))
    encoder = FakeEncoder()
    vectors = SkillIndex.embed(entries, encoder)
    store = ArtifactStore(tmp_path / "artifacts")
    manifest, version = store.save(entries, vectors, model_id=encoder.model_id, taxonomy={"name": "ESCO"})
    assert manifest["model"] == "fake-bow@1" and manifest["counts"]["vectors"] == len(entries)
    assert set(manifest["files"]) == {"skills.faiss", "entries.json"}
    assert not list((tmp_path / "artifacts" / version).glob("*.pkl"))
    index, loaded_manifest, loaded_version, phrases = store.load()
    assert loaded_version == version and loaded_manifest == manifest and phrases is None
    q = encoder.encode(["python programming", "teach mathematics"])
    assert index.search_vectors(q, 3)[0][0].id.endswith("aaaa0001")
    assert index.search_vectors(q, 3)[1][0].id.endswith("aaaa0005")
    (tmp_path / "artifacts" / version / "entries.json").write_text("{}")
    with pytest.raises(IntegrityError):
        store.load()


def test_the_phrase_index_is_saved_with_the_skill_index_and_finds_labels_only(tmp_path: Path) -> None:
    entries = SkillEntries.from_taxonomy(load_esco(DATA / "esco_mini"))
    encoder, static = FakeEncoder(), FakeEncoder("fake-static@1")
    rows = label_rows(entries)
    assert all(entries.kind_of[r] != EntryKind.DESCRIPTION for r in rows)
    store = ArtifactStore(tmp_path / "artifacts")
    manifest, _ = store.save(entries, SkillIndex.embed(entries, encoder), model_id=encoder.model_id,
                             taxonomy={"name": "ESCO"}, phrase_vectors=static.encode([entries.texts[r] for r in rows]),
                             static_model={"sha256": "abc", "versions": {}})
    assert "phrases.faiss" in manifest["files"] and manifest["static_model"]["sha256"] == "abc"
    _, _, _, phrases = store.load()
    assert phrases is not None and phrases.size == len(entries)
    _, found = phrases.search(static.encode(["python programming"]), 5)
    assert set(found[0][found[0] >= 0].tolist()) <= set(rows.tolist())
    assert entries.texts[found[0][0]].lower().startswith("python")


def test_cached_encoder_encodes_each_text_once_and_persists(tmp_path: Path) -> None:
    inner = FakeEncoder()
    cache = CachedEncoder(inner, tmp_path / "cache.sqlite")
    seen: list[int] = []
    first = cache.encode(["a", "b", "a", "c"], progress=seen.append)
    assert sum(seen) == 4
    assert inner.calls == [["a", "b", "c"]]
    np.testing.assert_array_equal(first, inner.encode(["a", "b", "a", "c"]))
    inner.calls.clear()
    again = CachedEncoder(inner, tmp_path / "cache.sqlite").encode(["c", "d", "b"])
    assert inner.calls == [["d"]]
    np.testing.assert_array_equal(again, inner.encode(["c", "d", "b"]))


def test_an_import_reads_the_cache_as_its_start_left_it(tmp_path: Path) -> None:
    import sqlite3
    import time

    from skillmatch.adapters.embedding_cache import reading_as_of

    path = tmp_path / "cache.sqlite"
    with sqlite3.connect(path) as db:  # a cache made before vectors carried the time they were written
        db.execute("CREATE TABLE embeddings (model TEXT NOT NULL, key BLOB NOT NULL, vector BLOB NOT NULL, "
                   "PRIMARY KEY (model, key)) WITHOUT ROWID")
    inner = FakeEncoder()
    CachedEncoder(inner, path).encode(["before"])
    started = time.time()
    time.sleep(0.01)
    inner.calls.clear()
    with reading_as_of(started):
        worker = CachedEncoder(inner, path)
        worker.encode(["before", "during"])  # "during" is encoded and written...
        worker.encode(["during", "before"])  # ...but not read back while the import runs
    assert inner.calls == [["during"], ["during"]]
    inner.calls.clear()
    CachedEncoder(inner, path).encode(["during", "before"])  # after it, everything is read back
    assert inner.calls == []


def test_cache_keeps_models_apart(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    CachedEncoder(FakeEncoder("model-a"), path).encode(["x"])
    other = FakeEncoder("model-b")
    CachedEncoder(other, path).encode(["x"])
    assert other.calls == [["x"]]


def test_cached_encoder_folds_case_for_an_uncased_model_and_encodes_shortest_first(tmp_path: Path) -> None:
    inner = FakeEncoder()
    inner.uncased = True  # type: ignore[attr-defined]
    cache = CachedEncoder(inner, tmp_path / "cache.sqlite")
    vecs = cache.encode(["Python programming language", "python", "Python", "SQL"])
    assert inner.calls == [["SQL", "python", "Python programming language"]]  # "Python" is "python"
    np.testing.assert_array_equal(vecs[1], vecs[2])
    cased = FakeEncoder("cased@1")
    CachedEncoder(cased, tmp_path / "cache.sqlite").encode(["Python", "python"])
    assert cased.calls == [["Python", "python"]]


def test_precision_auto_takes_bf16_only_on_a_cpu_with_native_bfloat16(tmp_path: Path) -> None:
    from skillmatch.adapters.encoder import choose_precision, cpu_flags

    assert choose_precision("auto", frozenset({"avx2", "amx_bf16", "amx_tile"})) == "bf16"
    assert choose_precision("auto", frozenset({"avx2", "avx512f", "avx512_bf16"})) == "bf16"
    assert choose_precision("auto", frozenset({"avx2", "fma"})) == "fp32"  # emulated bf16 is slower
    assert choose_precision("fp32", frozenset({"amx_bf16"})) == "fp32"
    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nflags\t\t: fpu sse avx512_bf16 avx2\n\nprocessor\t: 1\n")
    assert cpu_flags(info) == frozenset({"fpu", "sse", "avx512_bf16", "avx2"})
    assert cpu_flags(tmp_path / "missing") == frozenset()
