"""IK600–IK602: official document numbers (FORMAT.md, "Document numbers")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from inspectkit.rules.base import Context, Problem, ProblemIter

_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_LOWER = "a-zđ"
_TYPE = f"[{_UPPER}][{_UPPER}{_LOWER}]{{0,5}}"
_ISSUER = f"[{_UPPER}0-9]+(?:-[{_UPPER}0-9]+)*"
# Party: 84-KH/ĐKT (numbers below 10 with a leading zero). State: 99/QĐ-KTNN, 06/2024/QĐ-UBND,
# and an official letter without TYPE: 125/SGDĐT-VP.
PARTY = re.compile(f"^(?P<n>0[1-9]|[1-9][0-9]+)-(?P<type>{_TYPE})/(?P<issuer>{_ISSUER})$")
STATE = re.compile(
    f"^(?P<n>[0-9]*[1-9][0-9]*)(?:/(?P<year>[0-9]{{4}}))?/(?:(?P<type>{_TYPE})-)?(?P<issuer>{_ISSUER})$"
)


# Document types (Nghị định 30/2020/NĐ-CP, appendix III; Hướng dẫn 36-HD/VPTW for Party documents).
KNOWN_TYPES = frozenset(
    [
        "NQ",
        "QĐ",
        "CT",
        "KL",
        "QC",
        "QyĐ",
        "QĐi",
        "TB",
        "TT",
        "HD",
        "CTr",
        "KH",
        "PA",
        "ĐA",
        "DA",
        "BC",
        "BB",
        "TTr",
        "HĐ",
        "CĐ",
        "GUQ",
        "GM",
        "GGT",
        "GNP",
        "PC",
        "PG",
        "GXN",
        "CV",
    ]
)


def document_type(number: str) -> str | None:
    """The TYPE part of a valid number (`84-KH/ĐKT` -> `KH`), or None.

    In a State number the part after `/` is ambiguous: `99/QĐ-KTNN` is a decision of KTNN, but
    `125/SGDĐT-VP` is a letter (no TYPE) from SGDĐT's office. An all-capital first part is read
    as a TYPE only when it is a known document type; otherwise as the start of the issuer.
    """
    match = PARTY.fullmatch(number)
    if match:
        return match["type"]
    match = STATE.fullmatch(number)
    if match is None:
        return None
    found = match["type"]
    if found is not None and found not in KNOWN_TYPES and found.upper() == found:
        return None
    return found


def is_valid_number(number: str) -> bool:
    return PARTY.fullmatch(number) is not None or STATE.fullmatch(number) is not None


def _hint(number: str) -> str:
    stripped = re.sub(r"^\s*Số\s*:?\s*", "", number)
    if stripped != number and is_valid_number(stripped):
        return f": write it without 'Số', as '{stripped}'"
    if number.upper() != number and is_valid_number(number.upper()):
        return f": write it in capitals, as '{number.upper()}'"
    short = re.match(r"^([1-9])(-.*)$", number)
    if short and is_valid_number(f"0{short[1]}{short[2]}"):
        return f": Party numbers below 10 take a leading zero, '0{short[1]}{short[2]}'"
    return ": write it as 84-KH/ĐKT (Party) or 99/QĐ-KTNN, 06/2024/QĐ-UBND (State)"


def numbers(ctx: Context) -> Iterator[tuple[Problem, str, str | None]]:
    """(where, the number, the TYPE the field expects) for every document number in the records."""
    for record, plan in ctx.plans:
        yield Problem(record, ("number",), ""), plan.number, "KH"
        for index, base in enumerate(plan.bases):
            yield Problem(record, ("bases", index, "number"), ""), base.number, None
    for record, delegation in ctx.delegations:
        if delegation.decision is not None:
            yield Problem(record, ("decision", "number"), ""), delegation.decision.number, "QĐ"
    for record, centre in ctx.centres:
        if centre.established is not None:
            yield Problem(record, ("established", "number"), ""), centre.established.number, None


def bad_number(ctx: Context) -> ProblemIter:
    """IK600"""
    for where, number, _ in numbers(ctx):
        if not is_valid_number(number):
            yield Problem(where.record, where.loc, f"'{number}' is not a document number{_hint(number)}")


def wrong_type(ctx: Context) -> ProblemIter:
    """IK601"""
    for where, number, expected in numbers(ctx):
        if expected is None or not is_valid_number(number):
            continue  # an invalid number is IK600's
        found = document_type(number)
        if found != expected:
            field = "a plan" if expected == "KH" else "a delegation decision"
            what = f"a {found} document" if found else "numbered without a document type (an official letter)"
            yield Problem(
                where.record,
                where.loc,
                f"'{number}' is {what}, but {field} is numbered with {expected}",
            )


def shared_number(ctx: Context) -> ProblemIter:
    """IK602"""
    first: dict[tuple[str, int], str] = {}
    for record, plan in ctx.plans:
        key = (plan.number, plan.issued.year)
        if key in first:
            yield Problem(
                record,
                ("number",),
                f"plan number {plan.number} of {plan.issued.year} is already used by {first[key]}",
            )
        else:
            first[key] = record.display
