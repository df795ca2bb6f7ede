"""Quality on public benchmark files: extraction, job titles, recommendations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from skillmatch.cli import common
from skillmatch.cli.common import (
    FastFlag,
    JsonFlag,
    eval_app,
    fail,
    out,
    print_json,
)
from skillmatch.errors import SkillmatchError
from skillmatch.evaluation import runs


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
        results = runs.extraction(common.engine(fast=fast), file, baselines=baseline, both_paths=both)
    except SkillmatchError as exc:
        fail(exc)
    if as_json:
        print_json(results)
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

@eval_app.command("titles")
def eval_titles(
    file: Annotated[Path, typer.Argument(help="JobBERT-format CSV: vacancyTitle,conceptUri.")],
    baseline: Annotated[bool, typer.Option("--baseline", help="Also the nearest-preferred-label baseline.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """acc@1, acc@5 and MRR of job title -> occupation normalisation."""
    try:
        results = runs.titles(common.engine(), file, baseline=baseline)
    except SkillmatchError as exc:
        fail(exc)
    if as_json:
        print_json(results)
        return
    data = results.pop("data")
    table = Table("method", "acc@1", "acc@5", "MRR", "n", title=f"{file.name}: {data['scored']} titles, {data['taxonomy']}")
    for name, m in results.items():
        table.add_row(name, f"{m['acc@1']:.3f}", f"{m['acc@5']:.3f}", f"{m['mrr']:.3f}", str(m["n"]))
    out.print(table)

@eval_app.command("recommend")
def eval_recommend(
    jcrec: Annotated[Path, typer.Option(help="The JCRec Udemy-ESCO folder (courses, resumes, IT skill subset).")],
    esco: Annotated[Path | None, typer.Option(help="Official ESCO export folder (default: the current taxonomy).")] = None,
    scenarios: Annotated[int, typer.Option(min=1, max=5000, help="Career-change scenarios.")] = 200,
    seed: Annotated[int, typer.Option(help="Seed for choosing the scenarios.")] = 42,
    market: Annotated[bool, typer.Option(help="Also the Frej et al. job-market setting.")] = True,
    min_share: Annotated[float, typer.Option(min=0, max=1, help="Job market: the share of an occupation's essential "
                                             "skills that must lie in the JCRec IT subset.")] = 0.5,
    as_json: JsonFlag = False,
) -> None:
    """Coverage@1/3/5 and cost@5 of ours, plain semantic search and the Frej et al. greedy on ESCO
    career-change scenarios, and occupations qualified for after k credentials."""
    try:
        result = runs.recommendation_for(common.engine(), jcrec, esco=esco, scenarios=scenarios, seed=seed,
                                         market=market, min_share=min_share)
    except SkillmatchError as exc:
        fail(exc)
    career = result["career_change"]
    if as_json:
        print_json({"methods": career["methods"], **result})
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
