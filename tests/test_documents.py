"""The register of issued documents (FORMAT.md 1.1): listed, shown, and checked against the facts."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from inspectkit import digest
from inspectkit.repository import load_repository
from inspectkit.settings import Settings

Cli = Callable[..., Any]
BASE = Path(__file__).parent / "fixtures" / "lint" / "base"
CONCLUSION = "records/documents/p1/d1.yaml"


@pytest.fixture
def issued(repo: Path) -> Path:
    """The lint base records with a conclusion registered for plan p1, as `issue` writes it."""
    shutil.rmtree(repo / "records")
    shutil.copytree(BASE / "records", repo / "records")
    found = digest.digest(load_repository(Settings(root=repo)), "p1")
    path = repo / CONCLUSION
    path.parent.mkdir(parents=True)
    path.write_text(
        "kind: document\nid: d1\nplan: p1\ntype: conclusion\nnumber: 90-TB/BTGTU\n"
        f"issued: 2022-12-05\ndigest: {found}\n",
        encoding="utf-8",
    )
    return repo


def _change_summary(root: Path) -> None:
    path = root / "records/findings/p1/p1-01.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("theo quy định", "vượt kế hoạch"), encoding="utf-8"
    )


def _commit_records(root: Path) -> None:
    """A git repository whose one commit holds the records and the conclusion's register entry."""
    for args in (["init", "-q"], ["add", "records"], ["commit", "-q", "-m", "records and the conclusion"]):
        subprocess.run(
            [
                "git",
                "-c",
                "user.name=K",
                "-c",
                "user.email=k@example.org",
                "-c",
                "commit.gpgsign=false",
                *args,
            ],
            cwd=root,
            check=True,
            capture_output=True,
        )


def test_documents_are_listed_with_their_number_and_date(issued: Path, cli: Cli) -> None:
    result = cli("list", "documents")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split() == ["id", "number", "issued", "type", "plan", "centre"]
    assert "90-TB/BTGTU" in result.output and "2022-12-05" in result.output


def test_a_plan_shows_its_registered_documents(issued: Path, cli: Cli) -> None:
    result = cli("show", "p1")
    assert result.exit_code == 0, result.output
    assert "documents:\n  - id: d1\n    type: conclusion\n    number: 90-TB/BTGTU" in result.output


def test_a_document_shows_the_plan_it_was_made_from(issued: Path, cli: Cli) -> None:
    result = cli("show", "d1")
    assert result.exit_code == 0, result.output
    assert "refers to:\n  - field: plan\n    id: p1\n    kind: plan\n    number: 84-KH/ĐKT" in result.output


def test_a_registered_document_lints_clean(issued: Path, cli: Cli) -> None:
    result = cli("lint")
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


def test_without_git_ik510_says_it_cannot_tell_which_records_changed(issued: Path, cli: Cli) -> None:
    _change_summary(issued)
    result = cli("lint")
    assert f"{CONCLUSION}:7:9: IK510 warning: conclusion 90-TB/BTGTU issued 2022-12-05" in result.output
    assert "the records of plan p1 changed since (which ones git cannot tell)" in result.output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_with_git_ik510_names_the_records_that_changed(issued: Path, cli: Cli) -> None:
    _commit_records(issued)
    _change_summary(issued)
    result = cli("lint")
    assert "IK510" in result.output
    assert "changed since: p1-01:" in result.output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_with_git_ik510_names_a_visited_centre_whose_name_changed(issued: Path, cli: Cli) -> None:
    # a centre's file never names the plan: it is read back from git as one the plan visits
    _commit_records(issued)
    path = issued / "records/centres/c2.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Chi Lăng", "Lộc Bình"), encoding="utf-8")
    result = cli("lint")
    assert "changed since: c2:" in result.output, result.output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_with_git_a_status_change_is_no_change_of_facts(issued: Path, cli: Cli) -> None:
    _commit_records(issued)
    path = issued / "records/findings/p1/p1-02.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "status: done\n  done_on: 2023-06-15\n", "status: in-progress\n"
        ),
        encoding="utf-8",
    )
    result = cli("lint", "--today", "2023-01-01")
    assert "IK510" not in result.output, result.output
