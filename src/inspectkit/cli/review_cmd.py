"""`inspectkit diff`: what a change does to the records, for a reviewer."""

from __future__ import annotations

import typer

from inspectkit.cli.common import app, emit, load_settings_or_fail, parse_date_option, require_records_folder


def _format(value: str) -> str:
    from inspectkit.diffreport import DIFF_FORMATS

    if value not in DIFF_FORMATS:
        raise typer.BadParameter(f"'{value}' is not a format of diff: choose {', '.join(DIFF_FORMATS)}")
    return value


@app.command("diff")
def diff(
    base: str | None = typer.Argument(
        None, help="The revision to compare from (default: the merge base with the default branch)."
    ),
    head: str | None = typer.Argument(None, help="The revision to compare to (default: the working tree)."),
    output_format: str = typer.Option(
        "text",
        "--format",
        "-f",
        metavar="[text|markdown|json]",
        help="text, markdown (a pull-request comment) or json.",
        callback=_format,
    ),
    link_base: str | None = typer.Option(
        None,
        "--link-base",
        metavar="URL",
        help="Markdown: prefix of the links to files, e.g. https://host/owner/repo/blob/<sha> (default: relative links).",
    ),
    today: str | None = typer.Option(
        None, "--today", metavar="YYYY-MM-DD", help="The date overdue actions (IK508) are measured against."
    ),
) -> None:
    """Say what changed in the records between two git revisions, in the terms of inspection work.

    New, deleted and renamed records, status moves, visits moved, actions, documents registered,
    records deleted while still referenced; and the lint problems the change introduces and fixes.
    Records are matched by id: a file renamed is not a deletion.

    Exit status: 0 done; 2 usage problem (not a git repository, a revision not in this clone: the
    message says what to fetch).
    """
    from inspectkit.diffreport import DIFF_FORMATS
    from inspectkit.linter import selection_from
    from inspectkit.review import diff as run_diff

    settings = load_settings_or_fail()
    require_records_folder(settings)
    pinned = parse_date_option(today, "--today")
    result = run_diff(settings, base, head, selection_from(settings), pinned)
    emit(DIFF_FORMATS[output_format](result, link_base))
