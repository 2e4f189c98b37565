"""`new-delegation`: the delegation's draft, and the plan's `delegation:` edit."""

from __future__ import annotations

from typing import Any

from inspectkit import kinds
from inspectkit.answers import (
    NOT_ASKED,
    BadAnswer,
    document_number,
    from_option,
    one_line,
    parse_date,
    parse_member,
    parse_role,
    person_entry,
)
from inspectkit.authoring.session import Session, choose_id, find_plan
from inspectkit.drafts import Draft, plan_with_delegation
from inspectkit.errors import Refused, UsageError
from inspectkit.models import Plan
from inspectkit.rules.consistency import head_problem
from inspectkit.vocabulary import ROLE_ORDER


def delegation_drafts(
    session: Session,
    *,
    plan: str | None = None,
    decision: str | None = None,
    decision_issued: str | None = None,
    decision_issuer: str | None = None,
    members: list[str] | None = None,
    record_id: str | None = None,
) -> tuple[Draft, Draft | None]:
    """The delegation, and the plan's file with `delegation:` set (None when already set)."""
    ask = session.answers
    the_plan = ask.required(
        "--plan",
        plan,
        "Plan id (e.g. 2022-84-kh-dkt)",
        lambda v: find_plan(session.repo, v),
        default=_default_plan(session) if ask.interactive else None,  # a script names the plan
    )
    _without_delegation(session, the_plan)
    data: dict[str, Any] = {}
    the_decision = _decision(session, the_plan, decision, decision_issued, decision_issuer)
    if the_decision is not None:
        data["decision"] = the_decision
    data["members"] = _members(session, members or [])
    default_id = the_plan.delegation or kinds.new_id("delegation", {"plan": the_plan.id}) or ""
    delegation_id = choose_id(session, "--id", record_id, "Id of the delegation (file name)", default_id)
    if the_plan.delegation is not None and the_plan.delegation != delegation_id:
        raise Refused(
            f"plan {the_plan.id} names delegation '{the_plan.delegation}': use --id {the_plan.delegation}"
        )
    record = {"kind": "delegation", "id": delegation_id, "plan": the_plan.id, **data}
    draft = Draft("delegation", record, session.path_for("delegation", delegation_id))
    if the_plan.delegation == delegation_id:
        return draft, None
    return draft, _plan_edit(session, the_plan, delegation_id)


def _without_delegation(session: Session, plan: Plan) -> None:
    """Refused when the plan already has its delegation."""
    if plan.delegation is not None and plan.delegation in session.repo.by_id:
        raise Refused(f"plan {plan.id} already has delegation {plan.delegation}")
    for other in session.repo.records:
        if other.kind == "delegation" and other.data.get("plan") == plan.id:
            raise Refused(f"plan {plan.id} already has delegation {other.id} ({other.display})")


def _decision(
    session: Session, plan: Plan, number: str | None, issued: str | None, issuer: str | None
) -> dict[str, Any] | None:
    """The decision forming the delegation (number, date, issuer), or None when there is none."""
    ask = session.answers
    the_number = ask.one(
        "--decision",
        number,
        "Number of the decision forming the delegation (optional, e.g. 85-QĐ/BTGTU)",
        document_number("QĐ"),
        required=False,
    )
    if the_number is None:
        if issued is not None or issuer is not None:
            raise UsageError("--decision-issued and --decision-issuer need --decision")
        return None
    doc: dict[str, Any] = {"number": the_number}
    day = ask.one(
        "--decision-issued",
        issued,
        "Date of the decision",
        parse_date,
        default=plan.issued.isoformat() if ask.interactive else None,
        required=False,
    )
    if day is not None:
        doc["issued"] = day
    the_issuer = ask.one(
        "--decision-issuer",
        issuer,
        "Issuing body of the decision",
        one_line,
        default=plan.issuer if ask.interactive else None,
        required=False,
    )
    if the_issuer is not None:
        doc["issuer"] = the_issuer
    return doc


def _members(session: Session, given: list[str]) -> list[dict[str, str]]:
    """The members, head first; exactly one head (lint's IK500 rule)."""
    if given:
        members = [from_option("--member", value, parse_member) for value in given]
    elif session.answers.interactive:
        members = _ask_members(session)
    else:
        raise UsageError(f"missing --member{NOT_ASKED}; ROLE:NAME:POSITION[:ORGANISATION], repeat it")
    problem = head_problem([m["name"] for m in members if m["role"] == "head"])
    if problem is not None:
        raise UsageError(f"--member: a delegation has exactly one head, these members have {problem}")
    return sorted(members, key=lambda m: ROLE_ORDER[m["role"]])


def _plan_edit(session: Session, plan: Plan, delegation_id: str) -> Draft:
    """The plan's file with `delegation:` set, made from its bytes as read now (read as the
    editing engine reads a file it edits)."""
    from inspectkit.editing import read_source

    plan_record = session.repo.record(plan.id)
    assert plan_record is not None
    source = read_source(plan_record.path, session.settings.root)
    text = plan_with_delegation(source.text, delegation_id, plan_record.display)
    return Draft("plan", {}, plan_record.path, text, source.raw)


def _default_plan(session: Session) -> str | None:
    """The only plan without a delegation, if there is exactly one."""
    free = [
        p.id for p in session.repo.plans if p.delegation is None or p.delegation not in session.repo.by_id
    ]
    return free[0] if len(free) == 1 else None


def _ask_members(session: Session) -> list[dict[str, str]]:
    ask = session.answers
    assert ask.prompter is not None
    members: list[dict[str, str]] = []
    while True:
        has_head = any(m["role"] == "head" for m in members)
        finish = "; empty to finish" if has_head else ""
        name = ask.ask(f"Member {len(members) + 1}: name{finish}", one_line, required=not has_head)
        if name is None:
            return members

        def role_of(value: str, has_head: bool = has_head) -> str:
            role = parse_role(value)
            if role == "head" and has_head:
                raise BadAnswer("the delegation already has a head: choose deputy, member or secretary")
            return role

        role = ask.ask(
            "  Role (head, deputy, member, secretary)", role_of, default="member" if has_head else "head"
        )
        position = ask.ask("  Position (chức vụ, optional)", one_line, required=False)
        organisation = ask.ask("  Organisation (đơn vị, optional)", one_line, required=False)
        assert role is not None
        members.append(person_entry(name, position or "", organisation or "", role))
