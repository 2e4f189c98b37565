"""`inspectkit export`: one table schema written as SQLite, Parquet, XLSX and JSON Lines, each of
which reads back to the figures `inspectkit stats` gives."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import sys
import threading
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import WriteFn
from inspectkit.export.schema import SCHEMA_VERSION, TABLES
from views_fixtures import ROOT, copy_reference

Cli = Callable[..., Any]
TODAY = "2024-06-01"


@pytest.fixture
def reference(repo: Path) -> Path:
    return copy_reference(repo)


def _stats(cli: Cli) -> dict[str, Any]:
    result = cli("stats", "--today", TODAY, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _figures(findings: list[str], actions: list[str]) -> tuple[dict[str, int], dict[str, int]]:
    return dict(Counter(findings)), dict(Counter(actions))


def _expected(stats: dict[str, Any]) -> tuple[dict[str, int], dict[str, int]]:
    by_type = {t: n for t, n in stats["by_type"].items() if n}
    by_status = {s: n for s, n in stats["actions"]["by_status"].items() if n}
    return by_type, by_status


def test_sqlite_export_reads_back_to_the_figures_of_stats(reference: Path, cli: Cli) -> None:
    result = cli("export", "--to", "sqlite", "-o", "out.sqlite")
    assert result.exit_code == 0, result.output
    con = sqlite3.connect(reference / "out.sqlite")
    findings = [r[0] for r in con.execute("SELECT type FROM findings")]
    actions = [r[0] for r in con.execute("SELECT status FROM actions")]
    assert _figures(findings, actions) == _expected(_stats(cli))


def test_sqlite_export_declares_keys_and_date_columns(reference: Path, cli: Cli) -> None:
    cli("export", "--to", "sqlite", "-o", "out.sqlite")
    con = sqlite3.connect(reference / "out.sqlite")
    columns = {row[1]: (row[2], row[5]) for row in con.execute("PRAGMA table_info(plans)")}
    assert columns["id"] == ("TEXT", 1)
    assert columns["issued"][0] == "DATE"
    # ISO text, so that SQLite's date functions read it
    assert con.execute("SELECT issued, date(issued, '+1 day') FROM plans").fetchone() == (
        "2022-11-03",
        "2022-11-04",
    )
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (SCHEMA_VERSION,)


def test_jsonl_export_reads_back_to_the_figures_of_stats(reference: Path, cli: Cli) -> None:
    assert cli("export", "--to", "jsonl", "-o", "out.jsonl").exit_code == 0
    lines = [json.loads(line) for line in (reference / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    findings = [x["row"]["type"] for x in lines if x["table"] == "findings"]
    actions = [x["row"]["status"] for x in lines if x["table"] == "actions"]
    assert _figures(findings, actions) == _expected(_stats(cli))
    assert lines[0] == {"table": "meta", "row": {"key": "schema_version", "value": SCHEMA_VERSION}}


def test_parquet_export_reads_back_to_the_figures_of_stats_with_typed_dates(
    reference: Path, cli: Cli
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    assert cli("export", "--to", "parquet", "-o", "pq").exit_code == 0
    assert sorted(p.stem for p in (reference / "pq").glob("*.parquet")) == sorted(t.name for t in TABLES)
    findings = pq.read_table(reference / "pq" / "findings.parquet").column("type").to_pylist()
    actions_table = pq.read_table(reference / "pq" / "actions.parquet")
    assert _figures(findings, actions_table.column("status").to_pylist()) == _expected(_stats(cli))
    assert str(actions_table.schema.field("due").type) == "date32[day]"
    assert date(2023, 6, 30) in actions_table.column("due").to_pylist()


def test_xlsx_export_reads_back_to_the_figures_of_stats(reference: Path, cli: Cli) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    assert cli("export", "--to", "xlsx", "-o", "out.xlsx").exit_code == 0
    book = openpyxl.load_workbook(reference / "out.xlsx")
    assert book.sheetnames == [t.name for t in TABLES]
    findings = [r[3] for r in book["findings"].iter_rows(min_row=2, values_only=True)]
    actions = [r[3] for r in book["actions"].iter_rows(min_row=2, values_only=True)]
    assert _figures(findings, actions) == _expected(_stats(cli))


def test_xlsx_sheets_have_a_frozen_header_filters_widths_and_excel_dates(reference: Path, cli: Cli) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    cli("export", "--to", "xlsx", "-o", "out.xlsx")
    sheet = openpyxl.load_workbook(reference / "out.xlsx")["plans"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["F"].width > 40  # the title column is wide
    issued = sheet["C2"]
    assert issued.value == datetime(2022, 11, 3) and issued.is_date
    assert issued.number_format == "dd/mm/yyyy"
    assert sheet["B2"].value == "84-KH/ĐKT"  # Vietnamese intact


def test_xlsx_keeps_formula_like_text_as_text(repo: Path, write: WriteFn, cli: Cli) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    write(
        "records/centres/c1.yaml",
        """
        kind: centre
        id: c1
        name: "=HYPERLINK(\\"http://x\\",\\"bấm\\")"
        district: "+1 đơn vị"
        """,
    )
    assert cli("export", "--to", "xlsx", "-o", "out.xlsx").exit_code == 0
    sheet = openpyxl.load_workbook(repo / "out.xlsx")["centres"]
    name, district = sheet["B2"], sheet["D2"]
    assert name.value == '=HYPERLINK("http://x","bấm")' and name.data_type == "s"
    assert name.quotePrefix and district.quotePrefix  # Excel shows it, never evaluates it
    assert district.value == "+1 đơn vị"


def test_xlsx_wraps_a_long_text_in_a_row_tall_enough_to_show_it(reference: Path, cli: Cli) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    assert cli("export", "--to", "xlsx", "-o", "out.xlsx").exit_code == 0
    sheet = openpyxl.load_workbook(reference / "out.xlsx")["findings"]
    header = [c.value for c in sheet[1]]
    detail = header.index("detail") + 1
    longest = max(range(2, sheet.max_row + 1), key=lambda row: len(sheet.cell(row, detail).value or ""))
    text = sheet.cell(longest, detail)
    assert len(text.value) > 3 * sheet.column_dimensions[text.column_letter].width  # several lines
    assert text.alignment.wrap_text and text.alignment.vertical == "top"
    assert sheet.row_dimensions[longest].height >= 15 * 3  # not cut to one line, nor drawn over the next row
    short = sheet.cell(longest, 1)  # its id: one line, at the top of the tall row beside the text
    assert not short.alignment.wrap_text and short.alignment.vertical == "top"


def test_xlsx_printed_pages_each_carry_the_header_row_and_the_id_column(reference: Path, cli: Cli) -> None:
    # Printed, the findings ran over six pages and the one with the summaries showed no ids.
    openpyxl = pytest.importorskip("openpyxl")
    assert cli("export", "--to", "xlsx", "-o", "out.xlsx").exit_code == 0
    book = openpyxl.load_workbook(reference / "out.xlsx")
    for sheet in book.worksheets:
        assert sheet.print_title_rows == "$1:$1", sheet.title
        assert sheet.print_title_cols == "$A:$A", sheet.title
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.page_setup.paperSize == 9, sheet.title  # A4


def test_export_refuses_a_folder_as_a_file_target(reference: Path, cli: Cli) -> None:
    (reference / "taken").mkdir()
    result = cli("export", "--to", "sqlite", "-o", "taken")
    assert result.exit_code == 1
    assert "is a folder" in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("to", ["sqlite", "xlsx", "jsonl"])
def test_export_to_a_fifo_writes_into_it_and_leaves_it_a_fifo(reference: Path, cli: Cli, to: str) -> None:
    fifo = reference / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = cli("export", "--to", to, "-o", "pipe")
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # not replaced by a regular file
    start = {"sqlite": b"SQLite format 3\x00", "xlsx": b"PK", "jsonl": b'{"table": "meta"'}[to]
    assert received and received[0].startswith(start)


def test_parquet_export_refuses_a_folder_that_is_a_link(reference: Path, cli: Cli, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (reference / "pq").symlink_to(elsewhere)
    result = cli("export", "--to", "parquet", "-o", "pq")
    assert result.exit_code == 1
    assert "pq is a link" in result.output
    assert list(elsewhere.iterdir()) == []


def test_parquet_without_pyarrow_says_which_extra_to_install(
    reference: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("pyarrow", "pyarrow.parquet"):
        monkeypatch.setitem(sys.modules, name, None)  # Python's mark for a module that cannot be imported
    result = cli("export", "--to", "parquet", "-o", "pq")
    assert result.exit_code == 1
    assert "pip install 'inspectkit[analytics]'" in result.output
    assert not (reference / "pq").exists()


def test_list_actions_and_stats_write_xlsx(reference: Path, cli: Cli) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    for args, sheet_name in (
        (("list", "findings"), "records"),
        (("actions", "--today", TODAY), "actions"),
        (("stats", "--today", TODAY), "by centre"),
    ):
        result = cli(*args, "--format", "xlsx")
        assert result.exit_code == 0, result.output
        out = reference / f"{sheet_name}.xlsx"
        out.write_bytes(result.stdout_bytes)
        sheet = openpyxl.load_workbook(out)[sheet_name]
        assert sheet.freeze_panes == "A2"
    actions = openpyxl.load_workbook(reference / "actions.xlsx")["actions"]
    header = [c.value for c in actions[1]]
    assert header[:3] == ["id", "owner", "due"]
    assert actions.max_row - 1 == len(json.loads(cli("actions", "--format", "json").stdout))


def test_docs_export_md_describes_every_table_and_column() -> None:
    text = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    assert f"Schema version {SCHEMA_VERSION}" in text
    for table in TABLES:
        section = re.search(rf"^### `{table.name}`\n(.*?)(?=^### |\Z)", text, re.S | re.M)
        assert section, f"docs/export.md has no section for {table.name}"
        documented = re.findall(r"^\| `([a-z_]+)` \|", section.group(1), re.M)
        assert documented == [c.name for c in table.columns], table.name
