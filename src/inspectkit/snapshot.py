"""The records at two points of history, loaded: a base revision and a head (a revision or the
working tree), with the files that differ between them.

Only what changed is parsed twice: the base shares every unchanged file's loaded record with the
head, so comparing two revisions of a 10,000-record repository costs one load plus the changed
files. Both sides are complete repositories, so references resolve over all of it and lint runs
on each as it would on a checkout.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from inspectkit.gitrev import (
    Git,
    changed_in_work_tree,
    default_branch,
    merge_base,
    open_git,
    read_blobs,
    relative,
    resolve,
    short,
    tree_files,
)
from inspectkit.loader import Loaded
from inspectkit.repository import Record, Repository, add_file, load_repository
from inspectkit.settings import Settings

WORK_TREE = "working tree"


@dataclass
class Side:
    """One side of a comparison: its label (a short commit id or "working tree") and records."""

    label: str
    commit: str | None  # None for the working tree
    repo: Repository


@dataclass
class Comparison:
    base: Side
    head: Side
    changed: set[str]  # display paths of record files added, deleted or modified
    git: Git


def walk_order(path: str) -> tuple[str, ...]:
    """Sort key giving the loader's walk order (a folder's files before its subfolders, by name),
    so that a revision's records load in the order a checkout of it would."""
    parts = PurePosixPath(path).parts
    return (*parts[:-1], "\0", parts[-1])


def default_base(git: Git) -> str:
    """The merge base of HEAD with the default branch."""
    return merge_base(git, default_branch(git), "HEAD")


def compare(settings: Settings, base: str | None, head: str | None) -> Comparison:
    """Load `base` (default: the merge base with the default branch) and `head` (default: the
    working tree). GitError when a revision cannot be read (with what to fetch)."""
    git = open_git(settings.root)
    paths = _Paths(git)
    prefix = relative(git, settings.records_dir)
    base_commit = resolve(git, base) if base else default_base(git)
    base_files = tree_files(git, base_commit, prefix)
    if head is None:
        head_repo = load_repository(settings)
        head_side = Side(WORK_TREE, None, head_repo)
        head_paths = _loaded_paths(paths, head_repo)
        dirty = changed_in_work_tree(git, base_commit, prefix)
        changed_rel = (set(base_files) ^ head_paths) | (dirty & (set(base_files) | head_paths))
    else:
        head_commit = resolve(git, head)
        head_files = tree_files(git, head_commit, prefix)
        head_repo = _load_commit(settings, git, head_files)
        head_side = Side(short(git, head_commit), head_commit, head_repo)
        changed_rel = {p for p in set(base_files) | set(head_files) if base_files.get(p) != head_files.get(p)}
    base_repo = _load_base(settings, git, paths, base_files, head_repo, changed_rel)
    shown = {paths.display(p) for p in changed_rel}
    return Comparison(Side(short(git, base_commit), base_commit, base_repo), head_side, shown, git)


class _Paths:
    """Between paths relative to the repository's top level and display paths (display_path's
    form), with string operations: pathlib would cost seconds over 10,000 files."""

    def __init__(self, git: Git) -> None:
        self.root = os.path.realpath(git.root)
        self.cwd = os.getcwd()
        self.real_cwd = os.path.realpath(self.cwd)

    def display(self, relpath: str) -> str:
        from inspectkit.repository import display_path

        absolute = f"{self.root}/{relpath}"
        prefix = self.cwd.rstrip("/") + "/"
        if absolute.startswith(prefix):
            return absolute[len(prefix) :]
        return display_path(Path(absolute))

    def relpath(self, shown: str) -> str | None:
        absolute = shown if os.path.isabs(shown) else f"{self.real_cwd}/{shown}"
        absolute = posixpath.normpath(absolute)
        prefix = self.root.rstrip("/") + "/"
        return absolute[len(prefix) :] if absolute.startswith(prefix) else None


def _loaded_paths(paths: _Paths, repo: Repository) -> set[str]:
    return {rel for loaded in repo.files if (rel := paths.relpath(loaded.path)) is not None}


def _load_commit(settings: Settings, git: Git, files: dict[str, str]) -> Repository:
    """Every record file of a commit, parsed from its blobs."""
    contents = read_blobs(git, files.values())
    repo = Repository(settings)
    for relpath in sorted(files, key=walk_order):
        add_file(repo, git.root / PurePosixPath(relpath), contents[files[relpath]])
    return repo


def _load_base(
    settings: Settings, git: Git, paths: _Paths, files: dict[str, str], head: Repository, changed: set[str]
) -> Repository:
    """The base commit's records: unchanged files shared with `head`, the others parsed from blobs."""
    shared: dict[str, tuple[Loaded, Record | None]] = {}
    records = {r.display: r for r in head.records}
    for loaded in head.files:
        shared[loaded.path] = (loaded, records.get(loaded.path))
    contents = read_blobs(git, (files[p] for p in changed if p in files))
    repo = Repository(settings)
    for relpath in sorted(files, key=walk_order):
        shown = paths.display(relpath)
        if relpath not in changed and shown in shared:
            loaded, record = shared[shown]
            repo.files.append(loaded)
            if record is not None:
                repo.records.append(record)
                if record.id is not None:
                    repo.by_id.setdefault(record.id, record)
            continue
        blob = files[relpath]
        raw = contents.get(blob)
        if raw is None:
            raw = read_blobs(git, [blob])[blob]
        add_file(repo, git.root / PurePosixPath(relpath), raw)
    return repo
