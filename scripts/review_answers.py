"""Read the answers skillmatch gives to many people, and check written rules on every answer.

An advisor-minded review, not a test of exact answers: each persona of
``scripts/review_personas.json`` (learners, teams, one advisor's batch) is sent to a real server,
its answer is printed as a short block (who, the role read as, the top gaps, the picks) and eight
rules are checked on it. The role profiles the answers use are checked too (rule 1).

 1. no language skill in a role's top 20 unless >= 25 % and >= 3 of its postings ask for it,
    or its prior is essential (>= 1);
 2. a credential said to cover a gap skill raises it by at least ``COVERS_AT_LEAST``; no reason
    claims more skills than the answer lists;
 3. no held skill recommended as a gap to close, no held credential recommended again;
 4. prerequisites of every pick are held or earlier in the pathway, or named by title;
 5. no raw id (URI, ``onet:``, a slug like ``cred-0123``) in any text a person reads;
 6. team answers: the counts of members lacking each skill agree with the member gaps, and each
    member's pathway holds exactly the plan's credentials that member takes;
 7. the answer says which role the request was read as; loose readings are flagged;
 8. picks stay within the constraints asked for.

A field a rule needs that the answer lacks is reported as a violation "missing field: ...".

    python scripts/review_answers.py [--persona NAME] [--json results/review.json] [--strict]
                                     [--url http://127.0.0.1:8000 --api-key KEY] [--data-dir var]

Without ``--url`` it starts ``skillmatch serve`` on a free port against ``--data-dir`` (default
``var/``, from ``skillmatch setup``) with a fresh API key, waits for /readyz and stops it at the
end. Exit code 0 even with violations, unless ``--strict`` (then 1 when there are any).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ParamSpec

import httpx

from _common import REPO, print_table, write_json
from skillmatch.core.gap import GapSettings
from skillmatch.core.profiles import ProfileSettings
from skillmatch.core.recommend import COVERS_AT_LEAST
from skillmatch.core.roles import SURE_AT

# The documented values the rules check against, read from the code that documents them.
HELD_AT = GapSettings().held_at  # credit from which a skill is held
LANGUAGE_SHARE, LANGUAGE_POSTINGS = ProfileSettings().language_share, ProfileSettings().language_postings
TOP_SKILLS = 20

RULES = {
    1: "languages in a role's top 20 are asked for",
    2: "covers adds >= 0.25; reasons count right",
    3: "nothing held recommended again",
    4: "prerequisites met or named",
    5: "no raw ids in readable text",
    6: "team counts and pathways agree",
    7: "role reading stated and flagged",
    8: "picks within constraints",
}
MISSING = "missing field: "

LANGUAGES = (
    "English German French Spanish Italian Portuguese Dutch Luxembourgish Flemish Polish Czech Slovak Hungarian "
    "Romanian Bulgarian Greek Croatian Serbian Slovenian Bosnian Albanian Macedonian Danish Swedish Norwegian "
    "Finnish Icelandic Estonian Latvian Lithuanian Irish Welsh Maltese Catalan Basque Galician Russian Ukrainian "
    "Belarusian Turkish Arabic Hebrew Persian Hindi Urdu Bengali Punjabi Chinese Mandarin Cantonese Japanese "
    "Korean Vietnamese Thai Indonesian Malay Tagalog Swahili Latin Esperanto"
).split()
_LANGUAGE = re.compile(r"\b(" + "|".join(LANGUAGES) + r")\b|\bsign language\b")
_RAW_ID = re.compile(r"https?://|esco/(skill|occupation)|\bonet:|\b(role|mix):[a-z0-9]"
                     r"|\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-[a-z]*\d[a-z0-9]*\b")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){2,}")  # a whole text that is a slug: "quanta-sql-fundamentals"
READABLE = {"reason", "reasons", "title", "label", "summary", "note", "notes", "explanation", "unmet_prerequisites"}


class MissingField(Exception):
    """An answer lacks a field a rule needs."""


def need(obj: Any, key: str, where: str) -> Any:
    """``obj[key]``, or MissingField naming ``where.key`` when the answer does not give it."""
    if not isinstance(obj, Mapping) or obj.get(key) is None:
        raise MissingField(f"{where}.{key}")
    return obj[key]


P = ParamSpec("P")


def rule(fn: Callable[P, Iterator[str]]) -> Callable[P, list[str]]:
    """A rule yields violations; a missing field ends it with one violation of kind "missing field"."""
    @functools.wraps(fn)
    def checked(*args: P.args, **kwargs: P.kwargs) -> list[str]:
        out: list[str] = []
        try:
            out.extend(fn(*args, **kwargs))
        except MissingField as exc:
            out.append(f"{MISSING}{exc}")
        return list(dict.fromkeys(out))
    return checked


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w+#.]+", " ", str(text).casefold()).split())


def cost_text(cost: float | None, currency: str) -> str:
    return "price unknown" if cost is None else "free" if cost == 0 else f"{cost:g} {currency}"


# --- rule 1: languages in a role profile ---------------------------------------------------------
@rule
def languages_asked(profile: Mapping[str, Any]) -> Iterator[str]:
    """A language skill in the top 20 needs >= 25 % and >= 3 of the role's postings, or prior >= 1."""
    postings = need(profile, "postings", "role")
    name = profile.get("label") or "role"
    for rank, s in enumerate(need(profile, "skills", "role")[:TOP_SKILLS], start=1):
        label = need(s, "label", "role.skills[]")
        if not _LANGUAGE.search(label):
            continue
        asked, prior = need(s, "postings", "role.skills[]"), need(s, "prior", "role.skills[]")
        if prior >= 1.0 or (postings and asked >= LANGUAGE_POSTINGS and asked >= LANGUAGE_SHARE * postings):
            continue
        share = f"{asked / postings:.0%}" if postings else "no postings"
        yield (f"{name}: language skill “{label}” is #{rank} of the profile, asked by {asked} of {postings} "
               f"postings ({share}), prior {prior:g}")


