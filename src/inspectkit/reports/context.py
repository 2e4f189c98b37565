"""The template context of a report, built from a loaded repository (documented in README).

Everything a template may print is prepared here as plain values and small dataclasses, so that
templates only lay text out: no lookups, no sorting, no date arithmetic in Jinja.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar, cast

from pydantic import BaseModel

from inspectkit.models import (
    ROLE_ORDER,
    Action,
    Centre,
    Delegation,
    Finding,
    Member,
    Person,
    Plan,
    Topic,
    days_overdue,
)
from inspectkit.reports.labels import LABELS
from inspectkit.reports.render import ref_date
from inspectkit.repository import Repository
from inspectkit.text import vn_date

REPORT_KINDS = ("plan", "decision", "minutes", "summary", "conclusion", "followup", "news")
FINDING_TYPES = ("strength", "weakness", "difficulty", "proposal", "request")
# Document type codes in numbers (FORMAT.md, "Document numbers"); news has no number.
DOC_CODES = {
    "plan": "KH",
    "decision": "QĐ",
    "minutes": "BB",
    "summary": "BC",
    "conclusion": "TB",
    "followup": "BC",
}
_M = TypeVar("_M", bound=BaseModel)


class ReportError(Exception):
    """The report cannot be made as asked (unknown plan, centre not visited…): one line, exit 2."""


@dataclass
class FindingView:
    """A finding with its references resolved. `overdue` is measured against the report's today."""

    id: str
    type: str
    summary: str
    detail: str | None
    paragraphs: list[str]
    evidence: list[str]
    tags: list[str]
    topic: Topic
    centres: list[Centre]
    action: Action | None
    overdue: bool
    days_overdue: int

    @property
    def centre_names(self) -> list[str]:
        return [c.name for c in self.centres]


@dataclass
class Group:
    """Findings under one topic, one centre or one type; `by_type` has every type as a key."""

    key: str
    title: str
    findings: list[FindingView]
    topic: Topic | None = None
    centre: Centre | None = None
    by_type: dict[str, list[FindingView]] = field(default_factory=dict)


@dataclass
class VisitView:
    centre: Centre
    date: dt.date
    end: dt.date | None
    attendees: list[Person]
    notes: str | None
    days: list[dt.date]


@dataclass
class Signature:
    """One signature block: authority line (`K/T TRƯỞNG BAN`), title (`PHÓ TRƯỞNG BAN`), name."""

    authority: str | None
    title: str | None
    name: str | None


@dataclass
class DocInfo:
    """What the official header and closing of a document show (same for Markdown and DOCX)."""

    kind: str
    style: str
    official: bool
    superior: list[str]
    issuer: str
    number_line: str
    national: list[str]
    place_date: str
    recipients: list[str]
    signatures: list[Signature]


def paragraphs(text: str | None) -> list[str]:
    """Paragraphs separated by blank lines; line breaks inside a paragraph become spaces."""
    if not text:
        return []
    parts = re.split(r"\n\s*\n", text.strip())
    return [" ".join(p.split()) for p in parts if p.strip()]


_PARTY_NUMBER = re.compile(r"^\s*\d+-[^/\s]+/(?P<issuer>\S+)\s*$")
_STATE_NUMBER = re.compile(r"^\s*\d+(?:/\d{4})?/(?:[^-/\s]+-)?(?P<issuer>\S+)\s*$")


def issuer_code(number: str) -> str:
    """The issuer part of a document number: `84-KH/ĐKT` -> `ĐKT`, `99/QĐ-KTNN` -> `KTNN`."""
    m = _PARTY_NUMBER.match(number) or _STATE_NUMBER.match(number)
    return m["issuer"] if m else ""


def number_line(number: str | None, style: str, code: str, issuer: str) -> str:
    """`Số 84-KH/ĐKT` (Party) or `Số: 99/QĐ-KTNN` (State); a blank to fill when not yet numbered."""
    prefix = "Số:" if style == "state" else "Số"
    if number:
        return f"{prefix} {number}"
    blank = "\u00a0" * 6  # no-break spaces: the clerk writes the number in; Markdown keeps them
    if style == "state":
        return f"{prefix}{blank}/{code}-{issuer}" if issuer else f"{prefix}{blank}/{code}"
    return f"{prefix}{blank}-{code}/{issuer}" if issuer else f"{prefix}{blank}-{code}"


