"""Loading only the records a command needs, chosen from the index.

`show ID` needs the record and the records it links to or that link to it; a report needs its
plan and the records around it. The index (brought up to date first, see survey.py) knows every
record's id, kind and references, so only those few records are made (from the data the index
keeps, or for a report read and parsed); the rest of the repository is known by id and kind alone
(`Repository.everyone`, for "did you mean"). `stats`, `actions` and `list` are answered with SQL
over the index when it holds every record as it is (indexed.py), else from the scans.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from inspectkit import indexed
from inspectkit.cache import rebuilt_when_damaged
from inspectkit.gcpause import paused_gc
from inspectkit.recordfiles import display_path
from inspectkit.survey import Survey, survey

if TYPE_CHECKING:
    from inspectkit.diagnostics import Diagnostic
    from inspectkit.linter import Selection
    from inspectkit.queries import ActionItem, Condition, Source
    from inspectkit.repository import Repository
    from inspectkit.settings import Settings

# Codes checked over the whole repository even when a command uses only some records: an id or
# a document number used twice makes every document that prints it ambiguous.
REPOSITORY_WIDE = ("IK301", "IK602")


def around(found: Survey, ids: Collection[str], depth: int = 1) -> list[str]:
    """Keys (in file order) of the records with these ids, the records they refer to, the records
    that refer to them, and, `depth` times over, what those refer to. (From the index's
    references: no record file is read, no kept scan decoded.)"""
    keys_with = _keys_with(found)
    wanted = set(ids)
    keys = keys_with(wanted) | found.referring(wanted)
    targets = found.targets(keys)
    for _ in range(depth):
        more = keys_with(targets) - keys
        keys |= more
        targets = found.targets(more)
    return sorted(keys, key=found.order)


def _keys_with(found: Survey) -> Callable[[Collection[str]], set[str]]:
    """The files of the records with some ids: asked of the index, else of the identities."""
    db = indexed.usable(found)
    if db is not None:
        return lambda ids: indexed.keys_of(db, ids)
    by_id: dict[str, list[str]] = {}
    for key, _, id_, _ in found.identities():
        if id_ is not None:
            by_id.setdefault(id_, []).append(key)
    return lambda ids: {key for i in ids for key in by_id.get(i, [])}


def load_keys(found: Survey, keys: Iterable[str], positions: bool = True) -> Repository:
    """A repository of the given files only, that knows every other record by id and kind
    (`positions`: see `load_repository`)."""
    from inspectkit.repository import load_repository

    repo = load_repository(found.settings, only=[found.paths[key] for key in keys], positions=positions)
    repo.everyone = [(id_, kind) for _, kind, id_, _ in found.identities() if id_]
    repo.links_out = [display_path(link) for link in found.outside]
    return repo


@rebuilt_when_damaged
def load_around(settings: Settings, ids: Collection[str]) -> Repository:
    """The records with these ids and their neighbours (see `around`): made from the data the
    index keeps, else read from their files."""
    found = survey(settings)
    try:
        keys = around(found, ids)
        db = indexed.usable(found)
        if db is None:
            return load_keys(found, keys, positions=False)
        repo = indexed.records(found, db, keys)
        if not all(i in repo.by_id for i in ids):  # for "did you mean"
            repo.everyone = indexed.everyone(found, db)
        repo.links_out = [display_path(link) for link in found.outside]
        return repo
    finally:
        found.close(read=False)


@dataclass
class Checked:
    """The records of one plan's documents, and the lint errors that concern them."""

    repo: Repository
    errors: list[Diagnostic]


@rebuilt_when_damaged
def check_plan(settings: Settings, plan_id: str, selection: Selection, today: date) -> Checked:
    """The records a document of `plan_id` uses (the plan, what refers to it and what those refer
    to) and the errors in them, plus the repository-wide id and number checks. When no plan has
    that id, every plan is loaded (for the message that lists them)."""
    from inspectkit.diagnostics import Severity
    from inspectkit.linter import run_rules

    found = survey(settings)
    try:
        records = found.identities()
        if any(id_ == plan_id for _, _, id_, _ in records):
            keys = around(found, [plan_id], depth=2)
        else:
            keys = [key for key, kind, _, _ in records if kind == "plan"]
        shown = {found.display(key) for key in keys}
        errors = [
            d
            for d in run_rules(found, selection, today)
            if d.severity is Severity.ERROR and (d.path in shown or d.code in REPOSITORY_WIDE)
        ]
        errors.sort(key=lambda d: (d.path, d.line, d.column, d.code))
        return Checked(load_keys(found, keys), errors)
    finally:
        found.close(read=False)


@rebuilt_when_damaged
def counted(settings: Settings, today: date, plan: str | None) -> tuple[dict[str, Any], list[str]]:
    """`queries.stats` and the records skipped for their errors (shown, in order): with SQL over
    the index (indexed.py), else over the summaries. UsageError when `plan` names no plan."""
    from inspectkit import queries

    found = survey(settings)
    try:
        db = indexed.usable(found)
        if db is not None:
            indexed.check_plan(found, db, plan)
            return indexed.stats(found, db, today, plan), indexed.skipped(found, db)
        from inspectkit.whole import check_plan_option

        repo = summarised(found)
        check_plan_option(repo, plan)
        return queries.stats(repo, today, plan), [r.display for r in repo.records if r.model is None]
    finally:
        found.close(read=False)


@dataclass
class Board:
    """The follow-up board, the findings skipped for their errors, and the ids of the proposals
    and requests with no action."""

    items: list[ActionItem]
    skipped: list[str]
    actionless: list[str]


