"""What each shipped report kind adds to the shared context (named in `kinds.py`).

A builder takes the report's scope and the context built so far, may adjust the document's frame
(`context["doc"]`), and returns the values its template needs beyond the shared ones.
"""

from __future__ import annotations

import re
from typing import Any

from inspectkit.reports.frame import set_recipients
from inspectkit.reports.scope import Scope


def plan(scope: Scope, context: dict[str, Any]) -> dict[str, Any]:
    return {}


_HEAD_OF = re.compile(r"^\s*(?:K/T|KT\.|T/M|TM\.|T/L|TL\.|T/UQ|TUQ\.)\s*", re.IGNORECASE)


def decider(scope: Scope) -> str | None:
    """Who decides, as the decision names them above its bases: the head the signer signs for
    (`K/T TRƯỞNG BAN` -> `TRƯỞNG BAN TUYÊN GIÁO TỈNH ỦY LẠNG SƠN`, `KT. GIÁM ĐỐC` -> `GIÁM ĐỐC SỞ …`),
    the word they share written once; None without a signer."""
    signer = scope.plan.signer
    title = _HEAD_OF.sub("", signer.authority or "") if signer else ""
    title = (title or (signer.position if signer and not signer.authority else "") or "").strip().upper()
    if not title:
        return None
    issuer = scope.plan.issuer.upper().split()
    words = title.split()
    overlap = next((n for n in range(min(len(words), len(issuer)), 0, -1) if words[-n:] == issuer[:n]), 0)
    return " ".join(words + issuer[overlap:])


def decision(scope: Scope, context: dict[str, Any]) -> dict[str, Any]:
    return {"decider": decider(scope)}


def minutes(scope: Scope, context: dict[str, Any]) -> dict[str, Any]:
    centre = scope.centre
    visit = scope.visits[0] if scope.visits else None
    # each printed with its unit (`person(…, centre.name)`): never `Giám đốc.` alone
    return {"hosts": [*(visit.attendees if visit else []), *(centre.leaders if centre else [])]}


def summary(scope: Scope, context: dict[str, Any]) -> dict[str, Any]:
    # The results report goes from the delegation to the issuing body, not to the units.
    issuer = scope.plan.issuer
    if scope.lang == "vi":
        recipients = [f"Lãnh đạo {issuer} (để báo cáo)", "Thành viên Đoàn kiểm tra", "Lưu hồ sơ Đoàn"]
    else:
        recipients = [f"The leaders of {issuer}", "The members of the delegation", "Delegation file"]
    set_recipients(scope, context["doc"], recipients)
    return {}


def conclusion(scope: Scope, context: dict[str, Any]) -> dict[str, Any]:
    if not scope.plan.recipients:
        centres = scope.centres
        parents = [p for p in dict.fromkeys(c.parent for c in centres) if p]
        set_recipients(scope, context["doc"], [c.name for c in centres] + parents)
    return {}


_TALLY = {
    "vi": {
        "done": "đã hoàn thành",
        "in-progress": "đang thực hiện",
        "open": "chưa thực hiện",
        "dropped": "không thực hiện",
    },
    "en": {"done": "done", "in-progress": "in progress", "open": "open", "dropped": "dropped"},
}


def followup(scope: Scope, context: dict[str, Any]) -> dict[str, Any]:
    """`tally`: the actions counted by status, leaving out the statuses no action has (never
    `0 chưa thực hiện`), then how many are overdue."""
    actions = context["actions"]
    words = _TALLY["vi" if scope.lang == "vi" else "en"]
    parts = [
        f"{count} {word}"
        for status, word in words.items()
        for count in [sum(1 for f in actions if f.action.status == status)]
        if count
    ]
    overdue = len(context["overdue"])
    tally = ", ".join(parts)
    if overdue:
        tally += f"; {overdue} {'việc quá hạn' if scope.lang == 'vi' else 'overdue'}"
    return {"tally": tally}


def news(scope: Scope, context: dict[str, Any]) -> dict[str, Any]:
    return {}
