"""Control characters and bidirectional overrides in text: lint names them at the value (IK202),
and a report never crashes on them (issue 10, item 7)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import WriteFn
from inspectkit.linter import lint
from inspectkit.settings import load_settings
from query_fixtures import make_records

Cli = Callable[..., Any]
CENTRE = "records/centres/ttct-dinh-lap.yaml"


@pytest.mark.parametrize(
    ("escaped", "what"),
    [
        ("\\x01", "a control character (U+0001)"),
        ("\\e[31m", "a control character (U+001B)"),
        ("\\x85", "a control character (U+0085)"),
        ("\\u202e", "a bidirectional override (U+202E)"),
        ("\\L", "a line separator (U+2028)"),
        ("\\u2066", "a bidirectional override (U+2066)"),
        ("\\uFFFE", "a Unicode noncharacter (U+FFFE)"),
        ("\\uFFFF", "a Unicode noncharacter (U+FFFF)"),
        ("\\uFDD0", "a Unicode noncharacter (U+FDD0)"),
        ("\\U0010FFFF", "a Unicode noncharacter (U+10FFFF)"),
    ],
)
def test_a_hidden_character_is_ik202_at_the_value(
    repo: Path, write: WriteFn, escaped: str, what: str
) -> None:
    make_records(write)
    path = repo / CENTRE
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("short_name: TTCT Đình Lập", f'short_name: "TTCT {escaped}Đình Lập"'), encoding="utf-8"
    )
    (problem,) = lint(load_settings(), today=date(2023, 1, 1)).diagnostics
    assert (problem.path, problem.code, problem.line, problem.column) == (CENTRE, "IK202", 4, 13)
    assert f"short_name: holds {what}" in problem.message


def test_tabs_and_line_breaks_are_text_not_hidden_characters(repo: Path, write: WriteFn) -> None:
    make_records(write)
    path = repo / CENTRE
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("short_name: TTCT Đình Lập", 'short_name: "TTCT\\tĐình Lập"'), encoding="utf-8"
    )
    assert lint(load_settings(), today=date(2023, 1, 1)).diagnostics == []


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_a_report_on_a_record_with_hidden_characters_refuses_without_crashing(
    repo: Path, write: WriteFn, cli: Cli, fmt: str
) -> None:
    make_records(write)
    path = repo / CENTRE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: Trung tâm", 'name: "\\x01\\u202eTrung tâm'), encoding="utf-8")
    path.write_text(
        path.read_text(encoding="utf-8").replace("Đình Lập\nshort", 'Đình Lập"\nshort', 1), encoding="utf-8"
    )
    result = cli("report", "2022-84-kh-dkt", "--kind", "plan", "-f", fmt, "-o", f"plan.{fmt}")
    assert result.exit_code == 1, result.stderr
    assert "internal error" not in result.stderr
    assert not (repo / f"plan.{fmt}").exists()


@pytest.mark.parametrize("bad", ["\x01", "\ufffe", "\uffff", "\ud800", "\x0b"])
def test_the_word_writer_never_crashes_on_text_xml_cannot_hold(bad: str) -> None:
    from docx import Document

    from inspectkit.reports.docx_layout import add_runs, para

    document = Document()
    add_runs(document.add_paragraph(), [(f"Đình{bad}Lập", False, False)])
    para(document, f"Đình{bad}Lập")
    assert [p.text for p in document.paragraphs] == ["Đình\ufffdLập"] * 2
