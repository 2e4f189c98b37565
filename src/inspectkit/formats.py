"""The one registry of output formats, for lint and the queries.

A format is one class: a `name`, a `help` line, and a method for each kind of output it can
write, among

- `lint(result)`: the diagnostics of `inspectkit lint`;
- `records(rows)`: the records `inspectkit list` selected;
- `board(rows)`: the follow-up board of `inspectkit actions`;
- `record(shown)`: one record and its links, `inspectkit show`;
- `stats(stats)`: the counts of `inspectkit stats`.

Each method returns text, or bytes written as they are (CSV keeps its BOM and CRLF; a binary
format such as a spreadsheet returns bytes). The CLI offers, for each command, the formats that
have its method. Adding a format is one class here and one line in `FORMATS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from inspectkit.linter import LintResult
    from inspectkit.tables import Column

Output = str | bytes

SUBJECTS = ("lint", "records", "board", "record", "stats")


@dataclass(frozen=True)
class Terminal:
    """Where the output goes: the width of a table, and whether colour may be used."""

    width: int = 100
    color: bool = False


@dataclass
class Rows:
    """A listing: `rows` shown with `columns` on a terminal, `sheet_columns` in a spreadsheet,
    `data` as JSON or YAML; `footer` is the count line under a table."""

    rows: Sequence[Any]
    columns: Sequence[Column]
    sheet_columns: Sequence[Column]
    data: list[dict[str, Any]]
    footer: str


@dataclass
class Shown:
    """One record and what links to it (`show`)."""

    id: str | None
    kind: str | None
    path: str
    data: dict[str, Any]
    links: dict[str, Any]


@dataclass
class StatsView:
    data: dict[str, Any]
    plan: str | None
    today: date


class OutputFormat:
    """Base of every format. A subclass writes the outputs whose methods it defines."""

    name: ClassVar[str]
    help: ClassVar[str]
    binary: ClassVar[bool] = False  # not text: never printed to a terminal

    def __init__(self, terminal: Terminal | None = None) -> None:
        self.terminal = terminal or Terminal()

    def lint(self, result: LintResult) -> Output:
        raise NotImplementedError

    def records(self, rows: Rows) -> Output:
        raise NotImplementedError

    def board(self, rows: Rows) -> Output:
        raise NotImplementedError

    def record(self, shown: Shown) -> Output:
        raise NotImplementedError

    def stats(self, stats: StatsView) -> Output:
        raise NotImplementedError

    @classmethod
    def writes(cls, subject: str) -> bool:
        """True when this format has the method for `subject` (one of SUBJECTS)."""
        return getattr(cls, subject) is not getattr(OutputFormat, subject)


class TextFormat(OutputFormat):
    name = "text"
    help = "lines for people: `path:line:col: CODE severity: message`; a record as YAML"

    def lint(self, result: LintResult) -> Output:
        from inspectkit.reporters import TextReporter

        return TextReporter(self.terminal.color).render(result)

    def record(self, shown: Shown) -> Output:
        from inspectkit.tables import to_yaml

        text = f"# {shown.kind} {shown.id} ({shown.path})\n" + to_yaml(shown.data)
        if shown.links:
            text += "\n# links\n" + to_yaml(shown.links)
        return text


class TableFormat(OutputFormat):
    name = "table"
    help = "a table sized to the terminal"

    def records(self, rows: Rows) -> Output:
        return self._table(rows)

    def board(self, rows: Rows) -> Output:
        return self._table(rows)

    def _table(self, rows: Rows) -> str:
        from inspectkit.tables import render_table

        table = ""
        if rows.rows:
            table = (
                render_table(rows.rows, rows.columns, width=self.terminal.width, color=self.terminal.color)
                + "\n"
            )
        return table + rows.footer + "\n"

    def stats(self, stats: StatsView) -> Output:
        from inspectkit.views import render_stats

        shown = render_stats(
            stats.data, stats.plan, stats.today, width=self.terminal.width, color=self.terminal.color
        )
        return shown + "\n"


class JsonFormat(OutputFormat):
    name = "json"
    help = "JSON, for scripts"

    def lint(self, result: LintResult) -> Output:
        from inspectkit.reporters import JsonReporter

        return JsonReporter().render(result)

    def records(self, rows: Rows) -> Output:
        from inspectkit.tables import to_json

        return to_json(rows.data)

    def board(self, rows: Rows) -> Output:
        return self.records(rows)

    def record(self, shown: Shown) -> Output:
        from inspectkit.tables import to_json

        payload = {"id": shown.id, "kind": shown.kind, "path": shown.path, "record": shown.data}
        return to_json({**payload, "links": shown.links})

    def stats(self, stats: StatsView) -> Output:
        from inspectkit.tables import to_json

        return to_json(stats.data)


class CsvFormat(OutputFormat):
    name = "csv"
    help = "CSV for Excel (UTF-8 with BOM, CRLF; cells that would start a formula are made text)"

    def records(self, rows: Rows) -> Output:
        from inspectkit.tables import to_csv

        return to_csv(rows.rows, rows.sheet_columns).encode("utf-8")

    def board(self, rows: Rows) -> Output:
        return self.records(rows)


class YamlFormat(OutputFormat):
    name = "yaml"
    help = "YAML"

    def records(self, rows: Rows) -> Output:
        from inspectkit.tables import to_yaml

        return to_yaml(rows.data)


class GithubFormat(OutputFormat):
    name = "github"
    help = "GitHub workflow annotations"

    def lint(self, result: LintResult) -> Output:
        from inspectkit.reporters import GithubReporter

        return GithubReporter().render(result)


class XlsxFormat(OutputFormat):
    name = "xlsx"
    help = "an Excel workbook (binary: redirect it to a file, > out.xlsx); see docs/export.md"
    binary = True

    def records(self, rows: Rows) -> Output:
        from inspectkit.export.xlsx import rows_sheet, workbook

        return workbook([rows_sheet("records", rows.rows, rows.sheet_columns)])

    def board(self, rows: Rows) -> Output:
        from inspectkit.export.xlsx import rows_sheet, workbook

        return workbook([rows_sheet("actions", rows.rows, rows.sheet_columns)])

    def stats(self, stats: StatsView) -> Output:
        from inspectkit.export.xlsx import stats_sheets, workbook

        return workbook(stats_sheets(stats.data))


FORMATS: dict[str, type[OutputFormat]] = {
    f.name: f for f in (TextFormat, TableFormat, JsonFormat, CsvFormat, YamlFormat, GithubFormat, XlsxFormat)
}


def names_for(subject: str) -> list[str]:
    """The formats that write `subject`, in registry order (the first is the default)."""
    return [name for name, fmt in FORMATS.items() if fmt.writes(subject)]


def choices_help(subject: str) -> str:
    """`table, json, csv or yaml`: the formats of a command, for its --format help."""
    names = names_for(subject)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def render(name: str, subject: str, value: Any, terminal: Terminal | None = None) -> Output:
    """`value` written as `subject` in the format `name` (UsageError for one that does not write it)."""
    from inspectkit.errors import UsageError

    fmt = FORMATS.get(name)
    if fmt is None or not fmt.writes(subject):
        raise UsageError(f"--format: '{name}' is not a format here: choose {choices_help(subject)}")
    method = getattr(fmt(terminal), subject)
    result: Output = method(value)
    return result


# lint's CI formats (sarif, gitlab, junit, auto) live with their reporters in reporters_ci.py.
from inspectkit.reporters_ci import CI_FORMATS  # noqa: E402

FORMATS.update({f.name: f for f in CI_FORMATS})
