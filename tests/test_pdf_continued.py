"""A table that goes on to the next page says so there: "Tabel 2.1 (lanjutan)" in the page's
header, above the repeated header row; not on the page where the table starts (even at the top
of a page), and not on pages after it ends. Rendered with the document's own stylesheet and
`label_continuations`, through `render_pdf`."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest

from masterplan_cli.builder import build
from masterplan_cli.render.html_document import label_continuations, running_label
from masterplan_cli.render.pdf import render_pdf

pytestmark = pytest.mark.pdf

MINI = Path(__file__).parent / "fixtures" / "city-mini"


def _table(number: int, rows: int) -> str:
    body = "".join(f"<tr><td>baris {i}</td><td>{i}</td></tr>" for i in range(rows))
    return (
        '<div class="table-wrap"><table class="data">'
        f'<caption data-running="Tabel 2.{number} (lanjutan)">Tabel 2.{number} Data</caption>'
        f"<thead><tr><th>Data</th><th>Nilai</th></tr></thead><tbody>{body}</tbody></table></div>"
    )


def _page_headers(out: Path, chapter: str, within: tuple[float, float], labelled: bool) -> list[str]:
    """The words at the top of each page between `within` (fractions of its width), in a
    document of the mini city's head and one chapter of `chapter`'s HTML, rendered through
    `render_pdf` (after `label_continuations` when `labelled`)."""
    html = build(MINI, formats=["html"], out_dir=out).files[0].path.read_text(encoding="utf-8")
    document = html[: html.index("<body")] + (
        f'<body><main><section class="chapter">{chapter}</section></main></body></html>'
    )
    pdf = render_pdf(
        label_continuations(document) if labelled else document, base_dir=out, allowed_roots=[out]
    )
    with pdfplumber.open(io.BytesIO(pdf.data)) as read:
        return [
            " ".join(
                w["text"]
                for w in page.extract_words()
                if w["bottom"] < 60 and page.width * within[0] < w["x0"] < page.width * within[1]
            )
            for page in read.pages
        ]


@pytest.fixture(scope="module")
def headers(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The centre of each page's header, in a document of: a table over three pages, a long
    prose block, a short table, a page break, a table that starts a page and goes on."""
    chapter = (
        '<h1 class="chapter-title" data-running="BAB II">'
        f"BAB II</h1><p>Pengantar</p>{_table(1, 90)}"
        f'<div class="prose">{"<p>Uraian setelah tabel.</p>" * 70}</div>{_table(2, 5)}'
        f'<p style="break-before: page">Halaman baru</p>{_table(3, 60)}'
    )
    return _page_headers(tmp_path_factory.mktemp("continued"), chapter, (0.3, 0.6), labelled=True)


def _pages_with(headers: list[str], label: str) -> list[int]:
    return [n for n, text in enumerate(headers, 1) if label in text]


def test_a_table_names_itself_on_the_pages_it_goes_on_to(headers: list[str]) -> None:
    first = _pages_with(headers, "Tabel 2.1 (lanjutan)")
    assert first and first[0] == 2, headers
    assert first == list(range(2, 2 + len(first)))  # every page it goes on to, and no other
    assert _pages_with(headers, "Tabel 2.3 (lanjutan)"), headers


def test_no_label_where_a_table_starts_or_after_it_ends(headers: list[str]) -> None:
    assert "lanjutan" not in headers[0]
    prose_only = [n for n, text in enumerate(headers, 1) if not text]
    assert prose_only, headers  # the prose after the first table has pages of its own
    assert not _pages_with(headers, "Tabel 2.2"), headers  # short: it never goes on
    starts = _pages_with(headers, "Tabel 2.3 (lanjutan)")[0] - 1  # the page it starts, at the top
    assert "lanjutan" not in headers[starts - 1], headers


