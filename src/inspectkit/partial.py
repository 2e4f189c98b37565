"""Loading only the records a command needs, chosen from the index.

`show ID` needs the record and the records it links to or that link to it; a report needs its
plan and the records around it. The index (brought up to date first, see survey.py) knows every
record's id, kind and references, so only those few files are read and parsed; the rest of the
repository is known by id and kind alone (`Repository.everyone`, for "did you mean").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from inspectkit.gcpause import paused_gc
from inspectkit.recordfiles import display_path
from inspectkit.repository import Repository, load_repository
from inspectkit.survey import Survey, survey

if TYPE_CHECKING:
    from inspectkit.diagnostics import Diagnostic
    from inspectkit.linter import Selection
    from inspectkit.queries import Condition, Source
    from inspectkit.settings import Settings

# Codes checked over the whole repository even when a command uses only some records: an id or
# a document number used twice makes every document that prints it ambiguous.
REPOSITORY_WIDE = ("IK301", "IK602")


def around(found: Survey, ids: Collection[str], depth: int = 1) -> list[str]:
    """Keys (in file order) of the records with these ids, the records they refer to, the records
    that refer to them, and, `depth` times over, what those refer to. (From the index's
    references: no record file is read, no kept scan decoded.)"""
    records = found.identities()
    by_id: dict[str, list[str]] = {}
    for key, _, id_, _ in records:
        if id_ is not None:
            by_id.setdefault(id_, []).append(key)
    wanted = set(ids)
    keys = {key for i in wanted for key in by_id.get(i, [])} | found.referring(wanted)
    targets = found.targets(keys)
    for _ in range(depth):
        more = {key for i in targets for key in by_id.get(i, []) if key not in keys}
        keys |= more
        targets = found.targets(more)
    return sorted(keys, key=found.order)


def load_keys(found: Survey, keys: Iterable[str], positions: bool = True) -> Repository:
    """A repository of the given files only, that knows every other record by id and kind
    (`positions`: see `load_repository`)."""
    repo = load_repository(found.settings, only=[found.paths[key] for key in keys], positions=positions)
    repo.everyone = [(id_, kind) for _, kind, id_, _ in found.identities() if id_]
    repo.links_out = [display_path(link) for link in found.outside]
    return repo


def load_around(settings: Settings, ids: Collection[str]) -> Repository:
    """The records with these ids and their neighbours (see `around`)."""
    found = survey(settings)
    try:
        return load_keys(found, around(found, ids), positions=False)
    finally:
        found.close(read=False)


@dataclass
class Checked:
    """The records of one plan's documents, and the lint errors that concern them."""

    repo: Repository
    errors: list[Diagnostic]


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


def load_summaries(settings: Settings) -> Repository:
    """Every valid record as the model `summaries.rebuild` makes from the index (the fields the
    follow-up board and the counts read), and every other record file by its kind alone, so that
    the notes about skipped records stay exact. No record file is read when the index is warm."""
    from inspectkit.repository import Record
    from inspectkit.summaries import rebuild

    found = survey(settings)
    try:
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
    finally:
        found.close(read=False)


def load_for_list(
    settings: Settings, kind: str, search: str | None, conditions: Sequence[Condition], full: bool
) -> Source:
    """The records `list` needs: those of `kind` (and with a search, only those whose text holds
    it, from the index) and the records the conditions name by id; every record when a condition
    names records otherwise (`full`). Skipped records are every record of the kind (or of no
    kind) with errors, and every file that is no record."""
    from inspectkit.queries import Source
    from inspectkit.queries.fields import norm

    found = survey(settings)
    try:
        records = found.identities()
        named = {v for c in conditions if c.spec.type == "ref" for v in c.values}
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
        skipped += [found.display(key) for key in found.keys if key not in found.record_keys]
        skipped += [display_path(link) for link in found.outside]  # links out: lint reports them (IK100)
        return Source(repo, sorted(skipped))
    finally:
        found.close(read=False)