# --- rule 2: what "covers" means ----------------------------------------------------------------
_CLAIM = re.compile(r"[Cc]overs (your top gap|one of your (?:top )?gaps|(\d+) of your (?:top )?gaps)")
_MORE = re.compile(r" and (\d+) more\b")
_PEOPLE = re.compile(r"(?:Partly covers|Covers) gaps for (everyone|(\d+) of (\d+) people)")


def _named(reason: str, labels: Sequence[str], shown: int = 3) -> Iterator[str]:
    """The names part of a reason ("a, b, c and 2 more") against the skills listed."""
    more = _MORE.search(reason)
    claimed = min(shown, len(labels)) + (int(more.group(1)) if more else 0)
    if claimed != len(labels):
        yield f"the reason names {claimed} skills but {len(labels)} are listed"
    missing = [lab for lab in labels if lab not in reason]
    if len(missing) > max(0, len(labels) - shown):
        yield f"the reason does not name the listed skill “{missing[0]}”"


@rule
def covers_minimum(answer: Mapping[str, Any]) -> Iterator[str]:
    """Each covered skill is raised by >= COVERS_AT_LEAST; the reason claims as many as it lists."""
    if "plan" in answer:
        yield from _plan_covers(answer)
        return
    skills = need(need(answer, "gap", "answer"), "skills", "gap")
    total = sum(need(g, "importance", "gap.skills[]") for g in skills)
    credit = {g["id"]: need(g, "credit", "gap.skills[]") for g in skills}
    for s in need(answer, "recommendations", "answer"):
        title = need(need(s, "credential", "recommendations[]"), "title", "recommendations[].credential")
        covers, reason = need(s, "covers", "recommendations[]"), need(s, "reason", "recommendations[]")
        for c in covers:
            strength = need(c, "strength", "recommendations[].covers[]")
            importance = need(c, "importance", "recommendations[].covers[]")
            gain = need(c, "gain", "recommendations[].covers[]")
            raised = gain * total / importance if importance else 0.0
            slack = 1e-3 + 5e-5 * total / max(importance, 1e-4)  # the answer's numbers are rounded to 4 places
            if min(strength - credit.get(c["id"], 0.0), raised) < COVERS_AT_LEAST - slack:
                yield (f"“{title}” is said to cover “{c['label']}” but raises it by {raised:.3f} "
                       f"(strength {strength:.3f}, credit before {credit.get(c['id'], 0.0):.3f}); "
                       f"the minimum is {COVERS_AT_LEAST}")
        if not covers and "prerequisite" not in reason:
            yield f"“{title}” is suggested but covers no gap skill and is no prerequisite"
        claim = _CLAIM.search(reason)
        if covers and claim:
            claimed = int(claim.group(2)) if claim.group(2) else 1
            if claimed != len(covers):
                yield f"“{title}”: the reason says it covers {claimed} gaps but it lists {len(covers)}"
        if covers:
            ordered = [c["label"] for c in sorted(covers, key=lambda c: (-c["gain"], c["id"]))]
            yield from (f"“{title}”: {v}" for v in _named(reason, ordered))
    for key in ("alternatives", "free_options"):
        said = [a for a in answer.get(key) or [] if a.get("covers")]
        if said and any("strength" not in c and "gain" not in c for a in said for c in a["covers"]):
            yield (f"{MISSING}{key}[].covers[].strength ({len(said)} credentials are said to cover gap skills "
                   f"with no strength or gain per skill, so the {COVERS_AT_LEAST} minimum cannot be checked)")


def _plan_covers(answer: Mapping[str, Any]) -> Iterator[str]:
    size = need(need(answer, "team", "answer"), "size", "team")
    items = need(need(answer, "plan", "answer"), "items", "plan")
    for item in items:
        title = need(need(item, "credential", "plan.items[]"), "title", "plan.items[].credential")
        skills, reason = need(item, "skills", "plan.items[]"), need(item, "reason", "plan.items[]")
        takers = need(item, "takers", "plan.items[]")
        people = _PEOPLE.search(reason)
        if people:
            said = (size, size) if people.group(1) == "everyone" else (int(people.group(2)), int(people.group(3)))
            if said != (len(takers), size):
                yield f"“{title}”: the reason says {said[0]} of {said[1]} people, the plan lists {len(takers)} of {size}"
        yield from (f"“{title}”: {v}" for v in _named(reason, [s["label"] for s in skills]))
    if any("strength" not in s and "gain" not in s for item in items for s in item.get("skills") or []):
        yield (f"{MISSING}plan.items[].skills[].strength ({len(items)} plan credentials are said to close gaps "
               f"with no strength or gain per skill and member, so the {COVERS_AT_LEAST} minimum cannot be checked)")


