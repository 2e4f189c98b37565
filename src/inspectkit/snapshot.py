"""The records at two points of history: a base revision and a head (a revision or the working
tree), each as lint sees it (a Survey: every file's scan) and as `diff` reads it (a record's data,
parsed only when asked for).

Only what changed is scanned twice: the base shares every unchanged file's scan with the head, and
the working tree's scans come from the index (survey.py), so comparing two revisions of a
10,000-record repository costs about one lint plus the changed files. Both sides are complete, so
references resolve over all of it and lint runs on each as it would on a checkout.
"""

from __future__ import annotations

import os
import posixpath
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

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
from inspectkit.repository import KindAndId
from inspectkit.settings import Settings
from inspectkit.survey import Survey

WORK_TREE = "working tree"


@dataclass
class Rec(KindAndId):
    """One record file's content at one side, as `diff` reads it."""

    key: str
    display: str
    data: dict[str, Any]


class _Files(dict[str, Path]):
    """Survey.paths of a revision: key -> a file holding that revision's content. A blob is written
    to the temporary folder only when lint asks for the file (a position its scan did not keep)."""

    def __init__(self, folder: Path, blobs: dict[str, bytes]) -> None:
        super().__init__()
        self.folder = folder
        self.blobs = blobs

    def __missing__(self, key: str) -> Path:
        path = self.folder / PurePosixPath(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.blobs[key])
        self[key] = path
        return path


