from __future__ import annotations

import contextlib
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillmatch.adapters.loaders.catalog import load_catalog, read_catalog
from skillmatch.adapters.loaders.catalog_draft import last_segment
from skillmatch.adapters.loaders.catalog_values import generated_id, parse_duration
from skillmatch.adapters.loaders.records import Problems
from skillmatch.core.catalog import Credential, DeclaredSkill
from skillmatch.errors import DataFormatError, ImportRejected
from tests.conftest import DATA, REPO, shared

CATALOG = DATA / "catalog"
ESCO = "http://data.europa.eu/esco/skill/"
GOOD = (
    "courses.csv",
    "courses.jsonl",
    "ob2-badgeclass.json",
    "ob3-achievement.json",
    "ob3-list.json",
    "ob3-credential.json",
    "ctdl-certificate.json",
    "ctdl-graph.jsonld",
)
COURSERA_MAP = {
    "Title": "title",
    "Organization": "provider",
    "Skills": "skills",
    "course_description": "description",
    "course_url": "url",
    "Difficulty": "level",
}
EDX_MAP = {"link": "url", "institution": "provider", "associatedskills": "skills"}


def by_id(*names: str) -> dict[str, Credential]:
    return {c.id: c for c in load_catalog([CATALOG / name for name in names])}


def rejected(*names: str, **options: object) -> ImportRejected:
    with pytest.raises(ImportRejected) as info:
        load_catalog([CATALOG / name for name in names], **options)  # type: ignore[arg-type]
    return info.value


def places(error: ImportRejected) -> set[tuple[str, int | None, str | None]]:
    """(file name, line or index, field) of every problem."""
    return {(Path(p.source).name, p.line if p.line is not None else p.index, p.field) for p in error.problems}


# --- CSV and JSON Lines -----------------------------------------------------------------------


def test_csv_reads_the_documented_columns() -> None:
    sql = by_id("courses.csv", "courses.jsonl")["harbourline-sql-basics"]
    assert (sql.title, sql.provider, sql.url) == (
        "SQL Basics",
        "Harbourline Institute",
        "https://harbourline.example/sql-basics",
    )
    assert sql.learning_outcomes == ("Write SELECT queries", "Join tables")
    assert (sql.cost, sql.currency, sql.hours, sql.duration_weeks) == (0, "GBP", 12, 4)
    assert sql.is_free
    assert (sql.level, sql.format, sql.eqf_level, sql.language) == ("beginner", "online_self_paced", 4, "en")
    assert sql.recognition.accreditation == "Quality Board North"
    assert sql.recognition.endorsements == ("Northwind Data", "Civic Analytics Forum")
    assert (sql.recognition.credits, sql.recognition.credit_unit) == (1, "ECTS")
    assert sql.source == f"{CATALOG / 'courses.csv'}:2"


def test_skills_are_uris_or_labels_with_an_optional_weight() -> None:
    sql = by_id("courses.csv", "courses.jsonl")["harbourline-sql-basics"]
    assert sql.declared_skills == (
        DeclaredSkill(uri=ESCO + "aaaa0001"),
        DeclaredSkill(label="SQL"),
        DeclaredSkill(label="query optimisation", weight=0.5),
    )


def test_list_cells_split_on_semicolons_else_on_commas_but_outcomes_only_on_semicolons() -> None:
    credentials = by_id("courses.csv", "courses.jsonl")
    sheets = credentials[generated_id("Harbourline Institute", "Spreadsheet Modelling")]
    assert [s.label for s in sheets.declared_skills] == [
        "spreadsheets",
        "financial modelling",
        "pivot tables",
    ]
    assert sheets.recognition.endorsements == ("Acme Ltd", "Globex")
    assert sheets.learning_outcomes == ("Build a model, test it, and report", "Explain assumptions")


def test_a_row_without_an_id_gets_a_stable_slug_and_hash() -> None:
    first = [c.id for c in load_catalog([CATALOG / "courses.csv"])]
    again = [c.id for c in load_catalog([CATALOG / "courses.csv"])]
    made = generated_id("Harbourline Institute", "Spreadsheet Modelling")
    assert made in first and first == again
    assert re.fullmatch(r"harbourline-institute-spreadsheet-modelling-[0-9a-f]{8}", made)


