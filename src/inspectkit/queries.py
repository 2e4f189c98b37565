"""Questions about the records: filters, search, sort, the follow-up board, stats, and links.

Pure functions over a loaded repository that return data; the CLI renders it. Queries work on
records whose model validated: a record with schema errors is skipped and counted, and
`inspectkit lint` says why.

Field paths are derived from the models (`action.status`, `staff.filled`, `visits.centre`), so a
field added to the format can be queried at once. Conditions (`--where`):

- `FIELD=VALUE`, `!=`, and for dates and numbers `<`, `<=`, `>`, `>=`; `FIELD~TEXT` contains.
- Text compares case- and diacritic-insensitively (`text.fold`).
- Choices, ids, dates and numbers take several values separated by commas: `type=weakness,difficulty`
  holds when the value is any of them (`!=`: none of them).
- References are resolved: `centre=ttct-dinh-lap` holds for a finding whose `centres` include it, and
  a reference may name its record instead of giving its id (`centre=Đình Lập`, `plan=84-KH/ĐKT`).
- `FIELD=` (nothing) holds when the field is missing or empty; `FIELD!=` when it has a value.

Speed: `load_for_query` reads every file's text but parses only those that can match a search: a
record's text values appear, up to whitespace and YAML quoting, in its file, so a file whose folded
text does not contain the folded search cannot hold a match. The test is a regular expression that
matches every spelling that folds to the search (`bien che` matches `biên chế`, NFC or NFD); files
where that reasoning could fail (escapes, characters whose fold is not one character) are parsed.
"""

from __future__ import annotations

import re
import typing
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from inspectkit import kinds
from inspectkit.diagnostics import did_you_mean
from inspectkit.errors import NotFound, UsageError
from inspectkit.loader import iter_record_files
from inspectkit.models import (
    ACTION_STATUSES,
    ACTION_TYPES,
    FINDING_TYPES,
    Centre,
    Delegation,
    Finding,
    Plan,
    days_overdue,
)
from inspectkit.repository import Record, Repository, load_repository
from inspectkit.settings import Settings
from inspectkit.text import fold, parse_user_date, vn_sort_key
from inspectkit.validation import unwrap_annotation

# ---------------------------------------------------------------------------------------------
# Kinds and fields

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


# ---------------------------------------------------------------------------------------------
# Conditions

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
    if spec.type == "group":
        inner = [n for n in fields(kind) if n.startswith(name + ".")]
        raise UsageError(f"{where}: {name} is a group of fields: use one of {', '.join(inner)}")
    if op in _ORDERING and spec.type not in ("date", "number"):
        raise UsageError(f"{where}: '{op}' compares dates and numbers, and {name} is {spec.type}")
    if op == "~" and spec.type in ("date", "number"):
        raise UsageError(f"{where}: '~' (contains) is for text; compare {name} with = < <= > >=")
    if raw == "":
        if op not in ("=", "!="):
            raise UsageError(f"{where}: give a value to compare with")
        return Condition(text, spec, op, ())
    if op == "~":
        return Condition(text, spec, op, (_norm(raw),))
    parts = [raw] if spec.type == "text" else [p.strip() for p in raw.split(",") if p.strip()]
    if op in _ORDERING and len(parts) > 1:
        raise UsageError(f"{where}: '{op}' takes one value")
    values: list[Any] = []
    for part in parts:
        if spec.type == "date":
            try:
                values.append(parse_user_date(part))
            except ValueError:
                raise UsageError(f"{where}: '{part}' is not a date: write YYYY-MM-DD") from None
        elif spec.type == "number":
            try:
                values.append(int(part))
            except ValueError:
                raise UsageError(f"{where}: '{part}' is not a whole number") from None
        elif spec.type == "choice":
            if part not in spec.choices:
                raise UsageError(
                    f"{where}: '{part}' is not a {name}{did_you_mean(part, spec.choices)}: "
                    f"choose one of {', '.join(spec.choices)}"
                )
            values.append(part)
        elif spec.type == "ref":
            values.append(part)  # resolved against the repository by `resolve`
        else:
            values.append(_norm(part))
    return Condition(text, spec, op, tuple(values))


