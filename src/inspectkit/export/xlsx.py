"""XLSX workbooks with XlsxWriter: one sheet per table, what an office expects to open.

Header row frozen and bold, filters on, column widths from the content (a longer text wraps, in
a row made tall enough), printed landscape on A4 with the header row and first column on every
page, dates as Excel dates shown dd/mm/yyyy, numbers as numbers. Text that a
spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first) is stored as
text with Excel's quote prefix, so it shows and round-trips as written but is never evaluated,
not even when the cell is edited.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from inspectkit.tables import Column, cell, spreadsheet_cell

_MAX_WIDTH = 60
_SHEET_NAME_MAX = 31  # Excel's limit
_LINE_POINTS = 15  # the height of a line of the default font (Calibri 11)


def formula_like(text: str) -> bool:
    """True when a spreadsheet would run `text` as a formula: the CSV rule (`tables.spreadsheet_cell`)."""
    return spreadsheet_cell(text) != text


@dataclass(frozen=True)
class Sheet:
    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """The XLSX file holding `sheets`, as bytes (the caller writes them atomically)."""
    import xlsxwriter  # heavy-ish: only when a workbook is made

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            # Text stays text: no formula, number or URL guessing on strings.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    header = book.add_format({"bold": True, "bg_color": "#DDE5F0", "border": 1, "text_wrap": True})
    # Every cell at the top of its row: a row grows when a long text in it wraps.
    top = book.add_format({"valign": "top"})
    formats = _Formats(
        day=book.add_format({"num_format": "dd/mm/yyyy", "valign": "top"}),
        text={
            (quote, wrap): book.add_format({"quote_prefix": quote, "text_wrap": wrap, "valign": "top"})
            for quote in (False, True)
            for wrap in (False, True)
        },
    )
    for sheet in sheets:
        ws = book.add_worksheet(sheet.name[:_SHEET_NAME_MAX])
        widths = [len(h) for h in sheet.headers]
        for col, title in enumerate(sheet.headers):
            ws.write_string(0, col, title, header)
        last = 0
        for last, row in enumerate(sheet.rows, 1):
            lines = 1
            for col, value in enumerate(row):
                shown, height = _write(ws, last, col, value, formats)
                widths[col] = max(widths[col], shown)
                lines = max(lines, height)
            if lines > 1:  # spreadsheets do not grow a row for wrapped text on opening
                ws.set_row(last, _LINE_POINTS * lines)
        for col, width in enumerate(widths):
            ws.set_column(col, col, min(width, _MAX_WIDTH) + 2, top)
        ws.freeze_panes(1, 0)
        # Printed, a listing's columns run over several pages: each page carries the header row
        # and the first column (a finding's id beside its summary), landscape on A4.
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.repeat_rows(0)
        ws.repeat_columns(0)
        if sheet.headers:
            ws.autofilter(0, 0, max(last, 1), len(sheet.headers) - 1)
    book.close()
    return buffer.getvalue()


@dataclass(frozen=True)
class _Formats:
    day: Any
    text: dict[tuple[bool, bool], Any]  # (quote prefix, wrapped) -> format


def _write(ws: Any, row: int, col: int, value: Any, formats: _Formats) -> tuple[int, int]:
    """Write one cell; returns how many characters wide and how many lines high it shows (for
    the column's width and the row's height)."""
    if value is None:
        return 0, 1
    if isinstance(value, bool):
        ws.write_boolean(row, col, value)
        return 5, 1
    if isinstance(value, (int, float)):
        ws.write_number(row, col, value)
        return len(str(value)), 1
    if isinstance(value, date) and not isinstance(value, datetime):
        ws.write_datetime(row, col, datetime(value.year, value.month, value.day), formats.day)
        return 10, 1
    text = cell(value)
    lines = text.split("\n")
    longest = max(len(line) for line in lines)
    # A text wider than a column may be, or of several lines, wraps: cut at the column's edge, a
    # summary would hide its end under the next cell. A line wraps at a word, a little short of
    # the column's width.
    wrapped = longest > _MAX_WIDTH or len(lines) > 1
    ws.write_string(row, col, text, formats.text[formula_like(text), wrapped])
    return longest, sum(-(-len(line) // (_MAX_WIDTH - 5)) or 1 for line in lines)


def rows_sheet(name: str, rows: Sequence[Any], columns: Sequence[Column]) -> Sheet:
    """A listing (`list`, `actions`) as a sheet: the spreadsheet columns, values with their types."""
    return Sheet(name, [c.header for c in columns], ([c.get(r) for c in columns] for r in rows))


def stats_sheets(data: dict[str, Any]) -> list[Sheet]:
    """`inspectkit stats` as sheets: findings by centre and type, by topic, actions by status."""
    types: list[str] = data["types"]
    centre_rows = [[r["centre"], r["name"], *(r[t] for t in types), r["total"]] for r in data["by_centre"]]
    centre_rows.append(["all", "(each finding once)", *(data["by_type"][t] for t in types), data["findings"]])
    actions = data["actions"]
    return [
        Sheet("by centre", ["centre", "name", *types, "total"], centre_rows),
        Sheet(
            "by topic",
            ["topic", "title", "findings"],
            [[r["topic"], r["title"], r["findings"]] for r in data["by_topic"]],
        ),
        Sheet(
            "actions",
            ["status", "actions"],
            [
                *([s, n] for s, n in actions["by_status"].items()),
                ["total", actions["total"]],
                ["overdue", actions["overdue"]],
            ],
        ),
        Sheet(
            "about", ["key", "value"], [["plan", data["plan"] or "(all)"], ["overdue as of", data["today"]]]
        ),
    ]
