"""Skills of the taxonomy: search by meaning, extraction from a text."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from skillmatch.cli import common
from skillmatch.cli.common import (
    FastFlag,
    JsonFlag,
    err,
    fail,
    out,
    print_json,
    skills_app,
)
from skillmatch.errors import SkillmatchError


@skills_app.command("search")
def skills_search(
    text: Annotated[str, typer.Argument(help="What to look for, e.g. 'python programming'.")],
    top: Annotated[int, typer.Option("--top", "-n", min=1, max=200, help="How many skills to list.")] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Find the taxonomy skills closest in meaning to TEXT."""
    engine = common.engine()
    try:
        hits = engine.search_skills(text, top)
    except SkillmatchError as exc:
        fail(exc)
    if as_json:
        print_json([h.as_dict() for h in hits])
        return
    table = Table("#", "score", "skill", "id", "matched")
    for rank, hit in enumerate(hits, 1):
        table.add_row(
            str(rank),
            f"{hit.score:.3f}",
            hit.label,
            hit.id,
            "" if hit.matched == hit.label else hit.matched[:60],
        )
    out.print(table)

@skills_app.command("extract")
def skills_extract(
    text: Annotated[str | None, typer.Option("--text", "-t", help="The text to read.")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="A UTF-8 text file to read.")] = None,
    exclude: Annotated[
        list[str] | None, typer.Option(help="Terms that are not skills here (e.g. the employer's name).")
    ] = None,
    all_candidates: Annotated[
        bool, typer.Option("--all", help="Also list candidates below the threshold (the best 100 and every skill read).")
    ] = False,
    fast: FastFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """Find the taxonomy skills a text mentions, with the evidence span for each."""
    if (text is None) == (file is None):
        err.print("give exactly one of --text or --file")
        raise typer.Exit(code=2)
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            err.print(f"error: cannot read {file}: {exc}")
            raise typer.Exit(code=2) from exc
    try:
        result = common.engine(fast=fast).extract_skills(text or "", exclude=exclude or ())
    except SkillmatchError as exc:
        fail(exc)
    shown = result.ranking if all_candidates else result.skills
    if as_json:
        data = result.as_dict()
        if all_candidates:
            data["candidates"] = [s.as_dict() for s in result.ranking]
        print_json(data)
        return
    table = Table("score", "skill", "evidence", "id")
    for skill in shown:
        spans = "; ".join(f"{e.text} [{e.start}:{e.end}]" for e in skill.evidence)
        table.add_row(f"{skill.score:.3f}", skill.label, spans, skill.id)
    out.print(table)
    if result.negated:
        err.print("negated, not counted: " + ", ".join(s.label for s in result.negated))
