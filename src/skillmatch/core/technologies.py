"""Named technologies (O*NET's Technology Skills) joined to a skill taxonomy (ESCO).

ESCO v1.1.1 lacks most of the tools postings ask for (Linux, Windows Server, AWS, Power BI,
Docker, Kubernetes, Jira...). O*NET names 8,775 technologies, each with the occupations that use
it, its UNSPSC commodity and the Hot Technology / In Demand flags. :func:`add_technologies`
joins them to the taxonomy:

* **Which.** A technology used in at least two O*NET occupations, or flagged Hot or In Demand
  for any (2,665 of 8,775 in O*NET 29.3). The others are niche products named for one
  occupation only ("Bashen EEOSoft"), which postings rarely ask for and which would crowd
  skill search. Of those, the kinds of software O*NET lists next to the products ("Computer
  graphics software", "Data warehouse software": ordinary lower-case words, no acronym people
  would write, see :func:`is_kind_of_software`) are left out too: ESCO
  has its own skills for them, and as loose descriptions they matched sentences that name no
  tool at all.
* **The same thing is one skill.** A technology whose name or short name is the preferred label
  of a taxonomy skill ("MySQL"; "Python" for "Python (computer programming)"), or an alternative
  label of a skill whose preferred label shares a word with it ("Microsoft SQL Server" and
  "SQL Server"), *is* that skill: its names become alternative labels there.
* **Otherwise a new skill** of kind ``technology`` with the stable id
  ``onet:technology/<slug of its O*NET name>`` (the id the O*NET importer gives it too), its
  display name as preferred label ("Salesforce", "Amazon Web Services (AWS)";
  :func:`display_name`), and O*NET's name and the short names people write as alternative
  labels.
* **Placed under the taxonomy** by its UNSPSC commodity (operating system software under
  "operating systems"), by an alternative label the taxonomy gives a broader skill ("Google
  Sheets" under "use spreadsheets software") and by name for a few (AWS under "cloud
  technologies"): the hierarchy credit then reaches across, and "Linux" counts toward
  "operating systems".
* **Occupations.** Each occupation of the taxonomy that the crosswalk (or its nearest broader
  occupation) links to an O*NET occupation gets the technologies O*NET marks *In Demand* there
  (named often in that occupation's job postings), as optional relations of importance
  :data:`IN_DEMAND_IMPORTANCE`, unless the taxonomy already relates them. Hot-only and plain
  examples stay out of priors: an occupation lists a hundred of them, and most are one of
  several alternatives.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from skillmatch.core.taxonomy import Skill, SkillRelation, Taxonomy
from skillmatch.core.technology_terms import (
    ALIASES,
    BY_NAME,
    COMMODITY_PLACES,
    ORDINARY_WORDS,
    SKILL_ALIASES,
    VENDORS,
)
from skillmatch.core.text import normalise_label
from skillmatch.errors import InvalidRequest

ID_PREFIX = "onet:technology/"
#: Prior of a technology O*NET marks In Demand for an occupation: ESCO's "optional" weight, since
#: a named tool is usually one of several a role accepts (Tableau or Power BI).
IN_DEMAND_IMPORTANCE = 0.5
#: A single word written in lower case this often in the taxonomy's own texts is an ordinary
#: word ("word", "project", "access"), never a technology's short name.
COMMON_WORD_COUNT = 3


@dataclass(frozen=True, slots=True)
class TechnologyUse:
    """One row of O*NET's Technology Skills: an occupation uses a named technology."""

    occupation_code: str  # O*NET-SOC code, 15-2051.01
    name: str  # Microsoft Power BI
    commodity_code: str = ""
    commodity_title: str = ""  # Business intelligence and data analysis software
    hot: bool = False
    in_demand: bool = False


def is_kind_of_software(name: str, common: WordCounts) -> bool:
    """True for a name that describes a kind of software rather than naming one: two or more
    words, the first not an all-capital brand ("SAS", "ANSYS"), the others lower case, no
    acronym closing the name or standing before "software" (what people write for a standard or
    a kind of system: "Cascading style sheets CSS", "Eclipse IDE", "Storage area network SAN
    software"), and every plain word an ordinary word of the taxonomy's texts ("Computer
    graphics software", "Data warehouse software")."""
    words = name.split()
    core = words[:-1] if len(words) > 2 and words[-1] == "software" else words
    if len(words) < 2 or (words[0].isupper() and len(words[0]) > 1) or core[-1].isupper():
        return False
    if not all(w.islower() or (w.isupper() and len(w) > 1) for w in words[1:]):
        return False
    plain = [w for w in words if not (w.isupper() and len(w) > 1)]
    return all(common.count(w.lower()) >= 1 for w in plain)


