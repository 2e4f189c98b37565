"""The shared `app` and the small helpers every command uses."""

from __future__ import annotations

import os
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from inspectkit import __version__
from inspectkit.cli.lazy_group import LazyCommandGroup, QuickHelpGroup
from inspectkit.errors import EXIT_INTERNAL, EXIT_PROBLEMS, InspectkitError, UsageError

if TYPE_CHECKING:
    from inspectkit.settings import Settings

ISSUES_URL = "https://github.com/inspectkit/inspectkit/issues"


class ExitMappingGroup(LazyCommandGroup):
    """The one place where errors become exit statuses (0 ok, 1 problems or refused, 2 usage, 3 bug).

    An `InspectkitError` is its one-line message and its `exit_code`. Anything else is a bug in
    inspectkit: its message, a line asking to report it, exit 3; the traceback only with
    INSPECTKIT_DEBUG=1. Every command, through `main` or typer's test runner, runs through here.
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException, KeyboardInterrupt):
            raise  # typer's own exits and usage errors (exit 2), and Ctrl-C
        except InspectkitError as exc:
            typer.echo(f"inspectkit: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:  # the system refused (disk full, permissions): not a bug
            where = f"{exc.filename}: " if exc.filename else ""
            typer.echo(f"inspectkit: {where}{exc.strerror or exc}; nothing more was written", err=True)
            raise typer.Exit(EXIT_PROBLEMS) from None
        except Exception as exc:
            if os.environ.get("INSPECTKIT_DEBUG") == "1":
                raise
            typer.echo(f"inspectkit: internal error: {type(exc).__name__}: {exc}", err=True)
            typer.echo(
                "inspectkit: this is a bug in inspectkit, please report it with the command you ran "
                f"({ISSUES_URL}); INSPECTKIT_DEBUG=1 shows the traceback",
                err=True,
            )
            raise typer.Exit(EXIT_INTERNAL) from None


app = typer.Typer(
    cls=ExitMappingGroup,
    name="inspectkit",
    help="Inspection records as code: check YAML records in CI, ask questions, write the official documents."
    "\n\nTo start: `inspectkit init FOLDER`, then `inspectkit new-centre`, `new-plan`, `new-delegation` and "
    "`new-finding` ask for each record. `inspectkit COMMAND -h` explains a command.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    # click's plain help and usage errors: rich's help formatter alone costs more start-up than
    # the whole of `yamllint --version` (issue 11, docs/speed.md), and `lint --help` runs in editors.
    rich_markup_mode=None,
)


def command_group(name: str, help: str) -> typer.Typer:
    """`inspectkit NAME COMMAND`: a group of commands, registered on `app`, showing its help when
    called without a command."""
    group = typer.Typer(
        cls=QuickHelpGroup,
        help=help,
        no_args_is_help=True,
        context_settings=app.info.context_settings,
        rich_markup_mode=app.rich_markup_mode,
    )
    app.add_typer(group, name=name)
    return group


def _version(value: bool) -> None:
    if value:
        typer.echo(f"inspectkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    no_cache: bool = typer.Option(
        False,
        "--no-cache",
        help="Read every record instead of using the index in .inspectkit-cache/ (also: INSPECTKIT_NO_CACHE=1).",
    ),
) -> None:
    """Inspection records as code."""
    if no_cache:  # read by index.cache_enabled in the command that follows
        os.environ["INSPECTKIT_NO_CACHE"] = "1"


def use_color() -> bool:
    """Colour only on a terminal, and not when NO_COLOR is set to anything but "" (no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def load_settings_or_fail() -> Settings:
    from inspectkit.settings import load_settings

    return load_settings()


def require_records_folder(settings: Settings, *, or_paths: bool = False) -> None:
    """Exit 2 when there is no records folder: run elsewhere, a query would find nothing and say so.

    `or_paths`: the command also takes files or folders instead (lint, fmt), and the message says so."""
    if not settings.records_dir.is_dir():
        from inspectkit.recordfiles import display_path

        raise UsageError(
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
        raise UsageError(f"{option}: '{value}' is not a date: write YYYY-MM-DD or DD/MM/YYYY") from None


def format_option(subject: str, extra_help: str = "") -> Any:
    """`--format/-f`, with the choices the format registry has for `subject` (the first is the
    default)."""
    from inspectkit.formats import choices_help, names_for

    names = names_for(subject)

    def check(value: str) -> str:
        if value not in names_for(subject):  # read at run time: a format registered later counts
            raise typer.BadParameter(f"'{value}' is not a format here: choose {choices_help(subject)}")
        return value

    return typer.Option(
        names[0],
        "--format",
        "-f",
        metavar="[" + "|".join(names) + "]",
        help=f"{choices_help(subject)}{extra_help}.",
        callback=check,
        autocompletion=lambda: names,
    )


def terminal() -> Any:
    """The terminal the output goes to: its width and whether colour is wanted."""
    import shutil

    from inspectkit.formats import Terminal

    return Terminal(width=shutil.get_terminal_size((100, 24)).columns, color=use_color())


def refuse_binary_on_terminal(name: str, advice: str) -> None:
    """A binary output (a workbook) would print as noise on a terminal: refused there (exit 2),
    before any work, saying how to write it to a file instead."""
    if sys.stdout.isatty():
        raise UsageError(f"{name} is a binary file: {advice}")


def emit(output: str | bytes) -> None:
    """Text as UTF-8 text; bytes as they are (CSV keeps its BOM and CRLF whatever the locale)."""
    typer.echo(output, nl=False)
