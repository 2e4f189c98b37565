"""Word output: opened again with python-docx and checked against the official layout."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

Write = Callable[[str, str], Path]
Cli = Callable[..., Any]
REPO_ROOT = Path(__file__).resolve().parent.parent
PLAN = "2022-84-kh-dkt"


def close(a: int | None, b: int, tolerance: int = 400) -> bool:
    """Lengths in EMU, equal up to rounding (Word stores twentieths of a point)."""
    return a is not None and abs(a - b) <= tolerance


@pytest.fixture
def reference_docx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli) -> Callable[..., Any]:
    """Make a report of the reference records as .docx and open it."""
    monkeypatch.chdir(REPO_ROOT)

    def make(kind: str, *extra: str) -> Any:
        out = tmp_path / f"{kind}.docx"
        result = cli(
            "report", PLAN, "--kind", kind, "-f", "docx", "-o", str(out), "--today", "2024-01-01", *extra
        )
        assert result.exit_code == 0, result.output
        return Document(str(out))

    return make


def cell_texts(cell: Any) -> list[str]:
    return [p.text for p in cell.paragraphs]


def run_with(document_part: Any, text: str) -> Any:
    for p in document_part.paragraphs:
        for run in p.runs:
            if run.text == text:
                return run
    raise AssertionError(f"no run {text!r}")


def test_page_is_a4_portrait_with_the_default_margins(reference_docx: Callable[..., Any]) -> None:
    section = reference_docx("plan").sections[0]
    assert close(section.page_width, Mm(210)) and close(section.page_height, Mm(297))
    assert close(section.top_margin, Mm(20)) and close(section.bottom_margin, Mm(20))
    assert close(section.left_margin, Mm(30)) and close(section.right_margin, Mm(15))


def test_body_font_is_times_new_roman_for_every_script(reference_docx: Callable[..., Any]) -> None:
    doc = reference_docx("plan")
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    fonts = normal.element.rPr.rFonts
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(attr)) == "Times New Roman"
    body = next(p for p in doc.paragraphs if p.text.startswith("Căn cứ Đề án số 04-ĐA/TU"))
    assert body.runs
    for run in body.runs:
        assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"


def test_party_header_block(reference_docx: Callable[..., Any]) -> None:
    doc = reference_docx("plan")
    left, right = doc.tables[0].rows[0].cells
    assert cell_texts(left) == ["TỈNH ỦY LẠNG SƠN", "BAN TUYÊN GIÁO", "*", "Số 84-KH/ĐKT"]
    assert cell_texts(right) == ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "Lạng Sơn, ngày 03 tháng 11 năm 2022"]
    assert run_with(left, "BAN TUYÊN GIÁO").bold
    assert not run_with(left, "TỈNH ỦY LẠNG SƠN").bold
    party = run_with(right, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert party.bold and party.underline
    assert run_with(right, "Lạng Sơn, ngày 03 tháng 11 năm 2022").italic


def test_header_and_closing_tables_have_no_borders(reference_docx: Callable[..., Any]) -> None:
    doc = reference_docx("plan")
    for table in (doc.tables[0], doc.tables[-1]):
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert borders is not None
        assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_title_is_bold_and_centred(reference_docx: Callable[..., Any]) -> None:
    doc = reference_docx("plan")
    title = next(p for p in doc.paragraphs if p.text == "KẾ HOẠCH")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(r.bold for r in title.runs)
    assert title.runs[0].font.size > Pt(14)
    subject = next(p for p in doc.paragraphs if p.text.startswith("Kiểm tra công tác đào tạo"))
    assert subject.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in subject.runs)


def test_body_is_justified_with_first_line_indent_and_spacing(reference_docx: Callable[..., Any]) -> None:
    doc = reference_docx("plan")
    body = next(p for p in doc.paragraphs if p.text.startswith("Căn cứ Đề án số 04-ĐA/TU"))
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert close(body.paragraph_format.first_line_indent, Cm(1.27))
    assert body.paragraph_format.space_after >= Pt(6)


def test_recipients_and_signature_side_by_side(reference_docx: Callable[..., Any]) -> None:
    doc = reference_docx("plan")
    recipients, signature = doc.tables[-1].rows[0].cells
    assert cell_texts(recipients)[0] == "Nơi nhận:"
    assert "- Thường trực Tỉnh ủy (để báo cáo)" in cell_texts(recipients)
    texts = [t for t in cell_texts(signature) if t]
    assert texts == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Trọng Sơn"]


def test_the_closing_never_splits_across_pages(reference_docx: Callable[..., Any]) -> None:
    closing = reference_docx("minutes", "--centre", "ttct-dinh-lap").tables[-1]
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in closing.rows)


def test_minutes_are_signed_by_both_sides_and_have_no_recipients(reference_docx: Callable[..., Any]) -> None:
    doc = reference_docx("minutes", "--centre", "ttct-dinh-lap")
    cells = doc.tables[-1].rows[0].cells
    assert [[t for t in cell_texts(c) if t] for c in cells] == [
        ["ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA", "Hoàng Xuân Thuận"],
        ["THƯ KÝ", "«CẦN BỔ SUNG: [Chưa rõ tên 4]»"],  # a placeholder name, marked
        ["TRƯỞNG ĐOÀN", "Nguyễn Trọng Sơn"],
    ]


def test_news_has_no_official_header(reference_docx: Callable[..., Any]) -> None:
    doc = reference_docx("news")
    assert doc.tables == []
    assert doc.paragraphs[0].text == "DỰ THẢO"  # not in the register yet
    assert doc.paragraphs[1].text.startswith("Ban Tuyên giáo Tỉnh ủy Lạng Sơn kiểm tra")


# CT_TblPr's sequence in the WordprocessingML schema (ECMA-376 part 1, 17.4.60).
TBLPR_ORDER = [
    qn(f"w:{tag}")
    for tag in [
        "tblStyle",
        "tblpPr",
        "tblOverlap",
        "bidiVisual",
        "tblStyleRowBandSize",
        "tblStyleColBandSize",
        "tblW",
        "jc",
        "tblCellSpacing",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
        "tblCaption",
        "tblDescription",
    ]
]


@pytest.mark.parametrize("kind", ["plan", "decision", "summary", "conclusion", "followup", "news"])
def test_every_kind_is_a_well_formed_package(
    kind: str, reference_docx: Callable[..., Any], tmp_path: Path
) -> None:
    doc = reference_docx(kind)
    with zipfile.ZipFile(tmp_path / f"{kind}.docx") as archive:
        assert archive.testzip() is None
        assert "word/document.xml" in archive.namelist()
    body = doc.element.body
    assert all(tc.find(qn("w:p")) is not None for tc in body.iter(qn("w:tc")))
    for tbl_pr in body.iter(qn("w:tblPr")):  # schema order, or Word offers to repair the file
        positions = [TBLPR_ORDER.index(child.tag) for child in tbl_pr]
        assert positions == sorted(positions)


def test_body_tables_keep_their_rows(reference_docx: Callable[..., Any]) -> None:
    doc = reference_docx("followup")
    status = doc.tables[1]
    assert [c.text for c in status.rows[0].cells] == [
        "TT",
        "Nội dung",
        "Đơn vị",
        "Chủ trì",
        "Thời hạn",
        "Tình trạng",
    ]
    assert len(status.rows) == 1 + 7
    assert status.rows[1].cells[5].text.startswith("Quá hạn 185 ngày")


# --- State style, settings -------------------------------------------------------------------

STATE_SETTINGS = """\
[organisation]
name = "Kiểm toán nhà nước khu vực X"
header = ["KIỂM TOÁN NHÀ NƯỚC", "KIỂM TOÁN NHÀ NƯỚC KHU VỰC X"]
place = "Hà Nội"
style = "state"

