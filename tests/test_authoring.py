"""The authoring core without the command line: answers, lookups, ids, rendering, safe writes."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from inspectkit.answers import (
    Answers,
    BadAnswer,
    clean_text,
    document_number,
    parse_date,
)
from inspectkit.authoring import Session, next_finding_id, search_centres
from inspectkit.drafts import Draft, plan_with_delegation, render, write_drafts
from inspectkit.errors import Refused, UsageError
from inspectkit.loader import load_text
from inspectkit.models import Centre
from inspectkit.repository import load_repository
from inspectkit.roundtrip import detect_indent
from inspectkit.settings import Settings


class FedPrompter:
    """Answers given in advance; records what was asked and said."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.asked: list[tuple[str, str]] = []
        self.said: list[str] = []

    def ask(self, question: str, default: str = "") -> str:
        self.asked.append((question, default))
        answer = self.answers.pop(0)
        return answer or default

    def confirm(self, question: str, default: bool = True) -> bool:
        return self.ask(question, "y" if default else "n").lower().startswith("y")

    def say(self, message: str) -> None:
        self.said.append(message)


def centre(centre_id: str, name: str, short_name: str | None = None) -> Centre:
    return Centre(kind="centre", id=centre_id, name=name, short_name=short_name)


CENTRES = [
    centre("ttct-dinh-lap", "Trung tâm Chính trị huyện Đình Lập"),
    centre("ttct-chi-lang", "Trung tâm Chính trị huyện Chi Lăng", "TTCT Chi Lăng"),
]


# ----- answers -------------------------------------------------------------------------------


def test_an_option_wins_over_the_question() -> None:
    prompter = FedPrompter()
    assert Answers(prompter).one("--title", "Given", "Title", clean_text) == "Given"
    assert prompter.asked == []


def test_a_bad_answer_is_asked_again_with_the_reason() -> None:
    prompter = FedPrompter("24/13/2022", "24/11/2022")
    assert Answers(prompter).one("--issued", None, "Date", parse_date) == date(2022, 11, 24)
    assert prompter.said == ["  '24/13/2022' is not a date: write YYYY-MM-DD or DD/MM/YYYY"]


def test_an_empty_answer_takes_the_default_offered() -> None:
    prompter = FedPrompter("")
    assert Answers(prompter).one("--issued", None, "Date", parse_date, default="2022-11-03") == date(
        2022, 11, 3
    )
    assert prompter.asked == [("Date", "2022-11-03")]


def test_a_dash_clears_the_default_of_an_optional_question() -> None:
    prompter = FedPrompter("-")
    assert (
        Answers(prompter).one("--place", None, "Place", clean_text, default="Lạng Sơn", required=False)
        is None
    )
    assert prompter.asked == [("Place (- for none)", "Lạng Sơn")]


def test_without_input_a_missing_required_value_names_the_option() -> None:
    with pytest.raises(UsageError, match="missing --title"):
        Answers(None).one("--title", None, "Title", clean_text)


def test_without_input_a_bad_option_value_is_a_usage_problem() -> None:
    with pytest.raises(UsageError, match="--issued: '2022-02-30' is not a date"):
        Answers(None).one("--issued", "2022-02-30", "Date", parse_date)


def test_repeated_answers_end_at_an_empty_one() -> None:
    prompter = FedPrompter("Công tác mở lớp", "Chế độ", "")
    assert Answers(prompter).many("--topic", [], "Topic", clean_text) == ["Công tác mở lớp", "Chế độ"]


# ----- one answer ----------------------------------------------------------------------------


def test_text_is_stored_nfc_without_surrounding_blanks() -> None:
    assert clean_text("  Chi La\u0306ng \n") == "Chi Lăng"


@pytest.mark.parametrize("value", ["", "   ", "a\x00b", "a\u2028b", "one\ntwo"])
def test_text_refuses_empty_control_characters_and_line_breaks(value: str) -> None:
    with pytest.raises(BadAnswer):
        clean_text(value)


