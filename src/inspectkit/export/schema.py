"""The export table schema, version `SCHEMA_VERSION` (docs/export.md), and the rows of a repository.

One definition for every format: a column's name and type live here and nowhere else. Records
whose model did not validate are left out (`inspectkit lint` says why), as in every query.

Changing the schema: adding a table or a nullable column at the end is a minor version
(readers keep working); renaming, removing or retyping a column is a major version.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal

from inspectkit import __version__
from inspectkit.models import Centre, Delegation, Document, Finding, Plan
from inspectkit.repository import Record, Repository

SCHEMA_VERSION = "1.0"

ColumnType = Literal["text", "date", "integer"]


@dataclass(frozen=True)
class Col:
    name: str
    type: ColumnType = "text"
    key: bool = False  # part of the table's primary key
    doc: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Col, ...]
    doc: str

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.key)


def _t(name: str, doc: str, *columns: Col) -> Table:
    return Table(name, columns, doc)


TABLES: tuple[Table, ...] = (
    _t(
        "meta",
        "What this export is: schema version, inspectkit version, when, from where.",
        Col("key", key=True),
        Col("value"),
    ),
    _t(
        "plans",
        "One row per plan.",
        Col("id", key=True),
        Col("number", doc="số ký hiệu, e.g. 84-KH/ĐKT"),
        Col("issued", "date"),
        Col("issuer"),
        Col("place"),
        Col("title"),
        Col("status", doc="draft, approved, in-progress, reported or closed"),
        Col("period_from", "date"),
        Col("period_to", "date"),
        Col("delegation", doc="id of the delegation"),
        Col("signer_name"),
        Col("signer_position"),
        Col("signer_authority"),
        Col("path", doc="the record's file, relative to where the export ran"),
    ),
    _t(
        "topics",
        "The topics of each plan, in the plan's order.",
        Col("plan", key=True),
        Col("id", key=True),
        Col("seq", "integer", doc="1-based position in the plan"),
        Col("title"),
    ),
    _t(
        "visits",
        "One row per visit of a plan to a centre.",
        Col("plan", key=True),
        Col("seq", "integer", key=True, doc="1-based position in the plan's visits"),
        Col("centre"),
        Col("date", "date"),
        Col("end", "date", doc="last day of a multi-day visit"),
        Col("notes"),
    ),
    _t(
        "attendees",
        "Local leaders present at a visit.",
        Col("plan", key=True),
        Col("visit_seq", "integer", key=True),
        Col("seq", "integer", key=True),
        Col("name"),
        Col("position"),
        Col("organisation"),
    ),
    _t(
        "delegations",
        "One row per delegation.",
        Col("id", key=True),
        Col("plan"),
        Col("decision_number"),
        Col("decision_issued", "date"),
        Col("decision_issuer"),
        Col("path"),
    ),
    _t(
        "members",
        "Members of each delegation, in the record's order.",
        Col("delegation", key=True),
        Col("seq", "integer", key=True),
        Col("name"),
        Col("role", doc="head, deputy, member or secretary"),
        Col("position"),
        Col("organisation"),
    ),
    _t(
        "centres",
        "One row per inspected centre.",
        Col("id", key=True),
        Col("name"),
        Col("short_name"),
        Col("district"),
        Col("province"),
        Col("parent"),
        Col("staff_quota", "integer"),
        Col("staff_filled", "integer"),
        Col("full_time_lecturers", "integer"),
        Col("part_time_lecturers", "integer"),
        Col("path"),
    ),
    _t(
        "findings",
        "One row per finding; its centres are in finding_centres, its action in actions.",
        Col("id", key=True),
        Col("plan"),
        Col("topic", doc="id of a topic of the plan"),
        Col("type", doc="strength, weakness, difficulty, proposal or request"),
        Col("summary"),
        Col("detail"),
        Col("raised_by", doc="delegation or centre: who stated it (the type's default when not written)"),
        Col("causes", doc="the causes joined with '; ' (weaknesses and difficulties)"),
        Col("tags", doc="the tags joined with '; '"),
        Col("path"),
    ),
    _t(
        "finding_centres",
        "Which centres each finding is about (a finding may cover several).",
        Col("finding", key=True),
        Col("centre", key=True),
        Col("seq", "integer"),
    ),
    _t(
        "actions",
        "The follow-up of a proposal or request: one row per finding that has an action.",
        Col("finding", key=True),
        Col("owner"),
        Col("due", "date"),
        Col("status", doc="open, in-progress, done or dropped"),
        Col("done_on", "date"),
    ),
    _t(
        "action_history",
        "Status changes of each action, in the record's order.",
        Col("finding", key=True),
        Col("seq", "integer", key=True),
        Col("date", "date"),
        Col("status"),
        Col("note"),
    ),
    _t(
        "documents",
        "Issued documents (kind `document`, format 1.1): the outgoing-documents register.",
        Col("id", key=True),
        Col("plan"),
        Col("type", doc="plan, decision, minutes, summary, conclusion, followup or news"),
        Col("centre"),
        Col("number"),
        Col("issued", "date"),
        Col("file", doc="the signed copy, relative to the repository root"),
        Col("digest"),
        Col("path"),
    ),
)
TABLE_NAMES = tuple(t.name for t in TABLES)
BY_NAME = {t.name: t for t in TABLES}

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Export:
    """Every table's rows, each row a tuple in the table's column order."""

    rows: dict[str, list[Row]]

    def count(self, table: str) -> int:
        return len(self.rows[table])


def build(repo: Repository, *, source: str = "", now: datetime | None = None) -> Export:
    """The tables of a loaded repository. `source` names it in `meta` (a province, a path)."""
    rows: dict[str, list[Row]] = {t.name: [] for t in TABLES}
    stamp = (now or datetime.now(timezone.utc)).replace(microsecond=0).isoformat()
    rows["meta"] = [
        ("schema_version", SCHEMA_VERSION),
        ("inspectkit_version", __version__),
        ("exported_at", stamp),
        ("source", source),
    ]
    for record in repo.records:
        model = record.model
        if model is None or repo.by_id.get(model.id) is not record:
            continue  # a second record with a taken id (IK301): the first one is the record
        if isinstance(model, Plan):
            _plan_rows(rows, model, record)
        elif isinstance(model, Delegation):
            _delegation_rows(rows, model, record)
        elif isinstance(model, Centre):
            _centre_rows(rows, model, record)
        elif isinstance(model, Finding):
            _finding_rows(rows, model, record)
    for record, doc in documents(repo):
        if repo.by_id.get(doc.id) is record:
            rows["documents"].append(
                (
                    doc.id,
                    doc.plan,
                    doc.type,
                    doc.centre,
                    doc.number,
                    doc.issued,
                    doc.file,
                    doc.digest,
                    record.display,
                )
            )
    return Export(rows)


def documents(repo: Repository) -> Iterator[tuple[Record, Document]]:
    """Every valid `document` record (format 1.1) with its record."""
    for record in repo.records:
        if isinstance(record.model, Document):
            yield record, record.model


def _plan_rows(rows: dict[str, list[Row]], p: Plan, record: Record) -> None:
    signer = p.signer
    rows["plans"].append(
        (
            p.id,
            p.number,
            p.issued,
            p.issuer,
            p.place,
            p.title,
            p.status,
            p.period.from_ if p.period else None,
            p.period.to if p.period else None,
            p.delegation,
            signer.name if signer else None,
            signer.position if signer else None,
            signer.authority if signer else None,
            record.display,
        )
    )
    for i, topic in enumerate(p.topics, 1):
        rows["topics"].append((p.id, topic.id, i, topic.title))
    for i, visit in enumerate(p.visits, 1):
        rows["visits"].append((p.id, i, visit.centre, visit.date, visit.end, visit.notes))
        for j, person in enumerate(visit.attendees, 1):
            rows["attendees"].append((p.id, i, j, person.name, person.position, person.organisation))


def _delegation_rows(rows: dict[str, list[Row]], d: Delegation, record: Record) -> None:
    decision = d.decision
    rows["delegations"].append(
        (
            d.id,
            d.plan,
            decision.number if decision else None,
            decision.issued if decision else None,
            decision.issuer if decision else None,
            record.display,
        )
    )
    for i, m in enumerate(d.members, 1):
        rows["members"].append((d.id, i, m.name, m.role, m.position, m.organisation))


def _centre_rows(rows: dict[str, list[Row]], c: Centre, record: Record) -> None:
    staff = c.staff
    rows["centres"].append(
        (
            c.id,
            c.name,
            c.short_name,
            c.district,
            c.province,
            c.parent,
            staff.quota if staff else None,
            staff.filled if staff else None,
            staff.full_time_lecturers if staff else None,
            staff.part_time_lecturers if staff else None,
            record.display,
        )
    )


def _finding_rows(rows: dict[str, list[Row]], f: Finding, record: Record) -> None:
    rows["findings"].append(
        (
            f.id,
            f.plan,
            f.topic,
            f.type,
            f.summary,
            f.detail,
            f.raised_by,
            "; ".join(f.causes) or None,
            "; ".join(f.tags) or None,
            record.display,
        )
    )
    for i, centre in enumerate(dict.fromkeys(f.centres), 1):
        rows["finding_centres"].append((f.id, centre, i))
    action = f.action
    if action is None:
        return
    rows["actions"].append((f.id, action.owner, action.due, action.status, action.done_on))
    for i, entry in enumerate(action.history, 1):
        rows["action_history"].append((f.id, i, entry.date, entry.status, entry.note))