def display_name(name: str) -> str:
    """The name to show: O*NET's without a closing "software" and with a spelt-out acronym in
    brackets ("Amazon Web Services AWS software" -> "Amazon Web Services (AWS)",
    "Salesforce software" -> "Salesforce")."""
    label = name[: -len(" software")] if name.endswith(" software") and " " in name else name
    words = label.split()
    if len(words) > 2 and words[-1].isupper() and _initials_match(words[-1], words[:-1]):
        label = f"{' '.join(words[:-1])} ({words[-1]})"
    return label


def technology_id(name: str) -> str:
    return ID_PREFIX + re.sub(r"[^a-z0-9+#]+", "-", name.lower()).strip("-")


def select(uses: Iterable[TechnologyUse], *, min_occupations: int = 2) -> dict[str, list[TechnologyUse]]:
    """name -> its uses, for the technologies worth a skill of their own (see the module doc)."""
    by_name: dict[str, list[TechnologyUse]] = defaultdict(list)
    for use in uses:
        by_name[use.name].append(use)
    return {
        name: rows
        for name, rows in sorted(by_name.items())
        if len({r.occupation_code for r in rows}) >= min_occupations or any(r.hot or r.in_demand for r in rows)
    }


class WordCounts:
    """How often each word is written in lower case in a body of text (the taxonomy's own)."""

    def __init__(self, texts: Iterable[str], ordinary: Iterable[str] = ORDINARY_WORDS) -> None:
        self._counts: Counter[str] = Counter()
        for text in texts:
            self._counts.update(re.findall(r"[a-z][a-z0-9+#.-]*", text))
        self._ordinary = frozenset(ordinary)

    def count(self, word: str) -> int:
        return self._counts[word]

    def is_common(self, phrase: str) -> bool:
        """A one-word name used as an ordinary word, or a phrase of ordinary lower-case words."""
        words = phrase.split()
        if len(words) == 1:
            word = words[0].lower()
            return word in self._ordinary or self._counts[word] >= COMMON_WORD_COUNT
        if all(w[:1].isupper() or any(c.isupper() or c.isdigit() for c in w) for w in words):
            return False  # a proper name: "Windows Server", "Power BI"
        return all(self._counts[w.lower()] >= COMMON_WORD_COUNT for w in words)


def _initials_match(acronym: str, words: Sequence[str]) -> bool:
    if len(acronym) < 2 or len(words) < len(acronym):
        return False
    tail = words[len(words) - len(acronym):]
    return "".join(w[0] for w in tail).lower() == acronym.lower()


def short_names(name: str, common: WordCounts) -> tuple[str, ...]:
    """The shorter names people write for an O*NET technology name, most specific first:

    "Amazon Web Services AWS software" -> "Amazon Web Services AWS", "Amazon Web Services", "AWS";
    "Moz search engine optimization SEO software" -> not "SEO", the initials of ordinary words;
    "Microsoft Power BI" -> "Power BI"; "Atlassian JIRA" -> "JIRA"; "Microsoft Word" -> nothing
    ("word" is an ordinary word); "Debugging software" -> nothing (one word before "software"
    names a kind of software more often than a product: such products get a hand-kept alias).
    """
    out: list[str] = []

    def add(candidate: str) -> None:
        candidate = candidate.strip()
        if candidate and candidate != name and candidate not in out and not common.is_common(candidate):
            out.append(candidate)

    base = name
    if base.endswith(" software") and len(base.split()) > 1:
        rest = base[: -len(" software")]
        if len(rest.split()) > 1 or re.search(r"[A-Z0-9]", rest[1:]):  # "HubSpot", not "Debugging"
            base = rest
            add(base)
    words = base.split()
    if len(words) > 2 and words[-1].isupper() and _initials_match(words[-1], words[:-1]):
        add(" ".join(words[:-1]))
        spelt = words[-1 - len(words[-1]) : -1]
        if not all(w.islower() for w in spelt):
            # "AWS" spells "Amazon Web Services", a name; "SEO" in "Moz search engine
            # optimization SEO" spells the ordinary words, so it is no name of the product
            add(words[-1])
    for full in [base, *out]:
        if full in VENDORS:
            continue
        for vendor in VENDORS:
            if full.startswith(vendor + " "):
                rest = full[len(vendor) + 1:]
                first, _, after = rest.partition(" ")
                if first.isupper() and _initials_match(first, vendor.split()):
                    rest = after  # "Amazon Web Services AWS CloudFormation" -> "CloudFormation"
                add(rest)
                break
    return tuple(out)


