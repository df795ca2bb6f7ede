"""Job-title text: what of a vacancy title names the job, and the readings of it worth comparing.

A title carries more than the job: "Senior Accounts Clerk (Fresh Graduate) - Penang, RM2500" names an
accounting clerk and adds seniority, audience, place and pay. The normaliser compares every reading
of a title (:func:`title_readings`): the title as written, the title with short forms spelt out, and
its core (:func:`core_title`): the job words alone, and the parts of a title that names two jobs
("Kitchen Helper / Dishwasher").
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from skillmatch.core.text import normalise_label

_NOISE = re.compile(r"\((?:m|w|f|d|x|h)(?:\s*/\s*(?:m|w|f|d|x|h))+\)|#\S+", re.IGNORECASE)

#: Short forms job boards use that no taxonomy label spells. "Accounts" is the British "accounts
#: assistant" (bookkeeping); a lone "account" stays, since an account manager sells.
ABBREVIATIONS = {
    "hr": "human resources", "it": "ict", "admin": "administrative", "exec": "executive",
    "asst": "assistant", "mgr": "manager", "sr": "senior", "jr": "junior", "qa": "quality assurance",
    "qc": "quality control", "eng": "engineer", "dev": "developer", "ops": "operations",
    "pa": "personal assistant", "cs": "customer service", "acct": "accounting", "accounts": "accounting",
}
_ABBREVIATION = re.compile(r"\b(" + "|".join(map(re.escape, ABBREVIATIONS)) + r")\b", re.IGNORECASE)

#: Words of a vacancy title that describe the vacancy, not the job: seniority and entry level,
#: urgency, contract and hours, who may apply.
FILLER_WORDS = (
    "senior", "snr", "junior", "intern", "internship", "trainee", "urgent", "urgently", "needed", "wanted",
    "hiring", "immediate", "immediately", "male", "female", "only", "part time", "part-time", "full time",
    "full-time", "contract", "temporary", "permanent", "month", "months", "based", "fresh graduate",
    "fresh graduates", "vacancy", "vacancies", "required", "position", "job", "opening",
)
_FILLER = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(FILLER_WORDS, key=len, reverse=True)) + r")\b",
                     re.IGNORECASE)
_ASIDE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_PAY = re.compile(r"(?:\b(?:rm|usd|eur|gbp|inr|sgd)|[$€£])?\s?\d[\d,.]*k?\b\+?", re.IGNORECASE)
_TRAILING = re.compile(r"(?:\s+(?:in|at|for|@))+\s*$|^\s*(?:(?:for|in|at|as)\s+)+", re.IGNORECASE)
_ALSO = re.compile(r"\s+cum\s+", re.IGNORECASE)  # "clerk cum driver": two jobs in one
_EDGES = re.compile(r"^[\W_]+|[^\w+#]+$")
_PLACE_MARKERS = {"in", "at", "@", "-", "–", "|", ","}
_SEGMENT = re.compile(r"\s*(?:/|\||,|\s-\s|–|&|\band\b|\bor\b)\s*", re.IGNORECASE)


def clean_title(title: str) -> str:
    """Drops gender markers ("(m/w/d)") and hashtags; the rest is meaningful."""
    return re.sub(r"\s+", " ", _NOISE.sub(" ", title)).strip() or title.strip()


def expand_abbreviations(title: str) -> str:
    """ "HR Exec" -> "human resources executive", for the word match against labels."""
    return _ABBREVIATION.sub(lambda m: ABBREVIATIONS[m.group(1).lower()], title)


def _drop_places(text: str, places: Collection[str]) -> str:
    """Drops place names that follow "in", "at", "@", a dash, comma or bar, or end the title: a
    place name at the head of a job is often a word of the job ("Van Driver", "Pest Control")."""
    words = text.split()
    kept: list[str] = []
    i = 0
    while i < len(words):
        after_marker = i > 0 and (words[i - 1].lower() in _PLACE_MARKERS or words[i - 1][-1] in ",-–|")
        for size in (3, 2, 1):
            at_end = i + size == len(words) and i > 0
            if (after_marker or at_end) and normalise_label(" ".join(words[i : i + size])) in places:
                i += size
                break
        else:
            kept.append(words[i])
            i += 1
    return " ".join(kept)


def core_title(title: str, places: Collection[str] = ()) -> str:
    """The job words of a title: asides in brackets, pay and other numbers, vacancy words and the
    ``places`` named (lower-case names) removed. Falls back to the title when nothing is left."""
    text = _FILLER.sub(" ", _PAY.sub(" ", _ASIDE.sub(" ", _ALSO.sub(" / ", title))))
    if places:
        text = _drop_places(text, places)
    text = _EDGES.sub("", _TRAILING.sub("", re.sub(r"\s+", " ", text).strip()))
    return text or title.strip()


@dataclass(frozen=True, slots=True)
class TitleReadings:
    whole: tuple[str, ...]  # the title as written, with short forms spelt out, its core
    parts: tuple[str, ...]  # the jobs a core such as "cook / kitchen helper" names, or the core alone


def title_readings(title: str, places: Collection[str] = ()) -> TitleReadings:
    written = clean_title(title)
    spelt = expand_abbreviations(written)
    core = core_title(spelt, places)
    parts = tuple(p for p in (s.strip(" -") for s in _SEGMENT.split(core)) if len(p) > 1) or (core,)
    return TitleReadings((written, spelt, core), parts)
