"""How many of a real MOOC catalog's own skill tags the inferred skills recover.

Reads the Coursera and edX catalogs of ../shared/data/catalogs/coursera-edx (see its SOURCE.txt:
each course carries the provider's comma-separated skill tags) and imports them through the CSV
importer (``Engine.import_catalog`` with a column map and ``lenient=True``) into a fresh data
directory holding the official ESCO export, aligned with the real model. The tags are *not*
given to the importer as declared skills, so every stored skill is inferred from the course
text (title and description; edX rows have a title only).

For each course, the tags that equal an ESCO preferred or alternative label (case-insensitive,
``Taxonomy.skills_by_label``) are the gold skills; a tag is recovered when one of the skills its
label names is among the course's inferred skills. Reported per source and overall: recall
over tags (micro) and per course (macro); a loose recall that also counts a tag whose words
stand in an inferred skill's label ("Market Research" in "perform market research", a
different ESCO skill); the share of inferred skills a tag confirms; and how the declared-skill
rules would resolve the distinct tags (label / meaning / unresolved).

    python scripts/check_catalog_alignment.py [--esco ../shared/data/esco-v1.1.1] [--limit N]
                                              [--data-dir DIR] [--out results/catalog_alignment.json]

``--limit N`` imports an evenly spaced sample of N courses of each file. The first full run
embeds about 6,500 sentences (some minutes on two cores); the embedding cache makes later
runs faster.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from _common import REPO, SHARED, print_table, write_json

os.environ.setdefault("HF_HUB_OFFLINE", "1")

CATALOGS = SHARED / "catalogs" / "coursera-edx"
# source -> (file, column map, the column holding the provider's skill tags)
SOURCES: dict[str, tuple[str, dict[str, str], str]] = {
    "coursera": (
        "coursera_course_dataset_v3.csv",
        {"Title": "title", "Organization": "provider", "course_description": "description", "course_url": "url",
         "Difficulty": "level", "Type": "credential_type"},
        "Skills",
    ),
    "edx": ("edx.csv", {"link": "url", "institution": "provider"}, "associatedskills"),
}
_NONE = {"", "none", "none.", "n/a", "null"}


def prepare(source: str, limit: int, into: Path) -> tuple[Path, dict[str, list[str]]]:
    """A copy of the source file with an ``id`` column (``<source>-<row>``), sampled when ``limit``
    is set, and each id's skill tags. Tags split on ","; a tag holding a comma ("Extract,
    Transform, Load") is split too."""
    name, _, tag_column = SOURCES[source]
    with (CATALOGS / name).open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    numbered = list(enumerate(rows, 1))
    if limit and limit < len(numbered):
        step = len(numbered) / limit
        numbered = [numbered[int(i * step)] for i in range(limit)]
    target = into / f"{source}.csv"
    tags: dict[str, list[str]] = {}
    with target.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=["id", *(k for k in rows[0] if k.lower() != "id")])
        writer.writeheader()
        for number, row in numbered:
            row = {k: v for k, v in row.items() if k.lower() != "id"}
            cid = f"{source}-{number}"
            writer.writerow({"id": cid, **row})
            found = [t.strip() for t in (row.get(tag_column) or "").split(",")]
            tags[cid] = list(dict.fromkeys(t for t in found if t.casefold() not in _NONE))
    return target, tags


def _matches_title(title: str, description: str) -> bool:
    """SOURCE.txt's check for a description that belongs to its course: it shares a title word of
    five letters or more."""
    words = {w.casefold() for w in re.findall(r"[A-Za-z]{5,}", title)}
    return bool(words & {w.casefold() for w in re.findall(r"[A-Za-z]{5,}", description)})


