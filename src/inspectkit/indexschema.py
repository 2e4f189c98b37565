"""The index's tables, and why each is shaped as it is (index.py says what the index is for).

An index of another schema number or rule-set version is emptied and made anew: `SCHEMA` goes up
whenever a table changes.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from inspectkit.indexcells import dumps, storable

if TYPE_CHECKING:
    from inspectkit.index import Stamp
    from inspectkit.scan import Scanned

SCHEMA = 6
# the stamps of a file, as `index.Row` holds them (with the key first)
STAMP_COLUMNS = "key, size, mtime_ns, ctime_ns, ino, seen_ns, digest, record"
# the tables with rows per record file, and all the tables (dropped when the index is made anew)
PER_RECORD = ("refs", "records", "search", "findings", "finding_centres")
TABLES = ("files", *PER_RECORD, "results", "facts_results", "stamps_kept")


def current(db: sqlite3.Connection, version: str) -> bool:
    """Whether the index is of this schema and rule-set version (its tables can be trusted)."""
    db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
    found = dict(db.execute("SELECT name, value FROM meta").fetchall())
    return found.get("schema") == str(SCHEMA) and found.get("ruleset") == version


def create(db: sqlite3.Connection, version: str) -> None:
    """Drop every table and make them anew, empty, for this rule-set version (in the caller's
    transaction)."""
    for table in TABLES:
        db.execute(f"DROP TABLE IF EXISTS {table}")
    db.execute(
        "CREATE TABLE files (key TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,"
        " ctime_ns INTEGER, ino INTEGER, seen_ns INTEGER, digest TEXT, record INTEGER,"
        " kind TEXT, id TEXT, valid INTEGER, facts TEXT, found TEXT, positions TEXT)"
    )
    # every command reads every file's stamps, and most the identities of its records: from
    # this index alone, not from the wide rows
    db.execute(f"CREATE INDEX stamps ON files ({STAMP_COLUMNS}, kind, id, valid)")
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
    db.execute("CREATE TABLE finding_centres (key TEXT NOT NULL, centre TEXT NOT NULL, plan TEXT, type TEXT)")
    db.execute("CREATE INDEX finding_centres_by_key ON finding_centres (key)")
    db.execute("CREATE INDEX finding_centres_tally ON finding_centres (centre, type, plan)")
    # the ids each record refers to: who refers to a record, without decoding any facts
    db.execute("CREATE TABLE refs (key TEXT NOT NULL, target TEXT NOT NULL)")
    db.execute("CREATE INDEX refs_by_target ON refs (target)")
    db.execute("CREATE INDEX refs_by_key ON refs (key)")
    # results kept for the whole repository, valid for one generation of the files table
    # (several keys at once: a report for today beside a lint `--today` another day)
    db.execute(
        "CREATE TABLE results (name TEXT, key TEXT, generation INTEGER, value TEXT, PRIMARY KEY (name, key))"
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


@dataclass
class ScanRows:
    """The rows new scans give each table (a file whose name SQLite cannot hold gives none: it
    is read afresh each time)."""

    files: list[tuple[Any, ...]]
    records: list[tuple[Any, ...]]
    search: list[tuple[Any, ...]]
    refs: list[tuple[str, str]]
    findings: list[tuple[str, dict[str, Any]]]  # (key, summary): made columns by `insert`


def scan_rows(scanned: list[tuple[Stamp, int, Scanned]]) -> ScanRows:
    """What each table holds of these scans (stamp, time read, result)."""
    held = [(stamp, seen, result) for stamp, seen, result in scanned if storable(result.key)]
    files = [
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
            dumps(result.facts.to_json()) if result.facts else None,
            dumps(result.found) if result.found else None,
            None,
        )
        for stamp, seen, result in held
    ]
    results = [result for _, _, result in held]
    records = [
        (r.key, r.data, dumps(r.summary) if r.summary is not None else None)
        for r in results
        if r.data is not None
    ]
    refs = [
        (r.key, target)
        for r in results
        if r.facts is not None
        for target in sorted({v for _, _, v in r.facts.refs if isinstance(v, str) and storable(v)})
    ]
    # a valid record has a summary and search text; a valid finding, its columns
    search = [(r.key, r.facts.kind, r.text) for r in results if r.summary is not None and r.facts is not None]
    findings = [
        (r.key, r.summary)
        for r in results
        if r.summary is not None and r.facts is not None and r.facts.kind == "finding"
    ]
    return ScanRows(files, records, search, refs, findings)


def insert(db: sqlite3.Connection, rows: ScanRows) -> None:
    """Insert the per-record rows of new scans (their old rows deleted first by the caller)."""
    db.executemany("INSERT INTO refs VALUES (?, ?)", rows.refs)
    db.executemany("INSERT INTO records VALUES (?, ?, ?)", rows.records)
    db.executemany("INSERT INTO search VALUES (?, ?, ?)", rows.search)
    if rows.findings:  # scanned, so the models are loaded: a warm command imports none
        from inspectkit.summaries import finding_columns

        db.executemany(
            "INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(key, *finding_columns(summary)) for key, summary in rows.findings],
        )
    db.executemany(
        "INSERT INTO finding_centres VALUES (?, ?, ?, ?)",
        [
            (key, centre, summary["plan"], summary["type"])
            for key, summary in rows.findings
            for centre in summary["centres"]
        ],
    )
