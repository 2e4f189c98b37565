"""The query commands answered with SQL over the index, with no model made per record.

When the index holds every record as the survey found it (`Survey.synced`): `stats` counts with
GROUP BY over the `findings` and `finding_centres` tables; `actions` reads the findings that have
an action; `list` chooses its records with the `search`, `refs` and `findings` tables; `show`
finds a record and its neighbours by id and reference. The records a command prints are made from
the data kept with them (`summaries.decode_data`) and validated into their model only then.

Every answer equals the one made from the records loaded (`queries/`), which the commands use
without the index: tests/test_index.py checks it. SQL gives rows in no particular order, so what
depends on order (the first of equal ids, ties in a sort) is put in the survey's file order first.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from inspectkit.gcpause import paused_gc
from inspectkit.indexcells import loads, rows_in, storable

if TYPE_CHECKING:
    import sqlite3

    from inspectkit.queries import ActionItem, Condition
    from inspectkit.repository import Repository
    from inspectkit.survey import Survey

_NUMBERS = re.compile(r"\d+")  # the numbers `natural_key` compares by value


def usable(found: Survey) -> sqlite3.Connection | None:
    """The index's connection when it holds every record of this survey as it is (else None:
    answer from the scans)."""
    return found.index.connection if found.index is not None and found.synced else None


# --- which records ------------------------------------------------------------------------------


def keys_of(db: sqlite3.Connection, ids: Collection[str]) -> set[str]:
    """The files of the records (valid or not) with these ids."""
    return {key for (key,) in rows_in(db, "SELECT key FROM files WHERE record AND id IN ({marks})", ids)}


def skipped(found: Survey, db: sqlite3.Connection, kinds: Collection[str | None] | None = None) -> list[str]:
    """The records with errors (of these kinds; None among them: of no kind), as shown, in order."""
    rows = db.execute("SELECT key, kind FROM files WHERE record AND NOT valid")
    keys = sorted((key for key, kind in rows if kinds is None or kind in kinds), key=found.order)
    return [found.display(key) for key in keys]


def everyone(found: Survey, db: sqlite3.Connection) -> list[tuple[str, str | None]]:
    """(id, kind) of every record with an id (not empty), in order (for "did you mean")."""
    rows = db.execute("SELECT key, id, kind FROM files WHERE record AND id IS NOT NULL AND id != ''")
    return [(id_, kind) for _, id_, kind in sorted(rows, key=lambda row: found.order(row[0]))]


def check_plan(found: Survey, db: sqlite3.Connection, plan: str | None) -> None:
    """UsageError when `plan`, a `--plan` option's value, names no plan (`whole.check_plan_option`,
    over the records with that id and, for the message, the ids of the plans)."""
    if plan is None:
        return
    rows = (
        db.execute("SELECT key, kind FROM files WHERE record AND id = ?", (plan,)) if storable(plan) else []
    )
    ordered = sorted(rows, key=lambda row: found.order(row[0]))
    if ordered and ordered[0][1] == "plan":
        return  # the first record with that id is a plan: what the lookup below would find
    from inspectkit.repository import Record, Repository
    from inspectkit.whole import check_plan_option

    repo = Repository(found.settings)
    for key, kind in ordered:
        record = Record(found.file_name(key), found.display(key), {"kind": kind, "id": plan}, None, None, [])
        repo.records.append(record)
        repo.by_id.setdefault(plan, record)
    repo.everyone = [(id_, kind) for id_, kind in everyone(found, db) if kind == "plan"]
    check_plan_option(repo, plan)


def records(found: Survey, db: sqlite3.Connection, keys: Sequence[str]) -> Repository:
    """A repository of these files' records (in the order given) made from the data the index
    keeps: a valid record's model validated again from it, as the scan had made it."""
    from inspectkit import kinds
    from inspectkit.repository import Record, Repository
    from inspectkit.summaries import decode_data

    query = "SELECT f.key, f.kind, f.valid, r.data FROM files f JOIN records r ON r.key = f.key WHERE f.key IN ({marks})"
    kept = {row[0]: row[1:] for row in rows_in(db, query, keys)}
    repo = Repository(found.settings)
    with paused_gc():
        for key in keys:
            if key not in kept:
                continue  # no record (or gone meanwhile)
            kind, valid, text = kept[key]
            data = decode_data(text)
            model = kinds.get(kind).model.model_validate(data) if valid else None
            record = Record(found.file_name(key), found.display(key), data, None, model, [])
            repo.records.append(record)
            if record.id is not None:
                repo.by_id.setdefault(record.id, record)
    return repo


