"""A team's gap against the roles it is moving to, and one training plan for the whole team.

**Targets.** Each member is measured against a role: their own (``TeamMember.role`` as a
:class:`RoleProfile`, or the id of one of the team's target roles), else the team target. With
one target role that is the role; with several roles and head-counts (:class:`RoleDemand`),
a member without a role gets the **mix**: importance of skill s = ``Σ_r h_r · a_{r,s} / Σ_r h_r``
(head-count-weighted mean of the roles' importances).

**Team gap.** Per skill of any member's role (gap weights as in :mod:`skillmatch.core.gap`):

* ``lacking`` = members whose role needs s and whose credit for s is below ``lacking_below``
  (0.5: less than half held), whatever the skill's importance, and ``lacking_share`` =
  lacking / team size;
* ``team_gap`` = mean gap weight over all members (0 for members whose role lacks s), the
  ranking key; ``mean_credit`` = mean credit over all members.

The heat map gives every member's credit for the ``heatmap_skills`` skills with the largest
team gap (credit computed for every member, whether their role needs the skill or not).

**Team plan.** Greedy over credentials, each picked once. A credential is taken by every member
for whom it adds at least ``min_gain`` of *their* role coverage (see
:mod:`skillmatch.core.recommend`). Its value is the sum of those members' coverage gains; its
cost is its price times the number of members who take it. With a team budget B the score is
``value / (1 + cost / B)``, and when the full cost does not fit in what is left of B, the
members with the largest gains take it, as many as fit. ``max_hours`` bounds each member's
own study time (the hours of the credentials they take). Near-ties (2 %) go to the cheaper,
then shorter, then smaller id; it stops at ``limit`` credentials or when nothing adds
``min_gain`` for anyone.

**Where it lives.** :mod:`.gap` holds the members, their target roles and the team gap;
:mod:`.plan` the team plan and its reasons.
"""

from skillmatch.core.team.gap import (
    LACKING_BELOW,
    HeatMap,
    MemberGap,
    RoleDemand,
    TeamGap,
    TeamMember,
    TeamSkill,
    mix_profile,
    team_gap,
)
from skillmatch.core.team.plan import TeamPlan, TeamPlanItem, team_plan

__all__ = [
    "LACKING_BELOW",
    "HeatMap",
    "MemberGap",
    "RoleDemand",
    "TeamGap",
    "TeamMember",
    "TeamPlan",
    "TeamPlanItem",
    "TeamSkill",
    "mix_profile",
    "team_gap",
    "team_plan",
]
