"""Bringing the index up to date: every record file's scan, reading only the files that changed.

The records folder is walked and each file's stamp compared with the index (see index.py); files
that may have changed are read and hashed, and scanned again when their content differs. With
many files to scan, worker processes share the work (each returns small `Scanned` values, never
node trees); below `PARALLEL_FILES` one process is faster than starting others.

With the cache off (`--no-cache`, or an index that cannot be opened) the same scans are made in
memory and nothing is written: results are identical either way.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from inspectkit.index import Index, Row, Stamp, cache_enabled
from inspectkit.loader import Unreadable, iter_record_files, read_record_bytes
from inspectkit.repository import display_path
from inspectkit.scan import Scanned, content_digest, scan_bytes, scan_file
from inspectkit.settings import Settings

PARALLEL_FILES = 1500  # fewer files than this are scanned in this process
_CHUNK = 250


@dataclass
class Survey:
    """Every record file's scan, in the order of the folder walk (extra files last)."""

    settings: Settings
    entries: list[Scanned] = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)  # key -> the file
    outside: list[Path] = field(default_factory=list)  # links out of the repository, not read
    index: Index | None = None
    scanned: int = 0  # files read and scanned this time

    def display(self, key: str) -> str:
        return display_path(self.paths[key])

    def positions(self, keys: Iterable[str]) -> dict[str, dict[str, tuple[int, int]]]:
        """Kept positions of the places facts rules point at, for the given files."""
        wanted = set(keys)
        out = {e.key: e.positions for e in self.entries if e.key in wanted and e.positions}
        missing = wanted - out.keys()
        if missing and self.index is not None:
            with contextlib.suppress(sqlite3.Error):
                out.update(self.index.positions(missing))
        return out

    def close(self) -> None:
        if self.index is not None:
            self.index.close()


def file_key(settings: Settings, path: Path) -> str:
    """How the index names a file: relative to the repository root, `/`-separated."""
    try:
        return path.relative_to(settings.root).as_posix()
    except ValueError:
        return str(path)


def survey(settings: Settings, extra: Sequence[Path] = (), use_cache: bool | None = None) -> Survey:
    """Scan every record file of the repository (and `extra` files outside it), reusing the index."""
    result = Survey(settings)
    records_dir = settings.records_dir.resolve()
    root = settings.root.resolve()
    settings = settings.model_copy(update={"root": root})
    result.settings = settings
    paths: list[Path] = []
    if records_dir.is_dir():
        paths.extend(iter_record_files(records_dir, outside=result.outside, inside=root))
    walked = len(paths)
    known = {p.resolve() for p in paths} if extra else set()
    paths.extend(p for p in dict.fromkeys(e.resolve() for e in extra) if p not in known)
    if use_cache is None:
        use_cache = cache_enabled(settings)
    index = Index.open(settings) if use_cache else None
    rows: dict[str, Row] = {}
    if index is not None:
        try:
            rows = index.rows()
        except sqlite3.DatabaseError:
            index.close()
            index = None
    result.index = index
    keys = [file_key(settings, p) for p in paths]
    result.paths = dict(zip(keys, paths, strict=False))
    slots: list[Scanned | None] = [None] * len(paths)
    todo: list[tuple[int, Path, str, Stamp | None, str]] = []  # (slot, path, key, stamp, old digest)
    restamped: list[tuple[Stamp, int, str]] = []
    for slot, (path, key) in enumerate(zip(paths, keys, strict=False)):
        try:
            stamp: Stamp | None = Stamp.of(os.stat(path))
        except OSError:
            stamp = None
        row = rows.get(key) if slot < walked else None
        if row is not None and stamp is not None and row.trusted(stamp):
            slots[slot] = row.scanned(key)
        else:
            todo.append((slot, path, key, stamp, row.digest if row is not None else ""))
    fresh: list[tuple[Stamp, int, Scanned]] = []
    for (slot, _path, key, stamp, _old), (seen, outcome) in zip(
        todo, _scan_all(todo, settings), strict=False
    ):
        if isinstance(outcome, Scanned):
            slots[slot] = outcome
            result.scanned += 1
            if stamp is not None and outcome.digest and slot < walked:
                fresh.append((stamp, seen, outcome))
        else:  # the same content as the index holds
            slots[slot] = rows[key].scanned(key)
            if stamp is not None:
                restamped.append((stamp, seen, key))
    result.entries = [s for s in slots if s is not None]
    if index is not None:
        walked_keys = set(keys[:walked])
        removed = [key for key in rows if key not in walked_keys]
        with contextlib.suppress(sqlite3.Error):
            index.write(fresh, restamped, removed)
    return result


Outcome = tuple[int, Scanned | None]  # (when the file was read, its scan or None: unchanged)


def _scan_all(todo: list[tuple[int, Path, str, Stamp | None, str]], settings: Settings) -> list[Outcome]:
    jobs = [(path, key, old) for _, path, key, _, old in todo]
    workers = min(os.cpu_count() or 1, 4)
    if len(jobs) < PARALLEL_FILES or workers < 2:
        return _scan_some(jobs, settings)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [jobs[i : i + _CHUNK] for i in range(0, len(jobs), _CHUNK)]
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    out: list[Outcome] = []
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for part in pool.map(_scan_some, chunks, [settings] * len(chunks)):
            out.extend(part)
    return out


def _scan_some(jobs: list[tuple[Path, str, str]], settings: Settings) -> list[Outcome]:
    """Scan files (in a worker or here); a file whose content hashes to `old` is not parsed."""
    out: list[Outcome] = []
    for path, key, old in jobs:
        seen = time.time_ns()
        if not old:
            out.append((seen, scan_file(path, key, settings)))
            continue
        try:
            raw = read_record_bytes(path)
        except Unreadable:
            out.append((seen, scan_file(path, key, settings)))
            continue
        if content_digest(raw) == old:
            out.append((seen, None))
        else:
            out.append((seen, scan_bytes(path, key, raw, settings)))
    return out
