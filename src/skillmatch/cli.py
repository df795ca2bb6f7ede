"""The ``skillmatch`` command line: parse, call the engine, format the answer."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from skillmatch.core.catalog import FORMATS, LEVELS, Credential
from skillmatch.core.ports import ProgressCallback
from skillmatch.errors import DataFormatError, NotFound, SkillmatchError
from skillmatch.recommend_service import LearnerInput, skill_inputs
from skillmatch.service import Engine
from skillmatch.settings import Settings

app = typer.Typer(
    help="skillmatch: from job postings to the micro-credentials that close a skill gap.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
taxonomy_app = typer.Typer(
    help="Import and inspect the skill taxonomy (ESCO, O*NET, your own CSV).", no_args_is_help=True
)
skills_app = typer.Typer(help="Search the skills of the taxonomy.", no_args_is_help=True)
index_app = typer.Typer(help="Build the skill index the searches use.", no_args_is_help=True)
eval_app = typer.Typer(help="Measure quality on public benchmark files.", no_args_is_help=True)
postings_app = typer.Typer(help="Import job postings (schema.org JSON-LD, CSV, JSON Lines).", no_args_is_help=True)
roles_app = typer.Typer(help="Target roles and their weighted skill profiles.", no_args_is_help=True)
catalog_app = typer.Typer(
    help="The micro-credential catalog (CSV, JSON Lines, Open Badges 2.0 / 3.0, CTDL): import, list, show.",
    no_args_is_help=True,
)
app.add_typer(taxonomy_app, name="taxonomy")
app.add_typer(postings_app, name="postings")
app.add_typer(roles_app, name="roles")
app.add_typer(catalog_app, name="catalog")
app.add_typer(eval_app, name="eval")
app.add_typer(skills_app, name="skills")
app.add_typer(index_app, name="index")

out = Console()
err = Console(stderr=True, soft_wrap=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


class TaxonomyKind(StrEnum):
    esco = "esco"
    onet = "onet"
    csv = "csv"
    default = "default"


def _engine(*, fast: bool = False) -> Engine:
    settings = Settings()
    return Engine(settings.model_copy(update={"extraction": "fast"}) if fast else settings)


class ImportEngine(StrEnum):
    local = "local"
    ray = "ray"


EngineOption = Annotated[ImportEngine, typer.Option(
    "--engine", help="local: in this process; ray: on a Ray cluster (pip install 'skillmatch[ray]').")]
AddressOption = Annotated[str | None, typer.Option(
    help="The Ray cluster (e.g. ray://head:10001, or auto on a cluster node); a local Ray without it.")]
WorkersOption = Annotated[int, typer.Option(min=1, help="Ray workers (one CPU each).")]


FastFlag = Annotated[
    bool,
    typer.Option("--fast", help="Read text with the static model only: many times faster, a few points less precise."),
]


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


class _RateColumn(ProgressColumn):
    """Items per second ("12.5/s"), once there is a rate to show."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:,.1f}/s" if task.speed else "", style="progress.data.speed")


@contextmanager
def _progress(description: str, total: int) -> Iterator[ProgressCallback | None]:
    """A progress bar on a terminal; plain timestamped lines in a log (every 10 % or 30 s)."""
    if not err.is_terminal:
        with _log_progress(description, total) as advance:
            yield advance
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    ) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)


@contextmanager
def _log_progress(description: str, total: int) -> Iterator[ProgressCallback | None]:
    import time

    start = last = time.monotonic()
    done = 0
    next_share = 0.1

    def advance(n: int) -> None:
        nonlocal done, last, next_share
        done += n
        now = time.monotonic()
        if total and (done / total >= next_share or now - last >= 30) and done < total:
            err.print(f"{description}: {done:,}/{total:,} ({done / total:.0%}), {now - start:.0f} s, "
                      f"{done / max(now - start, 1e-9):,.1f}/s", highlight=False)
            last = now
            while next_share <= done / total:
                next_share += 0.1

    err.print(f"{description}: {total:,} to do", highlight=False)
    yield advance
    seconds = time.monotonic() - start
    err.print(f"{description}: {done:,}/{total:,} done in {seconds:.1f} s ({done / max(seconds, 1e-9):,.1f}/s)",
              highlight=False)


