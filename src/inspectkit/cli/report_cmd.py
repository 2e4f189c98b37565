"""`inspectkit report`: the official documents of an inspection, as Markdown or Word."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from inspectkit.cli.common import app, fail, load_settings_or_fail, parse_date_option

# The report kinds, with what each is called in the office (for --help). Kept here, not imported
# from inspectkit.reports, so that `inspectkit --version` stays fast; a test keeps them in step.
_KIND_NAMES = {
    "plan": "kế hoạch kiểm tra",
    "decision": "quyết định thành lập đoàn",
    "minutes": "biên bản làm việc",
    "summary": "báo cáo kết quả kiểm tra",
    "conclusion": "thông báo kết luận",
    "followup": "theo dõi thực hiện kết luận",
    "news": "tin bài",
}


class ReportKind(str, Enum):
    plan = "plan"
    decision = "decision"
    minutes = "minutes"
    summary = "summary"
    conclusion = "conclusion"
    followup = "followup"
    news = "news"


class ReportFormat(str, Enum):
    md = "md"
    docx = "docx"


class Language(str, Enum):
    vi = "vi"
    en = "en"


@app.command()
def report(
    plan_id: str = typer.Argument(..., metavar="PLAN_ID", help="The plan's id, e.g. 2022-84-kh-dkt."),
    kind: ReportKind = typer.Option(
        ...,
        "--kind",
        "-k",
        metavar="KIND",
        help="Which document: " + ", ".join(f"{k} ({name})" for k, name in _KIND_NAMES.items()) + ".",
    ),
    output_format: ReportFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        help="md (Markdown) or docx (Word, official layout). Default: docx when -o ends in .docx, else md.",
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="File to write (`-`: stdout, Markdown only). Markdown without -o goes to stdout; "
        "docx defaults to PLAN_ID-KIND[-CENTRE].docx.",
    ),
    lang: Language | None = typer.Option(
        None,
        "--lang",
        help="Headings in vi or en (default: settings `language`); record text stays as written.",
    ),
    today: str | None = typer.Option(
        None,
        "--today",
        metavar="YYYY-MM-DD",
        help="The date of the report; overdue actions are measured against it.",
    ),
    centre: str | None = typer.Option(
        None,
        "--centre",
        metavar="ID",
        help="One visited centre: required for minutes, optional for conclusion.",
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists."),
) -> None:
    """Write an official document of PLAN_ID from the records and the templates.

    Runs only on records without lint errors (`inspectkit lint` shows them): exit 1 otherwise.
    An existing output file is never overwritten without --force (exit 2).
    """
    from inspectkit.files import FileExists, write_atomic, write_atomic_bytes
    from inspectkit.reports import LintErrors, ReportError, TemplateError, make_report, report_docx

    settings = load_settings_or_fail()
    pinned = parse_date_option(today, "--today")
    if output is not None and str(output) == "-":  # the usual spelling of standard output
        if output_format is ReportFormat.docx:
            fail("-o -: a Word file cannot go to standard output; give -o a file name")
        output = None
        output_format = ReportFormat.md
    if output_format is None:
        docx_name = output is not None and output.suffix.lower() == ".docx"
        output_format = ReportFormat.docx if docx_name else ReportFormat.md
    if output_format is ReportFormat.docx and output is None:
        output = Path(f"{plan_id}-{kind.value}{'-' + centre if centre else ''}.docx")
    if output is not None and output.is_dir():
        example = output / f"{plan_id}-{kind.value}.{output_format.value}"
        fail(f"{output} is a folder: give -o a file name, such as {example}")
    if output is not None and output.exists() and not force:
        fail(f"{output} exists: pass --force to overwrite it, or choose another -o")
    try:
        made = make_report(
            settings, plan_id, kind.value, lang=lang.value if lang else None, today=pinned, centre_id=centre
        )
        data = report_docx(made) if output_format is ReportFormat.docx else None
    except LintErrors as exc:
        fail(str(exc), code=1)
    except (ReportError, TemplateError) as exc:
        fail(str(exc))
    if output is None:
        typer.echo(made.markdown, nl=False)
        return
    try:
        if data is not None:
            write_atomic_bytes(output, data, overwrite=force)
        else:
            write_atomic(output, made.markdown, overwrite=force)
    except FileExists:
        fail(f"{output} exists: pass --force to overwrite it, or choose another -o")
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}")
    typer.echo(f"wrote {output}", err=True)
