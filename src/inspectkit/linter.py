"""Lint: load the repository, run the selected rules, and give back located diagnostics."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from inspectkit.diagnostics import CODES, Diagnostic, Severity
from inspectkit.loader import iter_record_files, locate, original_column
from inspectkit.repository import Repository, display_path, load_repository
from inspectkit.settings import Settings


class UsageError(Exception):
    """Bad options or paths: a one-line message, exit status 2."""


@dataclass
class Selection:
    """Which codes run and at which severity: settings first, then command-line options."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    as_warning: list[str] = field(default_factory=list)
    as_error: list[str] = field(default_factory=list)

    def enabled(self, code: str) -> bool:
        if self.select and not any(code.startswith(p) for p in self.select):
            return False
        return not any(code.startswith(p) for p in self.ignore)

    def severity(self, code: str) -> Severity:
        if any(code.startswith(p) for p in self.as_error):
            return Severity.ERROR
        if any(code.startswith(p) for p in self.as_warning):
            return Severity.WARNING
        return CODES[code].severity


def code_ranges() -> str:
    """`IK100-IK106, IK200-IK203, …`: the codes by family, for messages."""
    families: dict[str, list[str]] = {}
    for code in CODES:
        families.setdefault(code[:3], []).append(code)
    return ", ".join(f"{codes[0]}-{codes[-1]}" for codes in families.values())


def check_codes(codes: Iterable[str], origin: str) -> list[str]:
    """Validate codes or code prefixes (`IK5`, `IK508`), case-insensitively."""
    out: list[str] = []
    for raw in codes:
        code = raw.strip().upper()
        if not code:
            continue
        if not any(known.startswith(code) for known in CODES):
            raise UsageError(
                f"{origin}: unknown code '{raw}': the codes are {code_ranges()}, or a prefix such as IK4"
            )
        out.append(code)
    return out


def selection_from(settings: Settings, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Selection:
    origin = str(settings.source or "settings")
    lint = settings.lint
    chosen = check_codes(select, "--select") or check_codes(lint.select, origin)
    return Selection(
        select=chosen,
        ignore=check_codes(lint.ignore, origin) + check_codes(ignore, "--ignore"),
        as_warning=check_codes(lint.warning, origin),
        as_error=check_codes(lint.error, origin),
    )


@dataclass
class LintResult:
    diagnostics: list[Diagnostic]
    files: int
    records: int
    seconds: float
    checked: list[str] = field(default_factory=list)  # the files checked, as shown (for JUnit)

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the record files below folders named. A missing path is a usage error."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(iter_record_files(path))
        elif path.is_file():
            out.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    return [p.resolve() for p in out]


def lint(
    settings: Settings,
    paths: Iterable[Path] | None = None,
    selection: Selection | None = None,
    today: date | None = None,
) -> LintResult:
    """Check the records. With `paths`, report only on those files, but resolve references
    against the whole repository."""
    started = time.perf_counter()
    selection = selection or Selection()
    wanted = expand_paths(paths) if paths is not None else None
    repo = load_repository(settings, extra=wanted or ())
    diagnostics = run_rules(repo, selection, today or date.today())
    if wanted is None:
        files, records = len(repo.files), len(repo.records)
        checked = [loaded.path for loaded in repo.files]
    else:
        asked = {display_path(p) for p in wanted}
        diagnostics = [d for d in diagnostics if d.path in asked]
        files, records = len(asked), sum(r.display in asked for r in repo.records)
        checked = sorted(asked)
    diagnostics.sort(key=lambda d: (d.path, d.line, d.column, d.code))
    return LintResult(diagnostics, files, records, time.perf_counter() - started, checked)


def run_rules(repo: Repository, selection: Selection, today: date) -> list[Diagnostic]:
    from inspectkit.rules import RULES, Context

    out: list[Diagnostic] = []
    for loaded in repo.files:
        for d in loaded.diagnostics:
            if selection.enabled(d.code):
                out.append(
                    Diagnostic(d.path, d.line, d.column, d.code, selection.severity(d.code), d.message)
                )
    ctx = Context(repo, today)
    for code, rule in RULES.items():
        if not selection.enabled(code):
            continue
        severity = selection.severity(code)
        for problem in rule(ctx):
            line, column = locate(problem.record.node, problem.loc, problem.at)
            if problem.record.original_lines:  # a file not in NFC: its columns as written
                column = original_column(problem.record.original_lines, line, column)
            out.append(Diagnostic(problem.record.display, line, column, code, severity, problem.message))
    return out
