"""What the index's cells hold, read and written: JSON (damaged JSON is never trusted), the text
SQLite can hold, lookups of many values at once, and kept scans decoded in chunks.

Light on purpose (json and sqlite3): the query commands read the index through these alone.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inspectkit.scan import Scanned


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


def dumps(value: Any) -> str:
    """JSON as the index keeps it: compact, Vietnamese text as it is (not escaped)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


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
