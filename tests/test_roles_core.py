from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillmatch.core.dedupe import Document, DuplicateFinder, jaccard, shingles
from skillmatch.core.lexical import LabelWords
from skillmatch.core.profiles import PostingSkills, ProfileSettings, build_profiles
from skillmatch.core.requirements import sections
from skillmatch.core.roles import TitleNormaliser, clean_title, expand_abbreviations
from skillmatch.core.taxonomy import Occupation
from tests.fakes import FakeEncoder

AD = (
    "We are a growing retailer in Leeds looking for an analyst to join our insight team. You will build "
    "weekly dashboards, write SQL against our warehouse, and explain trends to store managers. "
    "Requirements: SQL, Excel, Power BI and a curious mind. Nice to have: Python. We offer a pension."
)


def test_exact_and_near_duplicates_are_found_but_different_ads_are_not() -> None:
    edited = AD.replace("weekly dashboards", "monthly dashboards")
    other = "Registered nurse for an acute medical ward; medication rounds, care plans and patient assessment."
    docs = [
        Document("a", "k1", AD),
        Document("b", "k1", AD),  # same content key: exact duplicate
        Document("c", "k3", edited),  # one phrase changed
        Document("d", "k4", other),
    ]
    assert DuplicateFinder().find(docs) == {"b": "a", "c": "a"}
    assert jaccard(shingles(AD), shingles(edited)) >= 0.8
    assert jaccard(shingles(AD), shingles(other)) < 0.1


def test_sections_tell_required_from_preferred() -> None:
    text = (
        "About us\nWe are a bank.\nWhat you'll need:\n- SQL\n- Power BI\nNice to have\n- Python\n"
        "Tableau is a plus.\nBenefits\n- Pension\nRequirements: Java. Docker would be an advantage."
    )
    parts = sections(text)
    kinds = {w: parts.kind_at(text.index(w)) for w in ("bank", "SQL", "Power BI", "Python", "Tableau", "Pension",
                                                       "Java", "Docker")}
    assert kinds == {"bank": "mentioned", "SQL": "required", "Power BI": "required", "Python": "preferred",
                     "Tableau": "preferred", "Pension": "mentioned", "Java": "required", "Docker": "preferred"}


def _posting(i: int, skills: dict[str, str], day: date = date(2026, 6, 1)) -> PostingSkills:
    return PostingSkills(f"p{i}", day, skills)


def test_profile_formula_smooths_and_fades_the_prior() -> None:
    posts = [_posting(i, {"sql": "required"}) for i in range(3)]
    profiles = build_profiles({"analyst": posts}, {"analyst": {"excel": 1.0}}, {}, {})
    analyst = profiles["analyst"]
    freq = {s.id: s.frequency for s in analyst.skills}
    assert freq["sql"] == pytest.approx(3 / (3 + 3))  # three postings never make 100 %
    assert freq["excel"] == pytest.approx(3 / 6)  # prior-only skill, at α / (N + α)
    assert analyst.prior_share == pytest.approx(0.5)
    many = build_profiles({"analyst": [_posting(i, {"sql": "required"}) for i in range(30)]},
                          {"analyst": {"excel": 1.0}}, {}, {})["analyst"]
    assert many.prior_share < analyst.prior_share
    assert {s.id: s.frequency for s in many.skills}["excel"] < freq["excel"]


def test_required_counts_more_than_preferred_and_recent_more_than_old() -> None:
    posts = [_posting(0, {"sql": "required", "python": "preferred"}),
             _posting(1, {"sql": "required", "python": "preferred"})]
    weights = {s.id: s.weight for s in build_profiles({"r": posts}, {}, {}, {})["r"].skills}
    assert weights["sql"] > weights["python"]
    old = date(2026, 6, 1) - timedelta(days=730)
    posts = [_posting(0, {"new": "required"}), _posting(1, {"old": "required"}, old)]
    weights = {s.id: s.weight for s in build_profiles({"r": posts}, {}, {}, {})["r"].skills}
    assert weights["new"] > weights["old"]


def test_specific_skills_outweigh_skills_every_role_asks_for() -> None:
    roles = {
        "nurse": [_posting(i, {"communication": "required", "care planning": "required"}) for i in range(4)],
        "analyst": [_posting(10 + i, {"communication": "required", "sql": "required"}) for i in range(4)],
    }
    nurse = {s.id: s for s in build_profiles(roles, {}, {}, {})["nurse"].skills}
    assert nurse["care planning"].specificity == pytest.approx(1.0)
    assert nurse["communication"].specificity == pytest.approx(0.5)
    assert nurse["care planning"].weight > nurse["communication"].weight


def test_role_without_postings_is_its_prior() -> None:
    profile = build_profiles({}, {"occ": {"a": 1.0, "b": 0.5}}, {"a": "A", "b": "B"}, {"occ": "Occupation"})["occ"]
    assert [(s.label, s.weight) for s in profile.skills] == [("A", 1.0), ("B", 0.5)]
    assert profile.prior_share == 1.0 and profile.postings == 0


