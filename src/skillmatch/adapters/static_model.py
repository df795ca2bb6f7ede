"""A static embedding model distilled from the sentence encoder, for reading phrases fast.

model2vec runs every token of the encoder's vocabulary through the encoder once, keeps one
vector per token (reduced to ``PCA_DIMS`` dimensions) and embeds a text as the weighted mean of
its tokens' vectors: a table lookup, tens of thousands of texts a second on one core. The
distillation runs offline from the local model folder (nothing is fetched), takes about a minute
on two cores, and gives the same file twice from the same encoder (its sha256 is recorded).

Layout of the folder (the artifacts' ``static-model/``)::

    model.safetensors, tokenizer.json, config.json, modules.json   model2vec's own files
    skillmatch_static.json   the encoder it was made from, sha256 of the weights, library versions
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import tempfile
import threading
from collections.abc import Sequence
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from skillmatch.adapters.encoder import file_sha256
from skillmatch.core.ports import ProgressCallback
from skillmatch.errors import ArtifactsMissing, IntegrityError

#: Dimensions kept by the distillation (model2vec's default); raise it and the model grows.
PCA_DIMS = 256
MANIFEST = "skillmatch_static.json"
FORMAT = 1


def _versions() -> dict[str, str]:
    found = {}
    for package in ("model2vec", "transformers", "torch", "tokenizers"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:  # pragma: no cover - always installed with the extra
            found[package] = "absent"
    return found


def read_manifest(folder: Path) -> dict[str, Any] | None:
    path = folder / MANIFEST
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def is_current(folder: Path, encoder_id: str) -> bool:
    """Whether ``folder`` holds a static model distilled from this encoder, intact."""
    manifest = read_manifest(folder)
    if manifest is None or manifest.get("format") != FORMAT or manifest.get("encoder") != encoder_id:
        return False
    weights = folder / "model.safetensors"
    return weights.is_file() and file_sha256(weights) == manifest.get("sha256")


def distill_static_model(encoder_folder: Path, encoder_id: str, target: Path) -> dict[str, Any]:
    """Distil the encoder at ``encoder_folder`` into ``target`` (replaced whole, atomically)."""
    try:
        from model2vec.distill import distill
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ArtifactsMissing("model2vec is not installed: pip install 'model2vec[distill]'") from exc
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".static-") as tmp:
        folder = Path(tmp) / "model"
        with contextlib.redirect_stderr(io.StringIO()):  # its own progress bar: the caller shows one
            model = distill(str(encoder_folder), pca_dims=PCA_DIMS, device="cpu")
        model.save_pretrained(str(folder))
        (folder / "README.md").unlink(missing_ok=True)  # a model card with the date in it
        manifest = {
            "format": FORMAT,
            "encoder": encoder_id,
            "pca_dims": PCA_DIMS,
            "sha256": file_sha256(folder / "model.safetensors"),
            "versions": _versions(),
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
        old = Path(tmp) / "old"
        if target.exists():
            target.rename(old)
        folder.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    return manifest


class StaticEncoder:
    """An :class:`~skillmatch.core.ports.Encoder` over a distilled static model."""

    def __init__(self, folder: Path, *, verify: bool = True) -> None:
        manifest = read_manifest(folder)
        if manifest is None:
            raise ArtifactsMissing(f"{folder} holds no static model: run `skillmatch index build`")
        if verify and file_sha256(folder / "model.safetensors") != manifest["sha256"]:
            raise IntegrityError(f"{folder / 'model.safetensors'} does not match its recorded sha256")
        self.folder = folder
        self.manifest = manifest
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return f"static:{self.manifest['encoder']}#{self.manifest['sha256'][:12]}"

    @property
    def sha256(self) -> str:
        return str(self.manifest["sha256"])

    @cached_property
    def _model(self) -> Any:
        from model2vec import StaticModel

        return StaticModel.from_pretrained(str(self.folder))

    @cached_property
    def dim(self) -> int:
        return int(self._model.dim)

    def sums(self, texts: Sequence[str]) -> np.ndarray:
        """The sum of each text's token vectors (``encode`` gives their mean, made unit length,
        so the two point the same way): texts read by adding what their words read."""
        model = self._model
        if model.token_mapping is not None or model.weights is not None:  # pragma: no cover - not what we distil
            raise IntegrityError(f"{self.folder} is not a plain static model: it cannot add up its words")
        with self._lock:
            ids = model.tokenize(list(texts))
        lengths = np.fromiter((len(i) for i in ids), dtype=np.int64, count=len(ids))
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        if lengths.sum():
            flat = np.fromiter((t for i in ids for t in i), dtype=np.int64, count=int(lengths.sum()))
            rows = np.repeat(np.arange(len(ids)), lengths)
            np.add.at(out, rows, np.asarray(model.embedding[flat], dtype=np.float32))
        return out

    def encode(self, texts: Sequence[str], *, progress: ProgressCallback | None = None) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:  # the fast tokenizer refuses concurrent use
            vecs = np.asarray(
                self._model.encode(texts, batch_size=4096, show_progress_bar=False, use_multiprocessing=False),
                dtype=np.float32,
            )
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        if progress:
            progress(len(texts))
        return vecs / np.where(norms > 0, norms, 1.0)
