from __future__ import annotations

import json

import pytest
import typer.main
from typer.testing import CliRunner

from skillmatch import cli
from skillmatch.service import Engine
from tests.conftest import DATA
from tests.fakes import FakeEncoder

runner = CliRunner()


@pytest.fixture
def fake_engine(settings, monkeypatch: pytest.MonkeyPatch) -> Engine:  # type: ignore[no-untyped-def]
    encoder = FakeEncoder()
    monkeypatch.setattr(cli.common, "engine", lambda **_: Engine(settings, encoder=encoder))
    return Engine(settings, encoder=encoder)


def _commands(group, prefix: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))


def test_every_command_has_help() -> None:
    root = typer.main.get_command(cli.app)
    paths = list(_commands(root))
    assert {
        ("taxonomy", "import"),
        ("taxonomy", "info"),
        ("skills", "search"),
        ("setup",),
        ("index", "build"),
    } <= {p for p, _ in paths}
    for path, command in paths:
        assert (command.help or "").strip(), f"{' '.join(path)} has no help text"
        result = runner.invoke(cli.app, [*path, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage" in result.output


def test_import_info_and_search_as_json(fake_engine: Engine) -> None:
    result = runner.invoke(
        cli.app, ["taxonomy", "import", "esco", str(DATA / "esco_mini"), "--version", "v9"]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli.app, ["taxonomy", "info", "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert (info["skills"], info["occupations"], info["relations"], info["version"]) == (8, 2, 6, "v9")
    assert info["index"]["up_to_date"] is True
    result = runner.invoke(cli.app, ["skills", "search", "python programming", "--top", "3", "--json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) == 3
    assert hits[0] == {
        "id": "http://data.europa.eu/esco/skill/aaaa0001",
        "label": "Python (computer programming)",
        "score": hits[0]["score"],
        "matched": "python programming",
        "matched_kind": "alt_label",
    }


def test_table_output_lists_labels(fake_engine: Engine) -> None:
    runner.invoke(cli.app, ["taxonomy", "import", "esco", str(DATA / "esco_mini")])
    result = runner.invoke(cli.app, ["skills", "search", "teach mathematics"])
    assert result.exit_code == 0
    assert "teach mathematics" in result.stdout


def test_bad_file_exits_non_zero_naming_file_line_and_column(fake_engine: Engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "skills.csv"
    bad.write_text("id,label,alt_labels,description\nx,,,\n")
    result = runner.invoke(cli.app, ["taxonomy", "import", "csv", str(bad)])
    assert result.exit_code == 2
    assert f"{bad} line 2 field 'label': is empty" in " ".join(result.stderr.split())


def test_search_without_setup_explains_the_fix(fake_engine: Engine) -> None:
    result = runner.invoke(cli.app, ["skills", "search", "python"])
    assert result.exit_code == 1
    assert "skillmatch setup" in result.stderr


def test_skills_extract_from_text_and_file(fake_engine: Engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner.invoke(cli.app, ["taxonomy", "import", "esco", str(DATA / "esco_mini")])
    result = runner.invoke(
        cli.app, ["skills", "extract", "--text", "You will use SQL and statistics.", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    sql = next(s for s in data["skills"] if s["label"] == "SQL")
    assert sql["id"].endswith("aaaa0002") and sql["evidence"][0]["text"] == "SQL"
    assert sql["evidence"][0]["start"] == 13 and 0 <= sql["score"] <= 1
    cv = tmp_path / "cv.txt"
    cv.write_text("Taught mathematics for ten years.")
    assert runner.invoke(cli.app, ["skills", "extract", "--file", str(cv)]).exit_code == 0
    both = runner.invoke(cli.app, ["skills", "extract", "--file", str(cv), "--text", "x"])
    assert both.exit_code == 2


def test_eval_extraction_prints_json_with_all_methods(fake_engine: Engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner.invoke(cli.app, ["taxonomy", "import", "esco", str(DATA / "esco_mini")])
    path = tmp_path / "gold.csv"
    path.write_text("sentence,span,sub_span,label\nYou write SQL daily,SQL,,SQL\n")
    result = runner.invoke(cli.app, ["eval", "extraction", str(path), "--baseline", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"ours", "baseline_label", "baseline_ese"} <= set(data)
    assert {"rp@1", "rp@5", "rp@10", "mrr", "n"} <= set(data["ours"])
    table = runner.invoke(cli.app, ["eval", "extraction", str(path)])
    assert table.exit_code == 0 and "RP@5" in table.stdout