@settings(max_examples=60, deadline=None)
@given(
    n_posts=st.integers(min_value=2, max_value=12),
    others=st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=0, max_size=20),
    kinds=st.sampled_from(["required", "mentioned", "preferred"]),
)
def test_weights_stay_in_range_and_everywhere_beats_once(n_posts: int, others: list[str], kinds: str) -> None:
    posts = []
    for i in range(n_posts):
        skills = {"everywhere": kinds}
        if i == 0:
            skills["once"] = kinds
        if i < len(others):
            skills[others[i]] = "mentioned"
        posts.append(_posting(i, skills))
    roles = {"r": posts, "other": [_posting(99, {"x": "required"})]}
    profiles = build_profiles(roles, {}, {}, {}, ProfileSettings(min_weight=0.0, support_from=100))
    for profile in profiles.values():
        assert all(0.0 <= s.weight <= 1.0 for s in profile.skills)
    weights = {s.id: s.weight for s in profiles["r"].skills}
    assert weights["everywhere"] > weights["once"]
    # with the default support rule, a skill of one posting among four or more is left out
    pruned = {s.id for s in build_profiles(roles, {}, {}, {})["r"].skills}
    assert ("once" in pruned) == (n_posts < 4) and "everywhere" in pruned


def test_a_lone_mention_stays_when_the_prior_backs_it() -> None:
    posts = [_posting(i, {"sql": "required", **({"excel": "mentioned"} if i == 0 else {})}) for i in range(6)]
    bare = build_profiles({"analyst": posts}, {}, {}, {})["analyst"]
    backed = build_profiles({"analyst": posts}, {"analyst": {"excel": 1.0}}, {}, {})["analyst"]
    assert "excel" not in {s.id for s in bare.skills} and "excel" in {s.id for s in backed.skills}


def test_an_optional_skill_of_the_taxonomy_needs_a_posting_asking_for_it() -> None:
    posts = [_posting(i, {"sql": "required"}) for i in range(6)]
    prior = {"analyst": {"cobol": 0.5, "statistics": 1.0, "sql": 0.5}}
    kept = {s.id for s in build_profiles({"analyst": posts}, prior, {}, {})["analyst"].skills}
    assert kept == {"sql", "statistics"}  # COBOL is optional and no posting asks for it
    alone = {s.id for s in build_profiles({}, prior, {}, {})["analyst"].skills}
    assert "cobol" in alone  # a role without postings is its prior


def test_a_skill_needs_a_tenth_of_a_large_roles_postings() -> None:
    posts = [_posting(i, {"sql": "required", **({"two": "required"} if i < 2 else {}),
                          **({"three": "required"} if i < 3 else {})}) for i in range(30)]
    kept = {s.id for s in build_profiles({"analyst": posts}, {}, {}, {}, ProfileSettings(min_weight=0.0))["analyst"].skills}
    assert kept == {"sql", "three"}  # 2 of 30 postings is no pattern yet; 3 of 30 is


def test_title_normaliser_uses_alt_labels_codes_and_refuses_weak_matches() -> None:
    occupations = [
        Occupation("occ:analyst", "data analyst", ("business data analyst", "BI analyst"), "Analyse data.", "2511"),
        Occupation("occ:nurse", "nurse responsible for general care", ("staff nurse", "registered nurse"),
                   "Care for patients.", "2221"),
        Occupation("occ:teacher", "mathematics teacher secondary school", ("maths teacher",), "Teach maths.", "2330"),
    ]
    titles = TitleNormaliser(occupations, FakeEncoder(), threshold=0.6)
    assert titles.match("Staff Nurse (m/w/d)").occupation_id == "occ:nurse"
    assert titles.match("Senior BI Analyst").occupation_id == "occ:analyst"
    assert titles.match("anything", ["occ:teacher"]).method == "code"
    assert titles.match("Teacher", ["2330"]).occupation_id == "occ:teacher"
    weak = titles.match("Forklift driver night shift")
    assert weak.method == "unmatched" and weak.occupation_id is None
    assert clean_title("Data Analyst (m/w/d) #hiring") == "Data Analyst"


def test_rare_shared_word_outweighs_a_common_one() -> None:
    labels = ["accounting assistant", "sales assistant", "shop assistant", "sales account manager", "nurse"]
    words = LabelWords(labels, [0, 1, 2, 3, 4], 5)
    scores = words.scores(["Accounting Assistant", "payroll clerk", ""])
    assert scores.shape == (3, 5) and ((scores >= 0) & (scores <= 1.0001)).all()
    assert int(scores[0].argmax()) == 0 and scores[0, 0] > 0.99
    assert scores[0, 1] < 0.5  # "assistant" alone, shared by many labels, counts little
    assert not scores[1:].any()  # no shared word, empty text: nothing
    assert LabelWords([], [], 3).scores(["anything"]).shape == (1, 3)
    assert not LabelWords(["a", "b"], [0, 1], 2).scores(["a"]).any()  # one-letter labels hold no words


