"""Turning free text (a posting, a CV, a course description) into taxonomy skills.

How a text is read:

1. It is cut into sentences and list items, and each sentence into candidate phrases: runs of
   one to four whole words that start and end on a content word.
2. Three signals are measured for every candidate skill of a sentence:
   * ``sentence``: how close the whole sentence is to the skill's best label or alternative label;
   * ``phrase``: how close the best phrase of the sentence is to them (that phrase is the evidence);
   * ``exact``: a phrase *is* one of the skill's labels (case-insensitive, except for names of up
     to three letters such as "R", "IT" or "SAS", which must match in case; one-letter names and
     two-letter ones that are not acronyms, like "Go", also need a programming word in the text).
3. The signals are combined into one score in [0, 1],
   ``sentence_weight * sentence + (1 - sentence_weight) * phrase`` with ``phrase = 1`` and a
   floor of ``exact_floor`` on an exact match (a long sentence that names "SQL" still counts),
   and skills at or above the acceptance threshold are extracted. Both numbers
   were chosen on the SkillSkape development split (synthetic job-ad sentences), never on the
   evaluation sets: ``sentence_weight`` for the best RP@5, the threshold for the best F1.
4. Words stand for one skill: within a sentence, of the skills at or above the threshold whose
   phrases overlap, only the best is extracted (an exact label first, then the best score), so
   "architecture" gives one skill, not every skill whose label is near it; two exact labels
   both stand ("SQL Server" and the "SQL" inside it).

Guards: phrases that name an occupation ("Data Scientist"), a place ("London") or an excluded
term (the employer's name) give no skill; a skill whose every mention is negated ("no Java
experience required", "not familiar with SAP") is reported apart as negated, never as held.

**Where it lives.** :mod:`.config` and :mod:`.results` hold the settings and the answer;
:mod:`.vocabulary` what the taxonomy's labels tell the extractor; :mod:`.candidates` step 1
and the guards; :mod:`.signals` step 2; :mod:`.scoring` steps 3 and 4 and negation;
:mod:`.extractor` the :class:`SkillExtractor` that runs them.
"""

from skillmatch.core.extraction.candidates import HEADING_TERMS
from skillmatch.core.extraction.config import FAST_CONFIG, ExtractionConfig, PhraseSpace
from skillmatch.core.extraction.extractor import SkillExtractor
from skillmatch.core.extraction.results import Evidence, ExtractedSkill, Extraction
from skillmatch.core.extraction.signals import UNIT_MEMORY
from skillmatch.core.extraction.vocabulary import (
    MAKER_LABELS_AT,
    NAME_LABELS_BELOW,
    ORDINARY_WORD_AT,
    PROGRAMMING_CONTEXT,
    TECH_CONTEXT,
)

__all__ = [
    "FAST_CONFIG",
    "HEADING_TERMS",
    "MAKER_LABELS_AT",
    "NAME_LABELS_BELOW",
    "ORDINARY_WORD_AT",
    "PROGRAMMING_CONTEXT",
    "TECH_CONTEXT",
    "UNIT_MEMORY",
    "Evidence",
    "ExtractedSkill",
    "Extraction",
    "ExtractionConfig",
    "PhraseSpace",
    "SkillExtractor",
]
