"""The credential catalog: import, list, show."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

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
    catalog_app,
    err,
    fail,
    money,
    out,
    print_json,
    progress,
)
from skillmatch.core.catalog import FORMATS, LEVELS, Credential
from skillmatch.errors import SkillmatchError


def credential_summary(c: Credential) -> dict[str, Any]:
    return {
        "id": c.id, "title": c.title, "provider": c.provider, "credential_type": c.credential_type,
        "cost": c.cost, "currency": c.currency, "hours": c.hours, "duration_weeks": c.duration_weeks,
        "level": c.level, "format": c.format, "language": c.language, "skills": len(c.skills),
    }

@catalog_app.command("import")
def catalog_import(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.csv, .jsonl, .json/.jsonld: Open Badges or CTDL).")],
    column_map: Annotated[
        list[str] | None, typer.Option("--map", help="Rename a CSV column / JSON Lines key: 'Organization=provider'.")
    ] = None,
    lenient: Annotated[
        bool,
        typer.Option(
            "--lenient",
            help="For foreign exports: unknown levels and formats become unknown, language names become codes, "
            "records without a title or provider are passed over.",
        ),
    ] = False,
    fast: FastFlag = False,
    engine: EngineOption = ImportEngine.local,
    address: AddressOption = None,
    workers: WorkersOption = 2,
    wait: WaitOption = 600.0,
    as_json: JsonFlag = False,
) -> None:
    """Import credentials: declared skills resolved to the taxonomy, skills inferred from the text, all
    stored in one go. A bad record anywhere rejects the import, naming file, line or index and field."""
    try:
        report = common.engine(fast=fast, wait=wait).import_catalog(
            paths, column_map=common.column_map(column_map), lenient=lenient, progress=progress,
            engine=engine.value, address=address, workers=workers)
    except SkillmatchError as exc:
        fail(exc)
    if as_json:
        print_json(report)
        return
    formats = ", ".join(f"{n} {name}" for name, n in report["formats"].items())
    declared = report["declared"]
    err.print(f"imported {report['accepted']} credentials ({formats})")
    err.print(
        f"declared skills: {declared['resolved']} of {declared['total']} resolved "
        f"({declared['by_uri']} by URI, {declared['by_label']} by label, {declared['by_search']} by meaning); "
        f"{report['inferred']} skills inferred from the texts; {report['skills']} distinct skills"
    )
    if report["unresolved_labels"]:
        err.print(f"{declared['unresolved']} declared skills match no taxonomy skill (kept on the record):")
        for label, count in list(report["unresolved_labels"].items())[:10]:
            err.print(f"  {count:4d}  {label}")
    if report["stacking_families"]:
        err.print(f"{len(report['stacking_families'])} stacking families, largest: "
                  + ", ".join(report["stacking_families"][0]))
    if report["passed_over"]:
        err.print(f"{len(report['passed_over'])} records without a title or provider were passed over")
    for found in report.get("inherited_providers", [])[:10]:
        err.print(f"{found['source']}: {found['credential_id']} names no owner; provider {found['provider']!r} "
                  f"taken from {found['from_credential_id']}, which it is part of", highlight=False)

@catalog_app.command("list")
def catalog_list(
    query: Annotated[str, typer.Option("--query", "-q", help="Words found in the title or provider name.")] = "",
    provider: Annotated[str, typer.Option(help="Only this provider (the whole name, any case).")] = "",
    level: Annotated[str | None, typer.Option(help=f"Only this level: {', '.join(LEVELS)}.")] = None,
    format: Annotated[str | None, typer.Option("--format", help=f"Only this delivery: {', '.join(FORMATS)}.")] = None,
    language: Annotated[str, typer.Option(help="Only this language (ISO 639-1 code, e.g. en).")] = "",
    max_cost: Annotated[
        float | None, typer.Option(min=0, help="At most this price, in the credential's currency (unknown prices left out).")
    ] = None,
    free_only: Annotated[bool, typer.Option("--free-only", help="Only free credentials (cost 0).")] = False,
    max_hours: Annotated[float | None, typer.Option(min=0, help="At most this many study hours (unknown left out).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many to list.")] = 50,
    offset: Annotated[int, typer.Option(min=0, help="How many to skip (for the next page).")] = 0,
    as_json: JsonFlag = False,
) -> None:
    """Stored credentials matching the filters, by title."""
    try:
        total, items = common.engine().list_credentials(
            query=query, provider=provider, level=level, format=format, language=language, max_cost=max_cost,
            free_only=free_only, max_hours=max_hours, limit=limit, offset=offset,
        )
    except SkillmatchError as exc:
        fail(exc)
    if as_json:
        print_json({"total": total, "limit": limit, "offset": offset,
                     "credentials": [credential_summary(c) for c in items]})
        return
    shown = f"{offset + 1}-{offset + len(items)} of {total}" if items else f"none of {total}"
    table = Table("title", "provider", "level", "format", "cost", "hours", "skills", "id", title=f"credentials {shown}")
    for c in items:
        table.add_row(c.title, c.provider, c.level or "", c.format or "", money(c.cost, c.currency),
                      "" if c.hours is None else f"{c.hours:g}", str(len(c.skills)), c.id)
    out.print(table)

@catalog_app.command("show")
def catalog_show(
    credential_id: Annotated[str, typer.Argument(metavar="ID", help="The credential's id (see `catalog list`).")],
    as_json: JsonFlag = False,
) -> None:
    """Every field of one credential, and the skills it teaches: declared and inferred, with weight and evidence."""
    try:
        credential = common.engine().credential(credential_id)
    except SkillmatchError as exc:
        fail(exc)
    data = credential.as_dict()
    if as_json:
        print_json(data)
        return
    fields = Table(show_header=False, box=None, title=f"{credential.title} ({credential.provider})")
    for key, value in data.items():
        if key in {"skills", "declared_skills"}:
            continue
        if isinstance(value, dict):
            value = "; ".join(f"{k}: {v}" for k, v in value.items() if v not in (None, "", []))
        elif isinstance(value, list):
            value = "; ".join(map(str, value))
        fields.add_row(key, "" if value is None else str(value))
    declared = "; ".join(d.label or d.uri for d in credential.declared_skills)
    fields.add_row("declared_skills", declared)
    out.print(fields)
    table = Table("weight", "skill", "source", "evidence", "id", title=f"{len(credential.skills)} skills taught")
    for skill in credential.skills:
        where = "" if skill.evidence_start is None else f" [{skill.evidence_start}:{skill.evidence_end}]"
        table.add_row(f"{skill.weight:.3f}", skill.label, skill.source, skill.evidence[:60] + where, skill.id)
    out.print(table)
