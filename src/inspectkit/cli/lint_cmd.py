"""`inspectkit lint` and `inspectkit schema`."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from inspectkit.cli.common import (
    app,
    emit,
    format_option,
    load_settings_or_fail,
    parse_date_option,
    require_records_folder,
    terminal,
)


def _codes(values: list[str] | None) -> list[str]:
    """`--select IK4,IK508 --select IK6`: every option given, each split on commas."""
    return [part for value in values or [] for part in value.split(",") if part.strip()]


@app.command()
def lint(
    paths: list[Path] = typer.Argument(None, help="Files or folders to check (default: the records folder)."),
    output_format: str = format_option("lint", " (github: workflow annotations)"),
    strict: bool = typer.Option(False, "--strict", help="Warnings fail too (exit 1)."),
    today: str | None = typer.Option(
        None,
        "--today",
        metavar="DATE",
        help="The date overdue actions (IK508) are measured against, YYYY-MM-DD or DD/MM/YYYY.",
    ),
    select: list[str] | None = typer.Option(
        None,
        "--select",
        metavar="CODES",
        help="Only these codes or prefixes, e.g. IK4,IK508 (repeatable).",
    ),
    ignore: list[str] | None = typer.Option(
        None, "--ignore", metavar="CODES", help="Skip these codes or prefixes, e.g. IK303 (repeatable)."
    ),
) -> None:
    """Check records against the format and each other; report every problem with its place.

    Exit status: 0 no error, 1 errors (or warnings with --strict), 2 usage problem.
    Linting one file still resolves its references against the whole repository.
    """
    from inspectkit.formats import render
    from inspectkit.linter import lint as run_lint
    from inspectkit.linter import selection_from

    settings = load_settings_or_fail()
    pinned = parse_date_option(today, "--today")
    selection = selection_from(settings, _codes(select), _codes(ignore))
    if not paths:
        require_records_folder(settings, or_paths=True)
    result = run_lint(settings, paths or None, selection, pinned)
    emit(render(output_format, "lint", result, terminal()))
    failed = result.errors > 0 or (strict and result.warnings > 0)
    raise typer.Exit(1 if failed else 0)


@app.command()
def schema(
    kind: str | None = typer.Option(None, "--kind", help="One kind: plan, delegation, centre or finding."),
) -> None:
    """Print the JSON Schema of the records, for editors to validate and autocomplete."""
    from inspectkit import kinds
    from inspectkit.errors import UsageError

    if kind is not None and not kinds.is_kind(kind):
        raise UsageError(f"--kind: unknown kind '{kind}': choose one of {', '.join(kinds.names())}")
    typer.echo(json.dumps(kinds.json_schema(kind), ensure_ascii=False, indent=2))
