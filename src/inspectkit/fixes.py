"""`lint --fix`: the problems with one right answer, fixed in the files.

- IK103 text not in NFC: the text is put in NFC (nothing else on the line changes);
- IK202 a date written day-first (`24/11/2022`): written ISO, `2022-11-24`;
- IK600 a document number with one right form: the Party zero-padding of numbers below 10
  (`4-ĐA/TU` -> `04-ĐA/TU`), `Số` left in front of it, lower-case letters where only capitals fit;
- IK302 file name vs id: the file is renamed after its id (with `git mv` when git tracks it);
- IK303 a record outside its kind's folder: moved to the top of that folder (likewise).

Values are changed only where lint reported them, through the comment-keeping editing engine
(roundtrip.round_trip; editing.read_source and write_source), so every other line stays as
written. A file is written atomically, under its lock, only when it still holds what was read,
never through a link that leads out of the repository; a rename never replaces a file nor
moves one through a link out. `plan_fixes` computes everything first, so `--fix --diff` shows
exactly what `--fix` writes.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspectkit.diagnostics import Diagnostic
from inspectkit.errors import InspectkitError, Refused

if TYPE_CHECKING:
    from inspectkit.editing import Source

FIXABLE = ("IK103", "IK202", "IK302", "IK303", "IK600")
_QUOTED = re.compile(r"'([^']*)'")
_DAY_FIRST = "is not an ISO date"  # models._to_date's message for `24/11/2022`


class FixError(Refused):
    """A fix that cannot be made safely (the message says why); the file is left as it is."""


@dataclass
class FileFix:
    """What fixing one file means: its new text (None: unchanged) and new name (None: kept)."""

    path: Path
    shown: str
    source: Source | None  # the file as read by the editing engine (None: it could not be)
    after: str | None = None
    rename_to: Path | None = None
    listed: Path | None = None  # the name a rename moves (the link itself, if the file is one)
    done: list[str] = field(default_factory=list)  # one line per fix: "IK202 visits date 24/11/2022 -> …"
    refused: list[str] = field(default_factory=list)


def fixed_number(number: str) -> str | None:
    """The one right form of a document number lint rejects, when there is one: without `Số`, in
    capitals, or with the Party leading zero (docnumbers.suggestion, as lint's hint says)."""
    from inspectkit.docnumbers import suggestion

    return suggestion(number)


def _fixed_value(code: str, value: str) -> Any:
    from inspectkit.text import iso_suggestion

    if code == "IK202":
        iso = iso_suggestion(value)
        return date.fromisoformat(iso) if iso else None
    return fixed_number(value)


def _scalars(node: Any) -> Iterable[tuple[Any, Any, int]]:
    """(container, key, 1-based line) of every text value in a ruamel document."""
    lines: Any = getattr(node, "lc", None)  # ruamel's positions of a mapping's or list's items
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str):
                yield node, key, lines.value(key)[0] + 1
            else:
                yield from _scalars(value)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, str):
                yield node, index, lines.item(index)[0] + 1
            else:
                yield from _scalars(value)


def _value_edits(text: str, problems: list[Diagnostic], done: list[str]) -> str:
    """`text` with each reported day-first date and fixable number written in its right form.

    A value is fixed when it sits on the reported line and the message quotes it."""
    from inspectkit.roundtrip import round_trip

    wanted = [(d.line, d.code, set(_QUOTED.findall(d.message))) for d in problems]

    def change(doc: Any) -> None:
        for container, key, line in list(_scalars(doc)):
            value = container[key]
            for at, code, quoted in wanted:
                if at == line and value in quoted:
                    new = _fixed_value(code, value)
                    if new is not None:
                        # a string keeps its quoting style (ruamel's str subclasses); a date is written plain
                        container[key] = type(value)(new) if isinstance(new, str) else new
                        shown = new.isoformat() if isinstance(new, date) else new
                        done.append(f"{code} line {line}: {value} -> {shown}")
                        break

    return round_trip(text, change)


def _fix_file(listed: Path, where: Where, shown: str, problems: list[Diagnostic]) -> FileFix:
    """`listed`: the name the file was found under (a link inside the repository is followed to
    the file it points to, which is edited; the renames of IK302 and IK303 rename `listed`)."""
    from inspectkit.editing import read_source
    from inspectkit.loader import load_text

    source = read_source(listed, where.root)
    fix = FileFix(source.real, shown, source)
    text = source.text
    codes = {d.code for d in problems}
    if "IK103" in codes:
        text = unicodedata.normalize("NFC", text)
        fix.done.append("IK103 text put in Unicode NFC")
    # IK202 has many causes; only a date written day-first has one right answer.
    values = [d for d in problems if d.code == "IK600" or (d.code == "IK202" and _DAY_FIRST in d.message)]
    if values:
        try:
            text = _value_edits(text, values, fix.done)
        except InspectkitError as exc:
            fix.refused.append(f"values not fixed: {exc}")
    data = load_text(shown, unicodedata.normalize("NFC", text)).data
    if data is None:
        raise FixError(f"{shown}: the fixed file would not load as a record, so it was left as it is")
    if text != source.text:
        fix.after = text
    # the fixes change no id: the fixed file's is the one it is named after
    record_id = data.get("id") if isinstance(data.get("id"), str) else None
    _plan_rename(fix, listed, where, codes, record_id, data.get("kind"))
    return fix


@dataclass(frozen=True)
class Where:
    """The repository's root (nothing is written outside it) and its records folder."""

    root: Path
    records_dir: Path


