"""The lint renderers the output formats of `inspectkit.formats` use: each turns a result into text."""

from __future__ import annotations

import json

from inspectkit.diagnostics import Diagnostic, Severity
from inspectkit.linter import LintResult

_RED, _YELLOW, _BOLD, _DIM, _RESET = "\033[31m", "\033[33m", "\033[1m", "\033[2m", "\033[0m"


# Control characters (a record may hold them, e.g. `id: "a\nb"` or `"\e[31m"`) are shown escaped,
# so that a problem stays one line and nothing in a record can drive the terminal.
_CONTROLS = {c: repr(chr(c))[1:-1] for c in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029) if c != 0x09}


def _printable(text: str) -> str:
    return readable(text).translate(_CONTROLS)


def readable(text: str) -> str:
    """`text` as valid Unicode: a file name that is not UTF-8 comes from the system with its bad
    bytes as lone surrogates, which no UTF-8 output can hold; they are shown as `\\xNN`."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(result: LintResult) -> str:
    return (
        f"{_plural(result.errors, 'error')}, {_plural(result.warnings, 'warning')} in "
        f"{_plural(result.files, 'file')} ({_plural(result.records, 'record')}), "
        f"{result.seconds:.2f} s"
    )


class TextReporter:
    """`path:line:col: CODE severity: message`, then one summary line."""

    def __init__(self, color: bool = False) -> None:
        self.color = color

    def line(self, d: Diagnostic) -> str:
        path, message = _printable(d.path), _printable(d.message)
        if not self.color:
            return f"{path}:{d.line}:{d.column}: {d.code} {d.severity.value}: {message}"
        tint = _RED if d.severity is Severity.ERROR else _YELLOW
        return (
            f"{_BOLD}{path}:{d.line}:{d.column}:{_RESET} {tint}{d.code} {d.severity.value}:{_RESET} {message}"
        )

    def render(self, result: LintResult) -> str:
        lines = [self.line(d) for d in result.diagnostics]
        tail = summary(result)
        lines.append(f"{_DIM}{tail}{_RESET}" if self.color else tail)
        return "\n".join(lines) + "\n"


class JsonReporter:
    """A JSON array of diagnostics; nothing else."""

    def render(self, result: LintResult) -> str:
        items = [
            {**d.to_json(), "path": readable(d.path), "message": readable(d.message)}
            for d in result.diagnostics
        ]
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return readable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    """GitHub workflow commands, so that CI annotates the exact line of the pull request."""

    def render(self, result: LintResult) -> str:
        lines = [
            f"::{d.severity.value} file={_escape_property(d.path)},line={d.line},col={d.column},"
            f"title={d.code}::{_escape_data(f'{d.code} {d.message}')}"
            for d in result.diagnostics
        ]
        lines.append(summary(result))
        return "\n".join(lines) + "\n"
