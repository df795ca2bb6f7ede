"""The FastAPI application factory."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from pydantic import BaseModel, Field

from skillmatch import __version__
from skillmatch.api.errors import ErrorBody, install_error_handlers
from skillmatch.service import Engine
from skillmatch.settings import Settings


class SkillHitOut(BaseModel):
    id: str
    label: str
    score: float
    matched: str
    matched_kind: str


class SkillSearchOut(BaseModel):
    query: str
    results: list[SkillHitOut]


class ExtractIn(BaseModel):
    text: str = Field(min_length=1, max_length=100_000, description="A posting, CV or course description.")
    exclude: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="Terms that are not skills here, e.g. the employer's name.",
    )

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "text": "Junior Data Analyst. You will write SQL, build Power BI dashboards "
                    "and present to stakeholders.",
                    "exclude": ["Fernhill Energy"],
                }
            ]
        }
    }


class EvidenceOut(BaseModel):
    start: int
    end: int
    text: str
    signal: str


class ExtractedSkillOut(BaseModel):
    id: str
    label: str
    score: float
    evidence: list[EvidenceOut]
    signals: dict[str, float]
    negated: bool


class ExtractOut(BaseModel):
    skills: list[ExtractedSkillOut]
    negated: list[ExtractedSkillOut]


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


EngineDep = Annotated[Engine, Depends(_engine)]
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorBody} for code in (404, 422, 503)}


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    app = FastAPI(
        title="skillmatch",
        version=__version__,
        description="Skills-gap analysis and micro-credential recommendations over ESCO skills.",
    )
    app.state.engine = engine or Engine(settings or Settings())
    install_error_handlers(app)

    @app.get("/healthz", tags=["service"])
    def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["service"], responses=ERRORS)
    def readyz(engine: EngineDep) -> dict[str, object]:
        """The taxonomy and skill index are loaded and answering."""
        loaded = engine.skill_index()
        return {"status": "ready", "artifacts_version": loaded.version, "model": loaded.manifest["model"]}

    @app.get("/v1/skills/search", tags=["skills"], response_model=SkillSearchOut, responses=ERRORS)
    def search_skills(
        engine: EngineDep,
        q: Annotated[str, Query(min_length=1, max_length=500, description="Text to search for.")],
        top: Annotated[int, Query(ge=1, le=200)] = 10,
    ) -> SkillSearchOut:
        """Skills closest in meaning to ``q``, each with id, label and score."""
        hits = engine.search_skills(q, top)
        return SkillSearchOut(query=q, results=[SkillHitOut.model_validate(h.as_dict()) for h in hits])

    @app.post("/v1/skills/extract", tags=["skills"], response_model=ExtractOut, responses=ERRORS)
    def extract_skills(engine: EngineDep, body: ExtractIn) -> ExtractOut:
        """Skills a text mentions, each with its score and the character spans that show it."""
        result = engine.extract_skills(body.text, exclude=body.exclude)
        return ExtractOut.model_validate(result.as_dict())

    return app
