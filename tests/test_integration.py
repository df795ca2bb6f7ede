"""Integration tests: the real all-MiniLM-L6-v2 model, the bundled taxonomy archives and ../shared data.

They skip with a reason when the shared data is not on this machine. Embeddings go
through the same on-disk cache as `skillmatch setup`, so after the set-up they run in seconds.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from skillmatch import cli
from skillmatch.adapters.encoder import PACKAGED_MODEL_SHA256, SentenceTransformerEncoder, file_sha256
from skillmatch.service import Engine
from skillmatch.settings import Settings
from tests.conftest import DATA, REPO, shared

pytestmark = pytest.mark.integration
PYTHON = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"


@pytest.fixture(scope="module")
def encoder() -> SentenceTransformerEncoder:
    return SentenceTransformerEncoder()


def test_packaged_model_is_the_upstream_release(encoder: SentenceTransformerEncoder) -> None:
    from skillmatch.adapters.encoder import packaged_model_path

    assert file_sha256(packaged_model_path() / "model.safetensors") == PACKAGED_MODEL_SHA256
    assert encoder.weights_sha256 == PACKAGED_MODEL_SHA256
    assert encoder.model_id.startswith("sentence-transformers/all-MiniLM-L6-v2@53aa51172d142c89")


def test_real_model_embeds_related_texts_close_together(encoder: SentenceTransformerEncoder) -> None:
    assert encoder.uncased  # the cache may key "Python" and "python" as one text
    pair = encoder.encode(["Python Developer", "python developer"])
    np.testing.assert_allclose(pair[0], pair[1], atol=1e-6)
    vecs = encoder.encode(["python programming", "Python (computer programming)", "bake sourdough bread"])
    assert vecs.shape == (3, 384) and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    sims = vecs @ vecs.T
    assert sims[0, 1] > 0.8 > 0.3 > sims[0, 2]


@pytest.mark.slow  # the toy index built with the real model; the default taxonomy's tests cover search
def test_real_model_search_on_the_toy_taxonomy(tmp_path: Path, encoder: SentenceTransformerEncoder) -> None:
    engine = Engine(
        Settings(data_dir=tmp_path, cache_dir=tmp_path / "cache", _env_file=None), encoder=encoder
    )
    engine.import_taxonomy("esco", DATA / "esco_mini")
    engine.build_index()
    assert engine.search_skills("writing Python scripts", top=1)[0].label == "Python (computer programming)"
    assert (
        engine.search_skills("helping clients on the phone", top=1)[0].label == "communicate with customers"
    )


def test_official_esco_export_imports_with_all_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = shared("esco-v1.1.1")
    settings = Settings(data_dir=tmp_path, cache_dir=tmp_path / "cache", _env_file=None)
    monkeypatch.setattr(cli.common, "engine", lambda **_: Engine(settings))
    runner = CliRunner()
    result = runner.invoke(cli.app, ["taxonomy", "import", "esco", str(folder), "--no-index"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli.app, ["taxonomy", "info", "--json"])
    info = json.loads(result.stdout)
    assert (info["skills"], info["occupations"], info["relations"]) == (13_896, 3_007, 123_855)
    taxonomy = Engine(settings).taxonomy()
    python = taxonomy.skill(PYTHON)
    assert python.label == "Python (computer programming)" and python.kind == "knowledge"
    analyst = next(o for o in taxonomy.occupations.values() if o.label == "data analyst")
    essentials = {r.skill_id for r in taxonomy.relations_of(analyst.id) if r.kind == "essential"}
    assert len(essentials) > 10 and all(s in taxonomy.skills for s in essentials)


def test_onet_text_files_import(tmp_path: Path) -> None:
    folder = shared("onet-29.3")
    engine = Engine(Settings(data_dir=tmp_path, cache_dir=tmp_path / "cache", _env_file=None))
    engine.import_taxonomy("onet", folder)
    taxonomy = engine.taxonomy()
    info = taxonomy.info()
    assert info.occupations == 1016
    assert info.skills == 35 + 33 + len({s for s in taxonomy.skills if s.startswith("onet:technology/")})
    scientist = taxonomy.occupation("onet:occupation/15-2051.00")
    tech = {
        taxonomy.skills[r.skill_id].label: r
        for r in taxonomy.relations_of(scientist.id)
        if r.skill_id.startswith("onet:technology/")
    }
    assert "Python" in tech and "hot" in tech["Python"].flags
    assert any(t.startswith("Data Scientist") or "Data" in t for t in scientist.alt_labels)


@pytest.fixture(scope="module")
def default_engine(
    tmp_path_factory: pytest.TempPathFactory, real_cache_dir: Path, encoder: SentenceTransformerEncoder
) -> Engine:
    """The default taxonomy from the bundled archives, indexed with the real model (cached
    embeddings). The sample postings and catalog are left out: `make setup` reads them."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("default"), cache_dir=real_cache_dir, _env_file=None)
    engine = Engine(settings, encoder=encoder)
    engine.setup(sample_data=False)
    return engine


