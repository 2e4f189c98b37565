"""What a change means, in the terms of the domain: records matched by id across two sides.

`describe(base, head, changed)` turns two sides of a change (snapshot.Side: every record's facts,
the records of changed files read on demand) into RecordChanges, each a headline ("New
finding -21 (weakness, topic …): …", "Plan 84-KH/ĐKT", "Centre x deleted (still referenced by 3
findings)") and statements ("status approved → in-progress", "visit to Trung tâm Chính trị huyện
Chi Lăng moved 25/11/2022 → 28/11/2022"). A file renamed with its id kept is the same record; an id
changed in the same file is a rename of the record. Raw data is compared (not the models), so a
record with a schema problem is still described; a file that stops loading is that record
broken. The statements about fields are fieldchanges.py's; rendering is diffreport.py's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from inspectkit.fieldchanges import plural, short, shown, statements
from inspectkit.snapshot import Rec as Record
from inspectkit.snapshot import Side

# The order kinds are listed in (a plan before what belongs to it).
_KIND_ORDER = {"plan": 0, "delegation": 1, "document": 2, "finding": 3, "centre": 4}


@dataclass
class RecordChange:
    """One record's change. `change`: added, deleted, modified, moved (file only), renamed (id),
    broken (its file no longer loads as a record) or mended (it loads again)."""

    change: str
    kind: str
    id: str
    plan: str | None  # the plan it belongs to (grouping); None for centres
    path: str  # its file (at head; at base when deleted)
    headline: str
    details: list[str] = field(default_factory=list)
    old_path: str | None = None  # when the file moved
    old_id: str | None = None  # when the id changed
    referenced_by: list[str] = field(default_factory=list)  # deleted: ids still referring to it
    plan_label: str | None = None  # the plan's number (its id when it has none)

    def to_json(self) -> dict[str, Any]:
        return {
            "change": self.change,
            "kind": self.kind,
            "id": self.id,
            "old_id": self.old_id,
            "plan": self.plan,
            "path": self.path,
            "old_path": self.old_path,
            "headline": self.headline,
            "details": self.details,
            "referenced_by": self.referenced_by,
            "plan_label": self.plan_label,
        }


class _Names:
    """How records are named in statements, looked up in head first, then base."""

    def __init__(self, head: Side, base: Side, ids: tuple[dict[str, str], dict[str, str]]) -> None:
        self.sides = ((head, ids[1]), (base, ids[0]))

    def data(self, record_id: str) -> dict[str, Any] | None:
        for side, keys in self.sides:
            key = keys.get(record_id)
            record = side.record(key) if key is not None else None
            if record is not None:
                return record.data
        return None

    def centre(self, centre_id: Any) -> str:
        data = self.data(str(centre_id))
        name = data.get("name") if data else None
        return name if isinstance(name, str) else str(centre_id)

    def plan(self, plan_id: Any) -> str:
        data = self.data(str(plan_id))
        number = data.get("number") if data else None
        return number if isinstance(number, str) else str(plan_id)

    def topic(self, plan_id: Any, topic_id: Any) -> str:
        data = self.data(str(plan_id)) or {}
        for topic in data.get("topics") or []:
            if (
                isinstance(topic, dict)
                and topic.get("id") == topic_id
                and isinstance(topic.get("title"), str)
            ):
                return str(topic["title"])
        return str(topic_id)


def describe(base: Side, head: Side, changed: set[str]) -> list[RecordChange]:
    """Every record that differs between `base` and `head` (`changed`: the keys of the files that
    differ), in a stable order (plan, kind, id). Only the records of changed files are read, and
    those a statement names."""
    ids = (base.keys_by_id(), head.keys_by_id())
    names = _Names(head, base, ids)
    touched = {i for side_ids in ids for i, key in side_ids.items() if key in changed}
    before = _records(base, ids[0], touched)
    after = _records(head, ids[1], touched)
    added = [after[i] for i in after if i not in before]
    deleted = [before[i] for i in before if i not in after]
    out: list[RecordChange] = []
    deleted_by_path = {r.display: r for r in deleted}
    # A file that is there on both sides but holds no record on one (a YAML syntax error, say)
    # is the same record broken or mended, not a deletion or a new record.
    unread = (
        {e.key for e in base.survey.entries} - set(ids[0].values()),
        {e.key for e in head.survey.entries} - set(ids[1].values()),
    )
    for record in added:
        old = deleted_by_path.pop(record.display, None)
        if old is not None:  # the same file, another id: the record was renamed
            out.append(_renamed(old, record, names, head))
        elif record.key in unread[0]:
            out.append(_readable(record, names, "reads as a record again"))
        else:
            out.append(_added(record, names))
    for record in deleted_by_path.values():
        if record.key in unread[1]:
            out.append(_readable(record, names, "no longer reads as a record (see the lint problems)"))
        else:
            out.append(_deleted(record, names, head))
    for record_id, new in after.items():
        old_record = before.get(record_id)
        if old_record is not None and (old_record.data != new.data or old_record.display != new.display):
            out.append(_modified(old_record, new, names))
    for change in out:
        change.plan_label = names.plan(change.plan) if change.plan else None
    out.sort(key=lambda c: (c.plan or "\uffff", _KIND_ORDER.get(c.kind, 9), c.id))
    return out


def _records(side: Side, keys: dict[str, str], wanted: set[str]) -> dict[str, Record]:
    """The records of one side with the `wanted` ids, by id."""
    out: dict[str, Record] = {}
    for record_id in sorted(wanted):
        key = keys.get(record_id)
        record = side.record(key) if key is not None else None
        if record is not None:
            out[record_id] = record
    return out


def _plan_of(record: Record) -> str | None:
    if record.kind == "plan":
        return record.id
    plan = record.data.get("plan")
    return plan if isinstance(plan, str) else None


def _label(record: Record, names: _Names) -> str:
    """`Plan 84-KH/ĐKT`, `Finding -07 (request, Trung tâm …)`, `Centre ttct-dinh-lap`, …"""
    data, kind, rid = record.data, record.kind or "record", record.id or record.display
    if kind == "plan":
        return f"Plan {data.get('number') or rid}"
    if kind == "finding":
        plan = data.get("plan")
        number = rid[len(plan) :] if isinstance(plan, str) and rid.startswith(plan + "-") else rid
        centres = [names.centre(c) for c in data.get("centres") or [] if isinstance(c, str)]
        about = ", ".join(str(x) for x in [data.get("type"), *centres] if x)
        return f"Finding {number}" + (f" ({about})" if about else "")
    if kind == "document" and isinstance(data.get("number"), str):
        return f"Document {data['number']}"
    if kind == "delegation":
        return (
            f"Delegation of plan {names.plan(data.get('plan'))}" if data.get("plan") else f"Delegation {rid}"
        )
    return f"{kind.capitalize()} {rid}"


def _added(record: Record, names: _Names) -> RecordChange:
    data, kind, rid = record.data, record.kind or "record", record.id or ""
    if kind == "document":
        what = ", ".join(
            str(x)
            for x in [
                data.get("type"),
                f"plan {names.plan(data.get('plan'))}" if data.get("plan") else None,
                f"issued {shown(data.get('issued'))}" if data.get("issued") else None,
            ]
            if x
        )
        number = data.get("number") or rid
        headline = f"Document {number} registered" + (f" ({what})" if what else "")
    elif kind == "finding":
        label = _label(record, names).removeprefix("Finding ").split(" (")[0]
        topic = names.topic(data.get("plan"), data.get("topic")) if data.get("topic") else None
        about = ", ".join(str(x) for x in [data.get("type"), f"topic {short(topic)}" if topic else None] if x)
        headline = (
            f"New finding {label}" + (f" ({about})" if about else "") + f": {short(data.get('summary'))}"
        )
    elif kind == "plan":
        headline = f"New plan {data.get('number') or rid}: {short(data.get('title'))}"
    elif kind == "centre":
        headline = f"New centre {rid}: {short(data.get('name'))}"
    else:
        label = _label(record, names)
        headline = f"New {label[0].lower()}{label[1:]}"
    return RecordChange("added", kind, rid, _plan_of(record), record.display, headline)


def _readable(record: Record, names: _Names, what: str) -> RecordChange:
    """A record whose file broke (it no longer loads) or was mended."""
    change = "broken" if what.startswith("no longer") else "mended"
    kind, rid = record.kind or "record", record.id or ""
    return RecordChange(
        change, kind, rid, _plan_of(record), record.display, f"{_label(record, names)}: {what}"
    )


def _deleted(record: Record, names: _Names, head: Side) -> RecordChange:
    rid, kind = record.id or "", record.kind or "record"
    users = list(head.referrers(rid))
    headline = f"{_label(record, names)} deleted"
    if users:
        counts: dict[str, int] = {}
        for _user, user_kind in users:
            counts[user_kind] = counts.get(user_kind, 0) + 1
        ordered = sorted(counts.items(), key=lambda kv: (_KIND_ORDER.get(kv[0], 9), kv[0]))
        headline += " (still referenced by " + ", ".join(plural(n, k) for k, n in ordered) + ")"
    change = RecordChange("deleted", kind, rid, _plan_of(record), record.display, headline)
    change.referenced_by = sorted(user for user, _kind in users)
    return change


def _renamed(old: Record, new: Record, names: _Names, head: Side) -> RecordChange:
    kind = new.kind or "record"
    headline = f"{kind.capitalize()} {old.id} renamed to {new.id}"
    users = list(head.referrers(old.id or ""))
    if users:
        headline += f" ({plural(len(users), 'record')} still refer to {old.id})"
    change = RecordChange("renamed", kind, new.id or "", _plan_of(new), new.display, headline, old_id=old.id)
    change.details = [d for d in statements(old.data, new.data, kind, names) if not d.startswith("id ")]
    change.referenced_by = sorted(user for user, _kind in users)
    return change


def _modified(old: Record, new: Record, names: _Names) -> RecordChange:
    kind = new.kind or "record"
    details = statements(old.data, new.data, kind, names)
    moved = old.display != new.display
    if moved:
        details.insert(0, f"file moved from {old.display}")
    change = "moved" if moved and old.data == new.data else "modified"
    return RecordChange(
        change,
        kind,
        new.id or "",
        _plan_of(new),
        new.display,
        _label(new, names),
        details,
        old_path=old.display if moved else None,
    )
