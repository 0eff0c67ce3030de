"""The masterplan as a Word document, made from the same HTML as the PDF.

The HTML the templates render is the one source of every output: this module walks it (parsed
by tinyhtml5, which WeasyPrint already brings) and writes each element with python-docx in
Word's own terms: h1–h4 as the built-in heading styles (the navigation pane and the TOC field
use them), the contents as a TOC field, table and figure numbers as SEQ fields that restart at
each chapter, header rows that repeat on every page, a landscape section for each wide chapter
(`section.wide`, the PDF's landscape pages), the SVG charts rasterised to PNG (cairosvg), the
cover with its logo, page numbers in the footer, and the document's language as the proofing
language. python-docx rather than pandoc: the document's structure (sections, fields, header
rows) is ours to set, a pandoc binary would be 100 MB, and its DOCX writer has no landscape
sections or SEQ captions to offer.
"""

from __future__ import annotations

import base64
import copy
import io
import re
from collections.abc import Iterator, Set
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import Element

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from .. import l10n

HTML_NS = "{http://www.w3.org/1999/xhtml}"
SVG_NS = "{http://www.w3.org/2000/svg}"
LANGUAGE_TAGS = {"id": "id-ID", "en": "en-US"}
FIXED_TIME = datetime(2000, 1, 1)  # reproducible: no clock in the file
CHART_PIXELS = 2000  # PNG width of a chart: sharp when printed at 24 cm
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
SKIPPED = {"script", "style", "title", "head", "meta", "link", "colgroup", "col"}
CAPTION_NUMBER = re.compile(r"^(\S+)\s+((?:[0-9A-Z]+\.)?)(\d+)$")


class DocxError(Exception):
    """What stops the Word document (an image that cannot be drawn)."""


def render_docx(
    html: str, language: str, title: str, author: str, heading_colour: str | None = None
) -> bytes:
    """`heading_colour` (`#rrggbb`, from the city's theme) colours the headings; else Word's own."""
    import tinyhtml5  # type: ignore[import-untyped]

    root = tinyhtml5.parse(html)
    writer = Writer(language)
    if heading_colour is not None:
        for level in (1, 2, 3):
            writer.document.styles[f"Heading {level}"].font.color.rgb = RGBColor.from_string(
                heading_colour[1:]
            )
    writer.document.core_properties.title = title
    writer.document.core_properties.author = author
    body = root.find(f"{HTML_NS}body")
    assert body is not None
    writer.block(body)
    return writer.save()


def _tag(element: Element) -> str:
    return element.tag.removeprefix(HTML_NS) if isinstance(element.tag, str) else ""


def _classes(element: Element) -> set[str]:
    return set(element.get("class", "").split())


