"""The traps a newcomer or a real user fell into with `init` and the `new-*` commands (issue 10,
items 11 and 12), each now handled."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import WriteFn
from inspectkit.answers import Answers
from inspectkit.authoring import Session, next_finding_id
from inspectkit.errors import Refused
from inspectkit.linter import lint
from inspectkit.repository import load_repository
from inspectkit.settings import load_settings
from query_fixtures import make_records

Cli = Callable[..., Any]
FINDINGS = "records/findings/2022-84-kh-dkt"
NEW_FINDING = [
    "new-finding",
    "--no-input",
    "--plan",
    "2022-84-kh-dkt",
    "--centre",
    "ttct-dinh-lap",
    "--topic",
    "dao-tao",
    "--type",
    "strength",
    "--summary",
    "Một ưu điểm",
]

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@needs_git
def test_a_deleted_findings_number_is_never_reused(repo: Path, write: WriteFn, cli: Cli) -> None:
    make_records(write)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "records")
    (repo / FINDINGS / "2022-84-kh-dkt-04.yaml").unlink()
    git(repo, "commit", "-qam", "finding 04 withdrawn")
    result = cli(*NEW_FINDING)
    assert result.exit_code == 0, result.stderr
    assert (repo / FINDINGS / "2022-84-kh-dkt-05.yaml").exists()
    assert not (repo / FINDINGS / "2022-84-kh-dkt-04.yaml").exists()


def test_a_plan_id_that_is_no_id_is_named_so_not_too_long(repo: Path, write: WriteFn) -> None:
    make_records(write)
    settings = load_settings()
    session = Session(settings, load_repository(settings), Answers(None), date(2023, 1, 1))
    with pytest.raises(Refused, match=r"plan id '\.\./x' is not a valid id"):
        next_finding_id(session, "../x")


def test_new_plan_refuses_one_centre_twice_on_one_day(repo: Path, write: WriteFn, cli: Cli) -> None:
    make_records(write)
    result = cli(
        "new-plan", "--no-input", "--number", "90-KH/ĐKT", "--issued", "2023-01-02", "--title", "T",
        "--topic", "A", "--visit", "ttct-dinh-lap:2023-01-10", "--visit", "ttct-dinh-lap:10/01/2023",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "centre ttct-dinh-lap is visited twice on 2023-01-10" in result.stderr


def test_new_plan_asks_again_for_a_day_the_centre_is_already_visited(
    repo: Path, write: WriteFn, cli: Cli
) -> None:
    make_records(write)
    answers = [
        "90-KH/ĐKT", "2023-01-02", "T", "", "", "A", "",
        "dinh lap", "y", "2023-01-10", "",  # first visit
        "dinh lap", "y", "2023-01-10",  # the same day again: refused
        "2023-01-11", "",  # another day
        "", "",  # no more centres; the plan id offered
    ]  # fmt: skip
    result = cli("new-plan", "--interactive", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "ttct-dinh-lap is already visited on 2023-01-10: give another date" in result.output
    plan = yaml.safe_load((repo / "records/plans/2023-90-kh-dkt.yaml").read_text(encoding="utf-8"))
    assert [v["date"] for v in plan["visits"]] == [date(2023, 1, 10), date(2023, 1, 11)]


def test_a_centre_to_create_on_the_spot_can_be_given_up(repo: Path, write: WriteFn, cli: Cli) -> None:
    make_records(write)
    answers = [
        "90-KH/ĐKT", "2023-01-02", "T", "", "", "A", "",
        "Văn Quan", "y",  # no centre matches: create it
        "-",  # changed my mind
        "dinh lap", "y", "2023-01-10", "",  # a centre that exists
        "", "",
    ]  # fmt: skip
    result = cli("new-plan", "--interactive", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "- to go back" in result.output
    assert not list((repo / "records/centres").glob("*van-quan*"))


def test_a_wrong_yes_no_answer_says_what_to_answer(repo: Path, write: WriteFn, cli: Cli) -> None:
    make_records(write)
    answers = [
        "90-KH/ĐKT", "2023-01-02", "T", "", "", "A", "",
        "dinh lap", "maybe", "có", "2023-01-10", "",
        "", "",
    ]  # fmt: skip
    result = cli("new-plan", "--interactive", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Answer y (yes, có) or n (no, không)." in result.output
    assert "invalid input" not in result.output


def test_the_type_question_names_the_vietnamese_types_too(repo: Path, write: WriteFn, cli: Cli) -> None:
    make_records(write)
    answers = ["2022-84-kh-dkt", "1", "", "1", "ưu điểm", "Một ưu điểm", "."]
    result = cli("new-finding", "--interactive", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "strength/ưu điểm" in result.output and "request/đề nghị" in result.output


def test_date_options_say_both_date_forms_they_accept(cli: Cli) -> None:
    assert "DD/MM/YYYY" in cli("finding", "set-status", "-h").stdout
    assert "DD/MM/YYYY" in cli("actions", "-h").stdout


# ----- init ----------------------------------------------------------------------------------


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_header_default_follows_the_organisations_name(here: Path, cli: Cli) -> None:
    result = cli("init", "--no-input", "--name", "Ban Tuyên giáo Tỉnh ủy Cao Bằng")
    assert result.exit_code == 0, result.output
    assert load_settings(here).organisation.header == ["TỈNH ỦY CAO BẰNG", "BAN TUYÊN GIÁO"]


@needs_git
def test_init_git_makes_a_git_repository(here: Path, cli: Cli) -> None:
    result = cli("init", "--no-input", "--git")
    assert result.exit_code == 0, result.output
    assert (here / ".git").is_dir()
    assert "git init" in result.output


@needs_git
def test_init_on_a_terminal_offers_to_make_a_git_repository(here: Path, cli: Cli) -> None:
    answers = ["", "", "", "", "y"]  # name, header, place, style: defaults; then git init: yes
    result = cli("init", "--interactive", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Make it a git repository (git init)?" in result.output
    assert (here / ".git").is_dir()


def test_init_without_git_says_how_to_make_one(here: Path, cli: Cli) -> None:
    result = cli("init", "--no-input")
    assert "not a git repository: run `git init` here" in result.output
    assert not (here / ".git").exists()


def test_a_git_ssh_address_is_installed_with_a_url_pip_accepts(here: Path, cli: Cli) -> None:
    cli("init", "--no-input", "--inspectkit-repo", "git@github.com:o/r.git")
    workflow = yaml.safe_load((here / ".github/workflows/inspectkit.yml").read_text(encoding="utf-8"))
    assert workflow["env"]["INSPECTKIT"].startswith("git+ssh://git@github.com/o/r.git@v")
    precommit = yaml.safe_load((here / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert precommit["repos"][0]["repo"] == "git@github.com:o/r.git"  # git clones it as given


@pytest.mark.parametrize("device", ["con", "nul", "aux", "com1", "lpt9"])
def test_a_windows_device_name_is_no_id(repo: Path, write: WriteFn, cli: Cli, device: str) -> None:
    make_records(write)
    result = cli("new-centre", "--no-input", "--name", "Trung tâm X", "--id", device)
    assert result.exit_code == 2
    assert f"'{device}' names a device on Windows" in result.stderr
    write(f"records/centres/{device}.yaml", f"kind: centre\nid: {device}\nname: Trung tâm X\n")
    (problem,) = lint(load_settings(), today=date(2023, 1, 1)).diagnostics
    assert problem.code == "IK300"
    assert "names a device on Windows" in problem.message


def test_a_topic_titled_like_a_device_gets_another_id(repo: Path, write: WriteFn, cli: Cli) -> None:
    make_records(write)
    result = cli(
        "new-plan", "--no-input", "--number", "90-KH/ĐKT", "--issued", "2023-01-02", "--title", "T",
        "--topic", "Con", "--visit", "ttct-dinh-lap:2023-01-10",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert lint(load_settings(), today=date(2023, 1, 1)).diagnostics == []


def test_stats_lists_the_topics_in_the_plans_order(repo: Path, write: WriteFn, cli: Cli) -> None:
    make_records(write)  # topics dao-tao, then che-do; two findings each
    result = cli("stats", "--format", "json", "--today", "2023-01-01")
    assert [t["topic"] for t in json.loads(result.stdout)["by_topic"]] == ["dao-tao", "che-do"]


@pytest.mark.parametrize("number", ["84-KH/ĐKT", "84/KH-ĐKT"], ids=["same form", "State form"])
def test_new_plan_refuses_a_number_lint_would_call_shared(
    repo: Path, write: WriteFn, cli: Cli, number: str
) -> None:
    make_records(write)  # plan 84-KH/ĐKT of 2022
    result = cli(
        "new-plan", "--no-input", "--number", number, "--issued", "2022-12-01", "--title", "T",
        "--topic", "A", "--visit", "ttct-dinh-lap:2022-12-10",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "is already used by plan 2022-84-kh-dkt" in result.stderr


@pytest.mark.parametrize("hidden", ["\u202e", "\u2066", "\u2028"])
def test_an_answer_with_a_hidden_character_is_refused_before_anything_is_written(
    repo: Path, write: WriteFn, cli: Cli, hidden: str
) -> None:
    make_records(write)
    result = cli("new-centre", "--no-input", "--name", f"Trung tâm{hidden} X", "--id", "ttct-x")
    assert result.exit_code == 2
    assert f"(U+{ord(hidden):04X})" in result.stderr
    assert not (repo / "records/centres/ttct-x.yaml").exists()
    init = cli("init", "elsewhere", "--no-input", "--name", f"Ban{hidden} X")
    assert init.exit_code == 2
    assert not (repo / "elsewhere/inspectkit.toml").exists()