# --- rule 3: nothing held recommended again ----------------------------------------------------
def held_in(request: Mapping[str, Any], gap: Mapping[str, Any]) -> tuple[set[str], set[str]]:
    """Ids and normalised labels of the skills held at >= HELD_AT: as the request gave them
    (ids, labels, default proficiency 1) and as the answer's ``held`` list read them."""
    ids: set[str] = set()
    names: set[str] = set()
    for item in request.get("skills") or []:
        text, prof = (item, 1.0) if isinstance(item, str) else (item.get("skill", ""), item.get("proficiency", 1.0))
        if prof >= HELD_AT and ("://" in text or text.startswith("onet:")):
            ids.add(text)
        elif prof >= HELD_AT:
            names.add(norm(text))
    for h in need(gap, "held", "gap"):
        if need(h, "proficiency", "gap.held[]") >= HELD_AT:
            ids.add(h["id"])
    return ids, names


@rule
def nothing_held_again(answer: Mapping[str, Any], request: Mapping[str, Any]) -> Iterator[str]:
    """No held skill listed as a gap to close, no held credential suggested again."""
    if "plan" in answer:
        yield from _team_held(answer, request)
        return
    gap = need(answer, "gap", "answer")
    ids, names = held_in(request, gap)
    creds = set(request.get("held_credentials") or []) | set(gap.get("held_credentials") or [])

    def held(skill: Mapping[str, Any]) -> bool:
        return skill["id"] in ids or norm(skill["label"]) in names

    for g in need(gap, "skills", "gap"):
        if held(g) and need(g, "status", "gap.skills[]") != "held":
            yield f"“{g['label']}” is held but the gap lists it as {g['status']} (credit {g['credit']:.2f})"
    for s in answer.get("recommendations") or []:  # none in a gap answer
        cred = need(s, "credential", "recommendations[]")
        if cred["id"] in creds:
            yield f"“{cred['title']}” is held already but is suggested again"
        for c in need(s, "covers", "recommendations[]"):
            if held(c):
                yield f"“{cred['title']}” is suggested to close “{c['label']}”, which the learner holds"
    for key in ("alternatives", "free_options"):
        for a in answer.get(key) or []:
            if a["credential"]["id"] in creds:
                yield f"{key}: “{a['credential']['title']}” is held already"
    for r in answer.get("remaining_gaps") or []:
        if held(r):
            yield f"“{r['label']}” is held but listed among the remaining gaps"


def _team_held(answer: Mapping[str, Any], request: Mapping[str, Any]) -> Iterator[str]:
    given = {str(m.get("id") or m.get("name")): m for m in request.get("members") or []}
    gaps = {m["member_id"]: m for m in need(need(answer, "team", "answer"), "members", "team")}
    for mid, member in given.items():
        if mid not in gaps:
            yield f"{MISSING}team.members[{mid}]"
            continue
        ids, names = held_in(member, gaps[mid])
        for g in gaps[mid]["skills"]:
            if (g["id"] in ids or norm(g["label"]) in names) and g["status"] != "held":
                yield f"{mid} holds “{g['label']}” but their gap lists it as {g['status']} (credit {g['credit']:.2f})"
    for item in need(need(answer, "plan", "answer"), "items", "plan"):
        for mid in item["takers"]:
            if item["credential"]["id"] in (given.get(mid, {}).get("held_credentials") or []):
                yield f"{mid} holds “{item['credential']['title']}” but is put down to take it again"


# --- rule 4: prerequisites ---------------------------------------------------------------------
@rule
def prerequisites_met(answer: Mapping[str, Any], credentials: Mapping[str, Mapping[str, Any] | None],
                      request: Mapping[str, Any], skill_labels: Mapping[str, str] | None = None) -> Iterator[str]:
    """Each prerequisite of a pick is held or earlier in the pathway, or the answer names it by title
    (a credential) or label (a skill given by id). ``credentials``: id -> the credential's record
    (GET /v1/credentials/by-id), None for a text that is no credential; ``skill_labels``: skill id ->
    label, as far as the reviewer knows them."""
    skill_labels = skill_labels or {}
    gap = need(answer, "gap", "answer")
    held_creds = set(request.get("held_credentials") or []) | set(gap.get("held_credentials") or [])
    held_keys = {k for h in need(gap, "held", "gap") for k in (h["id"], norm(h["label"]))}
    reasons = {s["credential"]["id"]: s.get("reason", "") for s in need(answer, "recommendations", "answer")}
    steps = need(need(answer, "pathway", "answer"), "steps", "pathway")
    order = [need(need(st, "credential", "pathway.steps[]"), "id", "pathway.steps[].credential") for st in steps]
    for i, step in enumerate(steps):
        cid = order[i]
        record = credentials.get(cid)
        if record is None:
            yield f"{MISSING}credential {cid} (its record could not be read to check its prerequisites)"
            continue
        taught = {k for e in order[:i] for t in (credentials.get(e) or {}).get("skills", []) for k in (t["id"], norm(t["label"]))}
        unmet = need(step, "unmet_prerequisites", "pathway.steps[]")
        for pre in need(record, "prerequisites", f"credential {cid}"):
            if pre in held_creds or pre in order[:i]:
                continue
            other = credentials.get(pre)
            key = pre if "://" in pre else norm(pre)
            if other is None and (key in held_keys or key in taught):
                continue
            name = other["title"] if other else skill_labels.get(pre, pre)
            if pre in order[i + 1 :]:
                yield f"“{record['title']}” needs “{name}”, which comes after it in the pathway"
            elif name not in unmet and f"“{name}”" not in reasons.get(cid, ""):
                by_id = " (it names its id, not its title)" if other and pre in unmet else ""
                yield f"“{record['title']}” needs “{name}”, neither held nor earlier, and the answer does not name it{by_id}"
            elif _RAW_ID.search(name) or _SLUG.fullmatch(name):
                yield f"“{record['title']}” needs {name}, which the answer names only by this raw id, not by a title or label"


