"""Job title -> role: which occupation of the taxonomy a posting's title names.

An occupation is compared with a title through its preferred label and every alternative label
(the best one counts), a small share of its description, and the rare words the title shares with
its labels (:mod:`skillmatch.core.lexical`)::

    score = max(label, alt labels) + description_weight · description + word_weight · words
            - umbrella_penalty · [the occupation has narrower occupations]

capped to [0, 1] in answers. The last term breaks near-ties toward the specific occupation: a
vacancy names one job, so "Sales Executive" should land on a concrete sales occupation rather than
on an umbrella such as "sales manager" unless the title says exactly that. An
explicit occupation code on the posting wins: an ESCO occupation URI directly, an ISCO-08 group
or an O*NET-SOC code by restricting the candidates to that group. Titles scoring below
``threshold`` are not forced onto an occupation: they stay unmatched and are reported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from skillmatch.core.lexical import LabelWords
from skillmatch.core.ports import Encoder
from skillmatch.core.taxonomy import Occupation

_NOISE = re.compile(r"\((?:m|w|f|d|x|h)(?:\s*/\s*(?:m|w|f|d|x|h))+\)|#\S+", re.IGNORECASE)
_ISCO = re.compile(r"^\d{1,4}$")
_SOC = re.compile(r"^\d{2}-\d{4}(?:\.\d{2})?$")


@dataclass(frozen=True, slots=True)
class RoleMatch:
    occupation_id: str | None
    label: str
    score: float
    method: str  # code | title | unmatched


def _cap(score: float) -> float:
    return float(min(1.0, max(0.0, score)))


#: Short forms job boards use that no taxonomy label spells. "Accounts" is the British "accounts
#: assistant" (bookkeeping); a lone "account" stays, since an account manager sells.
ABBREVIATIONS = {
    "hr": "human resources", "it": "ict", "admin": "administrative", "exec": "executive",
    "asst": "assistant", "mgr": "manager", "sr": "senior", "jr": "junior", "qa": "quality assurance",
    "qc": "quality control", "eng": "engineer", "dev": "developer", "ops": "operations",
    "pa": "personal assistant", "cs": "customer service", "acct": "accounting", "accounts": "accounting",
}
_ABBREVIATION = re.compile(r"\b(" + "|".join(map(re.escape, ABBREVIATIONS)) + r")\b", re.IGNORECASE)


def expand_abbreviations(title: str) -> str:
    """ "HR Exec" -> "human resources executive", for the word match against labels."""
    return _ABBREVIATION.sub(lambda m: ABBREVIATIONS[m.group(1).lower()], title)


def clean_title(title: str) -> str:
    """Drops gender markers ("(m/w/d)") and hashtags; the rest is meaningful."""
    return re.sub(r"\s+", " ", _NOISE.sub(" ", title)).strip() or title.strip()


class TitleNormaliser:
    def __init__(
        self,
        occupations: Sequence[Occupation],
        encoder: Encoder,
        *,
        description_weight: float = 0.2,
        word_weight: float = 0.2,
        umbrella_penalty: float = 0.05,
        threshold: float = 0.55,
    ) -> None:
        self.occupations = sorted(occupations, key=lambda o: o.id)
        self.encoder = encoder
        self.description_weight = description_weight
        self.word_weight = word_weight
        self.threshold = threshold
        self._position = {o.id: i for i, o in enumerate(self.occupations)}
        texts, owners = [], []
        for i, occ in enumerate(self.occupations):
            for label in dict.fromkeys((occ.label, *occ.alt_labels)):
                if label.strip():
                    texts.append(label)
                    owners.append(i)
        self._owners = np.asarray(owners, dtype=np.int64)
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

    def scores(self, titles: Sequence[str], chunk: int = 512) -> np.ndarray:
        """Titles x occupations matrix of match scores (not capped: an exact label match plus a
        close description must still outrank an exact label match alone)."""
        n = len(self.occupations)
        out = np.zeros((len(titles), n), dtype=np.float32)
        for start in range(0, len(titles), chunk):
            cleaned = [clean_title(t) for t in titles[start : start + chunk]]
            queries = self.encoder.encode(cleaned)
            label_sims = queries @ self._labels.T
            best = np.full((len(queries), n), -1.0, dtype=np.float32)
            for row in range(len(queries)):
                np.maximum.at(best[row], self._owners, label_sims[row])
            best += self.description_weight * (queries @ self._descriptions.T) - self._penalty
            if self._words is not None:
                best += self.word_weight * self._words.scores([expand_abbreviations(t) for t in cleaned])
            out[start : start + len(queries)] = best
        return out

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
