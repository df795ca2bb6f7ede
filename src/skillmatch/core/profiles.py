"""Role profiles: which skills a role needs and how much each matters.

For a role r with postings p (duplicates counted once) and a skill s:

* **recency** ``t(p) = 0.5 ** (age(p) / half_life)``, age in days before the newest posting of
  the whole collection (so answers do not drift with the calendar); postings without a date
  count as the median age;
* **mention** ``m(p, s)`` = 1.0 when the posting requires s (listed by the employer or under a
  requirements heading), 0.8 when it just mentions it, 0.5 when it is a nice-to-have, else 0;
* **frequency** ``f(s, r) = (Σ_p t(p)·m(p, s) + α·prior(s, r)) / (Σ_p t(p) + α)``: the share of
  the role's postings asking for s, smoothed with ``α`` pseudo-postings that follow the taxonomy
  prior (ESCO essential 1.0, optional 0.5; O*NET importance in [0, 1]; 0 without a prior), so three
  postings never make 100 % and the prior fades as postings accumulate. ``prior_share``
  = ``α / (Σ_p t(p) + α)`` is reported with every profile;
* **specificity** ``spec(s, r) = f(s, r) / (f(s, r) + mean f(s, r'))`` over the other roles that
  have postings: 0.5 for a skill every role asks for as often, towards 1 when only r asks;
* **weight** ``w(s, r) = f(s, r) · (0.5 + 0.5·spec(s, r))``, in [0, 1].

A role with no postings gets its taxonomy prior as its profile (prior share 1).

**Support.** One posting's mention is not yet a pattern: in a role with at least
``support_from`` (4) postings, a skill not in the prior must be asked for by at least two
postings and by ``support_share`` (10 %) of them (3 of 21, 10 of 100), and any skill weighing
less than ``min_weight`` (0.05) is left out. The prior is evidence of its own only where the
taxonomy makes the skill essential: an optional skill of the occupation (ESCO lists dozens of
programming languages as optional for most ICT occupations) stays in the profile of a role with
postings only when at least one of them asks for it. So a profile holds what employers of the
role ask for again and again, not every phrase of every ad nor every option of the taxonomy.

**Languages.** A language skill ("English", "interact verbally in German") enters the profile of
a role with postings only when at least ``language_share`` (25 %) of its postings, and at least
``language_postings`` (3) of them, ask for it, or the taxonomy makes it essential for the
occupation: a language named by one or two ads' place or market is not what the role needs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

MENTION_WEIGHT = {"required": 1.0, "mentioned": 0.8, "preferred": 0.5}


@dataclass(frozen=True)
class ProfileSettings:
    prior_strength: float = 3.0  # α, in pseudo-postings
    half_life_days: float = 365.0
    min_weight: float = 0.05  # skills below this are left out of a profile
    support_from: int = 4  # from this many postings on, a skill needs support (or a prior) ...
    support_share: float = 0.1  # ... from two postings and this share of them
    language_share: float = 0.25  # a language skill needs this share of the role's postings ...
    language_postings: int = 3  # ... and at least this many of them


@dataclass(frozen=True)
class PostingSkills:
    """What one (non-duplicate) posting of a role asks for: skill id -> required/mentioned/preferred."""

    posting_id: str
    date_posted: date | None
    skills: Mapping[str, str]


@dataclass(frozen=True)
class RoleSkill:
    id: str
    label: str
    weight: float
    frequency: float
    specificity: float
    prior: float
    postings: int  # postings of the role asking for it
    required_share: float  # of those, the share that require it

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "weight": round(self.weight, 4),
            "frequency": round(self.frequency, 4),
            "specificity": round(self.specificity, 4),
            "prior": round(self.prior, 4),
            "postings": self.postings,
            "required_share": round(self.required_share, 4),
        }


@dataclass(frozen=True)
class RoleProfile:
    role_id: str
    label: str
    postings: int
    prior_share: float
    skills: tuple[RoleSkill, ...] = field(default_factory=tuple)

    def weight_of(self, skill_id: str) -> float:
        return next((s.weight for s in self.skills if s.id == skill_id), 0.0)


def _recency(dates: Sequence[date | None], newest: date, half_life: float) -> np.ndarray:
    ages = [(newest - d).days for d in dates if d is not None]
    fill = float(np.median(ages)) if ages else 0.0
    days = np.array([max(0, (newest - d).days) if d is not None else fill for d in dates], dtype=np.float64)
    return np.power(0.5, days / half_life)


def build_profiles(
    roles: Mapping[str, Sequence[PostingSkills]],
    priors: Mapping[str, Mapping[str, float]],
    labels: Mapping[str, str],
    role_labels: Mapping[str, str],
    settings: ProfileSettings | None = None,
    languages: frozenset[str] = frozenset(),
) -> dict[str, RoleProfile]:
    """Profiles of every role in ``roles`` (its postings) or ``priors`` (its taxonomy prior);
    ``languages`` are the taxonomy's language skills (see the module's **Languages**)."""
    cfg = settings or ProfileSettings()
    all_dates = [p.date_posted for posts in roles.values() for p in posts if p.date_posted]
    newest = max(all_dates) if all_dates else date(2000, 1, 1)
    alpha = cfg.prior_strength

    frequencies: dict[str, dict[str, float]] = {}
    counts: dict[str, dict[str, tuple[int, int]]] = {}
    shares: dict[str, float] = {}
    for role_id in set(roles) | set(priors):
        posts = list(roles.get(role_id, ()))
        prior = priors.get(role_id, {})
        if not posts:
            frequencies[role_id] = {s: float(v) for s, v in prior.items()}
            shares[role_id] = 1.0
            counts[role_id] = {}
            continue
        recency = _recency([p.date_posted for p in posts], newest, cfg.half_life_days)
        total = float(recency.sum())
        mass: dict[str, float] = {}
        seen: dict[str, list[int]] = {}
        for weight, post in zip(recency, posts, strict=True):
            for skill, kind in post.skills.items():
                mass[skill] = mass.get(skill, 0.0) + weight * MENTION_WEIGHT.get(kind, 0.0)
                tally = seen.setdefault(skill, [0, 0])
                tally[0] += 1
                tally[1] += kind == "required"
        frequencies[role_id] = {
            s: (mass.get(s, 0.0) + alpha * prior.get(s, 0.0)) / (total + alpha) for s in set(mass) | set(prior)
        }
        shares[role_id] = alpha / (total + alpha) if prior else 0.0
        counts[role_id] = {s: (n, r) for s, (n, r) in seen.items()}

    posted = [r for r in frequencies if roles.get(r)]
    totals: dict[str, float] = {}
    for role_id in posted:
        for skill, f in frequencies[role_id].items():
            totals[skill] = totals.get(skill, 0.0) + f

    profiles: dict[str, RoleProfile] = {}
    for role_id, freqs in frequencies.items():
        has_postings = bool(roles.get(role_id))
        others = len(posted) - 1 if has_postings else 0
        items: list[RoleSkill] = []
        for skill, f in freqs.items():
            if has_postings and others > 0:
                mean_other = (totals.get(skill, 0.0) - f) / others
                spec = f / (f + mean_other) if f + mean_other > 0 else 0.5
            else:
                spec = 1.0 if has_postings else 0.5
            weight = f * (0.5 + 0.5 * spec) if has_postings else f
            if weight < cfg.min_weight:
                continue
            n, required = counts[role_id].get(skill, (0, 0))
            n_posts = len(roles[role_id]) if has_postings else 0
            lone = n_posts >= cfg.support_from and n < max(2, math.ceil(cfg.support_share * n_posts))
            backing = priors.get(role_id, {}).get(skill, 0.0)
            if lone and not backing:
                continue
            if n_posts >= cfg.support_from and n == 0 and backing < 1.0:
                continue  # an optional skill of the taxonomy that none of the role's postings asks for
            asked = n >= cfg.language_postings and n >= cfg.language_share * len(roles[role_id]) if has_postings else True
            if skill in languages and not asked and priors.get(role_id, {}).get(skill, 0.0) < 1.0:
                continue
            items.append(
                RoleSkill(
                    id=skill,
                    label=labels.get(skill, skill),
                    weight=float(min(1.0, max(0.0, weight))),
                    frequency=float(f),
                    specificity=float(spec),
                    prior=float(priors.get(role_id, {}).get(skill, 0.0)),
                    postings=n,
                    required_share=required / n if n else 0.0,
                )
            )
        items.sort(key=lambda s: (-s.weight, s.id))
        profiles[role_id] = RoleProfile(
            role_id=role_id,
            label=role_labels.get(role_id, role_id),
            postings=len(roles.get(role_id, ())),
            prior_share=shares[role_id],
            skills=tuple(items),
        )
    return profiles


#: A skill is core to a role when the taxonomy makes it essential or, in a role with postings,
#: when it weighs this much (about half of the postings require it; see the module doc).
CORE_WEIGHT = 0.5


def core_skills(role: RoleProfile) -> tuple[RoleSkill, ...]:
    """What anyone working in ``role`` does: its essential skills and, from its postings, those
    weighing at least ``CORE_WEIGHT`` (for a nurse, "nursing science" and "patient care"; not
    every optional skill of the taxonomy)."""
    return tuple(s for s in role.skills if s.prior >= 1.0 or (role.postings and s.weight >= CORE_WEIGHT))
