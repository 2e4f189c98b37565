"""Scanning one record file: everything lint and the index need from it, in a small value.

A file is read once (safely, see `loader.read_record_bytes`), parsed, validated, and checked by
the record rules while its node tree is at hand; then the tree is dropped. What is kept is small
and picklable, so parallel workers can send it back and the index can store it:

- the loader's and the record rules' diagnostics, already placed (line, column);
- the record's `Facts` for the cross-record rules;
- the positions of the places facts rules point at (references, and values one or two keys
  deep), so that their problems are placed without reading the file again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspectkit.loader import Locator, Unreadable, load_bytes, original_column, read_record_bytes
from inspectkit.repository import Record
from inspectkit.rules import RECORD_RULES, Facts, Scope, extract_facts
from inspectkit.settings import Settings
from inspectkit.validation import Loc, validate

# (line, column, code, message): a diagnostic of the file, without its path and severity (both
# are given when it is shown: the path as seen from the current folder, the severity as selected).
Found = tuple[int, int, str, str]


@dataclass
class Scanned:
    """What one file gave. `key` names the file in the index (relative to the repository root)."""

    key: str
    digest: str
    facts: Facts | None
    found: list[Found] = field(default_factory=list)
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)


def loc_key(loc: Loc) -> str:
    return json.dumps(list(loc), ensure_ascii=False, separators=(",", ":"))


def content_digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def scan_file(path: Path, key: str, settings: Settings) -> Scanned:
    """Read, parse, validate and check one file. Never raises for bad input."""
    try:
        raw = read_record_bytes(path)
    except Unreadable as exc:
        return Scanned(key, "", None, [(1, 1, exc.code, exc.message)])
    return scan_bytes(path, key, raw, settings)


def scan_bytes(path: Path, key: str, raw: bytes, settings: Settings) -> Scanned:
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

    scope = Scope(settings)
    for rule in RECORD_RULES:
        if rule.kinds and record.kind not in rule.kinds:
            continue
        if rule.valid_only and model is None:
            continue
        for problem in rule.check(record, scope):
            line, column = place(problem.loc, problem.at)
            result.found.append((line, column, rule.code.code, problem.message))
    facts = extract_facts(record, key)
    result.facts = facts
    result.positions = {loc_key(loc): place(loc, "value") for loc in _places(loaded.data, facts)}
    return result


def _places(data: dict[str, Any], facts: Facts) -> list[Loc]:
    """Where facts rules may point: every reference, and every value one or two keys deep."""
    places: list[Loc] = [loc for loc, _, _ in facts.refs]
    for key, value in data.items():
        places.append((key,))
        if isinstance(value, dict):
            places.extend((key, inner) for inner in value)
    return places


def position_in_file(path: Path, loc: Loc, at: str) -> tuple[int, int]:
    """The position of `loc` found by reading the file again (a place not kept by the scan)."""
    try:
        raw = read_record_bytes(path)
    except Unreadable:
        return 1, 1
    loaded = load_bytes(str(path), raw)
    line, column = Locator(loaded.node).locate(loc, at)
    if loaded.original_lines:
        column = original_column(loaded.original_lines, line, column)
    return line, column
