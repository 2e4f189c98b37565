"""Scanning the files a survey must read: in this process, or with many files in worker
processes that share the work (each returns small `Scanned` values, never node trees); below
`PARALLEL_FILES` one process is faster than starting others.

A file whose content hashes to what the index kept is not parsed, and needs neither the parser
nor the rules: they are imported only when a file is really scanned (docs/speed.md).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from inspectkit.gcpause import paused_gc
from inspectkit.recordfiles import Unreadable, content_digest, read_record_bytes
from inspectkit.settings import Settings

if TYPE_CHECKING:
    from inspectkit.rules import Scope
    from inspectkit.scan import Scanned

PARALLEL_FILES = 1500  # fewer files than this are scanned in this process
_CHUNK = 250  # files a worker scans at a time


Outcome: TypeAlias = "tuple[int, Scanned | None]"  # (when the file was read, its scan or None: unchanged)


def scan_all(jobs: list[tuple[str, str, str]], settings: Settings) -> Iterator[Outcome]:
    """Each job's outcome, in order, as soon as it is known (so the index is written meanwhile)."""
    if not jobs:
        return
    scope = _ScopeOnce(settings)
    workers = min(os.cpu_count() or 1, 4)
    if len(jobs) < PARALLEL_FILES or workers < 2:
        shared: dict[Any, Any] = {}
        for path, key, old in jobs:
            yield _shared(_scan_one(path, key, old, scope), shared)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [jobs[i : i + _CHUNK] for i in range(0, len(jobs), _CHUNK)]
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    # the scans the workers send back live until the command ends: see gcpause.py
    with ProcessPoolExecutor(workers, mp_context=context) as pool, paused_gc():
        for part in pool.map(_scan_some, chunks, [scope] * len(chunks)):
            yield from part


def _scan_some(jobs: list[tuple[str, str, str]], scope: _ScopeOnce) -> list[Outcome]:
    """Scan files in a worker: small values back, never node trees. Equal texts are shared
    here, in the worker: pickle sends a shared one once, and it arrives shared."""
    shared: dict[Any, Any] = {}
    return [_shared(_scan_one(path, key, old, scope), shared) for path, key, old in jobs]


def _shared(outcome: Outcome, shared: dict[Any, Any]) -> Outcome:
    """The outcome with its facts' equal texts and places made one (see Facts.share)."""
    scanned = outcome[1]
    if scanned is not None and scanned.facts is not None:
        scanned.facts.share(shared)
    return outcome


def _scan_one(name: str, key: str, old: str, scope: _ScopeOnce) -> Outcome:
    """Scan a file; one whose content hashes to `old` is not parsed (None), and needs neither the
    parser nor the rules."""
    path = Path(name)
    seen = time.time_ns()
    raw: bytes | None = None
    if old:
        with contextlib.suppress(Unreadable):  # scanned below, which says why it cannot be read
            raw = read_record_bytes(path)
        if raw is not None and content_digest(raw) == old:
            return seen, None
    from inspectkit.scan import scan_bytes, scan_file

    if raw is None:
        return seen, scan_file(path, key, scope())
    return seen, scan_bytes(path, key, raw, scope())


class _ScopeOnce:
    """The rules' scope, made when a file is first scanned: a file read again only to find its
    content unchanged (touched, or changed just before it was stamped) needs no rule."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.scope: Scope | None = None

    def __call__(self) -> Scope:
        if self.scope is None:
            from inspectkit.rules import Scope

            self.scope = Scope(self.settings)
        return self.scope
