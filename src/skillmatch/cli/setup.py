"""Setting up a data directory and serving: setup, taxonomy import/info, index build, serve."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from skillmatch.cli import common
from skillmatch.cli.common import (
    JsonFlag,
    TaxonomyKind,
    WaitOption,
    app,
    err,
    fail,
    index_app,
    out,
    print_json,
    progress,
    taxonomy_app,
)
from skillmatch.errors import SkillmatchError


@app.command()
def setup(
    skip_index: Annotated[
        bool, typer.Option(help="Install the taxonomy but do not build the index.")
    ] = False,
    sample_data: Annotated[
        bool, typer.Option(help="Import the bundled sample postings and catalog into an empty database.")
    ] = True,
    wait: WaitOption = 600.0,
    as_json: JsonFlag = False,
) -> None:
    """Prepare the data directory: the default taxonomy (ESCO with O*NET technologies, from the bundled
    archives), its index and the bundled sample postings and credential catalog."""
    engine = common.engine(wait=wait)
    try:
        result = engine.setup(progress, sample_data=sample_data, index=not skip_index)
    except SkillmatchError as exc:
        fail(exc)
    if as_json:
        print_json(result)
    else:
        info = result["info"]
        for step in result.get("timings", ()):
            err.print(f"  {step['step']:<9} {step['seconds']:>8.1f} s  {step['what']}", highlight=False)
        total = sum(step["seconds"] for step in result.get("timings", ()))
        err.print(
            f"ready in {total:.0f} s: {info['name']} {info['version']}, {info['skills']:,} skills "
            f"({info.get('technologies', 0):,} technologies), {info['occupations']:,} occupations; "
            f"data in {engine.settings.data_dir}", highlight=False
        )

@taxonomy_app.command("import")
def taxonomy_import(
    kind: Annotated[
        TaxonomyKind,
        typer.Argument(
            help="esco: the official ESCO CSV export folder; onet: the "
            "O*NET text files folder; csv: id,label,alt_labels,description; "
            "default: ESCO with O*NET technologies, from the archives bundled in data/taxonomy."
        ),
    ],
    path: Annotated[Path | None, typer.Argument(help="Folder (esco, onet) or file (csv).")] = None,
    add: Annotated[
        bool,
        typer.Option(
            "--add",
            help="Add these skills to the current taxonomy instead of "
            "replacing it (for your own skills next to ESCO).",
        ),
    ] = False,
    version: Annotated[str, typer.Option(help="Version to record (guessed from the folder name).")] = "",
    no_index: Annotated[bool, typer.Option("--no-index", help="Do not rebuild the skill index now.")] = False,
    wait: WaitOption = 600.0,
    as_json: JsonFlag = False,
) -> None:
    """Import a taxonomy and make it current. A bad file changes nothing and names file, line and column."""
    engine = common.engine(wait=wait)
    try:
        manifest = engine.import_taxonomy(kind.value, path, add=add, version=version)
        if not no_index:
            engine.build_index(progress)
        info = engine.taxonomy_info()
    except SkillmatchError as exc:
        fail(exc)
    if as_json:
        print_json(info)
    else:
        counts = manifest["counts"]
        err.print(
            f"imported {manifest['name']} {manifest['version']}: {counts['skills']:,} skills "
            f"({counts.get('technologies', 0):,} technologies), {counts['occupations']:,} occupations, "
            f"{counts['relations']:,} relations, {counts.get('skill_links', 0):,} skill links"
        )

@taxonomy_app.command("info")
def taxonomy_info(as_json: JsonFlag = False) -> None:
    """Show the current taxonomy: name, version, counts and the state of its index."""
    try:
        info = common.engine().taxonomy_info()
    except SkillmatchError as exc:
        fail(exc)
    if as_json:
        print_json(info)
        return
    table = Table(show_header=False, box=None)
    for key in ("name", "version", "source", "skills", "technologies", "occupations", "relations", "skill_links", "groups"):
        value = info[key]
        table.add_row(key, f"{value:,}" if isinstance(value, int) else escape(str(value)))
    index = info["index"]
    table.add_row(
        "index",
        "none: run `skillmatch index build`"
        if index is None
        else f"{index['vectors']:,} vectors, {index['model']}"
        + ("" if index["up_to_date"] else " (out of date)"),
    )
    out.print(table)

@index_app.command("build")
def index_build(wait: WaitOption = 600.0, as_json: JsonFlag = False) -> None:
    """Embed every label, alternative label and description of the taxonomy (cached on disk)."""
    try:
        manifest = common.engine(wait=wait).build_index(progress)
    except SkillmatchError as exc:
        fail(exc)
    if as_json:
        print_json(manifest)
    else:
        err.print(
            f"index {manifest['version']}: {manifest['counts']['vectors']:,} vectors for "
            f"{manifest['counts']['skills']:,} skills"
        )

@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (one per core is best).")] = 1,
) -> None:
    """Run the HTTP API (OpenAPI docs at /docs)."""
    import os

    import uvicorn

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    uvicorn.run("skillmatch.api.app:create_app", factory=True, host=host, port=port, workers=workers)
