"""How close two skills are, and how much credit a related skill earns.

Similarity is a port: :class:`SkillSimilarity` gives the cosine similarity of every pair of
two lists of skill ids. :class:`VectorSimilarity` computes it from one unit vector per skill
(the Engine feeds it the embeddings of the skills' preferred labels); :class:`ExactSimilarity`
knows only that a skill is itself. Whatever the vectors say, a skill is always 1.0 similar to
itself and 0.0 similar to a skill it has no vector for.

**Partial credit** (the same rule for a learner's related skill in the gap and for a
credential's related skill in the recommendation)::

    partial(s) = 0                                   if s < floor
               = max_partial · (s − floor) / (1 − floor)   otherwise

with ``floor = 0.6`` and ``max_partial = 0.8``: the floor maps to 0 and identical vectors to
0.8, since a related skill is never as good as the skill itself (only the same id earns 1.0).
With all-MiniLM-L6-v2 on ESCO preferred labels, "SQL" ~ "database query languages" is 0.61
(credit 0.02), "SQL" ~ "MySQL" 0.69 (0.17), "Linux" ~ "Unix" 0.69 (0.19), "project
management" ~ "ICT project management" 0.78 (0.37), while "Python" ~ "Java" (0.59),
"mathematics" ~ "statistics" (0.48) and "JavaScript" ~ "Java" (0.40) earn nothing.
:class:`HierarchySimilarity` adds what the taxonomy's skill hierarchy knows: "SQL" is a narrower
skill of "query languages" and so earns 0.6 toward it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from skillmatch.core.ports import Encoder


@runtime_checkable
class SkillSimilarity(Protocol):
    def matrix(self, a_ids: Sequence[str], b_ids: Sequence[str]) -> np.ndarray:
        """Cosine similarities, shape ``(len(a_ids), len(b_ids))``; equal ids give 1.0."""
        ...


def _same_ids(a_ids: Sequence[str], b_ids: Sequence[str]) -> np.ndarray:
    position = {sid: j for j, sid in enumerate(b_ids)}
    same = np.zeros((len(a_ids), len(b_ids)), dtype=bool)
    for i, sid in enumerate(a_ids):
        j = position.get(sid)
        if j is not None:
            same[i, j] = True
    return same


class ExactSimilarity:
    """1.0 for the same id, 0.0 otherwise: no credit for related skills."""

    def matrix(self, a_ids: Sequence[str], b_ids: Sequence[str]) -> np.ndarray:
        return _same_ids(a_ids, b_ids).astype(np.float32)


class VectorSimilarity:
    """Cosine similarity of unit vectors, one per skill id."""

    def __init__(self, ids: Sequence[str], vectors: np.ndarray, *, precompute: bool = False) -> None:
        """``precompute`` keeps every pair's similarity (n² floats), for many queries on few skills."""
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[0] != len(ids):
            raise ValueError(f"{len(ids)} ids for vectors of shape {vectors.shape}")
        self._row = {sid: i for i, sid in enumerate(ids)}
        # One zero row at the end stands for every skill without a vector.
        self._vectors = np.vstack([vectors, np.zeros((1, vectors.shape[1]), dtype=np.float32)])
        self._last: tuple[tuple[str, ...], np.ndarray] | None = None
        self._gram = np.clip(self._vectors @ self._vectors.T, -1.0, 1.0) if precompute else None

    @classmethod
    def from_mapping(cls, vectors: Mapping[str, np.ndarray]) -> VectorSimilarity:
        ids = sorted(vectors)
        dim = len(next(iter(vectors.values()))) if vectors else 1
        matrix = np.asarray([vectors[i] for i in ids], dtype=np.float32).reshape(len(ids), dim)
        return cls(ids, matrix)

    def __contains__(self, skill_id: object) -> bool:
        return skill_id in self._row

    def _positions(self, ids: Sequence[str]) -> np.ndarray:
        key = tuple(ids)
        if self._last is not None and self._last[0] == key:  # a catalog's skills, asked again and again
            return self._last[1]
        missing = len(self._vectors) - 1
        rows = np.asarray([self._row.get(i, missing) for i in key], dtype=np.int64)
        if len(key) > 256:
            self._last = (key, rows)
        return rows

    def matrix(self, a_ids: Sequence[str], b_ids: Sequence[str]) -> np.ndarray:
        a, b = self._positions(a_ids), self._positions(b_ids)
        if self._gram is not None:
            sims = self._gram[np.ix_(a, b)].astype(np.float32)
        else:
            sims = np.clip(self._vectors[a] @ self._vectors[b].T, -1.0, 1.0).astype(np.float32)
        sims[_same_ids(a_ids, b_ids)] = 1.0
        return sims


def similarity_from_encoder(encoder: Encoder, labels: Mapping[str, str], *, precompute: bool = False) -> VectorSimilarity:
    """Skill similarity from the embeddings of the given labels (id -> preferred label)."""
    ids = sorted(labels)
    return VectorSimilarity(ids, encoder.encode([labels[i] for i in ids]), precompute=precompute)