def test_level_and_format_synonyms_are_read_in_the_strict_mode() -> None:
    credentials = by_id("courses.csv", "courses.jsonl")
    sheets = credentials[generated_id("Harbourline Institute", "Spreadsheet Modelling")]
    assert (sheets.level, sheets.format, sheets.location) == (
        "advanced",
        "hybrid",
        "Leeds",
    )  # expert, blended
    python = credentials["harbourline-python-foundations"]
    assert (python.level, python.format, python.cost) == ("intermediate", "online_live", 250.5)
    certificate = credentials["harbourline-data-analyst-certificate"]
    assert (certificate.format, certificate.credential_type) == ("in_person", "professional certificate")


def test_a_quoted_cell_over_two_lines_keeps_the_next_record_on_its_own_line() -> None:
    credentials = by_id("courses.csv", "courses.jsonl")
    assert (
        credentials["harbourline-python-foundations"].description
        == "Variables and loops.\nFunctions and modules."
    )
    assert credentials["harbourline-data-analyst-certificate"].source.endswith("courses.csv:6")


def test_json_lines_take_json_values_and_lists() -> None:
    credentials = by_id("courses.csv", "courses.jsonl")
    capstone = credentials["pathway-capstone"]
    assert capstone.learning_outcomes == ("Scope an analysis, with stakeholders", "Present findings")
    assert capstone.declared_skills[0] == DeclaredSkill(label="data storytelling", weight=0.8)
    assert (capstone.cost, capstone.hours, capstone.duration_weeks, capstone.eqf_level) == (
        120,
        40.5,
        None,
        5,
    )
    assert (capstone.format, capstone.language, capstone.location) == ("in_person", "fr", "Bristol")
    assert capstone.prerequisites == ("harbourline-python-foundations",)
    assert capstone.source.endswith("courses.jsonl:1")
    ethics = credentials[generated_id("Civic Analytics Forum", "Data Ethics for Public Services")]
    assert ethics.source.endswith("courses.jsonl:3")  # after a blank line; keys matched ignoring case
    assert (ethics.cost, ethics.eqf_level, ethics.recognition.credits) == (35, 5, 2.5)
    assert [s.label for s in ethics.declared_skills] == ["ethics", "data protection"]


def test_column_map_renames_headers_ignoring_case() -> None:
    column_map = {"course name": "title", "ORG": "provider", "Difficulty": "level", "mode": "format"}
    column_map |= {"Tags": "skills", "Lang": "language"}
    credentials = load_catalog([CATALOG / "foreign-courses.csv"], column_map=column_map, lenient=True)
    intro = credentials[0]
    assert (intro.title, intro.provider, intro.level, intro.language) == (
        "Intro to Data",
        "Globex Learning",
        "beginner",
        "en",
    )
    assert [s.label for s in intro.declared_skills] == ["Data Analysis", "Statistics"]


def test_lenient_mode_reads_foreign_values_and_passes_over_rows_without_a_title() -> None:
    column_map = {"Course Name": "title", "Org": "provider", "Difficulty": "level", "Mode": "format"}
    column_map |= {"Tags": "skills", "Lang": "language"}
    skipped = Problems()
    credentials = load_catalog(
        [CATALOG / "foreign-courses.csv"], column_map=column_map, lenient=True, skipped=skipped
    )
    assert [c.title for c in credentials] == ["Intro to Data", "Data Mixed Bag", "Advanced Dashboards"]
    intro, mixed, dashboards = credentials
    assert intro.format == "online_self_paced"  # a plain "Online"
    assert (mixed.level, mixed.format, mixed.language, mixed.declared_skills) == (
        None,
        "online_self_paced",
        "es",
        (),
    )  # "Mixed" is unknown, "None" is an empty cell, "Español" a language name
    assert (dashboards.level, dashboards.format, dashboards.language) == ("advanced", "hybrid", "")
    assert dashboards.declared_skills[1] == DeclaredSkill(label="Power BI", weight=0.5)
    assert [(p.line, p.field) for p in skipped.items] == [(4, "Course Name")]


def test_without_lenient_the_same_foreign_values_are_problems() -> None:
    column_map = {"Course Name": "title", "Org": "provider", "Difficulty": "level", "Mode": "format"}
    column_map |= {"Lang": "language"}
    error = rejected("foreign-courses.csv", column_map=column_map)
    found = places(error)
    assert {(2, "Mode"), (2, "Lang"), (3, "Difficulty"), (3, "Lang"), (5, "Lang")} <= {
        (where, field) for _, where, field in found
    }
    ambiguous = next(p for p in error.problems if p.line == 2 and p.field == "Mode")
    assert "ambiguous" in ambiguous.reason and "online_self_paced" in ambiguous.reason