# --- rule 5: raw ids in readable text ----------------------------------------------------------
def readable_texts(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) of every string under a key a person reads (reasons, titles, labels, notes...);
    the path ends with the key."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            where = f"{path}.{key}" if path else str(key)
            if key in READABLE:
                for text in [value] if isinstance(value, str) else value if isinstance(value, list) else []:
                    if isinstance(text, str):
                        yield where, text
            if isinstance(value, Mapping | list):
                yield from readable_texts(value, where)
    elif isinstance(node, list):
        for n, item in enumerate(node):
            yield from readable_texts(item, f"{path}[{n}]")


@rule
def no_raw_ids(answer: Mapping[str, Any], known_ids: Iterable[str] = ()) -> Iterator[str]:
    """No URI, ``onet:``/``role:`` id or id-like slug (``cred-0123``, a known credential id) in readable text."""
    known = sorted({i for i in known_ids if len(i) >= 6 and not i.isalpha()}, key=len, reverse=True)
    ids = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, known)) + r")(?![\w-])") if known else None
    for where, text in readable_texts(answer):
        slug = None if where.endswith(".label") else _SLUG.fullmatch(text.strip())  # "pay-per-click" is a label
        found = _RAW_ID.search(text) or slug or (ids.search(text) if ids else None)
        if found:
            hit = found.group(0).strip()
            yield f"{where}: “{text[:140]}” shows the raw id “{hit}”"


# --- rule 6: team counts -----------------------------------------------------------------------
@rule
def team_counts(answer: Mapping[str, Any]) -> Iterator[str]:
    """needed_by / lacking / lacking_share of every team skill, and the heat map, agree with the member gaps."""
    team = need(answer, "team", "answer")
    below, size = need(team, "lacking_below", "team"), need(team, "size", "team")
    members = need(team, "members", "team")
    credits = {need(m, "member_id", "team.members[]"): {g["id"]: g["credit"] for g in need(m, "skills", "team.members[]")}
               for m in members}
    if size != len(members):
        yield f"team.size is {size} but {len(members)} member gaps are given"
    for t in need(team, "skills", "team"):
        present = [own[t["id"]] for own in credits.values() if t["id"] in own]
        low = sum(1 for c in present if c < below - 1e-4)
        edge = sum(1 for c in present if abs(c - below) <= 1e-4)  # rounded to 4 places: either side
        lacking = need(t, "lacking", "team.skills[]")
        if need(t, "needed_by", "team.skills[]") != len(present):
            yield f"“{t['label']}”: needed_by {t['needed_by']}, but {len(present)} member gaps hold the skill"
        if not low <= lacking <= low + edge:
            yield f"“{t['label']}”: lacking {lacking}, but {low} members' credit is below {below}"
        if size and abs(need(t, "lacking_share", "team.skills[]") - lacking / size) > 1e-3:
            yield f"“{t['label']}”: lacking_share {t['lacking_share']} is not {lacking}/{size}"
    heat = need(team, "heatmap", "team")
    for mid, row in zip(need(heat, "members", "team.heatmap"), need(heat, "credits", "team.heatmap"), strict=False):
        for s, value in zip(need(heat, "skills", "team.heatmap"), row, strict=False):
            own = credits.get(mid, {}).get(s["id"])
            if own is not None and abs(own - value) > 1e-3:
                yield f"heat map: {mid} × “{s['label']}” is {value:.3f}, their gap says {own:.3f}"
    items = need(need(answer, "plan", "answer"), "items", "plan")
    for mid, pathway in need(answer, "pathways", "answer").items():
        takes = sorted(i["credential"]["id"] for i in items if mid in i["takers"])
        if sorted(need(pathway, "order", f"pathways[{mid}]")) != takes:
            yield f"{mid}'s pathway {pathway['order']} is not the plan's credentials they take {takes}"


