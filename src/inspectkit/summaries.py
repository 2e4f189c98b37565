"""What the query commands need of each record, kept in the index next to its facts.

- `search_text`: every text value of a record as `--search` compares them (`queries.norm`),
  joined by NUL. A search matches a record exactly when the normalised search is a substring of
  this text: a NUL is never in a record's text (YAML refuses it) nor in a search typed.
- `summary`: the fields the follow-up board (`queries.actions`) and the counts (`queries.stats`)
  read, as JSON; `rebuild` turns a summary back into a model without validating it again (it
  was validated when its file was scanned), so `actions` and `stats` run over a whole repository
  without reading a single record file.
- `finding_columns`: a valid finding's summary as the columns of the index's `findings` table,
  which `stats` counts and `actions` lists with SQL (`indexed.py`).
- `encode_data` / `decode_data`: a record's data as read from its file, as JSON that gives it back
  exactly (dates and date-times tagged), so `list` and `show` print records without parsing YAML.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any, TypeVar

from pydantic import BaseModel

from inspectkit import kinds
from inspectkit.models import Action, Centre, Finding, Plan, RecordModel, Topic
from inspectkit.queries.search import text_values
from inspectkit.text import day, norm

# Records repeat their texts (names, owners, places): each distinct text is folded once.
_norm = lru_cache(maxsize=8192)(norm)


def search_text(data: dict[str, Any]) -> str:
    return "\x00".join(_norm(value) for value in text_values(data))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


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
                due=day(action["due"]),
                status=action["status"],
                done_on=day(action["done_on"]),
            )
        return _construct(Finding, kind="finding", action=action, **fields)
    if kind == "plan":
        topics = [_construct(Topic, id=i, title=t) for i, t in fields.pop("topics")]
        return _construct(Plan, kind="plan", topics=topics, **fields)
    if kind == "centre":
        return _construct(Centre, kind="centre", **fields)
    return _construct(kinds.get(kind).model, kind=kind, **fields)


def finding_columns(kept: dict[str, Any]) -> tuple[Any, ...]:
    """A finding's summary as a row of the index's `findings` table (after its key): id, plan,
    topic, type, summary, has an action (0/1), owner, due, status, done_on (ISO dates), centres
    (JSON, in order)."""
    action = kept["action"] or {}
    return (
        kept["id"],
        kept["plan"],
        kept["topic"],
        kept["type"],
        kept["summary"],
        int(bool(action)),
        action.get("owner"),
        action.get("due"),
        action.get("status"),
        action.get("done_on"),
        json.dumps(kept["centres"], ensure_ascii=False, separators=(",", ":")),
    )


# A mapping with this one key stands for a date or a date-time: no record's mapping has it (YAML
# refuses a NUL character anywhere in a file).
_TAG = "\x00"


def _tagged(value: Any) -> Any:
    if isinstance(value, datetime):  # before date: a datetime is a date
        return {_TAG: "t" + value.isoformat()}
    if isinstance(value, date):
        return {_TAG: "d" + value.isoformat()}
    raise TypeError(f"{type(value).__name__} is not kept")


def encode_data(data: dict[str, Any]) -> str:
    """A record's data as JSON that `decode_data` turns back into an equal value (types kept)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_tagged)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: escaped, so that SQLite can keep it
        text = json.dumps(data, separators=(",", ":"), default=_tagged)
    return text


def _untag(mapping: dict[str, Any]) -> Any:
    if len(mapping) == 1 and _TAG in mapping:
        text = mapping[_TAG]
        return datetime.fromisoformat(text[1:]) if text[0] == "t" else date.fromisoformat(text[1:])
    return mapping


def decode_data(text: str) -> dict[str, Any]:
    """Data the index kept (`encode_data`), back as the record's (DamagedIndex when damaged)."""
    from inspectkit.indexcells import loads

    tagged = isinstance(text, str) and _TAG_JSON in text  # a damaged cell may hold no text at all
    value: dict[str, Any] = loads(text, dict, object_hook=_untag) if tagged else loads(text, dict)
    return value


_TAG_JSON = json.dumps(_TAG)  # how the tag is written in JSON
