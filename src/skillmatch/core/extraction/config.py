"""How an extractor reads: the retrieval sizes, the blend weight and the acceptance threshold
(``ExtractionConfig``, and ``FAST_CONFIG`` for when the static model reads sentences too), and
the phrase space where phrases meet labels cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass

from skillmatch.core.ports import AdditiveEncoder, VectorIndex


@dataclass(frozen=True)
class ExtractionConfig:
    max_phrase_tokens: int = 4
    max_exact_tokens: int = 6
    retrieve_k: int = 16
    sentence_weight: float = 0.7
    accept_threshold: float = 0.62
    exact_floor: float = 0.85  # a phrase that *is* a skill label is strong evidence on its own
    max_evidence: int = 3
    #: With a phrase space, phrases are not searched one by one: a skill is a candidate of a
    #: sentence when the sentence retrieves it (``sentence_k`` neighbours) or names it exactly.
    sentence_k: int = 16
    phrase_k: int = 8
    phrase_floor: float = 0.6  # a phrase's neighbour below this similarity is no candidate
    #: Candidates kept in ``Extraction.ranking`` besides every skill read (None: all of them).
    rank_limit: int | None = 100


#: The fast path: the static model reads sentences too. Its blend weight and threshold were
#: chosen the same way, on the same SkillSkape sentences (scripts/tune_extraction.py --fast).
FAST_CONFIG = ExtractionConfig(sentence_weight=0.5, accept_threshold=0.76)


@dataclass(frozen=True)
class PhraseSpace:
    """Where phrases meet labels cheaply: a fast, additive encoder (a static model distilled
    from the sentence encoder) and the vector of every index row in its space, row for row."""

    encoder: AdditiveEncoder
    #: Row for row with the skill index; searching it finds labels (descriptions are left out).
    labels: VectorIndex
