"""The shared `app` and the small helpers every command uses."""

from __future__ import annotations

import os
import sys
from datetime import date
from typing import TYPE_CHECKING, NoReturn

import typer

from inspectkit import __version__

if TYPE_CHECKING:
    from inspectkit.settings import Settings

app = typer.Typer(
    name="inspectkit",
    help="Inspection records as code: check YAML records in CI, ask questions, write the official documents."
    "\n\nTo start: `inspectkit init FOLDER`, then `inspectkit new-centre`, `new-plan`, `new-delegation` and "
    "`new-finding` ask for each record. `inspectkit COMMAND -h` explains a command.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"inspectkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Inspection records as code."""


def fail(message: str, code: int = 2) -> NoReturn:
    """A one-line error on stderr and an exit status."""
    typer.echo(f"inspectkit: {message}", err=True)
    raise typer.Exit(code)


def use_color() -> bool:
    """Colour only on a terminal, and not when NO_COLOR is set to anything but "" (no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def load_settings_or_fail() -> Settings:
    from inspectkit.settings import SettingsError, load_settings

    try:
        return load_settings()
    except SettingsError as exc:
        fail(str(exc))


def require_records_folder(settings: Settings, *, or_paths: bool = False) -> None:
    """Exit 2 when there is no records folder: run elsewhere, a query would find nothing and say so.

    `or_paths`: the command also takes files or folders instead (lint, fmt), and the message says so."""
    if not settings.records_dir.is_dir():
        from inspectkit.repository import display_path

        fail(
            f"no records folder at {display_path(settings.records_dir)}: "
            f"{'pass paths, ' if or_paths else ''}run this in a records repository "
            "(`inspectkit init` makes one), or set `records` in inspectkit.toml"
        )


def parse_date_option(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    from inspectkit.text import parse_user_date

    try:
        return parse_user_date(value)
    except ValueError:
        fail(f"{option}: '{value}' is not a date: write YYYY-MM-DD or DD/MM/YYYY")
