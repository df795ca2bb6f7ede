"""Credential files in, aligned credentials out: the catalog import workflow and look-ups the Engine exposes.

An import reads every file (:func:`~skillmatch.adapters.loaders.catalog.read_catalog`), aligns
each credential to the taxonomy (:mod:`skillmatch.core.alignment`) and stores them all in one
transaction. It lands whole or not at all: a bad record anywhere, or an id that is already
stored, rejects the import (:class:`ImportRejected`, every problem named by file, line or index
and field) and records it as rejected in the import history.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from skillmatch.adapters.storage.repository import Storage
from skillmatch.core.alignment import Alignment, SkillAligner, SkillSearch
from skillmatch.core.catalog import FORMATS, LEVELS, Credential, stacking_families
from skillmatch.core.extraction import SkillExtractor
from skillmatch.core.ports import ProgressCallback
from skillmatch.core.taxonomy import Taxonomy
from skillmatch.errors import ImportConflict, ImportRejected, InvalidRequest, Problem, UnknownCredential

#: Opens a progress display for ``total`` items described by the text; yields the callback.
Progress = Callable[[str, int], AbstractContextManager[ProgressCallback | None]]
#: The parts of a catalog import aligned elsewhere: ``parts -> one list of alignments per part``, in order.
PartsAligner = Callable[[Sequence[Sequence[Credential]]], Iterable[list[Alignment]]]

#: Credentials aligned and written together in an import.
IMPORT_PART = 256


class CatalogService:
    def __init__(
        self,
        storage: Storage,
        taxonomy: Callable[[], Taxonomy],
        extractor: Callable[[], SkillExtractor],
        search: SkillSearch,
    ) -> None:
        self.storage = storage
        self._taxonomy = taxonomy
        self._extractor = extractor
        self._search = search

    # -- import -------------------------------------------------------------------------
    def import_files(
        self,
        paths: Sequence[Path],
        *,
        column_map: Mapping[str, str] | None = None,
        lenient: bool = False,
        progress: Progress | None = None,
        source_prefix: str = "",
        aligned: PartsAligner | None = None,
    ) -> dict[str, Any]:
        """Read, align and store the credentials of ``paths`` (files or folders, recursively);
        ``source_prefix`` is left out of the file names stored with them; ``aligned`` aligns the
        parts elsewhere (a Ray cluster) with :meth:`align`."""
        from skillmatch.adapters.loaders.catalog import read_catalog

        files = [str(p).removeprefix(source_prefix) for p in paths]
        try:
            read = read_catalog(paths, column_map=column_map, lenient=lenient)
            items = [c.without_source_prefix(source_prefix) for c in read.credentials]
            inherited = [replace(found, origin=found.origin.without_prefix(source_prefix)).as_dict()
                         for found in read.inherited_providers]
            store = partial(self.import_credentials, passed_over=read.passed_over, aligned=aligned,
                            inherited_providers=inherited)
            if progress is None:
                return store(items, files)
            with progress("Aligning credentials to skills", len(items)) as advance:
                return store(items, files, advance)
        except ImportRejected as exc:
            problems = [{k: v.replace(source_prefix, "") if source_prefix and isinstance(v, str) else v
                         for k, v in p.as_dict().items()} for p in exc.problems]
            self.storage.record_rejected_import("catalog", files, {"problems": problems})
            raise

    def import_credentials(
        self,
        items: Sequence[Credential],
        files: Sequence[str],
        progress: ProgressCallback | None = None,
        *,
        passed_over: Sequence[Problem] = (),
        aligned: PartsAligner | None = None,
        inherited_providers: Sequence[Mapping[str, Any]] = (),
    ) -> dict[str, Any]:
        """Align and store credentials already read; returns the import report (the formats
        counted from the credentials' origins; ``passed_over`` and ``inherited_providers`` as
        the reading gave them)."""
        self._refuse_stored_ids(items)
        parts = [items[start : start + IMPORT_PART] for start in range(0, len(items), IMPORT_PART)]
        if aligned is None:
            aligner = SkillAligner(self._taxonomy(), self._extractor(), self._search)
            results: Iterable[list[Alignment]] = (aligner.align_many(part, progress) for part in parts)
        else:
            results = aligned(parts)
        done: list[Alignment] = []
        # Aligned and written a part at a time in one transaction: the rows of a part are
        # written before the next is read, and nothing lands unless all of it does.
        with self.storage.catalog_import(files) as batch:
            for part, found in zip(parts, results, strict=True):
                if [a.credential.id for a in found] != [c.id for c in part]:
                    raise RuntimeError("the alignments of an import part came back for other credentials")
                batch.add([a.credential for a in found])
                done.extend(found)
                if aligned is not None and progress:
                    progress(len(part))
            report = batch.report = self._report(done, passed_over, inherited_providers)
        report["import_id"] = batch.import_id
        return report

    def align(self, items: Sequence[Credential], context: Any = None) -> list[Alignment]:
        """One part of an import aligned to skills, as the import here does it (for a Ray worker)."""
        return SkillAligner(self._taxonomy(), self._extractor(), self._search).align_many(items)

    def _refuse_stored_ids(self, items: Sequence[Credential]) -> None:
        clashes = self.storage.existing_credential_ids(c.id for c in items)
        if clashes:
            raise ImportConflict(
                [_problem(c, f"a credential with id {c.id!r} is already stored; give this record another id", "id")
                 for c in items if c.id in clashes],
                accepted=len(items) - len(clashes),
            )

    def _report(self, aligned: Sequence[Alignment], passed_over: Sequence[Problem],
                inherited_providers: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        credentials = [a.credential for a in aligned]
        methods: Counter[str] = Counter(r.method for a in aligned for r in a.declared)
        unresolved = [
            {"credential_id": a.credential.id, "label": d.label, "uri": d.uri, "source": a.credential.source}
            for a in aligned
            for d in a.unresolved
        ]
        ids = {c.id for c in credentials}
        linked = {t for c in credentials for t in (*c.is_part_of, *c.has_part) if t not in ids}
        stored = self.storage.existing_credential_ids(linked)
        return {
            "accepted": len(credentials),
            "formats": _formats(credentials),
            "declared": {
                "total": sum(methods.values()),
                "resolved": sum(n for m, n in methods.items() if m != "unresolved"),
                "by_uri": methods["uri"], "by_label": methods["label"], "by_search": methods["search"],
                "unresolved": methods["unresolved"],
            },
            "unresolved_declared": unresolved,
            "unresolved_labels": dict(Counter(u["label"] or u["uri"] for u in unresolved).most_common()),
            "inferred": sum(len(a.inferred) for a in aligned),
            "skills": len({s.id for c in credentials for s in c.skills}),
            "without_skills": sorted(c.id for c in credentials if not c.skills),
            "stacking_families": [list(f) for f in stacking_families(credentials)],
            "links_to_unknown_credentials": sorted(linked - stored),
            "passed_over": [p.as_dict() for p in passed_over],
            "inherited_providers": [dict(found) for found in inherited_providers],
        }

    # -- look-up ------------------------------------------------------------------------
    def get(self, credential_id: str) -> Credential:
        found = self.storage.credential(credential_id.strip())
        if found is None:
            raise UnknownCredential(
                f"no credential with id {credential_id!r}; `skillmatch catalog list --query WORDS` finds ids",
                suggestions=self.suggestions(credential_id),
            )
        return found

    def suggestions(self, text: str, limit: int = 5) -> list[str]:
        """Ids of stored credentials whose id or title is close to ``text``."""
        names = self.storage.credential_names()
        key = text.strip().casefold()
        by_title: dict[str, str] = {}
        for cid, title in names:
            by_title.setdefault(title.casefold(), cid)
        close = difflib.get_close_matches(key, [cid.casefold() for cid, _ in names], n=limit, cutoff=0.5)
        close += [by_title[t] for t in difflib.get_close_matches(key, list(by_title), n=limit, cutoff=0.5)]
        words = set(key.split())
        close += [cid for cid, title in names if words and words <= set(title.casefold().split())]
        ids = {cid.casefold(): cid for cid, _ in names}
        return list(dict.fromkeys(ids.get(c, c) for c in close))[:limit]

    def list_credentials(
        self,
        *,
        query: str = "",
        provider: str = "",
        level: str | None = None,
        format: str | None = None,
        language: str = "",
        max_cost: float | None = None,
        free_only: bool = False,
        max_hours: float | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[int, list[Credential]]:
        if level is not None and level not in LEVELS:
            raise InvalidRequest(f"level {level!r} is not one of {', '.join(LEVELS)}", field="level")
        if format is not None and format not in FORMATS:
            raise InvalidRequest(f"format {format!r} is not one of {', '.join(FORMATS)}", field="format")
        for name, value in (("max_cost", max_cost), ("max_hours", max_hours)):
            if value is not None and value < 0:
                raise InvalidRequest(f"{name} must be 0 or more, not {value}", field=name)
        if not 1 <= limit <= 1000:
            raise InvalidRequest(f"limit must be between 1 and 1000, not {limit}", field="limit")
        if offset < 0:
            raise InvalidRequest(f"offset must be 0 or more, not {offset}", field="offset")
        return self.storage.list_credentials(
            query=query, provider=provider, level=level, format=format, language=language, max_cost=max_cost,
            free_only=free_only, max_hours=max_hours, limit=limit, offset=offset,
        )

    def all_credentials(self) -> list[Credential]:
        return self.storage.all_credentials()


def _problem(credential: Credential, reason: str, field: str) -> Problem:
    """A problem at the place a credential was read (at its stored source when it was not read here)."""
    if credential.origin is None:
        return Problem(credential.source, reason, field=field)
    return credential.origin.problem(reason, field)


def _formats(credentials: Sequence[Credential]) -> dict[str, int]:
    """How many credentials came from each format: csv, jsonl, open_badges_2, open_badges_3, ctdl."""
    counts = Counter(c.origin.format if c.origin is not None else "unknown" for c in credentials)
    return dict(sorted(counts.items()))
