"""Loading only the records a command needs, chosen from the index.

`show ID` needs the record and the records it links to or that link to it; a report needs its
plan and the records around it. The index (brought up to date first, see survey.py) knows every
record's id, kind and references, so only those few files are read and parsed; the rest of the
repository is known by id and kind alone (`Repository.everyone`, for "did you mean").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from inspectkit.repository import Repository, load_repository
from inspectkit.survey import Survey, survey

if TYPE_CHECKING:
    from inspectkit.diagnostics import Diagnostic
    from inspectkit.linter import Selection
    from inspectkit.settings import Settings

# Codes checked over the whole repository even when a command uses only some records: an id or
# a document number used twice makes every document that prints it ambiguous.
REPOSITORY_WIDE = ("IK301", "IK602")


def around(found: Survey, ids: Collection[str], depth: int = 1) -> list[str]:
    """Keys (in file order) of the records with these ids, the records they refer to, the records
    that refer to them, and, `depth` times over, what those refer to."""
    facts = [(e.key, e.facts) for e in found.entries if e.facts is not None]
    wanted = set(ids)
    keys: set[str] = set()
    targets: set[str] = set()
    for key, item in facts:
        refers = {value for _, _, value in item.refs}
        if item.id in wanted or refers & wanted:
            keys.add(key)
            targets |= refers
    for _ in range(depth):
        more: set[str] = set()
        for key, item in facts:
            if item.id in targets and key not in keys:
                keys.add(key)
                more |= {value for _, _, value in item.refs}
        targets = more
    return [e.key for e in found.entries if e.key in keys]


def load_keys(found: Survey, keys: Iterable[str]) -> Repository:
    """A repository of the given files only, that knows every other record by id and kind."""
    repo = load_repository(found.settings, only=[found.paths[key] for key in keys])
    repo.everyone = [(e.facts.id, e.facts.kind) for e in found.entries if e.facts is not None and e.facts.id]
    return repo


def load_around(settings: Settings, ids: Collection[str]) -> Repository:
    """The records with these ids and their neighbours (see `around`)."""
    found = survey(settings)
    try:
        return load_keys(found, around(found, ids))
    finally:
        found.close()


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
        if any(e.facts is not None and e.facts.id == plan_id for e in found.entries):
            keys = around(found, [plan_id], depth=2)
        else:
            keys = [e.key for e in found.entries if e.facts is not None and e.facts.kind == "plan"]
        shown = {found.display(key) for key in keys}
        errors = [
            d
            for d in run_rules(found, selection, today)
            if d.severity is Severity.ERROR and (d.path in shown or d.code in REPOSITORY_WIDE)
        ]
        errors.sort(key=lambda d: (d.path, d.line, d.column, d.code))
        return Checked(load_keys(found, keys), errors)
    finally:
        found.close()
