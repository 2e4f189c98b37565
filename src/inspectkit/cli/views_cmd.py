"""`inspectkit site`, `export`, `sql` and `calendar`: the records for readers beyond the terminal.

Thin: options are parsed here; `site/`, `export/`, `sqlquery.py` and `calendar_ics.py` do the work.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path

import typer

from inspectkit.cli.common import app, fail, load_settings_or_fail, parse_date_option, require_records_folder


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


def _repository():  # type: ignore[no-untyped-def]
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
    typer.echo(f"wrote {built.pages} pages for {built.records} records to {output}/ (open {output}/index.html)")


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
