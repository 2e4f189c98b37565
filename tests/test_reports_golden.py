"""Golden Markdown of every report kind on the reference records (`records/`).

Each golden file was read by eye once. After a deliberate change to a template or to the
records, regenerate them with `UPDATE_GOLDEN=1 pytest tests/test_reports_golden.py` and review
the diff like any other change.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

GOLDEN = Path(__file__).resolve().parent / "golden"
PLAN = "2022-84-kh-dkt"
TODAY = "2024-01-01"  # after every deadline: the one action still in progress is overdue

CASES: dict[str, list[str]] = {
    "plan": ["--kind", "plan"],
    "decision": ["--kind", "decision"],
    "minutes-ttct-dinh-lap": ["--kind", "minutes", "--centre", "ttct-dinh-lap"],
    "minutes-ttct-chi-lang": ["--kind", "minutes", "--centre", "ttct-chi-lang"],
    "summary": ["--kind", "summary"],
    "conclusion": ["--kind", "conclusion"],
    "followup": ["--kind", "followup"],
    "news": ["--kind", "news"],
    "plan.en": ["--kind", "plan", "--lang", "en"],
    "followup.en": ["--kind", "followup", "--lang", "en"],
}


@pytest.fixture
def in_reference_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(REPO_ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    return REPO_ROOT


@pytest.mark.parametrize("name", sorted(CASES))
def test_report_matches_golden(name: str, in_reference_repo: Path, cli: Callable[..., Any]) -> None:
    result = cli("report", PLAN, *CASES[name], "--today", TODAY)
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"{name}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden.name}: run with UPDATE_GOLDEN=1 and review it"
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_every_report_kind_has_a_golden_file() -> None:
    from inspectkit.reports import REPORT_KINDS

    covered = {args[1] for args in CASES.values()}
    assert covered == set(REPORT_KINDS)


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_markdown_keeps_every_table_whole(name: str) -> None:
    from markdown_it import MarkdownIt

    text = (GOLDEN / f"{name}.md").read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").enable("table").render(text)
    separators = sum(1 for line in text.splitlines() if line.startswith("|") and set(line) <= set("|:- "))
    assert html.count("<table>") == separators
    assert "<script" not in html


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_markdown_shows_no_stray_markup(name: str) -> None:
    """Escapes are for the renderer: the page shows no backslash, no `**`, no empty heading."""
    import re

    from markdown_it import MarkdownIt

    text = (GOLDEN / f"{name}.md").read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").enable("table").render(text)
    visible = re.sub(r"<[^>]+>", "", html)
    assert "\\" not in visible
    assert "**" not in visible
    assert "<hr" not in html and "<h1></h1>" not in html
