"""Visits and action due dates as an iCalendar file (RFC 5545), made with the `icalendar` package.

Every event is an all-day event. Its UID is built from ids only (plan, centre, finding) and the
organisation, never from a date or a position in a list, so importing the file again after a
date moved updates the event instead of adding a second one.

Filters work as on the `actions` board (`queries.actions`): `owner` keeps the actions whose
owner contains the text, accents ignored, and then leaves the visits out (a visit has no owner);
`plan` keeps one plan's visits and actions.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone

from inspectkit import queries
from inspectkit.repository import Repository
from inspectkit.text import slugify

PRODID = "-//inspectkit//Lich kiem tra//VI"


def calendar(
    repo: Repository,
    *,
    today: date,
    owner: str | None = None,
    plan: str | None = None,
    now: datetime | None = None,
) -> bytes:
    """The calendar as the bytes of an .ics file (CRLF lines, UTF-8)."""
    from icalendar import Calendar, Event

    from inspectkit.reports.labels import LABELS

    stamp = now or datetime.now(timezone.utc)
    domain = (slugify(repo.settings.organisation.name) or "records") + ".inspectkit"
    names = {c.id: c.name for c in repo.centres}
    status_label = LABELS["vi"]["status"]  # as the documents and the site name a status
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Lịch kiểm tra: {repo.settings.organisation.name}")

    if owner is None:
        for p in sorted(repo.plans, key=lambda p: p.id):
            if plan is not None and p.id != plan:
                continue
            seen: Counter[str] = Counter()
            for visit in p.visits:
                seen[visit.centre] += 1
                nth = "" if seen[visit.centre] == 1 else f".{seen[visit.centre]}"
                event = Event()
                event.add("uid", f"visit.{p.id}.{visit.centre}{nth}@{domain}")
                event.add("dtstamp", stamp)
                event.add("dtstart", visit.date)
                # DTEND of an all-day event is the day after the last one (exclusive).
                event.add("dtend", (visit.end or visit.date) + timedelta(days=1))
                centre = names.get(visit.centre, visit.centre)
                event.add("summary", f"Kiểm tra {centre} ({p.number})")
                event.add("location", centre)
                lines = [p.title, f"Kế hoạch số {p.number}"]
                lines += [
                    f"Thành phần dự: {a.name}" + (f", {a.position}" if a.position else "")
                    for a in visit.attendees
                ]
                if visit.notes:
                    lines.append(visit.notes)
                event.add("description", "\n".join(lines))
                event.add("categories", ["Kiểm tra"])
                event.add("transp", "TRANSPARENT")
                cal.add_component(event)

    for item in queries.actions(repo, today, owner=owner, plan=plan):
        if item.due is None:
            continue
        event = Event()
        event.add("uid", f"action.{item.id}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        event.add("summary", f"Hạn thực hiện: {item.summary}")
        lines = [
            f"Chủ trì: {item.owner}",
            f"Tình trạng: {status_label.get(item.status, item.status).lower()}",
            f"Kết quả kiểm tra {item.id}, kế hoạch {item.plan}",
        ]
        if item.days_overdue:
            lines.append(f"Quá hạn {item.days_overdue} ngày (tính đến {today.strftime('%d/%m/%Y')})")
        event.add("description", "\n".join(lines))
        event.add("categories", ["Theo dõi thực hiện"])
        event.add("transp", "TRANSPARENT")
        if item.status in ("done", "dropped"):
            event.add("status", "CANCELLED" if item.status == "dropped" else "CONFIRMED")
        cal.add_component(event)
    return bytes(cal.to_ical())