def listed(
    found: Survey, db: sqlite3.Connection, kind: str, needle: str, conditions: Sequence[Condition]
) -> list[str]:
    """The valid records of `kind` that can hold: whose search text holds `needle` (folded), that
    refer to the ids an `=` condition on a reference names, of the types a `type=` condition names.
    A superset of what `list` shows (`queries.select` decides), in order."""
    query = "SELECT key FROM files WHERE kind = ? AND valid AND record"
    params: list[Any] = [kind]
    if not storable(needle):
        return []  # no text the index holds has it
    if needle:
        query = "SELECT key FROM search WHERE kind = ? AND instr(text, ?) > 0"
        params.append(needle)
    for cond in conditions:
        if not (cond.op == "=" and cond.values):
            continue
        if cond.spec.type == "ref" and not cond.spec.virtual:
            query += (
                f" AND key IN (SELECT key FROM refs WHERE target IN ({','.join('?' * len(cond.values))}))"
            )
            params.extend(cond.values)
        elif kind == "finding" and cond.spec.path == ("type",):
            query += (
                f" AND key IN (SELECT key FROM findings WHERE type IN ({','.join('?' * len(cond.values))}))"
            )
            params.extend(cond.values)
    return sorted((key for (key,) in db.execute(query, params)), key=found.order)


def whole(
    found: Survey, db: sqlite3.Connection, kind: str, conditions: Sequence[Condition], named: Collection[str]
) -> list[str]:
    """For a `list` whose conditions name records otherwise than by id (`centre=Chi Lăng`), or go
    through other records (`plan=` of a centre), what `queries.select` reads of the whole
    repository: the valid records of `kind`; every record (valid or not) of the kinds those
    conditions refer to, whose names it searches; and every record with an id a condition names
    (so that the first of them is the one a whole repository gives). In order."""
    targets = sorted({c.spec.ref for c in conditions if c.spec.type == "ref" and c.spec.ref})
    marks = ",".join("?" * len(targets))
    rows = db.execute(
        f"SELECT key FROM files WHERE record AND ((kind = ? AND valid) OR kind IN ({marks}))",
        (kind, *targets),
    )
    return sorted({key for (key,) in rows} | keys_of(db, named), key=found.order)


def known_ids(db: sqlite3.Connection, ids: Collection[str]) -> set[str]:
    """Those of these ids that some record has."""
    return {
        id_ for (id_,) in rows_in(db, "SELECT DISTINCT id FROM files WHERE record AND id IN ({marks})", ids)
    }


# --- stats ----------------------------------------------------------------------------------------


def stats(found: Survey, db: sqlite3.Connection, today: date, plan: str | None) -> dict[str, Any]:
    """`queries.stats`, counted with SQL."""
    from inspectkit.queries.counting import tally
    from inspectkit.text import day
    from inspectkit.vocabulary import days_overdue

    where, params = ("WHERE plan = ?", (plan,)) if plan is not None else ("", ())
    by_type: Counter[str] = Counter()
    by_topic: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    overdue = 0
    # one pass over the findings' tally index: few rows (types x topics x due dates and statuses)
    counted = db.execute(
        f"SELECT type, topic, action, status, due, count(*) FROM findings {where}"
        " GROUP BY type, topic, action, status, due",
        params,
    )
    for type_, topic, action, status, due, n in counted:
        by_type[type_] += n
        by_topic[topic] += n
        if action:
            by_status[status] += n
            overdue += n if days_overdue(day(due), status, today) > 0 else 0
    by_centre: dict[str, Counter[str]] = defaultdict(Counter)
    pairs = db.execute(
        f"SELECT centre, type, count(*) FROM finding_centres {where} GROUP BY centre, type", params
    )
    for centre, type_, n in pairs:
        by_centre[centre][type_] = n
    names: dict[str, str] = {}
    for kept in _summaries(found, db, "centre"):
        names[kept["id"]] = kept["short_name"] or kept["name"]
    titles: dict[str, str] = {}
    for kept in _summaries(found, db, "plan"):
        if plan is None or kept["id"] == plan:
            for topic_id, title in kept["topics"]:
                titles.setdefault(topic_id, title)
    first = _first_met(found, db, by_centre, where, params)
    return tally(plan, today, by_type, first, by_topic, names, titles, by_status, overdue)


