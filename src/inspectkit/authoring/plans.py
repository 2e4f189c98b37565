"""`new-plan`: the plan's draft, its topics and visits (a centre may be created on the way)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from inspectkit import kinds
from inspectkit.answers import (
    NOT_ASKED,
    BadAnswer,
    UnknownReference,
    document_number,
    from_option,
    one_line,
    parse_date,
)
from inspectkit.authoring.session import (
    Session,
    choose_id,
    date_not_before,
    fit_id,
    hint,
    number_used_by,
    search_centres,
)
from inspectkit.drafts import Draft
from inspectkit.errors import Refused, UsageError
from inspectkit.models import Centre
from inspectkit.text import is_slug, slugify


def plan_drafts(
    session: Session,
    *,
    number: str | None = None,
    issued: str | None = None,
    title: str | None = None,
    issuer: str | None = None,
    place: str | None = None,
    topics: list[str] | None = None,
    visits: list[str] | None = None,
    record_id: str | None = None,
    create_centre: Callable[[Session, str], Draft | None] | None = None,
) -> list[Draft]:
    """The plan, and any centre created on the spot while choosing the visits (written first)."""
    ask = session.answers
    the_number = ask.required(
        "--number", number, "Plan number (số ký hiệu, e.g. 84-KH/ĐKT)", document_number("KH")
    )
    the_issued = ask.required(
        "--issued",
        issued,
        "Issue date (YYYY-MM-DD or DD/MM/YYYY)",
        parse_date,
        default=session.today.isoformat(),
    )
    used_by = number_used_by(session.repo, the_number, the_issued.year)
    if used_by is not None:
        raise Refused(f"plan number {the_number} of {the_issued.year} is already used by {used_by}")
    the_title = ask.required(
        "--title", title, "Title (e.g. Kiểm tra công tác đào tạo, bồi dưỡng …)", one_line
    )
    org = session.settings.organisation
    the_issuer = ask.required("--issuer", issuer, "Issuing body", one_line, default=org.name)
    the_place = ask.one(
        "--place",
        place,
        "Place for the date line (optional, e.g. Lạng Sơn)",
        one_line,
        default=org.place or None,
        required=False,
    )
    topic_titles = ask.many("--topic", topics or [], "Topic {n}: title (nội dung kiểm tra)", one_line)
    the_topics = _topics(topic_titles)
    if visits:
        the_visits = [from_option("--visit", value, _visit_option(session, the_issued)) for value in visits]
        _no_visit_twice(the_visits)
    elif ask.interactive:
        the_visits = _ask_visits(session, the_issued, create_centre)
    else:
        raise UsageError(f"missing --visit{NOT_ASKED}; CENTRE_ID:DATE, repeat it for several")
    suggested = kinds.new_id("plan", {"issued": the_issued, "number": the_number}) or ""
    plan_id = choose_id(
        session, "--id", record_id, "Id of the plan (file name)", suggested, session.pending_ids()
    )
    data: dict[str, Any] = {
        "kind": "plan",
        "id": plan_id,
        "number": the_number,
        "issued": the_issued,
        "issuer": the_issuer,
    }
    if the_place:
        data["place"] = the_place
    data["title"] = the_title
    data["topics"] = the_topics
    data["visits"] = the_visits
    data["status"] = "draft"
    return [*session.pending, Draft("plan", data, session.path_for("plan", plan_id))]


def _topics(titles: list[str]) -> list[dict[str, Any]]:
    """Topics with ids from their titles (`Công tác mở lớp` -> `cong-tac-mo-lop`), made unique."""
    out: list[dict[str, Any]] = []
    used: set[str] = set()
    for index, title in enumerate(titles, start=1):
        base = slugify(title) if is_slug(slugify(title)) else f"topic-{index}"  # not empty, not `con`
        topic_id, n = base, 2
        while topic_id in used:
            topic_id = fit_id(base, f"-{n}")
            n += 1
        used.add(topic_id)
        out.append({"id": topic_id, "title": title})
    return out


def _visit_date(issued: date) -> Callable[[str], date]:
    return date_not_before(issued, "the visit", "the plan's issue date")


def _visit_option(session: Session, issued: date) -> Callable[[str], dict[str, Any]]:
    """`CENTRE_ID:DATE` or `CENTRE_ID:DATE:END`."""

    def parse(value: str) -> dict[str, Any]:
        parts = value.split(":")
        if len(parts) not in (2, 3):
            raise BadAnswer(f"'{value}' is not CENTRE_ID:DATE (or CENTRE_ID:DATE:END)")
        centre_id = parts[0].strip()
        centres = session.centres()
        if centre_id not in {c.id for c in centres}:
            names = {c.id: c.name for c in centres}
            shown = hint(centre_id, sorted(names), names)
            raise UnknownReference(
                f"no centre has id '{centre_id}'{shown}; a new centre is added with `inspectkit new-centre`"
            )
        visit: dict[str, Any] = {"centre": centre_id, "date": _visit_date(issued)(parts[1])}
        if len(parts) == 3:
            visit["end"] = _end_date(visit["date"])(parts[2])
        return visit

    return parse


def _end_date(start: date) -> Callable[[str], date]:
    return date_not_before(start, "the last day", "the first")


def _no_visit_twice(visits: list[dict[str, Any]]) -> None:
    """UsageError when two visits give one centre on one day (a repeated --visit)."""
    seen: set[tuple[str, date]] = set()
    for visit in visits:
        key = (visit["centre"], visit["date"])
        if key in seen:
            raise UsageError(
                f"--visit: centre {key[0]} is visited twice on {key[1].isoformat()}: give each visit once"
            )
        seen.add(key)


def _unvisited_date(issued: date, centre_id: str, visits: list[dict[str, Any]]) -> Callable[[str], date]:
    """A visit date parser refusing a day the centre is already visited on."""
    valid = _visit_date(issued)

    def parse(value: str) -> date:
        day = valid(value)
        if any(v["centre"] == centre_id and v["date"] == day for v in visits):
            raise BadAnswer(f"{centre_id} is already visited on {day.isoformat()}: give another date")
        return day

    return parse


def _ask_visits(
    session: Session, issued: date, create_centre: Callable[[Session, str], Draft | None] | None
) -> list[dict[str, Any]]:
    ask = session.answers
    assert ask.prompter is not None
    visits: list[dict[str, Any]] = []
    while True:
        question = (
            f"Centre visited {len(visits) + 1} (type part of its name{'; empty to finish' if visits else ''})"
        )
        typed = ask.ask(question, lambda text: text.strip(), required=not visits)
        if typed is None:
            return visits
        centre = _pick_centre(session, typed, create_centre)
        if centre is None:
            continue
        previous = visits[-1].get("end", visits[-1]["date"]) if visits else issued
        day = ask.ask(
            f"Date of the visit to {centre.name}",
            _unvisited_date(issued, centre.id, visits),
            default=previous.isoformat(),
        )
        assert day is not None
        visit: dict[str, Any] = {"centre": centre.id, "date": day}
        end = ask.ask("Last day, for a visit of several days (optional)", _end_date(day), required=False)
        if end is not None and end != day:
            visit["end"] = end
        visits.append(visit)


def _pick_centre(
    session: Session, typed: str, create_centre: Callable[[Session, str], Draft | None] | None
) -> Centre | None:
    prompter = session.answers.prompter
    assert prompter is not None
    found = search_centres(session.centres(), typed)
    if len(found) == 1:
        centre = found[0]
        if prompter.confirm(f"  {centre.name} ({centre.id})?", True):
            return centre
        return None
    if len(found) > 1:
        for index, centre in enumerate(found, start=1):
            prompter.say(f"  {index}. {centre.name} ({centre.id})")

        def choose(value: str) -> Centre:
            text = value.strip()
            if text.isdigit() and 1 <= int(text) <= len(found):
                return found[int(text) - 1]
            raise BadAnswer(f"answer a number from 1 to {len(found)}, or nothing for none of these")

        # Empty: none of these; the centre is asked again (a new one can then be created).
        return session.answers.ask("  Which one (number; empty for none of these)", choose, required=False)
    if create_centre is None or not prompter.confirm(
        f"  No centre matches '{typed.strip()}'. Create it now?", True
    ):
        return None
    draft = create_centre(session, typed.strip())
    if draft is None:
        return None
    session.pending.append(draft)
    return Centre.model_validate(draft.data)
