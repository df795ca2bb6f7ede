"""The team gap: the members, the role each is measured against (their own, one of the team's
target roles, or the head-count-weighted mix of them), every skill's lacking count, mean
credit and team gap, and the heat map of every member's credit for the largest team gaps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from skillmatch.core.gap import GapSettings, SkillGap, compute_gap
from skillmatch.core.learner import LearnerProfile
from skillmatch.core.profiles import RoleProfile, RoleSkill
from skillmatch.core.similarity import SkillSimilarity
from skillmatch.errors import InvalidRequest

#: A member lacks a skill their role needs while their credit for it is below this (half held).
LACKING_BELOW = 0.5


@dataclass(frozen=True)
class TeamMember:
    member_id: str
    learner: LearnerProfile
    role: RoleProfile | str | None = None  # own role, or the id of one of the team's target roles


@dataclass(frozen=True)
class RoleDemand:
    role: RoleProfile
    headcount: int = 1


@dataclass(frozen=True, slots=True)
class TeamSkill:
    id: str
    label: str
    importance: float  # mean over members (0 where a member's role lacks it)
    needed_by: int  # members whose role has it
    lacking: int
    lacking_share: float
    mean_credit: float
    team_gap: float

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "importance": round(self.importance, 4),
            "needed_by": self.needed_by,
            "lacking": self.lacking,
            "lacking_share": round(self.lacking_share, 4),
            "mean_credit": round(self.mean_credit, 4),
            "team_gap": round(self.team_gap, 4),
        }


@dataclass(frozen=True)
class MemberGap:
    member_id: str
    gap: SkillGap

    def as_dict(self) -> dict[str, object]:
        return {"member_id": self.member_id, **self.gap.as_dict()}


@dataclass(frozen=True)
class HeatMap:
    members: tuple[str, ...]
    skills: tuple[tuple[str, str], ...]  # (id, label)
    credits: tuple[tuple[float, ...], ...]  # members × skills

    def as_dict(self) -> dict[str, object]:
        return {
            "members": list(self.members),
            "skills": [{"id": i, "label": label} for i, label in self.skills],
            "credits": [[round(v, 4) for v in row] for row in self.credits],
        }


@dataclass(frozen=True)
class TeamGap:
    skills: tuple[TeamSkill, ...]  # largest team gap first
    members: tuple[MemberGap, ...]
    heatmap: HeatMap
    coverage: float  # mean of the members' coverages
    lacking_below: float
    roles: tuple[dict[str, object], ...] = ()  # target roles with head-count and members assigned

    def as_dict(self) -> dict[str, object]:
        return {
            "size": len(self.members),
            "coverage": round(self.coverage, 4),
            "lacking_below": self.lacking_below,
            "roles": [dict(r) for r in self.roles],
            "skills": [s.as_dict() for s in self.skills],
            "members": [m.as_dict() for m in self.members],
            "heatmap": self.heatmap.as_dict(),
        }


def mix_profile(demands: Sequence[RoleDemand]) -> RoleProfile:
    """One profile for several roles: the head-count-weighted mean importance of each skill."""
    heads = sum(d.headcount for d in demands)
    weight: dict[str, float] = {}
    labels: dict[str, str] = {}
    for d in demands:
        for s in d.role.skills:
            weight[s.id] = weight.get(s.id, 0.0) + d.headcount * s.weight / heads
            labels.setdefault(s.id, s.label)
    skills = tuple(
        RoleSkill(id=i, label=labels[i], weight=w, frequency=w, specificity=0.5, prior=0.0, postings=0, required_share=0.0)
        for i, w in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    name = " + ".join(f"{d.headcount} × {d.role.label}" for d in demands)
    return RoleProfile(
        role_id="mix:" + "+".join(d.role.role_id for d in demands),
        label=f"team mix ({name})",
        postings=sum(d.role.postings for d in demands),
        prior_share=0.0,
        skills=skills,
    )


def _roles_for(
    members: Sequence[TeamMember], target: RoleProfile | Sequence[RoleDemand]
) -> tuple[list[RoleProfile], list[dict[str, object]]]:
    demands = [RoleDemand(target, len(members))] if isinstance(target, RoleProfile) else list(target)
    if not demands:
        raise InvalidRequest("a team needs at least one target role", field="roles")
    for d in demands:
        if d.headcount < 1:
            raise InvalidRequest(f"head-count of {d.role.label} must be at least 1, got {d.headcount}", field="headcount")
    by_id = {d.role.role_id: d.role for d in demands}
    default = demands[0].role if len(demands) == 1 else mix_profile(demands)
    roles: list[RoleProfile] = []
    for m in members:
        if isinstance(m.role, RoleProfile):
            roles.append(m.role)
        elif isinstance(m.role, str):
            if m.role not in by_id:
                raise InvalidRequest(
                    f"member {m.member_id!r} is assigned role {m.role!r}, which is not one of the team's "
                    f"target roles ({', '.join(sorted(by_id))})",
                    field="role",
                )
            roles.append(by_id[m.role])
        else:
            roles.append(default)
    summary = [
        {
            "id": d.role.role_id,
            "label": d.role.label,
            "headcount": d.headcount,
            "assigned": [m.member_id for m, r in zip(members, roles, strict=True) if r.role_id == d.role.role_id],
        }
        for d in demands
    ]
    return roles, summary


def team_gap(
    members: Sequence[TeamMember],
    target: RoleProfile | Sequence[RoleDemand],
    *,
    similarity: SkillSimilarity | None = None,
    settings: GapSettings | None = None,
    lacking_below: float = LACKING_BELOW,
    heatmap_skills: int = 10,
) -> TeamGap:
    if not members:
        raise InvalidRequest("a team needs at least one member", field="members")
    ids = [m.member_id for m in members]
    if len(set(ids)) != len(ids):
        raise InvalidRequest("member ids must be unique", field="members")
    cfg = settings or GapSettings()
    roles, summary = _roles_for(members, target)
    gaps = [MemberGap(m.member_id, compute_gap(m.learner, r, similarity, cfg)) for m, r in zip(members, roles, strict=True)]

    labels: dict[str, str] = {}
    for mg in gaps:
        for g in mg.gap.skills:
            labels.setdefault(g.id, g.label)
    n = len(members)
    team_skills: list[TeamSkill] = []
    by_member = [{g.id: g for g in mg.gap.skills} for mg in gaps]
    for sid in sorted(labels):
        present = [own[sid] for own in by_member if sid in own]
        team_skills.append(
            TeamSkill(
                id=sid,
                label=labels[sid],
                importance=sum(g.importance for g in present) / n,
                needed_by=len(present),
                lacking=sum(1 for g in present if g.credit < lacking_below),
                lacking_share=sum(1 for g in present if g.credit < lacking_below) / n,
                mean_credit=sum(g.credit for g in present) / n,
                team_gap=sum(g.gap_weight for g in present) / n,
            )
        )
    team_skills.sort(key=lambda t: (-t.team_gap, -t.lacking, t.id))

    top = team_skills[:heatmap_skills]
    top_ids = [t.id for t in top]
    rows_out: list[tuple[float, ...]] = []
    for m in members:
        probe = RoleProfile(
            role_id="heatmap",
            label="heatmap",
            postings=0,
            prior_share=0.0,
            skills=tuple(RoleSkill(t.id, t.label, 1.0, 1.0, 0.5, 0.0, 0, 0.0) for t in top),
        )
        probed = compute_gap(m.learner, probe, similarity, cfg)
        rows_out.append(tuple(probed.skill(sid).credit for sid in top_ids))
    heatmap = HeatMap(tuple(ids), tuple((t.id, t.label) for t in top), tuple(rows_out))
    return TeamGap(
        skills=tuple(team_skills),
        members=tuple(gaps),
        heatmap=heatmap,
        coverage=sum(mg.gap.coverage for mg in gaps) / n,
        lacking_below=lacking_below,
        roles=tuple(summary),
    )
