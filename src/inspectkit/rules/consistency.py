"""IK500–IK508: facts that must hold together within a record (record rules) and across records
(facts rules)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from inspectkit.models import Delegation, Finding, Plan
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
from inspectkit.vocabulary import ACTION_TYPES, ACTIVE_STATUSES, PLAN_STATUSES, days_overdue

# Plan statuses in the order a plan moves through them (models.PlanStatus).
_APPROVED_OR_LATER = PLAN_STATUSES[PLAN_STATUSES.index("approved") :]


@record_rule(
    "IK500",
    Severity.ERROR,
    "delegation does not have exactly one head",
    kinds=("delegation",),
    valid_only=True,
)
def heads(record: Record, scope: Scope) -> ProblemIter:
    delegation = record.model
    assert isinstance(delegation, Delegation)
    problem = head_problem([m.name for m in delegation.members if m.role == "head"])
    if problem == "no head":
        yield Problem(("members",), "the delegation has no head: give one member `role: head`")
    elif problem is not None:
        yield Problem(("members",), f"the delegation has {problem}: exactly one member is `role: head`")


def head_problem(heads: list[str]) -> str | None:
    """IK500's rule on the names of a delegation's heads: None for exactly one, else what is wrong
    (`no head`, `2 heads (A, C)`). Authoring checks new delegations with it too."""
    if len(heads) == 1:
        return None
    return "no head" if not heads else f"{len(heads)} heads ({', '.join(heads)})"


@facts_rule("IK501", Severity.WARNING, "plan approved or later has no delegation")
def no_delegation(every: Every) -> PlacedIter:
    with_delegation = {d.values["plan"] for d in every.of_kind("delegation")}
    for plan in every.of_kind("plan"):
        status = plan.values["status"]
        if (
            status in _APPROVED_OR_LATER
            and plan.values["delegation"] is None
            and plan.id not in with_delegation
        ):
            yield plan.at(
                ("status",),
                f"plan is {status} but has no delegation: add `delegation:` (see `inspectkit new-delegation --plan {plan.id}`)",
            )


@record_rule(
    "IK502",
    Severity.ERROR,
    "visit date before the plan's issue date, or end before date",
    kinds=("plan",),
    valid_only=True,
)
def visit_dates(record: Record, scope: Scope) -> ProblemIter:
    plan = record.model
    assert isinstance(plan, Plan)
    for index, visit in enumerate(plan.visits):
        if visit.date < plan.issued:
            yield Problem(
                ("visits", index, "date"),
                f"visit on {visit.date} is before the plan was issued ({plan.issued}): fix one of the dates",
            )
        if visit.end is not None and visit.end < visit.date:
            yield Problem(
                ("visits", index, "end"),
                f"visit ends ({visit.end}) before it starts ({visit.date}): fix `end`",
            )


@record_rule("IK503", Severity.ERROR, "period from after to", kinds=("plan",), valid_only=True)
def period(record: Record, scope: Scope) -> ProblemIter:
    plan = record.model
    assert isinstance(plan, Plan)
    if plan.period is not None and plan.period.from_ > plan.period.to:
        yield Problem(
            ("period", "from"),
            f"period starts ({plan.period.from_}) after it ends ({plan.period.to}): swap or fix the dates",
        )


@facts_rule("IK504", Severity.ERROR, "action due date before the first visit to its centres")
def due_before_visit(every: Every) -> PlacedIter:
    for finding in every.of_kind("finding"):
        action = finding.values["action"]
        plan = every.valid(finding.values["plan"], "plan")
        if action is None or action["due"] is None or plan is None:
            continue
        centres = finding.values["centres"]
        dates = [day for centre, day in plan.values["visits"] if centre in centres]
        if dates and action["due"] < min(dates):
            yield finding.at(
                ("action", "due"),
                f"due date {action['due']} is before the first visit to its centres ({min(dates)}): fix the due date",
            )


@record_rule(
    "IK505", Severity.ERROR, "proposal or request without action", kinds=("finding",), valid_only=True
)
def missing_action(record: Record, scope: Scope) -> ProblemIter:
    finding = record.model
    assert isinstance(finding, Finding)
    if finding.type in ACTION_TYPES and finding.action is None:
        yield Problem(
            ("type",),
            f"a {finding.type} needs an `action:` to follow it up (at least `owner:`; `due:` and `status:` as known)",
        )


@facts_rule("IK506", Severity.ERROR, "plan is closed while actions of its findings are open or in progress")
def closed_with_open_actions(every: Every) -> PlacedIter:
    active: dict[str, list[str]] = defaultdict(list)
    for finding in every.of_kind("finding"):
        action = finding.values["action"]
        if action is not None and action["status"] in ACTIVE_STATUSES and finding.id is not None:
            active[finding.values["plan"]].append(finding.id)
    for plan in every.of_kind("plan"):
        ids = active.get(plan.id or "")
        if plan.values["status"] == "closed" and ids:
            shown = ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")
            yield plan.at(
                ("status",),
                f"plan is closed but {len(ids)} action(s) are still open or in progress ({shown}): finish or drop them, or reopen the plan",
            )


@record_rule(
    "IK507",
    Severity.ERROR,
    "action done without done_on, or done_on while not done",
    kinds=("finding",),
    valid_only=True,
)
def done_on(record: Record, scope: Scope) -> ProblemIter:
    finding = record.model
    assert isinstance(finding, Finding)
    action = finding.action
    if action is None:
        return
    if action.status == "done" and action.done_on is None:
        yield Problem(("action", "status"), "action is done but has no `done_on`: add the date it was done")
    elif action.status != "done" and action.done_on is not None:
        yield Problem(
            ("action", "done_on"),
            f"`done_on` is set but the action is {action.status}: set `status: done` or remove `done_on`",
        )


@facts_rule("IK508", Severity.WARNING, "action overdue")
def overdue(every: Every) -> PlacedIter:
    """A facts rule, not a record rule: it depends on today's date, which a cached result cannot."""
    for finding in every.of_kind("finding"):
        action = finding.values["action"]
        if action is None or action["due"] is None:
            continue
        due = date.fromisoformat(action["due"])
        days = days_overdue(due, action["status"], every.today)  # the same count as `inspectkit actions`
        if days > 0:
            yield finding.at(
                ("action", "due"),
                f"action overdue: due {due}, {days} day(s) ago, still {action['status']}; update it with `inspectkit finding set-status {finding.id} STATUS`",
            )