@dataclass(frozen=True)
class CreditRule:
    """How much a related skill counts: see the module docstring for the formula."""

    floor: float = 0.6
    max_partial: float = 0.8

    def __post_init__(self) -> None:
        if not 0.0 <= self.floor < 1.0:
            raise ValueError(f"floor must be in [0, 1), got {self.floor}")
        if not 0.0 <= self.max_partial <= 1.0:
            raise ValueError(f"max_partial must be in [0, 1], got {self.max_partial}")

    def partial(self, sims: np.ndarray) -> np.ndarray:
        """Credit of related skills (not the same id) for the given similarities."""
        scaled = (np.asarray(sims, dtype=np.float32) - self.floor) / (1.0 - self.floor)
        return (self.max_partial * np.clip(scaled, 0.0, 1.0)).astype(np.float32)

    def credit_matrix(
        self, a_ids: Sequence[str], b_ids: Sequence[str], similarity: SkillSimilarity | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(credit, similarity) of every pair: 1.0 for the same id, else ``partial``."""
        same = _same_ids(a_ids, b_ids)
        if similarity is None or isinstance(similarity, ExactSimilarity) or not len(a_ids) or not len(b_ids):
            sims = same.astype(np.float32)
            return sims.copy(), sims
        sims = np.asarray(similarity.matrix(a_ids, b_ids), dtype=np.float32)
        credit = self.partial(sims)
        credit[same] = 1.0
        return credit, sims


class HierarchySimilarity:
    """Similarity that also knows the taxonomy's skill hierarchy (ESCO: "SQL" is a narrower skill
    of "query languages"). A pair's similarity is the larger of what ``base`` says and:

    * ``narrower``, 0.9, when the first skill is a narrower kind of the second: who knows SQL
      knows a query language (credit 0.6 by the default rule);
    * ``broader``, 0.8, the other way round (credit 0.4).

    * ``draws_on``, when the first skill draws on the second (ESCO's skill-skill relations:
      "teach mathematics" draws on "mathematics"): 0.9 for an essential link, credit 0.6 like a
      narrower skill, since the first cannot be done without the second; 0.8 for an optional
      one, credit 0.4, since it shows the second in use in one setting, not the whole of it.
      Only that direction: knowing mathematics says nothing of teaching it. (The taxonomy counts
      the subject of a "teach X" skill as an essential link: see ``Taxonomy.teaching_links``.)

    Only direct skill-to-skill relations count. Skill groups and siblings (Python and Java under
    "computer programming") are too broad to earn credit by themselves. Nor does a broader skill
    count toward a named product under it (``products``: "cloud technologies" toward "Microsoft
    Azure"): a product is learnt by name, so a course on cloud technologies teaches no Azure.
    """

    def __init__(
        self, base: SkillSimilarity, parents: Mapping[str, Sequence[str]], *,
        narrower: float = 0.9, broader: float = 0.8,
        links: Mapping[str, Mapping[str, str]] | None = None,
        essential_link: float = 0.9, optional_link: float = 0.8,
        products: Collection[str] = (),
    ) -> None:
        self.base = base
        self._products = frozenset(products)
        self.narrower, self.broader = narrower, broader
        self._parents = {child: frozenset(ps) for child, ps in parents.items() if ps}
        children: dict[str, set[str]] = {}
        for child, ps in self._parents.items():
            for p in ps:
                children.setdefault(p, set()).add(child)
        self._children = {p: frozenset(cs) for p, cs in children.items()}
        # held skill -> {skill it draws on: similarity}, and the reverse for the matrix
        self._uses: dict[str, dict[str, float]] = {
            a: {b: essential_link if kind == "essential" else optional_link for b, kind in related.items()}
            for a, related in (links or {}).items() if related
        }
        users: dict[str, dict[str, float]] = {}
        for a, related in self._uses.items():
            for b, value in related.items():
                users.setdefault(b, {})[a] = value
        self._users = users

    def related(self, a: str, b: str) -> float:
        """The hierarchy's similarity of a (held) to b (wanted), 0.0 when unrelated."""
        return max(self._hierarchy(a, b), self._uses.get(a, {}).get(b, 0.0))

    def _hierarchy(self, a: str, b: str) -> float:
        if a == b:
            return 1.0
        if b in self._parents.get(a, frozenset()):
            return self.narrower
        if a in self._parents.get(b, frozenset()) and b not in self._products:
            return self.broader
        return 0.0

    def relation(self, a: str, b: str, sim: float) -> str:
        """ "narrower" / "broader" / "draws_on" when the taxonomy, not ``base``, gave the pair its
        similarity ``sim``."""
        if a == b:
            return ""
        hierarchy = self._hierarchy(a, b)
        if hierarchy > 0 and abs(hierarchy - sim) <= 1e-6:
            return "narrower" if hierarchy == self.narrower else "broader"
        link = self._uses.get(a, {}).get(b, 0.0)
        if link > 0 and abs(link - sim) <= 1e-6:
            return "draws_on"
        return ""

    def matrix(self, a_ids: Sequence[str], b_ids: Sequence[str]) -> np.ndarray:
        sims = np.array(self.base.matrix(a_ids, b_ids), dtype=np.float32)
        if not (self._parents or self._uses) or not len(a_ids) or not len(b_ids):
            return sims
        rows: dict[str, list[int]] = {}
        for i, sid in enumerate(a_ids):
            rows.setdefault(sid, []).append(i)
        for j, b in enumerate(b_ids):
            near = [(c, self.narrower) for c in self._children.get(b, ())]
            if b not in self._products:
                near += [(p, self.broader) for p in self._parents.get(b, ())]
            near += list(self._users.get(b, {}).items())
            for sid, value in near:
                for i in rows.get(sid, ()):
                    sims[i, j] = max(sims[i, j], value)
        return sims
