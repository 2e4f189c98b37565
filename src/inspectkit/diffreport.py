"""`inspectkit diff` output: text for a terminal, Markdown for a pull-request comment, JSON.

JSON schema (version 1; fields are only ever added):

    {"inspectkit_diff": 1, "base": "<short commit>", "head": "<short commit>|working tree",
     "changes": [{"change": "added|deleted|modified|moved|renamed|broken|mended", "kind", "id", "old_id",
                  "plan", "path", "old_path", "headline", "details": [str],
                  "referenced_by": [id], "plan_label": "84-KH/ĐKT"}],
     "problems": {"introduced": [diagnostic], "fixed": [diagnostic]}}

where a diagnostic is lint's JSON object (path, line, column, code, severity, message).
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import quote

# The CLI reads DIFF_FORMATS when it is built: what the renderers take is imported for types only.
if TYPE_CHECKING:
    from inspectkit.changes import RecordChange
    from inspectkit.diagnostics import Diagnostic
    from inspectkit.review import DiffResult

DIFF_JSON_VERSION = 1
_OTHER = "Records of no plan"


def _groups(changes: list[RecordChange]) -> list[tuple[str | None, list[RecordChange]]]:
    """Changes by plan (in the order they come: describe sorts by plan), the planless last."""
    groups: dict[str | None, list[RecordChange]] = {}
    for change in changes:
        groups.setdefault(change.plan, []).append(change)
    return list(groups.items())


def _plan_title(plan: str | None, changes: list[RecordChange]) -> str:
    if plan is None:
        return _OTHER
    return next((c.plan_label for c in changes if c.plan_label), plan)


def _counts(result: DiffResult) -> str:
    by: dict[str, int] = {}
    for change in result.changes:
        by[change.change] = by.get(change.change, 0) + 1
    order = ("added", "modified", "renamed", "moved", "broken", "mended", "deleted")
    parts = [f"{by[word]} {word}" for word in order if word in by] or ["no record changed"]
    return (
        ", ".join(parts)
        + f"; lint: {len(result.introduced)} problem(s) introduced, {len(result.fixed)} fixed"
    )


def _problem(d: Diagnostic) -> str:
    return f"{d.path}:{d.line}:{d.column}: {d.code} {d.severity.value}: {d.message}"


def render_text(result: DiffResult, link_base: str | None = None) -> str:
    """Lines for a terminal (`link_base` is for Markdown only)."""
    lines = [f"Records changed from {result.base} to {result.head}: {_counts(result)}"]
    for plan, changes in _groups(result.changes):
        lines.append("")
        lines.append(f"{'Plan ' + _plan_title(plan, changes) if plan else _OTHER}:")
        for change in changes:
            lines.append(f"  {change.headline}  [{change.path}]")
            lines.extend(f"    - {d}" for d in change.details)
    for title, problems in (("Problems introduced", result.introduced), ("Problems fixed", result.fixed)):
        if problems:
            lines.append("")
            lines.append(f"{title}:")
            lines.extend(f"  {_problem(d)}" for d in problems)
    return "\n".join(lines) + "\n"


# Characters Markdown reads as syntax: escaped, so that a record's text stays text.
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]#|~!"})


def _md(text: str) -> str:
    """Text safe inside Markdown and HTML: no tag, emphasis or link taken from a record."""
    return html.escape(" ".join(text.split()), quote=False).translate(_MD_SPECIAL)


def _link(path: str, link_base: str | None) -> str:
    target = f"{link_base.rstrip('/')}/{quote(path)}" if link_base else quote(path)
    return f"[{_md(path)}]({target})"


# GitHub refuses a comment over 65,536 characters (GitLab's notes allow 1,000,000): the comment
# stops before that, saying how much is left out.
COMMENT_LIMIT = 60_000


def render_markdown(result: DiffResult, link_base: str | None = None, limit: int = COMMENT_LIMIT) -> str:
    """A pull-request comment: a summary line, one collapsible section per plan, then the lint
    problems introduced and fixed; sections that would pass `limit` characters are left out, and
    the comment says how many records and problems were."""
    head = [
        "### inspectkit: what this change does to the records",
        "",
        f"From `{result.base}` to `{result.head}`: {_md(_counts(result))}.",
    ]
    sections: list[tuple[list[str], int]] = []  # (lines, how many records or problems)
    for plan, changes in _groups(result.changes):
        title = f"Plan {_plan_title(plan, changes)}" if plan else _OTHER
        lines = ["", "<details open>" if len(changes) <= 10 else "<details>", ""]
        lines += [f"<summary><b>{_md(title)}</b> ({len(changes)} record(s))</summary>", ""]
        for change in changes:
            where = f"`{change.path}`" if change.change == "deleted" else _link(change.path, link_base)
            lines.append(f"- **{_md(change.headline)}** ({where})")
            lines.extend(f"  - {_md(d)}" for d in change.details)
        sections.append(([*lines, "", "</details>"], len(changes)))
    for title, problems in (("introduced", result.introduced), ("fixed", result.fixed)):
        if problems:
            lines = [
                "",
                "<details>",
                "",
                f"<summary><b>Lint problems {title}</b> ({len(problems)})</summary>",
                "",
            ]
            lines += [
                f"- {_link(d.path, link_base)} line {d.line}: `{d.code}` {d.severity.value}: {_md(d.message)}"
                for d in problems
            ]
            sections.append(([*lines, "", "</details>"], len(problems)))
    out, size, left_out = head, sum(len(line) + 1 for line in head), 0
    for lines, count in sections:
        length = sum(len(line) + 1 for line in lines)
        if left_out or size + length > limit - 200:  # room for the closing note
            left_out += count
            continue
        out, size = out + lines, size + length
    if left_out:
        out += [
            "",
            f"… and {left_out} more record(s) or problem(s), left out to fit a comment: "
            "run `inspectkit diff` for all of them.",
        ]
    return "\n".join(out) + "\n"


def render_json(result: DiffResult, link_base: str | None = None) -> str:
    """The documented JSON (`link_base` is for Markdown only: paths stay paths)."""
    data = {
        "inspectkit_diff": DIFF_JSON_VERSION,
        "base": result.base,
        "head": result.head,
        "changes": [c.to_json() for c in result.changes],
        "problems": {
            "introduced": [d.to_json() for d in result.introduced],
            "fixed": [d.to_json() for d in result.fixed],
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# The formats of `inspectkit diff`, the first the default: each renders (result, link_base).
DIFF_FORMATS: dict[str, Callable[[DiffResult, str | None], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}
