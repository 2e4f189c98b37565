"""`new-centre`: a centre's draft, also asked in the middle of a plan (`centre_on_the_spot`)."""

from __future__ import annotations

from typing import Any

from inspectkit import kinds
from inspectkit.answers import (
    one_line,
)
from inspectkit.authoring.session import Session, choose_id
from inspectkit.drafts import Draft


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
    suggested = kinds.new_id("centre", {"name": the_name, "short_name": short}) or "centre"
    taken = session.pending_ids()
    centre_id = choose_id(session, "--id", record_id, "Id (file name)", suggested, taken)
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


def centre_on_the_spot(session: Session, typed: str) -> Draft | None:
    """The centre questions, asked in the middle of a plan. The typed text is offered as the full
    name only when it has Vietnamese letters: `chi lang`, typed to search, is not a name."""
    ask = session.answers
    assert ask.prompter is not None
    offered = typed.strip() if not typed.isascii() else ""
    ask.prompter.say("  (answer - to go back without creating a centre)")
    name = ask.ask("  Full name of the new centre", _name_or_back, default=offered)
    if name is None:
        return None
    return centre_draft(session, name=name)


def _name_or_back(value: str) -> str | None:
    """A centre's name, or None for `-`: the person changed their mind."""
    return None if value.strip() == "-" else one_line(value)
