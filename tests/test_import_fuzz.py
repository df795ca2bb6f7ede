"""Importer fuzzing: broken postings and catalog files give a located error, never a crash.

Every sample file the importers read (CSV, JSON Lines, JSON-LD, JSON lists, Open Badges 2 and
3, CTDL) is broken the ways files arrive broken: cut short, bytes changed, inserted or dropped, a
value swapped for one of another type, a line repeated (duplicate ids), a huge field, another
encoding. Reading it must either give records or raise ``DataFormatError`` naming the file and
where in it (line, index or field) — no other exception. An import of a broken file through the
engine must leave the store as it was.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillmatch.adapters.loaders.catalog import load_catalog
from skillmatch.adapters.loaders.postings import load_postings
from skillmatch.errors import DataFormatError, ImportRejected
from tests.api_support import CATALOG, POSTINGS, copy_ready

pytest_plugins = ["tests.api_fixtures"]  # fixtures: ready_template

POSTING_FILES = ["good.csv", "good.jsonl", "graph.jsonld", "list.json", "single.jsonld", "mapped.csv"]
CATALOG_FILES = ["courses.csv", "courses.jsonl", "ctdl-certificate.json", "ctdl-graph.jsonld", "ob2-badgeclass.json",
                 "ob3-achievement.json", "ob3-credential.json", "ob3-list.json", "foreign-courses.csv", "ctdl-course-parts.jsonld"]
FILE_LEVEL = ("not UTF-8", "encoding", "not valid JSON", "JSON", "holds no", "empty", "header", "XML", "cannot be read",
              "too large", "too long", "unknown file type")


def _swap_value(data: bytes, draw: st.DrawFn) -> bytes:
    """A JSON value replaced by one of another type (for JSON files), else bytes as they are."""
    try:
        doc = json.loads(data)
    except ValueError:
        return data
    replacement = draw(st.sampled_from([None, 0, -1, 1e308, True, "", [], {}, [None], {"@id": None}, "x" * 50]))
    nodes: list[tuple[object, object]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key in list(node):
                nodes.append((node, key))
                walk(node[key])
        elif isinstance(node, list):
            for i in range(len(node)):
                nodes.append((node, i))
                walk(node[i])

    walk(doc)
    if not nodes:
        return data
    parent, key = nodes[draw(st.integers(0, len(nodes) - 1))]
    parent[key] = replacement  # type: ignore[index]
    return json.dumps(doc).encode()


@st.composite
def broken(draw: st.DrawFn, data: bytes) -> bytes:
    how = draw(st.sampled_from(["cut", "flip", "insert", "drop", "swap", "repeat", "huge", "encoding", "bom"]))
    at = draw(st.integers(0, max(0, len(data) - 1)))
    if how == "cut":
        return data[:at]
    if how == "flip":
        return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    if how == "insert":
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    if how == "drop":
        return data[:at] + data[at + draw(st.integers(1, 40)):]
    if how == "swap":
        return _swap_value(data, draw)
    if how == "repeat":
        lines = data.splitlines(keepends=True)
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        return b"".join(lines[: i + 1] + lines[i:]) if lines else data
    if how == "huge":
        return data[:at] + b"y" * 300_000 + data[at:]
    if how == "encoding":
        return data.decode("utf-8", "replace").encode(draw(st.sampled_from(["utf-16", "latin-1", "cp1252"])), "replace")
    return b"\xef\xbb\xbf" + data


def _read(loader: str, name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            if loader == "postings":
                load_postings([path])
            else:
                load_catalog([path])
        except DataFormatError as exc:
            problems = exc.all_problems if isinstance(exc, ImportRejected) else [exc.problem]
            assert problems
            for p in problems:
                assert Path(p.source).name == name, (p, data[:200])
                located = p.line is not None or p.index is not None or p.field is not None
                assert located or any(w in p.reason for w in FILE_LEVEL), (str(p), data[:200])


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_broken_postings_files_give_a_located_error_never_a_crash(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(POSTING_FILES))
    _read("postings", name, data.draw(broken((POSTINGS / name).read_bytes())))


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_broken_catalog_files_give_a_located_error_never_a_crash(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(CATALOG_FILES))
    _read("catalog", name, data.draw(broken((CATALOG / name).read_bytes())))


@pytest.mark.parametrize("kind", ["postings", "catalog"])
def test_an_import_of_a_broken_file_leaves_the_store_as_it_was(
    kind: str, ready_template: Path, tmp_path: Path
) -> None:
    engine = copy_ready(ready_template, tmp_path / "data")
    count = engine.storage.credential_count if kind == "catalog" else (lambda: engine.storage.posting_count()[0])
    before = count()
    source = (CATALOG / "courses.jsonl") if kind == "catalog" else (POSTINGS / "good.jsonl")
    lines = source.read_bytes().splitlines(keepends=True)
    good = tmp_path / f"a{source.suffix}"
    bad = tmp_path / f"b{source.suffix}"
    good.write_bytes(b"".join(lines).replace(b'"id": "', b'"id": "new-'))
    bad.write_bytes(lines[0][: len(lines[0]) // 2] + b"\n")  # a record cut in half
    with pytest.raises(DataFormatError) as caught:
        (engine.import_catalog if kind == "catalog" else engine.import_postings)([good, bad])
    assert any(Path(p.source).name == bad.name for p in getattr(caught.value, "all_problems", [caught.value.problem]))
    assert count() == before  # the good file did not land either
