"""IK500–IK508: facts that must hold together within and across records."""

from __future__ import annotations

from collections import defaultdict

from inspectkit.models import ACTION_TYPES, ACTIVE_STATUSES, days_overdue
from inspectkit.rules.base import Context, Problem, ProblemIter

_APPROVED_OR_LATER = ("approved", "in-progress", "reported", "closed")


def heads(ctx: Context) -> ProblemIter:
    """IK500"""
    for record, delegation in ctx.delegations:
        names = [m.name for m in delegation.members if m.role == "head"]
        if len(names) == 0:
            yield Problem(record, ("members",), "the delegation has no head: give one member `role: head`")
        elif len(names) > 1:
            yield Problem(
                record,
                ("members",),
                f"the delegation has {len(names)} heads ({', '.join(names)}): exactly one member is `role: head`",
            )


def no_delegation(ctx: Context) -> ProblemIter:
    """IK501"""
    with_delegation = {d.plan for _, d in ctx.delegations}
    for record, plan in ctx.plans:
        if plan.status in _APPROVED_OR_LATER and plan.delegation is None and plan.id not in with_delegation:
            yield Problem(
                record,
                ("status",),
                f"plan is {plan.status} but has no delegation: add `delegation:` (see `inspectkit new-delegation --plan {plan.id}`)",
            )


def visit_dates(ctx: Context) -> ProblemIter:
    """IK502"""
    for record, plan in ctx.plans:
        for index, visit in enumerate(plan.visits):
            if visit.date < plan.issued:
                yield Problem(
                    record,
                    ("visits", index, "date"),
                    f"visit on {visit.date} is before the plan was issued ({plan.issued}): fix one of the dates",
                )
            if visit.end is not None and visit.end < visit.date:
                yield Problem(
                    record,
                    ("visits", index, "end"),
                    f"visit ends ({visit.end}) before it starts ({visit.date}): fix `end`",
                )


def period(ctx: Context) -> ProblemIter:
    """IK503"""
    for record, plan in ctx.plans:
        if plan.period is not None and plan.period.from_ > plan.period.to:
            yield Problem(
                record,
                ("period", "from"),
                f"period starts ({plan.period.from_}) after it ends ({plan.period.to}): swap or fix the dates",
            )


def due_before_visit(ctx: Context) -> ProblemIter:
    """IK504"""
    for record, finding in ctx.findings:
        action, plan = finding.action, ctx.plan(finding.plan)
        if action is None or action.due is None or plan is None:
            continue
        dates = [v.date for v in plan.visits if v.centre in finding.centres]
        if dates and action.due < min(dates):
            yield Problem(
                record,
                ("action", "due"),
                f"due date {action.due} is before the first visit to its centres ({min(dates)}): fix the due date",
            )


def missing_action(ctx: Context) -> ProblemIter:
    """IK505"""
    for record, finding in ctx.findings:
        if finding.type in ACTION_TYPES and finding.action is None:
            yield Problem(
                record,
                ("type",),
                f"a {finding.type} needs an `action:` to follow it up (at least `owner:`; `due:` and `status:` as known)",
            )


def closed_with_open_actions(ctx: Context) -> ProblemIter:
    """IK506"""
    active: dict[str, list[str]] = defaultdict(list)
    for _, finding in ctx.findings:
        if finding.action is not None and finding.action.status in ACTIVE_STATUSES:
            active[finding.plan].append(finding.id)
    for record, plan in ctx.plans:
        ids = active.get(plan.id)
        if plan.status == "closed" and ids:
            shown = ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")
            yield Problem(
                record,
                ("status",),
                f"plan is closed but {len(ids)} action(s) are still open or in progress ({shown}): finish or drop them, or reopen the plan",
            )


def done_on(ctx: Context) -> ProblemIter:
    """IK507"""
    for record, finding in ctx.findings:
        action = finding.action
        if action is None:
            continue
        if action.status == "done" and action.done_on is None:
            yield Problem(
                record, ("action", "status"), "action is done but has no `done_on`: add the date it was done"
            )
        elif action.status != "done" and action.done_on is not None:
            yield Problem(
                record,
                ("action", "done_on"),
                f"`done_on` is set but the action is {action.status}: set `status: done` or remove `done_on`",
            )


def overdue(ctx: Context) -> ProblemIter:
    """IK508"""
    for record, finding in ctx.findings:
        action = finding.action
        if action is None:
            continue
        days = days_overdue(action.due, action.status, ctx.today)  # the same count as `inspectkit actions`
        if days > 0:
            yield Problem(
                record,
                ("action", "due"),
                f"action overdue: due {action.due}, {days} day(s) ago, still {action.status}; update it with `inspectkit finding set-status {finding.id} STATUS`",
            )
