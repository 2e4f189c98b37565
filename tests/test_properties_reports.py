"""Properties of the reports: whatever text the records hold, every report kind renders.

Record text is data, never markup. Titles, names, summaries and details holding Jinja (`{{ 7*7 }}`,
`{% raw %}`), Markdown (`*`, `_`, `|`, `#` at a line start, `1.`, `>`, backslashes), HTML
(`<script>`) and line breaks give a document

- whose structure (headings, lists, tables, bold and italic, as a CommonMark parser reads them)
  is the structure the same records give with plain words;
- where each text appears as written (NFC, line breaks as spaces) once the Markdown is rendered;
- whose tables keep their column count on every row;
- and whose Word file opens with python-docx and holds the same text.
"""

from __future__ import annotations

import io
import tempfile
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from docx import Document
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from inspectkit import placeholders
from inspectkit.models import Topic
from inspectkit.reports import REPORT_KINDS
from inspectkit.reports.make import make_report, report_docx
from inspectkit.reports.phrases import paragraphs
from inspectkit.reports.views import FindingView, detail_adds, detail_covers
from inspectkit.settings import Settings
from inspectkit.text import hidden_character, nfc

REPORTS = settings(
    phases=[Phase.explicit, Phase.generate],  # an example is a whole repository: too slow to shrink
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TODAY = date(2024, 4, 1)

# --- text that means something to Jinja, Markdown, HTML or YAML --------------------------------

NASTY = [
    "{{ 7*7 }}",
    "{% raw %}",
    "{% endraw %}",
    "{# x #}",
    "|",
    "||",
    "<script>alert(1)</script>",
    "<br>",
    "&amp;",
    "&",
    "*",
    "**",
    "_",
    "__x__",
    "`",
    "~~",
    "[a](b)",
    "![i](j)",
    "\\",
    "\\|",
    "# ",
    "## ",
    "1. ",
    "2) ",
    "- ",
    "+ ",
    "> ",
    "---",
    "===",
    "    ",
    "\t",
    "$",
    ":",
    "Số 84-KH/ĐKT",
]
VIETNAMESE = list("aàáảãạăằắẳẵặâầấẩẫậđĐeêềếểễệoôồốổỗộơờớởỡợuưừứửữựƯƠ")
# Characters lint refuses in text (IK202: controls, bidirectional overrides) are left out: records
# holding them never reach a report (reports refuse records with lint errors). So are lone
# combining marks: one after a blank joins whatever precedes it once texts are joined and
# normalised; combining marks still come, attached to their letters, from the NFD forms.
PRINTABLE = st.characters(
    blacklist_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp", "Mn", "Mc", "Me"), blacklist_characters="\ufeff"
).filter(lambda c: hidden_character(c) is None)
PIECE = st.one_of(st.sampled_from(NASTY), st.sampled_from(VIETNAMESE), PRINTABLE, st.just(" "))


def forms(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda s, form: unicodedata.normalize(form, s), text, st.sampled_from(["NFC", "NFD"]))


_LINE = st.lists(PIECE, min_size=1, max_size=12).map("".join)
# One line (a summary), or lines: the first may start with markup, as may each line after a break.
ONE_LINE = forms(_LINE).filter(lambda s: s.strip() != "" and "\n" not in s)
TEXT = forms(
    st.lists(_LINE, min_size=1, max_size=3).flatmap(
        lambda lines: st.sampled_from(["\n", "\n\n"]).map(lambda sep: sep.join(lines))
    )
).filter(lambda s: s.strip() != "")


class Texts:
    """The texts of one generated repository, by name, and how to fill a template of them."""

    def __init__(self, draw: Callable[[st.SearchStrategy[str]], str]) -> None:
        self.values: dict[str, str] = {}
        self.draw = draw

    def __call__(self, name: str, one_line: bool = False) -> str:
        self.values[name] = self.draw(ONE_LINE if one_line else TEXT)
        return self.values[name]


def repository(t: Callable[..., str]) -> dict[str, dict[str, Any]]:
    """A valid repository with text from `t`: a plan visiting two centres, its delegation, and one
    finding of each type (the proposal and request with actions, the request with a history)."""
    issued = date(2024, 3, 1)
    person = {"name": t("attendee"), "position": t("attendee_position")}
    plan = {
        "kind": "plan",
        "id": "p1",
        "number": "05-KH/BTG",
        "issued": issued,
        "issuer": t("issuer"),
        "place": t("place", True),
        "title": t("title"),
        "bases": [{"number": "04-ĐA/TU", "issuer": t("base_issuer"), "title": t("base_title")}],
        "purpose": t("purpose"),
        "topics": [
            {"id": "t1", "title": t("topic"), "items": [t("item")]},
            {"id": "t2", "title": t("topic2")},
        ],
        "methods": [t("method")],
        "delegation": "d1",
        "visits": [
            {"centre": "c1", "date": issued + timedelta(days=9), "attendees": [person], "notes": t("notes")},
            {"centre": "c2", "date": issued + timedelta(days=11)},
        ],
        "signer": {"name": t("signer"), "position": t("signer_position"), "authority": t("authority", True)},
        "recipients": [t("recipient")],
    }
    delegation = {
        "kind": "delegation",
        "id": "d1",
        "plan": "p1",
        "decision": {"number": "06-QĐ/BTG", "issued": issued, "title": t("decision_title")},
        "members": [
            {"name": t("head"), "position": t("head_position"), "role": "head"},
            {"name": t("secretary"), "role": "secretary"},
        ],
    }
    c1 = {
        "kind": "centre",
        "id": "c1",
        "name": t("centre"),
        "short_name": t("short_name"),
        "parent": t("parent"),
        "leaders": [{"name": t("leader")}],
    }
    c2 = {"kind": "centre", "id": "c2", "name": t("centre2")}
    findings = {}
    for n, kind in enumerate(["strength", "weakness", "difficulty", "proposal", "request"], start=1):
        finding: dict[str, Any] = {
            "kind": "finding",
            "id": f"f{n}",
            "plan": "p1",
            "centres": ["c1", "c2"] if n % 2 else ["c1"],
            "topic": "t1" if n < 4 else "t2",
            "type": kind,
            "summary": t(f"{kind}_summary", True),
        }
        if n in (1, 3):
            finding["detail"] = t(f"{kind}_detail")
        if kind in ("proposal", "request"):
            finding["action"] = {"owner": t(f"{kind}_owner"), "due": date(2024, 6, 30)}
        if kind == "request":
            finding["action"].update(
                status="in-progress",
                history=[{"date": date(2024, 3, 20), "status": "in-progress", "note": t("history_note")}],
            )
        findings[f"records/findings/f{n}.yaml"] = finding
    return {
        "records/plans/p1.yaml": plan,
        "records/delegations/d1.yaml": delegation,
        "records/centres/c1.yaml": c1,
        "records/centres/c2.yaml": c2,
        **findings,
    }


def shown(value: str) -> str:
    """A text as a reader sees it: NFC, runs of blanks and line breaks as one space."""
    return " ".join(nfc(value).split())


def after_first_letter(text: str) -> str:
    """`text` without its first letter and the marks on it (in NFD, `ợ` is three characters)."""
    text = nfc(text)
    rest = 1
    while rest < len(text) and unicodedata.combining(text[rest]):
        rest += 1
    return text[rest:]


def expected_texts(kind: str, v: dict[str, str], lang: str = "vi") -> list[str]:
    """The record texts report `kind` prints as written (not lower-cased or shortened); a
    placeholder in them (a generated `[x]`, `???`) printed marked."""

    # The reports covering both centres name the one centre a finding concerns (the weakness and
    # the proposal concern c1 alone), before the summary's closing full stop.
    at_c1 = ("weakness", "proposal") if kind in ("summary", "conclusion", "news") else ()

    def summary(kind_: str) -> str:
        text = v[f"{kind_}_summary"]
        return AtCentre(text) if kind_ in at_c1 else text

    def in_summary(kind_: str) -> list[str]:  # results report, minutes: a restating detail left out
        if f"{kind_}_detail" not in v:
            return [summary(kind_)]
        finding = FindingView(
            "f", kind_, v[f"{kind_}_summary"], None, paragraphs(nfc(v[f"{kind_}_detail"])), [], [], Topic(id="t", title="t"),
            [], None, False, 0,
        )  # fmt: skip
        if not detail_adds(finding):
            return [finding.summary]
        return finding.paragraphs if detail_covers(finding) else [finding.summary, *finding.paragraphs]

    summaries = [summary(k) for k in ("strength", "weakness", "difficulty", "proposal", "request")]
    owners = [v["proposal_owner"], v["request_owner"]]
    texts = {
        "plan": [
            v["title"],
            v["issuer"],
            v["topic"],
            v["topic2"],
            v["item"],
            v["centre"],
            v["centre2"],
            v["attendee"],
            v["notes"],
            v["method"],
            v["head"],
            v["purpose"],
            v["base_issuer"],
            v["recipient"],
            v["signer"],
        ],
        "decision": [v["issuer"], v["head"], v["secretary"], v["centre"], v["centre2"], v["signer"]],
        "minutes": [
            v["centre"],
            v["attendee"],
            v["leader"],
            v["head"],
            v["secretary"],
            v["notes"],
            *in_summary("strength"),
            *in_summary("weakness"),
            *in_summary("difficulty"),
            *in_summary("proposal"),
            *in_summary("request"),
        ],
        "summary": [
            v["topic"],
            v["centre"],
            v["centre2"],
            v["attendee"],
            v["issuer"],
            *in_summary("strength"),
            *in_summary("weakness"),
            *in_summary("difficulty"),
            summary("proposal"),
            v["request_summary"],
            v["request_owner"],
        ],
        "conclusion": [v["issuer"], v["centre"], v["centre2"], *summaries, *owners, v["recipient"]],
        "followup": [
            v["proposal_summary"],
            v["request_summary"],
            *owners,
            v["history_note"],
            v["short_name"],
        ],
        # news runs the title into a sentence (`về việc kiểm tra…`, issue 9): its first letter lowered
        "news": [
            v["issuer"],
            after_first_letter(v["title"]),
            v["head"],
            v["attendee"],
            v["centre"],
            *summaries,
        ],
    }

    def in_place(text: str) -> str:  # `Thiếu giáo viên.` -> `Thiếu giáo viên (TTCT X)`: the full stop follows
        body = shown(placeholders.mark(text, lang))
        if body.endswith(".") and not body.endswith(".."):
            body = body[:-1].rstrip()
        return f"{body} ({shown(placeholders.mark(v['short_name'], lang))})"

    return [
        in_place(t) if isinstance(t, AtCentre) else shown(placeholders.mark(t, lang)) for t in texts[kind]
    ]


class AtCentre(str):
    """A finding's summary that a report prints with the one centre it concerns."""


# --- reading what was written ------------------------------------------------------------------

MD = MarkdownIt("commonmark").enable("table")


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(" ")


def rendered_text(markdown: str) -> str:
    """What a reader of the rendered Markdown sees, blanks collapsed."""
    parser = _TextOf()
    parser.feed(MD.render(markdown))
    return " ".join("".join(parser.parts).split())


def structure(markdown: str) -> list[str]:
    """The document's structure as a CommonMark parser reads it: block tokens, and the inline markup
    (bold, italic, links, HTML, line breaks) inside each; the words themselves left out."""
    out: list[str] = []
    for token in MD.parse(markdown):
        if token.type == "inline":
            out.append(
                " ".join(c.type for c in token.children or [] if c.type not in ("text", "text_special"))
            )
        else:
            out.append(f"{token.type}:{token.tag}")
    return out


def split_row(line: str) -> list[str]:
    """Cells of a pipe-table row as written (`\\|` is a pipe inside a cell): a GFM parser pads a
    short row, so the cells are counted in the text itself."""
    body = line.strip().removeprefix("|")
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    cells: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            current.append(body[i : i + 2])
            i += 2
            continue
        if body[i] == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(body[i])
        i += 1
    cells.append("".join(current).strip())
    return cells


def table_widths(markdown: str) -> list[list[int]]:
    """For each pipe table, the number of cells of each row."""
    tables: list[list[int]] = []
    previous = ""
    for line in markdown.splitlines():
        if line.startswith("|"):
            if not previous.startswith("|"):
                tables.append([])
            tables[-1].append(len(split_row(line)))
        previous = line
    return tables


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return " ".join(" ".join(parts).split())


def write_repository(root: Path, records: dict[str, dict[str, Any]]) -> None:
    for relative, data in records.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def render(records: dict[str, dict[str, Any]], kind: str, lang: str, docx: bool) -> tuple[str, bytes | None]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_repository(root, records)
        report = make_report(
            Settings(root=root),
            "p1",
            kind,
            lang=lang,
            today=TODAY,
            centre_id="c1" if kind == "minutes" else None,
        )
        return report.markdown, report_docx(report) if docx else None


# --- the property ----------------------------------------------------------------------------


@REPORTS
@given(data=st.data(), kind=st.sampled_from(sorted(REPORT_KINDS)), lang=st.sampled_from(["vi", "en"]))
def test_record_text_is_printed_literally_in_every_report(data: st.DataObject, kind: str, lang: str) -> None:
    texts = Texts(data.draw)
    records = repository(texts)
    plain = repository(lambda name, one_line=False: "chữ")

    markdown, docx = render(records, kind, lang, docx=True)
    baseline, _ = render(plain, kind, lang, docx=False)

    assert structure(markdown) == structure(baseline)
    widths = table_widths(markdown)
    assert widths == table_widths(baseline)
    assert all(len(set(rows)) == 1 for rows in widths), widths
    seen = rendered_text(markdown)
    in_word = docx_text(docx or b"")
    for text in expected_texts(kind, texts.values, lang):
        assert text in seen, (text, markdown)
        assert text in in_word, (text, in_word)


# --- what the property found, as examples ------------------------------------------------------


def test_hashes_at_the_end_of_a_heading_are_text() -> None:
    """CommonMark drops a closing run of `#` from a heading: in record text each one is escaped."""
    from inspectkit.reports.render import md_escape

    assert rendered_text("### 2. " + md_escape("Mục ##") + "\n") == "2. Mục ##"
    assert rendered_text(md_escape("# Không phải tiêu đề") + "\n") == "# Không phải tiêu đề"


def test_blanks_around_record_text_do_not_break_bold() -> None:
    """`authority: " K/T TRƯỞNG BAN "` is printed bold: blanks around record text are dropped."""
    records = repository(lambda name, one_line=False: "chữ")
    records["records/plans/p1.yaml"]["signer"]["authority"] = "  K/T TRƯỞNG BAN "
    markdown, _ = render(records, "plan", "vi", docx=False)
    assert "**K/T TRƯỞNG BAN**<br>" in markdown
    assert "<strong>K/T TRƯỞNG BAN</strong>" in MD.render(markdown)


# --- placeholders are never printed as facts ---------------------------------------------------

HOLES = st.sampled_from(["[Chưa rõ tên]", "[chưa có số liệu]", "……", "....", "TODO", "XXX", "???"])


def unmarked(text: str) -> list[str]:
    """The placeholders in `text` outside the marks reports put around them."""
    return placeholders.find(placeholders.MARKED.sub(" ", text))


@REPORTS
@given(data=st.data(), kind=st.sampled_from(sorted(REPORT_KINDS)), lang=st.sampled_from(["vi", "en"]))
def test_no_placeholder_ever_prints_unmarked(data: st.DataObject, kind: str, lang: str) -> None:
    """Every text of the records holds a placeholder: whatever a report prints of them, in Markdown
    and in Word, shows each one marked as a gap to fill."""

    def holey(name: str, one_line: bool = False) -> str:
        return f"chữ {data.draw(HOLES)} chữ"

    markdown, docx = render(repository(holey), kind, lang, docx=True)
    seen = rendered_text(markdown)
    assert placeholders.MARKED.search(seen), seen  # the report prints some record text
    assert unmarked(seen) == [], markdown
    assert unmarked(docx_text(docx or b"")) == []


def test_a_summary_keeps_its_ellipsis_and_only_its_closing_full_stop_moves_after_the_centre() -> None:
    """Seeds 1 and 3 found a summary ending `1.` printed as `1 (centre).`: the one closing full stop
    moves after the centre's name; any other ending (an ellipsis) is printed as written."""
    from inspectkit.reports.views import attributed

    assert attributed("Thiếu giáo viên.", " (TTCT Đình Lập)") == "Thiếu giáo viên (TTCT Đình Lập)."
    assert attributed("Còn chậm...", " (TTCT Đình Lập)") == "Còn chậm... (TTCT Đình Lập)."
    assert attributed("Còn chậm...", "") == "Còn chậm..."
    assert attributed("Thiếu giáo viên", "") == "Thiếu giáo viên."
