"""Scanning one record file: everything lint and the index need from it, in a small value.

A file is read once (safely, see `recordfiles.read_record_bytes`), parsed, validated, and checked by
the record rules while its node tree is at hand; then the tree is dropped. What is kept is small
and picklable, so parallel workers can send it back and the index can store it:

- the loader's and the record rules' diagnostics, already placed (line, column);
- the record's `Facts` for the cross-record rules;
- for the query commands: a valid record's search text and summary, and every record's data as
  JSON (`summaries.py`).

The facts rules' problems are placed later, by reading again only the files that have some
(`positions_in_file`); the index keeps those positions with the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspectkit.loader import Locator, load_bytes, original_column
from inspectkit.recordfiles import Unreadable, content_digest, read_record_bytes
from inspectkit.repository import Record
from inspectkit.rules import RECORD_RULES, Facts, Scope, extract_facts
from inspectkit.summaries import encode_data, search_text, summary
from inspectkit.validation import Loc, validate

# (line, column, code, message): a diagnostic of the file, without its path and severity (both
# are given when it is shown: the path as seen from the current folder, the severity as selected).
Found = tuple[int, int, str, str]


@dataclass(slots=True)
class Scanned:
    """What one file gave. `key` names the file in the index (relative to the repository root)."""

    key: str
    digest: str
    facts: Facts | None
    found: list[Found] = field(default_factory=list)
    text: str = ""  # a valid record's text as `--search` sees it (summaries.search_text)
    summary: dict[str, Any] | None = None  # a valid record's fields for `actions` and `stats`
    data: str | None = None  # a record's data as read, as JSON (summaries.encode_data)


def place_key(loc: Loc, at: str) -> str:
    """A place as text, for kept positions: keys as written, list positions as `#n`, then `at`."""
    return "\x1f".join([*(part if isinstance(part, str) else f"#{part}" for part in loc), at])


def scan_file(path: Path, key: str, scope: Scope) -> Scanned:
    """Read, parse, validate and check one file. Never raises for bad input."""
    try:
        raw = read_record_bytes(path)
    except Unreadable as exc:
        return Scanned(key, "", None, [(1, 1, exc.code, exc.message)])
    return scan_bytes(path, key, raw, scope)


def scan_bytes(path: Path, key: str, raw: bytes, scope: Scope) -> Scanned:
    loaded = load_bytes(key, raw)
    result = Scanned(key, content_digest(raw), None)
    result.found = [(d.line, d.column, d.code, d.message) for d in loaded.diagnostics]
    if loaded.data is None:
        return result
    model, issues = validate(loaded.data)
    record = Record(path, key, loaded.data, loaded.node, model, issues, loaded.original_lines)
    locator = Locator(loaded.node)
    lines = loaded.original_lines

    def place(loc: Loc, at: str) -> tuple[int, int]:
        line, column = locator.locate(loc, at)
        if lines:  # a file not in NFC: its columns as written
            column = original_column(lines, line, column)
        return line, column

    for rule in RECORD_RULES:
        if rule.kinds and record.kind not in rule.kinds:
            continue
        if rule.valid_only and model is None:
            continue
        for problem in rule.check(record, scope):
            line, column = place(problem.loc, problem.at)
            result.found.append((line, column, rule.code.code, problem.message))
    result.facts = extract_facts(record, key)
    result.data = encode_data(loaded.data)
    if model is not None:
        result.text = search_text(loaded.data)
        result.summary = summary(model)
    return result


def positions_in_file(path: Path, places: list[tuple[Loc, str]]) -> tuple[str, dict[str, tuple[int, int]]]:
    """Positions of places in a file, read again (by `place_key`), and the digest of what was
    read: for the facts rules' problems, found only for the files that have some."""
    try:
        raw = read_record_bytes(path)
    except Unreadable:
        return "", {}
    loaded = load_bytes(str(path), raw)
    locator = Locator(loaded.node)
    out: dict[str, tuple[int, int]] = {}
    for loc, at in places:
        line, column = locator.locate(loc, at)
        if loaded.original_lines:
            column = original_column(loaded.original_lines, line, column)
        out[place_key(loc, at)] = (line, column)
    return content_digest(raw), out
