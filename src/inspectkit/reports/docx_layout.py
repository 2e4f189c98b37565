"""Word building blocks for the official layout (python-docx): fonts, paragraphs, borderless
layout tables, column widths, rows kept whole, repeated header rows, page numbers."""

from __future__ import annotations

import re
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from inspectkit import placeholders

FONT = "Times New Roman"
Run = tuple[str, bool, bool]  # text ("\n" is a line break), bold, italic
# What XML 1.0 cannot hold. Lint refuses these characters (IK202) before a report is made; this
# is the last guard, so that text that slipped past never crashes the writer.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` with every character Word's XML cannot hold replaced by U+FFFD, visibly."""
    return _NOT_XML.sub("\ufffd", text)


def set_fonts(element: Any) -> None:
    """Times New Roman for every script (Latin, East Asian, complex), so Vietnamese never falls back."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def add_runs(paragraph: Any, runs: list[Run], *, size: float | None = None, bold: bool = False) -> None:
    """Runs of text into a paragraph; a run "\\n" is a line break; a marked placeholder
    (`«CẦN BỔ SUNG: …»`) is highlighted."""
    for text, is_bold, italic in runs:
        if text == "\n":
            paragraph.add_run().add_break()
            continue
        add_text(paragraph, text, bold=bold or is_bold, italic=italic, size=size)


def add_text(
    paragraph: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
) -> None:
    """One run of text in Times New Roman, split where a placeholder is marked (`«CẦN BỔ SUNG: …»`)
    so that the placeholder alone is highlighted."""
    for piece, marked in placeholders.marked_pieces(text):
        run = paragraph.add_run(xml_text(piece))
        run.bold = bold or None
        run.italic = italic or None
        run.underline = underline or None
        if size:
            run.font.size = Pt(size)
        if marked:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        set_fonts(run._r)


def para(
    container: Any,
    text: str = "",
    *,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
    after: float = 0,
    before: float = 0,
) -> Any:
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(before)
    fmt.first_line_indent = Cm(0)
    add_text(p, text, bold=bold, italic=italic, underline=underline, size=size)
    return p


_TBLPR_AFTER_BORDERS = (
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
)


def no_borders(table: Any) -> None:
    """A table without any border (for the header block and the closing)."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    for tag in _TBLPR_AFTER_BORDERS:  # keep the schema's element order, or Word asks to repair
        successor = tbl_pr.find(qn(tag))
        if successor is not None:
            successor.addprevious(borders)
            return
    tbl_pr.append(borders)


def layout_table(table: Any, widths_mm: list[float]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def text_em(text: str) -> float:
    """The width of a text in Times New Roman, in ems, near enough: narrow punctuation and spaces,
    wide capitals, digits half an em (Vietnamese marks do not widen a letter)."""
    width = 0.0
    for c in text:
        if c.isspace():
            width += 0.25
        elif c in "/.,;:()[]'|-!ijlrtf":
            width += 0.3
        elif c.isdigit():
            width += 0.5
        elif c.isupper() or c in "mwMW—–…":
            width += 0.72
        else:
            width += 0.46
    return width


def column_widths(rows: list[list[str]], columns: int, total_mm: float, size_pt: float) -> list[float]:
    """Column widths (mm) that fit the cells' plain text (`\\n`: a line break): every column at
    least as wide as its longest word (bold, with the cell margins); when the text fits on one line
    everywhere, widths in proportion to the longest lines; otherwise the rest of the width shared in
    proportion to how much text each column has beyond its least width, summed over the rows, so
    that the column with the most to say (a request's text, not its owner) gets the room."""
    em_mm = size_pt * 0.3528
    pad_mm = 4.0  # cell margins
    bold = 1.08  # bold text (the header row) is wider
    least: list[float] = []
    wanted: list[float] = []
    extra: list[float] = []
    for c in range(columns):
        texts = [r[c] if c < len(r) else "" for r in rows]
        words = [text_em(w) for t in texts for w in t.split()] or [1.0]
        lines = [[text_em(line) * em_mm + pad_mm for line in t.split("\n")] for t in texts]
        least.append(max(max(words) * em_mm * bold + pad_mm, 8.0))
        wanted.append(max([w for cell in lines for w in cell] + [least[-1]]))
        extra.append(sum(max(0.0, w - least[-1]) for cell in lines[1:] for w in cell))
    if sum(least) >= total_mm:
        return [total_mm * w / sum(least) for w in least]
    if sum(wanted) <= total_mm:
        return [total_mm * w / sum(wanted) for w in wanted]
    spare = total_mm - sum(least)
    if not sum(extra):
        extra = [w - m for w, m in zip(wanted, least, strict=True)]
    return [m + spare * e / sum(extra) for m, e in zip(least, extra, strict=True)]


def keep_rows_whole(table: Any, *, header_rows: int = 0) -> None:
    """Rows never split across pages (a signature block stays with its name); the first
    `header_rows` rows repeat at the top of every page the table runs onto."""
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.append(OxmlElement("w:cantSplit"))
        if index < header_rows and tr_pr.find(qn("w:tblHeader")) is None:
            tr_pr.append(OxmlElement("w:tblHeader"))


def page_numbers(section: Any, size_pt: float) -> None:
    """Page numbers from page 2, centred at the top (Hướng dẫn 36-HD/VPTW; Nghị định 30/2020/NĐ-CP):
    a PAGE field in the header, and a different (empty) header on the first page."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    run.font.size = Pt(size_pt)
    set_fonts(run._r)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            shown = OxmlElement("w:t")
            shown.text = text
            run._r.append(shown)


def keep_with_next(paragraphs: Any) -> None:
    for p in paragraphs:
        p.paragraph_format.keep_with_next = True


def first_paragraph(cell: Any) -> Any:
    """The cell's (empty) first paragraph, removed: cells are filled with add_paragraph."""
    p = cell.paragraphs[0]
    p._element.getparent().remove(p._element)
    return cell
