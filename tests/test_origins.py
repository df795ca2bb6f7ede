"""Where imported records come from: each posting and credential carries its origin in parts
(file, line or index, format), and str(origin) is the text stored with it."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from skillmatch.adapters.loaders.catalog import load_catalog
from skillmatch.adapters.loaders.postings import load_postings
from skillmatch.core.catalog import Credential
from skillmatch.core.origin import Origin
from skillmatch.core.postings import JobPosting
from skillmatch.errors import Problem
from tests.conftest import DATA

CATALOG = DATA / "catalog"
POSTINGS = DATA / "postings"


def test_an_origin_reads_as_the_text_stored_with_a_record() -> None:
    assert str(Origin("a/courses.csv", line=4, format="csv")) == "a/courses.csv:4"
    assert str(Origin("a/badges.json", index=0, format="open_badges_2")) == "a/badges.json[0]"
    assert str(Origin("a/empty.jsonl")) == "a/empty.jsonl"
    origin = Origin("/tmp/upload-x/graph.jsonld", index=2, format="ctdl")
    assert origin.without_prefix("/tmp/upload-x/") == Origin("graph.jsonld", index=2, format="ctdl")
    assert origin.problem("is missing or empty", "ceterms:ownedBy") == Problem(
        "/tmp/upload-x/graph.jsonld", "is missing or empty", index=2, field="ceterms:ownedBy")


def test_records_without_a_prefix_keep_text_and_parts_together() -> None:
    origin = Origin("/tmp/upload-x/jobs.csv", line=3, format="csv")
    posting = JobPosting("p", "Cook", "Cooks.", source=str(origin), origin=origin).without_source_prefix("/tmp/upload-x/")
    assert (posting.source, posting.origin) == ("jobs.csv:3", Origin("jobs.csv", line=3, format="csv"))
    stored = Credential("c", "C", "P", source="kept.csv:2").without_source_prefix("/tmp/")
    assert (stored.source, stored.origin) == ("kept.csv:2", None)


@pytest.mark.parametrize(
    ("name", "first", "fmt"),
    [
        ("courses.csv", {"line": 2}, "csv"),
        ("courses.jsonl", {"line": 1}, "jsonl"),
        ("ob2-badgeclass.json", {"index": 0}, "open_badges_2"),
        ("ob3-achievement.json", {"index": 0}, "open_badges_3"),
        ("ob3-credential.json", {"index": 0}, "open_badges_3"),  # the credential wrapping the achievement
        ("ctdl-graph.jsonld", {"index": 2}, "ctdl"),
    ],
)
def test_each_credential_carries_where_and_how_it_was_read(name: str, first: dict[str, int], fmt: str) -> None:
    credentials = load_catalog([CATALOG / name])
    assert credentials[0].origin == Origin(str(CATALOG / name), format=fmt, **first)
    assert all(c.source == str(c.origin) for c in credentials)


def test_each_posting_carries_where_and_how_it_was_read(tmp_path: Path) -> None:
    record = {"title": "Cleaner", "description": "Cleans the offices."}
    lines = tmp_path / "lines.json"
    lines.write_text(json.dumps(record) + "\n" + json.dumps({**record, "id": "x-2"}) + "\n")
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps([{**record, "id": "x-3"}]))
    postings = load_postings([POSTINGS / "good.csv", POSTINGS / "good.jsonl", POSTINGS / "graph.jsonld", lines, plain])
    assert all(p.origin is not None and p.source == str(p.origin) for p in postings)
    formats = Counter((Path(p.origin.source).name, p.origin.format) for p in postings if p.origin is not None)
    assert formats == {("good.csv", "csv"): 3, ("good.jsonl", "jsonl"): 3, ("graph.jsonld", "json_ld"): 2,
                       ("lines.json", "jsonl"): 2, ("plain.json", "json"): 1}
    assert [(p.origin.line, p.origin.index) for p in postings[-3:] if p.origin] == [(1, None), (2, None), (None, 0)]


def test_an_origin_is_not_part_of_what_makes_two_records_equal() -> None:
    origin = Origin("a.csv", line=2, format="csv")
    credential = Credential("c", "C", "P", source=str(origin), origin=origin)
    assert replace(credential, origin=None) == credential
    assert len({credential, replace(credential, origin=None)}) == 1
