"""Official document numbers (số ký hiệu): the one place that knows their grammar.

FORMAT.md, "Document numbers". Two numbering systems are in use:

- Party (Hướng dẫn 36-HD/VPTW): `<n>-<TYPE>/<ISSUER>`, `84-KH/ĐKT`; numbers below 10 take a
  leading zero (`04-ĐA/TU`).
- State (Nghị định 30/2020/NĐ-CP): `<n>/<TYPE>-<ISSUER>` or `<n>/<year>/<TYPE>-<ISSUER>`,
  `99/QĐ-KTNN`, `06/2024/QĐ-UBND`; an official letter carries no TYPE, `125/SGDĐT-VP`.

Lint (IK600–IK603), authoring answers and reports all read numbers through this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Style = Literal["party", "state"]

_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_LOWER = "a-zđ"
_TYPE = f"[{_UPPER}][{_UPPER}{_LOWER}]{{0,5}}"
_ISSUER = f"[{_UPPER}0-9]+(?:-[{_UPPER}0-9]+)*"
PARTY = re.compile(f"^(?P<n>0[1-9]|[1-9][0-9]+)-(?P<type>{_TYPE})/(?P<issuer>{_ISSUER})$")
STATE = re.compile(
    f"^(?P<n>[0-9]*[1-9][0-9]*)(?:/(?P<year>[0-9]{{4}}))?/(?:(?P<type>{_TYPE})-)?(?P<issuer>{_ISSUER})$"
)

# Document types and their names (Nghị định 30/2020/NĐ-CP, appendix III; Hướng dẫn 36-HD/VPTW).
TYPE_NAMES: dict[str, tuple[str, str]] = {
    "NQ": ("Nghị quyết", "Resolution"),
    "QĐ": ("Quyết định", "Decision"),
    "CT": ("Chỉ thị", "Directive"),
    "KL": ("Kết luận", "Conclusion"),
    "QC": ("Quy chế", "Rules"),
    "QyĐ": ("Quy định", "Regulation"),
    "QĐi": ("Quy định", "Regulation"),
    "TB": ("Thông báo", "Notice"),
    "TT": ("Thông tư", "Circular"),
    "HD": ("Hướng dẫn", "Guidance"),
    "CTr": ("Chương trình", "Programme"),
    "KH": ("Kế hoạch", "Plan"),
    "PA": ("Phương án", "Option"),
    "ĐA": ("Đề án", "Scheme"),
    "DA": ("Dự án", "Project"),
    "BC": ("Báo cáo", "Report"),
    "BB": ("Biên bản", "Minutes"),
    "TTr": ("Tờ trình", "Submission"),
    "HĐ": ("Hợp đồng", "Contract"),
    "CĐ": ("Công điện", "Dispatch"),
    "GUQ": ("Giấy ủy quyền", "Authorisation"),
    "GM": ("Giấy mời", "Invitation"),
    "GGT": ("Giấy giới thiệu", "Letter of introduction"),
    "GNP": ("Giấy nghỉ phép", "Leave permit"),
    "PC": ("Phiếu chuyển", "Transfer slip"),
    "PG": ("Phiếu gửi", "Dispatch slip"),
    "GXN": ("Giấy xác nhận", "Certificate"),
    "CV": ("Công văn", "Letter"),
}
KNOWN_TYPES = frozenset(TYPE_NAMES)
# An official letter in the Party form carries `CV` where the State form carries no TYPE.
_LETTER = "CV"


@dataclass(frozen=True)
class DocNumber:
    """A parsed number. `text` is as written; `party()` and `state()` write it in either system."""

    text: str
    system: Style
    n: int
    type: str | None  # None: an official letter in the State form
    issuer: str
    year: int | None = None

    def party(self) -> str:
        """`84-KH/ĐKT`; a State letter `125/SGDĐT-VP` becomes `125-CV/SGDĐT-VP`; the year is dropped."""
        return party_form(self.n, self.type or _LETTER, self.issuer)

    def state(self) -> str:
        """`84/KH-ĐKT`; a Party letter `12-CV/TU` becomes `12/TU`; the year is kept."""
        kind = None if self.type == _LETTER and self.system == "party" else self.type
        return state_form(self.n, kind, self.issuer, self.year)

    def in_style(self, style: Style) -> str:
        return self.party() if style == "party" else self.state()


def parse(text: str) -> DocNumber | None:
    """The parts of a valid number, or None. Strict: no `Số`, no surrounding spaces (see `suggestion`)."""
    number = text
    match = PARTY.fullmatch(number)
    if match:
        return DocNumber(number, "party", int(match["n"]), match["type"], match["issuer"])
    match = STATE.fullmatch(number)
    if match is None:
        return None
    found, issuer = match["type"], match["issuer"]
    # `99/QĐ-KTNN` is a decision of KTNN, but `125/SGDĐT-VP` is a letter (no TYPE) from SGDĐT's
    # office: an all-capital first part is a TYPE only when it is a known document type.
    if found is not None and found not in KNOWN_TYPES and found.upper() == found:
        found, issuer = None, f"{found}-{issuer}"
    year = int(match["year"]) if match["year"] else None
    return DocNumber(number, "state", int(match["n"]), found, issuer, year)


def is_valid(text: str) -> bool:
    return parse(text) is not None


def identity(text: str) -> str:
    """What makes two numbers the same number (IK602): the Party form of a valid one, whichever
    system it is written in (`84/KH-ĐKT` and `84-KH/ĐKT` are one number); an invalid one as written."""
    parsed = parse(text)
    return parsed.party() if parsed else text


def system_of(text: str) -> Style | None:
    """`party`, `state`, or None for an invalid number."""
    parsed = parse(text)
    return parsed.system if parsed else None


def document_type(text: str) -> str | None:
    """The TYPE part of a valid number (`84-KH/ĐKT` -> `KH`), or None (invalid, or a State letter)."""
    parsed = parse(text)
    return parsed.type if parsed else None


def issuer_of(text: str) -> str:
    """The ISSUER part of a valid number (`84-KH/ĐKT` -> `ĐKT`, `06/2024/QĐ-UBND` -> `UBND`); ``."""
    parsed = parse(text)
    return parsed.issuer if parsed else ""


def type_name(text: str, lang: str = "vi") -> str:
    """The document type a number names, `04-ĐA/TU` -> `Đề án` (`Scheme` in English); `` for none."""
    found = document_type(text)
    names = TYPE_NAMES.get(found or "")
    return (names[0] if lang == "vi" else names[1]) if names else ""


def party_form(n: int, kind: str, issuer: str) -> str:
    """`84-KH/ĐKT`; numbers below 10 with a leading zero, `04-ĐA/TU`."""
    return f"{n:02d}-{kind}/{issuer}"


def state_form(n: int, kind: str | None, issuer: str, year: int | None = None) -> str:
    """`99/QĐ-KTNN`, `06/2024/QĐ-UBND` (with a year), `125/SGDĐT-VP` (a letter: no TYPE)."""
    middle = f"/{year}" if year is not None else ""
    return f"{n}{middle}/{kind}-{issuer}" if kind else f"{n}{middle}/{issuer}"


def format_number(n: int, kind: str, issuer: str, style: Style) -> str:
    """A new number in the organisation's style."""
    return party_form(n, kind, issuer) if style == "party" else state_form(n, kind, issuer)


