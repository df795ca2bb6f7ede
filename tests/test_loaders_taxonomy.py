from __future__ import annotations

from pathlib import Path

import pytest

from skillmatch.adapters.loaders.custom_csv import load_custom_csv
from skillmatch.adapters.loaders.esco import load_esco
from skillmatch.adapters.loaders.onet import load_onet
from skillmatch.errors import DataFormatError, ImportRejected
from tests.conftest import DATA

ESCO = "http://data.europa.eu/esco/skill/"


def test_esco_export_loads_skills_occupations_relations_and_hierarchy() -> None:
    taxonomy = load_esco(DATA / "esco_mini", version="v1.1.1")
    info = taxonomy.info()
    assert (info.skills, info.occupations, info.relations) == (8, 2, 6)
    python = taxonomy.skill(ESCO + "aaaa0001")
    assert python.label == "Python (computer programming)"
    assert python.alt_labels == ("Python3", "python programming")
    assert python.kind == "knowledge"
    assert python.groups == ("http://data.europa.eu/esco/isced-f/0613",)
    assert taxonomy.skill(ESCO + "aaaa0003").kind == "skill"
    analyst = taxonomy.occupation("http://data.europa.eu/esco/occupation/bbbb0001")
    assert analyst.label == "data analyst" and analyst.code == "2511"
    kinds = {(r.skill_id[-4:], r.kind) for r in taxonomy.relations_of(analyst.id)}
    assert kinds == {
        ("0002", "essential"),
        ("0003", "essential"),
        ("0007", "essential"),
        ("0001", "optional"),
    }
    group = taxonomy.groups["http://data.europa.eu/esco/isced-f/0613"]
    assert group.broader == ("http://data.europa.eu/esco/isced-f/061",)
    # skill-skill relations: teaching mathematics draws on statistics, data models on SQL
    assert taxonomy.linked_skills() == {ESCO + "aaaa0005": {ESCO + "aaaa0007": "optional"},
                                        ESCO + "aaaa0003": {ESCO + "aaaa0002": "essential"}}


def test_esco_skill_links_to_unknown_skills_are_reported(esco_mini: Path) -> None:
    path = esco_mini / "skillSkillRelations.csv"
    with path.open("a") as fh:
        fh.write("http://data.europa.eu/esco/skill/aaaa0005,skill/competence,sometimes,knowledge,"
                 "http://data.europa.eu/esco/skill/aaaa0007\n")
        fh.write("http://data.europa.eu/esco/skill/aaaa0005,skill/competence,optional,knowledge,"
                 "http://data.europa.eu/esco/skill/zzzz\n")
    with pytest.raises(ImportRejected) as err:
        load_esco(esco_mini)
    found = {(p.line, p.field) for p in err.value.problems}
    assert found == {(4, "relationType"), (5, "relatedSkillUri")}
    assert all(p.source == str(path) for p in err.value.problems)


def test_esco_missing_column_names_file_line_and_column(esco_mini: Path) -> None:
    path = esco_mini / "skills_en.csv"
    path.write_text(path.read_text().replace("preferredLabel", "prefLabel", 1))
    with pytest.raises(DataFormatError) as info:
        load_esco(esco_mini)
    problem = info.value.problems[0]
    assert problem.source == str(path) and problem.line == 1 and problem.field == "preferredLabel"
    assert "skills_en.csv line 1 field 'preferredLabel'" in str(info.value)


def test_esco_bad_rows_are_all_reported_with_their_lines(esco_mini: Path) -> None:
    path = esco_mini / "occupationSkillRelations.csv"
    lines = path.read_text().splitlines()
    lines[2] = lines[2].replace("essential", "crucial")
    lines[4] = lines[4].replace("http://data.europa.eu/esco/skill/aaaa0001", "not a uri")
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ImportRejected) as info:
        load_esco(esco_mini)
    found = {(p.line, p.field) for p in info.value.problems}
    assert found == {(3, "relationType"), (5, "skillUri")}


def test_esco_multiline_labels_keep_line_numbers_right(esco_mini: Path) -> None:
    # Rows span several physical lines (alt labels are newline separated); the error must
    # point at the line where the bad record starts.
    path = esco_mini / "skills_en.csv"
    text = path.read_text().replace(",skill/competence,transversal,", ",skill-ish,transversal,")
    path.write_text(text)
    with pytest.raises(ImportRejected) as info:
        load_esco(esco_mini)
    (problem,) = info.value.problems
    start = text.splitlines().index(next(line for line in text.splitlines() if "skill-ish" in line)) + 1
    assert (problem.line, problem.field) == (start, "skillType")


def test_esco_record_with_wrong_field_count_is_reported(esco_mini: Path) -> None:
    path = esco_mini / "occupations_en.csv"
    text = path.read_text()
    path.write_text(text + "Occupation,http://data.europa.eu/esco/occupation/x,1234\n")
    with pytest.raises(ImportRejected) as info:
        load_esco(esco_mini)
    (problem,) = info.value.problems
    assert (
        problem.line == len(text.splitlines()) + 1
        and problem.field == "preferredLabel"
        and "expected 14 fields" in problem.reason
    )


