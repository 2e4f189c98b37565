"""Counts (`stats`): findings by type, centre and topic; actions by status; how many are overdue."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from inspectkit.text import natural_key
from inspectkit.vocabulary import ACTION_STATUSES, FINDING_TYPES, days_overdue

if TYPE_CHECKING:
    from inspectkit.repository import Repository


def stats(repo: Repository, today: date, plan: str | None = None) -> dict[str, Any]:
    """Findings by type x centre and by topic, actions by status, and how many are overdue.

    A finding on several centres counts once for each of them in `by_centre`, once elsewhere.
    """
    findings = [f for f in repo.findings if plan is None or f.plan == plan]
    names = {c.id: c.short_name or c.name for c in repo.centres}
    titles: dict[str, str] = {}
    for p in repo.plans:
        if plan is None or p.id == plan:
            for t in p.topics:
                titles.setdefault(t.id, t.title)
    by_centre: dict[str, Counter[str]] = defaultdict(Counter)
    for f in findings:
        for c in f.centres:
            by_centre[c][f.type] += 1
    with_action = [f.action for f in findings if f.action is not None]
    return tally(
        plan,
        today,
        Counter(f.type for f in findings),
        by_centre,
        Counter(f.topic for f in findings),
        names,
        titles,
        Counter(a.status for a in with_action),
        sum(days_overdue(a.due, a.status, today) > 0 for a in with_action),
    )


def tally(
    plan: str | None,
    today: date,
    by_type: Counter[str],
    by_centre: Mapping[str, Counter[str]],
    by_topic: Counter[str],
    names: Mapping[str, str],
    titles: Mapping[str, str],
    by_status: Counter[str],
    overdue: int,
) -> dict[str, Any]:
    """The counts as `stats` gives them, from what was counted (over the records loaded, or with
    SQL over the index: indexed.py). `by_centre` in the order the centres were first met: the
    order of centres whose ids sort alike (`c01`, `c1`); `titles` in the plans' order."""
    order = {topic: index for index, topic in enumerate(titles)}
    return {
        "plan": plan,
        "today": today,
        "findings": sum(by_type.values()),
        "types": list(FINDING_TYPES),
        "by_type": {t: by_type[t] for t in FINDING_TYPES},
        "by_centre": [
            {
                "centre": c,
                "name": names.get(c),
                **{t: by_centre[c][t] for t in FINDING_TYPES},
                "total": sum(by_centre[c].values()),
            }
            for c in sorted(by_centre, key=natural_key)
        ],
        "by_topic": [
            {"topic": t, "title": titles.get(t), "findings": n}
            # In the plan's order (the plans' order when several), then topics no plan lists.
            for t, n in sorted(by_topic.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
        ],
        "actions": {
            "total": sum(by_status.values()),
            "by_status": {s: by_status[s] for s in ACTION_STATUSES},
            "overdue": overdue,
        },
    }
