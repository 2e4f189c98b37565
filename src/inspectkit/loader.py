"""Reading one record file: bytes -> text -> YAML nodes (with positions) -> plain data.

libyaml's C parser composes the node tree (fast, and every node keeps its position); a small
walk turns nodes into Python values. The walk, not PyYAML's constructor, builds the data so that
duplicate keys, merge keys and over-deep nesting are seen (PyYAML silently keeps the last of two
duplicate keys). Anchors, aliases and explicit tags are looked for in the event stream, only in
files whose text could hold them; such a file is never constructed, so an alias bomb costs nothing
and no tag ever builds a Python object.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from inspectkit.diagnostics import Code, Diagnostic, Severity
from inspectkit.recordfiles import MAX_BYTES, Unreadable, too_big

try:  # libyaml's C parser when it is there; the pure-Python one otherwise.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# The codes the loader finds while it reads a file (rules.CODES lists every code).
CODES = (
    Code("IK100", Severity.ERROR, "YAML syntax error"),
    Code("IK101", Severity.ERROR, "duplicate key in a mapping"),
    Code("IK102", Severity.ERROR, "file is not UTF-8 text"),
    Code("IK103", Severity.WARNING, "text not in Unicode NFC"),
    Code("IK104", Severity.ERROR, "anchor, alias, merge key or explicit tag"),
    Code("IK105", Severity.ERROR, "empty file, several documents, or top level not a mapping"),
    Code("IK106", Severity.ERROR, "file over the limits (1 MiB, nesting deeper than 32)"),
)
_SEVERITY = {c.code: c.severity for c in CODES}

MAX_DEPTH = 32
# Python refuses to print integers of more than 4300 digits; a record never needs one.
_MAX_INT_BITS = 4000

_TAG = "tag:yaml.org,2002:"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_SCALARS = {
    _TAG + "int": _CONSTRUCTOR.construct_yaml_int,
    _TAG + "float": _CONSTRUCTOR.construct_yaml_float,
    _TAG + "bool": _CONSTRUCTOR.construct_yaml_bool,
    _TAG + "null": _CONSTRUCTOR.construct_yaml_null,
    _TAG + "timestamp": _CONSTRUCTOR.construct_yaml_timestamp,
}
_MERGE = _TAG + "merge"


@dataclass
class Loaded:
    """What one file gave: its data (None when it could not be read as a record) and problems.

    `node` is the root YAML node, kept so that rules can be given positions by path.
    """

    path: str
    data: dict[str, Any] | None = None
    node: yaml.MappingNode | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # For a file not in NFC (read as its NFC form): its lines as written, by 1-based number, where
    # they differ from NFC, so that columns can be given in the file as written (`original_column`).
    original_lines: dict[int, str] | None = None


class _Stop(Exception):
    """Raised inside the walk when the file cannot be read further."""


def _diag(path: str, line: int, column: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, column, code, _SEVERITY[code], message)


def unreadable(path: str, exc: Unreadable) -> Diagnostic:
    """The diagnostic of a file not read at all, on its first line."""
    return _diag(path, 1, 1, exc.code, exc.message)


def _diag_at(path: str, mark: Any, code: str, message: str) -> Diagnostic:
    """A diagnostic at a libyaml mark (0-based line and column)."""
    return _diag(path, mark.line + 1, mark.column + 1, code, message)


def _first_non_nfc(text: str) -> tuple[int, int]:
    """1-based position of the first character that NFC would change.

    For a combining accent (or anything else that composes with the character before it) that
    is the base letter it belongs to; otherwise the character itself.
    """
    for number, line in enumerate(text.split("\n"), start=1):
        if unicodedata.is_normalized("NFC", line):
            continue
        for index, char in enumerate(line):
            if not unicodedata.is_normalized("NFC", char):
                return number, index + 1
            if index > 0 and not unicodedata.is_normalized("NFC", line[index - 1 : index + 1]):
                return number, index  # the base letter at index - 1, 1-based
        return number, 1  # pragma: no cover - a line that is not NFC has such a character
    return 1, 1


def load_bytes(path: str, raw: bytes) -> Loaded:
    """Load one record from its bytes. Never raises for bad input: problems become diagnostics."""
    result = Loaded(path)
    out = result.diagnostics
    if len(raw) > MAX_BYTES:
        out.append(_diag(path, 1, 1, "IK106", too_big(len(raw))))
        return result
    wide = _utf16_or_32(raw)
    if wide is not None:
        out.append(
            _diag(
                path,
                1,
                1,
                "IK102",
                f"file is {wide} text, not UTF-8: re-save it as UTF-8 (in Notepad: Save as, Encoding UTF-8)",
            )
        )
        return result
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        # in characters, like every other column: the line's valid start decoded
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8")) + 1
        out.append(
            _diag(
                path,
                line,
                column,
                "IK102",
                f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); it may be Windows-1258 "
                "or a legacy Vietnamese font encoding (TCVN3, VNI): re-save it as UTF-8",
            )
        )
        return result
    if not unicodedata.is_normalized("NFC", text):
        line, column = _first_non_nfc(text)
        out.append(
            _diag(
                path,
                line,
                column,
                "IK103",
                "text is not in Unicode NFC (decomposed accents): run `inspectkit fmt` to normalise it",
            )
        )
        result.original_lines = {
            number: line
            for number, line in enumerate(text.split("\n"), start=1)
            if not unicodedata.is_normalized("NFC", line)
        }
        text = unicodedata.normalize("NFC", text)
        load_text(path, text, result)
        lines = result.original_lines
        out[1:] = [replace(d, column=original_column(lines, d.line, d.column)) for d in out[1:]]
        return result
    return load_text(path, text, result)


def _utf16_or_32(raw: bytes) -> str | None:
    """`UTF-16` or `UTF-32` (with the byte order) when the bytes are that, by their byte-order
    mark or, without one, by the zero bytes every ASCII character of such text carries."""
    for bom, name in (
        (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
        (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
        (b"\xff\xfe", "UTF-16 (little-endian)"),
        (b"\xfe\xff", "UTF-16 (big-endian)"),
    ):
        if raw.startswith(bom):
            return name
    head = raw[:200]
    odd, even = head[1::2].count(0), head[0::2].count(0)
    # Mostly ASCII text in UTF-16 has a zero in every other byte; UTF-8 text has none at all.
    if len(head) >= 4 and odd + even >= len(head) // 4:
        if odd >= 9 * even:
            return "UTF-16 (little-endian)"
        if even >= 9 * odd:
            return "UTF-16 (big-endian)"
    return None


def original_column(lines: dict[int, str] | None, line: int, column: int) -> int:
    """The column, in the file as written, of a 1-based `column` counted in the file's NFC text.

    Only lines that are not in NFC differ; each character with its combining marks composes on
    its own, so the line is walked one such cluster at a time.
    """
    original = lines.get(line) if lines else None
    if original is None or column <= 1:
        return column
    before, start = 0, 0  # NFC characters before `start`, a cluster boundary in `original`
    for index in range(1, len(original) + 1):
        if index < len(original) and unicodedata.combining(original[index]):
            continue
        composed = len(unicodedata.normalize("NFC", original[start:index]))
        if before + composed >= column - 1:
            return (index if before + composed == column - 1 else start) + 1
        before, start = before + composed, index
    return column + len(original) - before  # past the end of the line


def load_text(path: str, text: str, result: Loaded | None = None) -> Loaded:
    result = result or Loaded(path)
    out = result.diagnostics
    # Anchors need '&', aliases '*', explicit tags '!': only such files pay for the event scan.
    if ("&" in text or "*" in text or "!" in text) and _scan_events(path, text, out):
        return result
    try:
        docs = list(yaml.compose_all(text, Loader=_Loader))
    except RecursionError:  # the pure-Python composer on very deep nesting
        out.append(_too_deep(path, text))
        return result
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        if "maximum nesting depth" in problem:  # libyaml's own limit (far above ours)
            out.append(_too_deep(path, text))
        else:
            context = f" ({exc.context})" if exc.context else ""
            if _char_at(text, line, column) == "\t":
                context += ": a tab; YAML indents and separates with spaces, not tabs"
            out.append(_diag(path, line, column, "IK100", f"YAML syntax error: {problem}{context}"))
        return result
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. NUL
        line, column = _position(text, exc.position)
        out.append(
            _diag(path, line, column, "IK100", f"YAML error: {exc.reason} (character {exc.character!r})")
        )
        return result
    except yaml.YAMLError as exc:  # pragma: no cover - every YAMLError libyaml raises is one of the above
        out.append(_diag(path, 1, 1, "IK100", f"YAML error: {exc}"))
        return result
    if not docs or _is_empty(docs[0]):
        out.append(
            _diag(path, 1, 1, "IK105", "file is empty: a record is one YAML mapping starting with `kind:`")
        )
        return result
    if len(docs) > 1:
        mark = docs[1].start_mark
        out.append(
            _diag_at(path, mark, "IK105", "file holds several YAML documents: keep one record per file")
        )
        return result
    root = docs[0]
    if not isinstance(root, yaml.MappingNode):
        mark = root.start_mark
        out.append(
            _diag_at(
                path,
                mark,
                "IK105",
                "top level is not a mapping: a record is `key: value` lines starting with `kind:`",
            )
        )
        return result
    try:
        data = _construct(path, root, 1, out)
    except _Stop:
        return result
    result.data = data
    result.node = root
    return result


def _char_at(text: str, line: int, column: int) -> str:
    """The character at a 1-based place, or "" past the end."""
    lines = text.split("\n", line)
    return lines[line - 1][column - 1 : column] if line <= len(lines) else ""


def _is_empty(node: yaml.Node) -> bool:
    """A document with nothing in it (`---` alone): libyaml gives an empty null scalar."""
    return isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "null" and node.value == ""


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of a character index in `text`."""
    index = max(0, min(index, len(text)))
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _too_deep(path: str, text: str) -> Diagnostic:
    """IK106 at the first node nested deeper than MAX_DEPTH, found from the event stream.

    The pure-Python parser is used: it keeps a stack, not recursion, and unlike libyaml it has no
    flow-level limit of its own that would stop it before the place is found (rare, so its
    slowness does not matter).
    """
    line, column, open_collections = 1, 1, 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)):
                if open_collections + 1 > MAX_DEPTH:
                    mark = event.start_mark
                    if mark is not None:
                        line, column = mark.line + 1, mark.column + 1
                    break
                if isinstance(event, yaml.CollectionStartEvent):
                    open_collections += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                open_collections -= 1
    except yaml.YAMLError:
        pass  # a syntax error before the depth was reached: the file's start is the best place
    return _diag(path, line, column, "IK106", f"nesting deeper than {MAX_DEPTH} levels: flatten the record")