def test_a_csv_without_a_title_or_provider_column_names_the_header(tmp_path: Path) -> None:
    path = tmp_path / "catalog.csv"
    path.write_text("id,name,provider\nx,Course,Org\n")
    error = rejected_path(path)
    assert [(p.line, p.field) for p in error.problems] == [(1, "title")]
    assert "name, provider" in error.problems[0].reason


def rejected_path(*paths: Path) -> ImportRejected:
    with pytest.raises(ImportRejected) as info:
        load_catalog(list(paths))
    return info.value


# --- Open Badges ------------------------------------------------------------------------------


def test_open_badges_2_badgeclass() -> None:
    badge = by_id("ob2-badgeclass.json")["kw-print-design"]
    assert badge.title == "Print Design Essentials"
    assert badge.provider == "badges.kestrelworks.example"  # the issuer is only a URL
    assert (
        badge.description
        == "Typography and layout for print.\n\nSubmit a three-page layout that passes review."
    )
    assert badge.credential_type == "badge"
    assert badge.declared_skills == (
        DeclaredSkill(label="typography", weight=0.5),
        DeclaredSkill(label="print layout", weight=0.5),
    )  # tags stand in for the missing alignment
    assert (badge.cost, badge.currency) == (40, "USD")  # the first offer
    assert (badge.hours, badge.duration_weeks) == (None, 2)  # P2W
    assert (badge.level, badge.format, badge.recognition.credits) == ("beginner", "online_self_paced", 3)
    assert badge.url == "https://badges.kestrelworks.example/badgeclasses/kw-print-design"
    assert badge.source == f"{CATALOG / 'ob2-badgeclass.json'}[0]"


def test_open_badges_3_achievement() -> None:
    badge = by_id("ob3-achievement.json")["fenwick-cloud-security"]
    assert (badge.title, badge.provider, badge.credential_type) == (
        "Cloud Security Practitioner",
        "Fenwick Academy",
        "micro-credential",
    )
    assert badge.declared_skills == (
        DeclaredSkill(
            label="cyber attack counter-measures",
            uri="http://data.europa.eu/esco/skill/5898d99a-62a4-4e10-a2e3-0d815ce44248",
            framework="ESCO",
        ),
        DeclaredSkill(label="identity and access management", uri=ESCO + "aaaa0004", framework="ESCO"),
        DeclaredSkill(
            label="cloud posture review",
            uri="https://skills.fenwick.example/framework/fa-sec-07",
            framework="Fenwick Skills Framework",
        ),
    )  # tags are left out when there are alignments
    assert (badge.hours, badge.level, badge.format, badge.language) == (
        1.5,
        "intermediate",
        "online_live",
        "en",
    )
    assert (badge.cost, badge.currency) == (320, "GBP")
    assert badge.url == "https://learn.fenwick.example/cloud-security"
    assert badge.is_part_of == ("fenwick-security-pathway",)


def test_an_esco_uri_in_an_alignment_is_the_declared_skill_uri_exactly() -> None:
    badge = by_id("ob3-achievement.json")["fenwick-cloud-security"]
    uris = [skill.uri for skill in badge.declared_skills]
    assert uris[0] == "http://data.europa.eu/esco/skill/5898d99a-62a4-4e10-a2e3-0d815ce44248"


def test_open_badges_3_list_and_stacking_made_symmetric() -> None:
    credentials = by_id("ob3-achievement.json", "ob3-list.json")
    pathway = credentials["fenwick-security-pathway"]
    assert pathway.has_part == ("fenwick-network-defence", "fenwick-cloud-security")
    assert pathway.duration_weeks == 13  # P3M
    assert credentials["fenwick-network-defence"].is_part_of == ("fenwick-security-pathway",)
    assert credentials["fenwick-network-defence"].provider == "credentials.fenwick.example"
    assert credentials["fenwick-network-defence"].source.endswith("ob3-list.json[1]")


def test_open_badge_credential_wrapper_gives_its_achievement_and_issuer() -> None:
    badge = by_id("ob3-credential.json")["fenwick-incident-response"]  # trailing "/" in the IRI
    assert (badge.title, badge.provider) == ("Incident Response", "Fenwick Academy")
    assert badge.description == "Triage and contain incidents.\n\nHandle a simulated incident."
    assert badge.declared_skills == (
        DeclaredSkill(label="incident response", uri=ESCO + "aaaa0006", framework="ESCO"),
    )


