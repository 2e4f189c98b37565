"""Records about to be written: rendered as a person would write them, checked by reading them back,
and written all or nothing with exclusive, atomic creates; and the one edit of an existing record
the authoring commands make (`delegation:` set in a plan), keeping the file as it was written.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from inspectkit.answers import Refusal
from inspectkit.files import FileExists, write_atomic
from inspectkit.repository import display_path

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
# Editing a plan: `delegation:` set, everything else kept.


_AFTER_DELEGATION = ("visits", "signer", "recipients", "status")
_KEY_LINE = re.compile(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$")
_ITEM_LINE = re.compile(r"^( *)(- )?[^\s#]")


def guess_indent(text: str) -> tuple[int, int]:
    """How a file indents (mapping indent, offset of `-` under its key), from the first nested
    mapping and the first list under a key: FORMAT.md writes (2, 2); PyYAML's default is (2, 0)."""
    mapping: int | None = None
    offset: int | None = None
    lines = text.splitlines()
    for previous, line in itertools.pairwise(lines):
        key = _KEY_LINE.match(previous)
        item = _ITEM_LINE.match(line)
        if not key or not item:
            continue
        depth = len(item[1]) - len(key[1])
        if item[2] and offset is None and depth >= 0:
            offset = depth
        elif not item[2] and mapping is None and depth > 0:
            mapping = depth
    return mapping or 2, 2 if offset is None else offset


def set_plan_delegation(path: Path, delegation_id: str, original: bytes | None = None) -> str:
    """The plan file's text with `delegation: ID` set, everything else kept as written (comments,
    quoting, order, indentation), by a round-trip edit with ruamel.yaml. `original`: the file's
    bytes when already read (the edit is then made on exactly those)."""
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    from inspectkit.loader import load_text

    if original is None:
        original = path.read_bytes()
    # As Path.read_text reads it: the BOM dropped, universal newlines.
    source = original.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096
    mapping, offset = guess_indent(source)
    rt.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    data = rt.load(source)
    if not isinstance(data, CommentedMap):
        raise Refusal(f"{display_path(path)}: the plan is not a mapping: run `inspectkit lint`")
    if "delegation" in data:
        data["delegation"] = delegation_id
    else:
        keys = list(data.keys())
        position = next((keys.index(k) for k in _AFTER_DELEGATION if k in data), len(keys))
        data.insert(position, "delegation", delegation_id)
    out = io.StringIO()
    rt.dump(data, out)
    text = out.getvalue()
    before = load_text(display_path(path), source).data or {}
    after = load_text(display_path(path), text).data or {}
    expected = {**before, "delegation": delegation_id}
    if after != expected:  # pragma: no cover - a ruamel.yaml surprise; refuse rather than damage
        raise Refusal(
            f"{display_path(path)}: could not add `delegation: {delegation_id}` safely: add it by hand"
        )
    return text


# --------------------------------------------------------------------------------------------
# Rendering and writing.


class _Dumper(yaml.SafeDumper):
    """Block style with list items indented under their key, as FORMAT.md writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)

_HEADERS = {
    "plan": "Kế hoạch kiểm tra {number} (inspection plan)",
    "delegation": "Đoàn kiểm tra (delegation) of plan {plan}",
    "centre": "Đơn vị được kiểm tra (inspected centre): {name}",
    "finding": "Kết quả kiểm tra (finding) of plan {plan}",
}
_COMMENTS = {
    ("plan", "topics"): "nội dung kiểm tra: findings name a topic by its id",
    ("plan", "visits"): "lịch làm việc: one working session at one centre",
    ("plan", "status"): "draft | approved | in-progress | reported | closed",
    ("delegation", "members"): "role: head | deputy | member | secretary; exactly one head",
    ("finding", "type"): "strength | weakness | difficulty | proposal | request",
    ("finding", "action"): "theo dõi thực hiện; status: open | in-progress | done | dropped",
}


def render(kind: str, data: dict[str, Any]) -> str:
    """The record as a person would write it: a header comment, then the fields in FORMAT.md's
    order, block style, a short comment on the fields whose choices are not obvious."""
    lines = [f"# {_HEADERS[kind].format(**{k: v for k, v in data.items() if isinstance(v, str)})}"]
    lines.append("# Format: docs/FORMAT.md of inspectkit. Check with `inspectkit lint`.")
    for key, value in data.items():
        chunk = yaml.dump(
            {key: value},
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=4096,
        )
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
        raise RuntimeError(
            f"the {draft.kind} would not read back as written: {'; '.join(problems) or 'values differ'}"
        )
    draft.text = text
    return draft


def write_drafts(new: list[Draft], edited: list[Draft] | None = None) -> list[Path]:
    """Create every new record (exclusively, atomically), then apply the edits. When a later
    write fails, the records created before it are removed again: all or nothing."""
    edited = edited or []
    for draft in new:
        if not draft.text:
            finish(draft)
        if draft.path.exists():
            raise Refusal(f"{display_path(draft.path)} already exists: it was left untouched")
    for draft in edited:
        if draft.original is not None and draft.path.read_bytes() != draft.original:
            raise Refusal(f"{display_path(draft.path)} changed while this command ran: run it again")
    created: list[Path] = []
    try:
        for draft in new:
            try:
                write_atomic(draft.path, draft.text)
            except FileExists:
                raise Refusal(f"{display_path(draft.path)} already exists: it was left untouched") from None
            created.append(draft.path)
        for draft in edited:
            write_atomic(draft.path, draft.text, overwrite=True)
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise
    return created + [d.path for d in edited]
