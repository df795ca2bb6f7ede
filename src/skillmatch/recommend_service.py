"""Learner in, advice out: gap, recommended credentials, pathway and team plans.

This wires the pure core (:mod:`skillmatch.core.learner`, ``gap``, ``recommend``, ``pathway``,
``team``) to what the Engine holds: the taxonomy, the skill index (label look-ups and the
vectors that give related skills partial credit), the extractor (for CV text), the role
profiles and the credential catalog.

A skill the caller gives is an id when the taxonomy has it, else a label: a label equal to a
skill's preferred or alternative label (case and punctuation aside) is that skill; otherwise the
closest skill by meaning is taken when it scores at least ``LABEL_MIN_SCORE``, together with the
next ones scoring within ``LABEL_TIE`` of it (a label like "Excel" names two or three spreadsheet
skills about equally well), and the answer says which skills each label became. Labels that
match nothing are reported back as unresolved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from skillmatch.contracts.base import parse
from skillmatch.contracts.learners import ConstraintsIn
from skillmatch.contracts.teams import RoleDemandIn, TeamSpecIn
from skillmatch.core.catalog import Credential
from skillmatch.core.constraints import Constraints
from skillmatch.core.extraction import ExtractedSkill, SkillExtractor
from skillmatch.core.gap import SkillGap, compute_gap
from skillmatch.core.learner import LearnerInput, LearnerProfile, build_learner
from skillmatch.core.pathway import build_pathway
from skillmatch.core.pool import CredentialPool
from skillmatch.core.profiles import RoleProfile, core_skills
from skillmatch.core.recommend import RecommendSettings, recommend
from skillmatch.core.roles import RoleReading
from skillmatch.core.similarity import HierarchySimilarity, VectorSimilarity
from skillmatch.core.skill_index import EntryKind, SkillHit, SkillIndex
from skillmatch.core.taxonomy import Taxonomy
from skillmatch.core.team import RoleDemand, TeamMember, TeamPlan, team_gap, team_plan
from skillmatch.errors import InvalidRequest, UnknownCredential, UnknownRole, role_fault
from skillmatch.version_cache import VersionCache

#: A free label becomes the closest skill by meaning only when it is at least this close.
LABEL_MIN_SCORE = 0.7
LABEL_TIE = 0.03


class RecommendService:
    def __init__(
        self,
        taxonomy: Callable[[], Taxonomy],
        skill_index: Callable[[], tuple[str, SkillIndex]],
        extractor: Callable[[], SkillExtractor],
        search: Callable[[str], Sequence[SkillHit]],  # best first, at least 3
        role: Callable[[str], tuple[RoleProfile, RoleReading]],
        catalog: Callable[[], tuple[str, Sequence[Credential]]],
        rates: Callable[[str], Mapping[str, float]],
    ) -> None:
        self._taxonomy = taxonomy
        self._skill_index = skill_index
        self._extractor = extractor
        self._search = search
        self._read_role = role
        self._catalog = catalog
        self._rates = rates
        self._similarity: VersionCache[HierarchySimilarity] = VersionCache()
        self._pool: VersionCache[tuple[CredentialPool, dict[str, Credential]]] = VersionCache()

    # -- shared pieces ------------------------------------------------------------------
    def similarity(self) -> HierarchySimilarity:
        """Cosine similarity of skills' preferred-label vectors, raised for a skill and its broader
        skill in the taxonomy and for a skill another draws on (built once per index version)."""
        version, index = self._skill_index()

        def build() -> HierarchySimilarity:
            rows = np.flatnonzero(index.entries.kind_of == EntryKind.LABEL)
            owners = index.entries.skill_of[rows]
            ids = [index.entries.skill_ids[int(s)] for s in owners]
            base = VectorSimilarity(ids, index.vectors.reconstruct(rows))
            taxonomy = self._taxonomy()
            return HierarchySimilarity(base, taxonomy.broader_skills(), links=taxonomy.linked_skills(),
                                       products=taxonomy.technologies())

        return self._similarity.get(version, build)

    def pool(self) -> tuple[CredentialPool, dict[str, Credential]]:
        """The catalog as a pool (and by id), built once per catalog version."""
        version, credentials = self._catalog()
        return self._pool.get(version, lambda: (CredentialPool(credentials), {c.id: c for c in credentials}))

    def prepare(self, skill_ids: Iterable[str]) -> int:
        """Compute ahead how each credential covers ``skill_ids`` (the roles' skills), so the first
        request for a role does not pay for it; returns how many skills were new."""
        pool, _ = self.pool()
        return pool.prepare(skill_ids, self.similarity(), RecommendSettings().credit)

    def constraints(self, given: ConstraintsIn | Mapping[str, Any] | None) -> Constraints:
        """The core's constraints for what a caller gave (read once into :class:`ConstraintsIn`),
        with the exchange rates into the budget's currency."""
        rules = parse(ConstraintsIn, given or {}, "constraints")
        currency = rules.currency.upper()

        def names(values: Sequence[str]) -> tuple[str, ...]:
            return tuple(v.strip() for v in values)

        try:
            return Constraints(
                max_cost=rules.max_cost, currency=currency, rates=self._rates(currency), max_hours=rules.max_hours,
                levels=names(rules.levels), formats=names(rules.formats), languages=names(rules.languages),
                providers=names(rules.providers_include), exclude_providers=names(rules.providers_exclude),
                free_only=rules.free_only, exclude=names(rules.exclude),
            )
        except InvalidRequest as exc:
            if exc.field and not exc.field.startswith("constraints."):
                exc.field = f"constraints.{exc.field}"
            raise

    # -- learner ------------------------------------------------------------------------
    def resolve_label(self, text: str) -> list[tuple[str, str, float]]:
        taxonomy = self._taxonomy()
        exact = taxonomy.skills_by_label(text)
        if exact:
            return [(exact[0], taxonomy.skills[exact[0]].label, 1.0)]
        hits = self._search(text)
        if not hits or hits[0].score < LABEL_MIN_SCORE:
            return []
        best = hits[0].score
        return [(h.id, h.label, round(h.score, 4)) for h in hits[:3] if h.score >= max(LABEL_MIN_SCORE, best - LABEL_TIE)]

    def learner(self, given: LearnerInput) -> LearnerProfile:
        taxonomy = self._taxonomy()
        ids = {s.text: s.proficiency for s in given.skills if s.text in taxonomy.skills}
        labels = {s.text: s.proficiency for s in given.skills if s.text not in taxonomy.skills}
        extracted: tuple[ExtractedSkill, ...] = ()
        if given.profile_text.strip():
            extracted = tuple(self._extractor().extract(given.profile_text).skills)
        _, by_id = self.pool()
        missing = [cid for cid in given.held_credentials if cid not in by_id]
        if missing:
            raise UnknownCredential(f"no credential with id {missing[0]!r} in the catalog (held_credentials)")
        experience: list[tuple[str, str, str]] = []
        if given.current_role.strip():
            try:
                role, _ = self._read_role(given.current_role)
            except UnknownRole as exc:
                close = f"; close roles: {', '.join(exc.suggestions)}" if exc.suggestions else ""
                raise InvalidRequest(f"{exc}{close}", field="current_role") from None
            experience = [(s.id, s.label, role.label) for s in core_skills(role)]
        return build_learner(
            ids=ids, label_of=lambda sid: taxonomy.skills[sid].label if sid in taxonomy.skills else None,
            labels=labels, resolve=self.resolve_label, extracted=extracted, experience=experience,
            credentials=[by_id[cid] for cid in dict.fromkeys(given.held_credentials)], learner_id=given.learner_id,
        )

    # -- one learner ----------------------------------------------------------------------
    def gap(self, role_text: str, given: LearnerInput) -> tuple[RoleProfile, LearnerProfile, SkillGap, RoleReading]:
        if not role_text.strip():
            raise InvalidRequest("the target role is empty", field="target_role")
        role, reading = self._read_role(role_text)
        learner = self.learner(given)
        return role, learner, compute_gap(learner, role, self.similarity()), reading

    def recommend(
        self, role_text: str, given: LearnerInput, constraints: ConstraintsIn | Mapping[str, Any] | None = None,
        limit: int = 5,
    ) -> dict[str, Any]:
        rules = self.constraints(constraints)
        role, learner, gap, reading = self.gap(role_text, given)
        pool, by_id = self.pool()
        answer = recommend(gap, pool, similarity=self.similarity(), constraints=rules, limit=limit)
        chosen = [by_id[cid] for cid in answer.credential_ids]
        taxonomy = self._taxonomy()
        pathway = build_pathway(
            chosen, catalog=pool.around(answer.credential_ids), learner=learner,
            skill_label=lambda sid: taxonomy.skills[sid].label if sid in taxonomy.skills else None,
            rank={cid: i for i, cid in enumerate(answer.credential_ids)},
        )
        return {
            "role": role_summary(role, reading),
            "gap": gap.as_dict(),
            "recommendation": answer.as_dict(),
            "pathway": pathway.as_dict(),
            "learner": learner.as_dict(),
        }

    # -- teams --------------------------------------------------------------------------
    def team(self, spec: TeamSpecIn, limit: int = 5) -> dict[str, Any]:
        """The team's gap against its target role(s) and one training plan for it."""
        readings: dict[str, dict[str, Any]] = {}
        target = self._team_target(spec.target, readings)
        roles_by_text: dict[str, RoleProfile] = {}
        members: list[TeamMember] = []
        seen: set[str] = set()
        _, by_id = self.pool()
        for i, m in enumerate(spec.members):
            given = m.learner(f"member-{i + 1}")
            if given.learner_id in seen:
                raise InvalidRequest(f"two members have the id {given.learner_id!r}", field=f"members[{i}].id")
            seen.add(given.learner_id)
            for k, cid in enumerate(given.held_credentials):
                if cid not in by_id:
                    raise InvalidRequest(f"members[{i}].held_credentials[{k}]: no credential with id {cid!r} in the catalog",
                                         field=f"members[{i}].held_credentials[{k}]")
            own: RoleProfile | None = None
            if m.role:
                if m.role not in roles_by_text:
                    roles_by_text[m.role] = self._read_into(m.role, readings, f"members[{i}].role")
                own = roles_by_text[m.role]
            members.append(TeamMember(given.learner_id, self.learner(given), own))
        rules = self.constraints(spec.constraints)
        similarity = self.similarity()
        gap = team_gap(members, target, similarity=similarity)
        pool, _ = self.pool()
        plan = team_plan(gap, pool, similarity=similarity, constraints=rules, limit=limit)
        unresolved = {m.member_id: [u.as_dict() for u in m.learner.unresolved] for m in members if m.learner.unresolved}
        return {"team": gap.as_dict(), "plan": plan.as_dict(), "pathways": self._member_pathways(members, plan, pool),
                "unresolved": unresolved, "roles": list(readings.values())}

    def _member_pathways(self, members: list[TeamMember], plan: TeamPlan, pool: CredentialPool) -> dict[str, Any]:
        """Each member's credentials of the plan, in the order that member should take them."""
        taxonomy = self._taxonomy()
        rank = {item.credential.id: item.rank for item in plan.items}
        out: dict[str, Any] = {}
        for m in members:
            ids = [item.credential.id for item in plan.items if m.member_id in item.takers]
            chosen = [pool.credentials[pool.position[cid]] for cid in ids]
            out[m.member_id] = build_pathway(
                chosen, catalog=pool.around(ids), learner=m.learner, rank=rank,
                skill_label=lambda sid: taxonomy.skills[sid].label if sid in taxonomy.skills else None,
            ).as_dict()
        return out

    def _read_into(self, text: str, readings: dict[str, dict[str, Any]], field: str) -> RoleProfile:
        """The role ``text`` names; how it was read goes into ``readings``, once per text. A role no one
        can read is a fault of the team body (422 naming ``field``), as for a stored team."""
        try:
            role, reading = self._read_role(text)
        except UnknownRole as exc:
            raise role_fault(exc, text, field) from None
        readings.setdefault(text, role_summary(role, reading))
        return role

    def _team_target(self, target: Sequence[RoleDemandIn], readings: dict[str, dict[str, Any]]) -> RoleProfile | list[RoleDemand]:
        """One role (one target of head-count 1), or the demands of several."""
        if len(target) == 1 and target[0].headcount == 1:
            return self._read_into(target[0].role, readings, "target")
        return [RoleDemand(self._read_into(t.role, readings, f"target[{i}].role"), t.headcount)
                for i, t in enumerate(target)]


def role_summary(role: RoleProfile, reading: RoleReading | None = None) -> dict[str, Any]:
    """The role an answer is for; ``read_as`` says how the request's text was read."""
    return {"id": role.role_id, "label": role.label, "postings": role.postings,
            "prior_share": round(role.prior_share, 4), "skills": len(role.skills),
            "read_as": reading.as_dict() if reading else None}
