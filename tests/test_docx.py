"""`masterplan build --format docx`: the Word edition, read back with python-docx."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from conftest import page_numbering
from masterplan_cli.cli import run
from masterplan_cli.render.docx_document import CHARACTER, MARK_FONT, DocxError, render_docx

EXAMPLES = Path(__file__).parent.parent / "examples"


def instructions(document: object) -> list[str]:
    body = document.element.body  # type: ignore[attr-defined]
    return [" ".join(e.text.split()) for e in body.iter(qn("w:instrText"))]


@pytest.fixture(scope="module")
def solok(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("docx") / "solok"
    shutil.copytree(EXAMPLES / "solok", root, ignore=shutil.ignore_patterns("dist"))
    assert run(["build", str(root), "--format", "docx", "--format", "html", "--out", str(root / "dist")]) == 0
    return root / "dist" / "masterplan.docx", (root / "dist" / "masterplan.html").read_text(encoding="utf-8")


@pytest.mark.slow  # builds Solok's Word edition
def test_headings_are_word_headings(solok: tuple[Path, str]) -> None:
    document = Document(str(solok[0]))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    level_one = [text for style, text in headings if style == "Heading 1"]
    assert level_one[:3] == ["Kata Pengantar", "Ringkasan Eksekutif", "BAB I Pendahuluan"]
    assert ("Heading 2", "1.1 Latar Belakang") in headings
    assert (
        len(headings) == len(re.findall(r"<h[1-4][ >]", solok[1])) - 3
    )  # the titles of the contents and of the lists of tables and figures are no headings
    assert (
        language_of(document) == "id-ID"
        and document.core_properties.title == "Masterplan Smart City Kota Solok 2024–2028"
    )


@pytest.mark.slow  # builds Solok's Word edition
def test_contents_captions_and_page_numbers_are_fields(solok: tuple[Path, str]) -> None:
    document = Document(str(solok[0]))
    fields = instructions(document)
    assert fields[0] == 'TOC \\o "1-3" \\h \\z \\u'
    # a table or figure continued repeats its number (\\c): it is listed, and counted, once
    tables = len(re.findall(r"<caption id=[^>]*><span class=\"caption-number\">Tabel ", solok[1]))
    continued = len(re.findall(r"<caption data-[^>]*><span class=\"caption-number\">Tabel ", solok[1]))
    figures = len(re.findall(r"<figcaption id=[^>]*><span class=\"caption-number\">Gambar ", solok[1]))
    continued_figures = len(re.findall(r"<figcaption><span class=\"caption-number\">Gambar ", solok[1]))
    assert (
        fields.count("SEQ Tabel \\* ARABIC \\s 1")
        == tables
        == solok[1].count('<li class="toc-2"><a href="#table-')
    )
    assert fields.count("SEQ Tabel \\c \\* ARABIC \\s 1") == continued  # none in five years
    assert fields.count("SEQ Gambar \\* ARABIC \\s 1") == figures == 3
    assert fields.count("SEQ Gambar \\c \\* ARABIC \\s 1") == continued_figures == 2
    caption = next(
        p for p in document.paragraphs if p.style.name == "Caption" and p.text.startswith("Tabel 2.1")
    )
    assert caption.text == "Tabel 2.1 Data umum daerah"
    footer = document.sections[1].footer.paragraphs[0]._p
    assert [" ".join(e.text.split()) for e in footer.iter(qn("w:instrText"))] == ["PAGE"]
    assert document.sections[0].different_first_page_header_footer  # no number on the cover
    # i, ii, … for the front matter, 1 from BAB I, then on through the landscape section
    assert page_numbering(document) == [
        None,
        ("lowerRoman", "1"),
        ("decimal", "1"),
        ("decimal", None),
        ("decimal", None),
    ]
    assert not any(s.different_first_page_header_footer for s in document.sections[1:])


@pytest.mark.slow  # builds Solok's Word edition
def test_tables_repeat_their_header_rows_and_wide_chapters_are_landscape(solok: tuple[Path, str]) -> None:
    document = Document(str(solok[0]))
    assert len(document.tables) == solok[1].count("<table")
    with_header = [
        t for t in document.tables if t.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    ]
    assert len(with_header) == solok[1].count("<thead")
    landscape = [s for s in document.sections if s.page_width > s.page_height]
    assert (
        len(landscape)
        == solok[1].count('class="chapter wide"') + solok[1].count('class="chapter appendix wide"')
        == 1  # a 5-year plan's roadmap and budget fit portrait; the OPD × pillar matrix does not
    )
    assert len(document.inline_shapes) == 6  # the logo and five charts


def language_of(document: object) -> str:
    styles = document.styles.element  # type: ignore[attr-defined]
    language = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    return str(language.get(qn("w:val")))


def test_language_and_reproducibility(tmp_path: Path) -> None:
    html = (
        "<html><body><h1>Bab</h1><table><thead><tr><th colspan=2>A</th></tr></thead>"
        "<tbody><tr><td rowspan=2>1</td><td>2</td></tr><tr><td>3</td></tr></tbody></table></body></html>"
    )
    first = render_docx(html, "en", "T", "A")
    assert render_docx(html, "en", "T", "A") == first
    (tmp_path / "probe.docx").write_bytes(first)
    document = Document(str(tmp_path / "probe.docx"))
    assert language_of(document) == "en-US"
    assert document.core_properties.language == "en-US"
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["A", "A"]  # one cell spanning two columns
    assert [c.text for c in table.columns[0].cells] == ["A", "1", "1"]  # and one spanning two rows


@pytest.mark.parametrize(
    "svg",
    [
        pytest.param('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 100000"/>', id="too tall"),
        pytest.param(
            '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="90"/>', id="too tall by size"
        ),
        pytest.param('<svg xmlns="http://www.w3.org/2000/svg"/>', id="no size"),
    ],
)
def test_an_svg_that_would_take_all_memory_is_refused(svg: str) -> None:
    html = f"<html><body><figure>{svg}</figure></body></html>"
    with pytest.raises(DocxError, match=r"^an SVG image has no size, or one too tall to draw$"):
        render_docx(html, "id", "T", "A")


def test_no_column_is_narrower_than_its_longest_word(tmp_path: Path) -> None:
    """A roadmap row: a program id and the years must not break inside ("202 6",
    "DISKOPUMDAG -02", as LibreOffice showed them); the program's name wraps instead."""
    years = "".join(f"<th>{year}</th>" for year in range(2026, 2031))
    marks = "<td>■</td>" * 5
    html = (
        f"<html><body><table><thead><tr><th>Kode</th><th>Program</th>{years}</tr></thead><tbody>"
        f"<tr><td>DISKOPUMDAG-02</td><td>{'Sistem Informasi Harga dan Stok Pangan Daerah'}</td>{marks}</tr>"
        "</tbody></table></body></html>"
    )
    (tmp_path / "probe.docx").write_bytes(render_docx(html, "id", "T", "A"))
    widths = [column.width for column in Document(str(tmp_path / "probe.docx")).tables[0].columns]
    assert widths[0] >= (len("DISKOPUMDAG-02") + 3) * CHARACTER
    assert all(width >= (len("2026") + 3) * CHARACTER for width in widths[2:])
    assert widths[1] > widths[0]  # the name still has the most room