@dataclass
class Side:
    """One side of a comparison: its label (a short commit id or "working tree"), its survey, and
    its records' data by file key (read on demand)."""

    label: str
    commit: str | None
    survey: Survey
    raw: dict[str, bytes] = field(default_factory=dict)  # contents from git; the rest read from disk
    _data: dict[str, Rec | None] = field(default_factory=dict)

    def keys_by_id(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for entry in self.survey.entries:
            if entry.facts is not None and entry.facts.id is not None:
                out.setdefault(entry.facts.id, entry.key)
        return out

    def _bytes(self, key: str) -> bytes:
        from inspectkit.recordfiles import Unreadable, read_record_bytes

        raw = self.raw.get(key)
        if raw is None:
            try:
                raw = read_record_bytes(self.survey.paths[key])
            except (Unreadable, KeyError):
                raw = b""
        return raw

    def record(self, key: str) -> Rec | None:
        """The record in the file `key` (None when it does not load as one)."""
        if key not in self._data:
            from inspectkit.loader import load_bytes

            loaded = load_bytes(key, self._bytes(key))
            shown = self.survey.display(key)
            self._data[key] = Rec(key, shown, loaded.data) if loaded.data is not None else None
        return self._data[key]

    def node(self, key: str) -> tuple[str | None, Any]:
        """The record id and root YAML node of the file `key` (for problems' field paths)."""
        from inspectkit.loader import load_bytes

        loaded = load_bytes(key, self._bytes(key))
        record_id = loaded.data.get("id") if loaded.data is not None else None
        return (record_id if isinstance(record_id, str) else None), loaded.node

    def referrers(self, target: str) -> Iterator[tuple[str, str]]:
        """(id or path, kind) of every record that refers to `target`."""
        for entry in self.survey.entries:
            facts = entry.facts
            if facts is not None and any(value == target for _loc, _kind, value in facts.refs):
                yield facts.id or self.survey.display(entry.key), facts.kind or "record"


@dataclass
class Comparison:
    base: Side
    head: Side
    changed: set[str]  # survey keys of record files added, deleted or modified
    git: Git
    _folder: tempfile.TemporaryDirectory[str] | None = None

    def close(self) -> None:
        self.base.survey.close()
        self.head.survey.close()
        if self._folder is not None:
            self._folder.cleanup()


def walk_order(path: str) -> tuple[str, ...]:
    """Sort key giving the loader's walk order (a folder's files before its subfolders, by name),
    so that a revision's records load in the order a checkout of it would."""
    parts = PurePosixPath(path).parts
    return (*parts[:-1], "\0", parts[-1])


def default_base(git: Git) -> str:
    """The merge base of HEAD with the default branch."""
    return merge_base(git, default_branch(git), "HEAD")


def compare(settings: Settings, base: str | None, head: str | None) -> Comparison:
    """`base` (default: the merge base with the default branch) and `head` (default: the working
    tree), surveyed. GitError when a revision cannot be read (with what to fetch)."""
    from inspectkit.survey import survey

    git = open_git(settings.root)
    keys = _Keys(git, settings)
    prefix = relative(git, settings.records_dir)
    base_commit = resolve(git, base) if base else default_base(git)
    base_files = {keys.key(p): blob for p, blob in tree_files(git, base_commit, prefix).items()}
    folder = tempfile.TemporaryDirectory(prefix="inspectkit-diff-")
    if head is None:
        found = survey(settings)
        head_side = Side(WORK_TREE, None, found)
        head_keys = {entry.key for entry in found.entries}
        dirty = {keys.key(p) for p in changed_in_work_tree(git, base_commit, prefix)}
        changed = (set(base_files) ^ head_keys) | (dirty & (set(base_files) | head_keys))
    else:
        head_commit = resolve(git, head)
        head_files = {keys.key(p): blob for p, blob in tree_files(git, head_commit, prefix).items()}
        contents = read_blobs(git, head_files.values())
        raw = {key: contents[blob] for key, blob in head_files.items()}
        found = _revision_survey(settings, Path(folder.name) / "head", raw, _indexed(settings, raw), None)
        head_side = Side(short(git, head_commit), head_commit, found, raw)
        changed = {k for k in set(base_files) | set(head_files) if base_files.get(k) != head_files.get(k)}
    wanted = [blob for key, blob in base_files.items() if key in changed]
    contents = read_blobs(git, wanted)
    base_raw = {key: contents[blob] for key, blob in base_files.items() if key in changed}
    shared = {e.key: e for e in head_side.survey.entries if e.key in base_files and e.key not in changed}
    # An unchanged file is read where the head has it: from the work tree, or from the head's blob.
    on_disk = head_side.survey if head is None else None
    blobs = {**{key: head_side.raw[key] for key in shared if key in head_side.raw}, **base_raw}
    base_survey = _revision_survey(
        settings, Path(folder.name) / "base", blobs, shared, on_disk, order=list(base_files)
    )
    base_side = Side(short(git, base_commit), base_commit, base_survey, base_raw)
    return Comparison(base_side, head_side, changed, git, folder)


def _indexed(settings: Settings, raw: dict[str, bytes]) -> dict[str, Any]:
    """Scans from lint's index for the files whose content it holds (a commit near the working
    tree shares most files with it): key -> Scanned, without parsing them again."""
    import sqlite3

    from inspectkit.cache import cache_enabled
    from inspectkit.index import Index
    from inspectkit.recordfiles import content_digest

    if not cache_enabled(settings):
        return {}
    index = Index.open(settings)
    if index is None:
        return {}
    try:
        rows = index.rows()
        same = {key for key, row in rows.items() if key in raw and row.digest == content_digest(raw[key])}
        return {scanned.key: scanned for scanned in index.scans(same)}
    except sqlite3.DatabaseError:
        return {}
    finally:
        index.close()


def _revision_survey(
    settings: Settings,
    folder: Path,
    raw: dict[str, bytes],
    shared: dict[str, Any],
    on_disk: Survey | None,
    order: list[str] | None = None,
) -> Survey:
    """A survey of a revision: files in `raw` scanned from their contents, the `shared` ones (the
    same content as in the head, or as in lint's index) taken from there. `on_disk`: the working
    tree's survey, whose files hold the shared ones' content (else `raw` has it)."""
    from inspectkit.rules import Scope
    from inspectkit.scan import scan_bytes

    settings = replace(settings, root=settings.root.resolve())
    scope = Scope(settings)
    entries = []
    files = _Files(folder, raw)
    for key in sorted(order if order is not None else raw, key=walk_order):
        path = settings.root / PurePosixPath(key)
        if key in shared:
            entries.append(shared[key])
            if on_disk is not None:
                files[key] = on_disk.paths[key]
        elif key in raw:
            entries.append(scan_bytes(path, key, raw[key], scope))
    return Survey.of(settings, entries, files)


class _Keys:
    """Paths relative to git's top level -> the survey's keys (relative to the settings' root)."""

    def __init__(self, git: Git, settings: Settings) -> None:
        self.git_root = os.path.realpath(git.root)
        self.root = os.path.realpath(settings.root)

    def key(self, relpath: str) -> str:
        absolute = posixpath.join(self.git_root, relpath)
        prefix = self.root.rstrip("/") + "/"
        if absolute.startswith(prefix):
            return absolute[len(prefix) :]
        return file_key_of(absolute, self.root)


def file_key_of(absolute: str, root: str) -> str:
    return os.path.relpath(absolute, root).replace(os.sep, "/")


__all__ = ["WORK_TREE", "Comparison", "Rec", "Side", "compare", "default_base", "walk_order"]
