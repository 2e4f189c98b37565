"""The rule API: a rule declares its code, severity and title where it is defined.

Two scopes, because the index (issue 11) caches what one file alone decides:

- A **record rule** sees one record: its data, its model (when it validated), its path. It may not
  look at other records or at today's date, so its problems are cached with the file.

      @record_rule("IK500", Severity.ERROR, "delegation does not have exactly one head",
                   kinds=("delegation",))
      def heads(record: Record, scope: Scope) -> ProblemIter: ...

- A **facts rule** sees the compact facts of every record (`Facts`: id, kind, path, references,
  and the small per-kind values that extractors registered with `@facts_of(kind)` give) — never
  node trees, so it runs over a whole repository in little memory and time. It yields `Placed`
  problems (a file and a problem in it).

      @facts_rule("IK400", Severity.ERROR, "reference to a record that does not exist")
      def dangling(every: Every) -> PlacedIter: ...

Both give a `Problem` placed by a path inside the record (`loc`); the linter finds its line and
column, only for files that have problems. A new lint code: write the function with its
decorator in a module of `rules/` and import that module in `rules/__init__.py`; the code table
(`rules.CODES`) and docs/FORMAT.md's table must then list it (a test checks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from inspectkit.diagnostics import Code, Severity
from inspectkit.validation import Loc

if TYPE_CHECKING:
    from inspectkit.candidates import Candidates
    from inspectkit.repository import Record
    from inspectkit.settings import Settings

__all__ = [
    "Code",
    "Every",
    "Facts",
    "Placed",
    "Problem",
    "Rule",
    "Scope",
    "Severity",
    "facts_of",
    "facts_rule",
    "record_rule",
]


@dataclass(frozen=True)
class Problem:
    """What a rule found, placed by a path inside the record: `at` is `key` or `value`."""

    loc: Loc
    message: str
    at: str = "value"


@dataclass(frozen=True)
class Placed:
    """A facts rule's problem and the file it is in (`Facts.path`)."""

    path: str
    problem: Problem


ProblemIter = Iterator[Problem]
PlacedIter = Iterator[Placed]


@dataclass(frozen=True)
class Scope:
    """What a record rule may know besides its record: the settings (never today's date)."""

    settings: Settings

    @cached_property
    def records_dir(self) -> Path:
        """The records folder with every link followed (as record paths are)."""
        return self.settings.records_dir.resolve()


@dataclass(slots=True)
class Facts:
    """The compact facts of one record file, as the index keeps them (JSON-able).

    `refs`: every reference the record makes, as (loc, target kind, id). `values`: what the
    extractors registered for its kind gave (dates as ISO text); empty when the record did not
    validate, so facts rules see only valid records' values.
    """

    path: str
    id: str | None
    kind: str | None
    valid: bool
    refs: list[tuple[Loc, str, str]] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)

    def at(self, loc: Loc, message: str, at: str = "value") -> Placed:
        """A problem in this record's file."""
        return Placed(self.path, Problem(loc, message, at))

    def to_json(self) -> list[Any]:
        return [
            self.path,
            self.id,
            self.kind,
            self.valid,
            [[list(loc), k, v] for loc, k, v in self.refs],
            self.values,
        ]

    @classmethod
    def from_json(cls, raw: list[Any], shared: dict[Any, Any] | None = None) -> Facts:
        path, id_, kind, valid, refs, values = raw
        facts = cls(path, id_, kind, bool(valid), [(tuple(loc), k, v) for loc, k, v in refs], values)
        return facts.share(shared if shared is not None else {})

    def share(self, shared: dict[Any, Any]) -> Facts:
        """Reuse equal texts and places seen before (`shared`): the facts of a whole repository
        repeat kinds, ids, places and statuses, and held apart they cost a third more memory."""
        one = shared.setdefault
        if self.kind is not None:
            self.kind = one(self.kind, self.kind)
        self.refs = [(one(loc, loc), one(k, k), one(v, v)) for loc, k, v in self.refs]
        values = self.values
        for name, value in values.items():
            if isinstance(value, str):
                values[name] = one(value, value)
            elif isinstance(value, list) and all(isinstance(item, str) for item in value):
                values[name] = [one(item, item) for item in value]
        return self