def _norm(text: str) -> str:
    """Folded text with whitespace runs made one space: how text is compared and searched."""
    return " ".join(fold(text).split())


def _labels(record: Record) -> list[str]:
    """What a person may call a record instead of its id."""
    if not kinds.is_kind(record.kind):
        return []
    keys = kinds.get(record.kind or "").labels
    return [_norm(v) for k in keys if isinstance(v := record.data.get(k), str)]


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
        wanted = _norm(value)
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
            _norm(v) if cond.spec.type == "text" or cond.op == "~" else v
            for v in values
            if isinstance(v, str)
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


# ---------------------------------------------------------------------------------------------
# Search


def text_values(data: Any) -> Iterable[str]:
    """Every text value of a record, at any depth (keys left out)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from text_values(value)
    elif isinstance(data, list):
        for value in data:
            yield from text_values(value)


def matches_search(data: Any, search: str) -> bool:
    """`bien che` finds `biên chế`, `DINH LAP` finds `Đình Lập`: within one text value."""
    wanted = _norm(search)
    return not wanted or any(wanted in _norm(v) for v in text_values(data))


_FAST_RANGE = 0x3000  # characters below this are mapped; a file with others is parsed


@lru_cache(maxsize=1)
def _fold_classes() -> tuple[dict[str, str], str, re.Pattern[str]]:
    """(folded char -> every char that folds to it, chars that fold to nothing, the fallback test)."""
    groups: dict[str, list[str]] = defaultdict(list)
    vanishing: list[str] = []
    irregular: list[str] = []
    for code in range(_FAST_RANGE):
        char = chr(code)
        folded = fold(char)
        if len(folded) == 1:
            groups[folded].append(char)
        elif not folded:
            vanishing.append(char)
        else:
            irregular.append(char)
    classes = {k: "".join(re.escape(c) for c in v) for k, v in groups.items()}
    zero = "".join(re.escape(c) for c in vanishing) or "\\x00"
    odd = "".join(re.escape(c) for c in irregular) or "\\x00"
    fallback = re.compile(f"[^\\x00-\\u2fff]|[{odd}]|\\\\")
    return classes, zero, fallback


@lru_cache(maxsize=64)
def search_prefilter(search: str) -> Callable[[str], bool] | None:
    """A test on a file's text that is False only when no text value in it can match `search`.

    None when the search cannot be tested this way (it holds quotes, or is empty).
    """
    wanted = _norm(search)
    if not wanted or any(q in wanted for q in "'\""):
        return None
    classes, zero, fallback = _fold_classes()
    filler = f"[{zero}]*"
    parts: list[str] = []
    for char in wanted:
        if char == " ":
            parts.append(f"[\\s{zero}]*\\s[\\s{zero}]*")
        else:
            parts.append(f"[{classes.get(char, '')}{re.escape(char)}]{filler}")
    pattern = re.compile("".join(parts))

    def test(text: str) -> bool:
        return pattern.search(text) is not None or fallback.search(text) is not None

    return test


# ---------------------------------------------------------------------------------------------
# Loading for queries


@dataclass
class Source:
    """The repository as far as a query needs it, and what had to be skipped."""

    repo: Repository
    skipped: list[str] = field(default_factory=list)  # paths of records that could not be used
    known_ids: frozenset[str] = frozenset()  # when only some files were parsed: the ids of all (file names)


def load_for_query(
    settings: Settings, kind: str | None = None, search: str | None = None, full: bool = False
) -> Source:
    """Load the records a query needs. With a `search` (and not `full`), only files whose text could
    match are parsed (see the module notes); otherwise every file is."""
    prefilter = search_prefilter(search) if (search and not full) else None
    stems: set[str] = set()
    if prefilter is None:
        repo = load_repository(settings)
    else:
        test = prefilter

        def could_match(path: Path, raw: bytes) -> bool:
            stems.add(path.stem)
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                return True  # the loader reports it
            if not unicodedata.is_normalized("NFC", text):
                text = unicodedata.normalize("NFC", text)
            if kind is not None and kind not in text and "\\" not in text:
                return False  # not a record of this kind
            return test(text)

        repo = load_repository(settings, keep=could_match)
    skipped = [
        r.display for r in repo.records if r.model is None and (kind is None or r.kind in (kind, None))
    ]
    skipped += [f.path for f in repo.files if f.data is None]
    return Source(repo, sorted(skipped), frozenset(stems))


def needs_full_load(settings: Settings, conditions: Sequence[Condition]) -> bool:
    """Conditions that name records (not by id), or link through other kinds, need every record."""
    stems: set[str] | None = None
    for cond in conditions:
        if cond.needs_other_records():
            return True
        if cond.spec.type == "ref" and cond.values and cond.op != "~":
            if stems is None:
                root = settings.records_dir
                stems = {p.stem for p in iter_record_files(root)} if root.is_dir() else set()
            if any(v not in stems for v in cond.values):
                return True
    return False


# ---------------------------------------------------------------------------------------------
# list


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
) -> list[Record]:
    """The valid records of `kind` for which every condition holds and the search matches."""
    resolved = [resolve(repo, c, known_ids) for c in conditions]
    out: list[Record] = []
    for record in repo.records:
        if record.model is None or record.kind != kind:
            continue
        if search and not matches_search(record.data, search):
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


def natural_key(text: str) -> tuple[Any, ...]:
    """`f-2` before `f-10`."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


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


