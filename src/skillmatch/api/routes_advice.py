"""A learner's gap and recommendations, one at a time or in batches for advisors."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import ValidationError

from skillmatch.api.deps import EngineDep, SettingsDep, json_response
from skillmatch.api.errors import (
    ApiError,
    ErrorInfo,
    domain_details,
    domain_message,
    domain_status,
    responses,
    validation_details,
)
from skillmatch.contracts.advice import BatchFailure, BatchOut, BatchSuccess, GapAnswer, RecommendationOut
from skillmatch.contracts.learners import BatchIn, GapIn, RecommendationIn
from skillmatch.errors import ArtifactsMissing, SkillmatchError
from skillmatch.service import Engine

router = APIRouter(tags=["recommendations"])


def _recommend(engine: Engine, body: RecommendationIn) -> RecommendationOut:
    return engine.recommend(body.target_role, body.learner(), body.constraints, body.limit)


@router.post("/v1/recommendations", response_model=RecommendationOut, responses=responses(404, 413, 422, 503))
def recommend(engine: EngineDep, body: RecommendationIn) -> Response:
    """The learner's gap against the target role, the credentials that close most of it within the
    constraints (each with the skills it covers and a reason), the order to take them in, and totals.

    Skills may be ids or labels; labels that match nothing come back in ``unresolved``. An unknown
    role is a 404 whose details suggest close roles; an unknown constraint value is a 422 that
    names the field (``constraints.formats``) and lists the accepted values."""
    with engine.pinned():
        return json_response(_recommend(engine, body))


@router.post("/v1/recommendations/batch", response_model=BatchOut, responses=responses(413, 422, 503))
def recommend_batch(engine: EngineDep, settings: SettingsDep, body: BatchIn) -> BatchOut:
    """Several learners in one call (advisors). Each request is checked and answered on its own: a bad
    one gets ``ok: false`` with the status and error body it would have had alone, and the others are
    answered. All are answered from the same index version."""
    if len(body.requests) > settings.batch_max_items:
        raise ApiError(413, "too_many_items",
                       f"{len(body.requests)} requests in one batch; at most {settings.batch_max_items}",
                       [{"field": "requests", "reason": f"at most {settings.batch_max_items} items"}])
    results: list[BatchSuccess | BatchFailure] = []
    with engine.pinned():
        for i, item in enumerate(body.requests):
            learner_id = item.get("learner_id") if isinstance(item, dict) else None
            try:
                request = RecommendationIn.model_validate(item)
                answer = _recommend(engine, request)
                results.append(BatchSuccess.model_validate({**answer.model_dump(), "index": i}))
            except ValidationError as exc:
                details = validation_details(exc.errors(include_input=False))
                results.append(_failure(i, learner_id, 422, "invalid_request",
                                        f"requests[{i}] does not match the schema", details))
            except ArtifactsMissing:
                raise
            except SkillmatchError as exc:
                results.append(_failure(i, learner_id, domain_status(exc), exc.code, domain_message(exc),
                                        domain_details(exc)))
    failed = sum(1 for r in results if not r.ok)
    return BatchOut(results=results, succeeded=len(results) - failed, failed=failed)


def _failure(index: int, learner_id: Any, status: int, code: str, message: str,
             details: list[dict[str, Any]]) -> BatchFailure:
    return BatchFailure(index=index, status=status, learner_id=learner_id if isinstance(learner_id, str) else None,
                        error=ErrorInfo.model_validate({"code": code, "message": message, "details": details}))


@router.post("/v1/gap", response_model=GapAnswer, responses=responses(404, 413, 422, 503))
def gap(engine: EngineDep, body: GapIn) -> GapAnswer:
    """The learner's gap alone: every skill of the role with its importance, the learner's credit and
    status (held, partial, missing), and the coverage."""
    with engine.pinned():
        return engine.gap(body.target_role, body.learner())
