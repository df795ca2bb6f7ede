"""A learner and what the credentials must fit, as callers give them: the requests of the gap,
recommendation and batch endpoints, and of ``skillmatch gap`` / ``recommend``."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictFloat, WithJsonSchema

from skillmatch.contracts.base import MAX_LIMIT, MAX_TEXT, Strict, WholeNumber
from skillmatch.core.catalog import LEVELS
from skillmatch.core.constraints import ACCEPTED_FORMATS
from skillmatch.core.learner import MAX_SKILLS, LearnerInput, SkillInput


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


def skill_inputs(skills: list[SkillIn]) -> tuple[SkillInput, ...]:
    """The skills a caller gave, trimmed; blank ones are left out."""
    return tuple(SkillInput(s.skill.strip(), s.proficiency) for s in skills if s.skill.strip())


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
            skills=skill_inputs(self.skills),
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
