"""IK400–IK404: references between records, checked over every record's facts."""

from __future__ import annotations

from inspectkit import kinds
from inspectkit.diagnostics import did_you_mean
from inspectkit.rules.base import Every, PlacedIter, Severity, facts_rule


@facts_rule("IK400", Severity.ERROR, "reference to a record that does not exist")
def dangling(every: Every) -> PlacedIter:
    for facts in every.facts:
        for loc, target, value in facts.refs:
            if value not in every.by_id:
                hint = every.suggest(value, target)
                yield facts.at(loc, f"no {target} has id '{value}'{hint}: create it or fix the reference")


@facts_rule("IK401", Severity.ERROR, "reference to a record of another kind")
def wrong_kind(every: Every) -> PlacedIter:
    for facts in every.facts:
        for loc, target, value in facts.refs:
            other = every.by_id.get(value)
            # A record of no known kind has its own IK203; it is not a reason to blame this one.
            if other is not None and kinds.is_kind(other.kind) and other.kind != target:
                hint = every.suggest(value, target)
                yield facts.at(
                    loc, f"'{value}' is a {other.kind} ({other.path}), but a {target} is expected here{hint}"
                )


@facts_rule("IK402", Severity.WARNING, "finding names a centre its plan does not visit")
def centre_not_visited(every: Every) -> PlacedIter:
    for facts in every.of_kind("finding"):
        plan = every.valid(facts.values["plan"], "plan")
        if plan is None:
            continue
        visited = {centre for centre, _ in plan.values["visits"]}
        for index, centre in enumerate(facts.values["centres"]):
            if centre not in visited and centre in every.by_id:
                yield facts.at(
                    ("centres", index),
                    f"plan {plan.id} does not visit centre '{centre}': add a visit to the plan or fix the centre",
                )


@facts_rule("IK403", Severity.ERROR, "finding topic is not a topic of its plan")
def unknown_topic(every: Every) -> PlacedIter:
    for facts in every.of_kind("finding"):
        plan = every.valid(facts.values["plan"], "plan")
        if plan is None:
            continue
        topics: list[str] = plan.values["topics"]
        topic = facts.values["topic"]
        if topic not in topics:
            hint = did_you_mean(topic, topics)
            yield facts.at(
                ("topic",), f"plan {plan.id} has no topic '{topic}'{hint}; its topics: {', '.join(topics)}"
            )


@facts_rule("IK404", Severity.ERROR, "plan.delegation and delegation.plan disagree")
def delegation_mismatch(every: Every) -> PlacedIter:
    for plan in every.of_kind("plan"):
        named = plan.values["delegation"]
        if named is None:
            continue
        delegation = every.valid(named, "delegation")
        if delegation is not None and delegation.values["plan"] != plan.id:
            yield plan.at(
                ("delegation",),
                f"delegation {named} belongs to plan '{delegation.values['plan']}', not {plan.id}: make both records name each other",
            )
    for delegation in every.of_kind("delegation"):
        owner = every.valid(delegation.values["plan"], "plan")
        if owner is not None and owner.values["delegation"] not in (None, delegation.id):
            yield delegation.at(
                ("plan",),
                f"plan {owner.id} names delegation '{owner.values['delegation']}', not {delegation.id}: make both records name each other",
            )
