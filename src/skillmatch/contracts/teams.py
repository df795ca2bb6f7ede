"""A team as callers give it (ad hoc or to store) and its gap, training plan and stored form."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from skillmatch.contracts.advice import GapOut, PathwayOut, UnresolvedOut
from skillmatch.contracts.base import MAX_LIMIT, MAX_TEXT, MetaOut, SkillRef, Strict, WholeNumber
from skillmatch.contracts.catalog import CredentialSummaryOut
from skillmatch.contracts.learners import ConstraintsIn, SkillItem, skill_inputs
from skillmatch.contracts.roles import RoleSummaryOut
from skillmatch.core.learner import MAX_MEMBERS, MAX_SKILLS, LearnerInput


class RoleDemandIn(Strict):
    role: str = Field(min_length=1, max_length=500, description="A role id, a role label or a job title.")
    headcount: WholeNumber = Field(default=1, ge=1, le=100_000, description="How many people the team needs in it.")
    label: str | None = Field(default=None, max_length=500, description="Ignored (GET answers it).")


def _target_items(value: Any) -> Any:
    if isinstance(value, str | dict):
        value = [value]
    if isinstance(value, list):
        return [{"role": v} if isinstance(v, str) else v for v in value]
    raise ValueError("the target is a role, or a list of roles or {role, headcount}")


_ROLE_DEMAND_SCHEMA = {
    "type": "object",
    "properties": {
        "role": {"type": "string", "description": "A role id, a role label or a job title."},
        "headcount": {"type": "integer", "minimum": 1, "default": 1},
    },
    "required": ["role"],
}
_TARGET_SCHEMA = {
    "description": "A role (id, label or job title), or several with head-counts.",
    "anyOf": [
        {"type": "string"},
        {"type": "array", "items": {"anyOf": [{"type": "string"}, _ROLE_DEMAND_SCHEMA]}, "minItems": 1},
        _ROLE_DEMAND_SCHEMA,
    ],
}
Target = Annotated[list[RoleDemandIn], BeforeValidator(_target_items), WithJsonSchema(_TARGET_SCHEMA)]


class MemberIn(Strict):
    id: str | None = Field(default=None, max_length=200, description="Unique in the team; `name` if absent.")
    name: str | None = Field(default=None, max_length=200)
    skills: list[SkillItem] = Field(default_factory=list, max_length=MAX_SKILLS)
    profile_text: str = Field(default="", max_length=MAX_TEXT,
                              description="Read into skills; the text itself is never stored.")
    held_credentials: list[str] = Field(default_factory=list, max_length=200)
    role: str | None = Field(default=None, max_length=500, description="The member's own target role, if any.")

    def learner(self, default_id: str) -> LearnerInput:
        """The member as a learner: their id (``name`` when no ``id``; ``default_id`` when neither)."""
        return LearnerInput(skills=skill_inputs(self.skills), profile_text=self.profile_text,
                            held_credentials=tuple(self.held_credentials),
                            learner_id=str(self.id or self.name or default_id))


_TEAM_MEMBERS: list[Any] = [
    {"id": "ana", "skills": ["SQL", "statistics"], "held_credentials": []},
    {"id": "ben", "profile_text": "Five years of customer support; I keep our ticket reports in spreadsheets."},
    {"id": "cai", "skills": [{"skill": "Python (computer programming)", "proficiency": 0.5}]},
]


class TeamSpecIn(Strict):
    name: str | None = Field(default=None, max_length=200, description="Optional; lets a stored team's file be sent.")
    target: Target = Field(min_length=1, max_length=50)
    members: list[MemberIn] = Field(min_length=1, max_length=MAX_MEMBERS)
    constraints: ConstraintsIn | None = None
    limit: WholeNumber = Field(default=5, ge=1, le=MAX_LIMIT, description="At most this many credentials in the plan.")

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "target": "data analyst", "members": _TEAM_MEMBERS,
        "constraints": {"max_cost": 2000, "formats": ["online"]}, "limit": 5,
    }]})


class TeamIn(Strict):
    id: str | None = Field(default=None, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                           description="Your id for the team (letters, digits, '.', '_', '-'); a new one if absent.")
    name: str = Field(min_length=1, max_length=200)
    target: Target = Field(min_length=1, max_length=50)
    members: list[MemberIn] = Field(min_length=1, max_length=MAX_MEMBERS)
    constraints: ConstraintsIn | None = Field(default=None, description="Used by the team's gap unless it gives its own.")

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "id": "analytics-team", "name": "Store analytics team", "target": "data analyst",
        "members": _TEAM_MEMBERS, "constraints": {"max_cost": 2000, "formats": ["online"]},
    }]})


class TeamGapIn(Strict):
    constraints: ConstraintsIn | None = Field(default=None, description="Replace the team's stored constraints.")
    limit: WholeNumber = Field(default=5, ge=1, le=MAX_LIMIT)

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"constraints": {"max_cost": 1500},
                                                                                 "limit": 3}]})


class TeamSkillOut(SkillRef):
    importance: float
    needed_by: int
    lacking: int
    lacking_share: float
    mean_credit: float
    team_gap: float


class MemberGapOut(GapOut):
    member_id: str
    role: SkillRef


class HeatmapOut(BaseModel):
    members: list[str]
    skills: list[SkillRef]
    credits: list[list[float]] = Field(description="members × skills, the credit of each.")


class TeamGapOut(BaseModel):
    size: int
    coverage: float
    lacking_below: float = Field(description="A member lacks a skill their role needs while their credit for it is "
                                 "below this, whatever the skill's importance.")
    roles: list[dict[str, Any]]
    skills: list[TeamSkillOut] = Field(description="The role's skills, largest team gap first.")
    members: list[MemberGapOut]
    heatmap: HeatmapOut


class PlanSkillOut(SkillRef):
    strength: float = Field(description="The credit it gives this skill (at least 0.25 above each taker's).")
    members: int = Field(description="Members it covers this skill for.")


class PlanItemOut(BaseModel):
    rank: int
    credential: CredentialSummaryOut
    takers: list[str]
    value: float
    cost: float | None
    skills: list[PlanSkillOut]
    reason: str


class MemberCoverageOut(BaseModel):
    before: float
    after: float


class TeamPlanOut(BaseModel):
    items: list[PlanItemOut]
    coverage_before: float
    coverage_after: float
    members: dict[str, MemberCoverageOut]
    total_cost: float | None
    currency: str
    seats: int
    constraints: dict[str, Any]
    stopped: str


class StoredTeamRef(BaseModel):
    id: str
    name: str
    updated_at: str | None = None


class TeamAnswerOut(BaseModel):
    team: TeamGapOut
    plan: TeamPlanOut
    pathways: dict[str, PathwayOut] = Field(
        default_factory=dict, description="Per member id: the plan's credentials that member takes, in the order to take them.")
    unresolved: dict[str, list[UnresolvedOut]]
    roles: list[RoleSummaryOut] = Field(
        default_factory=list, description="Every role text of the request (targets, members' roles) and how it was read.")
    meta: MetaOut
    stored_team: StoredTeamRef | None = None


class StoredSkillOut(SkillRef):
    proficiency: float
    source: str


class StoredMemberOut(BaseModel):
    id: str
    role: str | None
    skills: list[StoredSkillOut]
    held_credentials: list[str]


class StoredTeamOut(BaseModel):
    id: str
    name: str
    target: Any = Field(description="{role, label}, or [{role, label, headcount}].")
    constraints: dict[str, Any]
    members: list[StoredMemberOut]
    created_at: str | None
    updated_at: str | None


class TeamSavedOut(BaseModel):
    team: StoredTeamOut
    unresolved: dict[str, list[UnresolvedOut]] = Field(description="Inputs that matched nothing; not stored.")


class TeamListItemOut(BaseModel):
    id: str
    name: str
    members: int
    updated_at: str | None


class TeamListOut(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[TeamListItemOut]
