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

#: one skill's column of cover: credential rows (ascending), cover, taught pair, similarity
_Column = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


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


class Cover:
    """How strongly each credential covers each of a list of skills, and through which taught skill.

    Sparse: one entry per (credential, skill) pair with a positive cover, ordered by skill and
    then by credential row (``keys = column · n + row`` ascending), so a credential's line, a
    block of credentials or all credentials on some skills are found without a dense matrix.
    """

    def __init__(self, pool: CredentialPool, skill_ids: Sequence[str],
                 columns: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]) -> None:
        self._pool = pool
        self.skill_ids = tuple(skill_ids)
        self.size = n = len(pool)
        counts = np.asarray([len(c[0]) for c in columns], dtype=np.int64)
        #: where each skill's entries start and end in the arrays below
        self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        def joined(k: int, dtype: type) -> np.ndarray:
            return np.concatenate([c[k] for c in columns]).astype(dtype, copy=False) if columns else np.zeros(0, dtype)
        self.rows = joined(0, np.int64)
        self.cols = np.repeat(np.arange(len(columns), dtype=np.int64), counts)
        self.values = joined(1, np.float32)
        self._pairs = joined(2, np.int64)  # index into the pool's taught pairs of the skill giving it
        self._sims = joined(3, np.float32)
        self.keys = self.cols * max(n, 1) + self.rows

    def _find(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the entries (rows[i], cols[i]) and whether each exists."""
        wanted = cols * max(self.size, 1) + rows
        at = np.searchsorted(self.keys, wanted)
        found = at < len(self.keys)
        found[found] = self.keys[at[found]] == wanted[found]
        return at, found

    def line(self, row: int) -> np.ndarray:
        """Cover of credential ``row`` for every skill, float32."""
        g = len(self.skill_ids)
        out = np.zeros(g, dtype=np.float32)
        if g and len(self.keys):
            at, found = self._find(np.full(g, int(row), dtype=np.int64), np.arange(g, dtype=np.int64))
            out[found] = self.values[at[found]]
        return out

    def block(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(position among ``rows``, column, value) of the entries of ``rows``, skill by skill."""
        rows = np.asarray(rows, dtype=np.int64)
        g = len(self.skill_ids)
        if not len(rows) or not g or not len(self.keys):
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
        cols = np.repeat(np.arange(g, dtype=np.int64), len(rows))
        local = np.tile(np.arange(len(rows), dtype=np.int64), g)
        at, found = self._find(rows[local], cols)
        return local[found], cols[found], self.values[at[found]]

    def on(self, cols: np.ndarray) -> np.ndarray:
        """Positions of the entries on the skills ``cols``."""
        parts = [np.arange(self.offsets[j], self.offsets[j + 1]) for j in np.asarray(cols, dtype=np.int64)]
        return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, np.int64)

    @cached_property
    def strength(self) -> np.ndarray:
        """The dense (credentials, skills) float32 matrix, for small catalogs and teams."""
        out = np.zeros((self.size, len(self.skill_ids)), dtype=np.float32)
        out[self.rows, self.cols] = self.values
        return out

    def taught_pairs(self, positions: np.ndarray) -> np.ndarray:
        """The pool's taught pair (credential, taught skill) giving each entry at ``positions``."""
        return self._pairs[positions]

    def via(self, row: int, col: int) -> tuple[str, str, float, bool]:
        """(taught skill id, its label, similarity, exact) that gives ``strength[row, col]``."""
        return self.vias(row, [col])[0]

    def vias(self, row: int, cols: Sequence[int]) -> list[tuple[str, str, float, bool]]:
        """``via`` for several skills ``cols`` of one credential."""
        cols_arr = np.asarray(cols, dtype=np.int64)
        at, found = self._find(np.full(len(cols_arr), int(row), dtype=np.int64), cols_arr)
        if not found.all():
            missing = self.skill_ids[int(cols_arr[np.flatnonzero(~found)[0]])]
            raise KeyError(f"credential row {row} does not cover skill {missing!r}")
        out = []
        for k, col in zip(at.tolist(), cols_arr.tolist(), strict=True):
            sid = self._pool.skill_ids[int(self._pool.pairs[1][self._pairs[k]])]
            out.append((sid, self._pool.skill_labels[sid], float(self._sims[k]), sid == self.skill_ids[col]))
        return out


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
        self._memo: dict[tuple[int, CreditRule], tuple[SkillSimilarity | None, dict[str, _Column]]] = {}
        labels: dict[str, str] = {}
        for c in creds:
            for t in c.skills:
                labels.setdefault(t.id, t.label)
        self.skill_ids: tuple[str, ...] = tuple(sorted(labels))
        self.skill_labels = labels
        col = {sid: j for j, sid in enumerate(self.skill_ids)}
        self.column = col  # skill id -> its column in ``skill_ids``
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
        #: Σ of the weights each credential teaches with (float32 sums, as the weights)
        sums = np.add.reduceat(self._weights, self._starts[:-1]) if len(self._weights) else np.zeros(len(creds), np.float32)
        self.taught_weight = np.where(counts > 0, sums, 0.0).astype(np.float64) if len(creds) else np.zeros(0)
        self.free = np.asarray([c.is_free for c in creds], dtype=bool)
        by_skill = np.argsort(self._cols, kind="stable")
        self._by_skill = by_skill
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

    @cached_property
    def conditions(self) -> dict[int, tuple[tuple[str, str], ...]]:
        """Row -> (name, normalised name) of its prerequisites that are conditions rather than
        things to learn: no credential of the catalog, no skill id, nothing any credential
        teaches ("current nursing registration")."""
        out: dict[int, tuple[tuple[str, str], ...]] = {}
        for row, c in enumerate(self.credentials):
            found = tuple(
                (name, key) for name in c.prerequisites
                if name not in self.position and "://" not in name
                and (key := normalise_label(name)) not in self.taught_keys
            )
            if found:
                out[row] = found
        return out

    @cached_property
    def _stacks(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """(credential -> the larger ones it is part of, larger one -> its parts), both ways stated."""
        parents: dict[str, set[str]] = {}
        parts: dict[str, set[str]] = {}
        for c in self.credentials:
            for parent in c.is_part_of:
                parents.setdefault(c.id, set()).add(parent)
                parts.setdefault(parent, set()).add(c.id)
            for part in c.has_part:
                parents.setdefault(part, set()).add(c.id)
                parts.setdefault(c.id, set()).add(part)
        return parents, parts

    def around(self, ids: Iterable[str]) -> list[Credential]:
        """The credentials ``ids``, their prerequisites, the larger credentials they are part of
        and those ones' parts: all a pathway of ``ids`` reads of the catalog."""
        parents, parts = self._stacks
        wanted = set(ids)
        for cid in list(wanted):
            row = self.position.get(cid)
            if row is not None:
                wanted.update(self.credentials[row].prerequisites)
            for parent in parents.get(cid, ()):
                wanted.add(parent)
                wanted.update(parts.get(parent, ()))
        return [self.credentials[self.position[cid]] for cid in sorted(wanted) if cid in self.position]

    def taught(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = self._starts[row], self._starts[row + 1]
        return self._cols[lo:hi], self._weights[lo:hi]

    def cover(self, skill_ids: Sequence[str], similarity: SkillSimilarity | None, rule: CreditRule) -> Cover:
        """Cover strength of every credential for every skill in ``skill_ids``.

        Each skill's column (the credentials covering it, how strongly, through which taught
        skill) is computed once per similarity and credit rule and remembered: a catalog meets the
        same role skills request after request (``prepare`` computes them ahead)."""
        columns = self._columns_for(similarity, rule)
        missing = list(dict.fromkeys(sid for sid in skill_ids if sid not in columns))
        if missing:
            columns.update(self._compute_columns(missing, similarity, rule))
        return Cover(self, skill_ids, [columns[sid] for sid in skill_ids])

    def prepare(self, skill_ids: Iterable[str], similarity: SkillSimilarity | None, rule: CreditRule,
                chunk: int = 512) -> int:
        """Compute ahead the columns of ``skill_ids`` (a catalog's role skills); returns how many
        were new."""
        columns = self._columns_for(similarity, rule)
        missing = list(dict.fromkeys(sid for sid in skill_ids if sid not in columns))
        for start in range(0, len(missing), chunk):
            columns.update(self._compute_columns(missing[start:start + chunk], similarity, rule))
        return len(missing)

    def _columns_for(self, similarity: SkillSimilarity | None, rule: CreditRule) -> dict[str, _Column]:
        key = (id(similarity), rule)
        found = self._memo.get(key)
        if found is None or found[0] is not similarity:
            if len(self._memo) >= 4:
                self._memo.clear()
            found = self._memo[key] = (similarity, {})
        return found[1]

    def _compute_columns(self, skill_ids: list[str], similarity: SkillSimilarity | None,
                         rule: CreditRule) -> dict[str, _Column]:
        """For each skill g: the credentials with ``cover(c, g) > 0`` in row order, the cover,
        the taught pair giving it (the first taught skill, by column, among equals) and that
        skill's similarity to g."""
        credit, sims = rule.credit_matrix(self.skill_ids, skill_ids, similarity)
        t_idx, g_idx = np.nonzero(credit > 0)
        lo, hi = self._by_skill_starts[t_idx], self._by_skill_starts[t_idx + 1]
        counts = hi - lo
        total = int(counts.sum())
        pair = np.repeat(np.arange(len(t_idx)), counts)
        within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        entry = lo[pair] + within
        rows = self._by_skill_rows[entry]
        cols = g_idx[pair]
        taught = t_idx[pair]
        values = self._by_skill_weights[entry] * credit[taught, cols]
        # per (skill, credential): the largest value, then the first taught skill
        order = np.lexsort((taught, -values, rows, cols))
        rows, cols, taught, values, entry = rows[order], cols[order], taught[order], values[order], entry[order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
        rows, cols, taught, values, entry = rows[first], cols[first], taught[first], values[first], entry[first]
        keep = values > 0
        rows, cols, taught, values, entry = rows[keep], cols[keep], taught[keep], values[keep], entry[keep]
        bounds = np.searchsorted(cols, np.arange(len(skill_ids) + 1))
        pairs = self._by_skill[entry]
        out: dict[str, _Column] = {}
        for j, sid in enumerate(skill_ids):
            a, b = bounds[j], bounds[j + 1]
            out[sid] = (rows[a:b].astype(np.int32), values[a:b].astype(np.float32),
                        pairs[a:b].astype(np.int64), sims[taught[a:b], j].astype(np.float32))
        return out
