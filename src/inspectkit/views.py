"""Views: which columns each listing shows (`list` per kind, named in the kind registry, more of
them in a spreadsheet; the `actions` board) and the tables of `stats`. `drop` orders which
columns go first on a narrow terminal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from inspectkit import tables
from inspectkit.tables import Column

if TYPE_CHECKING:
    from inspectkit.repository import Record


def record_columns(kind: str, spreadsheet: bool = False) -> list[Column]:
    """Columns of `list` for a kind, from the kind registry; a spreadsheet (CSV) may get more."""
    from inspectkit import kinds

    return kinds.get(kind).columns(spreadsheet)


def _m(record: Record) -> Any:
    return record.model


def plan_columns(spreadsheet: bool = False) -> list[Column]:
    m = _m
    return [
        Column("id", lambda r: m(r).id, wrap=False),
        Column("number", lambda r: m(r).number, wrap=False),
        Column("issued", lambda r: m(r).issued, wrap=False, drop=1),
        Column("status", lambda r: m(r).status, wrap=False, drop=2),
        Column("centres", lambda r: [v.centre for v in m(r).visits], drop=3),
        Column("title", lambda r: m(r).title, ratio=2),
    ]


def delegation_columns(spreadsheet: bool = False) -> list[Column]:
    m = _m
    return [
        Column("id", lambda r: m(r).id, wrap=False),
        Column("plan", lambda r: m(r).plan, wrap=False),
        Column("head", lambda r: next((x.name for x in m(r).members if x.role == "head"), None), ratio=1),
        Column("members", lambda r: len(m(r).members), wrap=False, justify="right"),
    ]


def centre_columns(spreadsheet: bool = False) -> list[Column]:
    m = _m
    return [
        Column("id", lambda r: m(r).id, wrap=False),
        Column("name", lambda r: m(r).name, ratio=1),
        Column("district", lambda r: m(r).district, drop=1),
        Column(
            "staff filled",
            lambda r: m(r).staff.filled if m(r).staff else None,
            wrap=False,
            justify="right",
        ),
        Column("quota", lambda r: m(r).staff.quota if m(r).staff else None, wrap=False, justify="right"),
    ]


def finding_columns(spreadsheet: bool = False) -> list[Column]:
    """A spreadsheet (CSV) gets more of a finding's fields."""
    m = _m
    if not spreadsheet:
        return [
            Column("id", lambda r: m(r).id, wrap=False),
            Column("type", lambda r: m(r).type, wrap=False),
            Column("centres", lambda r: m(r).centres, drop=3),
            Column("summary", lambda r: m(r).summary, ratio=3),
            Column("action", lambda r: m(r).action.status if m(r).action else None, wrap=False, drop=1),
            Column("due", lambda r: m(r).action.due if m(r).action else None, wrap=False, drop=2),
        ]
    return [
        Column("id", lambda r: m(r).id),
        Column("plan", lambda r: m(r).plan),
        Column("type", lambda r: m(r).type),
        Column("centres", lambda r: m(r).centres),
        Column("topic", lambda r: m(r).topic),
        Column("summary", lambda r: m(r).summary),
        Column("owner", lambda r: m(r).action.owner if m(r).action else None),
        Column("due", lambda r: m(r).action.due if m(r).action else None),
        Column("status", lambda r: m(r).action.status if m(r).action else None),
        Column("done_on", lambda r: m(r).action.done_on if m(r).action else None),
        Column("path", lambda r: r.display),
    ]


def document_columns(spreadsheet: bool = False) -> list[Column]:
    """The register of issued documents: number, date, kind, plan (and centre for minutes)."""
    m = _m
    columns = [
        Column("id", lambda r: m(r).id, wrap=False),
        Column("number", lambda r: m(r).number, wrap=False),
        Column("issued", lambda r: m(r).issued, wrap=False),
        Column("type", lambda r: m(r).type, wrap=False),
        Column("plan", lambda r: m(r).plan, wrap=False, drop=2),
        Column("centre", lambda r: m(r).centre, wrap=False, drop=1),
    ]
    if spreadsheet:
        columns += [Column("file", lambda r: m(r).file), Column("path", lambda r: r.display)]
    return columns


def board_columns(spreadsheet: bool = False) -> list[Column]:
    """The board: id, owner, due, status and days overdue always (on a narrow terminal the owner and
    summary wrap narrower); the table's short header `days late` is `days overdue` in a spreadsheet."""
    return [
        Column("id", lambda i: i.id, wrap=False),
        Column("owner", lambda i: i.owner, ratio=1),
        Column("due", lambda i: i.due, wrap=False),
        Column("status", lambda i: i.status, wrap=False),
        Column(
            "days overdue" if spreadsheet else "days late",
            lambda i: i.days_overdue or None,
            wrap=False,
            justify="right",
        ),
        Column("summary", lambda i: i.summary, ratio=2),
    ]


def render_stats(data: dict[str, Any], plan: str | None, pinned: date, *, width: int, color: bool) -> str:
    """The tables of `inspectkit stats`, from `queries.stats`."""
    types: list[str] = data["types"]
    centre_cols = [
        Column("centre", lambda r: r["centre"], wrap=False),
        Column("name", lambda r: r["name"], ratio=1, drop=1),
    ]
    centre_cols += [Column(t, _getter(t), wrap=False, justify="right") for t in types]
    centre_cols.append(Column("total", lambda r: r["total"], wrap=False, justify="right"))
    totals = {"centre": "all", "name": "(each finding once)", **data["by_type"], "total": data["findings"]}
    scope = f" (plan {plan})" if plan else ""
    out = [
        tables.render_table(
            [*data["by_centre"], totals],
            centre_cols,
            title=f"Findings by type and centre{scope}",
            width=width,
            color=color,
        ),
        tables.render_table(
            data["by_topic"],
            [
                Column("topic", lambda r: r["topic"], wrap=False),
                Column("title", lambda r: r["title"], ratio=1),
                Column("findings", lambda r: r["findings"], wrap=False, justify="right"),
            ],
            title=f"Findings by topic{scope}",
            width=width,
            color=color,
        ),
        tables.render_table(
            [{"status": s, "n": n} for s, n in data["actions"]["by_status"].items()]
            + [{"status": "total", "n": data["actions"]["total"]}],
            [
                Column("status", lambda r: r["status"], wrap=False),
                Column("actions", lambda r: r["n"], wrap=False, justify="right"),
            ],
            title=f"Actions by status{scope}",
            width=width,
            color=color,
        ),
        f"Overdue actions as of {pinned.isoformat()}: {data['actions']['overdue']}",
    ]
    return "\n\n".join(out)


def _getter(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: row[key]
