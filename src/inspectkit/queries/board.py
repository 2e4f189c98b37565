"""The follow-up board (`actions`): every finding's action, most overdue first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from inspectkit.text import natural_key, norm
from inspectkit.vocabulary import ACTION_TYPES, days_overdue

if TYPE_CHECKING:
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


# One action as the board needs it: the finding's id, plan, centres, type and summary, the
# action's owner, due date, status and done_on, and the file shown.
ActionRow = tuple[str, str, tuple[str, ...], str, str, str, date | None, str, date | None, str]


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
    from inspectkit.models import Finding

    rows: list[ActionRow] = []
    for record in repo.records:
        finding = record.model
        if not isinstance(finding, Finding) or finding.action is None:
            continue
        action = finding.action
        rows.append(
            (
                finding.id,
                finding.plan,
                tuple(finding.centres),
                finding.type,
                finding.summary,
                action.owner,
                action.due,
                action.status,
                action.done_on,
                record.display,
            )
        )
    return board(rows, today, overdue=overdue, owner=owner, plan=plan, status=status)


def board(
    rows: Iterable[ActionRow],
    today: date,
    *,
    overdue: bool = False,
    owner: str | None = None,
    plan: str | None = None,
    status: Sequence[str] = (),
) -> list[ActionItem]:
    """The board of these actions (in file order; from the records loaded, or from the index:
    indexed.py), filtered and sorted as `actions` says."""
    wanted_owner = norm(owner) if owner else None
    folded = lru_cache(maxsize=4096)(norm)  # owners repeat
    items: list[ActionItem] = []
    for id_, plan_id, centres, type_, summary, owner_, due, status_, done_on, path in rows:
        if plan is not None and plan_id != plan:
            continue
        if wanted_owner and wanted_owner not in folded(owner_):
            continue
        if status and status_ not in status:
            continue
        late = days_overdue(due, status_, today)
        if overdue and late == 0:
            continue
        items.append(
            ActionItem(id_, plan_id, centres, type_, summary, owner_, due, status_, done_on, late, path)
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
