from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillmatch.core.extraction import ExtractionConfig, PhraseSpace, SkillExtractor
from skillmatch.core.phrases import is_negated, phrases, sentences, tokenize
from skillmatch.core.ports import ExactIndex, SubsetIndex
from skillmatch.core.skill_index import EntryKind, SkillEntries, SkillIndex
from skillmatch.core.taxonomy import Skill, Taxonomy
from tests.fakes import FakeEncoder

SKILLS = [
    Skill("s:r", "R", ("R programming",), "The R language for statistical computing."),
    Skill("s:c", "C", ("C programming language",), "The C programming language."),
    Skill("s:go", "Go", ("golang",), "The Go programming language."),
    Skill("s:java", "Java (computer programming)", ("Java",), "Programming in Java."),
    Skill("s:js", "JavaScript", ("JS",), "Programming in JavaScript."),
    Skill("s:sap", "SAP R3", ("SAP",), "The SAP R3 business software."),
    Skill("s:it", "computer technology", ("IT",), "Computers and networks."),
    Skill("s:sql", "SQL", ("structured query language",), "A database query language."),
    Skill("s:comm", "communication", ("communicate clearly",), "Exchanging information."),
    Skill("s:teach", "teach mathematics", ("mathematics teaching",), "Instruct students in mathematics."),
    Skill("s:london", "London transport regulation", (), "Rules for transport in a city."),
]


def toy_extractor(skills: list[Skill], path: str = "encoder", **kwargs: object) -> SkillExtractor:
    """An extractor over ``skills`` on one of the three ways of reading: phrases through the
    encoder (no static model), phrases through a static model (``default``), or the static model
    for sentences too (``fast``)."""
    taxonomy = Taxonomy.build("toy", "1", skills)
    entries = SkillEntries.from_taxonomy(taxonomy)
    vectors = ExactIndex(FakeEncoder().dim)
    vectors.add(SkillIndex.embed(entries, FakeEncoder()))
    config = kwargs.pop("config", None) or ExtractionConfig(sentence_weight=0.0, accept_threshold=0.95, phrase_floor=0.0)
    if path == "encoder":
        return SkillExtractor(SkillIndex(entries, vectors), FakeEncoder(), config=config, **kwargs)  # type: ignore[arg-type]
    static = FakeEncoder("fake-static@1")
    rows = np.flatnonzero(entries.kind_of != EntryKind.DESCRIPTION)
    inner = ExactIndex(static.dim)
    inner.add(static.encode([entries.texts[r] for r in rows]))
    labels = SubsetIndex(inner, rows, len(entries))
    space = PhraseSpace(static, labels)
    if path == "fast":
        return SkillExtractor(SkillIndex(entries, labels), static, config=config, phrase_space=space, **kwargs)  # type: ignore[arg-type]
    return SkillExtractor(SkillIndex(entries, vectors), FakeEncoder(), config=config, phrase_space=space, **kwargs)  # type: ignore[arg-type]


PATHS = ["encoder", "default", "fast"]


@pytest.fixture(scope="module", params=PATHS)
def extractor(request: pytest.FixtureRequest) -> SkillExtractor:
    return toy_extractor(SKILLS, request.param, non_skill_terms={"data scientist": "occupation", "london": "place"})


def ids(extraction) -> set[str]:  # type: ignore[no-untyped-def]
    return {s.id for s in extraction.skills}


def test_tokens_keep_symbols_and_whole_words() -> None:
    words = [t.text for t in tokenize("Node.js, C++ and C# (CI/CD), R&D; JavaScript.")]
    assert words == ["Node.js", "C++", "and", "C#", "CI/CD", "R&D", "JavaScript"]


def test_sentences_split_on_lines_bullets_and_stops_with_offsets() -> None:
    text = "We build apps. You know SQL\n• Python\n- Excel; Power BI"
    parts = sentences(text)
    assert [s.text for s in parts] == ["We build apps", "You know SQL", "Python", "Excel", "Power BI"]
    assert all(text[s.start : s.end] == s.text for s in parts)


def test_phrases_start_and_end_on_content_words() -> None:
    text = "experience with data analysis and reporting"
    (sentence,) = sentences(text)
    found = {p.text for p in phrases(sentence, text)}
    assert "data analysis" in found and "reporting" in found
    assert not any(p.split()[0] in {"with", "and"} or p.split()[-1] in {"with", "and"} for p in found)


