"""What the query commands need of each record, kept in the index next to its facts.

- `search_text`: every text value of a record as `--search` compares them (`queries.norm`),
  joined by NUL. A search matches a record exactly when the normalised search is a substring of
  this text: a NUL is never in a record's text (YAML refuses it) nor in a search typed.
- `summary`: the fields the follow-up board (`queries.actions`) and the counts (`queries.stats`)
  read, as JSON; `rebuild` turns a summary back into a model without validating it again (it
  was validated when its file was scanned), so `actions` and `stats` run over a whole repository
  without reading a single record file.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from inspectkit import kinds
from inspectkit.models import Action, Centre, Finding, Plan, RecordModel, Topic
from inspectkit.queries.fields import norm
from inspectkit.queries.search import text_values

# Records repeat their texts (names, owners, places): each distinct text is folded once.
_norm = lru_cache(maxsize=8192)(norm)


def search_text(data: dict[str, Any]) -> str:
    return "\x00".join(_norm(value) for value in text_values(data))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value is not None else None


def summary(model: RecordModel) -> dict[str, Any]:
    """The fields of a valid record that `actions` and `stats` read (JSON-able)."""
    out: dict[str, Any] = {"id": model.id}
    if isinstance(model, Finding):
        action = model.action
        out |= {
            "plan": model.plan,
            "centres": list(model.centres),
            "topic": model.topic,
            "type": model.type,
            "summary": model.summary,
            "action": None
            if action is None
            else {
                "owner": action.owner,
                "due": _iso(action.due),
                "status": action.status,
                "done_on": _iso(action.done_on),
            },
        }
    elif isinstance(model, Centre):
        out |= {"name": model.name, "short_name": model.short_name}
    elif isinstance(model, Plan):
        out |= {"topics": [[topic.id, topic.title] for topic in model.topics]}
    return out


def rebuild(kind: str, kept: dict[str, Any]) -> RecordModel:
    """A model holding the fields of `summary` (only those: enough for `actions` and `stats`)."""
    fields = dict(kept)
    if kind == "finding":
        action = fields.pop("action")
        if action is not None:
            action = Action.model_construct(
                owner=action["owner"],
                due=_day(action["due"]),
                status=action["status"],
                done_on=_day(action["done_on"]),
            )
        return Finding.model_construct(kind="finding", action=action, **fields)
    if kind == "plan":
        topics = [Topic.model_construct(id=i, title=t) for i, t in fields.pop("topics")]
        return Plan.model_construct(kind="plan", topics=topics, **fields)
    if kind == "centre":
        return Centre.model_construct(kind="centre", **fields)
    model: RecordModel = kinds.get(kind).model.model_construct(**{"kind": kind, **fields})
    return model
