"""`masterplan build --books`: the four books, each the single volume's templates rendered
with its own chapters (`books.BOOKS`), with its own cover, contents and page numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import MINI, masterplan, page_numbering
from masterplan_cli.render.md_document import github_slug

STEMS = ["buku-1-analisis-strategis", "buku-2-masterplan", "buku-3-quick-win", "buku-4-peta-jalan"]
CHAPTERS = {  # what each book's contents list at level 1, after the front matter
    "buku-1-analisis-strategis": [
        "BAB I Pendahuluan",
        "BAB II Gambaran Umum Daerah",
        "BAB III Analisis Strategis",
    ],
    "buku-2-masterplan": [
        "Ringkasan Eksekutif",
        "BAB IV Visi, Misi, dan Strategi",
        "BAB V Rencana Program",
        "BAB VIII Rencana Anggaran",
        "BAB IX Rencana Aksi Pendukung",
        "BAB X Tata Kelola",
        "BAB XI Penutup",
        "Lampiran A Matriks OPD × Pilar",
        "Lampiran B Program per Perangkat Daerah",
        "Lampiran C Peraturan Penetapan dan Keputusan",
    ],
    "buku-3-quick-win": ["BAB VI Quick Win"],
    "buku-4-peta-jalan": ["BAB VII Peta Jalan"],
}
FRONT = ["Kata Pengantar", "Daftar Tabel", "Daftar Gambar"]
BOOK_NAMES = ["Buku 1 Analisis Strategis", "Buku 2 Masterplan", "Buku 3 Quick Win", "Buku 4 Peta Jalan"]


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("books")
    code, output = masterplan(
        "build", str(MINI), "--strict", "--books", "-f", "md", "-f", "html", "--out", str(out)
    )
    assert code == 0, output
    return out, output


def test_the_four_books_and_nothing_else_are_written(books: tuple[Path, str]) -> None:
    out, output = books
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{s}.{f}" for s in STEMS for f in ("html", "md"))
    assert output.count("wrote ") == 8 and "Built 8 files" in output


def html_contents(html: str) -> list[str]:
    toc = html[html.index('<ol class="toc-list">') : html.index("</ol>")]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", item).split())
        for item in re.findall(r'<li class="toc-1[^"]*">(.*?)</li>', toc)
    ]


@pytest.mark.parametrize("stem", STEMS)
def test_each_contents_lists_only_its_chapters(books: tuple[Path, str], stem: str) -> None:
    out, _ = books
    html = (out / f"{stem}.html").read_text(encoding="utf-8")
    assert html_contents(html) == FRONT + CHAPTERS[stem]
    md = (out / f"{stem}.md").read_text(encoding="utf-8")
    listed = re.findall(r"^- \[([^\]]+)\]", md, re.M)
    assert listed == FRONT + CHAPTERS[stem]


@pytest.mark.parametrize(
    ("stem", "name"),
    [
        ("buku-1-analisis-strategis", "Buku 1 Analisis Strategis"),
        ("buku-2-masterplan", "Buku 2 Masterplan"),
        ("buku-3-quick-win", "Buku 3 Quick Win"),
        ("buku-4-peta-jalan", "Buku 4 Peta Jalan"),
    ],
)
def test_each_cover_names_its_book(books: tuple[Path, str], stem: str, name: str) -> None:
    out, _ = books
    html = (out / f"{stem}.html").read_text(encoding="utf-8")
    assert f'<p class="cover-book">{name}</p>' in html
    assert f"<title>Masterplan Smart City Kota Danau Biru 2024–2031 · {name}</title>" in html
    md = (out / f"{stem}.md").read_text(encoding="utf-8")
    assert f"# Masterplan Smart City Kota Danau Biru 2024–2031\n\n**{name}**\n" in md


@pytest.mark.parametrize("stem", STEMS)
def test_no_link_leads_to_a_chapter_of_another_book(books: tuple[Path, str], stem: str) -> None:
    out, _ = books
    html = (out / f"{stem}.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'\bid="([^"]*)"', html))
    assert set(re.findall(r'href="#([^"]*)"', html)) <= ids
    md = (out / f"{stem}.md").read_text(encoding="utf-8")
    anchors = set(re.findall(r'<a id="([^"]*)"></a>', md))
    anchors |= {github_slug(title) for title in re.findall(r"^#{1,6} (.+)$", md, re.M)}
    assert set(re.findall(r"\]\(#([^)]*)\)", md)) <= anchors


def test_a_quick_win_named_in_book_3_is_text_where_its_card_is_in_book_2(books: tuple[Path, str]) -> None:
    out, _ = books
    book3 = (out / "buku-3-quick-win.html").read_text(encoding="utf-8")
    book2 = (out / "buku-2-masterplan.html").read_text(encoding="utf-8")
    cards = set(re.findall(r'id="(program-[^"]+)"', book2))
    assert cards and not any(f'href="#{card}"' in book3 for card in cards)
    assert all(f'id="{card}"' not in book3 for card in cards)


def test_english_books_have_english_names(tmp_path: Path) -> None:
    code, output = masterplan("build", str(MINI), "--books", "-l", "en", "-f", "md", "--out", str(tmp_path))
    assert code == 0, output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "book-1-strategic-analysis.md",
        "book-2-masterplan.md",
        "book-3-quick-wins.md",
        "book-4-roadmap.md",
    ]
    assert "**Book 3 Quick Wins**" in (tmp_path / "book-3-quick-wins.md").read_text(encoding="utf-8")


@pytest.mark.pdf
def test_a_pdf_book_has_its_cover_roman_front_matter_and_its_chapter_from_page_one(tmp_path: Path) -> None:
    code, output = masterplan("build", str(MINI), "--books", "-f", "pdf", "--out", str(tmp_path))
    assert code == 0, output
    reader = PdfReader(tmp_path / "buku-3-quick-win.pdf")
    assert re.search(rf"buku-3-quick-win\.pdf .*, {len(reader.pages)} pages", output)
    lines = [[line.strip() for line in (page.extract_text() or "").splitlines()] for page in reader.pages]
    cover = " ".join(" ".join(lines[0]).split())
    assert "Masterplan Smart City Kota Danau Biru 2024–2031" in cover and "BUKU 3 QUICK WIN" in cover.upper()
    assert [item.title for item in reader.outline if not isinstance(item, list)] == [
        "Kata Pengantar",
        "Daftar Isi",
        "Daftar Tabel",
        "Daftar Gambar",
        "BAB VI · Quick Win",
    ]
    chapter = next(i for i, page in enumerate(lines) if "BAB VI" in " ".join(page[:4]))
    assert "1" in lines[chapter] and "i" in lines[1]
    contents = " ".join(lines[2])
    assert re.search(r"BAB VI Quick Win \.+ ?1\b", contents), contents


@pytest.mark.slow  # four Word documents
def test_word_books_each_have_their_cover_contents_and_chapters(tmp_path: Path) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    code, output = masterplan("build", str(MINI), "--books", "-f", "docx", "--out", str(tmp_path))
    assert code == 0, output
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{stem}.docx" for stem in STEMS]
    for stem, name in zip(STEMS, BOOK_NAMES, strict=True):
        document = Document(str(tmp_path / f"{stem}.docx"))
        paragraphs = [" ".join(p.text.split()) for p in document.paragraphs]
        assert name in paragraphs[:12], (stem, paragraphs[:12])  # on its own cover
        fields = [" ".join(e.text.split()) for e in document.element.body.iter(qn("w:instrText"))]
        assert 'TOC \\o "1-3" \\h \\z \\u' in fields  # its own contents
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        assert headings == ["Kata Pengantar", *CHAPTERS[stem]], stem  # the lists are fields
        assert page_numbering(document)[:3] == [None, ("lowerRoman", "1"), ("decimal", "1")], stem
