"""A learner's gap, recommendations and a team's plan: ``gap``, ``recommend``, ``team-gap``.

Each reads its options into the same request models the API reads its bodies into, and prints the
answer the API would give (``--json``) or a table of it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from skillmatch.cli import common
from skillmatch.cli.common import JsonFlag, app, err, fail, money, out, print_json, split
from skillmatch.contracts.advice import GapOut, UnresolvedOut
from skillmatch.contracts.base import parse
from skillmatch.contracts.learners import ConstraintsIn, LearnerIn
from skillmatch.contracts.roles import RoleSummaryOut
from skillmatch.core.learner import LearnerInput
from skillmatch.errors import InvalidRequest, SkillmatchError

#: request fields and the options that set them, so an error names what the person typed
OPTION_OF = {"skills": "--skills", "held_credentials": "--held", "current_role": "--now", "profile_text": "--text",
             "constraints.max_cost": "--max-cost", "constraints.currency": "--currency",
             "constraints.max_hours": "--max-hours", "constraints.levels": "--level", "constraints.formats": "--format",
             "constraints.languages": "--language", "constraints.providers_include": "--provider",
             "constraints.providers_exclude": "--exclude-provider"}


def _fail(exc: SkillmatchError) -> None:
    """End the command; an error in a request field names the option the field came from."""
    if isinstance(exc, InvalidRequest) and exc.field:
        field = exc.field
        option = next((o for f, o in OPTION_OF.items() if field.startswith(f)), None)
        if option:
            exc = InvalidRequest(f"{option}: {exc}", field=field)
    fail(exc)


def _read(model: type[Any], data: dict[str, Any], where: str = "") -> Any:
    """``data`` read into the API's request model, as the API reads a body."""
    try:
        return parse(model, data, where)
    except InvalidRequest as exc:
        _fail(exc)
        raise


def _learner(skills: list[str] | None, text: str, text_file: Path | None, held: list[str] | None,
             current_role: str = "") -> LearnerInput:
    profile = text
    if text_file is not None:
        try:
            profile = text_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            err.print(f"[bold red]error:[/] cannot read {text_file}: {exc}", markup=True)
            raise typer.Exit(code=2) from None
    given = {"skills": split(skills), "profile_text": profile, "held_credentials": split(held),
             "current_role": current_role}
    learner: LearnerIn = _read(LearnerIn, given)
    return learner.learner()


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
    """What a learner lacks for a role: every role skill held, partly held or missing, by weight.
    ``--json`` prints what ``POST /v1/gap`` answers."""
    learner = _learner(skills, text, text_file, held, now)
    try:
        answer = common.engine().gap(role, learner)
    except SkillmatchError as exc:
        _fail(exc)
    if as_json:
        print_json(answer)
        return
    _print_gap(answer.role, answer.gap, top)
    _print_unresolved(answer.unresolved)


def _print_gap(role: RoleSummaryOut, gap: GapOut, top: int) -> None:
    if role.read_as is not None and role.read_as.method in ("title", "postings"):
        err.print(role.read_as.note, highlight=False)
    title = (f"{role.label}: {role.postings} postings, prior share {role.prior_share:.2f}; "
             f"you hold {gap.coverage:.0%} of it")
    table = Table("gap", "importance", "status", "skill", "why", title=title)
    for s in sorted(gap.skills, key=lambda x: -x.gap_weight)[:top]:
        table.add_row(f"{s.gap_weight:.3f}", f"{s.importance:.2f}", s.status, s.label, s.explanation)
    out.print(table)


def _print_unresolved(items: list[UnresolvedOut]) -> None:
    for item in items:
        err.print(f"not understood: {item.text!r} ({item.reason})", highlight=False)


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
    in the order to take them, each with the gap skills it covers and why. ``--json`` prints what
    ``POST /v1/recommendations`` answers."""
    learner = _learner(skills, text, text_file, held, now)
    given = {"max_cost": max_cost, "currency": currency, "max_hours": max_hours, "levels": split(level),
             "formats": split(format_), "languages": split(language), "providers_include": split(provider),
             "providers_exclude": split(exclude_provider), "free_only": free_only}
    constraints = _read(ConstraintsIn, {k: v for k, v in given.items() if v is not None}, "constraints")
    try:
        answer = common.engine().recommend(role, learner, constraints, limit)
    except SkillmatchError as exc:
        _fail(exc)
    if as_json:
        print_json(answer)
        return
    _print_gap(answer.role, answer.gap, 10)
    by_id = {s.credential.id: s for s in answer.recommendations}
    table = Table("step", "credential", "provider", "cost", "hours", "level", "format", "why",
                  title=f"pathway: coverage {answer.coverage_before:.0%} -> {answer.coverage_after:.0%}")
    for step in answer.pathway.steps:
        chosen = by_id.get(step.credential.id)
        cred = chosen.credential if chosen is not None else step.credential
        table.add_row(str(step.position), f"{cred.title}\n[dim]{cred.id}[/]", cred.provider,
                      money(cred.cost, cred.currency), "?" if cred.hours is None else f"{cred.hours:g}",
                      cred.level or "", (cred.format or "").replace("_", " "), chosen.reason if chosen else "")
    out.print(table)
    totals = answer.totals
    cost = ", ".join(f"{v:,.0f} {k}" for k, v in totals.cost.items()) or "free"
    out.print(f"total: {totals.count} credentials ({totals.free} free), {cost}, {totals.hours:g} hours")
    for stack in answer.pathway.stacks:
        out.print(f"stacks: {stack.summary}")
    if not answer.recommendations:
        out.print(f"no credential fits ({answer.stopped}); excluded: {answer.excluded}")
    _print_unresolved(answer.unresolved)


@app.command("team-gap")
def team_gap(
    file: Annotated[Path, typer.Argument(help="A team file (JSON): target role(s), members, constraints; see docs/formats.md.")],
    limit: Annotated[int | None, typer.Option(min=1, max=50, help="At most this many credentials in the plan "
                                              "(default: the file's limit, else 5).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Where a team is weakest against its target role(s), and the credentials that close the most gaps
    for the most people within the team budget. ``--json`` prints what ``POST /v1/teams/gap`` answers."""
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
        answer = common.engine().team_gap(spec, limit)
    except InvalidRequest as exc:
        fail(InvalidRequest(f"{file}: {exc}", field=exc.field))
    except SkillmatchError as exc:
        fail(exc)
    if as_json:
        print_json(answer)
        return
    team = answer.team
    table = Table("team gap", "lacking", "skill", title=f"{team.size} members, team coverage {team.coverage:.0%}")
    for s in team.skills[:15]:
        table.add_row(f"{s.team_gap:.3f}", f"{s.lacking}/{team.size}", s.label)
    out.print(table)
    plan = answer.plan
    table = Table("#", "credential", "takers", "cost", "why",
                  title=f"plan: coverage {plan.coverage_before:.0%} -> {plan.coverage_after:.0%}, "
                  f"{plan.seats} seats, {money(plan.total_cost, plan.currency)}")
    for item in plan.items:
        table.add_row(str(item.rank), item.credential.title, str(len(item.takers)), money(item.cost, plan.currency),
                      item.reason)
    out.print(table)
    for member, items in answer.unresolved.items():
        for unresolved in items:
            err.print(f"{member}: not understood: {unresolved.text!r}", highlight=False)
