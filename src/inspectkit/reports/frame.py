"""The frame of one report: header (issuing body, number, place and date), signatures, recipients,
chosen by the rules its kind declares in the registry (`kinds.py`) and by its entry in the
outgoing-documents register.

A kind dated by the register and not registered yet is a draft: marked `DỰ THẢO`, its number and
day left blank for the clerk (`Số      -TB/BTGTU`, `ngày      tháng      năm 2022`, the year of
the plan's last visit). The plan and the decision carry their own number and date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from inspectkit import docnumbers
from inspectkit.models import Member, Signer
from inspectkit.reports.labels import LABELS
from inspectkit.reports.official import (
    DocInfo,
    Signature,
    authority,
    issuer_code,
    national,
    number_line,
    state_recipients,
)
from inspectkit.reports.phrases import long_date
from inspectkit.reports.scope import Scope

BLANK = docnumbers.BLANK


@dataclass(frozen=True)
class Dated:
    day: date | None
    number: str | None
    draft: bool
    year: int | None = None  # for a blank date: the year it will carry


def dated(scope: Scope) -> Dated:
    """The document's date and number, by its kind's `dated` rule and its register entry."""
    rule = scope.kind.dated
    if rule == "plan":
        return Dated(scope.plan.issued, scope.plan.number, False)
    if rule == "decision":
        decision = scope.delegation.decision if scope.delegation else None
        if decision and decision.issued:
            return Dated(decision.issued, decision.number, False)
        return Dated(None, decision.number if decision else None, True, scope.plan.issued.year)
    entry = scope.entry
    if entry is not None:
        return Dated(entry.issued, entry.number, False)
    if scope.kind.name == "followup":  # dated as of the day it reports on, numbered when registered
        return Dated(scope.today, None, True)
    last = max((v.last for v in scope.visits), default=scope.plan.issued)
    return Dated(None, None, True, last.year)


def place_date(scope: Scope, when: Dated) -> str:
    lang = scope.lang
    if when.day is not None:
        text = long_date(when.day, lang)
    elif lang == "vi":
        text = f"ngày{BLANK}tháng{BLANK}năm {when.year or ''}".rstrip()
    else:
        text = f"{BLANK}{BLANK}{when.year or ''}".rstrip()
    place = scope.plan.place or scope.settings.organisation.place
    return f"{place}, {text}" if place else text[:1].upper() + text[1:]


def own_code(scope: Scope) -> str:
    """The issuer part of the document's number: the delegation's documents take the plan's
    (`ĐKT` of `84-KH/ĐKT`); the organisation's, its decision's (`BTGTU` of `85-QĐ/BTGTU`)."""
    decision = scope.delegation.decision if scope.delegation else None
    if scope.kind.header == "organisation" and decision is not None and issuer_code(decision.number):
        return issuer_code(decision.number)
    return issuer_code(scope.plan.number)


def _member(member: Member | None, auth: str | None, title: str) -> Signature:
    return Signature(auth, title, member.name if member else None)


def _signer(signer: Signer | None, style: str) -> Signature:
    if signer is None:
        return Signature(None, None, None)
    title = signer.position.upper() if signer.position else None
    return Signature(authority(signer.authority, style), title, signer.name)


def signatures(scope: Scope, style: str) -> list[Signature]:
    rule = scope.kind.signature
    roles = LABELS[scope.lang]["role"]
    if rule == "none":
        return []
    if rule == "both-sides":
        visit = scope.visits[0] if scope.visits else None
        people = [*(scope.centre.leaders if scope.centre else []), *(visit.attendees if visit else [])]
        side = "ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA" if scope.lang == "vi" else "FOR THE INSPECTED UNIT"
        return [
            Signature(side, None, people[0].name if people else None),
            _member(scope.member("secretary"), None, roles["secretary"].upper()),
            _member(scope.member("head"), None, roles["head"].upper()),
        ]
    entry = scope.entry
    if entry is not None and entry.signer is not None:  # who signed, as the register says
        return [_signer(entry.signer, style)]
    if rule == "delegation":
        team = "ĐOÀN KIỂM TRA" if scope.lang == "vi" else "INSPECTION DELEGATION"
        tm = "TM." if style == "state" else "T/M"
        return [_member(scope.member("head"), f"{tm} {team}", roles["head"].upper())]
    return [_signer(scope.plan.signer, style)]


def draft_note(scope: Scope) -> str:
    kind = scope.kind.name
    centre = f" --centre {scope.centre.id}" if scope.centre is not None and kind == "minutes" else ""
    on = scope.today.isoformat() if kind == "followup" else "YYYY-MM-DD"
    number = " --number N" if scope.kind.code else ""
    blank = "its number and date are left blank" if scope.kind.code else "it is marked as such"
    return (
        f"made a draft (DỰ THẢO) of the {kind}: it is not in the documents register, so {blank}. "
        f"Once it is signed, register it: inspectkit issue {scope.plan.id} --kind {kind}{centre}{number} --on {on}"
    )


def stale_note(scope: Scope) -> list[str]:
    """A registered document whose facts changed since it was issued (IK510): the report prints
    the records as they are now under the old number, which is not what was signed."""
    from inspectkit.digest import digest

    entry = scope.entry
    if entry is None or digest(scope.repo, scope.plan.id) == entry.digest:
        return []
    centre = f" --centre {entry.centre}" if entry.centre else ""
    return [
        f"the records changed since the {scope.kind.name} {entry.number or ''} was issued on "
        f"{entry.issued.isoformat()} (IK510): this prints the records as they are now, not the signed "
        f"document. Re-issue it with a new number and date: inspectkit issue {scope.plan.id} "
        f"--kind {scope.kind.name}{centre} --number NEW --on YYYY-MM-DD --supersede"
    ]


def doc_info(scope: Scope) -> DocInfo:
    """The header and closing of the report; kind builders may change its recipients."""
    org = scope.settings.organisation
    style = org.style
    header = list(org.header) or [scope.plan.issuer.upper()]
    if scope.kind.header == "delegation":  # the delegation's own documents: minutes, results report
        header = [org.name.upper(), "ĐOÀN KIỂM TRA" if scope.lang == "vi" else "INSPECTION DELEGATION"]
    code = own_code(scope)
    when = dated(scope)
    signed = signatures(scope, style)
    # The minutes go to no one (each side keeps a copy); news is not sent.
    sent = scope.kind.signature in ("signer", "delegation")
    recipients = list(scope.plan.recipients) if sent else []
    if style == "state" and sent:
        recipients = state_recipients(recipients, code)
    draft = when.draft and scope.kind.dated == "register"
    return DocInfo(
        kind=scope.kind.name,
        style=style,
        official=scope.kind.header != "none",
        superior=header[:-1],
        issuer=header[-1],
        # the number as registered or as its record carries it: the paper and the register agree
        # (a number in the other system is IK603's warning, at lint and at `issue`)
        number_line=number_line(when.number, style, scope.kind.code or "", code),
        national=national(style),
        place_date=place_date(scope, when),
        recipients=recipients,
        signatures=signed,
        draft=draft,
        draft_label="DỰ THẢO" if scope.lang == "vi" else "DRAFT",
        notes=[draft_note(scope)] if draft else stale_note(scope),
    )


def set_recipients(scope: Scope, doc: DocInfo, recipients: list[str]) -> None:
    """A kind's own recipients, in the style's form (State: ending with the filing line)."""
    if scope.settings.organisation.style == "state":
        recipients = state_recipients(recipients, own_code(scope))
    doc.recipients = recipients
