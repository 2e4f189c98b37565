"""The top-level command group, which imports a command's module only when that command is used.

Building every command imports every command module and reads every command function's
signature, a tenth of a second that `inspectkit lint --help` (run by editors and pre-commit
hooks) does not need. The group knows each command's name and one-line help from `COMMANDS`
(click's "lazily loading subcommands" pattern): `inspectkit --help` lists them from the table,
and `inspectkit NAME ...` imports NAME's module, which registers its commands on `app`, and builds
only those. tests/test_startup.py checks the table against the commands themselves.
"""

from __future__ import annotations

import importlib
from typing import Any, NamedTuple

from typer.core import TyperGroup


class Entry(NamedTuple):
    module: str  # the module of inspectkit.cli that registers the command
    summary: str  # the command's one-line help, as `inspectkit --help` lists it


# In the order `inspectkit --help` lists them: a new command gets a line here.
COMMANDS: dict[str, Entry] = {
    "lint": Entry(
        "lint_cmd", "Check records against the format and each other; report every problem with its place."
    ),
    "schema": Entry(
        "lint_cmd", "Print the JSON Schema of the records, for editors to validate and autocomplete."
    ),
    "list": Entry(
        "query_cmd", "List the records of one kind that match: a table, JSON, CSV (for Excel) or YAML."
    ),
    "show": Entry("query_cmd", "Show one record and what links to it."),
    "actions": Entry(
        "query_cmd", "The follow-up board: actions with owner, due date, status and days overdue."
    ),
    "stats": Entry(
        "query_cmd", "Counts: findings by type, centre and topic; actions by status; overdue actions."
    ),
    "fmt": Entry("query_cmd", "Rewrite records in the canonical form; --check only shows what would change."),
    "new-centre": Entry("author_cmd", "Add an inspected centre: records/centres/<id>.yaml."),
    "new-plan": Entry(
        "author_cmd",
        "Add an inspection plan: records/plans/<id>.yaml (and any centre created on the way).",
    ),
    "new-delegation": Entry(
        "author_cmd",
        "Add the plan's delegation: records/delegations/<id>.yaml, and set `delegation:` in the plan.",
    ),
    "new-finding": Entry(
        "author_cmd",
        "Add a finding: records/findings/<plan-id>/<plan-id>-NN.yaml, the next free number.",
    ),
    "init": Entry(
        "author_cmd",
        "Start a records repository: settings, records/ folders, CI workflow, pre-commit, editor "
        "schema, and a git repository when asked (`--git`).",
    ),
    "report": Entry(
        "report_cmd", "Write an official document of PLAN_ID from the records and the templates."
    ),
    "diff": Entry(
        "review_cmd",
        "Say what changed in the records between two git revisions, in the terms of inspection work.",
    ),
    "issue": Entry(
        "issue_cmd", "Register a signed document: then reports of that kind print its number and date."
    ),
    "site": Entry(
        "views_cmd",
        "Build a static website of the records: figures, plans, centres, the follow-up board, search.",
    ),
    "export": Entry(
        "views_cmd",
        "Export every record as tables (schema in docs/export.md): for spreadsheets, SQL and aggregation.",
    ),
    "calendar": Entry(
        "views_cmd",
        "Visits and action due dates as an iCalendar file, for Outlook, Thunderbird, Google or a phone.",
    ),
    "sql": Entry(
        "views_cmd",
        "SQL over the export tables (docs/export.md) with DuckDB: this repository, or many exports.",
    ),
    "finding": Entry("query_cmd", "Work on one finding."),
    "cache": Entry(
        "cache_cmd", "The index in .inspectkit-cache/ that makes commands fast (rebuilt when needed)."
    ),
}


def load_command(name: str) -> Any:
    """The command NAME, built after importing its module (which registers it on `app`)."""
    import typer.main

    from inspectkit.cli.common import app

    importlib.import_module(f"inspectkit.cli.{COMMANDS[name].module}")
    # builds the commands of the modules imported so far, not all of them
    return getattr(typer.main.get_command(app), "commands", {})[name]


class QuickHelpGroup(TyperGroup):
    """A group whose `--help` option, when not given, costs nothing."""

    def get_help_option(self, ctx: Any) -> Any:
        # Unset, typer 0.29 coerces a group's --help from None to bool with a pydantic TypeAdapter,
        # importing pydantic (a tenth of a second) for every subcommand, `lint --help` included;
        # a bool default needs no coercion.
        option = super().get_help_option(ctx)
        if option is not None:
            option.default = False
        return option


class LazyCommandGroup(QuickHelpGroup):
    """A group whose commands are built on first use, from the modules `COMMANDS` names."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = load_command(cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Each command and its one-line help, whole (click would cut it to fit one line), from the
        table: listing the commands imports none of them."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, self._summary(ctx, name)) for name in self.list_commands(ctx)])

    def _summary(self, ctx: Any, name: str) -> str:
        if name in COMMANDS:
            return COMMANDS[name].summary
        return str(self.get_command(ctx, name).get_short_help_str(10_000))