def test_multi_line_text_keeps_paragraphs_and_normalises_line_ends() -> None:
    assert clean_text("Một \r\n\r\nHai\t", multiline=True) == "Một\n\nHai"


@pytest.mark.parametrize(
    ("typed", "expected"), [("2022-11-24", date(2022, 11, 24)), ("24/11/2022", date(2022, 11, 24))]
)
def test_dates_are_accepted_in_iso_or_day_first_form(typed: str, expected: date) -> None:
    assert parse_date(typed) == expected


def test_a_plan_number_must_be_a_kh_document() -> None:
    parse = document_number("KH")
    assert parse("Số: 84-KH/ĐKT") == "84-KH/ĐKT"
    with pytest.raises(BadAnswer, match="is a QĐ document; this one is numbered with KH"):
        parse("85-QĐ/BTGTU")


# ----- lookups and ids -----------------------------------------------------------------------


def test_centres_are_found_by_part_of_the_name_without_diacritics() -> None:
    assert [c.id for c in search_centres(CENTRES, "dinh lap")] == ["ttct-dinh-lap"]
    assert [c.id for c in search_centres(CENTRES, "ĐÌNH LẬP")] == ["ttct-dinh-lap"]
    assert [c.id for c in search_centres(CENTRES, "ttct chi lang")] == ["ttct-chi-lang"]
    assert [c.id for c in search_centres(CENTRES, "trung tam")] == ["ttct-dinh-lap", "ttct-chi-lang"]
    assert search_centres(CENTRES, "văn quan") == []


def make_session(root: Path) -> Session:
    settings = Settings(root=root)
    return Session(settings, load_repository(settings), Answers(None), date(2022, 12, 1))


def write_finding(root: Path, record_id: str) -> None:
    path = root / "records/findings/p" / f"{record_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"kind: finding\nid: {record_id}\n", encoding="utf-8")


def test_the_first_finding_of_a_plan_is_01(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    assert next_finding_id(make_session(tmp_path), "2022-84-kh-dkt") == "2022-84-kh-dkt-01"


def test_finding_numbers_follow_the_highest_and_grow_past_two_digits(tmp_path: Path) -> None:
    write_finding(tmp_path, "p-03")
    write_finding(tmp_path, "p-99")
    write_finding(tmp_path, "p-extra")
    assert next_finding_id(make_session(tmp_path), "p") == "p-100"


def test_a_plan_id_too_long_to_number_is_refused(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    with pytest.raises(Refused, match="too long"):
        next_finding_id(make_session(tmp_path), "p" * 63)


# ----- rendering -----------------------------------------------------------------------------


FINDING: dict[str, Any] = {
    "kind": "finding",
    "id": "p-01",
    "plan": "p",
    "centres": ["ttct-dinh-lap"],
    "topic": "che-do",
    "type": "weakness",
    "summary": "- không: phải # chú thích",
    "detail": 'Đoạn một.\n\nĐoạn hai: "trích".',
}


def test_render_writes_a_header_comment_block_style_and_a_literal_detail() -> None:
    text = render("finding", FINDING)
    assert text.splitlines()[0] == "# Kết quả kiểm tra (finding) of plan p"
    assert "centres:\n  - ttct-dinh-lap\n" in text
    assert "type: weakness  # strength | weakness | difficulty | proposal | request\n" in text
    assert 'detail: |-\n  Đoạn một.\n\n  Đoạn hai: "trích".\n' in text


def test_rendered_text_reads_back_the_same_values() -> None:
    loaded = load_text("f.yaml", render("finding", FINDING))
    assert loaded.diagnostics == []
    assert loaded.data == FINDING


# ----- editing a plan ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a:\n  - x: 1\n    y: 2\n", (2, 2)),
        ("a:\n- x: 1\n  y: 2\n", (2, 0)),
        ("a:\n    b: 1\nc:\n    - 1\n", (4, 4)),
        ("a: 1\n", (2, 2)),
    ],
)
def test_indentation_is_guessed_from_the_file(text: str, expected: tuple[int, int]) -> None:
    indent = detect_indent(text)
    assert (indent.mapping, indent.offset) == expected


