"""What links to a record and what it links to (`show`)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from inspectkit import kinds
from inspectkit.models import Centre, Delegation, Finding, Plan
from inspectkit.repository import Record, Repository
from inspectkit.text import natural_key
from inspectkit.vocabulary import FINDING_TYPES


def _finding_line(finding: Finding) -> dict[str, Any]:
    return {"id": finding.id, "type": finding.type, "summary": finding.summary}


def links(repo: Repository, record: Record) -> dict[str, Any]:
    """What links to a record and what it links to, by kind:

    - centre: the plans that visited it (with the visit dates) and its findings;
    - plan: its delegation, its visits (with centre names), its findings counted by type;
    - delegation: its plan; finding: its plan, topic and centres;
    - any other kind (a document, a kind added to the registry): the records it refers to and
      the records that refer to it, read from the registry's references.
    A plan or centre with registered documents also lists them.
    """
    model = record.model
    names = {c.id: c.name for c in repo.centres}
    if isinstance(model, Centre):
        plans: list[dict[str, Any]] = [
            {
                "id": p.id,
                "number": p.number,
                "title": p.title,
                "dates": [v.date for v in p.visits if v.centre == model.id],
            }
            for p in repo.plans
            if any(v.centre == model.id for v in p.visits)
        ]
        plans.sort(key=lambda p: (min(p["dates"]), p["id"]))
        lines = [_finding_line(f) for f in repo.findings if model.id in f.centres]
        lines.sort(key=lambda f: natural_key(f["id"]))
        out: dict[str, Any] = {"plans": plans, "findings": lines}
        return out | ({"documents": docs} if (docs := _documents(repo, centre=model.id)) else {})
    if isinstance(model, Plan):
        delegation = next((d for d in repo.delegations if d.plan == model.id), None)
        if delegation is None and model.delegation:
            found = repo.model(model.delegation)
            delegation = found if isinstance(found, Delegation) else None
        head = next((m.name for m in delegation.members if m.role == "head"), None) if delegation else None
        findings = [f for f in repo.findings if f.plan == model.id]
        by_type: Counter[str] = Counter(f.type for f in findings)
        return {
            "delegation": {"id": delegation.id, "head": head, "members": len(delegation.members)}
            if delegation
            else None,
            "visits": [
                {"centre": v.centre, "name": names.get(v.centre), "date": v.date}
                | ({"end": v.end} if v.end else {})
                for v in model.visits
            ],
            "findings": {
                "total": len(findings),
                "by_type": {t: by_type[t] for t in FINDING_TYPES if by_type[t]},
            },
        } | ({"documents": docs} if (docs := _documents(repo, plan=model.id)) else {})
    if isinstance(model, Delegation):
        plan = repo.model(model.plan)
        return {
            "plan": {"id": plan.id, "number": plan.number, "title": plan.title}
            if isinstance(plan, Plan)
            else None
        }
    if isinstance(model, Finding):
        plan = repo.model(model.plan)
        topic = None
        if isinstance(plan, Plan):
            topic = next((t.title for t in plan.topics if t.id == model.topic), None)
        return {
            "plan": {"id": plan.id, "number": plan.number, "title": plan.title}
            if isinstance(plan, Plan)
            else None,
            "topic": {"id": model.topic, "title": topic},
            "centres": [{"id": c, "name": names.get(c)} for c in model.centres],
        }
    return _by_references(repo, record)


def _by_references(repo: Repository, record: Record) -> dict[str, Any]:
    out: dict[str, Any] = {}
    refers = [
        _line(repo, ".".join(map(str, loc)), value)
        for loc, _, value in kinds.references_of(record.kind, record.data)
    ]
    if refers:
        out["refers to"] = refers
    referred = [
        _line(repo, ".".join(map(str, loc)), other.id or "")
        for other in repo.records
        for loc, _, value in kinds.references_of(other.kind, other.data)
        if value == record.id and other is not record
    ]
    if referred:
        out["referred to by"] = referred
    return out


def _line(repo: Repository, field: str, record_id: str) -> dict[str, Any]:
    """One linked record: the field that links, its id and kind, and the first label the kind
    registry gives it (a plan's number, a centre's name)."""
    other = repo.record(record_id)
    if other is None:
        return {"field": field, "id": record_id, "kind": None}
    line: dict[str, Any] = {"field": field, "id": record_id, "kind": other.kind}
    labels = kinds.get(other.kind or "").labels if kinds.is_kind(other.kind) else ()
    if labels and isinstance(other.data.get(labels[0]), str):
        line[labels[0]] = other.data[labels[0]]
    return line


def _documents(repo: Repository, plan: str | None = None, centre: str | None = None) -> list[dict[str, Any]]:
    found = [
        d
        for d in repo.documents
        if (plan is None or d.plan == plan) and (centre is None or d.centre == centre)
    ]
    found.sort(key=lambda d: (d.issued, natural_key(d.id)))
    return [
        {"id": d.id, "type": d.type, "number": d.number, "issued": d.issued}
        | ({"centre": d.centre} if d.centre else {})
        for d in found
    ]
