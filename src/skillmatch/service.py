"""The composition root: settings -> adapters -> one :class:`Engine` the CLI and the API call."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillmatch.adapters.admin_lock import AdminLock
from skillmatch.adapters.artifacts import ArtifactStore
from skillmatch.adapters.taxonomy_sources import TaxonomyKind, read_taxonomy
from skillmatch.adapters.taxonomy_store import TaxonomyStore
from skillmatch.core.extraction import Extraction, ExtractionConfig, SkillExtractor
from skillmatch.core.ports import AdditiveEncoder, Encoder
from skillmatch.core.profiles import RoleProfile
from skillmatch.core.roles import RoleReading, TitleNormaliser
from skillmatch.core.skill_index import SkillHit, SkillIndex
from skillmatch.core.taxonomy import Taxonomy
from skillmatch.encoders import Encoders, ProgressFactory
from skillmatch.engine_answers import Answers
from skillmatch.engine_parts import LoadedIndex, admin_write, no_progress
from skillmatch.errors import ArtifactsMissing, InvalidRequest
from skillmatch.role_service import RoleService
from skillmatch.settings import Settings
from skillmatch.version_cache import VersionCache

if TYPE_CHECKING:
    from skillmatch.adapters.storage.repository import Storage
    from skillmatch.catalog_service import CatalogService
    from skillmatch.core.catalog import Credential
    from skillmatch.recommend_service import RecommendService
    from skillmatch.team_service import TeamService

__all__ = ["Engine", "LoadedIndex", "ProgressFactory", "TaxonomyKind", "no_progress"]

#: role readings remembered (per text and version of roles, taxonomy and index)
ROLE_READINGS_KEPT = 1024


class Engine(Answers):
    """Everything skillmatch can do, wired to the adapters chosen by :class:`Settings`."""

    def __init__(self, settings: Settings | None = None, *, encoder: Encoder | None = None,
                 on_admin_wait: Callable[[str], None] | None = None) -> None:
        """``on_admin_wait`` is told when an admin write waits for another one (``admin_wait``)."""
        self.settings = settings or Settings()
        self.encoders = Encoders(self.settings, encoder)
        self._on_admin_wait = on_admin_wait
        self.taxonomies = TaxonomyStore(self.settings.taxonomy_dir, keep=self.settings.keep_versions)
        self.artifacts = ArtifactStore(self.settings.artifacts_dir, keep=self.settings.keep_versions)
        self._taxonomy: VersionCache[Taxonomy] = VersionCache()
        self._index: VersionCache[LoadedIndex] = VersionCache()
        self._extractor: VersionCache[SkillExtractor] = VersionCache()
        self._titles: VersionCache[TitleNormaliser] = VersionCache()
        self._catalog: VersionCache[list[Credential]] = VersionCache()
        self._stamps: dict[str, tuple[float, str | None]] = {}
        self._role_readings: dict[tuple[str, ...], tuple[RoleProfile, RoleReading]] = {}
        self._pinned: ContextVar[LoadedIndex | None] = ContextVar(f"skillmatch_index_{id(self)}", default=None)

    # -- adapters -----------------------------------------------------------------------
    @property
    def encoder(self) -> Encoder:
        return self.encoders.query

    @property
    def bulk_encoder(self) -> Encoder:
        return self.encoders.bulk

    @property
    def static_encoder(self) -> AdditiveEncoder | None:
        return self.encoders.static

    @property
    def title_encoder(self) -> Encoder:
        return self.encoders.titles

    def ensure_static_model(self, progress: ProgressFactory = no_progress) -> dict[str, Any] | None:
        return self.encoders.ensure_static(progress)

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
                           constraints=self.advice.constraints, team_gap=self.advice.team)

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
        return stamp, self._catalog.get(stamp, self.all_credentials)

    def title_normaliser(self) -> TitleNormaliser:
        """Occupations of the current taxonomy, matched by title (built once per taxonomy version)."""
        def build() -> TitleNormaliser:
            from skillmatch.adapters.places import place_names

            occupations = list(self.taxonomy().occupations.values())
            return TitleNormaliser(occupations, self.title_encoder, places=place_names())

        return self._titles.get(self.taxonomy_version() or "", build)

    # -- taxonomy -----------------------------------------------------------------------
    def taxonomy(self) -> Taxonomy:
        version = self.taxonomy_version()
        if version is None:
            self.taxonomies.load()  # raises ArtifactsMissing with the fix
        return self._taxonomy.get(str(version), self.taxonomies.load)

    @admin_write("a taxonomy import")
    def import_taxonomy(
        self, kind: TaxonomyKind, path: Path | None = None, *, add: bool = False, version: str = ""
    ) -> dict[str, Any]:
        """Read a taxonomy and make it current; with ``add``, extend the current one instead.

        The file is read completely before anything is written, so a bad file leaves the
        current taxonomy as it was.
        """
        taxonomy = read_taxonomy(kind, path, version, bundled=self.settings.taxonomy_sources)
        if add:
            taxonomy = self.taxonomy().merged_with(taxonomy)
        return self.taxonomies.save(taxonomy)

    def taxonomy_info(self) -> dict[str, Any]:
        from skillmatch.index_service import taxonomy_info

        return taxonomy_info(self)

    # -- skill index --------------------------------------------------------------------
    @admin_write("an index build")
    def build_index(self, progress: ProgressFactory = no_progress, *,
                    before_switch: Callable[[], object] | None = None) -> dict[str, Any]:
        from skillmatch.index_service import build_index

        return build_index(self, progress, before_switch)

    def index_is_current(self) -> bool:
        from skillmatch.index_service import index_is_current

        return index_is_current(self)

    def skill_index(self) -> LoadedIndex:
        pinned = self._pinned.get()
        if pinned is not None:
            return pinned
        return self._index.get(self.artifacts_version(), self._load_index)

    def _load_index(self) -> LoadedIndex:
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
        return LoadedIndex(index, manifest, loaded_version, phrases)

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

    @admin_write("a rebuild")
    def rebuild(self, progress: ProgressFactory = no_progress) -> dict[str, Any]:
        """Re-embed the index into a new version and rebuild the role profiles; the old ones serve
        until the switch (see :func:`skillmatch.index_service.rebuild`)."""
        from skillmatch.index_service import rebuild

        return rebuild(self, progress)

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
        from skillmatch.extractors import make_extractor

        fast = self.settings.extraction == "fast" if fast is None else fast
        loaded = self.skill_index()

        def build() -> SkillExtractor:
            return make_extractor(loaded.index, loaded.phrases, self.taxonomy(), self.bulk_encoder, self.static_encoder,
                                  config, fast=fast)

        return build() if config is not None else self._extractor.get((loaded.version, fast), build)

    def extract_skills(self, text: str, *, exclude: Sequence[str] = ()) -> Extraction:
        if not text.strip():
            raise InvalidRequest("the text is empty", field="text")
        return self.extractor().extract(text, exclude=exclude)

    @admin_write("a postings import")
    def import_postings(self, paths: Sequence[Path], *, column_map: dict[str, str] | None = None, role: str = "",
                        progress: ProgressFactory = no_progress, source_prefix: str = "",
                        engine: str = "local", address: str | None = None, workers: int = 2) -> dict[str, Any]:
        """Read, analyse and store postings, whole or not at all (see :func:`skillmatch.imports.import_postings`)."""
        from skillmatch.imports import import_postings

        return import_postings(self, paths, column_map=column_map, role=role, progress=progress,
                               source_prefix=source_prefix, on=engine, address=address, workers=workers)

    @cached_property
    def admin(self) -> AdminLock:
        """The lock admin writes hold (see :func:`_admin_write`)."""
        return AdminLock(self.settings.data_dir / ".admin.lock", self.storage.admin_lock)

    def admin_busy(self) -> bool:
        """Whether an admin write runs anywhere: in this process, another one on this machine, or a
        server sharing the database."""
        return self.admin.busy(self.storage.admin_lock_held)

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
        """Stored roles by the words of their label, then by meaning (see :func:`skillmatch.role_search.search_roles`)."""
        from skillmatch.role_search import search_roles

        titles = self.title_normaliser() if query.strip() and self.taxonomy().occupations else None
        return search_roles(self.storage, titles, query, limit, offset)

    @admin_write("a catalog import")
    def import_catalog(self, paths: Sequence[Path], *, column_map: dict[str, str] | None = None,
                       lenient: bool = False, progress: ProgressFactory = no_progress,
                       source_prefix: str = "", engine: str = "local", address: str | None = None,
                       workers: int = 2) -> dict[str, Any]:
        """Read, align and store credentials, whole or not at all (see :func:`skillmatch.imports.import_catalog`)."""
        from skillmatch.imports import import_catalog

        return import_catalog(self, paths, column_map=column_map, lenient=lenient, progress=progress,
                              source_prefix=source_prefix, on=engine, address=address, workers=workers)

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

    def meta(self) -> dict[str, Any]:
        loaded = self.skill_index()
        taxonomy = self.taxonomy()
        return {"taxonomy": taxonomy.name, "taxonomy_version": taxonomy.version, "model": loaded.manifest["model"],
                "artifacts_version": loaded.version, "catalog_version": self.catalog_version()}

    # -- set-up -------------------------------------------------------------------------
    @admin_write("a set-up")
    def setup(self, progress: ProgressFactory = no_progress, *, sample_data: bool = True,
              index: bool = True) -> dict[str, Any]:
        """Bring a data directory to a working state (see :func:`skillmatch.setup_service.set_up`)."""
        from skillmatch.setup_service import set_up

        return set_up(self, progress, sample_data=sample_data, index=index)

    def ping(self) -> None:
        """Raises when the database cannot be reached."""
        self.storage.ping()

    def warm_up(self) -> None:
        """Load what serving needs before the first request (see :func:`skillmatch.setup_service.warm_up`)."""
        from skillmatch.setup_service import warm_up

        warm_up(self)
