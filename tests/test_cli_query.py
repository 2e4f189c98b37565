"""The query and editing commands through the real CLI entry point."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import WriteFn
from inspectkit.linter import lint
from inspectkit.settings import load_settings
from pseudo_terminal import run_on_a_terminal
from query_fixtures import F03, F04, make_records

Cli = Callable[..., Any]


@pytest.fixture
def records(write: WriteFn, repo: Path) -> Path:
    make_records(write)
    return repo


def test_list_json_is_the_records_as_in_their_files_plus_path(records: Path, cli: Cli) -> None:
    result = cli("list", "findings", "--where", "type=request", "--format", "json")
    assert result.exit_code == 0
    [item] = json.loads(result.stdout)
    assert item["path"] == "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-03.yaml"
    assert item["action"] == {
        "owner": "Ban Tuyên giáo Huyện ủy Chi Lăng",
        "due": "2023-06-30",
        "status": "open",
    }
    assert "history" not in item["action"]  # as in the file: no defaults added


def test_list_table_wraps_vietnamese_text_at_spaces(
    records: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    result = cli("list", "findings", "--search", "bien che")
    assert result.exit_code == 0
    assert "2022-84-kh-dkt-02" in result.stdout
    words = set(["Chưa", "sắp", "xếp", "đủ", "biên", "chế", "cho", "trung", "tâm", "chính", "trị"])
    lines = result.stdout.splitlines()
    assert all(len(line) <= 60 for line in lines)
    shown = {w for line in lines for w in line.split()}
    assert words <= shown  # every word whole, none cut in two
    assert lines[-1] == "1 finding"


def test_list_unknown_field_exits_2_naming_the_fields(records: Path, cli: Cli) -> None:
    result = cli("list", "findings", "--where", "owner=x")
    assert result.exit_code == 2
    assert "unknown field 'owner'" in result.stderr
    assert "action.owner" in result.stderr


def test_list_csv_opens_in_excel(records: Path, cli: Cli) -> None:
    result = cli("list", "findings", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.startswith("\ufeffid,plan,type,centres,")
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[1][3] == "ttct-dinh-lap, ttct-chi-lang"  # a comma inside a field: quoted
    assert '"ttct-dinh-lap, ttct-chi-lang"' in result.stdout
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbfid,")  # UTF-8 with a BOM
    assert result.stdout_bytes.count(b"\r\n") == 5  # the header and 4 records, CRLF


def test_list_yaml(records: Path, cli: Cli) -> None:
    result = cli("list", "centres", "--where", "staff.filled<3", "--format", "yaml")
    assert result.exit_code == 0
    assert "name: Trung tâm Chính trị huyện Đình Lập" in result.stdout
    assert "Chi Lăng" not in result.stdout


def test_list_warns_about_records_with_errors(records: Path, write: WriteFn, cli: Cli) -> None:
    write("records/findings/broken.yaml", "kind: finding\nid: broken\n")
    result = cli("list", "findings", "--format", "json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 4
    assert "skipped 1 record(s) with errors (records/findings/broken.yaml)" in result.stderr
    assert "inspectkit lint" in result.stderr


def test_show_a_centre_with_its_plans_and_findings(records: Path, cli: Cli) -> None:
    result = cli("show", "ttct-chi-lang", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["record"]["name"] == "Trung tâm Chính trị huyện Chi Lăng"
    assert [p["id"] for p in data["links"]["plans"]] == ["2022-84-kh-dkt"]
    assert [f["id"] for f in data["links"]["findings"]] == ["2022-84-kh-dkt-01", "2022-84-kh-dkt-03"]


def test_show_text(records: Path, cli: Cli) -> None:
    result = cli("show", "2022-84-kh-dkt")
    assert result.exit_code == 0
    assert result.stdout.startswith("# plan 2022-84-kh-dkt (records/plans/2022-84-kh-dkt.yaml)\n")
    assert "# links" in result.stdout and "head: Nguyễn Trọng Sơn" in result.stdout


def test_show_unknown_id(records: Path, cli: Cli) -> None:
    result = cli("show", "ttct-dinh-lp")
    assert result.exit_code == 1
    assert "did you mean 'ttct-dinh-lap'" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["list", "findings"],
        ["show", "ttct-dinh-lap"],
        ["actions"],
        ["stats"],
        ["finding", "set-status", "x", "done"],
    ],
)
def test_outside_a_records_repository_queries_say_so_rather_than_find_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no records folder at records" in result.stderr


def test_actions_json_items_carry_the_finding_id(records: Path, cli: Cli) -> None:
    result = cli("actions", "--today", "2023-07-10", "--format", "json")
    assert result.exit_code == 0
    items = json.loads(result.stdout)
    assert [(i["id"], i["days_overdue"]) for i in items] == [
        ("2022-84-kh-dkt-03", 10),
        ("2022-84-kh-dkt-04", 0),
    ]


def test_actions_overdue_owner_without_accents(records: Path, cli: Cli) -> None:
    result = cli("actions", "--today", "2023-07-10", "--overdue", "--owner", "chi lang")
    assert result.exit_code == 0
    assert "2022-84-kh-dkt-03" in result.stdout and "2022-84-kh-dkt-04" not in result.stdout
    assert result.stdout.splitlines()[-1] == "1 action, 1 overdue as of 2023-07-10"


@pytest.mark.parametrize("columns", ["80", "100"])
def test_actions_table_keeps_owner_due_status_and_days_overdue_on_a_narrow_terminal(
    records: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    result = cli("actions", "--today", "2023-07-10")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "owner", "due", "status", "days", "late", "summary"]
    assert all(len(line) <= int(columns) for line in lines)
    row = next(line for line in lines if line.startswith("2022-84-kh-dkt-03"))
    cells = row.split()
    due = cells.index("2023-06-30")
    assert cells[due : due + 3] == ["2023-06-30", "open", "10"]


def test_stats_table_fits_an_80_column_terminal(
    records: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("stats", "--today", "2023-07-10")
    assert result.exit_code == 0
    assert all(len(line) <= 80 for line in result.stdout.splitlines())


def test_actions_unknown_plan(records: Path, cli: Cli) -> None:
    result = cli("actions", "--plan", "2022-84-kh-dk")
    assert result.exit_code == 2
    assert "did you mean '2022-84-kh-dkt'" in result.stderr


@pytest.mark.parametrize("args", [["lint"], ["fmt"], ["fmt", "--check"]])
def test_without_a_records_folder_lint_and_fmt_ask_for_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no records folder at records: pass paths, run this in a records repository" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["findings", "--sort", "-action"], "--sort: action is a group of fields: sort by one of its fields"),
        (
            ["centres", "--sort", "plan"],
            "--sort: plan is found through other records: sort by a field of the centre",
        ),
    ],
)
def test_list_sort_by_a_field_without_one_value_is_a_usage_error(
    records: Path, cli: Cli, args: list[str], message: str
) -> None:
    result = cli("list", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_stats_unknown_plan(records: Path, cli: Cli) -> None:
    result = cli("stats", "--plan", "2022-84-kh-dk")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--plan: no plan with id '2022-84-kh-dk' (did you mean '2022-84-kh-dkt'?)" in result.stderr


def test_actions_csv(records: Path, cli: Cli) -> None:
    result = cli("actions", "--today", "2023-07-10", "--format", "csv")
    assert result.stdout_bytes.startswith("\ufeffid,owner,due,status,days overdue,summary\r\n".encode())


def test_stats_json(records: Path, cli: Cli) -> None:
    result = cli("stats", "--plan", "2022-84-kh-dkt", "--today", "2023-07-10", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["findings"] == 4
    assert data["actions"]["overdue"] == 1


def test_stats_table(records: Path, cli: Cli) -> None:
    result = cli("stats", "--today", "2023-07-10")
    assert result.exit_code == 0
    assert "Findings by type and centre" in result.stdout
    assert "Overdue actions as of 2023-07-10: 1" in result.stdout


def test_set_status_updates_the_file_and_lints_clean(records: Path, cli: Cli) -> None:
    result = cli("finding", "set-status", "2022-84-kh-dkt-03", "done", "--on", "2023-07-01", "--note", "Xong")
    assert result.exit_code == 0, result.stderr
    assert "is now done, done on 2023-07-01" in result.stdout
    path = records / "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-03.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Một đề nghị của Đoàn\n") and text.endswith("\n# Ghi chú cuối tệp\n")
    assert "  done_on: 2023-07-01\n" in text
    assert lint(load_settings()).diagnostics == []
    assert not list(path.parent.glob(".*.tmp"))  # the atomic write left no temp file


def test_set_status_unknown_id_suggests(records: Path, cli: Cli) -> None:
    result = cli("finding", "set-status", "2022-84-kh-dkt-3", "done")
    assert result.exit_code == 1
    assert "did you mean '2022-84-kh-dkt-03'" in result.stderr


def test_set_status_refuses_a_finding_without_action(records: Path, cli: Cli) -> None:
    path = records / "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-02.yaml"
    before = path.read_bytes()
    result = cli("finding", "set-status", "2022-84-kh-dkt-02", "done")
    assert result.exit_code == 1
    assert "has no action" in result.stderr
    assert path.read_bytes() == before


def test_set_status_leaves_a_read_only_file_as_it_is(records: Path, cli: Cli) -> None:
    path = records / "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-03.yaml"
    before = path.read_bytes()
    path.chmod(0o444)
    result = cli("finding", "set-status", "2022-84-kh-dkt-03", "done")
    assert result.exit_code == 1
    assert "read-only" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_set_status_unknown_status(records: Path, cli: Cli) -> None:
    result = cli("finding", "set-status", "2022-84-kh-dkt-03", "finished")
    assert result.exit_code == 2
    assert "choose one of open, in-progress, done, dropped" in result.stderr


def test_fmt_check_shows_a_diff_and_writes_nothing(records: Path, write: WriteFn, cli: Cli) -> None:
    path = write(
        "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-03.yaml", F03.replace("2023-06-30", "30/06/2023")
    )
    before = path.read_bytes()
    result = cli("fmt", "--check")
    assert result.exit_code == 1
    assert "-  due: 30/06/2023\n+  due: 2023-06-30\n" in result.stdout
    assert "1 file(s) would be reformatted" in result.stderr
    assert path.read_bytes() == before


def test_fmt_rewrites_only_files_that_change(records: Path, write: WriteFn, cli: Cli) -> None:
    path = write(
        "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-03.yaml", F03.replace("2023-06-30", "30/06/2023")
    )
    other = records / "records/plans/2022-84-kh-dkt.yaml"
    stamp = other.stat().st_mtime_ns
    result = cli("fmt")
    assert result.exit_code == 0
    assert result.stdout == "formatted records/findings/2022-84-kh-dkt/2022-84-kh-dkt-03.yaml\n"
    assert path.read_text(encoding="utf-8") == F03
    assert other.stat().st_mtime_ns == stamp
    assert cli("fmt", "--check").exit_code == 0


def test_fmt_reports_a_file_it_cannot_read(records: Path, write: WriteFn, cli: Cli) -> None:
    write("records/findings/bad.yaml", "kind: finding\nid: [x\n")
    result = cli("fmt", "records/findings/bad.yaml")
    assert result.exit_code == 1
    assert "records/findings/bad.yaml: not formatted" in result.stderr


def test_fmt_leaves_a_read_only_file_as_it_is_and_formats_the_others(
    records: Path, write: WriteFn, cli: Cli
) -> None:
    locked = write(
        "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-03.yaml", F03.replace("2023-06-30", "30/06/2023")
    )
    before = locked.read_bytes()
    locked.chmod(0o444)
    other = write(
        "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-04.yaml", F04.replace("2024-03-31", "31/03/2024")
    )
    result = cli("fmt")
    assert result.exit_code == 1
    assert "2022-84-kh-dkt-03.yaml: not formatted: the file is read-only" in result.stderr
    assert locked.read_bytes() == before
    assert "due: 2024-03-31" in other.read_text(encoding="utf-8")


def test_fmt_reports_a_file_that_cannot_be_opened(
    records: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    result = cli("fmt", "records/plans/2022-84-kh-dkt.yaml")
    assert result.exit_code == 1
    assert "not formatted: cannot read the file (Permission denied)" in result.stderr


def test_fmt_missing_path_is_a_usage_error(records: Path, cli: Cli) -> None:
    assert cli("fmt", "nowhere.yaml").exit_code == 2


def test_search_with_a_reference_by_id(records: Path, cli: Cli) -> None:
    result = cli(
        "list", "findings", "--search", "bien che", "--where", "centre=ttct-dinh-lap", "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    assert [f["id"] for f in json.loads(result.stdout)] == ["2022-84-kh-dkt-02"]


def test_search_with_a_reference_by_name(records: Path, cli: Cli) -> None:
    result = cli("list", "findings", "--search", "bien che", "--where", "centre=Chi Lăng", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == []


def on_a_terminal(cwd: Path, *args: str) -> tuple[int, bytes, str]:
    """Exit status, what reached the terminal and stderr of `inspectkit ARGS` whose stdout is a
    (pseudo-)terminal."""
    return run_on_a_terminal([sys.executable, "-m", "inspectkit", *args], cwd)


@pytest.mark.skipif(os.name == "nt", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize(
    "args",
    [
        ("list", "findings", "--format", "xlsx"),
        ("actions", "--format", "xlsx"),
        ("stats", "--format", "xlsx"),
        ("sql", "SELECT 1", "--format", "xlsx"),
    ],
)
def test_a_workbook_is_never_printed_to_a_terminal(records: Path, args: tuple[str, ...]) -> None:
    status, shown, errors = on_a_terminal(records, *args)
    assert status == 2
    assert shown == b""
    assert len(errors.splitlines()) == 1
    assert errors.startswith("inspectkit: xlsx is a binary file: ")
    assert "to a file" in errors


# Imported only by the command that needs them: inspectkit runs in pre-commit hooks, where every
# start pays for what is imported at start-up.
HEAVY = {
    "pygal",
    "xlsxwriter",
    "icalendar",
    "duckdb",
    "pyarrow",
    "openpyxl",
    "jinja2",
    "docx",
    "ruamel",
    "sqlite3",
}


@pytest.mark.parametrize("args", [("--version",), ("list", "--help"), ("sql", "--help"), ("site", "--help")])
def test_heavy_packages_are_not_imported_at_start_up(args: tuple[str, ...], tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "inspectkit", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    imported = {
        line.split("|")[-1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "inspectkit" in imported  # the measure works
    assert imported & HEAVY == set()