def test_a_short_table_is_not_split_before_a_chapter_ends(tmp_path: Path) -> None:
    """A table of 9 rows that starts low on a page goes whole to the next one: split, its
    last rows stood alone on a page before the chapter's break (Padang's Tabel 2.2, 3.25)."""
    chapter = (
        '<h1 class="chapter-title" data-running="BAB II">BAB II</h1>'
        f'<div style="height: 190mm"></div>{_table(1, 9)}'
    )
    headers = _page_headers(tmp_path, chapter, (0.3, 0.6), labelled=True)
    assert len(headers) == 2 and not _pages_with(headers, "lanjutan"), headers


def _card(code: str, rows: int, paragraphs: int, label: str = "") -> str:
    facts = "".join(f'<tr><th scope="row">Butir {i}</th><td>{i}</td></tr>' for i in range(rows))
    label = label or f"{code} Program (lanjutan)"
    return (
        f'<article class="program"><h4 class="program-title">{code} Program</h4>'
        f'<table class="facts" data-running="{label}"><tbody>{facts}</tbody></table>'
        f'<div class="prose">{"<p>Uraian program yang panjang.</p>" * paragraphs}</div>'
        '<div class="program-end" aria-hidden="true"></div></article>'
    )


@pytest.fixture(scope="module")
def card_headers(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The centre of each page's header, in a chapter of three cards: a long one (three
    pages), a short one, and one that goes on again after a break."""
    chapter = (
        '<h1 class="chapter-title" data-running="BAB V">'
        f"BAB V</h1>{_card('A-01', 12, 110)}{_card('B-02', 4, 2)}"
        f'<p style="break-before: page">Halaman baru</p>{_card("C-03", 40, 40)}'
    )
    return _page_headers(tmp_path_factory.mktemp("cards"), chapter, (0.3, float("inf")), labelled=False)


def test_a_program_card_names_itself_on_the_pages_it_goes_on_to(card_headers: list[str]) -> None:
    first = _pages_with(card_headers, "A-01 Program (lanjutan)")
    assert first[0] == 2 and first == list(range(2, 2 + len(first))) and len(first) >= 2, card_headers
    assert "lanjutan" not in card_headers[0]
    assert not _pages_with(card_headers, "B-02"), card_headers  # short: on one page
    third = _pages_with(card_headers, "C-03 Program (lanjutan)")
    assert third and "lanjutan" not in card_headers[third[0] - 2], card_headers  # not where it starts


LONG_NAME = "KOMINFO-03 Jaringan Intra Pemerintah, Pusat Data Tangguh dan Layanan Satu Pintu Digital"


@pytest.mark.parametrize(
    ("label", "one_line"),
    [
        pytest.param(running_label(LONG_NAME, "lanjutan"), True, id="the label the template makes"),
        pytest.param(f"{LONG_NAME} (lanjutan)", False, id="the whole name wraps: the test can fail"),
    ],
)
def test_a_long_card_name_stays_on_one_line_of_the_header(tmp_path: Path, label: str, one_line: bool) -> None:
    """The header's centre names a continued card in one line, the name cut with an ellipsis;
    the doc title and the chapter name keep their sides. Every line of the centre is read."""
    chapter = f'<h1 class="chapter-title" data-running="BAB V · Program per Pilar">BAB V</h1>{_card("K-03", 60, 30, label)}'
    html = build(MINI, formats=["html"], out_dir=tmp_path).files[0].path.read_text(encoding="utf-8")
    document = html[: html.index("<body")] + (
        f'<body><main><section class="chapter">{chapter}</section></main></body></html>'
    )
    pdf = render_pdf(document, base_dir=tmp_path, allowed_roots=[tmp_path])
    with pdfplumber.open(io.BytesIO(pdf.data)) as read:
        page = read.pages[1]
        header = [w for w in page.extract_words() if w["bottom"] < 60]
        tops = [w["top"] for w in header if page.width * 0.3 < w["x0"] < page.width * 0.7]
    text = " ".join(w["text"] for w in header)
    assert (max(tops) - min(tops) < 3) == one_line, text  # a second line is 8 pt lower
    if one_line:
        assert text.startswith("KOMINFO-03 Jaringan") and text.endswith(
            "… (lanjutan) BAB V · Program per Pilar"
        )
