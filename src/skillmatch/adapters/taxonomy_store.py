"""The project's own on-disk taxonomy format.

One version folder per import (see :mod:`skillmatch.adapters.versioned`) holding gzip'd JSON
Lines for skills, occupations and groups, gzip'd TSVs of occupation-skill relations and of
skill-skill links, and a ``manifest.json`` with the name, version, counts and a sha256 per file.
No pickle. Format 1 folders (without the links file) still read.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from skillmatch.adapters.versioned import VersionedStore
from skillmatch.core.taxonomy import Occupation, Skill, SkillGroup, SkillLink, SkillRelation, Taxonomy
from skillmatch.errors import ArtifactsMissing, IntegrityError

FORMAT = 2
_FILES = ("skills.jsonl.gz", "occupations.jsonl.gz", "groups.jsonl.gz", "relations.tsv.gz", "links.tsv.gz")


def _write_lines(path: Path, lines: Iterable[str]) -> str:
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=5) as fh:
        for line in lines:
            fh.write(line)
            fh.write("\n")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_lines(path: Path) -> Iterator[str]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield line.rstrip("\n")


def _skill_row(s: Skill) -> dict[str, Any]:
    row: dict[str, Any] = {"id": s.id, "label": s.label}
    if s.alt_labels:
        row["alt"] = list(s.alt_labels)
    if s.description:
        row["desc"] = s.description
    if s.kind != "skill":
        row["kind"] = s.kind
    if s.groups:
        row["groups"] = list(s.groups)
    if s.reuse_level:
        row["reuse"] = s.reuse_level
    return row


def _skill_from(row: dict[str, Any]) -> Skill:
    return Skill(
        id=row["id"],
        label=row["label"],
        alt_labels=tuple(row.get("alt", ())),
        description=row.get("desc", ""),
        kind=row.get("kind", "skill"),
        groups=tuple(row.get("groups", ())),
        reuse_level=row.get("reuse", ""),
    )


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def write_taxonomy(taxonomy: Taxonomy, folder: Path) -> dict[str, Any]:
    files: dict[str, str] = {}
    files["skills.jsonl.gz"] = _write_lines(
        folder / "skills.jsonl.gz",
        (_dumps(_skill_row(s)) for s in sorted(taxonomy.skills.values(), key=lambda s: s.id)),
    )
    files["occupations.jsonl.gz"] = _write_lines(
        folder / "occupations.jsonl.gz",
        (
            _dumps(
                {
                    "id": o.id,
                    "label": o.label,
                    "alt": list(o.alt_labels),
                    "desc": o.description,
                    "code": o.code,
                    **({"broader": list(o.broader)} if o.broader else {}),
                }
            )
            for o in sorted(taxonomy.occupations.values(), key=lambda o: o.id)
        ),
    )
    files["groups.jsonl.gz"] = _write_lines(
        folder / "groups.jsonl.gz",
        (
            _dumps({"id": g.id, "label": g.label, "code": g.code, "broader": list(g.broader)})
            for g in sorted(taxonomy.groups.values(), key=lambda g: g.id)
        ),
    )
    files["relations.tsv.gz"] = _write_lines(
        folder / "relations.tsv.gz",
        (
            "\t".join(
                (
                    r.occupation_id,
                    r.skill_id,
                    r.kind,
                    "" if r.importance is None else f"{r.importance:.4f}",
                    ",".join(r.flags),
                )
            )
            for r in taxonomy.relations
        ),
    )
    files["links.tsv.gz"] = _write_lines(
        folder / "links.tsv.gz", ("\t".join((k.skill_id, k.related_id, k.kind)) for k in taxonomy.links)
    )
    # A taxonomy without skill links keeps the fingerprint it had before links were stored.
    hashed = _FILES if taxonomy.links else _FILES[:-1]
    fingerprint = hashlib.sha256("".join(files[name] for name in hashed).encode()).hexdigest()
    manifest = {
        "format": FORMAT,
        "name": taxonomy.name,
        "version": taxonomy.version,
        "source": taxonomy.source,
        "counts": taxonomy.info().as_dict() | {},
        "fingerprint": fingerprint,
        "files": files,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / "manifest.json"
    if not path.is_file():
        raise ArtifactsMissing(f"{folder} holds no taxonomy manifest")
    manifest: dict[str, Any] = json.loads(path.read_text())
    return manifest


def read_taxonomy(folder: Path, *, verify: bool = True) -> Taxonomy:
    manifest = read_manifest(folder)
    if verify:
        for name, expected in manifest["files"].items():
            actual = hashlib.sha256((folder / name).read_bytes()).hexdigest()
            if actual != expected:
                raise IntegrityError(f"{folder / name} is corrupt (sha256 {actual} != {expected})")
    skills = (_skill_from(json.loads(line)) for line in _read_lines(folder / "skills.jsonl.gz"))
    occupations = (
        Occupation(
            id=row["id"],
            label=row["label"],
            alt_labels=tuple(row.get("alt", ())),
            description=row.get("desc", ""),
            code=row.get("code", ""),
            broader=tuple(row.get("broader", ())),
        )
        for row in map(json.loads, _read_lines(folder / "occupations.jsonl.gz"))
    )
    groups = (
        SkillGroup(
            id=row["id"], label=row["label"], code=row.get("code", ""), broader=tuple(row.get("broader", ()))
        )
        for row in map(json.loads, _read_lines(folder / "groups.jsonl.gz"))
    )
    relations = []
    for line in _read_lines(folder / "relations.tsv.gz"):
        occ, skill, kind, importance, flags = line.split("\t")
        relations.append(
            SkillRelation(
                occupation_id=occ,
                skill_id=skill,
                kind=kind,  # type: ignore[arg-type]
                importance=float(importance) if importance else None,
                flags=tuple(f for f in flags.split(",") if f),
            )
        )
    links = []
    if "links.tsv.gz" in manifest["files"]:
        for line in _read_lines(folder / "links.tsv.gz"):
            skill, related, kind = line.split("\t")
            links.append(SkillLink(skill, related, kind))  # type: ignore[arg-type]
    return Taxonomy.build(
        manifest["name"],
        manifest["version"],
        skills,
        occupations,
        relations,
        groups,
        source=manifest.get("source", ""),
        links=links,
    )


class TaxonomyStore:
    """The current taxonomy of a data directory, with its earlier versions kept for rollback."""

    def __init__(self, root: Path, *, keep: int = 3) -> None:
        self.versions = VersionedStore(root, keep=keep)

    def exists(self) -> bool:
        return self.versions.current() is not None

    def _folder(self) -> Path:
        folder = self.versions.current()
        if folder is None:
            raise ArtifactsMissing(
                f"no taxonomy in {self.versions.root}: run `skillmatch setup` for the default "
                "ESCO taxonomy, or `skillmatch taxonomy import esco|onet|csv PATH`"
            )
        return folder

    def load(self) -> Taxonomy:
        return read_taxonomy(self._folder())

    def manifest(self) -> dict[str, Any]:
        return read_manifest(self._folder())

    def save(self, taxonomy: Taxonomy) -> dict[str, Any]:
        with self.versions.new_version() as folder:
            manifest = write_taxonomy(taxonomy, folder)
        return manifest
