"""Request and response bodies of the HTTP API (pydantic), with the examples /docs shows.

Every skill in an answer carries its taxonomy id and its label. Requests reject unknown keys,
so a typo ("constraint") is a 422 naming the key rather than a silently ignored setting.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    WithJsonSchema,
)

from skillmatch.api.errors import ErrorInfo
from skillmatch.core.catalog import LEVELS
from skillmatch.core.constraints import ACCEPTED_FORMATS
from skillmatch.recommend_service import MAX_MEMBERS, MAX_SKILLS, LearnerInput, SkillInput

MAX_TEXT = 50_000  # characters of profile text
MAX_OFFSET = 1_000_000_000  # a page further than any store holds; a database integer still
MAX_LIMIT = 50


def _a_number(value: Any) -> Any:
    if isinstance(value, bool | str):
        raise ValueError("must be a whole number, not text or true/false")
    return value


#: A JSON integer: 5 or 5.0 (JSON Schema counts both as integers), never "5" or true.
WholeNumber = Annotated[int, BeforeValidator(_a_number)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- requests --------------------------------------------------------------------------------


class SkillIn(BaseModel):
    """A skill the learner holds: a taxonomy id or a label, with an optional proficiency."""

    model_config = ConfigDict(extra="ignore")

    skill: str = Field(min_length=1, max_length=500)
    proficiency: StrictFloat = Field(default=1.0, ge=0.0, le=1.0)


def _skill_item(value: Any) -> Any:
    if isinstance(value, str):
        return {"skill": value}
    if isinstance(value, dict):
        if "skill" not in value:
            for key in ("id", "label"):  # what GET /v1/teams/{id} answers, so a team can be PUT back
                if key in value:
                    return {**value, "skill": value[key]}
        return value
    raise ValueError("a skill is a string (an id or a label) or an object {skill, proficiency}")


_SKILL_ITEM_SCHEMA = {
    "anyOf": [
        {"type": "string", "description": "a skill id (ESCO URI) or label", "maxLength": 500},
        {
            "type": "object",
            "properties": {
                "skill": {"type": "string", "description": "a skill id or label", "maxLength": 500},
                "proficiency": {"type": "number", "minimum": 0, "maximum": 1, "default": 1},
            },
            "required": ["skill"],
        },
    ]
}
SkillItem = Annotated[SkillIn, BeforeValidator(_skill_item), WithJsonSchema(_SKILL_ITEM_SCHEMA)]

_FORMATS_HELP = f"Delivery formats, any of: {', '.join(ACCEPTED_FORMATS)} ('online' means both online formats)."


class ConstraintsIn(Strict):
    """What the credentials must fit. Budget and hours bound the whole set of suggestions."""

    max_cost: StrictFloat | None = Field(default=None, ge=0, description="Budget for the whole set, in `currency`.")
    currency: str = Field(default="EUR", min_length=3, max_length=3, description="ISO 4217 code of the budget.")
    max_hours: StrictFloat | None = Field(default=None, gt=0, description="Study hours for the whole set.")
    levels: list[str] = Field(default_factory=list, max_length=10, description=f"Any of: {', '.join(LEVELS)}.")
    formats: list[str] = Field(default_factory=list, max_length=10, description=_FORMATS_HELP)
    languages: list[str] = Field(default_factory=list, max_length=20, description="Language codes, e.g. en, de, pt-BR.")
    providers_include: list[str] = Field(default_factory=list, max_length=100, description="Only these providers.")
    providers_exclude: list[str] = Field(default_factory=list, max_length=100, description="Never these providers.")
    free_only: StrictBool = Field(default=False, description="Only free credentials.")
    exclude: list[str] = Field(default_factory=list, max_length=500, description="Credential ids to leave out.")

    def as_core(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


MATHS_TEACHER: dict[str, Any] = {
    "target_role": "data analyst",
    "skills": ["teach mathematics", "statistics", {"skill": "use spreadsheets software", "proficiency": 0.6}],
    "profile_text": "Secondary school maths teacher for eight years. I analyse pupils' test results, "
    "keep the department's marks in spreadsheets and present the figures to parents.",
    "held_credentials": [],
    "constraints": {"max_cost": 600, "currency": "EUR", "max_hours": 150, "formats": ["online"], "languages": ["en"]},
    "limit": 5,
    "learner_id": "client-0042",
}


class LearnerIn(Strict):
    skills: list[SkillItem] = Field(default_factory=list, max_length=MAX_SKILLS,
                                    description="Skills held: ids or labels, or {skill, proficiency}.")
    profile_text: str = Field(default="", max_length=MAX_TEXT,
                              description="A CV or profile; the skills it mentions count as held. Never stored.")
    held_credentials: list[str] = Field(default_factory=list, max_length=200,
                                        description="Ids of credentials of the catalog already earned.")
    learner_id: str | None = Field(default=None, max_length=200, description="Your reference, echoed back.")
    current_role: str = Field(default="", max_length=500, description=(
        "The role the learner works in now (a role id, label or job title): its core skills (essential, or "
        "asked by half of its postings) count as held at proficiency 0.6."))

    def learner(self) -> LearnerInput:
        return LearnerInput(
            skills=tuple(SkillInput(s.skill.strip(), s.proficiency) for s in self.skills if s.skill.strip()),
            profile_text=self.profile_text,
            held_credentials=tuple(self.held_credentials),
            learner_id=self.learner_id or "",
            current_role=self.current_role.strip(),
        )


class GapIn(LearnerIn):
    target_role: str = Field(min_length=1, max_length=500, description="A role id, a role label or a job title.")

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {k: v for k, v in MATHS_TEACHER.items() if k not in {"constraints", "limit"}}
    ]})


class RecommendationIn(GapIn):
    constraints: ConstraintsIn = Field(default_factory=ConstraintsIn)
    limit: WholeNumber = Field(default=5, ge=1, le=MAX_LIMIT, description="At most this many credentials.")

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [MATHS_TEACHER]})


class BatchIn(Strict):
    requests: Annotated[
        list[dict[str, Any]],
        # Any object: each item is checked on its own against RecommendationIn, and one that does
        # not match is answered ``ok: false`` with its 422 error while the others are answered.
        WithJsonSchema({"type": "array", "items": {
            "anyOf": [{"$ref": "#/components/schemas/RecommendationIn"}, {"type": "object"}],
            "description": "A RecommendationIn; one that does not match it is answered `ok: false` with its error.",
        }}),
    ] = Field(description="Recommendation requests, each checked and answered on its own.")

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"requests": [
        MATHS_TEACHER,
        {"learner_id": "client-0043", "target_role": "web developer", "skills": ["HTML", "CSS"],
         "constraints": {"free_only": True}},
    ]}]})


class ExtractIn(Strict):
    text: str = Field(min_length=1, max_length=100_000, description="A posting, CV or course description.")
    exclude: list[str] = Field(default_factory=list, max_length=50,
                               description="Terms that are not skills here, e.g. the employer's name.")

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "text": "Junior Data Analyst. You will write SQL, build Power BI dashboards and present to stakeholders.",
        "exclude": ["Fernhill Energy"],
    }]})


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


def _target_spec(target: list[RoleDemandIn]) -> Any:
    if len(target) == 1 and target[0].headcount == 1:
        return target[0].role
    return [{"role": t.role, "headcount": t.headcount} for t in target]


class MemberIn(Strict):
    id: str | None = Field(default=None, max_length=200, description="Unique in the team; `name` if absent.")
    name: str | None = Field(default=None, max_length=200)
    skills: list[SkillItem] = Field(default_factory=list, max_length=MAX_SKILLS)
    profile_text: str = Field(default="", max_length=MAX_TEXT,
                              description="Read into skills; the text itself is never stored.")
    held_credentials: list[str] = Field(default_factory=list, max_length=200)
    role: str | None = Field(default=None, max_length=500, description="The member's own target role, if any.")

    def spec(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "profile_text": self.profile_text, "role": self.role,
            "held_credentials": list(self.held_credentials),
            "skills": [{"skill": s.skill, "proficiency": s.proficiency} for s in self.skills],
        }


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

    def spec(self) -> dict[str, Any]:
        return {"target": _target_spec(self.target), "members": [m.spec() for m in self.members],
                "constraints": self.constraints.as_core() if self.constraints else {}}


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

    def spec(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "target": _target_spec(self.target),
                "members": [m.spec() for m in self.members],
                "constraints": self.constraints.model_dump(exclude_defaults=True) if self.constraints else {}}


class TeamGapIn(Strict):
    constraints: ConstraintsIn | None = Field(default=None, description="Replace the team's stored constraints.")
    limit: WholeNumber = Field(default=5, ge=1, le=MAX_LIMIT)

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"constraints": {"max_cost": 1500},
                                                                                 "limit": 3}]})


# --- answers: skills, credentials, roles -------------------------------------------------------


class SkillRef(BaseModel):
    id: str
    label: str


class SkillHitOut(SkillRef):
    score: float
    matched: str
    matched_kind: str


class SkillSearchOut(BaseModel):
    query: str
    results: list[SkillHitOut]


class EvidenceOut(BaseModel):
    start: int
    end: int
    text: str
    signal: str


class ExtractedSkillOut(SkillRef):
    score: float
    evidence: list[EvidenceOut]
    signals: dict[str, float]
    negated: bool


class ExtractOut(BaseModel):
    skills: list[ExtractedSkillOut]
    negated: list[ExtractedSkillOut]


class CredentialSummaryOut(BaseModel):
    id: str
    title: str
    provider: str
    url: str | None = None
    cost: float | None
    currency: str
    is_free: bool
    hours: float | None
    level: str | None
    format: str | None
    language: str
    credential_type: str | None = None
    recognition: dict[str, Any] = {}


class CredentialListItemOut(CredentialSummaryOut):
    skills: list[SkillRef] = []


class CredentialListOut(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[CredentialListItemOut]


class DeclaredSkillOut(BaseModel):
    label: str
    uri: str
    weight: float
    framework: str


class TaughtSkillOut(SkillRef):
    weight: float
    source: Literal["declared", "inferred"] | str
    evidence: str
    evidence_start: int | None = None
    evidence_end: int | None = None


class CredentialOut(BaseModel):
    """Every field of a stored credential and the skills it teaches."""

    model_config = ConfigDict(extra="allow")

    id: str
    title: str
    provider: str
    url: str
    description: str
    learning_outcomes: list[str]
    credential_type: str
    declared_skills: list[DeclaredSkillOut]
    skills: list[TaughtSkillOut]
    cost: float | None
    currency: str
    hours: float | None
    duration_weeks: float | None
    level: str | None
    eqf_level: int | None
    format: str | None
    language: str
    location: str
    recognition: dict[str, Any]
    prerequisites: list[str]
    is_part_of: list[str]
    has_part: list[str]
    prepares_for: list[str]
    source: str


def _in_utc(value: datetime | None) -> datetime | None:
    """Stored times are UTC; SQLite gives them back without a zone."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


