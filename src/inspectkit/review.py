"""Reviewing a change: `inspectkit diff` (what it means, and the lint problems it introduces and
fixes) and `lint --changed` (only the problems a change touches). Both read history with git
(gitrev.py) and compare two loaded sides (snapshot.py)."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspectkit.baseline import ProblemKey, key_of, new_problems
from inspectkit.diagnostics import Diagnostic
from inspectkit.linter import LintResult, Selection, run_rules, sorted_diagnostics
from inspectkit.settings import Settings

# Every `inspectkit lint` imports this module (Scope): what only `diff` and `lint --changed` need
# (git, the two sides of a change) is imported by them.
if TYPE_CHECKING:
    from inspectkit.changes import RecordChange
    from inspectkit.snapshot import Side

# Problems of references: the ones a change elsewhere can cause in a record nobody touched.
_REFERENCE_CODES = ("IK4",)


@dataclass
class DiffResult:
    base: str  # a short commit id
    head: str  # a short commit id, or "working tree"
    changes: list[RecordChange]
    introduced: list[Diagnostic] = field(default_factory=list)
    fixed: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0


def _keys(diagnostics: list[Diagnostic], side: Side) -> list[ProblemKey]:
    """The baseline keys of a side's problems; a file is read (for its record id and field paths)
    only when it has a problem."""
    by_display = {side.survey.display(e.key): e.key for e in side.survey.entries}
    nodes: dict[str, tuple[str | None, Any]] = {}

    def source(path: str) -> tuple[str | None, Any]:
        if path not in nodes:
            key = by_display.get(path)
            nodes[path] = side.node(key) if key is not None else (None, None)
        return nodes[path]

    return [key_of(d, source) for d in diagnostics]


def _delta(
    before: list[Diagnostic], after: list[Diagnostic], sides: tuple[Side, Side]
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(introduced, fixed): a problem found on both sides at the same place is neither, without
    reading its file; the others are matched by their keys (code, record id, field path)."""
    same = Counter(after) & Counter(before)
    left_after, left_before = Counter(same), Counter(same)
    rest_after = [d for d in after if not _take(left_after, d)]
    rest_before = [d for d in before if not _take(left_before, d)]
    after_keys, before_keys = _keys(rest_after, sides[1]), _keys(rest_before, sides[0])
    introduced = new_problems(rest_after, after_keys, Counter(before_keys))
    fixed = new_problems(rest_before, before_keys, Counter(after_keys))
    return introduced, fixed


def _take(counts: Counter[Diagnostic], d: Diagnostic) -> bool:
    if counts[d] > 0:
        counts[d] -= 1
        return True
    return False


def diff(
    settings: Settings,
    base: str | None = None,
    head: str | None = None,
    selection: Selection | None = None,
    today: date | None = None,
) -> DiffResult:
    """The change from `base` (default: the merge base with the default branch) to `head` (default:
    the working tree). GitError when a revision cannot be read."""
    from inspectkit.changes import describe
    from inspectkit.snapshot import compare

    started = time.perf_counter()
    sides = compare(settings, base, head)
    try:
        changes = describe(sides.base, sides.head, sides.changed)
        selection = selection or Selection()
        today = today or date.today()
        before = sorted_diagnostics(run_rules(sides.base.survey, selection, today))
        after = sorted_diagnostics(run_rules(sides.head.survey, selection, today))
        introduced, fixed = _delta(before, after, (sides.base, sides.head))
    finally:
        sides.close()
    return DiffResult(
        sides.base.label, sides.head.label, changes, introduced, fixed, time.perf_counter() - started
    )


@dataclass
class Scope:
    """What `inspectkit lint` checks: the records (or `paths`), or with `changed` only what changed
    since `ref` (changed_lint)."""

    settings: Settings
    selection: Selection
    today: date | None = None
    paths: list[Path] | None = None
    changed: bool = False
    ref: str | None = None

    def lint(self) -> LintResult:
        from inspectkit.linter import lint

        if self.changed:
            return changed_lint(self.settings, self.ref, self.selection, self.today)
        return lint(self.settings, self.paths, self.selection, self.today)


def changed_lint(
    settings: Settings, ref: str | None = None, selection: Selection | None = None, today: date | None = None
) -> LintResult:
    """Lint the working tree, reporting only the problems in files changed since `ref` (default: the
    merge base with the default branch), and the reference problems (IK4xx) of records that refer
    to a record changed or deleted since then. References resolve over the whole repository."""
    from inspectkit.gitrev import changed_in_work_tree, open_git, read_blobs, relative, resolve, tree_files
    from inspectkit.loader import load_bytes
    from inspectkit.recordfiles import display_path
    from inspectkit.snapshot import default_base
    from inspectkit.survey import survey

    started = time.perf_counter()
    git = open_git(settings.root)
    prefix = relative(git, settings.records_dir)
    commit = resolve(git, ref) if ref else default_base(git)
    changed_rel = changed_in_work_tree(git, commit, prefix)
    changed = {display_path(git.root / p) for p in changed_rel}
    found = survey(settings)
    try:
        facts = {found.display(e.key): e.facts for e in found.entries}
        # ids the change touched: of changed files now, and as they were (a deleted or renamed record)
        touched = {f.id for shown, f in facts.items() if shown in changed and f is not None and f.id}
        base_files = tree_files(git, commit, prefix)
        for raw in read_blobs(git, (base_files[p] for p in changed_rel if p in base_files)).values():
            data = load_bytes("", raw).data
            if data is not None and isinstance(data.get("id"), str):
                touched.add(data["id"])
        referring = {
            shown
            for shown, f in facts.items()
            if f is not None and any(value in touched for _l, _k, value in f.refs)
        }
        diagnostics = [
            d
            for d in run_rules(found, selection or Selection(), today or date.today())
            if d.path in changed or (d.path in referring and d.code.startswith(_REFERENCE_CODES))
        ]
    finally:
        found.close()
    checked = sorted(p for p in changed if p in facts)  # a deleted file is not checked
    records = sum(facts[p] is not None for p in checked)
    return LintResult(
        sorted_diagnostics(diagnostics), len(checked), records, time.perf_counter() - started, checked
    )
