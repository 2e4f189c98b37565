"""IK400–IK404: references between records."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from inspectkit.diagnostics import did_you_mean
from inspectkit import kinds
from inspectkit.models import Delegation
from inspectkit.repository import Record
from inspectkit.rules.base import Context, Problem, ProblemIter
from inspectkit.validation import Loc

def references(record: Record) -> Iterator[tuple[Loc, str, str]]:
    """(loc, target kind, id) for every reference a record makes, read from its raw data.

    Raw data, not the model, so that a record with an unrelated schema problem is still checked.
    """
    if not kinds.is_kind(record.kind):
        return
    # Where each kind refers to others (the kind registry): a `*` walks every item of a list.
    for path, target in kinds.get(record.kind or "").references:
        yield from _walk(record.data, path, (), target)


def _walk(node: Any, path: tuple[str, ...], loc: Loc, target: str) -> Iterator[tuple[Loc, str, str]]:
    if not path:
        if isinstance(node, str) and node:  # an empty or non-text reference is IK202's
            yield loc, target, node
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from _walk(item, rest, (*loc, index), target)
    elif isinstance(node, dict) and head in node:
        yield from _walk(node[head], rest, (*loc, head), target)


def _ids_of_kind(ctx: Context, kind: str) -> list[str]:
    return [r.id for r in ctx.repo.records if r.kind == kind and r.id]


def dangling(ctx: Context) -> ProblemIter:
    """IK400"""
    for record in ctx.repo.records:
        for loc, target, value in references(record):
            if value not in ctx.repo.by_id:
                hint = did_you_mean(value, _ids_of_kind(ctx, target))
                yield Problem(
                    record, loc, f"no {target} has id '{value}'{hint}: create it or fix the reference"
                )


def wrong_kind(ctx: Context) -> ProblemIter:
    """IK401"""
    for record in ctx.repo.records:
        for loc, target, value in references(record):
            other = ctx.repo.by_id.get(value)
            # A record of no known kind has its own IK203; it is not a reason to blame this one.
            if other is not None and kinds.is_kind(other.kind) and other.kind != target:
                hint = did_you_mean(value, _ids_of_kind(ctx, target))
                yield Problem(
                    record,
                    loc,
                    f"'{value}' is a {other.kind} ({other.display}), but a {target} is expected here{hint}",
                )


def centre_not_visited(ctx: Context) -> ProblemIter:
    """IK402"""
    for record, finding in ctx.findings:
        plan = ctx.plan(finding.plan)
        if plan is None:
            continue
        visited = {visit.centre for visit in plan.visits}
        for index, centre in enumerate(finding.centres):
            if centre not in visited and centre in ctx.repo.by_id:
                yield Problem(
                    record,
                    ("centres", index),
                    f"plan {plan.id} does not visit centre '{centre}': add a visit to the plan or fix the centre",
                )


def unknown_topic(ctx: Context) -> ProblemIter:
    """IK403"""
    for record, finding in ctx.findings:
        plan = ctx.plan(finding.plan)
        if plan is None:
            continue
        topics = [topic.id for topic in plan.topics]
        if finding.topic not in topics:
            hint = did_you_mean(finding.topic, topics)
            yield Problem(
                record,
                ("topic",),
                f"plan {plan.id} has no topic '{finding.topic}'{hint}; its topics: {', '.join(topics)}",
            )


def delegation_mismatch(ctx: Context) -> ProblemIter:
    """IK404"""
    for record, plan in ctx.plans:
        if plan.delegation is None:
            continue
        delegation = ctx.repo.model(plan.delegation)
        if isinstance(delegation, Delegation) and delegation.plan != plan.id:
            yield Problem(
                record,
                ("delegation",),
                f"delegation {plan.delegation} belongs to plan '{delegation.plan}', not {plan.id}: make both records name each other",
            )
    for record, delegation in ctx.delegations:
        named = ctx.plan(delegation.plan)
        if named is not None and named.delegation is not None and named.delegation != delegation.id:
            yield Problem(
                record,
                ("plan",),
                f"plan {named.id} names delegation '{named.delegation}', not {delegation.id}: make both records name each other",
            )
