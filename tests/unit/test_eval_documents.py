"""The pure helpers of scripts/eval_documents.py: gold resolution and micro scores."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
ev = importlib.import_module("eval_documents")

LABELS = {"python": ("s:python",), "sql": ("s:sql",), "structured query language": ("s:sql",),
          "java": ("s:java", "s:java-island")}


def lookup(label: str) -> tuple[str, ...]:
    return LABELS.get(label.casefold(), ())


def test_resolve_items_drops_blanks_repeats_and_same_skill_items() -> None:
    gold = ev.resolve_items(["Python", " python ", "", "SQL", "Structured  Query Language", "See below"], lookup)
    assert [(g.text, g.ids) for g in gold.items] == [("Python", ("s:python",)), ("SQL", ("s:sql",))]
    assert gold.unresolved == ("See below",)
    assert gold.distinct == 4  # python, sql, structured query language, see below


def test_score_document_counts_any_named_skill_as_a_hit() -> None:
    gold = ev.resolve_items(["Java", "SQL", "Python"], lookup)
    score = ev.score_document(["s:java-island", "s:sql", "s:excel", "s:sql"], gold)
    assert (score.predicted, score.correct, score.gold, score.found) == (3, 2, 3, 2)
    assert score.false_positives == ("s:excel",)
    assert score.missed == ("s:python",)
    assert score.ambiguous == 1


def test_prf_and_summary_are_micro_over_scored_documents() -> None:
    assert ev.prf(0, 0, 0, 0) == (None, None, None)
    assert ev.prf(0, 2, 0, 3) == (0.0, 0.0, 0.0)
    p, r, f1 = ev.prf(1, 2, 1, 4)
    assert (p, r) == (0.5, 0.25) and f1 == pytest.approx(1 / 3)
    scored = ev.score_document(["s:python", "s:excel"], ev.resolve_items(["Python", "SQL"], lookup))
    no_gold = ev.score_document(["s:excel"], ev.resolve_items(["See job description"], lookup))
    summary = ev.summarise([scored, no_gold], {"s:excel": "Excel", "s:sql": "SQL"})
    assert (summary["documents"], summary["scored"]) == (2, 1)
    assert (summary["precision"], summary["recall"], summary["f1"]) == (0.5, 0.5, 0.5)
    assert summary["resolution_rate"] == round(2 / 3, 4)
    assert summary["top_false_positives"] == {"Excel": 1}  # the unscored document's guesses are not counted
    assert summary["top_missed"] == {"SQL": 1}
    assert summary["top_unresolved"] == {"see job description": 1}


def test_score_document_tells_gold_items_named_in_the_text() -> None:
    gold = ev.resolve_items(["SQL", "Python", "Java"], lookup)
    score = ev.score_document(["s:sql"], gold, "Strong SQL; JavaScript a plus")
    assert (score.mentioned, score.found_mentioned) == (1, 1)  # "Java" inside "JavaScript" does not count
    assert ev.mentions("C# and .NET", "C#") and not ev.mentions("Pythonic", "python")
    summary = ev.summarise([score], {})
    assert summary["gold_named_in_text"] == round(1 / 3, 4) and summary["recall_named_in_text"] == 1.0


def test_matches_title_needs_a_shared_long_word() -> None:
    assert ev.matches_title("Google Cybersecurity", "Learn cybersecurity basics")
    assert not ev.matches_title("Google Cybersecurity", "Cloud fundamentals: core infrastructure")
