"""The registries are the only place a new kind is declared (docs/architecture.md's recipes).

A toy record kind is added through `kinds.register` alone, with its model and its columns, and
lint, `list` and `show` know it at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from typer.testing import Result

from inspectkit import kinds
from inspectkit.models import IsoDate, RecordModel, Ref, Text
from inspectkit.tables import Column

Cli = Callable[..., Any]
Write = Callable[[str, str], Path]


class Meeting(RecordModel):
    """A toy kind: a meeting held under a plan."""

    kind: Literal["meeting"]
    plan: Ref
    held: IsoDate
    subject: Text


def meeting_columns(spreadsheet: bool = False) -> list[Column]:
    return [
        Column("id", lambda r: r.model.id, wrap=False),
        Column("held", lambda r: r.model.held, wrap=False),
        Column("subject", lambda r: r.model.subject, ratio=1),
    ]


@pytest.fixture
def toy_kind() -> Iterator[kinds.RecordKind]:
    kind = kinds.register(
        kinds.RecordKind(
            "meeting",
            Meeting,
            "meetings",
            meeting_columns,
            "Cuộc họp (meeting) of plan {plan}",
            references=((("plan",), "plan"),),
            labels=("subject",),
        )
    )
    yield kind
    kinds.unregister("meeting")


PLAN = """
kind: plan
id: p1
number: 84-KH/ĐKT
issued: 2022-11-03
issuer: Ban Tuyên giáo Tỉnh ủy Lạng Sơn
title: Kiểm tra công tác đào tạo
topics:
  - id: dao-tao
    title: Đào tạo
visits:
  - centre: c1
    date: 2022-11-24
