"""`inspectkit lint` and `inspectkit schema`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from collections.abc import Callable

    from inspectkit.diagnostics import Diagnostic
    from inspectkit.fixes import Where


def _codes(values: list[str] | None) -> list[str]:
    """`--select IK4,IK508 --select IK6`: every option given, each split on commas."""
    return [part for value in values or [] for part in value.split(",") if part.strip()]


@app.command()
def lint(
    paths: list[Path] = typer.Argument(None, help="Files or folders to check (default: the records folder)."),
    output_format: str = format_option(
        "lint",
        " (github: workflow annotations; sarif: code scanning; gitlab: Code Quality; "
        "auto: github in GitHub Actions, gitlab in GitLab CI, text elsewhere)",
    ),
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
    changed: bool = typer.Option(
        False,
        "--changed",
        help="Only problems in files changed since a git revision, and broken references to what they "
        "changed: `lint --changed [REF]`, REF (in place of paths) by default the merge base with the default branch.",
    ),
    baseline: Path | None = typer.Option(
        None, "--baseline", metavar="FILE", help="Hide the problems recorded in FILE (see --write-baseline)."
    ),
    write_baseline: Path | None = typer.Option(
        None,
        "--write-baseline",
        metavar="FILE",
        help="Record the problems found now in FILE, for --baseline (matched by code, record id and field).",
    ),
    fix: bool = typer.Option(
        False,
        "--fix",
        help="Fix the problems with one right answer (IK103, IK202 dates, IK302, IK303, IK600), then lint.",
    ),
    show_diff: bool = typer.Option(
        False, "--diff", help="With --fix: show what would change, write nothing (exit 1 if something would)."
    ),
) -> None:
    """Check records against the format and each other; report every problem with its place.

    Exit status: 0 no error, 1 errors (or warnings with --strict), 2 usage problem.
    Linting one file still resolves its references against the whole repository.
    """
    from inspectkit.baseline import read_baseline, without_baseline
    from inspectkit.baseline import write_baseline as save_baseline
    from inspectkit.errors import UsageError
    from inspectkit.fixes import Where
    from inspectkit.formats import render
    from inspectkit.linter import selection_from
    from inspectkit.review import Scope

    settings = load_settings_or_fail()
    pinned = parse_date_option(today, "--today")
    selection = selection_from(settings, _codes(select), _codes(ignore))
    if show_diff and not fix:
        raise UsageError(
            "--diff goes with --fix: `inspectkit lint --fix --diff` shows the fixes without writing them"
        )
    if changed and paths and len(paths) > 1:
        raise UsageError("--changed takes one revision (`lint --changed origin/main`), not paths")
    if not paths or changed:
        require_records_folder(settings, or_paths=not changed)
    ref = paths[0].as_posix() if changed and paths else None
    scope = Scope(settings, selection, pinned, None if changed else paths or None, changed, ref)
    if fix:
        _fix(lambda: scope.lint().diagnostics, Where(settings.root, settings.records_dir), show_diff)
    result = scope.lint()
    if write_baseline is not None:
        count = save_baseline(result, write_baseline)
        typer.echo(f"inspectkit: wrote {count} problem(s) to {write_baseline}", err=True)
        raise typer.Exit(0)
    hidden = 0
    if baseline is not None:
        result, hidden = without_baseline(result, read_baseline(baseline))
    emit(render(output_format, "lint", result, terminal()))
    if hidden:
        typer.echo(f"inspectkit: {hidden} problem(s) hidden by the baseline {baseline}", err=True)
    failed = result.errors > 0 or (strict and result.warnings > 0)
    raise typer.Exit(1 if failed else 0)


def _fix(lint: Callable[[], list[Diagnostic]], where: Where, show_diff: bool) -> None:
    """`--fix`: make (or with --diff show) the fixes and say what they are; --diff ends here."""
    from inspectkit.fixes import describe_fixes, fix_repeatedly, unified

    report = fix_repeatedly(lint, where, write=not show_diff)
    if show_diff:
        typer.echo("".join(unified(f) for f in report.fixes), nl=False)
    for line in describe_fixes(report, written=not show_diff):
        typer.echo(line, err=True)
    for line in report.problems:
        typer.echo(f"inspectkit: {line}", err=True)
    if show_diff:
        raise typer.Exit(1 if report.changed else 0)


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
