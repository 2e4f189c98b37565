"""Word output in the official layout, with python-docx.

The words come from the same Jinja template as the Markdown: its `doctype`, `subject` and `body`
blocks are rendered to Markdown and laid out here (a documented subset: `##`/`###` headings,
paragraphs, `- ` and `1. ` lists, pipe tables, `**bold**`, `*italic*`, `<br>`, backslash escapes;
a paragraph that is only bold capitals, like `**QUYẾT ĐỊNH:**`, is centred). The header block and
the closing (recipients and signatures) are laid out from the context's `doc`, so that their
geometry is right whatever a template says.
"""

from __future__ import annotations

import io
import re
import string
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from inspectkit.reports.context import DocInfo
from inspectkit.reports.render import render_blocks
from inspectkit.settings import Settings

FONT = "Times New Roman"
TEXT_WIDTH_MM = 210.0  # A4; the text width is this minus the left and right margins


# --- Markdown subset -------------------------------------------------------------------------

Run = tuple[str, bool, bool]  # text ("\n" is a line break), bold, italic


@dataclass
class Block:
    kind: str  # "h1" … "h4", "p", "bullet", "number", "table"
    text: str = ""
    marker: str = ""
    rows: list[list[str]] = field(default_factory=list)
    align: list[str] = field(default_factory=list)


_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBER = re.compile(r"^\s*(\d+[.)])\s+(.*)$")
_PUNCT = set(string.punctuation)


def split_row(line: str) -> list[str]:
    """Cells of a pipe-table row; `\\|` is a pipe inside a cell."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
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


def parse_blocks(markdown: str) -> list[Block]:
    """The block structure of the Markdown a template produced."""
    blocks: list[Block] = []
    lines = markdown.splitlines()
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Block("p", " ".join(s.strip() for s in para)))
            para.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            flush()
            i += 1
            continue
        if line.lstrip().startswith("|"):
            flush()
            table: list[str] = []
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                table.append(lines[i])
                i += 1
            rows = [split_row(r) for r in table]
            align: list[str] = []
            if len(rows) > 1 and all(re.fullmatch(r":?-{2,}:?", c.strip() or "--") for c in rows[1]):
                align = ["center" if c.startswith(":") and c.endswith(":") else "left" for c in rows[1]]
                rows = [rows[0], *rows[2:]]
            blocks.append(Block("table", rows=rows, align=align))
            continue
        m = _HEADING.match(line)
        if m:
            flush()
            blocks.append(Block(f"h{min(len(m[1]), 4)}", m[2].strip()))
            i += 1
            continue
        m = _BULLET.match(line)
        if m and not line.lstrip().startswith("**"):
            flush()
            blocks.append(Block("bullet", m[1].strip(), marker="-"))
            i += 1
            continue
        m = _NUMBER.match(line)
        if m:
            flush()
            blocks.append(Block("number", m[2].strip(), marker=m[1]))
            i += 1
            continue
        if blocks and blocks[-1].kind in ("bullet", "number") and not para and line.startswith(" "):
            blocks[-1].text += " " + line.strip()  # continuation of a list item
        else:
            para.append(line)
        i += 1
    flush()
    return blocks


def inline_runs(text: str) -> list[Run]:
    """Runs of inline Markdown: `**bold**`, `*italic*`, `<br>`, backslash escapes."""
    runs: list[Run] = []
    buf: list[str] = []
    bold = italic = False

    def flush() -> None:
        if buf:
            runs.append(("".join(buf), bold, italic))
            buf.clear()

    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] in _PUNCT:
            buf.append(text[i + 1])
            i += 2
        elif text.startswith("**", i):
            flush()
            bold = not bold
            i += 2
        elif c == "*":
            flush()
            italic = not italic
            i += 1
        elif text[i : i + 4].lower() in ("<br>",) or text[i : i + 5].lower() in ("<br/>",):
            flush()
            runs.append(("\n", bold, italic))
            i += 5 if text[i : i + 5].lower() == "<br/>" else 4
        else:
            buf.append(c)
            i += 1
    flush()
    return runs


def plain(text: str) -> str:
    """Inline Markdown as plain text (for titles)."""
    return "".join(t for t, _, _ in inline_runs(text)).strip()


# --- Word helpers ----------------------------------------------------------------------------


def _set_fonts(element: Any) -> None:
    """Times New Roman for every script (Latin, East Asian, complex), so Vietnamese never falls back."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _add_runs(paragraph: Any, runs: list[Run], *, size: float | None = None, bold: bool = False) -> None:
    for text, is_bold, italic in runs:
        if text == "\n":
            paragraph.add_run().add_break()
            continue
        run = paragraph.add_run(text)
        run.bold = bold or is_bold or None
        run.italic = italic or None
        if size:
            run.font.size = Pt(size)
        _set_fonts(run._r)


