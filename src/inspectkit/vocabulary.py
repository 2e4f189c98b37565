"""The words of the record format that are not models: roles, statuses, finding and document
types, document-number types, and what "overdue" means (FORMAT.md).

Defined here, apart from the pydantic models (models.py builds its fields from them), so that a
command that only counts or lists what the index keeps imports no pydantic.
"""

from __future__ import annotations

import typing
from datetime import date
from typing import Literal

Role = Literal["head", "deputy", "member", "secretary"]
PlanStatus = Literal["draft", "approved", "in-progress", "reported", "closed"]
FindingType = Literal["strength", "weakness", "difficulty", "proposal", "request"]
ActionStatus = Literal["open", "in-progress", "done", "dropped"]
RaisedBy = Literal["delegation", "centre"]
# The report kinds a registered document can be made as (FORMAT.md, "document").
DocumentType = Literal["plan", "decision", "minutes", "summary", "conclusion", "followup", "news"]

FINDING_TYPES: tuple[str, ...] = typing.get_args(FindingType)
PLAN_STATUSES: tuple[str, ...] = typing.get_args(PlanStatus)
ACTION_STATUSES: tuple[str, ...] = typing.get_args(ActionStatus)
DOCUMENT_TYPES: tuple[str, ...] = typing.get_args(DocumentType)
# The TYPE in the number of each kind of document (FORMAT.md, "Document numbers"); news has none.
NUMBER_TYPES: dict[str, tuple[str, ...]] = {
    "plan": ("KH",),
    "decision": ("QĐ",),
    "minutes": ("BB",),
    "summary": ("BC",),
    "conclusion": ("TB", "KL"),
    "followup": ("BC",),
    "news": (),
}
ROLE_ORDER = {"head": 0, "deputy": 1, "member": 2, "secretary": 3}
ACTION_TYPES = ("proposal", "request")
ACTIVE_STATUSES = ("open", "in-progress")
# Findings that may carry `causes` (nguyên nhân); elsewhere the field is an invalid value.
CAUSED_TYPES = ("weakness", "difficulty")


def days_overdue(due: date | None, status: str, today: date) -> int:
    """Days past the due date of an action still open or in progress; 0 otherwise.

    The one definition of "overdue": lint (IK508), the actions board and the reports use it.
    """
    if due is None or status not in ACTIVE_STATUSES or due >= today:
        return 0
    return (today - due).days


def check_status(status: str, option: str = "") -> str:
    """`status` when it is an action status; else UsageError with a "did you mean"."""
    from inspectkit.diagnostics import did_you_mean
    from inspectkit.errors import UsageError

    if status not in ACTION_STATUSES:
        raise UsageError(
            f"{option}unknown status '{status}'{did_you_mean(status, ACTION_STATUSES)}: "
            f"choose one of {', '.join(ACTION_STATUSES)}"
        )
    return status
