"""`inspectkit sql`: DuckDB over this repository's tables or over many Parquet exports."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from views_fixtures import copy_reference, generate

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

Cli = Callable[..., Any]


def _json(cli: Cli, *args: str) -> list[dict[str, Any]]:
    result = cli("sql", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_sql_runs_over_the_current_repository(repo: Path, cli: Cli) -> None:
    copy_reference(repo)
    rows = _json(cli, "SELECT type, count(*) AS n FROM findings GROUP BY type ORDER BY type")
    stats = json.loads(cli("stats", "--format", "json").stdout)
    assert {r["type"]: r["n"] for r in rows} == {t: n for t, n in stats["by_type"].items() if n}


def test_sql_dates_are_dates(repo: Path, cli: Cli) -> None:
    copy_reference(repo)
    [row] = _json(cli, "SELECT issued + INTERVAL 1 DAY AS next_day, year(issued) AS y FROM plans")
    assert row == {"next_day": "2022-11-04 00:00:00", "y": 2022}


def test_sql_from_three_exports_adds_up_their_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    """The superior body's path: three provinces export Parquet; one query sums them."""
    expected_findings = expected_actions = 0
    for i, size in enumerate((40, 60, 90)):
        province = generate(tmp_path / f"province-{i}", size, seed=i)
        monkeypatch.chdir(province)
        stats = json.loads(cli("stats", "--format", "json").stdout)
        expected_findings += stats["findings"]
        expected_actions += stats["actions"]["total"]
        assert cli("export", "--to", "parquet", "-o", str(tmp_path / "exports" / f"p{i}")).exit_code == 0
    monkeypatch.chdir(tmp_path)
    rows = _json(
        cli,
        "--from",
        "exports/*",
        "SELECT (SELECT count(*) FROM findings) AS findings, (SELECT count(*) FROM actions) AS actions, "
        "(SELECT count(DISTINCT source) FROM findings) AS sources",
    )
    assert rows == [{"findings": expected_findings, "actions": expected_actions, "sources": 3}]


def test_sql_from_names_each_rows_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli) -> None:
    for name in ("lang-son", "cao-bang"):
        monkeypatch.chdir(copy_reference(tmp_path / name))
        cli("export", "--to", "parquet", "-o", str(tmp_path / "out" / name))
    monkeypatch.chdir(tmp_path)
    rows = _json(
        cli,
        "--from",
        "out/lang-son",
        "--from",
        "out/cao-bang",
        "SELECT source, count(*) AS n FROM plans GROUP BY source ORDER BY source",
    )
    assert rows == [
        {"source": os.path.join("out", "cao-bang"), "n": 1},
        {"source": os.path.join("out", "lang-son"), "n": 1},
    ]


def test_sql_cannot_write_or_read_files(repo: Path, cli: Cli) -> None:
    copy_reference(repo)
    result = cli("sql", "COPY findings TO 'leak.csv'")
    assert result.exit_code == 2
    assert not (repo / "leak.csv").exists()
    assert cli("sql", "SELECT * FROM read_csv('inspectkit.toml')").exit_code == 2


def test_sql_error_is_one_line_with_exit_2(repo: Path, cli: Cli) -> None:
    copy_reference(repo)
    result = cli("sql", "SELECT * FROM nowhere")
    assert result.exit_code == 2
    assert "sql:" in result.output and "nowhere" in result.output
    assert "Traceback" not in result.output


def test_sql_from_a_folder_without_an_export_says_how_to_make_one(repo: Path, cli: Cli) -> None:
    (repo / "empty").mkdir()
    result = cli("sql", "--from", "empty", "SELECT 1")
    assert result.exit_code == 2
    assert "inspectkit export --to parquet" in result.output


def test_sql_without_duckdb_says_which_extra_to_install(
    repo: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_reference(repo)
    monkeypatch.setitem(sys.modules, "duckdb", None)  # Python's mark for a module that cannot be imported
    result = cli("sql", "SELECT 1")
    assert result.exit_code == 1
    assert "pip install 'inspectkit[analytics]'" in result.output


def test_sql_writes_csv_and_xlsx(repo: Path, cli: Cli) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    copy_reference(repo)
    csv_result = cli("sql", "SELECT name FROM centres ORDER BY id", "--format", "csv")
    assert csv_result.stdout_bytes.decode("utf-8-sig").splitlines() == [
        "name",
        "Trung tâm Chính trị huyện Chi Lăng",
        "Trung tâm Chính trị huyện Đình Lập",
    ]
    assert cli("sql", "SELECT * FROM plans", "--format", "xlsx", "-o", "plans.xlsx").exit_code == 0
    sheet = openpyxl.load_workbook(repo / "plans.xlsx")["result"]
    assert sheet["B2"].value == "84-KH/ĐKT" and sheet.freeze_panes == "A2"


@pytest.fixture(scope="module")
def connection(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from inspectkit import sqlquery
    from inspectkit.repository import load_repository
    from inspectkit.settings import load_settings

    root = copy_reference(tmp_path_factory.mktemp("sql"))
    return sqlquery.connect_repository(load_repository(load_settings(root)))


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(
        st.text(max_size=80),
        st.builds(
            lambda col, text: f"SELECT {col} FROM findings WHERE summary LIKE '%{text}%'",
            st.sampled_from(["id", "count(*)", "nope", "summary || ?", "1/0"]),
            st.text(max_size=20),
        ),
    )
)
def test_any_query_text_gives_rows_or_a_one_line_error(connection: Any, query: str) -> None:
    """User text as SQL: an answer or a SqlError (exit 2) whose message is one line, never a crash."""
    from inspectkit import sqlquery

    try:
        result = sqlquery.run(connection, query)
    except sqlquery.SqlError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("sql: ")
    else:
        assert all(len(row) == len(result.columns) for row in result.rows)
