"""O*NET database text files (tab separated), as published by the U.S. Department of Labor.

Reads ``Occupation Data.txt`` and, when present, ``Alternate Titles``, ``Sample of Reported
Titles``, ``Skills``, ``Knowledge``, ``Technology Skills`` and ``Content Model Reference``.
A file may also be a tab-separated export of the Excel release (``Skills.from_xlsx.tsv``).

Ids: occupations ``onet:occupation/<O*NET-SOC code>``, skill and knowledge elements
``onet:element/<element id>``, technologies ``onet:technology/<slug of the example name>``.
Relations: Skills and Knowledge carry the importance rating (scale IM, 1-5) mapped to [0, 1];
"essential" when the rating is at least 3.5 ("important" or more), else "optional".
Technology skills are "essential" when O*NET marks them In Demand for the occupation, and
keep the ``hot`` / ``in_demand`` flags.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from skillmatch.adapters.loaders.records import Problems
from skillmatch.adapters.loaders.tabular import find_file, read_rows
from skillmatch.core.taxonomy import Occupation, Skill, SkillGroup, SkillKind, SkillRelation, Taxonomy
from skillmatch.core.technologies import TechnologyUse, technology_id
from skillmatch.errors import DataFormatError

_SOC = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
_SUFFIXES = (".txt", ".tsv")
ESSENTIAL_IMPORTANCE = 3.5


def occupation_id(code: str) -> str:
    return f"onet:occupation/{code}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9+#]+", "-", text.lower()).strip("-")


def load_onet(folder: Path, *, version: str = "") -> Taxonomy:
    folder = Path(folder)
    if not folder.is_dir():
        raise DataFormatError(str(folder), "is not a folder holding the O*NET text files")
    occ_file = find_file(folder, "Occupation Data", suffixes=_SUFFIXES)
    if occ_file is None:
        raise DataFormatError(str(folder), "no 'Occupation Data.txt' in this folder (the O*NET text release)")
    problems = Problems()

    def rows(path: Path, *required: str):  # type: ignore[no-untyped-def]
        return read_rows(path, required=("O*NET-SOC Code", *required), delimiter="\t", problems=problems)

    titles: dict[str, list[str]] = {}
    for stem, column in (
        ("Alternate Titles", "Alternate Title"),
        ("Sample of Reported Titles", "Reported Job Title"),
    ):
        path = find_file(folder, stem, suffixes=_SUFFIXES)
        if path:
            for row in rows(path, column):
                title = row.get(column)
                if title:
                    titles.setdefault(row.get("O*NET-SOC Code"), []).append(title)

    occupations: list[Occupation] = []
    codes: set[str] = set()
    src = str(occ_file)
    for row in rows(occ_file, "Title", "Description"):
        code = row.get("O*NET-SOC Code")
        if not _SOC.match(code):
            problems.add(
                src,
                f"{code!r} is not an O*NET-SOC code like 15-2051.00",
                line=row.line,
                field="O*NET-SOC Code",
            )
            continue
        if not row.get("Title"):
            problems.add(src, "is empty", line=row.line, field="Title")
            continue
        codes.add(code)
        alts = tuple(dict.fromkeys(t for t in titles.get(code, ()) if t != row.get("Title")))
        occupations.append(
            Occupation(occupation_id(code), row.get("Title"), alts, row.get("Description"), code)
        )

    # a detailed O*NET occupation (15-1243.01) is a narrower kind of its base occupation (15-1243.00)
    occupations = [
        replace(o, broader=(occupation_id(f"{o.code[:-3]}.00"),))
        if not o.code.endswith(".00") and f"{o.code[:-3]}.00" in codes
        else o
        for o in occupations
    ]

    descriptions: dict[str, str] = {}
    ref = find_file(folder, "Content Model Reference", suffixes=_SUFFIXES)
    if ref:
        for row in read_rows(ref, required=("Element ID", "Description"), delimiter="\t", problems=problems):
            descriptions[row.get("Element ID")] = row.get("Description")

    skills: dict[str, Skill] = {}
    relations: list[SkillRelation] = []
    groups: dict[str, SkillGroup] = {}
    element_files: tuple[tuple[str, SkillKind], ...] = (("Skills", "skill"), ("Knowledge", "knowledge"))
    for stem, kind in element_files:
        path = find_file(folder, stem, suffixes=_SUFFIXES)
        if path is None:
            continue
        group_id = f"onet:group/{stem.lower()}"
        groups[group_id] = SkillGroup(group_id, f"O*NET {stem.lower()}")
        src = str(path)
        for row in rows(path, "Element ID", "Element Name", "Scale ID", "Data Value"):
            if row.get("Scale ID") != "IM" or row.get("Recommend Suppress") == "Y":
                continue
            element, code = row.get("Element ID"), row.get("O*NET-SOC Code")
            try:
                value = float(row.get("Data Value"))
            except ValueError:
                problems.add(
                    src, f"{row.get('Data Value')!r} is not a number", line=row.line, field="Data Value"
                )
                continue
            if not 1.0 <= value <= 5.0:
                problems.add(src, f"importance {value} is outside 1-5", line=row.line, field="Data Value")
                continue
            if code not in codes:
                problems.add(src, f"unknown occupation {code}", line=row.line, field="O*NET-SOC Code")
                continue
            sid = f"onet:element/{element}"
            if sid not in skills:
                skills[sid] = Skill(
                    sid, row.get("Element Name"), (), descriptions.get(element, ""), kind, (group_id,)
                )
            relations.append(
                SkillRelation(
                    occupation_id(code),
                    sid,
                    "essential" if value >= ESSENTIAL_IMPORTANCE else "optional",
                    round((value - 1.0) / 4.0, 4),
                )
            )

    tech = find_file(folder, "Technology Skills", suffixes=_SUFFIXES)
    if tech:
        src = str(tech)
        for row in rows(tech, "Example", "Commodity Title", "Hot Technology", "In Demand"):
            code, example = row.get("O*NET-SOC Code"), row.get("Example")
            if not example:
                problems.add(src, "is empty", line=row.line, field="Example")
                continue
            if code not in codes:
                problems.add(src, f"unknown occupation {code}", line=row.line, field="O*NET-SOC Code")
                continue
            commodity = row.get("Commodity Title")
            group_id = f"onet:commodity/{row.get('Commodity Code') or _slug(commodity)}"
            groups.setdefault(group_id, SkillGroup(group_id, commodity, row.get("Commodity Code")))
            sid = technology_id(example)
            if sid not in skills:
                skills[sid] = Skill(sid, example, (), "", "technology", (group_id,))
            flags = tuple(
                flag
                for flag, column in (("hot", "Hot Technology"), ("in_demand", "In Demand"))
                if row.get(column) == "Y"
            )
            relations.append(
                SkillRelation(
                    occupation_id(code), sid, "essential" if "in_demand" in flags else "optional", None, flags
                )
            )

    problems.raise_if_any(accepted=len(occupations) + len(relations))
    return Taxonomy.build(
        "O*NET",
        version or _guess_version(folder),
        skills.values(),
        occupations,
        relations,
        groups.values(),
        source=f"O*NET text files at {folder.resolve()}",
    )


def _guess_version(folder: Path) -> str:
    match = re.search(r"(\d+\.\d+)", folder.name)
    return match.group(1) if match else "unknown"


def read_occupation_titles(folder: Path) -> dict[str, str]:
    """O*NET-SOC code -> title, from ``Occupation Data``."""
    path = find_file(Path(folder), "Occupation Data", suffixes=_SUFFIXES)
    if path is None:
        raise DataFormatError(str(folder), "no 'Occupation Data.txt' in this folder (the O*NET text release)")
    problems = Problems()
    titles: dict[str, str] = {}
    for row in read_rows(path, required=("O*NET-SOC Code", "Title"), delimiter="\t", problems=problems):
        code = row.get("O*NET-SOC Code")
        if not _SOC.match(code):
            problems.add(str(path), f"{code!r} is not an O*NET-SOC code like 15-2051.00", line=row.line,
                         field="O*NET-SOC Code")
        elif row.get("Title"):
            titles[code] = row.get("Title")
    problems.raise_if_any(accepted=len(titles))
    return titles


def read_technology_uses(folder: Path, codes: set[str] | None = None) -> list[TechnologyUse]:
    """Every row of ``Technology Skills``: which occupation uses which named technology."""
    path = find_file(Path(folder), "Technology Skills", suffixes=_SUFFIXES)
    if path is None:
        raise DataFormatError(str(folder), "no 'Technology Skills.txt' in this folder (the O*NET text release)")
    problems = Problems()
    uses: list[TechnologyUse] = []
    src = str(path)
    required = ("O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title", "Hot Technology", "In Demand")
    for row in read_rows(path, required=required, delimiter="\t", problems=problems):
        code, name = row.get("O*NET-SOC Code"), row.get("Example")
        if not name:
            problems.add(src, "is empty", line=row.line, field="Example")
            continue
        if codes is not None and code not in codes:
            problems.add(src, f"unknown occupation {code}", line=row.line, field="O*NET-SOC Code")
            continue
        flags = {}
        for column in ("Hot Technology", "In Demand"):
            value = row.get(column)
            if value not in ("Y", "N", ""):
                problems.add(src, f"{value!r} is not Y or N", line=row.line, field=column)
            flags[column] = value == "Y"
        uses.append(TechnologyUse(code, name, row.get("Commodity Code"), row.get("Commodity Title"),
                                  hot=flags["Hot Technology"], in_demand=flags["In Demand"]))
    problems.raise_if_any(accepted=len(uses))
    return uses
