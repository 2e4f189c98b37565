"""Statements about the fields of one record that changed, in the terms of the domain: a plan's
visits moved, added or removed; a finding's action moving on (with the date and note of its
history entry), its centres and topic; every other field as `field old → new`, lists' items named
by their id, centre, number or name. Values are shown as a reader expects them: dates DD/MM/YYYY,
a phrase in quotes, text cut at _SHORT characters. Used by changes.py."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from inspectkit.baseline import IDENTITY_FIELDS

_SHORT = 70  # characters of text shown in a statement before "…"


class Names(Protocol):
    """How records are named (changes._Names): a centre by its name, a topic by its title."""

    def centre(self, centre_id: Any) -> str: ...

    def topic(self, plan_id: Any, topic_id: Any) -> str: ...


def statements(old: dict[str, Any], new: dict[str, Any], kind: str, names: Names) -> list[str]:
    """What changed between two versions of one record's data, one statement each."""
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
            out.append(f"topic {short(names.topic(plan, a))} → {short(names.topic(plan, b))}")
        else:
            out.extend(_generic(key, a, b))
    return out


def _visits(old: list[Any], new: list[Any], names: Names) -> list[str]:
    out: list[str] = []
    before = {v.get("centre"): v for v in old if isinstance(v, dict)}
    after = {v.get("centre"): v for v in new if isinstance(v, dict)}
    for centre, visit in after.items():
        name = names.centre(centre)
        previous = before.get(centre)
        if previous is None:
            out.append(f"visit to {name} added on {shown(visit.get('date'))}")
            continue
        if previous.get("date") != visit.get("date"):
            out.append(f"visit to {name} moved {shown(previous.get('date'))} → {shown(visit.get('date'))}")
        for key in [*previous, *(k for k in visit if k not in previous)]:
            if key not in ("centre", "date") and previous.get(key) != visit.get(key):
                out.extend(f"visit to {name}: {s}" for s in _generic(key, previous.get(key), visit.get(key)))
    for centre, visit in before.items():
        if centre not in after:
            out.append(f"visit to {names.centre(centre)} removed (was {shown(visit.get('date'))})")
    return out


def _action(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    out: list[str] = []
    status_a, status_b = old.get("status", "open"), new.get("status", "open")
    if status_a != status_b:
        history_a, history_b = old.get("history") or [], new.get("history") or []
        latest = history_b[-1] if isinstance(history_b, list) and len(history_b) > len(history_a) else None
        when = new.get("done_on") or (latest.get("date") if isinstance(latest, dict) else None)
        note = latest.get("note") if isinstance(latest, dict) else None
        text = f"action {status_a} → {status_b}" + (f" on {shown(when)}" if when else "")
        out.append(text + (f", note {quote(note)}" if note else ""))
    for key in [*old, *(k for k in new if k not in old)]:
        if key in ("status", "history", "done_on") and status_a != status_b:
            continue
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if key == "due" and a and b:
            out.append(f"action due moved {shown(a)} → {shown(b)}")
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
        return [f"{path} set to {shown(new)}"]
    if new is None:
        return [f"{path} removed (was {shown(old)})"]
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in [*old, *(k for k in new if k not in old)]:
            if old.get(key) != new.get(key):
                out.extend(_generic(f"{path}.{key}", old.get(key), new.get(key)))
        return out
    if isinstance(old, list) and isinstance(new, list):
        return _list(path, old, new)
    return [f"{path} {shown(old)} → {shown(new)}"]


def _identity(items: list[Any]) -> str | None:
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    return next((k for k in IDENTITY_FIELDS if all(isinstance(i.get(k), str) for i in items)), None)


def _list(path: str, old: list[Any], new: list[Any]) -> list[str]:
    key = _identity(old + new)
    if key is None:
        added = [x for x in new if x not in old]
        removed = [x for x in old if x not in new]
        if not added and not removed:
            return [f"{path} reordered"]
        return [f"{path}: added {shown(x)}" for x in added] + [f"{path}: removed {shown(x)}" for x in removed]
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


def shown(value: Any) -> str:
    """A value as a statement shows it: dates DD/MM/YYYY, text quoted and shortened."""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return quote(value)
    if isinstance(value, dict):
        ident = next((value[k] for k in IDENTITY_FIELDS if isinstance(value.get(k), str)), None)
        return quote(ident) if ident else "{…}"
    if isinstance(value, list):
        return f"[{len(value)} items]"
    return str(value)


def short(text: Any) -> str:
    """Text on one line, cut at _SHORT characters."""
    text = " ".join(str(text).split())
    return f"{text[: _SHORT - 1]}…" if len(text) > _SHORT else text


def quote(text: str) -> str:
    """A word as it is (`approved`, an id); a phrase in quotes, so that where it ends is clear."""
    cut = short(text)
    return f"“{cut}”" if " " in cut or not cut else cut


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