# --- CTDL -------------------------------------------------------------------------------------


def test_ctdl_single_object() -> None:
    credentials = by_id("ctdl-certificate.json", "ctdl-graph.jsonld")
    cert = credentials["ce-11111111-aaaa-4bbb-8ccc-000000000001"]
    assert cert.title == "Certificate in Data Protection for Logistics"  # English from the language map
    assert (cert.provider, cert.url, cert.credential_type) == (
        "Lakeside Logistics Academy",
        "https://lakeside.example/data-protection",
        "certificate",
    )
    assert (cert.cost, cert.currency) == (350, "EUR")  # summed cost profiles
    assert (cert.hours, cert.duration_weeks) == (45, 10)
    assert (cert.format, cert.level, cert.language, cert.location) == (
        "hybrid",
        "intermediate",
        "de",
        "Hamburg",
    )
    assert (cert.recognition.credits, cert.recognition.credit_unit) == (5, "ECTS")
    assert cert.recognition.accreditation == "Quality Board North"  # named by a node of another file
    assert cert.eqf_level == 6
    assert cert.declared_skills == (
        DeclaredSkill(label="data protection", uri=ESCO + "aaaa0007", framework="ESCO"),
        DeclaredSkill(label="records retention"),
    )
    # the @id of a course in the import becomes its ctid; a required competency stays a URI
    assert cert.prerequisites == ("ce-33333333-aaaa-4bbb-8ccc-000000000003", ESCO + "aaaa0008")


def test_ctdl_graph_names_organisations_and_resolves_links_to_ctids() -> None:
    credentials = by_id("ctdl-graph.jsonld")
    assert len(credentials) == 3  # organisations and other nodes are not credentials
    micro = credentials["ce-22222222-aaaa-4bbb-8ccc-000000000002"]
    assert (micro.provider, micro.credential_type, micro.level) == (
        "Lakeside Logistics Academy",
        "micro-credential",
        "advanced",
    )
    assert micro.recognition.endorsements == ("Quality Board North",)
    assert micro.has_part == ("ce-33333333-aaaa-4bbb-8ccc-000000000003", "forklift-safety")
    assert micro.prepares_for == ("ce-99999999-aaaa-4bbb-8ccc-000000000009",)  # not in the import
    assert micro.declared_skills == (
        DeclaredSkill(label="temperature-controlled storage", uri=ESCO + "aaaa0009"),
    )
    assert micro.duration_weeks == 13
    assert micro.source.endswith("ctdl-graph.jsonld[2]")
    course = credentials["ce-33333333-aaaa-4bbb-8ccc-000000000003"]
    assert course.is_part_of == (micro.id,)
    assert (course.hours, course.format, course.location) == (8, "in_person", "Rotterdam")
    assert (course.recognition.credits, course.recognition.credit_unit) == (8, "CPD hours")
    forklift = credentials["forklift-safety"]  # no ctid: the last segment of its @id
    assert forklift.provider == "Dockside Training"  # an embedded organisation
    assert forklift.is_part_of == (micro.id,)  # made symmetric
    assert forklift.format == "hybrid"  # online and in person


def test_a_ctdl_course_without_owner_takes_the_owner_of_the_credential_it_is_part_of() -> None:
    read = read_catalog([CATALOG / "ctdl-course-parts.jsonld"])
    credentials = {c.id: c for c in read.credentials}
    certificate = credentials["ce-44444444-aaaa-4bbb-8ccc-000000000004"]
    quay = credentials["ce-55555555-aaaa-4bbb-8ccc-000000000005"]  # a Course
    programme = credentials["ce-66666666-aaaa-4bbb-8ccc-000000000006"]  # a LearningProgram
    signalling = credentials["ce-77777777-aaaa-4bbb-8ccc-000000000007"]  # part of the programme
    tides = credentials["ce-88888888-aaaa-4bbb-8ccc-000000000008"]
    assert certificate.provider == quay.provider == programme.provider == signalling.provider == "Harbour Skills Academy"
    assert tides.provider == "Estuary College"  # it names who offers it
    assert [(found.credential_id, found.provider, found.from_credential_id) for found in read.inherited_providers] == [
        (quay.id, "Harbour Skills Academy", certificate.id),
        (programme.id, "Harbour Skills Academy", certificate.id),  # isPartOf an embedded ctid
        (signalling.id, "Harbour Skills Academy", programme.id),  # through the programme it is part of
    ]
    assert [str(found.origin) for found in read.inherited_providers] == [
        f"{CATALOG / 'ctdl-course-parts.jsonld'}[{index}]" for index in (2, 3, 4)
    ]
    assert quay.is_part_of == (certificate.id,) and quay.id in certificate.has_part


