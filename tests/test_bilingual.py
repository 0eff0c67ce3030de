"""Texts in two languages: the English edition of a bilingual city, its Indonesian edition, and
the workbook that carries one language back into the right key (`bilingual.py`)."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from masterplan_cli.cli import run
from masterplan_cli.spreadsheet.yamledit import YamlDocument

# Words that make an Indonesian sentence and never an English one.
INDONESIAN = frozenset(
    [
        "dan",
        "yang",
        "untuk",
        "dengan",
        "di",
        "pada",
        "ini",
        "itu",
        "dari",
        "ke",
        "oleh",
        "dalam",
        "belum",
        "tidak",
        "serta",
        "bagi",
        "sebagai",
        "atau",
        "adalah",
        "telah",
        "masih",
        "melalui",
        "seluruh",
        "setiap",
        "sudah",
        "akan",
        "juga",
        "merupakan",
        "agar",
        "karena",
    ]
)
# Proper names the English edition keeps in Indonesian (the city's motto, its customary saying).
NAMES = (
    "Solok Kota BERAS — Bersih, Elok, Rapi, Aman dan Sejahtera",
    "Adat Basandi Syarak, Syarak Basandi Kitabullah",
)


def indonesian_lines(text: str) -> list[str]:
    for name in NAMES:
        text = text.replace(name, "")
    words = re.compile(r"[A-Za-z]+")
    return [line for line in text.splitlines() if INDONESIAN & {w.lower() for w in words.findall(line)}]


@pytest.fixture
def solok(example_city: Callable[[str], Path]) -> Path:
    return example_city("solok")


def build(root: Path, out: Path, *args: str) -> str:
    assert run(["build", str(root), "--format", "md", "--out", str(out), "--strict", *args]) == 0
    return (out / "masterplan.md").read_text(encoding="utf-8")


def html_text(page: str) -> str:
    """What a reader of an HTML page reads: its text, the charts' titles and labels, and the
    alternative texts and titles of its elements."""
    page = re.sub(r"<style.*?</style>", "", page, flags=re.DOTALL)
    attributes = re.findall(r'(?:alt|title|aria-label)="([^"]*)"', page)
    return html.unescape("\n".join([re.sub(r"<[^>]+>", "\n", page), *attributes]))


@pytest.mark.slow  # builds Solok's English edition
def test_the_english_edition_of_solok_has_no_indonesian_sentence(
    solok: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["check", str(solok), "--language", "en", "--strict"]) == 0
    assert capsys.readouterr().out == "No problems in 55 files.\n"
    text = build(solok, tmp_path / "en", "--language", "en")
    assert indonesian_lines(text) == []
    assert "A smart, serving and prosperous Kota Solok" in text  # the vision, in English
    out = ["--out", str(tmp_path / "en"), "--language", "en", "--strict"]
    assert run(["build", str(solok), "--format", "html", *out]) == 0
    assert (
        run(["report", str(solok), "--format", "md", "--format", "html", "--format", "dashboard", *out]) == 0
    )
    for name in ("masterplan.html", "evaluation-2025.md", "evaluation-2025.html", "dashboard-2025.html"):
        page = (tmp_path / "en" / name).read_text(encoding="utf-8")
        assert indonesian_lines(html_text(page) if name.endswith(".html") else page) == [], name
    report = (tmp_path / "en" / "evaluation-2025.md").read_text(encoding="utf-8")
    assert "Held up: the integration of DTKS with the population data is not yet approved." in report


def test_the_test_finds_an_indonesian_sentence() -> None:
    assert indonesian_lines("A city.\nKota yang melayani warga.\n") == ["Kota yang melayani warga."]
    assert indonesian_lines(f"Its motto: *{NAMES[0]}*.") == []
    chart = '<svg><title>Roadmap</title><text fill="#1f2933">Portal untuk warga</text></svg>'
    assert indonesian_lines(html_text(f'<p title="Data dari BPS">Area</p>{chart}')) == [
        "Portal untuk warga",
        "Data dari BPS",
    ]


def _first_language(value: Any) -> Any:
    """`value` with each `{id: …, en: …}` replaced by its Indonesian text."""
    if isinstance(value, dict) and set(value) == {"id", "en"}:
        return value["id"]
    if isinstance(value, dict):
        for key in value:
            value[key] = _first_language(value[key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = _first_language(item)
    return value


@pytest.mark.slow  # builds two editions of Solok
def test_the_indonesian_edition_is_that_of_the_city_written_in_indonesian_only(
    solok: Path, tmp_path: Path
) -> None:
    """The Indonesian build of the bilingual Solok is byte for byte the build of the same city
    with every text a plain Indonesian string, as it was before it was translated."""
    indonesian = tmp_path / "indonesian"
    shutil.copytree(solok, indonesian)
    for path in indonesian.rglob("*.yaml"):
        document = YamlDocument(path.read_text(encoding="utf-8"))
        _first_language(document.data)
        path.write_text(document.dump(), encoding="utf-8")
    assert "en:" not in (indonesian / "masterplan.yaml").read_text(encoding="utf-8")
    assert build(solok, tmp_path / "a") == build(indonesian, tmp_path / "b")


def _set_cell(workbook: Path, sheet_name: str, row_id: str, header: str, value: str) -> None:
    book = load_workbook(workbook)
    sheet = book[sheet_name]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 2).value == row_id)
    sheet.cell(row, headers.index(header) + 1).value = value
    book.save(workbook)


@pytest.mark.slow  # exports and imports Solok's workbook
def test_an_english_workbook_writes_english_and_keeps_the_indonesian(
    solok: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = tmp_path / "en.xlsx"
    assert run(["export", "xlsx", str(solok), "--out", str(workbook), "--language", "en"]) == 0
    cells = {c.value for c in load_workbook(workbook)["Programs"]["C"]}
    assert "LAPAU — Residents' Aspirations and Complaints Service" in cells  # the texts in English
    _set_cell(workbook, "Programs", "KOMINFO-02", "Program name", "LAPAU — Residents' Complaints Service")
    assert run(["import", "xlsx", str(workbook), str(solok)]) == 0
    assert capsys.readouterr().out.endswith("wrote opd/diskominfo.yaml\n")
    data = yaml.safe_load((solok / "opd" / "diskominfo.yaml").read_text(encoding="utf-8"))
    program = next(p for p in data["programs"] if p["id"] == "KOMINFO-02")
    assert program["name"] == {
        "id": "LAPAU — Layanan Aspirasi dan Pengaduan Warga",
        "en": "LAPAU — Residents' Complaints Service",
    }


@pytest.mark.slow  # exports and imports Solok's workbook
def test_an_english_workbook_turns_a_plain_text_into_two_languages(
    example_city: Callable[[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Padang is written in Indonesian only: its English workbook shows the Indonesian, and a
    text translated there is added as `en`, the Indonesian kept as `id`."""
    root = example_city("padang")
    workbook = tmp_path / "en.xlsx"
    assert run(["export", "xlsx", str(root), "--out", str(workbook), "--language", "en"]) == 0
    book = load_workbook(workbook)
    sheet = book["Programs"]
    program_id, name = sheet.cell(2, 2).value, sheet.cell(2, 3).value
    _set_cell(workbook, "Programs", program_id, "Program name", "Padang in English")
    capsys.readouterr()
    assert run(["import", "xlsx", str(workbook), str(root)]) == 0
    found = [f for path in sorted(root.rglob("opd/*.yaml")) for f in _programs(path) if f["id"] == program_id]
    assert [f["name"] for f in found] == [{"id": name, "en": "Padang in English"}]


def _programs(path: Path) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8")).get("programs") or [])
