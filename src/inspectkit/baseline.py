"""Problems matched across edits: by code, record id and field path, never by line number.

A problem's key survives lines added above it, a file renamed (the id stays) and list items moved
(a visit is named by its centre, a member by name, a topic by its id). Keys are counted, so two
problems of one key in the baseline hide two, not three. Used by `lint --baseline` and by `diff`
(problems a change introduces or fixes).

Baseline file (JSON, sorted, so that it diffs well in review):

    {"inspectkit_baseline": 1,
     "problems": [{"code": "IK508", "record": "2022-84-kh-dkt-07", "field": "action.due",
                   "path": "records/findings/…/2022-84-kh-dkt-07.yaml", "message": "…"}]}

`path` and `message` are there for the reader; matching uses `code`, `record` and `field`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspectkit.diagnostics import Diagnostic
from inspectkit.errors import UsageError
from inspectkit.linter import LintResult

if TYPE_CHECKING:
    import yaml

BASELINE_VERSION = 1
# Fields that name an item of a list, in order of preference (`visits[centre=ttct-chi-lang]`);
# `diff`'s statements name items by them too (fieldchanges.py).
IDENTITY_FIELDS = ("id", "centre", "number", "name")


class BaselineError(UsageError):
    """The baseline file cannot be read or written: one line saying what to do."""


@dataclass(frozen=True, order=True)
class ProblemKey:
    code: str
    record: str  # the record's id, or the file's path when it has none (a file that does not load)
    field: str  # dotted path inside the record ("" for the record as a whole)


# What the key of a problem is computed from: a file's record id and root node, by display path.
NodeSource = Callable[[str], "tuple[str | None, yaml.Node | None]"]


def key_of(diagnostic: Diagnostic, source: NodeSource) -> ProblemKey:
    record_id, node = source(diagnostic.path)
    field = field_path(node, diagnostic.line, diagnostic.column, shallow=diagnostic.code == "IK201")
    return ProblemKey(diagnostic.code, record_id or diagnostic.path, field)


def field_path(root: yaml.Node | None, line: int, column: int, *, shallow: bool = False) -> str:
    """The dotted path of the key or value at a 1-based position (`visits[centre=x].date`).

    A nested mapping starts where its first key does: `shallow` picks the mapping (a missing field
    is reported at the mapping that lacks it), otherwise the key. A position inside no node gives
    the deepest node that spans it.
    """
    if root is None:
        return ""
    exact: list[tuple[int, str]] = []
    spanning: list[tuple[int, str]] = []
    target = (line - 1, column - 1)
    for depth, path, node in _nodes(root, (), 0):
        start = (node.start_mark.line, node.start_mark.column)
        end = (node.end_mark.line, node.end_mark.column)
        if start == target:
            exact.append((depth, path))
        elif start <= target < end:
            spanning.append((depth, path))
    if exact:
        return (min if shallow else max)(exact, key=lambda e: e[0])[1]
    return max(spanning, key=lambda e: e[0])[1] if spanning else ""


def _nodes(node: yaml.Node, path: tuple[str, ...], depth: int) -> Iterator[tuple[int, str, yaml.Node]]:
    import yaml

    yield depth, ".".join(path).replace(".[", "["), node
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            name = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            yield depth + 1, ".".join((*path, name)).replace(".[", "["), key_node
            yield from _nodes(value_node, (*path, name), depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _nodes(item, (*path, f"[{_item_name(item, index)}]"), depth + 1)


def _item_name(item: yaml.Node, index: int) -> str:
    import yaml

    if isinstance(item, yaml.MappingNode):
        fields = {k.value: v for k, v in item.value if isinstance(k, yaml.ScalarNode)}
        for name in IDENTITY_FIELDS:
            value = fields.get(name)
            if isinstance(value, yaml.ScalarNode) and value.value:
                return f"{name}={value.value}"
    return str(index)


def repository_source(records: Iterable[Any]) -> NodeSource:
    """Keys from loaded records (`Record`s: `display`, `id`, `node`)."""
    by_path = {r.display: (r.id, r.node) for r in records}
    return lambda path: by_path.get(path, (None, None))


def file_source() -> NodeSource:
    """Keys read from the files on disk (each file read once, and only when it has a problem)."""
    from inspectkit.loader import load_bytes

    cache: dict[str, tuple[str | None, yaml.Node | None]] = {}

    def source(path: str) -> tuple[str | None, yaml.Node | None]:
        if path not in cache:
            try:
                loaded = load_bytes(path, Path(path).read_bytes())
            except OSError:
                cache[path] = (None, None)
            else:
                record_id = loaded.data.get("id") if loaded.data else None
                cache[path] = (record_id if isinstance(record_id, str) else None, loaded.node)
        return cache[path]

    return source


def new_problems(
    diagnostics: list[Diagnostic], keys: list[ProblemKey], known: Counter[ProblemKey]
) -> list[Diagnostic]:
    """The diagnostics not accounted for by `known` (each known key hides as many as it counts)."""
    left = Counter(known)
    out: list[Diagnostic] = []
    for diagnostic, key in zip(diagnostics, keys, strict=True):
        if left[key] > 0:
            left[key] -= 1
        else:
            out.append(diagnostic)
    return out


def read_baseline(path: Path) -> Counter[ProblemKey]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(
            f"{path}: no such baseline file: write one with `inspectkit lint --write-baseline {path}`"
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BaselineError(
            f"{path}: not a baseline file ({exc}): write it again with `lint --write-baseline`"
        ) from None
    problems = data.get("problems") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("inspectkit_baseline") != BASELINE_VERSION
        or not isinstance(problems, list)
    ):
        raise BaselineError(
            f"{path}: not an inspectkit baseline (version {BASELINE_VERSION}): write it again with `lint --write-baseline`"
        )
    counts: Counter[ProblemKey] = Counter()
    for entry in problems:
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(k), str) for k in ("code", "record", "field")
        ):
            raise BaselineError(
                f"{path}: an entry lacks code, record or field: write it again with `lint --write-baseline`"
            )
        counts[ProblemKey(entry["code"], entry["record"], entry["field"])] += 1
    return counts


def baseline_text(diagnostics: list[Diagnostic], keys: list[ProblemKey]) -> str:
    entries = sorted(
        (
            {"code": k.code, "record": k.record, "field": k.field, "path": d.path, "message": d.message}
            for d, k in zip(diagnostics, keys, strict=True)
        ),
        key=lambda e: (e["record"], e["field"], e["code"], e["path"], e["message"]),
    )
    return (
        json.dumps(
            {"inspectkit_baseline": BASELINE_VERSION, "problems": entries}, ensure_ascii=False, indent=2
        )
        + "\n"
    )


def without_baseline(result: LintResult, known: Counter[ProblemKey]) -> tuple[LintResult, int]:
    """A LintResult without the problems the baseline accounts for, and how many were hidden."""
    from dataclasses import replace

    source = file_source()
    keys = [key_of(d, source) for d in result.diagnostics]
    kept = new_problems(result.diagnostics, keys, known)
    return replace(result, diagnostics=kept), len(result.diagnostics) - len(kept)


def write_baseline(result: LintResult, path: Path) -> int:
    """Write the problems of a LintResult as a baseline file (atomically); how many it holds."""
    from inspectkit.files import write_atomic

    source = file_source()
    keys = [key_of(d, source) for d in result.diagnostics]
    try:
        write_atomic(path, baseline_text(result.diagnostics, keys), overwrite=True)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline ({exc.strerror or exc})") from None
    return len(keys)
