"""Records about to be written: rendered as a person would write them, checked by reading them back,
and written all or nothing with exclusive, atomic creates; and the one edit of an existing record
the authoring commands make (`delegation:` set in a plan), keeping the file as it was written.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspectkit import kinds
from inspectkit.errors import FileChanged, FileExists, InternalError, OutsideRepository, Refused
from inspectkit.files import resolve_inside, write_atomic
from inspectkit.recordfiles import display_path
from inspectkit.tables import to_yaml
from inspectkit.vocabulary import ACTION_STATUSES, FINDING_TYPES, PLAN_STATUSES, ROLE_ORDER

if TYPE_CHECKING:
    from inspectkit.editing import Source

# --------------------------------------------------------------------------------------------
# Drafts: a record about to be written.


@dataclass
class Draft:
    """A record about to be written; for an edit of an existing file, `original` is its bytes as
    read, so that a file changed in the meantime is not overwritten."""

    kind: str
    data: dict[str, Any]
    path: Path
    text: str = ""
    original: bytes | None = None

    @property
    def id(self) -> str:
        return str(self.data["id"])


# --------------------------------------------------------------------------------------------
# Editing a plan: `delegation:` set, everything else kept (through the editing engine).


_AFTER_DELEGATION = ("visits", "signer", "recipients", "status")


def plan_with_delegation(text: str, delegation_id: str, shown: str = "the plan") -> str:
    """The plan's text with `delegation: ID` set: an existing (empty) one in place, else before
    the visits; every other line as written (comments, quoting, spacing, indentation)."""
    from inspectkit.loader import load_text
    from inspectkit.roundtrip import round_trip, same_style

    def change(doc: Any) -> None:
        from ruamel.yaml.comments import CommentedMap

        if not isinstance(doc, CommentedMap):
            raise Refused(f"{shown}: the plan is not a mapping: run `inspectkit lint`")
        if "delegation" in doc:
            doc["delegation"] = same_style(doc["delegation"], delegation_id)
            return
        keys = list(doc.keys())
        position = next((keys.index(k) for k in _AFTER_DELEGATION if k in doc), len(keys))
        doc.insert(position, "delegation", delegation_id)

    edited = round_trip(text, change)
    before = load_text(shown, text).data or {}
    after = load_text(shown, edited).data or {}
    if after != {**before, "delegation": delegation_id}:  # pragma: no cover - refuse rather than damage
        raise Refused(f"{shown}: could not add `delegation: {delegation_id}` safely: add it by hand")
    return edited


# --------------------------------------------------------------------------------------------
# Rendering and writing.


# Choices spelled out beside the fields whose values are not obvious (from models, defined once).
_COMMENTS = {
    ("plan", "topics"): "nội dung kiểm tra: findings name a topic by its id",
    ("plan", "visits"): "lịch làm việc: one working session at one centre",
    ("plan", "status"): " | ".join(PLAN_STATUSES),
    ("delegation", "members"): f"role: {' | '.join(ROLE_ORDER)}; exactly one head",
    ("finding", "type"): " | ".join(FINDING_TYPES),
    ("finding", "action"): f"theo dõi thực hiện; status: {' | '.join(ACTION_STATUSES)}",
}


def render(kind: str, data: dict[str, Any]) -> str:
    """The record as a person would write it: a header comment, then the fields in FORMAT.md's
    order, block style, a short comment on the fields whose choices are not obvious."""
    lines = [f"# {kinds.header(kind, data)}"]
    lines.append("# Format: docs/FORMAT.md of inspectkit. Check with `inspectkit lint`.")
    for key, value in data.items():
        chunk = to_yaml({key: value})
        comment = _COMMENTS.get((kind, key))
        if comment:
            first, _, rest = chunk.partition("\n")
            chunk = f"{first}  # {comment}\n{rest}"
        lines.append(chunk.rstrip("\n"))
    return "\n".join(lines) + "\n"


def finish(draft: Draft) -> Draft:
    """Render the draft and check it by reading it back: it must load clean, with the same values."""
    from inspectkit.loader import load_text
    from inspectkit.validation import validate

    text = render(draft.kind, draft.data)
    loaded = load_text(display_path(draft.path), text)
    model, issues = validate(loaded.data or {})
    if loaded.diagnostics or issues or model is None or loaded.data != draft.data:  # pragma: no cover - a bug
        problems = [d.message for d in loaded.diagnostics] + [i.message for i in issues]
        raise InternalError(
            f"the {draft.kind} would not read back as written: {'; '.join(problems) or 'values differ'}"
        )
    draft.text = text
    return draft


def _check_new(draft: Draft, root: Path | None) -> None:
    if not draft.text:
        finish(draft)
    if root is not None:
        resolve_inside(root, draft.path)  # a folder linked out of the repository is never written
    if draft.path.exists() or draft.path.is_symlink():
        raise Refused(f"{display_path(draft.path)} already exists: it was left untouched")


@contextlib.contextmanager
def _naming(path: Path) -> Iterator[None]:
    """A refusal of the editing engine (read-only, not a regular file…) names the file it is about;
    a link out of the repository names it already."""
    try:
        yield
    except OutsideRepository:
        raise
    except Refused as exc:
        raise type(exc)(f"{display_path(path)}: {exc}") from None


def _as_read(draft: Draft, root: Path | None) -> Source:
    """The edited record's file read again (as the editing engine reads it): FileChanged unless it
    still holds the bytes the edit was made from."""
    from inspectkit.editing import read_source

    with _naming(draft.path):
        source = read_source(draft.path, root if root is not None else draft.path.parent)
        if draft.original is not None and source.raw != draft.original:
            raise FileChanged("changed while this command ran: run it again")
    return source


def _apply_edit(draft: Draft, root: Path | None) -> None:
    """Write an edited record through the editing engine: under its lock, only over the bytes it
    was made from, keeping the file's BOM and line ends."""
    from inspectkit.editing import locked, write_source

    with locked(resolve_inside(root if root is not None else draft.path.parent, draft.path)):
        source = _as_read(draft, root)
        with _naming(draft.path):
            write_source(source, draft.text)


def write_drafts(new: list[Draft], edited: list[Draft] | None = None, root: Path | None = None) -> list[Path]:
    """Create every new record (exclusively, atomically), then apply the edits. When a later
    write fails, the records created before it are removed again: all or nothing. With `root`,
    every path must lie inside it (links followed)."""
    edited = edited or []
    for draft in new:
        _check_new(draft, root)
    for draft in edited:
        _as_read(draft, root)  # before any record is created: all or nothing
    created: list[Path] = []
    try:
        for draft in new:
            try:
                write_atomic(draft.path, draft.text)
            except FileExists:
                raise Refused(f"{display_path(draft.path)} already exists: it was left untouched") from None
            created.append(draft.path)
        for draft in edited:
            _apply_edit(draft, root)
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise
    return created + [d.path for d in edited]
