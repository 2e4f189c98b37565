"""Edits that keep the file: `finding set-status` and `fmt`, through ruamel.yaml's round trip.

A careful person changing one value leaves every other line alone. ruamel.yaml keeps comments, key
order, quoting and blank lines, but re-emits the whole document in one style: a file that mixes
indentation styles, or wraps a long value over lines, would come back changed in places nobody
asked for. So an edit is done in three texts:

- `original`: the file as it is;
- `base`: ruamel's rendering of the file, unchanged;
- `edited`: ruamel's rendering after the change.

`base` -> `edited` is the intended change, `base` -> `original` is the file's own style; a three-way
merge applies the first to `original`. Where the two overlap, ruamel's lines are taken for that
region only. The read path never comes here: queries and lint use the fast loader.

Canonical form (`fmt`): UTF-8 without BOM, `\\n` line ends, NFC text, dates of date fields written
ISO (`24/11/2022` -> `2022-11-24`), mappings indented 2 spaces, list items `  - ` indented 2 under
their key (their content at 4), as FORMAT.md's examples; no line wrapping; comments, key order,
quoting and blank lines kept. A formatted file loads to the same values as before (checked).
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

from inspectkit.loader import load_text
from inspectkit.text import iso_suggestion


class EditError(Exception):
    """The edit cannot be made (the message says why): exit status 1."""


@dataclass(frozen=True)
class Indent:
    """ruamel's indentation: `mapping` for nested keys; list items' dash at `offset`, content at `sequence`."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


CANONICAL = Indent()

_KEY_LINE = re.compile(r"^( *)[^\s#-][^#]*:\s*(#.*)?$")
_DASH_LINE = re.compile(r"^( *)- ")
_ANY_LINE = re.compile(r"^( *)\S")


def detect_indent(text: str) -> Indent:
    """The indentation a file already uses, so that lines an edit adds look like their neighbours."""
    mapping: int | None = None
    offset: int | None = None
    lines = text.split("\n")
    for index, line in enumerate(lines[:-1]):
        key = _KEY_LINE.match(line)
        if not key:
            continue
        nxt = next((n for n in lines[index + 1 :] if n.strip() and not n.lstrip().startswith("#")), None)
        if nxt is None:
            break
        dash, other = _DASH_LINE.match(nxt), _ANY_LINE.match(nxt)
        if dash and offset is None:
            offset = len(dash.group(1)) - len(key.group(1))
        elif not dash and other and mapping is None and len(other.group(1)) > len(key.group(1)):
            mapping = len(other.group(1)) - len(key.group(1))
        if mapping is not None and offset is not None:
            break
    mapping = mapping or CANONICAL.mapping
    offset = CANONICAL.offset if offset is None or offset < 0 else offset
    return Indent(mapping, offset + 2, offset)


def _yaml(indent: Indent) -> Any:
    from ruamel.yaml import YAML

    yml = YAML(typ="rt")
    yml.preserve_quotes = True
    yml.width = sys.maxsize  # never wrap a line of text: wrapping can change what a plain scalar holds
    yml.allow_unicode = True
    yml.indent(mapping=indent.mapping, sequence=indent.sequence, offset=indent.offset)
    yml.representer.ignore_aliases = lambda _data: True  # an edit never writes an anchor
    return yml


def _load(yml: Any, text: str) -> Any:
    from ruamel.yaml.error import YAMLError

    try:
        return yml.load(text)
    except YAMLError as exc:
        separator = next((c for c in _RAW_BREAKS if c in text), None)
        if separator is not None:
            # libyaml (lint) reads these as text, ruamel (the editor) as line breaks in some places
            raise EditError(
                f"the file holds a raw line separator U+{ord(separator):04X} that cannot be edited in"
                f" place: write it as the escape {_RAW_BREAKS[separator]} inside double quotes, or remove it"
            ) from None
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EditError(f"cannot read the file as YAML ({first}): run `inspectkit lint` on it") from None


