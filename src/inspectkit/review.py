"""Reviewing a change: `inspectkit diff` (what it means, and the lint problems it introduces and
fixes) and `lint --changed` (only the problems a change touches). Both read history with git
(gitrev.py) and compare two loaded sides (snapshot.py)."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from inspectkit.baseline import ProblemKey, key_of, new_problems, repository_source
from inspectkit.changes import RecordChange, describe
from inspectkit.diagnostics import Diagnostic
from inspectkit.linter import LintResult, Selection, run_rules
from inspectkit.repository import Repository
from inspectkit.settings import Settings

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


def _sorted(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: (d.path, d.line, d.column, d.code))


def _keys(diagnostics: list[Diagnostic], repo: Repository) -> list[ProblemKey]:
    source = repository_source(repo.records)
    return [key_of(d, source) for d in diagnostics]


def diff(
    settings: Settings,
    base: str | None = None,
    head: str | None = None,
    selection: Selection | None = None,
    today: date | None = None,
) -> DiffResult:
    """The change from `base` (default: the merge base with the default branch) to `head` (default:
    the working tree). GitError when a revision cannot be read."""
    from inspectkit.snapshot import compare

    started = time.perf_counter()
    sides = compare(settings, base, head)
    changes = describe(sides.base.repo, sides.head.repo)
    selection = selection or Selection()
    today = today or date.today()
    before = _sorted(run_rules(sides.base.repo, selection, today))
    after = _sorted(run_rules(sides.head.repo, selection, today))
    before_keys, after_keys = _keys(before, sides.base.repo), _keys(after, sides.head.repo)
    introduced = new_problems(after, after_keys, Counter(before_keys))
    fixed = new_problems(before, before_keys, Counter(after_keys))
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
    from inspectkit.repository import display_path, load_repository
    from inspectkit.rules.references import references
    from inspectkit.snapshot import default_base

    started = time.perf_counter()
    git = open_git(settings.root)
    prefix = relative(git, settings.records_dir)
    commit = resolve(git, ref) if ref else default_base(git)
    changed_rel = changed_in_work_tree(git, commit, prefix)
    changed = {display_path(git.root / p) for p in changed_rel}
    repo = load_repository(settings)
    # ids the change touched: of changed files now, and as they were (a deleted or renamed record)
    touched = {r.id for r in repo.records if r.display in changed and r.id}
    base_files = tree_files(git, commit, prefix)
    old = read_blobs(git, (base_files[p] for p in changed_rel if p in base_files))
    for blob in old.values():
        data = load_bytes("", blob).data
        if data is not None and isinstance(data.get("id"), str):
            touched.add(data["id"])
    referring = {r.display for r in repo.records if any(value in touched for _l, _k, value in references(r))}
    diagnostics = [
        d
        for d in run_rules(repo, selection or Selection(), today or date.today())
        if d.path in changed or (d.path in referring and d.code.startswith(_REFERENCE_CODES))
    ]
    checked = sorted(p for p in changed if Path(p).exists())  # a deleted file is not checked
    records = sum(r.display in changed for r in repo.records)
    return LintResult(_sorted(diagnostics), len(checked), records, time.perf_counter() - started, checked)
