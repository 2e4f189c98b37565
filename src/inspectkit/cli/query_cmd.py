"""`inspectkit list`, `show`, `actions`, `stats`, `finding set-status` and `fmt`.

Thin: options are parsed here; queries.py answers, tables.py renders, editing.py edits.
"""

from __future__ import annotations

import shutil
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from inspectkit.cli.common import (
    app,
    fail,
    load_settings_or_fail,
    parse_date_option,
    require_records_folder,
    use_color,
)

if TYPE_CHECKING:
    from inspectkit.export.xlsx import Sheet
    from inspectkit.repository import Repository


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    yaml = "yaml"
    xlsx = "xlsx"


class BoardFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


class StatsFormat(str, Enum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


def _width() -> int:
    return shutil.get_terminal_size((100, 24)).columns


def _echo_bytes(text: str) -> None:
    """UTF-8 bytes as they are: CSV keeps its BOM and CRLF whatever the locale of the terminal."""
    typer.echo(text.encode("utf-8"), nl=False)


def _echo_xlsx(sheets: list[Sheet]) -> None:
    from inspectkit.cli.views_cmd import write_binary
    from inspectkit.export.xlsx import workbook

    write_binary(workbook(sheets), None, "xlsx")


def _warn_skipped(skipped: list[str]) -> None:
    if skipped:
        shown = ", ".join(skipped[:3]) + (f" and {len(skipped) - 3} more" if len(skipped) > 3 else "")
        typer.echo(
            f"inspectkit: skipped {len(skipped)} record(s) with errors ({shown}); `inspectkit lint` shows why",
            err=True,
        )


def _load_repository(plan: str | None = None) -> Repository:
    """The records repository, or exit 2 without a records folder, or when `plan` names no plan."""
    from inspectkit import queries
    from inspectkit.repository import load_repository

    settings = load_settings_or_fail()
    require_records_folder(settings)
    repo = load_repository(settings)
    if plan is not None:
        try:
            queries.find_record(repo, plan, "plan")
        except queries.NotFound as exc:
            fail(f"--plan: {exc}")
    return repo


@app.command("list")
def list_records(
    kind_name: str = typer.Argument(..., metavar="KIND", help="plans, delegations, centres or findings."),
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
    output_format: ListFormat = typer.Option(
        ListFormat.table, "--format", "-f", help="table, json, csv, yaml or xlsx (to a file: > list.xlsx)."
    ),
) -> None:
    """List the records of one kind that match: a table, JSON, CSV (for Excel) or YAML.

    Records with errors are skipped (with a count on stderr); `inspectkit lint` shows them.
    """
    from inspectkit import queries, tables, views
    from inspectkit.export import xlsx

    settings = load_settings_or_fail()
    require_records_folder(settings)
    try:
        kind = queries.kind_of(kind_name)
        conditions = [queries.parse_where(kind, w) for w in where or []]
        if sort:
            queries.sort_spec(kind, sort)  # before anything is read
        full = queries.needs_full_load(settings, conditions)
        source = queries.load_for_query(settings, kind, search, full=full)
        found = queries.select(source.repo, kind, conditions, search, sort, source.known_ids)
    except queries.QueryError as exc:
        fail(str(exc))
    _warn_skipped(source.skipped)
    if output_format is ListFormat.json:
        typer.echo(tables.to_json([queries.record_json(r) for r in found]), nl=False)
    elif output_format is ListFormat.yaml:
        typer.echo(tables.to_yaml([queries.record_json(r) for r in found]), nl=False)
    elif output_format is ListFormat.csv:
        _echo_bytes(tables.to_csv(found, views.record_columns(kind, spreadsheet=True)))
    elif output_format is ListFormat.xlsx:
        _echo_xlsx([xlsx.rows_sheet(f"{kind}s", found, views.record_columns(kind, spreadsheet=True))])
    else:
        if found:
            typer.echo(
                tables.render_table(found, views.record_columns(kind), width=_width(), color=use_color())
            )
        typer.echo(f"{len(found)} {kind}{'' if len(found) == 1 else 's'}")


@app.command()
def show(
    record_id: str = typer.Argument(..., metavar="ID", help="The id of any record."),
    output_format: ShowFormat = typer.Option(ShowFormat.text, "--format", "-f", help="text or json."),
) -> None:
    """Show one record and what links to it.

    A centre's plans and findings; a plan's delegation, visits and findings by type; a finding's
    plan, topic and centres.

    Exit status 1 when no record has that id.
    """
    from inspectkit import queries, tables

    repo = _load_repository()
    try:
        record = queries.find_record(repo, record_id)
    except queries.NotFound as exc:
        fail(str(exc), 1)
    if record.model is None:
        typer.echo(
            f"inspectkit: {record.display} has errors, so its links are not shown; "
            f"`inspectkit lint {record.display}` shows them",
            err=True,
        )
    links = queries.links(repo, record)
    if output_format is ShowFormat.json:
        payload = {
            "id": record.id,
            "kind": record.kind,
            "path": record.display,
            "record": record.data,
            "links": links,
        }
        typer.echo(tables.to_json(payload), nl=False)
        return
    typer.echo(f"# {record.kind} {record.id} ({record.display})")
    typer.echo(tables.to_yaml(record.data), nl=False)
    if links:
        typer.echo("\n# links")
        typer.echo(tables.to_yaml(links), nl=False)


@app.command()
def actions(
    overdue: bool = typer.Option(False, "--overdue", help="Only actions past their due date and not done."),
    today: str | None = typer.Option(
        None, "--today", metavar="YYYY-MM-DD", help="The date overdue is measured against (default: today)."
    ),
    owner: str | None = typer.Option(None, "--owner", help="Owner contains this text (accents ignored)."),
    plan: str | None = typer.Option(None, "--plan", metavar="ID", help="Only the findings of this plan."),
    status: str | None = typer.Option(
        None,
        "--status",
        metavar="STATUS[,STATUS]",
        help="Only these statuses: open, in-progress, done, dropped.",
    ),
    output_format: BoardFormat = typer.Option(
        BoardFormat.table, "--format", "-f", help="table, json, csv or xlsx (to a file: > actions.xlsx)."
    ),
) -> None:
    """The follow-up board: actions with owner, due date, status and days overdue.

    Every finding with an action (proposals and requests), the most overdue first."""
    from inspectkit import queries, tables, views
    from inspectkit.diagnostics import did_you_mean
    from inspectkit.editing import STATUSES
    from inspectkit.export import xlsx

    pinned = parse_date_option(today, "--today") or date.today()
    statuses = [s.strip() for s in (status or "").split(",") if s.strip()]
    for s in statuses:
        if s not in STATUSES:
            fail(
                f"--status: unknown status '{s}'{did_you_mean(s, STATUSES)}: choose from {', '.join(STATUSES)}"
            )
    repo = _load_repository(plan)
    items = queries.actions(repo, pinned, overdue=overdue, owner=owner, plan=plan, status=statuses)
    _warn_skipped([r.display for r in repo.records if r.model is None and r.kind in ("finding", None)])
    missing = queries.actionless(repo, plan)
    if missing:
        typer.echo(
            f"inspectkit: {len(missing)} proposal(s)/request(s) have no action and are not on the board "
            f"({', '.join(missing[:3])}{'…' if len(missing) > 3 else ''}); `inspectkit lint` reports them (IK505)",
            err=True,
        )
    if output_format is BoardFormat.json:
        typer.echo(tables.to_json([i.to_json() for i in items]), nl=False)
    elif output_format is BoardFormat.csv:
        _echo_bytes(tables.to_csv(items, views.board_columns(spreadsheet=True)))
    elif output_format is BoardFormat.xlsx:
        _echo_xlsx([xlsx.rows_sheet("actions", items, views.board_columns(spreadsheet=True))])
    else:
        if items:
            typer.echo(tables.render_table(items, views.board_columns(), width=_width(), color=use_color()))
        late = sum(i.days_overdue > 0 for i in items)
        typer.echo(
            f"{len(items)} action{'' if len(items) == 1 else 's'}, {late} overdue as of {pinned.isoformat()}"
        )


@app.command()
def stats(
    plan: str | None = typer.Option(None, "--plan", metavar="ID", help="Only the findings of this plan."),
    today: str | None = typer.Option(
        None, "--today", metavar="YYYY-MM-DD", help="The date overdue is measured against (default: today)."
    ),
    output_format: StatsFormat = typer.Option(
        StatsFormat.table, "--format", "-f", help="table, json or xlsx (to a file: > stats.xlsx)."
    ),
) -> None:
    """Counts: findings by type, centre and topic; actions by status; overdue actions."""
    from inspectkit import queries, tables, views
    from inspectkit.export import xlsx

    pinned = parse_date_option(today, "--today") or date.today()
    repo = _load_repository(plan)
    _warn_skipped([r.display for r in repo.records if r.model is None])
    data = queries.stats(repo, pinned, plan)
    if output_format is StatsFormat.json:
        typer.echo(tables.to_json(data), nl=False)
        return
    if output_format is StatsFormat.xlsx:
        _echo_xlsx(xlsx.stats_sheets(data))
        return
    typer.echo(views.render_stats(data, plan, pinned, width=_width(), color=use_color()))


finding_app = typer.Typer(
    help="Work on one finding.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(finding_app, name="finding")


@finding_app.command("set-status")
def set_status(
    finding_id: str = typer.Argument(..., metavar="ID", help="The finding's id."),
    status: str = typer.Argument(..., metavar="STATUS", help="open, in-progress, done or dropped."),
    on: str | None = typer.Option(
        None, "--on", metavar="YYYY-MM-DD", help="When it happened (default: today)."
    ),
    note: str | None = typer.Option(None, "--note", help="A note for the history entry."),
) -> None:
    """Record progress on a finding's action.

    Sets its status, appends {date, status, note} to its history, sets `done_on` when done (removes it otherwise). The rest of the file is kept as it was: comments, blank lines, quoting, key order.

    Exit status 1 when the finding does not exist, has no action, or has errors."""
    from inspectkit import queries
    from inspectkit.diagnostics import did_you_mean
    from inspectkit.editing import STATUSES, EditError, clean_note, set_status_file

    if status not in STATUSES:
        fail(
            f"unknown status '{status}'{did_you_mean(status, STATUSES)}: choose one of {', '.join(STATUSES)}"
        )
    try:
        note = clean_note(note)
    except EditError as exc:
        fail(f"--note: {exc}")
    when = parse_date_option(on, "--on") or date.today()
    repo = _load_repository()
    try:
        record = queries.find_record(repo, finding_id, "finding")
    except queries.NotFound as exc:
        fail(str(exc), 1)
    if record.model is None:
        fail(
            f"{record.display} has errors; fix them first (`inspectkit lint {record.display}` shows them)", 1
        )
    try:
        set_status_file(record.path, status, when, note)
    except EditError as exc:
        fail(f"{record.display}: {exc}", 1)
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

    NFC text, ISO dates (24/11/2022 -> 2022-11-24), 2-space indentation with list items `  - ` under their key. Comments, key order, quoting and blank lines are kept. Only files that change are written (atomically).

    Exit status: 0 when nothing is (or would be) left to change; 1 when --check finds a file to change, or a file cannot be formatted (fix it as `inspectkit lint` says); 2 usage problem."""
    from inspectkit.editing import EditError, canonical, read_for_edit, unified_diff, write_edited
    from inspectkit.linter import UsageError, expand_paths
    from inspectkit.repository import display_path

    settings = load_settings_or_fail()
    if not paths:
        require_records_folder(settings, or_paths=True)
    try:
        files = expand_paths(paths or [settings.records_dir])
    except UsageError as exc:
        fail(str(exc))
    changed: list[str] = []
    problems = 0
    for path in files:
        shown = display_path(path)
        try:
            before = read_for_edit(path)
            after = canonical(before)
            if after != before and not check:
                write_edited(path, after)
        except EditError as exc:
            typer.echo(f"inspectkit: {shown}: not formatted: {exc}", err=True)
            problems += 1
            continue
        if after == before:
            continue
        changed.append(shown)
        if check:
            typer.echo(unified_diff(shown, before, after), nl=False)
        else:
            typer.echo(f"formatted {shown}")
    unchanged = len(files) - len(changed) - problems
    if check:
        verdict = f"{len(changed)} file(s) would be reformatted" if changed else "all files are formatted"
        typer.echo(f"{verdict}, {unchanged} already canonical, {problems} could not be formatted", err=True)
        raise typer.Exit(1 if changed or problems else 0)
    typer.echo(
        f"{len(changed)} file(s) reformatted, {unchanged} unchanged, {problems} could not be formatted",
        err=True,
    )
    raise typer.Exit(1 if problems else 0)
