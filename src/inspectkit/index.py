"""The persistent index: what scanning each record file gave, in one SQLite file.

It lives in `.inspectkit-cache/index.sqlite3` at the repository root (the folder holds a
`.gitignore` of its own, so git never sees it). One row per record file, keyed by its path:

- the file's size, mtime, ctime and inode when it was read, and a content hash (BLAKE2b) of the
  bytes read. A row is trusted without reading the file only when all four stamps match and the
  file had not changed for `RACY_NS` before it was read (a change within the file system's
  timestamp granularity could otherwise go unseen, as in git's "racy" check); otherwise the file
  is read and hashed, and scanned again only when the hash differs. An edit, a `git checkout`, a
  rename or a deleted file is therefore never missed.
- the scan's results (diagnostics of the loader and the record rules, the facts, positions), valid
  for one rule-set version: the version of inspectkit's code and the settings the rules read. An
  index of another version, of another schema, or that SQLite cannot read is deleted and built
  again, never trusted.
- what the query commands read, in narrow tables of their own so that a question scans only
  them: every record's data as JSON and a valid record's summary (`records`), a valid record's
  search text (`search`), a valid finding's summary as columns (`findings`, its centres in
  `finding_centres`), answered with SQL by `indexed.py`.

Beside this module: cache.py says where the index lives and when it is used; indexschema.py
holds its tables and what a scan gives each; indexcells.py reads and writes their cells.

Concurrent commands are safe: SQLite's write-ahead log lets readers go on while one writer
commits, every write is one transaction, and a command that cannot get the lock in time simply
does not write (its results are still right; the next command writes them).
"""

from __future__ import annotations

import contextlib
import marshal
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from inspectkit import indexschema
from inspectkit.cache import GITIGNORE, INDEX_FILE, cache_folder, clear, ruleset_version
from inspectkit.gcpause import paused_gc
from inspectkit.indexcells import decode, dumps, loads, rows_in, storable
from inspectkit.indexschema import PER_RECORD, STAMP_COLUMNS
from inspectkit.settings import Settings

if TYPE_CHECKING:
    from inspectkit.scan import Scanned

RACY_NS = 2_000_000_000  # FAT file systems keep mtimes to 2 s


class Stamp(NamedTuple):
    """What `stat` says about a file: if any part changes, the file may have changed. (A tuple:
    made and compared once per file per command, so it must be cheap.)"""

    size: int
    mtime_ns: int
    ctime_ns: int
    ino: int


class Row(NamedTuple):
    """One file as the index last saw it (its scan is read only when asked for: `Index.scans`)."""

    size: int
    mtime_ns: int
    ctime_ns: int
    ino: int
    seen_ns: int  # when it was read
    digest: str
    record: int  # 1 when it held a record (it has facts)


# (keys, stamps, whether each holds a record): see Index.keep_stamps
KeptStamps = tuple[list[str], list[Any], bytes]