def test_a_ten_year_roadmap_keeps_its_years_on_one_line(tmp_path: Path) -> None:
    """A ten-year roadmap on its landscape page: 4 columns of text and 10 of years. At the
    body's size and padding the years wrapped ("202" / "6" in LibreOffice); as the PDF does,
    the years take a smaller font and little padding, and the text columns the rest."""
    years = "".join(f'<th scope="col" class="center">{year}</th>' for year in range(2026, 2036))
    marks = '<td class="mark on">■</td>' * 3 + '<td class="mark"></td>' * 7
    html = (
        '<html><body><section class="chapter wide"><table class="data roadmap"><thead><tr>'
        f"<th>Kode</th><th>Program</th><th>Pilar</th><th>OPD</th>{years}</tr></thead><tbody>"
        "<tr><td>DISKOPUMDAG-02</td><th>Sistem Informasi Harga dan Stok Pangan Daerah</th>"
        f"<td>Smart Economy</td><td>Diskopumdag</td>{marks}</tr>"
        "</tbody></table></section></body></html>"
    )
    (tmp_path / "probe.docx").write_bytes(render_docx(html, "id", "T", "A"))
    table = Document(str(tmp_path / "probe.docx")).tables[0]
    bold_digit = 0.7  # em: the widest of Noto Sans and DejaVu Sans (LibreOffice's stand-in)
    for cell in table.rows[0].cells[4:]:
        margins = cell._tc.tcPr.find(qn("w:tcMar"))
        padding = 2 * 108  # twips: Word's own 0.19 cm each side
        if margins is not None:
            padding = sum(int(margins.find(qn(f"w:{side}")).get(qn("w:w"))) for side in ("left", "right"))
        (run,) = cell.paragraphs[0].runs
        size = run.font.size or Pt(10.5)
        assert cell.width.pt - padding / 20 >= 4 * bold_digit * size.pt
        assert run.font.size == MARK_FONT and run.bold
    widths = [column.width for column in table.columns]
    landscape = Document(str(tmp_path / "probe.docx")).sections[-2]
    assert sum(widths) <= landscape.page_width - landscape.left_margin - landscape.right_margin
    assert widths[0] >= (len("DISKOPUMDAG-02") + 3) * CHARACTER  # the id still unbroken