def _summaries(found: Survey, db: sqlite3.Connection, kind: str) -> list[dict[str, Any]]:
    """The summaries of the valid records of a kind, in order (decoded in one call)."""
    rows = db.execute(
        "SELECT f.key, r.summary FROM files f JOIN records r ON r.key = f.key"
        " WHERE f.kind = ? AND f.valid AND f.record",
        (kind,),
    )
    ordered = sorted(rows, key=lambda row: found.order(row[0]))
    decoded: list[dict[str, Any]] = loads("[" + ",".join(summary for _, summary in ordered) + "]")
    return decoded


def _plain_numbers(text: str) -> bool:
    """Whether every number in `text` is written in ASCII digits without a leading zero: two such
    texts sort alike (`natural_key`) only when they are equal."""
    return all(run.isascii() and (len(run) == 1 or run[0] != "0") for run in _NUMBERS.findall(text))


def _first_met(
    found: Survey,
    db: sqlite3.Connection,
    by_centre: dict[str, Counter[str]],
    where: str,
    params: tuple[Any, ...],
) -> dict[str, Counter[str]]:
    """`by_centre` in the order the centres are first met in the findings (file order, then the
    order of each finding's centres): the order `stats` keeps between ids that sort alike
    (`c01`, `c1`). Looked for only when there are such ids."""
    from inspectkit.text import natural_key

    if all(_plain_numbers(centre) for centre in by_centre):
        return by_centre  # no two of them sort alike
    alike: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for centre in by_centre:
        alike[natural_key(centre)].append(centre)
    tied = [c for group in alike.values() if len(group) > 1 for c in group]
    if not tied:
        return by_centre
    first: dict[str, tuple[int, int]] = {}
    query = f"SELECT centre, key, rowid FROM finding_centres {where} {'AND' if where else 'WHERE'} centre IN ({{marks}})"
    for centre, key, rowid in rows_in(db, query, tied, *params):
        met = (found.order(key), rowid)
        first[centre] = min(first.get(centre, met), met)
    return {c: by_centre[c] for c in sorted(by_centre, key=lambda c: first.get(c, (0, 0)))}


# --- the follow-up board -------------------------------------------------------------------------


def board(
    found: Survey,
    db: sqlite3.Connection,
    today: date,
    *,
    overdue: bool,
    owner: str | None,
    plan: str | None,
    status: Sequence[str],
) -> list[ActionItem]:
    """`queries.actions`, from the findings that have an action (no model made)."""
    from inspectkit.queries.board import board as make_board
    from inspectkit.text import day

    query = (
        "SELECT key, id, plan, centres, type, summary, owner, due, status, done_on FROM findings WHERE action"
    )
    rows = db.execute(query + " AND plan = ?", (plan,)) if plan is not None else db.execute(query)
    ordered = sorted(rows, key=lambda row: found.order(row[0]))
    centres = lru_cache(maxsize=4096)(lambda text: tuple(loads(text, list)))
    actions = (
        (
            id_,
            plan_id,
            centres(held),
            type_,
            summary,
            owner_,
            day(due),
            status_,
            day(done_on),
            found.display(key),
        )
        for key, id_, plan_id, held, type_, summary, owner_, due, status_, done_on in ordered
    )
    return make_board(actions, today, overdue=overdue, owner=owner, plan=plan, status=status)


def actionless(found: Survey, db: sqlite3.Connection, plan: str | None) -> list[str]:
    """`queries.actionless`: ids of the proposals and requests that have no action."""
    from inspectkit.text import natural_key
    from inspectkit.vocabulary import ACTION_TYPES

    marks = ",".join("?" * len(ACTION_TYPES))
    query = f"SELECT key, id FROM findings WHERE NOT action AND type IN ({marks})"
    params: tuple[Any, ...] = tuple(ACTION_TYPES)
    if plan is not None:
        query, params = query + " AND plan = ?", (*params, plan)
    ordered = sorted(db.execute(query, params), key=lambda row: found.order(row[0]))
    return sorted((id_ for _, id_ in ordered), key=natural_key)
