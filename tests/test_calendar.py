"""`inspectkit calendar`: visits and due dates as RFC 5545 events, read by two independent parsers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import WriteFn
from views_fixtures import copy_reference

Cli = Callable[..., Any]


@pytest.fixture
def reference(repo: Path) -> Path:
    return copy_reference(repo)


def _ics(cli: Cli, *args: str) -> str:
    result = cli("calendar", *args)
    assert result.exit_code == 0, result.output
    text: str = result.stdout
    return text


def _events(text: str) -> dict[str, Any]:
    from icalendar import Calendar

    return {str(e["uid"]): e for e in Calendar.from_ical(text).walk("VEVENT")}


def test_calendar_has_every_visit_and_every_due_date(reference: Path, cli: Cli) -> None:
    events = _events(_ics(cli, "--today", "2024-06-01"))
    visits = [e for uid, e in events.items() if uid.startswith("visit.")]
    actions = [e for uid, e in events.items() if uid.startswith("action.")]
    assert len(visits) == 2 and len(actions) == 7
    dinh_lap = events["visit.2022-84-kh-dkt.ttct-dinh-lap@ban-tuyen-giao-tinh-uy-lang-son.inspectkit"]
    assert dinh_lap.decoded("dtstart") == date(2022, 11, 24)
    assert dinh_lap.decoded("dtend") == date(2022, 11, 25)  # all day: the end is exclusive
    assert str(dinh_lap["summary"]) == "Kiểm tra Trung tâm Chính trị huyện Đình Lập (84-KH/ĐKT)"


def test_a_second_independent_parser_reads_the_same_events(reference: Path, cli: Cli) -> None:
    vobject = pytest.importorskip("vobject")
    text = _ics(cli, "--today", "2024-06-01")
    parsed = vobject.readOne(text)
    by_uid = {e.uid.value: e for e in parsed.vevent_list}
    assert set(by_uid) == set(_events(text))
    late = by_uid["action.2022-84-kh-dkt-07@ban-tuyen-giao-tinh-uy-lang-son.inspectkit"]
    assert late.dtstart.value == date(2023, 6, 30)
    assert "Quá hạn 337 ngày" in late.description.value
    assert parsed.version.value == "2.0" and parsed.prodid.value


def test_an_action_event_says_its_owner_and_status_as_the_documents_name_it(
    reference: Path, cli: Cli
) -> None:
    events = _events(_ics(cli, "--today", "2024-06-01"))
    late = events["action.2022-84-kh-dkt-07@ban-tuyen-giao-tinh-uy-lang-son.inspectkit"]
    lines = str(late["description"]).split("\n")
    assert lines[:2] == [
        "Chủ trì: Ban Tuyên giáo Tỉnh ủy Lạng Sơn (Phòng Lý luận Chính trị và Lịch sử Đảng)",
        "Tình trạng: đang thực hiện",
    ]


def test_uids_stay_when_a_date_moves(reference: Path, cli: Cli) -> None:
    before = set(_events(_ics(cli)))
    plan = reference / "records" / "plans" / "2022-84-kh-dkt.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("date: 2022-11-25", "date: 2022-11-28"), "utf-8")
    after = _events(_ics(cli))
    assert set(after) == before
    moved = after["visit.2022-84-kh-dkt.ttct-chi-lang@ban-tuyen-giao-tinh-uy-lang-son.inspectkit"]
    assert moved.decoded("dtstart") == date(2022, 11, 28)


def test_owner_keeps_that_owners_actions_and_no_visits(reference: Path, cli: Cli) -> None:
    events = _events(_ics(cli, "--owner", "chi lang"))
    assert events and all(uid.startswith("action.") for uid in events)
    assert all("Chi Lăng" in str(e["description"]) for e in events.values())


def test_plan_filter_and_unknown_plan(reference: Path, cli: Cli) -> None:
    assert len(_events(_ics(cli, "--plan", "2022-84-kh-dkt"))) == 9
    result = cli("calendar", "--plan", "2022-84-kh")
    assert result.exit_code == 2
    assert "no plan with id" in result.output


def test_calendar_file_is_crlf_and_folded_at_75_octets(reference: Path, cli: Cli) -> None:
    assert cli("calendar", "-o", "lich.ics").exit_code == 0
    data = (reference / "lich.ics").read_bytes()
    lines = data.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b""
    assert max(len(line) for line in lines) <= 75
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_a_record_with_errors_is_named_on_stderr_not_left_out_silently(
    reference: Path, write: WriteFn, cli: Cli
) -> None:
    write("records/findings/2022-84-kh-dkt/2022-84-kh-dkt-99.yaml", "kind: finding\nid: 2022-84-kh-dkt-99\n")
    result = cli("calendar", "--today", "2024-06-01")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "inspectkit: skipped 1 record(s) with errors (records/findings/2022-84-kh-dkt/2022-84-kh-dkt-99.yaml); "
        "`inspectkit lint` shows why"
    ]