# ---------------------------------------------------------------------------------------------
# show


def find_record(repo: Repository, record_id: str, kind: str | None = None) -> Record:
    record = repo.by_id.get(record_id)
    if record is None or (kind is not None and record.kind != kind):
        known = [r.id for r in repo.records if r.id and (kind is None or r.kind == kind)]
        what = kind or "record"
        raise NotFound(f"no {what} with id '{record_id}'{did_you_mean(record_id, known)}")
    return record


def _finding_line(finding: Finding) -> dict[str, Any]:
    return {"id": finding.id, "type": finding.type, "summary": finding.summary}


def links(repo: Repository, record: Record) -> dict[str, Any]:
    """What links to a record and what it links to, by kind:

    - centre: the plans that visited it (with the visit dates) and its findings;
    - plan: its delegation, its visits (with centre names), its findings counted by type;
    - delegation: its plan; finding: its plan, topic and centres.
    """
    model = record.model
    names = {c.id: c.name for c in repo.centres}
    if isinstance(model, Centre):
        plans: list[dict[str, Any]] = [
            {
                "id": p.id,
                "number": p.number,
                "title": p.title,
                "dates": [v.date for v in p.visits if v.centre == model.id],
            }
            for p in repo.plans
            if any(v.centre == model.id for v in p.visits)
        ]
        plans.sort(key=lambda p: (min(p["dates"]), p["id"]))
        lines = [_finding_line(f) for f in repo.findings if model.id in f.centres]
        lines.sort(key=lambda f: natural_key(f["id"]))
        return {"plans": plans, "findings": lines}
    if isinstance(model, Plan):
        delegation = next((d for d in repo.delegations if d.plan == model.id), None)
        if delegation is None and model.delegation:
            found = repo.model(model.delegation)
            delegation = found if isinstance(found, Delegation) else None
        head = next((m.name for m in delegation.members if m.role == "head"), None) if delegation else None
        findings = [f for f in repo.findings if f.plan == model.id]
        by_type: Counter[str] = Counter(f.type for f in findings)
        return {
            "delegation": {"id": delegation.id, "head": head, "members": len(delegation.members)}
            if delegation
            else None,
            "visits": [
                {"centre": v.centre, "name": names.get(v.centre), "date": v.date}
                | ({"end": v.end} if v.end else {})
                for v in model.visits
            ],
            "findings": {"total": len(findings), "by_type": {t: by_type[t] for t in _TYPES if by_type[t]}},
        }
    if isinstance(model, Delegation):
        plan = repo.model(model.plan)
        return {
            "plan": {"id": plan.id, "number": plan.number, "title": plan.title}
            if isinstance(plan, Plan)
            else None
        }
    if isinstance(model, Finding):
        plan = repo.model(model.plan)
        topic = None
        if isinstance(plan, Plan):
            topic = next((t.title for t in plan.topics if t.id == model.topic), None)
        return {
            "plan": {"id": plan.id, "number": plan.number, "title": plan.title}
            if isinstance(plan, Plan)
            else None,
            "topic": {"id": model.topic, "title": topic},
            "centres": [{"id": c, "name": names.get(c)} for c in model.centres],
        }
    return {}


