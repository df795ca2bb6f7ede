"""Saving and loading the skill index: vectors, the texts behind them and a JSON manifest.

Layout of one artifacts version::

    manifest.json      model, dimension, taxonomy (name, version, fingerprint), counts, sha256 per file
    skills.faiss       the vector index (faiss's own format)
    entries.json       skill ids and labels, and per vector: skill position, kind and text
    phrases.faiss      the labels (not descriptions) in the static model's space, for reading
                       phrases fast; absent when the encoder has no static model (test encoders)

Nothing is pickled; numpy arrays travel as JSON lists.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from skillmatch.adapters.faiss_index import FaissIndex
from skillmatch.adapters.versioned import VersionedStore
from skillmatch.core.ports import SubsetIndex
from skillmatch.core.skill_index import EntryKind, SkillEntries, SkillIndex
from skillmatch.errors import ArtifactsMissing, IntegrityError

FORMAT = 1
#: Words and word pairs look for 8 neighbours among ~100k labels: a small search beam is
#: enough (RP@5 on the Decorte files is the same at 32 and 64, and 1.3 points lower on TECH at
#: 16; scripts/bench_extract.py) and takes a third less time than 64.
PHRASE_EF_SEARCH = 32


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def write_skill_index(
    folder: Path,
    entries: SkillEntries,
    index: FaissIndex,
    *,
    model_id: str,
    taxonomy: dict[str, Any],
    phrases: FaissIndex | None = None,
    static_model: dict[str, Any] | None = None,
) -> dict[str, Any]:
    index.save(folder / "skills.faiss")
    files = ["skills.faiss", "entries.json"]
    if phrases is not None:
        phrases.save(folder / "phrases.faiss")
        files.append("phrases.faiss")
    payload = {
        "skill_ids": list(entries.skill_ids),
        "skill_labels": list(entries.skill_labels),
        "skill_of": entries.skill_of.tolist(),
        "kind_of": entries.kind_of.tolist(),
        "texts": list(entries.texts),
    }
    (folder / "entries.json").write_text(json.dumps(payload, ensure_ascii=False))
    manifest = {
        "format": FORMAT,
        "kind": "skill-index",
        "model": model_id,
        "dim": index.dim,
        "index": index.kind,
        "taxonomy": taxonomy,
        "counts": entries.counts(),
        "static_model": static_model,
        "files": {name: _sha256(folder / name) for name in files},
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


def read_skill_index(folder: Path, *, verify: bool = True) -> tuple[SkillIndex, dict[str, Any]]:
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise ArtifactsMissing(f"{folder} holds no index manifest")
    manifest: dict[str, Any] = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT:
        raise ArtifactsMissing(
            f"{folder} was written in format {manifest.get('format')}, this version reads "
            f"{FORMAT}: run `skillmatch index build`"
        )
    if verify:
        for name, expected in manifest["files"].items():
            if _sha256(folder / name) != expected:
                raise IntegrityError(f"{folder / name} does not match its manifest checksum")
    payload = json.loads((folder / "entries.json").read_text())
    entries = SkillEntries(
        skill_ids=tuple(payload["skill_ids"]),
        skill_labels=tuple(payload["skill_labels"]),
        skill_of=np.asarray(payload["skill_of"], dtype=np.int32),
        kind_of=np.asarray(payload["kind_of"], dtype=np.int8),
        texts=tuple(payload["texts"]),
    )
    return SkillIndex(entries, FaissIndex.load(folder / "skills.faiss")), manifest


def label_rows(entries: SkillEntries) -> np.ndarray:
    """The rows of labels and alternative labels: what the phrase index holds, in order."""
    return np.flatnonzero(entries.kind_of != EntryKind.DESCRIPTION)


def read_phrase_index(folder: Path, entries: SkillEntries) -> SubsetIndex | None:
    path = folder / "phrases.faiss"
    if not path.is_file():
        return None
    inner = FaissIndex.load(path, ef_search=PHRASE_EF_SEARCH)
    return SubsetIndex(inner, label_rows(entries), len(entries))


def build_phrase_index(vectors: np.ndarray) -> FaissIndex:
    return FaissIndex.from_vectors(vectors, "auto", ef_search=PHRASE_EF_SEARCH)


class ArtifactStore:
    """The index artifacts of a data directory: build into a new version, swap atomically."""

    def __init__(self, root: Path, *, keep: int = 3) -> None:
        self.versions = VersionedStore(root, keep=keep)

    def current_version(self) -> str | None:
        return self.versions.current_version()

    def manifest(self) -> dict[str, Any] | None:
        folder = self.versions.current()
        if folder is None:
            return None
        return dict(json.loads((folder / "manifest.json").read_text()))

    def load(self) -> tuple[SkillIndex, dict[str, Any], str, SubsetIndex | None]:
        """The current index, its manifest, its version and its phrase index (if built)."""
        folder = self.versions.current()
        if folder is None:
            raise ArtifactsMissing(
                f"no skill index in {self.versions.root}: run `skillmatch setup` or `skillmatch index build`"
            )
        index, manifest = read_skill_index(folder)
        return index, manifest, folder.name, read_phrase_index(folder, index.entries)

    def save(
        self,
        entries: SkillEntries,
        vectors: np.ndarray,
        *,
        model_id: str,
        taxonomy: dict[str, Any],
        kind: str = "auto",
        phrase_vectors: np.ndarray | None = None,
        static_model: dict[str, Any] | None = None,
        before_switch: Callable[[], object] | None = None,
    ) -> tuple[dict[str, Any], str]:
        """``phrase_vectors``: the label rows (:func:`label_rows`) in the static model's space;
        ``before_switch`` runs once the new version is written and before it becomes current (a
        failure there, or the process dying, leaves the old version current)."""
        index = FaissIndex.from_vectors(vectors, kind)
        phrases = build_phrase_index(phrase_vectors) if phrase_vectors is not None else None
        with self.versions.new_version() as folder:
            manifest = write_skill_index(folder, entries, index, model_id=model_id, taxonomy=taxonomy,
                                         phrases=phrases, static_model=static_model)
            name = folder.name
            if before_switch is not None:
                before_switch()
        # new_version() renamed the folder from its temporary name; report the final one.
        return manifest, self.versions.current_version() or name
