"""The answers a person gets, as the API and the command line give them: a learner's gap and
recommendation, a team's gap and plan, stored teams. Each request is read once into its contract
model (:mod:`skillmatch.contracts`) and each answer built once into one, whichever surface asked.

:class:`Answers` is a part of :class:`skillmatch.service.Engine`, which provides the services below.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from skillmatch.contracts.advice import GapAnswer, RecommendationOut
from skillmatch.contracts.base import parse
from skillmatch.contracts.learners import ConstraintsIn
from skillmatch.contracts.teams import StoredTeamOut, TeamAnswerOut, TeamGapIn, TeamIn, TeamListOut, TeamSavedOut, TeamSpecIn
from skillmatch.core.learner import LearnerInput
from skillmatch.recommend_service import role_summary

if TYPE_CHECKING:
    from skillmatch.recommend_service import RecommendService
    from skillmatch.team_service import TeamService


class Answers:
    @property
    def advice(self) -> RecommendService:
        raise NotImplementedError

    @property
    def teams(self) -> TeamService:
        raise NotImplementedError

    def meta(self) -> dict[str, Any]:
        raise NotImplementedError

    def recommend(self, role: str, learner: LearnerInput, constraints: ConstraintsIn | Mapping[str, Any] | None = None,
                  limit: int = 5) -> RecommendationOut:
        """The learner's gap against the role, the credentials that close most of it within the
        constraints, and the order to take them in."""
        answer = self.advice.recommend(role, learner, constraints, limit)
        answer["meta"] = self.meta()
        return RecommendationOut.of(answer, learner.learner_id or None)

    def gap(self, role: str, learner: LearnerInput) -> GapAnswer:
        """The learner's gap alone: every skill of the role, held, partly held or missing."""
        profile, person, gap, reading = self.advice.gap(role, learner)
        answer = {"role": role_summary(profile, reading), "gap": gap.as_dict(), "meta": self.meta()}
        return GapAnswer.of(answer, learner.learner_id or None)

    def team_gap(self, team: TeamSpecIn | Mapping[str, Any], limit: int | None = None) -> TeamAnswerOut:
        """Where a team is weakest against its target role(s), and one training plan for it
        (at most ``limit`` credentials; the team's own ``limit`` when not given)."""
        spec = parse(TeamSpecIn, team)
        return self._team_answer(self.advice.team(spec, limit or spec.limit))

    def _team_answer(self, answer: dict[str, Any]) -> TeamAnswerOut:
        return TeamAnswerOut.model_validate({**answer, "meta": self.meta()})

    # -- stored teams -------------------------------------------------------------------
    def save_team(self, team: TeamIn | Mapping[str, Any]) -> TeamSavedOut:
        """Store a team: roles, skill labels and profile text resolved once (the text is not kept)."""
        return TeamSavedOut.model_validate(self.teams.create(parse(TeamIn, team)))

    def replace_team(self, team_id: str, team: TeamIn | Mapping[str, Any]) -> TeamSavedOut:
        return TeamSavedOut.model_validate(self.teams.replace(team_id, parse(TeamIn, team)))

    def stored_team(self, team_id: str) -> StoredTeamOut:
        return StoredTeamOut.model_validate(self.teams.get(team_id))

    def list_teams(self, limit: int = 50, offset: int = 0) -> TeamListOut:
        total, items = self.teams.page(limit=limit, offset=offset)
        return TeamListOut.model_validate({"total": total, "limit": limit, "offset": offset, "items": items})

    def delete_team(self, team_id: str) -> None:
        self.teams.delete(team_id)

    def stored_team_gap(self, team_id: str, given: TeamGapIn | None = None) -> TeamAnswerOut:
        """A stored team's gap and plan; the constraints given replace the stored ones."""
        given = given or TeamGapIn()
        return self._team_answer(self.teams.gap(team_id, given.constraints, given.limit))
