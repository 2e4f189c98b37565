"""IK509: placeholder text left in a record, which a document made from it would print as a fact."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from inspectkit.placeholders import find, has
from inspectkit.repository import Record
from inspectkit.rules.base import Problem, ProblemIter, Scope, Severity, record_rule
from inspectkit.validation import Loc

# Fields no document prints as text: what the record is, and how it is tied to others.
_NOT_PRINTED = frozenset({"kind", "id", "digest", "file"})


def texts(node: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every text value of a record with its place, keys left out."""
    if isinstance(node, str):
        yield loc, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if not (loc == () and key in _NOT_PRINTED):
                yield from texts(value, (*loc, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from texts(value, (*loc, index))


@record_rule("IK509", Severity.WARNING, "placeholder text left in a record")
def placeholder(record: Record, scope: Scope) -> ProblemIter:
    items = list(texts(record.data))
    # one search of all the texts first (most records have no placeholder): joined by a line
    # end, which no placeholder spans, it matches exactly when one of the texts does
    if not has("\n".join(text for _, text in items)):
        return
    for loc, text in items:
        found = find(text)
        if found:
            shown = ", ".join(f"'{p}'" for p in dict.fromkeys(found))
            yield Problem(
                loc,
                f"placeholder {shown} left in the text: write what it stands for before a document "
                "is made from this record (a draft marks it; `inspectkit issue` refuses it)",
            )
