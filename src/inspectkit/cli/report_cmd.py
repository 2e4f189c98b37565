"""`inspectkit report`: the official documents of an inspection, as Markdown, Word or PDF."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from inspectkit.cli.common import app, load_settings_or_fail, parse_date_option
from inspectkit.reports.kinds import REPORT_KINDS


class ReportFormat(str, Enum):
    md = "md"
    docx = "docx"
    pdf = "pdf"


class Language(str, Enum):
    vi = "vi"
    en = "en"


def kinds_help() -> str:
    return "Which document: " + ", ".join(f"{k.name} ({k.office_name})" for k in REPORT_KINDS.values()) + "."


def centre_help() -> str:
    required = [k.name for k in REPORT_KINDS.values() if k.centre == "required"]
    optional = [k.name for k in REPORT_KINDS.values() if k.centre == "optional"]
    also = f", optional for {', '.join(optional)}" if optional else ""
    return f"One visited centre: required for {', '.join(required)}{also}."


@app.command()
def report(
    plan_id: str = typer.Argument(..., metavar="PLAN_ID", help="The plan's id, e.g. 2022-84-kh-dkt."),
    kind: str = typer.Option(..., "--kind", "-k", metavar="KIND", help=kinds_help()),
    output_format: ReportFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        help="md (Markdown), docx (Word, official layout) or pdf (the Word layout, through LibreOffice). "
        "Default: from the suffix of -o, else md.",
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="File to write (`-`: stdout, Markdown only). Markdown without -o goes to stdout; "
        "docx and pdf default to PLAN_ID-KIND[-CENTRE].docx/.pdf.",
    ),
    lang: Language | None = typer.Option(
        None,
        "--lang",
        help="Headings in vi or en (default: settings `language`); record text stays as written.",
    ),
    today: str | None = typer.Option(
        None,
        "--today",
        metavar="DATE",
        help="The date of the follow-up report (as of), YYYY-MM-DD or DD/MM/YYYY; overdue actions are "
        "measured against it.",
    ),
    centre: str | None = typer.Option(None, "--centre", metavar="ID", help=centre_help()),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists."),
) -> None:
    """Write an official document of PLAN_ID from the records and the templates.

    Runs only on records without lint errors (`inspectkit lint` shows them): exit 1 otherwise.
    A document not yet in the register (`inspectkit issue`) is a draft, marked DỰ THẢO.
    An existing output file is never overwritten without --force (exit 2).
    """
    from inspectkit.reports.make import make_report, report_bytes
    from inspectkit.reports.output import choose_output, write_output

    settings = load_settings_or_fail()
    pinned = parse_date_option(today, "--today")
    fmt = output_format.value if output_format else None
    out = choose_output(plan_id, kind, centre, output, fmt, force)
    if out.note:
        typer.echo(f"inspectkit: {out.note}", err=True)
    made = make_report(
        settings, plan_id, kind, lang=lang.value if lang else None, today=pinned, centre_id=centre
    )
    for note in made.notes:
        typer.echo(f"inspectkit: {note}", err=True)
    if out.path is None:
        typer.echo(made.markdown, nl=False)
        return
    write_output(out, report_bytes(made, out.format), force=force)
    typer.echo(f"wrote {out.path}", err=True)