@pytest.mark.parametrize(
    ("text", "word", "negated"),
    [
        ("No Java experience required", "Java", True),
        ("I am not familiar with SAP", "SAP", True),
        ("Not only Python but also Java", "Java", False),
        ("Without SQL you cannot start", "SQL", True),
        ("We don't use Excel", "Excel", True),
        ("No degree needed, but Java is a must", "Java", False),
        ("Strong Java skills", "Java", False),
    ],
)
def test_negation_cues(text: str, word: str, negated: bool) -> None:
    (sentence,) = sentences(text)
    position = next(i for i, t in enumerate(sentence.tokens) if t.text == word)
    assert is_negated(sentence, position) is negated


def test_short_names_need_programming_context(extractor: SkillExtractor) -> None:
    assert "s:r" in ids(extractor.extract("Statistical analysis in R and Python"))
    assert "s:r" not in ids(extractor.extract("Grade R certificate holders welcome"))
    assert "s:c" in ids(extractor.extract("Embedded development in C for microcontrollers"))
    assert "s:c" not in ids(extractor.extract("Plan C is to hire a contractor"))
    assert "s:go" in ids(extractor.extract("Backend services written in Go and SQL"))
    assert "s:go" not in ids(extractor.extract("Go to the office twice a week"))
    assert "s:go" not in ids(extractor.extract("We go live with the new software in May"))


def test_short_acronyms_match_only_in_their_case(extractor: SkillExtractor) -> None:
    assert "s:it" in ids(extractor.extract("Support for IT users across three sites"))
    assert "s:it" not in ids(extractor.extract("You will make it happen"))


def test_labels_are_never_matched_inside_words(extractor: SkillExtractor) -> None:
    found = extractor.extract("Senior JavaScript engineer")
    assert "s:js" in ids(found)
    assert "s:java" not in ids(found)
    for skill in found.skills:
        assert all(ev.text == "JavaScript" for ev in skill.evidence)


def test_negated_skills_are_reported_apart(extractor: SkillExtractor) -> None:
    found = extractor.extract("No Java experience required. Good communication is key.")
    assert "s:java" not in ids(found)
    assert "s:java" in {s.id for s in found.negated}
    assert "s:comm" in ids(found)


def test_occupations_places_and_excluded_names_are_not_skills(extractor: SkillExtractor) -> None:
    found = extractor.extract(
        "Data Scientist, London. Join Acme Java Labs as a data scientist.", exclude=["Acme Java Labs"]
    )
    assert ids(found) == set()
    assert all(
        ev.text.lower() not in {"london", "data scientist"} for s in found.ranking for ev in s.evidence
    )


def test_exact_label_gives_full_phrase_signal_and_evidence_span(extractor: SkillExtractor) -> None:
    text = "You will write SQL every day."
    (sql,) = [s for s in extractor.extract(text).skills if s.id == "s:sql"]
    assert sql.signals["exact"] == 1.0 and sql.signals["phrase"] == 1.0
    assert [(e.start, e.end, e.text, e.signal) for e in sql.evidence] == [(15, 18, "SQL", "exact")]
    assert 0.0 <= sql.score <= 1.0


def test_many_texts_at_once_equal_one_by_one(extractor: SkillExtractor) -> None:
    texts = ["SQL and R for statistics", "teach mathematics to pupils", ""]
    together = extractor.extract_many(texts)
    alone = [extractor.extract(t) for t in texts]
    assert [[(s.id, s.score) for s in e.ranking] for e in together] == [
        [(s.id, s.score) for s in e.ranking] for e in alone
    ]


words = st.sampled_from(
    [
        "SQL",
        "Java",
        "JavaScript",
        "R",
        "data",
        "teach",
        "mathematics",
        "and",
        "no",
        "London",
        ",",
        ".",
        "communication",
        "golang",
        "IT",
        "it",
        "C++",
        "\n",
        "•",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=1, max_size=25))
def test_evidence_spans_sit_on_word_boundaries(extractor: SkillExtractor, parts: list[str]) -> None:
    text = " ".join(parts)
    for skill in extractor.extract(text).ranking:
        assert 0.0 <= skill.score <= 1.0
        for ev in skill.evidence:
            assert text[ev.start : ev.end] == ev.text
            before = text[ev.start - 1] if ev.start > 0 else " "
            after = text[ev.end] if ev.end < len(text) else " "
            assert not re.match(r"\w", before) and not re.match(r"\w", after)


