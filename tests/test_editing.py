"""editing.py: set-status and fmt change only what they must, keep comments and blank lines, and the
result lints clean."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from conftest import WriteFn, changed_lines
from inspectkit import followup, formatting, roundtrip
from inspectkit.errors import Refused
from inspectkit.linter import lint
from inspectkit.settings import load_settings
from query_fixtures import F03, F04, make_records


def test_set_status_done_changes_only_the_action() -> None:
    after = followup.set_status(F03, "done", date(2023, 7, 1), "Đã báo cáo")
    removed, added = changed_lines(F03, after)
    assert removed == ["  status: open"]
    assert added == [
        "  status: done",
        "  done_on: 2023-07-01",
        "  history:",
        "    - date: 2023-07-01",
        "      status: done",
        "      note: Đã báo cáo",
    ]


def test_set_status_keeps_comments_and_blank_lines() -> None:
    after = followup.set_status(F03, "in-progress", date(2023, 7, 1))
    assert after.startswith("# Một đề nghị của Đoàn\n")
    assert "  owner: Ban Tuyên giáo Huyện ủy Chi Lăng   # người chịu trách nhiệm\n" in after
    assert after.endswith("      status: in-progress\n\n# Ghi chú cuối tệp\n")


def test_reopening_removes_done_on_and_appends_to_history() -> None:
    after = followup.set_status(F04, "open", date(2024, 5, 2), "Mở lại")
    removed, added = changed_lines(F04, after)
    assert removed == ["  status: done", "  done_on: 2024-03-01"]
    assert added == ["  status: open", "    - date: 2024-05-02", "      status: open", "      note: Mở lại"]


def test_quoting_style_of_a_changed_value_is_kept() -> None:
    text = F03.replace("status: open", "status: 'open'")
    after = followup.set_status(text, "dropped", date(2023, 7, 1))
    assert "  status: 'dropped'\n" in after


def test_a_file_in_another_style_keeps_its_style() -> None:
    text = (
        "kind: finding\nid: f\naction:\n  owner: A\n  status: open\n  history:\n  - date: 2023-01-01\n"
        "    status: open\ndetail: một dòng dài\n  viết tiếp ở dòng sau\ntags:   [a, b]\n"
    )
    after = followup.set_status(text, "in-progress", date(2023, 2, 1))
    removed, added = changed_lines(text, after)
    assert removed == ["  status: open"]
    assert added == ["  status: in-progress", "  - date: 2023-02-01", "    status: in-progress"]


def test_a_finding_without_action_is_refused() -> None:
    text = "kind: finding\nid: f\ntype: weakness\n"
    try:
        followup.set_status(text, "done", date(2023, 1, 1))
    except Refused as exc:
        assert "has no action" in str(exc)
    else:
        raise AssertionError("expected Refused")


def test_set_status_file_result_lints_clean(write: WriteFn) -> None:
    make_records(write)
    path = write("records/findings/2022-84-kh-dkt/2022-84-kh-dkt-03.yaml", F03)
    followup.set_status_file(path, "done", date(2023, 7, 1), "Xong", root=path.parents[3])
    result = lint(load_settings(), today=date(2023, 7, 2))
    assert result.diagnostics == []
    assert "done_on: 2023-07-01" in path.read_text(encoding="utf-8")


def test_merge_applies_the_change_and_keeps_the_style() -> None:
    original = "a:   1\nb: 2\nc:    3\n"
    base = "a: 1\nb: 2\nc: 3\n"
    edited = "a: 1\nb: 5\nc: 3\n"
    assert roundtrip.merge3(original, base, edited) == "a:   1\nb: 5\nc:    3\n"


def test_detect_indent() -> None:
    assert roundtrip.detect_indent("a:\n  - x\n") == roundtrip.Indent(2, 4, 2)
    assert roundtrip.detect_indent("a:\n- x\nb:\n    c: 1\n") == roundtrip.Indent(4, 2, 0)


UNTIDY = (
    "# Ghi chú đầu tệp\n"
    "kind: finding\n"
    "id: f-01\n"
    "plan: p\n"
    "centres:\n"
    "- c1\n"
    "topic: t\n"
    "type: request\n"
    "summary: " + unicodedata.normalize("NFD", "Bổ sung biên chế") + "\n"
    "\n"
    "action:\n"
    "    owner: Ban Tuyên giáo   # ai làm\n"
    "    due: '30/09/2024'\n"
    "    status: open\n"
)


def test_fmt_canonical_form() -> None:
    out = formatting.canonical(UNTIDY)
    assert out == (
        "# Ghi chú đầu tệp\n"
        "kind: finding\n"
        "id: f-01\n"
        "plan: p\n"
        "centres:\n"
        "  - c1\n"
        "topic: t\n"
        "type: request\n"
        "summary: Bổ sung biên chế\n"
        "\n"
        "action:\n"
        "  owner: Ban Tuyên giáo     # ai làm\n"  # a line comment keeps its column
        "  due: 2024-09-30\n"
        "  status: open\n"
    )


def test_fmt_is_idempotent() -> None:
    once = formatting.canonical(UNTIDY)
    assert formatting.canonical(once) == once


def test_fmt_leaves_a_canonical_file_as_it_is() -> None:
    assert formatting.canonical(F03) == F03
    assert formatting.canonical(F04) == F04


def test_fmt_refuses_a_broken_file() -> None:
    try:
        formatting.canonical("kind: finding\nid: [unclosed\n")
    except Refused as exc:
        assert "inspectkit lint" in str(exc)
    else:
        raise AssertionError("expected Refused")


@pytest.mark.parametrize(
    "text",
    [
        "kind: finding\nid: f\nsummary: &s Xin chào\ndetail: *s\n",  # ruamel would write the alias out
        "kind: finding\nid: f\nid: g\n",
        "kind: finding\nid: f\nsummary: !foo x\n",
        "---\nkind: finding\n---\nkind: plan\n",
        "- kind: finding\n",
        "",
    ],
)
def test_fmt_refuses_what_is_not_a_plain_record(text: str) -> None:
    with pytest.raises(Refused, match="inspectkit lint"):
        formatting.canonical(text)


def test_fmt_of_the_reference_style_records_lints_clean(write: WriteFn) -> None:
    make_records(write)
    path = write(
        "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-03.yaml", F03.replace("2023-06-30", "30/06/2023")
    )
    before = lint(load_settings(), today=date(2023, 1, 1))
    assert [d.code for d in before.diagnostics] == ["IK202"]
    path.write_text(formatting.canonical(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert lint(load_settings(), today=date(2023, 1, 1)).diagnostics == []


def test_fmt_removes_trailing_spaces_but_not_from_a_literal_block() -> None:
    text = "kind: finding   \nid: f  # ghi chú   \ndetail: |\n  dòng một  \n  dòng hai\n"
    assert (
        formatting.canonical(text) == "kind: finding\nid: f  # ghi chú\ndetail: |\n  dòng một  \n  dòng hai\n"
    )


def test_fmt_turns_crlf_and_bom_into_plain_utf8() -> None:
    assert formatting.canonical("\ufeffkind: finding\r\nid: f\r\n") == "kind: finding\nid: f\n"


def test_set_status_file_keeps_bom_and_line_ends(write: WriteFn) -> None:
    make_records(write)
    path = write("records/findings/2022-84-kh-dkt/2022-84-kh-dkt-03.yaml", "")
    path.write_bytes(b"\xef\xbb\xbf" + F03.replace("\n", "\r\n").encode())
    followup.set_status_file(path, "in-progress", date(2023, 7, 1), root=path.parents[3])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf# ")
    assert raw.count(b"\n") == raw.count(b"\r\n") == F03.count("\n") + 3
    assert b"  status: in-progress\r\n" in raw
