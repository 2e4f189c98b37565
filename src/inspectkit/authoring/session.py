"""One authoring command's session (the repository as loaded, where answers come from, today),
and looking things up in the repository: centres by name, plans by id, free ids."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from inspectkit import kinds
from inspectkit.answers import (
    Answers,
    BadAnswer,
    UnknownReference,
    parse_date,
    parse_slug,
)
from inspectkit.diagnostics import did_you_mean
from inspectkit.drafts import Draft
from inspectkit.errors import Refused
from inspectkit.models import Centre, Plan
from inspectkit.repository import Repository
from inspectkit.settings import Settings
from inspectkit.text import SLUG_MAX, fold


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


def hint(value: str, candidates: list[str], names: dict[str, str] | None = None) -> str:
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


def ids_of(repo: Repository, kind: str) -> list[str]:
    return sorted(r.id for r in repo.records if r.kind == kind and r.id)


def find_plan(repo: Repository, value: str) -> Plan:
    plan_id = value.strip()
    record = repo.record(plan_id)
    if record is None:
        suggestion = hint(plan_id, ids_of(repo, "plan")) or "; add it first with `inspectkit new-plan`"
        raise UnknownReference(f"no plan has id '{plan_id}'{suggestion}")
    if record.kind != "plan":
        raise UnknownReference(
            f"'{plan_id}' is a {record.kind} ({record.display}), not a plan{hint(plan_id, ids_of(repo, 'plan'))}"
        )
    if not isinstance(record.model, Plan):
        raise Refused(
            f"plan {plan_id} ({record.display}) has problems: run `inspectkit lint` and fix them first"
        )
    return record.model


def check_free(repo: Repository, record_id: str, extra: Iterable[str] = ()) -> None:
    existing = repo.record(record_id)
    if existing is not None:
        raise Refused(
            f"id '{record_id}' is already used by {existing.display}: ids are unique across all records"
        )
    if record_id in extra:
        raise Refused(f"id '{record_id}' is already used by a record being added")


def fit_id(base: str, suffix: str) -> str:
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


def choose_id(
    session: Session, option: str, given: str | None, question: str, suggested: str, taken: Iterable[str] = ()
) -> str:
    """An id from the option, or asked with `suggested` as the default; never one already used."""
    taken = set(taken)

    def parse(value: str) -> str:
        record_id = parse_slug(value)
        try:
            check_free(session.repo, record_id, taken)
        except Refused as exc:
            if given is None and session.answers.interactive:
                raise BadAnswer(str(exc)) from None
            raise
        return record_id

    return session.answers.required(option, given, question, parse, default=suggested)


def date_not_before(bound: date | None, what: str, bound_name: str) -> Callable[[str], date]:
    """A date parser refusing a day before `bound` (none when `bound` is None)."""

    def parse(value: str) -> date:
        day = parse_date(value)
        if bound is not None and day < bound:
            raise BadAnswer(f"{what} ({day}) cannot be before {bound_name} ({bound})")
        return day

    return parse


def number_used_by(repo: Repository, number: str, year: int) -> str | None:
    """The record already numbered `number` in `year` (IK602's rule: the same number whichever
    system writes it, among plans, delegation decisions and registered documents), or None."""
    from inspectkit import docnumbers
    from inspectkit.models import Delegation, Document

    wanted = docnumbers.identity(number)
    for record in repo.records:
        model = record.model
        if isinstance(model, Plan):
            taken = [(model.number, model.issued.year)]
        elif isinstance(model, Delegation) and model.decision is not None and model.decision.issued:
            taken = [(model.decision.number, model.decision.issued.year)]
        elif isinstance(model, Document) and model.number is not None:
            taken = [(model.number, model.issued.year)]
        else:
            continue
        if any(docnumbers.identity(n) == wanted and y == year for n, y in taken):
            return f"{record.kind} {record.id} ({record.display})"
    return None
