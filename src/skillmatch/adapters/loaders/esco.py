"""The official ESCO CSV export (any language, e.g. ``skills_en.csv``).

Reads a folder holding ``skills_<lang>.csv`` and, when present, ``occupations_<lang>.csv``,
``occupationSkillRelations[_<lang>].csv``, ``broaderRelationsSkillPillar[_<lang>].csv``,
``broaderRelationsOccPillar[_<lang>].csv`` (which occupation is a narrower kind of which),
``skillSkillRelations[_<lang>].csv`` (which skill draws on which), ``skillGroups_<lang>.csv`` and
``skillsHierarchy_<lang>.csv``. Every bad record of every file
is reported together; nothing is returned unless all of them are good.
"""

from __future__ import annotations

import re
from pathlib import Path

from skillmatch.adapters.loaders.records import Problems
from skillmatch.adapters.loaders.tabular import Row, find_file, read_rows
from skillmatch.core.taxonomy import Occupation, RelationKind, Skill, SkillGroup, SkillLink, SkillRelation, Taxonomy
from skillmatch.core.text import split_list
from skillmatch.errors import DataFormatError

_URI = re.compile(r"^https?://\S+$")
_SKILL_TYPES = {"skill/competence": "skill", "knowledge": "knowledge", "": "skill"}
_RELATIONS = {"essential", "optional"}


def _language_of(path: Path) -> str:
    match = re.search(r"_([a-z]{2,3})\.csv$", path.name)
    return match.group(1) if match else ""


def _check_uri(row: Row, column: str, source: str, problems: Problems) -> str | None:
    value = row.get(column)
    if not value:
        problems.add(source, "is empty", line=row.line, field=column)
        return None
    if not _URI.match(value):
        problems.add(source, f"{value!r} is not a URI", line=row.line, field=column)
        return None
    return value


def _labels(cell: str) -> tuple[str, ...]:
    return tuple(split_list(cell, "\n"))


def _broader(folder: Path, stem: str, lang: str, problems: Problems, parent_kind: str = "") -> dict[str, list[str]]:
    """child URI -> broader URIs from a ``broaderRelations*`` file, keeping parents whose URI holds
    ``parent_kind`` (occupations: ISCO groups are not occupations)."""
    out: dict[str, list[str]] = {}
    path = find_file(folder, stem, f"{stem}_{lang}")
    if path:
        src = str(path)
        for row in read_rows(path, required=("conceptUri", "broaderUri"), problems=problems):
            child = _check_uri(row, "conceptUri", src, problems)
            parent = _check_uri(row, "broaderUri", src, problems)
            if child and parent and parent_kind in parent:
                out.setdefault(child, []).append(parent)
    return out


def _typed_pairs(
    folder: Path, stem: str, lang: str, columns: tuple[str, str], skills: set[str], problems: Problems
) -> list[tuple[str, str, RelationKind]]:
    """(left URI, right URI, essential / optional) of every good row of a relations file; a
    column whose name ends in ``SkillUri`` / ``skillUri`` must name a skill of ``skills``."""
    path = find_file(folder, stem, f"{stem}_{lang}")
    if path is None:
        return []
    src = str(path)
    out: list[tuple[str, str, RelationKind]] = []
    for row in read_rows(path, required=(columns[0], "relationType", columns[1]), problems=problems):
        left, right = (_check_uri(row, column, src, problems) for column in columns)
        kind = row.get("relationType")
        if kind not in _RELATIONS:
            problems.add(src, f"{kind!r} is not essential or optional", line=row.line, field="relationType")
            continue
        unknown = [(uri, column) for uri, column in zip((left, right), columns, strict=True)
                   if uri and column.lower().endswith("skilluri") and uri not in skills]
        for uri, column in unknown:
            problems.add(src, f"unknown skill {uri}", line=row.line, field=column)
        if left and right and not unknown:
            out.append((left, right, kind))  # type: ignore[arg-type]
    return out


