"""`inspectkit fmt`: records rewritten in the canonical form, through the editing engine.

Canonical form: UTF-8 without BOM, `\\n` line ends, NFC text, dates of date fields written ISO
(`24/11/2022` -> `2022-11-24`), mappings indented 2 spaces, list items `  - ` indented 2 under
their key (their content at 4), as FORMAT.md's examples; no line wrapping; comments, key order,
quoting and blank lines kept. A formatted file loads to the same values as before (checked), and
only files inside the repository are read or written (a link out is refused).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from inspectkit.editing import locked, read_source, unified_diff, write_source
from inspectkit.errors import InspectkitError, Refused
from inspectkit.loader import load_text
from inspectkit.roundtrip import CANONICAL, dump_document, load_document, ruamel_yaml, same_style
from inspectkit.text import iso_suggestion


def _fix_dates(node: Any, paths: Iterable[tuple[str, ...]]) -> None:
    for path in paths:
        _fix_date_at(node, path)


def _fix_date_at(node: Any, path: tuple[str, ...]) -> None:
    if isinstance(node, list):
        for item in node:
            _fix_date_at(item, path)
        return
    if not isinstance(node, dict) or not path or path[0] not in node:
        return
    head, rest = path[0], path[1:]
    value = node[head]
    if rest:
        _fix_date_at(value, rest)
        return
    if isinstance(value, str) and (iso := iso_suggestion(value)) is not None:
        node[head] = date.fromisoformat(iso)


def _nfc_values(node: Any) -> None:
    """Text values in NFC, in place, each keeping its quoting style. (The file's text is put in NFC
    before it is read; this catches text written with escapes, `"a\\u0300"`, which ruamel would
    write out decomposed.)"""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in list(items):
        if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
            node[key] = same_style(value, unicodedata.normalize("NFC", value))
        else:
            _nfc_values(value)


def _nfc_data(value: Any) -> Any:
    """Plain data with its text in NFC (what `_nfc_values` makes of the document)."""
    if isinstance(value, dict):
        return {k: _nfc_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc_data(v) for v in value]
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _date_paths(kind: Any) -> frozenset[tuple[str, ...]]:
    from inspectkit import kinds
    from inspectkit.queries import date_fields

    return date_fields(kind) if isinstance(kind, str) and kinds.is_kind(kind) else frozenset()


def canonical(text: str) -> str:
    """The canonical form of a record's text (see the module notes). Raises Refused when the file
    cannot be read as YAML, or when formatting would change a value (never written then)."""
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    before = load_text("", text)
    if before.data is None:
        problem = before.diagnostics[0].message if before.diagnostics else "not a record"
        raise Refused(f"{problem}; fix it first (`inspectkit lint` shows where)")
    yml = ruamel_yaml(CANONICAL)
    doc = load_document(yml, text)
    kind = doc.get("kind") if isinstance(doc, dict) else None
    _fix_dates(doc, _date_paths(kind))
    _nfc_values(doc)
    out = dump_document(yml, doc).rstrip("\n") + "\n"
    expected = _nfc_data(before.data)
    _fix_dates(expected, _date_paths(kind))  # the same fixes on the plain data, to check against
    if load_text("", out).data != expected:
        raise Refused(
            "formatting would change the record's values, so it was left as it is (please report this)"
        )
    return _strip_trailing_spaces(out, expected)


def _strip_trailing_spaces(text: str, expected: Any) -> str:
    """Trailing spaces go, except where they are part of a value (a literal block keeps them)."""
    lines = text.split("\n")
    tidy = [line.rstrip() for line in lines]
    if tidy == lines or load_text("", "\n".join(tidy)).data == expected:
        return "\n".join(tidy)
    for index, line in enumerate(lines):  # rare: try line by line
        if line != tidy[index]:
            trial = [*lines[:index], tidy[index], *lines[index + 1 :]]
            if load_text("", "\n".join(trial)).data == expected:
                lines = trial
    return "\n".join(lines)


@dataclass
class FileOutcome:
    """What `fmt` did with one file: `diff` when it changes (or would), `problem` when it cannot."""

    path: Path
    shown: str
    diff: str = ""
    problem: str = ""


@dataclass
class FormatResult:
    outcomes: list[FileOutcome] = field(default_factory=list)

    @property
    def changed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.diff]

    @property
    def problems(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.problem]

    @property
    def unchanged(self) -> int:
        return len(self.outcomes) - len(self.changed) - len(self.problems)


def format_file(path: Path, root: Path, *, check: bool) -> FileOutcome:
    """Format one file (or, with `check`, only say how it would change)."""
    from inspectkit.files import resolve_inside
    from inspectkit.recordfiles import display_path

    outcome = FileOutcome(path, display_path(path))
    try:
        with locked(resolve_inside(root, path)):
            source = read_source(path, root)
            before = source.raw.decode("utf-8")
            after = canonical(before)
            if after == before:
                return outcome
            if not check:
                # The canonical form has no BOM and `\n` line ends: written as it is.
                write_source(replace(source, bom=False, newline="\n"), after)
    except InspectkitError as exc:
        outcome.problem = str(exc)
        return outcome
    outcome.diff = unified_diff(outcome.shown, before, after)
    return outcome


def format_files(files: Iterable[Path], root: Path, *, check: bool) -> FormatResult:
    """`fmt` over `files`: each formatted on its own; a file that cannot be is reported, not fatal."""
    return FormatResult([format_file(path, root, check=check) for path in files])
