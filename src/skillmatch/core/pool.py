"""A catalog prepared for recommendation: credentials in id order and the skills each teaches.

**Cover strength** of a credential c for a gap skill g::

    cover(c, g) = max over skills t that c teaches of  w_ct · k(t, g)

where ``w_ct`` is the weight c teaches t with (in (0, 1]) and ``k(t, g)`` is 1.0 when t is g
and otherwise the partial credit of their similarity (the same rule as the learner's partial
credit in the gap: 0 below the floor of 0.6, ``0.8 · (s − 0.6) / 0.4`` above, see
:mod:`skillmatch.core.similarity`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from skillmatch.core.catalog import Credential
from skillmatch.core.constraints import Constraints
from skillmatch.core.similarity import CreditRule, SkillSimilarity
from skillmatch.core.text import normalise_label
from skillmatch.errors import InvalidRequest


@dataclass(frozen=True, slots=True)
class CredentialSummary:
    """What a suggestion shows of a credential."""

    id: str
    title: str
    provider: str
    url: str
    cost: float | None
    currency: str
    hours: float | None
    level: str | None
    format: str | None
    language: str
    credential_type: str
    recognition: dict[str, object]

    @classmethod
    def of(cls, c: Credential) -> CredentialSummary:
        r = c.recognition
        recognition: dict[str, object] = {}
        if r.accreditation:
            recognition["accreditation"] = r.accreditation
        if r.endorsements:
            recognition["endorsements"] = list(r.endorsements)
        if r.credits is not None:
            recognition["credits"] = r.credits
            recognition["credit_unit"] = r.credit_unit
        return cls(
            id=c.id,
            title=c.title,
            provider=c.provider,
            url=c.url,
            cost=c.cost,
            currency=c.currency,
            hours=c.hours,
            level=c.level,
            format=c.format,
            language=c.language,
            credential_type=c.credential_type,
            recognition=recognition,
        )

    @property
    def is_free(self) -> bool:
        return self.cost == 0

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "provider": self.provider,
            "url": self.url or None,
            "cost": self.cost,
            "currency": self.currency,
            "is_free": self.is_free,
            "hours": self.hours,
            "level": self.level,
            "format": self.format,
            "language": self.language,
            "credential_type": self.credential_type or None,
            "recognition": dict(self.recognition),
        }


@dataclass(frozen=True, slots=True)
class Cover:
    """How strongly each credential covers each of a list of skills, and through which taught skill."""

    strength: np.ndarray  # (credentials, skills) float32
    skill_ids: tuple[str, ...]
    _pool: CredentialPool
    _credit: np.ndarray  # (taught skills, skills): k(t, g)
    _sims: np.ndarray

    def via(self, row: int, col: int) -> tuple[str, str, float, bool]:
        """(taught skill id, its label, similarity, exact) that gives ``strength[row, col]``."""
        taught, weights = self._pool.taught(row)
        values = weights * self._credit[taught, col]
        k = int(np.argmax(values))
        t = int(taught[k])
        sid = self._pool.skill_ids[t]
        return sid, self._pool.skill_labels[sid], float(self._sims[t, col]), sid == self.skill_ids[col]


@dataclass(frozen=True)
class Screen:
    admitted: np.ndarray  # (credentials,) bool
    excluded: dict[str, int]  # reason -> credentials left out
    cost: np.ndarray  # in the constraints' currency; inf when unknown there
    hours: np.ndarray  # inf when unknown


class CredentialPool:
    """Credentials sorted by id, with their taught skills as arrays for fast cover scoring."""

    def __init__(self, credentials: Iterable[Credential]) -> None:
        creds = sorted(credentials, key=lambda c: c.id)
        seen: set[str] = set()
        for c in creds:
            if c.id in seen:
                raise InvalidRequest(f"credential id {c.id!r} appears twice in the catalog", field="id")
            seen.add(c.id)
        self.credentials: tuple[Credential, ...] = tuple(creds)
        self.position = {c.id: i for i, c in enumerate(creds)}
        self.ids: tuple[str, ...] = tuple(c.id for c in creds)
        self._screens: dict[str, Screen] = {}
        labels: dict[str, str] = {}
        for c in creds:
            for t in c.skills:
                labels.setdefault(t.id, t.label)
        self.skill_ids: tuple[str, ...] = tuple(sorted(labels))
        self.skill_labels = labels
        col = {sid: j for j, sid in enumerate(self.skill_ids)}
        rows: list[int] = []
        cols: list[int] = []
        weights: list[float] = []
        for i, c in enumerate(creds):
            best: dict[int, float] = {}
            for t in c.skills:
                j = col[t.id]
                best[j] = max(best.get(j, 0.0), float(min(1.0, max(0.0, t.weight))))
            for j in sorted(best):
                rows.append(i)
                cols.append(j)
                weights.append(best[j])
        self._rows = np.asarray(rows, dtype=np.int64)
        self._cols = np.asarray(cols, dtype=np.int64)
        self._weights = np.asarray(weights, dtype=np.float32)
        counts = np.bincount(self._rows, minlength=len(creds)) if len(creds) else np.zeros(0, dtype=np.int64)
        self._starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        by_skill = np.argsort(self._cols, kind="stable")
        self._by_skill_rows = self._rows[by_skill]
        self._by_skill_weights = self._weights[by_skill]
        self._by_skill_starts = np.searchsorted(self._cols[by_skill], np.arange(len(self.skill_ids) + 1)).astype(np.int64)

    def __len__(self) -> int:
        return len(self.credentials)

    @classmethod
    def of(cls, catalog: Sequence[Credential] | CredentialPool) -> CredentialPool:
        return catalog if isinstance(catalog, CredentialPool) else cls(catalog)

    @property
    def pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(credential row, taught skill column in ``skill_ids``, weight) of every taught skill."""
        return self._rows, self._cols, self._weights

    def screen(self, constraints: Constraints) -> Screen:
        """Which credentials the constraints admit, why the others are left out, and their
        cost (in the constraints' currency) and hours; remembered per constraints."""
        key = repr(sorted(constraints.as_dict().items()))
        found = self._screens.get(key)
        if found is None:
            reasons = [constraints.refusal(c) for c in self.credentials]
            excluded: dict[str, int] = {}
            for why in reasons:
                if why is not None:
                    excluded[why] = excluded.get(why, 0) + 1
            found = Screen(
                admitted=np.asarray([why is None for why in reasons], dtype=bool),
                excluded=dict(sorted(excluded.items())),
                cost=np.asarray(
                    [np.inf if (v := constraints.cost_of(c)) is None else v for c in self.credentials], dtype=np.float64
                ),
                hours=np.asarray([np.inf if c.hours is None else float(c.hours) for c in self.credentials], dtype=np.float64),
            )
            if len(self._screens) > 32:
                self._screens.clear()
            self._screens[key] = found
        return found

    @cached_property
    def taught_keys(self) -> frozenset[str]:
        """The normalised label of every skill some credential of the pool teaches."""
        return frozenset(normalise_label(t.label) for c in self.credentials for t in c.skills)

    def taught(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = self._starts[row], self._starts[row + 1]
        return self._cols[lo:hi], self._weights[lo:hi]

    def cover(self, skill_ids: Sequence[str], similarity: SkillSimilarity | None, rule: CreditRule) -> Cover:
        """Cover strength of every credential for every skill in ``skill_ids``."""
        n, g = len(self.credentials), len(skill_ids)
        credit, sims = rule.credit_matrix(self.skill_ids, list(skill_ids), similarity)
        strength = np.zeros((n, g), dtype=np.float32)
        if len(self._rows) and g:
            # credit is sparse: join its non-zero (taught skill, skill) pairs with the
            # credentials teaching that skill, and keep the largest value per cell.
            t_idx, g_idx = np.nonzero(credit > 0)
            lo, hi = self._by_skill_starts[t_idx], self._by_skill_starts[t_idx + 1]
            counts = hi - lo
            total = int(counts.sum())
            if total:
                pair = np.repeat(np.arange(len(t_idx)), counts)
                within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
                entry = lo[pair] + within
                values = self._by_skill_weights[entry] * credit[t_idx[pair], g_idx[pair]]
                np.maximum.at(strength, (self._by_skill_rows[entry], g_idx[pair]), values)
        return Cover(strength, tuple(skill_ids), self, credit, sims)