def _fail(exc: SkillmatchError) -> None:
    err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
    if isinstance(exc, NotFound) and exc.suggestions:
        err.print("did you mean: " + ", ".join(exc.suggestions), highlight=False)
    raise typer.Exit(code=2 if isinstance(exc, DataFormatError) else 1)


@app.command()
def setup(
    skip_index: Annotated[
        bool, typer.Option(help="Install the taxonomy but do not build the index.")
    ] = False,
    sample_data: Annotated[
        bool, typer.Option(help="Import the bundled sample postings and catalog into an empty database.")
    ] = True,
    as_json: JsonFlag = False,
) -> None:
    """Prepare the data directory: the default taxonomy (ESCO with O*NET technologies, from the bundled
    archives), its index and the bundled sample postings and credential catalog."""
    engine = _engine()
    try:
        if skip_index:
            if not engine.taxonomies.exists():
                engine.import_taxonomy("default")
            result: dict[str, Any] = {"info": engine.taxonomy_info()}
        else:
            result = engine.setup(_progress, sample_data=sample_data)
    except SkillmatchError as exc:
        _fail(exc)
    if as_json:
        _print_json(result)
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
    as_json: JsonFlag = False,
) -> None:
    """Import a taxonomy and make it current. A bad file changes nothing and names file, line and column."""
    engine = _engine()
    try:
        manifest = engine.import_taxonomy(kind.value, path, add=add, version=version)
        if not no_index:
            engine.build_index(_progress)
        info = engine.taxonomy_info()
    except SkillmatchError as exc:
        _fail(exc)
    if as_json:
        _print_json(info)
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
        info = _engine().taxonomy_info()
    except SkillmatchError as exc:
        _fail(exc)
    if as_json:
        _print_json(info)
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
def index_build(as_json: JsonFlag = False) -> None:
    """Embed every label, alternative label and description of the taxonomy (cached on disk)."""
    try:
        manifest = _engine().build_index(_progress)
    except SkillmatchError as exc:
        _fail(exc)
    if as_json:
        _print_json(manifest)
    else:
        err.print(
            f"index {manifest['version']}: {manifest['counts']['vectors']:,} vectors for "
            f"{manifest['counts']['skills']:,} skills"
        )