@dataclass(frozen=True)
class TechnologyTerms:
    """The hand-kept part: vendors, short names, and where commodities and tools sit in the
    taxonomy (see :mod:`skillmatch.core.technology_terms`)."""

    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: ALIASES)
    commodity_places: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: COMMODITY_PLACES)
    by_name: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: BY_NAME)
    skill_aliases: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: SKILL_ALIASES)
    ordinary_words: frozenset[str] = ORDINARY_WORDS


def _label_index(taxonomy: Taxonomy) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(preferred label key -> skill id, alternative label key -> skill ids). A preferred label
    with a qualifier in brackets also counts without it: "Python (computer programming)"."""
    preferred: dict[str, str] = {}
    alternative: dict[str, list[str]] = defaultdict(list)
    for skill in taxonomy.skills.values():
        for key in {normalise_label(skill.label), normalise_label(re.sub(r"\s*\([^)]*\)$", "", skill.label))}:
            preferred.setdefault(key, skill.id)
        for alt in skill.alt_labels:
            alternative[normalise_label(alt)].append(skill.id)
    return preferred, alternative


def _words(text: str) -> set[str]:
    return {w for w in normalise_label(re.sub(r"\([^)]*\)", " ", text)).split() if len(w) > 1}


def _resolve_label(label: str, taxonomy: Taxonomy, preferred: Mapping[str, str], where: str) -> str:
    sid = preferred.get(normalise_label(label))
    if sid is None or sid not in taxonomy.skills:
        raise InvalidRequest(f"{where}: no skill labelled {label!r} in the {taxonomy.name} taxonomy")
    return sid


def add_technologies(
    taxonomy: Taxonomy,
    uses: Iterable[TechnologyUse],
    crosswalk: Mapping[str, str],
    *,
    terms: TechnologyTerms | None = None,
    min_occupations: int = 2,
) -> Taxonomy:
    """``taxonomy`` with the selected technologies joined to it (module doc); ``crosswalk`` maps
    an occupation id of the taxonomy to an O*NET-SOC code."""
    terms = terms or TechnologyTerms()
    chosen = select(uses, min_occupations=min_occupations)
    preferred, alternative = _label_index(taxonomy)
    common = WordCounts(
        [text for s in taxonomy.skills.values() for text in (s.label, s.description, *s.alt_labels)]
        + [text for o in taxonomy.occupations.values() for text in (o.label, o.description, *o.alt_labels)],
        terms.ordinary_words,
    )
    skills = dict(taxonomy.skills)
    added_alts: dict[str, list[str]] = defaultdict(list)
    skill_of: dict[str, str] = {}  # technology name -> skill id

    chosen = {n: rows for n, rows in chosen.items() if n in terms.aliases or not is_kind_of_software(n, common)}
    for name, rows in chosen.items():
        names = (name, *short_names(name, common), *terms.aliases.get(name, ()))
        keys = [normalise_label(n) for n in names]
        same = next((preferred[k] for k in keys if k in preferred), None)
        if same is None:
            own = _words(name)
            same = next((sid for k in keys for sid in alternative.get(k, ()) if own & _words(skills[sid].label)), None)
        if same is not None:
            skill_of[name] = same
            added_alts[same].extend(names)
            continue
        broader: list[str] = []
        # O*NET files a technology under different commodities for different occupations
        # ("Microsoft Windows Server": application server, operating system): the usual one counts.
        commodity = Counter(r.commodity_title for r in rows).most_common(1)[0][0]
        if name in terms.by_name:
            for label in terms.by_name[name]:
                broader.append(_resolve_label(label, taxonomy, preferred, f"technology {name!r}"))
        else:
            for label in terms.commodity_places.get(commodity, ()):
                broader.append(_resolve_label(label, taxonomy, preferred, f"commodity {commodity!r}"))
        for k in keys:
            broader.extend(alternative.get(k, ()))
        sid = technology_id(name)
        flags = [f for f, on in (("hot", any(r.hot for r in rows)), ("in demand", any(r.in_demand for r in rows))) if on]
        occupations = len({r.occupation_code for r in rows})
        description = f"{commodity or 'Software'}, used in {occupations} O*NET occupation" + ("s" if occupations > 1 else "")
        description += f" ({', '.join(flags)} technology)." if flags else "."
        label = display_name(name)
        skills[sid] = Skill(
            id=sid, label=label,
            alt_labels=tuple(dict.fromkeys(n for n in names if normalise_label(n) != normalise_label(label))),
            description=description, kind="technology", groups=tuple(dict.fromkeys(broader)),
        )
        skill_of[name] = sid

    unknown = sorted(set(terms.aliases) - set(chosen))
    if unknown:
        raise InvalidRequest(f"short names are kept for technologies that were not selected: {unknown[:5]}")
    for label, short in terms.skill_aliases.items():
        added_alts[_resolve_label(label, taxonomy, preferred, "short names")].extend(short)
    for sid, more in added_alts.items():
        skill = skills[sid]
        have = {normalise_label(x) for x in skill.labels}
        extra = [n for n in dict.fromkeys(more) if normalise_label(n) not in have]
        if extra:
            skills[sid] = replace(skill, alt_labels=(*skill.alt_labels, *extra))

    relations = list(taxonomy.relations)
    related = {(r.occupation_id, r.skill_id) for r in relations}
    demanded: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for name, rows in chosen.items():
        for r in rows:
            if r.in_demand:
                demanded[r.occupation_code].append((skill_of[name], r.hot))
    for occupation_id in sorted(taxonomy.occupations):
        code = onet_code_of(occupation_id, taxonomy, crosswalk)
        for sid, hot in demanded.get(code or "", ()):
            if (occupation_id, sid) in related:
                continue
            related.add((occupation_id, sid))
            marks = ("in_demand", "hot") if hot else ("in_demand",)
            relations.append(SkillRelation(occupation_id, sid, "optional", IN_DEMAND_IMPORTANCE, marks))

    return Taxonomy(
        name=taxonomy.name, version=taxonomy.version, skills=skills, occupations=dict(taxonomy.occupations),
        relations=relations, groups=dict(taxonomy.groups), source=taxonomy.source, links=list(taxonomy.links),
    )


def onet_code_of(occupation_id: str, taxonomy: Taxonomy, crosswalk: Mapping[str, str]) -> str | None:
    """The O*NET-SOC code of an occupation: its own in the crosswalk, else its nearest broader
    occupation's (a narrower ESCO occupation inherits it)."""
    seen: set[str] = set()
    frontier = [occupation_id]
    while frontier:
        nxt: list[str] = []
        for oid in frontier:
            if oid in crosswalk:
                return crosswalk[oid]
            seen.add(oid)
            occupation = taxonomy.occupations.get(oid)
            nxt.extend(b for b in (occupation.broader if occupation else ()) if b not in seen)
        frontier = sorted(set(nxt))
    return None


