"""The review of the previous masterplan (`previous:`): the chapter drawn from a programs file
(Kota Solok's 2019 plan), from a git revision and from a folder, through the real CLI; the
links between the two plans are checked in `tests/cases/previous-*`."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import base_city, git, masterplan, needs_git, write_city

SOLOK = Path(__file__).parent.parent / "examples" / "solok"


def build_markdown(root: Path, out: Path, *args: str) -> str:
    code, output = masterplan("build", str(root), "-f", "md", "--out", str(out), *args)
    assert code == 0, output
    return (out / "masterplan.md").read_text(encoding="utf-8")


def section(document: str, start: str, end: str) -> str:
    return document[document.index(start) : document.index(end, document.index(start))]


@pytest.fixture(scope="module")
def solok(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("solok-review")
    return {
        language: build_markdown(SOLOK, out / language, "--strict", "--language", language)
        for language in ("id", "en")
    }


def test_solok_reviews_its_2019_masterplan_at_the_end_of_the_analysis(solok: dict[str, str]) -> None:
    chapter = section(solok["id"], "## 3.4 Evaluasi Masterplan Sebelumnya", "# BAB IV")
    assert "Secara keseluruhan, 21 dari 28 program terlaksana (75,0%). " in chapter
    assert (
        "Dari 28 program, 13 dilanjutkan, 6 selesai, 5 digabungkan ke program lain, dan 4 dihentikan."
        in chapter
    )
    rates = section(chapter, "| Pilar | Program | Terlaksana | Persentase |", "### 3.4.2")
    assert rates.splitlines()[2:9] == [
        "| Smart Governance | 7 | 6 | 85,7% |",
        "| Smart Branding | 4 | 3 | 75,0% |",
        "| Smart Economy | 5 | 4 | 80,0% |",
        "| Smart Living | 4 | 3 | 75,0% |",
        "| Smart Society | 4 | 3 | 75,0% |",
        "| Smart Environment | 4 | 2 | 50,0% |",
        "| **Jumlah** | **28** | **21** | **75,0%** |",
    ]
    assert "Dari 6 quick win, 6 terlaksana." in chapter
    summary = section(solok["id"], "# Ringkasan Eksekutif", "# BAB I")
    assert (
        "Evaluasi atas Masterplan Smart City Kota Solok 2019–2023: 21 dari 28 program terlaksana (75,0%); "
        "rinciannya di Bab III."
    ) in summary


def test_each_previous_program_says_where_it_went(solok: dict[str, str]) -> None:
    chapter = section(solok["id"], "### 3.4.3 Program dan Kelanjutannya", "# BAB IV")
    rows = [line for line in chapter.splitlines() if line.startswith("| S") or line.startswith("| KOMINFO")]
    assert len(rows) == 28 + 4  # every program, and the dropped ones again with their reasons
    assert (
        "| SGOV-01 E-Office Pemerintah Kota Solok<br>*Surat-menyurat elektronik dipakai di semua OPD sejak "
        "2021; diganti SRIKANDI nasional pada 2023.* | Smart Governance | Diskominfo | Selesai (100%) | Ya "
        "| Digabungkan | [KOMINFO-03](#program-kominfo-03) Kantor Tanpa Kertas — SRIKANDI dan Tanda Tangan "
        "Elektronik |"
    ) in rows
    # the same id in both plans: continued without a word in `previous.fates`
    assert any(
        r.startswith("| KOMINFO-02 LAPAU") and "| Dilanjutkan | [KOMINFO-02](#program-kominfo-02)" in r
        for r in rows
    )
    # continued, but not yet begun: not implemented
    assert any(r.startswith("| SEN-03 ") and "| Direncanakan (0%) | – | Dilanjutkan |" in r for r in rows)
    assert (
        "| SLV-04 Angkutan Kota Terjadwal | Dishub | Operator angkutan kota tidak bersedia; jumlah penumpang "
        "terlalu kecil untuk jadwal tetap. |"
    ) in rows


def test_the_review_in_english(solok: dict[str, str]) -> None:
    chapter = section(solok["en"], "## 3.4 Review of the Previous Masterplan", "# Chapter IV")
    assert "Overall: 21 of 28 programs implemented (75.0%). " in chapter
    assert "Of 6 quick wins, 6 were implemented." in chapter


def test_a_plan_without_previous_has_no_review(tmp_path: Path) -> None:
    root = write_city(tmp_path / "city", base_city())
    assert "3.3" not in build_markdown(root, tmp_path / "out").split("# BAB IV")[0].split("# BAB III")[1]


# --- the previous plan as a git revision or a folder ----------------------------------------------


@pytest.fixture
def git_city(tmp_path: Path) -> Path:
    """A git repository holding the base city, committed."""
    root = write_city(tmp_path / "city", base_city())
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def old_and_new(city: dict[str, Any]) -> None:
    """The new plan: KOMINFO-02 is gone (dropped by the review), DLH-01 became DLH-02."""
    city["masterplan.yaml"]["previous"] = {
        "fates": {
            "KOMINFO-02": {"fate": "dropped", "reason": "Tidak ada peminat."},
            "DLH-01": {"fate": "continued", "into": ["DLH-02"]},
        }
    }
    opd = city["opd/diskominfo.yaml"]
    opd["programs"] = [p for p in opd["programs"] if p["id"] != "KOMINFO-02"]
    city["opd/dlh.yaml"]["programs"][0].update(id="DLH-02", name="Bank Sampah Kelurahan")


def previous_city() -> dict[str, Any]:
    city = base_city()
    city["opd/diskominfo.yaml"]["programs"][0].update(status="in-progress", progress=40)
    return city


@needs_git
def test_the_previous_plan_from_a_git_tag(git_city: Path, tmp_path: Path) -> None:
    write_city(git_city, previous_city())
    git(git_city, "commit", "-q", "-am", "2019")
    git(git_city, "tag", "v2019")
    city = previous_city()
    old_and_new(city)
    city["masterplan.yaml"]["previous"] |= {"revision": "v2019", "title": "Masterplan 2019"}
    write_city(git_city, city)
    chapter = section(build_markdown(git_city, tmp_path / "out"), "## 3.3 Evaluasi", "# BAB IV")
    assert "Secara keseluruhan, 1 dari 3 program terlaksana (33,3%)." in chapter
    assert (
        "| KOMINFO-01 Satu Data (Quick Win) | Smart Governance | Diskominfo | Berjalan (40%) | Ya | Dilanjutkan |"
        in chapter
    )
    assert (
        "| DLH-01 Bank Sampah Digital | Smart Environment | DLH | Direncanakan | – | Dilanjutkan | [DLH-02]"
        in chapter
    )
    assert "| KOMINFO-02 Kampung Cerdas | Diskominfo | Tidak ada peminat. |" in chapter


def test_the_previous_plan_from_a_folder(tmp_path: Path) -> None:
    city = previous_city()
    old_and_new(city)
    city["masterplan.yaml"]["previous"]["path"] = "previous"
    root = write_city(tmp_path / "city", city)
    write_city(root / "previous", previous_city())
    chapter = section(build_markdown(root, tmp_path / "out"), "## 3.3 Evaluasi", "# BAB IV")
    assert "Secara keseluruhan, 1 dari 3 program terlaksana (33,3%)." in chapter


@needs_git
def test_an_unknown_revision_and_a_program_without_fate(git_city: Path) -> None:
    city = base_city()
    city["masterplan.yaml"]["previous"] = {"revision": "v2018"}
    write_city(git_city, city)
    code, output = masterplan("check", str(git_city))
    assert code == 1
    assert (
        ": MP350 the previous masterplan cannot be read: unknown revision 'v2018' (in CI, fetch the "
        "history first, e.g. actions/checkout with fetch-depth: 0)\n"
    ) in output
    git(git_city, "tag", "v2018")
    old_and_new(city)
    del city["masterplan.yaml"]["previous"]["fates"]["DLH-01"]
    city["masterplan.yaml"]["previous"]["revision"] = "v2018"
    write_city(git_city, city)
    code, output = masterplan("check", str(git_city))
    assert "MP353 previous program `DLH-01` (Bank Sampah Digital) has no fate" in output, output


def test_a_folder_outside_the_repository_is_not_read(tmp_path: Path) -> None:
    city = base_city()
    city["masterplan.yaml"]["previous"] = {"path": "../elsewhere"}
    root = write_city(tmp_path / "city", city)
    write_city(tmp_path / "elsewhere", base_city())
    code, output = masterplan("check", str(root))
    assert code == 1
    assert "MP350 the previous masterplan cannot be read: `../elsewhere` is outside the repository" in output
    shutil.rmtree(tmp_path / "elsewhere")


def test_the_review_is_in_book_1_with_its_links_to_book_2_as_text(tmp_path: Path) -> None:
    code, output = masterplan("build", str(SOLOK), "--books", "-f", "md", "--out", str(tmp_path))
    assert code == 0, output
    analysis = (tmp_path / "buku-1-analisis-strategis.md").read_text(encoding="utf-8")
    row = next(line for line in analysis.splitlines() if line.startswith("| SGOV-03 "))
    assert row.endswith("| Dilanjutkan | DPMPTSP-01 SIMPATIK — Sistem Perizinan Terpadu Kota Solok |")
    assert "## 3.4 Evaluasi Masterplan Sebelumnya" in analysis
    others = [p.read_text(encoding="utf-8") for p in tmp_path.glob("buku-[234]-*.md")]
    assert len(others) == 3 and not any("Evaluasi Masterplan Sebelumnya" in text for text in others)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        pytest.param(
            "programs", "/etc/passwd", "`/etc/passwd` is outside the repository", id="absolute path"
        ),
        pytest.param("programs", ".git/config", "`.git/config` is outside the repository", id="under .git"),
        pytest.param(
            "programs", "review/link.yaml", "`review/link.yaml` is outside the repository", id="link out"
        ),
        pytest.param("path", ".", "`.` is this repository itself", id="the repository itself"),
        pytest.param("programs", "review/none.yaml", "`review/none.yaml` does not exist", id="missing file"),
    ],
)
def test_the_previous_plan_is_read_only_inside_the_repository(
    tmp_path: Path, key: str, value: str, message: str
) -> None:
    city = base_city()
    city["masterplan.yaml"]["previous"] = {key: value}
    root = write_city(tmp_path / "city", city)
    (tmp_path / "secret.yaml").write_text("programs: []\n", encoding="utf-8")
    (root / "review").mkdir()
    (root / "review" / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("programs: []\n", encoding="utf-8")
    code, output = masterplan("check", str(root))
    assert code == 1
    assert f"MP350 the previous masterplan cannot be read: {message}\n" in output, output


@pytest.mark.slow  # builds a Word edition
def test_the_word_edition_has_the_review(tmp_path: Path) -> None:
    from docx import Document

    city = previous_city()
    old_and_new(city)
    city["masterplan.yaml"]["previous"]["path"] = "previous"
    root = write_city(tmp_path / "city", city)
    write_city(root / "previous", previous_city())
    code, output = masterplan("build", str(root), "-f", "docx", "--out", str(tmp_path / "out"))
    assert code == 0, output
    document = Document(str(tmp_path / "out" / "masterplan.docx"))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 2", "3.3 Evaluasi Masterplan Sebelumnya") in headings
    assert ("Heading 3", "3.3.4 Program yang Dihentikan") in headings
    header = ["Pilar", "Program", "Terlaksana", "Persentase"]
    rates = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == header)
    assert [c.text for c in rates.rows[-1].cells] == ["Jumlah", "3", "1", "33,3%"]