def test_default_taxonomy_has_real_esco_uris_and_labels(default_engine: Engine) -> None:
    info = default_engine.taxonomy_info()
    assert info["name"] == "ESCO" and info["skills"] > 13_000 and info["occupations"] > 3_000
    taxonomy = default_engine.taxonomy()
    assert taxonomy.skill(PYTHON).label == "Python (computer programming)"
    for skill in taxonomy.skills.values():
        prefix = "onet:technology/" if skill.kind == "technology" else "http://data.europa.eu/esco/skill/"
        assert skill.id.startswith(prefix), skill.id
    labels = {o.label for o in taxonomy.occupations.values()}
    assert {"data analyst", "data scientist", "accountant"} <= labels


def test_python_programming_finds_python_in_the_top_three(default_engine: Engine) -> None:
    hits = default_engine.search_skills("python programming", top=5)
    assert PYTHON in [h.id for h in hits[:3]]
    assert hits[0].label == "Python (computer programming)"


def _labels(extraction) -> set[str]:  # type: ignore[no-untyped-def]
    return {s.label for s in extraction.skills}


def test_real_extraction_reads_a_posting_with_evidence(default_engine: Engine) -> None:
    text = (
        "Junior Data Analyst, London. You will write SQL queries, build dashboards in Tableau and "
        "present findings to stakeholders. Good communication skills and experience with Python are essential."
    )
    result = default_engine.extract_skills(text, exclude=["Fernhill Energy"])
    labels = _labels(result)
    assert {"SQL", "Python (computer programming)", "communication"} <= labels
    assert "teaching communication" not in labels
    for skill in result.skills:
        for ev in skill.evidence:
            assert text[ev.start : ev.end] == ev.text
            assert ev.text.lower() not in {"london", "data analyst", "junior data analyst"}


@pytest.mark.parametrize("fast", [False, True], ids=["default", "fast"])
def test_real_extraction_guards(default_engine: Engine, fast: bool) -> None:
    extract = default_engine.extractor(fast=fast).extract
    assert "R" in _labels(extract("Statistical modelling in R and Python."))
    assert "R" not in _labels(extract("Applicants need a Grade R certificate."))
    assert "C" in _labels(extract("Embedded development in C for microcontrollers."))
    assert "C" not in _labels(extract("Plan C is to hire a contractor."))
    assert "JavaScript" in _labels(extract("Front-end work in JavaScript and CSS."))
    assert "Java (computer programming)" not in _labels(extract("Front-end work in JavaScript and CSS."))
    cv = extract("I have no Java experience, but I am fluent in Python.")
    assert "Java (computer programming)" not in _labels(cv)
    assert "Java (computer programming)" in {s.label for s in cv.negated}
    assert "Python (computer programming)" in _labels(cv)
    assert _labels(extract("Data Scientist, London")) == set()


