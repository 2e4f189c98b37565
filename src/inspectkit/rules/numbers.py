"""IK600–IK603: official document numbers (FORMAT.md, "Document numbers"), read by docnumbers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from inspectkit import docnumbers
from inspectkit.models import Centre, Delegation, Document, Plan
from inspectkit.repository import Record
from inspectkit.rules.base import (
    Every,
    Facts,
    PlacedIter,
    Problem,
    ProblemIter,
    Scope,
    Severity,
    facts_of,
    facts_rule,
    record_rule,
)
from inspectkit.validation import Loc
from inspectkit.vocabulary import NUMBER_TYPES


def _hint(number: str) -> str:
    fixed = docnumbers.suggestion(number)
    if fixed is None:
        return f": write it as {docnumbers.EXAMPLES}"
    if fixed == docnumbers.strip_prefix(number) and fixed != number:
        return f": write it without 'Số', as '{fixed}'"
    if fixed == number.upper():
        return f": write it in capitals, as '{fixed}'"
    return f": Party numbers below 10 take a leading zero, '{fixed}'"


def numbers(record: Record) -> Iterator[tuple[Loc, str, tuple[str, ...] | None, bool]]:
    """(where, the number, the TYPEs the field allows (None: any), whether it is one of the
    organisation's own documents) for every document number in a valid record."""
    model = record.model
    if isinstance(model, Plan):
        yield ("number",), model.number, NUMBER_TYPES["plan"], True
        for index, base in enumerate(model.bases):
            yield ("bases", index, "number"), base.number, None, False
    elif isinstance(model, Delegation):
        if model.decision is not None:
            yield ("decision", "number"), model.decision.number, NUMBER_TYPES["decision"], True
    elif isinstance(model, Centre) and model.established is not None:
        yield ("established", "number"), model.established.number, None, False
    elif isinstance(model, Document) and model.number is not None:
        yield ("number",), model.number, NUMBER_TYPES[model.type] or None, True


@record_rule("IK600", Severity.ERROR, "document number matches neither numbering system", valid_only=True)
def bad_number(record: Record, scope: Scope) -> ProblemIter:
    for loc, number, _, _ in numbers(record):
        if not docnumbers.is_valid(number):
            yield Problem(loc, f"'{number}' is not a document number{_hint(number)}")


_FIELD = {"plan": "a plan", "delegation": "a delegation decision"}


@record_rule("IK601", Severity.WARNING, "document type in a number does not fit its field", valid_only=True)
def wrong_type(record: Record, scope: Scope) -> ProblemIter:
    for loc, number, expected, _ in numbers(record):
        if expected is None or not docnumbers.is_valid(number):
            continue  # an invalid number is IK600's
        found = docnumbers.document_type(number)
        if found not in expected:
            kind = record.kind or ""
            field = _FIELD.get(kind) or f"a registered {getattr(record.model, 'type', kind)}"
            what = f"a {found} document" if found else "numbered without a document type (an official letter)"
            yield Problem(loc, f"'{number}' is {what}, but {field} is numbered with {' or '.join(expected)}")


@facts_of("document")
def _document_year(record: Record) -> dict[str, Any]:
    document = record.model
    assert isinstance(document, Document)
    return {"year": document.issued.year}


def _own_numbers(every: Every) -> Iterator[tuple[Facts, Loc, str, int | None, str | None]]:
    """(record, where, number, year (None: not known), the plan whose plan or decision it registers)
    for every number of the organisation's own documents, in file order by kind."""
    for plan in every.of_kind("plan"):
        yield plan, ("number",), plan.values["number"], plan.values["year"], None
    for delegation in every.of_kind("delegation"):
        decision = delegation.values.get("decision")
        if decision is not None:
            year = int(decision[1][:4]) if decision[1] is not None else None
            yield delegation, ("decision", "number"), decision[0], year, None
    for document in every.of_kind("document"):
        if document.values["number"] is not None:
            # A registered plan or decision is the plan's or the decision's own number again.
            same = document.values["plan"] if document.values["type"] in ("plan", "decision") else None
            yield document, ("number",), document.values["number"], document.values["year"], same


@facts_rule(
    "IK602",
    Severity.ERROR,
    "two documents of one issuer share a number in the same year (plans, decisions, registered documents)",
)
def shared_number(every: Every) -> PlacedIter:
    first: dict[tuple[str, int], tuple[str, str | None]] = {}  # -> (path, plan id of a plan/decision)
    for facts, loc, number, year, same in _own_numbers(every):
        if year is None:
            continue  # a decision without a date: no year to number it in
        key = (docnumbers.identity(number), year)
        mine = facts.id if facts.kind == "plan" else facts.values.get("plan")
        if key not in first:
            first[key] = (facts.path, mine)
            continue
        path, owner = first[key]
        if same is not None and owner == same:
            continue  # the register entry of that very plan or decision
        yield facts.at(
            loc, f"number {number} of {year} is already used by {path}: each document has its own number"
        )


@facts_rule(
    "IK603",
    Severity.WARNING,
    "a number of the organisation's own documents is in the other numbering system than its settings' style",
)
def other_system(every: Every) -> PlacedIter:
    """A facts rule, not a record rule: it reads a setting, and record rules' results are kept
    with the file in the index."""
    style = every.settings.organisation.style
    for facts, loc, number, _, _ in _own_numbers(every):
        parsed = docnumbers.parse(number)
        if parsed is None or parsed.system == style:
            continue  # an invalid number is IK600's
        yield facts.at(
            loc,
            f"'{number}' is a {parsed.system} number, but this organisation numbers its documents in the "
            f"{style} style (settings: organisation.style): write it as '{parsed.in_style(style)}', "
            "or change the style",
        )
