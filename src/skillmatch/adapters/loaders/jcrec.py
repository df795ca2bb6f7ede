"""The JCRec data of Frej et al. (SIGIR 2024): Udemy courses and IT resumes on an ESCO subset.

Reads a folder holding ``taxonomy.csv`` (the ESCO IT subset: ``unique_id`` -> ESCO URI in
``Source``, label in ``name``), ``courses.json`` (course id -> ``required`` and ``to_acquire``
lists of ``[unique_id, level]``), ``resumes.json`` (resume id -> ``[unique_id, level]`` list) and
``mastery_levels.json``.

The courses become :class:`Credential` records: id ``udemy:<course id>``, provider Udemy,
online self-paced, English; the ``to_acquire`` skills are declared alignments (weight 1.0) and,
since the data hold no course text, also the learning outcomes, so ``Credential.text`` is
"Udemy course <id>" followed by their labels; ``required`` skills become prerequisites (ESCO
URIs). The level is the highest level taught (beginner / intermediate / expert -> advanced).
Cost, hours and URL are not in the data and stay unknown. Courses teaching nothing are left
out and counted. Levels not in ``mastery_levels.json`` (a few free-text ones such as
"beginner to advanced") count as their highest named level.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skillmatch.adapters.loaders.records import Problems
from skillmatch.adapters.loaders.tabular import read_rows
from skillmatch.core.catalog import Credential, Level, TaughtSkill
from skillmatch.core.taxonomy import Skill
from skillmatch.core.text import split_list
from skillmatch.errors import DataFormatError

LEVEL_NAMES: dict[int, Level] = {1: "beginner", 2: "intermediate", 3: "advanced"}
_WORDS = (("expert", 3), ("advanced", 3), ("intermediate", 2), ("beginner", 1), ("novice", 1))


@dataclass(frozen=True)
class JcrecData:
    skills: dict[str, Skill]  # the ESCO IT subset, by URI
    credentials: tuple[Credential, ...]
    resumes: dict[str, dict[str, int]]  # resume id -> skill URI -> mastery (1-3, -1 unknown)
    skipped_courses: int = 0
    source: str = ""
    counts: dict[str, int] = field(default_factory=dict)


def _json(path: Path) -> Any:
    if not path.is_file():
        raise DataFormatError(str(path), "is missing (expected the JCRec data file)")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataFormatError(str(path), f"is not valid JSON: {exc.msg}", line=exc.lineno) from exc


def _level(value: object, levels: dict[str, int]) -> int:
    if isinstance(value, int):
        return value
    text = str(value).strip().lower()
    if text in levels:
        return int(levels[text])
    return max((n for word, n in _WORDS if word in text), default=-1)


def load_jcrec(folder: Path) -> JcrecData:
    folder = Path(folder)
    if not folder.is_dir():
        raise DataFormatError(str(folder), "is not a folder holding the JCRec data")
    problems = Problems()
    tax_file = folder / "taxonomy.csv"
    if not tax_file.is_file():
        raise DataFormatError(str(tax_file), "is missing (expected the JCRec data file)")
    by_uid: dict[str, str] = {}
    skills: dict[str, Skill] = {}
    for row in read_rows(tax_file, required=("Source", "unique_id", "name"), problems=problems):
        uri, uid = row.get("Source"), row.get("unique_id")
        if not uri.startswith("http") or not uid:
            problems.add(str(tax_file), "needs an ESCO URI in Source and a unique_id", line=row.line, field="Source")
            continue
        by_uid[uid] = uri
        kind = "knowledge" if row.get("Dimension").lower().startswith("knowledge") else "skill"
        alts = tuple(a for a in split_list(row.get("altLabels"), "\n") if a != row.get("name"))
        skills.setdefault(uri, Skill(uri, row.get("name"), alts, row.get("Definition"), kind))  # type: ignore[arg-type]
    problems.raise_if_any()

    levels_file = folder / "mastery_levels.json"
    levels = {str(k).lower(): int(v) for k, v in _json(levels_file).items()} if levels_file.is_file() else {}

    def skill_list(items: object, where: str, index: int | None = None) -> dict[str, int]:
        out: dict[str, int] = {}
        if not isinstance(items, list):
            problems.add(where, "is not a list of [skill id, level] pairs", index=index)
            return out
        for item in items:
            if not isinstance(item, list) or len(item) != 2:
                problems.add(where, f"{item!r} is not a [skill id, level] pair", index=index)
                continue
            uri = by_uid.get(str(item[0]))
            if uri is None:
                problems.add(where, f"skill id {item[0]!r} is not in taxonomy.csv", index=index, field="unique_id")
                continue
            out[uri] = max(out.get(uri, -1), _level(item[1], levels))
        return out

    courses_file = folder / "courses.json"
    credentials: list[Credential] = []
    skipped = 0
    for cid, course in sorted(_json(courses_file).items()):
        where = f"{courses_file} course {cid}"
        if not isinstance(course, dict):
            problems.add(where, "is not an object with required / to_acquire lists")
            continue
        teaches = skill_list(course.get("to_acquire", []), where + " to_acquire")
        needs = skill_list(course.get("required", []), where + " required")
        if not teaches:
            skipped += 1
            continue
        ordered = sorted(teaches, key=lambda u: skills[u].label.lower())
        top = max(teaches.values())
        credentials.append(
            Credential(
                id=f"udemy:{cid}",
                title=f"Udemy course {cid}",
                provider="Udemy",
                learning_outcomes=tuple(skills[u].label for u in ordered),
                credential_type="course",
                skills=tuple(
                    TaughtSkill(u, skills[u].label, 1.0, "declared", evidence=f"JCRec to_acquire ({_name(teaches[u])})")
                    for u in ordered
                ),
                level=LEVEL_NAMES.get(top),
                format="online_self_paced",
                language="en",
                prerequisites=tuple(sorted(u for u in needs if u not in teaches)),
                source=where,
            )
        )
    resumes_file = folder / "resumes.json"
    resumes = {
        str(rid): skill_list(items, f"{resumes_file} resume {rid}") for rid, items in sorted(_json(resumes_file).items())
    }
    problems.raise_if_any(accepted=len(credentials))
    return JcrecData(
        skills=skills,
        credentials=tuple(credentials),
        resumes=resumes,
        skipped_courses=skipped,
        source=str(folder),
        counts={"skills": len(skills), "courses": len(credentials), "skipped_courses": skipped, "resumes": len(resumes)},
    )


def _name(level: int) -> str:
    return LEVEL_NAMES.get(level, "unknown level")
