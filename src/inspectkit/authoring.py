"""Adding records from answers: the core of `new-plan`, `new-delegation`, `new-centre`, `new-finding`.

Each builder asks for what the options did not give (`inspectkit.answers`), checks references
against the repository as loaded, and returns `Draft`s: the record in FORMAT.md's field order,
which `inspectkit.drafts` renders as a person would write it (a header comment, block style,
comments on the sections), checks by reading it back, and writes with an exclusive, atomic
create: an existing record is never touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from inspectkit.answers import (
    NOT_ASKED,
    Answers,
    BadAnswer,
    Refusal,
    UnknownReference,
    UsageProblem,
    document_number,
    from_option,
    multi_line,
    one_line,
    parse_date,
    parse_finding_type,
    parse_member,
    parse_role,
    parse_slug,
    person_entry,
)
from inspectkit.diagnostics import did_you_mean
from inspectkit.drafts import Draft, set_plan_delegation
from inspectkit import kinds
from inspectkit.models import ACTION_TYPES, ROLE_ORDER, Centre, Plan
from inspectkit.repository import Repository
from inspectkit.settings import Settings
from inspectkit.text import SLUG_MAX, fold, is_slug, slugify

# --------------------------------------------------------------------------------------------
# Looking things up in the repository.


def search_centres(centres: Iterable[Centre], text: str) -> list[Centre]:
    """Centres whose name, short name, district or id hold every word typed, ignoring diacritics
    and case (`dinh lap` finds `Trung tâm Chính trị huyện Đình Lập`). An exact id comes alone."""
    pool = list(centres)
    wanted = text.strip()
    for centre in pool:
        if centre.id == wanted:
            return [centre]
    words = fold(wanted).replace("-", " ").split()
    if not words:
        return []
    out = []
    for centre in pool:
        haystack = fold(" ".join(filter(None, [centre.name, centre.short_name, centre.district, centre.id])))
        haystack = haystack.replace("-", " ")
        if all(word in haystack for word in words):
            out.append(centre)
    return out


def _hint(value: str, candidates: list[str], names: dict[str, str] | None = None) -> str:
    hint = did_you_mean(value, candidates)
    if hint:
        return hint
    starting = [c for c in candidates if c.startswith(value) or value.startswith(c)]
    if len(starting) == 1:
        return f" (did you mean '{starting[0]}'?)"
    if not names:
        return ""
    words = fold(value).replace("-", " ").split()
    close = [
        cid
        for cid, name in names.items()
        if words and all(w in fold(f"{name} {cid}").replace("-", " ") for w in words)
    ]
    return f" (did you mean '{close[0]}'?)" if len(close) == 1 else ""


def _ids(repo: Repository, kind: str) -> list[str]:
    return sorted(r.id for r in repo.records if r.kind == kind and r.id)


def find_plan(repo: Repository, value: str) -> Plan:
    plan_id = value.strip()
    record = repo.record(plan_id)
    if record is None:
        hint = _hint(plan_id, _ids(repo, "plan")) or "; add it first with `inspectkit new-plan`"
        raise UnknownReference(f"no plan has id '{plan_id}'{hint}")
    if record.kind != "plan":
        raise UnknownReference(
            f"'{plan_id}' is a {record.kind} ({record.display}), not a plan{_hint(plan_id, _ids(repo, 'plan'))}"
        )
    if not isinstance(record.model, Plan):
        raise Refusal(
            f"plan {plan_id} ({record.display}) has problems: run `inspectkit lint` and fix them first"
        )
    return record.model


def _taken(repo: Repository, record_id: str, extra: Iterable[str] = ()) -> None:
    existing = repo.record(record_id)
    if existing is not None:
        raise Refusal(
            f"id '{record_id}' is already used by {existing.display}: ids are unique across all records"
        )
    if record_id in extra:
        raise Refusal(f"id '{record_id}' is already used by a record being added")


def _fit(base: str, suffix: str) -> str:
    """`base` + `suffix`, cutting `base` so the id stays within the slug length."""
    room = SLUG_MAX - len(suffix)
    return base[:room].rstrip("-") + suffix


# --------------------------------------------------------------------------------------------
# Sessions: one authoring command.


@dataclass
class Session:
    """One authoring command: the repository as loaded, where answers come from, and today."""

    settings: Settings
    repo: Repository
    answers: Answers
    today: date
    pending: list[Draft] = field(default_factory=list)

    @property
    def records_dir(self) -> Path:
        return self.settings.records_dir

    def centres(self) -> list[Centre]:
        out = list(self.repo.centres)
        for draft in self.pending:
            if draft.kind == "centre":
                out.append(Centre.model_validate(draft.data))
        return out

    def pending_ids(self) -> set[str]:
        return {draft.id for draft in self.pending}

    def path_for(self, kind: str, record_id: str, subfolder: str | None = None) -> Path:
        folder = self.records_dir / kinds.get(kind).folder
        if subfolder:
            folder = folder / subfolder
        return folder / f"{record_id}.yaml"


# ----- centre ------------------------------------------------------------------------------


def centre_draft(
    session: Session,
    *,
    name: str | None = None,
    short_name: str | None = None,
    district: str | None = None,
    province: str | None = None,
    parent: str | None = None,
    record_id: str | None = None,
) -> Draft:
    ask = session.answers
    the_name = ask.required(
        "--name", name, "Full name of the centre (e.g. Trung tâm Chính trị huyện Đình Lập)", one_line
    )
    short = ask.one("--short-name", short_name, "Short name (optional)", one_line, required=False)
    the_district = ask.one("--district", district, "District (optional)", one_line, required=False)
    the_province = ask.one(
        "--province",
        province,
        "Province (optional)",
        one_line,
        # Offered on a terminal only: a script that gives no --province gets none.
        default=(session.settings.organisation.place or None) if ask.interactive else None,
        required=False,
    )
    the_parent = ask.one(
        "--parent", parent, "Governing body (optional, e.g. Huyện ủy Đình Lập)", one_line, required=False
    )
    suggested = slugify(short or the_name) or "centre"
    taken = session.pending_ids()
    centre_id = _choose_id(session, "--id", record_id, "Id (file name)", suggested, taken)
    data: dict[str, Any] = {"kind": "centre", "id": centre_id, "name": the_name}
    for key, value in (
        ("short_name", short),
        ("district", the_district),
        ("province", the_province),
        ("parent", the_parent),
    ):
        if value is not None:
            data[key] = value
    return Draft("centre", data, session.path_for("centre", centre_id))


def _choose_id(
    session: Session, option: str, given: str | None, question: str, suggested: str, taken: Iterable[str] = ()
) -> str:
    """An id from the option, or asked with `suggested` as the default; never one already used."""
    taken = set(taken)

    def parse(value: str) -> str:
        record_id = parse_slug(value)
        try:
            _taken(session.repo, record_id, taken)
        except Refusal as exc:
            if given is None and session.answers.interactive:
                raise BadAnswer(str(exc)) from None
            raise
        return record_id

    return session.answers.required(option, given, question, parse, default=suggested)


# ----- plan --------------------------------------------------------------------------------


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
    for other in session.repo.plans:
        if other.number == the_number and other.issued.year == the_issued.year:
            raise Refusal(f"plan number {the_number} of {the_issued.year} is already used by plan {other.id}")
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
    elif ask.interactive:
        the_visits = _ask_visits(session, the_issued, create_centre)
    else:
        raise UsageProblem(f"missing --visit{NOT_ASKED}; CENTRE_ID:DATE, repeat it for several")
    suggested = f"{the_issued.year}-{slugify(the_number)}"
    plan_id = _choose_id(
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
        base = slugify(title) or f"topic-{index}"
        topic_id, n = base, 2
        while topic_id in used:
            topic_id = _fit(base, f"-{n}")
            n += 1
        used.add(topic_id)
        out.append({"id": topic_id, "title": title})
    return out


def _date_not_before(bound: date | None, what: str, bound_name: str) -> Callable[[str], date]:
    """A date parser refusing a day before `bound` (none when `bound` is None)."""

    def parse(value: str) -> date:
        day = parse_date(value)
        if bound is not None and day < bound:
            raise BadAnswer(f"{what} ({day}) cannot be before {bound_name} ({bound})")
        return day

    return parse


def _visit_date(issued: date) -> Callable[[str], date]:
    return _date_not_before(issued, "the visit", "the plan's issue date")


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
            hint = _hint(centre_id, sorted(names), names)
            raise UnknownReference(
                f"no centre has id '{centre_id}'{hint}; a new centre is added with `inspectkit new-centre`"
            )
        visit: dict[str, Any] = {"centre": centre_id, "date": _visit_date(issued)(parts[1])}
        if len(parts) == 3:
            visit["end"] = _end_date(visit["date"])(parts[2])
        return visit

    return parse


def _end_date(start: date) -> Callable[[str], date]:
    return _date_not_before(start, "the last day", "the first")


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
            f"Date of the visit to {centre.name}", _visit_date(issued), default=previous.isoformat()
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


def centre_on_the_spot(session: Session, typed: str) -> Draft:
    """The centre questions, asked in the middle of a plan. The typed text is offered as the full
    name only when it has Vietnamese letters: `chi lang`, typed to search, is not a name."""
    ask = session.answers
    assert ask.prompter is not None
    offered = typed.strip() if not typed.isascii() else ""
    name = ask.ask("  Full name of the new centre", one_line, default=offered)
    assert name is not None
    return centre_draft(session, name=name)


# ----- delegation --------------------------------------------------------------------------


def delegation_drafts(
    session: Session,
    *,
    plan: str | None = None,
    decision: str | None = None,
    decision_issued: str | None = None,
    decision_issuer: str | None = None,
    members: list[str] | None = None,
    record_id: str | None = None,
) -> tuple[Draft, Draft | None]:
    """The delegation, and the plan's file with `delegation:` set (None when already set)."""
    ask = session.answers
    the_plan = ask.required(
        "--plan",
        plan,
        "Plan id (e.g. 2022-84-kh-dkt)",
        lambda v: find_plan(session.repo, v),
        default=_default_plan(session) if ask.interactive else None,  # a script names the plan
    )
    if the_plan.delegation is not None and the_plan.delegation in session.repo.by_id:
        raise Refusal(f"plan {the_plan.id} already has delegation {the_plan.delegation}")
    for other in session.repo.records:
        if other.kind == "delegation" and other.data.get("plan") == the_plan.id:
            raise Refusal(f"plan {the_plan.id} already has delegation {other.id} ({other.display})")
    the_decision = ask.one(
        "--decision",
        decision,
        "Number of the decision forming the delegation (optional, e.g. 85-QĐ/BTGTU)",
        document_number("QĐ"),
        required=False,
    )
    data: dict[str, Any] = {}
    if the_decision is not None:
        doc: dict[str, Any] = {"number": the_decision}
        day = ask.one(
            "--decision-issued",
            decision_issued,
            "Date of the decision",
            parse_date,
            default=the_plan.issued.isoformat() if ask.interactive else None,
            required=False,
        )
        if day is not None:
            doc["issued"] = day
        issuer = ask.one(
            "--decision-issuer",
            decision_issuer,
            "Issuing body of the decision",
            one_line,
            default=the_plan.issuer if ask.interactive else None,
            required=False,
        )
        if issuer is not None:
            doc["issuer"] = issuer
        data["decision"] = doc
    elif decision_issued is not None or decision_issuer is not None:
        raise UsageProblem("--decision-issued and --decision-issuer need --decision")
    if members:
        the_members = [from_option("--member", value, parse_member) for value in members]
    elif ask.interactive:
        the_members = _ask_members(session)
    else:
        raise UsageProblem(f"missing --member{NOT_ASKED}; ROLE:NAME:POSITION[:ORGANISATION], repeat it")
    heads = [m["name"] for m in the_members if m["role"] == "head"]
    if len(heads) != 1:
        found = "no head" if not heads else f"{len(heads)} heads ({', '.join(heads)})"
        raise UsageProblem(f"--member: a delegation has exactly one head, these members have {found}")
    data["members"] = sorted(the_members, key=lambda m: ROLE_ORDER[m["role"]])
    default_id = the_plan.delegation or _fit(the_plan.id, "-doan")
    delegation_id = _choose_id(session, "--id", record_id, "Id of the delegation (file name)", default_id)
    if the_plan.delegation is not None and the_plan.delegation != delegation_id:
        raise Refusal(
            f"plan {the_plan.id} names delegation '{the_plan.delegation}': use --id {the_plan.delegation}"
        )
    record = {"kind": "delegation", "id": delegation_id, "plan": the_plan.id, **data}
    draft = Draft("delegation", record, session.path_for("delegation", delegation_id))
    plan_record = session.repo.record(the_plan.id)
    assert plan_record is not None
    if the_plan.delegation == delegation_id:
        return draft, None
    original = plan_record.path.read_bytes()
    text = set_plan_delegation(plan_record.path, delegation_id, original)
    return draft, Draft("plan", {}, plan_record.path, text, original)