# --- rule 7: how the role was read -------------------------------------------------------------
@rule
def role_reading(answer: Mapping[str, Any], query: str | Sequence[Any], meant: Sequence[str] = ()) -> Iterator[str]:
    """The answer says how the role text was read; a title read below SURE_AT is marked not sure, and so
    is a reading that lands on another role than the ones the person ``meant`` (when the persona says)."""
    if "plan" in answer:
        for n, r in enumerate(need(answer, "roles", "answer")):
            read = r.get("read_as")
            if not read:
                yield f"{MISSING}roles[{n}].read_as (the team answer does not say how “{r.get('label')}” was read)"
            else:
                yield from role_reading({"role": r}, read.get("query", ""))
        return
    role = need(answer, "role", "answer")
    read = need(role, "read_as", "role")
    method, score = need(read, "method", "role.read_as"), need(read, "score", "role.read_as")
    sure, note = need(read, "sure", "role.read_as"), need(read, "note", "role.read_as")
    label = need(role, "label", "role")
    if need(read, "query", "role.read_as") != query:
        yield f"read_as.query “{read['query']}” is not the request's “{query}”"
    if method == "title" and sure != (score >= SURE_AT):
        yield f"“{query}” read as “{label}” at {score:.2f} is marked {'sure' if sure else 'not sure'}"
    if method == "label" and norm(str(query)) != norm(label):
        yield f"“{query}” is said to be read as the label of “{label}” (sure, score {score}), but it is not that label"
    if method == "id" and query != role.get("id"):
        yield f"“{query}” is said to be read as an id but the role's id is {role.get('id')}"
    if label not in note:
        yield f"the reading's note “{note}” does not name the role “{label}”"
    if meant and sure and label not in meant:
        yield (f"“{query}” read as “{label}” ({method}, {score:.2f}) is marked sure, but the person meant "
               f"{' or '.join(meant)}: a loose reading not flagged")
    if not sure and "check" not in note:
        yield f"“{query}” read as “{label}” is not sure, but the note does not ask to check it"


# --- rule 8: constraints -----------------------------------------------------------------------
def refusals(cred: Mapping[str, Any], c: Mapping[str, Any]) -> list[str]:
    """Why one credential breaks the per-credential constraints ``c`` (as in a request)."""
    out = []
    formats = {f for f in c.get("formats") or [] for f in (("online_self_paced", "online_live") if f == "online" else (f,))}
    cost, hours = cred.get("cost"), cred.get("hours")
    if c.get("free_only") and cost != 0:
        out.append(f"not free ({cost_text(cost, cred.get('currency', ''))})")
    if c.get("levels") and cred.get("level") not in c["levels"]:
        out.append(f"level {cred.get('level')} not in {c['levels']}")
    if formats and cred.get("format") not in formats:
        out.append(f"format {cred.get('format')} not in {sorted(formats)}")
    languages = {lang.lower().split("-")[0] for lang in c.get("languages") or []}
    if languages and str(cred.get("language") or "").lower().split("-")[0] not in languages:
        out.append(f"language {cred.get('language')} not in {sorted(languages)}")
    providers = {p.casefold() for p in c.get("providers_include") or []}
    if providers and str(cred.get("provider")).casefold() not in providers:
        out.append(f"provider {cred.get('provider')} not asked for")
    if str(cred.get("provider")).casefold() in {p.casefold() for p in c.get("providers_exclude") or []}:
        out.append(f"provider {cred.get('provider')} excluded")
    if c.get("max_cost") is not None and cost is None:
        out.append("price unknown under a budget")
    elif c.get("max_cost") is not None and cred.get("currency") == c.get("currency", "EUR") and cost > c["max_cost"]:
        out.append(f"costs {cost_text(cost, cred['currency'])} alone, over the budget {c['max_cost']:g}")
    if c.get("max_hours") is not None and (hours is None or hours > c["max_hours"]):
        out.append(f"{'unknown' if hours is None else f'{hours:g}'} hours, over the {c['max_hours']:g} allowed")
    return out


@rule
def within_constraints(answer: Mapping[str, Any], request: Mapping[str, Any]) -> Iterator[str]:
    """Picks (and the alternatives offered) keep to the constraints asked for; totals keep to the budget and hours."""
    c = request.get("constraints") or {}
    if "plan" in answer:
        yield from _team_constraints(answer, c)
        return
    picks = [need(s, "credential", "recommendations[]") for s in need(answer, "recommendations", "answer")]
    for where, creds in [("pick", picks), *((k, [a["credential"] for a in answer.get(k) or []])
                                           for k in ("alternatives", "free_options"))]:
        for cred in creds:
            yield from (f"{where} “{cred['title']}”: {why}" for why in refusals(cred, c))
    totals = need(answer, "totals", "answer")
    if c.get("max_cost") is not None and picks:
        total = totals.get("cost_in_currency")
        if total is None:
            yield "the total cost of the picks is unknown under a budget"
        elif total > c["max_cost"] + 1e-6:
            yield f"the picks cost {total:g} {totals.get('currency')}, over the budget {c['max_cost']:g}"
    if c.get("max_hours") is not None and need(totals, "hours", "totals") > c["max_hours"] + 1e-6:
        yield f"the picks take {totals['hours']:g} hours, over the {c['max_hours']:g} allowed"
    applied = need(answer, "constraints", "answer")
    for key in ("max_cost", "max_hours", "free_only"):
        if key in c and applied.get(key) != c[key]:
            yield f"constraint {key} asked {c[key]!r} but applied {applied.get(key)!r}"


def _team_constraints(answer: Mapping[str, Any], c: Mapping[str, Any]) -> Iterator[str]:
    plan = need(answer, "plan", "answer")
    hours: dict[str, float] = {}
    for item in need(plan, "items", "plan"):
        cred = need(item, "credential", "plan.items[]")
        per_member = {k: v for k, v in c.items() if k != "max_hours"}  # max_hours bounds each member's own set
        yield from (f"plan “{cred['title']}”: {why}" for why in refusals(cred, per_member))
        for mid in item["takers"]:
            hours[mid] = hours.get(mid, 0.0) + (cred.get("hours") or 0.0)
    if c.get("max_cost") is not None:
        total = plan.get("total_cost")
        if total is None and plan["items"]:
            yield "the plan's total cost is unknown under a budget"
        elif total is not None and total > c["max_cost"] + 1e-6:
            yield f"the plan costs {total:g} {plan.get('currency')}, over the team budget {c['max_cost']:g}"
    if c.get("max_hours") is not None:
        for mid, h in sorted(hours.items()):
            if h > c["max_hours"] + 1e-6:
                yield f"{mid} is put down for {h:g} hours, over the {c['max_hours']:g} allowed each"


