"""Joining O*NET technologies to a taxonomy: selection, short names, same-skill merges, placement
under broader skills, occupation priors through the crosswalk, and code updates by title."""

from __future__ import annotations

import pytest

from skillmatch.core.taxonomy import Occupation, Skill, Taxonomy
from skillmatch.core.technologies import (
    IN_DEMAND_IMPORTANCE,
    TechnologyTerms,
    TechnologyUse,
    WordCounts,
    add_technologies,
    current_onet_codes,
    onet_code_of,
    select,
    short_names,
    technology_id,
)
from skillmatch.errors import InvalidRequest

E = "http://data.europa.eu/esco/skill/"
OCC = "http://data.europa.eu/esco/occupation/"


def _esco() -> Taxonomy:
    skills = [
        Skill(E + "os", "operating systems", description="The features of operating systems.", kind="knowledge"),
        Skill(E + "py", "Python (computer programming)", ("Python3",), kind="knowledge"),
        Skill(E + "sqlserver", "SQL Server", ("Microsoft SQL Server",), kind="knowledge"),
        Skill(E + "sheets", "use spreadsheets software", ("Google Sheets",)),
        Skill(E + "cloud", "cloud technologies", kind="knowledge"),
        Skill(E + "prog", "computer programming", kind="knowledge"),
        # ordinary words in lower case: "word" three times, so "Word" is no short name
        Skill(E + "write", "write texts", description="Choose the right word, word by word, word order."),
    ]
    occupations = [
        Occupation(OCC + "sysadmin", "ICT system administrator"),
        Occupation(OCC + "junior-sysadmin", "junior system administrator", broader=(OCC + "sysadmin",)),
        Occupation(OCC + "cook", "cook"),
    ]
    return Taxonomy.build("ESCO", "v1", skills, occupations)


def _uses() -> list[TechnologyUse]:
    return [
        TechnologyUse("15-1244.00", "Linux", "43233004", "Operating system software", hot=True, in_demand=True),
        TechnologyUse("15-1299.08", "Linux", "43233004", "Operating system software", hot=True),
        TechnologyUse("15-1244.00", "Python", "43232405", "Object or component oriented development software",
                      in_demand=True),
        TechnologyUse("15-1244.00", "Microsoft SQL Server", "43232306", "Data base user interface and query software"),
        TechnologyUse("15-1299.08", "Microsoft SQL Server", "43232306", "Data base user interface and query software"),
        TechnologyUse("15-1244.00", "Amazon Web Services AWS software", "43232306",
                      "Data base user interface and query software", hot=True, in_demand=True),
        TechnologyUse("15-1244.00", "Google Sheets", "43232110", "Spreadsheet software", hot=True),
        TechnologyUse("15-1244.00", "Microsoft Word", "43232104", "Word processing software", hot=True),
        TechnologyUse("15-1244.00", "Bashen EEOSoft", "43231600", "Compliance software"),
    ]


TERMS = TechnologyTerms(
    aliases={"Linux": ("GNU/Linux",)},
    commodity_places={"Operating system software": ("operating systems",),
                      "Object or component oriented development software": ("computer programming",)},
    by_name={"Amazon Web Services AWS software": ("cloud technologies",)},
    skill_aliases={},
)
CROSSWALK = {OCC + "sysadmin": "15-1244.00"}


@pytest.fixture(scope="module")
def joined() -> Taxonomy:
    return add_technologies(_esco(), _uses(), CROSSWALK, terms=TERMS)


def test_selection_keeps_shared_or_flagged_technologies_and_drops_one_occupation_niche_products() -> None:
    chosen = select(_uses())
    assert "Bashen EEOSoft" not in chosen  # one occupation, neither hot nor in demand
    assert {"Linux", "Microsoft SQL Server", "Google Sheets", "Python"} <= set(chosen)


def test_short_names_strip_vendor_suffix_and_spell_out_acronyms_but_never_give_ordinary_words() -> None:
    common = WordCounts(["the word and a word and another word", "project project project"])
    assert short_names("Amazon Web Services AWS software", common) == (
        "Amazon Web Services AWS", "Amazon Web Services", "AWS")
    assert short_names("Microsoft Power BI", common) == ("Power BI",)
    assert short_names("Atlassian JIRA", common) == ("JIRA",)
    assert short_names("Microsoft Windows Server", common) == ("Windows Server",)
    assert short_names("Amazon Web Services AWS CloudFormation", common) == ("CloudFormation",)
    assert short_names("Microsoft Word", common) == ()
    assert short_names("Microsoft Project", common) == ()
    assert short_names("Linux", common) == ()
    assert short_names("Debugging software", common) == ()  # a kind of software, not a product
    assert short_names("HubSpot software", common) == ("HubSpot",)
    assert short_names("Google Docs", common) == ()  # an ordinary word once the vendor is gone


