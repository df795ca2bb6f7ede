"""The default taxonomy from the archives in data/taxonomy: checksums before anything is read,
a damaged archive leaves the current taxonomy as it was, and the real archives give ESCO with
O*NET technologies, occupation priors and skill-skill links."""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path

import pytest

from skillmatch.adapters.loaders import bundled
from skillmatch.core.technologies import TechnologyTerms, technology_id
from skillmatch.errors import ArtifactsMissing, DataFormatError, IntegrityError
from skillmatch.service import Engine
from skillmatch.settings import Settings
from tests.conftest import DATA, REPO
from tests.fakes import FakeEncoder

ARCHIVES = REPO / "data" / "taxonomy"
ESCO = "http://data.europa.eu/esco/skill/"
CROSSWALK_CSV = (
    "id,esco_occupation,isco_code,onet_code,onet_occupation,matching_job_titles,semantic_similarity,confidence,"
    "concept_uri\n"
    "1,data analyst,2511,15-2051.00,data scientists,na,0.8,1.0,http://data.europa.eu/esco/occupation/bbbb0001\n"
)


def _tar(folder: Path, target: Path, names: list[str] | None = None) -> Path:
    with tarfile.open(target, "w:xz") as tar:
        for path in sorted(folder.iterdir()):
            if names is None or path.name in names:
                tar.add(path, arcname=path.name)
    return target


@pytest.fixture
def toy_sources(tmp_path: Path) -> tuple[Path, tuple[bundled.BundledSource, ...]]:
    """Three small archives (ESCO mini, O*NET mini, a one-row crosswalk) with their pins."""
    folder = tmp_path / "sources"
    folder.mkdir()
    crosswalk = tmp_path / "crosswalk"
    crosswalk.mkdir()
    (crosswalk / bundled.CROSSWALK_FILE).write_text(CROSSWALK_CSV)
    paths = {
        "esco": _tar(DATA / "esco_mini", folder / "esco.tar.xz"),
        "onet": _tar(DATA / "onet_mini", folder / "onet.tar.xz"),
        "crosswalk": _tar(crosswalk, folder / "crosswalk.tar.xz"),
    }
    sources = tuple(
        bundled.BundledSource(key, path.name, bundled.file_sha256(path), key, "1", "test")
        for key, path in paths.items()
    )
    return folder, sources


def test_toy_archives_give_esco_with_technologies_joined(toy_sources) -> None:  # type: ignore[no-untyped-def]
    folder, sources = toy_sources
    steps: list[str] = []
    terms = TechnologyTerms(aliases={}, commodity_places={"Spreadsheet software": ("statistics",)}, by_name={},
                            skill_aliases={"SQL": ("structured query language SQL",)})
    taxonomy = bundled.load_bundled(folder, sources=sources, step=steps.append, terms=terms)
    assert steps and steps[0].startswith("unpacking")
    python = taxonomy.skill(ESCO + "aaaa0001")
    assert "Python" in python.alt_labels  # O*NET's "Python" is ESCO's Python, not a second skill
    excel = taxonomy.skill(technology_id("Microsoft Excel"))
    assert excel.kind == "technology" and "Excel" in excel.alt_labels
    assert excel.groups == (ESCO + "aaaa0007",)  # placed by its commodity
    assert "structured query language SQL" in taxonomy.skill(ESCO + "aaaa0002").alt_labels
    analyst = "http://data.europa.eu/esco/occupation/bbbb0001"
    assert {r.skill_id for r in taxonomy.relations_of(analyst) if "in_demand" in r.flags} <= set(taxonomy.skills)
    assert taxonomy.info().technologies >= 1 and taxonomy.links


def test_a_damaged_archive_is_refused_before_it_is_read(toy_sources) -> None:  # type: ignore[no-untyped-def]
    folder, sources = toy_sources
    path = folder / "onet.tar.xz"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(IntegrityError, match=r"onet\.tar\.xz is damaged or not the pinned file") as err:
        bundled.load_bundled(folder, sources=sources)
    assert "git checkout" in str(err.value)


def test_a_missing_archive_says_how_to_get_it_back(toy_sources) -> None:  # type: ignore[no-untyped-def]
    folder, sources = toy_sources
    (folder / "crosswalk.tar.xz").unlink()
    with pytest.raises(ArtifactsMissing, match="crosswalk.tar.xz is missing"):
        bundled.load_bundled(folder, sources=sources)


