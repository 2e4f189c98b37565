"""IK300–IK303: ids, file names and folders."""

from __future__ import annotations

from inspectkit import kinds
from inspectkit.rules.base import Context, Problem, ProblemIter
from inspectkit.text import SLUG_MAX, is_slug, slugify


def _slug_hint(value: str) -> str:
    suggestion = slugify(value)
    return (
        f": use lower-case ASCII letters, digits and single hyphens (at most {SLUG_MAX}), e.g. '{suggestion}'"
        if suggestion
        else f": use lower-case ASCII letters, digits and single hyphens (at most {SLUG_MAX})"
    )


def bad_slug(ctx: Context) -> ProblemIter:
    """IK300: record ids and topic ids are slugs."""
    for record in ctx.repo.records:
        value = record.data.get("id")
        if isinstance(value, str) and not is_slug(value):
            yield Problem(record, ("id",), f"id '{value}' is not a valid slug{_slug_hint(value)}")
    for record, plan in ctx.plans:
        for index, topic in enumerate(plan.topics):
            if not is_slug(topic.id):
                yield Problem(
                    record,
                    ("topics", index, "id"),
                    f"topic id '{topic.id}' is not a valid slug{_slug_hint(topic.id)}",
                )


def duplicate_id(ctx: Context) -> ProblemIter:
    """IK301: on each later file, naming the first."""
    first: dict[str, str] = {}
    for record in ctx.repo.records:
        if record.id is None:
            continue
        if record.id in first:
            yield Problem(
                record,
                ("id",),
                f"id '{record.id}' is already used by {first[record.id]}: ids are unique across all records",
            )
        else:
            first[record.id] = record.display


def file_name(ctx: Context) -> ProblemIter:
    """IK302"""
    for record in ctx.repo.records:
        if record.id is not None and record.path.stem != record.id:
            yield Problem(
                record,
                ("id",),
                f"file name '{record.path.name}' does not match id '{record.id}': rename the file to '{record.id}{record.path.suffix}' or fix the id",
            )


def folder(ctx: Context) -> ProblemIter:
    """IK303: only for records under the records folder."""
    root = ctx.repo.settings.records_dir.resolve()
    for record in ctx.repo.records:
        kind = record.kind
        if kind is None or not kinds.is_kind(kind):
            continue
        folder_name = kinds.get(kind).folder
        try:
            parts = record.path.relative_to(root).parts
        except ValueError:
            continue
        if len(parts) < 2 or parts[0] != folder_name:
            where = f"{ctx.repo.settings.records}/{folder_name}/"
            yield Problem(record, ("kind",), f"a {kind} record belongs under {where}: move the file there")
