"""Postings in, role profiles out: the import workflow and role look-ups the Engine exposes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from skillmatch.adapters.storage.repository import Storage
from skillmatch.core.dedupe import Document, DuplicateFinder
from skillmatch.core.extraction import Extraction, SkillExtractor
from skillmatch.core.postings import JobPosting, ListedSkill, PartsAnalyser, PostingAnalysis
from skillmatch.core.profiles import ProfileSettings, RoleProfile, build_profiles
from skillmatch.core.requirements import sections
from skillmatch.core.roles import (
    TITLED_POSTINGS_AT,
    RoleMatch,
    RoleReading,
    TitleNormaliser,
    clean_title,
    title_words,
    titled_with,
)
from skillmatch.core.skill_index import SkillIndex
from skillmatch.core.taxonomy import SkillRelation, Taxonomy
from skillmatch.core.text import normalise_label
from skillmatch.errors import UnknownRole

#: Postings read, extracted and written together in an import.
IMPORT_PART = 64
#: A listed skill that is not a taxonomy label is resolved by meaning when it scores this much.
LISTED_SKILL_MIN_SCORE = 0.8
_REQUIREMENT_RANK = {"required": 0, "mentioned": 1, "preferred": 2}


def relation_prior(relation: SkillRelation) -> float:
    """ESCO essential 1.0 / optional 0.5; O*NET importance when it has one."""
    if relation.importance is not None:
        return relation.importance
    return 1.0 if relation.kind == "essential" else 0.5


def named_role_id(name: str) -> str:
    return "role:" + re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


class RoleService:
    def __init__(
        self,
        storage: Storage,
        taxonomy: Callable[[], Taxonomy],
        extractor: Callable[[], SkillExtractor],
        skill_index: Callable[[], SkillIndex],
        titles: Callable[[], TitleNormaliser],
        search: Callable[[str], Sequence[Any]],
        profile_settings: ProfileSettings | None = None,
    ) -> None:
        self.storage = storage
        self._taxonomy = taxonomy
        self._extractor = extractor
        self._skill_index = skill_index
        self._titles = titles
        self._search = search
        self.profile_settings = profile_settings or ProfileSettings()

    # -- import -------------------------------------------------------------------------
    def import_postings(self, postings: Sequence[JobPosting], files: Sequence[str],
                        progress: Callable[[int], None] | None = None,
                        analysed: PartsAnalyser | None = None) -> dict[str, Any]:
        """Analyse and store postings whole, then rebuild every role profile. ``analysed`` gives the
        analyses part by part, in the postings' order (default: :meth:`analyse` here, a part at a
        time; a Ray cluster runs the same method on its workers)."""
        clashes = self.storage.existing_posting_ids(p.id for p in postings)
        if clashes:
            from skillmatch.errors import ImportConflict, Problem

            raise ImportConflict(
                [Problem(p.source, f"a posting with id {p.id!r} is already stored", field="id")
                 for p in postings if p.id in clashes],
                accepted=len(postings) - len(clashes),
            )
        duplicate_of = self._duplicates(postings)
        parts = [postings[start : start + IMPORT_PART] for start in range(0, len(postings), IMPORT_PART)]
        results = (analysed or self._analysed_here)(parts, duplicate_of)
        unresolved: Counter[str] = Counter()
        roles: Counter[str] = Counter()
        unmatched: Counter[str] = Counter()
        # Store a part at a time in one transaction: with the local analysis, the skills of a part
        # are written before the next is read, so memory does not grow with the import.
        with self.storage.posting_import(files) as batch:
            for part, found in zip(parts, results, strict=True):
                rows: list[dict[str, Any]] = []
                skill_rows: list[dict[str, Any]] = []
                for posting, analysis in zip(part, found, strict=True):
                    if analysis.posting_id != posting.id:
                        raise RuntimeError(f"analysis of {analysis.posting_id!r} came for posting {posting.id!r}")
                    match = analysis.match
                    rows.append(self._posting_row(posting, match, duplicate_of.get(posting.id)))
                    if match.method == "unmatched":
                        unmatched[clean_title(posting.title).casefold()] += 1
                    if posting.id in duplicate_of:
                        continue
                    if match.occupation_id or match.method == "named":
                        roles[match.label] += 1
                    unresolved.update(analysis.missing)
                    skill_rows.extend({"posting_id": posting.id, **s} for s in analysis.skills)
                batch.add(rows, skill_rows)
                if progress:
                    progress(len(part))
            report = {
                "accepted": len(postings),
                "duplicates": [{"id": k, "duplicate_of": v} for k, v in sorted(duplicate_of.items())],
                "roles": dict(roles.most_common()),
                "unmatched_titles": dict(unmatched.most_common()),
                "unresolved_listed_skills": dict(unresolved.most_common(50)),
            }
            batch.report = report
        report["import_id"] = batch.import_id
        self.rebuild_profiles()
        return report

    def analyse(self, postings: Sequence[JobPosting], duplicate_of: Mapping[str, str]) -> list[PostingAnalysis]:
        """What an import keeps of each posting besides the posting itself: the role its title maps
        to, its skills (listed, then read from the text, with scores and evidence) and the listed
        skills nothing matched. The texts of a part are read together (sentences in one batch);
        a duplicate keeps its role and no skills."""
        matches = self._assign_roles(postings)
        taxonomy = self._taxonomy()
        extractions = self._extract(self._extractor(), [p for p in postings if p.id not in duplicate_of])
        out: list[PostingAnalysis] = []
        for posting in postings:
            if posting.id in duplicate_of:
                out.append(PostingAnalysis(posting.id, matches[posting.id], (), ()))
                continue
            skills, missing = self._posting_skills(posting, extractions[posting.id], taxonomy)
            out.append(PostingAnalysis(posting.id, matches[posting.id], tuple(skills.values()), tuple(missing)))
        return out

    def _analysed_here(self, parts: Sequence[Sequence[JobPosting]],
                       duplicate_of: Mapping[str, str]) -> Iterator[list[PostingAnalysis]]:
        for part in parts:
            yield self.analyse(part, duplicate_of)

    def _duplicates(self, postings: Sequence[JobPosting]) -> dict[str, str]:
        stored = [Document(pid, key, text) for pid, key, text in self.storage.posting_fingerprints()]
        new = [Document(p.id, p.content_key, f"{p.title}\n{p.description}") for p in postings]
        found = DuplicateFinder().find([*stored, *new])
        ids = {p.id for p in postings}
        return {k: v for k, v in found.items() if k in ids}

    def _assign_roles(self, postings: Sequence[JobPosting]) -> dict[str, RoleMatch]:
        taxonomy = self._taxonomy()
        by_label = {normalise_label(o.label): o for o in taxonomy.occupations.values()}
        out: dict[str, RoleMatch] = {}
        pending: list[JobPosting] = []
        for posting in postings:
            if posting.role:
                occ = by_label.get(normalise_label(posting.role))
                out[posting.id] = (
                    RoleMatch(occ.id, occ.label, 1.0, "named") if occ
                    else RoleMatch(None, posting.role.strip(), 1.0, "named")
                )
            else:
                pending.append(posting)
        if pending and taxonomy.occupations:
            found = self._titles().match_many([p.title for p in pending], [p.occupational_category for p in pending])
            out.update({p.id: m for p, m in zip(pending, found, strict=True)})
        for posting in pending:
            out.setdefault(posting.id, RoleMatch(None, posting.title, 0.0, "unmatched"))
        return out

    @staticmethod
    def _extract(extractor: SkillExtractor, postings: Sequence[JobPosting]) -> dict[str, Extraction]:
        """The skills of postings read together (their sentences and phrases in one batch);
        only the accepted skills are kept, not every posting's ranking of candidates."""
        found = extractor.extract_many(
            [f"{p.title}\n{p.description}" for p in postings],
            exclude_each=[(p.organization, p.location) for p in postings],
        )
        return {p.id: Extraction(e.skills, [], e.negated) for p, e in zip(postings, found, strict=True)}

    @staticmethod
    def _posting_row(posting: JobPosting, match: RoleMatch, duplicate_of: str | None) -> dict[str, Any]:
        role_id = match.occupation_id or (named_role_id(match.label) if match.method == "named" else None)
        return {
            "id": posting.id, "title": posting.title, "organization": posting.organization,
            "location": posting.location, "date_posted": posting.date_posted,
            "employment_type": posting.employment_type, "remote": posting.remote,
            "description": posting.description, "occupational_category": list(posting.occupational_category),
            "listed_skills": [[s.label, s.uri] for s in posting.skills],
            "preferred_skills": [[s.label, s.uri] for s in posting.preferred_skills],
            "role_hint": posting.role, "source": posting.source, "content_key": posting.content_key,
            "duplicate_of": duplicate_of, "role_id": role_id, "role_score": round(match.score, 4),
            "role_method": match.method,
        }

    def _posting_skills(
        self, posting: JobPosting, extraction: Extraction, taxonomy: Taxonomy
    ) -> tuple[dict[str, dict[str, Any]], list[str]]:
        """Skill id -> row for one posting: listed skills first, then what the text says."""
        skills: dict[str, dict[str, Any]] = {}
        missing: list[str] = []
        for listed, kind in [*((s, "required") for s in posting.skills), *((s, "preferred") for s in posting.preferred_skills)]:
            resolved = self._resolve_listed(listed, taxonomy)
            if resolved is None:
                missing.append(listed.label)
                continue
            skill_id, label, score = resolved
            current = skills.get(skill_id)
            if current is None or _REQUIREMENT_RANK[kind] < _REQUIREMENT_RANK[current["requirement"]]:
                skills[skill_id] = {"skill_id": skill_id, "label": label, "score": score, "requirement": kind,
                                    "evidence": [{"text": listed.label, "signal": "listed"}]}
        text = f"{posting.title}\n{posting.description}"
        parts = sections(text)
        for found in extraction.skills:
            if found.id in skills:
                continue
            kinds = [parts.kind_at(e.start) for e in found.evidence] or ["mentioned"]
            kind = min(kinds, key=_REQUIREMENT_RANK.__getitem__)
            skills[found.id] = {"skill_id": found.id, "label": found.label, "score": round(found.score, 4),
                                "requirement": kind, "evidence": [e.as_dict() for e in found.evidence]}
        return skills, missing

    def _resolve_listed(self, listed: ListedSkill, taxonomy: Taxonomy) -> tuple[str, str, float] | None:
        if listed.uri and listed.uri in taxonomy.skills:
            return listed.uri, taxonomy.skills[listed.uri].label, 1.0
        if not listed.label.strip():
            return None
        exact = taxonomy.skills_by_label(listed.label)
        if exact:
            return exact[0], taxonomy.skills[exact[0]].label, 1.0
        hits = self._search(listed.label)
        if hits and hits[0].score >= LISTED_SKILL_MIN_SCORE:
            return hits[0].id, hits[0].label, round(hits[0].score, 4)
        return None

    # -- profiles -----------------------------------------------------------------------
    def rebuild_profiles(self) -> int:
        taxonomy = self._taxonomy()
        by_role = self.storage.postings_by_role()
        priors = self._priors(taxonomy, by_role)
        labels = {sid: s.label for sid, s in taxonomy.skills.items()}
        role_labels, meta = {}, {}
        named = {named_role_id(p["role_hint"]): p["role_hint"] for p in self._named_roles()}
        for role_id in by_role:
            occ = taxonomy.occupations.get(role_id)
            role_labels[role_id] = occ.label if occ else named.get(role_id, role_id.removeprefix("role:"))
            meta[role_id] = {"kind": "occupation" if occ else "named", "occupation_id": occ.id if occ else None}
        profiles = build_profiles(by_role, priors, labels, role_labels, self.profile_settings,
                                  languages=taxonomy.language_skills())
        self.storage.replace_roles(profiles, meta)
        return len(profiles)

    def _named_roles(self) -> list[dict[str, Any]]:
        from sqlalchemy import select

        from skillmatch.adapters.storage.tables import postings

        with self.storage.engine.connect() as conn:
            rows = conn.execute(select(postings.c.role_hint).where(postings.c.role_hint != "").distinct())
            return [{"role_hint": r.role_hint} for r in rows]

    @staticmethod
    def _priors(taxonomy: Taxonomy, roles: Mapping[str, Any]) -> dict[str, dict[str, float]]:
        priors: dict[str, dict[str, float]] = {}
        for role_id in roles:
            for rel in taxonomy.relations_of(role_id):
                if rel.skill_id in taxonomy.skills:
                    priors.setdefault(role_id, {})[rel.skill_id] = relation_prior(rel)
        return priors

    # -- look-up ------------------------------------------------------------------------
    def find(self, text: str) -> RoleProfile:
        """A role by id, by label, or by the occupation its text names (then from its prior)."""
        return self.read(text)[0]

    def read(self, text: str) -> tuple[RoleProfile, RoleReading]:
        """The role ``text`` names, and how it was read (so an answer can say so)."""
        text = text.strip()
        stored = self.storage.role(text)
        if stored is not None:
            return stored, RoleReading(text, stored.role_id, stored.label, "id", 1.0)
        for role_id in self.storage.roles_by_label(text):
            found = self.storage.role(role_id)
            if found is not None:
                return found, RoleReading(text, found.role_id, found.label, "label", 1.0)
        taxonomy = self._taxonomy()
        occupation = taxonomy.occupations.get(text)
        method, score = "id", 1.0
        if occupation is None:
            match = self._titles().match(text) if taxonomy.occupations else None
            stored = self.storage.role(match.occupation_id) if match and match.occupation_id else None
            exact = bool(match and match.occupation_id and normalise_label(match.label) == normalise_label(text))
            titled = None if exact else self._titled(text, stored)
            if titled is not None:
                return titled
            if match and match.occupation_id:
                method, score = ("label" if exact else "title"), match.score
                if stored is not None:
                    return stored, RoleReading(text, stored.role_id, stored.label, method, score)
                occupation = taxonomy.occupations[match.occupation_id]
        if occupation is not None:
            prior = {r.skill_id: relation_prior(r) for r in taxonomy.relations_of(occupation.id)
                     if r.skill_id in taxonomy.skills}
            labels = {sid: taxonomy.skills[sid].label for sid in prior}
            profile = build_profiles({}, {occupation.id: prior}, labels, {occupation.id: occupation.label},
                                     self.profile_settings)[occupation.id]
            if profile.skills:
                return profile, RoleReading(text, profile.role_id, profile.label, method, score)
        raise UnknownRole(f"no role matches {text!r}", suggestions=self.suggestions(text))

    def _titled(self, text: str, matched: RoleProfile | None) -> tuple[RoleProfile, RoleReading] | None:
        """The role whose postings are most often titled with the words of ``text``, when that
        is a pattern (``TITLED_POSTINGS_AT``) and beats the role the title matched: employers'
        own titles say what "UX designer" means here better than the taxonomy's closest label."""
        words = sorted(w for w in title_words(text) if len(w) > 1)
        if not words:
            return None
        counts = Counter(role_id for role_id, title in self.storage.titles_with(words) if titled_with(text, title))
        if not counts:
            return None
        role_id, hits = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if hits < TITLED_POSTINGS_AT or (matched is not None and counts.get(matched.role_id, 0) >= hits):
            return None
        found = self.storage.role(role_id)
        if found is None:
            return None
        return found, RoleReading(text, found.role_id, found.label, "postings", 1.0, titled=hits)

    def suggestions(self, text: str, limit: int = 5) -> list[str]:
        _, stored = self.storage.list_roles(limit=500)
        labels = [r["label"] for r in stored]
        taxonomy = self._taxonomy()
        if taxonomy.occupations:
            ranked = self._titles().rank([text], top=limit)[0]
            labels += [taxonomy.occupations[oid].label for oid, _ in ranked]
        key = normalise_label(text)
        others = [lab for lab in dict.fromkeys(labels) if normalise_label(lab) != key]  # never the query again
        close = sorted(others, key=lambda lab: -_overlap(key, normalise_label(lab)))
        return close[:limit]


def _overlap(a: str, b: str) -> float:
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def posting_files(paths: Sequence[Path]) -> list[str]:
    return [str(p) for p in paths]
