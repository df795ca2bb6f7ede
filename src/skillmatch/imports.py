"""Postings and catalog imports, and where their analysis runs: in this process (``local``) or on a
Ray cluster (``ray``). Either way an import lands whole or not at all.

On Ray each worker makes an engine on the importing process's settings and reads the embedding
cache as the import's start left it, so the analysis of every part is what this process would
have computed; the records come back here and are stored as a local import stores them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillmatch.core.postings import JobPosting, PostingAnalysis
from skillmatch.encoders import ProgressFactory
from skillmatch.errors import InvalidRequest
from skillmatch.settings import Settings

if TYPE_CHECKING:
    from skillmatch.service import Engine


def import_postings(engine: Engine, paths: Sequence[Path], *, column_map: dict[str, str] | None = None,
                    role: str = "", progress: ProgressFactory, source_prefix: str = "", on: str = "local",
                    address: str | None = None, workers: int = 2) -> dict[str, Any]:
    """Read, analyse and store postings. ``source_prefix`` (a temporary upload folder) is left out
    of the file names stored with each posting. ``on="ray"`` analyses them on a Ray cluster
    (``address``; a local one with ``workers`` CPUs without it), with the same analysis, then
    stores them here as a local import does. A rejected import is recorded with its problems."""
    from skillmatch.adapters.embedding_cache import reading_as_of
    from skillmatch.adapters.loaders.postings import load_postings
    from skillmatch.errors import ImportRejected

    started = time.time()  # the import reads the embedding cache as of now, on every worker
    analysed = postings_analyser(engine.settings, started, on, address, workers)
    files = [str(p).removeprefix(source_prefix) for p in paths]
    try:
        postings = load_postings(paths, column_map=column_map, role=role)
        if source_prefix:
            postings = [p.without_source_prefix(source_prefix) for p in postings]
        with progress("Reading postings", len(postings)) as advance, reading_as_of(started):
            return engine.roles.import_postings(postings, files, advance, analysed)
    except ImportRejected as exc:
        problems = [{k: v.replace(source_prefix, "") if source_prefix and isinstance(v, str) else v
                     for k, v in p.as_dict().items()} for p in exc.problems]
        engine.storage.record_rejected_import("postings", files, {"problems": problems})
        raise


def import_catalog(engine: Engine, paths: Sequence[Path], *, column_map: dict[str, str] | None = None,
                   lenient: bool = False, progress: ProgressFactory, source_prefix: str = "", on: str = "local",
                   address: str | None = None, workers: int = 2) -> dict[str, Any]:
    """Read, align and store credentials (files or folders). ``source_prefix`` (a temporary upload
    folder) is left out of the stored file names; ``on="ray"`` aligns them on a Ray cluster."""
    from skillmatch.adapters.embedding_cache import reading_as_of

    started = time.time()
    aligned = catalog_aligner(engine.settings, started, on, address, workers)
    with reading_as_of(started):
        return engine.catalog.import_files(paths, column_map=column_map, lenient=lenient, progress=progress,
                                           source_prefix=source_prefix, aligned=aligned)


def _checked(engine: str) -> bool:
    """Whether ``engine`` is ray (else local); InvalidRequest for anything else."""
    if engine not in ("local", "ray"):
        raise InvalidRequest(f"the engine is local or ray, not {engine!r}", field="engine")
    return engine == "ray"


def postings_analyser(settings: Settings, as_of: float, engine: str, address: str | None, workers: int) -> Any:
    """None for a local import, else what analyses postings on Ray."""
    if not _checked(engine):
        return None
    from skillmatch.adapters.ray_import import RayPostings

    return RayPostings(partial(_postings_analysis, settings, as_of), Path(settings.data_dir), address=address,
                       workers=workers)


def catalog_aligner(settings: Settings, as_of: float, engine: str, address: str | None,
                    workers: int) -> Callable[..., Any] | None:
    """None for a local import, else what aligns credentials on Ray."""
    if not _checked(engine):
        return None
    from skillmatch.adapters.ray_import import RayParts, pickled, unpickled

    on_ray = RayParts(partial(_catalog_alignment, settings, as_of), Path(settings.data_dir),
                      to_record=pickled, from_record=unpickled, address=address, workers=workers)
    return partial(on_ray.run, context=lambda part: None)


def _postings_analysis(settings: Settings, as_of: float) -> Callable[..., Any]:
    """In a Ray worker: an engine on the importing process's settings, and its postings analysis,
    reading the embedding cache as the import's start left it."""
    from skillmatch.adapters.embedding_cache import reading_as_of
    from skillmatch.service import Engine

    analyse = Engine(settings).roles.analyse

    def as_the_import(postings: Sequence[JobPosting], duplicate_of: Mapping[str, str]) -> list[PostingAnalysis]:
        with reading_as_of(as_of):
            return analyse(postings, duplicate_of)

    return as_the_import


def _catalog_alignment(settings: Settings, as_of: float) -> Callable[..., Any]:
    """In a Ray worker: an engine on the importing process's settings, and its catalog alignment."""
    from skillmatch.adapters.embedding_cache import reading_as_of
    from skillmatch.service import Engine

    align = Engine(settings).catalog.align

    def as_the_import(items: Sequence[Any], context: Any = None) -> list[Any]:
        with reading_as_of(as_of):
            return align(items)

    return as_the_import
