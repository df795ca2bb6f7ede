"""Job postings from CSV, JSON Lines and schema.org JobPosting JSON-LD (docs/formats.md)."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillmatch.adapters.loaders.html_text import html_to_text
from skillmatch.adapters.loaders.postings import load_postings
from skillmatch.core.postings import JobPosting, ListedSkill
from skillmatch.errors import DataFormatError, ImportRejected, Problem
from tests.conftest import DATA, REPO, shared

POSTINGS = DATA / "postings"
ESCO_SKILL = "http://data.europa.eu/esco/skill/"
LEAD_A_TEAM = ESCO_SKILL + "1f1d2ff8-c4c1-45cc-9812-6a7ee84a73cb"
WRITE_REPORTS = ESCO_SKILL + "918f5211-b99f-4b29-9a34-6e475583ef55"
PYTHON = ESCO_SKILL + "ccd0a1d9-afda-43d9-b901-96344886e14d"
GLASSDOOR_MAP = {
    "index": "id",
    "Job Title": "title",
    "Job Description": "description",
    "Company Name": "organization",
}
DICE_MAP = {"job_id": "id", "jobtitle": "title", "jobdescription": "description", "required_skills": "skills"}


def by_id(postings: Sequence[JobPosting]) -> dict[str, JobPosting]:
    return {p.id: p for p in postings}


def rejected(*paths: Path) -> list[Problem]:
    with pytest.raises(ImportRejected) as info:
        load_postings(paths)
    return info.value.problems


def places(problems: Sequence[Problem]) -> set[tuple[str, int | None, int | None, str | None]]:
    """(file name, line, index, field) of each problem."""
    return {(Path(p.source).name, p.line, p.index, p.field) for p in problems}


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_reads_the_documented_columns_whatever_their_case() -> None:
    postings = by_id(load_postings([POSTINGS / "good.csv"]))
    assert list(postings) == ["csv-001", "csv-002", postings["c87fb1b6956168fc"].id]
    analyst = postings["csv-001"]
    assert analyst.title == "Data Analyst"
    assert analyst.description.startswith("Harbourview Retail is looking for a data analyst")
    assert "\n\nYou will build weekly sales reports" in analyst.description
    assert (analyst.organization, analyst.location) == ("Harbourview Retail", "Leeds, UK")
    assert analyst.date_posted == date(2026, 3, 1)
    assert analyst.employment_type == "FULL_TIME"
    assert analyst.occupational_category == ("2511",)
    assert not analyst.remote


def test_csv_list_cells_split_on_semicolons_and_newlines_and_esco_uris_become_uris() -> None:
    postings = by_id(load_postings([POSTINGS / "good.csv"]))
    analyst = postings["csv-001"]
    assert analyst.skills == (ListedSkill("SQL"), ListedSkill("Excel"), ListedSkill("", PYTHON))
    assert analyst.preferred_skills == (ListedSkill("Power BI"), ListedSkill("Tableau"))
    assert [s.label for s in postings["csv-002"].skills] == ["HTML", "CSS", "JavaScript"]


def test_posting_without_id_gets_a_hash_of_title_organization_and_description() -> None:
    payroll = load_postings([POSTINGS / "good.csv"])[2]
    text = "\n".join((payroll.title, payroll.organization, payroll.description))
    assert payroll.id == hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    assert payroll.id == load_postings([POSTINGS / "good.csv"])[2].id  # stable


def test_csv_source_is_file_and_first_line_and_other_columns_go_to_extra() -> None:
    postings = load_postings([POSTINGS / "good.csv"])
    assert [p.source for p in postings] == [f"{POSTINGS / 'good.csv'}:{line}" for line in (2, 6, 7)]
    assert postings[0].extra == {"Salary": "£32,000 - £36,000", "source": "careers page"}
    assert postings[1].extra == {}


def test_location_starting_with_remote_marks_a_remote_posting() -> None:
    postings = by_id(load_postings([POSTINGS / "good.csv"]))
    assert postings["csv-002"].remote and postings["csv-002"].location == "Remote (UK)"


def test_role_argument_applies_to_every_posting_that_names_none() -> None:
    postings = by_id(load_postings([POSTINGS / "good.csv", POSTINGS / "list.json"], role="office worker"))
    assert postings["csv-001"].role == "office worker"
    assert postings["csv-002"].role == "web developer"  # its role column wins
    assert postings["ll-0002"].role == "accounts assistant"  # skillmatch:role wins
    assert load_postings([POSTINGS / "good.csv"])[0].role == ""


def test_column_map_renames_headers_and_keeps_the_other_columns() -> None:
    column_map = {**GLASSDOOR_MAP, "required skills": "skills"}  # matched ignoring case
    first, second = load_postings([POSTINGS / "mapped.csv"], column_map=column_map)
    assert (first.id, first.title, first.organization) == ("0", "Sr Data Scientist", "Healthfirst 3.1")
    assert first.location == "New York, NY"  # "Location" matches without a mapping
    assert first.description.splitlines()[1] == "Works with business teams to explain results."
    assert first.extra == {"Salary Estimate": "$137K-$171K (Glassdoor est.)"}
    assert [s.label for s in first.skills] == ["Python", "SQL", "statistics"]  # no ';': split on ','
    assert [s.label for s in second.skills] == ["Spark", "Airflow"]


def test_csv_problem_names_the_column_as_the_file_writes_it(tmp_path: Path) -> None:
    path = write(tmp_path, "jobs.csv", "Job Title,Job Description\nChef,\n")
    with pytest.raises(ImportRejected) as info:
        load_postings([path], column_map=GLASSDOOR_MAP)
    assert places(info.value.problems) == {("jobs.csv", 2, None, "Job Description")}


# --- JSON Lines ---------------------------------------------------------------------------------


def test_jsonl_reads_arrays_and_semicolon_strings() -> None:
    postings = by_id(load_postings([POSTINGS / "good.jsonl"]))
    leader = postings["101"]  # a number id becomes text
    assert leader.skills == (
        ListedSkill("team leadership"),
        ListedSkill("health and safety"),
        ListedSkill("", LEAD_A_TEAM),
    )
    assert leader.preferred_skills == (ListedSkill("forklift licence"), ListedSkill("SAP"))
    assert leader.employment_type == "FULL_TIME,TEMPORARY"
    assert (
        leader.description
        == "Lead a shift of twelve pickers and packers.\nPlan the rota and keep the floor safe."
    )
    assert leader.extra == {"shift": "nights"}
    care = postings["jl-2"]  # keys matched ignoring case
    assert care.title == "Care Assistant" and care.occupational_category == ("5322",)
    assert [s.label for s in care.skills] == ["personal care", "moving and handling"]
    assert [s.label for s in postings["jl-3"].skills] == ["customer service", "scheduling", "cash handling"]


def test_jsonl_source_counts_blank_lines() -> None:
    postings = load_postings([POSTINGS / "good.jsonl"])
    assert [p.source.rsplit(":", 1)[1] for p in postings] == ["1", "3", "4"]


# --- JSON-LD ------------------------------------------------------------------------------------


def test_jsonld_single_object() -> None:
    (posting,) = load_postings([POSTINGS / "single.jsonld"])
    assert posting.id == "cws-2026-014"  # PropertyValue's value
    assert posting.title == "Water Network Technician"
    assert posting.source == f"{POSTINGS / 'single.jsonld'}[0]"
    assert posting.organization == "Clyde Water Services"
    assert posting.location == "Glasgow, GB" and not posting.remote
    assert posting.date_posted == date(2026, 4, 2)
    assert posting.employment_type == "FULL_TIME"
    assert json.loads(posting.extra["baseSalary"])["value"] == 34500


def test_jsonld_defined_terms_give_esco_uris_from_term_code_or_url() -> None:
    (posting,) = load_postings([POSTINGS / "single.jsonld"])
    assert posting.skills == (
        ListedSkill("lead a team", LEAD_A_TEAM),
        ListedSkill("write work-related reports", WRITE_REPORTS),
        ListedSkill("telemetry systems"),  # termCode TS-01 is no ESCO URI
    )


def test_jsonld_preferred_skills_extension() -> None:
    (posting,) = load_postings([POSTINGS / "single.jsonld"])
    assert posting.preferred_skills == (ListedSkill("driving licence"), ListedSkill("confined spaces ticket"))


def test_jsonld_html_description_keeps_paragraphs_list_items_and_breaks_as_lines() -> None:
    (posting,) = load_postings([POSTINGS / "single.jsonld"])
    intro = posting.description.split("\n\nResponsibilities:")[0]
    assert intro.split("\n") == [
        "Clyde Water Services keeps clean water flowing to 1.2 million homes.",  # &nbsp; too
        "",
        "What you'll do",
        "",
        "- Find and fix leaks & bursts",
        "- Read telemetry and flow data",
        "from our pressure loggers",
    ]
    assert "track(" not in posting.description and "<" not in posting.description


def test_jsonld_folds_responsibilities_qualifications_experience_and_education() -> None:
    (posting,) = load_postings([POSTINGS / "single.jsonld"])
    sections = posting.description.split("\n\n")[-4:]
    assert sections == [
        "Responsibilities:\nRespond to customer reports of low pressure. Keep job records up to date.",
        "Qualifications:\nSVQ Level 3 in water operations or equivalent.",
        "Experience:\nTwo years in a utilities or civil engineering role.",
        "Education:\nvocational qualification: SVQ or NVQ Level 3",
    ]


def test_jsonld_category_code_and_text_codes() -> None:
    (posting,) = load_postings([POSTINGS / "single.jsonld"])
    assert posting.occupational_category == ("3132",)
    support = load_postings([POSTINGS / "list.json"])[0]
    assert support.occupational_category == (
        "http://data.europa.eu/esco/occupation/349ee6f6-c295-4c38-9b98-48765b55280e",
        "43-4051.00",
    )


def test_jsonld_list_accepts_type_lists_prefixed_types_and_plain_values() -> None:
    support, bookkeeper = load_postings([POSTINGS / "list.json"])
    assert (support.id, bookkeeper.id) == ("4471", "ll-0002")
    assert [s.label for s in support.skills] == ["customer service", "Zendesk", "written communication"]
    assert [s.label for s in bookkeeper.skills] == ["bookkeeping", "VAT returns", "Xero"]
    assert support.date_posted == date(2026, 5, 6)  # from a datetime
    assert support.employment_type == "FULL_TIME,PART_TIME"
    assert support.organization == bookkeeper.organization == "Ledgerly Ltd"
    assert bookkeeper.location == "Cardiff, Wales"
    assert bookkeeper.source.endswith("list.json[1]")


def test_jsonld_telecommute_is_remote() -> None:
    support = load_postings([POSTINGS / "list.json"])[0]
    assert support.remote and support.location == "Remote"  # no address
    planner = load_postings([POSTINGS / "graph.jsonld"])[1]
    assert planner.remote and planner.location == "Sunderland works"  # the place's name is kept


def test_jsonld_graph_skips_other_nodes_and_keeps_their_indices() -> None:
    electrician, planner = load_postings([POSTINGS / "graph.jsonld"])
    assert electrician.id == "https://example.org/jobs/fe-101"  # @id when there is no identifier
    assert electrician.source.endswith("graph.jsonld[1]") and planner.source.endswith("graph.jsonld[2]")
    assert electrician.location == "Sunderland, Tyne and Wear, GB; Durham, GB"
    assert electrician.skills == (ListedSkill("electrical wiring"), ListedSkill("PLC programming"))
    assert electrician.organization == planner.organization == "Fenwick Engineering"


def test_json_file_holding_json_lines_or_plain_records_is_read_by_content(tmp_path: Path) -> None:
    record = {
        "id": "x-1",
        "title": "Cleaner",
        "description": "Cleans the offices.",
        "skills": "cleaning; safety",
    }
    lines = write(
        tmp_path, "lines.json", json.dumps(record) + "\n" + json.dumps({**record, "id": "x-2"}) + "\n"
    )
    plain = write(tmp_path, "plain.json", json.dumps([{**record, "id": "x-3"}]))
    postings = load_postings([lines, plain])
    assert [p.id for p in postings] == ["x-1", "x-2", "x-3"]
    assert [p.source.rsplit("/", 1)[1] for p in postings] == ["lines.json:1", "lines.json:2", "plain.json[0]"]
    assert postings[2].skills == (ListedSkill("cleaning"), ListedSkill("safety"))


def test_html_to_text() -> None:
    assert html_to_text(
        "<p>A &amp; B</p><p>C<br/>D</p><ul><li>E</li><li><b>F</b> and <i>G</i></li></ul>"
    ) == ("A & B\n\nC\nD\n\n- E\n- F and G")
    assert html_to_text("<style>p {}</style><div>caf&eacute;</div>") == "café"
    assert (
        html_to_text("Plain text\n\n- kept as it is &amp; unescaped")
        == "Plain text\n\n- kept as it is & unescaped"
    )


def test_the_sample_postings_import() -> None:
    postings = load_postings(sorted((REPO / "data" / "job_postings").iterdir()))
    assert len(postings) == 661
    assert all(p.title and p.description for p in postings)
    per_file = Counter(re.sub(r"[\[:].*$", "", p.source) for p in postings)
    # every role's own file holds at least 20 postings
    assert min(n for f, n in per_file.items() if f.endswith(".jsonld")) >= 20


# --- bad input: every record named by file, line or index, and field ----------------------------


def test_missing_title() -> None:
    assert ("bad.csv", 2, None, "title") in places(rejected(POSTINGS / "bad.csv"))
    assert ("bad.jsonld", None, 0, "title") in places(rejected(POSTINGS / "bad.jsonld"))


def test_empty_description() -> None:
    problems = rejected(POSTINGS / "bad.jsonl")
    assert ("bad.jsonl", 1, None, "description") in places(problems)


def test_bad_dates() -> None:
    problems = rejected(POSTINGS / "bad.csv", POSTINGS / "bad.jsonl", POSTINGS / "bad.jsonld")
    dated = {place for place in places(problems) if place[3] in ("date_posted", "datePosted")}
    assert dated == {
        ("bad.csv", 3, None, "date_posted"),
        ("bad.jsonl", 2, None, "date_posted"),
        ("bad.jsonld", None, 1, "datePosted"),
    }
    assert any("'2026-13-40' is not an ISO date" in p.reason for p in problems)


def test_duplicate_ids_name_both_places() -> None:
    problems = rejected(POSTINGS / "bad.csv", POSTINGS / "bad.jsonld")
    duplicates = [p for p in problems if p.field in ("id", "identifier")]
    assert places(duplicates) == {("bad.csv", 6, None, "id"), ("bad.jsonld", None, 3, "identifier")}
    assert duplicates[0].reason == f"duplicate id 'bad-2', first at {POSTINGS / 'bad.csv'}:3"
    assert duplicates[1].reason.endswith("bad.jsonld[2]")


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    one = write(tmp_path, "a.jsonl", '{"id": "7", "title": "Cook", "description": "Cooks."}\n')
    two = write(tmp_path, "b.csv", "id,title,description\n7,Chef,Runs the kitchen.\n")
    (problem,) = rejected(one, two)
    assert places([problem]) == {("b.csv", 2, None, "id")} and problem.reason.endswith("a.jsonl:1")


def test_copies_without_ids_get_ids_of_their_own(tmp_path: Path) -> None:
    path = write(tmp_path, "jobs.csv", "title,description\nCook,Cooks.\nCook,Cooks.\nCook,Cooks.\n")
    first, second, third = load_postings([path])
    assert (second.id, third.id) == (f"{first.id}-2", f"{first.id}-3")
    assert first.content_key == second.content_key  # the import counts them once


def test_bad_json_line_in_json_lines() -> None:
    problems = rejected(POSTINGS / "bad.jsonl")
    (bad_json,) = [p for p in problems if "not valid JSON" in p.reason]
    assert (bad_json.line, bad_json.field) == (3, None)
    assert ("bad.jsonl", 4, None, None) in places(problems)  # a list, not an object


def test_unparseable_json_file_names_the_line() -> None:
    with pytest.raises(DataFormatError) as info:
        load_postings([POSTINGS / "broken.json"])
    assert not isinstance(info.value, ImportRejected)
    assert places(info.value.problems) == {("broken.json", 4, None, None)}
    assert "not valid JSON" in str(info.value)


def test_wrong_field_count_in_csv() -> None:
    problems = rejected(POSTINGS / "bad.csv")
    (count,) = [p for p in problems if "fields" in p.reason]
    assert (Path(count.source).name, count.line, count.field) == ("bad.csv", 5, "#5")
    assert count.reason == "expected 4 fields, found 5"


def test_object_of_another_type_in_a_list() -> None:
    problems = rejected(POSTINGS / "bad.jsonld")
    assert ("bad.jsonld", None, 4, "@type") in places(problems)


def test_unknown_suffix() -> None:
    with pytest.raises(DataFormatError) as info:
        load_postings([POSTINGS / "good.csv", POSTINGS / "postings.xml"])
    assert info.value.problem.source == str(POSTINGS / "postings.xml")
    assert "unknown file type '.xml'" in str(info.value)


def test_missing_file() -> None:
    with pytest.raises(DataFormatError) as info:
        load_postings([POSTINGS / "no-such-file.csv"])
    assert info.value.problem.source == str(POSTINGS / "no-such-file.csv")
    assert "no such file" in str(info.value)


def test_csv_without_a_title_column_names_the_column() -> None:
    with pytest.raises(DataFormatError) as info:
        load_postings([POSTINGS / "mapped.csv"])  # no column map
    assert places(info.value.problems) == {("mapped.csv", 1, None, "title")}
    assert "Job Title" in str(info.value)


def test_two_columns_for_one_field(tmp_path: Path) -> None:
    path = write(tmp_path, "jobs.csv", "Title,Job Title,description\nCook,Chef,Cooks.\n")
    with pytest.raises(DataFormatError) as info:
        load_postings([path], column_map={"Job Title": "title"})
    assert places(info.value.problems) == {("jobs.csv", 1, None, "title")}


def test_file_without_postings(tmp_path: Path) -> None:
    empty = write(tmp_path, "empty.jsonl", "\n")
    graph = write(tmp_path, "org.jsonld", json.dumps({"@graph": [{"@type": "Organization", "name": "X"}]}))
    assert places(rejected(empty, graph)) == {
        ("empty.jsonl", None, None, None),
        ("org.jsonld", None, None, None),
    }


def test_text_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "jobs.jsonl"
    path.write_bytes(b'{"title": "Cook", "description": "Cooks."}\n{"title": "Caf\xe9"}\n')
    with pytest.raises(DataFormatError) as info:
        load_postings([path])
    assert places(info.value.problems) == {("jobs.jsonl", 2, None, None)}


def test_empty_json_file(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError) as info:
        load_postings([write(tmp_path, "jobs.json", "")])
    assert info.value.problem.line == 1


POSTING = {"@type": "JobPosting", "identifier": "p-1", "title": "Cook", "description": "Cooks."}


@pytest.mark.parametrize(
    ("name", "content", "place"),
    [
        ("p.jsonld", {**POSTING, "title": ["Cook", "Chef"]}, (None, 0, "title")),
        ("p.jsonld", {**POSTING, "description": {"@type": "TextObject"}}, (None, 0, "description")),
        ("p.jsonld", {**POSTING, "skills": [["nested"]]}, (None, 0, "skills")),
        ("p.jsonld", {**POSTING, "skills": [{"@type": "DefinedTerm"}]}, (None, 0, "skills")),
        (
            "p.jsonld",
            {**POSTING, "skillmatch:preferredSkills": [True]},
            (None, 0, "skillmatch:preferredSkills"),
        ),
        (
            "p.jsonld",
            {**POSTING, "occupationalCategory": {"@type": "CategoryCode"}},
            (None, 0, "occupationalCategory"),
        ),
        (
            "p.jsonld",
            {**POSTING, "identifier": {"@type": "PropertyValue", "value": {}}},
            (None, 0, "identifier"),
        ),
        ("p.jsonld", {**POSTING, "datePosted": True}, (None, 0, "datePosted")),
        ("p.jsonld", {**POSTING, "datePosted": 2026}, (None, 0, "datePosted")),
        (
            "p.jsonld",
            {**POSTING, "hiringOrganization": {"name": {"first": "X"}}},
            (None, 0, "hiringOrganization"),
        ),
        ("p.jsonld", {**POSTING, "jobLocation": {"address": [1, 2]}}, (None, 0, "jobLocation")),
        ("p.jsonld", {**POSTING, "employmentType": {"FULL_TIME": True}}, (None, 0, "employmentType")),
        ("p.jsonld", {**POSTING, "qualifications": [["a"]]}, (None, 0, "qualifications")),
        ("p.jsonld", {"@graph": 5}, (None, 0, None)),
        ("p.jsonld", "a posting", (None, 0, None)),
        ("p.json", 42, (None, 0, None)),
        ("p.json", [{"title": "Cook", "Title": "Chef", "description": "Cooks."}], (None, 0, "Title")),
        ("p.jsonl", None, (1, None, None)),
        ("p.jsonl", {"title": "Cook", "description": "Cooks.", "skills": {"a": 1}}, (1, None, "skills")),
        ("p.jsonl", {"title": "Cook", "description": "Cooks.", "role": ["a"]}, (1, None, "role")),
    ],
)
def test_wrong_shapes_are_problems_not_crashes(
    tmp_path: Path, name: str, content: object, place: tuple[int | None, int | None, str | None]
) -> None:
    path = write(tmp_path, name, json.dumps(content))
    (problem,) = rejected(path)
    assert (problem.line, problem.index, problem.field) == place


SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
KEYS = st.sampled_from(
    [*POSTING, "skills", "occupationalCategory", "datePosted", "hiringOrganization", "jobLocation",
     "jobLocationType", "employmentType", "qualifications", "experienceRequirements", "@graph", "@id",
     "name", "value", "address", "codeValue", "termCode", "url", "skillmatch:preferredSkills", "date_posted"]
)  # fmt: skip
JSON = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=5)
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    document=st.dictionaries(KEYS, JSON, max_size=8) | JSON,
    suffix=st.sampled_from([".jsonld", ".json", ".jsonl"]),
)
def test_any_json_gives_postings_or_a_data_format_error(
    tmp_path: Path, document: object, suffix: str
) -> None:
    path = write(tmp_path, f"any{suffix}", json.dumps(document))
    try:
        postings = load_postings([path])
    except DataFormatError as exc:
        assert exc.problems
    else:
        assert all(p.title and p.description for p in postings)


def test_all_problems_of_all_files_are_reported_at_once() -> None:
    with pytest.raises(ImportRejected) as info:
        load_postings([POSTINGS / "good.csv", POSTINGS / "bad.csv", POSTINGS / "bad.jsonl"])
    assert places(info.value.problems) == {
        ("bad.csv", 2, None, "title"),
        ("bad.csv", 3, None, "date_posted"),
        ("bad.csv", 5, None, "#5"),
        ("bad.csv", 6, None, "id"),
        ("bad.jsonl", 1, None, "description"),
        ("bad.jsonl", 2, None, "date_posted"),
        ("bad.jsonl", 3, None, None),
        ("bad.jsonl", 4, None, None),
        ("bad.jsonl", 5, None, "id"),
    }
    assert info.value.accepted == 3  # good.csv's postings, not returned


# --- the real files in ../shared ----------------------------------------------------------------


@pytest.mark.integration
def test_glassdoor_data_science_postings_import() -> None:
    path = shared("job_postings", "glassdoor-data-science", "Uncleaned_DS_jobs.csv")
    postings = load_postings([path], column_map=GLASSDOOR_MAP)
    assert len(postings) == 672
    assert "Sr Data Scientist" in {p.title for p in postings}
    assert all(p.description for p in postings)
    assert postings[0].location == "New York, NY" and "Salary Estimate" in postings[0].extra
    without_ids = load_postings([path], column_map={k: v for k, v in GLASSDOOR_MAP.items() if v != "id"})
    assert len({p.id for p in without_ids}) == 672  # the file's 180 exact copies get ids of their own


@pytest.mark.integration
def test_dice_tech_postings_import_with_comma_separated_skills() -> None:
    path = shared("job_postings", "dice-us-tech", "dice_joined_658.csv")
    postings = load_postings([path], column_map=DICE_MAP)
    assert len(postings) == 658
    assert "AUTOMATION TEST ENGINEER" in {p.title for p in postings}
    skills = [s.label for s in by_id(postings)["3"].skills]
    assert skills[:3] == ["linux/unix", "network monitoring", "incident response"]
    assert postings[0].extra["experience"] == "0 - 0 yrs"
