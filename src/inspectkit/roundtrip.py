"""Round trip: a change made on ruamel.yaml's document of a file, merged back into the file as
written, so that every line the change does not touch stays as it was.

The three-text merge: ruamel keeps comments, key order, quoting and blank lines, but re-emits
the whole document in one style. So an edit renders `base` (the file as ruamel writes it) and
`edited` (after the change); `base` -> `edited` is the intended change, `base` -> `original` the
file's own style, and a three-way merge applies the first to `original`. Where the two overlap,
ruamel's lines are taken for that region only.

Tabs: libyaml (lint) reads a tab as a separator where ruamel refuses it (`name:\\tX`, a tab before
a comment or at a line end). Before ruamel reads a file, such tabs become spaces and a plain value
holding a tab is written double-quoted with `\\t`; lines the edit does not touch keep their tabs.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from typing import Any

from inspectkit.errors import Refused


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
    """The indentation a file already uses (from the first nested mapping and the first list under
    a key), so that lines an edit adds look like their neighbours. FORMAT.md writes mapping 2,
    offset 2; PyYAML's default is offset 0."""
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


def ruamel_yaml(indent: Indent) -> Any:
    """ruamel's round-trip reader and writer, as every edit uses it: quotes kept, no wrapping."""
    from ruamel.yaml import YAML

    yml = YAML(typ="rt")
    yml.preserve_quotes = True
    yml.width = sys.maxsize  # never wrap a line of text: wrapping can change what a plain scalar holds
    yml.allow_unicode = True
    yml.indent(mapping=indent.mapping, sequence=indent.sequence, offset=indent.offset)
    yml.representer.ignore_aliases = lambda _data: True  # an edit never writes an anchor
    return yml


_RAW_BREAKS = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


def load_document(yml: Any, text: str) -> Any:
    """ruamel's document of `text` (tabs made readable first); Refused when it cannot be read."""
    from ruamel.yaml.error import YAMLError

    try:
        return yml.load(readable_tabs(text))
    except YAMLError as exc:
        separator = next((c for c in _RAW_BREAKS if c in text), None)
        if separator is not None:
            # libyaml (lint) reads these as text, ruamel (the editor) as line breaks in some places
            raise Refused(
                f"the file holds a raw line separator U+{ord(separator):04X} that cannot be edited in"
                f" place: write it as the escape {_RAW_BREAKS[separator]} inside double quotes, or remove it"
            ) from None
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise Refused(f"cannot read the file as YAML ({first}): run `inspectkit lint` on it") from None


def dump_document(yml: Any, doc: Any) -> str:
    out = StringIO()
    yml.dump(doc, out)
    return out.getvalue()


