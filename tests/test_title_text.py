from __future__ import annotations

from skillmatch.core.title_text import core_title, expand_abbreviations, title_readings

PLACES = frozenset({"london", "kuala lumpur", "van", "pest"})


def test_core_title_keeps_the_job_words_only() -> None:
    assert core_title("Senior Accounts Clerk (Fresh Graduate) - London, RM2500", PLACES) == "Accounts Clerk"
    assert core_title("URGENT!! Cook needed in Kuala Lumpur", PLACES) == "Cook"
    assert core_title("Vacancy for Shop Assistant") == "Shop Assistant"
    assert core_title("Part-time Barista 2") == "Barista"
    assert core_title("C++ Developer") == "C++ Developer"  # symbols of a skill stay
    assert core_title("Senior") == "Senior"  # nothing left: the title as given


def test_place_names_go_only_where_a_place_is_named() -> None:
    assert core_title("Data Analyst London", PLACES) == "Data Analyst"  # a place ending the title
    assert core_title("Van Driver", PLACES) == "Van Driver"  # a place name heading a job is a word of it
    assert core_title("Pest Control Technician", PLACES) == "Pest Control Technician"
    assert core_title("Data Analyst - London", ()) == "Data Analyst - London"  # no places given


def test_readings_spell_out_short_forms_and_split_two_jobs() -> None:
    readings = title_readings("Admin cum Van Driver (m/w/d)", PLACES)
    assert readings.whole == ("Admin cum Van Driver", "administrative cum Van Driver", "administrative / Van Driver")
    assert readings.parts == ("administrative", "Van Driver")
    single = title_readings("Kitchen Helper")
    assert single.whole == ("Kitchen Helper",) * 3 and single.parts == ("Kitchen Helper",)
    assert title_readings("Cook / Kitchen Helper & Dishwasher").parts == ("Cook", "Kitchen Helper", "Dishwasher")
    assert expand_abbreviations("IT Ops Mgr") == "ict operations manager"