INDENTLESS_PLAN = """\
kind: plan   # PyYAML's layout: list items not indented
id: p
number: '84-KH/ĐKT'
issued: 2022-11-03
issuer: Ban
title: A title long enough that a YAML writer with a narrow width would want to fold it onto a second line
topics:
- id: a
  title: A
visits:
- centre: c
  date: 2022-11-24
"""


def test_setting_the_delegation_adds_one_line_before_the_visits() -> None:
    after = plan_with_delegation(INDENTLESS_PLAN, "p-doan")
    lines = INDENTLESS_PLAN.splitlines()
    lines.insert(lines.index("visits:"), "delegation: p-doan")
    assert after.splitlines() == lines


def test_setting_the_delegation_replaces_an_empty_one_in_place() -> None:
    plan = INDENTLESS_PLAN.replace("visits:", "delegation:   # to come\nvisits:")
    lines = plan_with_delegation(plan, "p-doan").splitlines()
    (line,) = [line for line in lines if line.startswith("delegation:")]
    assert line.split("#") == ["delegation: p-doan ", " to come"]
    assert lines.index(line) == lines.index("visits:") - 1


# ----- writing -------------------------------------------------------------------------------


def draft(root: Path, name: str) -> Draft:
    data = {"kind": "centre", "id": name, "name": f"Trung tâm {name}"}
    return Draft("centre", data, root / "records/centres" / f"{name}.yaml")


def test_write_creates_the_record_and_no_other_file(tmp_path: Path) -> None:
    write_drafts([draft(tmp_path, "a")])
    assert [p.name for p in (tmp_path / "records/centres").iterdir()] == ["a.yaml"]


def test_a_write_failing_midway_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_drafts([draft(tmp_path, "a")])
    assert list((tmp_path / "records/centres").iterdir()) == []


def test_when_a_later_write_fails_the_records_created_before_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_link = os.link

    def link_once(src: str, dst: str) -> None:
        if str(dst).endswith("b.yaml"):
            raise KeyboardInterrupt
        real_link(src, dst)

    monkeypatch.setattr(os, "link", link_once)
    with pytest.raises(KeyboardInterrupt):
        write_drafts([draft(tmp_path, "a"), draft(tmp_path, "b")])
    assert list((tmp_path / "records/centres").iterdir()) == []


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    existing = tmp_path / "records/centres/a.yaml"
    existing.parent.mkdir(parents=True)
    existing.write_text("# mine\n", encoding="utf-8")
    with pytest.raises(Refused, match="already exists: it was left untouched"):
        write_drafts([draft(tmp_path, "a")])
    assert existing.read_text(encoding="utf-8") == "# mine\n"


def test_a_file_appearing_during_the_write_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = draft(tmp_path, "a")
    real_link = os.link

    def racing_link(src: str, dst: str) -> None:
        Path(dst).write_text("# theirs\n", encoding="utf-8")  # another process got there first
        real_link(src, dst)

    monkeypatch.setattr(os, "link", racing_link)
    with pytest.raises(Refused, match="already exists"):
        write_drafts([target])
    assert target.path.read_text(encoding="utf-8") == "# theirs\n"
    assert [p.name for p in target.path.parent.iterdir()] == ["a.yaml"]


def test_an_edited_file_changed_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    plan = tmp_path / "records/plans/p.yaml"
    plan.parent.mkdir(parents=True)
    plan.write_text("kind: plan\n", encoding="utf-8")
    edit = Draft("plan", {}, plan, "kind: plan\ndelegation: d\n", original=b"kind: plan\n")
    plan.write_text("kind: plan\n# someone else's change\n", encoding="utf-8")
    with pytest.raises(Refused, match="changed while this command ran"):
        write_drafts([draft(tmp_path, "a")], [edit])
    assert plan.read_text(encoding="utf-8") == "kind: plan\n# someone else's change\n"
    assert not (tmp_path / "records/centres/a.yaml").exists()