_RAW_BREAKS = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


def _dump(yml: Any, doc: Any) -> str:
    out = StringIO()
    yml.dump(doc, out)
    return out.getvalue()


def merge3(original: str, base: str, edited: str) -> str:
    """Apply the change `base` -> `edited` to `original`, where `original` differs from `base` only in
    style. Where both changed the same lines, `edited` wins for those lines."""
    b = base.splitlines(keepends=True)
    sides = {"o": original.splitlines(keepends=True), "e": edited.splitlines(keepends=True)}
    hunks: list[tuple[int, int, str, list[str]]] = []
    for side, lines in sides.items():
        matcher = difflib.SequenceMatcher(None, b, lines, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                hunks.append((i1, i2, side, lines[j1:j2]))
    hunks.sort(key=lambda h: (h[0], h[1]))
    clusters: list[tuple[int, int, list[tuple[int, int, str, list[str]]]]] = []
    for hunk in hunks:
        start, end = hunk[0], hunk[1]
        if clusters:
            cs, ce, members = clusters[-1]
            # Overlapping changes, or two insertions at one place, conflict. A change that only
            # touches another (an insertion just before a replaced line) keeps both, in order.
            if start < ce or (start == end == cs == ce):
                clusters[-1] = (cs, max(ce, end), [*members, hunk])
                continue
        clusters.append((start, end, [hunk]))
    out: list[str] = []
    pos = 0
    for cs, ce, members in clusters:
        out.extend(b[pos:cs])
        chosen = "e" if any(m[2] == "e" for m in members) else "o"
        at = cs
        for start, end, side, lines in members:
            if side != chosen:
                continue
            out.extend(b[at:start])
            out.extend(lines)
            at = end
        out.extend(b[at:ce])
        pos = ce
    out.extend(b[pos:])
    return "".join(out)


def round_trip(text: str, change: Callable[[Any], None], indent: Indent | None = None) -> str:
    """`text` with `change` applied to its ruamel document, every other line as it was."""
    yml = _yaml(indent or detect_indent(text))
    base = _dump(yml, _load(yml, text))
    doc = _load(yml, text)
    change(doc)
    return merge3(text, base, _dump(yml, doc))


# ---------------------------------------------------------------------------------------------
# finding set-status

STATUSES = ("open", "in-progress", "done", "dropped")
_ACTION_ORDER = ("owner", "due", "status", "done_on", "history")


def _same_style(old: Any, new: Any) -> Any:
    """`new` quoted as `old` was (`"open"` stays double-quoted when it becomes `"done"`)."""
    from ruamel.yaml.scalarstring import ScalarString

    if isinstance(old, ScalarString) and isinstance(new, str):
        return type(old)(new)
    return new


def _put(mapping: Any, key: str, value: Any) -> None:
    """Set `key`, in place when present, else at its place in FORMAT.md's order of action fields."""
    if key in mapping:
        mapping[key] = _same_style(mapping[key], value)
        return
    rank = _ACTION_ORDER.index(key)
    keys = list(mapping.keys())
    position = len(keys)
    for index, existing in enumerate(keys):
        if existing in _ACTION_ORDER and _ACTION_ORDER.index(existing) > rank:
            position = index
            break
    mapping.insert(position, key, value)


def _deepest_last(node: Any) -> tuple[Any, Any] | None:
    """(container, key) of the last scalar in `node`: where ruamel keeps the comments that follow it."""
    while True:
        if isinstance(node, dict) and node:
            key: Any = list(node.keys())[-1]
        elif isinstance(node, list) and node:
            key = len(node) - 1
        else:
            return None
        value = node[key]
        if isinstance(value, (dict, list)) and value:
            node = value
            continue
        return node, key


def _tail_slot(container: Any) -> int:
    return 0 if isinstance(container, list) else 2


def _detach_tail(holder: tuple[Any, Any] | None) -> str:
    """Take the blank lines and comments after the value at `holder`, leaving its own line comment."""
    if holder is None:
        return ""
    container, key = holder
    tokens = container.ca.items.get(key)
    slot = _tail_slot(container)
    if not tokens or len(tokens) <= slot or tokens[slot] is None:
        return ""
    value: str = tokens[slot].value
    newline = value.find("\n")
    if newline < 0:
        return ""
    tokens[slot].value = value[: newline + 1]
    return value[newline + 1 :]


def _attach_tail(holder: tuple[Any, Any] | None, rest: str) -> None:
    """Put `rest` (blank lines and comments) after the value at `holder`."""
    if holder is None or not rest:
        return
    container, key = holder
    slot = _tail_slot(container)
    tokens = container.ca.items.setdefault(key, [None, None, None, None])
    if tokens[slot] is not None:
        tokens[slot].value += rest
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    tokens[slot] = CommentToken("\n" + rest, CommentMark(0), None)


def _remove(mapping: Any, key: str) -> None:
    """Remove `key` but keep the comments and blank lines written after it."""
    keys = list(mapping.keys())
    index = keys.index(key)
    value = mapping[key]
    own = _deepest_last(value) if isinstance(value, (dict, list)) and value else (mapping, key)
    rest = _detach_tail(own)
    mapping.ca.items.pop(key, None)
    del mapping[key]
    if index > 0:
        previous = mapping[keys[index - 1]]
        holder = (
            _deepest_last(previous)
            if isinstance(previous, (dict, list)) and previous
            else (mapping, keys[index - 1])
        )
        _attach_tail(holder, rest)


def clean_note(note: str | None) -> str | None:
    """A history note as stored: None when blank; else NFC, CRLF as LF, no blanks around it or at
    line ends (as the authoring commands store text). A control character (other than tab and line
    feed) is refused with EditError naming it: it cannot be typed or seen in a file, and YAML
    cannot hold most of them unescaped."""
    from inspectkit.answers import BadAnswer, clean_text

    if note is None or not note.strip():
        return None
    try:
        return clean_text(note, multiline=True)
    except BadAnswer as exc:
        raise EditError(str(exc)) from None


# Text that is safe to write plain anywhere, block or flow context: no YAML indicator at all.
_PLAIN_SAFE = re.compile(r"[^\s:#{}\[\],&*!|>'\"%@`?\-][^:#{}\[\],]*")


def _text_scalar(value: str) -> Any:
    """`value` single-quoted unless it is safe to write plain: no YAML indicator (`:#`, `{`, a
    leading `-`… can break a plain scalar, in a flow mapping above all) and nothing the loader
    (YAML 1.1) would read as other than text (`yes`, `on`, `1:30`, `0b11`, `1_000`). Several lines
    are left to ruamel, which writes them as a block."""
    import yaml
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    if "\n" in value:
        return value
    resolver = yaml.resolver.Resolver()
    tag = resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if tag != "tag:yaml.org,2002:str" or not _PLAIN_SAFE.fullmatch(value) or value != value.strip():
        return SingleQuotedScalarString(value)
    return value


def set_status(text: str, status: str, on: date, note: str | None = None) -> str:
    """The finding's text with its action set to `status` on `on`: `status` updated, an entry
    `{date, status, note}` appended to `history`, `done_on` set when done and removed otherwise.
    The note is stored as `clean_note` gives it (EditError for a control character)."""
    if status not in STATUSES:
        raise EditError(f"unknown status '{status}': choose one of {', '.join(STATUSES)}")
    note = clean_note(note)

    def change(doc: Any) -> None:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        action = doc.get("action") if isinstance(doc, dict) else None
        if not isinstance(action, dict):
            raise EditError(
                f"finding '{doc.get('id')}' has no action to update: add `action:` with an `owner:` first"
            )
        tail = _detach_tail(_deepest_last(action))
        _put(action, "status", status)
        if status == "done":
            _put(action, "done_on", date(on.year, on.month, on.day))
        elif "done_on" in action:
            _remove(action, "done_on")
        entry = CommentedMap()
        entry["date"] = on
        entry["status"] = status
        if note:
            entry["note"] = _text_scalar(note)
        history = action.get("history")
        if isinstance(history, list):
            history.append(entry)
        else:
            if "history" in action:
                _remove(action, "history")
            _put(action, "history", CommentedSeq([entry]))
        _attach_tail(_deepest_last(action), tail)

    return round_trip(text, change)


def read_for_edit(path: Path) -> str:
    """A record's text, to be edited: EditError when it cannot be read or is not UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EditError(f"cannot read the file ({exc.strerror or exc})") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EditError("not UTF-8 text: run `inspectkit lint` on it") from None


def check_writable(path: Path) -> None:
    """EditError for a read-only file. (The atomic write renames a new file over the old one, which
    a read-only mode alone would not stop: the mode is a person's wish to keep the file as it is.)"""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise EditError(f"cannot read the file ({exc.strerror or exc})") from None
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise EditError("the file is read-only, so it was left as it is: make it writable (chmod u+w) first")


def write_edited(path: Path, text: str) -> None:
    """Write an edited record over its file, atomically; a read-only file is refused (EditError)."""
    from inspectkit.files import write_atomic

    check_writable(path)
    try:
        write_atomic(path, text, overwrite=True)
    except OSError as exc:
        raise EditError(f"cannot write the file ({exc.strerror or exc}); it was left as it is") from None


def set_status_file(path: Path, status: str, on: date, note: str | None = None) -> str:
    """Edit a finding's file in place (atomically) with `set_status`; returns the new text.

    The file keeps its BOM and line ends; the result must still validate, or nothing is written.
    A read-only file is refused."""
    from inspectkit.validation import validate

    text = read_for_edit(path)
    check_writable(path)
    bom = text.startswith("\ufeff")
    crlf = "\r\n" in text
    body = text.removeprefix("\ufeff").replace("\r\n", "\n")
    new = set_status(body, status, on, note)
    loaded = load_text(str(path), unicodedata.normalize("NFC", new))
    model = None
    if loaded.data is not None:
        model, _issues = validate(loaded.data)
    if model is None:
        raise EditError(
            "the edited record would not validate, so nothing was written: run `inspectkit lint` on it"
        )
    if crlf:
        new = new.replace("\n", "\r\n")
    write_edited(path, ("\ufeff" if bom else "") + new)
    return new


# ---------------------------------------------------------------------------------------------
# fmt


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
            node[key] = _same_style(value, unicodedata.normalize("NFC", value))
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
    from inspectkit.models import KINDS
    from inspectkit.queries import date_fields

    return date_fields(kind) if isinstance(kind, str) and kind in KINDS else frozenset()


def canonical(text: str) -> str:
    """The canonical form of a record's text (see the module notes). Raises EditError when the file
    cannot be read as YAML, or when formatting would change a value (never written then)."""
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    before = load_text("", text)
    if before.data is None:
        problem = before.diagnostics[0].message if before.diagnostics else "not a record"
        raise EditError(f"{problem}; fix it first (`inspectkit lint` shows where)")
    yml = _yaml(CANONICAL)
    doc = _load(yml, text)
    kind = doc.get("kind") if isinstance(doc, dict) else None
    _fix_dates(doc, _date_paths(kind))
    _nfc_values(doc)
    out = _dump(yml, doc).rstrip("\n") + "\n"
    expected = _nfc_data(before.data)
    _fix_dates(expected, _date_paths(kind))  # the same fixes on the plain data, to check against
    if load_text("", out).data != expected:
        raise EditError(
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


def unified_diff(path: str, before: str, after: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{path}", f"b/{path}"
        )
    )