def _scan_events(path: str, text: str, out: list[Diagnostic]) -> bool:
    """Report anchors, aliases and explicit tags; True when any was found."""
    found = False
    try:
        for event in yaml.parse(text, Loader=_Loader):
            mark = event.start_mark
            if mark is None:  # pragma: no cover - libyaml always sets marks
                continue
            anchor, tag = getattr(event, "anchor", None), getattr(event, "tag", None)
            if isinstance(event, yaml.AliasEvent):
                what = f"alias `*{anchor}`"
            elif anchor:
                what = f"anchor `&{anchor}`"
            elif tag not in (None, "!"):
                written = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
                what = f"explicit tag `{written}`"
            else:
                continue
            found = True
            out.append(
                _diag_at(path, mark, "IK104", f"{what}: records are plain YAML; write the value out in full")
            )
    except yaml.YAMLError:
        return found  # the syntax error is reported by compose, unless something was found
    return found


def _construct(path: str, node: yaml.Node, depth: int, out: list[Diagnostic]) -> Any:
    if depth > MAX_DEPTH:
        mark = node.start_mark
        out.append(
            _diag_at(path, mark, "IK106", f"nesting deeper than {MAX_DEPTH} levels: flatten the record")
        )
        raise _Stop
    if isinstance(node, yaml.ScalarNode):
        convert = _SCALARS.get(node.tag)
        if convert is None:
            return node.value
        try:
            value = convert(node)
        except (ValueError, TypeError, OverflowError):
            return node.value  # e.g. 2022-02-30: the models report it as a bad date
        if isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:
            return node.value  # too long to print as a number: kept as the text written
        return value
    if isinstance(node, yaml.SequenceNode):
        return [_construct(path, child, depth + 1, out) for child in node.value]
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            mark = key_node.start_mark
            out.append(_diag_at(path, mark, "IK100", "a key must be plain text, not a list or mapping"))
            continue
        key = key_node.value
        if key_node.tag == _MERGE:
            mark = key_node.start_mark
            out.append(
                _diag_at(
                    path,
                    mark,
                    "IK104",
                    "merge key `<<`: records are plain YAML; write the fields out in full",
                )
            )
            continue
        if key in mapping:
            mark = key_node.start_mark
            out.append(
                _diag_at(
                    path,
                    mark,
                    "IK101",
                    f"duplicate key '{key}': it is already set above in this mapping; keep one",
                )
            )
            continue
        mapping[key] = _construct(path, value_node, depth + 1, out)
    return mapping


