"""`new-finding`: the finding's draft with the next number of its plan."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from inspectkit import kinds
from inspectkit.answers import (
    NOT_ASKED,
    BadAnswer,
    UnknownReference,
    from_option,
    multi_line,
    one_line,
    parse_finding_type,
)
from inspectkit.authoring.session import Session, date_not_before, find_plan, hint, search_centres
from inspectkit.drafts import Draft
from inspectkit.errors import Refused, UsageError
from inspectkit.models import Plan
from inspectkit.text import SLUG_MAX, is_slug, slugify
from inspectkit.vocabulary import ACTION_TYPES

_SLUG_SHAPE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def next_finding_id(session: Session, plan_id: str) -> str:
    """`<plan-id>-NN`: one more than the highest number used by any record or file, now or in the
    repository's git history (two digits, more when needed). Numbers are never reused, so a
    deleted finding's id stays retired."""
    if not _SLUG_SHAPE.fullmatch(plan_id):  # `../x` is no id at all, not an id too long
        raise Refused(
            f"plan id '{plan_id}' is not a valid id: fix the plan first (`inspectkit lint` shows why)"
        )
    pattern = re.compile(rf"^{re.escape(plan_id)}-(\d+)$")
    used = {0}
    names = list(session.repo.by_id) + [Path(loaded.path).stem for loaded in session.repo.files]
    folder = session.records_dir / kinds.get("finding").folder / plan_id
    if folder.is_dir():
        names.extend(p.stem for p in folder.iterdir())
    names.extend(names_in_history(session.records_dir))
    for name in names:
        match = pattern.match(name)
        if match:
            used.add(int(match[1]))
    record_id = f"{plan_id}-{max(used) + 1:02d}"
    if not is_slug(record_id):
        raise Refused(
            f"plan id '{plan_id}' is too long to number its findings (ids have at most {SLUG_MAX} characters)"
        )
    return record_id


def names_in_history(folder: Path) -> list[str]:
    """The names (without suffix) of every file that was ever committed below `folder`, deleted
    ones included: none when git or a repository is missing."""
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None or not folder.is_dir():
        return []
    try:
        done = subprocess.run(
            [git, "log", "--all", "--format=", "--name-only", "--", "."],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    return [Path(line).stem for line in done.stdout.splitlines() if line] if done.returncode == 0 else []


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
        "--type",
        finding_type,
        "Type (strength/ưu điểm, weakness/hạn chế, difficulty/khó khăn, proposal/kiến nghị, request/đề nghị)",
        parse_finding_type,
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
        if the_plan.status == "closed":  # said before the owner and due date are asked for nothing
            raise Refused(
                f"plan {the_plan.id} is closed: an open action cannot be added to it (reopen the plan first)"
            )
        if owner is None and not ask.interactive:
            raise UsageError(f"missing --owner (a {the_type} is followed up: who acts on it)")
        the_owner = ask.required("--owner", owner, "Owner (who acts on it)", one_line)
        action = {"owner": the_owner}
        the_due = ask.one("--due", due, "Due date (optional)", _due_date(first_visit), required=False)
        if the_due is not None:
            action["due"] = the_due
        action["status"] = "open"
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
    return date_not_before(first_visit, "the due date", "the first visit to its centres")


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
            f"plan {plan.id} visits no centre '{text}'{hint(text, visited, names)}; it visits {', '.join(visited)}"
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
        raise UsageError(f"missing --centre{NOT_ASKED}; repeat it for several")
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
            f"plan {plan.id} has no topic '{text}'{hint(text, ids)}; its topics: {', '.join(ids)}"
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