def _ctdl_graph(tmp_path: Path, *nodes: dict[str, object]) -> Path:
    path = tmp_path / "parts.jsonld"
    org = {"@id": "https://x.example/org-a", "@type": "ceterms:CredentialOrganization", "ceterms:name": "Org A"}
    path.write_text(json.dumps({"@graph": [org, *nodes]}))
    return path


def _ctdl(kind: str, ctid: str, *, part_of: tuple[str, ...] = (), owner: str | None = None) -> dict[str, object]:
    node: dict[str, object] = {"@id": f"https://x.example/{ctid}", "@type": f"ceterms:{kind}", "ceterms:ctid": ctid,
                               "ceterms:name": ctid.title()}
    if part_of:
        node["ceterms:isPartOf"] = [f"https://x.example/{whole}" for whole in part_of]
    if owner:
        node["ceterms:ownedBy"] = [{"ceterms:name": owner}]
    return node


def test_a_course_without_owner_is_still_rejected_when_nothing_of_the_import_gives_one(tmp_path: Path) -> None:
    path = _ctdl_graph(
        tmp_path,
        _ctdl("Course", "elsewhere", part_of=("not-in-the-import",)),
        _ctdl("Certificate", "no-owner"),
        _ctdl("Course", "part-of-no-owner", part_of=("no-owner",)),
        _ctdl("Badge", "badge-part", part_of=("owned",)),  # not a learning opportunity
        _ctdl("Certificate", "owned", owner="Org B"),
        _ctdl("Course", "circle-a", part_of=("circle-b",)),
        _ctdl("Course", "circle-b", part_of=("circle-a",)),
    )
    error = rejected_path(path)
    assert places(error) == {("parts.jsonld", index, "ceterms:ownedBy") for index in (1, 2, 3, 4, 6, 7)}
    assert all(p.reason == "is missing or empty" for p in error.problems)


def test_a_course_part_of_credentials_of_different_owners_names_them(tmp_path: Path) -> None:
    path = _ctdl_graph(
        tmp_path,
        _ctdl("Certificate", "first", owner="Org B"),
        _ctdl("Certificate", "second", owner="Org C"),
        _ctdl("Certificate", "third", owner="Org B"),
        _ctdl("Course", "shared", part_of=("first", "second", "third")),
        _ctdl("Course", "agreed", part_of=("first", "third")),
    )
    (problem,) = rejected_path(path).problems
    assert (problem.index, problem.field) == (4, "ceterms:ownedBy")
    assert "'Org B' of first, 'Org C' of second" in problem.reason


def test_lenient_mode_gives_a_course_its_provider_before_passing_records_over(tmp_path: Path) -> None:
    path = _ctdl_graph(tmp_path, _ctdl("Certificate", "owned", owner="Org B"), _ctdl("Course", "part", part_of=("owned",)),
                       _ctdl("Course", "alone"))
    skipped = Problems()
    credentials = load_catalog([path], lenient=True, skipped=skipped)
    assert [(c.id, c.provider) for c in credentials] == [("owned", "Org B"), ("part", "Org B")]
    assert [(p.index, p.reason) for p in skipped.items] == [(3, "passed over: no provider")]


# --- across formats ---------------------------------------------------------------------------


def test_stacking_links_are_symmetric_across_files() -> None:
    credentials = by_id("courses.csv", "courses.jsonl")
    certificate = credentials["harbourline-data-analyst-certificate"]
    assert certificate.has_part == (
        "harbourline-sql-basics",
        "pathway-capstone",
        "harbourline-python-foundations",
    )
    assert credentials["pathway-capstone"].is_part_of == ("harbourline-data-analyst-certificate",)
    for credential in credentials.values():
        for whole in credential.is_part_of:
            assert credential.id in credentials[whole].has_part
        for part in credential.has_part:
            assert credential.id in credentials[part].is_part_of


def test_declared_skills_are_never_dropped() -> None:
    credentials = load_catalog([CATALOG / name for name in GOOD])
    declared = sum(len(c.declared_skills) for c in credentials)
    # by hand: 3+3+1+0 (CSV), 3+2 (JSONL), 2 (OB 2.0 tags), 3 (OB 3.0), 1+1 (list), 1 (wrapper), 2+1+1+0 (CTDL)
    assert declared == 24


