"""Which fields a kind has for queries, and `--where` conditions on them.

Field paths are derived from the models (`action.status`, `staff.filled`, `visits.centre`), so a
field added to the format can be queried at once; references and the short names a person types
for them come from the kind registry (`kinds.py`). Conditions (`--where`):

- `FIELD=VALUE`, `!=`, and for dates and numbers `<`, `<=`, `>`, `>=`; `FIELD~TEXT` contains.
- Text compares case- and diacritic-insensitively (`text.fold`).
- Choices, ids, dates and numbers take several values separated by commas: `type=weakness,difficulty`
  holds when the value is any of them (`!=`: none of them).
- References are resolved: `centre=ttct-dinh-lap` holds for a finding whose `centres` include it, and
  a reference may name its record instead of giving its id (`centre=Đình Lập`, `plan=84-KH/ĐKT`).
- `FIELD=` (nothing) holds when the field is missing or empty; `FIELD!=` when it has a value.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

from inspectkit import kinds
from inspectkit.diagnostics import did_you_mean
from inspectkit.errors import UsageError
from inspectkit.repository import Record, Repository
from inspectkit.text import norm, parse_user_date
from inspectkit.validation import unwrap_annotation

FieldType = Literal["text", "date", "number", "choice", "ref", "group"]


@dataclass(frozen=True)
class FieldSpec:
    """One queryable field of a kind: where its values are, and how they compare."""

    name: str
    type: FieldType
    path: tuple[str, ...]
    choices: tuple[str, ...] = ()
    ref: str | None = None  # the kind a reference points to
    virtual: bool = False  # resolved through other records (`centre.plan`)


def _refs(kind: str) -> dict[str, str]:
    """The reference fields of a kind by dotted path (`visits.centre`), from the kind registry."""
    return {".".join(p for p in path if p != "*"): target for path, target in kinds.get(kind).references}


def kind_of(name: str) -> str:
    """`findings` or `finding` -> `finding`; anything else is a UsageError naming the kinds."""
    found = kinds.by_name_or_plural(name)
    if found is None:
        plural = [k.plural for k in kinds.all_kinds()]
        raise UsageError(
            f"unknown kind '{name}'{did_you_mean(name, plural)}: choose one of {', '.join(plural)}"
        )
    return found.name


def _inner_type(annotation: Any) -> Any:
    """The type a field's values have: `X | None`, `list[X]`, `Annotated[X, ...]`, `X | list[X]` -> X."""
    while True:
        annotation = unwrap_annotation(annotation)
        if typing.get_origin(annotation) is not list:
            return annotation
        annotation = typing.get_args(annotation)[0]


def _walk_fields(kind: str, model: type[BaseModel], prefix: tuple[str, ...]) -> Iterable[FieldSpec]:
    for name, info in model.model_fields.items():
        key = info.alias or name
        path = (*prefix, key)
        dotted = ".".join(path)
        inner = _inner_type(info.annotation)
        if typing.get_origin(inner) is Literal:
            yield FieldSpec(dotted, "choice", path, tuple(str(a) for a in typing.get_args(inner)))
        elif isinstance(inner, type) and issubclass(inner, BaseModel):
            yield FieldSpec(dotted, "group", path)
            yield from _walk_fields(kind, inner, path)
        elif inner is date:
            yield FieldSpec(dotted, "date", path)
        elif inner is int:
            yield FieldSpec(dotted, "number", path)
        elif dotted in _refs(kind):
            yield FieldSpec(dotted, "ref", path, ref=_refs(kind)[dotted])
        else:
            yield FieldSpec(dotted, "text", path)


@cache
def fields(kind: str) -> dict[str, FieldSpec]:
    """Every queryable field of a kind, by dotted name, including the short names of references."""
    out = {spec.name: spec for spec in _walk_fields(kind, kinds.get(kind).model, ())}
    out.pop("kind", None)
    # Short names a person would type for a reference: `centre=` on a finding means `centres`.
    for alias, target in kinds.get(kind).aliases.items():
        spec = out[target]
        out[alias] = FieldSpec(alias, spec.type, spec.path, spec.choices, spec.ref)
    if kind == "centre":  # the plans that visited a centre
        out["plan"] = FieldSpec("plan", "ref", ("plan",), ref="plan", virtual=True)
    return dict(sorted(out.items()))


@cache
def date_fields(kind: str) -> frozenset[tuple[str, ...]]:
    """Paths of the date fields of a kind (list positions left out): for `fmt`."""
    return frozenset(s.path for s in fields(kind).values() if s.type == "date")


def field_spec(kind: str, name: str) -> FieldSpec:
    known = fields(kind)
    spec = known.get(name)
    if spec is None:
        raise UsageError(
            f"unknown field '{name}' for {kind}s{did_you_mean(name, list(known))}; fields: "
            + ", ".join(n for n, s in known.items() if s.type != "group")
        )
    return spec


_WHERE_RE = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*(<=|>=|!=|~|=|<|>)\s*(.*?)\s*$", re.DOTALL)
_ORDERING = ("<", "<=", ">", ">=")


@dataclass(frozen=True)
class Condition:
    """One `--where` condition, parsed and checked against the kind's fields."""

    text: str
    spec: FieldSpec
    op: str
    values: tuple[Any, ...]  # dates, ints, or folded text; ids for references

    def needs_other_records(self) -> bool:
        """True when the condition resolves names or links through records of other kinds."""
        return self.spec.virtual


