"""`inspectkit site`, `export`, `sql` and `calendar`: the records for readers beyond the terminal.

Thin: options are parsed here; `site/`, `export/`, `sqlquery.py` and `calendar_ics.py` do the
work, and their errors (`InspectkitError`s) become exit statuses in `cli.common`.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from inspectkit.cli.common import app, emit, load_settings_or_fail, parse_date_option, require_records_folder

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


def _repository(plan: str | None = None) -> Repository:
    """Every record, whole (not the index's summaries: pages and exports show every field); what
    is left out is named on stderr."""
    from inspectkit.whole import left_out_notes, load_whole

    settings = load_settings_or_fail()
    require_records_folder(settings)
    repo = load_whole(settings, plan)
    for note in left_out_notes(repo):
        typer.echo(f"inspectkit: {note}", err=True)
    return repo


def _write(output: Path | None, data: str | bytes) -> None:
    """To the file `output` (atomically), else to stdout."""
    from inspectkit.files import write_atomic_bytes

    if output is not None:
        write_atomic_bytes(output, data.encode("utf-8") if isinstance(data, str) else data, overwrite=True)
        typer.echo(f"wrote {output}", err=True)
    else:
        emit(data)


TODAY_HELP = "The date overdue is measured against (default: today)."


@app.command()
def site(
    output: Path = typer.Option(Path("site"), "--output", "-o", help="Folder to write the site into."),
    today: str | None = typer.Option(None, "--today", metavar="YYYY-MM-DD", help=TODAY_HELP),
) -> None:
    """Build a static website of the records: figures, plans, centres, the follow-up board, search.

    It works offline, opened from the folder or served by any web server (docs/site.md). A
    previous site in the folder is replaced; any other non-empty folder is refused.
    """
    from inspectkit.site.builder import build

    pinned = parse_date_option(today, "--today") or date.today()
    built = build(_repository(), output, pinned)
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
    data = schema.build(repo, source=repo.settings.root.name)
    path = writers.write(data, to.value, output)
    typer.echo(f"wrote {path} ({writers.summary(data)})")


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
    today: str | None = typer.Option(None, "--today", metavar="YYYY-MM-DD", help=TODAY_HELP),
) -> None:
    """Visits and action due dates as an iCalendar file, for Outlook, Thunderbird, Google or a phone.

    Event UIDs are stable: importing the file again updates the events instead of duplicating them."""
    from inspectkit.calendar_ics import calendar as make_calendar

    pinned = parse_date_option(today, "--today") or date.today()
    _write(output, make_calendar(_repository(plan), today=pinned, owner=owner, plan=plan))


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
    from inspectkit import sqlquery
    from inspectkit.cli.common import refuse_binary_on_terminal, terminal

    if output is None and output_format is SqlFormat.xlsx:
        refuse_binary_on_terminal("xlsx", "give -o FILE.xlsx, or redirect the output to a file")
    con = sqlquery.connect_exports(sources) if sources else sqlquery.connect_repository(_repository())
    result = sqlquery.run(con, query)
    shown = sqlquery.render(result, output_format.value, terminal().width)
    _write(output, shown)