class Index:
    """An open index. Use `Index.open`; every method may raise sqlite3.Error."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self.connection = connection
        self.path = path  # None: a scratch index (`Index.scratch`)
        # the generation of the files table `rows` read; None: unknown, keep no result
        self.generation: int | None = None
        # and the generation of the records' facts (see facts_results)
        self.facts_generation: int | None = None

    @property
    def lasting(self) -> bool:
        """Whether the index outlives this command: a scratch one does not, so nothing is kept in
        it for the next command."""
        return self.path is not None

    @classmethod
    def open(cls, settings: Settings) -> Index | None:
        """The repository's index, created when missing and rebuilt when it cannot be trusted.
        None when it cannot be used at all (a read-only repository, for instance)."""
        folder = cache_folder(settings)
        version = ruleset_version(settings)
        for _attempt in range(2):
            try:
                folder.mkdir(exist_ok=True)
                ignore = folder / ".gitignore"
                if not ignore.exists():
                    ignore.write_text(GITIGNORE, encoding="utf-8")
                index = cls(_connect(folder / INDEX_FILE), folder / INDEX_FILE)
                index._prepare(version)
                return index
            except sqlite3.DatabaseError:
                clear(settings)  # corrupt or not an index: build it again
            except (OSError, sqlite3.Error):
                return None
        return None

    @classmethod
    def scratch(cls) -> Index | None:
        """An index for this command alone, when there is none to use (`--no-cache`, a read-only
        repository) and many files to scan: SQLite's private temporary database, on disk and
        deleted when closed. The survey writes the scans to it in batches and lets them go, as
        to the repository's index, so that memory does not grow with the repository. None when
        SQLite cannot make one."""
        try:
            index = cls(sqlite3.connect("", isolation_level=None), None)
            index._prepare("scratch")
        except sqlite3.Error:
            return None
        return index

    def _prepare(self, version: str) -> None:
        if not indexschema.current(self.connection, version):
            with self.transaction():
                indexschema.create(self.connection, version)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def rows(self) -> dict[str, Row]:
        """Every file the index knows, by key, and (in `generation`) the generation they are of,
        read together."""
        new = tuple.__new__
        db = self.connection
        db.execute("BEGIN")  # one snapshot for both reads
        try:
            self.generation = self._generation()
            self.facts_generation = self._generation("facts_generation")
            # tuple.__new__ as is: a Python call per row would cost a second at 100,000 files
            return {row[0]: new(Row, row[1:]) for row in db.execute(f"SELECT {STAMP_COLUMNS} FROM files")}
        finally:
            db.execute("COMMIT")

    def vouched(self, fingerprint: str) -> bool:
        """Whether the rows, as they are now, are those `vouch` kept this fingerprint for (see
        stamps.py); then `generation` is theirs, as `rows` would set it."""
        db = self.connection
        db.execute("BEGIN")  # one snapshot for both reads
        try:
            kept = dict(db.execute("SELECT name, value FROM meta WHERE name LIKE 'fingerprint%'").fetchall())
            generation = self._generation()
            facts_generation = self._generation("facts_generation")
        finally:
            db.execute("COMMIT")
        if kept.get("fingerprint") != fingerprint or kept.get("fingerprint_generation") != str(generation):
            return False
        self.generation, self.facts_generation = generation, facts_generation
        return True

    def vouch(self, fingerprint: str) -> None:
        """Keep the fingerprint of the stamps of every file, for the rows of the generation this
        command read and wrote (none when another command wrote meanwhile)."""
        if self.generation is None:
            return
        with contextlib.suppress(sqlite3.OperationalError), self.transaction():  # locked: kept next time
            if self._generation() == self.generation:
                self.connection.executemany(
                    "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                    [("fingerprint", fingerprint), ("fingerprint_generation", str(self.generation))],
                )

    def kept_stamps(self) -> KeptStamps | None:
        """The stamps `keep_stamps` kept, if they are of the rows as they are now (then
        `generation` is theirs, as `rows` would set it); None otherwise, or when damaged."""
        db = self.connection
        db.execute("BEGIN")  # one snapshot for all three reads
        try:
            generation = self._generation()
            facts_generation = self._generation("facts_generation")
            found = db.execute("SELECT generation, value FROM stamps_kept").fetchone()
        finally:
            db.execute("COMMIT")
        if found is None or found[0] != generation:
            return None
        try:
            keys, stamps, records = marshal.loads(found[1])
        except (ValueError, EOFError, TypeError):
            return None
        if not (
            isinstance(keys, list)
            and isinstance(stamps, list)
            and isinstance(records, bytes)
            and len(keys) == len(stamps) == len(records)
        ):
            return None
        self.generation, self.facts_generation = generation, facts_generation
        return keys, stamps, records

    def keep_stamps(self, keys: list[str], stamps: list[Any], records: bytes) -> None:
        """Keep every file's stamps (None for a file not to be trusted on them) and whether it
        holds a record, for the rows of the generation this command read and wrote (not when
        another command wrote meanwhile)."""
        if self.generation is None:
            return
        value = marshal.dumps((keys, stamps, records))
        with contextlib.suppress(sqlite3.OperationalError), self.transaction():  # locked: kept next time
            if self._generation() == self.generation:
                self.connection.execute("DELETE FROM stamps_kept")
                self.connection.execute("INSERT INTO stamps_kept VALUES (?, ?)", (self.generation, value))

    def rows_of(self, keys: Collection[str]) -> dict[str, Row]:
        """The rows of these files (those the index has)."""
        query = f"SELECT {STAMP_COLUMNS} FROM files WHERE key IN ({{marks}})"
        return {row[0]: Row(*row[1:]) for row in rows_in(self.connection, query, keys)}

    def _generation(self, name: str = "generation") -> int | None:
        found = self.connection.execute("SELECT value FROM meta WHERE name=?", (name,)).fetchone()
        return int(found[0]) if found else None

    def scans(self, keys: Collection[str]) -> list[Scanned]:
        """The kept scans of these files (in the index's order; a key it does not hold is left out)."""
        rows = self.connection.execute("SELECT key, digest, facts, found FROM files")
        with paused_gc():
            return decode(row for row in rows if row[0] in keys)

    def record_keys(self) -> set[str]:
        """The keys of the files that hold a record."""
        return {
            key for (key,) in self.connection.execute("SELECT key FROM files INDEXED BY stamps WHERE record")
        }

    def identities(self, keys: Collection[str]) -> dict[str, tuple[str | None, str | None, bool]]:
        """(kind, id, valid) of the records these files hold (files without a record left out)."""
        rows = self.connection.execute(
            "SELECT key, kind, id, valid FROM files INDEXED BY stamps WHERE record"
        )
        return {key: (kind, id_, bool(valid)) for key, kind, id_, valid in rows if key in keys}

    def referring(self, ids: Collection[str]) -> set[str]:
        """Keys of the files whose record refers to one of these ids (one SQLite cannot hold, an
        argument the locale could not decode, is no id of the index)."""
        return {
            key for (key,) in rows_in(self.connection, "SELECT key FROM refs WHERE target IN ({marks})", ids)
        }

    def targets(self, keys: Collection[str]) -> dict[str, set[str]]:
        """The ids the records of these files refer to."""
        out: dict[str, set[str]] = {}
        for key, target in rows_in(
            self.connection, "SELECT key, target FROM refs WHERE key IN ({marks})", keys
        ):
            out.setdefault(key, set()).add(target)
        return out

    def result(self, name: str, key: str, *, facts: bool = False) -> str | None:
        """A result kept under `name` for `key` (say, a hash of what it depends on besides the
        files), if it was made from the files of the generation `rows` read; `facts`: from the
        records' facts of the facts generation (what the facts rules found)."""
        _, table, generation = self._kept_in(facts)
        if generation is None:
            return None
        found = self.connection.execute(
            f"SELECT value FROM {table} WHERE name=? AND key=? AND generation=?", (name, key, generation)
        ).fetchone()
        return str(found[0]) if found else None

    def keep_result(self, name: str, key: str, value: str, *, facts: bool = False) -> None:
        """Keep a result made from the files of the generation `rows` read (and this command's
        own writes; `facts`: from the records' facts of the facts generation); not when another
        command changed them meanwhile, nor one SQLite cannot hold (naming a file whose name is
        not UTF-8)."""
        counter, table, generation = self._kept_in(facts)
        if generation is None or not storable(value):
            return
        try:
            with self.transaction():
                if self._generation(counter) != generation:
                    return
                db = self.connection
                db.execute(f"DELETE FROM {table} WHERE generation != ?", (generation,))
                db.execute(
                    f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?, ?)", (name, key, generation, value)
                )
        except sqlite3.OperationalError:  # locked by another command for too long: skip this write
            pass

    def _kept_in(self, facts: bool) -> tuple[str, str, int | None]:
        """The generation results of a kind depend on (its name in meta), their table, and the
        generation this command knows."""
        if facts:
            return "facts_generation", "facts_results", self.facts_generation
        return "generation", "results", self.generation

    def positions(self, keys: Iterable[str]) -> dict[str, dict[str, tuple[int, int]]]:
        """The positions kept for the given files (for placing the facts rules' problems)."""
        out: dict[str, dict[str, tuple[int, int]]] = {}
        query = "SELECT key, positions FROM files WHERE key IN ({marks})"
        for key, positions in rows_in(self.connection, query, list(keys)):
            if positions:
                out[key] = {k: (v[0], v[1]) for k, v in loads(positions, dict).items()}
        return out

    def summaries(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The kept summaries of these files (those of valid records)."""
        wanted = set(keys)
        rows = self.connection.execute("SELECT key, summary FROM records WHERE summary IS NOT NULL")
        found = [(key, text) for key, text in rows if key in wanted]
        with paused_gc():
            decoded = loads("[" + ",".join(text for _, text in found) + "]")
        return {key: value for (key, _), value in zip(found, decoded, strict=True)}

    def matching(self, needle: str) -> set[str]:
        """Keys of the files whose kept search text holds `needle` (SQLite's instr, in C)."""
        rows = self.connection.execute("SELECT key FROM search WHERE instr(text, ?) > 0", (needle,))
        return {key for (key,) in rows}

    def keep_positions(self, kept: Iterable[tuple[str, str, dict[str, tuple[int, int]]]]) -> None:
        """Keep positions found in files (key, digest of the content they were found in); a file
        whose content changed meanwhile keeps none."""
        rows = [(dumps(positions), key, digest) for key, digest, positions in kept]
        try:
            with self.transaction():
                self.connection.executemany("UPDATE files SET positions=? WHERE key=? AND digest=?", rows)
        except sqlite3.OperationalError:  # locked by another command for too long: skip this write
            pass

    def write(
        self,
        scanned: Iterable[tuple[Stamp, int, Scanned]],
        restamped: Iterable[tuple[Stamp, int, str]],
        removed: Iterable[str],
    ) -> bool:
        """Store new scans (stamp, time read, result), new stamps of unchanged files, and forget
        removed files, in one transaction. Gives up (False) when another command holds the lock."""
        new = indexschema.scan_rows(list(scanned))
        rows = new.files
        stamps = [
            (s.size, s.mtime_ns, s.ctime_ns, s.ino, seen, key) for s, seen, key in restamped if storable(key)
        ]
        gone = [(key,) for key in removed if storable(key)]
        if not (rows or stamps or gone):
            return True
        try:
            with self.transaction():
                if rows or gone:
                    self.generation = self._following("generation", self.generation)
                if gone or self._facts_differ(rows):
                    self.facts_generation = self._following("facts_generation", self.facts_generation)
                db = self.connection
                db.executemany("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
                db.executemany(
                    "UPDATE files SET size=?, mtime_ns=?, ctime_ns=?, ino=?, seen_ns=? WHERE key=?", stamps
                )
                replaced = [(r[0],) for r in rows] + gone
                for table in ("files", *PER_RECORD):
                    db.executemany(f"DELETE FROM {table} WHERE key=?", gone if table == "files" else replaced)
                indexschema.insert(db, new)
        except sqlite3.OperationalError:  # locked by another command for too long: skip this write
            self.generation = self.facts_generation = None
            return False
        return True

    def _facts_differ(self, rows: list[tuple[Any, ...]]) -> bool:
        """Whether these new rows change the facts the index holds: a file it did not have, or a
        record whose facts (or whether it is one) are not what the old row kept."""
        new = {row[0]: row[11] for row in rows}
        old = dict(rows_in(self.connection, "SELECT key, facts FROM files WHERE key IN ({marks})", new))
        return any(key not in old or old[key] != facts for key, facts in new.items())

    def found_lists(self) -> Iterator[tuple[str, list[Any]]]:
        """(key, the problems its scan found) of every file whose scan found some."""
        rows = self.connection.execute("SELECT key, found FROM files WHERE found IS NOT NULL")
        for key, found in rows:
            yield key, loads(found)

    def digests(self, keys: Collection[str]) -> dict[str, str]:
        """The content digests of these files."""
        return dict(rows_in(self.connection, "SELECT key, digest FROM files WHERE key IN ({marks})", keys))

    def _following(self, counter: str, known: int | None) -> int | None:
        """Advance a generation (`generation`: the files change; `facts_generation`: the records'
        facts do): results kept for the old one no longer hold. The new one is this command's
        only if nobody else wrote since it read the rows (else None: it keeps no result)."""
        current = self._generation(counter)
        following = (current or 0) + 1
        self.connection.execute("UPDATE meta SET value=? WHERE name=?", (str(following), counter))
        return following if current is not None and current == known else None

    def close(self) -> None:
        self.connection.close()


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=5.0, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    return connection
