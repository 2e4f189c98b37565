"""Bringing the index up to date: every record file's scan, reading only the files that changed.

The records folder is walked and each file's stamp compared with the index (see index.py); files
that may have changed are read and hashed, and scanned again when their content differs.

- recordfiles.py walks the records folder; stamps.py says which rows can be trusted and which
  files must be read; scanpool.py scans those (with many, in worker processes);
  surveywrites.py writes what was found to the index.

With the cache off (`--no-cache`, or an index that cannot be opened) the same scans are made in
memory and nothing is written in the repository: results are identical either way. With more
than SCRATCH_FILES files they go to a scratch index instead (`Index.scratch`), so that memory
does not grow with the repository.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspectkit.cache import cache_enabled
from inspectkit.index import Index, Stamp
from inspectkit.indexcells import dumps
from inspectkit.recordfiles import display_path, survey_names
from inspectkit.scanpool import scan_all
from inspectkit.settings import Settings
from inspectkit.stamps import fingerprint, read_stamps, settled, to_read, vouched
from inspectkit.surveywrites import BatchWrites, keep_for_next

# Parsing, validation and the rules are imported only when a file has to be read: a command
# whose files are all unchanged answers from the index without them (docs/speed.md).
if TYPE_CHECKING:
    from inspectkit.scan import Scanned
    from inspectkit.validation import Loc

WRITE_BATCH = 2000  # scans written to the index at a time
# with no index to use, more files than this are scanned into a scratch one (Index.scratch):
# below, holding their scans in memory is cheaper than writing them (about 5 KB a file)
SCRATCH_FILES = 20_000


@dataclass
class Survey:
    """Every record file's scan, in the order of the folder walk (extra files last).

    The scans of files the index could vouch for are read from it only when `entries` is first
    asked for: a lint of an unchanged repository needs none of them (see `kept_result`)."""

    settings: Settings
    paths: dict[str, Path] = field(default_factory=dict)  # key -> the file
    outside: list[Path] = field(default_factory=list)  # links out of the repository, not read
    index: Index | None = None
    scanned: int = 0  # files read and scanned this time
    fresh: dict[str, Scanned] = field(default_factory=dict)  # scanned this time, text in memory
    keys: list[str] = field(default_factory=list)  # every file, in order (entries' keys)
    absolute: set[str] = field(default_factory=set)  # the keys that are paths, not under the root
    _record_keys: set[str] | None = None  # see record_keys
    unchanged: bool = False  # no file was scanned or removed: the index holds them all as they are
    extra: bool = False  # files from outside the records folder were surveyed too
    synced: bool = False  # the index holds every record as surveyed: SQL over it answers (indexed.py)
    _entries: list[Scanned] | None = None
    _slots: list[Scanned | None] = field(default_factory=list)
    _pending: list[tuple[int, str]] = field(default_factory=list)  # (slot, key) kept in the index
    _identities: list[tuple[str, str | None, str | None, bool]] | None = None
    _base: str | None = None
    _order: dict[str, int] | None = None

    @classmethod
    def of(cls, settings: Settings, entries: list[Scanned], paths: dict[str, Path]) -> Survey:
        """A survey of scans made elsewhere (a revision's files, say)."""
        records = {e.key for e in entries if e.facts is not None}
        keys = [e.key for e in entries]
        absolute = {key for key in keys if os.path.isabs(key)}
        return cls(settings, paths, keys=keys, absolute=absolute, _record_keys=records, _entries=entries)

    @property
    def record_keys(self) -> set[str]:
        """The files that hold a record (have facts); read from the index when it vouched for
        every row at once."""
        if self._record_keys is None:
            if self.index is None:
                raise RuntimeError("the survey's index was closed before its record keys were read")
            self._record_keys = set()
            with contextlib.suppress(sqlite3.Error):
                self._record_keys = self.index.record_keys()
        return self._record_keys

    @record_keys.setter
    def record_keys(self, keys: set[str]) -> None:
        self._record_keys = keys

    @property
    def records(self) -> int:
        return len(self.record_keys)

    def records_among(self, shown: Collection[str]) -> int:
        """How many of these files (as shown) hold a record."""
        return sum(self.display(key) in shown for key in self.record_keys)

    @property
    def entries(self) -> list[Scanned]:
        """Every file's scan, in order (read from the index when first asked for)."""
        if self._entries is None:
            self._entries = self._load()
        return self._entries

    def _load(self) -> list[Scanned]:
        if self._pending:
            if self.index is None:
                raise RuntimeError("the survey's index was closed before its scans were read")
            wanted = {key: slot for slot, key in self._pending}
            for scanned in self.index.scans(wanted):
                self._slots[wanted.pop(scanned.key)] = scanned
            # a row gone meanwhile (another command removed it): read the file afresh
            if wanted:
                from inspectkit.rules import Scope
                from inspectkit.scan import scan_file

                scope = Scope(self.settings)
                for key, slot in wanted.items():
                    self._slots[slot] = scan_file(self.paths[key], key, scope)
            self._pending = []
        entries = [s for s in self._slots if s is not None]
        self._slots = []
        return entries

    def identities(self) -> list[tuple[str, str | None, str | None, bool]]:
        """(key, kind, id, valid) of every file that holds a record, in order, without reading
        the scans kept in the index."""
        if self._identities is None:
            self._identities = self._identify()
        return self._identities

    def _identify(self) -> list[tuple[str, str | None, str | None, bool]]:
        if self._entries is not None:
            return [
                (e.key, e.facts.kind, e.facts.id, e.facts.valid) for e in self._entries if e.facts is not None
            ]
        pending = {key for _, key in self._pending}
        kept = self.index.identities(pending) if self.index is not None and pending else {}
        out: list[tuple[str, str | None, str | None, bool]] = []
        for key, scanned in zip(self.keys, self._slots, strict=True):
            if scanned is not None:
                if scanned.facts is not None:
                    out.append((key, scanned.facts.kind, scanned.facts.id, scanned.facts.valid))
            elif key in kept:
                out.append((key, *kept[key]))
        return out

    def _split(self) -> tuple[list[Scanned], set[str]]:
        """The scans at hand (this command's), and the keys of those only the index holds."""
        if self._entries is not None or self.index is None:
            return self.entries, set()
        return [s for s in self._slots if s is not None], {key for _, key in self._pending}

    def referring(self, ids: Collection[str]) -> set[str]:
        """Keys of the files whose record refers to one of these ids."""
        scans, kept = self._split()
        wanted = set(ids)
        out = {e.key for e in scans if e.facts is not None and any(v in wanted for _, _, v in e.facts.refs)}
        if kept and wanted and self.index is not None:
            out |= self.index.referring(wanted) & kept
        return out

    def targets(self, keys: Collection[str]) -> set[str]:
        """The ids the records of these files refer to."""
        scans, kept = self._split()
        wanted = set(keys)
        out = {v for e in scans if e.key in wanted and e.facts is not None for _, _, v in e.facts.refs}
        asked = wanted & kept
        if asked and self.index is not None:
            for targets in self.index.targets(asked).values():
                out |= targets
        return out

    def kept_result(self, name: str, key: str) -> str | None:
        """A result kept in the index for this very state of the files (`Index.result`)."""
        if self.index is None or not self.unchanged:
            return None
        with contextlib.suppress(sqlite3.Error):
            return self.index.result(name, key)
        return None

    def _keeper(self) -> Index | None:
        """The index to keep results made now in, for the next command over the same files: the
        repository's (a scratch index has no next command), and only for results made from the
        repository's files alone (a file named from outside would be in them)."""
        index = self.index
        return index if index is not None and index.lasting and not self.extra else None

    def keep_result(self, name: str, key: str, value: Any) -> None:
        """Keep a result (JSON-able) for the next command over the same files."""
        if (index := self._keeper()) is not None:
            with contextlib.suppress(sqlite3.Error):
                index.keep_result(name, key, dumps(value))

    def kept_facts_result(self, name: str, key: str) -> str | None:
        """What the facts rules found, kept in the index for the facts as they are now
        (`Index.result`): only when the index holds every file as surveyed."""
        if self.index is None or not self.synced or self.extra:
            return None
        with contextlib.suppress(sqlite3.Error):
            return self.index.result(name, key, facts=True)
        return None

    def keep_facts_result(self, name: str, key: str, value: Any) -> None:
        """Keep what the facts rules found (JSON-able) over the repository's files alone, when
        the index holds every file as surveyed."""
        if self.synced and (index := self._keeper()) is not None:
            with contextlib.suppress(sqlite3.Error):
                index.keep_result(name, key, dumps(value), facts=True)

    def found_lists(self) -> list[tuple[str, list[Any]]]:
        """(key, its scan's problems) of every file whose scan found some, in order: from the
        index, without decoding any facts (only when it holds every file: `synced`)."""
        if self.index is None or not self.synced:
            raise RuntimeError("the survey's index does not hold every file")
        return sorted(self.index.found_lists(), key=lambda item: self.order(item[0]))

    def _digests(self, keys: Collection[str]) -> dict[str, str]:
        """The content digests of these files' scans (this survey's, else the index's)."""
        if self._entries is not None:
            return {e.key: e.digest for e in self._entries if e.key in keys}
        out = {key: self.fresh[key].digest for key in keys if key in self.fresh}
        asked = [key for key in keys if key not in out]
        if asked and self.index is not None:
            with contextlib.suppress(sqlite3.Error):
                out |= self.index.digests(asked)
        return out

    def display(self, key: str) -> str:
        """The file as the user sees it (`recordfiles.display_path`), cheaply for keys under the root."""
        if self._base is None:
            base = display_path(self.settings.root)
            # only a root at or below the current folder gives a prefix to put before keys
            self._base = "" if os.path.isabs(base) or base.startswith("..") else base
        if self._base == "" or key in self.absolute:
            return display_path(self.file_name(key))
        return key if self._base == "." else f"{self._base}/{key}"

    def place(self, wanted: dict[str, list[tuple[Loc, str]]]) -> dict[str, dict[str, tuple[int, int]]]:
        """Positions of places in files (key -> [(loc, at)]), by `scan.place_key`: kept in the
        index, else found by reading those files again (and then kept)."""
        from inspectkit.scan import place_key, positions_in_file

        kept: dict[str, dict[str, tuple[int, int]]] = {}
        if self.index is not None:
            with contextlib.suppress(sqlite3.Error):
                kept = self.index.positions(wanted)
        digests = self._digests(wanted) if wanted else {}
        found: list[tuple[str, str, dict[str, tuple[int, int]]]] = []
        for key, places in wanted.items():
            have = kept.setdefault(key, {})
            missing = [(loc, at) for loc, at in places if place_key(loc, at) not in have]
            if not missing:
                continue
            digest, positions = positions_in_file(self.paths[key], missing)
            have.update(positions)
            if digest and digest == digests.get(key):
                found.append((key, digest, have))
        if found and self.index is not None and self.index.lasting:
            with contextlib.suppress(sqlite3.Error):
                self.index.keep_positions(found)
        return kept

    def file_name(self, key: str) -> str:
        """The file of `key`, as a name (no Path object made)."""
        paths = self.paths
        return paths.names[key] if isinstance(paths, _Paths) else str(paths[key])

    def order(self, key: str) -> int:
        """A file's place in the walk (for sorting keys in file order)."""
        if self._order is None:
            self._order = {key: n for n, key in enumerate(self.keys)}
        return self._order[key]

    def summaries(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        """`summaries.summary` of the given files that hold valid records: from this survey's
        scans, else from the index."""
        wanted = set(keys)
        out = {k: e.summary for k, e in self.fresh.items() if k in wanted and e.summary is not None}
        kept = wanted - self.fresh.keys()
        if kept and self.index is not None:
            out |= self.index.summaries(kept)
        return out

    def matching(self, needle: str, keys: Iterable[str]) -> set[str]:
        """Of the given files, those whose search text holds `needle` (`summaries.search_text`)."""
        wanted = set(keys)
        out = {k for k, e in self.fresh.items() if k in wanted and needle in e.text}
        if self.index is not None and wanted - self.fresh.keys():
            out |= self.index.matching(needle) & (wanted - self.fresh.keys())
        return out

    def close(self, *, read: bool = True) -> None:
        """Close the index; `read=False`: the scans not read yet are not wanted."""
        if self.index is not None:
            if read and self._entries is None:
                self._entries = self._load()
            self.index.close()
            self.index = None


class _Paths(dict[str, Path]):
    """key -> Path, made only when asked for (most files never need a Path object)."""

    def __init__(self, names: dict[str, str]) -> None:
        super().__init__()
        self.names = names

    def __missing__(self, key: str) -> Path:
        path = Path(self.names[key])
        self[key] = path
        return path

    def __contains__(self, key: object) -> bool:
        return key in self.names


def survey(settings: Settings, extra: Sequence[Path] = (), use_cache: bool | None = None) -> Survey:
    """Scan every record file of the repository (and `extra` files outside it), reusing the index."""
    root = settings.root.resolve()
    settings = replace(settings, root=root)
    result = Survey(settings)
    names, walked, result.outside = survey_names(root, settings.records_dir, extra)
    index = _open_index(settings, use_cache, len(names))
    prefix = str(root).rstrip(os.sep) + os.sep
    if str(settings.records_dir.resolve()).startswith(prefix) and os.sep == "/":
        # every file walked is below the root (the walk builds their names on the records
        # folder's): its key is the rest of its name, with no test a file
        cut = len(prefix)
        keys = [name[cut:] for name in names[:walked]] + names[walked:]
        result.absolute = set(names[walked:])
    else:
        keys = [
            name[len(prefix) :].replace(os.sep, "/") if name.startswith(prefix) and i < walked else name
            for i, name in enumerate(names)
        ]
        result.absolute = {name for i, name in enumerate(names) if i >= walked or not name.startswith(prefix)}
    result.keys = keys
    result.paths = _Paths(dict(zip(keys, names, strict=True)))
    taken = time.time_ns()
    stamps, newest = read_stamps(names)
    whole = fingerprint(names, stamps) if walked == len(names) else None
    if vouched(index, whole):  # every row as it is: none need be read
        result.index, result.unchanged, result.synced = index, True, True
        result._slots, result._pending = [None] * len(names), list(enumerate(keys))
        return result
    index, (rows, todo, pending, result.record_keys, removed) = to_read(index, keys, stamps, walked)
    result.index = index
    slots: list[Scanned | None] = [None] * len(names)
    fresh: list[tuple[Stamp, int, Scanned]] = []
    restamped: list[tuple[Stamp, int, str]] = []
    # file names, not Paths: a Path for each of 100,000 files would stay in `paths` all along
    jobs = [(result.paths.names[key], key, old) for _, key, _, old in todo]
    writes = BatchWrites(result, index, slots, pending)
    for (slot, key, stamp, _), (seen, outcome) in zip(todo, scan_all(jobs, settings), strict=True):
        if outcome is not None:
            slots[slot] = outcome
            result.scanned += 1
            if outcome.facts is not None:
                result.record_keys.add(key)
            result.fresh[key] = outcome
            if stamp is not None and outcome.digest and slot < walked:
                fresh.append((stamp, seen, outcome))
                writes.slots_of[key] = slot
                if len(fresh) >= WRITE_BATCH:  # written as they come: memory keeps none of them
                    writes.write(fresh, [], [])
                    fresh = []
        else:  # the same content as the index holds
            pending.append((slot, key))
            if rows[key].record:
                result.record_keys.add(key)
            if stamp is not None:
                restamped.append((stamp, seen, key))
    result._slots, result._pending = slots, pending
    if index is None:
        result._entries = result._load()
        return result
    result.extra = walked < len(names)
    result.unchanged = not (writes.any or fresh or removed or result.scanned or result.extra)
    writes.write(fresh, restamped, removed)
    # every scan made was written (`fresh` keeps only those that could not be: a file that cannot
    # be read, or whose name SQLite cannot hold, whose old row may still be there)
    result.synced = not writes.failed and not result.fresh
    if result.synced and (keeper := result._keeper()) is not None:
        with contextlib.suppress(sqlite3.Error):
            keep_for_next(keeper, result, stamps, taken, whole if settled(newest, taken) else None)
    return result


def _open_index(settings: Settings, use_cache: bool | None, files: int) -> Index | None:
    """The index; when the cache is off or SQLite cannot open it, a scratch index for more than
    SCRATCH_FILES files (their scans then go to disk, not to memory), else none."""
    if use_cache is None:
        use_cache = cache_enabled(settings)
    index = Index.open(settings) if use_cache else None
    if index is None and files > SCRATCH_FILES:
        index = Index.scratch()
    return index
