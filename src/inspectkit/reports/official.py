"""The official frame of a document: its header block, signature blocks and recipients.

What the Party guidance (Hướng dẫn 36-HD/VPTW) and the State decree (Nghị định 30/2020/NĐ-CP)
fix about a document's frame, as values the Markdown template and the Word writer both lay out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from inspectkit import docnumbers


@dataclass
class Signature:
    """One signature block: authority line (`K/T TRƯỞNG BAN`, or the side that signs minutes,
    `ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA`), title (`PHÓ TRƯỞNG BAN`), name (None: written by hand)."""

    authority: str | None
    title: str | None
    name: str | None


@dataclass
class DocInfo:
    """What the official header and closing of a document show (same for Markdown and DOCX).

    `draft`: not yet in the outgoing-documents register, so marked `DỰ THẢO`, its number and day
    left blank for the clerk."""

    kind: str
    style: str
    official: bool
    superior: list[str]
    issuer: str
    number_line: str
    national: list[str]
    place_date: str
    recipients: list[str]
    signatures: list[Signature]
    draft: bool = False
    draft_label: str = "DỰ THẢO"
    notes: list[str] = field(default_factory=list)


PARTY_NATIONAL = ["ĐẢNG CỘNG SẢN VIỆT NAM"]
STATE_NATIONAL = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


def national(style: str) -> list[str]:
    return STATE_NATIONAL if style == "state" else PARTY_NATIONAL


def issuer_code(number: str) -> str:
    """The issuer part of a document number: `84-KH/ĐKT` -> `ĐKT`, `99/QĐ-KTNN` -> `KTNN`."""
    return docnumbers.issuer_of(number.strip())


def number_line(number: str | None, style: str, code: str, issuer: str) -> str:
    """`Số 84-KH/ĐKT` (Party) or `Số: 99/QĐ-KTNN` (State); a blank to fill when not yet numbered."""
    return docnumbers.number_line(number, style, code, issuer)


_AUTHORITY = re.compile(r"^\s*(T/M|K/T|T/L|T/UQ|TM\.|KT\.|TL\.|TUQ\.)\s*", re.IGNORECASE)
_PARTY_AUTH = {"TM.": "T/M", "KT.": "K/T", "TL.": "T/L", "TUQ.": "T/UQ"}
_STATE_AUTH = {v: k for k, v in _PARTY_AUTH.items()}


def authority(text: str | None, style: str) -> str | None:
    """The signature authority in the document's style: slashes for Party (`K/T`), dots for State (`KT.`)."""
    if not text:
        return text
    m = _AUTHORITY.match(text)
    if not m:
        return text
    word = m[1].upper()
    table = _STATE_AUTH if style == "state" else _PARTY_AUTH
    return f"{table.get(word, word)} {text[m.end() :]}".strip()


_FILING = re.compile(
    r"^\s*-?\s*Lưu\s*(?:(?P<colon>:)|(?=(?:VT|HS)\b|văn phòng|hồ sơ))\s*(?P<rest>.*)$", re.IGNORECASE
)


def state_recipients(recipients: list[str], issuer: str) -> list[str]:
    """State documents end "Nơi nhận" with the filing line `Lưu: VT, …` (with a colon, VT first).

    A Party-style filing line (`Lưu Văn phòng Ban`) is put in that form (`Lưu: VT, Văn phòng
    Ban`); a list without one gets `Lưu: VT, <issuer code>.`. Other lines (a person named Lưu
    Văn An) are left alone.
    """
    out = list(recipients)
    for index in range(len(out) - 1, -1, -1):
        m = _FILING.match(out[index])
        if m is None:
            continue
        rest = m["rest"].strip()
        if not rest.upper().startswith("VT"):
            rest = f"VT, {rest}" if rest else "VT."
        out[index] = f"Lưu: {rest}"
        return out
    out.append(f"Lưu: VT, {issuer}." if issuer else "Lưu: VT.")
    return out