def _plan_rename(
    fix: FileFix, listed: Path, where: Where, codes: set[str], record_id: str | None, kind: Any
) -> None:
    """IK302: the file named after its id; IK303: moved to its kind's folder (its top level, as
    the rule asks); both at once when both are reported. Never over an existing file."""
    from inspectkit import kinds
    from inspectkit.files import is_inside
    from inspectkit.text import is_slug

    name, folder, done = listed.name, listed.parent, []
    if "IK302" in codes and record_id and is_slug(record_id):  # an id that is no slug is IK300's
        name = record_id + listed.suffix
        done.append(f"IK302 renamed to {name}")
    if "IK303" in codes and isinstance(kind, str) and kinds.is_kind(kind):
        folder = where.records_dir / kinds.get(kind).folder
        done.append(f"IK303 moved to {os.path.relpath(folder, where.root)}/")
    target = folder / name
    if not done or target == listed:
        return
    label = " and ".join(code.split()[0] for code in done)
    verb = "renamed" if folder == listed.parent else "moved"
    if listed.is_symlink():
        fix.refused.append(f"{label}: not {verb}: the file is a symbolic link; {verb[:-1]} it by hand")
    elif not is_inside(where.root, folder):
        fix.refused.append(
            f"{label}: not {verb}: {os.path.relpath(folder, where.root)} leads outside the repository "
            f"through a link; {verb[:-1]} it by hand"
        )
    elif target.exists() or target.is_symlink():
        fix.refused.append(f"{label}: not {verb}: {os.path.relpath(target, where.root)} exists already")
    else:
        fix.listed, fix.rename_to = listed, target
        fix.done.extend(done)


def plan_fixes(diagnostics: list[Diagnostic], where: Where) -> list[FileFix]:
    """The fixes for the fixable problems among `diagnostics`, one FileFix per file, computed
    without writing. A file that must not be written (a link, outside `root`) is refused."""
    by_file: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        if d.code in FIXABLE:
            by_file.setdefault(d.path, []).append(d)
    out: list[FileFix] = []
    for shown, problems in sorted(by_file.items()):
        path = Path(shown)
        try:
            fix = _fix_file(path.absolute(), where, shown, problems)
        except InspectkitError as exc:  # a link out, not a regular file, not UTF-8, …
            out.append(FileFix(path, shown, None, refused=[str(exc).removeprefix(f"{shown}: ")]))
            continue
        if fix.after is not None or fix.rename_to is not None or fix.refused:
            out.append(fix)
    return out


def apply(fix: FileFix) -> None:
    """Write one file's fixes with the editing engine (atomic, under the file's lock, only if it
    still holds what was read), then the rename."""
    from inspectkit.editing import locked, write_source

    if fix.after is not None and fix.source is not None:
        try:
            with locked(fix.source.real):
                write_source(fix.source, fix.after)
        except InspectkitError as exc:
            raise FixError(f"{fix.shown}: {exc}") from None
    if fix.rename_to is not None:
        _rename(fix.listed or fix.path, fix.rename_to)


def _rename(source: Path, target: Path) -> None:
    """`git mv` when git tracks the file, else a rename that never replaces an existing file."""
    from inspectkit.gitrev import GitError, is_tracked, move, open_git

    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        git = open_git(source.parent)
        tracked = is_tracked(git, source)
    except GitError:
        tracked = False
    if tracked:
        try:
            move(git, source, target)
        except GitError as exc:
            raise FixError(f"{source.name}: not renamed: {exc}") from None
        return
    try:
        os.link(source, target)  # fails when the target appeared meanwhile
    except FileExistsError:
        raise FixError(f"{source.name}: not renamed: {target.name} exists") from None
    os.unlink(source)


@dataclass
class FixReport:
    fixes: list[FileFix]
    problems: list[str]  # files that could not be fixed, one line each

    @property
    def changed(self) -> bool:
        return any(f.after is not None or f.rename_to is not None for f in self.fixes)


def fix_all(diagnostics: list[Diagnostic], where: Where, *, write: bool) -> FixReport:
    """Plan every fix, and with `write` make them; a file that cannot be fixed is reported, not raised."""
    report = FixReport([], [])
    for fix in plan_fixes(diagnostics, where):
        report.problems.extend(f"{fix.shown}: {line}" for line in fix.refused)
        if write:
            try:
                apply(fix)
            except FixError as exc:
                report.problems.append(str(exc))
                continue
        report.fixes.append(fix)
    return report


def fix_repeatedly(lint: Callable[[], list[Diagnostic]], where: Where, *, write: bool) -> FixReport:
    """`fix_all` on what `lint` finds, again while it finds more (a fixed date lets the record
    validate, and only then is its document number checked): at most three passes. Without
    `write` one pass, so `--diff` shows the first round."""
    report = FixReport([], [])
    for _round in range(3 if write else 1):
        step = fix_all(lint(), where, write=write)
        report.fixes.extend(step.fixes)
        report.problems.extend(p for p in step.problems if p not in report.problems)
        if not step.changed:
            break
    return report


def describe_fixes(report: FixReport, *, written: bool) -> list[str]:
    verb = "fixed" if written else "would fix"
    return [f"{fix.shown}: {verb} {line}" for fix in report.fixes for line in fix.done]


def unified(fix: FileFix) -> str:
    """What a fix changes, as a unified diff (and a rename line)."""
    from inspectkit.editing import unified_diff

    out = ""
    if fix.after is not None and fix.source is not None:
        out = unified_diff(fix.shown, fix.source.text, fix.after)
    if fix.rename_to is not None:
        from inspectkit.recordfiles import display_path

        out += f"rename {fix.shown} -> {display_path(fix.rename_to)}\n"
    return out
