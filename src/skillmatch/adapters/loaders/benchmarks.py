"""Readers for public evaluation sets in their published formats."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from skillmatch.adapters.loaders.tabular import read_rows

NO_SKILL = frozenset({"LABEL NOT PRESENT", "UNDERSPECIFIED"})


@dataclass(frozen=True)
class LabelledSentence:
    text: str
    labels: tuple[str, ...]  # ESCO preferred labels; empty when the sentence holds no ESCO skill


def read_decorte(path: Path) -> list[LabelledSentence]:
    """Decorte et al. skill-extraction files: ``sentence,span,sub_span,label``, one row per span."""
    order: dict[str, list[str]] = {}
    for row in read_rows(Path(path), required=("sentence", "label")):
        labels = order.setdefault(row.get("sentence"), [])
        label = row.get("label")
        if label and label not in NO_SKILL and label not in labels:
            labels.append(label)
    return [LabelledSentence(text, tuple(labels)) for text, labels in order.items()]


def read_skillskape(path: Path) -> list[LabelledSentence]:
    """SkillSkape files: ``,sentence,skills`` with ``skills`` a Python list literal of labels."""
    out = []
    for row in read_rows(Path(path), required=("sentence", "skills")):
        labels = ast.literal_eval(row.get("skills") or "[]")
        out.append(LabelledSentence(row.get("sentence"), tuple(str(x) for x in labels)))
    return out


def read_jobbert(path: Path) -> list[tuple[str, str]]:
    """JobBERT title-normalisation files: ``vacancyTitle,conceptUri`` (an ESCO occupation URI)."""
    return [
        (row.get("vacancyTitle"), row.get("conceptUri"))
        for row in read_rows(Path(path), required=("vacancyTitle", "conceptUri"))
        if row.get("vacancyTitle") and row.get("conceptUri")
    ]
