"""The bundled fonts: what they are, what they draw, how the documents use them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from masterplan_cli.builder import build
from masterplan_cli.fonts import FACES, covered, font_faces_css, fonts_dir, theme_css, undrawable
from masterplan_cli.resources import templates_dir

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "city-mini"
EXAMPLES = HERE.parent / "examples"
BODY = [face for face in FACES if face.family == "Masterplan Sans"]
SYMBOLS = [face for face in FACES if face.family in ("Masterplan Symbols", "Masterplan Math")]


def _font(file: str) -> TTFont:
    return TTFont(fonts_dir() / file)


def test_the_text_face_has_four_styles_with_tabular_figures() -> None:
    assert [(face.weight, face.style) for face in BODY] == [
        (400, "normal"),
        (400, "italic"),
        (700, "normal"),
        (700, "italic"),
    ]
    for face in BODY:
        font = _font(face.file)
        assert font["name"].getDebugName(1) == "Noto Sans"
        assert font["OS/2"].usWeightClass == face.weight
        assert bool(font["OS/2"].fsSelection & 1) == (face.style == "italic")  # the italic bit
        features = {record.FeatureTag for record in font["GSUB"].table.FeatureList.FeatureRecord}
        assert {"tnum", "pnum", "lnum", "liga"} <= features
        assert "kern" in {record.FeatureTag for record in font["GPOS"].table.FeatureList.FeatureRecord}
        # the figures are tabular by default: every digit has the same advance
        cmap, metrics = font.getBestCmap(), font["hmtx"]
        assert len({metrics[cmap[ord(digit)]][0] for digit in "0123456789"}) == 1


def test_every_font_is_woff2_and_the_licence_travels_with_them() -> None:
    for face in FACES:
        assert (fonts_dir() / face.file).read_bytes()[:4] == b"wOF2"
    licence = (fonts_dir() / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert sorted(p.name for p in fonts_dir().iterdir()) == sorted(
        [*(face.file for face in FACES), "OFL.txt", "coverage.json"]
    )


def test_coverage_is_what_the_fonts_draw() -> None:
    """coverage.json, which `check` reads, agrees with the font files (`make fonts` writes both)."""
    body = set.intersection(*(set(_font(face.file).getBestCmap()) for face in BODY))
    symbols = set().union(*(set(_font(face.file).getBestCmap()) for face in SYMBOLS))
    assert covered() == frozenset(body | symbols)


def test_the_built_in_text_needs_no_other_font() -> None:
    """Every character the built-in templates and catalogues write is drawn by the bundled
    fonts: only a city's own text can fall back to a machine's font."""
    text = "".join(
        path.read_text(encoding="utf-8")
        for path in sorted(templates_dir().rglob("*"))
        if path.suffix in (".html", ".css", ".yaml") and "scaffold" not in path.parts
    )
    assert undrawable(text) == []
    assert undrawable("Café Ḥadīth — ≤ 5 → ■ ● ◐ ○ ✓ Rp1.000 € ² № “kutipan”") == []
    assert undrawable("Kampung 数字 ☂ 🚀 spasi\u200blebar\u00a0nol") == ["数", "字", "☂", "🚀"]


def test_the_html_embeds_every_face_and_fetches_nothing(tmp_path: Path) -> None:
    build(MINI, formats=["html"], out_dir=tmp_path)
    html = (tmp_path / "masterplan.html").read_text(encoding="utf-8")
    faces = re.findall(
        r'@font-face \{ font-family: "([^"]+)"; font-weight: (\d+); font-style: (\w+); '
        r"src: url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\) format\('woff2'\); \}",
        html,
    )
    assert [(family, int(weight), style) for family, weight, style, _ in faces] == [
        (face.family, face.weight, face.style) for face in FACES
    ]
    assert re.findall(r"url\((?!data:|#)", html) == [] and "@import" not in html
    assert '--font: "Masterplan Sans", "Masterplan Symbols", "Masterplan Math", sans-serif;' in html


def test_a_city_may_put_an_installed_font_first(tmp_path: Path) -> None:
    city = tmp_path / "city"
    shutil.copytree(MINI, city)
    settings = city / "masterplan.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "document:\n", 'document:\n  font: "Source Sans 3"\n', 1
        ),
        encoding="utf-8",
    )
    build(city, formats=["html"], out_dir=tmp_path / "out")
    html = (tmp_path / "out" / "masterplan.html").read_text(encoding="utf-8")
    # after the stylesheet, so that it wins; the bundled fonts draw what it lacks
    assert html.index(':root { --font: "Source Sans 3", "Masterplan Sans"') > html.index("--font-mono")


@pytest.mark.parametrize(
    "name", ['Arial"; } body { display: none', "Arial\n", "Arial;", "x" * 64, " Arial", "A<b>"]
)
def test_a_font_name_is_a_name_and_nothing_more(name: str) -> None:
    from pydantic import ValidationError

    from masterplan_cli.schema.city import Document

    with pytest.raises(ValidationError):
        Document(font=name)
    with pytest.raises(ValueError):
        theme_css(name)


def test_font_faces_are_the_same_bytes_every_time() -> None:
    font_faces_css.cache_clear()
    first = font_faces_css()
    font_faces_css.cache_clear()
    assert font_faces_css() == first


# --- the PDF: only the bundled fonts, whatever the machine has --------------------------------


def test_a_pdf_that_took_a_font_of_the_machine_says_so() -> None:
    from masterplan_cli.builder import foreign_fonts

    assert foreign_fonts(["Masterplan Sans", "Masterplan Symbols"], None) == []
    assert foreign_fonts(["Masterplan Sans", "Source Sans 3"], "Source Sans 3") == []
    assert foreign_fonts(["Masterplan Sans", "Noto Sans CJK JP", "DejaVu Sans"], None) == [
        "the PDF uses DejaVu Sans, Noto Sans CJK JP from this machine for characters the bundled "
        "fonts cannot draw: another machine may make another PDF (`masterplan check` says where)"
    ]