@skills_app.command("search")
def skills_search(
    text: Annotated[str, typer.Argument(help="What to look for, e.g. 'python programming'.")],
    top: Annotated[int, typer.Option("--top", "-n", min=1, max=200, help="How many skills to list.")] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Find the taxonomy skills closest in meaning to TEXT."""
    engine = _engine()
    try:
        hits = engine.search_skills(text, top)
    except SkillmatchError as exc:
        _fail(exc)
    if as_json:
        _print_json([h.as_dict() for h in hits])
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
        result = _engine(fast=fast).extract_skills(text or "", exclude=exclude or ())
    except SkillmatchError as exc:
        _fail(exc)
    shown = result.ranking if all_candidates else result.skills
    if as_json:
        data = result.as_dict()
        if all_candidates:
            data["candidates"] = [s.as_dict() for s in result.ranking]
        _print_json(data)
        return
    table = Table("score", "skill", "evidence", "id")
    for skill in shown:
        spans = "; ".join(f"{e.text} [{e.start}:{e.end}]" for e in skill.evidence)
        table.add_row(f"{skill.score:.3f}", skill.label, spans, skill.id)
    out.print(table)
    if result.negated:
        err.print("negated, not counted: " + ", ".join(s.label for s in result.negated))


@eval_app.command("extraction")
def eval_extraction(
    file: Annotated[Path, typer.Argument(help="Decorte-format CSV: sentence,span,sub_span,label.")],
    baseline: Annotated[
        bool,
        typer.Option(
            "--baseline",
            help="Also run the nearest-label and esco-skill-extractor baselines in the same run.",
        ),
    ] = False,
    fast: FastFlag = False,
    both: Annotated[bool, typer.Option("--both", help="Report the default and the fast path side by side.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """RP@1/5/10 and MRR of the full ranking, and precision / recall / F1 of the accepted skills."""
    try:
        results = _engine(fast=fast).evaluate_extraction(file, baselines=baseline, both_paths=both)
    except SkillmatchError as exc:
        _fail(exc)
    if as_json:
        _print_json(results)
        return
    data = results.pop("data")
    table = Table(
        "method",
        "RP@1",
        "RP@5",
        "RP@10",
        "MRR",
        "P",
        "R",
        "F1",
        "n",
        title=f"{file.name}: {data['with_skills']} sentences with skills, {data['taxonomy']}",
    )
    for name, m in results.items():
        table.add_row(
            name,
            *(f"{m[k]:.2f}" for k in ("rp@1", "rp@5", "rp@10")),
            f"{m['mrr']:.3f}",
            *("-" if m[k] is None else f"{m[k]:.3f}" for k in ("precision", "recall", "f1")),
            str(m["n"]),
        )
    out.print(table)


def _column_map(pairs: list[str] | None) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        source, sep, target = pair.partition("=")
        if not sep or not source.strip() or not target.strip():
            err.print(f"--map takes SOURCE=TARGET, not {pair!r}")
            raise typer.Exit(code=2)
        out[source.strip()] = target.strip()
    return out


@postings_app.command("import")
def postings_import(
    paths: Annotated[list[Path], typer.Argument(help="Files to import (.jsonld/.json, .csv, .jsonl).")],
    column_map: Annotated[list[str] | None, typer.Option("--map", help="Rename a CSV column: 'Job Title=title'.")] = None,
    role: Annotated[str, typer.Option(help="Put every posting under this role instead of normalising titles.")] = "",
    fast: FastFlag = False,
    engine: EngineOption = ImportEngine.local,
    address: AddressOption = None,
    workers: WorkersOption = 2,
    as_json: JsonFlag = False,
) -> None:
    """Import postings: duplicates found, titles mapped to roles, skills extracted, profiles rebuilt."""
    try:
        report = _engine(fast=fast).import_postings(paths, column_map=_column_map(column_map), role=role, progress=_progress,
                                                    engine=engine.value, address=address, workers=workers)
    except SkillmatchError as exc:
        _fail(exc)
    if as_json:
        _print_json(report)
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
        total, rows = _engine().list_roles(query, limit)
    except SkillmatchError as exc:
        _fail(exc)
    items = [{"id": r["id"], "label": r["label"], "kind": r["kind"], "postings": r["postings"],
              "prior_share": round(r["prior_share"], 4), "match": r.get("match"), "score": r.get("score")}
             for r in rows]
    if as_json:
        _print_json({"total": total, "roles": items})
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
        profile = _engine().role_profile(role)
    except SkillmatchError as exc:
        _fail(exc)
    data = {
        "id": profile.role_id, "label": profile.label, "postings": profile.postings,
        "prior_share": round(profile.prior_share, 4), "skills": [s.as_dict() for s in profile.skills[:top]],
    }
    if as_json:
        _print_json(data)
        return
    table = Table("weight", "skill", "postings", "required", "id",
                  title=f"{profile.label}: {profile.postings} postings, prior share {profile.prior_share:.2f}")
    for s in profile.skills[:top]:
        table.add_row(f"{s.weight:.3f}", s.label, str(s.postings), f"{s.required_share:.0%}", s.id)
    out.print(table)


def _credential_summary(c: Credential) -> dict[str, Any]:
    return {
        "id": c.id, "title": c.title, "provider": c.provider, "credential_type": c.credential_type,
        "cost": c.cost, "currency": c.currency, "hours": c.hours, "duration_weeks": c.duration_weeks,
        "level": c.level, "format": c.format, "language": c.language, "skills": len(c.skills),
    }


def _money(cost: float | None, currency: str) -> str:
    if cost is None:
        return "?"
    return "free" if cost == 0 else f"{cost:,.2f} {currency}"


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
    as_json: JsonFlag = False,
) -> None:
    """Import credentials: declared skills resolved to the taxonomy, skills inferred from the text, all
    stored in one go. A bad record anywhere rejects the import, naming file, line or index and field."""
    try:
        report = _engine(fast=fast).import_catalog(paths, column_map=_column_map(column_map), lenient=lenient,
                                                   progress=_progress, engine=engine.value, address=address,
                                                   workers=workers)
    except SkillmatchError as exc:
        _fail(exc)
    if as_json:
        _print_json(report)
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
        total, items = _engine().list_credentials(
            query=query, provider=provider, level=level, format=format, language=language, max_cost=max_cost,
            free_only=free_only, max_hours=max_hours, limit=limit, offset=offset,
        )
    except SkillmatchError as exc:
        _fail(exc)
    if as_json:
        _print_json({"total": total, "limit": limit, "offset": offset,
                     "credentials": [_credential_summary(c) for c in items]})
        return
    shown = f"{offset + 1}-{offset + len(items)} of {total}" if items else f"none of {total}"
    table = Table("title", "provider", "level", "format", "cost", "hours", "skills", "id", title=f"credentials {shown}")
    for c in items:
        table.add_row(c.title, c.provider, c.level or "", c.format or "", _money(c.cost, c.currency),
                      "" if c.hours is None else f"{c.hours:g}", str(len(c.skills)), c.id)
    out.print(table)


@catalog_app.command("show")
def catalog_show(
    credential_id: Annotated[str, typer.Argument(metavar="ID", help="The credential's id (see `catalog list`).")],
    as_json: JsonFlag = False,
) -> None:
    """Every field of one credential, and the skills it teaches: declared and inferred, with weight and evidence."""
    try:
        credential = _engine().credential(credential_id)
    except SkillmatchError as exc:
        _fail(exc)
    data = credential.as_dict()
    if as_json:
        _print_json(data)
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


@eval_app.command("titles")
def eval_titles(
    file: Annotated[Path, typer.Argument(help="JobBERT-format CSV: vacancyTitle,conceptUri.")],
    baseline: Annotated[bool, typer.Option("--baseline", help="Also the nearest-preferred-label baseline.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """acc@1, acc@5 and MRR of job title -> occupation normalisation."""
    try:
        results = _engine().evaluate_titles(file, baseline=baseline)
    except SkillmatchError as exc:
        _fail(exc)
    if as_json:
        _print_json(results)
        return
    data = results.pop("data")
    table = Table("method", "acc@1", "acc@5", "MRR", "n", title=f"{file.name}: {data['scored']} titles, {data['taxonomy']}")
    for name, m in results.items():
        table.add_row(name, f"{m['acc@1']:.3f}", f"{m['acc@5']:.3f}", f"{m['mrr']:.3f}", str(m["n"]))
    out.print(table)


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def _learner(skills: list[str] | None, text: str, text_file: Path | None, held: list[str] | None,
             current_role: str = "") -> LearnerInput:
    profile = text
    if text_file is not None:
        try:
            profile = text_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            err.print(f"[bold red]error:[/] cannot read {text_file}: {exc}", markup=True)
            raise typer.Exit(code=2) from None
    try:
        return LearnerInput(skills=skill_inputs(_split(skills)), profile_text=profile,
                            held_credentials=tuple(_split(held)), current_role=current_role.strip())
    except SkillmatchError as exc:
        _fail(exc)
        raise


RoleOption = Annotated[str, typer.Option("--role", "-r", help="Target role: a label ('data analyst'), an id or a job title.")]
SkillsOption = Annotated[
    list[str] | None,
    typer.Option("--skills", "-s", help="Skills held, comma separated: labels ('SQL, Excel') or taxonomy ids."),
]
TextOption = Annotated[str, typer.Option("--text", help="A CV or a paragraph about the learner (skills are extracted).")]
TextFileOption = Annotated[Path | None, typer.Option("--text-file", help="Read the CV or paragraph from this file.")]
HeldOption = Annotated[list[str] | None, typer.Option("--held", help="Ids of credentials already earned, comma separated.")]
NowOption = Annotated[str, typer.Option("--now", help="The role the learner works in now: its core skills count as held (0.6).")]


@app.command()
def gap(
    role: RoleOption,
    skills: SkillsOption = None,
    text: TextOption = "",
    text_file: TextFileOption = None,
    held: HeldOption = None,
    now: NowOption = "",
    top: Annotated[int, typer.Option("--top", "-n", min=1, max=200, help="Gap skills to list.")] = 15,
    as_json: JsonFlag = False,
) -> None:
    """What a learner lacks for a role: every role skill held, partly held or missing, by weight."""
    learner = _learner(skills, text, text_file, held, now)
    try:
        answer = _engine().gap(role, learner)
    except SkillmatchError as exc:
        _fail(exc)
    if as_json:
        _print_json(answer)
        return
    _print_gap(answer["role"], answer["gap"], top)
    _print_unresolved(answer["learner"]["unresolved"])


def _print_gap(role: dict[str, Any], gap: dict[str, Any], top: int) -> None:
    reading = role.get("read_as") or {}
    if reading.get("method") in ("title", "postings"):
        err.print(reading["note"], highlight=False)
    title = (f"{role['label']}: {role['postings']} postings, prior share {role['prior_share']:.2f}; "
             f"you hold {gap['coverage']:.0%} of it")
    table = Table("gap", "importance", "status", "skill", "why", title=title)
    for s in sorted(gap["skills"], key=lambda x: -x["gap_weight"])[:top]:
        table.add_row(f"{s['gap_weight']:.3f}", f"{s['importance']:.2f}", s["status"], s["label"], s["explanation"])
    out.print(table)


def _print_unresolved(items: list[dict[str, Any]]) -> None:
    for item in items:
        err.print(f"not understood: {item['text']!r} ({item['reason']})", highlight=False)


@app.command()
def recommend(
    role: RoleOption,
    skills: SkillsOption = None,
    text: TextOption = "",
    text_file: TextFileOption = None,
    held: HeldOption = None,
    now: NowOption = "",
    max_cost: Annotated[float | None, typer.Option(help="Budget for the whole set.")] = None,
    currency: Annotated[str, typer.Option(help="Currency of the budget (ISO 4217).")] = "EUR",
    max_hours: Annotated[float | None, typer.Option(help="Study hours for the whole set.")] = None,
    level: Annotated[
        list[str] | None, typer.Option(help="beginner, intermediate or advanced (repeat or comma separate).")
    ] = None,
    format_: Annotated[
        list[str] | None,
        typer.Option("--format", help="online (both kinds), online_self_paced, online_live, in_person, hybrid."),
    ] = None,
    language: Annotated[list[str] | None, typer.Option(help="Language codes, e.g. en, de.")] = None,
    provider: Annotated[list[str] | None, typer.Option(help="Only these providers.")] = None,
    exclude_provider: Annotated[list[str] | None, typer.Option(help="Never these providers.")] = None,
    free_only: Annotated[bool, typer.Option("--free-only", help="Free credentials only.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=50, help="At most this many credentials.")] = 5,
    as_json: JsonFlag = False,
) -> None:
    """The learner's gap for a role and the smallest, cheapest set of credentials that closes most of it,
    in the order to take them, each with the gap skills it covers and why."""
    learner = _learner(skills, text, text_file, held, now)
    constraints = {
        "max_cost": max_cost, "currency": currency, "max_hours": max_hours, "levels": _split(level),
        "formats": _split(format_), "languages": _split(language), "providers_include": _split(provider),
        "providers_exclude": _split(exclude_provider), "free_only": free_only,
    }
    try:
        answer = _engine().recommend(role, learner, constraints, limit)
    except SkillmatchError as exc:
        _fail(exc)
    if as_json:
        _print_json(answer)
        return
    _print_gap(answer["role"], answer["gap"], 10)
    rec = answer["recommendation"]
    by_id = {s["credential"]["id"]: s for s in rec["suggestions"]}
    table = Table("step", "credential", "provider", "cost", "hours", "level", "format", "why",
                  title=f"pathway: coverage {rec['coverage_before']:.0%} -> {rec['coverage_after']:.0%}")
    for step in answer["pathway"]["steps"]:
        cred = by_id[step["credential"]["id"]]["credential"] if step["credential"]["id"] in by_id else step["credential"]
        reason = by_id.get(cred["id"], {}).get("reason", "")
        table.add_row(str(step["position"]), f"{cred['title']}\n[dim]{cred['id']}[/]", cred.get("provider", ""),
                      _money(cred.get("cost"), cred.get("currency", "")),
                      "?" if cred.get("hours") is None else f"{cred['hours']:g}", cred.get("level") or "",
                      (cred.get("format") or "").replace("_", " "), reason)
    out.print(table)
    totals = rec["totals"]
    cost = ", ".join(f"{v:,.0f} {k}" for k, v in totals["cost"].items()) or "free"
    out.print(f"total: {totals['count']} credentials ({totals['free']} free), {cost}, {totals['hours']:g} hours")
    for stack in answer["pathway"]["stacks"]:
        out.print(f"stacks: {stack['summary']}")
    if not rec["suggestions"]:
        out.print(f"no credential fits ({rec['stopped']}); excluded: {rec['excluded']}")
    _print_unresolved(answer["learner"]["unresolved"])


@app.command("team-gap")
def team_gap(
    file: Annotated[Path, typer.Argument(help="A team file (JSON): target role(s), members, constraints; see docs/formats.md.")],
    limit: Annotated[int, typer.Option(min=1, max=50, help="At most this many credentials in the plan.")] = 5,
    as_json: JsonFlag = False,
) -> None:
    """Where a team is weakest against its target role(s), and the credentials that close the most gaps
    for the most people within the team budget."""
    try:
        spec = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        err.print(f"[bold red]error:[/] cannot read {file}: {exc}", markup=True)
        raise typer.Exit(code=2) from None
    except json.JSONDecodeError as exc:
        err.print(f"[bold red]error:[/] {file} line {exc.lineno} column {exc.colno}: not valid JSON ({exc.msg})",
                  markup=True)
        raise typer.Exit(code=2) from None
    if not isinstance(spec, dict):
        err.print(f"[bold red]error:[/] {file}: expected a JSON object with 'target' and 'members'", markup=True)
        raise typer.Exit(code=2)
    try:
        answer = _engine().team_gap(spec, limit)
    except SkillmatchError as exc:
        _fail(exc)
    if as_json:
        _print_json(answer)
        return
    team = answer["team"]
    table = Table("team gap", "lacking", "skill", title=f"{team['size']} members, team coverage {team['coverage']:.0%}")
    for s in team["skills"][:15]:
        table.add_row(f"{s['team_gap']:.3f}", f"{s['lacking']}/{team['size']}", s["label"])
    out.print(table)
    plan = answer["plan"]
    table = Table("#", "credential", "takers", "cost", "why",
                  title=f"plan: coverage {plan['coverage_before']:.0%} -> {plan['coverage_after']:.0%}, "
                  f"{plan['seats']} seats, {_money(plan['total_cost'], plan['currency'])}")
    for item in plan["items"]:
        table.add_row(str(item["rank"]), item["credential"]["title"], str(len(item["takers"])),
                      _money(item["cost"], plan["currency"]), item["reason"])
    out.print(table)
    for member, items in answer["unresolved"].items():
        for item in items:
            err.print(f"{member}: not understood: {item['text']!r}", highlight=False)


@eval_app.command("recommend")
def eval_recommend(
    jcrec: Annotated[Path, typer.Option(help="The JCRec Udemy-ESCO folder (courses, resumes, IT skill subset).")],
    esco: Annotated[Path | None, typer.Option(help="Official ESCO export folder (default: the current taxonomy).")] = None,
    scenarios: Annotated[int, typer.Option(min=1, max=5000, help="Career-change scenarios.")] = 200,
    seed: Annotated[int, typer.Option(help="Seed for choosing the scenarios.")] = 42,
    market: Annotated[bool, typer.Option(help="Also the Frej et al. job-market setting.")] = True,
    as_json: JsonFlag = False,
) -> None:
    """Coverage@1/3/5 and cost@5 of ours, plain semantic search and the Frej et al. greedy on ESCO
    career-change scenarios, and occupations qualified for after k credentials."""
    try:
        result = _engine().evaluate_recommend(jcrec, esco=esco, scenarios=scenarios, seed=seed, market=market)
    except SkillmatchError as exc:
        _fail(exc)
    career = result["career_change"]
    if as_json:
        _print_json({"methods": career["methods"], **result})
        return
    table = Table("method", "coverage@1", "coverage@3", "coverage@5", "cost@5",
                  title=f"career change: {career['scenarios']} scenarios, {result['data']['taxonomy']}")
    for name, row in career["methods"].items():
        table.add_row(name, *(f"{row[k]:.3f}" for k in ("coverage@1", "coverage@3", "coverage@5")), f"{row['cost@5']:.2f}")
    out.print(table)
    if "market" in result:
        m = result["market"]
        table = Table("method", *(f"qualified@{k}" for k in range(1, 6)),
                      title=f"job market: {m['learners']} learners, {m['occupations']} occupations")
        for name, row in m["methods"].items():
            table.add_row(name, *(f"{row[f'qualified@{k}']:.2f}" for k in range(1, 6)))
        out.print(table)


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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
