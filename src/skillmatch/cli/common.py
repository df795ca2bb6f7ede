"""What every command shares: the command groups, the consoles, the engine, progress display,
JSON output and the way errors end a command."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn
from rich.text import Text

from skillmatch.core.ports import ProgressCallback
from skillmatch.errors import DataFormatError, NotFound, SkillmatchError
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


#: builds the engine for the settings a command runs with (tests give theirs an encoder of their own)
make_engine: Callable[..., Engine] = Engine


def engine(*, fast: bool = False, wait: float | None = None) -> Engine:
    """The engine on the settings (environment, ``.env``); ``fast`` reads text with the static model,
    ``wait`` is how long an import or build waits for one running elsewhere (a server's rebuild)."""
    settings = Settings()
    update: dict[str, Any] = {"extraction": "fast"} if fast else {}
    if wait is not None:
        update["admin_wait"] = wait
    return make_engine(settings.model_copy(update=update) if update else settings,
                       on_admin_wait=lambda message: err.print(message, highlight=False))


class ImportEngine(StrEnum):
    local = "local"
    ray = "ray"


EngineOption = Annotated[ImportEngine, typer.Option(
    "--engine", help="local: in this process; ray: on a Ray cluster (pip install 'skillmatch[ray]').")]
AddressOption = Annotated[str | None, typer.Option(
    help="The Ray cluster (e.g. ray://head:10001, or auto on a cluster node); a local Ray without it.")]
WorkersOption = Annotated[int, typer.Option(min=1, help="Ray workers (one CPU each).")]


WaitOption = Annotated[float, typer.Option(
    "--wait", min=0, help="Seconds to wait for an import or rebuild running elsewhere (a server, another "
    "command) to finish; 0 gives up at once.")]


FastFlag = Annotated[
    bool,
    typer.Option("--fast", help="Read text with the static model only: many times faster, a few points less precise."),
]


def print_json(data: Any) -> None:
    """``data`` as indented JSON; an answer model as the API serialises it."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


class _RateColumn(ProgressColumn):
    """Items per second ("12.5/s"), once there is a rate to show."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:,.1f}/s" if task.speed else "", style="progress.data.speed")


@contextmanager
def progress(description: str, total: int) -> Iterator[ProgressCallback | None]:
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


def fail(exc: SkillmatchError) -> None:
    err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
    if isinstance(exc, NotFound) and exc.suggestions:
        err.print("did you mean: " + ", ".join(exc.suggestions), highlight=False)
    raise typer.Exit(code=2 if isinstance(exc, DataFormatError) else 1)


def money(cost: float | None, currency: str) -> str:
    if cost is None:
        return "?"
    return "free" if cost == 0 else f"{cost:,.2f} {currency}"


def column_map(pairs: list[str] | None) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        source, sep, target = pair.partition("=")
        if not sep or not source.strip() or not target.strip():
            err.print(f"--map takes SOURCE=TARGET, not {pair!r}")
            raise typer.Exit(code=2)
        out[source.strip()] = target.strip()
    return out




def split(values: list[str] | None) -> list[str]:
    """Values given as repeated options, comma separated or both."""
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]