def test_owner_takes_its_best_label() -> None:
    words = LabelWords(["forklift operator", "warehouse worker", "chef"], [0, 0, 1], 2)
    scores = words.scores(["warehouse worker"])
    assert scores[0, 0] > 0.99 and scores[0, 1] == 0


def test_abbreviations_expand_as_whole_words_only() -> None:
    assert expand_abbreviations("HR Exec") == "human resources executive"
    assert expand_abbreviations("Sr. QA Eng") == "senior. quality assurance engineer"
    assert expand_abbreviations("Accounts Assistant") == "accounting Assistant"
    assert expand_abbreviations("Account Manager") == "Account Manager"
    assert expand_abbreviations("Hospital Porter") == "Hospital Porter"  # "it" inside "hospital" stays


class _FixedEncoder:
    """Known texts get set vectors, others zero: near-ties built on purpose."""

    model_id, dim = "fixed@1", 3
    vectors = {
        "sales manager": (1.0, 0.0, 0.0),
        "area sales manager": (0.8, 0.6, 0.0),
        "head chef": (0.0, 0.0, 1.0),
        "sales manager north": (0.95, 0.312, 0.0),
    }

    def encode(self, texts, *, progress=None):  # type: ignore[no-untyped-def]
        out = np.array([self.vectors.get(t, (0.0, 0.0, 0.0)) for t in texts], dtype=np.float32)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def test_umbrella_occupation_loses_a_near_tie_but_wins_its_own_title() -> None:
    umbrella = Occupation("occ:sales", "sales manager", (), "", "1221")
    leaf = Occupation("occ:area", "area sales manager", (), "", "1221", broader=("occ:sales",))
    chef = Occupation("occ:chef", "head chef", (), "", "3434")

    def normaliser(penalty: float, occupations=(umbrella, leaf, chef)) -> TitleNormaliser:  # type: ignore[no-untyped-def]
        return TitleNormaliser(list(occupations), _FixedEncoder(), description_weight=0, word_weight=0,
                               umbrella_penalty=penalty, threshold=0.5)

    assert normaliser(0).match("sales manager north").occupation_id == "occ:sales"  # near tie, umbrella ahead
    assert normaliser(0.05).match("sales manager north").occupation_id == "occ:area"  # goes to the leaf
    assert normaliser(0.05).match("sales manager").occupation_id == "occ:sales"  # its exact title still wins
    alone = normaliser(0.05, (umbrella, chef)).rank(["sales manager north"])[0][0]
    assert alone[0] == "occ:sales" and alone[1] == pytest.approx(0.95, abs=1e-3)  # no narrower occupation loaded: no penalty


def test_a_role_read_from_a_title_says_so_and_how_sure() -> None:
    from skillmatch.core.roles import SURE_AT, RoleReading

    by_label = RoleReading("Data Analyst", "r1", "data analyst", "label", 1.0)
    assert by_label.sure and by_label.note == "the role 'data analyst'"
    close = RoleReading("data wizard", "r2", "data scientist", "title", SURE_AT + 0.1)
    assert close.sure and "'data wizard' read as 'data scientist'" in close.note
    far = RoleReading("data wizard", "r2", "data scientist", "title", SURE_AT - 0.1)
    assert not far.sure and "check this is the role you mean" in far.note
    assert far.as_dict()["sure"] is False and far.as_dict()["method"] == "title"


def test_a_language_enters_a_profile_only_when_a_real_share_of_postings_asks_for_it() -> None:
    posts = [PostingSkills(f"p{i}", None, {"sql": "required", **({"german": "mentioned"} if i < 3 else {})})
             for i in range(12)]  # German in 3 of 12 postings: 25 %
    few = [PostingSkills(f"q{i}", None, {"sql": "required", **({"german": "mentioned"} if i < 2 else {})})
           for i in range(6)]  # 2 of 6: a third, but only two postings
    labels = {"sql": "SQL", "german": "German"}
    built = build_profiles({"a": posts, "b": few}, {}, labels, {}, languages=frozenset({"german"}))
    assert "german" in {s.id for s in built["a"].skills}
    assert "german" not in {s.id for s in built["b"].skills}
    essential = build_profiles({"b": few}, {"b": {"german": 1.0}}, labels, {}, languages=frozenset({"german"}))
    assert "german" in {s.id for s in essential["b"].skills}
    plain = build_profiles({"b": few}, {}, labels, {})  # not a language skill: support rules only
    assert "german" in {s.id for s in plain["b"].skills}


def test_the_taxonomys_language_skills_are_its_language_groups_and_their_narrower_skills() -> None:
    from skillmatch.core.taxonomy import Skill, SkillGroup, Taxonomy

    skills = [Skill("s:de", "German", groups=("g:lang",)), Skill("s:de-talk", "interact verbally in German", groups=("s:de",)),
              Skill("s:sql", "SQL", groups=("g:ict",))]
    groups = [SkillGroup("g:lang", "languages", "L1"), SkillGroup("g:ict", "ICT", "S5")]
    taxonomy = Taxonomy.build("toy", "1", skills, groups=groups)
    assert taxonomy.language_skills() == frozenset({"s:de", "s:de-talk"})
