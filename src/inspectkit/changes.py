"""What a change means, in the terms of the domain: records matched by id across two sides.

`describe(base, head)` turns two loaded repositories into RecordChanges, each a headline ("New
finding -21 (weakness, topic …): …", "Plan 84-KH/ĐKT", "Centre x deleted (still referenced by 3
findings)") and statements ("status approved → in-progress", "visit to Trung tâm Chính trị huyện
Chi Lăng moved 25/11/2022 → 28/11/2022"). A file renamed with its id kept is the same record; an id
changed in the same file is a rename of the record. Raw data is compared (not the models), so a
record with a schema problem is still described. Rendering is diffreport.py's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from inspectkit.snapshot import Rec as Record
from inspectkit.snapshot import Side

# The order kinds are listed in (a plan before what belongs to it).
_KIND_ORDER = {"plan": 0, "delegation": 1, "document": 2, "finding": 3, "centre": 4}
# Fields that name an item of a list of mappings, in order of preference.
_IDENTITY = ("id", "centre", "number", "name")
_SHORT = 70  # characters of text shown in a statement before "…"


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
        short = rid[len(plan) :] if isinstance(plan, str) and rid.startswith(plan + "-") else rid
        centres = [names.centre(c) for c in data.get("centres") or [] if isinstance(c, str)]
        about = ", ".join(str(x) for x in [data.get("type"), *centres] if x)
        return f"Finding {short}" + (f" ({about})" if about else "")
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
                f"issued {_value(data.get('issued'))}" if data.get("issued") else None,
            ]
            if x
        )
        number = data.get("number") or rid
        headline = f"Document {number} registered" + (f" ({what})" if what else "")
    elif kind == "finding":
        label = _label(record, names).removeprefix("Finding ").split(" (")[0]
        topic = names.topic(data.get("plan"), data.get("topic")) if data.get("topic") else None
        about = ", ".join(
            str(x) for x in [data.get("type"), f"topic {_short(topic)}" if topic else None] if x
        )
        headline = (
            f"New finding {label}" + (f" ({about})" if about else "") + f": {_short(data.get('summary'))}"
        )
    elif kind == "plan":
        headline = f"New plan {data.get('number') or rid}: {_short(data.get('title'))}"
    elif kind == "centre":
        headline = f"New centre {rid}: {_short(data.get('name'))}"
    else:
        headline = f"New {_label(record, names)[0].lower()}{_label(record, names)[1:]}"
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
        headline += " (still referenced by " + ", ".join(_plural(n, k) for k, n in ordered) + ")"
    change = RecordChange("deleted", kind, rid, _plan_of(record), record.display, headline)
    change.referenced_by = sorted(user for user, _kind in users)
    return change


def _renamed(old: Record, new: Record, names: _Names, head: Side) -> RecordChange:
    kind = new.kind or "record"
    headline = f"{kind.capitalize()} {old.id} renamed to {new.id}"
    users = list(head.referrers(old.id or ""))
    if users:
        headline += f" ({_plural(len(users), 'record')} still refer to {old.id})"
    change = RecordChange("renamed", kind, new.id or "", _plan_of(new), new.display, headline, old_id=old.id)
    change.details = [d for d in _fields(old.data, new.data, kind, names) if not d.startswith("id ")]
    change.referenced_by = sorted(user for user, _kind in users)
    return change


def _modified(old: Record, new: Record, names: _Names) -> RecordChange:
    kind = new.kind or "record"
    details = _fields(old.data, new.data, kind, names)
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


# ---------------------------------------------------------------------------------------------
# statements about fields


def _fields(old: dict[str, Any], new: dict[str, Any], kind: str, names: _Names) -> list[str]:
    out: list[str] = []
    plan = new.get("plan") if kind != "plan" else new.get("id")
    for key in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if key == "visits" and isinstance(a, list | type(None)) and isinstance(b, list | type(None)):
            out.extend(_visits(a or [], b or [], names))
        elif key == "action" and isinstance(a, dict) and isinstance(b, dict):
            out.extend(_action(a, b))
        elif key == "centres" and kind == "finding":
            out.extend(_members_of_list("centre", a, b, names.centre))
        elif key == "topic" and kind == "finding":
            out.append(f"topic {_short(names.topic(plan, a))} → {_short(names.topic(plan, b))}")
        else:
            out.extend(_generic(key, a, b))
    return out


def _visits(old: list[Any], new: list[Any], names: _Names) -> list[str]:
    out: list[str] = []
    before = {v.get("centre"): v for v in old if isinstance(v, dict)}
    after = {v.get("centre"): v for v in new if isinstance(v, dict)}
    for centre, visit in after.items():
        name = names.centre(centre)
        previous = before.get(centre)
        if previous is None:
            out.append(f"visit to {name} added on {_value(visit.get('date'))}")
            continue
        if previous.get("date") != visit.get("date"):
            out.append(f"visit to {name} moved {_value(previous.get('date'))} → {_value(visit.get('date'))}")
        for key in [*previous, *(k for k in visit if k not in previous)]:
            if key not in ("centre", "date") and previous.get(key) != visit.get(key):
                out.extend(f"visit to {name}: {s}" for s in _generic(key, previous.get(key), visit.get(key)))
    for centre, visit in before.items():
        if centre not in after:
            out.append(f"visit to {names.centre(centre)} removed (was {_value(visit.get('date'))})")
    return out


def _action(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    out: list[str] = []
    status_a, status_b = old.get("status", "open"), new.get("status", "open")
    if status_a != status_b:
        history_a, history_b = old.get("history") or [], new.get("history") or []
        latest = history_b[-1] if isinstance(history_b, list) and len(history_b) > len(history_a) else None
        when = new.get("done_on") or (latest.get("date") if isinstance(latest, dict) else None)
        note = latest.get("note") if isinstance(latest, dict) else None
        text = f"action {status_a} → {status_b}" + (f" on {_value(when)}" if when else "")
        out.append(text + (f", note {_quote(note)}" if note else ""))
    for key in [*old, *(k for k in new if k not in old)]:
        if key in ("status", "history", "done_on") and status_a != status_b:
            continue
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if key == "due" and a and b:
            out.append(f"action due moved {_value(a)} → {_value(b)}")
        else:
            out.extend(f"action {s}" for s in _generic(key, a, b))
    return out


def _members_of_list(what: str, old: Any, new: Any, name: Any) -> list[str]:
    a = old if isinstance(old, list) else []
    b = new if isinstance(new, list) else []
    out = [f"{what} added: {name(x)}" for x in b if x not in a]
    out += [f"{what} removed: {name(x)}" for x in a if x not in b]
    return out or [f"{what}s reordered"]


def _generic(path: str, old: Any, new: Any) -> list[str]:
    """Statements for any field: values, mappings (by key) and lists (items by identity)."""
    if old is None:
        return [f"{path} set to {_value(new)}"]
    if new is None:
        return [f"{path} removed (was {_value(old)})"]
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in [*old, *(k for k in new if k not in old)]:
            if old.get(key) != new.get(key):
                out.extend(_generic(f"{path}.{key}", old.get(key), new.get(key)))
        return out
    if isinstance(old, list) and isinstance(new, list):
        return _list(path, old, new)
    return [f"{path} {_value(old)} → {_value(new)}"]


def _identity(items: list[Any]) -> str | None:
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    return next((k for k in _IDENTITY if all(isinstance(i.get(k), str) for i in items)), None)


def _list(path: str, old: list[Any], new: list[Any]) -> list[str]:
    key = _identity(old + new)
    if key is None:
        added = [x for x in new if x not in old]
        removed = [x for x in old if x not in new]
        if not added and not removed:
            return [f"{path} reordered"]
        return [f"{path}: added {_value(x)}" for x in added] + [
            f"{path}: removed {_value(x)}" for x in removed
        ]
    before = {i[key]: i for i in old}
    after = {i[key]: i for i in new}
    out: list[str] = []
    for ident, item in after.items():
        if ident not in before:
            out.append(f"{path}: added {ident}")
        elif before[ident] != item:
            out.extend(_generic(f"{path}[{ident}]", before[ident], item))
    out += [f"{path}: removed {ident}" for ident in before if ident not in after]
    return out or [f"{path} reordered"]


def _value(value: Any) -> str:
    """A value as a statement shows it: dates DD/MM/YYYY, text quoted and shortened."""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return _quote(value)
    if isinstance(value, dict):
        ident = next((value[k] for k in _IDENTITY if isinstance(value.get(k), str)), None)
        return _quote(ident) if ident else "{…}"
    if isinstance(value, list):
        return f"[{len(value)} items]"
    return str(value)


def _short(text: Any) -> str:
    """Text on one line, cut at _SHORT characters."""
    text = " ".join(str(text).split())
    return f"{text[: _SHORT - 1]}…" if len(text) > _SHORT else text


def _quote(text: str) -> str:
    """A word as it is (`approved`, an id); a phrase in quotes, so that where it ends is clear."""
    short = _short(text)
    return f"“{short}”" if " " in short or not short else short


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