[documents]
font_size = 13
margins = { top = 25, bottom = 25, left = 35, right = 20 }
"""
STATE_PLAN = """\
kind: plan
id: k1
number: 99/KH-KTNN
issued: 2024-02-05
issuer: Kiểm toán nhà nước khu vực X
title: Kiểm tra công tác đào tạo
topics: [{id: t1, title: Đào tạo}]
visits: [{centre: c1, date: 2024-03-10}]
signer: {name: Ngô Văn Tám, position: Phó Kiểm toán trưởng, authority: K/T KIỂM TOÁN TRƯỞNG}
recipients: [Kiểm toán nhà nước]
"""


@pytest.fixture
def state_docx(write: Write, cli: Cli, repo: Path) -> Any:
    write("inspectkit.toml", STATE_SETTINGS)
    write("records/plans/k1.yaml", STATE_PLAN)
    write("records/centres/c1.yaml", "kind: centre\nid: c1\nname: Đơn vị A\n")
    result = cli("report", "k1", "--kind", "plan", "-f", "docx", "-o", "k1.docx")
    assert result.exit_code == 0, result.output
    return Document(str(repo / "k1.docx"))


def test_state_header_block(state_docx: Any) -> None:
    left, right = state_docx.tables[0].rows[0].cells
    assert cell_texts(left)[0:2] == ["KIỂM TOÁN NHÀ NƯỚC", "KIỂM TOÁN NHÀ NƯỚC KHU VỰC X"]
    assert cell_texts(left)[-1] == "Số: 99/KH-KTNN"
    assert "*" not in cell_texts(left)
    assert cell_texts(right) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "",
        "Hà Nội, ngày 05 tháng 02 năm 2024",
    ]
    assert run_with(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold
    motto = run_with(right, "Độc lập - Tự do - Hạnh phúc")
    assert motto.bold and motto.underline


def test_state_signature_uses_dots_and_recipients_end_with_the_filing_line(state_docx: Any) -> None:
    recipients, signature = state_docx.tables[-1].rows[0].cells
    assert cell_texts(recipients)[-1] == "- Lưu: VT, KTNN."
    assert "KT. KIỂM TOÁN TRƯỞNG" in cell_texts(signature)


def test_margins_and_font_size_come_from_settings(state_docx: Any) -> None:
    section = state_docx.sections[0]
    assert close(section.top_margin, Mm(25)) and close(section.bottom_margin, Mm(25))
    assert close(section.left_margin, Mm(35)) and close(section.right_margin, Mm(20))
    assert state_docx.styles["Normal"].font.size == Pt(13)


def test_document_defaults_name_no_theme_font(reference_docx: Callable[..., Any]) -> None:
    defaults = reference_docx("plan").styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert not [name for name in fonts.attrib if name.endswith("Theme") or name.endswith("theme")]
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"


def test_headings_and_bold_labels_stay_with_what_follows(reference_docx: Callable[..., Any]) -> None:
    doc = reference_docx("summary")
    heading = next(p for p in doc.paragraphs if p.text == "II. KẾT QUẢ KIỂM TRA")
    label = next(p for p in reference_docx("decision").paragraphs if p.text == "QUYẾT ĐỊNH:")
    body = next(p for p in doc.paragraphs if p.text.startswith("Thực hiện Kế hoạch số"))
    assert heading.paragraph_format.keep_with_next
    assert label.paragraph_format.keep_with_next
    assert not body.paragraph_format.keep_with_next


def test_the_last_lines_go_over_the_page_with_the_signatures(reference_docx: Callable[..., Any]) -> None:
    doc = reference_docx("minutes", "--centre", "ttct-dinh-lap")
    last = doc.paragraphs[-2]  # then the spacer, then the closing table
    assert last.text.startswith("Biên bản kết thúc lúc")
    assert last.paragraph_format.keep_with_next and doc.paragraphs[-1].paragraph_format.keep_with_next


def test_news_has_no_title_rule(reference_docx: Callable[..., Any]) -> None:
    assert "-----" not in [p.text for p in reference_docx("news").paragraphs]
    assert "-----" in [p.text for p in reference_docx("plan").paragraphs]


def test_table_columns_give_the_room_to_the_long_text() -> None:
    from inspectkit.reports.docx_layout import column_widths

    rows = [
        ["TT", "Nội dung", "Thời hạn"],
        ["1", "Tiếp tục chủ động tham mưu đào tạo, bồi dưỡng lý luận chính trị " * 3, "31/12/2023"],
    ]
    number, text, deadline = column_widths(rows, 3, 165.0, 12)
    assert abs(number + text + deadline - 165.0) < 0.01
    assert 20 < deadline < 26  # `31/12/2023` on one line, and not much more
    assert number < 12 and text > 125
