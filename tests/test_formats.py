"""The one output-format registry: each command's --format choices come from it, and a format is
one class with a method per output it writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import WriteFn
from inspectkit import formats
from inspectkit.linter import LintResult
from query_fixtures import make_records

Cli = Callable[..., Any]


def test_each_command_offers_the_formats_that_write_its_output() -> None:
    assert formats.names_for("lint") == ["text", "json", "github", "sarif", "gitlab", "junit", "auto"]
    assert formats.names_for("records") == ["table", "json", "csv", "yaml", "xlsx"]
    assert formats.names_for("board") == ["table", "json", "csv", "xlsx"]
    assert formats.names_for("record") == ["text", "json"]
    assert formats.names_for("stats") == ["table", "json", "xlsx"]


class CountFormat(formats.OutputFormat):
    """A toy format: one class, one registry entry."""

    name = "count"
    help = "how many"

    def lint(self, result: LintResult) -> formats.Output:
        return f"{len(result.diagnostics)} problem(s)\n"

    def records(self, rows: formats.Rows) -> formats.Output:
        return f"{len(rows.rows)} row(s)\n"


def test_a_format_is_one_class_and_one_registry_entry(
    repo: Path, write: WriteFn, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_records(write)
    monkeypatch.setitem(formats.FORMATS, "count", CountFormat)
    assert formats.names_for("records")[-1] == "count"
    assert cli("list", "findings", "--format", "count").stdout == "4 row(s)\n"
    assert cli("lint", "--format", "count", "--today", "2023-01-01").stdout == "0 problem(s)\n"
    refused = cli("actions", "--format", "count")
    assert refused.exit_code == 2
    assert "'count' is not a format here: choose" in refused.stderr
    assert "table, json, csv or xlsx" in refused.stderr


def test_lint_json_is_valid_utf8_when_a_file_name_is_not(
    repo: Path, write: WriteFn, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSPECTKIT_NO_CACHE", "1")  # the reporters are tested here, not the cache
    make_records(write)
    name = os.fsdecode(b"records/centres/tr\xe2m.yaml")
    Path(name).write_text("kind: centre\nid: [broken\n", encoding="utf-8")
    result = cli("lint", "--format", "json")
    assert result.exit_code == 1
    result.stdout_bytes.decode("utf-8")  # strict: raises on invalid UTF-8
    paths = [d["path"] for d in json.loads(result.stdout)]
    assert "records/centres/tr\\xe2m.yaml" in paths


@pytest.mark.parametrize("command", [("lint",), ("lint", "--format", "json"), ("list", "centres")])
def test_a_file_name_that_is_not_utf8_does_not_break_the_cache(
    repo: Path, write: WriteFn, cli: Cli, command: tuple[str, ...]
) -> None:
    make_records(write)
    Path(os.fsdecode(b"records/centres/\xff\xfe.yaml")).write_text(
        "kind: centre\nid: [broken\n", encoding="utf-8"
    )
    for _ in range(2):  # the first run fills the cache, the second reads it
        result = cli(*command)
        assert "internal error" not in result.stderr
        assert result.exit_code in (0, 1), result.stderr


def test_the_format_registry_adds_no_network_or_mail_modules_to_start_up() -> None:
    # Every `inspectkit lint` (a pre-commit hook) builds the registry, CI formats included: the
    # JUnit reporter's xml.sax.saxutils would pull in urllib.request, http.client, ssl and email.
    heavy = ("urllib.request", "http.client", "ssl", "email.parser", "xml.sax.saxutils")
    code = f"import sys, inspectkit.cli; print([m for m in {heavy!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
