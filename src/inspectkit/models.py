"""The record format 1.1 as pydantic models (FORMAT.md). Each field is defined once, here.

Which kinds exist, their folders, references and listing columns are `kinds.py`'s registry;
statuses, finding types and roles are defined here and nowhere else.

Ids, references and document numbers are plain text here: the rules check them, each with its
own diagnostic code, so a record with a bad reference still validates and is checked further.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)
from pydantic_core import PydanticCustomError

from inspectkit.text import iso_suggestion
from inspectkit.vocabulary import (
    ActionStatus,
    DocumentType,
    FindingType,
    PlanStatus,
    RaisedBy,
    Role,
)

FORMAT_VERSION = "1.1"


def _to_date(value: Any) -> Any:
    if isinstance(value, datetime):
        raise PydanticCustomError("ik_date", "expected a date written YYYY-MM-DD, not a date and time")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        suggestion = iso_suggestion(value)
        if suggestion:
            raise PydanticCustomError(
                "ik_date",
                "'{value}' is not an ISO date: write {suggestion}",
                {"value": value, "suggestion": suggestion},
            )
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
        raise PydanticCustomError(
            "ik_date", "'{value}' is not a valid date: write YYYY-MM-DD", {"value": value}
        )
    raise PydanticCustomError("ik_date", "expected a date written YYYY-MM-DD")


def _one_line(value: str) -> str:
    if "\n" in value.strip():
        raise PydanticCustomError("ik_one_line", "must be one line: put the rest in `detail`")
    return value


IsoDate = Annotated[date, BeforeValidator(_to_date)]
# `\S`: at least one visible character (a search, in pydantic as in JSON Schema), so that
# `name: "  "` is as empty as `name: ""`.
Text = Annotated[str, Field(min_length=1, pattern=r"\S")]
OneLine = Annotated[str, Field(min_length=1, pattern=r"\S"), AfterValidator(_one_line)]
Ref = Annotated[str, Field(min_length=1, pattern=r"\S")]
Count = Annotated[int, Field(strict=True, ge=0)]

# Who states a finding when `raised_by` is not written: the inspected side asks and reports its
# difficulties; the delegation concludes the rest.
_RAISED_BY_DEFAULT: dict[str, RaisedBy] = {"difficulty": "centre", "proposal": "centre"}


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)


class DocRef(_Shape):
    """A reference to an official document."""

    number: Text
    issued: IsoDate | None = None
    issuer: Text | None = None
    title: Text | None = None


class Person(_Shape):
    name: Text
    position: Text | None = None
    organisation: Text | None = None


class Member(Person):
    role: Role


class Signer(Person):
    authority: Text | None = Field(
        default=None, description="Line above the title in a signature block, e.g. K/T TRƯỞNG BAN"
    )


class Topic(_Shape):
    id: str
    title: Text
    items: list[Text] = Field(default_factory=list, description="Checklist points under the topic")


class Period(_Shape):
    from_: IsoDate = Field(alias="from")
    to: IsoDate


class Visit(_Shape):
    centre: Ref
    date: IsoDate
    end: IsoDate | None = Field(default=None, description="Last day, for multi-day visits only")
    attendees: list[Person] = Field(default_factory=list)
    notes: Text | None = None


class Staff(_Shape):
    quota: Count | None = None
    filled: Count | None = None
    full_time_lecturers: Count | None = None
    part_time_lecturers: Count | None = None


class HistoryEntry(_Shape):
    date: IsoDate
    status: ActionStatus
    note: Text | None = None


class Action(_Shape):
    owner: Text
    due: IsoDate | None = None
    status: ActionStatus = "open"
    done_on: IsoDate | None = None
    history: list[HistoryEntry] = Field(default_factory=list)


class RecordModel(_Shape):
    """What every record kind's model is: a mapping with an `id` (and a `kind`)."""

    id: str


class Plan(RecordModel):
    kind: Literal["plan"]
    number: Text
    issued: IsoDate
    issuer: Text
    place: Text | None = None
    title: Text
    bases: list[DocRef] = Field(default_factory=list)
    purpose: Text | list[Text] | None = None
    topics: list[Topic] = Field(min_length=1)
    period: Period | None = None
    methods: list[Text] = Field(default_factory=list)
    delegation: Ref | None = None
    visits: list[Visit] = Field(min_length=1)
    signer: Signer | None = None
    recipients: list[Text] = Field(default_factory=list)
    status: PlanStatus = "draft"


class Delegation(RecordModel):
    kind: Literal["delegation"]
    plan: Ref
    decision: DocRef | None = None
    members: list[Member] = Field(min_length=1)


class Centre(RecordModel):
    kind: Literal["centre"]
    name: Text
    short_name: Text | None = None
    district: Text | None = None
    province: Text | None = None
    parent: Text | None = None
    established: DocRef | None = None
    leaders: list[Person] = Field(default_factory=list)
    staff: Staff | None = None


class Finding(RecordModel):
    kind: Literal["finding"]
    plan: Ref
    centres: list[Ref] = Field(min_length=1)
    topic: Ref
    type: FindingType
    summary: OneLine
    detail: Text | None = None
    evidence: list[Text] = Field(default_factory=list)
    tags: list[Text] = Field(default_factory=list)
    raised_by: RaisedBy | None = Field(
        default=None,
        description="Who stated it; default: centre for difficulty and proposal, delegation otherwise",
    )
    causes: list[Text] = Field(default_factory=list, description="Nguyên nhân; weakness and difficulty only")
    action: Action | None = None

    @model_validator(mode="after")
    def _who_states_it(self) -> Finding:
        """`raised_by` not written is its type's default (FORMAT.md): after validation it always
        says who stated the finding, for queries (`--where raised_by=centre`), reports and digests
        alike, whether the default was written or left out."""
        if self.raised_by is None:
            self.raised_by = _RAISED_BY_DEFAULT.get(self.type, "delegation")
        return self


Digest = Annotated[str, Field(pattern=r"^sha256:[0-9a-f]{64}$")]


class Document(RecordModel):
    """An issued document: the entry in the outgoing-documents register (FORMAT.md 1.1)."""

    kind: Literal["document"]
    plan: Ref
    type: DocumentType
    centre: Ref | None = Field(default=None, description="For minutes: the centre whose visit they record")
    number: Text | None = Field(default=None, description="Required except for news")
    issued: IsoDate
    signer: Signer | None = None
    recipients: list[Text] = Field(default_factory=list)
    digest: Digest
    file: Text | None = Field(default=None, description="The signed copy, relative to the repository root")
