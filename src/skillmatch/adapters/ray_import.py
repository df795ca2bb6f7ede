"""Postings analysed on a Ray cluster (the optional extra ``skillmatch[ray]``).

The driver reads and checks the files as the local import does (an import lands whole or reports
every rejected row), then hands the items (postings, or credentials for a catalog import) to Ray
Data, one row (and block) per import part.
``map_batches`` runs them through a pool of actors; each actor calls ``open_analyser`` once (the
Engine wires it: the encoder, the static model, the skill index and the title normaliser load
once per actor) and then, per part, the very analysis the local import runs. The results, one
row per posting (title mapping, skills with scores and evidence, unmatched listed skills), are
written as Parquet under the data directory (``ray-imports/<id>/``); the driver reads them back
in order and stores everything in one transaction, as the local path does. The Parquet folder
is removed afterwards, whatever happened.

Without an address a local Ray is started with ``workers`` CPUs and stopped at the end; with one
(``ray://host:10001`` or ``auto``) the cluster's workers need skillmatch installed and the data
directory on the same path (shared storage).
"""

from __future__ import annotations

import contextlib
import logging
import pickle
import shutil
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from skillmatch.core.postings import JobPosting, PostingAnalysis
from skillmatch.errors import InvalidRequest

#: The work on one part: ``(items, context) -> one result per item``.
Analyser = Callable[[Sequence[Any], Any], list[Any]]
#: A result as one Parquet row of plain values, and back.
ToRecord = Callable[[Any], dict[str, Any]]
FromRecord = Callable[[dict[str, Any]], Any]
MISSING = "the Ray engine needs the optional extra: pip install 'skillmatch[ray]'"


def ray_available() -> bool:
    try:
        import ray  # noqa: F401
        import ray.data  # noqa: F401
    except ImportError:
        return False
    return True


class _Analyser:
    """One Ray actor: the analysis opened once, then run on whole import parts (one row each),
    giving one row per item."""

    def __init__(self, open_analyser: Callable[[], Analyser], to_record: ToRecord) -> None:
        self.analyse = open_analyser()
        self.to_record = to_record

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        columns: dict[str, list[Any]] = {"order": []}
        for first, blob in zip(batch["first"], batch["part"], strict=True):
            items, context = pickle.loads(blob)
            for i, result in enumerate(self.analyse(items, context)):
                columns["order"].append(int(first) + i)
                for key, value in self.to_record(result).items():
                    columns.setdefault(key, []).append(value)
        return columns


class RayParts:
    """The parts of an import run on Ray: ``open_analyser()`` once per worker, then each part
    through it; the results come back part by part, in order, through Parquet rows."""

    def __init__(self, open_analyser: Callable[[], Analyser], data_dir: Path, *, to_record: ToRecord,
                 from_record: FromRecord, address: str | None = None, workers: int = 2) -> None:
        if not ray_available():
            raise InvalidRequest(MISSING, field="engine")
        if workers < 1:
            raise InvalidRequest(f"workers must be at least 1, not {workers}", field="workers")
        self.open_analyser = open_analyser
        self.data_dir = data_dir
        self.to_record = to_record
        self.from_record = from_record
        self.address = address
        self.workers = workers

    def run(self, parts: Sequence[Sequence[Any]], context: Callable[[Sequence[Any]], Any]) -> Iterator[list[Any]]:
        """The results of every part, part by part; ``context(part)`` is what the analysis gets with it."""
        folder = self.data_dir / "ray-imports" / uuid.uuid4().hex
        with contextlib.redirect_stdout(sys.stderr):  # Ray's own notices never mix with the report on stdout
            yield from self._analysed(parts, context, folder)

    def _analysed(self, parts: Sequence[Sequence[Any]], context: Callable[[Sequence[Any]], Any],
                  folder: Path) -> Iterator[list[Any]]:
        import pyarrow.parquet as pq
        import ray

        started = not ray.is_initialized()
        if started:
            if self.address:
                ray.init(address=self.address, log_to_driver=False, logging_level=logging.WARNING)
            else:
                ray.init(num_cpus=self.workers, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING,
                         runtime_env={"env_vars": {"OMP_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}})
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        try:
            self._run(parts, context, folder)
            table = pq.read_table(folder).sort_by("order")
            records = table.drop(["order"]).to_pylist()
            at = 0
            for part in parts:
                yield [self.from_record(r) for r in records[at : at + len(part)]]
                at += len(part)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            if started:
                ray.shutdown()

    def _run(self, parts: Sequence[Sequence[Any]], context: Callable[[Sequence[Any]], Any], folder: Path) -> None:
        import ray

        data_context = ray.data.DataContext.get_current()
        data_context.execution_options.preserve_order = True
        data_context.enable_progress_bars = False
        # One row per import part, so a worker reads exactly the items the local import reads
        # together (the same batches of sentences and titles give the same numbers).
        items, first = [], 0
        for part in parts:
            items.append({"first": first, "part": pickle.dumps((list(part), context(part)))})
            first += len(part)
        dataset = ray.data.from_items(items, override_num_blocks=max(1, len(parts)))
        analysed = dataset.map_batches(
            _Analyser, fn_constructor_args=(self.open_analyser, self.to_record), batch_size=1, batch_format="numpy",
            concurrency=max(1, min(self.workers, len(parts))), num_cpus=1,
        )
        folder.parent.mkdir(parents=True, exist_ok=True)
        analysed.write_parquet(str(folder))


class RayPostings:
    """A :data:`~skillmatch.core.postings.PartsAnalyser` that runs the parts on Ray."""

    def __init__(self, open_analyser: Callable[[], Analyser], data_dir: Path, *, address: str | None = None,
                 workers: int = 2) -> None:
        self.parts = RayParts(open_analyser, data_dir, to_record=PostingAnalysis.record,
                              from_record=PostingAnalysis.of_record, address=address, workers=workers)

    def __call__(self, parts: Sequence[Sequence[JobPosting]], duplicate_of: Mapping[str, str]) -> Iterator[list[PostingAnalysis]]:
        return self.parts.run(parts, lambda part: {p.id: duplicate_of[p.id] for p in part if p.id in duplicate_of})


def pickled(result: Any) -> dict[str, Any]:
    """A result kept whole, as one binary column."""
    return {"pickled": pickle.dumps(result)}


def unpickled(record: dict[str, Any]) -> Any:
    return pickle.loads(record["pickled"])
