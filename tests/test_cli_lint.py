"""`inspectkit lint` through its real entry point: formats, options, settings, exit statuses.

Most tests use the `cli` fixture (typer's runner on the real app); one runs the installed console
script as a separate process. The repository is `tests/fixtures/lint/base/` (clean), copied.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pseudo_terminal import run_on_a_terminal

BASE = Path(__file__).parent / "fixtures" / "lint" / "base"
Cli = Callable[..., Any]
WriteFn = Callable[[str, str], Path]

OVERDUE = """\
kind: finding
id: p1-02
plan: p1
centres: [c1]
topic: dao-tao
type: request
summary: Đánh giá thực chất kết quả học tập
action:
  owner: Trung tâm Chính trị huyện Đình Lập
  due: 2023-06-30
  status: in-progress
"""


@pytest.fixture
def base(repo: Path) -> Path:
    shutil.rmtree(repo / "records")
    shutil.copytree(BASE / "records", repo / "records")
    return repo


@pytest.fixture
def dangling(base: Path, write: WriteFn) -> Path:
    """The base with one error: a finding naming a centre that does not exist (line 4, col 15)."""
    text = (base / "records/findings/p1/p1-01.yaml").read_text(encoding="utf-8")
    return write("records/findings/p1/p1-01.yaml", text.replace("[c1, c2]", "[c1, c22]"))


@pytest.fixture
def misplaced(base: Path, write: WriteFn) -> Path:
    """The base with one warning: a centre outside `centres/` (IK303 at line 1, col 7)."""
    return write("records/c3.yaml", "kind: centre\nid: c3\nname: Trung tâm\n")


def lines(output: str) -> list[str]:
    return output.splitlines()


def codes_in(result: Any) -> list[str]:
    return [d["code"] for d in json.loads(result.stdout)]


# --- exit statuses ---------------------------------------------------------------------------


def test_a_clean_repository_exits_0_with_only_the_summary(cli: Cli, base: Path) -> None:
    result = cli("lint", "--today", "2024-01-01")
    assert result.exit_code == 0
    assert lines(result.stdout)[0].startswith("0 errors, 0 warnings in 6 files (6 records), ")


def test_an_error_exits_1(cli: Cli, dangling: Path) -> None:
    assert cli("lint").exit_code == 1


def test_warnings_alone_exit_0(cli: Cli, misplaced: Path) -> None:
    assert cli("lint").exit_code == 0


def test_strict_makes_warnings_fail(cli: Cli, misplaced: Path) -> None:
    assert cli("lint", "--strict").exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lint", "records/nope.yaml"], "records/nope.yaml: no such file or folder"),
        (
            ["lint", "--today", "tomorrow"],
            "--today: 'tomorrow' is not a date: write YYYY-MM-DD or DD/MM/YYYY",
        ),
        (["lint", "--select", "IK999"], "--select: unknown code 'IK999'"),
        (["lint", "--ignore", "XX1"], "--ignore: unknown code 'XX1'"),
        (["lint", "--format", "xml"], "xml"),
    ],
    ids=["missing path", "bad date", "unknown selected code", "unknown ignored code", "unknown format"],
)
def test_a_usage_problem_exits_2_with_a_one_line_error(
    cli: Cli, base: Path, args: list[str], message: str
) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_no_records_folder_exits_2(cli: Cli, repo: Path) -> None:
    shutil.rmtree(repo / "records")
    result = cli("lint")
    assert result.exit_code == 2
    assert "no records folder" in result.stderr


# --- formats ---------------------------------------------------------------------------------


def test_text_is_one_line_per_problem_then_a_summary(cli: Cli, dangling: Path) -> None:
    out = lines(cli("lint").stdout)
    assert out[0] == (
        "records/findings/p1/p1-01.yaml:4:15: IK400 error: no centre has id 'c22' (did you mean 'c2'?): "
        "create it or fix the reference"
    )
    assert out[1].startswith("1 error, 0 warnings in 6 files (6 records), ")
    assert out[1].endswith(" s")
    assert len(out) == 2


def test_text_has_no_colour_when_not_on_a_terminal(
    cli: Cli, dangling: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR")  # the output, not NO_COLOR, is what turns colour off here
    assert "\033[" not in cli("lint").stdout


def test_json_is_an_array_of_diagnostics_and_nothing_else(cli: Cli, dangling: Path, misplaced: Path) -> None:
    result = cli("lint", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "path": "records/c3.yaml",
            "line": 1,
            "column": 7,
            "code": "IK303",
            "severity": "warning",
            "message": "a centre record belongs under records/centres/: move the file there",
        },
        {
            "path": "records/findings/p1/p1-01.yaml",
            "line": 4,
            "column": 15,
            "code": "IK400",
            "severity": "error",
            "message": "no centre has id 'c22' (did you mean 'c2'?): create it or fix the reference",
        },
    ]


def test_json_of_a_clean_repository_is_an_empty_array(cli: Cli, base: Path) -> None:
    assert json.loads(cli("lint", "--format", "json", "--today", "2024-01-01").stdout) == []


def test_json_paths_are_relative_to_the_current_folder_with_slashes(
    cli: Cli, dangling: Path, misplaced: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (dangling.parents[3] / "inspectkit.toml").write_text('records = "records"\n')
    monkeypatch.chdir(dangling.parents[3] / "records" / "centres")
    paths = [d["path"] for d in json.loads(cli("lint", "--format", "json").stdout)]
    assert paths == ["../c3.yaml", "../findings/p1/p1-01.yaml"]


def test_github_format_is_workflow_commands(cli: Cli, dangling: Path, misplaced: Path) -> None:
    out = lines(cli("lint", "--format", "github").stdout)
    assert out[0] == (
        "::warning file=records/c3.yaml,line=1,col=7,title=IK303::"
        "IK303 a centre record belongs under records/centres/: move the file there"
    )
    assert out[1].startswith("::error file=records/findings/p1/p1-01.yaml,line=4,col=15,title=IK400::IK400 ")
    assert out[2].startswith("1 error, 1 warning in 7 files (7 records)")


def test_text_keeps_each_problem_on_one_line_whatever_the_record_holds(
    cli: Cli, base: Path, write: WriteFn
) -> None:
    write("records/centres/c3.yaml", 'kind: centre\nid: c3\nname: Trung tâm\n"na\\nme\\e[2J": x\n')
    out = lines(cli("lint").stdout)
    assert out[0].startswith("records/centres/c3.yaml:4:1: IK200 error: unknown field 'na\\nme\\x1b[2J' in a")
    assert len(out) == 2  # the problem, then the summary


def test_github_format_escapes_what_would_end_a_property_or_a_command(
    cli: Cli, base: Path, write: WriteFn
) -> None:
    write("records/centres/c3,100%.yaml", 'kind: centre\nid: c3\nname: Trung tâm\n"a:\\n%": x\n')
    out = lines(cli("lint", "--format", "github").stdout)
    assert out[0] == (
        "::error file=records/centres/c3%2C100%25.yaml,line=2,col=5,title=IK302::IK302 file name "
        "'c3,100%25.yaml' does not match id 'c3': rename the file to 'c3.yaml' or fix the id"
    )
    assert out[1].startswith("::error file=records/centres/c3%2C100%25.yaml,line=4,col=1,title=IK200::")
    assert "unknown field 'a:%0A%25' in a centre" in out[1]
    assert len(out) == 3  # two commands, then the summary


# --- options ---------------------------------------------------------------------------------


def test_today_pins_the_date_overdue_actions_are_measured_against(
    cli: Cli, base: Path, write: WriteFn
) -> None:
    write("records/findings/p1/p1-02.yaml", OVERDUE)
    assert codes_in(cli("lint", "--format", "json", "--today", "2023-06-30")) == []
    late = json.loads(cli("lint", "--format", "json", "--today", "2023-07-01").stdout)
    assert [(d["code"], d["line"], d["column"]) for d in late] == [("IK508", 10, 8)]
    assert "due 2023-06-30, 1 day(s) ago, still in-progress" in late[0]["message"]


def test_today_accepts_the_day_first_form(cli: Cli, base: Path, write: WriteFn) -> None:
    write("records/findings/p1/p1-02.yaml", OVERDUE)
    assert codes_in(cli("lint", "--format", "json", "--today", "01/07/2023")) == ["IK508"]


def test_select_keeps_only_the_codes_given(cli: Cli, dangling: Path, misplaced: Path) -> None:
    assert codes_in(cli("lint", "--format", "json", "--select", "IK3")) == ["IK303"]
    assert codes_in(cli("lint", "--format", "json", "--select", "ik400,IK303")) == ["IK303", "IK400"]


def test_ignore_drops_the_codes_given(cli: Cli, dangling: Path, misplaced: Path) -> None:
    result = cli("lint", "--format", "json", "--ignore", "IK400")
    assert codes_in(result) == ["IK303"]
    assert result.exit_code == 0


def test_select_and_ignore_can_be_repeated(cli: Cli, dangling: Path, misplaced: Path) -> None:
    assert codes_in(cli("lint", "--format", "json", "--select", "IK3", "--select", "IK4")) == [
        "IK303",
        "IK400",
    ]
    assert codes_in(cli("lint", "--format", "json", "--ignore", "IK3", "--ignore", "IK4")) == []


# --- settings --------------------------------------------------------------------------------


def test_settings_ignore_and_select(cli: Cli, dangling: Path, misplaced: Path, write: WriteFn) -> None:
    write("inspectkit.toml", '[lint]\nignore = ["IK303"]\n')
    assert codes_in(cli("lint", "--format", "json")) == ["IK400"]
    write("inspectkit.toml", '[lint]\nselect = ["IK3"]\n')
    assert codes_in(cli("lint", "--format", "json")) == ["IK303"]


def test_the_command_line_adds_to_the_settings(
    cli: Cli, dangling: Path, misplaced: Path, write: WriteFn
) -> None:
    write("inspectkit.toml", '[lint]\nignore = ["IK303"]\n')
    assert codes_in(cli("lint", "--format", "json", "--ignore", "IK400")) == []


def test_settings_can_downgrade_an_error(cli: Cli, dangling: Path, write: WriteFn) -> None:
    write("inspectkit.toml", '[lint]\nwarning = ["IK400"]\n')
    result = cli("lint", "--format", "json")
    assert [d["severity"] for d in json.loads(result.stdout)] == ["warning"]
    assert result.exit_code == 0


def test_settings_can_upgrade_a_warning(cli: Cli, misplaced: Path, write: WriteFn) -> None:
    write("inspectkit.toml", '[lint]\nerror = ["IK303"]\n')
    result = cli("lint", "--format", "json")
    assert [d["severity"] for d in json.loads(result.stdout)] == ["error"]
    assert result.exit_code == 1


def test_settings_name_the_records_folder(cli: Cli, dangling: Path, write: WriteFn) -> None:
    (dangling.parents[3] / "records").rename(dangling.parents[3] / "data")
    write("inspectkit.toml", 'records = "data"\n')
    assert [d["path"] for d in json.loads(cli("lint", "--format", "json").stdout)] == [
        "data/findings/p1/p1-01.yaml"
    ]


def test_settings_in_pyproject(cli: Cli, dangling: Path, write: WriteFn) -> None:
    write("pyproject.toml", '[project]\nname = "x"\n\n[tool.inspectkit.lint]\nignore = ["IK4"]\n')
    assert codes_in(cli("lint", "--format", "json")) == []


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[lint\nignore = 1\n", "invalid TOML"),
        ('[lint]\nignore = "IK303"\n', "setting 'lint.ignore'"),
        ('recrods = "records"\n', "unknown setting 'recrods' (did you mean 'records'?)"),
        ('[lint]\nerorr = ["IK508"]\n', "unknown setting 'lint.erorr' (did you mean 'error'?)"),
        ("[colours]\nerror = 1\n", "unknown setting 'colours' (known: records, templates, language,"),
        ('[lint]\nignore = ["IK999"]\n', "unknown code 'IK999': the codes are IK100-IK106, IK200-IK203,"),
    ],
    ids=[
        "not TOML",
        "wrong type",
        "unknown setting",
        "unknown nested setting",
        "unknown section",
        "unknown code",
    ],
)
def test_a_broken_settings_file_is_a_one_line_error_naming_it(
    cli: Cli, base: Path, write: WriteFn, content: str, problem: str
) -> None:
    write("inspectkit.toml", content)
    result = cli("lint")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(lines(result.stderr)) == 1
    assert "inspectkit.toml" in result.stderr
    assert problem in result.stderr


# --- paths -----------------------------------------------------------------------------------


def test_linting_one_file_resolves_references_against_the_whole_repository(
    cli: Cli, base: Path, misplaced: Path
) -> None:
    result = cli("lint", "records/findings/p1/p1-01.yaml")
    assert result.exit_code == 0
    assert lines(result.stdout) == [lines(result.stdout)[0]]
    assert lines(result.stdout)[0].startswith("0 errors, 0 warnings in 1 file (1 record), ")


def test_linting_one_file_reports_only_on_that_file(cli: Cli, dangling: Path, misplaced: Path) -> None:
    assert [d["path"] for d in json.loads(cli("lint", "--format", "json", "records/c3.yaml").stdout)] == [
        "records/c3.yaml"
    ]


def test_linting_a_folder_reports_on_the_files_below_it(cli: Cli, dangling: Path, misplaced: Path) -> None:
    result = cli("lint", "--format", "json", "records/findings")
    assert [d["path"] for d in json.loads(result.stdout)] == ["records/findings/p1/p1-01.yaml"]


def test_a_file_outside_the_records_folder_is_checked_against_the_repository(
    cli: Cli, base: Path, write: WriteFn
) -> None:
    write("drafts/p1-03.yaml", OVERDUE.replace("id: p1-02", "id: p1-03").replace("[c1]", "[c9]"))
    result = cli("lint", "--format", "json", "--today", "2023-01-01", "drafts/p1-03.yaml")
    # its plan and topic are found in records/; its centre is not
    assert [(d["path"], d["line"], d["column"], d["code"]) for d in json.loads(result.stdout)] == [
        ("drafts/p1-03.yaml", 4, 11, "IK400")
    ]


def test_lint_never_writes_outside_its_cache_folder(cli: Cli, dangling: Path, write: WriteFn) -> None:
    write("records/centres/c3.yaml", unicodedata.normalize("NFD", "kind: centre\nid: c3\nname: Lộc Bình\n"))
    write("records/centres/c4.yaml", "kind: centre\nid: c4\nname: [broken\n")
    root = dangling.parents[3]

    def tree() -> dict[str, tuple[bytes, int]]:
        return {
            p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).parts[0] != ".inspectkit-cache"
        }

    before = tree()
    for fmt in ("text", "json", "github"):
        assert cli("lint", "--format", fmt).exit_code == 1
    cli("lint", "records/centres/c3.yaml")
    assert tree() == before


# --- messages --------------------------------------------------------------------------------


def messages(cli: Cli) -> list[str]:
    return [d["message"] for d in json.loads(cli("lint", "--format", "json").stdout)]


def test_an_unknown_field_suggests_the_close_one_and_lists_the_allowed(
    cli: Cli, base: Path, write: WriteFn
) -> None:
    write("records/centres/c3.yaml", "kind: centre\nid: c3\nname: X\nshortname: Y\n")
    assert messages(cli) == [
        "unknown field 'shortname' in a centre (did you mean 'short_name'?); allowed: district, "
        "established, id, kind, leaders, name, parent, province, short_name, staff"
    ]


def test_a_dangling_reference_suggests_the_close_id_of_the_right_kind(
    cli: Cli, base: Path, write: WriteFn
) -> None:
    text = (base / "records/findings/p1/p1-01.yaml").read_text(encoding="utf-8")
    write("records/findings/p1/p1-01.yaml", text.replace("plan: p1", "plan: p-1"))
    assert messages(cli) == ["no plan has id 'p-1' (did you mean 'p1'?): create it or fix the reference"]


def test_an_invalid_choice_lists_the_allowed_values(cli: Cli, base: Path, write: WriteFn) -> None:
    text = (base / "records/findings/p1/p1-01.yaml").read_text(encoding="utf-8")
    write("records/findings/p1/p1-01.yaml", text.replace("type: strength", "type: Strength"))
    assert messages(cli) == [
        "type: 'Strength' is not allowed (did you mean 'strength'?): "
        "choose one of strength, weakness, difficulty, proposal, request"
    ]


def test_a_day_first_date_gets_its_iso_form(cli: Cli, base: Path, write: WriteFn) -> None:
    text = (base / "records/plans/p1.yaml").read_text(encoding="utf-8")
    write("records/plans/p1.yaml", text.replace("date: 2022-11-24", "date: 24/11/2022"))
    result = json.loads(cli("lint", "--format", "json").stdout)
    assert [(d["code"], d["line"], d["column"], d["message"]) for d in result] == [
        ("IK202", 13, 11, "visits[0].date: '24/11/2022' is not an ISO date: write 2022-11-24")
    ]


def test_a_number_where_text_is_expected_suggests_quotes(cli: Cli, base: Path, write: WriteFn) -> None:
    write("records/centres/c3.yaml", "kind: centre\nid: c3\nname: 2022\n")
    assert messages(cli) == ["name: expected text, got int 2022: put it in quotes to keep it as text"]


@pytest.mark.parametrize(
    ("number", "hint"),
    [
        ("Số: 84-KH/ĐKT", "write it without 'Số', as '84-KH/ĐKT'"),
        ("84-kh/đkt", "write it in capitals, as '84-KH/ĐKT'"),
        ("4-KH/ĐKT", "Party numbers below 10 take a leading zero, '04-KH/ĐKT'"),
    ],
    ids=["with Số", "lower case", "no leading zero"],
)
def test_a_bad_document_number_gets_its_fix(
    cli: Cli, base: Path, write: WriteFn, number: str, hint: str
) -> None:
    text = (base / "records/plans/p1.yaml").read_text(encoding="utf-8")
    write("records/plans/p1.yaml", text.replace("number: 84-KH/ĐKT", f"number: '{number}'"))
    assert messages(cli) == [f"'{number}' is not a document number: {hint}"]


# --- edge cases of the record ----------------------------------------------------------------


def diagnostics(cli: Cli) -> list[tuple[str, int, int, str]]:
    return [
        (d["path"], d["line"], d["column"], d["code"])
        for d in json.loads(cli("lint", "--format", "json", "--today", "2024-01-01").stdout)
    ]


@pytest.mark.parametrize(
    ("kind", "column"), [("[centre]", 7), ("1", 7), ("''", 7)], ids=["a list", "a number", "empty text"]
)
def test_a_kind_that_is_not_a_kind_name_is_ik203_at_its_value(
    cli: Cli, base: Path, write: WriteFn, kind: str, column: int
) -> None:
    write("records/centres/c3.yaml", f"kind: {kind}\nid: c3\nname: X\n")
    assert diagnostics(cli) == [("records/centres/c3.yaml", 1, column, "IK203")]


def test_an_empty_kind_is_ik203_where_its_value_would_be(cli: Cli, base: Path, write: WriteFn) -> None:
    write("records/centres/c3.yaml", "kind:\nid: c3\nname: X\n")
    assert diagnostics(cli) == [("records/centres/c3.yaml", 1, 6, "IK203")]


def test_an_id_that_is_not_text_is_ik202_only(cli: Cli, base: Path, write: WriteFn) -> None:
    write("records/centres/2022.yaml", "kind: centre\nid: 2022\nname: X\n")
    assert diagnostics(cli) == [("records/centres/2022.yaml", 2, 5, "IK202")]


def test_an_impossible_date_is_ik202(cli: Cli, base: Path, write: WriteFn) -> None:
    text = (base / "records/plans/p1.yaml").read_text(encoding="utf-8")
    write("records/plans/p1.yaml", text.replace("issued: 2022-11-03", "issued: 2022-02-30"))
    assert diagnostics(cli) == [("records/plans/p1.yaml", 4, 9, "IK202")]
    assert "'2022-02-30' is not a valid date" in messages(cli)[0]


@pytest.mark.parametrize("empty", ["", "''", "[]"], ids=["null", "empty text", "empty list"])
def test_an_empty_required_value_is_reported(cli: Cli, base: Path, write: WriteFn, empty: str) -> None:
    write("records/centres/c3.yaml", f"kind: centre\nid: c3\nname: {empty}\n")
    assert [code for *_, code in diagnostics(cli)] == ["IK202"]


def test_a_value_of_either_shape_is_reported_inside_the_shape_it_took(
    cli: Cli, base: Path, write: WriteFn
) -> None:
    # `purpose` is text or a list of texts: a list with a number in it is wrong at the number
    text = (base / "records/plans/p1.yaml").read_text(encoding="utf-8")
    write("records/plans/p1.yaml", text + "purpose: [Đánh giá, 2022]\n")
    assert diagnostics(cli) == [("records/plans/p1.yaml", 17, 21, "IK202")]


def test_an_empty_reference_is_ik202_not_also_ik400(cli: Cli, base: Path, write: WriteFn) -> None:
    text = (base / "records/findings/p1/p1-01.yaml").read_text(encoding="utf-8")
    write("records/findings/p1/p1-01.yaml", text.replace("plan: p1", "plan: ''"))
    assert diagnostics(cli) == [("records/findings/p1/p1-01.yaml", 3, 7, "IK202")]


def test_a_file_that_could_not_be_read_as_a_record_gives_nothing_else(
    cli: Cli, base: Path, write: WriteFn
) -> None:
    # an anchor: the file is not constructed, so neither its id nor its fields are checked
    write("records/centres/c1.yaml", "kind: centre\nid: c1\nname: &n X\nshort_name: *n\n")
    assert diagnostics(cli) == [
        ("records/centres/c1.yaml", 3, 7, "IK104"),
        ("records/centres/c1.yaml", 4, 13, "IK104"),
        ("records/findings/p1/p1-01.yaml", 4, 11, "IK400"),
        ("records/findings/p1/p1-02.yaml", 4, 11, "IK400"),
        ("records/plans/p1.yaml", 12, 13, "IK400"),
    ]


def test_yml_files_are_records_named_by_their_stem(cli: Cli, base: Path, write: WriteFn) -> None:
    write("records/centres/c3.yml", "kind: centre\nid: c3\nname: X\n")
    write("records/centres/c4.yml", "kind: centre\nid: c3x\nname: X\n")
    assert diagnostics(cli) == [("records/centres/c4.yml", 2, 5, "IK302")]


def test_hidden_files_and_folders_are_skipped(cli: Cli, base: Path, write: WriteFn) -> None:
    write("records/.trash/c1.yaml", "not: [valid\n")
    write("records/centres/.c1.yaml.swp.yaml", "not: [valid\n")
    assert diagnostics(cli) == []


# --- the reference repository ----------------------------------------------------------------

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_the_reference_records_have_no_error(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO_ROOT)
    result = cli("lint", "records", "--format", "json", "--today", "2026-01-01")
    assert result.exit_code == 0
    # the warnings are kept on purpose: the four members the article does not name are placeholders
    # (IK509), and the province's answer to the districts' proposal is overdue (IK508)
    assert [(d["path"], d["code"]) for d in json.loads(result.stdout)] == [
        *[("records/delegations/2022-84-kh-dkt-doan.yaml", "IK509")] * 4,
        ("records/findings/2022-84-kh-dkt/2022-84-kh-dkt-07.yaml", "IK508"),
    ]


def test_the_reference_records_hold_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    from inspectkit.repository import load_repository
    from inspectkit.settings import load_settings

    monkeypatch.chdir(REPO_ROOT)
    repo = load_repository(load_settings())
    (plan,) = repo.plans
    assert (plan.number, plan.issued.isoformat()) == ("84-KH/ĐKT", "2022-11-03")
    assert [(v.centre, v.date.isoformat(), [a.name for a in v.attendees]) for v in plan.visits] == [
        ("ttct-dinh-lap", "2022-11-24", ["Hoàng Xuân Thuận"]),
        ("ttct-chi-lang", "2022-11-25", ["Long Văn Nhân"]),
    ]
    (delegation,) = repo.delegations
    named = [(m.name, m.role) for m in delegation.members if not m.name.startswith("[")]
    assert named == [("Nguyễn Trọng Sơn", "head"), ("Dương Thị Hồng Vân", "deputy")]
    assert sorted(c.id for c in repo.centres) == ["ttct-chi-lang", "ttct-dinh-lap"]
    findings = repo.findings
    assert 15 <= len(findings) <= 20
    assert {f.type for f in findings} == {"strength", "weakness", "difficulty", "proposal", "request"}
    assert all(f.action is not None for f in findings if f.type in ("proposal", "request"))


# --- the installed console script ------------------------------------------------------------


def installed_inspectkit() -> str:
    beside = Path(sys.executable).parent / ("inspectkit.exe" if os.name == "nt" else "inspectkit")
    found = str(beside) if beside.exists() else shutil.which("inspectkit")
    if found is None:  # pragma: no cover - the package is installed for the tests
        pytest.fail("the inspectkit console script is not installed")
    return found


def test_the_installed_console_script_lints_as_a_real_process(dangling: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [installed_inspectkit(), "lint", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=dangling.parents[3],
        env=env,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr == ""
    assert [(d["path"], d["line"], d["column"], d["code"]) for d in json.loads(done.stdout)] == [
        ("records/findings/p1/p1-01.yaml", 4, 15, "IK400")
    ]


def test_the_installed_console_script_exits_2_without_a_traceback(repo: Path) -> None:
    (repo / "inspectkit.toml").write_text("not toml at all = = =\n")
    done = subprocess.run(
        [installed_inspectkit(), "lint"], capture_output=True, text=True, cwd=repo, timeout=60
    )
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1
    assert "Traceback" not in done.stderr


def on_a_terminal(cwd: Path, **env: str) -> str:
    """What `inspectkit lint` prints when its output is a terminal (a pseudo-terminal here)."""
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | env
    return run_on_a_terminal([installed_inspectkit(), "lint"], cwd, environment)[1].decode()


@pytest.mark.skipif(os.name == "nt", reason="needs a POSIX pseudo-terminal")
def test_text_is_coloured_on_a_terminal_unless_no_color_is_set(dangling: Path) -> None:
    root = dangling.parents[3]
    assert "\033[31mIK400 error:" in on_a_terminal(root, NO_COLOR="")  # empty is as good as not set
    plain = on_a_terminal(root, NO_COLOR="1")
    assert "\033[" not in plain
    assert "records/findings/p1/p1-01.yaml:4:15: IK400 error:" in plain


# --- inspectkit schema -----------------------------------------------------------------------


def as_an_editor_reads_it(path: Path) -> Any:
    """A record's data as the YAML language server sees it (YAML 1.2: a date is a string)."""
    import yaml

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        return value.isoformat() if isinstance(value, date) else value

    return plain(yaml.safe_load(path.read_text(encoding="utf-8")))


