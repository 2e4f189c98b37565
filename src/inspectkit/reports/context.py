"""The template context of a report, built from a loaded repository (docs/reports.md).

Everything a template may print is prepared here as plain values and small dataclasses, so that
templates only lay text out: no lookups, no sorting, no date arithmetic in Jinja. The values every
kind shares are built here; the records in scope in `scope.py`; the frame (header, signatures,
recipients) in `frame.py`; what one kind adds, by its builder named in the registry (`kinds.py`,
the shipped builders in `builders.py`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from typing import Any

from inspectkit.reports.frame import doc_info, set_recipients
from inspectkit.reports.kinds import REPORT_KINDS, ReportKind
from inspectkit.reports.labels import labels
from inspectkit.reports.phrases import days_phrase, join_words
from inspectkit.reports.scope import ReportError, Scope, make_scope, unknown_kind
from inspectkit.reports.views import FINDING_TYPES, FindingView, Group, attributed, by_type, where
from inspectkit.repository import Repository

__all__ = ["ReportError", "Scope", "build_context", "common_context"]


def _causes(findings: list[FindingView], lang: str) -> list[str]:
    return list(dict.fromkeys(attributed(c, where(f, lang)) for f in findings for c in f.causes))


def _groups(scope: Scope) -> dict[str, Any]:
    findings = scope.findings
    by_topic = [
        Group(t.id, t.title, fs, topic=t, by_type=by_type(fs))
        for t in scope.plan.topics
        for fs in [[f for f in findings if f.topic.id == t.id]]
    ]
    by_centre = [
        Group(c.id, c.name, fs, centre=c, by_type=by_type(fs))
        for c in scope.centres
        for fs in [[f for f in findings if c in f.centres]]
    ]
    actions = [f for f in findings if f.action is not None]
    said = [f for f in findings if f.raised_by == "centre"]
    return {
        # Statements of the inspected side (its report, its leaders) and the delegation's own.
        "said": sorted(said, key=lambda f: FINDING_TYPES.index(f.type)),
        "concluded": by_type([f for f in findings if f.raised_by != "centre"]),
        # A cause of a finding about one centre of several names that centre, as the finding does.
        "causes": _causes(findings, scope.lang),
        "causes_of": {t: _causes(fs, scope.lang) for t, fs in by_type(findings).items()},
        "findings": findings,
        "by_topic": by_topic,
        "by_centre": by_centre,
        "by_type": by_type(findings),
        "actions": actions,
        "overdue": [f for f in actions if f.overdue],
    }


def common_context(scope: Scope) -> dict[str, Any]:
    """The values every kind's template may use (docs/reports.md, "Context")."""
    plan, delegation = scope.plan, scope.delegation
    members = scope.members
    return {
        "kind": scope.kind.name,
        "lang": scope.lang,
        "today": scope.today,
        "t": labels(scope.lang),
        "org": scope.settings.organisation,
        "plan": plan,
        "purposes": [plan.purpose] if isinstance(plan.purpose, str) else list(plan.purpose or []),
        "delegation": delegation,
        "decision": delegation.decision if delegation else None,
        "members": members,
        "head": scope.member("head"),
        "deputies": [m for m in members if m.role == "deputy"],
        "secretary": scope.member("secretary"),
        "visits": scope.visits,
        "visit": scope.visits[0] if scope.centre is not None and scope.visits else None,
        "days": days_phrase([d for v in scope.visits for d in v.days], scope.lang),
        "centres": scope.centres,
        "centre_names": join_words([c.name for c in scope.centres], scope.lang),
        "centre": scope.centre,
        **_groups(scope),
    }


Builder = Callable[[Scope, dict[str, Any]], dict[str, Any]]


def kind_builder(kind: ReportKind) -> Builder | None:
    """The kind's own builder: a function, or `module:function` imported now."""
    if kind.builder is None or callable(kind.builder):
        return kind.builder
    module, _, name = kind.builder.partition(":")
    found: Builder = getattr(importlib.import_module(module), name)
    return found


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
    spec = REPORT_KINDS.get(kind)
    if spec is None:
        raise unknown_kind(kind)
    scope = make_scope(repo, plan_id, spec, lang or repo.settings.language, today or date.today(), centre_id)
    context = common_context(scope)
    context["doc"] = doc_info(scope)
    builder = kind_builder(spec)
    if builder is not None:
        context.update(builder(scope, context))
    if scope.entry is not None and scope.entry.recipients:  # the register says where it went
        set_recipients(scope, context["doc"], list(scope.entry.recipients))
    return context
