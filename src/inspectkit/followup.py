"""Recording progress on a finding's action: the core of `finding set-status`.

The change is made through the editing engine (`inspectkit.editing`): every line it does not
touch stays as written, the write is atomic, locked, and never over a change made meanwhile.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspectkit.editing import edit_file
from inspectkit.errors import NotFound, Refused, UsageError
from inspectkit.roundtrip import attach_tail, deepest_last, detach_tail, put, remove, round_trip
from inspectkit.vocabulary import check_status

if TYPE_CHECKING:
    from inspectkit.repository import Record, Repository

_ACTION_ORDER = ("owner", "due", "status", "done_on", "history")


def clean_note(note: str | None) -> str | None:
    """A history note as stored: None when blank; else NFC, CRLF as LF, no blanks around it or at
    line ends (as the authoring commands store text). A control character (other than tab and line
    feed) is refused with UsageError naming it: it cannot be typed or seen in a file, and YAML
    cannot hold most of them unescaped."""
    from inspectkit.answers import BadAnswer, clean_text

    if note is None or not note.strip():
        return None
    try:
        return clean_text(note, multiline=True)
    except BadAnswer as exc:
        raise UsageError(f"--note: {exc}") from None


# Text that is safe to write plain anywhere, block or flow context: no YAML indicator at all.
_PLAIN_SAFE = re.compile(r"[^\s:#{}\[\],&*!|>'\"%@`?\-][^:#{}\[\],]*")


def _text_scalar(value: str) -> Any:
    """`value` single-quoted unless it is safe to write plain: no YAML indicator (`:#`, `{`, a
    leading `-`… can break a plain scalar, in a flow mapping above all) and nothing the loader
    (YAML 1.1) would read as other than text (`yes`, `on`, `1:30`, `0b11`, `1_000`). Several lines
    are left to ruamel, which writes them as a block."""
    import yaml
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    if "\n" in value:
        return value
    resolver = yaml.resolver.Resolver()
    tag = resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if tag != "tag:yaml.org,2002:str" or not _PLAIN_SAFE.fullmatch(value) or value != value.strip():
        return SingleQuotedScalarString(value)
    return value


def _action_of(doc: Any) -> Any:
    """The finding's `action:` mapping, following an alias (`action: *a`) as the loader does."""
    action = doc.get("action") if isinstance(doc, dict) else None
    if not isinstance(action, dict):
        raise Refused(
            f"finding '{doc.get('id') if isinstance(doc, dict) else '?'}' has no action to update: "
            "add `action:` with an `owner:` first"
        )
    return action


def set_status(text: str, status: str, on: date, note: str | None = None) -> str:
    """The finding's text with its action set to `status` on `on`: `status` updated, an entry
    `{date, status, note}` appended to `history`, `done_on` set when done and removed otherwise.
    The note is stored as `clean_note` gives it (UsageError for a control character)."""
    check_status(status)
    note = clean_note(note)

    def change(doc: Any) -> None:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        action = _action_of(doc)
        tail = detach_tail(deepest_last(action))
        put(action, "status", status, _ACTION_ORDER)
        if status == "done":
            put(action, "done_on", date(on.year, on.month, on.day), _ACTION_ORDER)
        elif "done_on" in action:
            remove(action, "done_on")
        entry = CommentedMap()
        entry["date"] = on
        entry["status"] = status
        if note:
            entry["note"] = _text_scalar(note)
        history = action.get("history")
        if isinstance(history, list):
            history.append(entry)
        else:
            if "history" in action:
                remove(action, "history")
            put(action, "history", CommentedSeq([entry]), _ACTION_ORDER)
        attach_tail(deepest_last(action), tail)

    return round_trip(text, change)


def _still_valid(path: Path, text: str) -> None:
    from inspectkit.loader import load_text
    from inspectkit.validation import validate

    loaded = load_text(str(path), unicodedata.normalize("NFC", text))
    model = validate(loaded.data)[0] if loaded.data is not None else None
    if model is None:
        raise Refused(
            "the edited record would not validate, so nothing was written: run `inspectkit lint` on it"
        )


def set_status_file(path: Path, status: str, on: date, note: str | None = None, *, root: Path) -> str:
    """Edit a finding's file in place with `set_status`; returns the new text (`\\n` line ends).

    The file keeps its BOM and line ends; the result must still validate, or nothing is written.
    The file must lie inside `root` (links followed); a read-only file is refused."""

    def change(text: str) -> str:
        new = set_status(text, status, on, note)
        _still_valid(path, new)
        return new

    return edit_file(path, root, change)


def find_finding(repo: Repository, finding_id: str) -> Record:
    """The finding `finding_id`, loaded without errors: NotFound, or Refused when it has errors."""
    from inspectkit.diagnostics import did_you_mean

    record = repo.by_id.get(finding_id)
    if record is None or record.kind != "finding":
        unread = next(
            (f.path for f in repo.files if f.data is None and Path(f.path).stem == finding_id), None
        )
        if unread is not None:  # its file is there but could not be read as a record
            raise Refused(f"{unread} has errors; fix them first (`inspectkit lint {unread}` shows them)")
        _no_link_out(repo.settings.root, repo.settings.records_dir, finding_id)
        known = [r.id for r in repo.records if r.id and r.kind == "finding"]
        raise NotFound(f"no finding with id '{finding_id}'{did_you_mean(finding_id, known)}")
    if record.model is None:
        raise Refused(
            f"{record.display} has errors; fix them first (`inspectkit lint {record.display}` shows them)"
        )
    return record


def _no_link_out(root: Path, records_dir: Path, record_id: str) -> None:
    """OutsideRepository when the record's file is a link out of the repository (the loader does
    not read it, so the record is not found): the message then says why."""
    import glob

    from inspectkit.files import resolve_inside

    if not record_id or "/" in record_id or "\\" in record_id or record_id.startswith("."):
        return  # no file name: nothing to look for
    for suffix in (".yaml", ".yml"):
        for path in records_dir.rglob(glob.escape(record_id) + suffix):
            if path.is_symlink():
                resolve_inside(root, path)


def record_progress(
    repo: Repository, root: Path, finding_id: str, status: str, on: date, note: str | None
) -> Record:
    """`finding set-status`: the finding's action set to `status` on `on`, in its file."""
    check_status(status)
    note = clean_note(note)
    record = find_finding(repo, finding_id)
    try:
        set_status_file(record.path, status, on, note, root=root)
    except Refused as exc:
        raise type(exc)(f"{record.display}: {exc}") from None
    return record
