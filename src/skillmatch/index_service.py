"""The skill index: build it, tell whether it is current, rebuild it beside the requests being served."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from skillmatch.adapters.artifacts import label_rows
from skillmatch.core.skill_index import SkillEntries, SkillIndex
from skillmatch.encoders import ProgressFactory

if TYPE_CHECKING:
    from skillmatch.service import Engine


def taxonomy_info(engine: Engine) -> dict[str, Any]:
    """The current taxonomy's name, version and counts, and the state of its index."""
    manifest = engine.taxonomies.manifest()
    index = engine.artifacts.manifest()
    info: dict[str, Any] = {
        "name": manifest["name"],
        "version": manifest["version"],
        "source": manifest.get("source", ""),
        **{k: manifest["counts"][k] for k in ("skills", "occupations", "relations", "groups")},
        **{k: manifest["counts"].get(k, 0) for k in ("technologies", "skill_links")},
        "taxonomy_version": engine.taxonomies.versions.current_version(),
        "index": None,
    }
    if index is not None:
        info["index"] = {
            "version": engine.artifacts.current_version(),
            "model": index["model"],
            "vectors": index["counts"]["vectors"],
            "up_to_date": index["taxonomy"].get("fingerprint") == manifest["fingerprint"],
        }
    return info


def build_index(engine: Engine, progress: ProgressFactory,
                before_switch: Callable[[], object] | None = None) -> dict[str, Any]:
    """Embed every label and description of the taxonomy into a new artifacts version (and the
    labels in the static model's space, when there is one); ``before_switch`` runs once the new
    version is written, before it becomes current."""
    manifest = engine.taxonomies.manifest()
    entries = SkillEntries.from_taxonomy(engine.taxonomy())
    encoder = engine.bulk_encoder
    with progress("Embedding skill labels and descriptions", len(entries)) as advance:
        vectors = SkillIndex.embed(entries, encoder, progress=advance)
    static = engine.ensure_static_model(progress)
    phrase_vectors = None
    if static is not None and engine.static_encoder is not None:
        rows = label_rows(entries)
        with progress("Embedding skill labels for phrases", len(rows)) as advance:
            phrase_vectors = engine.static_encoder.encode([entries.texts[r] for r in rows], progress=advance)
    taxonomy_ref = {k: manifest[k] for k in ("name", "version", "fingerprint")}
    saved, version = engine.artifacts.save(
        entries, vectors, model_id=encoder.model_id, taxonomy=taxonomy_ref, kind=engine.settings.index_kind,
        phrase_vectors=phrase_vectors,
        static_model=None if phrase_vectors is None or static is None
        else {"sha256": static["sha256"], "versions": static["versions"]},
        before_switch=before_switch,
    )
    return {"version": version, **saved}


def index_is_current(engine: Engine) -> bool:
    """Whether the index was built from the current taxonomy, with the encoder and static model of now."""
    index = engine.artifacts.manifest()
    if index is None or not engine.taxonomies.exists():
        return False
    static = engine.static_encoder
    wants_static = engine.encoders.distillable() is not None
    return bool(
        index["taxonomy"].get("fingerprint") == engine.taxonomies.manifest()["fingerprint"]
        and index["model"] == engine.encoder.model_id
        and (not wants_static or (static is not None and (index.get("static_model") or {}).get("sha256")
                                  == getattr(static, "sha256", None)))
    )


def rebuild(engine: Engine, progress: ProgressFactory) -> dict[str, Any]:
    """Re-embed the skill index into a new artifacts version, rebuild the role profiles, and
    load what serving needs from the new version. The profiles are written (one transaction)
    once the new version is, and the switch to it is the last step, an atomic rename of
    CURRENT: a build that fails or a process that dies before it leaves the old index and
    the old profiles serving."""
    previous = engine.artifacts.current_version()
    counted: list[int] = []
    built = engine.build_index(progress, before_switch=lambda: counted.append(engine.roles.rebuild_profiles()))
    roles = counted[0]
    engine.skill_index()
    engine.extractor()
    engine.advice.similarity()
    return {"artifacts_version": built["version"], "previous_version": previous,
            "vectors": built["counts"]["vectors"], "skills": built["counts"]["skills"], "roles": roles}
