"""The follow-up board (`actions`): every finding's action, most overdue first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from inspectkit.models import (
    ACTION_TYPES,
    Finding,
    days_overdue,
)
from inspectkit.queries.fields import norm
from inspectkit.queries.select import natural_key
from inspectkit.repository import Repository


@dataclass(frozen=True)
class ActionItem:
    """One line of the follow-up board."""

    id: str
    plan: str
    centres: tuple[str, ...]
    type: str
    summary: str
    owner: str
    due: date | None
    status: str
    done_on: date | None
    days_overdue: int
    path: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "plan": self.plan,
            "centres": list(self.centres),
            "type": self.type,
            "summary": self.summary,
            "owner": self.owner,
            "due": self.due,
            "status": self.status,
            "done_on": self.done_on,
            "days_overdue": self.days_overdue,
            "path": self.path,
        }


def actions(
    repo: Repository,
    today: date,
    *,
    overdue: bool = False,
    owner: str | None = None,
    plan: str | None = None,
    status: Sequence[str] = (),
) -> list[ActionItem]:
    """The follow-up board: every finding's action, most overdue first, then by due date."""
    wanted_owner = norm(owner) if owner else None
    items: list[ActionItem] = []
    for record in repo.records:
        finding = record.model
        if not isinstance(finding, Finding) or finding.action is None:
            continue
        action = finding.action
        if plan is not None and finding.plan != plan:
            continue
        if wanted_owner and wanted_owner not in norm(action.owner):
            continue
        if status and action.status not in status:
            continue
        late = days_overdue(action.due, action.status, today)
        if overdue and late == 0:
            continue
        items.append(
            ActionItem(
                finding.id,
                finding.plan,
                tuple(finding.centres),
                finding.type,
                finding.summary,
                action.owner,
                action.due,
                action.status,
                action.done_on,
                late,
                record.display,
            )
        )
    items.sort(key=lambda i: (-i.days_overdue, i.due or date.max, natural_key(i.id)))
    return items


def actionless(repo: Repository, plan: str | None = None) -> list[str]:
    """Ids of proposals and requests that have no action to follow (IK505)."""
    return sorted(
        (
            f.id
            for f in repo.findings
            if f.type in ACTION_TYPES and f.action is None and plan in (None, f.plan)
        ),
        key=natural_key,
    )