def _text(element: Element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


class Writer:
    """Walks the HTML body and writes the document; `paragraph` is where inline text goes."""

    def __init__(self, language: str) -> None:
        self.document: DocxDocument = Document()
        self.language = language
        self.paragraph: Paragraph | None = None
        self.page_start = True  # nothing on the current page yet: a chapter needs no break
        self.front_matter = True  # pages numbered i, ii, … until the body's first chapter
        self.number_from_one = False  # the next section starts the body's page 1
        self.styles: dict[str, Any] = {}
        self._setup()

    # --- document settings ---------------------------------------------------------------

    def _setup(self) -> None:
        document = self.document
        section = document.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4, as the PDF
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.5))
        section.different_first_page_header_footer = True  # no page number on the cover
        _page_number_footer(section.footer.paragraphs[0])
        styles = document.styles
        styles["Normal"].font.name = "Noto Sans"
        styles["Normal"].font.size = Pt(10.5)
        _set_language(document, LANGUAGE_TAGS.get(self.language, self.language))
        settings = document.settings.element
        update = OxmlElement("w:updateFields")  # Word fills the TOC and numbers when opened
        update.set(qn("w:val"), "true")
        settings.append(update)
        properties = document.core_properties
        properties.created = properties.modified = FIXED_TIME
        properties.last_modified_by = "masterplan"
        properties.revision = 1
        properties.language = LANGUAGE_TAGS.get(self.language, self.language)

    def _style(self, name: str | None) -> Any:
        """The style object by name, looked up once (python-docx searches every style each time)."""
        if name is None:
            return None
        if name not in self.styles:
            self.styles[name] = self.document.styles[name]
        return self.styles[name]

    def save(self) -> bytes:
        stream = io.BytesIO()
        self.document.save(stream)
        return _reproducible(stream.getvalue())

    # --- blocks --------------------------------------------------------------------------

    def block(self, element: Element) -> None:
        for child in element:
            self.element(child)

    def element(self, element: Element) -> None:
        tag, classes = _tag(element), _classes(element)
        if tag in SKIPPED or "skip-link" in classes:
            return
        if tag == "section" and "chapter" in classes and self.front_matter:
            self.front_matter, self.number_from_one = False, True  # as the PDF's `body-first` page
            if "wide" not in classes:  # a landscape chapter starts its own section below
                self._section(WD_ORIENT.PORTRAIT)
        if tag == "header" and "cover" in classes:
            self.cover(element)
        elif tag == "nav" and "toc" in classes:
            self.contents(element)
        elif tag == "section" and "wide" in classes:
            self.landscape(element)
        elif tag in HEADINGS:
            self.heading(element, HEADINGS[tag])
        elif tag == "p":
            self.inline_paragraph(element, "Caption" if "label" in classes else None)
        elif tag in ("ul", "ol"):
            self.items(element, "List Number" if tag == "ol" else "List Bullet")
        elif tag == "table":
            self.table(element)
        elif tag == "figure":
            self.figure(element)
        elif tag == "blockquote":
            self.inline_paragraph(element, "Quote")
        elif tag == "img":
            self.image(element, Cm(4))
        elif element.tag == f"{SVG_NS}svg":
            self.chart(element, self.text_width)
        else:
            self.block(element)

    def new_paragraph(self, style: str | None = None) -> Paragraph:
        self.paragraph = self.document.add_paragraph(style=self._style(style))
        self.page_start = False
        return self.paragraph

    def inline_paragraph(self, element: Element, style: str | None = None) -> None:
        paragraph = self.new_paragraph(style)
        self.inline(element, paragraph, {})

    def heading(self, element: Element, level: int) -> None:
        paragraph = self.document.add_paragraph(style=self._style(f"Heading {level}"))
        if level == 1 and not self.page_start:
            paragraph.paragraph_format.page_break_before = True
        self.page_start = False
        self.inline(element, paragraph, {})

    def items(self, element: Element, style: str, depth: int = 1) -> None:
        for item in element:
            if _tag(item) != "li":
                continue
            paragraph = self.new_paragraph(style if depth == 1 else f"{style} {min(depth, 3)}")
            inline = Element(item.tag)
            inline.text = item.text
            for child in item:
                if _tag(child) in ("ul", "ol"):
                    self.items(child, "List Number" if _tag(child) == "ol" else "List Bullet", depth + 1)
                else:
                    inline.append(copy.copy(child))
            self.inline(inline, paragraph, {})

    # --- inline text ---------------------------------------------------------------------

    def inline(self, element: Element, paragraph: Paragraph, format_: dict[str, bool]) -> None:
        if element.text:
            _run(paragraph, element.text, format_)
        for child in element:
            tag = _tag(child)
            if tag == "br":
                paragraph.add_run().add_break()
            elif tag in ("ul", "ol", "table", "div", "p"):  # a block inside a list item or cell
                self.inline(child, paragraph, format_)
            elif tag not in SKIPPED:
                inner = dict(format_)
                inner["bold"] = format_.get("bold", False) or tag in ("strong", "b", "th")
                inner["italic"] = format_.get("italic", False) or tag in ("em", "i")
                inner["code"] = format_.get("code", False) or tag == "code"
                self.inline(child, paragraph, inner)
            if child.tail:
                _run(paragraph, child.tail, format_)

    # --- front matter --------------------------------------------------------------------

    def cover(self, element: Element) -> None:
        for child in element.iter():
            tag, classes = _tag(child), _classes(child)
            if tag == "img":
                self.image(child, Cm(4), center=True)
            elif tag == "p":
                style = (
                    "Title"
                    if "cover-title" in classes
                    else "Subtitle"
                    if "cover-subtitle" in classes
                    else None
                )
                paragraph = self.new_paragraph(style)
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _run(paragraph, _text(child), {"bold": "cover-kicker" in classes})
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = False
        _number_pages(section, "lowerRoman", 1)
        self.page_start = True

    def contents(self, element: Element) -> None:
        """The table of contents as a TOC field over headings 1–3; until Word updates it (it
        asks when the file opens), its result lists the entries the HTML lists."""
        heading = element.find(f".//{HTML_NS}h1")
        if heading is not None:
            caption = self.document.add_paragraph(_text(heading), style=self._style("TOC Heading"))
            caption.paragraph_format.page_break_before = not self.page_start
        entries = [(_text(li), 2 if "toc-2" in _classes(li) else 1) for li in element.iter(f"{HTML_NS}li")]
        entries = entries or [("", 1)]
        for index, (title, level) in enumerate(entries):
            paragraph = self.new_paragraph()
            paragraph.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            if index == 0:
                _field_start(paragraph, 'TOC \\o "1-3" \\h \\z \\u')
            _run(paragraph, title, {"bold": level == 1})
            if index == len(entries) - 1:
                _field_end(paragraph)
        self.paragraph = None

    def landscape(self, element: Element) -> None:
        """A wide chapter on landscape pages, then portrait again."""
        self._section(WD_ORIENT.LANDSCAPE)
        self.block(element)
        self._section(WD_ORIENT.PORTRAIT)

    def _section(self, orientation: WD_ORIENT) -> None:
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        width, height = sorted((section.page_width, section.page_height))
        landscape = orientation == WD_ORIENT.LANDSCAPE
        section.orientation = orientation
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
        section.different_first_page_header_footer = False  # only the cover goes unnumbered
        _number_pages(
            section, "lowerRoman" if self.front_matter else "decimal", 1 if self.number_from_one else None
        )
        self.number_from_one = False
        self.page_start = True

    @property
    def text_width(self) -> Any:
        section = self.document.sections[-1]
        return section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]

    # --- tables and figures ----------------------------------------------------------------

    def table(self, element: Element) -> None:
        caption = element.find(f"{HTML_NS}caption")
        if caption is not None:
            self.caption(caption)
        rows = [(tr, _tag(parent) == "thead") for parent in element for tr in _rows(parent)]
        grid = _grid(rows)
        if not grid:
            return
        width = max(len(row) for row in grid)
        table = self.document.add_table(rows=len(grid), cols=width)
        table.style = self._style("Table Grid")
        table.autofit = False
        marks = _mark_columns(rows, grid)
        widths = _column_widths(grid, self.text_width, marks)
        for column, column_width in zip(table.columns, widths, strict=True):
            column.width = column_width  # the grid, which LibreOffice follows
        for row in table.rows:
            for cell, column_width in zip(row.cells, widths, strict=True):
                cell.width = column_width
        for r, cells in enumerate(grid):  # spans first: merging replaces cells
            for c, placed in enumerate(cells):
                if placed is not None and placed[1] == (r, c) and _spans(placed[0]) != (1, 1):
                    span_rows, span_cols = _spans(placed[0])
                    last = (min(r + span_rows, len(grid)) - 1, min(c + span_cols, width) - 1)
                    table.cell(r, c).merge(table.cell(*last))
        all_cells = table._cells  # one walk of the table: `table.cell()` walks it every time
        for r, ((_, header), cells) in enumerate(zip(rows, grid, strict=True)):
            if header:
                _repeat_header(table, r)
            for c, placed in enumerate(cells):
                if placed is None or placed[1] != (r, c):
                    continue
                source = placed[0]
                cell = all_cells[r * width + c]
                paragraph = cell.paragraphs[0]
                if "num" in _classes(source):
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                self.inline(source, paragraph, {"bold": header or _tag(source) == "th"})
                if c in marks:
                    _compact(cell, paragraph)
        self.paragraph = None
        self.new_paragraph()  # a table followed directly by another would merge in Word

    def figure(self, element: Element) -> None:
        for child in element:
            tag = _tag(child)
            if child.tag == f"{SVG_NS}svg":
                self.chart(child, self.text_width)
            elif tag == "img":
                self.image(child, self.text_width)
            elif tag == "figcaption":
                self.caption(child)
            else:
                self.element(child)

    def caption(self, element: Element) -> None:
        """`Tabel 3.2 Title` as `Tabel 3.` + a SEQ field that restarts at each heading 1; a
        table or chart continued (its caption has no `id`: it is listed once) repeats the
        number before it (`\\c`), as in the PDF: one number for one table or figure."""
        paragraph = self.new_paragraph("Caption")
        number = element.find(f"{HTML_NS}span[@class='caption-number']")
        rest = Element(element.tag)
        rest.text = number.tail if number is not None else element.text
        for child in element:
            if child is not number:
                rest.append(child)
        match = CAPTION_NUMBER.match(_text(number)) if number is not None else None
        if match:
            word, prefix, count = match.groups()
            _run(paragraph, f"{word} {prefix}", {})
            repeat = "\\c " if element.get("id") is None else ""
            _field(paragraph, f"SEQ {word} {repeat}\\* ARABIC \\s 1", count)
        elif number is not None:
            _run(paragraph, _text(number), {})
        self.inline(rest, paragraph, {})

    def chart(self, svg: Element, width: Any) -> None:
        from xml.etree.ElementTree import register_namespace, tostring

        register_namespace("", SVG_NS.strip("{}"))
        svg = copy.deepcopy(svg)
        for node in svg.iter():  # the parser keeps `xmlns` as an attribute: serialised twice
            for name in [n for n in node.attrib if "xmlns" in n]:
                del node.attrib[name]
        self.picture(_svg_png(tostring(svg)), width)

    def image(self, element: Element, width: Any, center: bool = False) -> None:
        source = element.get("src", "")
        match = re.match(r"data:image/(png|jpeg|svg\+xml);base64,(.*)", source, re.DOTALL)
        if not match:
            return  # the HTML embeds every image; anything else is not ours to fetch
        data = base64.b64decode(match.group(2))
        self.picture(_svg_png(data) if match.group(1) == "svg+xml" else data, width, center)

    def picture(self, png: bytes, width: Any, center: bool = True) -> None:
        paragraph = self.new_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(io.BytesIO(png), width=width)


