"""Document-level skill extraction against the skills real employers and course providers list.

Two checks, each through the product's own code on the set-up data directory (nothing is written
to its database):

* **Dice**: the 658 Dice.com postings of ../shared/data/job_postings/dice-us-tech
  (dice_joined_658.csv, see its SOURCE.txt), read by the posting importer
  (``load_postings``, with ``required_skills`` as the listed skills). Predicted = the skills the
  extractor accepts from title + description, read as the import reads them (``extract_many``, 64
  postings at a time, each posting's employer and place excluded). Gold = the employer-entered
  skills field, split as the importer splits it.
* **Coursera / edX**: the catalogs of ../shared/data/catalogs/coursera-edx (see its SOURCE.txt),
  read by the catalog importer (``load_catalog``, lenient, the provider's skill tags read as the
  ``skills`` column), then aligned by ``SkillAligner.align_many`` exactly as an import aligns them,
  but with the declared skills removed first: predicted = the *inferred* skills of the alignment
  (title + description; edX rows have a title only). Gold = the provider's skill tags. Some
  Coursera descriptions belong to another course (SOURCE.txt): a ``coursera, description matches
  title`` row keeps the courses whose description shares a title word of five letters or more.

A gold item (one entry of the employer field or one provider tag) is resolved by exact label
match: ``Taxonomy.skills_by_label`` (preferred or alternative label, case and punctuation
insensitive). Items that resolve to nothing are counted (resolution rate, most frequent ones) and
left out of recall; items of one document that resolve to the same skills count once. A
predicted skill is correct when it is one of the skills a gold item of its document names; a
gold item is found when one of its skills is predicted (a label can name several skills: "SQL"
is also an alternative label of "database management systems"; such items are counted). Many
listed skills are not written in the text at all: "recall in text" is the recall over the gold
items whose words stand verbatim in the document (case-insensitive, whole words). Micro precision / recall / F1 are over
the documents with at least one resolved gold item. Precision is a lower bound: employers and
providers list only some of the skills a text names.

    python scripts/eval_documents.py [--limit N] [--only dice|courses] [--fast]
                                     [--data-dir var] [--json results/eval_documents.json]

``--limit N`` keeps the first N documents of each file. ``--data-dir`` defaults to the settings'
data directory (SKILLMATCH_DATA_DIR, else ./var). Progress goes to stderr, the tables to stdout.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from _common import SHARED, print_table, write_json

if TYPE_CHECKING:
    from skillmatch.core.taxonomy import Taxonomy
    from skillmatch.service import Engine

os.environ.setdefault("HF_HUB_OFFLINE", "1")

DICE = SHARED / "job_postings" / "dice-us-tech" / "dice_joined_658.csv"
DICE_COLUMNS = {"job_id": "id", "jobtitle": "title", "jobdescription": "description", "required_skills": "skills"}
CATALOGS = SHARED / "catalogs" / "coursera-edx"
# source -> (file, column map for the catalog importer; the provider's tags become ``skills``)
COURSES: dict[str, tuple[str, dict[str, str]]] = {
    "coursera": (
        "coursera_course_dataset_v3.csv",
        {"Title": "title", "Organization": "provider", "course_description": "description", "course_url": "url",
         "Difficulty": "level", "Type": "credential_type", "Skills": "skills"},
    ),
    "edx": ("edx.csv", {"link": "url", "institution": "provider", "associatedskills": "skills"}),
}
POSTINGS_PER_BATCH = 64  # as RoleService reads an import
TOP = 15
LOWER_BOUND = ("precision is a lower bound: employers and providers list only some of the skills a text names, "
               "so a correct skill they left out counts as a false positive")


# --- pure helpers (tests/unit/test_eval_documents.py) ------------------------------------------


@dataclass(frozen=True)
class GoldItem:
    text: str  # as the employer or provider wrote it
    ids: tuple[str, ...]  # the skills its label names, preferred-label matches first


@dataclass(frozen=True)
class Gold:
    items: tuple[GoldItem, ...]  # resolved, one per distinct set of skills
    unresolved: tuple[str, ...]  # distinct (case-insensitive) items that name no skill
    distinct: int  # distinct items, resolved or not


def resolve_items(labels: Iterable[str], lookup: Callable[[str], Sequence[str]]) -> Gold:
    """The gold of one document: its items (blank and repeated ones dropped, case-insensitive),
    each looked up by exact label; items naming the same skills are kept once."""
    seen: set[str] = set()
    sets: set[frozenset[str]] = set()
    items: list[GoldItem] = []
    unresolved: list[str] = []
    for label in labels:
        text = " ".join(label.split())
        if not text or text.casefold() in seen:
            continue
        seen.add(text.casefold())
        ids = tuple(lookup(text))
        if not ids:
            unresolved.append(text)
        elif frozenset(ids) not in sets:
            sets.add(frozenset(ids))
            items.append(GoldItem(text, ids))
    return Gold(tuple(items), tuple(unresolved), len(seen))


@dataclass(frozen=True)
class DocScore:
    """One document's counts: ``correct`` of ``predicted`` skills are named by a gold item,
    ``found`` of ``gold`` items have a skill predicted."""

    predicted: int
    correct: int
    gold: int
    found: int
    false_positives: tuple[str, ...] = ()  # predicted skill ids no gold item names
    missed: tuple[str, ...] = ()  # the first skill id of each gold item not found
    unresolved: tuple[str, ...] = ()
    distinct_items: int = 0
    ambiguous: int = 0  # gold items whose label names more than one skill
    mentioned: int = 0  # gold items whose text stands in the document's text
    found_mentioned: int = 0


def mentions(text: str, item: str) -> bool:
    """``item`` stands in ``text`` as written (case-insensitive, not inside a longer word)."""
    return re.search(rf"(?<!\w){re.escape(item)}(?!\w)", text, re.IGNORECASE) is not None


def score_document(predicted: Sequence[str], gold: Gold, text: str = "") -> DocScore:
    """``text`` (the document's text) tells which gold items it names verbatim."""
    chosen = set(predicted)
    named = {i for item in gold.items for i in item.ids}
    found = [item for item in gold.items if chosen & set(item.ids)]
    in_text = [item for item in gold.items if text and mentions(text, item.text)]
    return DocScore(
        predicted=len(chosen),
        correct=len(chosen & named),
        gold=len(gold.items),
        found=len(found),
        false_positives=tuple(i for i in dict.fromkeys(predicted) if i not in named),
        missed=tuple(item.ids[0] for item in gold.items if not chosen & set(item.ids)),
        unresolved=gold.unresolved,
        distinct_items=gold.distinct,
        ambiguous=sum(1 for item in gold.items if len(item.ids) > 1),
        mentioned=len(in_text),
        found_mentioned=sum(1 for item in in_text if chosen & set(item.ids)),
    )


def prf(correct: int, predicted: int, found: int, gold: int) -> tuple[float | None, float | None, float | None]:
    """Micro precision, recall and F1 (None where undefined)."""
    precision = correct / predicted if predicted else None
    recall = found / gold if gold else None
    if precision is None or recall is None:
        return precision, recall, None
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def summarise(scores: Sequence[DocScore], labels: Mapping[str, str], top: int = TOP) -> dict[str, Any]:
    """The figures of one set: metrics over the documents with resolved gold, counts over all."""
    scored = [s for s in scores if s.gold]
    predicted = sum(s.predicted for s in scored)
    correct = sum(s.correct for s in scored)
    gold = sum(s.gold for s in scored)
    found = sum(s.found for s in scored)
    precision, recall, f1 = prf(correct, predicted, found, gold)
    distinct = sum(s.distinct_items for s in scores)
    unresolved = sum(len(s.unresolved) for s in scores)
    fps = Counter(labels.get(i, i) for s in scored for i in s.false_positives)
    missed = Counter(labels.get(i, i) for s in scored for i in s.missed)
    not_found = Counter(t.casefold() for s in scores for t in s.unresolved)

    def r(x: float | None) -> float | None:
        return None if x is None else round(x, 4)

    return {
        "documents": len(scores),
        "scored": len(scored),
        "precision": r(precision), "recall": r(recall), "f1": r(f1),
        "predicted": predicted, "correct": correct, "gold": gold, "found": found,
        "predicted_per_doc": r(predicted / len(scored)) if scored else None,
        "predicted_per_doc_all": r(sum(s.predicted for s in scores) / len(scores)) if scores else None,
        "gold_per_doc": r(gold / len(scored)) if scored else None,
        "gold_items": distinct, "gold_items_unresolved": unresolved,
        "gold_items_ambiguous": sum(s.ambiguous for s in scored),
        "gold_named_in_text": r(sum(s.mentioned for s in scored) / gold) if gold else None,
        "recall_named_in_text": r(sum(s.found_mentioned for s in scored) / sum(s.mentioned for s in scored))
        if any(s.mentioned for s in scored) else None,
        "resolution_rate": r((distinct - unresolved) / distinct) if distinct else None,
        "documents_without_items": sum(1 for s in scores if not s.distinct_items),
        "top_false_positives": dict(fps.most_common(top)),
        "top_missed": dict(missed.most_common(top)),
        "top_unresolved": dict(not_found.most_common(top)),
    }


def matches_title(title: str, description: str) -> bool:
    """SOURCE.txt's check that a Coursera description belongs to its course: it shares a title
    word of five letters or more."""
    words = {w.casefold() for w in re.findall(r"[A-Za-z]{5,}", title)}
    return bool(words & {w.casefold() for w in re.findall(r"[A-Za-z]{5,}", description)})


# --- runs --------------------------------------------------------------------------------------


@dataclass
class SetResult:
    scores: list[DocScore] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0


def _record(doc_id: str, title: str, predicted: Sequence[str], gold: Gold, labels: Mapping[str, str],
            **extra: Any) -> dict[str, Any]:
    chosen = set(predicted)
    return {
        "id": doc_id, "title": title, **extra,
        "predicted": [labels.get(i, i) for i in predicted],
        "gold": [{"item": g.text, "skill": labels.get(g.ids[0], g.ids[0]), "found": bool(chosen & set(g.ids))}
                 for g in gold.items],
        "unresolved": list(gold.unresolved),
    }


def _progress(name: str, total: int, started: float) -> Callable[[int], None]:
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        print(f"  {name}: {done}/{total} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)

    return advance


def run_dice(engine: Engine, taxonomy: Taxonomy, fast: bool, limit: int) -> SetResult:
    from skillmatch.adapters.loaders.postings import load_postings

    postings = load_postings([DICE], column_map=DICE_COLUMNS)
    postings = postings[:limit] if limit else postings
    extractor = engine.extractor(fast=fast)
    labels = {sid: s.label for sid, s in taxonomy.skills.items()}
    out = SetResult()
    started = time.perf_counter()
    advance = _progress("dice", len(postings), started)
    for start in range(0, len(postings), POSTINGS_PER_BATCH):
        part = postings[start : start + POSTINGS_PER_BATCH]
        found = extractor.extract_many([f"{p.title}\n{p.description}" for p in part],
                                       exclude_each=[(p.organization, p.location) for p in part])
        for posting, extraction in zip(part, found, strict=True):
            predicted = [s.id for s in extraction.skills]
            gold = resolve_items([s.label for s in posting.skills], taxonomy.skills_by_label)
            out.scores.append(score_document(predicted, gold, f"{posting.title}\n{posting.description}"))
            out.documents.append(_record(posting.id, posting.title, predicted, gold, labels))
        advance(len(part))
    out.seconds = time.perf_counter() - started
    return out


def run_courses(engine: Engine, taxonomy: Taxonomy, fast: bool, limit: int) -> dict[str, SetResult]:
    from dataclasses import replace

    from skillmatch.adapters.loaders.catalog import load_catalog
    from skillmatch.adapters.loaders.tabular import Problems
    from skillmatch.core.alignment import SkillAligner

    aligner = SkillAligner(taxonomy, engine.extractor(fast=fast), lambda text: engine.search_skills(text, 1, cached=True))
    labels = {sid: s.label for sid, s in taxonomy.skills.items()}
    results: dict[str, SetResult] = {}
    for source, (name, columns) in COURSES.items():
        skipped = Problems()
        credentials = load_catalog([CATALOGS / name], column_map=columns, lenient=True, skipped=skipped)
        credentials = credentials[:limit] if limit else credentials
        if skipped.items:
            print(f"  {source}: the importer passed over {len(skipped.items)} rows (no title or provider)",
                  file=sys.stderr)
        tags = {c.id: [d.label for d in c.declared_skills] for c in credentials}
        # The tags are the gold: the product must not see them as declared skills.
        bare = [replace(c, declared_skills=()) for c in credentials]
        out = SetResult()
        started = time.perf_counter()
        aligned = aligner.align_many(bare, _progress(source, len(bare), started))
        out.seconds = time.perf_counter() - started
        for alignment in aligned:
            credential = alignment.credential
            predicted = [s.id for s in alignment.inferred]
            gold = resolve_items(tags[credential.id], taxonomy.skills_by_label)
            out.scores.append(score_document(predicted, gold, credential.text))
            out.documents.append(_record(
                credential.id, credential.title, predicted, gold, labels, source=source,
                description_matches_title=matches_title(credential.title, credential.description),
                has_description=bool(credential.description.strip()),
            ))
        results[source] = out
    return results


def _code_version() -> dict[str, str]:
    import skillmatch

    where = Path(skillmatch.__file__).resolve().parent
    commit = subprocess.run(["git", "-C", str(where), "rev-parse", "HEAD"], capture_output=True, text=True,
                            check=False).stdout.strip()
    return {"skillmatch": str(where), "commit": commit}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents of each file")
    parser.add_argument("--only", choices=("dice", "courses"), help="run one check only")
    parser.add_argument("--fast", action="store_true", help="the extractor's fast path (static model for sentences too)")
    parser.add_argument("--data-dir", type=Path, help="the set-up data directory (default: the settings', ./var)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the figures and per-document results here")
    args = parser.parse_args()

    from skillmatch.service import Engine
    from skillmatch.settings import Settings

    settings = Settings(data_dir=args.data_dir) if args.data_dir else Settings()
    engine = Engine(settings)
    taxonomy = engine.taxonomy()
    print(f"data directory {settings.data_dir.resolve()}, code {_code_version()['skillmatch']}", file=sys.stderr)
    labels = {sid: s.label for sid, s in taxonomy.skills.items()}
    started = time.perf_counter()
    engine.extractor(fast=args.fast)  # load the index and models before timing
    load_s = time.perf_counter() - started

    sets: dict[str, SetResult] = {}
    if args.only in (None, "dice"):
        sets["dice"] = run_dice(engine, taxonomy, args.fast, args.limit)
    if args.only in (None, "courses"):
        courses = run_courses(engine, taxonomy, args.fast, args.limit)
        coursera = courses["coursera"]
        kept = [i for i, d in enumerate(coursera.documents) if d["description_matches_title"]]
        sets["coursera"] = coursera
        sets["coursera, description matches title"] = SetResult(
            [coursera.scores[i] for i in kept], [coursera.documents[i] for i in kept])
        sets["edx"] = courses["edx"]
        sets["courses (coursera + edx)"] = SetResult(
            coursera.scores + courses["edx"].scores, [], coursera.seconds + courses["edx"].seconds)
    figures = {name: {**summarise(s.scores, labels), "seconds": round(s.seconds, 1) if s.seconds else None}
               for name, s in sets.items()}
    total_s = time.perf_counter() - started

    path = "fast" if args.fast else "default"
    print_table(
        ["set", "documents", "scored", "gold items", "resolved", "gold/doc", "predicted/doc", "precision", "recall",
         "F1", "in text", "recall in text", "s"],
        [[name, f["documents"], f["scored"], f["gold_items"], f["resolution_rate"], f["gold_per_doc"],
          f["predicted_per_doc"], f["precision"], f["recall"], f["f1"], f["gold_named_in_text"], f["recall_named_in_text"],
          f["seconds"]] for name, f in figures.items()],
        title=f"document-level extraction vs listed skills, {taxonomy.name} {taxonomy.version} "
        f"({len(taxonomy.skills):,} skills), {engine.encoder.model_id}, {path} path"
        + (f", first {args.limit} per file" if args.limit else ""),
    )
    print(f"note: {LOWER_BOUND}.")
    print("scored = documents with at least one gold item resolved by exact label; the metrics and per-doc means "
          "are over those; resolved = share of distinct gold items that name a taxonomy skill; in text = share of "
          "resolved gold items whose words stand verbatim in the document, recall in text = recall over those.")
    for name, f in figures.items():
        if name.startswith("courses ("):
            continue
        print(f"\n{name}: {f['gold_items_unresolved']} of {f['gold_items']} distinct gold items name no skill, "
              f"{f['documents_without_items']} documents list none, {f['gold_items_ambiguous']} scored items name "
              "several skills")
        for key, title in (("top_false_positives", "predicted, not gold"), ("top_missed", "gold, missed"),
                           ("top_unresolved", "gold items naming no skill")):
            print(f"  {title}: " + "; ".join(f"{k} ({v})" for k, v in f[key].items()))
    print(f"\n{total_s:.0f} s in all ({load_s:.0f} s loading the index and models)")

    if args.json:
        write_json(args.json, {
            "data": {
                "dice": str(DICE), "catalogs": str(CATALOGS), "data_dir": str(settings.data_dir.resolve()),
                "taxonomy": f"{taxonomy.name} {taxonomy.version}", "skills": len(taxonomy.skills),
                "model": engine.encoder.model_id, "path": path, "limit": args.limit, "code": _code_version(),
                "seconds": round(total_s, 1), "load_seconds": round(load_s, 1), "note": LOWER_BOUND,
            },
            "sets": figures,
            "documents": {name: s.documents for name, s in sets.items() if s.documents and "," not in name},
        })


if __name__ == "__main__":
    main()
