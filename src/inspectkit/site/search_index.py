"""The offline search: an index of every record's folded text, and the tables the browser folds
the query with, so that the site finds exactly what `inspectkit list --search` finds.

The Python side folds the records with `queries` (whitespace runs made one space, `text.fold`);
the browser folds only the query, with `static/search.js`, which applies the tables made here
from this Python's own Unicode data: `đ`/`Đ` to `d`/`D`, canonical decomposition, the
characters `unicodedata.combining` drops, `str.casefold`, and `str.split`'s whitespace.
Folding is per character (decomposition, mark removal and case folding never look at
neighbours once marks are gone), so a per-character table reproduces it exactly.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from inspectkit.queries import text_values
from inspectkit.text import fold


def folded_text(data: Any) -> str:
    """A record's text values folded as `list --search` compares them, one per line.

    A search has no newline (its whitespace is folded to single spaces), so a match never spans
    two values, as in `queries.matches_search`."""
    return "\n".join(map(_fold_value, text_values(data)))


@lru_cache(maxsize=1 << 16)
def _fold_value(text: str) -> str:
    """One value folded; cached, since names, owners and topics repeat across thousands of records."""
    return " ".join(text.translate(_fold_map()).split())


def _fold_map() -> dict[int, str]:
    """`text.fold` as a per-character table for `str.translate`: the same result (see the module
    docstring; a property test checks it against `queries.norm`), ten times faster on 10k records."""
    return fold_tables()["_map"]  # type: ignore[no-any-return]


def _ranges(codes: Iterable[int]) -> str:
    """A JavaScript regular-expression class body (for the `u` flag) of these code points."""
    parts: list[str] = []
    start = prev = None
    for code in codes:
        if prev is not None and code == prev + 1:
            prev = code
            continue
        if start is not None and prev is not None:
            parts.append(_span(start, prev))
        start = prev = code
    if start is not None and prev is not None:
        parts.append(_span(start, prev))
    return "".join(parts)


def _span(a: int, b: int) -> str:
    return f"\\u{{{a:x}}}" if a == b else f"\\u{{{a:x}}}-\\u{{{b:x}}}"


# Planes 3 to 16 hold no cased, combining or space character in any Unicode version so far, and
# no character whose fold differs from itself (a test checks this for the running Python).
_SCANNED = 0x30000
_D = (ord("đ"), ord("Đ"))


@lru_cache(maxsize=1)
def fold_tables() -> dict[str, Any]:
    """What search.js needs to fold a query as `queries.norm` does, from this Python's Unicode data
    (and, under `_map`, the same folding as a `str.translate` table for the index)."""
    combining: list[int] = []
    spaces: list[int] = []
    casefold: dict[str, str] = {}
    mapping: dict[int, str] = {}
    for code in range(_SCANNED):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        mark = unicodedata.combining(char)
        if mark:
            combining.append(code)
        if char.isspace():
            spaces.append(code)
        folded = char.casefold()
        if folded != char:
            casefold[char] = folded
        # `fold` leaves a character alone unless one of these holds (cheap tests first).
        if mark or folded != char or code in _D or not unicodedata.is_normalized("NFD", char):
            mapping[code] = fold(char)
    return {
        "unicode": unicodedata.unidata_version,
        "combining": _ranges(combining),
        "spaces": _ranges(spaces),
        "casefold": casefold,
        "_map": mapping,
    }


def script(entries: list[dict[str, str]]) -> str:
    """`search-index.js`: the tables and the entries, loaded by a <script> tag (works from file://,
    where a page may not fetch a JSON file)."""
    tables = {k: v for k, v in fold_tables().items() if not k.startswith("_")}
    payload = {"fold": tables, "entries": entries}
    return "window.IK_SEARCH = " + json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + ";\n"
