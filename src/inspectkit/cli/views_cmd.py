"""`inspectkit site`, `export`, `sql` and `calendar`: the records for readers beyond the terminal.

Thin: options are parsed here; `site/`, `export/`, `sqlquery.py` and `calendar_ics.py` do the work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from inspectkit.cli.common import app, fail, load_settings_or_fail, parse_date_option, require_records_folder

if TYPE_CHECKING:
    from inspectkit.repository import Repository


class ExportFormat(str, Enum):
    sqlite = "sqlite"
    parquet = "parquet"
    xlsx = "xlsx"
    jsonl = "jsonl"


class SqlFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


def _repository() -> Repository:
    from inspectkit.repository import load_repository

    settings = load_settings_or_fail()
    require_records_folder(settings)
    return load_repository(settings)


@app.command()
def site(
    output: Path = typer.Option(Path("site"), "--output", "-o", help="Folder to write the site into."),
    today: str | None = typer.Option(
        None, "--today", metavar="YYYY-MM-DD", help="The date overdue is measured against (default: today)."
    ),
) -> None:
    """Build a static website of the records: figures, plans, centres, the follow-up board, search.

    It works offline, opened from the folder or served by any web server (docs/site.md). A
    previous site in the folder is replaced; any other non-empty folder is refused.
    """
    from inspectkit.site.builder import SiteError, build

    pinned = parse_date_option(today, "--today") or date.today()
    repo = _repository()
    try:
        built = build(repo, output, pinned)
    except SiteError as exc:
        fail(str(exc), 1)
    typer.echo(
        f"wrote {built.pages} pages for {built.records} records to {output}/ (open {output}/index.html)"
    )


@app.command()
def export(
    to: ExportFormat = typer.Option(..., "--to", help="sqlite, parquet (a folder), xlsx or jsonl."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File (a folder for parquet); default inspectkit-export.<format>."
    ),
) -> None:
    """Export every record as tables (schema in docs/export.md): for spreadsheets, SQL and aggregation.

    Parquet needs `pip install 'inspectkit[analytics]'`.
    """
    from inspectkit.export import schema, writers

    repo = _repository()
    data = schema.build(repo, source=str(repo.settings.root.name))
    try:
        path = writers.write(data, to.value, output)
    except writers.MissingExtra as exc:
        fail(str(exc), 1)
    except writers.ExportError as exc:
        fail(str(exc), 1)
    counts = ", ".join(f"{data.count(t)} {t}" for t in ("plans", "centres", "findings", "actions"))
    typer.echo(f"wrote {path} ({counts})")


def write_binary(data: bytes, output: Path | None, what: str) -> None:
    """Write a binary file to `output` (atomically), or to stdout when it is not a terminal."""
    import sys

    if output is not None:
        from inspectkit.files import write_atomic_bytes

        write_atomic_bytes(output, data, overwrite=True)
        typer.echo(f"wrote {output}", err=True)
        return
    if sys.stdout.isatty():
        fail(f"{what} is a binary file: give -o FILE.xlsx, or redirect the output to a file")
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


@app.command()
def calendar(
    output: Path | None = typer.Option(
        None, "--output", "-o", help="The .ics file to write (default: stdout)."
    ),
    owner: str | None = typer.Option(
        None, "--owner", help="Only actions whose owner contains this text (accents ignored); no visits."
    ),
    plan: str | None = typer.Option(
        None, "--plan", metavar="ID", help="Only this plan's visits and actions."
    ),
    today: str | None = typer.Option(
        None, "--today", metavar="YYYY-MM-DD", help="The date overdue is measured against (default: today)."
    ),
) -> None:
    """Visits and action due dates as an iCalendar file, for Outlook, Thunderbird, Google or a phone.

    Event UIDs are stable: importing the file again updates the events instead of duplicating them."""
    from inspectkit import queries
    from inspectkit.calendar_ics import calendar as make_calendar
    from inspectkit.errors import NotFound

    pinned = parse_date_option(today, "--today") or date.today()
    repo = _repository()
    if plan is not None:
        try:
            queries.find_record(repo, plan, "plan")
        except NotFound as exc:
            fail(f"--plan: {exc}")
    data = make_calendar(repo, today=pinned, owner=owner, plan=plan)
    if output is None:
        typer.echo(data, nl=False)
        return
    from inspectkit.files import write_atomic_bytes

    write_atomic_bytes(output, data, overwrite=True)
    typer.echo(f"wrote {output} ({data.count(b'BEGIN:VEVENT')} events)")


@app.command()
def sql(
    query: str = typer.Argument(
        ..., metavar="QUERY", help='SQL, e.g. "SELECT type, count(*) FROM findings GROUP BY type".'
    ),
    sources: list[str] = typer.Option(
        None,
        "--from",
        metavar="PATH",
        help="Parquet exports (folders from `export --to parquet`, files or globs) instead of this repository; "
        "repeatable. Each table gains a `source` column.",
    ),
    output_format: SqlFormat = typer.Option(
        SqlFormat.table, "--format", "-f", help="table, csv, json or xlsx."
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the result to this file."),
) -> None:
    """SQL over the export tables (docs/export.md) with DuckDB: this repository, or many exports.

    Needs `pip install 'inspectkit[analytics]'`. Queries only read: files cannot be read or written from SQL."""
    import shutil

    from inspectkit import sqlquery, tables
    from inspectkit.export.writers import MissingExtra

    try:
        con = sqlquery.connect_exports(sources) if sources else sqlquery.connect_repository(_repository())
        result = sqlquery.run(con, query)
    except MissingExtra as exc:
        fail(str(exc), 1)
    except sqlquery.SqlError as exc:
        fail(f"sql: {exc}")
    columns = [tables.Column(name, _item(i)) for i, name in enumerate(result.columns)]
    if output_format is SqlFormat.xlsx:
        from inspectkit.export.xlsx import Sheet, workbook

        write_binary(workbook([Sheet("result", result.columns, result.rows)]), output, "xlsx")
        return
    if output_format is SqlFormat.csv:
        text = tables.to_csv(result.rows, columns)
    elif output_format is SqlFormat.json:
        text = tables.to_json([dict(zip(result.columns, row, strict=True)) for row in result.rows])
    else:
        width = shutil.get_terminal_size((100, 24)).columns
        shown = tables.render_table(result.rows, columns, width=width, color=False) if result.rows else ""
        text = (
            shown
            + ("\n" if shown else "")
            + f"{len(result.rows)} row{'' if len(result.rows) == 1 else 's'}\n"
        )
    if output is not None:
        write_binary(text.encode("utf-8"), output, output_format.value)
    else:
        typer.echo(text, nl=False)


def _item(i: int) -> Callable[[Sequence[Any]], Any]:
    return lambda row: row[i]
