"""Rendering rows and records as text: a table, JSON, CSV (for Excel) or YAML.

Functions return strings; the CLI prints them. rich is imported only when a table is drawn in
colour (on a terminal); PyYAML only when YAML is written.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Column:
    """One column: its header, how to get its value from a row, and how it behaves in a table.

    `wrap=False` keeps a value on one line (ids, dates); `ratio` shares out the remaining width
    among the wrapping columns, so long Vietnamese text wraps at spaces, never inside a word.
    On a narrow terminal, columns with a `drop` rank are left out, highest first, until it fits.
    """

    header: str
    get: Callable[[Any], Any]
    wrap: bool = True
    ratio: int | None = None
    justify: str = "left"
    drop: int = 0  # when the table is too wide, columns with the highest `drop` go first; 0: never


def cell(value: Any, sep: str = ", ") -> str:
    """A value as one cell: dates ISO, lists joined with `sep`, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return sep.join(cell(v) for v in value)
    return str(value)


_MIN_TEXT = 24  # a wrapping column narrower than this is hard to read
_MIN_SQUEEZED = 8  # but when every other column must stay, it may shrink to this (or its longest word)


def _layout(texts: list[list[str]], columns: Sequence[Column], width: int) -> list[int]:
    """Column widths: each column as wide as its longest line, except the `ratio` columns, which
    share what is left of `width`. Columns with a `drop` rank are left out (width 0) while the
    wrapping columns would be narrower than is comfortable (`_MIN_TEXT`); the columns that are
    never dropped stay, and the wrapping columns shrink to fit (down to `_MIN_SQUEEZED`, or their
    longest word when shorter). Only when even that is too wide is the table wider than `width`."""
    natural = [
        max([len(col.header), *(len(line) for row in texts for line in row[i].split("\n"))])
        for i, col in enumerate(columns)
    ]
    flexible = [i for i, col in enumerate(columns) if col.ratio]
    top = max([columns[i].ratio or 1 for i in flexible], default=1)
    floor = {i: min(natural[i], max(12, _MIN_TEXT * (columns[i].ratio or 1) // top)) for i in flexible}
    kept = list(range(len(columns)))

    def needed() -> int:
        return sum(floor.get(i, natural[i]) for i in kept) + _GAP * (len(kept) - 1)

    for i in sorted((i for i, c in enumerate(columns) if c.drop), key=lambda i: -columns[i].drop):
        if needed() <= width:
            break
        kept.remove(i)
    widths = [natural[i] if i in kept else 0 for i in range(len(columns))]
    flexible = [i for i in flexible if i in kept]
    if not flexible:
        return widths
    fixed = sum(natural[i] for i in kept if i not in flexible)
    left = width - fixed - _GAP * (len(kept) - 1)
    for i in flexible:
        longest = max([1, *(len(w) for row in texts for w in row[i].split())])
        widths[i] = min(natural[i], max(len(columns[i].header), min(longest, _MIN_SQUEEZED)))
    # Share what is left by ratio (a column never wider than its longest line); what a column
    # cannot take goes to the others.
    while True:
        growing = [i for i in flexible if widths[i] < natural[i]]
        spare = left - sum(widths[i] for i in flexible)
        if spare <= 0 or not growing:
            break
        total = sum(columns[i].ratio or 0 for i in growing)
        for i in growing:
            widths[i] += min(natural[i] - widths[i], max(1, spare * (columns[i].ratio or 0) // total))
            if sum(widths[j] for j in flexible) >= left:
                break
    return widths


_GAP = 3  # between two columns: padding, the (blank) rule, padding


def _wrap(text: str, width: int) -> str:
    """Wrap at spaces only (Vietnamese syllables are words); a word longer than the column is cut."""
    import textwrap

    out: list[str] = []
    for line in text.split("\n"):
        simple = _greedy(line, width)
        out.extend(
            simple if simple is not None else textwrap.wrap(line, width, break_on_hyphens=False) or [""]
        )
    return "\n".join(out)


# any blank but the space (textwrap splits at some, and drops a word that is only blanks)
_OTHER_BLANKS = re.compile(r"[^\S ]")


def _greedy(line: str, width: int) -> list[str] | None:
    """What `textwrap.wrap(line, width, break_on_hyphens=False)` gives, for a line of words
    separated by single spaces that each fit the width (most cells), several times faster; None
    for any other line (a test checks both agree)."""
    if (
        not line
        or width < 1
        or "  " in line
        or line[0] == " "
        or line[-1] == " "
        or _OTHER_BLANKS.search(line)
    ):
        return None
    words = line.split(" ")
    if max(map(len, words)) > width:
        return None
    lines: list[str] = []
    start = 0  # the first word of the line being made
    used = len(words[0])
    for n in range(1, len(words)):
        size = len(words[n])
        if used + 1 + size > width:
            lines.append(" ".join(words[start:n]))
            start, used = n, size
        else:
            used += 1 + size
    lines.append(" ".join(words[start:]))
    return lines


def render_table(
    rows: Sequence[Any],
    columns: Sequence[Column],
    *,
    title: str | None = None,
    width: int | None = None,
    color: bool = False,
    rich_body: bool = False,
) -> str:
    """A table as text. Cells are plain text (no rich markup is read from the data).

    The layout is computed here and cells are wrapped at spaces (Vietnamese reads well so). The
    rows are laid out here; so are the title, header and rule of a table without colour (as rich
    draws them: the tests check both give the same text), so that a listing piped to a file or
    another program does not import rich. With colour (or `rich_body=True`, slower) rich draws
    them.
    """
    width = width or 100
    texts = [[cell(col.get(row), "\n") for col in columns] for row in rows]  # a list: one item a line
    widths = _layout(texts, columns, width)
    keep = [i for i, w in enumerate(widths) if w > 0]
    columns = [columns[i] for i in keep]
    texts = [[row[i] for i in keep] for row in texts]
    widths = [widths[i] for i in keep]
    wrapped = [
        [
            _wrap(text, w) if col.ratio and len(text) > w else text
            for text, col, w in zip(row, columns, widths, strict=True)
        ]
        for row in texts
    ]
    plain = _plain_head(title, columns, widths) if not (color or rich_body) else None
    lines = (
        plain if plain is not None else _rich_head(title, columns, widths, wrapped, width, color, rich_body)
    )
    if not rich_body:
        lines.extend(_body(wrapped, columns, widths))
    return "\n".join(lines) + "\n"


def _plain_head(title: str | None, columns: Sequence[Column], widths: list[int]) -> list[str] | None:
    """The title, header and rule as rich draws them without colour; None when rich would wrap the
    title or a header (then rich draws them)."""
    total = sum(widths) + _GAP * (len(widths) - 1)
    if (title is not None and (len(title) > total or "\n" in title)) or any(
        len(col.header) > w or "\n" in col.header for col, w in zip(columns, widths, strict=True)
    ):
        return None
    (head,) = _body([[col.header for col in columns]], columns, widths)
    return [*([title.rstrip()] if title is not None else []), head, "\u2500" * total]


def _rich_head(
    title: str | None,
    columns: Sequence[Column],
    widths: list[int],
    wrapped: list[list[str]],
    width: int,
    color: bool,
    rich_body: bool,
) -> list[str]:
    """The title, header and rule drawn by rich (and the rows too with `rich_body`)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=title,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        header_style="bold" if color else "",
        title_style="bold" if color else "",
        title_justify="left",
        pad_edge=False,
    )
    for col, col_width in zip(columns, widths, strict=True):
        table.add_column(col.header, width=col_width, no_wrap=True, overflow="fold", justify=col.justify)  # type: ignore[arg-type]
    if rich_body:
        for row in wrapped:
            table.add_row(*(Text(text) for text in row))
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=max(width, sum(widths) + _GAP * (len(widths) - 1)),
        force_terminal=color,
        no_color=not color,
        color_system="auto" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(table)
    lines = [line.rstrip() for line in buffer.getvalue().split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _body(rows: list[list[str]], columns: Sequence[Column], widths: list[int]) -> Iterable[str]:
    """The rows as rich draws them in this table style (checked by the tests), without its cost per
    cell: a thousand rows in milliseconds, not half a second."""
    gap = " " * _GAP
    for row in rows:
        cells = [text.split("\n") for text in row]
        for k in range(max(len(c) for c in cells)):
            parts = []
            for lines, col, w in zip(cells, columns, widths, strict=True):
                text = lines[k] if k < len(lines) else ""
                parts.append(text.rjust(w) if col.justify == "right" else text.ljust(w))
            yield gap.join(parts).rstrip()


# A spreadsheet runs a cell starting with one of these as a formula (`=HYPERLINK(…)`, `+1+cmd|…`,
# `@SUM(…)`; a tab or CR before them too): OWASP's rule is to make such a cell text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def spreadsheet_cell(text: str) -> str:
    """`text` as a spreadsheet shows it without running it: a leading `'` (which Excel and
    LibreOffice read as "this is text" and do not show) before a cell that would start a formula.
    A plain number (`-3`) is no formula and stays a number."""
    if text.startswith(_FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def to_csv(rows: Sequence[Any], columns: Sequence[Column]) -> str:
    """CSV that Excel opens right: UTF-8 with a BOM (so Vietnamese shows), CRLF line ends, fields
    quoted when they hold a comma, a quote or a line break, and no cell a spreadsheet would run as
    a formula (`spreadsheet_cell`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([spreadsheet_cell(c.header) for c in columns])
    for row in rows:
        writer.writerow([spreadsheet_cell(cell(c.get(row))) for c in columns])
    return "\ufeff" + buffer.getvalue()


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_json(value: Any) -> str:
    """JSON with Vietnamese text as it is (not \\u escapes) and dates as ISO strings."""
    return json.dumps(value, ensure_ascii=False, indent=2, default=_default) + "\n"


def to_yaml(value: Any) -> str:
    """YAML as a person writes it (the one YAML writer: `show`, `list --format yaml`, new records)."""
    import yaml

    return yaml.dump(
        value, Dumper=_dumper(), allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096
    )


@lru_cache(maxsize=1)
def _dumper() -> type[Any]:
    """Block style as FORMAT.md writes records: lists indented under their key (`  - `), text of
    several lines as a literal block (`|`). (Made when first used: PyYAML is imported only by the
    commands that write YAML.)"""
    import yaml

    class Dumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            super().increase_indent(flow, False)

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return Dumper
