"""`inspectkit list`, `show`, `actions`, `stats`, `finding set-status` and `fmt`.

Thin: options are parsed here; listings.py assembles the answers, formats.py writes them,
followup.py and formatting.py edit the files.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from inspectkit.cli.common import (
    app,
    command_group,
    emit,
    format_option,
    load_settings_or_fail,
    parse_date_option,
    refuse_binary_on_terminal,
    require_records_folder,
    terminal,
)

if TYPE_CHECKING:
    from inspectkit.listings import Answer


def _answer(answer: Answer, output_format: str, subject: str) -> None:
    from inspectkit.formats import FORMATS, render

    fmt = FORMATS.get(output_format)
    if fmt is not None and fmt.binary:
        refuse_binary_on_terminal(output_format, f"redirect the output to a file (> out.{output_format})")
    for note in answer.notes:
        typer.echo(f"inspectkit: {note}", err=True)
    emit(render(output_format, subject, answer.value, terminal()))


@app.command("list")
def list_records(
    kind_name: str = typer.Argument(
        ..., metavar="KIND", help="plans, delegations, centres, findings or documents (each registered kind)."
    ),
    where: list[str] = typer.Option(
        None,
        "--where",
        "-w",
        metavar="FIELD=VALUE",
        help="Keep records where this holds (repeatable; all must hold). Operators = != < <= > >= ~ "
        "(contains); several values with commas: type=weakness,difficulty; nested fields: action.due<2024-01-01; "
        "references by id or name: centre=ttct-dinh-lap.",
    ),
    search: str | None = typer.Option(
        None, "--search", "-s", help="Text anywhere in the record, ignoring case and accents: 'bien che'."
    ),
    sort: str | None = typer.Option(
        None, "--sort", metavar="FIELD", help="Sort by a field; -FIELD descending."
    ),
    output_format: str = format_option("records"),
) -> None:
    """List the records of one kind that match: a table, JSON, CSV (for Excel) or YAML.

    Records with errors are skipped (with a count on stderr); `inspectkit lint` shows them.
    CSV cells that a spreadsheet would run as a formula (starting with = + - @, a tab or CR) are
    written with a leading ' so that they stay text.
    """
    from inspectkit.listings import listing

    settings = load_settings_or_fail()
    require_records_folder(settings)
    _answer(listing(settings, kind_name, where or [], search, sort), output_format, "records")


@app.command()
def show(
    record_id: str = typer.Argument(..., metavar="ID", help="The id of any record."),
    output_format: str = format_option("record"),
) -> None:
    """Show one record and what links to it.

    A centre's plans and findings; a plan's delegation, visits and findings by type; a finding's
    plan, topic and centres.

    Exit status 1 when no record has that id.
    """
    from inspectkit.listings import shown

    settings = load_settings_or_fail()
    require_records_folder(settings)
    _answer(shown(settings, record_id), output_format, "record")


@app.command()
def actions(
    overdue: bool = typer.Option(False, "--overdue", help="Only actions past their due date and not done."),
    today: str | None = typer.Option(
        None,
        "--today",
        metavar="DATE",
        help="The date overdue is measured against, YYYY-MM-DD or DD/MM/YYYY (default: today).",
    ),
    owner: str | None = typer.Option(None, "--owner", help="Owner contains this text (accents ignored)."),
    plan: str | None = typer.Option(None, "--plan", metavar="ID", help="Only the findings of this plan."),
    status: str | None = typer.Option(
        None,
        "--status",
        metavar="STATUS[,STATUS]",
        help="Only these statuses: open, in-progress, done, dropped.",
    ),
    output_format: str = format_option("board"),
) -> None:
    """The follow-up board: actions with owner, due date, status and days overdue.

    Every finding with an action (proposals and requests), the most overdue first."""
    from inspectkit.listings import board

    pinned = parse_date_option(today, "--today") or date.today()
    settings = load_settings_or_fail()
    require_records_folder(settings)
    answer = board(settings, pinned, overdue=overdue, owner=owner, plan=plan, status=status)
    _answer(answer, output_format, "board")


@app.command()
def stats(
    plan: str | None = typer.Option(None, "--plan", metavar="ID", help="Only the findings of this plan."),
    today: str | None = typer.Option(
        None,
        "--today",
        metavar="DATE",
        help="The date overdue is measured against, YYYY-MM-DD or DD/MM/YYYY (default: today).",
    ),
    output_format: str = format_option("stats"),
) -> None:
    """Counts: findings by type, centre and topic; actions by status; overdue actions."""
    from inspectkit.listings import counts

    pinned = parse_date_option(today, "--today") or date.today()
    settings = load_settings_or_fail()
    require_records_folder(settings)
    _answer(counts(settings, pinned, plan), output_format, "stats")


finding_app = command_group("finding", "Work on one finding.")


@finding_app.command("set-status")
def set_status(
    finding_id: str = typer.Argument(..., metavar="ID", help="The finding's id."),
    status: str = typer.Argument(..., metavar="STATUS", help="open, in-progress, done or dropped."),
    on: str | None = typer.Option(
        None, "--on", metavar="DATE", help="When it happened, YYYY-MM-DD or DD/MM/YYYY (default: today)."
    ),
    note: str | None = typer.Option(None, "--note", help="A note for the history entry."),
) -> None:
    """Record progress on a finding's action.

    Sets its status, appends {date, status, note} to its history, sets `done_on` when done (removes it otherwise). The rest of the file is kept as it was: comments, blank lines, quoting, key order, line ends.

    Exit status 1 when the finding does not exist, has no action, or has errors, or when its file
    changed while the command ran."""
    from inspectkit.followup import clean_note, record_progress
    from inspectkit.repository import load_repository
    from inspectkit.vocabulary import check_status

    check_status(status)
    note = clean_note(note)
    when = parse_date_option(on, "--on") or date.today()
    settings = load_settings_or_fail()
    require_records_folder(settings)
    record = record_progress(load_repository(settings), settings.root, finding_id, status, when, note)
    done = f", done on {when.isoformat()}" if status == "done" else ""
    typer.echo(f"{record.display}: action of {finding_id} is now {status}{done}")


@app.command("fmt")
def fmt(
    paths: list[Path] = typer.Argument(None, help="Files or folders (default: the records folder)."),
    check: bool = typer.Option(
        False, "--check", help="Write nothing; show a diff and exit 1 if a file would change."
    ),
) -> None:
    """Rewrite records in the canonical form; --check only shows what would change.

    NFC text, ISO dates (24/11/2022 -> 2022-11-24), 2-space indentation with list items `  - ` under their key, LF line ends. Comments, key order, quoting and blank lines are kept. Only files that change are written (atomically), and only inside the repository.

    Exit status: 0 when nothing is (or would be) left to change; 1 when --check finds a file to change, or a file cannot be formatted (fix it as `inspectkit lint` says); 2 usage problem."""
    from inspectkit.formatting import format_files
    from inspectkit.linter import expand_paths

    settings = load_settings_or_fail()
    if not paths:
        require_records_folder(settings, or_paths=True)
    links_out: list[Path] = []  # reported as files that could not be formatted, as lint reports them
    files = expand_paths(paths or [settings.records_dir], inside=settings.root, outside=links_out)
    result = format_files([*files, *links_out], settings.root, check=check)
    for outcome in result.outcomes:
        if outcome.problem:
            typer.echo(f"inspectkit: {outcome.shown}: not formatted: {outcome.problem}", err=True)
        elif outcome.diff:
            typer.echo(outcome.diff if check else f"formatted {outcome.shown}\n", nl=False)
    changed, problems = len(result.changed), len(result.problems)
    if check:
        verdict = f"{changed} file(s) would be reformatted" if changed else "all files are formatted"
        typer.echo(
            f"{verdict}, {result.unchanged} already canonical, {problems} could not be formatted", err=True
        )
        raise typer.Exit(1 if changed or problems else 0)
    typer.echo(
        f"{changed} file(s) reformatted, {result.unchanged} unchanged, {problems} could not be formatted",
        err=True,
    )
    raise typer.Exit(1 if problems else 0)