def _default_plan(session: Session) -> str | None:
    """The only plan without a delegation, if there is exactly one."""
    free = [
        p.id for p in session.repo.plans if p.delegation is None or p.delegation not in session.repo.by_id
    ]
    return free[0] if len(free) == 1 else None


def _ask_members(session: Session) -> list[dict[str, str]]:
    ask = session.answers
    assert ask.prompter is not None
    members: list[dict[str, str]] = []
    while True:
        has_head = any(m["role"] == "head" for m in members)
        finish = "; empty to finish" if has_head else ""
        name = ask.ask(f"Member {len(members) + 1}: name{finish}", one_line, required=not has_head)
        if name is None:
            return members

        def role_of(value: str, has_head: bool = has_head) -> str:
            role = parse_role(value)
            if role == "head" and has_head:
                raise BadAnswer("the delegation already has a head: choose deputy, member or secretary")
            return role

        role = ask.ask(
            "  Role (head, deputy, member, secretary)", role_of, default="member" if has_head else "head"
        )
        position = ask.ask("  Position (chức vụ, optional)", one_line, required=False)
        organisation = ask.ask("  Organisation (đơn vị, optional)", one_line, required=False)
        assert role is not None
        members.append(person_entry(name, position or "", organisation or "", role))


# ----- finding -----------------------------------------------------------------------------