_AUTHORITY = re.compile(r"^\s*(T/M|K/T|T/L|T/UQ|TM\.|KT\.|TL\.|TUQ\.)\s*", re.IGNORECASE)
_PARTY_AUTH = {"TM.": "T/M", "KT.": "K/T", "TL.": "T/L", "TUQ.": "T/UQ"}
_STATE_AUTH = {v: k for k, v in _PARTY_AUTH.items()}


def authority(text: str | None, style: str) -> str | None:
    """The signature authority in the document's style: slashes for Party (`K/T`), dots for State (`KT.`)."""
    if not text:
        return text
    m = _AUTHORITY.match(text)
    if not m:
        return text
    word = m[1].upper()
    table = _STATE_AUTH if style == "state" else _PARTY_AUTH
    return f"{table.get(word, word)} {text[m.end() :]}".strip()


_FILING = re.compile(
    r"^\s*-?\s*Lưu\s*(?:(?P<colon>:)|(?=(?:VT|HS)\b|văn phòng|hồ sơ))\s*(?P<rest>.*)$", re.IGNORECASE
)


def state_recipients(recipients: list[str], issuer: str) -> list[str]:
    """State documents end "Nơi nhận" with the filing line `Lưu: VT, …` (with a colon, VT first).

    A Party-style filing line (`Lưu Văn phòng Ban`) is put in that form (`Lưu: VT, Văn phòng
    Ban`); a list without one gets `Lưu: VT, <issuer code>.`. Other lines (a person named Lưu
    Văn An) are left alone.
    """
    out = list(recipients)
    for index in range(len(out) - 1, -1, -1):
        m = _FILING.match(out[index])
        if m is None:
            continue
        rest = m["rest"].strip()
        if not rest.upper().startswith("VT"):
            rest = f"VT, {rest}" if rest else "VT."
        out[index] = f"Lưu: {rest}"
        return out
    out.append(f"Lưu: VT, {issuer}." if issuer else "Lưu: VT.")
    return out


def long_date(d: date, lang: str) -> str:
    """`ngày 03 tháng 11 năm 2022` (vi) or `3 November 2022` (en)."""
    return vn_date(d) if lang == "vi" else f"{d.day} {d.strftime('%B')} {d.year}"


_NUMBER_WORDS = {2: "hai", 3: "ba", 4: "bốn", 5: "năm", 6: "sáu", 7: "bảy", 8: "tám", 9: "chín", 10: "mười"}


def days_phrase(days: list[date], lang: str) -> str:
    """The working days as running text: `ngày 24/11/2022`, `trong hai ngày 24 và 25/11/2022`."""
    days = sorted(set(days))
    if not days:
        return ""
    joiner = LABELS[lang]["and"]
    if len(days) == 1:
        return f"ngày {ref_date(days[0])}" if lang == "vi" else f"on {long_date(days[0], lang)}"
    same_month = all((d.year, d.month) == (days[0].year, days[0].month) for d in days)
    if lang == "en":
        if same_month:
            nums = ", ".join(str(d.day) for d in days[:-1])
            return f"on {nums} {joiner} {long_date(days[-1], lang)}"
        return (
            "on "
            + ", ".join(long_date(d, lang) for d in days[:-1])
            + f" {joiner} {long_date(days[-1], lang)}"
        )
    if same_month:
        nums = ", ".join(f"{d.day:02d}" for d in days[:-1])
        count = _NUMBER_WORDS.get(len(days), "các")
        return f"trong {count} ngày {nums} {joiner} {ref_date(days[-1])}"
    return "các ngày " + ", ".join(ref_date(d) for d in days[:-1]) + f" {joiner} {ref_date(days[-1])}"


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {LABELS[lang]['and']} {items[-1]}"


def trimmed(record: _M) -> _M:
    """A copy of `record` with the blanks around every text dropped (`name: "  Nguyễn Văn A "`).
    They mean nothing to a reader, and next to Markdown they change it: `** T/M BAN**` is not
    bold, and a paragraph starting with four spaces is a code block."""
    return cast(_M, _trim(record))


