"""Every command that edits an existing file (`finding set-status`, `fmt`, `new-delegation`'s plan
edit) goes through the one editing engine: lines it does not change keep their comments, quoting
and spacing; tabs, CRLF and CR line ends that lint accepts are handled."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import WriteFn, changed_lines
from inspectkit.linter import lint
from inspectkit.settings import load_settings
from query_fixtures import DELEGATION, F03, make_records

Cli = Callable[..., Any]
PLAN_PATH = "records/plans/2022-84-kh-dkt.yaml"
F03_PATH = "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-03.yaml"

# A plan as a person writes it: comments, extra spaces, both quote styles, a long line.
STYLED_PLAN = """\
# Kế hoạch kiểm tra: viết tay
kind: plan
id: 2022-84-kh-dkt
number:   '84-KH/ĐKT'     # số ký hiệu
issued: 2022-11-03
issuer: "Ban Tuyên giáo Tỉnh ủy Lạng Sơn"
title:   "Kiểm tra công tác đào tạo, bồi dưỡng năm 2022 tại các trung tâm chính trị cấp huyện"  # tiêu đề
topics:
    -   id: dao-tao      # nội dung 1
        title: 'Công tác đào tạo, bồi dưỡng'
    -   id: che-do
        title: Chế độ, chính sách
visits:
  - centre: ttct-dinh-lap
    date: 2022-11-24
  - centre: ttct-chi-lang
    date: 2022-11-25   # ngày làm việc thứ hai
status: draft

# cuối tệp
"""


def lint_codes(today: date = date(2023, 1, 1)) -> list[str]:
    return [
        f"{d.path}:{d.line}: {d.code} {d.message}" for d in lint(load_settings(), today=today).diagnostics
    ]


@pytest.fixture
def records(write: WriteFn, repo: Path) -> Path:
    make_records(write)
    return repo


def new_delegation(records: Path, cli: Cli) -> Any:
    """`new-delegation` for plan 2022-84-kh-dkt, whose delegation (written by make_records) is
    removed first: the command then sets `delegation:` in the plan's file."""
    (records / "records/delegations/2022-84-kh-dkt-doan.yaml").unlink()
    return cli(
        "new-delegation",
        "--no-input",
        "--plan",
        "2022-84-kh-dkt",
        "--member",
        "head:Nguyễn Trọng Sơn:Trưởng ban",
    )


def test_new_delegation_keeps_every_line_of_the_plan_it_does_not_change(
    records: Path, write: WriteFn, cli: Cli
) -> None:
    plan = write(PLAN_PATH, STYLED_PLAN.replace("status: draft", "delegation:\nstatus: draft"))
    before = plan.read_text(encoding="utf-8")
    result = new_delegation(records, cli)
    assert result.exit_code == 0, result.stderr
    removed, added = changed_lines(before, plan.read_text(encoding="utf-8"))
    assert (removed, added) == (["delegation:"], ["delegation: 2022-84-kh-dkt-doan"])


def test_new_delegation_keeps_the_comment_of_a_spaced_title(records: Path, write: WriteFn, cli: Cli) -> None:
    plan = write(PLAN_PATH, STYLED_PLAN)
    result = new_delegation(records, cli)
    assert result.exit_code == 0, result.stderr
    after = plan.read_text(encoding="utf-8")
    assert (
        'title:   "Kiểm tra công tác đào tạo, bồi dưỡng năm 2022 tại các trung tâm chính trị cấp huyện"  # tiêu đề\n'
        in after
    )
    removed, added = changed_lines(STYLED_PLAN, after)
    assert (removed, added) == ([], ["delegation: 2022-84-kh-dkt-doan"])


def test_set_status_keeps_every_line_it_does_not_change(records: Path, write: WriteFn, cli: Cli) -> None:
    styled = F03.replace("summary: Tiếp", "summary:   'Tiếp").replace(
        "chính trị\n", "chính trị'   # tóm tắt\n"
    )
    finding = write(F03_PATH, styled)
    result = cli("finding", "set-status", "2022-84-kh-dkt-03", "in-progress", "--on", "2023-07-01")
    assert result.exit_code == 0, result.stderr
    removed, added = changed_lines(styled, finding.read_text(encoding="utf-8"))
    assert removed == ["  status: open"]
    assert added == [
        "  status: in-progress",
        "  history:",
        "    - date: 2023-07-01",
        "      status: in-progress",
    ]


def test_fmt_keeps_comments_and_quoting(records: Path, write: WriteFn, cli: Cli) -> None:
    plan = write(PLAN_PATH, STYLED_PLAN)
    assert cli("fmt", PLAN_PATH).exit_code == 0
    after = plan.read_text(encoding="utf-8")
    for kept in (
        "# Kế hoạch kiểm tra: viết tay",
        "# số ký hiệu",
        "'84-KH/ĐKT'",
        '"Ban Tuyên giáo Tỉnh ủy Lạng Sơn"',
    ):
        assert kept in after
    assert "# cuối tệp" in after and "# tiêu đề" in after and "# nội dung 1" in after


