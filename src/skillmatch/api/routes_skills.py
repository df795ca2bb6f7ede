"""Skill search and skill extraction."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from skillmatch.api.deps import EngineDep
from skillmatch.api.errors import responses
from skillmatch.contracts.skills import ExtractIn, ExtractOut, SkillHitOut, SkillSearchOut

router = APIRouter(tags=["skills"])


@router.get("/v1/skills/search", response_model=SkillSearchOut, responses=responses(413, 422, 503))
def search_skills(
    engine: EngineDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Text to search for.")],
    top: Annotated[int, Query(ge=1, le=200)] = 10,
) -> SkillSearchOut:
    """Skills closest in meaning to ``q``, each with id, label and score."""
    hits = engine.search_skills(q, top)
    return SkillSearchOut(query=q, results=[SkillHitOut.model_validate(h.as_dict()) for h in hits])


@router.post("/v1/skills/extract", response_model=ExtractOut, responses=responses(413, 422, 503))
def extract_skills(engine: EngineDep, body: ExtractIn) -> ExtractOut:
    """Skills a text mentions, each with its score and the character spans that show it."""
    result = engine.extract_skills(body.text, exclude=body.exclude)
    return ExtractOut.model_validate(result.as_dict())
