"""`inspectkit issue`: register a signed document in the outgoing-documents register."""

from __future__ import annotations

import typer

from inspectkit.cli.common import app, load_settings_or_fail, parse_date_option
from inspectkit.reports.kinds import REPORT_KINDS


@app.command()
def issue(
    plan_id: str = typer.Argument(..., metavar="PLAN_ID", help="The plan's id, e.g. 2022-84-kh-dkt."),
    kind: str = typer.Option(
        ..., "--kind", "-k", metavar="KIND", help="Which document: " + ", ".join(REPORT_KINDS) + "."
    ),
    number: str | None = typer.Option(
        None,
        "--number",
        "-n",
        metavar="NUMBER",
        help="Its number as the register gives it, e.g. 12-TB/BTGTU.",
    ),
    on: str = typer.Option(
        ..., "--on", metavar="DATE", help="The date it was signed and issued, YYYY-MM-DD or DD/MM/YYYY."
    ),
    centre: str | None = typer.Option(None, "--centre", metavar="ID", help="The visited centre (minutes)."),
    signer: str | None = typer.Option(
        None, "--signer", metavar="NAME", help="Who signed, when not the plan's signer."
    ),
    signer_position: str | None = typer.Option(
        None, "--signer-position", metavar="TEXT", help="The signer's title."
    ),
    signer_authority: str | None = typer.Option(
        None, "--signer-authority", metavar="TEXT", help="The line above the title, e.g. K/T TRƯỞNG BAN."
    ),
    file: str | None = typer.Option(
        None,
        "--file",
        metavar="PATH",
        help="The signed copy kept in the repository (it must exist; nothing is copied).",
    ),
    supersede: bool = typer.Option(
        False,
        "--supersede",
        help="Re-issue a registered document whose facts changed (IK510): a new entry with a new "
        "number and date; the old entry stays as history.",
    ),
) -> None:
    """Register a signed document: then reports of that kind print its number and date.

    Refuses (exit 1, writing nothing) while the records have lint errors or the document would
    print a placeholder, naming each; never overwrites an entry (re-issue with --supersede).
    """
    from inspectkit.issuing import IssueRequest
    from inspectkit.issuing import issue as register

    settings = load_settings_or_fail()
    day = parse_date_option(on, "--on")
    assert day is not None
    request = IssueRequest(
        plan_id, kind, number, day, centre, signer, signer_position, signer_authority, file, supersede
    )
    made = register(settings, request)
    for warning in made.warnings:
        typer.echo(warning, err=True)
    typer.echo(f"wrote {made.path.relative_to(settings.root).as_posix()} ({made.record_id})", err=True)
