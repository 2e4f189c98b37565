"""Properties of the commands that edit records: `finding set-status` and `fmt`.

Whatever note a person types, on a finding laid out in any style (comments, flow lists, quoted
values, other indentation, CRLF, BOM), `set-status` never crashes; the file it writes lints clean,
reads back with the note in NFC, the status and done_on as asked, and every line outside the
action as it was. A note with a control character is refused with a one-line message, and the
file is left alone.

Whatever valid records a person writes, in any YAML style PyYAML can emit (block or flow, any
quoting, indentation, CRLF, BOM, `\\u` escapes, wrapped lines, DD/MM/YYYY dates, NFD text), `fmt`
keeps their values (dates ISO, text NFC), leaves no lint error, and a second run changes nothing.
"""

from __future__ import annotations

import difflib
import os
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from inspectkit import kinds, placeholders
from inspectkit.cli import app
from inspectkit.linter import lint
from inspectkit.loader import load_bytes, load_text
from inspectkit.settings import Settings
from inspectkit.text import nfc
from inspectkit.validation import hidden_characters, validate

EDITS = settings(max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# --- text a person may type --------------------------------------------------------------------

SPECIAL = list(":#-\"'{}[]&*!|>%@`,?~=<\\/ \t")
VIETNAMESE = list("aàáảãạăằắẳẵặâầấẩẫậđĐeêềếểễệoôồốổỗộơờớởỡợuưừứửữựyỳýỷỹỵƯƠĂÂÊÔ")
EMOJI = ["😀", "👍🏽", "🇻🇳", "❤️", "\u200b", "\u00a0"]
PRINTABLE = st.characters(
    blacklist_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp"), blacklist_characters="\ufeff"
)
PIECE = st.one_of(st.sampled_from(SPECIAL), st.sampled_from(VIETNAMESE), st.sampled_from(EMOJI), PRINTABLE)
# Words that YAML 1.1 (the loader) reads as something other than text when written plain.
YAML_WORDS = ["yes", "No", "on", "OFF", "null", "~", "1:30", "0b11", "1_000", "0777", "+1", ".5", "1e3", "="]
# Starts that mean something to YAML at the beginning of a value.
STARTS = ["- ", "* ", "& ", "! ", "? ", "# ", "| ", "> ", "% ", "@", "`", "'", '"', "{", "[", "---", "..."]


def forms(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """The text as typed: NFC, or NFD as macOS gives it."""
    return st.builds(lambda s, form: unicodedata.normalize(form, s), text, st.sampled_from(["NFC", "NFD"]))


LINE = st.lists(PIECE, min_size=1, max_size=40).map("".join)
LONG_LINE = st.builds(lambda word, n: " ".join([word] * n), LINE, st.integers(100, 300))
NOTE = forms(
    st.one_of(
        LINE,
        st.sampled_from(YAML_WORDS),
        st.builds(lambda start, rest: start + rest, st.sampled_from(STARTS), LINE),
        st.lists(LINE, min_size=2, max_size=4).flatmap(
            lambda lines: st.sampled_from(["\n", "\n\n", "\r\n", "\t\n"]).map(lambda sep: sep.join(lines))
        ),
        LONG_LINE,
    )
).filter(lambda s: s.strip() != "")
CONTROL = st.sampled_from(
    [*(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"), "\x7f", "\x85", "\u2028"]
)


def expected_note(note: str) -> str:
    """A note as stored: NFC, CRLF as LF, no surrounding blanks, no blanks at line ends."""
    text = nfc(note.replace("\r\n", "\n")).strip()
    return "\n".join(line.rstrip(" \t") for line in text.split("\n"))


# --- a small repository ----------------------------------------------------------------------

PLAN = """\
kind: plan
id: p1
number: 05-KH/BTG
issued: 2024-03-01
issuer: Ban Tuyên giáo Huyện ủy An Bình
title: Kiểm tra công tác bồi dưỡng năm 2024
topics:
  - id: dao-tao
    title: Công tác đào tạo, bồi dưỡng
delegation: d1
visits:
  - centre: c1
    date: 2024-03-10
"""
DELEGATION = "kind: delegation\nid: d1\nplan: p1\nmembers:\n  - {name: Nguyễn Văn Một, role: head}\n"
CENTRE = "kind: centre\nid: c1\nname: Trung tâm Chính trị huyện An Bình\n"
HEAD = (
    "# Đề nghị của Đoàn: ghi chú đầu tệp\n"
    "kind: finding\n"
    "id: f1\n"
    "plan: 'p1'\n"
    "centres: [c1]   # một trung tâm\n"
    'topic: "dao-tao"\n'
    "type: request\n"
    "summary: 'Bổ sung giảng viên: có # và \"nháy\"'\n"
    "\n"
)


@dataclass(frozen=True)
class Layout:
    """A finding's action written one way; `mutable` are the lines set-status may rewrite."""

    name: str
    action: str
    mutable: frozenset[str]
    tail: str = ""


LAYOUTS = [
    Layout(
        "block, no status",
        "action:\n  owner: Huyện ủy An Bình   # ai làm\n  due: 2024-06-30\n",
        frozenset(),
        "\n# Ghi chú cuối tệp\n",
    ),
    Layout(
        "block, quoted status, history",
        "action:\n  owner: 'Huyện ủy: An Bình'\n  status: \"open\"\n  history:\n    - date: 2024-03-10\n"
        "      status: open\n      note: Giao việc\n",
        frozenset({'  status: "open"'}),
        "tags: [a, 'b c']\n",
    ),
    Layout(
        "done, comments between",
        "action:\n  owner: Huyện ủy\n  due: 2024-06-30\n  status: done\n  done_on: 2024-04-01  # xong\n"
        "  # lịch sử\n  history:\n  - {date: 2024-04-01, status: done}\n",
        frozenset({"  status: done", "  done_on: 2024-04-01  # xong"}),
        "evidence:\n- Biên bản\n",
    ),
    Layout(
        "4-space indent",
        "action:\n    owner: Huyện ủy\n    status: in-progress\n    history:\n    -   date: 2024-03-10\n"
        "        status: in-progress\n",
        frozenset({"    status: in-progress"}),
    ),
    Layout(
        "flow action",
        "action: {owner: Huyện ủy, due: 2024-06-30, status: open}\n",
        frozenset({"action: {owner: Huyện ủy, due: 2024-06-30, status: open}"}),
        "# cuối\n",
    ),
    Layout(
        "flow history",
        "action:\n  owner: Huyện ủy\n  status: open\n  history: [{date: 2024-03-10, status: open, note: 'Giao: việc'}]\n",
        frozenset({"  status: open", "  history: [{date: 2024-03-10, status: open, note: 'Giao: việc'}]"}),
        "detail: |\n  Dòng một\n\n  Dòng hai\n",
    ),
]


@contextmanager
def records_repo(finding: str, *, bom: bool = False, crlf: bool = False) -> Iterator[tuple[Path, Path]]:
    """A repository (made the current directory) whose finding f1 has `finding` as its text."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for relative, text in {
            "records/plans/p1.yaml": PLAN,
            "records/delegations/d1.yaml": DELEGATION,
            "records/centres/c1.yaml": CENTRE,
        }.items():
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_text(text, encoding="utf-8")
        path = root / "records/findings/p1/f1.yaml"
        path.parent.mkdir(parents=True)
        raw = finding.replace("\n", "\r\n") if crlf else finding
        path.write_bytes(("\ufeff" if bom else "").encode() + raw.encode("utf-8"))
        cwd = os.getcwd()
        os.chdir(root)
        try:
            yield root, path
        finally:
            os.chdir(cwd)


def run(*args: str) -> Result:
    """The real CLI; an exception (a traceback for the user) fails the test."""
    return CliRunner().invoke(app, list(args), catch_exceptions=False, env={"NO_COLOR": "1"})


def changed_lines(before: str, after: str) -> list[str]:
    """The lines of `before` that are not in `after` (in a line diff)."""
    matcher = difflib.SequenceMatcher(None, before.split("\n"), after.split("\n"), autojunk=False)
    removed: list[str] = []
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            removed.extend(before.split("\n")[i1:i2])
    return removed


def lint_clean(root: Path, allow: tuple[str, ...] = ()) -> list[str]:
    """What lint reports (codes in `allow` left out), one `path:line:col CODE message` a problem."""
    diagnostics = lint(Settings(root=root), today=date(2024, 3, 11)).diagnostics
    return [f"{d.path}:{d.line}:{d.column} {d.code} {d.message}" for d in diagnostics if d.code not in allow]


# --- finding set-status ----------------------------------------------------------------------


@EDITS
@given(
    layout=st.sampled_from(LAYOUTS),
    status=st.sampled_from(["open", "in-progress", "done", "dropped"]),
    on=st.dates(date(2024, 3, 10), date(2030, 12, 31)),
    vn_date=st.booleans(),
    note=NOTE,
    bom=st.booleans(),
    crlf=st.booleans(),
)
def test_set_status_with_any_note_lints_clean_reads_back_and_keeps_the_other_lines(
    layout: Layout, status: str, on: date, vn_date: bool, note: str, bom: bool, crlf: bool
) -> None:
    # a placeholder typed as the note (`[]`, `TODO`) is stored as typed, and IK509 rightly warns
    assume(not placeholders.has(note))
    original = HEAD + layout.action + layout.tail
    with records_repo(original, bom=bom, crlf=crlf) as (root, path):
        before = load_text(str(path), original).data
        assert before is not None
        history = list(before["action"].get("history", []))
        when = on.strftime("%d/%m/%Y") if vn_date else on.isoformat()

        result = run("finding", "set-status", "f1", status, "--on", when, "--note", note)

        assert result.exit_code == 0, result.output
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") == bom
        text = raw.decode("utf-8").removeprefix("\ufeff")
        if crlf:
            assert "\n" not in text.replace("\r\n", "")
            text = text.replace("\r\n", "\n")
        after = load_text(str(path), text)
        assert after.diagnostics == [] and after.data is not None
        action = after.data["action"]
        assert action["status"] == status
        assert action.get("done_on") == (on if status == "done" else None)
        assert action["history"] == [*history, {"date": on, "status": status, "note": expected_note(note)}]
        assert {k: v for k, v in after.data.items() if k != "action"} == {
            k: v for k, v in before.items() if k != "action"
        }
        assert set(changed_lines(original, text)) <= layout.mutable
        assert lint_clean(root) == []


@settings(max_examples=25, deadline=None, database=None)
@given(layout=st.sampled_from(LAYOUTS), note=NOTE, control=CONTROL)
def test_a_note_with_a_control_character_is_refused_and_the_file_left_alone(
    layout: Layout, note: str, control: str
) -> None:
    original = HEAD + layout.action + layout.tail
    with records_repo(original) as (_root, path):
        result = run("finding", "set-status", "f1", "done", "--note", "Ghi chú" + control + note)

        assert result.exit_code == 2
        assert result.output == f"inspectkit: --note: contains a control character (U+{ord(control):04X})\n"
        assert path.read_text(encoding="utf-8") == original


def test_a_note_yaml_would_read_as_a_boolean_is_written_quoted() -> None:
    with records_repo(HEAD + LAYOUTS[0].action) as (root, path):
        assert (
            run("finding", "set-status", "f1", "in-progress", "--on", "2024-03-12", "--note", "yes").exit_code
            == 0
        )
        assert "      note: 'yes'\n" in path.read_text(encoding="utf-8")
        assert lint_clean(root) == []


def test_a_note_with_yaml_indicators_in_a_flow_action_is_written_quoted() -> None:
    flow = next(layout for layout in LAYOUTS if layout.name == "flow action")
    with records_repo(HEAD + flow.action) as (root, path):
        assert run("finding", "set-status", "f1", "open", "--on", "2024-03-12", "--note", ":#").exit_code == 0
        data = load_text(str(path), path.read_text(encoding="utf-8")).data
        assert data is not None
        assert data["action"]["history"][-1]["note"] == ":#"
        assert lint_clean(root) == []


def test_a_blank_note_is_no_note() -> None:
    with records_repo(HEAD + LAYOUTS[0].action) as (_root, path):
        assert (
            run("finding", "set-status", "f1", "dropped", "--on", "2024-03-12", "--note", "  \t ").exit_code
            == 0
        )
        data = load_text(str(path), path.read_text(encoding="utf-8")).data
        assert data is not None
        assert data["action"]["history"] == [{"date": date(2024, 3, 12), "status": "dropped"}]


# --- fmt -------------------------------------------------------------------------------------

FMT = settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.generate],
)

# Text as records hold it: anything printable, and now and then a character only an escape shows.
TEXT_PIECE = st.one_of(PIECE, st.sampled_from(["\x07", "\x1b", "\x85", "\u2028", "\t", "  "]))
TEXT = st.lists(TEXT_PIECE, min_size=1, max_size=30).map("".join).filter(lambda s: s.strip() != "")
ONE_LINE = TEXT.filter(lambda s: "\n" not in s.strip())
MULTI_LINE = st.lists(TEXT, min_size=1, max_size=3).map("\n\n".join)
DAY = st.dates(date(2020, 1, 1), date(2030, 12, 31))


def opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def record(**fields: Any) -> dict[str, Any]:
    """A record's fields without the absent (None) ones, in the order given."""
    return {k: v for k, v in fields.items() if v is not None and v != []}


PERSON = st.builds(
    lambda name, position, organisation: record(name=name, position=position, organisation=organisation),
    TEXT,
    opt(TEXT),
    opt(TEXT),
)


@st.composite
def repository(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    """A valid records repository (plan, delegation, centre, finding) with arbitrary text."""
    issued = draw(st.dates(date(2020, 1, 1), date(2025, 12, 31)))
    visit = draw(st.dates(issued, date(2026, 12, 31)))
    start, end = sorted(draw(st.lists(DAY, min_size=2, max_size=2)))
    plan = record(
        kind="plan",
        id="p1",
        number="05-KH/BTG",
        issued=issued,
        issuer=draw(TEXT),
        place=draw(opt(TEXT)),
        title=draw(TEXT),
        bases=draw(
            st.lists(
                st.builds(
                    lambda d, i, t: record(number="04-ĐA/TU", issued=d, issuer=i, title=t),
                    opt(DAY),
                    opt(TEXT),
                    opt(TEXT),
                ),
                max_size=2,
            )
        ),
        purpose=draw(opt(TEXT | st.lists(TEXT, min_size=1, max_size=2))),
        topics=[record(id="dao-tao", title=draw(TEXT), items=draw(st.lists(TEXT, max_size=2)))],
        period=draw(opt(st.just({"from": start, "to": end}))),
        methods=draw(st.lists(TEXT, max_size=2)),
        delegation="d1",
        visits=[
            record(
                centre="c1",
                date=visit,
                attendees=draw(st.lists(PERSON, max_size=2)),
                notes=draw(opt(MULTI_LINE)),
            )
        ],
        signer=draw(opt(st.builds(lambda p, a: record(**p, authority=a), PERSON, opt(TEXT)))),
        recipients=draw(st.lists(TEXT, max_size=2)),
        status=draw(st.sampled_from(["draft", "approved", "in-progress", "reported"])),
    )
    roles = draw(st.lists(st.sampled_from(["deputy", "member", "secretary"]), max_size=2))
    delegation = record(
        kind="delegation",
        id="d1",
        plan="p1",
        decision=draw(
            # formed before its first visit (IK511)
            opt(
                st.builds(
                    lambda d, t: record(number="06-QĐ/BTG", issued=d, title=t),
                    opt(st.dates(date(2020, 1, 1), visit)),
                    opt(TEXT),
                )
            )
        ),
        members=[{**draw(PERSON), "role": role} for role in ["head", *roles]],
    )
    counts = st.integers(0, 50)
    centre = record(
        kind="centre",
        id="c1",
        name=draw(TEXT),
        short_name=draw(opt(TEXT)),
        district=draw(opt(TEXT)),
        parent=draw(opt(TEXT)),
        established=draw(opt(st.builds(lambda d: record(number="01-QĐ/HU", issued=d), opt(DAY)))),
        leaders=draw(st.lists(PERSON, max_size=2)),
        staff=draw(opt(st.builds(lambda q, f: {"quota": q, "filled": f}, counts, counts))),
    )
    finding_type = draw(st.sampled_from(["strength", "weakness", "difficulty", "proposal", "request"]))
    action = None
    if finding_type in ("proposal", "request"):
        status = draw(st.sampled_from(["open", "in-progress", "done", "dropped"]))
        history = draw(
            st.lists(
                st.builds(
                    lambda d, s, n: record(date=d, status=s, note=n),
                    DAY,
                    st.sampled_from(["open", "done"]),
                    opt(MULTI_LINE),
                ),
                max_size=2,
            )
        )
        action = record(
            owner=draw(TEXT),
            due=draw(opt(st.dates(visit, date(2030, 12, 31)))),
            status=status,
            done_on=draw(DAY) if status == "done" else None,
            history=history,
        )
    finding = record(
        kind="finding",
        id="f1",
        plan="p1",
        centres=["c1"],
        topic="dao-tao",
        type=finding_type,
        summary=draw(ONE_LINE),
        detail=draw(opt(MULTI_LINE)),
        evidence=draw(st.lists(TEXT, max_size=2)),
        tags=draw(st.lists(ONE_LINE, max_size=2)),
        action=action,
    )
    return {
        "records/plans/p1.yaml": plan,
        "records/delegations/d1.yaml": delegation,
        "records/centres/c1.yaml": centre,
        "records/findings/f1.yaml": finding,
    }


@dataclass(frozen=True)
class Style:
    """How PyYAML writes a record: flow or block, scalar style, indentation, width, escapes."""

    flow: bool | None
    scalar: str | None  # None (plain where it can), "'", '"', "|" or ">"
    indent: int
    width: int
    unicode: bool
    crlf: bool
    bom: bool
    nfd: bool
    vn_dates: bool
    comment: bool


STYLE = st.builds(
    Style,
    flow=st.sampled_from([False, True, None]),
    scalar=st.sampled_from([None, None, "'", '"', "|", ">"]),
    indent=st.integers(2, 6),
    width=st.sampled_from([20, 60, 4096]),
    unicode=st.booleans(),
    crlf=st.booleans(),
    bom=st.booleans(),
    nfd=st.booleans(),
    vn_dates=st.booleans(),
    comment=st.booleans(),
)


def transform(value: Any, on_str: Callable[[str], Any], on_date: Callable[[date], Any]) -> Any:
    if isinstance(value, dict):
        return {k: transform(v, on_str, on_date) for k, v in value.items()}
    if isinstance(value, list):
        return [transform(v, on_str, on_date) for v in value]
    if isinstance(value, str):
        return on_str(value)
    if isinstance(value, date):
        return on_date(value)
    return value


def dump(data: dict[str, Any], style: Style) -> bytes:
    """The record as a person (or a program) might have written it."""

    class Dumper(yaml.SafeDumper):
        pass

    def represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style.scalar)

    Dumper.add_representer(str, represent_str)
    written = transform(
        data,
        lambda s: unicodedata.normalize("NFD", s) if style.nfd else s,
        lambda d: d.strftime("%d/%m/%Y") if style.vn_dates else d,
    )
    options: dict[str, Any] = {
        "Dumper": Dumper,
        "default_flow_style": style.flow,
        "indent": style.indent,
        "sort_keys": False,
        "line_break": "\r\n" if style.crlf else "\n",
    }
    # PyYAML writes U+0085 and U+2028 unescaped where they read back as line breaks, and folds some
    # escaped text so that it reads back otherwise: then escape them, then do not fold. (A raw line
    # separator is refused by the editor: test_a_raw_line_separator_is_refused_with_what_to_do.)
    for unicode, width in ((style.unicode, style.width), (False, style.width), (False, 4096)):
        text: str = yaml.dump(written, allow_unicode=unicode, width=width, **options)
        raw_breaks = any(c in text for c in "\x85\u2028\u2029")
        if not raw_breaks and load_text("", text.replace("\r\n", "\n")).data == written:
            break
    else:
        assume(False)
    if style.comment:
        text = "# Ghi chú đầu tệp: bản ghi\n" + text
    return ("\ufeff" if style.bom else "").encode() + text.encode("utf-8")


def expected(data: dict[str, Any]) -> dict[str, Any]:
    """What the formatted record must read back as: text in NFC (dates are dates)."""
    return transform(data, nfc, lambda d: d)  # type: ignore[no-any-return]


@FMT
@given(records=repository(), styles=st.lists(STYLE, min_size=4, max_size=4))
def test_fmt_keeps_the_values_lints_clean_and_is_idempotent(
    records: dict[str, dict[str, Any]], styles: list[Style]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for (relative, data), style in zip(records.items(), styles, strict=True):
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_bytes(dump(data, style))
        cwd = os.getcwd()
        os.chdir(root)
        try:
            first = run("fmt")
            assert first.exit_code == 0, first.output
            once = {relative: (root / relative).read_bytes() for relative in records}
            for relative, data in records.items():
                text = once[relative].decode("utf-8")
                assert not text.startswith("\ufeff") and "\r" not in text
                loaded = load_bytes(relative, once[relative])
                assert loaded.diagnostics == [], (relative, text)
                assert loaded.data == expected(data), text
                model, issues = validate(loaded.data)
                if not any(hidden_characters(data)):  # a control character is the record's IK202
                    assert model is not None and isinstance(model, kinds.get(data["kind"]).model), issues
            # Generated due dates may be past: an overdue warning (IK508) is the records', not fmt's;
            # so is a placeholder (IK509) that generated text spells out, such as `[x]` or `???`,
            # and a control character or bidirectional override in generated text (IK202).
            problems = lint_clean(root, allow=("IK508", "IK509"))
            assert [p for p in problems if "which cannot be seen" not in p] == []

            second = run("fmt", "--check")
            assert second.exit_code == 0, second.output
            assert run("fmt").exit_code == 0
            assert {relative: (root / relative).read_bytes() for relative in records} == once
        finally:
            os.chdir(cwd)


def test_a_raw_line_separator_is_refused_with_what_to_do() -> None:
    """libyaml reads a raw U+2028 in a literal block as text, ruamel as a line break: fmt says so."""
    with records_repo(HEAD + LAYOUTS[0].action + "detail: |-\n  một\u2028  hai\n") as (_root, path):
        before = path.read_bytes()
        result = run("fmt", "records")
        assert result.exit_code == 1
        assert (
            "raw line separator U+2028" in result.output
            and "escape \\L inside double quotes" in result.output
        )
        assert path.read_bytes() == before


def test_fmt_puts_escaped_decomposed_text_in_nfc() -> None:
    """`"a\\u0300"` is NFD written with an escape: fmt writes it NFC, so a second run changes nothing."""
    from inspectkit import formatting

    once = formatting.canonical('kind: centre\nid: c1\nname: "Trung ta\\u0302m"\n')
    assert once == 'kind: centre\nid: c1\nname: "Trung tâm"\n'
    assert formatting.canonical(once) == once
