"""IK200–IK203: the record against the models. The codes are declared in validation.py, which
finds these problems once, at load; these record rules hand them on."""

from __future__ import annotations

from collections.abc import Callable

from inspectkit.repository import Record
from inspectkit.rules.base import Problem, ProblemIter, Scope, record_rule
from inspectkit.validation import CODES as VALIDATION_CODES


def _handing_on(code: str) -> Callable[[Record, Scope], ProblemIter]:
    def check(record: Record, scope: Scope) -> ProblemIter:
        for issue in record.issues:
            if issue.code == code:
                yield Problem(issue.loc, issue.message, issue.at)

    return check


for _declared in VALIDATION_CODES:
    record_rule(_declared.code, _declared.severity, _declared.title)(_handing_on(_declared.code))
