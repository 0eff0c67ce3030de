"""The cover and the marks on every page: a draft says so, the English edition speaks English,
a long title stays on one cover page (its type shrinks, the running head is cut short)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from masterplan_cli.cli import run

MINI = Path(__file__).parent / "fixtures" / "city-mini"


@pytest.fixture
def city(tmp_path: Path) -> Path:
    root = tmp_path / "city"
    shutil.copytree(MINI, root)
    return root


def built(city: Path, *args: str) -> dict[str, str]:
    out = city.parent / "out"
    assert run(["build", str(city), "-f", "md", "-f", "html", "--out", str(out), *args]) == 0
    return {kind: (out / f"masterplan.{kind}").read_text(encoding="utf-8") for kind in ("md", "html")}


def edit(city: Path, old: str, new: str) -> None:
    path = city / "masterplan.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_draft_carries_the_draft_mark(city: Path) -> None:
    assert '<div class="draft-mark"' not in built(city)["html"]
    edit(city, '  version: "1.0"\n', '  version: "1.0"\n  draft: true\n')
    outputs = built(city)
    assert '<div class="draft-mark" aria-hidden="true">DRAF</div>' in outputs["html"]
    assert outputs["md"].startswith("> **DRAF**\n")


def test_the_english_cover_speaks_english(city: Path) -> None:
    html = built(city, "--language", "en")["html"]
    assert '<p class="cover-province">West Sumatra Province</p>' in html
    assert "Adopted by Mayor Regulation (Perwali) No. 7 of 2024" in html


def test_a_long_title_takes_smaller_type_and_a_short_running_head(city: Path) -> None:
    title = "Masterplan Smart City " + "Kota Danau Biru yang Cerdas dan Lestari " * 7
    edit(city, "  subtitle: Dokumen Uji\n", f"  title: {title.strip()}\n  subtitle: Dokumen Uji\n")
    html = built(city)["html"]
    cover = re.search(r'<p class="cover-title ([a-z]+)" data-running="([^"]*)">', html)
    assert cover is not None
    assert cover[1] == "longer"
    assert len(cover[2]) <= 90 and cover[2].endswith("...")


@pytest.mark.parametrize(
    ("title", "period_line"),
    [
        pytest.param(None, False, id="the default title ends in the years"),
        pytest.param("Masterplan Kota Cerdas 2024 s.d. 2031", False, id="a title that names them"),
        pytest.param("Masterplan Kota Cerdas Danau Biru", True, id="a title without them"),
        pytest.param("Masterplan Kota Cerdas 2024–2030", True, id="a title with other years"),
    ],
)
def test_the_cover_names_the_period_once(city: Path, title: str | None, period_line: bool) -> None:
    """'Masterplan Smart City Kota Solok 2024–2028' stood above 'Periode 2024–2028'."""
    if title:
        edit(city, "  subtitle: Dokumen Uji\n", f"  title: {title}\n  subtitle: Dokumen Uji\n")
    outputs = built(city)
    cover_md = outputs["md"].split("\n# Kata Pengantar", 1)[0]
    cover_html = outputs["html"].split('<header class="cover"', 1)[1].split("</header>", 1)[0]
    for cover in (cover_md, re.sub(r"<[^>]+>", " ", cover_html)):
        assert ("Periode 2024–2031" in cover) == period_line, cover
        assert len(re.findall(r"2024\s*(?:–|s\.d\.)\s*2031", cover)) == 1, cover
