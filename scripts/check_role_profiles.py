"""Role profiles learnt from real postings: the Glassdoor data-science ads and the Dice tech sample.

Imports both files of ../shared/data/job_postings into a fresh data directory that holds the
official ESCO export (its occupation-skill relations are the prior), then reports for the
"data scientist" role: postings, prior share, the top-20 skills with their weights, and the
share of ESCO's essential skills for "data scientist" that stand in the profile's top 50.

    python scripts/check_role_profiles.py [--esco ../shared/data/esco-v1.1.1] [--limit N]
                                          [--data-dir DIR] [--out results/role_profiles.json]

The first run embeds every posting (about 20 minutes for the 1,330 postings on two cores);
the embedding cache makes later runs faster.
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time
from pathlib import Path

from _common import REPO, SHARED, print_table, write_json

os.environ.setdefault("HF_HUB_OFFLINE", "1")

GLASSDOOR = {"Job Title": "title", "Job Description": "description", "Company Name": "organization"}
DICE = {"jobtitle": "title", "jobdescription": "description", "required_skills": "skills", "job_id": "id"}


def _sample(path: Path, limit: int, into: Path) -> Path:
    """The first ``limit`` rows of a CSV file (all of them when limit is 0)."""
    if not limit:
        return path
    with path.open(newline="", encoding="utf-8") as src:
        rows = list(csv.reader(src))
    target = into / path.name
    with target.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows[: limit + 1])
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--esco", type=Path, default=SHARED / "esco-v1.1.1")
    parser.add_argument("--data-dir", type=Path, help="keep the data directory here (default: a temporary one)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N postings of each file")
    parser.add_argument("--role", default="data scientist")
    parser.add_argument("--out", type=Path, default=REPO / "results" / "role_profiles.json")
    args = parser.parse_args()

    from skillmatch.service import Engine
    from skillmatch.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or Path(tmp) / "var"
        engine = Engine(Settings(data_dir=data_dir, sample_data_dir=Path(tmp) / "none"))
        if not engine.taxonomies.exists():
            engine.import_taxonomy("esco", args.esco)
        if not engine.index_is_current():
            engine.build_index()
        glassdoor = _sample(SHARED / "job_postings/glassdoor-data-science/Uncleaned_DS_jobs.csv", args.limit, Path(tmp))
        dice = _sample(SHARED / "job_postings/dice-us-tech/dice_joined_658.csv", args.limit, Path(tmp))
        started = time.perf_counter()
        reports = {}
        if engine.storage.posting_count()[0] == 0:
            reports["glassdoor"] = engine.import_postings([glassdoor], column_map=GLASSDOOR)
            reports["dice"] = engine.import_postings([dice], column_map=DICE)
        seconds = time.perf_counter() - started

        taxonomy = engine.taxonomy()
        profile = engine.role_profile(args.role)
        essential = {r.skill_id for r in taxonomy.relations_of(profile.role_id) if r.kind == "essential"}
        top50 = [s.id for s in profile.skills[:50]]
        found = [sid for sid in top50 if sid in essential]
        share = len(found) / len(essential) if essential else 0.0
        rows = [(i + 1, s.label, round(s.weight, 3), s.postings, f"{s.required_share:.0%}",
                 "essential" if s.id in essential else "") for i, s in enumerate(profile.skills[:20])]
        print_table(("#", "skill", "weight", "postings", "required", "ESCO"), rows,
                    title=f"{profile.label}: {profile.postings} postings, prior share {profile.prior_share:.3f}")
        print(f"\nESCO essential skills of {profile.label} in the top 50: {len(found)} of {len(essential)} ({share:.0%})")
        summary = {
            "role": {"id": profile.role_id, "label": profile.label, "postings": profile.postings,
                     "prior_share": round(profile.prior_share, 4)},
            "imports": {name: {"accepted": r["accepted"], "duplicates": len(r["duplicates"]),
                               "unmatched_titles": sum(r["unmatched_titles"].values()),
                               "top_roles": dict(list(r["roles"].items())[:10])} for name, r in reports.items()},
            "import_seconds": round(seconds, 1),
            "top20": [s.as_dict() for s in profile.skills[:20]],
            "essential_in_top50": {"found": len(found), "essential": len(essential), "share": round(share, 4),
                                   "labels": [taxonomy.skills[s].label for s in found]},
            "taxonomy": f"{taxonomy.name} {taxonomy.version}",
            "limit": args.limit,
        }
        for name, r in reports.items():
            print(f"{name}: {r['accepted']} postings, {len(r['duplicates'])} duplicates, "
                  f"{sum(r['unmatched_titles'].values())} with no occupation; top roles {list(r['roles'].items())[:5]}")
        write_json(args.out, summary)


if __name__ == "__main__":
    main()