def load_esco(folder: Path, *, version: str = "") -> Taxonomy:
    folder = Path(folder)
    if not folder.is_dir():
        raise DataFormatError(str(folder), "is not a folder holding the ESCO CSV export")
    skills_file = find_file(folder, "skills_en") or next(iter(sorted(folder.glob("skills_*.csv"))), None)
    if skills_file is None:
        raise DataFormatError(str(folder), "no skills_<language>.csv in this folder (the ESCO CSV export)")
    lang = _language_of(skills_file)
    problems = Problems()

    broader = _broader(folder, "broaderRelationsSkillPillar", lang, problems)

    skills: list[Skill] = []
    seen: set[str] = set()
    src = str(skills_file)
    for row in read_rows(skills_file, required=("conceptUri", "preferredLabel"), problems=problems):
        uri = _check_uri(row, "conceptUri", src, problems)
        label = row.get("preferredLabel")
        if not label:
            problems.add(src, "is empty", line=row.line, field="preferredLabel")
        skill_type = row.get("skillType")
        if skill_type not in _SKILL_TYPES:
            problems.add(
                src,
                f"{skill_type!r} is not one of skill/competence, knowledge",
                line=row.line,
                field="skillType",
            )
        if uri and uri in seen:
            problems.add(src, f"duplicate skill {uri}", line=row.line, field="conceptUri")
        if not (uri and label) or skill_type not in _SKILL_TYPES or uri in seen:
            continue
        seen.add(uri)
        skills.append(
            Skill(
                id=uri,
                label=label,
                alt_labels=_labels(row.get("altLabels")),
                description=row.get("description") or row.get("definition"),
                kind=_SKILL_TYPES[skill_type],  # type: ignore[arg-type]
                groups=tuple(broader.get(uri, ())),
                reuse_level=row.get("reuseLevel"),
            )
        )

    occupation_broader = _broader(folder, "broaderRelationsOccPillar", lang, problems, parent_kind="/occupation/")

    occupations: list[Occupation] = []
    occ_file = find_file(folder, f"occupations_{lang}")
    if occ_file:
        src = str(occ_file)
        for row in read_rows(occ_file, required=("conceptUri", "preferredLabel"), problems=problems):
            uri = _check_uri(row, "conceptUri", src, problems)
            label = row.get("preferredLabel")
            if not label:
                problems.add(src, "is empty", line=row.line, field="preferredLabel")
            if uri and label:
                occupations.append(
                    Occupation(
                        id=uri,
                        label=label,
                        alt_labels=_labels(row.get("altLabels")),
                        description=row.get("description") or row.get("definition"),
                        code=row.get("iscoGroup") or row.get("code"),
                        broader=tuple(occupation_broader.get(uri, ())),
                    )
                )

    relations = [
        SkillRelation(occ, skill, kind)
        for occ, skill, kind in _typed_pairs(folder, "occupationSkillRelations", lang,
                                             ("occupationUri", "skillUri"), seen, problems)
    ]
    links = [
        SkillLink(original, related, kind)
        for original, related, kind in _typed_pairs(folder, "skillSkillRelations", lang,
                                                    ("originalSkillUri", "relatedSkillUri"), seen, problems)
    ]

    groups: dict[str, SkillGroup] = {}
    groups_file = find_file(folder, f"skillGroups_{lang}")
    if groups_file:
        src = str(groups_file)
        for row in read_rows(groups_file, required=("conceptUri", "preferredLabel"), problems=problems):
            uri = _check_uri(row, "conceptUri", src, problems)
            if uri:
                groups[uri] = SkillGroup(
                    uri, row.get("preferredLabel"), row.get("code"), tuple(broader.get(uri, ()))
                )
    hierarchy_file = find_file(folder, f"skillsHierarchy_{lang}")
    if hierarchy_file:
        for row in read_rows(hierarchy_file, required=("Level 0 URI",), problems=problems, ragged=True):
            for level in range(4):
                uri = row.get(f"Level {level} URI")
                if uri and uri not in groups:
                    parent = row.get(f"Level {level - 1} URI") if level else ""
                    groups[uri] = SkillGroup(
                        uri,
                        row.get(f"Level {level} preferred term"),
                        row.get(f"Level {level} code"),
                        (parent,) if parent else (),
                    )

    problems.raise_if_any(accepted=len(skills) + len(occupations) + len(relations))
    if not skills:
        raise DataFormatError(src, "holds no skills")
    return Taxonomy.build(
        "ESCO",
        version or _guess_version(folder),
        skills,
        occupations,
        relations,
        groups.values(),
        source=f"ESCO CSV export at {folder.resolve()}",
        links=links,
    )


def _guess_version(folder: Path) -> str:
    match = re.search(r"v?(\d+\.\d+(?:\.\d+)?)", folder.name)
    return f"v{match.group(1)}" if match else "unknown"