def _para(
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
    if text:
        run = p.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        run.underline = underline or None
        if size:
            run.font.size = Pt(size)
        _set_fonts(run._r)
    return p


_TBLPR_AFTER_BORDERS = (
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
)


def _no_borders(table: Any) -> None:
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


def _layout_table(table: Any, widths_mm: list[float]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _text_em(text: str) -> float:
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
    """Column widths (mm) that fit the text: every column at least as wide as its longest word
    (bold, with the cell margins), the rest of the width shared in proportion to how much more each
    column's text wants."""
    em_mm = size_pt * 0.3528
    pad_mm = 4.0  # cell margins
    bold = 1.08  # bold text (the header row) is wider
    least: list[float] = []
    wanted: list[float] = []
    for c in range(columns):
        texts = [plain(r[c]) if c < len(r) else "" for r in rows]
        words = [_text_em(w) for t in texts for w in t.split()] or [1.0]
        lines = [_text_em(line) for t in texts for line in t.split("\n")] or [1.0]
        least.append(max(max(words) * em_mm * bold + pad_mm, 8.0))
        wanted.append(max(max(lines) * em_mm + pad_mm, least[-1]))
    if sum(least) >= total_mm:
        return [total_mm * w / sum(least) for w in least]
    if sum(wanted) <= total_mm:
        return [total_mm * w / sum(wanted) for w in wanted]
    spare = total_mm - sum(least)
    extra = [w - m for w, m in zip(wanted, least, strict=True)]
    return [m + spare * e / sum(extra) for m, e in zip(least, extra, strict=True)]


def _keep_rows_whole(table: Any) -> None:
    """Rows never split across pages (a signature block stays with its name)."""
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.insert(0, OxmlElement("w:cantSplit"))


def _first_paragraph(cell: Any) -> Any:
    """The cell's (empty) first paragraph, removed: cells are filled with add_paragraph."""
    p = cell.paragraphs[0]
    p._element.getparent().remove(p._element)
    return cell


# --- The document ----------------------------------------------------------------------------


class DocxWriter:
    def __init__(self, settings: Settings, doc: DocInfo) -> None:
        self.settings = settings
        self.info = doc
        self.size = float(settings.documents.font_size)
        self.document = Document()
        margins = settings.documents.margins
        self.text_width = TEXT_WIDTH_MM - margins.left - margins.right
        self._page()
        self._styles()

    def _page(self) -> None:
        m = self.settings.documents.margins
        for section in self.document.sections:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width = Mm(210)
            section.page_height = Mm(297)
            section.top_margin = Mm(m.top)
            section.bottom_margin = Mm(m.bottom)
            section.left_margin = Mm(m.left)
            section.right_margin = Mm(m.right)
            section.header_distance = Mm(10)
            section.footer_distance = Mm(10)

    def _styles(self) -> None:
        # Document defaults: Times New Roman instead of the theme's fonts (a theme font attribute
        # would win over an explicit one), and Vietnamese as the language for spelling.
        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
        if rpr is not None:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is not None:
                for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                    fonts.attrib.pop(qn(attr), None)
                for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                    fonts.set(qn(attr), FONT)
            lang = rpr.find(qn("w:lang"))
            if lang is not None:
                lang.set(qn("w:val"), "vi-VN")
        normal = self.document.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(self.size)
        _set_fonts(normal.element)
        fmt = normal.paragraph_format
        fmt.space_after = Pt(6)
        fmt.line_spacing = 1.15
        table_style = self.document.styles["Table Grid"]
        table_style.font.name = FONT
        _set_fonts(table_style.element)

    # header: issuing body and number on the left, the motto and place-date on the right
    def header(self) -> None:
        info = self.info
        # The right column holds the motto on one line: `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM` at 12 pt
        # needs about 100 mm.
        right_w = max(self.text_width * 0.58, 100.0) if info.style == "state" else self.text_width * 0.58
        left_w = round(self.text_width - min(right_w, self.text_width * 0.66), 1)
        table = self.document.add_table(rows=1, cols=2)
        _no_borders(table)
        _layout_table(table, [left_w, self.text_width - left_w])
        _keep_rows_whole(table)
        left, right = (_first_paragraph(c) for c in table.rows[0].cells)
        for line in info.superior:
            _para(left, line, size=self.size - 1 if info.style == "state" else self.size)
        _para(left, info.issuer, bold=True)
        if info.style == "party":
            _para(left, "*")
        else:
            _para(left, "———", size=self.size - 4)
        _para(left, info.number_line, size=self.size - 1)
        for index, line in enumerate(info.national):
            last = index == len(info.national) - 1
            size = 12 if (info.style == "state" and not last) else self.size
            _para(right, line, bold=True, underline=last, size=size)
        _para(right, "")
        _para(right, info.place_date, italic=True)

    def title(self, doctype: str, subject: str) -> None:
        if doctype:
            _para(self.document, doctype, bold=True, size=self.size + 2, before=18)
        if subject:
            _para(self.document, subject, bold=True, before=0 if doctype else 12, after=0 if doctype else 12)
        if self.info.official:
            _para(self.document, "-----", after=6)

    def body(self, markdown: str) -> None:
        for block in parse_blocks(markdown):
            self._block(block)

    def _block(self, block: Block) -> None:
        doc = self.document
        justify = WD_ALIGN_PARAGRAPH.JUSTIFY
        if block.kind == "table":
            self._table(block)
            return
        if block.kind == "h1":
            _add_runs(_para(doc, before=6, after=6), inline_runs(block.text), bold=True, size=self.size + 1)
            return
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.first_line_indent = Cm(1.27)
        fmt.space_after = Pt(6)
        p.alignment = justify
        runs = inline_runs(block.text)
        if block.kind in ("h2", "h3", "h4"):
            fmt.keep_with_next = True  # a heading never ends a page
        if block.kind in ("h2", "h3"):
            _add_runs(p, runs, bold=True)
        elif block.kind == "h4":
            _add_runs(p, [(t, b, True) for t, b, _ in runs], bold=True)
        elif block.kind in ("bullet", "number"):
            _add_runs(p, [(f"{block.marker} ", False, False), *runs])
        else:
            text = plain(block.text)
            if runs and all(b for _, b, _ in runs):
                fmt.keep_with_next = True  # a bold label (`**Ưu điểm:**`) stays with what it introduces
            if (
                runs
                and all(b for _, b, _ in runs)
                and text == text.upper()
                and any(c.isalpha() for c in text)
            ):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                fmt.first_line_indent = Cm(0)
            _add_runs(p, runs)

    def _table(self, block: Block) -> None:
        rows = block.rows
        if not rows:
            return
        columns = max(len(r) for r in rows)
        table = self.document.add_table(rows=len(rows), cols=columns)
        table.style = self.document.styles["Table Grid"]
        _layout_table(table, column_widths(rows, columns, self.text_width, self.size - 2))
        for r, row in enumerate(rows):
            for c in range(columns):
                cell = table.cell(r, c)
                p = cell.paragraphs[0]
                p.paragraph_format.space_after = Pt(2)
                p.paragraph_format.first_line_indent = Cm(0)
                align = block.align[c] if c < len(block.align) else "left"
                p.alignment = (
                    WD_ALIGN_PARAGRAPH.CENTER if (r == 0 or align == "center") else WD_ALIGN_PARAGRAPH.LEFT
                )
                text = row[c] if c < len(row) else ""
                _add_runs(p, inline_runs(text), size=self.size - 2, bold=r == 0)
        _para(self.document, "", after=0)

    # closing: "Nơi nhận" on the left, the signature blocks on the right, side by side
    def closing(self, recipients_label: str) -> None:
        info = self.info
        if not info.recipients and not info.signatures:
            return
        if self.document.paragraphs:  # the last lines of the body go over the page with the signatures
            self.document.paragraphs[-1].paragraph_format.keep_with_next = True
        _para(self.document, "", after=0).paragraph_format.keep_with_next = True
        columns = (1 if info.recipients else 0) + len(info.signatures)
        table = self.document.add_table(rows=1, cols=columns)
        _no_borders(table)
        if info.recipients:
            left_w = round(self.text_width * 0.45, 1)
            rest = (self.text_width - left_w) / max(1, len(info.signatures))
            widths = [left_w] + [rest] * len(info.signatures)
        else:
            widths = [self.text_width / columns] * columns
        _layout_table(table, widths)
        _keep_rows_whole(table)
        cells = [_first_paragraph(c) for c in table.rows[0].cells]
        if info.recipients:
            cell = cells.pop(0)
            _para(
                cell, f"{recipients_label}:", align=WD_ALIGN_PARAGRAPH.LEFT, bold=True, italic=True, size=12
            )
            for r in info.recipients:
                _para(cell, f"- {r}", align=WD_ALIGN_PARAGRAPH.LEFT, size=11)
        for cell, signature in zip(cells, info.signatures, strict=True):
            if signature.authority:
                _para(cell, signature.authority, bold=True)
            if signature.title:
                _para(cell, signature.title, bold=True)
            for _ in range(4):
                _para(cell, "")
            _para(cell, signature.name or "", bold=True)

    def save(self) -> bytes:
        for tc in self.document.element.body.iter(qn("w:tc")):
            if tc.find(qn("w:p")) is None:  # a cell must hold a paragraph, or Word repairs the file
                tc.append(OxmlElement("w:p"))
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def render_docx(name: str, context: dict[str, Any], settings: Settings) -> bytes:
    """The report as a .docx file's bytes: the template's blocks laid out in the official layout."""
    templates = settings.templates_dir
    doctype, subject, body = render_blocks(name, context, templates, ["doctype", "subject", "body"])
    doctype = plain(doctype)
    subject = plain(" ".join(subject.split()))
    info: DocInfo = context["doc"]
    writer = DocxWriter(settings, info)
    if info.official:
        writer.header()
        writer.title(doctype, subject)
    else:
        writer.title("", subject)
    writer.body(body)
    writer.closing(str(context["t"]["recipients"]))
    return writer.save()
