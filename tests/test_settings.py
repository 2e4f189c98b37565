"""Every setting is validated when the settings are read, with its range, and named in the message:
a broken setting is one line and exit 2 for every command, never a crash or a broken document."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import WriteFn
from inspectkit.errors import SettingsError
from inspectkit.settings import load_settings
from query_fixtures import make_records

Cli = Callable[..., Any]


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ("[documents.margins]\nleft = 150\n", "documents.margins.left"),
        ("[documents.margins]\ntop = 1e9\n", "documents.margins.top"),
        ("[documents.margins]\ntop = -5\n", "documents.margins.top"),
        ("[documents.margins]\nright = nan\n", "documents.margins.right"),
        ("[documents]\nfont_size = inf\n", "documents.font_size"),
        ('[lint]\nignore = ["IK999"]\n', "lint.ignore"),
        ('[lint]\nwarning = ["XX1"]\n', "lint.warning"),
        ('[organisation]\nname = "Ban\\u0001"\n', "organisation.name"),
        ('[organisation]\nheader = ["T\\u202eỈNH ỦY"]\n', "organisation.header"),
        ('records = "../elsewhere"\n', "records"),
        ('records = "/srv/records"\n', "records"),
        ('templates = "mine/../../theirs"\n', "templates"),
    ],
)
def test_a_setting_out_of_its_range_is_refused_naming_it(
    repo: Path, write: WriteFn, content: str, named: str
) -> None:
    write("inspectkit.toml", content)
    with pytest.raises(SettingsError, match=rf"inspectkit\.toml: setting '{named}'"):
        load_settings()


@pytest.mark.parametrize(
    ("content", "named", "wanted"),
    [
        ("records = 5\n", "records", "should be a text in quotes"),
        ('language = "fr"\n', "language", "should be one of 'vi', 'en'"),
        ('[cache]\nenabled = "yes"\n', "cache.enabled", "should be true or false"),
        ("[documents]\nmargins = 5\n", "documents.margins", "should be a table of settings"),
        ('[documents]\nfont_size = "14"\n', "documents.font_size", "should be a finite number"),
        ("[documents]\nfont_size = true\n", "documents.font_size", "should be a finite number"),
        ('[lint]\nignore = ["IK303", 4]\n', "lint.ignore", "should be a list of texts"),
    ],
)
def test_a_setting_of_the_wrong_type_is_refused_saying_what_it_should_be(
    repo: Path, write: WriteFn, content: str, named: str, wanted: str
) -> None:
    write("inspectkit.toml", content)
    with pytest.raises(SettingsError, match=rf"inspectkit\.toml: setting '{named}': {wanted}"):
        load_settings()


def test_margins_within_their_range_are_kept(repo: Path, write: WriteFn) -> None:
    write("inspectkit.toml", "[documents.margins]\ntop = 25\nbottom = 25\nleft = 35\nright = 15\n")
    margins = load_settings().documents.margins
    assert (margins.top, margins.bottom, margins.left, margins.right) == (25, 25, 35, 15)


@pytest.mark.parametrize(
    "args",
    [
        ["report", "2022-84-kh-dkt", "--kind", "plan"],
        ["list", "findings"],
        ["finding", "set-status", "2022-84-kh-dkt-03", "done"],
    ],
    ids=["report", "list", "set-status"],
)
def test_an_unknown_lint_code_in_the_settings_is_a_usage_error_for_every_command(
    repo: Path, write: WriteFn, cli: Cli, args: list[str]
) -> None:
    make_records(write)
    write("inspectkit.toml", '[lint]\nignore = ["IK999"]\n')
    result = cli(*args)
    assert result.exit_code == 2
    assert "setting 'lint.ignore': unknown code 'IK999'" in result.stderr
    assert "internal error" not in result.stderr


def test_a_huge_margin_never_reaches_a_document(repo: Path, write: WriteFn, cli: Cli) -> None:
    make_records(write)
    write("inspectkit.toml", "[documents.margins]\nleft = 150\n")
    result = cli("report", "2022-84-kh-dkt", "--kind", "plan", "-o", "plan.docx")
    assert result.exit_code == 2
    assert "documents.margins.left" in result.stderr
    assert not (repo / "plan.docx").exists()
