"""`inspectkit list`, `show`, `actions`, `stats`, `finding set-status` and `fmt`.

Thin: options are parsed here; queries.py answers, tables.py renders, editing.py edits.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    from inspectkit.repository import Record
    from inspectkit.tables import Column


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    yaml = "yaml"


class BoardFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


class StatsFormat(str, Enum):
    table = "table"
    json = "json"


def _width() -> int:
    return shutil.get_terminal_size((100, 24)).columns


def _echo_bytes(text: str) -> None:
    """UTF-8 bytes as they are: CSV keeps its BOM and CRLF whatever the locale of the terminal."""
    typer.echo(text.encode("utf-8"), nl=False)


def _warn_skipped(skipped: list[str]) -> None:
    if skipped:
        shown = ", ".join(skipped[:3]) + (f" and {len(skipped) - 3} more" if len(skipped) > 3 else "")
        typer.echo(
            f"inspectkit: skipped {len(skipped)} record(s) with errors ({shown}); `inspectkit lint` shows why",
            err=True,
        )


def _columns(kind: str, spreadsheet: bool = False) -> list[Column]:
    """Columns of the table; a spreadsheet (CSV) gets more of a finding's fields."""
    from inspectkit.tables import Column

    def m(record: Record) -> Any:
        return record.model

    if kind == "plan":
        return [
            Column("id", lambda r: m(r).id, wrap=False),
            Column("number", lambda r: m(r).number, wrap=False),
            Column("issued", lambda r: m(r).issued, wrap=False, drop=1),
            Column("status", lambda r: m(r).status, wrap=False, drop=2),
            Column("centres", lambda r: [v.centre for v in m(r).visits], drop=3),
            Column("title", lambda r: m(r).title, ratio=2),
        ]
    if kind == "delegation":
        return [
            Column("id", lambda r: m(r).id, wrap=False),
            Column("plan", lambda r: m(r).plan, wrap=False),
            Column("head", lambda r: next((x.name for x in m(r).members if x.role == "head"), None), ratio=1),
            Column("members", lambda r: len(m(r).members), wrap=False, justify="right"),
        ]
    if kind == "centre":
        return [
            Column("id", lambda r: m(r).id, wrap=False),
            Column("name", lambda r: m(r).name, ratio=1),
            Column("district", lambda r: m(r).district, drop=1),
            Column(
                "staff filled",
                lambda r: m(r).staff.filled if m(r).staff else None,
                wrap=False,
                justify="right",
            ),
            Column("quota", lambda r: m(r).staff.quota if m(r).staff else None, wrap=False, justify="right"),
        ]
    if not spreadsheet:
        return [
            Column("id", lambda r: m(r).id, wrap=False),
            Column("type", lambda r: m(r).type, wrap=False),
            Column("centres", lambda r: m(r).centres, drop=3),
            Column("summary", lambda r: m(r).summary, ratio=3),
            Column("action", lambda r: m(r).action.status if m(r).action else None, wrap=False, drop=1),
            Column("due", lambda r: m(r).action.due if m(r).action else None, wrap=False, drop=2),
        ]
    return [
        Column("id", lambda r: m(r).id),
        Column("plan", lambda r: m(r).plan),
        Column("type", lambda r: m(r).type),
        Column("centres", lambda r: m(r).centres),
        Column("topic", lambda r: m(r).topic),
        Column("summary", lambda r: m(r).summary),
        Column("owner", lambda r: m(r).action.owner if m(r).action else None),
        Column("due", lambda r: m(r).action.due if m(r).action else None),
        Column("status", lambda r: m(r).action.status if m(r).action else None),
        Column("done_on", lambda r: m(r).action.done_on if m(r).action else None),
        Column("path", lambda r: r.display),
    ]


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
        ListFormat.table, "--format", "-f", help="table, json, csv or yaml."
    ),
) -> None:
    """List the records of one kind that match: a table, JSON, CSV (for Excel) or YAML.

    Records with errors are skipped (with a count on stderr); `inspectkit lint` shows them.
    """
    from inspectkit import queries, tables

    settings = load_settings_or_fail()
    require_records_folder(settings)
    try:
        kind = queries.kind_of(kind_name)
        conditions = [queries.parse_where(kind, w) for w in where or []]
        if sort:
            queries.field_spec(kind, sort.lstrip("-+"))
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
        _echo_bytes(tables.to_csv(found, _columns(kind, spreadsheet=True)))
    else:
        if found:
            typer.echo(tables.render_table(found, _columns(kind), width=_width(), color=use_color()))
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
    from inspectkit.repository import load_repository

    settings = load_settings_or_fail()
    require_records_folder(settings)
    repo = load_repository(settings)
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


