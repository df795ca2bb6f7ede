"""Which credentials close a learner's gap best: a small set, chosen for weighted coverage.

**Objective.** For the gap skills g (importance ``a_g``, current credit ``b_g``) and a set S
of credentials, the role's coverage after S is::

    coverage(S) = Σ_g a_g · max(b_g, max_{c ∈ S} cover(c, g)) / Σ_g a_g

(``cover`` as in :mod:`skillmatch.core.pool`: the taught weight for the skill itself, or the
partial credit of a related skill times its taught weight). This is a weighted coverage
(facility-location) function: monotone and submodular, so a skill covered once is not worth
paying for twice, and greedy selection is within ``1 − 1/e`` of the best set of its size.

**Selection.** Greedy: each step scores every admitted credential by its marginal gain
``Δ(c | S) = coverage(S ∪ {c}) − coverage(S)``, in one matrix operation (this is exact,
so no lazy upper bounds are needed and the near-tie rule below sees true gains):

* without a budget the score is the gain; with a budget B (``max_cost``) it is the cost-aware
  ``gain / (1 + cost / B)`` (a free credential keeps its whole gain, one costing the whole
  budget half of it), and only credentials that still fit the remaining budget and hours
  compete;
* among credentials whose score is within 2 % of the best (``near_equal``) the cheaper one
  wins, then the one with fewer hours (unknown cost or hours count as more than any known),
  then the higher score, then the smaller id, so answers are deterministic;
* it stops at ``limit`` credentials or when no credential adds at least ``min_gain`` = 0.01
  of coverage (one percentage point), so the set is as small as the gap allows.

Then a 1-swap local search: each pick in turn may be replaced by the admitted credential that,
given the other picks, scores best (same score, same budget and hours bounds), if that score
beats the pick's by more than ``near_equal`` (at most 10 rounds). The set is put back in greedy
order (largest marginal score first, same near-tie rule), and a pick that the others made
redundant (removing it loses less than ``min_gain``) is dropped, so no credential is paid for
twice. The reported ``gain`` of each suggestion is its marginal coverage given those ranked
before it, so ``coverage_after = coverage_before + Σ gain``.

**Alternatives** to the first pick are the admitted credentials with the largest gain on the
same gap skills (each skill's gain capped at what the first pick gives, so share ≤ 1).
**Free options**: for every paid (or unpriced) pick, the admitted free credential giving at
least half (``free_share``) of that pick's gain on its gap skills, measured the same way.

**Where it lives.** :mod:`.results` holds the answer's nouns; :mod:`.problem` the selection
problem and the gain arithmetic; :mod:`.selection` the greedy choice, swaps and pruning;
:mod:`.prerequisites` what a chosen set must still respect (covering, conditions,
prerequisites); :mod:`.wording` the sentences; :mod:`.assembly` builds the answer from them.
"""

from skillmatch.core.recommend.assembly import MAX_LIMIT, coverage_with, recommend, totals_of
from skillmatch.core.recommend.problem import COVERS_AT_LEAST, KEY_GAP_AT, ON_TOPIC_AT, SMALL_COVER, RecommendSettings
from skillmatch.core.recommend.results import Alternative, CoveredSkill, Recommendation, RemainingGap, Suggestion, Totals
from skillmatch.core.recommend.selection import FIRST_LOOK
from skillmatch.core.recommend.wording import FORMAT_WORDS, LANGUAGE_NAMES, money_text, names_text, number_text, reason_for

__all__ = [
    "COVERS_AT_LEAST",
    "FIRST_LOOK",
    "FORMAT_WORDS",
    "KEY_GAP_AT",
    "LANGUAGE_NAMES",
    "MAX_LIMIT",
    "ON_TOPIC_AT",
    "SMALL_COVER",
    "Alternative",
    "CoveredSkill",
    "Recommendation",
    "RecommendSettings",
    "RemainingGap",
    "Suggestion",
    "Totals",
    "coverage_with",
    "money_text",
    "names_text",
    "number_text",
    "reason_for",
    "recommend",
    "totals_of",
]