def readable_tabs(text: str) -> str:
    """`text` as ruamel can read it, holding the same values: a tab that separates tokens becomes a
    space, and a plain value holding a tab is written double-quoted (`"a\\tb"`). Comments, and
    tabs inside quoted values and block text, are left alone."""
    if "\t" not in text:
        return text
    import yaml

    try:
        tokens = list(yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    except yaml.YAMLError:
        return text  # ruamel will say what is wrong
    out: list[str] = []
    at = 0
    for token in tokens:
        start, end = token.start_mark.index, token.end_mark.index
        if start < at:
            continue
        out.append(_separators(text[at:start]))
        if isinstance(token, yaml.ScalarToken) and token.plain and "\t" in text[start:end]:
            out.append(json.dumps(token.value, ensure_ascii=False))
        else:
            out.append(text[start:end])
        at = end
    out.append(_separators(text[at:]))
    return "".join(out)


def _separators(gap: str) -> str:
    """Text between tokens: whitespace, and comments (from `#` to the line end, kept as they are)."""
    lines = gap.split("\n")
    for index, line in enumerate(lines):
        code, hash_, comment = line.partition("#")
        lines[index] = code.replace("\t", " ") + hash_ + comment
    return "\n".join(lines)


def merge3(original: str, base: str, edited: str) -> str:
    """Apply the change `base` -> `edited` to `original`, where `original` differs from `base` only in
    style. Where both changed the same lines, `edited` wins for those lines."""
    b = base.splitlines(keepends=True)
    clusters = _clusters(_hunks(b, original, edited))
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


_Hunk = tuple[int, int, str, list[str]]


def _hunks(base: list[str], original: str, edited: str) -> list[_Hunk]:
    """The changes from `base` to each side, as (start, end, side, new lines), in order."""
    hunks: list[_Hunk] = []
    for side, text in (("o", original), ("e", edited)):
        lines = text.splitlines(keepends=True)
        matcher = difflib.SequenceMatcher(None, base, lines, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "replace" and i2 - i1 == j2 - j1:
                # Line for line (a style change: indentation, spacing): one hunk a line, so that a
                # conflict with the other side takes ruamel's text for the lines both changed only.
                hunks.extend((i1 + k, i1 + k + 1, side, [lines[j1 + k]]) for k in range(i2 - i1))
            elif tag != "equal":
                hunks.append((i1, i2, side, lines[j1:j2]))
    hunks.sort(key=lambda h: (h[0], h[1]))
    return hunks


def _clusters(hunks: list[_Hunk]) -> list[tuple[int, int, list[_Hunk]]]:
    clusters: list[tuple[int, int, list[_Hunk]]] = []
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
    return clusters


def round_trip(text: str, change: Callable[[Any], None], indent: Indent | None = None) -> str:
    """`text` with `change` applied to its ruamel document, every other line as it was.

    The lines the change adds are indented as the file indents (`detect_indent`); in a file that
    indents its lists in several ways the merge could misplace them, so the result must read back
    as ruamel's own rendering of the change: other indentations are tried, and as a last resort
    ruamel's rendering is taken whole (the values right, the file's layout lost)."""
    first: str | None = None
    for candidate in [indent] if indent else _indents(text):
        yml = ruamel_yaml(candidate)
        base = dump_document(yml, load_document(yml, text))
        doc = load_document(yml, text)
        change(doc)
        edited = dump_document(yml, doc)
        merged = merge3(text, base, edited)
        if _reads_the_same(merged, edited):
            return merged
        first = first or edited
    return first if first is not None else text


def _indents(text: str) -> list[Indent]:
    """The file's own indentation first, then the other usual ones."""
    found = detect_indent(text)
    others = [Indent(m, o + 2, o) for m in (2, 4) for o in (2, 0, 4)]
    return [found, *(i for i in others if i != found)]


def _reads_the_same(merged: str, edited: str) -> bool:
    from inspectkit.loader import load_text

    after = load_text("", merged)
    return not after.diagnostics and after.data == load_text("", edited).data


# ---------------------------------------------------------------------------------------------
# Changing a ruamel document as a person would: values keep their quoting, comments stay put.


def same_style(old: Any, new: Any) -> Any:
    """`new` quoted as `old` was (`"open"` stays double-quoted when it becomes `"done"`)."""
    from ruamel.yaml.scalarstring import ScalarString

    if isinstance(old, ScalarString) and isinstance(new, str):
        return type(old)(new)
    return new


def put(mapping: Any, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Set `key`, in place when present, else at its place in `order` (FORMAT.md's field order)."""
    if key in mapping:
        mapping[key] = same_style(mapping[key], value)
        return
    rank = order.index(key)
    keys = list(mapping.keys())
    position = next(
        (i for i, existing in enumerate(keys) if existing in order and order.index(existing) > rank),
        len(keys),
    )
    mapping.insert(position, key, value)


def deepest_last(node: Any) -> tuple[Any, Any] | None:
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


def detach_tail(holder: tuple[Any, Any] | None) -> str:
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


def attach_tail(holder: tuple[Any, Any] | None, rest: str) -> None:
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


def _holder(mapping: Any, key: Any) -> tuple[Any, Any] | None:
    value = mapping[key]
    return deepest_last(value) if isinstance(value, (dict, list)) and value else (mapping, key)


def remove(mapping: Any, key: str) -> None:
    """Remove `key` but keep the comments and blank lines written after it."""
    keys = list(mapping.keys())
    index = keys.index(key)
    rest = detach_tail(_holder(mapping, key))
    mapping.ca.items.pop(key, None)
    del mapping[key]
    if index > 0:
        attach_tail(_holder(mapping, keys[index - 1]), rest)
