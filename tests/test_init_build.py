"""`masterplan init` then `masterplan build`: a new city repository builds at once, in both
frameworks and both languages, through the real entry point (`cli.run`).

Markdown and HTML are built for all four combinations; the slow PDF for one (marked `pdf`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import INIT_ANSWERS, fill_in, masterplan


def new_city(root: Path, framework: str, language: str) -> Path:
    code, output = masterplan(
        "init", str(root), *INIT_ANSWERS, "--framework", framework, "--language", language, "--no-input"
    )
    assert code == 0, output
    code, output = masterplan("check", str(root))
    assert code == 0, output
    # --strict fails on the to-do list of a new repository only: placeholders, empty pillars
    code, output = masterplan("check", str(root), "--strict", "--format", "json")
    assert code == 1
    assert {d["code"] for d in json.loads(output)} == {"MP252", "MP360"}
    fill_in(root)
    code, output = masterplan("check", str(root), "--strict")
    assert code == 0, output
    return root


@pytest.mark.parametrize(
    ("framework", "language", "words"),
    [
        pytest.param(
            "kominfo",
            "id",
            ["Kota Contoh", "Rekam Medis Elektronik Puskesmas", "Smart Branding"],
            id="kominfo in Indonesian",
        ),
        pytest.param(
            "kominfo",
            "en",
            ["Kota Contoh", "Electronic Medical Records in Health Centres", "Smart Branding"],
            id="kominfo in English",
        ),
        pytest.param(
            "cohen",
            "id",
            ["Kota Contoh", "Pengendalian Lalu Lintas Terpadu (ATCS)", "Smart Mobility"],
            id="cohen in Indonesian",
        ),
        pytest.param(
            "cohen",
            "en",
            ["Kota Contoh", "Area Traffic Control System (ATCS)", "Smart People"],
            id="cohen in English",
        ),
    ],
)
def test_a_new_city_builds_markdown_and_html(
    tmp_path: Path, framework: str, language: str, words: list[str]
) -> None:
    root = new_city(tmp_path / "city", framework, language)
    code, output = masterplan("build", str(root), "--strict", "--format", "md", "--format", "html")
    assert code == 0, output
    markdown = (root / "dist" / "masterplan.md").read_text(encoding="utf-8")
    html = (root / "dist" / "masterplan.html").read_text(encoding="utf-8")
    for word in words:
        assert word in markdown, word
        assert word.replace("(", "").split()[0] in html, word


@pytest.mark.pdf
def test_a_new_city_builds_a_pdf(tmp_path: Path) -> None:
    root = new_city(tmp_path / "city", "kominfo", "id")
    code, output = masterplan("build", str(root), "--strict")
    assert code == 0, output
    for name in ("masterplan.md", "masterplan.html", "masterplan.pdf"):
        assert (root / "dist" / name).stat().st_size > 0, name
    assert (root / "dist" / "masterplan.pdf").read_bytes().startswith(b"%PDF-")
    # every glyph from the bundled fonts: a new city's PDF is the same on every machine (its
    # BAB VIII names `city.apbd` in a <code> that once took this machine's monospace font)
    assert "city.apbd" in (root / "dist" / "masterplan.html").read_text(encoding="utf-8")
    assert "from this machine" not in output and "dari komputer ini" not in output, output
    fonts = {
        str(font["/BaseFont"]).split("+", 1)[-1]
        for page in PdfReader(root / "dist" / "masterplan.pdf").pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all(name.startswith("Masterplan-") for name in fonts), fonts
