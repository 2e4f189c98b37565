from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from inspectkit import __version__
from inspectkit.cli import app


def test_version_as_a_real_process() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "inspectkit", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"inspectkit {__version__}"


def _commands(group: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    found = []
    context = typer.Context(group)
    for name in sorted(group.list_commands(context)):  # a group builds its commands when asked
        command = group.get_command(context, name)
        found.append(((*path, name), command))
        if hasattr(command, "list_commands"):
            found.extend(_commands(command, (*path, name)))
    return found


COMMANDS = _commands(typer.main.get_command(app))


def test_every_command_is_listed() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"lint", "schema"} <= names
    assert len(names) >= 10


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_help_on_every_command_says_what_it_does(path: tuple[str, ...], command: Any) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage: inspectkit " + " ".join(path) in " ".join(result.stdout.split())
    assert (command.help or "").strip(), f"`inspectkit {' '.join(path)}` has no description"


@pytest.mark.parametrize("name", ["lint", "schema"])
def test_every_option_of_lint_and_schema_is_explained(name: str) -> None:
    command = dict(COMMANDS)[(name,)]
    options = [p for p in command.params if p.param_type_name == "option" and not p.hidden]
    assert options
    assert [p.name for p in options if not (getattr(p, "help", None) or "").strip()] == []