def parse_where(kind: str, text: str) -> Condition:
    """`action.due<2024-01-01` -> a Condition. Raises UsageError with a one-line reason."""
    match = _WHERE_RE.match(text)
    if not match:
        raise UsageError(
            f"--where '{text}': write FIELD=VALUE (operators = != < <= > >= ~), e.g. type=weakness"
        )
    name, op, raw = match.groups()
    spec = field_spec(kind, name)
    where = f"--where '{text}'"
    if spec.type == "group" and raw == "" and op in ("=", "!="):
        return Condition(text, spec, op, ())  # `action=`: has no action; `action!=`: has one
    _check_operator(kind, where, name, spec, op)
    if raw == "":
        if op not in ("=", "!="):
            raise UsageError(f"{where}: give a value to compare with")
        return Condition(text, spec, op, ())
    if op == "~":
        return Condition(text, spec, op, (norm(raw),))
    parts = [raw] if spec.type == "text" else [p.strip() for p in raw.split(",") if p.strip()]
    if op in _ORDERING and len(parts) > 1:
        raise UsageError(f"{where}: '{op}' takes one value")
    return Condition(text, spec, op, tuple(_value(where, name, spec, part) for part in parts))


def _check_operator(kind: str, where: str, name: str, spec: FieldSpec, op: str) -> None:
    """Refuse an operator the field's type cannot take (and a group of fields compared at all)."""
    if spec.type == "group":
        inner = [n for n in fields(kind) if n.startswith(name + ".")]
        raise UsageError(f"{where}: {name} is a group of fields: use one of {', '.join(inner)}")
    if op in _ORDERING and spec.type not in ("date", "number"):
        raise UsageError(f"{where}: '{op}' compares dates and numbers, and {name} is {spec.type}")
    if op == "~" and spec.type in ("date", "number"):
        raise UsageError(f"{where}: '~' (contains) is for text; compare {name} with = < <= > >=")


def _value(where: str, name: str, spec: FieldSpec, part: str) -> Any:
    """One value of a condition, as the field's type compares it."""
    if spec.type == "date":
        try:
            return parse_user_date(part)
        except ValueError:
            raise UsageError(f"{where}: '{part}' is not a date: write YYYY-MM-DD") from None
    if spec.type == "number":
        try:
            return int(part)
        except ValueError:
            raise UsageError(f"{where}: '{part}' is not a whole number") from None
    if spec.type == "choice":
        if part not in spec.choices:
            raise UsageError(
                f"{where}: '{part}' is not a {name}{did_you_mean(part, spec.choices)}: "
                f"choose one of {', '.join(spec.choices)}"
            )
        return part
    if spec.type == "ref":
        return part  # resolved against the repository by `resolve`
    return norm(part)


def _labels(record: Record) -> list[str]:
    """What a person may call a record instead of its id."""
    if not kinds.is_kind(record.kind):
        return []
    keys = kinds.get(record.kind or "").labels
    return [norm(v) for k in keys if isinstance(v := record.data.get(k), str)]


def resolve(repo: Repository, cond: Condition, known_ids: Collection[str] = ()) -> Condition:
    """Turn the names given for a reference into ids (`centre=Đình Lập` -> `ttct-dinh-lap`).

    `known_ids` are taken as ids without looking them up (a partial load knows the file names)."""
    if cond.spec.type != "ref" or not cond.values or cond.op == "~":
        return cond
    target = cond.spec.ref
    ids: list[str] = []
    for value in cond.values:
        record = repo.by_id.get(value)
        if (record is not None and record.kind == target) or value in known_ids:
            ids.append(value)
            continue
        wanted = norm(value)
        found = [
            r.id
            for r in repo.records
            if r.kind == target and r.id and any(wanted == label or wanted in label for label in _labels(r))
        ]
        if not found:
            known = [r.id for r in repo.records if r.kind == target and r.id]
            raise UsageError(f"--where '{cond.text}': no {target} '{value}'{did_you_mean(value, known)}")
        ids.extend(found)
    return Condition(cond.text, cond.spec, cond.op, tuple(dict.fromkeys(ids)))


def values_at(data: Any, path: Sequence[str]) -> list[Any]:
    """Every value at a dotted path, through lists: `visits.centre` gives each visit's centre."""
    current = [data]
    for part in path:
        following: list[Any] = []
        for item in current:
            if isinstance(item, dict) and item.get(part) is not None:
                value = item[part]
                following.extend(v for v in value if v is not None) if isinstance(
                    value, list
                ) else following.append(value)
        current = following
    return current


def _compare(value: Any, op: str, wanted: Any) -> bool:
    if type(value) is not type(wanted):
        return False
    if op == "<":
        return bool(value < wanted)
    if op == "<=":
        return bool(value <= wanted)
    if op == ">":
        return bool(value > wanted)
    return bool(value >= wanted)


def holds(cond: Condition, values: list[Any]) -> bool:
    """Whether a record whose values at the condition's field are `values` satisfies it."""
    if cond.spec.type in ("text", "choice") or (cond.spec.type == "ref" and cond.op == "~"):
        present = [
            norm(v) if cond.spec.type == "text" or cond.op == "~" else v for v in values if isinstance(v, str)
        ]
        present = [v for v in present if v != ""]
    else:
        present = [v for v in values if not isinstance(v, bool)]
    if not cond.values:
        return bool(present) if cond.op == "!=" else not present
    if cond.op == "~":
        return any(w in v for v in present for w in cond.values)
    if cond.op == "=":
        return any(v in cond.values for v in present)
    if cond.op == "!=":
        return bool(present) and not any(v in cond.values for v in present)
    return any(_compare(v, cond.op, cond.values[0]) for v in present)
