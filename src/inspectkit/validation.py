"""Validating a record's data against the models, with each error turned into a located issue.

pydantic reports where an error is as a `loc` path; the path is kept (not a line number) so the
linter can find the position later, only for the records that have problems.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from inspectkit import kinds
from inspectkit.diagnostics import Code, Severity, did_you_mean
from inspectkit.models import RecordModel
from inspectkit.text import hidden_character

Loc = tuple[str | int, ...]

# The codes validation finds (rules/schema.py hands them on; rules.CODES lists every code).
CODES = (
    Code("IK200", Severity.ERROR, "unknown field"),
    Code("IK201", Severity.ERROR, "missing required field"),
    Code("IK202", Severity.ERROR, "invalid value"),
    Code("IK203", Severity.ERROR, "missing or unknown kind"),
)


@dataclass(frozen=True)
class Issue:
    """A problem in one record, placed by path: `at` is `key` or `value`."""

    code: str
    loc: Loc
    at: str
    message: str


def field_path(loc: Loc) -> str:
    """`('visits', 0, 'date')` -> `visits[0].date`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validate(data: dict[str, Any]) -> tuple[RecordModel | None, list[Issue]]:
    """The record's model (None when it has problems) and its problems, placed by path."""
    kind = data.get("kind")
    choices = ", ".join(kinds.names())
    if "kind" not in data:
        return None, [Issue("IK203", (), "value", f"missing `kind`: add `kind:` with one of {choices}")]
    if kind is None:
        return None, [Issue("IK203", ("kind",), "value", f"`kind` is empty: write one of {choices}")]
    if not isinstance(kind, str):
        return None, [
            Issue(
                "IK203", ("kind",), "value", f"`kind` must be text, got {shown(kind)}: write one of {choices}"
            )
        ]
    if not kinds.is_kind(kind):
        hint = did_you_mean(kind, kinds.names())
        return None, [
            Issue("IK203", ("kind",), "value", f"unknown kind {kind!r}{hint}: choose one of {choices}")
        ]
    entry = kinds.get(kind)
    unseen = list(hidden_characters(data))
    try:
        model = entry.model.model_validate(data)
    except ValidationError as exc:
        return None, unseen + _issues(kind, entry.model, data, exc)
    found = unseen + [
        Issue(code, loc, at, message) for check in entry.checks for code, loc, at, message in check(model)
    ]
    return (None, found) if found else (model, [])


