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
