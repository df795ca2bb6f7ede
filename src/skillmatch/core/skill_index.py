"""Semantic search over a taxonomy's skills.

Every skill is embedded several times: its preferred label, each alternative label and its
description. A query is compared with all of them and the best match per skill, weighted
by what kind of text it matched, becomes that skill's score. The matched text is kept as
the evidence for the hit.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property

import numpy as np

from skillmatch.core.ports import Encoder, ProgressCallback, VectorIndex
from skillmatch.core.taxonomy import Skill, Taxonomy
from skillmatch.core.text import normalise_label


class EntryKind(IntEnum):
    LABEL = 0
    ALT_LABEL = 1
    DESCRIPTION = 2


#: How much a match of each kind of text counts. A query that matches a description as well
#: as it matches a label is usually about something broader than that skill.
DEFAULT_KIND_WEIGHTS: dict[EntryKind, float] = {
    EntryKind.LABEL: 1.0,
    EntryKind.ALT_LABEL: 0.98,
    EntryKind.DESCRIPTION: 0.9,
}


@dataclass(frozen=True, slots=True)
class SkillEntries:
    """The texts embedded for a taxonomy: row i of the vector index is ``texts[i]`` of skill
    ``skill_ids[skill_of[i]]``."""

    skill_ids: tuple[str, ...]
    skill_labels: tuple[str, ...]
    skill_of: np.ndarray  # int32, one per vector
    kind_of: np.ndarray  # int8, EntryKind per vector
    texts: tuple[str, ...]

    @classmethod
    def from_taxonomy(cls, taxonomy: Taxonomy, *, descriptions: bool = True) -> SkillEntries:
        skills: list[Skill] = sorted(taxonomy.skills.values(), key=lambda s: s.id)
        skill_of: list[int] = []
        kind_of: list[int] = []
        texts: list[str] = []
        for i, skill in enumerate(skills):
            for j, label in enumerate(skill.labels):
                skill_of.append(i)
                kind_of.append(EntryKind.LABEL if j == 0 else EntryKind.ALT_LABEL)
                texts.append(label)
            if descriptions and skill.description.strip():
                skill_of.append(i)
                kind_of.append(EntryKind.DESCRIPTION)
                texts.append(skill.description.strip())
        return cls(
            skill_ids=tuple(s.id for s in skills),
            skill_labels=tuple(s.label for s in skills),
            skill_of=np.asarray(skill_of, dtype=np.int32),
            kind_of=np.asarray(kind_of, dtype=np.int8),
            texts=tuple(texts),
        )

    def __len__(self) -> int:
        return len(self.texts)

    def counts(self) -> dict[str, int]:
        kinds = np.bincount(self.kind_of, minlength=len(EntryKind))
        return {
            "skills": len(self.skill_ids),
            "vectors": len(self.texts),
            "labels": int(kinds[EntryKind.LABEL]),
            "alt_labels": int(kinds[EntryKind.ALT_LABEL]),
            "descriptions": int(kinds[EntryKind.DESCRIPTION]),
        }


@dataclass(frozen=True, slots=True)
class SkillHit:
    id: str
    label: str
    score: float
    matched: str  # the label, alternative label or description that matched best
    matched_kind: str

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "score": round(self.score, 4),
            "matched": self.matched,
            "matched_kind": self.matched_kind,
        }


class SkillIndex:
    """Skills of one taxonomy, searchable by meaning."""

    def __init__(
        self,
        entries: SkillEntries,
        vectors: VectorIndex,
        *,
        kind_weights: dict[EntryKind, float] | None = None,
    ) -> None:
        if vectors.size != len(entries):
            raise ValueError(f"index holds {vectors.size} vectors for {len(entries)} entries")
        self.entries = entries
        self.vectors = vectors
        weights = {**DEFAULT_KIND_WEIGHTS, **(kind_weights or {})}
        self._weight_of = np.asarray([weights[k] for k in EntryKind], dtype=np.float32)
        self._position = {sid: i for i, sid in enumerate(entries.skill_ids)}

    @staticmethod
    def embed(
        entries: SkillEntries, encoder: Encoder, *, progress: ProgressCallback | None = None
    ) -> np.ndarray:
        return encoder.encode(list(entries.texts), progress=progress)

    @cached_property
    def _exact(self) -> dict[str, tuple[int, int]]:
        """Normalised label -> (skill position, entry row), preferred labels winning."""
        table: dict[str, tuple[int, int]] = {}
        for row in np.argsort(self.entries.kind_of, kind="stable"):
            kind = self.entries.kind_of[row]
            if kind == EntryKind.DESCRIPTION:
                continue
            key = normalise_label(self.entries.texts[row])
            table.setdefault(key, (int(self.entries.skill_of[row]), int(row)))
        return table

    def exact(self, text: str) -> SkillHit | None:
        """The skill whose label or alternative label is ``text``, if any."""
        found = self._exact.get(normalise_label(text))
        if found is None:
            return None
        s, row = found
        return SkillHit(
            id=self.entries.skill_ids[s],
            label=self.entries.skill_labels[s],
            score=1.0,
            matched=self.entries.texts[row],
            matched_kind=EntryKind(int(self.entries.kind_of[row])).name.lower(),
        )

    @cached_property
    def _label_rows_by_skill(self) -> tuple[np.ndarray, np.ndarray]:
        """Label and alternative-label rows grouped by skill: rows[offsets[s]:offsets[s + 1]]
        belong to skill s (descriptions left out)."""
        labels = np.flatnonzero(self.entries.kind_of != EntryKind.DESCRIPTION)
        order = labels[np.argsort(self.entries.skill_of[labels], kind="stable")]
        counts = np.bincount(self.entries.skill_of[labels], minlength=len(self.entries.skill_ids))
        return order.astype(np.int64), np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)

    def label_rows(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(rows, owner positions) of the label and alternative-label entries of the skills."""
        order, offsets = self._label_rows_by_skill
        positions = np.asarray(positions, dtype=np.int64)
        starts, counts = offsets[positions], offsets[positions + 1] - offsets[positions]
        total = int(counts.sum())
        if total == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        # the rows of each skill in turn: a running index shifted to each skill's start
        shift = np.repeat(starts - (np.cumsum(counts) - counts), counts)
        return order[np.arange(total) + shift], np.repeat(positions, counts)

    def weight_of_rows(self, rows: np.ndarray) -> np.ndarray:
        return self._weight_of[self.entries.kind_of[rows]]

    def position(self, skill_id: str) -> int:
        return self._position[skill_id]

    def __contains__(self, skill_id: object) -> bool:
        return skill_id in self._position

    def label_of(self, skill_id: str) -> str:
        return self.entries.skill_labels[self._position[skill_id]]

    def search_vectors(self, queries: np.ndarray, top: int = 10, *, fanout: int = 8) -> list[list[SkillHit]]:
        """The ``top`` skills for each query vector.

        The vector index returns ``top * fanout`` nearest texts; since a skill owns several
        texts, they are reduced to the best weighted score per skill.
        """
        if len(queries) == 0:
            return []
        k = min(max(top * fanout, top + 32), self.vectors.size)
        scores, rows = self.vectors.search(queries, k)
        return [self._reduce(scores[q], rows[q], top) for q in range(len(queries))]

    def _reduce(self, scores: np.ndarray, rows: np.ndarray, top: int) -> list[SkillHit]:
        keep = rows >= 0
        rows, scores = rows[keep], scores[keep]
        if len(rows) == 0:
            return []
        kinds = self.entries.kind_of[rows]
        weighted = scores * self._weight_of[kinds]
        skills = self.entries.skill_of[rows]
        # Best weighted entry per skill; ties go to the lower row id, so answers are stable.
        order = np.lexsort((rows, -weighted))
        seen: set[int] = set()
        hits: list[SkillHit] = []
        for i in order:
            s = int(skills[i])
            if s in seen:
                continue
            seen.add(s)
            row = int(rows[i])
            hits.append(
                SkillHit(
                    id=self.entries.skill_ids[s],
                    label=self.entries.skill_labels[s],
                    score=float(np.clip(weighted[i], 0.0, 1.0)),
                    matched=self.entries.texts[row],
                    matched_kind=EntryKind(int(kinds[i])).name.lower(),
                )
            )
            if len(hits) == top:
                break
        return hits
