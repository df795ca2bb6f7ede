"""Postings and the roles built from them: import postings, list roles, show a profile."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from skillmatch.cli import common
from skillmatch.cli.common import (
    AddressOption,
    EngineOption,
    FastFlag,
    ImportEngine,
    JsonFlag,
    WaitOption,
    WorkersOption,
    err,
    fail,
    out,
    postings_app,
    print_json,
    progress,
    roles_app,
)
from skillmatch.errors import SkillmatchError


@postings_app.command("import")
def postings_import(
    paths: Annotated[list[Path], typer.Argument(help="Files to import (.jsonld/.json, .csv, .jsonl).")],
    column_map: Annotated[list[str] | None, typer.Option("--map", help="Rename a CSV column: 'Job Title=title'.")] = None,
    role: Annotated[str, typer.Option(help="Put every posting under this role instead of normalising titles.")] = "",
    fast: FastFlag = False,
    engine: EngineOption = ImportEngine.local,
    address: AddressOption = None,
    workers: WorkersOption = 2,
    wait: WaitOption = 600.0,
    as_json: JsonFlag = False,
) -> None:
    """Import postings: duplicates found, titles mapped to roles, skills extracted, profiles rebuilt."""
    try:
        report = common.engine(fast=fast, wait=wait).import_postings(
            paths, column_map=common.column_map(column_map), role=role, progress=progress,
            engine=engine.value, address=address, workers=workers)
    except SkillmatchError as exc:
        fail(exc)
    if as_json:
        print_json(report)
        return
    err.print(f"imported {report['accepted']} postings ({len(report['duplicates'])} duplicates, counted once)")
    for label, count in list(report["roles"].items())[:15]:
        err.print(f"  {count:4d}  {label}")
    if report["unmatched_titles"]:
        err.print(f"{sum(report['unmatched_titles'].values())} postings match no occupation well:")
        for title, count in list(report["unmatched_titles"].items())[:10]:
            err.print(f"  {count:4d}  {title}")

@roles_app.command("list")
def roles_list(
    query: Annotated[str, typer.Option("--query", "-q", help="Roles whose label has these words, then roles close in "
                                       "meaning.")] = "",
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    as_json: JsonFlag = False,
) -> None:
    """Roles with postings, most postings first."""
    try:
        total, rows = common.engine().list_roles(query, limit)
    except SkillmatchError as exc:
        fail(exc)
    items = [{"id": r["id"], "label": r["label"], "kind": r["kind"], "postings": r["postings"],
              "prior_share": round(r["prior_share"], 4), "match": r.get("match"), "score": r.get("score")}
             for r in rows]
    if as_json:
        print_json({"total": total, "roles": items})
        return
    table = Table("role", "postings", "prior share", "match", "id", title=f"{total} roles")
    for r in items:
        match = "" if r["match"] is None else r["match"] if r["score"] is None else f"{r['match']} {r['score']:.2f}"
        table.add_row(r["label"], str(r["postings"]), f"{r['prior_share']:.2f}", match, r["id"])
    out.print(table)

@roles_app.command("show")
def roles_show(
    role: Annotated[str, typer.Argument(help="Role label (e.g. 'data analyst'), id, or a job title.")],
    top: Annotated[int, typer.Option("--top", "-n", min=1, max=500)] = 25,
    as_json: JsonFlag = False,
) -> None:
    """A role's skills with their weights, how many postings back them, and the prior's share."""
    try:
        profile = common.engine().role_profile(role)
    except SkillmatchError as exc:
        fail(exc)
    data = {
        "id": profile.role_id, "label": profile.label, "postings": profile.postings,
        "prior_share": round(profile.prior_share, 4), "skills": [s.as_dict() for s in profile.skills[:top]],
    }
    if as_json:
        print_json(data)
        return
    table = Table("weight", "skill", "postings", "required", "id",
                  title=f"{profile.label}: {profile.postings} postings, prior share {profile.prior_share:.2f}")
    for s in profile.skills[:top]:
        table.add_row(f"{s.weight:.3f}", s.label, str(s.postings), f"{s.required_share:.0%}", s.id)
    out.print(table)
