"""What the query commands output, ready for a format (`inspectkit.formats`): the records `list`
selected, the follow-up board, one record with its links, the counts; and the notes about records
left out, for stderr. queries.py answers the questions; this module only assembles the answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from inspectkit.formats import Rows, Shown, StatsView

if TYPE_CHECKING:
    from inspectkit.settings import Settings


@dataclass
class Answer:
    """An output and the notes for stderr (records skipped for their errors, and the like)."""

    value: Rows | Shown | StatsView
    notes: list[str] = field(default_factory=list)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def links_out_note(links: list[str]) -> str:
    shown = ", ".join(links[:3]) + (f" and {len(links) - 3} more" if len(links) > 3 else "")
    return f"skipped {len(links)} link(s) out of the repository ({shown}); `inspectkit lint` reports them"


def skipped_note(skipped: list[str]) -> list[str]:
    if not skipped:
        return []
    shown = ", ".join(skipped[:3]) + (f" and {len(skipped) - 3} more" if len(skipped) > 3 else "")
    return [f"skipped {len(skipped)} record(s) with errors ({shown}); `inspectkit lint` shows why"]


def listing(
    settings: Settings, kind_name: str, where: list[str], search: str | None, sort: str | None
) -> Answer:
    """`inspectkit list`: the records of one kind that match, in order (only those files read)."""
    from inspectkit import queries, views
    from inspectkit.partial import load_for_list

    kind = queries.kind_of(kind_name)
    conditions = [queries.parse_where(kind, w) for w in where]
    if sort:
        queries.sort_spec(kind, sort)  # before anything is read
    source = load_for_list(settings, kind, search, conditions)
    found = queries.select(source.repo, kind, conditions, search, sort, source.known_ids, source.searched)
    rows = Rows(
        found,
        views.record_columns(kind),
        views.record_columns(kind, spreadsheet=True),
        [queries.record_json(r) for r in found],
        _plural(len(found), kind),
    )
    return Answer(rows, skipped_note(source.skipped))


def parse_statuses(value: str | None) -> list[str]:
    """`--status open,done` -> the statuses; UsageError for one that is not a status."""
    from inspectkit.vocabulary import check_status

    statuses = [s.strip() for s in (value or "").split(",") if s.strip()]
    return [check_status(s, "--status: ") for s in statuses]


def board(
    settings: Settings,
    today: date,
    *,
    overdue: bool,
    owner: str | None,
    plan: str | None,
    status: str | None,
) -> Answer:
    """`inspectkit actions`: the follow-up board, the most overdue first."""
    from inspectkit import views
    from inspectkit.partial import followed

    statuses = parse_statuses(status)
    found = followed(settings, today, overdue=overdue, owner=owner, plan=plan, status=statuses)
    items = found.items
    late = sum(i.days_overdue > 0 for i in items)
    footer = f"{_plural(len(items), 'action')}, {late} overdue as of {today.isoformat()}"
    rows = Rows(
        items,
        views.board_columns(),
        views.board_columns(spreadsheet=True),
        [i.to_json() for i in items],
        footer,
    )
    notes = skipped_note(found.skipped)
    missing = found.actionless
    if missing:
        notes.append(
            f"{len(missing)} proposal(s)/request(s) have no action and are not on the board "
            f"({', '.join(missing[:3])}{'…' if len(missing) > 3 else ''}); `inspectkit lint` reports them (IK505)"
        )
    return Answer(rows, notes)


def shown(settings: Settings, record_id: str) -> Answer:
    """`inspectkit show`: one record and what links to it (NotFound for an unknown id). Only the
    record and its neighbours are read (partial.py)."""
    from inspectkit import queries
    from inspectkit.partial import load_around

    repo = load_around(settings, [record_id])
    record = queries.find_record(repo, record_id)
    notes = [links_out_note(repo.links_out)] if repo.links_out else []
    if record.model is None:
        notes.append(
            f"{record.display} has errors, so its links are not shown; "
            f"`inspectkit lint {record.display}` shows them"
        )
    value = Shown(record.id, record.kind, record.display, record.data, queries.links(repo, record))
    return Answer(value, notes)


def counts(settings: Settings, today: date, plan: str | None) -> Answer:
    """`inspectkit stats`: findings by type, centre and topic; actions by status; overdue."""
    from inspectkit.partial import counted

    data, skipped = counted(settings, today, plan)
    return Answer(StatsView(data, plan, today), skipped_note(skipped))