# No-break spaces: the clerk writes the number in by hand, and Markdown keeps them.
BLANK = "\u00a0" * 6


def number_line(number: str | None, style: Style | str, kind: str, issuer: str) -> str:
    """The `Số …` line of a document: `Số 84-KH/ĐKT` (Party) or `Số: 99/QĐ-KTNN` (State); without a
    number, the blank draft form `Số      -TB/BTGTU` or `Số:      /TB-BTGTU`."""
    prefix = "Số:" if style == "state" else "Số"
    if number:
        return f"{prefix} {number}"
    if style == "state":
        return f"{prefix}{BLANK}/{kind}-{issuer}" if issuer else f"{prefix}{BLANK}/{kind}"
    return f"{prefix}{BLANK}-{kind}/{issuer}" if issuer else f"{prefix}{BLANK}-{kind}"


_SO_PREFIX = re.compile(r"^\s*Số\s*:?\s*")


def strip_prefix(text: str) -> str:
    """`Số: 99/QĐ-KTNN` -> `99/QĐ-KTNN`: a number is written without what documents print before it."""
    return _SO_PREFIX.sub("", text)


def suggestion(text: str) -> str | None:
    """The valid number a near miss was meant to be: without `Số`, in capitals, or with the Party
    leading zero; None when there is no obvious one."""
    stripped = strip_prefix(text)
    if stripped != text and is_valid(stripped):
        return stripped
    if text.upper() != text and is_valid(text.upper()):
        return text.upper()
    short = re.match(r"^([1-9])(-.*)$", text)
    if short and is_valid(f"0{short[1]}{short[2]}"):
        return f"0{short[1]}{short[2]}"
    return None


EXAMPLES = "84-KH/ĐKT (Party) or 99/QĐ-KTNN, 06/2024/QĐ-UBND (State)"
