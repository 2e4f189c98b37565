"""The outgoing-documents register (sổ đăng ký văn bản đi): `document` records (FORMAT.md 1.1).

A document made from the records is a draft until the clerk registers it with `inspectkit issue`,
which gives its number and date; reports then print those. This module finds a report's entry;
`issuing.py` writes new ones.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inspectkit.models import Document
    from inspectkit.repository import Repository


def entry_for(
    repo: Repository, plan_id: str, kind: str, centre_id: str | None, today: date | None = None
) -> Document | None:
    """The register entry of report `kind` on `plan_id` (the minutes of `centre_id`), or None.

    Minutes are registered per centre; a follow-up report is the one registered on the date it
    is made as of (`today`). When a kind was registered more than once (re-issued with
    `inspectkit issue --supersede`), the latest entry counts.
    """
    found = [
        d
        for d in repo.documents
        if d.plan == plan_id
        and d.type == kind
        and (d.centre == centre_id if kind == "minutes" else True)
        and (d.issued == today if kind == "followup" and today is not None else True)
    ]
    return max(found, key=latest) if found else None


def latest(document: Document) -> tuple[str, int, str]:
    return latest_key(document.issued.isoformat(), document.id)


def latest_key(issued: str, record_id: str) -> tuple[str, int, str]:
    """Order of a document's entries: by date (ISO), then a re-issue (`…-2`, `…-10`) after what
    it supersedes."""
    tail = record_id.rsplit("-", 1)[-1]
    return (issued, int(tail) if tail.isdigit() and len(tail) < 4 else 1, record_id)
