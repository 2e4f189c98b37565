"""What the cross-record rules know about each kind of record: small values, JSON-able.

Facts are what the index keeps for every record (instead of its node tree), so they hold only
what a facts rule compares across records. Dates are ISO text.
"""

from __future__ import annotations

from typing import Any

from inspectkit.models import Delegation, Finding, Plan
from inspectkit.repository import Record
from inspectkit.rules.base import facts_of


@facts_of("plan")
def plan_facts(record: Record) -> dict[str, Any]:
    plan = record.model
    assert isinstance(plan, Plan)
    return {
        "number": plan.number,
        "year": plan.issued.year,
        "status": plan.status,
        "delegation": plan.delegation,
        "topics": [topic.id for topic in plan.topics],
        "visits": [[visit.centre, visit.date.isoformat()] for visit in plan.visits],
        # the last day of each visit (its `end`, else its date): what a document is dated after
        "visit_ends": [[visit.centre, (visit.end or visit.date).isoformat()] for visit in plan.visits],
    }


@facts_of("delegation")
def delegation_facts(record: Record) -> dict[str, Any]:
    delegation = record.model
    assert isinstance(delegation, Delegation)
    return {"plan": delegation.plan}


@facts_of("finding")
def finding_facts(record: Record) -> dict[str, Any]:
    finding = record.model
    assert isinstance(finding, Finding)
    action = finding.action
    return {
        "plan": finding.plan,
        "centres": list(finding.centres),
        "topic": finding.topic,
        "action": None
        if action is None
        else {"due": action.due.isoformat() if action.due else None, "status": action.status},
    }
