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
from functools import cache, lru_cache
from typing import Any, TypeVar

from pydantic import BaseModel

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


M = TypeVar("M", bound=BaseModel)


@cache
def _defaults(model: type[BaseModel]) -> dict[str, Any]:
    """The defaults of a model's optional fields, made once: `model_construct` would otherwise
    inspect each default factory's signature for every record (a second for 10,000 records)."""
    return {
        name: info.get_default(call_default_factory=True)
        for name, info in model.model_fields.items()
        if not info.is_required()
    }


def _construct(model: type[M], **fields: Any) -> M:
    """What `model_construct` makes, set directly: its per-field work costs more than the rest of
    `stats` on a large repository, and these values were validated when their file was scanned
    (a test checks the result equals `model_construct`'s)."""
    values: dict[str, Any] = {k: (list(v) if isinstance(v, list) else v) for k, v in _defaults(model).items()}
    values.update(fields)
    made = model.__new__(model)
    object.__setattr__(made, "__dict__", values)
    object.__setattr__(made, "__pydantic_fields_set__", set(fields))
    object.__setattr__(made, "__pydantic_extra__", None)
    object.__setattr__(made, "__pydantic_private__", None)
    return made


def rebuild(kind: str, kept: dict[str, Any]) -> RecordModel:
    """A model holding the fields of `summary` (only those: enough for `actions` and `stats`)."""
    fields = dict(kept)
    if kind == "finding":
        action = fields.pop("action")
        if action is not None:
            action = _construct(
                Action,
                owner=action["owner"],
                due=_day(action["due"]),
                status=action["status"],
                done_on=_day(action["done_on"]),
            )
        return _construct(Finding, kind="finding", action=action, **fields)
    if kind == "plan":
        topics = [_construct(Topic, id=i, title=t) for i, t in fields.pop("topics")]
        return _construct(Plan, kind="plan", topics=topics, **fields)
    if kind == "centre":
        return _construct(Centre, kind="centre", **fields)
    return _construct(kinds.get(kind).model, kind=kind, **fields)