# --- helpers ------------------------------------------------------------------------------------


def _run(paragraph: Paragraph, text: str, format_: dict[str, bool]) -> None:
    text = re.sub(r"\s+", " ", text)
    if not text.strip() and not paragraph.text:
        return
    run = paragraph.add_run(text)
    run.bold = format_.get("bold") or None
    run.italic = format_.get("italic") or None
    if format_.get("code"):
        run.font.name = "Noto Sans Mono"
        run.font.color.rgb = RGBColor(0x33, 0x33, 0x33)


def _field(paragraph: Paragraph, instruction: str, result: str) -> None:
    """A complex field (`SEQ`, `PAGE`) with the result shown until it is updated."""
    _field_start(paragraph, instruction)
    paragraph.add_run(result)
    _field_end(paragraph)


def _field_start(paragraph: Paragraph, instruction: str) -> None:
    _field_character(paragraph, "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    _field_character(paragraph, "separate")


def _field_end(paragraph: Paragraph) -> None:
    _field_character(paragraph, "end")


def _field_character(paragraph: Paragraph, kind: str) -> None:
    character = OxmlElement("w:fldChar")
    character.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(character)


# what may follow `w:pgNumType` in a section's properties (ECMA-376 CT_SectPr's sequence)
AFTER_PAGE_NUMBERING = (
    "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
    "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
)  # fmt: skip


def _number_pages(section: Any, style: str, start: int | None) -> None:
    """`w:pgNumType` of a section: its numerals (`lowerRoman`, `decimal`) and, when given, the
    number of its first page; without one it goes on from the section before."""
    properties = section._sectPr
    numbering = properties.find(qn("w:pgNumType"))
    if numbering is None:
        numbering = OxmlElement("w:pgNumType")
        properties.insert_element_before(numbering, *AFTER_PAGE_NUMBERING)
    numbering.set(qn("w:fmt"), style)
    if start is None:
        numbering.attrib.pop(qn("w:start"), None)
    else:
        numbering.set(qn("w:start"), str(start))


def _page_number_footer(paragraph: Paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(paragraph, "PAGE", "1")


def _set_language(document: DocxDocument, tag: str) -> None:
    """The proofing language of every run: `w:lang` in the document defaults."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    assert defaults is not None
    properties = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert properties is not None
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), tag)


def _rows(parent: Element) -> Iterator[Element]:
    if _tag(parent) in ("thead", "tbody", "tfoot"):
        yield from (tr for tr in parent if _tag(tr) == "tr")
    elif _tag(parent) == "tr":
        yield parent


def _spans(cell: Element) -> tuple[int, int]:
    def number(name: str) -> int:
        value = cell.get(name, "1")
        return max(1, min(int(value), 100)) if value.isdigit() else 1

    return number("rowspan"), number("colspan")


def _grid(rows: list[tuple[Element, bool]]) -> list[list[tuple[Element, tuple[int, int]] | None]]:
    """Where each cell of the HTML table stands, with row and column spans laid out: each grid
    position holds its cell and the position of that cell's top-left corner."""
    grid: list[list[tuple[Element, tuple[int, int]] | None]] = [[] for _ in rows]
    for r, (tr, _) in enumerate(rows):
        c = 0
        for cell in (x for x in tr if _tag(x) in ("td", "th")):
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            span_rows, span_cols = _spans(cell)
            for dr in range(span_rows):
                if r + dr >= len(grid):
                    break
                line = grid[r + dr]
                line.extend([None] * (c + span_cols - len(line)))
                for dc in range(span_cols):
                    line[c + dc] = (cell, (r, c))
            c += span_cols
    width = max((len(line) for line in grid), default=0)
    for line in grid:
        line.extend([None] * (width - len(line)))
    return grid


# A character of table text (10.5 pt; capitals and bold digits) is about 0.6 em wide; a cell's
# padding (0.19 cm each side) about three of them.
CHARACTER = Pt(10.5 * 0.6)
# A roadmap's year column, as the PDF's (`table.roadmap .c-mark`): its year in a smaller font,
# with little side padding, so that ten years and the program's columns share a landscape page
# (at the body's size and padding, "2026" wrapped to "202 / 6" in a ten-year roadmap).
MARK_FONT = Pt(8)
MARK_PADDING = Cm(0.05)
MARK_WIDTH = int(4 * MARK_FONT * 0.7 + 2 * MARK_PADDING + Cm(0.1))  # "2026" in bold, and air


def _mark_columns(
    rows: list[tuple[Element, bool]], grid: list[list[tuple[Element, tuple[int, int]] | None]]
) -> set[int]:
    """The columns whose body cells are all roadmap marks (`td.mark`): the years."""
    body = [line for (_, header), line in zip(rows, grid, strict=True) if not header]
    return {
        c
        for c in range(len(grid[0]) if grid else 0)
        if body and all(p is not None and "mark" in _classes(p[0]) for p in (line[c] for line in body))
    }


def _compact(cell: Any, paragraph: Paragraph) -> None:
    """A year column's cell: the small font and narrow side padding of `MARK_WIDTH`."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in paragraph.runs:
        run.font.size = MARK_FONT
    margins = OxmlElement("w:tcMar")
    for side in ("w:left", "w:right"):
        margin = OxmlElement(side)
        margin.set(qn("w:w"), str(int(MARK_PADDING.twips)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    cell._tc.get_or_add_tcPr().append(margins)


def _column_widths(
    grid: list[list[tuple[Element, tuple[int, int]] | None]], total: Any, marks: Set[int] = frozenset()
) -> list[int]:
    """Column widths in proportion to the longest text of each column (a long text is wrapped
    past 40 characters), filling the text width; no column is narrower than its longest word
    (a program id, a year, a number), which it takes from the columns that can wrap: a
    five-year roadmap had "202 6" and "DISKOPUMDAG -02" in landscape. The `marks` columns
    (a roadmap's years) take `MARK_WIDTH` each, the others share the rest."""
    total -= MARK_WIDTH * len(marks)
    weights, floors = [], []
    for c in (c for c in range(len(grid[0])) if c not in marks):
        longest, word = 3, 1
        for line in grid:
            placed = line[c]
            if placed is None or _spans(placed[0])[1] > 1:
                continue
            text = _text(placed[0])
            number = "num" in _classes(placed[0])
            longest = max(longest, len(text) if number else min(len(text), 40))
            word = max(word, len(text) if number else max((len(w) for w in text.split()), default=0))
        weights.append(longest + 2)  # the cell's padding
        floors.append(min((word + 3) * CHARACTER, total // 3))
    widths = [total * w / sum(weights) for w in weights]
    short = sum(max(floor - width, 0) for floor, width in zip(floors, widths, strict=True))
    slack = sum(max(width - floor, 0) for floor, width in zip(floors, widths, strict=True))
    if short and slack >= short:  # widen what would break inside a word, from the others' slack
        widths = [
            floor if width <= floor else width - (width - floor) * short / slack
            for floor, width in zip(floors, widths, strict=True)
        ]  # without the slack, widths stay proportional
    shared = iter(widths)
    return [MARK_WIDTH if c in marks else int(next(shared)) for c in range(len(grid[0]))]


def _repeat_header(table: Table, row: int) -> None:
    properties = table.rows[row]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


VIEW_BOX = re.compile(rb'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)')
SIZE = re.compile(rb'<svg[^>]*?\swidth="([\d.]+)(?:px)?"[^>]*?\sheight="([\d.]+)(?:px)?"')
MAX_ASPECT = 5  # height / width: a taller image would be drawn at 2000 px wide, and too high


def _svg_png(svg: bytes) -> bytes:
    """The SVG drawn as PNG, 2000 px wide; never from outside files (`unsafe=False`)."""
    box = VIEW_BOX.search(svg[:4096]) or SIZE.search(svg[:4096])
    if box is None or not 0 < float(box[2]) <= MAX_ASPECT * float(box[1]):
        raise DocxError(l10n._("an SVG image has no size, or one too tall to draw"))
    try:
        import cairosvg  # type: ignore[import-untyped]
    except OSError as error:  # cairocffi finds no libcairo
        raise DocxError(
            l10n._("the charts cannot be drawn: {error} (install libcairo2)").format(error=error)
        ) from None
    png: bytes = cairosvg.svg2png(bytestring=svg, output_width=CHART_PIXELS, unsafe=False)
    return png


def _reproducible(data: bytes) -> bytes:
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info))
    return out.getvalue()