class Every:
    """What a facts rule sees: the facts of every record (in file order) and today's date."""

    def __init__(self, facts: list[Facts], today: date, settings: Settings) -> None:
        self.facts = facts
        self.today = today
        self.settings = settings
        self.by_id: dict[str, Facts] = {}
        for item in facts:
            if item.id is not None:
                self.by_id.setdefault(item.id, item)
        self._kinds: dict[str, list[Facts]] = {}
        self._candidates: dict[str, Candidates] = {}

    def of_kind(self, kind: str) -> list[Facts]:
        """Records of one kind that validated, in file order."""
        if kind not in self._kinds:
            self._kinds[kind] = [f for f in self.facts if f.kind == kind and f.valid]
        return self._kinds[kind]

    def valid(self, record_id: str, kind: str) -> Facts | None:
        """The record with this id when it is of `kind` and validated."""
        found = self.by_id.get(record_id)
        return found if found is not None and found.kind == kind and found.valid else None

    def suggest(self, word: str, kind: str) -> str:
        """` (did you mean 'x'?)` among the ids of one kind, from an index built once per kind."""
        from inspectkit.candidates import Candidates

        if kind not in self._candidates:
            self._candidates[kind] = Candidates(f.id for f in self.facts if f.kind == kind and f.id)
        return self._candidates[kind].hint(word)


Check = Callable[..., Iterable[Any]]
M = TypeVar("M", bound=Callable[..., Any])


@dataclass(frozen=True)
class Rule:
    """A registered rule: its code and the function that checks it."""

    code: Code
    scope: Literal["record", "facts"]
    check: Check
    kinds: tuple[str, ...] = ()  # record rules: the kinds it applies to (empty: every record)
    valid_only: bool = False  # record rules: only records whose model validated


RULES: dict[str, Rule] = {}
# kind -> extractors of the facts the facts rules need about records of that kind.
EXTRACTORS: dict[str, list[Callable[[Any], dict[str, Any]]]] = {}


def _register(rule: Rule) -> None:
    if rule.code.code in RULES:
        raise ValueError(f"lint code {rule.code.code} is defined twice")
    RULES[rule.code.code] = rule


def record_rule(
    code: str,
    severity: Severity,
    title: str,
    *,
    kinds: tuple[str, ...] = (),
    valid_only: bool = False,
) -> Callable[[M], M]:
    """Declare a rule over one record: `check(record, scope) -> Iterable[Problem]`.

    With `valid_only`, it runs only on records whose model validated (`record.model` is set)."""

    def register(check: M) -> M:
        _register(Rule(Code(code, severity, title), "record", check, kinds, valid_only))
        return check

    return register


def facts_rule(code: str, severity: Severity, title: str) -> Callable[[M], M]:
    """Declare a cross-record rule over every record's facts: `check(every) -> Iterable[Placed]`."""

    def register(check: M) -> M:
        _register(Rule(Code(code, severity, title), "facts", check))
        return check

    return register


def facts_of(kind: str) -> Callable[[M], M]:
    """Register an extractor of facts for valid records of `kind`: `extract(record) -> dict`.

    Its keys are merged into `Facts.values`; values must be JSON-able (write dates as ISO text)."""

    def register(extract: M) -> M:
        EXTRACTORS.setdefault(kind, []).append(extract)
        return extract

    return register


def extract_facts(record: Record, path: str) -> Facts:
    """The facts of one loaded record (`path`: how the user sees its file)."""
    from inspectkit.kinds import references_of

    values: dict[str, Any] = {}
    if record.model is not None:
        for extract in EXTRACTORS.get(record.kind or "", []):
            values.update(extract(record))
    # read from the raw data: a record with an unrelated schema problem still has its references checked
    refs = list(references_of(record.kind, record.data))
    return Facts(path, record.id, record.kind, record.model is not None, refs, values)
