"""Vietnamese text helpers: NFC, diacritic folding, slugs, official date forms.

Kept free of heavy imports: the CLI, the loader and the templates all use it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from typing import Any

_SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SLUG_MAX = 64


def nfc(text: str) -> str:
    """Text in Unicode NFC (macOS file names and some web pages give NFD)."""
    return unicodedata.normalize("NFC", text)


# Decomposition does not split đ/Đ, so they are mapped explicitly.
_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """Lower-case text without diacritics, for search: `Đình Lập` -> `dinh lap`.

    Also removes the difference between old and new tone placement (`hòa`/`hoà`).
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


def norm(text: str) -> str:
    """Folded text with whitespace runs made one space: how text is compared and searched."""
    return " ".join(fold(text).split())


def natural_key(text: str) -> tuple[Any, ...]:
    """`f-2` before `f-10`."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


@lru_cache(maxsize=4096)  # dates repeat across findings
def day(value: str | None) -> date | None:
    """A kept ISO date (the index's) back as a date."""
    return date.fromisoformat(value) if value is not None else None


def slugify(text: str) -> str:
    """ASCII slug of a title: `Công tác mở lớp` -> `cong-tac-mo-lop`, `84-KH/ĐKT` -> `84-kh-dkt`."""
    folded = fold(text)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:SLUG_MAX].strip("-")


def fit_slug(base: str, suffix: str) -> str:
    """`base` + `suffix`, cutting `base` so that the id stays within the slug length."""
    room = SLUG_MAX - len(suffix)
    return base[:room].rstrip("-") + suffix


# Names Windows keeps for devices: no file can be called `con.yaml` there, so no id is one.
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))]
)


def is_slug(value: str) -> bool:
    return len(value) <= SLUG_MAX and _SLUG_RE.match(value) is not None and value not in WINDOWS_RESERVED


def slug_problem(value: str) -> str:
    """Why `value` is not an id, and what to write instead (for messages)."""
    if value in WINDOWS_RESERVED:
        return f"'{value}' names a device on Windows, where no file can have that name: choose another id"
    suggestion = slugify(value)
    example = f", e.g. '{suggestion}'" if suggestion and suggestion not in WINDOWS_RESERVED else ""
    return f"use lower-case ASCII letters, digits and single hyphens (at most {SLUG_MAX}){example}"


def vn_date(d: date) -> str:
    """Date as official documents write it: `ngày 03 tháng 11 năm 2022`.

    A leading zero only for days below 10 and for months 1 and 2
    (`ngày 15 tháng 9`, `ngày 05 tháng 02`).
    """
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def short_date(d: date) -> str:
    """Date as running text and deadlines write it: `30/9/2024`, `24/11/2022`."""
    return f"{d.day}/{d.month}/{d.year}"


_DMY_RE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_user_date(text: str) -> date:
    """A date typed by a person: `2022-11-24` or `24/11/2022`. Raises ValueError otherwise."""
    m = _ISO_RE.match(text)
    if m:
        return date(int(m[1]), int(m[2]), int(m[3]))
    m = _DMY_RE.match(text)
    if m:
        return date(int(m[3]), int(m[2]), int(m[1]))
    raise ValueError(f"'{text}' is not a date: write YYYY-MM-DD or DD/MM/YYYY")


def iso_suggestion(text: str) -> str | None:
    """The ISO form of a date written day-first (`24/11/2022` -> `2022-11-24`), if it is one."""
    m = _DMY_RE.match(text)
    if not m:
        return None
    try:
        return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
    except ValueError:
        return None


_VN_ORDER = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
_VN_RANK = {c: i for i, c in enumerate(_VN_ORDER)}


def vn_sort_key(text: str) -> tuple[int, ...]:
    """Sort key in Vietnamese alphabetical order (a ă â b c d đ …), not code-point order."""
    out: list[int] = []
    for c in nfc(text).lower():
        rank = _VN_RANK.get(c)
        out.append(rank if rank is not None else 1000 + ord(c))
    return tuple(out)


# Characters a text must not hold (IK202): C0 and C1 controls other than tab and line feed (they
# cannot be seen, most terminals act on them, Word refuses them), the Unicode line and paragraph
# separators (invisible line breaks, which the editor cannot keep raw), and the bidirectional
# overrides and isolates, which make text display in another order than it is stored; and the
# Unicode noncharacters and lone surrogates, which are not text at all (XML 1.0, hence Word,
# refuses U+FFFE, U+FFFF and surrogates).
_NONCHARACTERS = [chr(c) for c in range(0xFDD0, 0xFDF0)] + [
    chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF)
]
_SURROGATES = [chr(c) for c in range(0xD800, 0xE000)]
_HIDDEN = frozenset(
    [*(chr(c) for c in range(0x20) if c not in (0x09, 0x0A)), "\x7f", *(chr(c) for c in range(0x80, 0xA0))]
    + ["\u2028", "\u2029"]
    + [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
    + _NONCHARACTERS
    + _SURROGATES
)


def hidden_character(text: str) -> str | None:
    """The first character of `text` that must not be in it (`a control character (U+0001)`), or None."""
    if _HIDDEN.isdisjoint(text):  # the common case, in C: this runs on every text of every record read
        return None
    found = next(c for c in text if c in _HIDDEN)
    if found in "\u2028\u2029":
        what = "a line separator"
    elif "\ud800" <= found <= "\udfff":
        what = "a lone surrogate"
    elif found in _NONCHARACTERS:
        what = "a Unicode noncharacter"
    elif ord(found) >= 0x2000:
        what = "a bidirectional override"
    else:
        what = "a control character"
    return f"{what} (U+{ord(found):04X})"
