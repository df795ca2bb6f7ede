"""The composition root: settings -> adapters -> one :class:`Engine` the CLI and the API call."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from skillmatch.adapters.artifacts import ArtifactStore, label_rows
from skillmatch.adapters.taxonomy_store import TaxonomyStore
from skillmatch.core.extraction import FAST_CONFIG, Extraction, ExtractionConfig, PhraseSpace, SkillExtractor
from skillmatch.core.ports import AdditiveEncoder, Encoder, ProgressCallback, SubsetIndex
from skillmatch.core.postings import JobPosting, PostingAnalysis
from skillmatch.core.profiles import RoleProfile
from skillmatch.core.roles import RoleReading, TitleNormaliser
from skillmatch.core.skill_index import SkillEntries, SkillHit, SkillIndex
from skillmatch.core.taxonomy import Taxonomy
from skillmatch.core.text import normalise_label
from skillmatch.errors import ArtifactsMissing, InvalidRequest
from skillmatch.recommend_service import LearnerInput
from skillmatch.role_service import RoleService
from skillmatch.settings import Settings

if TYPE_CHECKING:
    from skillmatch.adapters.encoder import SentenceTransformerEncoder
    from skillmatch.adapters.storage.repository import DatabaseLock, Storage
    from skillmatch.catalog_service import CatalogService
    from skillmatch.core.catalog import Credential
    from skillmatch.recommend_service import RecommendService
    from skillmatch.team_service import TeamService

TaxonomyKind = Literal["esco", "onet", "csv", "default"]

#: Opens a progress display for ``total`` items described by the text; yields the callback.
ProgressFactory = Callable[[str, int], AbstractContextManager[ProgressCallback | None]]


#: A stored role is found by meaning when its occupation is at least this close to the query read
#: as a job title (a little above the 0.55 at which a title is read as an occupation: a list
#: should not fill up with loose neighbours).
ROLE_SEARCH_AT = 0.6
#: role readings remembered (per text and version of roles, taxonomy and index)
ROLE_READINGS_KEPT = 1024


def no_progress(description: str, total: int) -> AbstractContextManager[ProgressCallback | None]:
    return nullcontext(None)


@dataclass(frozen=True)
class LoadedIndex:
    index: SkillIndex
    manifest: dict[str, Any]
    version: str
    phrases: SubsetIndex | None = None  # the labels in the static model's space


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _changes(method: _Method) -> _Method:
    """An Engine method that changes what is stored: the engine forgets its stamps after it."""
    @functools.wraps(method)
    def wrapper(self: Engine, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        finally:
            self._changed()
    return wrapper  # type: ignore[return-value]


class Engine:
    """Everything skillmatch can do, wired to the adapters chosen by :class:`Settings`."""

    def __init__(self, settings: Settings | None = None, *, encoder: Encoder | None = None) -> None:
        self.settings = settings or Settings()
        self._encoder_override = encoder
        self.taxonomies = TaxonomyStore(self.settings.taxonomy_dir, keep=self.settings.keep_versions)
        self.artifacts = ArtifactStore(self.settings.artifacts_dir, keep=self.settings.keep_versions)
        self._lock = threading.RLock()
        self._taxonomy: tuple[str, Taxonomy] | None = None
        self._index: LoadedIndex | None = None
        self._extractor: tuple[str, bool, SkillExtractor] | None = None
        self._titles: tuple[str, TitleNormaliser] | None = None
        self._catalog_cache: tuple[str, list[Credential]] | None = None
        self._stamps: dict[str, tuple[float, str | None]] = {}
        self._role_readings: dict[tuple[str, ...], tuple[RoleProfile, RoleReading]] = {}
        self._pinned: ContextVar[LoadedIndex | None] = ContextVar(f"skillmatch_index_{id(self)}", default=None)

    # -- adapters -----------------------------------------------------------------------
    @cached_property
    def encoder(self) -> Encoder:
        """The query encoder (no cache: one query is cheaper to encode than to look up)."""
        if self._encoder_override is not None:
            return self._encoder_override
        from skillmatch.adapters.encoder import SentenceTransformerEncoder

        return SentenceTransformerEncoder(
            self.settings.model_path,
            batch_size=self.settings.encode_batch_size,
            threads=self.settings.threads,
            precision=self.settings.precision,
        )

    @cached_property
    def bulk_encoder(self) -> Encoder:
        """The encoder for index builds and imports, with the on-disk embedding cache."""
        from skillmatch.adapters.embedding_cache import CachedEncoder

        return CachedEncoder(self.encoder, self.settings.cache_dir / "embeddings.sqlite")

    def _distillable(self) -> SentenceTransformerEncoder | None:
        """The encoder when it is a model on disk a static model can be distilled from (an
        encoder made in code, as in tests, is not)."""
        from skillmatch.adapters.encoder import SentenceTransformerEncoder

        encoder = self.encoder
        return encoder if isinstance(encoder, SentenceTransformerEncoder) else None

    @cached_property
    def static_encoder(self) -> AdditiveEncoder | None:
        """The static model distilled from the encoder (phrases, the fast path), when built."""
        from skillmatch.adapters.static_model import StaticEncoder, is_current

        folder = self.settings.static_model_dir
        if self._distillable() is None or not is_current(folder, self.encoder.model_id):
            return None
        return StaticEncoder(folder, verify=False)  # is_current has just checked its sha256

    def ensure_static_model(self, progress: ProgressFactory = no_progress) -> dict[str, Any] | None:
        """Distil the static model from the encoder unless the data directory holds it already."""
        from skillmatch.adapters.static_model import distill_static_model, is_current, read_manifest

        encoder = self._distillable()
        if encoder is None:
            return None
        folder = self.settings.static_model_dir
        if not is_current(folder, encoder.model_id):
            with progress("Distilling the static phrase model", 1) as advance:
                distill_static_model(encoder.folder, encoder.model_id, folder)
                if advance:
                    advance(1)
            self.__dict__.pop("static_encoder", None)
        return read_manifest(folder)

    @cached_property
    def title_encoder(self) -> Encoder:
        """The encoder for job titles: a fine-tuned one when present (scripts/train_title_encoder.py)."""
        path = self.settings.title_model
        if path is None:
            return self.bulk_encoder
        from skillmatch.adapters.embedding_cache import CachedEncoder
        from skillmatch.adapters.encoder import SentenceTransformerEncoder

        encoder = SentenceTransformerEncoder(path, batch_size=self.settings.encode_batch_size,
                                             threads=self.settings.threads, precision=self.settings.precision)
        return CachedEncoder(encoder, self.settings.cache_dir / "embeddings.sqlite")

    @cached_property
    def storage(self) -> Storage:
        from skillmatch.adapters.storage.repository import Storage

        return Storage(self.settings.database)

    @cached_property
    def roles(self) -> RoleService:
        return RoleService(
            self.storage,
            taxonomy=self.taxonomy,
            extractor=self.extractor,
            skill_index=lambda: self.skill_index().index,
            titles=self.title_normaliser,
            search=lambda text: self.search_skills(text, 1, cached=True),
        )

    @cached_property
    def catalog(self) -> CatalogService:
        from skillmatch.catalog_service import CatalogService

        return CatalogService(
            self.storage,
            taxonomy=self.taxonomy,
            extractor=self.extractor,
            search=lambda text: self.search_skills(text, 1, cached=True),
        )

    @cached_property
    def advice(self) -> RecommendService:
        from skillmatch.recommend_service import RecommendService

        def index() -> tuple[str, SkillIndex]:
            loaded = self.skill_index()
            return loaded.version, loaded.index

        return RecommendService(
            taxonomy=self.taxonomy,
            skill_index=index,
            extractor=self.extractor,
            search=lambda text: self.search_skills(text, 3),
            role=self.read_role,
            catalog=self._catalog_snapshot,
            rates=self.settings.rates_to,
        )

    @cached_property
    def teams(self) -> TeamService:
        from skillmatch.adapters.storage.teams import TeamStore
        from skillmatch.team_service import TeamService

        return TeamService(TeamStore(self.storage.engine), learner=self.advice.learner, role=self.role_profile,
                           constraints=self.advice.constraints, team_gap=self.team_gap)

    def _stamp(self, name: str, read: Callable[[], str | None]) -> str | None:
        """``read()``, a stamp that changes with what is stored (the catalog, the role profiles,
        the current taxonomy and index versions), read again at most every ``freshness``
        seconds: a request then costs no database round trip or file read to learn that nothing
        changed. A change this engine makes is seen at once (``_changed``); one made by another
        process (a CLI import, another server) within ``freshness`` seconds."""
        now = time.monotonic()
        found = self._stamps.get(name)
        if found is None or now - found[0] >= self.settings.freshness:
            found = self._stamps[name] = (now, read())
        return found[1]

    def _changed(self) -> None:
        """Forget the stamps: this engine has just changed what is stored."""
        self._stamps.clear()

    def catalog_version(self) -> str:
        return self._stamp("catalog", self.storage.catalog_stamp) or ""

    def taxonomy_version(self) -> str | None:
        return self._stamp("taxonomy", self.taxonomies.versions.current_version)

    def artifacts_version(self) -> str | None:
        return self._stamp("artifacts", self.artifacts.current_version)

    def _catalog_snapshot(self) -> tuple[str, list[Credential]]:
        """The stored catalog and a stamp that changes whenever an import lands."""
        stamp = self.catalog_version()
        with self._lock:
            if self._catalog_cache is None or self._catalog_cache[0] != stamp:
                self._catalog_cache = (stamp, self.all_credentials())
            return self._catalog_cache

    def title_normaliser(self) -> TitleNormaliser:
        """Occupations of the current taxonomy, matched by title (built once per taxonomy version)."""
        version = self.taxonomy_version() or ""
        with self._lock:
            if self._titles is None or self._titles[0] != version:
                from skillmatch.adapters.places import place_names

                occupations = list(self.taxonomy().occupations.values())
                self._titles = (version, TitleNormaliser(occupations, self.title_encoder, places=place_names()))
            return self._titles[1]

    # -- taxonomy -----------------------------------------------------------------------
    def taxonomy(self) -> Taxonomy:
        version = self.taxonomy_version()
        if version is None:
            self.taxonomies.load()  # raises ArtifactsMissing with the fix
        with self._lock:
            if self._taxonomy is None or self._taxonomy[0] != version:
                self._taxonomy = (str(version), self.taxonomies.load())
            return self._taxonomy[1]

    @_changes
    def import_taxonomy(
        self, kind: TaxonomyKind, path: Path | None = None, *, add: bool = False, version: str = ""
    ) -> dict[str, Any]:
        """Read a taxonomy and make it current; with ``add``, extend the current one instead.

        The file is read completely before anything is written, so a bad file leaves the
        current taxonomy as it was.
        """
        taxonomy = self._read_taxonomy(kind, path, version)
        if add:
            taxonomy = self.taxonomy().merged_with(taxonomy)
        return self.taxonomies.save(taxonomy)

    def _read_taxonomy(self, kind: TaxonomyKind, path: Path | None, version: str) -> Taxonomy:
        if kind == "default":
            from skillmatch.adapters.loaders.bundled import load_bundled

            return load_bundled(self.settings.taxonomy_sources)
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

    def taxonomy_info(self) -> dict[str, Any]:
        manifest = self.taxonomies.manifest()
        index = self.artifacts.manifest()
        info: dict[str, Any] = {
            "name": manifest["name"],
            "version": manifest["version"],
            "source": manifest.get("source", ""),
            **{k: manifest["counts"][k] for k in ("skills", "occupations", "relations", "groups")},
            **{k: manifest["counts"].get(k, 0) for k in ("technologies", "skill_links")},
            "taxonomy_version": self.taxonomies.versions.current_version(),
            "index": None,
        }
        if index is not None:
            info["index"] = {
                "version": self.artifacts.current_version(),
                "model": index["model"],
                "vectors": index["counts"]["vectors"],
                "up_to_date": index["taxonomy"].get("fingerprint") == manifest["fingerprint"],
            }
        return info

    # -- skill index --------------------------------------------------------------------
    @_changes
    def build_index(self, progress: ProgressFactory = no_progress, *,
                    before_switch: Callable[[], object] | None = None) -> dict[str, Any]:
        manifest = self.taxonomies.manifest()
        entries = SkillEntries.from_taxonomy(self.taxonomy())
        encoder = self.bulk_encoder
        with progress("Embedding skill labels and descriptions", len(entries)) as advance:
            vectors = SkillIndex.embed(entries, encoder, progress=advance)
        static = self.ensure_static_model(progress)
        phrase_vectors = None
        if static is not None and self.static_encoder is not None:
            rows = label_rows(entries)
            with progress("Embedding skill labels for phrases", len(rows)) as advance:
                phrase_vectors = self.static_encoder.encode([entries.texts[r] for r in rows], progress=advance)
        taxonomy_ref = {k: manifest[k] for k in ("name", "version", "fingerprint")}
        saved, version = self.artifacts.save(
            entries, vectors, model_id=encoder.model_id, taxonomy=taxonomy_ref, kind=self.settings.index_kind,
            phrase_vectors=phrase_vectors,
            static_model=None if phrase_vectors is None or static is None
            else {"sha256": static["sha256"], "versions": static["versions"]},
            before_switch=before_switch,
        )
        return {"version": version, **saved}

    def index_is_current(self) -> bool:
        index = self.artifacts.manifest()
        if index is None or not self.taxonomies.exists():
            return False
        static = self.static_encoder
        wants_static = self._distillable() is not None
        return bool(
            index["taxonomy"].get("fingerprint") == self.taxonomies.manifest()["fingerprint"]
            and index["model"] == self.encoder.model_id
            and (not wants_static or (static is not None and (index.get("static_model") or {}).get("sha256")
                                      == getattr(static, "sha256", None)))
        )

    def skill_index(self) -> LoadedIndex:
        pinned = self._pinned.get()
        if pinned is not None:
            return pinned
        version = self.artifacts_version()
        with self._lock:
            if self._index is None or self._index.version != version:
                index, manifest, loaded_version, phrases = self.artifacts.load()
                if manifest["model"] != self.encoder.model_id:
                    raise ArtifactsMissing(
                        f"the skill index was built with {manifest['model']}, but the encoder is "
                        f"{self.encoder.model_id}: run `skillmatch index build`"
                    )
                static = self.static_encoder
                built_with = (manifest.get("static_model") or {}).get("sha256")
                if phrases is not None and (static is None or built_with != getattr(static, "sha256", None)):
                    phrases = None  # made with another static model: phrases go through the encoder
                self._index = LoadedIndex(index, manifest, loaded_version, phrases)
            return self._index

    @contextmanager
    def pinned(self) -> Iterator[LoadedIndex]:
        """Answer everything inside the block from one index version (one request, one batch):
        a rebuild that switches versions meanwhile is seen only by work started after it."""
        loaded = self.skill_index()
        token = self._pinned.set(loaded)
        try:
            yield loaded
        finally:
            self._pinned.reset(token)

    @_changes
    def rebuild(self, progress: ProgressFactory = no_progress) -> dict[str, Any]:
        """Re-embed the skill index into a new artifacts version, rebuild the role profiles, and
        load what serving needs from the new version. The profiles are written (one transaction)
        once the new version is, and the switch to it is the last step, an atomic rename of
        CURRENT: a build that fails or a process that dies before it leaves the old index and
        the old profiles serving."""
        previous = self.artifacts.current_version()
        counted: list[int] = []
        built = self.build_index(progress, before_switch=lambda: counted.append(self.roles.rebuild_profiles()))
        roles = counted[0]
        self.skill_index()
        self.extractor()
        self.advice.similarity()
        return {"artifacts_version": built["version"], "previous_version": previous,
                "vectors": built["counts"]["vectors"], "skills": built["counts"]["skills"], "roles": roles}

    def search_skills(self, text: str, top: int = 10, *, cached: bool = False) -> list[SkillHit]:
        """The closest skills; ``cached`` encodes through the on-disk embedding cache (imports,
        where the same labels come again and again; a single query is faster without it)."""
        text = text.strip()
        if not text:
            raise InvalidRequest("the search text is empty", field="q")
        if not 1 <= top <= 200:
            raise InvalidRequest(f"top must be between 1 and 200, not {top}", field="top")
        loaded = self.skill_index()
        exact = loaded.index.exact(text)
        if exact is not None and top == 1:
            return [exact]  # what the search would put first anyway, without encoding the text
        encoder = self.bulk_encoder if cached else self.encoder
        hits = loaded.index.search_vectors(encoder.encode([text]), top)[0]
        if exact is not None:
            hits = [exact, *(h for h in hits if h.id != exact.id)][:top]
        return hits

    # -- extraction -------------------------------------------------------------------
    def extractor(self, config: ExtractionConfig | None = None, *, fast: bool | None = None) -> SkillExtractor:
        """The skill extractor over the current index (built once per index version); ``fast``
        (default: the ``extraction`` setting) lets the static model read sentences too."""
        fast = self.settings.extraction == "fast" if fast is None else fast
        loaded = self.skill_index()
        if config is not None:
            return self._make_extractor(loaded, config, fast)
        with self._lock:
            if self._extractor is None or self._extractor[:2] != (loaded.version, fast):
                self._extractor = (loaded.version, fast, self._make_extractor(loaded, None, fast))
            return self._extractor[2]

    def _make_extractor(self, loaded: LoadedIndex, config: ExtractionConfig | None, fast: bool) -> SkillExtractor:
        from skillmatch.adapters.places import place_names

        non_skill: dict[str, str] = {name: "place" for name in place_names()}
        for occupation in self.taxonomy().occupations.values():
            for label in (occupation.label, *occupation.alt_labels):
                key = normalise_label(label)
                if key and len(key.split()) <= 6:
                    non_skill[key] = "occupation"
        from skillmatch.adapters.label_automaton import AutomatonFinder

        actions = [label for skill in self.taxonomy().skills.values() if skill.kind == "skill"
                   for label in skill.labels if " " not in label.strip() and label.strip().islower()]
        common: dict[str, Any] = {"config": config, "non_skill_terms": non_skill, "label_finder": AutomatonFinder,
                                  "action_words": actions, "products": self.taxonomy().technologies()}
        static = self.static_encoder
        if loaded.phrases is None or static is None:
            if fast:
                raise ArtifactsMissing("the fast path needs the static model: run `skillmatch index build`")
            return SkillExtractor(loaded.index, self.bulk_encoder, **common)
        space = PhraseSpace(static, loaded.phrases)
        if fast:
            common["config"] = config or FAST_CONFIG
            return SkillExtractor(SkillIndex(loaded.index.entries, loaded.phrases), static, phrase_space=space, **common)
        return SkillExtractor(loaded.index, self.bulk_encoder, phrase_space=space, **common)

    def extract_skills(self, text: str, *, exclude: Sequence[str] = ()) -> Extraction:
        if not text.strip():
            raise InvalidRequest("the text is empty", field="text")
        return self.extractor().extract(text, exclude=exclude)

    def evaluate_extraction(self, path: Path, *, baselines: bool = False, both_paths: bool = False) -> dict[str, Any]:
        """``ours`` is the configured path; ``both_paths`` adds the other one under its name
        (``default`` or ``fast``)."""
        from skillmatch.adapters.loaders.benchmarks import read_decorte
        from skillmatch.core.evaluation import EseBaseline, LabelBaseline, evaluate_extraction, resolve_gold

        items = read_decorte(path)
        taxonomy = self.taxonomy()
        gold, missing = resolve_gold([(i.text, i.labels) for i in items], taxonomy)
        if not gold:
            raise InvalidRequest(f"no sentence of {path} has a label found in the {taxonomy.name} taxonomy")
        methods: dict[str, LabelBaseline | EseBaseline] = {}
        if baselines:
            methods = {
                "baseline_label": LabelBaseline(taxonomy, self.bulk_encoder),
                "baseline_ese": EseBaseline(taxonomy, self.bulk_encoder),
            }
        results: dict[str, Any] = evaluate_extraction(gold, self.extractor(), baselines=methods)
        if both_paths:
            other = "default" if self.settings.extraction == "fast" else "fast"
            results[other] = evaluate_extraction(gold, self.extractor(fast=other == "fast"))["ours"]
        results["data"] = {
            "file": str(path),
            "sentences": len(items),
            "with_skills": len(gold),
            "labels_not_in_taxonomy": sorted(set(missing)),
            "taxonomy": f"{taxonomy.name} {taxonomy.version}",
            "model": self.encoder.model_id,
            "path": self.settings.extraction,
        }
        return results

    # -- postings and roles -------------------------------------------------------------
    @_changes
    def import_postings(self, paths: Sequence[Path], *, column_map: dict[str, str] | None = None, role: str = "",
                        progress: ProgressFactory = no_progress, source_prefix: str = "",
                        engine: str = "local", address: str | None = None, workers: int = 2) -> dict[str, Any]:
        """Read, analyse and store postings; an import lands whole or not at all. ``source_prefix``
        (a temporary upload folder) is left out of the file names stored with each posting.
        ``engine="ray"`` analyses them on a Ray cluster (``address``; a local one with ``workers``
        CPUs without it), with the same analysis, then stores them here as the local path does."""
        from skillmatch.adapters.embedding_cache import reading_as_of
        from skillmatch.adapters.loaders.postings import load_postings
        from skillmatch.errors import ImportRejected

        started = time.time()  # the import reads the embedding cache as of now, on every worker
        analysed = None
        if engine == "ray":
            from skillmatch.adapters.ray_import import RayPostings

            analysed = RayPostings(partial(_postings_analysis, self.settings, started), Path(self.settings.data_dir),
                                   address=address, workers=workers)
        elif engine != "local":
            raise InvalidRequest(f"the engine is local or ray, not {engine!r}", field="engine")
        files = [str(p).removeprefix(source_prefix) for p in paths]
        try:
            postings = load_postings(paths, column_map=column_map, role=role)
            if source_prefix:
                postings = [replace(p, source=p.source.removeprefix(source_prefix)) for p in postings]
            with progress("Reading postings", len(postings)) as advance, reading_as_of(started):
                return self.roles.import_postings(postings, files, advance, analysed)
        except ImportRejected as exc:
            problems = [{k: v.replace(source_prefix, "") if source_prefix and isinstance(v, str) else v
                         for k, v in p.as_dict().items()} for p in exc.problems]
            self.storage.record_rejected_import("postings", files, {"problems": problems})
            raise

    def admin_lock(self) -> DatabaseLock | None:
        """The database's lock for admin writes (None: another server sharing the database holds it)."""
        return self.storage.admin_lock()

    def admin_lock_held(self) -> bool:
        return self.storage.admin_lock_held()

    def role_profile(self, text: str) -> RoleProfile:
        return self.read_role(text)[0]

    def read_role(self, text: str) -> tuple[RoleProfile, RoleReading]:
        """The role a request's text names, and how it was read (by id, label or job title)."""
        if not text.strip():
            raise InvalidRequest("the role is empty", field="role")
        key = (text, self._stamp("roles", self.storage.roles_stamp) or "", self.taxonomy_version() or "",
               self.artifacts_version() or "")
        found = self._role_readings.get(key)
        if found is None:
            found = self.roles.read(text)
            if len(self._role_readings) >= ROLE_READINGS_KEPT:
                self._role_readings.clear()
            self._role_readings[key] = found
        return found

    def list_roles(self, query: str = "", limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """Stored roles whose label has the query's words (or id), then those whose occupation is
        close to the query read as a job title ("health" finds the nurses), each marked with how
        it matched (``match``: words / meaning, with ``score`` for meaning)."""
        if not query.strip():
            return self.storage.list_roles(query, limit, offset)
        _, by_words = self.storage.list_roles(query, 10_000, 0)
        found = [{**r, "match": "words", "score": None} for r in by_words]
        seen = {r["id"] for r in found}
        taxonomy = self.taxonomy()
        if taxonomy.occupations:
            _, stored = self.storage.list_roles("", 10_000, 0)
            by_id = {r["id"]: r for r in stored}
            for occupation_id, score in self.title_normaliser().rank([query], top=50)[0]:
                if score >= ROLE_SEARCH_AT and occupation_id in by_id and occupation_id not in seen:
                    found.append({**by_id[occupation_id], "match": "meaning", "score": round(float(score), 4)})
                    seen.add(occupation_id)
        return len(found), found[offset : offset + limit]

    def evaluate_titles(self, path: Path, *, baseline: bool = False) -> dict[str, Any]:
        from skillmatch.adapters.loaders.benchmarks import read_jobbert
        from skillmatch.core.evaluation import evaluate_titles

        taxonomy = self.taxonomy()
        items = read_jobbert(path)
        known = [(title, uri) for title, uri in items if uri in taxonomy.occupations]
        if not known:
            raise InvalidRequest(f"no title of {path} is labelled with an occupation of the {taxonomy.name} taxonomy")
        results: dict[str, Any] = {"ours": evaluate_titles(known, self.title_normaliser())}
        if baseline:
            plain = TitleNormaliser(
                [replace(o, alt_labels=(), description="") for o in taxonomy.occupations.values()],
                self.bulk_encoder, description_weight=0.0, word_weight=0.0, umbrella_penalty=0.0, readings=False,
            )
            results["baseline"] = evaluate_titles(known, plain)
        results["data"] = {
            "file": str(path), "titles": len(items), "scored": len(known),
            "taxonomy": f"{taxonomy.name} {taxonomy.version}",
            "title_model": self.title_encoder.model_id, "baseline_model": self.bulk_encoder.model_id,
        }
        return results

    # -- credential catalog -------------------------------------------------------------
    @_changes
    def import_catalog(self, paths: Sequence[Path], *, column_map: dict[str, str] | None = None,
                       lenient: bool = False, progress: ProgressFactory = no_progress,
                       source_prefix: str = "", engine: str = "local", address: str | None = None,
                       workers: int = 2) -> dict[str, Any]:
        """Read, align and store credentials (files or folders); an import lands whole or not at all.
        ``source_prefix`` (a temporary upload folder) is left out of the stored file names;
        ``engine="ray"`` aligns them on a Ray cluster (as :meth:`import_postings`)."""
        from skillmatch.adapters.embedding_cache import reading_as_of

        started = time.time()
        aligned = None
        if engine == "ray":
            from skillmatch.adapters.ray_import import RayParts, pickled, unpickled

            on_ray = RayParts(partial(_catalog_alignment, self.settings, started), Path(self.settings.data_dir),
                              to_record=pickled, from_record=unpickled, address=address, workers=workers)
            aligned = partial(on_ray.run, context=lambda part: None)
        elif engine != "local":
            raise InvalidRequest(f"the engine is local or ray, not {engine!r}", field="engine")
        with reading_as_of(started):
            return self.catalog.import_files(paths, column_map=column_map, lenient=lenient, progress=progress,
                                             source_prefix=source_prefix, aligned=aligned)

    def credential(self, credential_id: str) -> Credential:
        """One stored credential with its skills; UnknownCredential (with close ids) when there is none."""
        if not credential_id.strip():
            raise InvalidRequest("the credential id is empty", field="id")
        return self.catalog.get(credential_id)

    def list_credentials(self, **filters: Any) -> tuple[int, list[Credential]]:
        """(total, one page): filters query, provider, level, format, language, max_cost, free_only,
        max_hours, limit, offset (see Storage.list_credentials)."""
        return self.catalog.list_credentials(**filters)

    def all_credentials(self) -> list[Credential]:
        """Every stored credential with its skills (declared and inferred), ordered by id."""
        return self.catalog.all_credentials()

    # -- gaps and recommendations -------------------------------------------------------
    def prepare_catalog(self) -> int:
        """Prepare the catalog for the stored roles' skills (see ``RecommendService.prepare``)."""
        return self.advice.prepare(self.storage.role_skill_ids())

    def recommend(self, role: str, learner: LearnerInput, constraints: dict[str, Any] | None = None,
                  limit: int = 5) -> dict[str, Any]:
        """The learner's gap against the role, the credentials that close most of it within the
        constraints, and the order to take them in."""
        answer = self.advice.recommend(role, learner, constraints, limit)
        answer["meta"] = self.meta()
        return answer

    def gap(self, role: str, learner: LearnerInput) -> dict[str, Any]:
        profile, person, gap, reading = self.advice.gap(role, learner)
        from skillmatch.recommend_service import role_summary

        return {"role": role_summary(profile, reading), "gap": gap.as_dict(), "learner": person.as_dict(), "meta": self.meta()}

    def team_gap(self, team: dict[str, Any], limit: int = 5) -> dict[str, Any]:
        """Where a team is weakest against its target role(s), and one training plan for it."""
        answer = self.advice.team(team, limit)
        answer["meta"] = self.meta()
        return answer

    def evaluate_recommend(self, jcrec: Path, *, esco: Path | None = None, scenarios: int = 200, seed: int = 42,
                           market: bool = True, min_share: float = 0.5) -> dict[str, Any]:
        """Career-change scenarios from ESCO over the JCRec Udemy catalog (ours, plain semantic search
        and the greedy of Frej et al., in one run), and the Frej et al. job-market setting."""
        from skillmatch.adapters.loaders.jcrec import load_jcrec
        from skillmatch.core.evaluate_recommend import (
            career_change_scenarios,
            evaluate_career_change,
            evaluate_market,
            market_occupations,
        )
        from skillmatch.core.pool import CredentialPool
        from skillmatch.core.similarity import CreditRule, HierarchySimilarity, similarity_from_encoder

        if esco is not None:
            from skillmatch.adapters.loaders.esco import load_esco

            taxonomy = load_esco(esco)
        else:
            taxonomy = self.taxonomy()
        if not taxonomy.relations:
            raise InvalidRequest(
                f"the {taxonomy.name} taxonomy has no occupation-skill relations to build scenarios from: "
                "pass the official ESCO export with --esco", field="esco")
        data = load_jcrec(jcrec)
        pool = CredentialPool(data.credentials)
        taught = {t.id for c in pool.credentials for t in c.skills}
        cases = career_change_scenarios(taxonomy, taught, n=scenarios, seed=seed)
        ids: set[str] = set(taught) | set(data.skills)
        for case in cases:
            ids.update(case.learner.skill_ids)
            ids.update(s.id for s in case.role.skills)
        labels = {i: (taxonomy.skills[i].label if i in taxonomy.skills else data.skills[i].label) for i in ids}
        encoder = self.bulk_encoder
        similarity = HierarchySimilarity(similarity_from_encoder(encoder, labels), taxonomy.broader_skills(),
                                         links=taxonomy.linked_skills(), products=taxonomy.technologies())
        result: dict[str, Any] = {"career_change": evaluate_career_change(cases, pool, encoder, similarity)}
        if market:
            jobs = market_occupations(taxonomy, data.skills, min_share=min_share)
            learners = {rid: set(skills) for rid, skills in data.resumes.items()}
            it_similarity = similarity_from_encoder(encoder, {i: labels[i] for i in data.skills}, precompute=True)
            result["market"] = evaluate_market(learners, jobs, pool, it_similarity, labels)
        rule = CreditRule()
        result["data"] = {
            "taxonomy": f"{taxonomy.name} {taxonomy.version}", "jcrec": str(jcrec), "catalog": data.counts,
            "scenarios": scenarios, "seed": seed, "model": encoder.model_id,
            "credit_rule": {"floor": rule.floor, "max_partial": rule.max_partial},
            "cost_unit": "1 per course: the JCRec catalog has no prices",
        }
        return result

    def meta(self) -> dict[str, Any]:
        loaded = self.skill_index()
        taxonomy = self.taxonomy()
        return {"taxonomy": taxonomy.name, "taxonomy_version": taxonomy.version, "model": loaded.manifest["model"],
                "artifacts_version": loaded.version, "catalog_version": self.catalog_version()}

    # -- set-up -------------------------------------------------------------------------
    @_changes
    def setup(self, progress: ProgressFactory = no_progress, *, sample_data: bool = True) -> dict[str, Any]:
        """Bring a data directory to a working state: a taxonomy (the default one is rebuilt when
        its archives or hand-kept tables changed since it was built; an imported one is kept), an
        up-to-date index and, when the database holds none yet, the bundled sample postings and
        credential catalog. ``timings`` in the answer gives the seconds of each step."""
        import time

        done: dict[str, Any] = {"taxonomy": "kept", "index": "kept", "postings": "kept", "catalog": "kept"}
        timings: list[dict[str, Any]] = []
        clock = time.perf_counter()

        def took(step: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            timings.append({"step": step, "what": done[step], "seconds": round(now - clock, 2)})
            clock = now

        from skillmatch.adapters.loaders.bundled import build_stamp, stamp_of

        installed = stamp_of(self.taxonomies.manifest().get("source", "")) if self.taxonomies.exists() else None
        if not self.taxonomies.exists() or installed not in (None, build_stamp()):
            with progress("Reading the bundled ESCO and O*NET taxonomy", 1) as advance:
                info = self.import_taxonomy("default")["counts"]
                if advance:
                    advance(1)
            done["taxonomy"] = (f"{'updated' if installed else 'installed'} ESCO with "
                                f"{info.get('technologies', 0):,} technologies, {info['skills']:,} skills")
        took("taxonomy")
        if not self.index_is_current():
            built = self.build_index(progress)
            done["index"] = f"built, {built['counts']['vectors']:,} vectors"
        took("index")
        postings_dir = self.settings.sample_data_dir / "job_postings"
        if sample_data and postings_dir.is_dir() and self.storage.posting_count()[0] == 0:
            files = sorted(p for p in postings_dir.iterdir() if p.suffix in {".jsonld", ".json", ".csv", ".jsonl"})
            report = self.import_postings(files, progress=progress)
            done["postings"] = f"imported {report['accepted']} sample postings"
        took("postings")
        catalog_dir = self.settings.sample_data_dir / "catalog"
        if sample_data and catalog_dir.is_dir() and self.storage.credential_count() == 0:
            report = self.import_catalog([catalog_dir], progress=progress)
            done["catalog"] = f"imported {report['accepted']} sample credentials"
        took("catalog")
        done["info"] = self.taxonomy_info()
        done["timings"] = timings
        return done


def _postings_analysis(settings: Settings, as_of: float) -> Callable[..., Any]:
    """In a Ray worker: an Engine on the importing process's settings, and its postings analysis,
    reading the embedding cache as the import's start left it."""
    from skillmatch.adapters.embedding_cache import reading_as_of

    analyse = Engine(settings).roles.analyse

    def as_the_import(postings: Sequence[JobPosting], duplicate_of: Mapping[str, str]) -> list[PostingAnalysis]:
        with reading_as_of(as_of):
            return analyse(postings, duplicate_of)

    return as_the_import


def _catalog_alignment(settings: Settings, as_of: float) -> Callable[..., Any]:
    """In a Ray worker: an Engine on the importing process's settings, and its catalog alignment."""
    from skillmatch.adapters.embedding_cache import reading_as_of

    align = Engine(settings).catalog.align

    def as_the_import(items: Sequence[Any], context: Any = None) -> list[Any]:
        with reading_as_of(as_of):
            return align(items)

    return as_the_import
