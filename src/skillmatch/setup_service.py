"""Bringing a data directory to a working state, step by step, each step timed."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from skillmatch.encoders import ProgressFactory
from skillmatch.errors import SkillmatchError

if TYPE_CHECKING:
    from skillmatch.service import Engine

SAMPLE_POSTINGS = {".jsonld", ".json", ".csv", ".jsonl"}
log = logging.getLogger("skillmatch.api")


def set_up(engine: Engine, progress: ProgressFactory, *, sample_data: bool = True, index: bool = True) -> dict[str, Any]:
    """A taxonomy (the default one is rebuilt when its archives or hand-kept tables changed since
    it was built; an imported one is kept), an up-to-date index and, when the database holds none
    yet, the bundled sample postings and credential catalog. ``timings`` gives the seconds of
    each step. Without ``index``: only the default taxonomy, when there is none."""
    from skillmatch.adapters.loaders.bundled import build_stamp, stamp_of

    if not index:
        if not engine.taxonomies.exists():
            engine.import_taxonomy("default")
        return {"info": engine.taxonomy_info()}

    done: dict[str, Any] = {"taxonomy": "kept", "index": "kept", "postings": "kept", "catalog": "kept"}
    timings: list[dict[str, Any]] = []
    clock = time.perf_counter()

    def took(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings.append({"step": step, "what": done[step], "seconds": round(now - clock, 2)})
        clock = now

    taxonomies, settings = engine.taxonomies, engine.settings
    installed = stamp_of(taxonomies.manifest().get("source", "")) if taxonomies.exists() else None
    if not taxonomies.exists() or installed not in (None, build_stamp()):
        with progress("Reading the bundled ESCO and O*NET taxonomy", 1) as advance:
            info = engine.import_taxonomy("default")["counts"]
            if advance:
                advance(1)
        done["taxonomy"] = (f"{'updated' if installed else 'installed'} ESCO with "
                            f"{info.get('technologies', 0):,} technologies, {info['skills']:,} skills")
    took("taxonomy")
    if not engine.index_is_current():
        built = engine.build_index(progress)
        done["index"] = f"built, {built['counts']['vectors']:,} vectors"
    took("index")
    postings_dir = settings.sample_data_dir / "job_postings"
    if sample_data and postings_dir.is_dir() and engine.storage.posting_count()[0] == 0:
        files = sorted(p for p in postings_dir.iterdir() if p.suffix in SAMPLE_POSTINGS)
        report = engine.import_postings(files, progress=progress)
        done["postings"] = f"imported {report['accepted']} sample postings"
    took("postings")
    catalog_dir = settings.sample_data_dir / "catalog"
    if sample_data and catalog_dir.is_dir() and engine.storage.credential_count() == 0:
        report = engine.import_catalog([catalog_dir], progress=progress)
        done["catalog"] = f"imported {report['accepted']} sample credentials"
    took("catalog")
    done["info"] = engine.taxonomy_info()
    done["timings"] = timings
    return done


def warm_up(engine: Engine) -> None:
    """Load the index, the models and the derived tables before the first request needs them; what
    is not ready yet is logged (readiness reports it), and serving starts anyway."""
    try:
        engine.ping()
        engine.skill_index()
        engine.extractor()
        engine.advice.similarity()
        engine.prepare_catalog()
        engine.search_skills("data analysis", 2)  # encodes: loads the model and its kernels
        engine.title_normaliser()
    except SkillmatchError as exc:
        log.warning("not ready yet: %s", exc)
    except Exception:  # readiness reports it; the server still starts
        log.exception("warm-up failed")
