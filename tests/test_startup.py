"""Start-up stays light (inspectkit runs in pre-commit hooks): building the command line imports
none of the heavy libraries; each command imports what it needs when it runs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inspectkit.index import RACY_NS

HEAVY = (
    "pydantic",
    "rich",
    "ruamel",
    "yaml",
    "jinja2",
    "docx",
    "openpyxl",
    "sqlite3",
    "urllib.request",  # through xml.sax.saxutils: http, ssl and email with it
    "inspectkit.models",
    "inspectkit.repository",
)


def test_building_the_command_line_imports_no_heavy_library() -> None:
    probe = f"import sys, inspectkit.cli; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == []


def _imported_after(*args: str, cwd: Path | None = None) -> set[str]:
    """The modules `inspectkit ARGS` has imported when it exits, run as the console script runs."""
    probe = (
        "import sys\n"
        f"sys.argv = ['inspectkit', *{args!r}]\n"
        "from inspectkit.entry import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('\\nIMPORTED ' + ' '.join(sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=cwd)
    return set(done.stderr.rsplit("\nIMPORTED ", 1)[1].split())


def test_the_command_table_has_every_command_with_its_module_and_its_one_line_help() -> None:
    import importlib
    import pkgutil

    import typer.main

    import inspectkit.cli
    from inspectkit.cli import app
    from inspectkit.cli.lazy_group import COMMANDS

    modules = [m.name for m in pkgutil.iter_modules(inspectkit.cli.__path__) if m.name.endswith("_cmd")]
    for module in modules:
        importlib.import_module(f"inspectkit.cli.{module}")
    built = getattr(typer.main.get_command(app), "commands", {})
    assert {name: command.get_short_help_str(10_000) for name, command in built.items()} == {
        name: entry.summary for name, entry in COMMANDS.items()
    }
    registered = {
        info.name or typer.main.get_command_name(info.callback.__name__): info.callback.__module__
        for info in app.registered_commands
        if info.callback is not None
    }
    for group in app.registered_groups:
        assert group.typer_instance is not None
        first = group.typer_instance.registered_commands[0].callback
        assert first is not None
        registered[str(group.name)] = first.__module__
    assert registered == {name: f"inspectkit.cli.{entry.module}" for name, entry in COMMANDS.items()}


def test_the_command_list_shows_every_command_with_its_one_line_help() -> None:
    from inspectkit.cli.lazy_group import COMMANDS

    done = subprocess.run(
        [sys.executable, "-m", "inspectkit", "--help"], capture_output=True, text=True, check=True
    )
    listing = " ".join(done.stdout.split("\nCommands:\n", 1)[1].split())
    for name, entry in COMMANDS.items():
        assert f"{name} {entry.summary}" in listing


def test_the_command_list_is_shown_without_importing_a_command_module() -> None:
    imported = _imported_after("--help")
    assert sorted(m for m in imported if m.startswith("inspectkit.cli.") and m.endswith("_cmd")) == []


@pytest.mark.parametrize("args", [("--help",), ("lint", "--help"), ("lint", "--bogus")])
def test_help_and_usage_errors_are_plain_text_without_rich(args: tuple[str, ...]) -> None:
    assert sorted(m for m in _imported_after(*args) if m.split(".")[0] == "rich") == []


def _every_command() -> list[tuple[str, ...]]:
    from inspectkit.cli.lazy_group import COMMANDS

    return [(), *((name,) for name in COMMANDS), ("finding", "set-status"), ("cache", "clear")]


@pytest.mark.parametrize("command", _every_command(), ids=lambda c: " ".join(c) or "inspectkit")
def test_the_help_of_a_command_imports_no_heavy_library(command: tuple[str, ...]) -> None:
    imported = _imported_after(*command, "--help")
    assert "inspectkit" in imported  # the probe ran the command line
    assert [m for m in HEAVY if m in imported] == []
    assert "typer._adapters" not in imported  # typer's pydantic coercion


def test_a_command_imports_only_the_module_that_registers_it() -> None:
    imported = _imported_after("lint", "--help")
    assert sorted(m for m in imported if m.startswith("inspectkit.cli.") and m.endswith("_cmd")) == [
        "inspectkit.cli.lint_cmd"
    ]


# What reading records takes: a command whose files are all unchanged answers from the index.
PARSING = (
    "pydantic",
    "yaml",
    "inspectkit.models",
    "inspectkit.rules",
    "inspectkit.scan",
    "inspectkit.validation",
    "inspectkit.loader",
    "inspectkit.repository",
    "typer._adapters",
)


def _old_records(root: Path) -> None:
    """The reference records, copied more than RACY_NS ago: a file changed within that time
    before it was read is always read again (index.py), and a file's ctime cannot be set back."""
    shutil.copytree(Path(__file__).parents[1] / "records", root / "records")
    time.sleep(RACY_NS / 1e9 + 0.1)


def test_a_lint_of_an_unchanged_repository_imports_no_parsing_or_validation(tmp_path: Path) -> None:
    _old_records(tmp_path)
    first = _imported_after("lint", cwd=tmp_path)
    assert "inspectkit.scan" in first  # the first lint read every file
    assert sorted(m for m in PARSING if m in _imported_after("lint", cwd=tmp_path)) == []


def test_a_lint_after_an_edit_reads_the_file_again(tmp_path: Path) -> None:
    _old_records(tmp_path)
    _imported_after("lint", cwd=tmp_path)
    plan = next((tmp_path / "records" / "plans").glob("*.yaml"))
    plan.write_text(plan.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert "inspectkit.scan" in _imported_after("lint", cwd=tmp_path)


def test_counts_and_the_board_from_a_warm_index_import_no_models_and_no_rich(tmp_path: Path) -> None:
    """`stats` and `actions` answer with SQL over the index: no record model, YAML parser or rich
    (their tables are drawn by hand when not in colour)."""
    _old_records(tmp_path)
    _imported_after("lint", cwd=tmp_path)
    plan = next((tmp_path / "records" / "plans").glob("*.yaml")).stem
    for command in (("stats",), ("actions", "--plan", plan)):
        imported = _imported_after(*command, cwd=tmp_path)
        assert sorted(m for m in (*PARSING, "rich") if m in imported) == [], command


def test_a_file_touched_but_not_changed_is_read_again_without_parsing(tmp_path: Path) -> None:
    """A new stamp with the same content (a checkout, `touch`) is hashed, not parsed: no rule,
    model or YAML parser is imported."""
    import os

    _old_records(tmp_path)
    _imported_after("lint", cwd=tmp_path)
    plan = next((tmp_path / "records" / "plans").glob("*.yaml"))
    os.utime(plan)
    imported = _imported_after("lint", cwd=tmp_path)
    assert sorted(m for m in PARSING if m in imported) == []