@pytest.mark.parametrize(
    ("text", "hours", "weeks"),
    [
        ("PT12H", 12, 0),
        ("PT1H30M", 1.5, 0),
        ("pt90m", 1.5, 0),
        ("P2W", 0, 2),
        ("P3M", 0, 13),
        ("P1Y", 0, 52),
        ("P14D", 0, 2),
        ("P1DT12H", 12, 1 / 7),
        ("PT0,5H", 0.5, 0),
    ],
)
def test_iso_8601_durations(text: str, hours: float, weeks: float) -> None:
    found = parse_duration(text)
    assert found is not None
    assert found.hours == pytest.approx(hours) and found.weeks == pytest.approx(weeks, abs=0.01)


@pytest.mark.parametrize("text", ["", "P", "PT", "12H", "P1H", "PT1D", "two weeks", "P-1W"])
def test_not_iso_8601_durations(text: str) -> None:
    assert parse_duration(text) is None


@pytest.mark.parametrize(
    ("reference", "segment"),
    [
        (
            "https://badges.stratuscloud.example/achievements/stratus-cloud-foundations",
            "stratus-cloud-foundations",
        ),
        ("https://x.example/a/b/", "b"),
        ("https://x.example/a/b?version=2#top", "b"),
        ("urn:uuid:5ccc073f-a55b", "5ccc073f-a55b"),
        ("plain-id", "plain-id"),
    ],
)
def test_last_path_segment(reference: str, segment: str) -> None:
    assert last_segment(reference) == segment


# --- bad files --------------------------------------------------------------------------------


def test_bad_csv_rows_are_all_named_by_line_and_column() -> None:
    error = rejected("bad-courses.csv")
    assert places(error) == {
        ("bad-courses.csv", 3, "cost"),
        ("bad-courses.csv", 4, "level"),
        ("bad-courses.csv", 5, "format"),
        ("bad-courses.csv", 6, "eqf_level"),
        ("bad-courses.csv", 7, "currency"),
        ("bad-courses.csv", 8, "language"),
        ("bad-courses.csv", 9, "title"),
        ("bad-courses.csv", 10, "id"),
        ("bad-courses.csv", 11, "skills"),
        ("bad-courses.csv", 12, "hours"),
        ("bad-courses.csv", 13, "provider"),  # too few fields: the first missing column
    }
    assert error.accepted == 1
    assert [p.line for p in error.problems] == sorted(p.line or 0 for p in error.problems)
    cost = next(p for p in error.problems if p.field == "cost")
    assert str(cost).endswith("bad-courses.csv line 3 field 'cost': 'free?' is not a number")
    duplicate = next(p for p in error.problems if p.field == "id")
    assert f"{CATALOG / 'bad-courses.csv'}:2" in duplicate.reason  # names both places


def test_bad_json_lines_are_named_by_line_and_key() -> None:
    error = rejected("bad-courses.jsonl")
    assert places(error) == {
        ("bad-courses.jsonl", 1, "cost"),
        ("bad-courses.jsonl", 2, None),  # not JSON
        ("bad-courses.jsonl", 3, None),  # not an object
        ("bad-courses.jsonl", 4, "title"),
        ("bad-courses.jsonl", 5, "provider"),
        ("bad-courses.jsonl", 6, "duration_weeks"),
    }
    assert len(error.problems) == 6  # one problem per bad field, not two


def test_bad_badges_are_named_by_index_and_property() -> None:
    error = rejected("bad-badges.json")
    assert places(error) == {
        ("bad-badges.json", 0, "name"),
        ("bad-badges.json", 1, "alignment[0]"),
        ("bad-badges.json", 2, "offers.price"),
        ("bad-badges.json", 3, "timeRequired"),
        ("bad-badges.json", 4, "educationalLevel"),
        ("bad-badges.json", 5, None),
        ("bad-badges.json", 6, "type"),
        ("bad-badges.json", 7, "issuer"),
        ("bad-badges.json", 9, "id"),  # the same last path segment as [8]
    }


def test_a_badge_credential_without_an_achievement() -> None:
    assert places(rejected("bad-credential.json")) == {
        ("bad-credential.json", 0, "credentialSubject.achievement")
    }


