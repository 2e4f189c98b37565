"""IK510–IK511: registered documents (FORMAT.md 1.1, "document") against the records they state."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from inspectkit import digest
from inspectkit.models import Centre, Delegation, Document, Finding, Plan
from inspectkit.repository import Record
from inspectkit.rules.base import Every, Facts, PlacedIter, Severity, facts_of, facts_rule

# ---------------------------------------------------------------------------------------------
# Facts: each covered record's digest part, and what a document says of itself.


@facts_of("plan")
@facts_of("delegation")
@facts_of("centre")
@facts_of("finding")
def digest_part(record: Record) -> dict[str, Any]:
    model = record.model
    assert isinstance(model, (Plan, Delegation, Centre, Finding))
    return {"digest": digest.part(model)}


@facts_of("document")
def document_facts(record: Record) -> dict[str, Any]:
    document = record.model
    assert isinstance(document, Document)
    return {
        "plan": document.plan,
        "type": document.type,
        "centre": document.centre,
        "number": document.number,
        "issued": document.issued.isoformat(),
        "digest": document.digest,
    }


@facts_of("delegation")
def decision_facts(record: Record) -> dict[str, Any]:
    decision = record.model.decision if isinstance(record.model, Delegation) else None
    issued = decision.issued.isoformat() if decision is not None and decision.issued else None
    return {"decision": [decision.number, issued] if decision is not None else None}


class _PartsNow:
    """The digest parts of the records a document of a plan states, as they are now (the same
    records as `digest.covered`: its delegations, visited centres and findings). Delegations and
    findings are grouped by plan in one pass: IK510 asks for every plan that has a document."""

    def __init__(self, every: Every) -> None:
        self.every = every
        # by plan, then id; a later record of a repeated id wins, as in `digest.covered`
        self.delegations: dict[str, dict[str, str]] = defaultdict(dict)
        self.delegation_by_id: dict[str, str] = {}
        for d in every.of_kind("delegation"):
            if d.id is not None:
                self.delegations[d.values["plan"]][d.id] = d.values["digest"]
                self.delegation_by_id[d.id] = d.values["digest"]
        self.findings: dict[str, dict[str, str]] = defaultdict(dict)
        for f in every.of_kind("finding"):
            if f.id is not None:
                self.findings[f.values["plan"]][f.id] = f.values["digest"]

    def of(self, plan: Facts) -> digest.Parts:
        # its own delegations, and the one it names (which may say it belongs to another plan)
        delegations = dict(self.delegations.get(plan.id or "", {}))
        named = plan.values["delegation"]
        if named in self.delegation_by_id:
            delegations[named] = self.delegation_by_id[named]
        centres: dict[str, str | None] = {}
        for centre_id, _ in plan.values["visits"]:
            centre = self.every.valid(centre_id, "centre")
            centres[centre_id] = centre.values["digest"] if centre is not None else None
        findings = dict(self.findings.get(plan.id or "", {}))
        return digest.Parts(plan.values["digest"], delegations, centres, findings)


def _what(document: Facts) -> str:
    number = document.values["number"]
    kind = document.values["type"]
    return f"{kind} {number}" if number else kind


@facts_rule("IK510", Severity.WARNING, "the facts of an issued document changed after it was issued")
def facts_changed(every: Every) -> PlacedIter:
    """Only documents whose plan is valid: a missing or broken plan is IK400's or the plan's own."""
    computed: dict[str, digest.Parts] = {}
    parts_now = _PartsNow(every)
    for document in _current(every.of_kind("document")):
        plan = every.valid(document.values["plan"], "plan")
        if plan is None or plan.id is None:
            continue
        if plan.id not in computed:
            computed[plan.id] = parts_now.of(plan)
        now = computed[plan.id]
        if now.digest() == document.values["digest"]:
            continue
        from inspectkit.history import changed_records

        changed = changed_records(every.settings, document.path, now, plan.id, document.values["digest"])
        which = (
            f"changed since: {', '.join(plan.id if c == 'plan' else c for c in changed)}"
            if changed
            else f"the records of plan {plan.id} changed since (which ones git cannot tell)"
        )
        yield document.at(
            ("digest",),
            f"{_what(document)} issued {document.values['issued']} no longer matches its records, {which}: "
            "the signed document stands as issued; correct the records back, or re-issue it: "
            f"`inspectkit issue {plan.id} --kind {document.values['type']}"
            + (f" --centre {document.values['centre']}" if document.values["centre"] else "")
            + " --number NEW --on YYYY-MM-DD --supersede`",
        )


def _current(documents: list[Facts]) -> list[Facts]:
    """The latest entry of each document (plan, type, centre; a follow-up per date): an earlier
    one was superseded by a re-issue (`inspectkit issue --supersede`) and stands as history."""
    from inspectkit.register import latest_key

    def entry(document: Facts) -> tuple[object, ...]:
        v = document.values
        return (v["plan"], v["type"], v["centre"], v["issued"] if v["type"] == "followup" else None)

    best: dict[tuple[object, ...], Facts] = {}
    for document in documents:
        key = entry(document)
        if key not in best or latest_key(document.values["issued"], document.id or "") > latest_key(
            best[key].values["issued"], best[key].id or ""
        ):
            best[key] = document
    # by identity, per entry: `in best.values()` compared each document with every kept one (all
    # their fields), which made lint quadratic in the number of documents
    return [d for d in documents if best[entry(d)] is d]


@facts_rule("IK511", Severity.ERROR, "issued document dated before what it reports")
def impossible_date(every: Every) -> PlacedIter:
    for document in every.of_kind("document"):
        plan = every.valid(document.values["plan"], "plan")
        if plan is None:
            continue
        # each visit's last day: minutes close, and reports follow, the end of a multi-day visit
        starts = [(centre, date.fromisoformat(day)) for centre, day in plan.values["visits"]]
        ends = [(c, date.fromisoformat(d)) for c, d in plan.values.get("visit_ends", plan.values["visits"])]
        issued = date.fromisoformat(document.values["issued"])
        problem = _date_problem(document.values["type"], document.values["centre"], issued, starts, ends)
        if problem:
            yield document.at(("issued",), f"{_what(document)} is dated {issued.isoformat()}, {problem}")
    for delegation in every.of_kind("delegation"):
        decision = delegation.values.get("decision")
        plan = every.valid(delegation.values["plan"], "plan")
        if decision is None or decision[1] is None or plan is None:
            continue
        first = min(date.fromisoformat(day) for _, day in plan.values["visits"])
        if date.fromisoformat(decision[1]) > first:
            yield delegation.at(
                ("decision", "issued"),
                f"the decision forming the delegation is dated {decision[1]}, after the first visit "
                f"({first.isoformat()}): a delegation is formed before it works; fix the date",
            )


def _date_problem(
    kind: str, centre: str | None, issued: date, starts: list[tuple[str, date]], ends: list[tuple[str, date]]
) -> str | None:
    """Why a document of `kind` cannot be dated `issued`, or None. `starts` and `ends`: each
    visit's first and last day (a multi-day visit's minutes and reports come after its end)."""
    if not starts:
        return None
    first, last = min(d for _, d in starts), max(d for _, d in ends)
    if kind == "minutes":
        days = [d for c, d in ends if c == centre]
        if days and issued < min(days):
            return (
                f"before the end ({min(days).isoformat()}) of the visit to {centre} it records: "
                "fix the date or the centre"
            )
    elif kind in ("summary", "conclusion", "followup") and issued < last:
        return f"before the plan's last visit ({last.isoformat()}), which it reports on: fix the date"
    elif kind == "decision" and issued > first:
        return f"after the first visit ({first.isoformat()}): the delegation is formed before it works; fix the date"
    return None
