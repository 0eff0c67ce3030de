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