def _recall(rows: list[dict[str, Any]]) -> float | None:
    gold = sum(len(r["esco_tags"]) for r in rows)
    return round(sum(len(r["recovered"]) for r in rows) / gold, 4) if gold else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--esco", type=Path, default=SHARED / "esco-v1.1.1")
    parser.add_argument("--data-dir", type=Path, help="keep the data directory here (default: a temporary one)")
    parser.add_argument("--limit", type=int, default=0, help="an evenly spaced sample of N courses of each file")
    parser.add_argument("--out", type=Path, default=REPO / "results" / "catalog_alignment.json")
    args = parser.parse_args()

    from skillmatch.core.alignment import SkillAligner
    from skillmatch.core.catalog import DeclaredSkill
    from skillmatch.core.text import normalise_label
    from skillmatch.service import Engine
    from skillmatch.settings import Settings

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or Path(tmp) / "var"
        engine = Engine(Settings(data_dir=data_dir, sample_data_dir=Path(tmp) / "none"))
        if not engine.taxonomies.exists():
            engine.import_taxonomy("esco", args.esco)
        if not engine.index_is_current():
            engine.build_index()
        taxonomy = engine.taxonomy()
        setup_s = time.perf_counter() - started

        per_source: dict[str, dict[str, Any]] = {}
        courses: list[dict[str, Any]] = []
        resolver = SkillAligner(taxonomy, None, lambda text: engine.search_skills(text, 1))
        for source in SOURCES:
            path, tags = prepare(source, args.limit, Path(tmp))
            start = time.perf_counter()
            report = engine.import_catalog([path], column_map=SOURCES[source][1], lenient=True)
            seconds = time.perf_counter() - start
            stored = {c.id: c for c in engine.all_credentials() if c.id.startswith(f"{source}-")}
            rows = []
            for cid, credential in sorted(stored.items(), key=lambda kv: int(kv[0].rsplit("-", 1)[1])):
                inferred = {s.id for s in credential.skills if s.source == "inferred"}
                gold = {tag: set(taxonomy.skills_by_label(tag)) for tag in tags[cid]}
                gold = {tag: ids for tag, ids in gold.items() if ids}
                recovered = sorted(tag for tag, ids in gold.items() if ids & inferred)
                inferred_labels = [f" {normalise_label(s.label)} " for s in credential.skills if s.source == "inferred"]
                loose = sorted(tag for tag in gold
                               if tag in recovered or any(f" {normalise_label(tag)} " in lab for lab in inferred_labels))
                confirmed = {sid for ids in gold.values() for sid in ids} & inferred
                rows.append({
                    "id": cid, "title": credential.title, "tags": len(tags[cid]), "esco_tags": sorted(gold),
                    "recovered": recovered, "recovered_loose": loose, "inferred": len(inferred),
                    "confirmed_inferred": len(confirmed),
                    "inferred_skills": [s.label for s in credential.skills if s.source == "inferred"],
                    "text_chars": len(credential.text),
                    "description_matches_title": _matches_title(credential.title, credential.description),
                })
            all_tags = [t for cid in stored for t in tags[cid]]
            resolution = Counter(resolver.resolve(DeclaredSkill(label=t)).method for t in dict.fromkeys(all_tags))
            scored = [r for r in rows if r["esco_tags"]]
            gold_n = sum(len(r["esco_tags"]) for r in scored)
            hit_n = sum(len(r["recovered"]) for r in scored)
            inferred_n = sum(r["inferred"] for r in rows)
            missed = Counter(t for r in scored for t in r["esco_tags"] if t not in r["recovered"])
            found = Counter(t for r in scored for t in r["recovered"])
            per_source[source] = {
                "file": SOURCES[source][0], "courses": len(rows), "passed_over": len(report["passed_over"]),
                "seconds": round(seconds, 1), "courses_per_s": round(len(rows) / seconds, 2) if seconds else None,
                "tags": len(all_tags), "distinct_tags": len(set(all_tags)),
                "distinct_tags_resolution": dict(resolution),
                "courses_with_esco_tags": len(scored), "esco_tags": gold_n, "recovered": hit_n,
                "recall_micro": round(hit_n / gold_n, 4) if gold_n else None,
                "recall_macro": round(sum(len(r["recovered"]) / len(r["esco_tags"]) for r in scored) / len(scored), 4)
                if scored else None,
                "recall_loose": round(sum(len(r["recovered_loose"]) for r in scored) / gold_n, 4) if gold_n else None,
                "recall_micro_description_matches_title": _recall(
                    [r for r in scored if r["description_matches_title"]]
                ),
                "courses_description_matches_title": sum(1 for r in scored if r["description_matches_title"]),
                "inferred_per_course": round(inferred_n / len(rows), 2) if rows else None,
                "inferred_confirmed_by_a_tag": round(sum(r["confirmed_inferred"] for r in scored)
                                                     / max(1, sum(r["inferred"] for r in scored)), 4),
                "top_missed_tags": dict(missed.most_common(15)),
                "top_recovered_tags": dict(found.most_common(15)),
            }
            courses.extend({"source": source, **r} for r in rows)

    total_gold = sum(s["esco_tags"] for s in per_source.values())
    total_hit = sum(s["recovered"] for s in per_source.values())
    scored_all = [c for c in courses if c["esco_tags"]]
    overall = {
        "courses": len(courses), "courses_with_esco_tags": len(scored_all), "esco_tags": total_gold,
        "recovered": total_hit, "recall_micro": round(total_hit / total_gold, 4) if total_gold else None,
        "recall_macro": round(sum(len(c["recovered"]) / len(c["esco_tags"]) for c in scored_all) / len(scored_all), 4)
        if scored_all else None,
        "recall_loose": round(sum(len(c["recovered_loose"]) for c in scored_all) / total_gold, 4) if total_gold else None,
    }
    print_table(
        ["source", "courses", "with ESCO tags", "ESCO tags", "recovered", "recall", "recall/course", "loose",
         "inferred/course", "confirmed", "s"],
        [
            *[[name, s["courses"], s["courses_with_esco_tags"], s["esco_tags"], s["recovered"], s["recall_micro"],
               s["recall_macro"], s["recall_loose"], s["inferred_per_course"], s["inferred_confirmed_by_a_tag"], s["seconds"]]
              for name, s in per_source.items()],
            ["overall", overall["courses"], overall["courses_with_esco_tags"], overall["esco_tags"],
             overall["recovered"], overall["recall_micro"], overall["recall_macro"], overall["recall_loose"],
             None, None, None],
        ],
        title=f"provider skill tags recovered by inferred skills, {taxonomy.name} {taxonomy.version} "
        f"({len(taxonomy.skills):,} skills), {engine.encoder.model_id}"
        + (f", sample of {args.limit} per file" if args.limit else ""),
    )
    for name, s in per_source.items():
        print(f"{name}: distinct tags as declared skills would resolve: {s['distinct_tags_resolution']}")
        print(f"  recall where the description shares a title word (SOURCE.txt's check): "
              f"{s['recall_micro_description_matches_title']} over {s['courses_description_matches_title']} courses")
        print(f"  most missed: {', '.join(list(s['top_missed_tags'])[:10])}")
    write_json(args.out, {
        "data": {"catalogs": str(CATALOGS), "taxonomy": f"{taxonomy.name} {taxonomy.version}",
                 "skills": len(taxonomy.skills), "model": engine.encoder.model_id, "limit": args.limit,
                 "setup_seconds": round(setup_s, 1)},
        "overall": overall, "sources": per_source, "courses": courses,
    })


if __name__ == "__main__":
    main()
