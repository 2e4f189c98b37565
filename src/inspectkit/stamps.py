"""The stamps of the record files (size, mtime, ctime, inode: one `stat` each), and what they
vouch for.

Each index row is trusted when its file's stamps match it and the file had not changed for
`RACY_NS` before it was read (index.py). A whole survey can be vouched for at once: when every
row matched, or was read again, and no file had changed for `RACY_NS` before the stamps were
taken, the index keeps a fingerprint of all the stamps with the generation of its rows. A later
command whose stamps give the same fingerprint, while the rows are of that generation, trusts
every row without reading one. It is as safe as the row-by-row check: a file changed since
would show a newer mtime or ctime (any later write falls past the racy window), and a file
added, removed or renamed changes the list fingerprinted.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sqlite3
from typing import TypeAlias

from inspectkit import index as index_module
from inspectkit.index import Index, Row, Stamp

# (size, mtime_ns, ctime_ns, inode) of a file, None when `stat` failed (the file is read, and
# the read says what is wrong)
FileStamp = tuple[int, int, int, int] | None


def read_stamps(names: list[str]) -> tuple[list[FileStamp], int]:
    """Every file's stamps, in order, and the latest change (mtime or ctime, ns) among them.
    Written out without calls: this loop runs once per file of the repository on every command."""
    stamps: list[FileStamp] = []
    add, stat = stamps.append, os.stat
    newest = 0
    for name in names:
        try:
            info = stat(name)
        except OSError:
            add(None)
            continue
        mtime, ctime = info.st_mtime_ns, info.st_ctime_ns
        add((info.st_size, mtime, ctime, info.st_ino))
        if mtime > newest:
            newest = mtime
        if ctime > newest:
            newest = ctime
    return stamps, newest


def fingerprint(names: list[str], stamps: list[FileStamp]) -> str | None:
    """One hash of the files and their stamps (None when a file could not be stat'ed). marshal
    writes them as bytes in C, and equal bytes mean equal values: a match is never a guess."""
    if None in stamps:
        return None
    digest = hashlib.blake2b(marshal.dumps(names), digest_size=16)
    digest.update(marshal.dumps(stamps))
    return digest.hexdigest()


def settled(newest: int, taken_ns: int) -> bool:
    """Whether no file had changed for RACY_NS before the stamps were taken (at `taken_ns`):
    only then may their fingerprint vouch for the rows."""
    return newest < taken_ns - index_module.RACY_NS


def sort_by_stamp(
    keys: list[str], stamps: list[FileStamp], rows: dict[str, Row], walked: int
) -> tuple[list[tuple[int, str, Row]], list[tuple[int, str, Stamp | None, str]]]:
    """The files whose row can be trusted as it is (slot, key, row), and those to read: (slot,
    key, stamp, old digest). Only the first `walked` files can have a row."""
    trusted: list[tuple[int, str, Row]] = []
    todo: list[tuple[int, str, Stamp | None, str]] = []
    get, new, racy = rows.get, tuple.__new__, index_module.RACY_NS
    for slot, (key, stamp) in enumerate(zip(keys, stamps, strict=True)):
        row = get(key) if slot < walked else None
        if stamp is None:
            todo.append((slot, key, None, row.digest if row is not None else ""))
            continue
        size, mtime, ctime, ino = stamp
        if (
            row is not None
            and row[0] == size
            and row[1] == mtime
            and row[2] == ctime
            and row[3] == ino
            and (mtime if mtime > ctime else ctime) < row[4] - racy
        ):
            trusted.append((slot, key, row))
        else:
            todo.append((slot, key, new(Stamp, stamp), row.digest if row is not None else ""))
    return trusted, todo


def changed_since(
    keys: list[str], stamps: list[FileStamp], kept_keys: list[str], kept_stamps: list[FileStamp]
) -> tuple[list[int], list[str]]:
    """Against the stamps an index kept (`Index.keep_stamps`): the slots of the files to read (a
    stamp not the kept one, a file not kept, a stamp that could not be read or was kept as not to
    be trusted), and the kept files that are gone. Two lists compared, not a row read per file."""
    if keys == kept_keys:  # no file added, removed or renamed: compare in order
        changed = [
            slot
            for slot, (now, then) in enumerate(zip(stamps, kept_stamps, strict=True))
            if now is None or now != then
        ]
        return changed, []
    then = dict(zip(kept_keys, kept_stamps, strict=True))
    changed = [
        slot
        for slot, (key, now) in enumerate(zip(keys, stamps, strict=True))
        if now is None or then.get(key) != now
    ]
    present = set(keys)
    return changed, [key for key in kept_keys if key not in present]


def trustworthy(stamps: list[FileStamp], taken_ns: int) -> list[FileStamp]:
    """The stamps to keep: each file's, or None for a file changed within RACY_NS before the stamps
    were taken (its row is trusted on its stamps only once it had settled, as index.py says)."""
    limit = taken_ns - index_module.RACY_NS
    return [s if s is not None and s[1] < limit and s[2] < limit else None for s in stamps]


# --- which rows to trust, which files to read ------------------------------------------------


# What to read: the rows at hand, the files to read (slot, key, stamp, old digest), the files
# trusted (slot, key), which of those hold a record, and the files gone.
ToRead: TypeAlias = "tuple[dict[str, Row], list[tuple[int, str, Stamp | None, str]], list[tuple[int, str]], set[str], list[str]]"


def to_read(
    index: Index | None, keys: list[str], stamps: list[FileStamp], walked: int
) -> tuple[Index | None, ToRead]:
    """Which files must be read again and which rows can be trusted: from the stamps the index
    kept when it has them (after an edit, only the rows of the files changed are read), else
    from every row."""
    kept = _from_kept(index, keys, stamps) if walked == len(keys) else None
    if kept is not None:
        return index, kept
    index, rows = _read_rows(index)
    trusted, todo = sort_by_stamp(keys, stamps, rows, walked)
    record_keys = {key for _, key, _ in trusted if rows[key].record}
    walked_keys = set(keys[:walked])
    removed = [key for key in rows if key not in walked_keys]
    return index, (rows, todo, [(slot, key) for slot, key, _ in trusted], record_keys, removed)


def _read_rows(index: Index | None) -> tuple[Index | None, dict[str, Row]]:
    """The index's rows; no index when SQLite cannot read them."""
    if index is None:
        return None, {}
    try:
        return index, index.rows()
    except sqlite3.DatabaseError:
        index.close()
        return None, {}


def _from_kept(index: Index | None, keys: list[str], stamps: list[FileStamp]) -> ToRead | None:
    """From the stamps the index kept (`Index.keep_stamps`), when they are of its rows as they
    are: the rows of the files to read, those files (slot, key, stamp, old digest), the files
    trusted (slot, key), which of those hold a record, and the files gone. None: read the rows."""
    if index is None:
        return None
    try:
        kept = index.kept_stamps()
        if kept is None:
            return None
        kept_keys, kept_stamps, records = kept
        changed, removed = changed_since(keys, stamps, kept_keys, kept_stamps)
        rows = index.rows_of([keys[slot] for slot in changed])
    except sqlite3.Error:
        return None
    todo: list[tuple[int, str, Stamp | None, str]] = []
    for slot in changed:
        key, stamp = keys[slot], stamps[slot]
        row = rows.get(key)
        todo.append((slot, key, Stamp(*stamp) if stamp is not None else None, row.digest if row else ""))
    skipped = set(changed)
    pending = [(slot, key) for slot, key in enumerate(keys) if slot not in skipped]
    gone = {keys[slot] for slot in changed}.union(removed)
    holding = {key for key, record in zip(kept_keys, records, strict=True) if record and key not in gone}
    return rows, todo, pending, holding, removed


def vouched(index: Index | None, fingerprint: str | None) -> bool:
    """Whether the index vouches for every row at once (see the notes at the top)."""
    if index is None or fingerprint is None:
        return False
    try:
        return index.vouched(fingerprint)
    except sqlite3.Error:
        return False