def test_bad_ctdl_nodes_are_named_by_index_and_property() -> None:
    error = rejected("bad-ctdl.jsonld")
    assert places(error) == {
        ("bad-ctdl.jsonld", 1, "ceterms:ownedBy"),
        ("bad-ctdl.jsonld", 2, "ceterms:estimatedCost"),
        ("bad-ctdl.jsonld", 3, "ceterms:exactDuration"),
        ("bad-ctdl.jsonld", 4, "ceterms:deliveryType"),
        ("bad-ctdl.jsonld", 5, "ceterms:name"),
        ("bad-ctdl.jsonld", 6, "ceterms:creditValue"),
        ("bad-ctdl.jsonld", 7, "ceterms:ctid"),
    }
    owner = next(p for p in error.problems if p.index == 1)
    assert "ce-org-missing" in owner.reason


def test_every_problem_of_every_file_is_reported_at_once() -> None:
    error = rejected("bad-courses.csv", "courses.jsonl", "bad-badges.json")
    files = [Path(p.source).name for p in error.problems]
    assert files.count("bad-courses.csv") == 11 and files.count("bad-badges.json") == 10
    assert files == sorted(files, key=["bad-courses.csv", "bad-badges.json"].index)  # in file order
    # bad-badges.json[4] has the id of a record of the other file (bad-courses.csv line 4)
    clash = next(p for p in error.problems if p.index == 4 and p.field == "id")
    assert f"{CATALOG / 'bad-courses.csv'}:4" in clash.reason
    assert error.accepted == 1 + 2 + 1  # nothing is returned, though these were good
    assert "21 record(s) rejected" in str(error)


def test_duplicate_ids_across_files_name_both_places(tmp_path: Path) -> None:
    copy = tmp_path / "again.jsonl"
    shutil.copy(CATALOG / "courses.jsonl", copy)
    error = rejected_path(CATALOG / "courses.jsonl", copy)
    assert places(error) == {("again.jsonl", 1, "id"), ("again.jsonl", 3, "id")}
    assert f"{CATALOG / 'courses.jsonl'}:1" in error.problems[0].reason
    assert "give each an id" in error.problems[1].reason  # the generated id repeats


def test_unparseable_json_is_a_data_format_error_with_its_line() -> None:
    with pytest.raises(DataFormatError) as info:
        load_catalog([CATALOG / "broken.json"])
    assert [(p.line, p.field) for p in info.value.problems] == [(3, None)]
    assert "not valid JSON" in str(info.value)


def test_a_file_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"id": "a", "title": "A", "provider": "P"}\n{"title": "Caf\xe9"}\n')
    assert [(p.line, p.field) for p in rejected_path(path).problems] == [(2, None)]


