"""Job title -> role: which occupation of the taxonomy a posting's title names.

A title is read three ways (:mod:`skillmatch.core.title_text`): as written, with short forms spelt
out, and as its core (job words only); a core naming two jobs is also split into its parts. An
occupation is compared with each reading through its preferred label and every alternative label
(the best one counts), through its description, and through the rare words the title shares with
its labels (:mod:`skillmatch.core.lexical`)::

    label = (1 - part_weight) · mean over readings of max(label, alt labels)
            + part_weight · mean over parts of max(label, alt labels)
    score = label + description_weight · mean over readings of description
            + word_weight · words - umbrella_penalty · [the occupation has narrower occupations]

capped to [0, 1] in answers. The last term breaks near-ties toward the specific occupation: a
vacancy names one job, so "Sales Executive" should land on a concrete sales occupation rather than
on an umbrella such as "sales manager" unless the title says exactly that. An
explicit occupation code on the posting wins: an ESCO occupation URI directly, an ISCO-08 group
or an O*NET-SOC code by restricting the candidates to that group. Titles scoring below
``threshold`` are not forced onto an occupation: they stay unmatched and are reported.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from skillmatch.core.lexical import LabelWords
from skillmatch.core.ports import Encoder
from skillmatch.core.taxonomy import Occupation
from skillmatch.core.text import normalise_label
from skillmatch.core.title_text import clean_title, expand_abbreviations, title_readings

__all__ = ["RoleMatch", "TitleNormaliser", "clean_title", "expand_abbreviations"]

_ISCO = re.compile(r"^\d{1,4}$")
_SOC = re.compile(r"^\d{2}-\d{4}(?:\.\d{2})?$")


@dataclass(frozen=True, slots=True)
class RoleMatch:
    occupation_id: str | None
    label: str
    score: float
    method: str  # code | title | unmatched


#: A role read from a job title at this similarity or more is taken as meant; below it (down to
#: the normaliser's threshold, under which nothing is read) the answer asks to check the reading.
#: Title similarities crowd near 1.0 (a vague "data wizard" reaches 0.93 against "database
#: administrator"), so only a close reading is taken as sure.
SURE_AT = 0.95
#: A role whose postings are titled with every word of the request is read from them when at
#: least this many of its postings are so titled (and more than of the role the title matched).
TITLED_POSTINGS_AT = 3
_WORD = re.compile(r"\w[\w+#]*")


@dataclass(frozen=True, slots=True)
class RoleReading:
    """How a request's role text was read: by id, by label, or by its closeness to a job title."""

    query: str
    role_id: str
    label: str
    method: str  # id | label | postings | title
    score: float
    titled: int = 0  # with method "postings": how many of the role's postings carry the request's words

    @property
    def sure(self) -> bool:
        return self.method != "title" or self.score >= SURE_AT

    @property
    def note(self) -> str:
        if self.method == "postings":
            return (f"{self.query!r} read as {self.label!r}: {self.titled} of its postings are titled "
                    f"with these words")
        if self.method != "title":
            return f"the role {self.label!r}"
        if self.sure:
            return f"{self.query!r} read as {self.label!r} (title similarity {self.score:.2f})"
        return (f"{self.query!r} read as {self.label!r}, the closest role, at title similarity "
                f"{self.score:.2f}: check this is the role you mean")

    def as_dict(self) -> dict[str, object]:
        return {"query": self.query, "method": self.method, "score": round(self.score, 4),
                "sure": self.sure, "note": self.note}


def title_words(text: str) -> set[str]:
    """The words of a title, case and punctuation aside, a plural "analysts" read as "analyst"."""
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in _WORD.findall(normalise_label(text))}


def titled_with(query: str, title: str) -> bool:
    """Whether ``title`` holds every word of ``query`` (see ``title_words``)."""
    wanted = title_words(query)
    return bool(wanted) and wanted <= title_words(title)


def _cap(score: float) -> float:
    return float(min(1.0, max(0.0, score)))