def test_an_archive_that_is_not_a_tar_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.tar.xz"
    path.write_bytes(b"not an archive")
    with pytest.raises(DataFormatError, match="broken.tar.xz"):
        bundled.unpack(path, tmp_path / "out")


def test_the_pins_match_the_archives_and_the_readme() -> None:
    readme = (ARCHIVES / "README.md").read_text()
    for source in bundled.SOURCES:
        assert bundled.file_sha256(ARCHIVES / source.file) == source.sha256, source.file
        assert source.sha256 in readme and source.file in readme


@pytest.fixture(scope="module")
def default_taxonomy():  # type: ignore[no-untyped-def]
    return bundled.load_bundled(ARCHIVES)


def test_the_bundled_archives_give_every_esco_record_and_the_technologies(default_taxonomy) -> None:  # type: ignore[no-untyped-def]
    info = default_taxonomy.info()
    technologies = info.technologies
    assert info.skills == 13_896 + technologies and 2_000 < technologies < 3_000
    assert info.occupations == 3_007 and info.skill_links == 5_899
    assert info.relations > 123_855  # ESCO's plus the In Demand technologies of crosswalked occupations
    labels = {default_taxonomy.skills[i].label for i in default_taxonomy.skills_by_label("Linux")}
    assert labels == {"Linux"}
    linux = default_taxonomy.skill(technology_id("Linux"))
    assert [default_taxonomy.skills[g].label for g in linux.groups] == ["operating systems"]
    excel = default_taxonomy.skill(technology_id("Microsoft Excel"))
    assert [default_taxonomy.skills[g].label for g in excel.groups] == ["use spreadsheets software"]
    for name in ("AWS", "Power BI", "K8s", "RHEL", "MS Excel", "Windows Server", "Jira", "Terraform", "ITIL"):
        assert default_taxonomy.skills_by_label(name), name


def test_data_analyst_has_a_prior_with_bi_tools(default_taxonomy) -> None:  # type: ignore[no-untyped-def]
    analyst = next(o for o in default_taxonomy.occupations.values() if o.label == "data analyst")
    related = {default_taxonomy.skills[r.skill_id].label for r in default_taxonomy.relations_of(analyst.id)}
    assert {"Tableau", "Microsoft Power BI", "SQL"} <= related


def test_a_damaged_bundled_archive_leaves_the_current_taxonomy(tmp_path: Path) -> None:
    copy = tmp_path / "taxonomy"
    shutil.copytree(ARCHIVES, copy)
    settings = Settings(data_dir=tmp_path / "var", cache_dir=tmp_path / "cache", taxonomy_sources_dir=copy,
                        _env_file=None)
    engine = Engine(settings, encoder=FakeEncoder())
    engine.import_taxonomy("esco", DATA / "esco_mini")
    before = engine.taxonomies.manifest()["fingerprint"]
    path = copy / "esco-v1.1.1-en.tar.xz"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(IntegrityError, match="esco-v1.1.1-en.tar.xz"):
        engine.import_taxonomy("default")
    assert engine.taxonomies.manifest()["fingerprint"] == before


class _Stop(Exception):
    pass


def test_setup_rebuilds_a_default_taxonomy_built_from_other_sources_and_keeps_an_imported_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from skillmatch.adapters.loaders.esco import load_esco

    engine = Engine(Settings(data_dir=tmp_path / "var", cache_dir=tmp_path / "cache", _env_file=None),
                    encoder=FakeEncoder())
    calls: list[str] = []

    def record(kind: str, *args: object, **kwargs: object) -> None:
        calls.append(kind)
        raise _Stop

    engine.import_taxonomy("esco", DATA / "esco_mini")
    monkeypatch.setattr(engine, "import_taxonomy", record)
    engine.setup(sample_data=False)  # an imported taxonomy stays
    assert calls == []
    old = load_esco(DATA / "esco_mini")
    old.source = "ESCO ... [default build 000000000000]"
    engine.taxonomies.save(old)
    with pytest.raises(_Stop):
        engine.setup(sample_data=False)
    assert calls == ["default"]
    current = load_esco(DATA / "esco_mini")
    current.source = f"ESCO ... [default build {bundled.build_stamp()}]"
    engine.taxonomies.save(current)
    engine.setup(sample_data=False)
    assert calls == ["default"]
    assert bundled.stamp_of(engine.taxonomies.manifest()["source"]) == bundled.build_stamp()
