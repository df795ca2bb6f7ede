"""Sentences for people: the reason given with each suggestion (what it covers, for how much,
how long, how delivered, in which language, what it is a prerequisite of) and the helpers that
write numbers, prices and short lists of names, which the team plan's reasons use too.
"""

from __future__ import annotations

from collections.abc import Sequence

from skillmatch.core.catalog import Credential
from skillmatch.core.recommend.results import CoveredSkill

FORMAT_WORDS = {
    "online_self_paced": "online self-paced",
    "online_live": "online live",
    "in_person": "in person",
    "hybrid": "hybrid",
}
#: A credential taught in another language than English says so in its reason.
LANGUAGE_NAMES = {
    "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "nl": "Dutch", "pt": "Portuguese",
    "pl": "Polish", "sv": "Swedish", "da": "Danish", "fi": "Finnish", "no": "Norwegian", "cs": "Czech",
    "el": "Greek", "ro": "Romanian", "hu": "Hungarian", "ga": "Irish",
}


def number_text(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 1e-9 else f"{value:.2f}".rstrip("0").rstrip(".")


def money_text(cost: float | None, currency: str) -> str:
    if cost is None:
        return "for an unstated price"
    if cost == 0:
        return "for free"
    text = f"{cost:.0f}" if abs(cost - round(cost)) < 1e-9 else f"{cost:.2f}"
    return f"for {text} {currency}"


def names_text(labels: Sequence[str], most: int = 3) -> str:
    shown = ", ".join(labels[:most])
    return shown + (f" and {len(labels) - most} more" if len(labels) > most else "")


def _reason(credential: Credential, covers: Sequence[CoveredSkill], top_gap_ids: Sequence[str],
            prerequisite_of: str | None, notes: Sequence[str]) -> str:
    if prerequisite_of is not None:
        text = f"Needed first: a prerequisite of “{prerequisite_of}”"
        if covers:
            own = reason_for(credential, covers, top_gap_ids)
            text += f"; it also {own[0].lower()}{own[1:]}"
        else:
            text += f", {money_text(credential.cost, credential.currency)}."
    else:
        text = reason_for(credential, covers, top_gap_ids)
    return " ".join([text, *notes])


def reason_for(credential: Credential, covers: Sequence[CoveredSkill], top_gap_ids: Sequence[str]) -> str:
    """One sentence from the data: what it covers, for how much, how long and how delivered."""
    n = len(covers)
    in_top = [c for c in covers if c.id in top_gap_ids]
    partial = all(not c.exact or c.strength < 0.999 for c in covers)
    verb = "Partly covers" if partial else "Covers"
    if n == 0:
        return f"Covers none of your gaps on its own — {money_text(credential.cost, credential.currency)}."
    if n == 1:
        if top_gap_ids and covers[0].id == top_gap_ids[0]:
            what = "your top gap"
        elif in_top:
            what = "one of your top gaps"
        else:
            what = "one of your gaps"
    elif len(in_top) == n:
        what = f"{n} of your top gaps"
    elif len(in_top) == 1:
        what = f"{n} of your gaps (one of them a top gap)"
    elif in_top:
        what = f"{n} of your gaps ({len(in_top)} of them top gaps)"
    else:
        what = f"{n} of your gaps"
    ordered = sorted(covers, key=lambda c: (-c.gain, c.id))
    parts = [f"{verb} {what} — {names_text([c.label for c in ordered])} — {money_text(credential.cost, credential.currency)}"]
    if credential.hours is not None:
        parts.append(f" in {number_text(credential.hours)} hour{'s' if credential.hours != 1 else ''}")
    text = "".join(parts)
    if credential.format:
        text += f", {FORMAT_WORDS.get(credential.format, credential.format)}"
    language = (credential.language or "en").split("-")[0].lower()
    if language != "en":
        text += f", taught in {LANGUAGE_NAMES.get(language, credential.language)}"
    return text + "."
