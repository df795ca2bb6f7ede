from __future__ import annotations

from pathlib import Path

import pytest

from skillmatch.errors import ArtifactsMissing, DataFormatError, InvalidRequest
from skillmatch.evaluation import runs
from skillmatch.service import Engine
from tests.conftest import DATA
from tests.fakes import FakeEncoder

ESCO = "http://data.europa.eu/esco/skill/"


def test_import_then_search(engine: Engine) -> None:
    engine.import_taxonomy("esco", DATA / "esco_mini", version="v1.1.1")
    info = engine.taxonomy_info()
    assert (info["name"], info["version"], info["skills"], info["occupations"], info["relations"]) == (
        "ESCO",
        "v1.1.1",
        8,
        2,
        6,
    )
    assert info["index"] is None
    built = engine.build_index()
    assert built["counts"]["skills"] == 8
    assert engine.taxonomy_info()["index"]["up_to_date"] is True
    hits = engine.search_skills("python programming", top=3)
    assert hits[0].id == ESCO + "aaaa0001" and hits[0].label == "Python (computer programming)"
    assert len(hits) == 3


def test_exact_label_comes_first_with_full_score(engine: Engine) -> None:
    engine.import_taxonomy("esco", DATA / "esco_mini")
    engine.build_index()
    hits = engine.search_skills("STATISTICS", top=2)
    assert hits[0].label == "statistics" and hits[0].score == 1.0


def test_search_before_setup_says_what_to_run(engine: Engine) -> None:
    with pytest.raises(ArtifactsMissing, match="skillmatch setup"):
        engine.search_skills("python")


def test_bad_search_arguments_name_the_field(engine: Engine) -> None:
    engine.import_taxonomy("esco", DATA / "esco_mini")
    engine.build_index()
    with pytest.raises(InvalidRequest) as info:
        engine.search_skills("   ")
    assert info.value.field == "q"
    with pytest.raises(InvalidRequest) as info:
        engine.search_skills("sql", top=0)
    assert info.value.field == "top"


def test_malformed_import_leaves_the_current_taxonomy_intact(engine: Engine, esco_mini: Path) -> None:
    engine.import_taxonomy("esco", DATA / "esco_mini", version="good")
    before = engine.taxonomies.versions.current_version()
    path = esco_mini / "skills_en.csv"
    path.write_text(path.read_text().replace("http://data.europa.eu/esco/skill/aaaa0004", "oops", 1))
    with pytest.raises(DataFormatError) as info:
        engine.import_taxonomy("esco", esco_mini)
    assert info.value.problems[0].field == "conceptUri" and info.value.problems[0].line is not None
    assert engine.taxonomies.versions.current_version() == before
    assert engine.taxonomy().version == "good"
    bad_csv = esco_mini / "custom.csv"
    bad_csv.write_text("id,label\nx,\n")
    with pytest.raises(DataFormatError):
        engine.import_taxonomy("csv", bad_csv, add=True)
    assert engine.taxonomy_info()["skills"] == 8


def test_custom_skills_extend_the_current_taxonomy(engine: Engine) -> None:
    engine.import_taxonomy("esco", DATA / "esco_mini")
    engine.import_taxonomy("csv", DATA / "custom_skills.csv", add=True)
    engine.build_index()
    info = engine.taxonomy_info()
    assert info["skills"] == 10 and info["occupations"] == 2
    assert engine.search_skills("Acme robots", top=1)[0].id == "acme:skill/warehouse-robots"


def test_index_goes_out_of_date_when_the_taxonomy_changes(engine: Engine) -> None:
    engine.import_taxonomy("esco", DATA / "esco_mini")
    engine.build_index()
    assert engine.index_is_current()
    engine.import_taxonomy("onet", DATA / "onet_mini")
    assert not engine.index_is_current()
    assert engine.taxonomy_info()["index"]["up_to_date"] is False


def test_index_from_another_model_is_refused(settings, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    engine.import_taxonomy("esco", DATA / "esco_mini")
    engine.build_index()
    other = Engine(settings, encoder=FakeEncoder("another-model@2"))
    with pytest.raises(ArtifactsMissing, match="index build"):
        other.search_skills("sql")


def test_index_build_uses_the_embedding_cache(settings) -> None:  # type: ignore[no-untyped-def]
    encoder = FakeEncoder()
    engine = Engine(settings, encoder=encoder)
    engine.import_taxonomy("esco", DATA / "esco_mini")
    engine.build_index()
    first = sum(len(c) for c in encoder.calls)
    encoder.calls.clear()
    engine.build_index()
    assert first > 0 and encoder.calls == []


def test_search_serves_the_new_index_after_a_rebuild(engine: Engine) -> None:
    engine.import_taxonomy("esco", DATA / "esco_mini")
    engine.build_index()
    old = engine.skill_index()
    engine.import_taxonomy("csv", DATA / "custom_skills.csv", add=True)
    engine.build_index()
    assert engine.skill_index().version != old.version
    assert "acme:skill/internal-crm" in engine.skill_index().index
    assert "acme:skill/internal-crm" not in old.index  # the old one is untouched


def test_extract_skills_through_the_engine(engine: Engine) -> None:
    engine.import_taxonomy("esco", DATA / "esco_mini")
    engine.build_index()
    result = engine.extract_skills("We need SQL and statistics. No C++ experience required.")
    labels = {s.label for s in result.skills}
    assert {"SQL", "statistics"} <= labels
    assert "C++" not in labels and "C++" in {s.label for s in result.negated}
    with pytest.raises(InvalidRequest) as info:
        engine.extract_skills("  ")
    assert info.value.field == "text"


def test_occupation_labels_are_not_skill_evidence(engine: Engine) -> None:
    engine.import_taxonomy("esco", DATA / "esco_mini")
    engine.build_index()
    result = engine.extract_skills("Data analyst wanted")
    assert all(ev.text.lower() != "data analyst" for s in result.ranking for ev in s.evidence)


def test_evaluate_extraction_reports_ours_and_both_baselines(engine: Engine, tmp_path: Path) -> None:
    engine.import_taxonomy("esco", DATA / "esco_mini")
    engine.build_index()
    path = tmp_path / "gold.csv"
    path.write_text(
        "sentence,span,sub_span,label\n"
        "You write SQL daily,SQL,,SQL\n"
        "You write SQL daily,daily,,LABEL NOT PRESENT\n"
        "Teach mathematics to pupils,teach mathematics,,teach mathematics\n"
        "Nothing here,,,UNDERSPECIFIED\n"
        "Knit jumpers,knit,,knit textiles\n"
    )
    results = runs.extraction(engine, path, baselines=True)
    assert set(results) == {"ours", "baseline_label", "baseline_ese", "data"}
    assert results["data"]["sentences"] == 4 and results["data"]["with_skills"] == 2
    assert results["data"]["labels_not_in_taxonomy"] == ["knit textiles"]
    assert results["ours"]["n"] == 2 and results["ours"]["rp@1"] == 100.0
    for method in ("ours", "baseline_label", "baseline_ese"):
        assert {"rp@1", "rp@5", "rp@10", "mrr", "n"} <= set(results[method])
    assert results["baseline_label"]["precision"] is None