@pytest.mark.parametrize("path", PATHS)
def test_words_every_posting_uses_are_no_skill_on_their_own(path: str) -> None:
    skills = [Skill("s:support", "support", (), ""), Skill("s:role", "role play", ("role",), ""),
              Skill("s:cs", "customer support", (), "")]
    extractor = toy_extractor(skills, path)
    assert ids(extractor.extract("In this role you will support a friendly office.")) == set()
    assert ids(extractor.extract("You bring customer support experience.")) == {"s:cs"}


@pytest.mark.parametrize("path", PATHS)
def test_headings_of_a_posting_are_not_skills(path: str) -> None:
    skills = [Skill("s:jd", "write job descriptions", ("job descriptions",), "")]
    extractor = toy_extractor(skills, path)
    assert ids(extractor.extract("Job Description\nWe analyse sales data.")) == set()
    assert ids(extractor.extract("Job description: we analyse sales data.")) == set()
    assert ids(extractor.extract("JOB DESCRIPTIONS - we analyse sales data.")) == set()
    assert ids(extractor.extract("You will write job descriptions for new roles.")) == {"s:jd"}


def test_the_encoder_reads_each_sentence_once_and_the_static_model_each_word_once() -> None:
    extractor = toy_extractor(SKILLS, "default")
    assert extractor.phrase_space is not None
    encoder, static = extractor.encoder, extractor.phrase_space.encoder
    encoder.calls.clear()  # type: ignore[attr-defined]
    static.calls.clear()  # type: ignore[attr-defined]
    extractor.extract_many(["You will write SQL every day. Statistical analysis in R.", "You will write SQL every day."])
    read_by_encoder = [t for call in encoder.calls for t in call]  # type: ignore[attr-defined]
    assert sorted(read_by_encoder) == ["statistical analysis in r", "you will write sql every day"]
    read_by_static = [t for call in static.calls for t in call]  # type: ignore[attr-defined]
    assert sorted(read_by_static) == sorted(set(read_by_static))  # each word once, phrases never
    assert {"sql", "statistical", "analysis"} <= set(read_by_static)
    assert "statistical analysis" not in read_by_static


def test_a_subset_index_answers_in_the_tables_row_ids() -> None:
    inner = ExactIndex(2)
    inner.add(np.array([[1, 0], [0, 1]], dtype=np.float32))
    subset = SubsetIndex(inner, np.array([1, 3]), 5)
    scores, rows = subset.search(np.array([[0, 1]], dtype=np.float32), 5)
    assert rows[0].tolist()[:2] == [3, 1] and subset.size == 5
    assert subset.reconstruct(np.array([3, 0])).tolist() == [[0, 1], [0, 0]]


@settings(max_examples=80, deadline=None)
@given(
    st.dictionaries(st.lists(st.sampled_from(["sql", "power", "bi", "c++", "r", "data", "a"]), min_size=1, max_size=3)
                    .map(" ".join), st.integers(0, 50), max_size=8),
    st.lists(st.sampled_from(["sql", "power", "bi", "c++", "r", "data", "a", "x"]), max_size=12),
)
def test_the_automaton_finds_what_the_dictionary_finds(keys: dict[str, int], tokens: list[str]) -> None:
    from skillmatch.adapters.label_automaton import AutomatonFinder
    from skillmatch.core.label_finder import DictFinder

    assert sorted(AutomatonFinder(keys).find(tokens)) == sorted(DictFinder(keys).find(tokens))


@pytest.mark.parametrize("path", PATHS)
def test_a_name_that_is_an_ordinary_word_must_be_written_as_the_name(path: str) -> None:
    # "access" is written in lower case in five of the taxonomy's descriptions: an ordinary word
    ordinary = [Skill(f"s:d{i}", f"door skill {i}", (), f"Control access to room {i}.") for i in range(5)]
    skills = [*ordinary, Skill("s:access", "Microsoft Access", ("Access",), "A database program."),
              Skill("s:tableau", "Tableau", (), "A dashboard program.")]
    extractor = toy_extractor(skills, path)

    def exact(text: str) -> set[str]:
        return {s.id for s in extractor.extract(text).ranking if s.signals["exact"]}

    # no exact match: only the phrase and sentence signals may still find it, from the context
    assert exact("You will have access to training.") == set()
    assert exact("Access to training from day one.") == set()  # the first word of a sentence
    assert exact("Reports built in Access and Tableau.") == {"s:access", "s:tableau"}