def _trim(value: Any) -> Any:
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        return value.model_copy(update={name: _trim(getattr(value, name)) for name in fields})
    if isinstance(value, list):
        return [_trim(v) for v in value]
    return value.strip() if isinstance(value, str) else value


def _view(finding: Finding, plan: Plan, centres: dict[str, Centre], today: date) -> FindingView:
    topic = next(t for t in plan.topics if t.id == finding.topic)
    action = finding.action
    days = days_overdue(action.due, action.status, today) if action else 0
    return FindingView(
        id=finding.id,
        type=finding.type,
        summary=finding.summary.strip(),
        detail=finding.detail,
        paragraphs=paragraphs(finding.detail),
        evidence=list(finding.evidence),
        tags=list(finding.tags),
        topic=topic,
        centres=[centres[c] for c in finding.centres if c in centres],
        action=action,
        overdue=days > 0,
        days_overdue=days,
    )


def _by_type(findings: list[FindingView]) -> dict[str, list[FindingView]]:
    return {t: [f for f in findings if f.type == t] for t in FINDING_TYPES}


def _signer(plan: Plan, style: str) -> Signature:
    signer = plan.signer
    if signer is None:
        return Signature(None, None, None)
    title = signer.position.upper() if signer.position else None
    return Signature(authority(signer.authority, style), title, signer.name)


def _member_signature(member: Member | None, auth: str | None, title: str) -> Signature:
    return Signature(auth, title, member.name if member else None)