_TITLE_STOP = frozenset({"and", "or", "of", "the", "all", "other", "except", "in"})


def _title_words(title: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", title.lower()) if w not in _TITLE_STOP)


def current_onet_codes(links: Mapping[str, tuple[str, str]], titles: Mapping[str, str]) -> dict[str, str]:
    """occupation id -> O*NET-SOC code of the O*NET release whose occupation titles are ``titles``.

    ``links`` maps an occupation to the (code, title) a crosswalk gives it. A crosswalk made for
    an older O*NET-SOC release names some codes that have changed since (15-1132.00 "software
    developers, applications" is 15-1252.00 "Software Developers" in O*NET-SOC 2019): such a code
    is matched by its title, the same title first, else the title of the same major group that
    shares the most words with it, if it shares at least half of them (Jaccard >= 0.5).
    """
    by_title = {normalise_label(t): c for c, t in titles.items()}
    words = {c: _title_words(t) for c, t in titles.items()}
    out: dict[str, str] = {}
    for occupation, (code, title) in links.items():
        if code in titles:
            out[occupation] = code
            continue
        same = by_title.get(normalise_label(title))
        if same is not None:
            out[occupation] = same
            continue
        mine = _title_words(title)
        scored = [
            (len(mine & theirs) / len(mine | theirs), c)
            for c, theirs in words.items()
            if c[:2] == code[:2] and mine | theirs
        ]
        score, best = max(scored, default=(0.0, ""))
        if score >= 0.5:
            out[occupation] = best
    return out
