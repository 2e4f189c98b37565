"""The record kinds: one entry per kind says everything the rest of inspectkit needs to know.

Validation reads the model, lint the folder and the references, queries the references and
what a person may call a record, `list` the columns, authoring the draft header. A new kind is a
model in `models.py` and one `register(RecordKind(...))` here (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Union

from inspectkit import models, views, vocabulary
from inspectkit.text import fit_slug, slugify

if TYPE_CHECKING:
    from inspectkit.tables import Column
    from inspectkit.validation import Loc

# A reference: the path of the field in the record (`*` walks every item of a list), and the
# kind of record it names.
Reference = tuple[tuple[str, ...], str]
# A check the model's types cannot say (one field allowed only with another's value): it gives
# (code, loc, "key" or "value", message) for each problem: IK201 (missing) or IK202 (invalid).
Problem = tuple[str, "Loc", str, str]
Check = Callable[[Any], Sequence[Problem]]


@dataclass(frozen=True)
class RecordKind:
    """One kind of record.

    - `model`: the pydantic model (a `models.RecordModel`, with `kind: Literal[name]`);
    - `folder`: the conventional folder under `records/` (IK303), where records may also sit in
      subfolders (`findings/<plan id>/`);
    - `references`: which fields name which kinds (IK400/IK401, queries resolve them);
    - `aliases`: short field names a person types in `--where` (`centre` for `centres`);
    - `labels`: fields a person may name a record by instead of its id (`--where plan=84-KH/ĐKT`);
    - `columns`: the `list` table and spreadsheet columns (`views.py`), `columns(spreadsheet)`;
    - `header`: the comment line a new record file starts with (format fields: the record's texts);
    - `checks`: what the model's types cannot say (IK201/IK202);
    - `new_id`: the id suggested for a new record from its values (its file name), or None when
      the kind's ids need the repository (a finding is `<plan id>-NN`, the next free number).
    """

    name: str
    model: type[models.RecordModel]
    folder: str
    columns: Callable[[bool], list[Column]]
    header: str
    references: tuple[Reference, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    labels: tuple[str, ...] = ()
    checks: tuple[Check, ...] = ()
    new_id: Callable[[dict[str, Any]], str | None] = lambda data: None

    @property
    def plural(self) -> str:
        return self.folder


_REGISTRY: dict[str, RecordKind] = {}


def register(kind: RecordKind) -> RecordKind:
    """Add a kind (or replace one of the same name: a test's toy kind)."""
    _REGISTRY[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def get(name: str) -> RecordKind:
    """The kind called `name`; KeyError for an unknown one (callers check `is_kind` first)."""
    return _REGISTRY[name]


def is_kind(name: object) -> bool:
    return isinstance(name, str) and name in _REGISTRY


def names() -> tuple[str, ...]:
    """Every kind's name, in registration order (FORMAT.md's order for the shipped kinds)."""
    return tuple(_REGISTRY)


def all_kinds() -> tuple[RecordKind, ...]:
    return tuple(_REGISTRY.values())


def by_name_or_plural(text: str) -> RecordKind | None:
    """`findings` or `finding` -> the finding kind; None for anything else."""
    wanted = text.strip().lower()
    return next((k for k in _REGISTRY.values() if wanted in (k.name, k.plural)), None)


def json_schema(kind: str | None = None) -> dict[str, Any]:
    """JSON Schema for one kind, or for any record of a registered kind (discriminated by `kind`)."""
    from pydantic import Field, TypeAdapter

    if kind is not None:
        schema = get(kind).model.model_json_schema(by_alias=True)
        schema["title"] = f"inspectkit {kind} record (format v{models.FORMAT_VERSION})"
    else:
        every = tuple(k.model for k in _REGISTRY.values())
        union: Any = Union[every] if len(every) > 1 else every[0]  # noqa: UP007 - built at run time
        adapter: TypeAdapter[Any] = TypeAdapter(Annotated[union, Field(discriminator="kind")])
        schema = adapter.json_schema(by_alias=True)
        schema["title"] = f"inspectkit record (format v{models.FORMAT_VERSION})"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def new_id(kind: str, data: dict[str, Any]) -> str | None:
    """The id suggested for a new record of `kind` with these values (see `RecordKind.new_id`)."""
    return get(kind).new_id(data)


def header(kind: str, data: dict[str, Any]) -> str:
    """The first comment line of a new record file (`Kế hoạch kiểm tra 84-KH/ĐKT (inspection plan)`)."""
    return get(kind).header.format_map(_Texts(data))


def references_of(kind: str | None, data: Any) -> Iterator[tuple[Loc, str, str]]:
    """(loc, target kind, id) for every reference a record makes, read from its raw data (so a
    record with an unrelated schema problem is still followed). Empty or non-text references are
    left out: they are validation's (IK202)."""
    if not is_kind(kind):
        return
    for path, target in get(kind or "").references:
        yield from _walk(data, path, (), target)


def _walk(node: Any, path: tuple[str, ...], loc: Loc, target: str) -> Iterator[tuple[Loc, str, str]]:
    if not path:
        if isinstance(node, str) and node:
            yield loc, target, node
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from _walk(item, rest, (*loc, index), target)
    elif isinstance(node, dict) and head in node:
        yield from _walk(node[head], rest, (*loc, head), target)


class _Texts(dict[str, str]):
    """A record's text values for `str.format_map`; a missing one reads as `?`."""

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__({k: v for k, v in data.items() if isinstance(v, str)})

    def __missing__(self, key: str) -> str:
        return "?"


# ---------------------------------------------------------------------------------------------
# The shipped kinds (FORMAT.md)


def _plan_id(data: dict[str, Any]) -> str | None:
    """`2022-84-kh-dkt`: the year it was issued and its number."""
    issued, number = data.get("issued"), data.get("number")
    year = issued.year if isinstance(issued, date) else str(issued or "")[:4]
    return f"{year}-{slugify(number)}" if year and isinstance(number, str) and slugify(number) else None


def _delegation_id(data: dict[str, Any]) -> str | None:
    """`2022-84-kh-dkt-doan`: the plan's id and `doan` (đoàn)."""
    plan = data.get("plan")
    return fit_slug(plan, "-doan") if isinstance(plan, str) and plan else None


def _centre_id(data: dict[str, Any]) -> str | None:
    """`ttct-dinh-lap`: its short name (or name) as a slug."""
    name = data.get("short_name") or data.get("name")
    return (slugify(name) or None) if isinstance(name, str) else None


def _document_id(data: dict[str, Any]) -> str | None:
    """`2022-84-kh-dkt-conclusion`, `…-minutes-ttct-dinh-lap`, `…-followup-2024-01-01` (a follow-up
    report is made again as actions move on)."""
    plan, kind = data.get("plan"), data.get("type")
    if not (isinstance(plan, str) and isinstance(kind, str)):
        return None
    parts = [plan, kind]
    if isinstance(data.get("centre"), str):
        parts.append(data["centre"])
    if kind == "followup" and data.get("issued") is not None:
        parts.append(str(data["issued"]))
    return "-".join(parts)


def _finding_checks(finding: models.Finding) -> list[Problem]:
    if finding.causes and finding.type not in vocabulary.CAUSED_TYPES:
        allowed = " and ".join(vocabulary.CAUSED_TYPES)
        return [
            (
                "IK202",
                ("causes",),
                "key",
                f"causes: only {allowed} findings have causes, and this one is a {finding.type}: "
                "remove `causes` or change the type",
            )
        ]
    return []


def _document_checks(document: models.Document) -> list[Problem]:
    out: list[Problem] = []
    if document.type == "minutes" and document.centre is None:
        out.append(
            (
                "IK201",
                (),
                "value",
                "missing required field 'centre' in this document: minutes record one centre's visit: add it",
            )
        )
    if document.type != "minutes" and document.centre is not None:
        out.append(
            (
                "IK202",
                ("centre",),
                "key",
                f"centre: only minutes name a centre, and this document is a {document.type}: remove it",
            )
        )
    if document.type != "news" and document.number is None:
        out.append(
            (
                "IK201",
                (),
                "value",
                f"missing required field 'number' in this document: a {document.type} is numbered: add it",
            )
        )
    return out


register(
    RecordKind(
        "plan",
        models.Plan,
        "plans",
        views.plan_columns,
        "Kế hoạch kiểm tra {number} (inspection plan)",
        references=((("delegation",), "delegation"), (("visits", "*", "centre"), "centre")),
        aliases={"centre": "visits.centre"},
        labels=("number", "title"),
        new_id=_plan_id,
    )
)
register(
    RecordKind(
        "delegation",
        models.Delegation,
        "delegations",
        views.delegation_columns,
        "Đoàn kiểm tra (delegation) of plan {plan}",
        references=((("plan",), "plan"),),
        new_id=_delegation_id,
    )
)
register(
    RecordKind(
        "centre",
        models.Centre,
        "centres",
        views.centre_columns,
        "Đơn vị được kiểm tra (inspected centre): {name}",
        labels=("name", "short_name", "district"),
        new_id=_centre_id,
    )
)
register(
    RecordKind(
        "finding",
        models.Finding,
        "findings",
        views.finding_columns,
        "Kết quả kiểm tra (finding) of plan {plan}",
        references=((("plan",), "plan"), (("centres", "*"), "centre")),
        aliases={"centre": "centres"},
        checks=(_finding_checks,),
    )
)
register(
    RecordKind(
        "document",
        models.Document,
        "documents",
        views.document_columns,
        "Văn bản đã ban hành (issued document) {number} of plan {plan}",
        references=((("plan",), "plan"), (("centre",), "centre")),
        labels=("number",),
        checks=(_document_checks,),
        new_id=_document_id,
    )
)