def schema_validator(cli: Cli, *args: str) -> Any:
    import jsonschema  # a test dependency: the only way to know an editor can use the schema

    schema = json.loads(cli("schema", *args).stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_the_schema_accepts_every_reference_record(cli: Cli) -> None:
    validator = schema_validator(cli)
    paths = sorted((REPO_ROOT / "records").rglob("*.yaml"))
    assert len(paths) > 20
    for path in paths:
        assert [e.message for e in validator.iter_errors(as_an_editor_reads_it(path))] == [], path


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("summray", "x"),
        ("type", "weak"),
        ("summary", "  "),
        ("centres", []),
        ("action", {"owner": "Huyện ủy", "due": "24/11/2022"}),
    ],
)
def test_the_schema_rejects_what_lint_rejects(cli: Cli, field: str, value: Any) -> None:
    finding = as_an_editor_reads_it(REPO_ROOT / "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-07.yaml")
    assert schema_validator(cli).is_valid(finding)
    assert not schema_validator(cli).is_valid({**finding, field: value})


def test_the_schema_of_one_kind(cli: Cli) -> None:
    validator = schema_validator(cli, "--kind", "centre")
    assert validator.is_valid(as_an_editor_reads_it(REPO_ROOT / "records/centres/ttct-chi-lang.yaml"))
    assert not validator.is_valid(as_an_editor_reads_it(REPO_ROOT / "records/plans/2022-84-kh-dkt.yaml"))


def test_schema_of_an_unknown_kind_is_a_usage_error(cli: Cli) -> None:
    result = cli("schema", "--kind", "finding2")
    assert result.exit_code == 2
    assert "unknown kind 'finding2'" in result.stderr


def test_lint_without_changed_loads_no_git_or_diff_module() -> None:
    # `lint` builds its Scope from review.py in every pre-commit hook: reading git history and
    # comparing two sides (snapshot, changes, gitrev) is loaded only by `diff` and `lint --changed`.
    wanted = ("inspectkit.changes", "inspectkit.snapshot", "inspectkit.gitrev", "inspectkit.fieldchanges")
    code = (
        f"import sys, inspectkit.cli, inspectkit.review; print([m for m in {wanted!r} if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
