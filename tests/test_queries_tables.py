"""tables.py: the table layout, and CSV/JSON/YAML rendering."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import WriteFn
from inspectkit.tables import Column, render_table, to_csv, to_json, to_yaml
from query_fixtures import make_records

Cli = Callable[..., Any]

ROWS: list[dict[str, Any]] = [
    {
        "id": "f-01",
        "text": "Các huyện chưa sắp xếp đủ biên chế cho trung tâm chính trị",
        "n": 5,
        "c": ["a", "bb"],
    },
    {"id": "f-2", "text": "Ngắn", "n": 12, "c": []},
    {"id": "f-300", "text": "[bold]không phải markup[/bold], Đình Lập", "n": None, "c": ["ccc"]},
]
COLUMNS = [
    Column("id", lambda r: r["id"], wrap=False),
    Column("list", lambda r: r["c"], drop=1),
    Column("text", lambda r: r["text"], ratio=1),
    Column("n", lambda r: r["n"], wrap=False, justify="right"),
]


@pytest.mark.parametrize("width", [30, 44, 60, 100])
@pytest.mark.parametrize("title", [None, "T", "Phát hiện theo đơn vị, một tiêu đề dài hơn cả bảng này"])
@pytest.mark.parametrize("rows", [ROWS, []], ids=["rows", "empty"])
def test_tables_are_drawn_as_rich_draws_them(width: int, title: str | None, rows: list[Any]) -> None:
    """Without colour the title, header, rule and rows are drawn here, not by rich."""
    fast = render_table(rows, COLUMNS, width=width, title=title)
    assert fast == render_table(rows, COLUMNS, width=width, title=title, rich_body=True)


def test_text_wraps_at_spaces_within_the_width() -> None:
    out = render_table(ROWS, COLUMNS, width=44)
    lines = out.splitlines()
    assert all(len(line) <= 44 for line in lines)
    words = {w for line in lines for w in line.split()}
    assert set(ROWS[0]["text"].split()) <= words


def test_a_narrow_table_drops_the_optional_column() -> None:
    out = render_table(ROWS, COLUMNS, width=30)
    assert "list" not in out.splitlines()[0]
    assert "list" in render_table(ROWS, COLUMNS, width=60).splitlines()[0]


def test_columns_never_dropped_stay_and_the_text_wraps_narrower_to_fit() -> None:
    columns = [
        Column("id", lambda r: r["id"], wrap=False),
        Column("state", lambda r: "in-progress", wrap=False),
        Column("text", lambda r: r["text"], ratio=1),
        Column("n", lambda r: r["n"], wrap=False, justify="right"),
    ]
    out = render_table(ROWS, columns, width=40)
    lines = out.splitlines()
    assert lines[0].split() == ["id", "state", "text", "n"]
    assert all(len(line) <= 40 for line in lines)
    assert set(ROWS[0]["text"].split()) <= {w for line in lines for w in line.split()}
    assert out == render_table(ROWS, columns, width=40, rich_body=True)


def test_markup_in_data_is_shown_as_it_is() -> None:
    assert "[bold]không" in render_table(ROWS, COLUMNS, width=100)


def test_csv_has_a_bom_crlf_and_quotes() -> None:
    text = to_csv(ROWS, COLUMNS)
    assert text.startswith("\ufeffid,list,text,n\r\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert rows[1] == ["f-01", "a, bb", ROWS[0]["text"], "5"]
    assert rows[3][2] == "[bold]không phải markup[/bold], Đình Lập"
    assert rows[2][3] == "12" and rows[3][3] == ""


def test_json_keeps_vietnamese_and_writes_dates_iso() -> None:
    assert json.loads(to_json({"d": date(2022, 11, 24), "t": "Đình Lập"})) == {
        "d": "2022-11-24",
        "t": "Đình Lập",
    }
    assert "Đình Lập" in to_json(["Đình Lập"])


def test_yaml_indents_lists_under_their_key() -> None:
    assert to_yaml({"a": ["x"], "d": date(2022, 11, 24)}) == "a:\n  - x\nd: 2022-11-24\n"


@pytest.mark.parametrize(
    "hostile",
    ['=HYPERLINK("http://x","y")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"],
)
def test_csv_cells_that_would_run_as_a_formula_are_made_text(hostile: str) -> None:
    text = to_csv([{"id": hostile}], [Column("id", lambda r: r["id"])])
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert rows[1] == ["'" + hostile]


@pytest.mark.parametrize("number", ["-3", "+4", "-0.5", "12"])
def test_csv_keeps_a_plain_number_a_number(number: str) -> None:
    text = to_csv([{"n": number}], [Column("n", lambda r: r["n"])])
    assert text.endswith(f"\r\n{number}\r\n")


def test_list_and_actions_csv_neutralise_formulas(repo: Path, write: WriteFn, cli: Cli) -> None:
    make_records(write)
    finding = repo / "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-03.yaml"
    finding.write_text(
        finding.read_text(encoding="utf-8")
        .replace(
            "summary: Tiếp tục tham mưu đào tạo lý luận chính trị", 'summary: "=HYPERLINK(\\"http://x\\")"'
        )
        .replace("owner: Ban Tuyên giáo Huyện ủy Chi Lăng", "owner: \"+1+cmd|' /C calc'!A0\""),
        encoding="utf-8",
    )
    listed = cli("list", "findings", "--format", "csv").stdout
    assert "'=HYPERLINK" in listed and ",=HYPERLINK" not in listed
    board = cli("actions", "--format", "csv").stdout
    assert "'+1+cmd" in board and ",+1+cmd" not in board


_WRAP_TEXT = st.lists(
    st.sampled_from(["a", "bc", "ệ", "Đình", " ", " ", "  ", "\t", "\xa0", "\u3000", "\x1c", "-", "x" * 9]),
    max_size=12,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(line=_WRAP_TEXT, width=st.integers(1, 14))
def test_the_quick_wrap_of_a_cell_is_textwraps(line: str, width: int) -> None:
    import textwrap

    from inspectkit.tables import _greedy

    quick = _greedy(line, width)
    assert quick is None or quick == textwrap.wrap(line, width, break_on_hyphens=False)


def test_a_cell_of_words_and_single_spaces_is_wrapped_quickly() -> None:
    from inspectkit.tables import _greedy

    assert _greedy("Chưa sắp xếp đủ biên chế", 10) == ["Chưa sắp", "xếp đủ", "biên chế"]
