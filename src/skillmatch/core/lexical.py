"""Word overlap between short texts (job titles) and the labels of a set of owners (occupations).

Each label is a TF-IDF vector of its words, with document frequencies counted over all labels, so a
word most labels share ("assistant", "manager") weighs little and a rare one ("payroll",
"forklift") weighs a lot. An owner's score for a text is the best cosine over its labels. This
catches what a sentence encoder blurs: "Account Assistant" shares its rare word with "accounting
assistant", not with "sales account manager".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # scikit-learn takes two seconds to import: only when titles are read
    from sklearn.feature_extraction.text import TfidfVectorizer


class LabelWords:
    def __init__(self, labels: Sequence[str], owners: Sequence[int], n_owners: int) -> None:
        self.n_owners = n_owners
        self._owners = np.asarray(owners, dtype=np.int64)
        self._vectoriser: TfidfVectorizer | None = None
        if labels:
            from sklearn.feature_extraction.text import TfidfVectorizer

            self._vectoriser = TfidfVectorizer(sublinear_tf=True, lowercase=True)
            try:
                self._labels = self._vectoriser.fit_transform(labels).T.tocsr()
            except ValueError:  # no label has a word of two letters or more
                self._vectoriser = None

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Texts x owners matrix of best label cosines, in [0, 1]."""
        out = np.zeros((len(texts), self.n_owners), dtype=np.float32)
        if self._vectoriser is None or not texts:
            return out
        sims = (self._vectoriser.transform(texts) @ self._labels).tocoo()
        flat = out.reshape(-1)
        np.maximum.at(flat, sims.row.astype(np.int64) * self.n_owners + self._owners[sims.col], sims.data)
        return out