"""
CENTRE = """
kind: centre
id: c1
name: Trung tâm Chính trị huyện Đình Lập
"""
MEETING = """
kind: meeting
id: m1
plan: {plan}
held: 2022-11-20
subject: Họp triển khai kế hoạch kiểm tra
"""


@pytest.fixture
def records(write: Write) -> Write:
    write("records/plans/p1.yaml", PLAN)
    write("records/centres/c1.yaml", CENTRE)
    return write


def test_a_registered_kind_validates_and_lints_clean(
    toy_kind: kinds.RecordKind, records: Write, cli: Cli
) -> None:
    records("records/meetings/m1.yaml", MEETING.format(plan="p1"))
    result: Result = cli("lint")
    assert result.exit_code == 0, result.output
    assert "IK203" not in result.output
    assert "IK303" not in result.output


def test_lint_follows_the_references_the_registry_declares(
    toy_kind: kinds.RecordKind, records: Write, cli: Cli
) -> None:
    records("records/meetings/m1.yaml", MEETING.format(plan="p2"))
    result: Result = cli("lint")
    assert result.exit_code == 1
    assert "records/meetings/m1.yaml:3:7: IK400 error: no plan has id 'p2'" in result.output


def test_lint_knows_the_registered_folder(toy_kind: kinds.RecordKind, records: Write, cli: Cli) -> None:
    records("records/findings/m1.yaml", MEETING.format(plan="p1"))
    result: Result = cli("lint")
    assert "IK303" in result.output
    assert "a meeting record belongs under records/meetings/" in result.output


def test_without_registration_the_kind_is_unknown(records: Write, cli: Cli) -> None:
    records("records/meetings/m1.yaml", MEETING.format(plan="p1"))
    result: Result = cli("lint")
    assert result.exit_code == 1
    assert "IK203" in result.output


def test_list_shows_the_registered_columns(toy_kind: kinds.RecordKind, records: Write, cli: Cli) -> None:
    records("records/meetings/m1.yaml", MEETING.format(plan="p1"))
    result: Result = cli("list", "meetings")
    assert result.exit_code == 0, result.output
    header = result.output.splitlines()[0].split()
    assert header == ["id", "held", "subject"]
    assert "Họp triển khai kế hoạch kiểm tra" in result.output


def test_list_finds_the_kind_by_its_references(toy_kind: kinds.RecordKind, records: Write, cli: Cli) -> None:
    records("records/meetings/m1.yaml", MEETING.format(plan="p1"))
    result: Result = cli("list", "meetings", "--where", "plan=84-KH/ĐKT", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"id": "m1"' in result.output


def test_show_names_what_the_record_links_to_and_from(
    toy_kind: kinds.RecordKind, records: Write, cli: Cli
) -> None:
    records("records/meetings/m1.yaml", MEETING.format(plan="p1"))
    shown: Result = cli("show", "m1")
    assert shown.exit_code == 0, shown.output
    assert "refers to" in shown.output and "84-KH/ĐKT" in shown.output
    plan: Result = cli("show", "p1", "--format", "json")
    assert plan.exit_code == 0, plan.output
    assert '"referred to by"' not in plan.output  # a plan shows its own links, kind by kind


def test_every_kind_has_its_own_list_columns() -> None:
    for kind in kinds.all_kinds():
        table = [c.header for c in kind.columns(False)]
        assert table[0] == "id", kind.name
    assert [c.header for c in kinds.get("document").columns(False)][:3] == ["id", "number", "issued"]
    assert [c.header for c in kinds.get("plan").columns(False)] != [
        c.header for c in kinds.get("finding").columns(False)
    ]


def test_an_unknown_kind_has_no_columns_to_fall_back_on() -> None:
    from inspectkit.views import record_columns

    with pytest.raises(KeyError):
        record_columns("meeting")


@pytest.mark.parametrize(
    ("kind", "data", "expected"),
    [
        ("plan", {"number": "84-KH/ĐKT", "issued": "2022-11-03"}, "2022-84-kh-dkt"),
        ("delegation", {"plan": "2022-84-kh-dkt"}, "2022-84-kh-dkt-doan"),
        (
            "centre",
            {"name": "Trung tâm Chính trị huyện Đình Lập", "short_name": "TTCT Đình Lập"},
            "ttct-dinh-lap",
        ),
        ("document", {"plan": "p1", "type": "minutes", "centre": "c1"}, "p1-minutes-c1"),
        ("document", {"plan": "p1", "type": "followup", "issued": "2024-01-01"}, "p1-followup-2024-01-01"),
        ("finding", {"plan": "p1"}, None),  # the next free number needs the repository
    ],
)
def test_the_registry_suggests_the_id_of_a_new_record(
    kind: str, data: dict[str, Any], expected: str | None
) -> None:
    assert kinds.new_id(kind, data) == expected


def test_a_suggested_id_stays_within_the_slug_length() -> None:
    from inspectkit.text import is_slug

    found = kinds.new_id("delegation", {"plan": "p" * 64})
    assert found is not None and is_slug(found) and found.endswith("-doan")


# --- a toy report kind: one registry entry and one template -----------------------------------

AGENDA_TEMPLATE = """{% extends "_base.md.j2" %}
{% block doctype %}{{ t.doctype.agenda }}{% endblock %}
{% block subject %}{{ plan.title }}{% endblock %}
{% block body %}
{% for m in meetings %}
- {{ m.held|ref_date }}: {{ m.subject }}
{% endfor %}
{% endblock %}
"""


def agenda_context(scope: Any, context: dict[str, Any]) -> dict[str, Any]:
    """The toy report's own values: the plan's meetings (the toy record kind), by date."""
    meetings = [m for m in scope.repo.of_kind("meeting") if getattr(m, "plan", None) == scope.plan.id]
    return {"meetings": sorted(meetings, key=lambda m: m.held)}


@pytest.fixture
def toy_report() -> Iterator[Any]:
    from inspectkit.reports import kinds as report_kinds

    kind = report_kinds.register(
        report_kinds.ReportKind(
            "agenda",
            "chương trình làm việc",
            "CHƯƠNG TRÌNH LÀM VIỆC",
            "AGENDA",
            "CTr",
            builder=agenda_context,
        )
    )
    yield kind
    report_kinds.unregister("agenda")


def test_a_registered_report_kind_is_offered_and_made(
    toy_kind: kinds.RecordKind, toy_report: Any, records: Write, cli: Cli
) -> None:
    records("records/meetings/m1.yaml", MEETING.format(plan="p1"))
    records("templates/agenda.md.j2", AGENDA_TEMPLATE)
    choices = cli("report", "p1", "--kind", "agendas").stderr
    assert "choose one of plan, decision, minutes, summary, conclusion, followup, news, agenda" in choices
    result: Result = cli("report", "p1", "--kind", "agenda")
    assert result.exit_code == 0, result.output
    assert "# CHƯƠNG TRÌNH LÀM VIỆC" in result.stdout
    # the toy record kind, through the toy report's builder
    assert "- 20/11/2022: Họp triển khai kế hoạch kiểm tra" in result.stdout
    assert "Số\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-CTr/ĐKT" in result.stdout  # a draft until registered
    word = cli("report", "p1", "--kind", "agenda", "-o", "agenda.docx")
    assert word.exit_code == 0, word.output


def test_without_registration_the_report_kind_is_unknown(records: Write, cli: Cli) -> None:
    result: Result = cli("report", "p1", "--kind", "agenda")
    assert result.exit_code == 2
    assert "unknown report kind 'agenda'" in result.stderr
