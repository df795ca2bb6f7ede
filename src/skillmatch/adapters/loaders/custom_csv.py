"""An organisation's own skills as CSV: ``id,label,alt_labels,description`` (+ optional ``kind``).

``alt_labels`` separates labels with ``;`` or ``|``; ``kind`` is ``skill`` (default) or
``knowledge``. Ids may be URIs or any text unique within the file.
"""

from __future__ import annotations

from pathlib import Path

from skillmatch.adapters.loaders.records import Problems
from skillmatch.adapters.loaders.tabular import read_rows
from skillmatch.core.taxonomy import Skill, Taxonomy
from skillmatch.core.text import split_list
from skillmatch.errors import DataFormatError

_KINDS = {"", "skill", "knowledge"}


def load_custom_csv(path: Path, *, name: str = "", version: str = "1") -> Taxonomy:
    path = Path(path)
    if not path.is_file():
        raise DataFormatError(str(path), "is not a file")
    src = str(path)
    problems = Problems()
    skills: dict[str, Skill] = {}
    first_line: dict[str, int] = {}
    for row in read_rows(path, required=("id", "label"), lowercase_headers=True, problems=problems):
        sid, label, kind = row.get("id"), row.get("label"), row.get("kind").lower()
        bad = False
        if not sid:
            problems.add(src, "is empty", line=row.line, field="id")
            bad = True
        elif sid in skills:
            problems.add(
                src, f"duplicate id {sid!r} (first on line {first_line[sid]})", line=row.line, field="id"
            )
            bad = True
        if not label:
            problems.add(src, "is empty", line=row.line, field="label")
            bad = True
        if kind not in _KINDS:
            problems.add(src, f"{kind!r} is not skill or knowledge", line=row.line, field="kind")
            bad = True
        if bad:
            continue
        first_line[sid] = row.line
        skills[sid] = Skill(
            id=sid,
            label=label,
            alt_labels=tuple(split_list(row.get("alt_labels"), ";|\n")),
            description=row.get("description"),
            kind=(kind or "skill"),  # type: ignore[arg-type]
        )
    problems.raise_if_any(accepted=len(skills))
    if not skills:
        raise DataFormatError(src, "holds no skills", line=2)
    return Taxonomy.build(name or path.stem, version, skills.values(), source=f"custom CSV {path}")