def next_finding_id(session: Session, plan_id: str) -> str:
    """`<plan-id>-NN`: one more than the highest number used by any record or file (two digits,
    more when needed). Numbers are never reused, so a deleted finding's id stays retired."""
    pattern = re.compile(rf"^{re.escape(plan_id)}-(\d+)$")
    used = {0}
    names = list(session.repo.by_id) + [Path(loaded.path).stem for loaded in session.repo.files]
    folder = session.records_dir / kinds.get("finding").folder / plan_id
    if folder.is_dir():
        names.extend(p.stem for p in folder.iterdir())
    for name in names:
        match = pattern.match(name)
        if match:
            used.add(int(match[1]))
    record_id = f"{plan_id}-{max(used) + 1:02d}"
    if not is_slug(record_id):
        raise Refusal(
            f"plan id '{plan_id}' is too long to number its findings (ids have at most {SLUG_MAX} characters)"
        )
    return record_id


def finding_draft(
    session: Session,
    *,
    plan: str | None = None,
    centres: list[str] | None = None,
    topic: str | None = None,
    finding_type: str | None = None,
    summary: str | None = None,
    detail: str | None = None,
    owner: str | None = None,
    due: str | None = None,
) -> Draft:
    ask = session.answers
    # The only plan is offered on a terminal; a script names it (--plan is required).
    default_plan = session.repo.plans[0].id if len(session.repo.plans) == 1 and ask.interactive else None
    the_plan = ask.required(
        "--plan",
        plan,
        "Plan id (e.g. 2022-84-kh-dkt)",
        lambda v: find_plan(session.repo, v),
        default=default_plan,
    )
    visited = list(dict.fromkeys(v.centre for v in the_plan.visits))
    the_centres = _finding_centres(session, the_plan, visited, centres or [])
    the_topic = _finding_topic(session, the_plan, topic)
    the_type = ask.required(
        "--type", finding_type, "Type (strength, weakness, difficulty, proposal, request)", parse_finding_type
    )
    the_summary = ask.required("--summary", summary, "Summary (one line)", one_line)
    if detail is not None:
        the_detail: str | None = from_option("--detail", detail, multi_line)
    elif ask.interactive:
        the_detail = _ask_detail(session)
    else:
        the_detail = None
    needs_action = the_type in ACTION_TYPES
    visits = [v.date for v in the_plan.visits if v.centre in the_centres]
    first_visit = min(visits) if visits else None
    action: dict[str, Any] | None = None
    if needs_action or owner is not None or due is not None:
        if owner is None and not ask.interactive:
            raise UsageProblem(f"missing --owner (a {the_type} is followed up: who acts on it)")
        the_owner = ask.required("--owner", owner, "Owner (who acts on it)", one_line)
        action = {"owner": the_owner}
        the_due = ask.one("--due", due, "Due date (optional)", _due_date(first_visit), required=False)
        if the_due is not None:
            action["due"] = the_due
        action["status"] = "open"
        if the_plan.status == "closed":
            raise Refusal(
                f"plan {the_plan.id} is closed: an open action cannot be added to it (reopen the plan first)"
            )
    record_id = next_finding_id(session, the_plan.id)
    data: dict[str, Any] = {
        "kind": "finding",
        "id": record_id,
        "plan": the_plan.id,
        "centres": the_centres,
        "topic": the_topic,
        "type": the_type,
        "summary": the_summary,
    }
    if the_detail is not None:
        data["detail"] = the_detail
    if action is not None:
        data["action"] = action
    return Draft("finding", data, session.path_for("finding", record_id, the_plan.id))