def hidden_characters(value: Any, loc: Loc = ()) -> typing.Iterator[Issue]:
    """IK202 at each text value holding a control character or a bidirectional override."""
    if isinstance(value, str):
        found = hidden_character(value)
        if found is not None:
            yield Issue(
                "IK202",
                loc,
                "value",
                f"{field_path(loc) or 'value'}: holds {found}, which cannot be seen and breaks documents: "
                "remove it",
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from hidden_characters(item, (*loc, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from hidden_characters(item, (*loc, index))


DETAILED_ISSUES = 200  # issues of a record given a did-you-mean; the rest only say what is wrong


def _issues(kind: str, model_cls: type[BaseModel], data: Any, exc: ValidationError) -> list[Issue]:
    seen: set[Loc] = set()
    issues: list[Issue] = []
    allowed_at: dict[Loc, set[str]] = {}
    for error in exc.errors(include_url=False):
        etype = error["type"]
        loc = _clean_loc(data, tuple(error["loc"]), keep_last=etype == "missing")
        if loc in seen:
            continue  # one problem a place: a union reports once per member
        seen.add(loc)
        where = field_path(loc)
        if etype == "extra_forbidden":
            allowed = allowed_at.get(loc[:-1])
            if allowed is None:
                allowed = allowed_at[loc[:-1]] = _fields_at(model_cls, loc[:-1])
            name = str(loc[-1])
            # Lint shows the first problems of a file only (linter.MAX_PER_FILE): a record with
            # 40,000 unknown keys must not pay for 40,000 suggestions nobody reads.
            hint = did_you_mean(name, allowed) if len(issues) < DETAILED_ISSUES else ""
            container = f"in {field_path(loc[:-1])}" if len(loc) > 1 else f"in a {kind}"
            issues.append(
                Issue(
                    "IK200",
                    loc,
                    "key",
                    f"unknown field '{name}' {container}{hint}; allowed: {', '.join(sorted(allowed))}",
                )
            )
        elif etype == "missing":
            container = f"{field_path(loc[:-1])}" if len(loc) > 1 else f"this {kind}"
            issues.append(
                Issue(
                    "IK201", loc[:-1], "value", f"missing required field '{loc[-1]}' in {container}: add it"
                )
            )
        else:
            issues.append(Issue("IK202", loc, "value", f"{where or kind}: {_message(error)}"))
    # A union (`purpose`: text or a list of texts) reports a mismatch against each member; when
    # the value matched one member far enough to have problems inside, those are the real ones.
    deeper = {issue.loc[:n] for issue in issues for n in range(len(issue.loc))}
    return [i for i in issues if not (i.code == "IK202" and i.loc in deeper)]


def shown(value: Any, limit: int = 60) -> str:
    """A value as a message shows it: its type and a short form (`int 5`, `date 2022-11-03`)."""
    if value is None:
        return "nothing"
    if isinstance(value, (dict, list)):
        shape = "a mapping" if isinstance(value, dict) else "a list"
        return shape if value else f"an empty {shape[2:]}"
    if isinstance(value, str):
        text = repr(value)
    elif isinstance(value, (date, datetime)):
        text = value.isoformat()
    else:
        try:
            text = repr(value)
        except ValueError:  # pragma: no cover - the loader keeps huge integers as text
            text = "…"
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"{'text' if isinstance(value, str) else type(value).__name__} {text}"


def _message(error: Any) -> str:
    etype = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if etype == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        hint = did_you_mean(value, expected.split(", ")) if isinstance(value, str) else ""
        written = repr(value) if isinstance(value, str) else shown(value)
        return f"{written} is not allowed{hint}: choose one of {expected}"
    if etype in (
        "string_type",
        "list_type",
        "dict_type",
        "model_type",
        "model_attributes_type",
        "int_type",
        "date_type",
    ):
        wanted = {
            "string_type": "text",
            "list_type": "a list",
            "dict_type": "a mapping",
            "model_type": "a mapping",
            "model_attributes_type": "a mapping",
            "int_type": "a whole number",
            "date_type": "a date (YYYY-MM-DD)",
        }[etype]
        hint = ""
        if etype == "string_type" and isinstance(value, (bool, int, float, date)):
            hint = ": put it in quotes to keep it as text"
        return f"expected {wanted}, got {shown(value)}{hint}"
    if etype in ("string_too_short", "string_pattern_mismatch"):
        return "is empty: give a value or remove the field"
    if etype == "too_short":
        return f"needs at least {ctx.get('min_length', 1)} item(s)"
    if etype == "greater_than_equal":
        return f"{shown(value)} is negative: give a number of 0 or more"
    return str(error["msg"])


def _clean_loc(data: Any, loc: Loc, keep_last: bool) -> Loc:
    """Drop the parts of a pydantic loc that are union-member names, not places in the data."""
    out: list[str | int] = []
    node = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        inside = (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        )
        if inside:
            out.append(part)
            node = node[part]
        elif last and keep_last:
            out.append(part)
    return tuple(out)


def _fields_at(model_cls: type[BaseModel], loc: Loc) -> set[str]:
    """Field names (as written in YAML) of the mapping at `loc` under `model_cls`."""
    annotation: Any = model_cls
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(part, int):
            args = typing.get_args(annotation)
            annotation = args[0] if args else Any
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = next((f for n, f in annotation.model_fields.items() if (f.alias or n) == part), None)
            annotation = field.annotation if field else Any
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {f.alias or n for n, f in annotation.model_fields.items()}
    return set()


def unwrap_annotation(annotation: Any) -> Any:
    """`X | None` -> X; Annotated[X, ...] -> X; of a union of types, the model (else the first)."""
    return _unwrap(annotation)


def _unwrap(annotation: Any) -> Any:
    """`X | None` -> X; Annotated[X, ...] -> X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in members if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if models else members[0]
        else:
            return annotation
