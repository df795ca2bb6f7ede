"""The credential catalog: skill alignment, storage, the import workflow and the CLI."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from skillmatch import cli
from skillmatch.adapters.loaders.catalog import load_catalog
from skillmatch.core.alignment import DECLARED_MIN_SCORE, SkillAligner, inferred_weight
from skillmatch.core.catalog import Credential, DeclaredSkill, Recognition, TaughtSkill, stacking_families
from skillmatch.core.origin import Origin
from skillmatch.core.skill_index import SkillHit
from skillmatch.errors import ImportRejected, InvalidRequest, UnknownCredential
from skillmatch.service import Engine
from skillmatch.settings import Settings
from tests.conftest import DATA, REPO
from tests.fakes import FakeEncoder

ESCO = "http://data.europa.eu/esco/skill/"
PYTHON, SQL, DATA_MODELS, CUSTOMERS, STATISTICS = (ESCO + f"aaaa000{n}" for n in (1, 2, 3, 4, 7))
CATALOG = DATA / "catalog"
GOOD = [CATALOG / name for name in (
    "courses.csv", "courses.jsonl", "ob2-badgeclass.json", "ob3-achievement.json", "ob3-list.json",
    "ob3-credential.json", "ctdl-certificate.json", "ctdl-graph.jsonld",
)]
runner = CliRunner()


@pytest.fixture
def ready(engine: Engine) -> Engine:
    """The engine over the toy ESCO taxonomy, indexed with the fake encoder."""
    engine.import_taxonomy("esco", DATA / "esco_mini")
    engine.build_index()
    return engine


def _aligner(engine: Engine, search=None) -> SkillAligner:  # type: ignore[no-untyped-def]
    return SkillAligner(engine.taxonomy(), engine.extractor(), search)


def _course(*declared: DeclaredSkill, description: str = "", provider: str = "Harbourline Institute") -> Credential:
    return Credential(id="c1", title="A short course", provider=provider, description=description,
                      declared_skills=declared)


def _hits(score: float, skill_id: str = PYTHON):  # type: ignore[no-untyped-def]
    return lambda text: [SkillHit(skill_id, "Python (computer programming)", score, text, "label")]


# --- alignment ----------------------------------------------------------------------------------


def test_a_declared_uri_maps_to_exactly_that_skill_whatever_its_label(ready: Engine) -> None:
    declared = DeclaredSkill(label="SQL", uri=DATA_MODELS)  # the URI wins over a label naming another skill
    aligned = _aligner(ready).align(_course(declared, DeclaredSkill(uri="https://data.europa.eu/esco/skill/aaaa0007/")))
    assert [(r.method, r.skill_id) for r in aligned.declared] == [("uri", DATA_MODELS), ("uri", STATISTICS)]
    skill = next(s for s in aligned.credential.skills if s.id == DATA_MODELS)
    assert (skill.label, skill.source, skill.weight) == ("create data models", "declared", 1.0)


def test_an_open_badges_alignment_target_url_gives_that_exact_skill(ready: Engine, tmp_path: Path) -> None:
    badge = {
        "@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass",
        "id": "https://badges.example/badgeclasses/data-modelling", "name": "Data Modelling",
        "description": "Model the data of a business.", "issuer": {"name": "Example Badges"},
        "alignment": [
            {"targetName": "statistics", "targetUrl": ESCO + "aaaa0003", "targetFramework": "ESCO"},
            {"targetName": "customer communication", "targetUrl": "https://framework.example/skills/42"},
        ],
    }
    path = tmp_path / "badge.json"
    path.write_text(json.dumps(badge))
    credential = load_catalog([path])[0]
    aligned = _aligner(ready).align(credential)
    assert [(r.method, r.skill_id) for r in aligned.declared] == [("uri", DATA_MODELS), ("label", CUSTOMERS)]
    assert {s.id for s in aligned.credential.skills if s.source == "declared"} == {DATA_MODELS, CUSTOMERS}
    assert STATISTICS not in {s.id for s in aligned.credential.skills if s.source == "declared"}


def test_a_declared_label_matches_a_preferred_or_alternative_label(ready: Engine) -> None:
    aligned = _aligner(ready).align(
        _course(DeclaredSkill(label="Structured Query Language", weight=0.5), DeclaredSkill(label="statistics"))
    )
    assert [(r.method, r.skill_id, r.declared.weight) for r in aligned.declared] == [
        ("label", SQL, 0.5), ("label", STATISTICS, 1.0),
    ]
    assert {s.id: s.weight for s in aligned.credential.skills} == {STATISTICS: 1.0, SQL: 0.5}


def test_a_declared_label_is_found_by_meaning_only_above_the_threshold(ready: Engine) -> None:
    label = DeclaredSkill(label="snake language scripting")
    strong = _aligner(ready, _hits(DECLARED_MIN_SCORE)).align(_course(label))
    assert [(r.method, r.skill_id) for r in strong.declared] == [("search", PYTHON)]
    assert strong.credential.skills[0] == TaughtSkill(PYTHON, "Python (computer programming)", 1.0, "declared",
                                                      "snake language scripting")
    weak = _aligner(ready, _hits(DECLARED_MIN_SCORE - 0.01)).align(_course(label))
    assert [r.method for r in weak.declared] == ["unresolved"] and weak.unresolved == (label,)
    assert not weak.credential.skills


def test_unresolved_declared_skills_are_reported_and_kept_on_the_record(ready: Engine) -> None:
    declared = (DeclaredSkill(label="underwater basket weaving"), DeclaredSkill(uri=ESCO + "not-in-this-taxonomy"),
                DeclaredSkill(label="SQL"))
    aligned = _aligner(ready, lambda text: []).align(_course(*declared))
    assert aligned.unresolved == declared[:2]
    assert aligned.credential.declared_skills == declared  # never dropped
    assert [s.id for s in aligned.credential.skills] == [SQL]


def test_skills_are_inferred_from_the_text_with_evidence_offsets(ready: Engine) -> None:
    credential = _course(description="You will write SQL queries and report statistics to managers.")
    aligned = _aligner(ready).align(credential)
    inferred = {s.id: s for s in aligned.inferred}
    assert {SQL, STATISTICS} <= set(inferred)
    text = aligned.credential.text
    for skill in inferred.values():
        assert skill.source == "inferred" and 0.5 <= skill.weight <= 1
        assert skill.evidence and skill.evidence_start is not None
        assert text[skill.evidence_start : skill.evidence_end] == skill.evidence
    assert inferred[SQL].evidence == "SQL"
    extraction = ready.extractor().extract(text, exclude=[credential.provider])
    score = next(s.score for s in extraction.skills if s.id == SQL)
    assert inferred[SQL].weight == inferred_weight(score, ready.extractor().config.accept_threshold)


def test_the_provider_name_is_not_evidence(ready: Engine) -> None:
    text = "Taught by the SQL Academy. Statistics for everyone."
    excluded = _aligner(ready).align(_course(description=text, provider="SQL Academy"))
    other = _aligner(ready).align(_course(description=text, provider="Harbourline Institute"))
    assert SQL in {s.id for s in other.inferred}
    assert SQL not in {s.id for s in excluded.inferred}
    assert STATISTICS in {s.id for s in excluded.inferred}


def test_a_skill_both_declared_and_inferred_stays_declared(ready: Engine) -> None:
    aligned = _aligner(ready).align(
        _course(DeclaredSkill(label="SQL", weight=0.3), description="Write SQL queries against real databases.")
    )
    sql = [s for s in aligned.credential.skills if s.id == SQL]
    assert len(sql) == 1 and (sql[0].source, sql[0].weight, sql[0].evidence_start) == ("declared", 0.3, None)


def test_skills_are_sorted_by_weight_then_id_and_give_the_skill_vector(ready: Engine) -> None:
    aligned = _aligner(ready).align(_course(
        DeclaredSkill(label="statistics", weight=0.4), DeclaredSkill(label="SQL", weight=0.4),
        DeclaredSkill(label="C++", weight=0.9), description="Python programming for analysts.",
    ))
    skills = aligned.credential.skills
    assert [(s.weight, s.id) for s in skills] == sorted(((s.weight, s.id) for s in skills), key=lambda p: (-p[0], p[1]))
    assert aligned.credential.skill_vector() == {s.id: s.weight for s in skills}
    assert aligned.credential.skill_vector()[SQL] == 0.4


def test_inferred_weight_scales_the_score_into_half_to_one() -> None:
    assert inferred_weight(0.64, 0.64) == 0.5
    assert inferred_weight(1.0, 0.64) == 1.0
    assert inferred_weight(0.85, 0.64) == pytest.approx(0.7917, abs=1e-4)
    assert inferred_weight(0.2, 0.64) == 0.5  # below the threshold (never accepted) stays in range


def test_stacking_families_join_linked_credentials_only() -> None:
    a = Credential("a", "A", "P", is_part_of=("whole",))
    whole = Credential("whole", "W", "P", has_part=("a", "b", "elsewhere"))
    b = Credential("b", "B", "P", is_part_of=("whole",))
    alone = Credential("alone", "L", "P", is_part_of=("not-imported",))
    assert stacking_families([alone, b, whole, a]) == [("a", "b", "whole")]


# --- storage ------------------------------------------------------------------------------------


FULL = Credential(
    id="full-record", title="Everything Filled", provider="Fieldwise", url="https://fieldwise.example/full",
    description="Every field.\nOn two lines.", learning_outcomes=("Fill fields", "Check them"),
    credential_type="micro-credential",
    declared_skills=(DeclaredSkill(label="SQL", weight=0.75, framework="ESCO"), DeclaredSkill(uri=ESCO + "zzz")),
    skills=(
        TaughtSkill(SQL, "SQL", 0.75, "declared", "SQL"),
        TaughtSkill(STATISTICS, "statistics", 0.6123, "inferred", "statistics", 3, 13),
    ),
    cost=99.5, currency="GBP", hours=12.25, duration_weeks=3.5, level="advanced", eqf_level=6, format="hybrid",
    language="de", location="Leeds",
    recognition=Recognition(accreditation="Quality Board", endorsements=("Acme", "Globex"), credits=2.5, credit_unit="ECTS"),
    prerequisites=("intro-course", ESCO + "aaaa0001"), is_part_of=("big-award",), has_part=("part-one", "part-two"),
    prepares_for=("exam-x",), source="catalog.csv:7", origin=Origin("catalog.csv", line=7, format="csv"),
)


def test_as_dict_and_from_dict_round_trip_every_field_through_json() -> None:
    data = json.loads(json.dumps(FULL.as_dict()))
    assert Credential.from_dict(data) == FULL
    # where an import read the record is kept as its text, not in parts
    assert set(data) == set(Credential.__dataclass_fields__) - {"origin"}
    assert data["source"] == "catalog.csv:7" and Credential.from_dict(data).origin is None
    minimal = Credential("m", "M", "P")
    assert Credential.from_dict(json.loads(json.dumps(minimal.as_dict()))) == minimal


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cost=st.none() | st.floats(min_value=0, max_value=1e6, allow_nan=False),
    hours=st.none() | st.floats(min_value=0, max_value=1e4, allow_nan=False),
    text=st.text(max_size=30),
    items=st.lists(st.text(min_size=1, max_size=10), max_size=4),
    weight=st.floats(min_value=0.01, max_value=1.0),
)
def test_round_trip_holds_for_any_values(cost, hours, text, items, weight) -> None:  # type: ignore[no-untyped-def]
    credential = replace(
        FULL, cost=cost, hours=hours, description=text, learning_outcomes=tuple(items), has_part=tuple(items),
        declared_skills=(DeclaredSkill(label=text, weight=weight),),
        skills=(TaughtSkill(SQL, "SQL", weight, "inferred", text, 0, len(text)),),
    )
    assert Credential.from_dict(json.loads(json.dumps(credential.as_dict()))) == credential


def test_storage_round_trips_every_field_and_the_skills(engine: Engine) -> None:
    other = replace(FULL, id="other", skills=(), cost=None, level=None, format=None, eqf_level=None)
    engine.storage.add_credentials(["catalog.csv"], [FULL, other], {"accepted": 2})
    assert engine.storage.credential("full-record") == FULL
    assert engine.storage.credential("other") == other
    assert engine.storage.credential("missing") is None
    assert engine.storage.all_credentials() == [FULL, other]
    assert engine.storage.credential_count() == 2
    history = engine.storage.import_history()[0]
    assert (history["kind"], history["status"], history["accepted"], history["files"]) == (
        "catalog", "landed", 2, ["catalog.csv"],
    )


# --- the import workflow ------------------------------------------------------------------------


def test_import_stores_aligned_credentials_and_reports(ready: Engine) -> None:
    report = ready.import_catalog(GOOD)
    assert report["accepted"] == 15
    assert report["formats"] == {"csv": 4, "ctdl": 4, "jsonl": 2, "open_badges_2": 1, "open_badges_3": 4}
    declared = report["declared"]
    assert declared["total"] == declared["resolved"] + declared["unresolved"] > 0
    assert declared["by_uri"] >= 3  # aaaa0001, aaaa0003, aaaa0004
    assert "underwater" not in report["unresolved_labels"]
    assert "query optimisation" in report["unresolved_labels"]
    assert any(u["credential_id"] == "harbourline-sql-basics" and u["label"] == "query optimisation"
               for u in report["unresolved_declared"])
    sql_basics = ready.credential("harbourline-sql-basics")
    by_id = {s.id: s for s in sql_basics.skills}
    assert by_id[PYTHON].source == "declared"  # the record's ESCO URI, exactly
    assert by_id[SQL].source == "declared"  # its label
    assert sql_basics.declared_skills[2] == DeclaredSkill(label="query optimisation", weight=0.5)
    assert report["inferred"] == sum(1 for c in ready.all_credentials() for s in c.skills if s.source == "inferred")
    assert len(ready.all_credentials()) == 15


def test_the_report_counts_formats_by_how_each_record_was_read_not_by_its_file(ready: Engine, tmp_path: Path) -> None:
    upload = tmp_path / "upload"
    upload.mkdir()
    for name in ("ob2-badgeclass.json", "ob3-list.json", "ctdl-graph.jsonld"):
        shutil.copy(CATALOG / name, upload / name)
    items = load_catalog([upload])
    shutil.rmtree(upload)  # like an upload folder, gone once read
    report = ready.catalog.import_credentials(items, ["uploaded"])
    assert report["formats"] == {"ctdl": 3, "open_badges_2": 1, "open_badges_3": 2}


def test_stacking_links_survive_storage(ready: Engine) -> None:
    loaded = {c.id: c for c in load_catalog(GOOD)}
    report = ready.import_catalog(GOOD)
    certificate = ready.credential("harbourline-data-analyst-certificate")
    assert certificate.has_part == loaded["harbourline-data-analyst-certificate"].has_part == (
        "harbourline-sql-basics", "pathway-capstone", "harbourline-python-foundations",
    )
    assert ready.credential("pathway-capstone").is_part_of == ("harbourline-data-analyst-certificate",)
    for credential in ready.all_credentials():
        assert (credential.is_part_of, credential.has_part) == (loaded[credential.id].is_part_of,
                                                                loaded[credential.id].has_part)
    assert ["harbourline-data-analyst-certificate", "harbourline-python-foundations", "harbourline-sql-basics",
            "pathway-capstone"] in report["stacking_families"]
    assert ["fenwick-cloud-security", "fenwick-network-defence", "fenwick-security-pathway"] in report["stacking_families"]


def test_a_broken_file_in_the_import_stores_nothing_and_names_record_and_field(ready: Engine) -> None:
    with pytest.raises(ImportRejected) as info:
        ready.import_catalog([*GOOD, CATALOG / "bad-courses.csv"])
    places = {(Path(p.source).name, p.line, p.field) for p in info.value.problems}
    assert ("bad-courses.csv", 3, "cost") in places
    assert "bad-courses.csv line 3 field 'cost'" in str(info.value)
    assert ready.storage.credential_count() == 0
    rejected = ready.storage.import_history()[0]
    assert (rejected["kind"], rejected["status"], rejected["accepted"]) == ("catalog", "rejected", 0)
    assert any(p["field"] == "cost" and p["line"] == 3 for p in rejected["report"]["problems"])


def test_ids_already_stored_reject_the_whole_import(ready: Engine, tmp_path: Path) -> None:
    ready.import_catalog([CATALOG / "courses.csv"])
    fresh = tmp_path / "more.csv"
    fresh.write_text("id,title,provider\nbrand-new,New Course,Harbourline Institute\n"
                     "harbourline-sql-basics,SQL Again,Harbourline Institute\n")
    with pytest.raises(ImportRejected) as info:
        ready.import_catalog([fresh])
    problem = info.value.problems[0]
    assert (Path(problem.source).name, problem.line, problem.field) == ("more.csv", 3, "id")
    assert "already stored" in problem.reason
    assert ready.storage.credential("brand-new") is None
    assert ready.storage.credential_count() == 4


def test_a_course_without_owner_takes_it_from_its_certificate_and_the_report_says_so(
    ready: Engine, tmp_path: Path
) -> None:
    upload = tmp_path / "upload"
    upload.mkdir()
    shutil.copy(CATALOG / "ctdl-course-parts.jsonld", upload / "parts.jsonld")
    report = ready.import_catalog([upload / "parts.jsonld"], source_prefix=f"{upload}/")
    assert report["accepted"] == 5 and report["formats"] == {"ctdl": 5}
    certificate, programme = "ce-44444444-aaaa-4bbb-8ccc-000000000004", "ce-66666666-aaaa-4bbb-8ccc-000000000006"
    assert report["inherited_providers"] == [
        {"credential_id": "ce-55555555-aaaa-4bbb-8ccc-000000000005", "source": "parts.jsonld[2]",
         "provider": "Harbour Skills Academy", "from_credential_id": certificate},
        {"credential_id": programme, "source": "parts.jsonld[3]", "provider": "Harbour Skills Academy",
         "from_credential_id": certificate},
        {"credential_id": "ce-77777777-aaaa-4bbb-8ccc-000000000007", "source": "parts.jsonld[4]",
         "provider": "Harbour Skills Academy", "from_credential_id": programme},
    ]
    assert ready.credential("ce-77777777-aaaa-4bbb-8ccc-000000000007").provider == "Harbour Skills Academy"
    assert ready.credential("ce-77777777-aaaa-4bbb-8ccc-000000000007").source == "parts.jsonld[4]"
    assert ready.storage.import_history()[0]["report"]["inherited_providers"] == report["inherited_providers"]
    assert ready.import_catalog([CATALOG / "courses.csv"])["inherited_providers"] == []


def test_list_filters_and_pages(ready: Engine) -> None:
    ready.import_catalog(GOOD)
    total, page = ready.list_credentials(limit=5)
    assert total == 15 and len(page) == 5
    _, rest = ready.list_credentials(limit=50, offset=5)
    assert len(rest) == 10 and not {c.id for c in page} & {c.id for c in rest}
    assert [c.title.casefold() for c in page + rest] == sorted(c.title.casefold() for c in page + rest)

    def ids(**filters: object) -> set[str]:
        return {c.id for c in ready.list_credentials(**filters)[1]}

    assert ids(query="sql") == {"harbourline-sql-basics"}
    assert ids(query="FENWICK") >= {"fenwick-cloud-security", "fenwick-security-pathway", "fenwick-incident-response"}
    assert ids(provider="harbourline institute") == {
        "harbourline-sql-basics", "harbourline-institute-spreadsheet-modelling-dda25dbc",
        "harbourline-python-foundations", "harbourline-data-analyst-certificate", "pathway-capstone",
    }
    assert ids(level="advanced") == {"harbourline-institute-spreadsheet-modelling-dda25dbc", "pathway-capstone",
                                     "ce-22222222-aaaa-4bbb-8ccc-000000000002"}
    assert ids(format="online_live") == {"harbourline-python-foundations", "fenwick-cloud-security"}
    assert ids(language="fr") == {"pathway-capstone"}
    assert ids(free_only=True) == {"harbourline-sql-basics"}
    assert ids(max_cost=40) == {"harbourline-sql-basics", "civic-analytics-forum-data-ethics-for-public-services-ebac28cd",
                                "kw-print-design"}  # unknown costs are left out
    assert ids(max_hours=10) == {"fenwick-cloud-security", "ce-33333333-aaaa-4bbb-8ccc-000000000003"}
    assert ids(level="beginner", format="in_person") == {"harbourline-data-analyst-certificate"}
    with pytest.raises(InvalidRequest, match="beginner, intermediate, advanced") as info:
        ready.list_credentials(level="expert")
    assert info.value.field == "level"


def test_an_unknown_credential_suggests_close_ids(ready: Engine) -> None:
    ready.import_catalog(GOOD)
    with pytest.raises(UnknownCredential) as info:
        ready.credential("harbourline-sql-basic")
    assert info.value.suggestions[0] == "harbourline-sql-basics"
    assert "catalog list" in str(info.value)


def test_setup_imports_the_bundled_catalog_once(tmp_path: Path) -> None:
    samples = tmp_path / "samples"
    shutil.copytree(REPO / "data" / "catalog", samples / "catalog")
    settings = Settings(data_dir=tmp_path / "var", cache_dir=tmp_path / "cache", sample_data_dir=samples,
                        _env_file=None)
    engine = Engine(settings, encoder=FakeEncoder())
    engine.import_taxonomy("esco", DATA / "esco_mini")
    expected = load_catalog([REPO / "data" / "catalog"])
    done = engine.setup()
    assert done["catalog"] == f"imported {len(expected)} sample credentials"
    assert done["postings"] == "kept"  # no sample postings in this folder
    stored = engine.all_credentials()
    assert sorted(c.id for c in stored) == sorted(c.id for c in expected)
    assert all(c.skills for c in stored if any(d.uri.startswith(ESCO + "aaaa") for d in c.declared_skills))
    report = engine.storage.import_history()[0]["report"]
    assert set(report["formats"]) == {"csv", "jsonl", "open_badges_2", "open_badges_3", "ctdl"}
    assert report["stacking_families"]
    assert engine.setup()["catalog"] == "kept"
    assert engine.storage.credential_count() == len(expected)


# --- the command line ---------------------------------------------------------------------------


@pytest.fixture
def cli_engine(ready: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    encoder = ready.encoder
    monkeypatch.setattr(cli.common, "engine", lambda **_: Engine(ready.settings, encoder=encoder))
    return ready


def test_cli_catalog_import_list_and_show_as_json(cli_engine: Engine) -> None:
    result = runner.invoke(cli.app, ["catalog", "import", *map(str, GOOD), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["accepted"] == 15 and report["formats"]["open_badges_3"] == 4

    result = runner.invoke(cli.app, ["catalog", "list", "--provider", "Harbourline Institute", "--level", "beginner",
                                     "--limit", "1", "--json"])
    assert result.exit_code == 0, result.output
    listing = json.loads(result.stdout)
    assert (listing["total"], listing["limit"], listing["offset"]) == (2, 1, 0)
    assert listing["credentials"][0]["id"] == "harbourline-data-analyst-certificate"
    result = runner.invoke(cli.app, ["catalog", "list", "--free-only", "--max-hours", "20", "--json"])
    assert [c["id"] for c in json.loads(result.stdout)["credentials"]] == ["harbourline-sql-basics"]

    result = runner.invoke(cli.app, ["catalog", "show", "harbourline-sql-basics", "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert Credential.from_dict(shown) == cli_engine.credential("harbourline-sql-basics")
    assert (shown["cost"], shown["currency"], shown["hours"], shown["recognition"]["credit_unit"]) == (0.0, "GBP", 12.0, "ECTS")
    skills = {s["id"]: s for s in shown["skills"]}
    assert skills[PYTHON]["source"] == "declared" and skills[PYTHON]["label"] == "Python (computer programming)"
    assert set(skills[PYTHON]) == {"id", "label", "weight", "source", "evidence", "evidence_start", "evidence_end"}


def test_cli_catalog_tables_and_errors(cli_engine: Engine) -> None:
    result = runner.invoke(cli.app, ["catalog", "import", *map(str, GOOD)])
    assert result.exit_code == 0, result.output
    assert "imported 15 credentials" in result.stderr
    result = runner.invoke(cli.app, ["catalog", "list", "--query", "python"])
    assert result.exit_code == 0 and "credentials 1-1 of 1" in result.stdout and "Python" in result.stdout
    result = runner.invoke(cli.app, ["catalog", "show", "pathway-capstone"])
    assert result.exit_code == 0 and "skills taught" in result.stdout and "declared" in result.stdout
    result = runner.invoke(cli.app, ["catalog", "show", "pathway-capstan"])
    assert result.exit_code == 1 and "did you mean: pathway-capstone" in result.stderr
    result = runner.invoke(cli.app, ["catalog", "list", "--format", "online"])
    assert result.exit_code == 1 and "online_self_paced" in result.stderr
    result = runner.invoke(cli.app, ["catalog", "import", str(CATALOG / "bad-courses.csv")])
    assert result.exit_code == 2 and "bad-courses.csv line 3 field 'cost'" in result.stderr


def test_cli_catalog_commands_have_help() -> None:
    for command, words in (("import", "--lenient"), ("list", "--free-only"), ("show", "declared and inferred")):
        result = runner.invoke(cli.app, ["catalog", command, "--help"])
        assert result.exit_code == 0 and words in " ".join(result.output.split()), result.output


def test_a_catalog_import_that_fails_after_parts_were_written_leaves_nothing(
    ready: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import skillmatch.catalog_service as catalog_service
    from skillmatch.core.alignment import SkillAligner

    monkeypatch.setattr(catalog_service, "IMPORT_PART", 2)  # the toy files hold a few credentials each
    real = SkillAligner.align_many
    calls: list[int] = []

    def failing(self, credentials, progress=None):  # type: ignore[no-untyped-def]
        calls.append(len(credentials))
        if len(calls) == 3:
            raise RuntimeError("the machine ran out of something")
        return real(self, credentials, progress)

    monkeypatch.setattr(SkillAligner, "align_many", failing)
    with pytest.raises(RuntimeError):
        ready.import_catalog(GOOD)
    assert len(calls) == 3  # two parts were written before the failure
    assert ready.storage.credential_count() == 0
    assert all(entry["status"] != "landed" for entry in ready.storage.import_history())
    monkeypatch.setattr(SkillAligner, "align_many", real)
    report = ready.import_catalog(GOOD)
    assert report["accepted"] == ready.storage.credential_count() > 4
