"""Search (diacritic-insensitive, within one text value) and loading the records a query needs.

Speed: `load_for_query` reads every file's text but parses only those that can match a search: a
record's text values appear, up to whitespace and YAML quoting, in its file, so a file whose folded
text does not contain the folded search cannot hold a match. The test is a regular expression that
matches every spelling that folds to the search (`bien che` matches `biên chế`, NFC or NFD); files
where that reasoning could fail (escapes, characters whose fold is not one character) are parsed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from inspectkit.queries.conditions import Condition
from inspectkit.recordfiles import iter_record_files
from inspectkit.repository import Repository, load_repository
from inspectkit.settings import Settings
from inspectkit.text import fold, norm


def text_values(data: Any) -> Iterable[str]:
    """Every text value of a record, at any depth (keys left out)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from text_values(value)
    elif isinstance(data, list):
        for value in data:
            yield from text_values(value)


def matches_search(data: Any, search: str) -> bool:
    """`bien che` finds `biên chế`, `DINH LAP` finds `Đình Lập`: within one text value."""
    wanted = norm(search)
    return not wanted or any(wanted in norm(v) for v in text_values(data))


_FAST_RANGE = 0x3000  # characters below this are mapped; a file with others is parsed


@lru_cache(maxsize=1)
def _fold_classes() -> tuple[dict[str, str], str, re.Pattern[str]]:
    """(folded char -> every char that folds to it, chars that fold to nothing, the fallback test)."""
    groups: dict[str, list[str]] = defaultdict(list)
    vanishing: list[str] = []
    irregular: list[str] = []
    for code in range(_FAST_RANGE):
        char = chr(code)
        folded = fold(char)
        if len(folded) == 1:
            groups[folded].append(char)
        elif not folded:
            vanishing.append(char)
        else:
            irregular.append(char)
    classes = {k: "".join(re.escape(c) for c in v) for k, v in groups.items()}
    zero = "".join(re.escape(c) for c in vanishing) or "\\x00"
    odd = "".join(re.escape(c) for c in irregular) or "\\x00"
    fallback = re.compile(f"[^\\x00-\\u2fff]|[{odd}]|\\\\")
    return classes, zero, fallback


@lru_cache(maxsize=64)
def search_prefilter(search: str) -> Callable[[str], bool] | None:
    """A test on a file's text that is False only when no text value in it can match `search`.

    None when the search cannot be tested this way (it holds quotes, or is empty).
    """
    wanted = norm(search)
    if not wanted or any(q in wanted for q in "'\""):
        return None
    classes, zero, fallback = _fold_classes()
    filler = f"[{zero}]*"
    parts: list[str] = []
    for char in wanted:
        if char == " ":
            parts.append(f"[\\s{zero}]*\\s[\\s{zero}]*")
        else:
            parts.append(f"[{classes.get(char, '')}{re.escape(char)}]{filler}")
    pattern = re.compile("".join(parts))

    def test(text: str) -> bool:
        return pattern.search(text) is not None or fallback.search(text) is not None

    return test


@dataclass
class Source:
    """The repository as far as a query needs it, and what had to be skipped."""

    repo: Repository
    skipped: list[str] = field(default_factory=list)  # paths of records that could not be used
    known_ids: frozenset[str] = frozenset()  # when only some files were parsed: the ids of all (file names)
    # the records (as shown) the index found holding the search: their text need not be searched again
    searched: frozenset[str] | None = None


def load_for_query(
    settings: Settings, kind: str | None = None, search: str | None = None, full: bool = False
) -> Source:
    """Load the records a query needs. With a `search` (and not `full`), only files whose text could
    match are parsed (see the module notes); otherwise every file is."""
    prefilter = search_prefilter(search) if (search and not full) else None
    stems: set[str] = set()
    if prefilter is None:
        repo = load_repository(settings)
    else:
        test = prefilter

        def could_match(path: Path, raw: bytes) -> bool:
            stems.add(path.stem)
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                return True  # the loader reports it
            if not unicodedata.is_normalized("NFC", text):
                text = unicodedata.normalize("NFC", text)
            if kind is not None and kind not in text and "\\" not in text:
                return False  # not a record of this kind
            return test(text)

        repo = load_repository(settings, keep=could_match)
    skipped = [
        r.display for r in repo.records if r.model is None and (kind is None or r.kind in (kind, None))
    ]
    skipped += [f.path for f in repo.files if f.data is None]
    return Source(repo, sorted(skipped), frozenset(stems))


def needs_full_load(
    settings: Settings, conditions: Sequence[Condition], stems: Callable[[], set[str]] | None = None
) -> bool:
    """Conditions that name records (not by id), or link through other kinds, need every record.
    `stems`: the names of the record files without extension (by default, from a walk of the
    records folder), asked for only when a condition names records."""
    names: set[str] | None = None
    for cond in conditions:
        if cond.needs_other_records():
            return True
        if cond.spec.type == "ref" and cond.values and cond.op != "~":
            if names is None:
                names = stems() if stems is not None else _walked_stems(settings)
            if any(v not in names for v in cond.values):
                return True
    return False


def _walked_stems(settings: Settings) -> set[str]:
    root = settings.records_dir
    return {p.stem for p in iter_record_files(root)} if root.is_dir() else set()
