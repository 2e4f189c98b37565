"""What a rule sees and what it gives back."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from inspectkit.models import Centre, Delegation, Finding, Plan
from inspectkit.repository import Record, Repository
from inspectkit.validation import Loc

M = TypeVar("M")


@dataclass(frozen=True)
class Problem:
    """A rule's finding about one record, placed by path; the linter turns it into a Diagnostic."""

    record: Record
    loc: Loc
    message: str
    at: str = "value"


@dataclass
class Context:
    repo: Repository
    today: date
    _valid: dict[type[Any], list[tuple[Record, Any]]] = field(default_factory=dict)

    def valid(self, kind: type[M]) -> list[tuple[Record, M]]:
        """Records of one kind that validated, with their models."""
        if kind not in self._valid:
            self._valid[kind] = [(r, r.model) for r in self.repo.records if isinstance(r.model, kind)]
        return self._valid[kind]

    @property
    def plans(self) -> list[tuple[Record, Plan]]:
        return self.valid(Plan)

    @property
    def delegations(self) -> list[tuple[Record, Delegation]]:
        return self.valid(Delegation)

    @property
    def centres(self) -> list[tuple[Record, Centre]]:
        return self.valid(Centre)

    @property
    def findings(self) -> list[tuple[Record, Finding]]:
        return self.valid(Finding)

    def plan(self, plan_id: str) -> Plan | None:
        model = self.repo.model(plan_id)
        return model if isinstance(model, Plan) else None


Rule = Callable[[Context], Iterable[Problem]]
ProblemIter = Iterator[Problem]
