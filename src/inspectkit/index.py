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

Concurrent commands are safe: SQLite's write-ahead log lets readers go on while one writer
commits, every write is one transaction, and a command that cannot get the lock in time simply
does not write (its results are still right; the next command writes them).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import marshal
import os
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, NamedTuple, ParamSpec, TypeVar

from inspectkit.gcpause import paused_gc
from inspectkit.settings import Settings

if TYPE_CHECKING:
    from inspectkit.scan import Scanned

CACHE_DIR = ".inspectkit-cache"
INDEX_FILE = "index.sqlite3"
SCHEMA = 6
_STAMP_COLUMNS = "key, size, mtime_ns, ctime_ns, ino, seen_ns, digest, record"
# the tables of the index (dropped when it is built again) and those with rows per record file
_PER_RECORD = ("refs", "records", "search", "findings", "finding_centres")
_TABLES = ("files", *_PER_RECORD, "results", "facts_results", "stamps_kept")
RACY_NS = 2_000_000_000  # FAT file systems keep mtimes to 2 s
_GITIGNORE = "# inspectkit's cache (inspectkit cache clear removes it); never commit it\n*\n"


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


def decode(rows: Iterable[tuple[str, str, str | None, str | None]], chunk: int = 2000) -> list[Scanned]:
    """Scans kept as (key, digest, facts JSON, found JSON): the JSON decoded a chunk of rows per
    call (much faster than one call per row), rows taken a chunk at a time (a whole repository's
    JSON held at once would be the command's peak of memory)."""
    from itertools import islice

    from inspectkit.rules import Facts
    from inspectkit.scan import Scanned

    out: list[Scanned] = []
    shared: dict[Any, Any] = {}  # see Facts.share
    rows = iter(rows)
    while part := list(islice(rows, chunk)):
        facts = loads("[" + ",".join(f or "null" for _, _, f, _ in part) + "]")
        found = loads("[" + ",".join(d or "[]" for _, _, _, d in part) + "]")
        for (key, digest, _, _), f, d_list in zip(part, facts, found, strict=True):
            out.append(
                Scanned(
                    key,
                    digest,
                    Facts.from_json(f, shared) if f is not None else None,
                    [tuple(d) for d in d_list],
                )
            )
    return out


def cache_enabled(settings: Settings) -> bool:
    """The index is used unless `--no-cache` (INSPECTKIT_NO_CACHE) or `[cache] enabled = false`."""
    if os.environ.get("INSPECTKIT_NO_CACHE", "") not in ("", "0"):
        return False
    cache = getattr(settings, "cache", None)
    return bool(getattr(cache, "enabled", True))


def cache_folder(settings: Settings) -> Path:
    return settings.root / CACHE_DIR


# Code that never runs while a file is scanned (commands, queries, documents): a change there
# leaves the index valid.
_NOT_SCANNING = ("authoring", "cli", "reports", "templates")


def ruleset_version(settings: Settings) -> str:
    """Changes whenever inspectkit's version, the code a scan may run, or a setting the record
    rules read changes."""
    from inspectkit import __version__

    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    package = Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        if source.relative_to(package).parts[0] in _NOT_SCANNING:
            continue
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    digest.update(f"records={settings.records}".encode())
    return digest.hexdigest()


class DamagedIndex(Exception):
    """What the index keeps could not be read back (a cell damaged by hand or by the disk, which
    SQLite does not check): the index is removed and made again, never trusted."""


def loads(text: str, expect: type = object, **options: Any) -> Any:
    """JSON the index kept, decoded: DamagedIndex when it is not JSON, is no text, is not of the
    type expected, or holds what an `object_hook` cannot read back (a tagged date that is not one)."""
    try:
        value = json.loads(text, **options)
    except (ValueError, TypeError, IndexError) as exc:
        raise DamagedIndex(f"the index holds damaged data ({exc})") from exc
    if not isinstance(value, expect):
        raise DamagedIndex(
            f"the index holds damaged data (a {type(value).__name__}, not a {expect.__name__})"
        )
    return value


P = ParamSpec("P")
T = TypeVar("T")


