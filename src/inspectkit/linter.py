"""Lint: bring the index up to date, run the cross-record rules over every record's facts, and give
back located diagnostics.

What one file decides alone (the loader's codes, validation, record rules) comes from its scan,
cached in the index with the file; the facts rules run every time over the compact facts of all
records, so a reference is always resolved against the whole repository as it is now.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspectkit.diagnostics import Diagnostic, Severity
from inspectkit.errors import UsageError
from inspectkit.files import is_inside
from inspectkit.recordfiles import display_path, iter_record_files
from inspectkit.settings import Settings

if TYPE_CHECKING:
    from inspectkit.survey import Survey
    from inspectkit.validation import Loc

MAX_PER_FILE = 100  # problems shown per file; the last one says how many more were cut


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
        from inspectkit.rules import CODES  # the rules' registry: only when a problem is new

        return CODES[code].severity


def code_ranges() -> str:
    """`IK100-IK106, IK200-IK203, …`: the codes by family, for messages."""
    from inspectkit.rules import CODES

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
        from inspectkit.rules import CODES  # only when a code is given: the registry is heavy

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


def expand_paths(
    paths: Iterable[Path], inside: Path | None = None, outside: list[Path] | None = None
) -> list[Path]:
    """Files named, and the record files below folders named. A missing path is a usage error.
    `inside`: the repository, whose links are followed below a folder (files.resolve_inside);
    the links below a folder that lead out of it are not followed, and are added to `outside`."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(iter_record_files(path, outside, inside=inside))
        elif path.exists():
            out.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    return [p.resolve() for p in out]


def lint(
    settings: Settings,
    paths: Iterable[Path] | None = None,
    selection: Selection | None = None,
    today: date | None = None,
    *,
    use_cache: bool | None = None,
) -> LintResult:
    """Check the records. With `paths`, report only on those files, but resolve references
    against the whole repository. `use_cache`: None follows the settings and `--no-cache`."""
    from inspectkit.cache import rebuilt_when_damaged

    return rebuilt_when_damaged(_lint)(settings, paths, selection, today, use_cache=use_cache)


def _lint(
    settings: Settings,
    paths: Iterable[Path] | None,
    selection: Selection | None,
    today: date | None,
    *,
    use_cache: bool | None,
) -> LintResult:
    from inspectkit.survey import survey

    started = time.perf_counter()
    selection = selection or Selection()
    links: list[Path] = []
    wanted = expand_paths(paths, outside=links) if paths is not None else None
    found = survey(settings, extra=wanted or (), use_cache=use_cache)
    # links out of the repository below a folder named: reported (IK100) as a whole lint does
    leading_out = [display_path(p) for p in links if not is_inside(settings.root, p)]
    reported = {display_path(p) for p in found.outside}
    found.outside.extend(Path(p) for p in leading_out if p not in reported)
    asked = {display_path(p) for p in wanted} if wanted is not None else None
    try:
        diagnostics = run_rules(found, selection, today or date.today())
        # counted while the index is open: a survey it vouched for reads the record keys from it
        records = found.records if asked is None else found.records_among(asked)
    finally:
        found.close(read=False)
    if asked is None:
        files = len(found.keys)
        checked = [found.display(key) for key in found.keys]
    else:
        diagnostics = [d for d in diagnostics if d.path in asked or d.path in leading_out]
        files = len(asked)
        checked = sorted(asked)
    return LintResult(
        cap_per_file(sorted_diagnostics(diagnostics)), files, records, time.perf_counter() - started, checked
    )


def sorted_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: (d.path, d.line, d.column, d.code))


def cap_per_file(diagnostics: list[Diagnostic], limit: int = MAX_PER_FILE) -> list[Diagnostic]:
    """At most `limit` problems a file (sorted by place); the last one kept says how many were cut."""
    out: list[Diagnostic] = []
    counts: dict[str, int] = {}
    for d in diagnostics:
        counts[d.path] = counts.get(d.path, 0) + 1
    kept: dict[str, int] = {}
    for d in diagnostics:
        n = kept.get(d.path, 0)
        if n >= limit:
            continue
        kept[d.path] = n + 1
        cut = counts[d.path] - limit
        if n + 1 == limit and cut > 0:
            d = replace(
                d,
                message=f"{d.message} [{cut:,} more problem(s) in this file are not shown: fix these and lint again]",
            )
        out.append(d)
    return out


# (file key, line, column, code, severity, message): a diagnostic before its path is shown
Located = tuple[str, int, int, str, str, str]


def run_rules(found: Survey, selection: Selection, today: date) -> list[Diagnostic]:
    """The diagnostics of every file surveyed: its scan's, links out, then the facts rules'."""
    out = [
        Diagnostic(found.display(key), line, column, code, Severity(severity), message)
        for key, line, column, code, severity, message in _located(found, selection, today)
    ]
    if selection.enabled("IK100"):
        for path in found.outside:
            out.append(
                Diagnostic(
                    display_path(path),
                    1,
                    1,
                    "IK100",
                    selection.severity("IK100"),
                    f"leads outside the repository (to {path.resolve()}) through a link: not read; "
                    "replace the link by the file itself, or move the file into the repository",
                )
            )
    return out


