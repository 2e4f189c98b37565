"""Word output in the official layout, with python-docx.

The words come from the same Jinja template as the Markdown: its `doctype`, `subject` and `body`
blocks are rendered to Markdown, parsed by markdown-it-py (CommonMark with pipe tables) and the
token stream laid out here: headings, paragraphs, `- ` and `1. ` lists, tables, bold, italic,
`<br>`. A paragraph that is only bold capitals, like `**QUYẾT ĐỊNH:**`, is centred. The header
block and the closing (recipients and signatures) are laid out from the context's `doc`, so that
their geometry is right whatever a template says.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from markdown_it import MarkdownIt
from markdown_it.token import Token

from inspectkit import placeholders
from inspectkit.reports.docx_layout import (
    FONT,
    Run,
    add_runs,
    column_widths,
    first_paragraph,
    keep_rows_whole,
    keep_with_next,
    layout_table,
    no_borders,
    page_numbers,
    para,
    set_fonts,
    text_em,
)
from inspectkit.reports.official import DocInfo, Signature
from inspectkit.reports.render import render_blocks
from inspectkit.settings import Settings

TEXT_WIDTH_MM = 210.0  # A4; the text width is this minus the left and right margins
# Sizes from Hướng dẫn 36-HD/VPTW, Appendix 3 (Party) and Nghị định 30/2020/NĐ-CP, Appendix I (State).
PARTY_NATIONAL_PT = 15
STATE_NATIONAL_PT = (12, 13)  # the republic's name (12 keeps it on one line), the motto
NUMBER_PT = {"party": 14, "state": 13}
STATE_BODY_PT = 12  # the superior and issuing bodies' names (12-13 in the decree)


# --- Markdown: markdown-it tokens to runs and blocks --------------------------------------------


def markdown_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def inline_runs(token: Token) -> list[Run]:
    """Runs of an inline token: bold and italic from `**`/`*`, `<br>` a line break, escapes undone."""
    runs: list[Run] = []
    bold = italic = False
    for child in token.children or []:
        kind = child.type
        if kind in ("strong_open", "strong_close"):
            bold = kind == "strong_open"
        elif kind in ("em_open", "em_close"):
            italic = kind == "em_open"
        elif kind in ("softbreak",):
            runs.append((" ", bold, italic))
        elif kind == "hardbreak" or (kind == "html_inline" and child.content.lower().startswith("<br")):
            runs.append(("\n", bold, italic))
        elif child.content:
            runs.append((child.content, bold, italic))
    return runs


def plain(runs: list[Run]) -> str:
    return "".join(text for text, _, _ in runs)


@dataclass
class Block:
    kind: str  # "h1" … "h4", "p", "item", "table"
    runs: list[Run] = field(default_factory=list)
    marker: str = ""
    rows: list[list[list[Run]]] = field(default_factory=list)
    align: list[str] = field(default_factory=list)


def _table(tokens: list[Token], start: int) -> tuple[Block, int]:
    """The table starting at tokens[start] (`table_open`), and the index after it."""
    block = Block("table")
    i = start
    while tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "tr_open":
            block.rows.append([])
        elif token.type in ("th_open", "td_open"):
            if len(block.rows) == 1:
                block.align.append("center" if "center" in str(token.attrs.get("style", "")) else "left")
        elif token.type == "inline":
            block.rows[-1].append(inline_runs(token))
        i += 1
    return block, i + 1


def blocks(markdown: str) -> Iterator[Block]:
    """The blocks of the Markdown a template produced, in order."""
    tokens = markdown_parser().parse(markdown)
    marker = ""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "table_open":
            table, i = _table(tokens, i)
            yield table
            continue
        if token.type == "list_item_open":
            marker = f"{token.info}{token.markup}" if token.info else token.markup
        elif token.type == "inline":
            opener = tokens[i - 1]
            if opener.type == "heading_open":
                yield Block(f"h{min(int(opener.tag[1:]), 4)}", inline_runs(token))
            elif marker:
                yield Block("item", inline_runs(token), marker=marker)
                marker = ""
            else:
                yield Block("p", inline_runs(token))
        i += 1


# --- The document ----------------------------------------------------------------------------


class DocxWriter:
    def __init__(self, settings: Settings, doc: DocInfo, lang: str = "vi") -> None:
        self.settings = settings
        self.info = doc
        self.lang = lang
        self.size = float(settings.documents.font_size)
        self.document = Document()
        margins = settings.documents.margins
        self.text_width = TEXT_WIDTH_MM - margins.left - margins.right
        self.last_table: Any = None  # the body's last table, when nothing follows it
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
            page_numbers(section, self.size)

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
        set_fonts(normal.element)
        fmt = normal.paragraph_format
        fmt.space_after = Pt(6)
        fmt.line_spacing = 1.15
        table_style = self.document.styles["Table Grid"]
        table_style.font.name = FONT
        set_fonts(table_style.element)

    def draft_mark(self) -> None:
        if self.info.draft:
            para(
                self.document,
                self.info.draft_label,
                align=WD_ALIGN_PARAGRAPH.RIGHT,
                bold=True,
                size=self.size,
                after=6,
            )

    # header: issuing body and number on the left, the motto and place-date on the right
    def header(self) -> None:
        info = self.info
        state = info.style == "state"
        # The right column holds the republic's name on one line: `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`
        # in 12 pt bold needs about 90 mm; the rest is the issuing body's.
        right_w = max(self.text_width * 0.58, 92.0) if state else self.text_width * 0.58
        left_w = round(self.text_width - min(right_w, self.text_width * 0.66), 1)
        table = self.document.add_table(rows=1, cols=2)
        no_borders(table)
        layout_table(table, [left_w, self.text_width - left_w])
        keep_rows_whole(table)
        left, right = (first_paragraph(c) for c in table.rows[0].cells)
        for line in info.superior:
            para(left, self.mark(line), size=STATE_BODY_PT if state else self.size)
        para(left, self.mark(info.issuer), bold=True, size=STATE_BODY_PT if state else self.size)
        if state:
            para(left, "———", size=self.size - 4)
        else:
            para(left, "*")
        para(left, info.number_line, size=NUMBER_PT["state" if state else "party"])
        for index, line in enumerate(info.national):
            last = index == len(info.national) - 1
            size = STATE_NATIONAL_PT[min(index, 1)] if state else PARTY_NATIONAL_PT
            para(right, line, bold=True, underline=last, size=size)
        para(right, "")
        para(right, self.mark(info.place_date), italic=True, size=14 if not state else self.size)

    def title(self, doctype: str, subject: str) -> None:
        if doctype:
            para(self.document, doctype, bold=True, size=self.size + 2, before=18)
        if subject:
            para(self.document, subject, bold=True, before=0 if doctype else 12, after=0 if doctype else 12)
        if self.info.official:
            para(self.document, "-----", after=6)

    def body(self, markdown: str) -> None:
        for block in blocks(markdown):
            self.last_table = None
            if block.kind == "table":
                self._table(block)
            else:
                self._block(block)

    def _block(self, block: Block) -> None:
        runs = block.runs
        if block.kind == "h1":
            add_runs(para(self.document, before=6, after=6), runs, bold=True, size=self.size + 1)
            return
        p = self.document.add_paragraph()
        fmt = p.paragraph_format
        fmt.first_line_indent = Cm(1.27)
        fmt.space_after = Pt(6)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if block.kind in ("h2", "h3", "h4"):
            fmt.keep_with_next = True  # a heading never ends a page
            add_runs(p, [(t, b, i or block.kind == "h4") for t, b, i in runs], bold=True)
            return
        if block.kind == "item":
            add_runs(p, [(f"{block.marker} ", False, False), *runs])
            return
        text = plain(runs)
        all_bold = bool(runs) and all(b for _, b, _ in runs)
        if all_bold:
            fmt.keep_with_next = True  # a bold label (`**Ưu điểm:**`) stays with what it introduces
        if all_bold and text == text.upper() and any(c.isalpha() for c in text):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.first_line_indent = Cm(0)
        add_runs(p, runs)

    def _table(self, block: Block) -> None:
        rows = block.rows
        if not rows:
            return
        columns = max(len(r) for r in rows)
        table = self.document.add_table(rows=len(rows), cols=columns)
        table.style = self.document.styles["Table Grid"]
        texts = [[plain(cell) for cell in row] for row in rows]
        layout_table(table, column_widths(texts, columns, self.text_width, self.size - 2))
        keep_rows_whole(table, header_rows=1)
        for r, row in enumerate(rows):
            for c in range(columns):
                p = table.cell(r, c).paragraphs[0]
                p.paragraph_format.space_after = Pt(2)
                p.paragraph_format.first_line_indent = Cm(0)
                align = block.align[c] if c < len(block.align) else "left"
                centred = r == 0 or align == "center"
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
                add_runs(p, row[c] if c < len(row) else [], size=self.size - 2, bold=r == 0)
        para(self.document, "", after=0)
        self.last_table = table

    # closing: "Nơi nhận" on the left, the signature blocks on the right, side by side
    def closing(self, recipients_label: str) -> None:
        info = self.info
        self._keep_end_with_closing()
        if not info.recipients and not info.signatures:
            return
        keep_with_next([para(self.document, "", after=0)])
        columns = (1 if info.recipients else 0) + len(info.signatures)
        table = self.document.add_table(rows=1, cols=columns)
        no_borders(table)
        if info.recipients:
            left_w = round(self.text_width * 0.45, 1)
            rest = (self.text_width - left_w) / max(1, len(info.signatures))
            widths = [left_w] + [rest] * len(info.signatures)
        else:
            widths = [self.text_width / columns] * columns
        layout_table(table, widths)
        keep_rows_whole(table)
        cells = [first_paragraph(c) for c in table.rows[0].cells]
        if info.recipients:
            cell = cells.pop(0)
            para(cell, f"{recipients_label}:", align=WD_ALIGN_PARAGRAPH.LEFT, bold=True, italic=True, size=12)
            for r in info.recipients:
                para(cell, f"- {self.mark(r)}", align=WD_ALIGN_PARAGRAPH.LEFT, size=11)
        signature_width = widths[-1]
        heights = [self._heading_lines(s, signature_width) for s in info.signatures]
        for cell, signature, height in zip(cells, info.signatures, heights, strict=True):
            for line in (signature.authority, signature.title):
                if line:
                    para(cell, self.mark(line), bold=True)
            # The same room above every name, so that names side by side stay on one line.
            for _ in range(4 + max(heights) - height):
                para(cell, "")
            para(cell, self.mark(signature.name or ""), bold=True)

    def _heading_lines(self, signature: Signature, width_mm: float) -> int:
        """How many lines a signature block's heading takes in a column `width_mm` wide."""
        room = width_mm - 4.0  # cell margins
        em_mm = self.size * 0.3528 * 1.08  # bold
        lines = [line for line in (signature.authority, signature.title) if line]
        return sum(max(1, math.ceil(text_em(line) * em_mm / room)) for line in lines)

    def mark(self, text: str) -> str:
        """Record text laid out directly (header, closing): its placeholders marked, as in Markdown."""
        return placeholders.mark(text, self.lang)

    def _keep_end_with_closing(self) -> None:
        """The last lines of the body go over the page with the signatures, never the signatures
        alone: the last paragraph, or the last row of a table the body ends with."""
        paragraphs = self.document.paragraphs
        if self.last_table is not None:
            for cell in self.last_table.rows[-1].cells:
                keep_with_next(cell.paragraphs)
        elif paragraphs:
            keep_with_next(paragraphs[-2:] if len(paragraphs) > 1 else paragraphs)

    def save(self) -> bytes:
        for tc in self.document.element.body.iter(qn("w:tc")):
            if tc.find(qn("w:p")) is None:  # a cell must hold a paragraph, or Word repairs the file
                tc.append(OxmlElement("w:p"))
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def _plain_markdown(markdown: str) -> str:
    tokens = [t for t in markdown_parser().parse(" ".join(markdown.split())) if t.type == "inline"]
    return " ".join(plain(inline_runs(t)) for t in tokens).strip()


def render_docx(name: str, context: dict[str, Any], settings: Settings) -> bytes:
    """The report as a .docx file's bytes: the template's blocks laid out in the official layout."""
    templates = settings.templates_dir
    doctype, subject, body = render_blocks(
        name, context, templates, ["doctype", "subject", "body"], root=settings.root
    )
    info: DocInfo = context["doc"]
    writer = DocxWriter(settings, info, str(context.get("lang", "vi")))
    writer.draft_mark()
    if info.official:
        writer.header()
        writer.title(_plain_markdown(doctype), _plain_markdown(subject))
    else:
        writer.title("", _plain_markdown(subject))
    writer.body(body)
    writer.closing(str(context["t"]["recipients"]))
    return writer.save()