class TitleNormaliser:
    def __init__(
        self,
        occupations: Sequence[Occupation],
        encoder: Encoder,
        *,
        description_weight: float = 0.3,
        word_weight: float = 0.15,
        part_weight: float = 0.3,
        umbrella_penalty: float = 0.05,
        readings: bool = True,
        places: Collection[str] = (),
        threshold: float = 0.55,
    ) -> None:
        self.occupations = sorted(occupations, key=lambda o: o.id)
        self.encoder = encoder
        self.description_weight = description_weight
        self.word_weight = word_weight
        self.part_weight = part_weight if readings else 0.0
        self.readings = readings
        self.places = frozenset(places)
        self.threshold = threshold
        self._position = {o.id: i for i, o in enumerate(self.occupations)}
        texts, owners = [], []
        for i, occ in enumerate(self.occupations):
            for label in dict.fromkeys((occ.label, *occ.alt_labels)):
                if label.strip():
                    texts.append(label)
                    owners.append(i)
        owner_array = np.asarray(owners, dtype=np.int64)
        # labels come grouped by occupation: the best label of each is a reduceat over its run
        self._labelled, self._starts = np.unique(owner_array, return_index=True)
        self._words = LabelWords(texts, owners, len(self.occupations)) if word_weight else None
        ids = set(self._position)
        umbrellas = {b for o in self.occupations for b in o.broader if b in ids and b != o.id}
        self._penalty = np.array(
            [umbrella_penalty if o.id in umbrellas else 0.0 for o in self.occupations], dtype=np.float32
        )
        self._labels = encoder.encode(texts) if texts else np.zeros((0, encoder.dim), dtype=np.float32)
        self._descriptions = encoder.encode([o.description or o.label for o in self.occupations])

    def __len__(self) -> int:
        return len(self.occupations)

    def _best_label(self, vectors: np.ndarray) -> np.ndarray:
        out = np.full((len(vectors), len(self.occupations)), -1.0, dtype=np.float32)
        if len(self._labelled) and len(vectors):
            out[:, self._labelled] = np.maximum.reduceat(vectors @ self._labels.T, self._starts, axis=1)
        return out

    def scores(self, titles: Sequence[str], chunk: int = 256) -> np.ndarray:
        """Titles x occupations matrix of match scores (not capped: an exact label match plus a
        close description must still outrank an exact label match alone)."""
        out = np.zeros((len(titles), len(self.occupations)), dtype=np.float32)
        for start in range(0, len(titles), chunk):
            batch = titles[start : start + chunk]
            out[start : start + len(batch)] = self._score_batch(batch)
        return out

    def _score_batch(self, titles: Sequence[str]) -> np.ndarray:
        if self.readings:
            readings = [title_readings(t, self.places) for t in titles]
            wholes = [r.whole for r in readings]
            parts = [r.parts if self.part_weight else () for r in readings]
        else:
            wholes = [(clean_title(t),) for t in titles]
            parts = [() for _ in titles]
        unique = list(dict.fromkeys(x for group in (*wholes, *parts) for x in group))
        row = {text: i for i, text in enumerate(unique)}
        vectors = self.encoder.encode(unique)
        best = self._best_label(vectors)
        descriptions = vectors @ self._descriptions.T

        def mean(matrix: np.ndarray, groups: list[tuple[str, ...]]) -> np.ndarray:
            return np.stack([matrix[[row[x] for x in g]].mean(axis=0) for g in groups])

        scores = mean(best, wholes)
        if self.part_weight:
            scores = (1 - self.part_weight) * scores + self.part_weight * mean(best, parts)
        scores += self.description_weight * mean(descriptions, wholes) - self._penalty
        if self._words is not None:
            scores += self.word_weight * self._words.scores([g[1] if len(g) > 1 else expand_abbreviations(g[0])
                                                             for g in wholes])
        return scores

    def rank(self, titles: Sequence[str], top: int = 10) -> list[list[tuple[str, float]]]:
        scores = self.scores(titles)
        order = np.argsort(-scores, axis=1, kind="stable")[:, :top]
        return [[(self.occupations[j].id, _cap(scores[i, j])) for j in row] for i, row in enumerate(order)]

    def match(self, title: str, codes: Sequence[str] = ()) -> RoleMatch:
        return self.match_many([title], [codes])[0]

    def match_many(self, titles: Sequence[str], codes: Sequence[Sequence[str]] | None = None) -> list[RoleMatch]:
        codes = codes or [() for _ in titles]
        scores = self.scores(titles) if titles else np.zeros((0, len(self.occupations)))
        out = []
        for i, title_codes in enumerate(codes):
            direct = next((c for c in title_codes if c in self._position), None)
            if direct is not None:
                occ = self.occupations[self._position[direct]]
                out.append(RoleMatch(occ.id, occ.label, 1.0, "code"))
                continue
            allowed = self._restrict(title_codes)
            row = scores[i] if allowed is None else np.where(allowed, scores[i], -1.0)
            j = int(np.argmax(row))
            score = _cap(row[j])
            threshold = self.threshold if allowed is None else self.threshold * 0.8
            if score >= threshold:
                occ = self.occupations[j]
                out.append(RoleMatch(occ.id, occ.label, score, "code" if allowed is not None else "title"))
            else:
                out.append(RoleMatch(None, titles[i], score, "unmatched"))
        return out

    def _restrict(self, codes: Sequence[str]) -> np.ndarray | None:
        """Occupations inside the ISCO groups or O*NET-SOC codes given, if any match."""
        groups = [c.strip() for c in codes if _ISCO.match(c.strip()) or _SOC.match(c.strip())]
        if not groups:
            return None
        mask = np.array(
            [any(o.code.startswith(g) or o.code == f"{g}.00" for g in groups) for o in self.occupations]
        )
        return mask if mask.any() else None
