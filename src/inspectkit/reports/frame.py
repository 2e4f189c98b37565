"""The frame of one report: header (issuing body, number, place and date), signatures, recipients,
chosen by the rules its kind declares in the registry (`kinds.py`)."""

from __future__ import annotations

from datetime import date

from inspectkit.models import Member
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


def _dated(scope: Scope) -> tuple[date | None, str | None]:
    """The document's date and number, by its kind's `dated` rule."""
    rule = scope.kind.dated
    if rule == "plan":
        return scope.plan.issued, scope.plan.number
    if rule == "decision":
        decision = scope.delegation.decision if scope.delegation else None
        return (decision.issued, decision.number) if decision else (None, None)
    if scope.kind.centre == "required":
        return (scope.visits[0].date if scope.visits else None), None
    return scope.today, None


def _place_date(scope: Scope, day: date | None) -> str:
    lang = scope.lang
    if day is not None:
        dated = long_date(day, lang)
    else:
        dated = "ngày …… tháng …… năm ……" if lang == "vi" else "(date)"
    place = scope.plan.place or scope.settings.organisation.place
    return f"{place}, {dated}" if place else dated[:1].upper() + dated[1:]


def _member(member: Member | None, auth: str | None, title: str) -> Signature:
    return Signature(auth, title, member.name if member else None)


def _signatures(scope: Scope, style: str) -> list[Signature]:
    rule = scope.kind.signature
    roles = LABELS[scope.lang]["role"]
    if rule == "none":
        return []
    if rule == "both-sides":
        return [
            _member(scope.member("secretary"), None, roles["secretary"].upper()),
            _member(scope.member("head"), None, roles["head"].upper()),
        ]
    if rule == "delegation":
        team = "ĐOÀN KIỂM TRA" if scope.lang == "vi" else "INSPECTION DELEGATION"
        tm = "TM." if style == "state" else "T/M"
        return [_member(scope.member("head"), f"{tm} {team}", roles["head"].upper())]
    signer = scope.plan.signer
    if signer is None:
        return [Signature(None, None, None)]
    title = signer.position.upper() if signer.position else None
    return [Signature(authority(signer.authority, style), title, signer.name)]


def doc_info(scope: Scope) -> DocInfo:
    """The header and closing of the report; kind builders may change its recipients."""
    org = scope.settings.organisation
    style = org.style
    header = list(org.header) or [scope.plan.issuer.upper()]
    issuer = issuer_code(scope.plan.number)
    day, number = _dated(scope)
    signatures = _signatures(scope, style)
    # The minutes go to no one (each side keeps a copy); news is not sent.
    sent = scope.kind.signature in ("signer", "delegation")
    recipients = list(scope.plan.recipients) if sent else []
    if style == "state" and sent:
        recipients = state_recipients(recipients, issuer)
    return DocInfo(
        kind=scope.kind.name,
        style=style,
        official=scope.kind.header != "none",
        superior=header[:-1],
        issuer=header[-1],
        number_line=number_line(number, style, scope.kind.code or "", issuer),
        national=national(style),
        place_date=_place_date(scope, day),
        recipients=recipients,
        signatures=signatures,
    )


def set_recipients(scope: Scope, doc: DocInfo, recipients: list[str]) -> None:
    """A kind's own recipients, in the style's form (State: ending with the filing line)."""
    if scope.settings.organisation.style == "state":
        recipients = state_recipients(recipients, issuer_code(scope.plan.number))
    doc.recipients = recipients
