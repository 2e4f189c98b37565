"""Records as a report shows them: findings with their references resolved, visits with their days,
findings grouped by topic, centre and type. Plain dataclasses, so templates only lay text out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar, cast

from pydantic import BaseModel

from inspectkit.models import Action, Centre, Finding, Person, Plan, Topic, Visit
from inspectkit.reports.phrases import paragraphs
from inspectkit.vocabulary import days_overdue

FINDING_TYPES = ("strength", "weakness", "difficulty", "proposal", "request")
# Who states a finding when its record does not say (FORMAT.md, finding `raised_by`).
CENTRE_TYPES = ("difficulty", "proposal")
_M = TypeVar("_M", bound=BaseModel)


@dataclass
class FindingView:
    """A finding with its references resolved. `overdue` is measured against the report's today;
    `scoped` is true when it concerns only some of the centres the report covers."""

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
    raised_by: str = "delegation"
    causes: list[str] = field(default_factory=list)
    scoped: bool = False

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
    span: str = ""  # the days as one span of running text, `từ ngày 12 đến ngày 13 tháng 10 năm 2023`

    @property
    def last(self) -> dt.date:
        return self.end or self.date


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


def raised_by(finding: Finding) -> str:
    """`centre` or `delegation`: as the record says, else by its type (FORMAT.md)."""
    given = getattr(finding, "raised_by", None)
    if given:
        return str(given)
    return "centre" if finding.type in CENTRE_TYPES else "delegation"


def finding_view(finding: Finding, plan: Plan, centres: dict[str, Centre], today: date) -> FindingView:
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
        raised_by=raised_by(finding),
        causes=list(getattr(finding, "causes", None) or []),
    )


def visit_view(visit: Visit, centre: Centre) -> VisitView:
    first, last = visit.date.toordinal(), (visit.end or visit.date).toordinal()
    return VisitView(
        centre=centre,
        date=visit.date,
        end=visit.end,
        attendees=list(visit.attendees),
        notes=visit.notes,
        days=[date.fromordinal(o) for o in range(first, last + 1)],
    )


def by_type(findings: list[FindingView]) -> dict[str, list[FindingView]]:
    return {t: [f for f in findings if f.type == t] for t in FINDING_TYPES}


def _words(text: str) -> set[str]:
    from inspectkit.text import fold

    return {w.strip(".,;:!?()“”\"'") for w in fold(text).split()} - {""}


def detail_adds(finding: FindingView) -> bool:
    """Whether a finding's detail says more than its summary: at least a third of its words are
    new. The results report leaves out a detail that only restates the summary."""
    said = _words(finding.summary)
    words = _words(" ".join(finding.paragraphs))
    return bool(words) and len(words - said) >= len(words) / 3


def detail_covers(finding: FindingView) -> bool:
    """Whether a finding's detail says all its summary says (at least 80 % of the summary's words,
    in one paragraph): then the results report prints the detail alone, not the point twice."""
    said = _words(finding.summary)
    return (
        len(finding.paragraphs) == 1
        and bool(said)
        and len(said & _words(finding.paragraphs[0])) >= 0.8 * len(said)
    )


def where(finding: FindingView, lang: str) -> str:
    """` (TTCT Đình Lập)`: the centres a finding concerns (short names), when not every centre the
    report covers."""
    from inspectkit.reports.phrases import join_words

    names = [c.short_name or c.name for c in finding.centres]
    return f" ({join_words(names, lang)})" if finding.scoped and names else ""


def attributed(text: str, place: str) -> str:
    """`text` as a sentence, with `place` (` (TTCT Đình Lập)`) before its closing full stop:
    `Thiếu giáo viên.` -> `Thiếu giáo viên (TTCT Đình Lập).`. Only one closing full stop moves;
    the record text is otherwise printed as written (an ellipsis `...` or a `....` blank stays)."""
    from inspectkit.reports.phrases import sentence

    text = text.strip()
    if place and text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    return sentence(text + place)


def told(finding: FindingView, detail: str, lang: str) -> str:
    """A finding as running text: its summary, the centres it concerns when it does not concern
    every centre the report covers, then its detail. `detail`: `always` (the minutes: the detail
    follows the summary, never replaces it), `never`, or `new` (the results report: the detail
    alone when it says all the summary says and more, the detail after the summary when it adds
    to it, the summary alone when the detail only restates it)."""
    if detail == "new" and detail_adds(finding) and detail_covers(finding):
        return attributed(finding.paragraphs[0], where(finding, lang))
    text = attributed(finding.summary, where(finding, lang))
    if detail == "always" or (detail == "new" and detail_adds(finding)):
        text = " ".join([text, *finding.paragraphs])
    return text