def locate(root: yaml.Node | None, loc: tuple[str | int, ...], at: str = "value") -> tuple[int, int]:
    """1-based (line, column) of the key or value at `loc` under `root` (see `Locator`)."""
    return Locator(root).locate(loc, at)


class Locator:
    """Positions of places in one file's node tree, for many problems in linear time.

    Follows `loc` as far as it exists; `at="key"` gives the key's position, `at="value"` the
    value's; a missing leaf gives the mapping that lacks it. Each mapping's keys are indexed the
    first time a problem looks into it, so 40,000 unknown keys cost one pass, not 40,000.
    """

    def __init__(self, root: yaml.Node | None) -> None:
        self.root = root
        self._keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}

    def locate(self, loc: tuple[str | int, ...], at: str = "value") -> tuple[int, int]:
        if self.root is None:
            return 1, 1
        node: yaml.Node = self.root
        key_node: yaml.Node | None = None
        for part in loc:
            child = self._child(node, part)
            if child is None:
                key_node = None
                break
            key_node, node = child
        target = key_node if (at == "key" and key_node is not None) else node
        return target.start_mark.line + 1, target.start_mark.column + 1

    def _child(self, node: yaml.Node, part: str | int) -> tuple[yaml.Node, yaml.Node] | None:
        if isinstance(node, yaml.MappingNode):
            keys = self._keys.get(id(node))
            if keys is None:
                keys = {}
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode):
                        keys.setdefault(key_node.value, (key_node, value_node))  # the first, as written
                self._keys[id(node)] = keys
            return keys.get(part) if isinstance(part, str) else None
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            item = node.value[part]
            return item, item
        return None
