"""Diagnostics as values. Each code is declared where it is found; `rules.CODES` lists them all."""

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


def __getattr__(name: str) -> object:
    """`diagnostics.CODES`: the table of every code, derived in `rules` (imported on first use)."""
    if name == "CODES":
        from inspectkit.rules import CODES

        return CODES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