def build_context(
    repo: Repository,
    plan_id: str,
    kind: str,
    *,
    lang: str | None = None,
    today: date | None = None,
    centre_id: str | None = None,
) -> dict[str, Any]:
    """The context of report `kind` on plan `plan_id`. Raises ReportError when it cannot be made."""
    settings = repo.settings
    lang = lang or settings.language
    today = today or date.today()
    if kind not in REPORT_KINDS:
        raise ReportError(f"unknown report kind '{kind}': choose one of {', '.join(REPORT_KINDS)}")
    plan = repo.model(plan_id)
    if not isinstance(plan, Plan):
        known = ", ".join(sorted(p.id for p in repo.plans)) or "none"
        raise ReportError(f"no plan has id '{plan_id}' (plans: {known})")
    plan = trimmed(plan)

    centre_models: dict[str, Centre] = {c.id: trimmed(c) for c in repo.centres}
    delegation = repo.model(plan.delegation) if plan.delegation else None
    if not isinstance(delegation, Delegation):
        delegation = next((d for d in repo.delegations if d.plan == plan.id), None)
    delegation = trimmed(delegation) if delegation else None
    members = sorted(delegation.members, key=lambda m: ROLE_ORDER[m.role]) if delegation else []
    head = next((m for m in members if m.role == "head"), None)
    secretary = next((m for m in members if m.role == "secretary"), None)

    visits = [
        VisitView(
            centre=centre_models[v.centre],
            date=v.date,
            end=v.end,
            attendees=list(v.attendees),
            notes=v.notes,
            days=[date.fromordinal(o) for o in range(v.date.toordinal(), (v.end or v.date).toordinal() + 1)],
        )
        for v in sorted(plan.visits, key=lambda v: v.date)
        if v.centre in centre_models
    ]
    visited: list[Centre] = []
    for v in visits:
        if v.centre not in visited:
            visited.append(v.centre)

    centre: Centre | None = None
    if centre_id is not None:
        if kind not in ("minutes", "conclusion"):
            raise ReportError(f"--centre applies to the minutes and conclusion reports, not to '{kind}'")
        centre = next((c for c in visited if c.id == centre_id), None)
        if centre is None:
            names = ", ".join(c.id for c in visited)
            raise ReportError(f"plan '{plan.id}' does not visit centre '{centre_id}' (it visits: {names})")
    elif kind == "minutes":
        names = ", ".join(c.id for c in visited)
        raise ReportError(f"the minutes are of one visit: add --centre ID (plan '{plan.id}' visits: {names})")

    findings = [
        _view(trimmed(f), plan, centre_models, today)
        for f in sorted(repo.findings, key=lambda f: f.id)
        if f.plan == plan.id and any(t.id == f.topic for t in plan.topics)
    ]
    if centre is not None:
        findings = [f for f in findings if centre in f.centres]
        visits = [v for v in visits if v.centre is centre]
        scope = [centre]
    else:
        scope = visited

    by_topic = [
        Group(t.id, t.title, fs, topic=t, by_type=_by_type(fs))
        for t in plan.topics
        for fs in [[f for f in findings if f.topic.id == t.id]]
    ]
    by_centre = [
        Group(c.id, c.name, fs, centre=c, by_type=_by_type(fs))
        for c in scope
        for fs in [[f for f in findings if c in f.centres]]
    ]
    by_type = _by_type(findings)
    actions = [f for f in findings if f.action is not None]

    org = settings.organisation
    style = org.style
    header = list(org.header) or [plan.issuer.upper()]
    code = DOC_CODES.get(kind, "")
    issuer = issuer_code(plan.number)
    place = plan.place or org.place

    doc_date: date | None
    number: str | None
    if kind == "plan":
        doc_date, number = plan.issued, plan.number
    elif kind == "decision":
        decision = delegation.decision if delegation else None
        doc_date = decision.issued if decision else None
        number = decision.number if decision else None
    elif kind == "minutes":
        doc_date, number = (visits[0].date if visits else None), None
    else:
        doc_date, number = today, None
    if doc_date is not None:
        dated = long_date(doc_date, lang)
    else:
        dated = "ngày …… tháng …… năm ……" if lang == "vi" else "(date)"
    place_date = f"{place}, {dated}" if place else dated[:1].upper() + dated[1:]

    recipients = list(plan.recipients)
    if kind == "summary":
        # The results report goes from the delegation to the issuing body, not to the units.
        if lang == "vi":
            recipients = [
                f"Lãnh đạo {plan.issuer} (để báo cáo)",
                "Thành viên Đoàn kiểm tra",
                "Lưu hồ sơ Đoàn",
            ]
        else:
            recipients = [f"The leaders of {plan.issuer}", "The members of the delegation", "Delegation file"]
    elif kind == "conclusion" and not recipients:
        recipients = [c.name for c in scope] + [p for p in dict.fromkeys(c.parent for c in scope) if p]
    if style == "state":
        recipients = state_recipients(recipients, issuer)

    team = "ĐOÀN KIỂM TRA" if lang == "vi" else "INSPECTION DELEGATION"
    tm = "TM." if style == "state" else "T/M"
    if kind == "summary":
        signatures = [_member_signature(head, f"{tm} {team}", LABELS[lang]["role"]["head"].upper())]
    elif kind == "minutes":
        signatures = [
            _member_signature(secretary, None, LABELS[lang]["role"]["secretary"].upper()),
            _member_signature(head, None, LABELS[lang]["role"]["head"].upper()),
        ]
        recipients = []
    elif kind == "news":
        signatures, recipients = [], []
    else:
        signatures = [_signer(plan, style)]

    national = (
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        if style == "state"
        else ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    )
    doc = DocInfo(
        kind=kind,
        style=style,
        official=kind != "news",
        superior=header[:-1],
        issuer=header[-1],
        number_line=number_line(number, style, code, issuer),
        national=national,
        place_date=place_date,
        recipients=recipients,
        signatures=signatures,
    )
    all_days = [d for v in visits for d in v.days]
    return {
        "kind": kind,
        "lang": lang,
        "today": today,
        "t": LABELS[lang],
        "org": org,
        "doc": doc,
        "plan": plan,
        "purposes": ([plan.purpose] if isinstance(plan.purpose, str) else list(plan.purpose or [])),
        "delegation": delegation,
        "decision": delegation.decision if delegation else None,
        "members": members,
        "head": head,
        "deputies": [m for m in members if m.role == "deputy"],
        "secretary": secretary,
        "visits": visits,
        "visit": visits[0] if centre is not None and visits else None,
        "days": days_phrase(all_days, lang),
        "centres": scope,
        "centre_names": _join([c.name for c in scope], lang),
        "centre": centre,
        "findings": findings,
        "by_topic": by_topic,
        "by_centre": by_centre,
        "by_type": by_type,
        "actions": actions,
        "overdue": [f for f in actions if f.overdue],
    }