def _due_date(first_visit: date | None) -> Callable[[str], date]:
    return _date_not_before(first_visit, "the due date", "the first visit to its centres")


def _finding_centres(session: Session, plan: Plan, visited: list[str], given: list[str]) -> list[str]:
    known = {c.id: c.name for c in session.repo.centres}

    def parse(value: str) -> str:
        text = value.strip()
        if text.isdigit() and 1 <= int(text) <= len(visited) and session.answers.interactive:
            return visited[int(text) - 1]
        if text in visited:
            return text
        matches = search_centres([c for c in session.repo.centres if c.id in visited], text)
        if len(matches) == 1 and session.answers.interactive:
            return matches[0].id
        if text in known:
            raise UnknownReference(
                f"plan {plan.id} does not visit centre '{text}'; it visits {', '.join(visited)}"
            )
        names = {cid: known.get(cid, cid) for cid in visited}
        raise UnknownReference(
            f"plan {plan.id} visits no centre '{text}'{_hint(text, visited, names)}; it visits {', '.join(visited)}"
        )

    if given:
        chosen = [from_option("--centre", value, parse) for value in given]
    elif session.answers.interactive:
        assert session.answers.prompter is not None
        for index, cid in enumerate(visited, start=1):
            session.answers.prompter.say(f"  {index}. {known.get(cid, cid)} ({cid})")
        default = "1" if len(visited) == 1 else ""
        chosen = []
        while True:
            finish = "; empty to finish" if chosen else ""
            value = session.answers.ask(
                f"Centre {len(chosen) + 1} (number or part of its name{finish})",
                parse,
                default=default if not chosen else "",
                required=not chosen,
            )
            if value is None:
                break
            if value not in chosen:
                chosen.append(value)
    else:
        raise UsageProblem(f"missing --centre{NOT_ASKED}; repeat it for several")
    return list(dict.fromkeys(chosen))


