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


def document_type(number: str) -> str | None:
    """The TYPE part of a valid number (`84-KH/ĐKT` -> `KH`), or None."""
    for pattern in (PARTY, STATE):
        match = pattern.fullmatch(number)
        if match:
            return match["type"]
    return None


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
        found = document_type(number)
        if expected is not None and found is not None and found != expected:
            field = "a plan" if expected == "KH" else "a delegation decision"
            yield Problem(
                where.record,
                where.loc,
                f"'{number}' is a {found} document, but {field} is numbered with {expected}",
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