def _located(found: Survey, selection: Selection, today: date) -> list[Located]:
    """Every file's problems (its scan's and the facts rules'), kept in the index for the next
    run over the same files: a lint of an unchanged repository reads no scan at all."""
    key = _result_key(found, selection, today)
    kept = _decoded(found.kept_result("lint", key))
    if kept is not None:
        return kept
    facts_found = _decoded_facts(found.kept_facts_result("lint", key))
    if facts_found is not None:  # the facts are as they were: only the files' own problems are read
        per_file = _files_problems(found.found_lists(), selection)
    else:
        per_file, facts_found = _check(found, selection, today)
        found.keep_facts_result("lint", key, facts_found)
    located = per_file + _placed(found, facts_found)
    found.keep_result("lint", key, located)
    return located


def _kept_rows(kept: str | None, well_formed: Callable[[list[Any]], bool]) -> list[Any] | None:
    """Rows of six values kept as `_located` writes them (each `well_formed`), as tuples; None for
    anything else (a damaged index is never trusted: the result is made again)."""
    import json

    if kept is None:
        return None
    try:
        items = json.loads(kept)
    except ValueError:
        return None
    if not isinstance(items, list) or not all(
        isinstance(item, list) and len(item) == 6 and well_formed(item) for item in items
    ):
        return None
    return [tuple(item) for item in items]


_SEVERITIES = frozenset(s.value for s in Severity)

# (file key, code, severity, place in the record, `at`, message): a facts rule's problem before it
# is placed at a line and column
FactsFound = tuple[str, str, str, list[str | int], str, str]


def _decoded(kept: str | None) -> list[Located] | None:
    """A kept result of lint (`Located` rows)."""
    return _kept_rows(kept, lambda item: item[4] in _SEVERITIES)


def _decoded_facts(kept: str | None) -> list[FactsFound] | None:
    """Kept facts rules' problems (`FactsFound` rows)."""
    return _kept_rows(kept, lambda item: item[2] in _SEVERITIES and isinstance(item[3], list))


def _files_problems(found_lists: Iterable[tuple[str, list[Any]]], selection: Selection) -> list[Located]:
    """What each file's scan found, of the codes chosen (files in order)."""
    return [
        (key, line, column, code, selection.severity(code).value, message)
        for key, problems in found_lists
        for line, column, code, message in problems
        if selection.enabled(code)
    ]


def _placed(found: Survey, facts_found: list[FactsFound]) -> list[Located]:
    """The facts rules' problems at their line and column (positions kept in the index, else
    found by reading those files again)."""
    if not facts_found:
        return []  # nor the scanning code imported
    from inspectkit.scan import place_key

    wanted: dict[str, list[tuple[Loc, str]]] = {}
    for key, _, _, loc, at, _ in facts_found:
        wanted.setdefault(key, []).append((tuple(loc), at))
    kept = found.place(wanted) if wanted else {}
    out: list[Located] = []
    for key, code, severity, loc, at, message in facts_found:
        line, column = kept.get(key, {}).get(place_key(tuple(loc), at), (1, 1))
        out.append((key, line, column, code, severity, message))
    return out


def _result_key(found: Survey, selection: Selection, today: date) -> str:
    """What lint's results depend on besides the files: settings, codes chosen, today (overdue
    actions), the folder paths are shown from (messages name other files), and the commit checked
    out (IK510 reads the history)."""
    import hashlib
    import os

    from inspectkit.gitrev import head_marker

    parts = [
        found.settings.dumped(),
        repr(selection),
        today.isoformat(),
        os.getcwd(),
        head_marker(found.settings.root),
    ]
    return hashlib.blake2b("\x00".join(parts).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def _check(found: Survey, selection: Selection, today: date) -> tuple[list[Located], list[FactsFound]]:
    """Every file's own problems (of the codes chosen), and the facts rules' over every record."""
    from inspectkit.rules import FACTS_RULES, Every

    keys: dict[str, str] = {}  # display path -> key
    facts = []
    entries = found.entries
    per_file = _files_problems(((e.key, e.found) for e in entries), selection)
    for entry in entries:
        if entry.facts is not None:
            shown = found.display(entry.key)
            keys[shown] = entry.key
            entry.facts.path = shown  # facts rules name files as the user sees them
            facts.append(entry.facts)
    every = Every(facts, today, found.settings)
    out: list[FactsFound] = []
    for rule in FACTS_RULES:
        code = rule.code.code
        if selection.enabled(code):
            severity = selection.severity(code).value
            for placed in rule.check(every):
                problem = placed.problem
                out.append(
                    (keys[placed.path], code, severity, list(problem.loc), problem.at, problem.message)
                )
    return per_file, out