@pytest.mark.parametrize("fast", [False, True], ids=["default", "fast"])
def test_real_extraction_gives_the_same_skills_in_a_batch_and_alone(default_engine: Engine, fast: bool) -> None:
    extractor = default_engine.extractor(fast=fast)
    texts = [
        "You will write SQL queries and build dashboards in Tableau. Experience with Python is a plus.",
        "Maintain Linux servers, automate deployments with Terraform and Kubernetes on AWS.",
        "Teach mathematics to secondary-school pupils and analyse their test results in Excel.",
    ]
    together = extractor.extract_many(texts)
    alone = [extractor.extract(t) for t in texts]
    assert [[s.id for s in e.skills] for e in together] == [[s.id for s in e.skills] for e in alone]


@pytest.mark.slow  # a distillation: `make test-all`
def test_the_static_model_follows_the_encoder_and_distils_to_the_same_file(default_engine: Engine) -> None:
    from skillmatch.adapters.static_model import MANIFEST, read_manifest

    folder = default_engine.settings.static_model_dir
    before = read_manifest(folder)
    assert before is not None and before["encoder"] == default_engine.encoder.model_id
    assert set(before["versions"]) >= {"model2vec", "transformers", "torch"}
    assert default_engine.index_is_current()
    (folder / MANIFEST).write_text(json.dumps(dict(before, encoder="another-encoder@0")))
    default_engine.encoders.__dict__.pop("static", None)  # read the manifest again
    assert default_engine.static_encoder is None
    assert not default_engine.index_is_current()  # a set-up now would rebuild
    after = default_engine.ensure_static_model()
    assert after is not None and after["encoder"] == default_engine.encoder.model_id
    assert after["sha256"] == before["sha256"]  # two distillations of one encoder: one file
    assert default_engine.index_is_current()


def test_the_static_model_adds_up_words_into_phrases(default_engine: Engine) -> None:
    static = default_engine.static_encoder
    assert static is not None
    phrases = ["statistical data analysis", "ci/cd pipelines", "c++ and python"]
    words = [p.split() for p in phrases]
    sums = static.sums([w for ws in words for w in ws])
    start = 0
    for phrase, ws in zip(phrases, words, strict=True):
        total = sums[start : start + len(ws)].sum(axis=0)
        start += len(ws)
        # the same direction (the weights are float16, so only to about 1e-4 per dimension)
        assert float(total @ static.encode([phrase])[0]) / np.linalg.norm(total) > 0.99999
    assert not np.allclose(static.encode(["statistical"])[0], static.encode(["analysis"])[0], atol=0.1)


@pytest.fixture(scope="module")
def set_up_engine(tmp_path_factory: pytest.TempPathFactory, real_cache_dir: Path,
                  encoder: SentenceTransformerEncoder) -> Engine:
    """A copy of the data directory `make setup` prepared: the real model over the bundled data."""
    source = REPO / "var"
    if not (source / "skillmatch.db").is_file():
        pytest.skip(f"needs the data directory of `make setup` at {source}")
    target = tmp_path_factory.mktemp("setup") / "var"
    shutil.copytree(source, target)
    engine = Engine(Settings(data_dir=target, cache_dir=real_cache_dir, models_dir=target / "no-models",
                             _env_file=None), encoder=encoder)
    if engine.storage.credential_count() == 0 or not engine.index_is_current():
        pytest.skip("the data directory of `make setup` is incomplete: run `make setup`")
    return engine


def test_the_maths_teacher_gets_a_pathway_within_her_constraints(set_up_engine: Engine) -> None:
    from skillmatch.core.learner import LearnerInput, SkillInput

    learner = LearnerInput(skills=tuple(SkillInput(s) for s in ("Excel", "teaching", "presentations")),
                           profile_text="Maths teacher: I analyse pupils' test results in spreadsheets.")
    constraints = {"max_cost": 600, "currency": "EUR", "formats": ["online"], "max_hours": 150}
    answer = set_up_engine.recommend("data analyst", learner, constraints, 5).model_dump()
    assert answer["role"]["postings"] >= 5
    assert answer["recommendations"] and answer["coverage_after"] > answer["coverage_before"]
    assert answer["totals"]["cost_in_currency"] <= 600 and answer["totals"]["hours"] <= 150
    assert all(s["credential"]["format"].startswith("online") for s in answer["recommendations"])
    assert all(s["reason"] and s["covers"] for s in answer["recommendations"])
    top_gaps = {g["label"] for g in answer["gap"]["skills"][:5]}
    assert "SQL" in top_gaps
    assert sorted(answer["pathway"]["order"]) == sorted(s["credential"]["id"] for s in answer["recommendations"])