_TYPES = FINDING_TYPES


# ---------------------------------------------------------------------------------------------
# actions


@dataclass(frozen=True)
class ActionItem:
    """One line of the follow-up board."""

    id: str
    plan: str
    centres: tuple[str, ...]
    type: str
    summary: str
    owner: str
    due: date | None
    status: str
    done_on: date | None
    days_overdue: int
    path: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "plan": self.plan,
            "centres": list(self.centres),
            "type": self.type,
            "summary": self.summary,
            "owner": self.owner,
            "due": self.due,
            "status": self.status,
            "done_on": self.done_on,
            "days_overdue": self.days_overdue,
            "path": self.path,
        }


def actions(
    repo: Repository,
    today: date,
    *,
    overdue: bool = False,
    owner: str | None = None,
    plan: str | None = None,
    status: Sequence[str] = (),
) -> list[ActionItem]:
    """The follow-up board: every finding's action, most overdue first, then by due date."""
    wanted_owner = _norm(owner) if owner else None
    items: list[ActionItem] = []
    for record in repo.records:
        finding = record.model
        if not isinstance(finding, Finding) or finding.action is None:
            continue
        action = finding.action
        if plan is not None and finding.plan != plan:
            continue
        if wanted_owner and wanted_owner not in _norm(action.owner):
            continue
        if status and action.status not in status:
            continue
        late = days_overdue(action.due, action.status, today)
        if overdue and late == 0:
            continue
        items.append(
            ActionItem(
                finding.id,
                finding.plan,
                tuple(finding.centres),
                finding.type,
                finding.summary,
                action.owner,
                action.due,
                action.status,
                action.done_on,
                late,
                record.display,
            )
        )
    items.sort(key=lambda i: (-i.days_overdue, i.due or date.max, natural_key(i.id)))
    return items


def actionless(repo: Repository, plan: str | None = None) -> list[str]:
    """Ids of proposals and requests that have no action to follow (IK505)."""
    return sorted(
        (
            f.id
            for f in repo.findings
            if f.type in ACTION_TYPES and f.action is None and plan in (None, f.plan)
        ),
        key=natural_key,
    )


# ---------------------------------------------------------------------------------------------
# stats


def stats(repo: Repository, today: date, plan: str | None = None) -> dict[str, Any]:
    """Findings by type x centre and by topic, actions by status, and how many are overdue.

    A finding on several centres counts once for each of them in `by_centre`, once elsewhere.
    """
    findings = [f for f in repo.findings if plan is None or f.plan == plan]
    names = {c.id: c.short_name or c.name for c in repo.centres}
    titles: dict[str, str] = {}
    for p in repo.plans:
        if plan is None or p.id == plan:
            for t in p.topics:
                titles.setdefault(t.id, t.title)
    by_centre: dict[str, Counter[str]] = defaultdict(Counter)
    for f in findings:
        for c in f.centres:
            by_centre[c][f.type] += 1
    by_topic = Counter(f.topic for f in findings)
    by_type: Counter[str] = Counter(f.type for f in findings)
    with_action = [f.action for f in findings if f.action is not None]
    by_status: Counter[str] = Counter(a.status for a in with_action)
    overdue = sum(days_overdue(a.due, a.status, today) > 0 for a in with_action)
    return {
        "plan": plan,
        "today": today,
        "findings": len(findings),
        "types": list(_TYPES),
        "by_type": {t: by_type[t] for t in _TYPES},
        "by_centre": [
            {
                "centre": c,
                "name": names.get(c),
                **{t: by_centre[c][t] for t in _TYPES},
                "total": sum(by_centre[c].values()),
            }
            for c in sorted(by_centre, key=natural_key)
        ],
        "by_topic": [
            {"topic": t, "title": titles.get(t), "findings": n}
            for t, n in sorted(by_topic.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "actions": {
            "total": len(with_action),
            "by_status": {s: by_status[s] for s in ACTION_STATUSES},
            "overdue": overdue,
        },
    }
