"""What a survey writes to the index: the scans, in batches as files are scanned, and then the
stamps (and when every file had settled, their fingerprint) for the next command (stamps.py)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from inspectkit.index import Index, Stamp
from inspectkit.indexcells import storable
from inspectkit.stamps import FileStamp, trustworthy

if TYPE_CHECKING:
    from inspectkit.scan import Scanned
    from inspectkit.survey import Survey


class BatchWrites:
    """The survey's writes to the index, made in batches as files are scanned. Once a batch is
    written, its scans are let go: read back from the index when a command needs them, as the
    scans of unchanged files are. So a cold lint of a large repository never holds every
    record's scan while the workers run, only once they are done (memory of the process tree,
    docs/speed.md). After a failed write (another command holds the lock) nothing more is written
    this time, and the scans stay in memory."""

    def __init__(
        self, result: Survey, index: Index | None, slots: list[Scanned | None], pending: list[tuple[int, str]]
    ) -> None:
        self.result, self.index = result, index
        self.slots, self.pending = slots, pending
        self.slots_of: dict[str, int] = {}  # key -> slot, of the scans not yet written
        self.any = False  # whether a scan was written
        self.failed = False

    def write(
        self,
        fresh: list[tuple[Stamp, int, Scanned]],
        restamped: list[tuple[Stamp, int, str]],
        removed: list[str],
    ) -> None:
        if self.index is None or self.failed:
            return
        try:
            written = self.index.write(fresh, restamped, removed)
        except sqlite3.Error:
            written = False
        if not written:
            self.failed = True
            return
        self.any = self.any or bool(fresh)
        for _, _, entry in fresh:
            slot = self.slots_of.pop(entry.key)
            if storable(entry.key):
                entry.text, entry.summary, entry.data = "", None, None
                del self.result.fresh[entry.key]
                self.slots[slot] = None
                self.pending.append((slot, entry.key))


def keep_for_next(
    index: Index, result: Survey, stamps: list[FileStamp], taken: int, whole: str | None
) -> None:
    """The rows now hold every file as stamped. Keep the stamps, so that after the next edit a
    command reads only the rows of the files whose stamps changed; and when every file had
    settled, their fingerprint (`whole`), so that the next command trusts every row at once."""
    records = bytes(key in result.record_keys for key in result.keys)
    index.keep_stamps(result.keys, trustworthy(stamps, taken), records)
    if whole is not None:
        index.vouch(whole)