# --- the default taxonomy knows today's tools --------------------------------------------

TOOLS = {
    "Linux": "Linux",
    "Windows Server": "Microsoft Windows Server",
    "AWS": "Amazon Web Services (AWS)",
    "Power BI": "Microsoft Power BI",
    "Tableau": "Tableau",
    "Kubernetes": "Kubernetes",
    "Docker": "Docker",
    "Jira": "Atlassian JIRA",
    "C": "C",
    "ITIL": "apply operations for an ITIL-based environment",
}


@pytest.mark.parametrize("query", sorted(TOOLS))
def test_skill_search_finds_todays_tools_in_the_top_three(default_engine: Engine, query: str) -> None:
    hits = default_engine.search_skills(query, top=3)
    assert TOOLS[query] in [h.label for h in hits], [h.label for h in hits]


def test_taxonomy_info_gives_the_esco_and_technology_counts(default_engine: Engine) -> None:
    result = CliRunner().invoke(cli.app, ["taxonomy", "info", "--json"], catch_exceptions=False,
                                env={"SKILLMATCH_DATA_DIR": str(default_engine.settings.data_dir)})
    info = json.loads(result.stdout)
    assert info["technologies"] > 2_000
    assert info["skills"] == 13_896 + info["technologies"]
    assert (info["occupations"], info["skill_links"]) == (3_007, 5_899)
    assert info["relations"] > 123_855 and info["index"]["up_to_date"]


def test_a_cv_naming_c_and_power_bi_keeps_them(default_engine: Engine) -> None:
    text = "Embedded developer: firmware in C and C++ on Linux; reports in Power BI."
    labels = _labels(default_engine.extract_skills(text))
    assert {"C", "C++", "Linux", "Microsoft Power BI"} <= labels


def test_data_analyst_role_blends_the_taxonomy_prior(set_up_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.common, "engine", lambda **_: set_up_engine)
    result = CliRunner().invoke(cli.app, ["roles", "show", "data analyst", "--json"], catch_exceptions=False)
    profile = json.loads(result.stdout)
    assert profile["prior_share"] > 0
    labels = {s["label"] for s in profile["skills"][:40]}
    assert labels & {"Microsoft Power BI", "Tableau", "business intelligence"}, sorted(labels)


def test_linux_and_bash_earn_credit_toward_a_cloud_roles_linux_and_operating_systems(set_up_engine: Engine) -> None:
    from skillmatch.core.learner import LearnerInput, SkillInput

    answer = set_up_engine.gap("cloud engineer", LearnerInput(skills=(SkillInput("Linux"), SkillInput("Bash")))).model_dump()
    skills = {s["label"]: s for s in answer["gap"]["skills"]}
    assert skills["Linux"]["status"] == "held" and skills["Linux"]["credit"] == 1.0
    systems = skills["operating systems"]
    assert 0 < systems["credit"] < 1 and systems["status"] == "partial"
    assert systems["matched_by"]["relation"] == "narrower"


def test_every_skill_of_the_sample_team_resolves(set_up_engine: Engine) -> None:
    team = json.loads((REPO / "data" / "teams" / "cloud-team.json").read_text())
    answer = set_up_engine.team_gap(team)
    assert answer.unresolved == {}


def test_a_role_asked_by_another_name_says_what_it_was_read_as(set_up_engine: Engine) -> None:
    from skillmatch.core.learner import LearnerInput

    answer = set_up_engine.gap("data wizard", LearnerInput()).model_dump()
    read = answer["role"]["read_as"]
    assert read["method"] == "title" and read["query"] == "data wizard"
    assert f"read as {answer['role']['label']!r}" in read["note"]
    reading = set_up_engine.gap("data analyst", LearnerInput()).role.read_as
    assert reading is not None and reading.method == "label"
