"""Skills, occupations and the links between them.

A :class:`Taxonomy` is what the importers produce (ESCO, O*NET, a custom CSV or the default
taxonomy) and what everything downstream reads. Skills and occupations are identified by
their taxonomy URI or code; every answer that names a skill gives its id and its label.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from skillmatch.core.text import normalise_label
from skillmatch.errors import InvalidRequest, UnknownRole, UnknownSkill

_TEACH = re.compile(r"^teach (.+)$")

SkillKind = Literal["skill", "knowledge", "technology"]
RelationKind = Literal["essential", "optional"]


@dataclass(frozen=True, slots=True)
class Skill:
    id: str
    label: str
    alt_labels: tuple[str, ...] = ()
    description: str = ""
    kind: SkillKind = "skill"
    groups: tuple[str, ...] = ()
    reuse_level: str = ""

    @property
    def labels(self) -> tuple[str, ...]:
        """Preferred label first, then the alternative labels without repeats."""
        seen = {normalise_label(self.label)}
        out = [self.label]
        for alt in self.alt_labels:
            key = normalise_label(alt)
            if key and key not in seen:
                seen.add(key)
                out.append(alt)
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Occupation:
    id: str
    label: str
    alt_labels: tuple[str, ...] = ()
    description: str = ""
    code: str = ""  # ISCO-08 group for ESCO, O*NET-SOC code for O*NET
    broader: tuple[str, ...] = ()  # ids of the occupations this one is a narrower kind of


@dataclass(frozen=True, slots=True)
class SkillGroup:
    id: str
    label: str
    code: str = ""
    broader: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SkillRelation:
    """An occupation needs a skill: ESCO essential / optional, O*NET importance in [0, 1]."""

    occupation_id: str
    skill_id: str
    kind: RelationKind = "essential"
    importance: float | None = None
    flags: tuple[str, ...] = ()  # e.g. ("hot", "in_demand") for O*NET technology skills


@dataclass(frozen=True, slots=True)
class SkillLink:
    """A skill draws on another (ESCO skill-skill relations): holding ``skill_id`` shows some of
    ``related_id``; ``kind`` is essential (it cannot be done without it) or optional."""

    skill_id: str
    related_id: str
    kind: RelationKind = "optional"


@dataclass(frozen=True)
class TaxonomyInfo:
    name: str
    version: str
    source: str
    skills: int
    occupations: int
    relations: int
    groups: int
    technologies: int = 0
    skill_links: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "version": self.version,
            "source": self.source,
            "skills": self.skills,
            "technologies": self.technologies,
            "occupations": self.occupations,
            "relations": self.relations,
            "skill_links": self.skill_links,
            "groups": self.groups,
        }


@dataclass
class Taxonomy:
    name: str
    version: str
    skills: dict[str, Skill]
    occupations: dict[str, Occupation] = field(default_factory=dict)
    relations: list[SkillRelation] = field(default_factory=list)
    groups: dict[str, SkillGroup] = field(default_factory=dict)
    source: str = ""
    links: list[SkillLink] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        name: str,
        version: str,
        skills: Iterable[Skill],
        occupations: Iterable[Occupation] = (),
        relations: Iterable[SkillRelation] = (),
        groups: Iterable[SkillGroup] = (),
        source: str = "",
        links: Iterable[SkillLink] = (),
    ) -> Taxonomy:
        return cls(
            name=name,
            version=version,
            skills={s.id: s for s in skills},
            occupations={o.id: o for o in occupations},
            relations=list(relations),
            groups={g.id: g for g in groups},
            source=source,
            links=list(links),
        )

    def info(self) -> TaxonomyInfo:
        return TaxonomyInfo(
            name=self.name,
            version=self.version,
            source=self.source,
            skills=len(self.skills),
            occupations=len(self.occupations),
            relations=len(self.relations),
            groups=len(self.groups),
            technologies=sum(s.kind == "technology" for s in self.skills.values()),
            skill_links=len(self.links),
        )

    def broader_skills(self) -> dict[str, list[str]]:
        """skill id -> the skills (not skill groups) it is a narrower kind of."""
        return {sid: [p for p in skill.groups if p in self.skills] for sid, skill in self.skills.items()}

    def language_skills(self) -> frozenset[str]:
        """Skills of knowing or using a language: in a skill group of ESCO's language hierarchy
        (codes L...: "English"), or narrower skills of such a skill ("interact verbally in German")."""
        language_groups = {gid for gid, g in self.groups.items() if g.code.upper().startswith("L")}
        found = {sid for sid, skill in self.skills.items() if language_groups & set(skill.groups)}
        return frozenset(found | {sid for sid, skill in self.skills.items() if found & set(skill.groups)})

    def linked_skills(self) -> dict[str, dict[str, RelationKind]]:
        """skill id -> {skill it draws on: essential / optional} (links between known skills),
        with the subject a teaching skill teaches counted as essential (see ``teaching_links``)."""
        out: dict[str, dict[str, RelationKind]] = {}
        for link in self.links:
            if link.skill_id in self.skills and link.related_id in self.skills and link.skill_id != link.related_id:
                kinds = out.setdefault(link.skill_id, {})
                if kinds.get(link.related_id) != "essential":
                    kinds[link.related_id] = link.kind
        for teaching, subjects in self.teaching_links().items():
            out.setdefault(teaching, {}).update(dict.fromkeys(subjects, "essential"))
        return out

    def technologies(self) -> frozenset[str]:
        """The ids of the skills that are named products (tools, software, platforms)."""
        return frozenset(sid for sid, skill in self.skills.items() if skill.kind == "technology")

    def teaching_links(self) -> dict[str, set[str]]:
        """"teach X" skill -> the skills that are its subject X: one labelled X, or one it links
        to whose label's words are all in X ("teach principles of literature" -> "literature").
        Whoever teaches a subject knows it, so the link counts as essential even where ESCO
        calls it optional ("teach mathematics" -> "mathematics"); the other skills it links to
        ("geometry", "philosophy of mathematics") keep their own kind."""
        linked: dict[str, set[str]] = defaultdict(set)
        for link in self.links:
            linked[link.skill_id].add(link.related_id)
        out: dict[str, set[str]] = {}
        for sid, skill in self.skills.items():
            subject = _TEACH.match(normalise_label(skill.label))
            if subject is None:
                continue
            words = set(subject.group(1).split())
            found = {s for s in self.skills_by_label(subject.group(1)) if s != sid}
            found |= {o for o in linked.get(sid, ()) if o in self.skills and o != sid
                      and set(normalise_label(self.skills[o].label).split()) <= words}
            if found:
                out[sid] = found
        return out

    def skill(self, skill_id: str) -> Skill:
        try:
            return self.skills[skill_id]
        except KeyError:
            raise UnknownSkill(f"no skill with id {skill_id!r} in taxonomy {self.name}") from None

    def occupation(self, occupation_id: str) -> Occupation:
        try:
            return self.occupations[occupation_id]
        except KeyError:
            raise UnknownRole(f"no occupation with id {occupation_id!r} in taxonomy {self.name}") from None

    @cached_property
    def _labels(self) -> Mapping[str, tuple[str, ...]]:
        index: dict[str, list[str]] = defaultdict(list)
        for skill in self.skills.values():
            for label in skill.labels:
                key = normalise_label(label)
                if key and skill.id not in index[key]:
                    index[key].append(skill.id)
        return {k: tuple(v) for k, v in index.items()}

    def skills_by_label(self, label: str) -> tuple[str, ...]:
        """Ids of the skills whose preferred or alternative label is ``label`` (case and
        punctuation insensitive); preferred-label matches come first."""
        ids = self._labels.get(normalise_label(label), ())
        key = normalise_label(label)
        return tuple(sorted(ids, key=lambda i: normalise_label(self.skills[i].label) != key))

    @cached_property
    def _relations_by_occupation(self) -> Mapping[str, tuple[SkillRelation, ...]]:
        index: dict[str, list[SkillRelation]] = defaultdict(list)
        for rel in self.relations:
            index[rel.occupation_id].append(rel)
        return {k: tuple(v) for k, v in index.items()}

    def relations_of(self, occupation_id: str) -> tuple[SkillRelation, ...]:
        return self._relations_by_occupation.get(occupation_id, ())

    def merged_with(self, other: Taxonomy) -> Taxonomy:
        """This taxonomy plus ``other``'s skills, occupations, relations and groups.

        Ids must not clash: an organisation's own skills extend a standard taxonomy, they do
        not silently replace its entries.
        """
        clash = sorted(set(self.skills) & set(other.skills))
        if clash:
            raise InvalidRequest(
                f"{len(clash)} skill id(s) of {other.name} already exist in {self.name}, "
                f"e.g. {clash[0]!r}; give custom skills their own ids",
                field="id",
            )
        return Taxonomy(
            name=f"{self.name}+{other.name}",
            version=f"{self.version}+{other.version}",
            skills={**self.skills, **other.skills},
            occupations={**self.occupations, **other.occupations},
            relations=[*self.relations, *other.relations],
            groups={**self.groups, **other.groups},
            source=f"{self.source}; {other.source}".strip("; "),
            links=[*self.links, *other.links],
        )
