"""`inspectkit issue` and the documents register: drafts until registered, then the register's
number, date and signer; what `issue` refuses, and that it never overwrites."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

Write = Callable[[str, str], Path]
Cli = Callable[..., Any]

PLAN = """\
kind: plan
id: p1
number: 05-KH/BTG
issued: 2024-03-01
issuer: Ban Tuyên giáo Huyện ủy An Bình
place: An Bình
title: Kiểm tra công tác bồi dưỡng năm 2024
topics: [{id: t1, title: Công tác bồi dưỡng}]
delegation: d1
visits:
  - {centre: c1, date: 2024-03-10}
  - {centre: c2, date: 2024-03-12, end: 2024-03-13}
signer: {name: Trần Thị Hai, position: Phó Trưởng Ban, authority: K/T TRƯỞNG BAN}
recipients: [Thường trực Huyện ủy]
"""
DELEGATION = """\
kind: delegation
id: d1
plan: p1
decision: {number: 06-QĐ/BTG, issued: 2024-03-05}
members:
  - {name: Nguyễn Văn Một, role: head, position: Trưởng Ban Tuyên giáo Huyện ủy}
  - {name: {secretary}, role: secretary, position: Chuyên viên}
"""
FINDING = """\
kind: finding
id: f1
plan: p1
centres: [c1]
topic: t1
type: request
summary: {summary}
action: {{owner: Huyện ủy An Bình, due: 2024-06-30, status: {status}}}
"""


@pytest.fixture
def records(write: Write) -> Write:
    write("records/plans/p1.yaml", PLAN)
    write("records/delegations/d1.yaml", DELEGATION.replace("{secretary}", "Phạm Văn Bốn"))
    write("records/centres/c1.yaml", "kind: centre\nid: c1\nname: Trung tâm Chính trị huyện An Bình\n")
    write("records/centres/c2.yaml", "kind: centre\nid: c2\nname: Trung tâm Chính trị huyện Bình An\n")
    write("records/findings/f1.yaml", FINDING.format(summary="Bổ sung giảng viên kiêm chức", status="open"))
    return write


def entries(repo: Path) -> list[Path]:
    return sorted((repo / "records").rglob("documents/**/*.yaml"))


def test_an_unregistered_conclusion_is_a_draft_with_blanks_for_the_clerk(records: Write, cli: Cli) -> None:
    result = cli("report", "p1", "--kind", "conclusion", "--today", "2025-01-01")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("**DỰ THẢO**\n")
    assert "Số\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-TB/BTG |" in out
    assert (
        "An Bình, ngày\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0tháng\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0năm 2024*"
        in out
    )
    assert "2025" not in out  # never the computer's clock


def test_report_says_on_stderr_that_it_made_a_draft_and_how_to_register_it(records: Write, cli: Cli) -> None:
    result = cli("report", "p1", "--kind", "minutes", "--centre", "c1")
    assert "made a draft (DỰ THẢO) of the minutes" in result.stderr
    assert "inspectkit issue p1 --kind minutes --centre c1 --number N --on YYYY-MM-DD" in result.stderr


def test_the_plan_and_decision_carry_their_own_number_and_date(records: Write, cli: Cli) -> None:
    out = cli("report", "p1", "--kind", "decision").stdout
    assert "DỰ THẢO" not in out
    assert "Số 06-QĐ/BTG" in out and "ngày 05 tháng 3 năm 2024" in out


def test_issue_writes_the_register_entry_with_the_digest(records: Write, cli: Cli, repo: Path) -> None:
    from inspectkit.digest import digest
    from inspectkit.repository import load_repository
    from inspectkit.settings import load_settings

    result = cli("issue", "p1", "--kind", "conclusion", "--number", "12-TB/BTG", "--on", "2024-03-20")
    assert result.exit_code == 0, result.output
    [path] = entries(repo)
    assert path.relative_to(repo).as_posix() == "records/documents/p1/p1-conclusion.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert {k: data[k] for k in ("kind", "plan", "type", "number")} == {
        "kind": "document",
        "plan": "p1",
        "type": "conclusion",
        "number": "12-TB/BTG",
    }
    assert str(data["issued"]) == "2024-03-20"
    assert data["digest"] == digest(load_repository(load_settings()), "p1")
    lint = cli("lint")
    assert lint.exit_code == 0, lint.output


def test_a_registered_document_prints_the_registers_number_date_and_signer(records: Write, cli: Cli) -> None:
    cli(
        "issue", "p1", "--kind", "conclusion", "--number", "12-TB/BTG", "--on", "2024-03-20",
        "--signer", "Lê Văn Ba", "--signer-position", "Trưởng Ban", "--signer-authority", "T/M BAN THƯỜNG VỤ",
    )  # fmt: skip
    result = cli("report", "p1", "--kind", "conclusion")
    out = result.stdout
    assert "DỰ THẢO" not in out and "made a draft" not in result.stderr
    assert "Số 12-TB/BTG |" in out
    assert "An Bình, ngày 20 tháng 3 năm 2024" in out
    assert "**T/M BAN THƯỜNG VỤ**<br>**TRƯỞNG BAN**<br><br><br>**Lê Văn Ba**" in out
    assert "Trần Thị Hai" not in out


def test_minutes_are_registered_per_centre(records: Write, cli: Cli) -> None:
    args = ("--number", "03-BB/BTG", "--on", "2024-03-10")
    assert cli("issue", "p1", "--kind", "minutes", "--centre", "c1", *args).exit_code == 0
    assert "DỰ THẢO" not in cli("report", "p1", "--kind", "minutes", "--centre", "c1").stdout
    assert "DỰ THẢO" in cli("report", "p1", "--kind", "minutes", "--centre", "c2").stdout


def test_issue_never_overwrites_an_entry(records: Write, cli: Cli, repo: Path) -> None:
    args = ("issue", "p1", "--kind", "conclusion", "--number", "12-TB/BTG", "--on", "2024-03-20")
    assert cli(*args).exit_code == 0
    [path] = entries(repo)
    before = path.read_bytes()
    again = cli("issue", "p1", "--kind", "conclusion", "--number", "13-TB/BTG", "--on", "2024-03-21")
    assert again.exit_code == 1
    assert "never overwritten" in again.stderr
    assert path.read_bytes() == before


def test_issue_refuses_records_with_lint_errors_and_writes_nothing(
    records: Write, cli: Cli, repo: Path
) -> None:
    records(
        "records/findings/f2.yaml",
        FINDING.format(summary="x", status="open")
        .replace("id: f1", "id: f2")
        .replace("topic: t1", "topic: nope"),
    )
    result = cli("issue", "p1", "--kind", "conclusion", "--number", "12-TB/BTG", "--on", "2024-03-20")
    assert result.exit_code == 1
    assert "lint errors" in result.stderr and "IK403" in result.stderr
    assert entries(repo) == []


def test_issue_refuses_a_document_that_would_print_a_placeholder_naming_each(
    records: Write, cli: Cli, repo: Path
) -> None:
    records("records/delegations/d1.yaml", DELEGATION.replace("{secretary}", "'[Chưa rõ tên]'"))
    result = cli(
        "issue", "p1", "--kind", "minutes", "--centre", "c1", "--number", "03-BB/BTG", "--on", "2024-03-10"
    )
    assert result.exit_code == 1
    assert "records/delegations/d1.yaml:7: '[Chưa rõ tên]'" in result.stderr
    assert entries(repo) == []


def test_a_placeholder_the_document_does_not_print_does_not_block_it(records: Write, cli: Cli) -> None:
    records("records/delegations/d1.yaml", DELEGATION.replace("{secretary}", "'[Chưa rõ tên]'"))
    result = cli("issue", "p1", "--kind", "conclusion", "--number", "12-TB/BTG", "--on", "2024-03-20")
    assert result.exit_code == 0, result.output  # the conclusion names no member


def test_issue_refuses_a_date_before_what_the_document_reports(records: Write, cli: Cli, repo: Path) -> None:
    result = cli("issue", "p1", "--kind", "summary", "--number", "04-BC/BTG", "--on", "2024-03-11")
    assert result.exit_code == 1
    assert "IK511" in result.stderr
    assert entries(repo) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "minutes", "--number", "03-BB/BTG"], "--centre"),
        (["--kind", "conclusion", "--centre", "c1", "--number", "12-TB/BTG"], "--centre"),
        (["--kind", "conclusion"], "--number"),
        (["--kind", "conclusion", "--number", "Số 12 TB"], "not a document number"),
        (["--kind", "memo", "--number", "12-TB/BTG"], "unknown report kind"),
        (["--kind", "conclusion", "--number", "12-TB/BTG", "--file", "signed/tb.pdf"], "does not exist"),
    ],
)
def test_issue_usage_errors(records: Write, cli: Cli, repo: Path, args: list[str], message: str) -> None:
    result = cli("issue", "p1", *args, "--on", "2024-03-20")
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert entries(repo) == []


def test_a_file_outside_the_repository_is_named_so_not_a_link(
    records: Write, cli: Cli, repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "tb.pdf"
    elsewhere.write_bytes(b"%PDF-1.4 not really")
    args = ["--kind", "conclusion", "--number", "12-TB/BTG", "--on", "2024-03-20", "--file", str(elsewhere)]
    result = cli("issue", "p1", *args)
    assert result.exit_code == 2, result.output
    assert "is outside the repository" in result.stderr and "link" not in result.stderr
    assert entries(repo) == []


def test_file_records_the_path_of_the_signed_copy(records: Write, cli: Cli, repo: Path) -> None:
    records("signed/tb.pdf", "%PDF-1.4 not really")
    result = cli(
        "issue",
        "p1",
        "--kind",
        "conclusion",
        "--number",
        "12-TB/BTG",
        "--on",
        "2024-03-20",
        "--file",
        "signed/tb.pdf",
    )
    assert result.exit_code == 0, result.output
    [path] = entries(repo)
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["file"] == "signed/tb.pdf"
    assert (repo / "signed/tb.pdf").read_text(encoding="utf-8") == "%PDF-1.4 not really"  # nothing copied


def test_followup_is_dated_as_of_today_and_registered_for_that_day(records: Write, cli: Cli) -> None:
    draft = cli("report", "p1", "--kind", "followup", "--today", "2024-05-02").stdout
    assert (
        "**DỰ THẢO**" in draft
        and "ngày 02 tháng 5 năm 2024" in draft
        and "Tính đến ngày 02 tháng 5 năm 2024" in draft
    )
    assert (
        cli("issue", "p1", "--kind", "followup", "--number", "20-BC/BTG", "--on", "2024-05-02").exit_code == 0
    )
    issued = cli("report", "p1", "--kind", "followup", "--today", "2024-05-02").stdout
    later = cli("report", "p1", "--kind", "followup", "--today", "2024-07-01").stdout
    assert "Số 20-BC/BTG" in issued and "DỰ THẢO" not in issued
    assert "Số 20-BC/BTG" not in later and "DỰ THẢO" in later


# --- after issuing: follow-up moves on, concluded facts must not ------------------------------

STATUSES = st.sampled_from(["open", "in-progress", "done", "dropped"])
SUMMARIES = st.text(alphabet="abcdeghiklmnoprstuvxyàáảãạăâđêôơư ", min_size=3, max_size=30).filter(
    lambda s: s.strip() != "" and s.strip() != "Bổ sung giảng viên kiêm chức"
)
CHECK = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def ik510(cli: Cli) -> bool:
    return "IK510" in cli("lint").stdout


def issue_conclusion_of_f1(records: Write, cli: Cli, repo: Path) -> None:
    """Finding f1 as first written, then the conclusion registered (anew for each example)."""
    records("records/findings/f1.yaml", FINDING.format(summary="Bổ sung giảng viên kiêm chức", status="open"))
    for entry in entries(repo):
        entry.unlink()
    assert (
        cli("issue", "p1", "--kind", "conclusion", "--number", "12-TB/BTG", "--on", "2024-03-20").exit_code
        == 0
    )


@CHECK
@given(status=STATUSES)
def test_a_status_change_after_issue_raises_no_ik510(
    records: Write, cli: Cli, repo: Path, status: str
) -> None:
    issue_conclusion_of_f1(records, cli, repo)
    done_on = "\n  done_on: 2024-04-01" if status == "done" else ""
    changed = FINDING.format(summary="Bổ sung giảng viên kiêm chức", status=status).replace(
        "action: {owner: Huyện ủy An Bình, due: 2024-06-30, status: " + status + "}",
        f"action:\n  owner: Huyện ủy An Bình\n  due: 2024-06-30\n  status: {status}{done_on}\n"
        "  history: [{date: 2024-04-01, status: " + status + "}]",
    )
    records("records/findings/f1.yaml", changed)
    assert not ik510(cli)


@CHECK
@given(summary=SUMMARIES)
def test_a_summary_change_after_issue_raises_ik510(
    records: Write, cli: Cli, repo: Path, summary: str
) -> None:
    issue_conclusion_of_f1(records, cli, repo)
    records("records/findings/f1.yaml", FINDING.format(summary=f"'{summary}'", status="open"))
    assert ik510(cli)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--kind", "plan", "--number", "06-KH/BTG", "--on", "2024-03-01"],
            "the plan carries number 05-KH/BTG",
        ),
        (["--kind", "decision", "--number", "06-QĐ/BTG", "--on", "2024-03-06"], "and date 2024-03-05"),
    ],
)
def test_the_plan_and_decision_are_registered_with_what_their_records_carry(
    records: Write, cli: Cli, repo: Path, args: list[str], message: str
) -> None:
    result = cli("issue", "p1", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert entries(repo) == []


def test_the_decision_is_registered_with_its_records_number_and_date(
    records: Write, cli: Cli, repo: Path
) -> None:
    result = cli("issue", "p1", "--kind", "decision", "--number", "06-QĐ/BTG", "--on", "2024-03-05")
    assert result.exit_code == 0, result.output
    assert [p.name for p in entries(repo)] == ["p1-decision.yaml"]


def test_the_registers_signer_signs_the_delegations_report_too(records: Write, cli: Cli) -> None:
    result = cli(
        "issue", "p1", "--kind", "summary", "--number", "04-BC/BTG", "--on", "2024-03-20",
        "--signer", "Hoàng Văn Sáu", "--signer-position", "Phó Trưởng đoàn", "--signer-authority", "T/M ĐOÀN KIỂM TRA",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = cli("report", "p1", "--kind", "summary").stdout
    assert "**T/M ĐOÀN KIỂM TRA**<br>**PHÓ TRƯỞNG ĐOÀN**<br><br><br>**Hoàng Văn Sáu**" in out
    assert "Nguyễn Văn Một** |" not in out


CONCLUSION = ("issue", "p1", "--kind", "conclusion")


def test_a_registered_document_whose_facts_changed_warns_on_report_and_says_how_to_reissue(
    records: Write, cli: Cli
) -> None:
    assert cli(*CONCLUSION, "--number", "12-TB/BTG", "--on", "2024-03-20").exit_code == 0
    records("records/findings/f1.yaml", FINDING.format(summary="Bổ sung hai giảng viên", status="open"))
    made = cli("report", "p1", "--kind", "conclusion")
    assert made.exit_code == 0, made.output
    assert "the records changed since the conclusion 12-TB/BTG was issued on 2024-03-20" in made.stderr
    assert "--supersede" in made.stderr


def test_an_unchanged_registered_document_reports_without_a_warning(records: Write, cli: Cli) -> None:
    assert cli(*CONCLUSION, "--number", "12-TB/BTG", "--on", "2024-03-20").exit_code == 0
    assert cli("report", "p1", "--kind", "conclusion").stderr == ""


def test_supersede_reissues_a_changed_document_with_a_new_number_and_ik510_is_gone(
    records: Write, cli: Cli, repo: Path
) -> None:
    assert cli(*CONCLUSION, "--number", "12-TB/BTG", "--on", "2024-03-20").exit_code == 0
    records("records/findings/f1.yaml", FINDING.format(summary="Bổ sung hai giảng viên", status="open"))
    lint = cli("lint")
    assert "IK510" in lint.output and "--supersede" in lint.output  # the message names the command that works
    again = cli(*CONCLUSION, "--number", "15-TB/BTG", "--on", "2024-03-25", "--supersede")
    assert again.exit_code == 0, again.output
    assert len(entries(repo)) == 2  # the old entry stays as the register's history
    assert "IK510" not in cli("lint").output
    out = cli("report", "p1", "--kind", "conclusion")
    assert "Số 15-TB/BTG" in out.stdout and out.stderr == ""


def test_supersede_needs_a_registered_document(records: Write, cli: Cli, repo: Path) -> None:
    result = cli(*CONCLUSION, "--number", "12-TB/BTG", "--on", "2024-03-20", "--supersede")
    assert result.exit_code == 2
    assert "not registered yet" in result.stderr
    assert entries(repo) == []


def test_issue_refusing_a_second_entry_says_how_to_reissue(records: Write, cli: Cli) -> None:
    assert cli(*CONCLUSION, "--number", "12-TB/BTG", "--on", "2024-03-20").exit_code == 0
    again = cli(*CONCLUSION, "--number", "13-TB/BTG", "--on", "2024-03-21")
    assert again.exit_code == 1
    assert "--supersede" in again.stderr


def test_a_registered_news_item_prints_its_date(records: Write, cli: Cli) -> None:
    assert cli("issue", "p1", "--kind", "news", "--on", "2024-03-14").exit_code == 0
    out = cli("report", "p1", "--kind", "news").stdout
    assert "ngày 14 tháng 3 năm 2024" in out
    assert "DỰ THẢO" not in out