def _finding_topic(session: Session, plan: Plan, given: str | None) -> str:
    ids = [t.id for t in plan.topics]

    def parse(value: str) -> str:
        text = value.strip()
        if text.isdigit() and 1 <= int(text) <= len(ids) and session.answers.interactive:
            return ids[int(text) - 1]
        if text in ids:
            return text
        if slugify(text) in ids:
            return slugify(text)
        raise UnknownReference(
            f"plan {plan.id} has no topic '{text}'{_hint(text, ids)}; its topics: {', '.join(ids)}"
        )

    if given is None and session.answers.interactive:
        assert session.answers.prompter is not None
        for index, topic in enumerate(plan.topics, start=1):
            session.answers.prompter.say(f"  {index}. {topic.title} ({topic.id})")
    return session.answers.required(
        "--topic",
        given,
        "Topic (number or id)",
        parse,
        default="1" if len(ids) == 1 and session.answers.interactive else None,
    )


def _ask_detail(session: Session) -> str | None:
    prompter = session.answers.prompter
    assert prompter is not None
    prompter.say(
        "Detail (optional): type the text; a blank line separates paragraphs; a line with only '.' ends it."
    )
    lines: list[str] = []
    while True:
        line = prompter.ask("  >", "")
        if line.strip() == "." or (not lines and not line.strip()):
            break
        lines.append(line)
    text = "\n".join(lines).strip()
    if not text:
        return None
    try:
        return multi_line(text)
    except BadAnswer as exc:
        prompter.say(f"  detail left out: {exc}")
        return None


__all__ = [
    "Session",
    "centre_draft",
    "centre_on_the_spot",
    "delegation_drafts",
    "find_plan",
    "finding_draft",
    "next_finding_id",
    "plan_drafts",
    "search_centres",
]
