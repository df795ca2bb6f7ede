"""The encoders an engine reads text with, made on first use from :class:`Settings`.

- ``query``: the sentence-transformers model (or one given in code, as tests do), for one query;
- ``bulk``: the same behind the on-disk embedding cache, for index builds and imports;
- ``static``: the static model distilled from it (phrases, and sentences on the fast path), when built;
- ``titles``: a fine-tuned encoder for job titles when one is configured, else ``bulk``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import cached_property
from typing import TYPE_CHECKING, Any

from skillmatch.core.ports import AdditiveEncoder, Encoder, ProgressCallback
from skillmatch.settings import Settings

if TYPE_CHECKING:
    from skillmatch.adapters.encoder import SentenceTransformerEncoder

#: Opens a progress display for ``total`` items described by the text; yields the callback.
ProgressFactory = Callable[[str, int], AbstractContextManager[ProgressCallback | None]]


class Encoders:
    def __init__(self, settings: Settings, given: Encoder | None = None) -> None:
        self.settings = settings
        self._given = given

    @cached_property
    def query(self) -> Encoder:
        """The query encoder (no cache: one query is cheaper to encode than to look up)."""
        if self._given is not None:
            return self._given
        from skillmatch.adapters.encoder import SentenceTransformerEncoder

        s = self.settings
        return SentenceTransformerEncoder(s.model_path, batch_size=s.encode_batch_size, threads=s.threads,
                                          precision=s.precision)

    @cached_property
    def bulk(self) -> Encoder:
        """The encoder for index builds and imports, with the on-disk embedding cache."""
        from skillmatch.adapters.embedding_cache import CachedEncoder

        return CachedEncoder(self.query, self.settings.cache_dir / "embeddings.sqlite")

    def distillable(self) -> SentenceTransformerEncoder | None:
        """The query encoder when it is a model on disk a static model can be distilled from (an
        encoder made in code, as in tests, is not)."""
        from skillmatch.adapters.encoder import SentenceTransformerEncoder

        encoder = self.query
        return encoder if isinstance(encoder, SentenceTransformerEncoder) else None

    @cached_property
    def static(self) -> AdditiveEncoder | None:
        """The static model distilled from the encoder, when built."""
        from skillmatch.adapters.static_model import StaticEncoder, is_current

        folder = self.settings.static_model_dir
        if self.distillable() is None or not is_current(folder, self.query.model_id):
            return None
        return StaticEncoder(folder, verify=False)  # is_current has just checked its sha256

    def ensure_static(self, progress: ProgressFactory) -> dict[str, Any] | None:
        """Distil the static model from the encoder unless the data directory holds it already;
        its manifest (None for an encoder made in code)."""
        from skillmatch.adapters.static_model import distill_static_model, is_current, read_manifest

        encoder = self.distillable()
        if encoder is None:
            return None
        folder = self.settings.static_model_dir
        if not is_current(folder, encoder.model_id):
            with progress("Distilling the static phrase model", 1) as advance:
                distill_static_model(encoder.folder, encoder.model_id, folder)
                if advance:
                    advance(1)
            self.__dict__.pop("static", None)
        return read_manifest(folder)

    @cached_property
    def titles(self) -> Encoder:
        """The encoder for job titles: a fine-tuned one when present (scripts/train_title_encoder.py)."""
        path = self.settings.title_model
        if path is None:
            return self.bulk
        from skillmatch.adapters.embedding_cache import CachedEncoder
        from skillmatch.adapters.encoder import SentenceTransformerEncoder

        s = self.settings
        encoder = SentenceTransformerEncoder(path, batch_size=s.encode_batch_size, threads=s.threads,
                                             precision=s.precision)
        return CachedEncoder(encoder, s.cache_dir / "embeddings.sqlite")