def rebuilt_when_damaged(
    command: Callable[Concatenate[Settings, P], T],
) -> Callable[Concatenate[Settings, P], T]:
    """A command over the index run again, the index removed first, when what the index keeps
    turned out to be damaged (DamagedIndex): it answers as with an index made anew."""

    def run(settings: Settings, /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return command(settings, *args, **kwargs)
        except DamagedIndex:
            clear(settings)
            return command(settings, *args, **kwargs)

    functools.update_wrapper(run, command)
    return run


def clear(settings: Settings) -> bool:
    """Remove the index. True when there was one."""
    folder = cache_folder(settings)
    found = False
    for name in (INDEX_FILE, INDEX_FILE + "-wal", INDEX_FILE + "-shm"):
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
            found = True
    with contextlib.suppress(OSError):
        (folder / ".gitignore").unlink()
        folder.rmdir()
    return found


class Index:
    """An open index. Use `Index.open`; every method may raise sqlite3.Error."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        # the generation of the files table `rows` read; None: unknown, keep no result
        self.generation: int | None = None
        # and the generation of the records' facts (see facts_results)
        self.facts_generation: int | None = None

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
                    ignore.write_text(_GITIGNORE, encoding="utf-8")
                index = cls(_connect(folder / INDEX_FILE), folder / INDEX_FILE)
                index._prepare(version)
                return index
            except sqlite3.DatabaseError:
                clear(settings)  # corrupt or not an index: build it again
            except (OSError, sqlite3.Error):
                return None
        return None

    def _prepare(self, version: str) -> None:
        db = self.connection
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        found = dict(db.execute("SELECT name, value FROM meta").fetchall())
        if found.get("schema") == str(SCHEMA) and found.get("ruleset") == version:
            return
        with self.transaction():
            for table in _TABLES:
                db.execute(f"DROP TABLE IF EXISTS {table}")
            db.execute(
                "CREATE TABLE files (key TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,"
                " ctime_ns INTEGER, ino INTEGER, seen_ns INTEGER, digest TEXT, record INTEGER,"
                " kind TEXT, id TEXT, valid INTEGER, facts TEXT, found TEXT, positions TEXT)"
            )
            # every command reads every file's stamps, and most the identities of its records: from
            # this index alone, not from the wide rows
            db.execute(f"CREATE INDEX stamps ON files ({_STAMP_COLUMNS}, kind, id, valid)")
            # a record by its id (`show`, `--plan`), the records of a kind
            db.execute("CREATE INDEX files_by_id ON files (id, kind, valid, record)")
            db.execute("CREATE INDEX files_by_kind ON files (kind, valid, record, id)")
            # what the query commands read (see the module notes)
            db.execute("CREATE TABLE records (key TEXT PRIMARY KEY, data TEXT, summary TEXT)")
            db.execute("CREATE TABLE search (key TEXT PRIMARY KEY, kind TEXT, text TEXT)")
            db.execute(
                "CREATE TABLE findings (key TEXT PRIMARY KEY, id TEXT, plan TEXT, topic TEXT, type TEXT,"
                " summary TEXT, action INTEGER, owner TEXT, due TEXT, status TEXT, done_on TEXT,"
                " centres TEXT)"
            )
            # what `stats` counts, read in the order it groups by from these indexes alone (of one
            # plan, of all)
            db.execute("CREATE INDEX findings_tally ON findings (plan, type, topic, action, status, due)")
            db.execute("CREATE INDEX findings_counts ON findings (type, topic, action, status, due)")
            # a finding's centres, each with the finding's plan and type: counted by centre and type
            db.execute(
                "CREATE TABLE finding_centres (key TEXT NOT NULL, centre TEXT NOT NULL, plan TEXT, type TEXT)"
            )
            db.execute("CREATE INDEX finding_centres_by_key ON finding_centres (key)")
            db.execute("CREATE INDEX finding_centres_tally ON finding_centres (centre, type, plan)")
            # the ids each record refers to: who refers to a record, without decoding any facts
            db.execute("CREATE TABLE refs (key TEXT NOT NULL, target TEXT NOT NULL)")
            db.execute("CREATE INDEX refs_by_target ON refs (target)")
            db.execute("CREATE INDEX refs_by_key ON refs (key)")
            # results kept for the whole repository, valid for one generation of the files table
            # (several keys at once: a report for today beside a lint `--today` another day)
            db.execute(
                "CREATE TABLE results (name TEXT, key TEXT, generation INTEGER, value TEXT,"
                " PRIMARY KEY (name, key))"
            )
            # what the facts rules found, valid for one *facts generation*: bumped only when a
            # record's facts change (or a file comes or goes), so that an edit that leaves every
            # fact as it was (a comment, a line reformatted) does not run the facts rules again
            db.execute(
                "CREATE TABLE facts_results (name TEXT, key TEXT, generation INTEGER, value TEXT,"
                " PRIMARY KEY (name, key))"
            )
            # every file's stamps as the rows of one generation hold them, in one value (stamps.py):
            # after an edit, a command compares two lists instead of reading every row
            db.execute("CREATE TABLE stamps_kept (generation INTEGER NOT NULL, value BLOB NOT NULL)")
            db.execute("DELETE FROM meta")
            db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [
                    ("schema", str(SCHEMA)),
                    ("ruleset", version),
                    ("generation", "0"),
                    ("facts_generation", "0"),
                ],
            )

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
            return {row[0]: new(Row, row[1:]) for row in db.execute(f"SELECT {_STAMP_COLUMNS} FROM files")}
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
        query = f"SELECT {_STAMP_COLUMNS} FROM files WHERE key IN ({{marks}})"
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
        rows = [(_json(positions), key, digest) for key, digest, positions in kept]
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
        scanned = list(scanned)
        rows = [
            (
                result.key,
                stamp.size,
                stamp.mtime_ns,
                stamp.ctime_ns,
                stamp.ino,
                seen,
                result.digest,
                int(result.facts is not None),
                result.facts.kind if result.facts else None,
                result.facts.id if result.facts else None,
                int(result.facts.valid) if result.facts else None,
                _json(result.facts.to_json()) if result.facts else None,
                _json(result.found) if result.found else None,
                None,
            )
            for stamp, seen, result in scanned
            if storable(result.key)
        ]
        kept = [
            (
                result.key,
                result.data,
                _json(result.summary) if result.summary is not None else None,
            )
            for _, _, result in scanned
            if result.data is not None and storable(result.key)
        ]
        texts = [
            (result.key, result.facts.kind, result.text)
            for _, _, result in scanned
            if result.summary is not None and result.facts is not None and storable(result.key)
        ]
        findings = [
            (result.key, result.summary)
            for _, _, result in scanned
            if result.summary is not None
            and result.facts is not None
            and result.facts.kind == "finding"
            and storable(result.key)
        ]
        stamps = [
            (s.size, s.mtime_ns, s.ctime_ns, s.ino, seen, key) for s, seen, key in restamped if storable(key)
        ]
        gone = [(key,) for key in removed if storable(key)]
        refs = [
            (result.key, target)
            for _, _, result in scanned
            if result.facts is not None and storable(result.key)
            for target in sorted({v for _, _, v in result.facts.refs if isinstance(v, str) and storable(v)})
        ]
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
                for table in ("files", *_PER_RECORD):
                    db.executemany(f"DELETE FROM {table} WHERE key=?", gone if table == "files" else replaced)
                db.executemany("INSERT INTO refs VALUES (?, ?)", refs)
                db.executemany("INSERT INTO records VALUES (?, ?, ?)", kept)
                db.executemany("INSERT INTO search VALUES (?, ?, ?)", texts)
                if findings:  # scanned, so the models are loaded: a warm command imports none
                    from inspectkit.summaries import finding_columns

                    db.executemany(
                        "INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        [(key, *finding_columns(summary)) for key, summary in findings],
                    )
                db.executemany(
                    "INSERT INTO finding_centres VALUES (?, ?, ?, ?)",
                    [
                        (key, centre, summary["plan"], summary["type"])
                        for key, summary in findings
                        for centre in summary["centres"]
                    ],
                )
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


def storable(text: str) -> bool:
    """Whether SQLite can store `text`: a file name that is not UTF-8 (held with surrogate
    escapes) cannot be, so that file is read afresh each time instead of cached, and a result
    naming it is not kept."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def chunks(values: Iterable[str], size: int = 500) -> Iterator[list[str]]:
    """Values to look up, a chunk at a time: SQLite takes a bounded number of `?` in one
    statement. A value SQLite cannot hold (an argument the locale could not decode) is left out:
    nothing the index holds equals it."""
    items = [value for value in values if storable(value)]
    for start in range(0, len(items), size):
        yield items[start : start + size]


def rows_in(db: sqlite3.Connection, query: str, values: Collection[str], *before: Any) -> Iterator[Any]:
    """The rows of `query` whose `{marks}` is filled with `values` (after the `before` parameters),
    asked for a chunk of values at a time (`chunks`)."""
    for chunk in chunks(values):
        yield from db.execute(query.format(marks=",".join("?" * len(chunk))), (*before, *chunk))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