@rebuilt_when_damaged
def followed(
    settings: Settings,
    today: date,
    *,
    overdue: bool,
    owner: str | None,
    plan: str | None,
    status: Sequence[str],
) -> Board:
    """`queries.actions`: from the index's findings table (indexed.py), else over the summaries.
    UsageError when `plan` names no plan."""
    from inspectkit import queries

    found = survey(settings)
    try:
        db = indexed.usable(found)
        if db is not None:
            indexed.check_plan(found, db, plan)
            items = indexed.board(found, db, today, overdue=overdue, owner=owner, plan=plan, status=status)
            skipped = indexed.skipped(found, db, ("finding", None))
            return Board(items, skipped, indexed.actionless(found, db, plan))
        from inspectkit.whole import check_plan_option

        repo = summarised(found)
        check_plan_option(repo, plan)
        items = queries.actions(repo, today, overdue=overdue, owner=owner, plan=plan, status=status)
        skipped = [r.display for r in repo.records if r.model is None and r.kind in ("finding", None)]
        return Board(items, skipped, queries.actionless(repo, plan))
    finally:
        found.close(read=False)


def summarised(found: Survey) -> Repository:
    """Every valid record as the model `summaries.rebuild` makes from its summary (the fields the
    follow-up board and the counts read), and every other record file by its kind alone, so that
    the notes about skipped records stay exact. (Without the index, or when it could not be
    brought up to date: see indexed.py for the rest.)"""
    from inspectkit.repository import Record, Repository
    from inspectkit.summaries import rebuild

    records = found.identities()
    kept = found.summaries(key for key, _, _, valid in records if valid)
    repo = Repository(found.settings)
    with paused_gc():
        for key, kind, id_, valid in records:
            data = {"kind": kind, "id": id_}
            model = rebuild(kind or "", kept[key]) if valid else None
            # the file by name: these records are never written, and 100,000 Paths cost seconds
            record = Record(found.file_name(key), found.display(key), data, None, model, [])
            repo.records.append(record)
            if id_ is not None:
                repo.by_id.setdefault(id_, record)
    return repo


@rebuilt_when_damaged
def load_for_list(
    settings: Settings,
    kind: str,
    search: str | None,
    conditions: Sequence[Condition],
    full: bool | None = None,
) -> Source:
    """The records `list` needs: those of `kind` (and with a search, only those whose text holds
    it, from the index) and the records the conditions name by id; every record when a condition
    names records otherwise (`full`; None: `queries.needs_full_load` decides, from the files
    surveyed). Skipped records are every record of the kind (or of no kind) with errors, and every
    file that is no record."""
    from inspectkit.queries import Source, needs_full_load
    from inspectkit.text import norm

    found = survey(settings)
    try:
        if full is None:
            full = needs_full_load(settings, conditions, lambda: _stems(found))
        named = {v for c in conditions if c.spec.type == "ref" for v in c.values}
        db = indexed.usable(found)
        searched: frozenset[str] | None = None
        if db is not None:
            # a name that is no id is looked for among labels (a centre's name): over every record
            full = full or not named <= indexed.known_ids(db, named)
            wanted = norm(search or "")
            if full:
                keys = indexed.whole(found, db, kind, conditions, named)
            else:
                listed = indexed.listed(found, db, kind, wanted, conditions)
                if wanted:
                    searched = frozenset(found.display(key) for key in listed)
                keys = sorted({*listed, *indexed.keys_of(db, named)}, key=found.order)
            repo = indexed.records(found, db, keys)
            skipped = indexed.skipped(found, db, (kind, None))
        else:
            repo, skipped = _list_from_scans(found, kind, search, conditions, full, named)
        skipped += [found.display(key) for key in found.keys if key not in found.record_keys]
        skipped += [display_path(link) for link in found.outside]  # links out: lint reports them (IK100)
        return Source(repo, sorted(skipped), searched=searched)
    finally:
        found.close(read=False)


def _stems(found: Survey) -> set[str]:
    """The names of the files surveyed without their extension (what an id would be)."""
    return {os.path.splitext(os.path.basename(key))[0] for key in found.keys}


def _list_from_scans(
    found: Survey, kind: str, search: str | None, conditions: Sequence[Condition], full: bool, named: set[str]
) -> tuple[Repository, list[str]]:
    """`load_for_list` without the index (or when it could not be brought up to date): the files
    chosen from the identities and the search texts of the scans, then read."""
    from inspectkit.text import norm

    records = found.identities()
    # a name that is no id is looked for among labels (a centre's name): over every record
    full = full or not named <= {id_ for _, _, id_, _ in records}
    if full:
        keys = list(found.keys)
    else:
        keys = [key for key, k, _, valid in records if k == kind and valid]
        # `centre=ID`: only records that refer to one of the ids can hold (their references
        # are in the index), so only those are read
        for cond in conditions:
            if cond.spec.type == "ref" and cond.op == "=" and cond.values and not cond.spec.virtual:
                referring = found.referring(set(cond.values))
                keys = [key for key in keys if key in referring]
        wanted = norm(search or "")
        if wanted:
            holding = found.matching(wanted, keys)
            keys = [key for key in keys if key in holding]
        keys = sorted({*keys, *(key for key, _, id_, _ in records if id_ in named)}, key=found.order)
    repo = load_keys(found, keys, positions=False)
    skipped = [found.display(key) for key, k, _, valid in records if not valid and k in (kind, None)]
    return repo, skipped
