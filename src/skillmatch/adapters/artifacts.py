"""Saving and loading the skill index: vectors, the texts behind them and a JSON manifest.

Layout of one artifacts version::

    manifest.json      model, dimension, taxonomy (name, version, fingerprint), counts, sha256 per file
    skills.faiss       the vector index (faiss's own format)
    entries.json       skill ids and labels, and per vector: skill position, kind and text

Nothing is pickled; numpy arrays travel as JSON lists.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from skillmatch.adapters.faiss_index import FaissIndex
from skillmatch.adapters.versioned import VersionedStore
from skillmatch.core.skill_index import SkillEntries, SkillIndex
from skillmatch.errors import ArtifactsMissing, IntegrityError

FORMAT = 1


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
) -> dict[str, Any]:
    index.save(folder / "skills.faiss")
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
        "files": {name: _sha256(folder / name) for name in ("skills.faiss", "entries.json")},
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

    def load(self) -> tuple[SkillIndex, dict[str, Any], str]:
        folder = self.versions.current()
        if folder is None:
            raise ArtifactsMissing(
                f"no skill index in {self.versions.root}: run `skillmatch setup` or `skillmatch index build`"
            )
        index, manifest = read_skill_index(folder)
        return index, manifest, folder.name

    def save(
        self,
        entries: SkillEntries,
        vectors: np.ndarray,
        *,
        model_id: str,
        taxonomy: dict[str, Any],
        kind: str = "auto",
    ) -> tuple[dict[str, Any], str]:
        index = FaissIndex.from_vectors(vectors, kind)
        with self.versions.new_version() as folder:
            manifest = write_skill_index(folder, entries, index, model_id=model_id, taxonomy=taxonomy)
            name = folder.name
        # new_version() renamed the folder from its temporary name; report the final one.
        return manifest, self.versions.current_version() or name