# --- running -----------------------------------------------------------------------------------
class Server:
    """``skillmatch serve`` on a free port against ``data_dir``, with a fresh API key; stopped on exit."""

    def __init__(self, data_dir: Path, timeout: float) -> None:
        self.data_dir, self.timeout = data_dir.resolve(), timeout
        self.key = secrets.token_hex(16)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="review-serve-", suffix=".log", delete=False)  # noqa: SIM115
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        env = dict(os.environ, SKILLMATCH_API_KEYS=self.key, SKILLMATCH_DATA_DIR=str(self.data_dir), HF_HUB_OFFLINE="1")
        skillmatch = Path(sys.executable).with_name("skillmatch")
        self.proc = subprocess.Popen([str(skillmatch), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                                     cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        print(f"started skillmatch serve (pid {self.proc.pid}) on {self.url}, data {self.data_dir}",
              file=sys.stderr)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                if httpx.get(f"{self.url}/readyz", timeout=5).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(1)
        tail = Path(self.log.name).read_text(errors="replace")[-3000:]
        self.__exit__()
        sys.exit(f"the server did not get ready within {self.timeout:.0f} s:\n{tail}")

    def __exit__(self, *_: object) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


class Reviewer:
    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self.credentials: dict[str, dict[str, Any] | None] = {}
        self.profiles: dict[str, dict[str, Any]] = {}
        self.catalog_ids: list[str] = []

    def credential(self, cid: str) -> dict[str, Any] | None:
        if cid not in self.credentials:
            r = self.client.get("/v1/credentials/by-id", params={"id": cid})
            self.credentials[cid] = r.json() if r.status_code == 200 else None
        return self.credentials[cid]

    def profile(self, role_id: str) -> dict[str, Any]:
        if role_id not in self.profiles:
            r = self.client.get("/v1/roles/by-id", params={"id": role_id})
            self.profiles[role_id] = r.json() if r.status_code == 200 else {"id": role_id, "error": r.status_code}
        return self.profiles[role_id]

    def load_catalog_ids(self) -> None:
        offset = 0
        while True:
            page = self.client.get("/v1/credentials", params={"limit": 1000, "offset": offset}).json()
            self.catalog_ids += [c["id"] for c in page["items"]]
            offset += len(page["items"])
            if not page["items"] or offset >= page["total"]:
                return

    def check(self, answer: dict[str, Any], request: Mapping[str, Any], meant: Sequence[str] = ()) -> dict[int, list[str]]:
        """Every rule that applies to the answer (rule 1 runs on role profiles, see ``role_entries``)."""
        known = [*self.catalog_ids, *(x["credential"]["id"] for x in answer.get("recommendations") or [])]
        found: dict[int, list[str]] = {5: no_raw_ids(answer, known)}
        found[2] = covers_minimum(answer)
        found[3] = nothing_held_again(answer, request)
        found[8] = within_constraints(answer, request)
        if "plan" in answer:
            found[6] = team_counts(answer)
            found[7] = role_reading(answer, request.get("target", ""))
        elif "recommendations" not in answer:  # the gap alone: nothing picked
            found = {n: found[n] for n in (3, 5)}
            found[7] = role_reading(answer, request.get("target_role", ""), meant)
        else:
            found[7] = role_reading(answer, request.get("target_role", ""), meant)
            for step in (answer.get("pathway") or {}).get("steps") or []:
                record = self.credential(step["credential"]["id"])
                for pre in (record or {}).get("prerequisites", []):
                    self.credential(pre)
            labels = {t["id"]: t["label"] for rec in self.credentials.values() for t in (rec or {}).get("skills", [])}
            labels |= {g["id"]: g["label"] for g in (answer.get("gap") or {}).get("skills", [])}
            found[4] = prerequisites_met(answer, self.credentials, request, labels)
        return {n: found[n] for n in sorted(found)}

    def run(self, persona: Mapping[str, Any]) -> list[dict[str, Any]]:
        """One entry per answer: a learner or a team gives one, the advisor's batch one per learner."""
        kind = persona["kind"]
        request: dict[str, Any] = persona.get("request") or {}
        if "request_file" in persona:
            request = json.loads((REPO / persona["request_file"]).read_text())
        if kind == "batch":
            request = {"requests": [learner["request"] for learner in persona["learners"]]}
        path = {"learner": "/v1/recommendations", "gap": "/v1/gap", "team": "/v1/teams/gap",
                "batch": "/v1/recommendations/batch"}[kind]
        started = time.perf_counter()
        r = self.client.post(path, json=request)
        seconds = round(time.perf_counter() - started, 2)
        base = {"persona": persona["name"], "kind": kind, "who": persona["who"], "seconds": seconds}
        if r.status_code != 200:
            return [{**base, "request": request, "status": r.status_code, "error": r.json(), "violations": {}}]
        answer = r.json()
        if kind != "batch":
            violations = self.check(answer, request, persona.get("means", ()))
            return [{**base, "request": request, "status": 200, "answer": answer, "violations": violations}]
        out = []
        for item, learner in zip(answer["results"], persona["learners"], strict=True):
            sub = learner["request"]
            name = f"{persona['name']}[{item['index']}] {sub.get('learner_id') or ''}".strip()
            entry = {**base, "persona": name, "who": learner["who"], "request": sub, "status": item["status"]}
            if item["ok"]:
                out.append({**entry, "answer": item, "violations": self.check(item, sub, learner.get("means", ()))})
            else:
                out.append({**entry, "error": item["error"], "violations": {}})
        return out

    def role_entries(self, role_ids: Iterable[str]) -> list[dict[str, Any]]:
        out = []
        for role_id in dict.fromkeys(role_ids):
            p = self.profile(role_id)
            if "error" in p:
                out.append({"role": role_id, "label": role_id, "postings": None, "status": p["error"], "violations": {}})
                continue
            top = [{k: s.get(k) for k in ("label", "postings", "prior", "weight")}
                   for s in p["skills"][:TOP_SKILLS] if _LANGUAGE.search(s["label"])]
            out.append({"role": role_id, "label": p["label"], "postings": p["postings"], "skills": len(p["skills"]),
                        "languages_in_top20": top, "violations": {1: languages_asked(p), 5: no_raw_ids(p)}})
        return out


def answer_roles(entry: Mapping[str, Any]) -> list[str]:
    answer = entry.get("answer") or {}
    if "team" in answer:
        return [r["id"] for r in answer["team"].get("roles") or []]
    return [answer["role"]["id"]] if answer.get("role") else []


# --- printing ----------------------------------------------------------------------------------
def _gaps(answer: Mapping[str, Any]) -> list[str]:
    if "team" in answer:
        return [f"{t['label']} {t['team_gap']:.2f} ({t['lacking']}/{t['needed_by']} lacking)"
                for t in answer["team"]["skills"][:5]]
    return [f"{g['label']} {g['gap_weight']:.2f}" for g in answer["gap"]["skills"][:5] if g["gap_weight"] > 0]


def _cost(entry: Mapping[str, Any]) -> str:
    answer = entry.get("answer") or {}
    if "plan" in answer:
        return cost_text(answer["plan"]["total_cost"], answer["plan"]["currency"])
    totals = answer.get("totals")
    if not totals:
        return "-"
    if totals.get("cost_in_currency") is not None:
        return cost_text(totals["cost_in_currency"], totals["currency"])
    return " + ".join(cost_text(v, k) for k, v in totals["cost"].items()) or "-"


def _role(answer: Mapping[str, Any]) -> str:
    if "team" in answer:
        return " + ".join(f"{r['headcount']} × {r['label']}" for r in answer["team"]["roles"])
    role = answer.get("role") or {}
    read = role.get("read_as") or {}
    sure = "sure" if read.get("sure") else "NOT SURE"
    how = f"{read.get('method')}, {read.get('score', 0):.2f}, {sure}" if read else "no reading"
    return f"“{read.get('query', '?')}” → {role.get('label')} [{how}], {role.get('postings')} postings"


def _picks(answer: Mapping[str, Any]) -> list[str]:
    lines = []
    if "plan" in answer:
        for item in answer["plan"]["items"]:
            c = item["credential"]
            cost = cost_text(item["cost"], answer["plan"]["currency"])
            lines.append(f"{item['rank']}. {c['title']} ({c['provider']}) — {cost} "
                         f"for {len(item['takers'])} takers, {c['hours'] or '?'} h each, {c['format']}")
            lines.append("     covers (members): " + _some([f"{s['label']} ({s['members']})" for s in item["skills"]]))
        return lines
    for s in answer.get("recommendations") or []:
        c = s["credential"]
        lines.append(f"{s['rank']}. {c['title']} ({c['provider']}) — {cost_text(c['cost'], c['currency'])}, "
                     f"{c['hours'] if c['hours'] is not None else '?'} h, {c['format']}, {c['level']}")
        lines.append("     covers (strength): " + (_some([f"{v['label']} ({v['strength']:.2f})" for v in s["covers"]]) or "-"))
    return lines


def _some(items: Sequence[str], most: int = 6) -> str:
    return ", ".join(items[:most]) + (f" and {len(items) - most} more" if len(items) > most else "")


def print_entry(entry: Mapping[str, Any]) -> None:
    print(f"\n== {entry['persona']}  ({entry['kind']}, {entry['seconds']} s)")
    print(f"   who:   {entry['who']}")
    if "error" in entry:
        error = entry["error"].get("error", entry["error"])
        print(f"   REFUSED {entry['status']}: {error.get('message')}")
        return
    answer = entry["answer"]
    print(f"   role:  {_role(answer)}")
    if "team" in answer:
        plan = answer["plan"]
        print(f"   team coverage {plan['coverage_before']:.2f} → {plan['coverage_after']:.2f}, {plan['seats']} seats")
    elif "coverage_before" in answer:
        print(f"   coverage {answer['coverage_before']:.2f} → {answer['coverage_after']:.2f}")
    else:
        print(f"   coverage {answer['coverage']:.2f} (gap only)")
    print("   top gaps: " + (" · ".join(_gaps(answer)) or "-"))
    picks = _picks(answer)
    if picks:
        print("   picks:")
        print("\n".join(f"     {line}" for line in picks))
    found = [(n, v) for n, vs in entry["violations"].items() for v in vs]
    print(f"   violations: {len(found) or 'none'}")
    for n, v in found:
        print(f"     [{n}] {v}")


def counts(violations: Mapping[int, Sequence[str]]) -> tuple[int, int]:
    """(violations, missing fields)."""
    missing = sum(1 for vs in violations.values() for v in vs if v.startswith(MISSING))
    return sum(len(vs) for vs in violations.values()) - missing, missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--personas", type=Path, default=Path(__file__).with_name("review_personas.json"))
    parser.add_argument("--persona", help="review only this persona (its name)")
    parser.add_argument("--url", help="review a running server instead of starting one")
    parser.add_argument("--api-key", default=os.environ.get("SKILLMATCH_REVIEW_API_KEY", ""), help="its key (teams)")
    parser.add_argument("--data-dir", type=Path, default=REPO / "var", help="data directory of the server started")
    parser.add_argument("--ready-timeout", type=float, default=600.0)
    parser.add_argument("--json", type=Path, help="write every answer, violation and total here")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any rule is violated")
    args = parser.parse_args()

    personas = json.loads(args.personas.read_text())["personas"]
    if args.persona:
        personas = [p for p in personas if p["name"] == args.persona]
        if not personas:
            sys.exit(f"no persona named {args.persona!r} in {args.personas}")
    server: Server | None = None
    if not args.url:
        if not (args.data_dir / "skillmatch.db").exists():
            sys.exit(f"{args.data_dir} holds no skillmatch.db: run `skillmatch setup` first")
        server = Server(args.data_dir, args.ready_timeout).__enter__()
    url, key = (server.url, server.key) if server else (args.url.rstrip("/"), args.api_key)
    try:
        with httpx.Client(base_url=url, timeout=600, headers={"X-API-Key": key} if key else {}) as client:
            reviewer = Reviewer(client)
            reviewer.load_catalog_ids()
            entries = [e for p in personas for e in reviewer.run(p)]
            role_ids = [r for e in entries for r in answer_roles(e)]
            if not args.persona:
                listed = client.get("/v1/roles", params={"limit": 1000}).json()["items"]
                role_ids = [r["id"] for r in listed] + role_ids
            roles = reviewer.role_entries(role_ids)
            ready = client.get("/readyz").json()
    finally:
        if server:
            server.__exit__()
    report(entries, roles, ready, url, args)


def _spread(hits: Sequence[tuple[str, str]], most: int = 3) -> list[tuple[str, str]]:
    """Up to ``most`` hits, from different answers first."""
    first = list({w: (w, v) for w, v in reversed(hits)}.values())[::-1]
    return (first + [h for h in hits if h not in first])[:most]


def report(entries: list[dict[str, Any]], roles: list[dict[str, Any]], ready: Any, url: str,
           args: argparse.Namespace) -> None:
    for entry in entries:
        print_entry(entry)
    rows = []
    for e in entries:
        answer = e.get("answer") or {}
        n, m = counts(e["violations"])
        picks = len(answer["plan"]["items"]) if "plan" in answer else len(answer.get("recommendations") or [])
        role = (" + ".join(r["label"] for r in answer["team"]["roles"]) if "team" in answer
                else (answer.get("role") or {}).get("label", f"refused {e['status']}"))
        rows.append((e["persona"], role[:40], picks, _cost(e), n, m))
    print()
    print_table(("persona", "role", "picks", "cost", "violations", "missing fields"), rows, title="answers")
    role_rows = [(r["label"][:40], r["postings"], ", ".join(f"{x['label']} ({x['postings']} postings, prior {x['prior']:g})"
                                                          for x in r.get("languages_in_top20", [])) or "-",
                  *counts(r["violations"])) for r in roles]
    print()
    print_table(("role profile", "postings", "languages in top 20", "violations", "missing fields"), role_rows,
                title="role profiles (rule 1; rule 5 on labels)")
    totals: dict[int, dict[str, Any]] = {}
    for number, title in RULES.items():
        hits = [(x.get("persona") or x["label"], v) for x in [*entries, *roles] for v in x["violations"].get(number, [])]
        broken = [(w, v) for w, v in hits if not v.startswith(MISSING)]
        totals[number] = {"rule": title, "violations": len(broken), "missing_fields": len(hits) - len(broken),
                          "where": len({w for w, _ in hits}),
                          "examples": [{"where": w, "violation": v} for w, v in _spread(broken or hits)]}
    print()
    print_table(("rule", "what", "violations", "missing fields", "answers or roles"),
                [(n, t["rule"], t["violations"], t["missing_fields"], t["where"]) for n, t in totals.items()],
                title="totals per rule")
    print("\nexamples per rule (up to three)")
    for n, t in totals.items():
        for x in t["examples"]:
            print(f"  [{n}] {x['where']}: {x['violation']}")
    everything = sum(t["violations"] + t["missing_fields"] for t in totals.values())
    if args.json:
        write_json(args.json, {
            "server": url, "ready": ready, "constants": {"covers_at_least": COVERS_AT_LEAST, "sure_at": SURE_AT,
                                                        "held_at": HELD_AT, "language_share": LANGUAGE_SHARE,
                                                        "language_postings": LANGUAGE_POSTINGS},
            "rules": RULES, "totals": totals, "entries": entries, "roles": roles,
        })
    if args.strict and everything:
        sys.exit(1)


if __name__ == "__main__":
    main()