def _board_columns(spreadsheet: bool = False) -> list[Column]:
    """The board: id, owner, due, status and days overdue always (on a narrow terminal the owner and
    summary wrap narrower); the table's short header `days late` is `days overdue` in a spreadsheet."""
    from inspectkit.tables import Column

    return [
        Column("id", lambda i: i.id, wrap=False),
        Column("owner", lambda i: i.owner, ratio=1),
        Column("due", lambda i: i.due, wrap=False),
        Column("status", lambda i: i.status, wrap=False),
        Column(
            "days overdue" if spreadsheet else "days late",
            lambda i: i.days_overdue or None,
            wrap=False,
            justify="right",
        ),
        Column("summary", lambda i: i.summary, ratio=2),
    ]


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
        BoardFormat.table, "--format", "-f", help="table, json or csv."
    ),
) -> None:
    """The follow-up board: actions with owner, due date, status and days overdue.

    Every finding with an action (proposals and requests), the most overdue first."""
    from inspectkit import queries, tables
    from inspectkit.diagnostics import did_you_mean
    from inspectkit.editing import STATUSES
    from inspectkit.repository import load_repository

    pinned = parse_date_option(today, "--today") or date.today()
    statuses = [s.strip() for s in (status or "").split(",") if s.strip()]
    for s in statuses:
        if s not in STATUSES:
            fail(
                f"--status: unknown status '{s}'{did_you_mean(s, STATUSES)}: choose from {', '.join(STATUSES)}"
            )
    settings = load_settings_or_fail()
    require_records_folder(settings)
    repo = load_repository(settings)
    if plan is not None:
        try:
            queries.find_record(repo, plan, "plan")
        except queries.NotFound as exc:
            fail(f"--plan: {exc}")
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
        _echo_bytes(tables.to_csv(items, _board_columns(spreadsheet=True)))
    else:
        if items:
            typer.echo(tables.render_table(items, _board_columns(), width=_width(), color=use_color()))
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
    output_format: StatsFormat = typer.Option(StatsFormat.table, "--format", "-f", help="table or json."),
) -> None:
    """Counts: findings by type, centre and topic; actions by status; overdue actions."""
    from inspectkit import queries, tables
    from inspectkit.repository import load_repository

    pinned = parse_date_option(today, "--today") or date.today()
    settings = load_settings_or_fail()
    require_records_folder(settings)
    repo = load_repository(settings)
    if plan is not None:
        try:
            queries.find_record(repo, plan, "plan")
        except queries.NotFound as exc:
            fail(f"--plan: {exc}")
    _warn_skipped([r.display for r in repo.records if r.model is None])
    data = queries.stats(repo, pinned, plan)
    if output_format is StatsFormat.json:
        typer.echo(tables.to_json(data), nl=False)
        return
    from inspectkit.tables import Column

    color, width = use_color(), _width()
    types: list[str] = data["types"]
    centre_cols = [
        Column("centre", lambda r: r["centre"], wrap=False),
        Column("name", lambda r: r["name"], ratio=1, drop=1),
    ]
    centre_cols += [Column(t, _getter(t), wrap=False, justify="right") for t in types]
    centre_cols.append(Column("total", lambda r: r["total"], wrap=False, justify="right"))
    totals = {"centre": "all", "name": "(each finding once)", **data["by_type"], "total": data["findings"]}
    scope = f" (plan {plan})" if plan else ""
    out = [
        tables.render_table(
            [*data["by_centre"], totals],
            centre_cols,
            title=f"Findings by type and centre{scope}",
            width=width,
            color=color,
        ),
        tables.render_table(
            data["by_topic"],
            [
                Column("topic", lambda r: r["topic"], wrap=False),
                Column("title", lambda r: r["title"], ratio=1),
                Column("findings", lambda r: r["findings"], wrap=False, justify="right"),
            ],
            title=f"Findings by topic{scope}",
            width=width,
            color=color,
        ),
        tables.render_table(
            [{"status": s, "n": n} for s, n in data["actions"]["by_status"].items()]
            + [{"status": "total", "n": data["actions"]["total"]}],
            [
                Column("status", lambda r: r["status"], wrap=False),
                Column("actions", lambda r: r["n"], wrap=False, justify="right"),
            ],
            title=f"Actions by status{scope}",
            width=width,
            color=color,
        ),
        f"Overdue actions as of {pinned.isoformat()}: {data['actions']['overdue']}",
    ]
    typer.echo("\n\n".join(out))


def _getter(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: row[key]


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
    from inspectkit.repository import load_repository

    if status not in STATUSES:
        fail(
            f"unknown status '{status}'{did_you_mean(status, STATUSES)}: choose one of {', '.join(STATUSES)}"
        )
    try:
        note = clean_note(note)
    except EditError as exc:
        fail(f"--note: {exc}")
    when = parse_date_option(on, "--on") or date.today()
    settings = load_settings_or_fail()
    require_records_folder(settings)
    repo = load_repository(settings)
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
    if not paths and not settings.records_dir.is_dir():
        fail(f"no records folder at {settings.records_dir}: pass paths, or set `records` in inspectkit.toml")
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
