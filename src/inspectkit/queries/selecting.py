"""`list` and `show`: the records of a kind that match, in order; one record by its id."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from inspectkit.diagnostics import did_you_mean
from inspectkit.errors import NotFound, UsageError
from inspectkit.queries.conditions import Condition, FieldSpec, field_spec, holds, resolve, values_at
from inspectkit.queries.search import matches_search
from inspectkit.repository import Record, Repository
from inspectkit.text import natural_key, vn_sort_key


def _data_of(record: Record) -> dict[str, Any]:
    """The record's values with the model's defaults filled in (`status: open` when not written)."""
    assert record.model is not None
    return record.model.model_dump(by_alias=True, exclude_none=True)


def _virtual_values(repo: Repository, record: Record, spec: FieldSpec) -> list[Any]:
    if spec.name == "plan" and record.kind == "centre":
        return [p.id for p in repo.plans if any(v.centre == record.id for v in p.visits)]
    return []  # pragma: no cover - every virtual field is handled above


def select(
    repo: Repository,
    kind: str,
    conditions: Sequence[Condition] = (),
    search: str | None = None,
    sort: str | None = None,
    known_ids: Collection[str] = (),
    searched: Collection[str] | None = None,
) -> list[Record]:
    """The valid records of `kind` for which every condition holds and the search matches.
    `searched`: the records (as shown) known to match the search (from the index's search text,
    which answers exactly as `matches_search`); the others do not."""
    resolved = [resolve(repo, c, known_ids) for c in conditions]
    out: list[Record] = []
    for record in repo.records:
        if record.model is None or record.kind != kind:
            continue
        if search and not (
            record.display in searched if searched is not None else matches_search(record.data, search)
        ):
            continue
        data = _data_of(record) if resolved else {}
        ok = True
        for cond in resolved:
            values = (
                _virtual_values(repo, record, cond.spec)
                if cond.spec.virtual
                else values_at(data, cond.spec.path)
            )
            if not holds(cond, values):
                ok = False
                break
        if ok:
            out.append(record)
    return sort_records(out, kind, sort)


def sort_spec(kind: str, sort: str) -> FieldSpec:
    """The field `--sort` names (`-field`: descending). UsageError for a group of fields, or a field
    found through other records (`centre.plan`): neither has one value of the record's own to sort by."""
    name = sort.lstrip("-+")
    spec = field_spec(kind, name)
    if spec.type == "group":
        raise UsageError(f"--sort: {name} is a group of fields: sort by one of its fields")
    if spec.virtual:
        raise UsageError(
            f"--sort: {name} is found through other records: sort by a field of the {kind} itself"
        )
    return spec


def sort_records(records: list[Record], kind: str, sort: str | None) -> list[Record]:
    """By id (natural order) unless `sort` names a field; `-field` sorts descending. Missing last."""
    by_id = sorted(records, key=lambda r: natural_key(r.id or ""))
    if not sort:
        return by_id
    descending = sort.startswith("-")
    spec = sort_spec(kind, sort)

    def key(record: Record) -> Any:
        values = values_at(_data_of(record), spec.path)
        value = values[0] if values else None
        if isinstance(value, str):
            return vn_sort_key(value)
        return value

    keyed = [(key(r), r) for r in by_id]  # each record's values dumped once
    present = [(k, r) for k, r in keyed if k is not None]
    present.sort(key=lambda kr: kr[0], reverse=descending)
    return [r for _, r in present] + [r for k, r in keyed if k is None]


def record_json(record: Record) -> dict[str, Any]:
    """The record as in its file (dates ISO when rendered), with its `path`."""
    return {"path": record.display, **record.data}


def find_record(repo: Repository, record_id: str, kind: str | None = None) -> Record:
    record = repo.by_id.get(record_id)
    if record is None or (kind is not None and record.kind != kind):
        known = repo.ids(kind)  # every id, also of records a partial load left out
        what = kind or "record"
        raise NotFound(f"no {what} with id '{record_id}'{did_you_mean(record_id, known)}")
    return record