def test_a_technology_the_taxonomy_already_has_is_that_skill_with_the_name_added(joined: Taxonomy) -> None:
    python = joined.skill(E + "py")
    assert "Python" in python.alt_labels and python.kind == "knowledge"
    assert technology_id("Python") not in joined.skills
    # the same thing under an alternative label that shares a word with the preferred label
    assert technology_id("Microsoft SQL Server") not in joined.skills
    assert joined.skills_by_label("Microsoft SQL Server") == (E + "sqlserver",)


def test_new_technologies_are_placed_under_broader_skills(joined: Taxonomy) -> None:
    linux = joined.skill(technology_id("Linux"))
    assert linux.kind == "technology" and linux.label == "Linux"
    assert "GNU/Linux" in linux.alt_labels
    assert linux.groups == (E + "os",)
    assert joined.broader_skills()[linux.id] == [E + "os"]
    aws = joined.skill(technology_id("Amazon Web Services AWS software"))
    assert aws.label == "Amazon Web Services (AWS)" and "Amazon Web Services AWS software" in aws.alt_labels
    assert {"AWS", "Amazon Web Services"} <= set(aws.alt_labels)
    assert aws.groups == (E + "cloud",)  # by name, not the commodity that misfiles it
    sheets = joined.skill(technology_id("Google Sheets"))
    assert sheets.groups == (E + "sheets",)  # ESCO lists it as an alternative label of a broader skill
    assert "hot" in sheets.description


def test_occupations_get_in_demand_technologies_through_the_crosswalk_and_their_broader_occupation(
    joined: Taxonomy,
) -> None:
    def tech(occupation: str) -> dict[str, tuple[str, float | None]]:
        return {r.skill_id: (r.kind, r.importance) for r in joined.relations_of(OCC + occupation)}

    sysadmin = tech("sysadmin")
    assert sysadmin == {
        technology_id("Linux"): ("optional", IN_DEMAND_IMPORTANCE),
        technology_id("Amazon Web Services AWS software"): ("optional", IN_DEMAND_IMPORTANCE),
        E + "py": ("optional", IN_DEMAND_IMPORTANCE),  # merged: the relation goes to the ESCO skill
    }
    assert tech("junior-sysadmin") == sysadmin  # inherits its broader occupation's O*NET code
    assert tech("cook") == {}
    assert onet_code_of(OCC + "junior-sysadmin", joined, CROSSWALK) == "15-1244.00"


def test_a_relation_the_taxonomy_has_is_kept_as_it_is() -> None:
    from skillmatch.core.taxonomy import SkillRelation

    esco = _esco()
    esco.relations.append(SkillRelation(OCC + "sysadmin", E + "py", "essential"))
    joined = add_technologies(esco, _uses(), CROSSWALK, terms=TERMS)
    python = [r for r in joined.relations_of(OCC + "sysadmin") if r.skill_id == E + "py"]
    assert [(r.kind, r.importance) for r in python] == [("essential", None)]


def test_a_placement_naming_no_skill_of_the_taxonomy_stops_the_build() -> None:
    terms = TechnologyTerms(aliases={}, commodity_places={"Operating system software": ("operating sistems",)},
                            by_name={}, skill_aliases={})
    with pytest.raises(InvalidRequest, match="operating sistems"):
        add_technologies(_esco(), _uses(), CROSSWALK, terms=terms)


def test_old_onet_codes_are_matched_to_the_current_release_by_title() -> None:
    titles = {
        "15-1252.00": "Software Developers",
        "15-1244.00": "Network and Computer Systems Administrators",
        "13-2011.00": "Accountants and Auditors",
        "29-1141.00": "Registered Nurses",
    }
    links = {
        "a": ("15-1132.00", "software developers, applications"),
        "b": ("15-1142.00", "network and computer systems administrators"),
        "c": ("13-2011.01", "accountants"),
        "d": ("29-1141.00", "registered nurses"),
        "e": ("15-1199.99", "chief wizards"),
    }
    assert current_onet_codes(links, titles) == {
        "a": "15-1252.00", "b": "15-1244.00", "c": "13-2011.00", "d": "29-1141.00"}


def test_kinds_of_software_are_told_apart_from_named_products() -> None:
    from skillmatch.core.technologies import is_kind_of_software

    common = WordCounts(["computer graphics software design of experiments data warehouse eclipse sheets cascading style"])
    for kind in ("Computer graphics software", "Data warehouse software"):
        assert is_kind_of_software(kind, common), kind
    for product in ("Salesforce software", "Microsoft Power BI", "Amazon Web Services AWS software", "Eclipse IDE",
                    "Storage area network SAN software",
                    "Cascading style sheets CSS", "ANSYS simulation software", "Linux", "Ruby on Rails"):
        assert not is_kind_of_software(product, common), product


def test_an_acronym_of_ordinary_words_is_no_name_of_the_product() -> None:
    from skillmatch.core.technologies import WordCounts, short_names

    common = WordCounts(["search engine optimization helps", "web services run"])
    assert "SEO" not in short_names("Moz search engine optimization SEO software", common)
    assert "AWS" in short_names("Amazon Web Services AWS software", common)