# ----- tabs and line ends --------------------------------------------------------------------

TABBED = F03.replace("topic: dao-tao", "topic:\tdao-tao\t").replace("  status: open", "  status: open\t# mở")


def test_a_file_with_tabs_that_lint_passes_is_edited_by_set_status(
    records: Path, write: WriteFn, cli: Cli
) -> None:
    finding = write(F03_PATH, TABBED)
    assert lint_codes() == []
    result = cli("finding", "set-status", "2022-84-kh-dkt-03", "done", "--on", "2023-07-01")
    assert result.exit_code == 0, result.stderr
    after = finding.read_text(encoding="utf-8")
    assert "topic:\tdao-tao\t\n" in after  # an untouched line keeps its tabs
    assert lint_codes(date(2023, 7, 2)) == []


def test_a_plain_value_holding_a_tab_is_kept_by_set_status(records: Path, write: WriteFn, cli: Cli) -> None:
    text = F03.replace("summary: Tiếp tục", "summary: Tiếp\ttục")
    finding = write(F03_PATH, text)
    assert lint_codes() == []
    assert cli("finding", "set-status", "2022-84-kh-dkt-03", "done", "--on", "2023-07-01").exit_code == 0
    assert "summary: Tiếp\ttục" in finding.read_text(encoding="utf-8")


def test_a_file_with_tabs_that_lint_passes_is_formatted_by_fmt(
    records: Path, write: WriteFn, cli: Cli
) -> None:
    finding = write(F03_PATH, TABBED)
    result = cli("fmt", F03_PATH)
    assert result.exit_code == 0, result.stderr
    assert "\t" not in finding.read_text(encoding="utf-8").split("#")[0]
    assert lint_codes() == []


def test_a_plan_with_tabs_that_lint_passes_gets_its_delegation(
    records: Path, write: WriteFn, cli: Cli
) -> None:
    plan = write(PLAN_PATH, STYLED_PLAN.replace("issued: 2022-11-03", "issued:\t2022-11-03\t# ngày"))
    result = new_delegation(records, cli)
    assert result.exit_code == 0, result.stderr
    assert "issued:\t2022-11-03\t# ngày\n" in plan.read_text(encoding="utf-8")


def test_set_status_on_a_finding_holding_an_anchor_refuses_naming_the_file_not_not_found(
    records: Path, cli: Cli
) -> None:
    finding = records / F03_PATH
    anchored = F03.replace("owner: Ban Tuyên giáo", "owner: &own Ban Tuyên giáo")
    assert anchored != F03
    finding.write_text(anchored, encoding="utf-8")
    result = cli("finding", "set-status", "2022-84-kh-dkt-03", "done", "--on", "2023-07-01")
    assert result.exit_code == 1
    assert "not found" not in result.stderr
    assert f"{F03_PATH} has errors" in result.stderr
    assert finding.read_text(encoding="utf-8") == anchored
    lint = cli("lint", F03_PATH)
    assert "IK104" in lint.stdout


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["CRLF", "CR"])
def test_set_status_keeps_the_line_ends_of_the_file(records: Path, newline: str, cli: Cli) -> None:
    finding = records / F03_PATH
    finding.write_bytes(F03.replace("\n", newline).encode("utf-8"))
    assert cli("finding", "set-status", "2022-84-kh-dkt-03", "done", "--on", "2023-07-01").exit_code == 0
    raw = finding.read_bytes().decode("utf-8")
    assert raw.count(newline) == raw.count("\n" if newline == "\r\n" else "\r") == F03.count("\n") + 4
    if newline == "\r":
        assert "\n" not in raw


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["CRLF", "CR"])
def test_new_delegation_keeps_the_line_ends_of_the_plan(records: Path, newline: str, cli: Cli) -> None:
    plan = records / PLAN_PATH
    plan.write_bytes(STYLED_PLAN.replace("\n", newline).encode("utf-8"))
    result = new_delegation(records, cli)
    assert result.exit_code == 0, result.stderr
    raw = plan.read_bytes().decode("utf-8")
    assert raw.replace(newline, "\n") == STYLED_PLAN.replace(
        "visits:", "delegation: 2022-84-kh-dkt-doan\nvisits:"
    )


def test_fmt_check_shows_what_differs_in_line_ends(records: Path, cli: Cli) -> None:
    (records / "records/delegations/2022-84-kh-dkt-doan.yaml").write_bytes(
        DELEGATION.replace("\n", "\r\n").encode()
    )
    result = cli("fmt", "--check", "records/delegations/2022-84-kh-dkt-doan.yaml")
    assert result.exit_code == 1
    assert "-kind: delegation␍\n" in result.stdout
    assert "+kind: delegation\n" in result.stdout
