from __future__ import annotations

import pytest

from skillmatch.core.taxonomy import Skill, Taxonomy
from skillmatch.core.text import normalise_label, split_list
from skillmatch.errors import InvalidRequest, UnknownSkill


def _taxonomy() -> Taxonomy:
    return Taxonomy.build(
        "toy",
        "1",
        [
            Skill("s:c", "C", ("C programming",)),
            Skill("s:cpp", "C++", ("cplusplus",)),
            Skill("s:sql", "SQL", ("structured query language", "SQL")),
            Skill("s:dbms", "database management systems", ("SQL",)),
        ],
    )


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("SQL", "sql", True),
        ("C++", "c++", True),
        ("C++", "C", False),
        ("C#", "C", False),
        (".NET", ".net", True),
        ("CI/CD", "ci/cd", True),
        ("  Data   analysis. ", "data analysis", True),
        ("Node.js", "node.js", True),
        ("project-management", "project management", True),
    ],
)
def test_normalised_labels_compare_as_users_expect(a: str, b: str, same: bool) -> None:
    assert (normalise_label(a) == normalise_label(b)) is same


def test_split_list_trims_and_drops_empty_items() -> None:
    assert split_list(" a; b ;;\nc ") == ["a", "b", "c"]
    assert split_list("") == []


def test_labels_put_preferred_first_without_repeats() -> None:
    skill = _taxonomy().skill("s:sql")
    assert skill.labels == ("SQL", "structured query language")


def test_label_lookup_prefers_the_skill_whose_preferred_label_matches() -> None:
    taxonomy = _taxonomy()
    assert taxonomy.skills_by_label("sql") == ("s:sql", "s:dbms")
    assert taxonomy.skills_by_label("c++") == ("s:cpp",)
    assert taxonomy.skills_by_label("nothing like this") == ()


def test_unknown_skill_names_the_id() -> None:
    with pytest.raises(UnknownSkill, match="s:nope"):
        _taxonomy().skill("s:nope")


def test_merging_adds_skills_and_refuses_clashing_ids() -> None:
    base = _taxonomy()
    extra = Taxonomy.build("acme", "1", [Skill("acme:robots", "operate robots")])
    merged = base.merged_with(extra)
    assert set(merged.skills) == set(base.skills) | {"acme:robots"}
    assert merged.name == "toy+acme"
    with pytest.raises(InvalidRequest, match="already exist"):
        merged.merged_with(extra)


def test_broader_skills_keep_skills_and_leave_skill_groups_out() -> None:
    taxonomy = Taxonomy.build("t", "1", [
        Skill("s:query", "query languages", groups=("g:software",)),
        Skill("s:sql", "SQL", groups=("g:software", "s:query")),
    ])
    assert taxonomy.broader_skills() == {"s:query": [], "s:sql": ["s:query"]}


def test_teaching_a_subject_links_to_it_as_essential() -> None:
    from skillmatch.core.taxonomy import SkillLink

    taxonomy = Taxonomy.build(
        "toy", "1",
        [Skill("s:tm", "teach mathematics"), Skill("s:m", "mathematics"), Skill("s:g", "geometry"),
         Skill("s:tl", "teach principles of literature"), Skill("s:l", "literature"),
         Skill("s:th", "teach housekeeping skills"), Skill("s:hs", "housekeeping skills")],
        links=[SkillLink("s:tm", "s:m", "optional"), SkillLink("s:tm", "s:g", "optional"),
               SkillLink("s:tl", "s:l", "optional")],
    )
    assert taxonomy.teaching_links() == {"s:tm": {"s:m"}, "s:tl": {"s:l"}, "s:th": {"s:hs"}}
    links = taxonomy.linked_skills()
    assert links["s:tm"] == {"s:m": "essential", "s:g": "optional"}
    assert links["s:th"] == {"s:hs": "essential"}  # by its label, where the taxonomy has no link
    assert "s:m" not in links  # knowing mathematics says nothing of teaching it