UtcTime = Annotated[datetime | None, AfterValidator(_in_utc)]


class RoleItemOut(SkillRef):
    kind: str
    occupation_id: str | None = None
    postings: int
    prior_share: float
    updated_at: UtcTime = None
    match: Literal["words", "meaning"] | None = Field(
        default=None, description="With a query: the label has its words (or the id is the query), or the role's "
        "occupation is close to the query read as a job title.")
    score: float | None = Field(default=None, description="For a match by meaning: the title similarity.")


class RoleListOut(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[RoleItemOut]


class RoleSkillOut(SkillRef):
    weight: float
    frequency: float
    specificity: float
    prior: float
    postings: int
    required_share: float


class RoleProfileOut(SkillRef):
    postings: int = Field(description="Postings the profile was built from (0: from the taxonomy alone).")
    prior_share: float
    skills: list[RoleSkillOut]


# --- answers: gaps and recommendations ------------------------------------------------------


class RoleReadingOut(BaseModel):
    query: str = Field(description="The role text of the request.")
    method: Literal["id", "label", "postings", "title"] = Field(
        description="How it was read: a role id, a role or occupation label, the role whose postings are titled "
                    "with the request's words (at least 3 of them), or the closest job title.")
    score: float = Field(description="Title similarity (1.0 for an id, a label or postings' titles).")
    sure: bool = Field(description="False for a title read below 0.95: the answer may be for another role than "
                                   "the one meant; below 0.55 nothing is read and the request is refused (404).")
    note: str = Field(description="The reading in words, to show the person.")


class RoleSummaryOut(SkillRef):
    postings: int
    prior_share: float
    skills: int = Field(description="How many skills the role's profile holds.")
    read_as: RoleReadingOut | None = Field(default=None, description="How the request's role text was read.")


class MetaOut(BaseModel):
    taxonomy: str
    taxonomy_version: str
    model: str
    artifacts_version: str
    catalog_version: str


class CreditSourceOut(SkillRef):
    similarity: float
    exact: bool
    proficiency: float
    source: str
    evidence: str
    relation: str = Field(default="", description="narrower, broader or draws_on when the taxonomy's skill "
                          "hierarchy or skill-skill links gave the credit")


class GapSkillOut(SkillRef):
    importance: float = Field(description="Weight of the skill in the role, 0 to 1.")
    status: Literal["held", "partial", "missing"]
    credit: float = Field(description="How much of it the learner holds, 0 to 1.")
    gap_weight: float = Field(description="importance × (1 − credit): what is left to learn.")
    matched_by: CreditSourceOut | None
    explanation: str


class HeldSkillOut(SkillRef):
    proficiency: float
    source: str = Field(description="id, label, text (profile text), credential, or role (a core skill of the current role).")
    evidence: str
    score: float
    credential_id: str | None


class UnresolvedOut(BaseModel):
    text: str
    kind: str
    reason: str


class GapOut(BaseModel):
    coverage: float = Field(description="Share of the role's weighted skills held, 0 to 1.")
    counts: dict[str, int]
    skills: list[GapSkillOut] = Field(description="Every skill of the role, largest gap first.")
    held: list[HeldSkillOut]
    held_credentials: list[str]


class ViaOut(SkillRef):
    similarity: float
    exact: bool


class CoveredSkillOut(SkillRef):
    importance: float
    gap_weight: float
    strength: float
    gain: float
    via: ViaOut = Field(description="The taught skill that covers it (the same skill, or a related one).")


class SuggestionOut(BaseModel):
    rank: int
    credential: CredentialSummaryOut
    covers: list[CoveredSkillOut]
    gain: float = Field(description="Coverage it adds, given the suggestions ranked before it.")
    score: float
    reason: str


class CoveredRef(SkillRef):
    strength: float = Field(description="the credit the credential gives this gap skill (at least 0.25 above the learner's)")


class AlternativeOut(BaseModel):
    credential: CredentialSummaryOut
    instead_of: str
    gain: float
    share: float
    covers: list[CoveredRef]


class RemainingGapOut(SkillRef):
    importance: float
    credit: float
    gap_weight: float


class TotalsOut(BaseModel):
    count: int
    free: int
    cost: dict[str, float] = Field(description="Known costs per currency.")
    cost_unknown: int
    cost_in_currency: float | None = Field(description="The whole set in the constraints' currency.")
    currency: str
    hours: float
    hours_unknown: int


class PathwayStepOut(BaseModel):
    position: int
    credential: CredentialSummaryOut
    after: list[str]
    reasons: list[str]
    part_of: list[str]
    unmet_prerequisites: list[str]


class StackOut(BaseModel):
    id: str
    title: str
    parts: list[str]
    in_pathway: list[str]
    held: list[str]
    done: int
    complete: bool
    summary: str


class PathwayOut(BaseModel):
    order: list[str]
    steps: list[PathwayStepOut]
    stacks: list[StackOut]
    notes: list[str]


class GapAnswer(BaseModel):
    learner_id: str | None = None
    role: RoleSummaryOut
    coverage: float
    gap: GapOut
    unresolved: list[UnresolvedOut]
    meta: MetaOut

    @classmethod
    def of(cls, answer: dict[str, Any], learner_id: str | None) -> GapAnswer:
        gap = answer["gap"]
        return cls.model_validate({"learner_id": learner_id, "role": answer["role"], "coverage": gap["coverage"],
                                   "gap": gap, "unresolved": gap["unresolved"], "meta": answer["meta"]})


class RecommendationOut(BaseModel):
    learner_id: str | None = None
    role: RoleSummaryOut
    coverage_before: float
    coverage_after: float
    gap: GapOut
    recommendations: list[SuggestionOut]
    pathway: PathwayOut
    totals: TotalsOut
    alternatives: list[AlternativeOut] = Field(description="Other credentials for the first suggestion's skills.")
    free_options: list[AlternativeOut] = Field(description="Free credentials close to a paid suggestion.")
    remaining_gaps: list[RemainingGapOut]
    unresolved: list[UnresolvedOut] = Field(description="Skills given that matched nothing in the taxonomy.")
    constraints: dict[str, Any] = Field(description="The constraints as applied.")
    considered: int = Field(description="Credentials the constraints admitted.")
    excluded: dict[str, int] = Field(description="Credentials left out, by reason.")
    stopped: str
    meta: MetaOut

    @classmethod
    def of(cls, answer: dict[str, Any], learner_id: str | None) -> RecommendationOut:
        rec = answer["recommendation"]
        return cls.model_validate({
            "learner_id": learner_id, "role": answer["role"], "gap": answer["gap"],
            "coverage_before": rec["coverage_before"], "coverage_after": rec["coverage_after"],
            "recommendations": rec["suggestions"], "pathway": answer["pathway"], "totals": rec["totals"],
            "alternatives": rec["alternatives"], "free_options": rec["free_options"],
            "remaining_gaps": rec["remaining_gaps"], "unresolved": answer["gap"]["unresolved"],
            "constraints": rec["constraints"], "considered": rec["considered"], "excluded": rec["excluded"],
            "stopped": rec["stopped"], "meta": answer["meta"],
        })


class BatchSuccess(RecommendationOut):
    """A batch item that was answered: the fields of POST /v1/recommendations."""

    index: int
    ok: Literal[True] = True
    status: Literal[200] = 200


class BatchFailure(BaseModel):
    """A batch item that was not: the status it would have had alone, and the error body."""

    index: int
    ok: Literal[False] = False
    status: int
    learner_id: str | None = None
    error: ErrorInfo


class BatchOut(BaseModel):
    results: list[BatchSuccess | BatchFailure] = Field(description="One per request, in order.")
    succeeded: int
    failed: int


# --- answers: teams ---------------------------------------------------------------------------


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


# --- answers: service and admin ------------------------------------------------------------------


class ReadyOut(BaseModel):
    status: Literal["ready"]
    artifacts_version: str
    model: str
    taxonomy: str
    taxonomy_version: str
    checks: dict[str, str]


class ImportReportOut(BaseModel):
    """The import report (see the README's catalog and postings sections); every field is kept."""

    model_config = ConfigDict(extra="allow")

    accepted: int
    import_id: str
    files: list[str]


class RebuildJobOut(BaseModel):
    id: str
    status: Literal["running", "succeeded", "failed"]
    started_at: str
    finished_at: str | None = None
    seconds: float | None = None
    result: dict[str, Any] | None = None
    error: str | None = None

