"""The documents users read agree with the code: every diagnostic code, with its severity, in one
place (docs/FORMAT.md); a README short enough to read, whose test command is the one CI runs; links
between the documents that lead somewhere."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from inspectkit.rules import CODES

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^\| (IK\d{3}) \| (error|warning) \|", re.MULTILINE)
# Every Markdown document of the project but FORMAT.md, the one place the codes are listed.
OTHER_DOCUMENTS = sorted(
    str(path.relative_to(ROOT))
    for path in [*ROOT.glob("*.md"), *(ROOT / "docs").glob("*.md")]
    if path.name != "FORMAT.md"
)
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_the_codes_table_lists_every_code_with_its_severity() -> None:
    text = (ROOT / "docs" / "FORMAT.md").read_text(encoding="utf-8")
    table = dict(ROW.findall(text))
    assert table == {code: c.severity.value for code, c in CODES.items()}


@pytest.mark.parametrize("document", OTHER_DOCUMENTS)
def test_codes_are_tabled_only_in_format(document: str) -> None:
    text = (ROOT / document).read_text(encoding="utf-8")
    assert ROW.findall(text) == []


def test_the_readme_stays_under_8_kb() -> None:
    assert (ROOT / "README.md").stat().st_size < 8 * 1024


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    test_command = quick_start.splitlines()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci


@pytest.mark.parametrize("document", [*OTHER_DOCUMENTS, "docs/FORMAT.md"])
def test_relative_links_lead_to_files(document: str) -> None:
    path = ROOT / document
    targets = [t for t in LINK.findall(path.read_text(encoding="utf-8")) if "://" not in t]
    missing = [t for t in targets if not (path.parent / t).exists()]
    assert missing == []


def _commands() -> list[str]:
    """Every command of the CLI, a group's subcommands as `group sub`, hidden ones left out."""
    import typer
    import typer.main

    from inspectkit.cli import app

    def visible(group: Any) -> dict[str, Any]:
        if not hasattr(group, "list_commands"):
            return {}
        context = typer.Context(group)  # a group builds its commands when asked
        commands = {name: group.get_command(context, name) for name in group.list_commands(context)}
        return {name: command for name, command in commands.items() if not command.hidden}

    names: list[str] = []
    for name, command in visible(typer.main.get_command(app)).items():
        subcommands = visible(command)
        names += [f"{name} {sub}" for sub in subcommands] if subcommands else [name]
    return sorted(names)


@pytest.mark.parametrize("command", _commands())
def test_the_readme_tour_shows_every_command(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tour = readme.split("## A tour of the commands", 1)[1].split("\n## ", 1)[0]
    assert re.search(rf"^inspectkit {re.escape(command)}\b", tour, re.MULTILINE)


@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "docs").glob("*.md")))
def test_the_readme_links_every_docs_page(page: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"](docs/{page})" in readme
