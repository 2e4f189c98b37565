"""Diagnostics as values, and the table of codes (FORMAT.md is the contract)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    title: str


_E, _W = Severity.ERROR, Severity.WARNING

CODES: dict[str, Code] = {
    c.code: c
    for c in [
        Code("IK100", _E, "YAML syntax error"),
        Code("IK101", _E, "duplicate key in a mapping"),
        Code("IK102", _E, "file is not UTF-8 text"),
        Code("IK103", _W, "text not in Unicode NFC"),
        Code("IK104", _E, "anchor, alias, merge key or explicit tag"),
        Code("IK105", _E, "empty file, several documents, or top level not a mapping"),
        Code("IK106", _E, "file over the limits (1 MiB, nesting deeper than 32)"),
        Code("IK200", _E, "unknown field"),
        Code("IK201", _E, "missing required field"),
        Code("IK202", _E, "invalid value"),
        Code("IK203", _E, "missing or unknown kind"),
        Code("IK300", _E, "id is not a valid slug"),
        Code("IK301", _E, "id used by more than one record"),
        Code("IK302", _E, "file name does not match id"),
        Code("IK303", _W, "record not under the conventional folder for its kind"),
        Code("IK400", _E, "reference to a record that does not exist"),
        Code("IK401", _E, "reference to a record of another kind"),
        Code("IK402", _W, "finding names a centre its plan does not visit"),
        Code("IK403", _E, "finding topic is not a topic of its plan"),
        Code("IK404", _E, "plan.delegation and delegation.plan disagree"),
        Code("IK500", _E, "delegation does not have exactly one head"),
        Code("IK501", _W, "plan approved or later has no delegation"),
        Code("IK502", _E, "visit date before the plan's issue date, or end before date"),
        Code("IK503", _E, "period from after to"),
        Code("IK504", _E, "action due date before the first visit to its centres"),
        Code("IK505", _E, "proposal or request without action"),
        Code("IK506", _E, "plan is closed while actions of its findings are open or in progress"),
        Code("IK507", _E, "action done without done_on, or done_on while not done"),
        Code("IK508", _W, "action overdue"),
        Code("IK600", _E, "document number matches neither numbering system"),
        Code("IK601", _W, "document type in a number does not fit its field"),
        Code("IK602", _E, "two plans share a number in the same year"),
    ]
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place. `path` is as shown to the user; line and column are 1-based."""

    path: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }


def did_you_mean(word: str, candidates: list[str] | set[str] | tuple[str, ...]) -> str:
    """` (did you mean 'x'?)` when a candidate is close, else an empty string.

    A candidate that differs only in leading zeros (`…-kh-dkt-7` for `…-kh-dkt-07`) comes first:
    edit distance alone would pick `…-17`.
    """
    import difflib
    import re

    def numbers(text: str) -> str:
        return re.sub(r"\d+", lambda m: str(int(m[0])), text)

    same = sorted(c for c in candidates if c != word and numbers(c) == numbers(word))
    close = same or difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
