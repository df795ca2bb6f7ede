"""Read a taxonomy of a given kind: the bundled default, an official ESCO export, O*NET files or a CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from skillmatch.core.taxonomy import Taxonomy
from skillmatch.errors import InvalidRequest

TaxonomyKind = Literal["esco", "onet", "csv", "default"]


def read_taxonomy(kind: TaxonomyKind, path: Path | None, version: str, *, bundled: Path) -> Taxonomy:
    """The taxonomy at ``path`` (``bundled``: the folder of the default one's archives)."""
    if kind == "default":
        from skillmatch.adapters.loaders.bundled import load_bundled

        return load_bundled(bundled)
    if path is None:
        raise InvalidRequest(f"importing a {kind} taxonomy needs a path", field="path")
    if kind == "esco":
        from skillmatch.adapters.loaders.esco import load_esco

        return load_esco(path, version=version)
    if kind == "onet":
        from skillmatch.adapters.loaders.onet import load_onet

        return load_onet(path, version=version)
    if kind == "csv":
        from skillmatch.adapters.loaders.custom_csv import load_custom_csv

        return load_custom_csv(path, version=version or "1")
    raise InvalidRequest(f"unknown taxonomy kind {kind!r}; use esco, onet, csv or default", field="kind")