@pytest.mark.parametrize("path", PATHS)
def test_words_read_as_one_skill_give_only_the_best(path: str) -> None:
    skills = [Skill("s:arch", "architectural design", (), ""), Skill("s:archt", "architectural theory", (), ""),
              Skill("s:sql", "SQL", (), ""), Skill("s:mss", "SQL Server", (), "")]
    extractor = toy_extractor(skills, path, config=ExtractionConfig(sentence_weight=0.0, accept_threshold=0.5,
                                                                     phrase_floor=0.0))
    found = extractor.extract("Strong architectural knowledge.")
    # both labels are near "architectural"; only the nearer one is read from it
    assert len(found.skills) == 1 and len([s for s in found.ranking if s.score >= 0.5]) == 2
    # two exact labels, one inside the other, both stand
    assert ids(extractor.extract("You run SQL Server every day.")) >= {"s:sql", "s:mss"}


@pytest.mark.parametrize("path", PATHS)
def test_a_label_with_a_name_is_near_only_phrases_that_say_the_name(path: str) -> None:
    skills = [Skill("onet:moz", "Moz search engine optimization (SEO)", (), ""),
              Skill("s:seo", "search engine optimization tools", (), "")]
    extractor = toy_extractor(skills, path)

    def phrase_signal(text: str, sid: str) -> float:
        return next((s.signals["phrase"] for s in extractor.extract(text).ranking if s.id == sid), 0.0)

    assert phrase_signal("You know search engine optimization well.", "onet:moz") == 0.0
    assert phrase_signal("You know search engine optimization well.", "s:seo") > 0.5
    assert phrase_signal("You use Moz for search engine optimization.", "onet:moz") > 0.5


@pytest.mark.parametrize("path", PATHS)
def test_an_ordinary_action_word_is_no_exact_match_but_knowledge_is(path: str) -> None:
    ordinary = [Skill(f"s:d{i}", f"door skill {i}", (), f"We plan the economics of room {i}.") for i in range(5)]
    skills = [*ordinary, Skill("s:plan", "plan", (), "Manage one's time."),
              Skill("s:econ", "economics", (), "Economic principles.", kind="knowledge")]
    extractor = toy_extractor(skills, path, action_words=["plan"])

    def exact(text: str) -> set[str]:
        return {s.id for s in extractor.extract(text).ranking if s.signals["exact"]}

    assert exact("We plan to grow; you studied economics.") == {"s:econ"}
    plain = toy_extractor(skills, path)  # not given as an action: a firm exact match
    assert {s.id for s in plain.extract("We plan to grow.").ranking if s.signals["exact"]} == {"s:plan"}


@pytest.mark.parametrize("path", PATHS)
def test_a_makers_name_inside_a_longer_product_name_is_not_the_product(path: str) -> None:
    products = [Skill("t:google", "Google", (), "Web search software.", kind="technology")] + [
        Skill(f"t:google-{w.lower()}", f"Google {w}", (), f"{w} software.", kind="technology")
        for w in ("Sheets", "Ads", "Search Ads 360")
    ]
    skills = [*products, Skill("t:excel", "Excel", (), "Spreadsheet software.", kind="technology")]
    ids_ = {s.id for s in products} | {"t:excel"}
    extractor = toy_extractor(skills, path, products=ids_)

    def exact(text: str) -> set[str]:
        return {s.id for s in extractor.extract(text).ranking if s.signals["exact"]}

    assert exact("Track rankings in Google Search Console.") == set()
    assert exact("Keep the budget in Google Sheets or Excel.") == {"t:google-sheets", "t:excel"}
    assert exact("Our pages rank first on Google.") == {"t:google"}
    unaware = toy_extractor(skills, path)  # no products named: a maker's name is read as such
    assert "t:google" in {s.id for s in unaware.extract("Track rankings in Google Search Console.").ranking
                          if s.signals["exact"]}


def test_a_makers_name_followed_by_a_lower_case_word_stands() -> None:
    skills = [Skill("t:c", "C", (), "A programming language.", kind="technology")] + [
        Skill(f"t:c-{i}", label, (), "Software.", kind="technology")
        for i, label in enumerate(("C and C++ compilers", "C Shell", "C Sharp"))
    ]
    extractor = toy_extractor(skills, "encoder", products={s.id for s in skills})
    found = {s.id for s in extractor.extract("Firmware in C and C++ for our embedded software.").ranking
             if s.signals["exact"]}
    assert "t:c" in found
    assert "t:c" not in {s.id for s in extractor.extract("Scripts in C Shell for our software.").ranking
                         if s.signals["exact"]}