@pytest.mark.parametrize("name", ["catalog.xlsx", "missing.csv", "missing-folder"])
def test_unknown_suffixes_and_missing_paths_are_named(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name.endswith(".xlsx"):
        path.write_text("x")
    with pytest.raises(DataFormatError) as info:
        load_catalog([path])
    assert info.value.problem.source == str(path)
    assert not isinstance(info.value, ImportRejected)


def test_a_folder_without_catalog_files_is_named(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("no catalog here")
    with pytest.raises(DataFormatError, match="holds no catalog files"):
        load_catalog([tmp_path])


def test_a_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    shutil.copy(CATALOG / "courses.jsonl", tmp_path / "b" / "deeper" / "courses.jsonl")
    shutil.copy(CATALOG / "courses.csv", tmp_path / "a.csv")
    shutil.copy(CATALOG / "ob3-list.json", tmp_path / "b" / "list.json")
    (tmp_path / "README.md").write_text("ignored")
    credentials = load_catalog([tmp_path, tmp_path / "a.csv"])  # the file twice is read once
    files = list(dict.fromkeys(c.source.rsplit(":", 1)[0].split("[")[0] for c in credentials))
    assert files == [
        str(tmp_path / "a.csv"),
        str(tmp_path / "b/deeper/courses.jsonl"),
        str(tmp_path / "b/list.json"),
    ]


# --- bad input never escapes as a bare exception ----------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)
_BADGE_KEYS = [
    "id", "name", "description", "criteria", "alignment", "tags", "tag", "issuer", "creator", "creditsAvailable",
    "inLanguage", "achievementType", "offers", "timeRequired", "educationalLevel", "courseMode", "url",
    "isPartOf", "hasPart",
]  # fmt: skip
_CTDL_KEYS = [
    "@id", "ceterms:ctid", "ceterms:name", "ceterms:ownedBy", "ceterms:offeredBy", "ceterms:estimatedCost",
    "ceterms:estimatedDuration", "ceterms:deliveryType", "ceterms:audienceLevelType", "ceterms:teaches",
    "ceterms:requires", "ceterms:isPartOf", "ceterms:hasPart", "ceterms:creditValue", "ceterms:inLanguage",
    "ceterms:accreditedBy", "ceterms:availableAt", "ceterms:keyword", "ceterms:isPreparationFor",
]  # fmt: skip
_COLUMNS = [
    "id",
    "title",
    "provider",
    "skills",
    "cost",
    "level",
    "format",
    "language",
    "eqf_level",
    "is_part_of",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    badge=st.dictionaries(st.sampled_from(_BADGE_KEYS), _JSON, max_size=6),
    ctdl=st.dictionaries(st.sampled_from(_CTDL_KEYS), _JSON, max_size=6),
    row=st.dictionaries(st.sampled_from(_COLUMNS), _JSON, max_size=6),
)
def test_any_json_values_give_credentials_or_data_format_errors(
    tmp_path: Path, badge: dict[str, object], ctdl: dict[str, object], row: dict[str, object]
) -> None:
    (tmp_path / "badge.json").write_text(json.dumps({"type": "Achievement", **badge}))
    (tmp_path / "ctdl.json").write_text(json.dumps({"@type": "ceterms:Course", **ctdl}))
    (tmp_path / "rows.jsonl").write_text(json.dumps(row) + "\n")
    for name in ("badge.json", "ctdl.json", "rows.jsonl"):
        for lenient in (False, True):
            with contextlib.suppress(DataFormatError):  # any other exception fails the test
                load_catalog([tmp_path / name], lenient=lenient)


# --- the bundled sample catalog and real MOOC catalogs ----------------------------------------


def test_the_bundled_catalog_imports_whole() -> None:
    credentials = load_catalog([REPO / "data" / "catalog"])
    ids = {c.id for c in credentials}
    assert len(credentials) >= 300 and len(ids) == len(credentials)
    for credential in credentials:
        assert set(credential.is_part_of) | set(credential.has_part) <= ids, credential.id
        assert credential.title and credential.provider
    assert {c.source.rsplit("/", 2)[-2] for c in credentials} >= {"catalog", "openbadges", "ctdl"}
    assert sum(len(c.declared_skills) for c in credentials) > 3 * len(credentials)


@pytest.mark.integration
def test_coursera_catalog_imports_with_its_column_map() -> None:
    path = shared("catalogs", "coursera-edx", "coursera_course_dataset_v3.csv")
    credentials = load_catalog([path], column_map=COURSERA_MAP, lenient=True)
    assert len(credentials) == 623 and len({c.id for c in credentials}) == 623
    first = credentials[0]
    assert (first.title, first.provider, first.level) == ("Google Cybersecurity", "Google", "beginner")
    assert first.declared_skills[:3] == (
        DeclaredSkill(label="Network Security"),
        DeclaredSkill(label="Python Programming"),
        DeclaredSkill(label="Linux"),
    )  # Coursera's skill tags
    assert sum(1 for c in credentials if c.level is None) == 39  # "Mixed"
    assert all(c.declared_skills for c in credentials)
    with pytest.raises(ImportRejected, match="'Mixed' is not one of"):
        load_catalog([path], column_map=COURSERA_MAP)


@pytest.mark.integration
def test_edx_catalog_imports_with_its_column_map() -> None:
    path = shared("catalogs", "coursera-edx", "edx.csv")
    skipped = Problems()
    credentials = load_catalog([path], column_map=EDX_MAP, lenient=True, skipped=skipped)
    # 816 rows: 32 scraped without a title or institution ("None") are passed over
    assert len(credentials) == 784 and len(skipped.items) == 32
    assert len({c.id for c in credentials}) == 784
    first = credentials[0]
    assert (first.title, first.provider, first.level, first.language) == (
        "How to Learn Online",
        "edX",
        "beginner",
        "en",
    )  # "Introductory", "English"
    assert first.url == "https://www.edx.org/learn/how-to-learn/edx-how-to-learn-online"
    assert first.declared_skills == (DeclaredSkill(label="Learning Design"),)  # edX's skill tags
    assert sum(1 for c in credentials if c.declared_skills) > 700  # "None" gives no skill
    assert not any(s.label == "None" for c in credentials for s in c.declared_skills)
    assert {c.language for c in credentials} >= {"en", "es"}
