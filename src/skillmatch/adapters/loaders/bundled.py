"""The default taxonomy, from the source files shipped in the repository (``data/taxonomy``).

Three archives hold the published files unmodified (their README says where each comes from and
the attribution it asks for):

* the official ESCO v1.1.1 English CSV export (European Commission);
* the O*NET 29.3 text files the importers read (U.S. Department of Labor, CC BY 4.0);
* Nesta's ESCO-O*NET occupation crosswalk (MIT).

Each archive's sha256 is pinned here and checked before anything is unpacked; a damaged or
swapped archive stops the import with an :class:`IntegrityError` and the current taxonomy stays.
The taxonomy is ESCO with O*NET's technologies joined to it
(:func:`skillmatch.core.technologies.add_technologies`).
"""

from __future__ import annotations

import hashlib
import json
import re
import tarfile
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from skillmatch.adapters.encoder import file_sha256
from skillmatch.adapters.loaders.crosswalk import read_esco_onet_crosswalk
from skillmatch.adapters.loaders.esco import load_esco
from skillmatch.adapters.loaders.onet import read_occupation_titles, read_technology_uses
from skillmatch.core.taxonomy import Taxonomy
from skillmatch.core.technologies import TechnologyTerms, add_technologies, current_onet_codes
from skillmatch.errors import ArtifactsMissing, DataFormatError, IntegrityError


@dataclass(frozen=True)
class BundledSource:
    key: str
    file: str
    sha256: str
    title: str
    version: str
    licence: str


SOURCES: tuple[BundledSource, ...] = (
    BundledSource(
        "esco", "esco-v1.1.1-en.tar.xz", "f87edd659c4f185c5c35a0cda520b297c556fbaf6cec2e613f854e192c8bbdea",
        "ESCO classification, official English CSV export", "v1.1.1",
        "European Commission reuse policy (Decision 2011/833/EU): reuse with attribution",
    ),
    BundledSource(
        "onet", "onet-29.3.tar.xz", "56edadac68a4c4e802d7f9a110ff95529a57d3b439e588ab28b452ded0e337df",
        "O*NET 29.3 Database, text files", "29.3", "CC BY 4.0",
    ),
    BundledSource(
        "crosswalk", "esco-onet-crosswalk-nesta-2020.tar.xz",
        "2a2075a0bf59404ca0e42e0247dcd15d0133d1ab06005cf790ed19274c956904",
        "ESCO-O*NET occupation crosswalk, Nesta (Mapping Career Causeways)", "2020-11", "MIT",
    ),
)
CROSSWALK_FILE = "esco_onet_crosswalk_Nov2020.csv"
#: Raised when the rules of :mod:`skillmatch.core.technologies` change what they build.
BUILD_RULES = "technologies-3"


def build_stamp(sources: Sequence[BundledSource] = SOURCES, terms: TechnologyTerms | None = None) -> str:
    """Names what the default taxonomy is built from (the pinned archives and the hand-kept
    tables): `skillmatch setup` rebuilds a default taxonomy whose stamp is not this one."""
    terms = terms or TechnologyTerms()
    parts = [s.sha256 for s in sources]
    parts += [json.dumps({k: sorted(v.items()) for k, v in (
        ("aliases", terms.aliases), ("commodity_places", terms.commodity_places), ("by_name", terms.by_name),
        ("skill_aliases", terms.skill_aliases))}, sort_keys=True)]
    parts += [",".join(sorted(terms.ordinary_words)), BUILD_RULES]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def stamp_of(source: str) -> str | None:
    """The build stamp recorded in a taxonomy's source text, if it is a default taxonomy."""
    match = re.search(r"\[default build ([0-9a-f]{12})\]", source)
    return match.group(1) if match else None


def verify(folder: Path, sources: Sequence[BundledSource] = SOURCES) -> dict[str, Path]:
    """key -> archive path, each checked against its pinned sha256."""
    found: dict[str, Path] = {}
    for source in sources:
        path = Path(folder) / source.file
        if not path.is_file():
            raise ArtifactsMissing(
                f"{path} is missing: the default taxonomy is built from the archives in {folder}. "
                "Restore them from the repository (git checkout -- data/taxonomy) or import a taxonomy "
                "with `skillmatch taxonomy import esco|onet|csv PATH`"
            )
        actual = file_sha256(path)
        if actual != source.sha256:
            raise IntegrityError(
                f"{path} is damaged or not the pinned file: sha256 {actual}, expected {source.sha256} "
                f"({source.title} {source.version}). Restore it with `git checkout -- {path}`; "
                "the current taxonomy is unchanged"
            )
        found[source.key] = path
    return found


def unpack(archive: Path, dest: Path) -> Path:
    """Unpack a verified archive into ``dest`` (plain files only) and return ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    try:
        with tarfile.open(archive, "r:*") as tar:
            tar.extractall(dest, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise DataFormatError(str(archive), f"cannot be unpacked: {exc}") from exc
    return dest


Step = Callable[[str], None]


def load_bundled(folder: Path, *, sources: Sequence[BundledSource] = SOURCES,
                 step: Step | None = None, terms: TechnologyTerms | None = None) -> Taxonomy:
    """ESCO with O*NET's technologies, from the verified archives in ``folder``; ``terms`` are the
    hand-kept placements and short names (:mod:`skillmatch.core.technology_terms` by default)."""
    archives = verify(folder, sources)
    versions = {s.key: s.version for s in sources}
    say = step or (lambda _text: None)
    with tempfile.TemporaryDirectory(prefix="skillmatch-taxonomy-") as tmp:
        root = Path(tmp)
        say("unpacking the bundled ESCO, O*NET and crosswalk files")
        esco_dir = unpack(archives["esco"], root / "esco")
        onet_dir = unpack(archives["onet"], root / "onet")
        crosswalk_dir = unpack(archives["crosswalk"], root / "crosswalk")
        say("reading ESCO")
        esco = load_esco(esco_dir, version=versions["esco"])
        say("reading O*NET technologies and the crosswalk")
        titles = read_occupation_titles(onet_dir)
        uses = read_technology_uses(onet_dir, set(titles))
        links = read_esco_onet_crosswalk(crosswalk_dir / CROSSWALK_FILE)
    codes = current_onet_codes({k: v for k, v in links.items() if k in esco.occupations}, titles)
    say("joining technologies to ESCO")
    taxonomy = add_technologies(esco, uses, codes, terms=terms)
    taxonomy.version = f"{versions['esco']}+onet-{versions['onet']}"
    taxonomy.source = (
        f"ESCO {versions['esco']} (European Commission), O*NET {versions['onet']} technologies "
        f"(U.S. Department of Labor, CC BY 4.0), ESCO-O*NET crosswalk (Nesta, MIT), from {Path(folder).resolve()} "
        f"[default build {build_stamp(sources, terms)}]"
    )
    return taxonomy
