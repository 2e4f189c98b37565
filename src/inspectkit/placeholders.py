"""Placeholder text left in a record (FORMAT.md, IK509): what it looks like, where it is.

A placeholder is text in square brackets (`[Chưa rõ tên 1]`, but not a link's `[text](…)`), a blank to fill (two or more `…`,
or four or more dots), `TODO`, `XXX` or `???`. Lint warns about them (IK509); reports print each
one visibly marked, never as a fact; `inspectkit issue` refuses a document that would print one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# `[text](…)` is link syntax, not a gap: it is left alone.
PATTERN = re.compile(r"\[[^\[\]\n]*\](?!\()|…{2,}|\.{4,}|\bTODO\b|\bXXX\b|\?{3,}")


def find(text: str) -> list[str]:
    """The placeholders in `text`, in order."""
    return [m.group(0) for m in PATTERN.finditer(text)]


def has(text: str) -> bool:
    return PATTERN.search(text) is not None


def _split(pattern: re.Pattern[str], text: str) -> Iterator[tuple[str, bool]]:
    """`text` cut into (piece, matches `pattern`), in order; joined they give `text` back."""
    at = 0
    for m in pattern.finditer(text):
        if m.start() > at:
            yield text[at : m.start()], False
        yield m.group(0), True
        at = m.end()
    if at < len(text):
        yield text[at:], False


def pieces(text: str) -> Iterator[tuple[str, bool]]:
    """`text` cut into (piece, is_placeholder), in order; joined they give `text` back."""
    return _split(PATTERN, text)


# How a report prints a placeholder: visibly marked as a gap to fill, never as a fact. The Word
# writer also highlights the marked text.
MARK_OPEN, MARK_CLOSE = "«", "»"
MARK_LABEL = {"vi": "CẦN BỔ SUNG", "en": "TO FILL IN"}
MARKED = re.compile(f"{MARK_OPEN}[^{MARK_CLOSE}]*{MARK_CLOSE}")


def mark(text: str, lang: str) -> str:
    """`Đồng chí [Chưa rõ tên 1]` -> `Đồng chí «CẦN BỔ SUNG: [Chưa rõ tên 1]»`."""
    if not has(text):
        return text
    label = MARK_LABEL.get(lang, MARK_LABEL["en"])
    return "".join(
        f"{MARK_OPEN}{label}: {piece}{MARK_CLOSE}" if hole else piece for piece, hole in pieces(text)
    )


def marked_pieces(text: str) -> Iterator[tuple[str, bool]]:
    """`text` cut into (piece, is_marked) around the marks `mark` made."""
    return _split(MARKED, text)
