"""What each shipped report kind adds to the shared context (named in `kinds.py`).

A builder takes the report's scope and the context built so far, may adjust the document's frame
(`context["doc"]`), and returns the values its template needs beyond the shared ones.
"""

from __future__ import annotations

from typing import Any

from inspectkit.reports.frame import set_recipients
from inspectkit.reports.scope import Scope


def plan(scope: Scope, context: dict[str, Any]) -> dict[str, Any]:
    return {}


def decision(scope: Scope, context: dict[str, Any]) -> dict[str, Any]:
    return {}


def minutes(scope: Scope, context: dict[str, Any]) -> dict[str, Any]:
    return {}


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


def followup(scope: Scope, context: dict[str, Any]) -> dict[str, Any]:
    return {}


def news(scope: Scope, context: dict[str, Any]) -> dict[str, Any]:
    return {}
