"""IK300–IK303: ids, file names and folders."""

from __future__ import annotations

from inspectkit import kinds
from inspectkit.models import Plan
from inspectkit.repository import Record
from inspectkit.rules.base import (
    Every,
    PlacedIter,
    Problem,
    ProblemIter,
    Scope,
    Severity,
    facts_rule,
    record_rule,
)
from inspectkit.text import is_slug, slug_problem


def _slug_hint(value: str) -> str:
    return f": {slug_problem(value)}"


@record_rule("IK300", Severity.ERROR, "id is not a valid slug")
def bad_slug(record: Record, scope: Scope) -> ProblemIter:
    """Record ids and topic ids are slugs."""
    value = record.data.get("id")
    if isinstance(value, str) and not is_slug(value):
        yield Problem(("id",), f"id '{value}' is not a valid slug{_slug_hint(value)}")
    if isinstance(record.model, Plan):
        for index, topic in enumerate(record.model.topics):
            if not is_slug(topic.id):
                yield Problem(
                    ("topics", index, "id"),
                    f"topic id '{topic.id}' is not a valid slug{_slug_hint(topic.id)}",
                )


@facts_rule("IK301", Severity.ERROR, "id used by more than one record")
def duplicate_id(every: Every) -> PlacedIter:
    """On each later file, naming the first."""
    first: dict[str, str] = {}
    for facts in every.facts:
        if facts.id is None:
            continue
        if facts.id in first:
            yield facts.at(
                ("id",),
                f"id '{facts.id}' is already used by {first[facts.id]}: ids are unique across all records",
            )
        else:
            first[facts.id] = facts.path


@record_rule("IK302", Severity.ERROR, "file name does not match id")
def file_name(record: Record, scope: Scope) -> ProblemIter:
    if record.id is not None and record.path.stem != record.id:
        yield Problem(
            ("id",),
            f"file name '{record.path.name}' does not match id '{record.id}': rename the file to '{record.id}{record.path.suffix}' or fix the id",
        )


@record_rule("IK303", Severity.WARNING, "record not under the conventional folder for its kind")
def folder(record: Record, scope: Scope) -> ProblemIter:
    """Only for records under the records folder."""
    kind = record.kind
    if kind is None or not kinds.is_kind(kind):
        return
    folder_name = kinds.get(kind).folder
    try:
        parts = record.path.relative_to(scope.records_dir).parts
    except ValueError:
        return
    if len(parts) < 2 or parts[0] != folder_name:
        where = f"{scope.settings.records}/{folder_name}/"
        yield Problem(("kind",), f"a {kind} record belongs under {where}: move the file there")
