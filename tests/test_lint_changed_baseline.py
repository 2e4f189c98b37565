"""`lint --changed [REF]` (only what a change touches) and `--baseline` / `--write-baseline`
(problems already there hidden, matched by code, record id and field path, not by line)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from git_history import History

Cli = Callable[..., Any]
P1_01 = "records/findings/p1/p1-01.yaml"
P1_02 = "records/findings/p1/p1-02.yaml"


@pytest.fixture
def history(repo: Path) -> History:
    shutil.rmtree(repo / "records")
    return History(repo)


def codes(cli: Cli, *args: str) -> list[tuple[str, str]]:
    result = cli("lint", "--format", "json", *args)
    return [(d["path"], d["code"]) for d in json.loads(result.stdout)]


pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git (the history is made with it)")


def test_changed_reports_only_changed_files(history: History, cli: Cli) -> None:
    history.edit(P1_02, "due: 2023-06-30", "due: 30/06/2023")  # old problem, committed
    history.commit("a day-first date")
    history.edit(P1_01, "type: strength", "type: strenght")
    assert codes(cli, "--changed", "HEAD") == [(P1_01, "IK202")]
    assert sorted(codes(cli)) == [(P1_01, "IK202"), (P1_02, "IK202")]


def test_changed_includes_new_untracked_files(history: History, cli: Cli) -> None:
    history.write("records/centres/c3.yaml", "kind: centre\nid: c3\n")
    assert codes(cli, "--changed", "HEAD") == [("records/centres/c3.yaml", "IK201")]


def test_changed_reports_references_a_deletion_breaks(history: History, cli: Cli) -> None:
    (history.root / "records/centres/c2.yaml").unlink()
    assert sorted(codes(cli, "--changed", "HEAD")) == [
        (P1_01, "IK400"),
        ("records/plans/p1.yaml", "IK400"),
    ]


def test_changed_resolves_references_over_the_whole_repository(history: History, cli: Cli) -> None:
    history.edit(P1_01, "summary: Mở", "summary: Đã mở")
    assert codes(cli, "--changed", "HEAD") == []  # plan p1 and centres c1, c2 are found, unchanged


def test_changed_default_is_the_merge_base(history: History, cli: Cli) -> None:
    history.git("checkout", "-q", "-b", "topic")
    history.edit(P1_01, "type: strength", "type: strenght")
    history.commit("typo")
    assert codes(cli, "--changed") == [(P1_01, "IK202")]


def test_changed_with_an_unknown_revision_is_a_usage_error(history: History, cli: Cli) -> None:
    result = cli("lint", "--changed", "nowhere")
    assert result.exit_code == 2
    assert "revision 'nowhere' is not in this clone" in result.output


def test_baseline_hides_problems_already_there(history: History, cli: Cli, tmp_path: Path) -> None:
    history.edit(P1_02, "due: 2023-06-30", "due: 30/06/2023")
    baseline = tmp_path / "baseline.json"
    assert cli("lint", "--write-baseline", str(baseline)).exit_code == 0
    result = cli("lint", "--baseline", str(baseline))
    assert result.exit_code == 0
    assert "1 problem(s) hidden by the baseline" in result.output


def test_baseline_survives_lines_added_above(history: History, cli: Cli, tmp_path: Path) -> None:
    history.edit(P1_02, "due: 2023-06-30", "due: 30/06/2023")
    baseline = tmp_path / "baseline.json"
    cli("lint", "--write-baseline", str(baseline))
    history.edit(P1_02, "kind: finding\n", "# a comment\n\nkind: finding\ntags: [mới]\n")
    assert codes(cli, "--baseline", str(baseline)) == []


def test_baseline_survives_a_file_rename(history: History, cli: Cli, tmp_path: Path) -> None:
    history.edit(P1_02, "due: 2023-06-30", "due: 30/06/2023")
    baseline = tmp_path / "baseline.json"
    cli("lint", "--write-baseline", str(baseline))
    (history.root / P1_02).rename(history.root / "records/findings/p1-02.yaml")
    assert codes(cli, "--baseline", str(baseline)) == []


def test_baseline_shows_a_new_problem_of_the_same_code(history: History, cli: Cli, tmp_path: Path) -> None:
    history.edit(P1_02, "due: 2023-06-30", "due: 30/06/2023")
    baseline = tmp_path / "baseline.json"
    cli("lint", "--write-baseline", str(baseline))
    history.edit(P1_02, "done_on: 2023-06-15", "done_on: 15/06/2023")
    result = cli("lint", "--format", "json", "--baseline", str(baseline))
    (problem,) = json.loads(result.stdout)
    assert (problem["code"], problem["line"]) == ("IK202", 12)
    assert "done_on" in problem["message"]
    assert result.exit_code == 1


def test_baseline_file_names_code_record_and_field(history: History, cli: Cli, tmp_path: Path) -> None:
    history.edit("records/plans/p1.yaml", "date: 2022-11-25", "date: 25/11/2022")
    baseline = tmp_path / "baseline.json"
    cli("lint", "--write-baseline", str(baseline))
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["inspectkit_baseline"] == 1
    assert [(p["code"], p["record"], p["field"]) for p in data["problems"]] == [
        ("IK202", "p1", "visits[centre=c2].date")
    ]


def test_missing_baseline_file_is_a_usage_error(history: History, cli: Cli) -> None:
    result = cli("lint", "--baseline", "nowhere.json")
    assert result.exit_code == 2
    assert (
        "no such baseline file: write one with `inspectkit lint --write-baseline nowhere.json`"
        in result.output
    )


def test_baseline_that_is_not_one_is_a_usage_error(history: History, cli: Cli) -> None:
    (history.root / "b.json").write_text('{"problems": []}', encoding="utf-8")
    result = cli("lint", "--baseline", "b.json")
    assert result.exit_code == 2
    assert "not an inspectkit baseline" in result.output


def test_fix_with_changed_fixes_only_changed_files(history: History, cli: Cli) -> None:
    history.edit(P1_02, "due: 2023-06-30", "due: 30/06/2023")
    history.commit("an old day-first date")
    history.edit("records/plans/p1.yaml", "date: 2022-11-25", "date: 25/11/2022")
    cli("lint", "--changed", "HEAD", "--fix")
    assert "date: 2022-11-25" in (history.root / "records/plans/p1.yaml").read_text(encoding="utf-8")
    assert "due: 30/06/2023" in (history.root / P1_02).read_text(encoding="utf-8")


def test_changed_outside_git_is_a_usage_error(repo: Path, cli: Cli) -> None:
    result = cli("lint", "--changed")
    assert result.exit_code == 2
    assert "not in a git repository" in result.output


def test_junit_of_changed_lists_only_the_changed_files(history: History, cli: Cli) -> None:
    history.edit(P1_01, "type: strength", "type: strenght")
    junit = cli("lint", "--changed", "HEAD", "--format", "junit").stdout
    assert junit.count("<testcase ") == 1 and f'name="{P1_01}"' in junit