def test_esco_folder_without_skills_file_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="skills_<language>.csv"):
        load_esco(tmp_path)


def test_onet_text_files_load_with_importance_and_technology_flags() -> None:
    taxonomy = load_onet(DATA / "onet_mini", version="29.3")
    assert taxonomy.info().occupations == 2
    scientist = taxonomy.occupation("onet:occupation/15-2051.00")
    assert "Machine Learning Scientist" in scientist.alt_labels
    assert taxonomy.occupation("onet:occupation/25-2031.00").alt_labels == ("Math Teacher",)
    relations = {r.skill_id: r for r in taxonomy.relations_of(scientist.id)}
    maths = relations["onet:element/2.A.1.e"]
    assert maths.kind == "essential" and maths.importance == pytest.approx((4.12 - 1) / 4)
    assert relations["onet:element/2.B.1.a"].kind == "optional"
    assert relations["onet:technology/python"].flags == ("hot", "in_demand")
    assert relations["onet:technology/python"].kind == "essential"
    assert relations["onet:technology/microsoft-excel"].flags == ("hot",)
    assert taxonomy.skill("onet:element/2.A.1.e").description == "Using mathematics to solve problems."
    # the LV (level) rows are not relations
    assert len([r for r in taxonomy.relations if r.skill_id == "onet:element/2.A.1.e"]) == 1


def test_onet_bad_importance_is_reported(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "onet"
    shutil.copytree(DATA / "onet_mini", folder)
    path = folder / "Skills.txt"
    path.write_text(path.read_text().replace("\t4.12\t", "\tfour\t"))
    with pytest.raises(ImportRejected) as info:
        load_onet(folder)
    (problem,) = info.value.problems
    assert (problem.line, problem.field) == (2, "Data Value")


def test_custom_csv_loads_alt_labels_with_either_separator() -> None:
    taxonomy = load_custom_csv(DATA / "custom_skills.csv", name="acme")
    crm = taxonomy.skill("acme:skill/internal-crm")
    assert crm.alt_labels == ("Acme customer system", "internal CRM")
    assert crm.kind == "knowledge"
    assert taxonomy.skill("acme:skill/warehouse-robots").alt_labels == (
        "Acme robots",
        "robot fleet operation",
    )


def test_custom_csv_reports_every_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("id,label,alt_labels,description\na,first,,\n,no id,,\na,duplicate,,\nb,,,\n")
    with pytest.raises(ImportRejected) as info:
        load_custom_csv(path)
    found = [(p.line, p.field) for p in info.value.problems]
    assert found == [(3, "id"), (4, "id"), (5, "label")]
    assert "first on line 2" in info.value.problems[1].reason


def test_custom_csv_without_label_column_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("id,name\nx,y\n")
    with pytest.raises(DataFormatError) as info:
        load_custom_csv(path)
    assert (info.value.problems[0].line, info.value.problems[0].field) == (1, "label")


def test_esco_occupation_hierarchy_keeps_occupation_parents_only(esco_mini: Path, tmp_path: Path) -> None:
    occ = "http://data.europa.eu/esco/occupation/"
    with (esco_mini / "occupations_en.csv").open("a", encoding="utf-8") as out:
        out.write(
            f"Occupation,{occ}bbbb0003,2511,senior data analyst,,,released,2016-12-20T17:43:43Z,,,,"
            "http://data.europa.eu/esco/concept-scheme/occupations,Leads data analysis.,2511.1\n"
        )
    (esco_mini / "broaderRelationsOccPillar.csv").write_text(
        "conceptType,conceptUri,broaderType,broaderUri\n"
        f"Occupation,{occ}bbbb0003,Occupation,{occ}bbbb0001\n"
        f"Occupation,{occ}bbbb0001,ISCOGroup,http://data.europa.eu/esco/isco/C2511\n",
        encoding="utf-8",
    )
    taxonomy = load_esco(esco_mini)
    assert taxonomy.occupation(occ + "bbbb0003").broader == (occ + "bbbb0001",)
    assert taxonomy.occupation(occ + "bbbb0001").broader == ()  # an ISCO group is not an occupation
    from skillmatch.adapters.taxonomy_store import TaxonomyStore

    store = TaxonomyStore(tmp_path / "store")
    store.save(taxonomy)
    assert store.load().occupation(occ + "bbbb0003").broader == (occ + "bbbb0001",)


def test_onet_detailed_occupation_is_narrower_than_its_base(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "onet"
    shutil.copytree(DATA / "onet_mini", folder)
    with (folder / "Occupation Data.txt").open("a", encoding="utf-8") as out:
        out.write("15-2051.01\tBusiness Intelligence Analysts\tProduce financial and market intelligence.\n")
    taxonomy = load_onet(folder)
    assert taxonomy.occupation("onet:occupation/15-2051.01").broader == ("onet:occupation/15-2051.00",)
    assert taxonomy.occupation("onet:occupation/15-2051.00").broader == ()
