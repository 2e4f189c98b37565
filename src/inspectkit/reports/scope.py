"""The records one report covers: its plan, delegation, visits and findings (one centre's with
`--centre`), checked against what the report kind accepts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from inspectkit.errors import UsageError
from inspectkit.models import Centre, Delegation, Document, Member, Plan
from inspectkit.register import entry_for
from inspectkit.reports.kinds import REPORT_KINDS, ReportKind
from inspectkit.reports.phrases import join_words, span_phrase
from inspectkit.reports.views import FindingView, VisitView, finding_view, trimmed, visit_view
from inspectkit.repository import Repository
from inspectkit.settings import Settings
from inspectkit.vocabulary import ROLE_ORDER


class ReportError(UsageError):
    """The report cannot be made as asked (unknown plan, centre not visited…): one line, exit 2."""


@dataclass
class Scope:
    """The records one report covers: its plan, delegation, and the visits and findings in scope
    (one centre's with `--centre`)."""

    repo: Repository
    settings: Settings
    kind: ReportKind
    lang: str
    today: date
    plan: Plan
    delegation: Delegation | None
    members: list[Member]
    visits: list[VisitView]
    visited: list[Centre]
    centre: Centre | None
    findings: list[FindingView]
    entry: Document | None = None  # the report's entry in the documents register

    @property
    def centres(self) -> list[Centre]:
        return [self.centre] if self.centre is not None else self.visited

    def member(self, role: str) -> Member | None:
        return next((m for m in self.members if m.role == role), None)


def unknown_kind(kind: str) -> ReportError:
    return ReportError(f"unknown report kind '{kind}': choose one of {', '.join(REPORT_KINDS)}")


def _plan(repo: Repository, plan_id: str) -> Plan:
    plan = repo.model(plan_id)
    if not isinstance(plan, Plan):
        known = ", ".join(sorted(p.id for p in repo.plans)) or "none"
        raise ReportError(f"no plan has id '{plan_id}' (plans: {known})")
    return trimmed(plan)


def _delegation(repo: Repository, plan: Plan) -> Delegation | None:
    delegation = repo.model(plan.delegation) if plan.delegation else None
    if not isinstance(delegation, Delegation):
        delegation = next((d for d in repo.delegations if d.plan == plan.id), None)
    return trimmed(delegation) if delegation else None


def _centre(kind: ReportKind, plan: Plan, visited: list[Centre], centre_id: str | None) -> Centre | None:
    names = ", ".join(c.id for c in visited)
    if centre_id is None:
        if kind.centre == "required":
            raise ReportError(
                f"the {kind.name} are of one visit: add --centre ID (plan '{plan.id}' visits: {names})"
            )
        return None
    if kind.centre == "none":
        takers = [k.name for k in REPORT_KINDS.values() if k.centre != "none"]
        why = (
            ": the conclusion is one document per plan, sent to every centre, and names the centre each "
            "finding concerns (the register keeps one per plan); for one visit, make its minutes"
            if kind.name == "conclusion"
            else ""
        )
        raise ReportError(
            f"--centre applies to the {join_words(takers, 'en')} reports, not to '{kind.name}'{why}"
        )
    centre = next((c for c in visited if c.id == centre_id), None)
    if centre is None:
        raise ReportError(f"plan '{plan.id}' does not visit centre '{centre_id}' (it visits: {names})")
    return centre


def make_scope(
    repo: Repository, plan_id: str, kind: ReportKind, lang: str, today: date, centre_id: str | None
) -> Scope:
    plan = _plan(repo, plan_id)
    centres: dict[str, Centre] = {c.id: trimmed(c) for c in repo.centres}
    delegation = _delegation(repo, plan)
    members = sorted(delegation.members, key=lambda m: ROLE_ORDER[m.role]) if delegation else []
    visits = [
        visit_view(v, centres[v.centre])
        for v in sorted(plan.visits, key=lambda v: v.date)
        if v.centre in centres
    ]
    visited = list({v.centre.id: v.centre for v in visits}.values())
    centre = _centre(kind, plan, visited, centre_id)
    findings = [
        finding_view(trimmed(f), plan, centres, today)
        for f in sorted(repo.findings, key=lambda f: f.id)
        if f.plan == plan.id and any(t.id == f.topic for t in plan.topics)
    ]
    if centre is not None:
        findings = [f for f in findings if centre in f.centres]
        visits = [v for v in visits if v.centre is centre]
    entry = entry_for(repo, plan.id, kind.name, centre.id if centre else None, today)
    scope = Scope(
        repo,
        repo.settings,
        kind,
        lang,
        today,
        plan,
        delegation,
        members,
        visits,
        visited,
        centre,
        findings,
        entry,
    )
    for v in visits:
        v.span = span_phrase(v.date, v.last, lang)
    for f in findings:
        f.scoped = any(c not in f.centres for c in scope.centres)
    return scope
