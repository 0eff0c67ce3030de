"""What `render_pdf` does to be faster leaves the pages as they were. It lays out with a lean
copy of WeasyPrint's user-agent stylesheet (no footnote or note pseudo-elements, markers on
`li` only) unless the document could need the full one: the pages are the same either way, and
a city's stylesheet that makes footnotes still gets them. It collects garbage rarely while it
works, and gives the process its collector's thresholds back."""

from __future__ import annotations

import gc
import io
from pathlib import Path

import pdfplumber
import pytest

from masterplan_cli.render.pdf import PdfError, _html_class, import_weasyprint, render_pdf

pytestmark = pytest.mark.pdf

LISTS = (
    '<html lang="id"><head><style>@page { size: A6; margin: 10mm }'
    "ol.roman { list-style-type: upper-roman } li::marker { color: #246 }</style></head><body>"
    "<ol><li>Satu</li><li>Dua</li><li>Tiga</li><li>Empat</li></ol>"
    '<ul><li>Butir</li><li>Butir <ol class="roman"><li>Anak</li><li>Anak</li></ol></li></ul>'
    "<p>Paragraf biasa.</p></body></html>"
)


def _words(html: str, folder: Path) -> list[tuple[str, float, float]]:
    pdf = render_pdf(html, base_dir=folder, allowed_roots=[])
    with pdfplumber.open(io.BytesIO(pdf.data)) as document:
        return [
            (w["text"], round(w["x0"], 2), round(w["top"], 2))
            for page in document.pages
            for w in page.extract_words()
        ]


def test_list_markers_are_placed_as_with_weasyprints_own_sheet(tmp_path: Path) -> None:
    lean = _words(LISTS, tmp_path)
    # the word "footnote" anywhere in the document keeps WeasyPrint's own sheet
    full = _words(LISTS.replace("<body>", "<body><!-- footnote -->"), tmp_path)
    assert " ".join(word for word, _x, _y in lean) == (
        "1. Satu 2. Dua 3. Tiga 4. Empat • Butir • Butir I. Anak II. Anak Paragraf biasa."
    )
    assert lean == full


@pytest.mark.parametrize(
    "word", ["footnote", "NOTE(", "list-item", '<link rel="stylesheet" href="a.css">', "@import"]
)
def test_the_lean_sheet_is_used_unless_the_document_could_need_the_full_one(word: str) -> None:
    weasyprint = import_weasyprint()
    assert _html_class(weasyprint, LISTS) is not weasyprint.HTML
    assert _html_class(weasyprint, LISTS.replace("<body>", f"<body>{word}")) is weasyprint.HTML


def test_a_city_stylesheet_with_footnotes_gets_them(tmp_path: Path) -> None:
    html = (
        '<html lang="id"><head><style>@page { size: A6; margin: 10mm }'
        ".fn { float: footnote }</style></head><body>"
        '<p>Teks utama<span class="fn">Catatan kaki di bawah.</span> berlanjut.</p></body></html>'
    )
    words = _words(html, tmp_path)
    # the call: a superscript 1 after "utama", above the line; the note at the page's foot
    assert [word for word, _x, _y in words] == (
        ["1", "Teks", "utama", "berlanjut.", "1.", "Catatan", "kaki", "di", "bawah."]
    )
    call, utama, note = words[0], words[2], words[4]
    assert call[1] > utama[1] and call[2] < utama[2] and note[2] > 300


def test_the_collectors_thresholds_are_given_back(tmp_path: Path) -> None:
    before = gc.get_threshold()
    _words(LISTS, tmp_path)
    assert gc.get_threshold() == before
    with pytest.raises(PdfError):
        render_pdf('<img src="https://example.org/a.png">', base_dir=tmp_path, allowed_roots=[])
    assert gc.get_threshold() == before
