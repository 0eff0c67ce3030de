"""`masterplan report` through its real entry point, and the year's figures it shows
(`views.evaluation`): the evaluation report (md, html, pdf) and the forum dashboard."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest

from conftest import masterplan
from masterplan_cli.checker import check_repository
from masterplan_cli.i18n import Messages
from masterplan_cli.render.context import funding_names
from masterplan_cli.views import evaluation, progress_up_to

EXAMPLES = Path(__file__).parent.parent / "examples"
SOLOK, PADANG = EXAMPLES / "solok", EXAMPLES / "padang"
# what would fetch: a script, stylesheet, frame or object; a source or url() but a data: URI or
# a reference inside the page (an SVG pattern)
EXTERNAL = re.compile(
    r"""<(?:script|link|iframe|object|embed)\b|\bsrc=(?!["']?data:)|url\((?!["']?(?:data:|#))|@import""", re.I
)


def figures(root: Path, year: int, language: str = "id"):  # type: ignore[no-untyped-def]
    plan, report = check_repository(root)
    assert plan is not None and not report.failed(strict=True), report.summary()
    return evaluation(plan, year, language, funding_names(Messages(language)))


@pytest.fixture(scope="module")
def solok_outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("solok")
    code, output = masterplan(
        "report", str(SOLOK), "--strict", "-f", "md", "-f", "html", "-f", "dashboard", "--out", str(out)
    )
    assert code == 0, output
    return out


# --- the year's figures -------------------------------------------------------------------------


def test_solok_2025_counts() -> None:
    """30 of the 34 programs the plan starts by 2025 are running or done; 4 are not reported
    (DISHUB-02, DISKOPUKMDAG-03, DISPERKIM-03, DISPERKIM-04)."""
    result = figures(SOLOK, 2025)
    total = result.total
    assert (total.due, total.implemented, dict(total.counts)) == (
        34,
        30,
        {"done": 4, "running": 26, "not-started": 0, "not-reported": 4, "dropped": 0},
    )
    assert {p.view.id for p in result.programs if p.state == "not-reported" and p.due} == {
        "DISHUB-02",
        "DISKOPUKMDAG-03",
        "DISPERKIM-03",
        "DISPERKIM-04",
    }


def test_overdue_and_stalled() -> None:
    result = figures(SOLOK, 2025)
    assert [p.view.id for p in result.overdue] == ["DISKOPUKMDAG-02", "DISPERKIM-01", "DLH-01"]
    assert [p.view.id for p in result.stalled] == ["DUKCAPIL-01", "DINSOS-01"]
    quick = {p.view.id: p.percent for p in result.quick_wins}
    assert quick["DISPERKIM-01"] == 60


def test_progress_up_to_a_year_is_the_latest_report() -> None:
    plan, _ = check_repository(SOLOK)
    assert plan is not None
    kominfo = progress_up_to(plan, 2024)["KOMINFO-07"]  # starts in 2025
    assert (kominfo.stage, kominfo.percent, kominfo.realised, kominfo.due) == (None, 0, 0, False)
    disperkim = progress_up_to(plan, 2025)["DISPERKIM-01"]
    assert (disperkim.stage, disperkim.percent, disperkim.realised, disperkim.state) == (
        "building",
        60,
        2_050_000_000 + 2_650_000_000,
        "running",
    )


def test_budget_is_the_plans_budget_and_the_reported_spending() -> None:
    result = figures(SOLOK, 2025)
    assert [(b.year, b.planned, b.realised) for b in result.budget_years] == [
        (2024, 4_735_000_000, 4_056_500_000),
        (2025, 14_855_000_000, 10_579_000_000),
    ]
    by_source = {row.key: (row.planned, row.realised) for row in result.budget_sources}
    assert sum(planned for planned, _ in by_source.values()) == 4_735_000_000 + 14_855_000_000
    assert by_source["kpbu"] == (450_000_000, 0)


def test_a_year_counts_only_what_was_reported_up_to_it() -> None:
    result = figures(SOLOK, 2024)
    assert (result.total.due, result.total.implemented, result.years) == (17, 17, (2024,))
    assert result.stalled == ()


@pytest.mark.parametrize(
    ("indicator", "achievement", "mark"),
    [
        pytest.param("DPMPTSP-01-I1", 13 / 12, "achieved", id="rising, past the target"),
        pytest.param("DINKES-01-I2", 17 / 20, "near", id="falling (waiting time) from a baseline"),
        pytest.param("KOMINFO-07-I1", 15 / 14, "achieved", id="falling, no baseline: from its targets"),
        pytest.param("DINSOS-01-I1", 4 / 12, "behind", id="behind"),
        pytest.param("DINKES-02-I1", None, "no-data", id="no actual reported"),
    ],
)
def test_indicator_achievement(indicator: str, achievement: float | None, mark: str) -> None:
    row = next(i for i in figures(SOLOK, 2025).indicators if i.indicator.id == indicator)
    assert (
        row.achievement == pytest.approx(achievement) if achievement is not None else row.achievement is None
    )
    assert row.mark == mark


def test_dimensions_are_weighted_by_masterplan_yaml(tmp_path: Path) -> None:
    root = tmp_path / "solok"
    shutil.copytree(SOLOK, root, ignore=shutil.ignore_patterns("dist"))
    text = (root / "masterplan.yaml").read_text(encoding="utf-8")
    weights = "evaluation:\n  weights: {baseline: 0, output: 0, outcome: 0, impact: 0, quick_win: 100}\n"
    (root / "masterplan.yaml").write_text(text + weights, encoding="utf-8")
    result = figures(root, 2025)
    quick_win = next(d for d in result.dimensions if d.key == "quick_win")
    assert (
        result.score
        == pytest.approx(quick_win.points)
        == pytest.approx(100 * (100 + 100 + 85 + 60 + 100 + 100 + 80) / 700)
    )


def test_weights_must_add_up_to_100(tmp_path: Path) -> None:
    root = tmp_path / "solok"
    shutil.copytree(SOLOK, root, ignore=shutil.ignore_patterns("dist"))
    text = (root / "masterplan.yaml").read_text(encoding="utf-8")
    (root / "masterplan.yaml").write_text(text + "evaluation:\n  weights: {outcome: 20}\n", encoding="utf-8")
    code, output = masterplan("check", str(root), "--format", "text")
    assert code == 1
    line = len(text.splitlines()) + 2
    assert (
        f"masterplan.yaml:{line}:12: MP104 evaluation › weights: the weights add up to 90, not 100" in output
    )


def test_a_year_not_begun_is_refused_by_todays_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Today is injectable (SOURCE_DATE_EPOCH): on 1 June 2025 the 2025 report is fine; on
    31 December 2024 it is a year that has not begun."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")  # 2025-06-01
    assert masterplan("check", str(SOLOK), "--strict")[0] == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735603200")  # 2024-12-31
    code, output = masterplan("check", str(SOLOK), "--format", "text")
    assert code == 1
    assert "progress/2025/dinkes.yaml:2:7: MP303 2025 has not begun" in output


# --- the documents ------------------------------------------------------------------------------


def test_markdown_report_says_the_headline(solok_outputs: Path) -> None:
    text = (solok_outputs / "evaluasi-2025.md").read_text(encoding="utf-8")
    assert "**30 dari 34 program berjalan (88,24%)**" in text
    assert "| Smart Governance | 9 | 1 | 8 | 0 | 0 | 0 | 100,00% |" in text
    assert "| 2025 | Rp14.855.000.000 | Rp10.579.000.000 | 71,2% |" in text
    assert "| `DINSOS-01-I1` Persentase data kesejahteraan sosial yang padan dengan data kependudukan" in text
    assert "| % | 82 | 94 | 86 | 33% | ✗ tertinggal |" in text
    assert "4 dari 7 quick win selesai (57,14%)." in text
    assert "Tidak bergerak: menunggu perjanjian kerja sama dengan Ditjen Dukcapil." in text
    assert "[DPA Perubahan Diskominfo 2025](https://example.org/solok/diskominfo/dpa-p-2025.pdf)" in text


def test_english_report(tmp_path: Path) -> None:
    code, output = masterplan(
        "report", str(SOLOK), "--strict", "-l", "en", "-f", "md", "--out", str(tmp_path)
    )
    assert code == 0, output
    text = (tmp_path / "evaluation-2025.md").read_text(encoding="utf-8")
    assert "**30 of 34 programs running (88.24%)**" in text
    assert "4 of 7 quick wins done (57.14%)." in text


def test_status_is_never_colour_alone(solok_outputs: Path) -> None:
    html = (solok_outputs / "evaluasi-2025.html").read_text(encoding="utf-8")
    assert '<span class="mark mark-behind">✗ tertinggal</span>' in html
    assert '<span class="mark mark-near">◐ mendekati</span>' in html


@pytest.mark.parametrize("name", ["evaluasi-2025.html", "dasbor-2025.html"])
def test_the_html_fetches_nothing(solok_outputs: Path, name: str) -> None:
    """The dashboard works offline: no script, stylesheet, font or image from elsewhere."""
    html = (solok_outputs / name).read_text(encoding="utf-8")
    assert EXTERNAL.findall(html) == []


def test_dashboard_shows_the_forums_figures(solok_outputs: Path) -> None:
    html = (solok_outputs / "dasbor-2025.html").read_text(encoding="utf-8")
    assert "<h1>Dasbor Smart City Kota Solok 2025</h1>" in html
    assert '<span class="value">88,24%</span><span class="label">30 dari 34 program berjalan</span>' in html
    assert '<span class="value">▲ 3</span><span class="label">Program terlambat</span>' in html
    assert '<span class="code">DISPERKIM-01</span> Solok Rancak' in html


def test_padang_has_no_realisation_yet(tmp_path: Path) -> None:
    code, output = masterplan(
        "report", str(PADANG), "--strict", "-f", "md", "-f", "html", "-f", "dashboard", "--out", str(tmp_path)
    )
    assert code == 0, output
    text = (tmp_path / "evaluasi-2025.md").read_text(encoding="utf-8")
    assert "Belum ada data realisasi untuk Kota Padang." in text
    assert "BAB II" not in text
    assert "Belum ada data realisasi untuk Kota Padang." in (tmp_path / "dasbor-2025.html").read_text(
        encoding="utf-8"
    )


def test_a_year_outside_the_period_is_a_usage_error(tmp_path: Path) -> None:
    code, output = masterplan("report", str(SOLOK), "--year", "2030", "--out", str(tmp_path))
    assert (code, output.strip()) == (2, "Error: --year 2030 is outside the masterplan's period 2024–2028")
    assert list(tmp_path.iterdir()) == []


def test_hostile_notes_and_evidence_are_inert(tmp_path: Path) -> None:
    root = tmp_path / "solok"
    shutil.copytree(SOLOK, root, ignore=shutil.ignore_patterns("dist"))
    path = root / "progress" / "2025" / "dinsos.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "id: 'Tertahan:", "id: '<script>alert(1)</script> {{ 7*7 }} Tertahan:"
    )
    assert "<script>" in text  # the notes are `{id: …, en: …}`: the Indonesian one is shown
    path.write_text(text, encoding="utf-8")
    code, output = masterplan(
        "report",
        str(root),
        "--strict",
        "-f",
        "html",
        "-f",
        "dashboard",
        "-f",
        "md",
        "--out",
        str(tmp_path / "out"),
    )
    assert code == 0, output
    html = (tmp_path / "out" / "evaluasi-2025.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} Tertahan" in html
    markdown = (tmp_path / "out" / "evaluasi-2025.md").read_text(encoding="utf-8")
    assert "| \\<script>alert(1)\\</script> {{ 7\\*7 }} Tertahan:" in markdown  # `\<` is enough


def test_links_in_notes_lead_only_to_the_web(tmp_path: Path) -> None:
    """Notes are Markdown from an OPD's pull request: a `javascript:`, `data:`, `file:` or
    relative link is shown as its text (MP240 warns), an image as its alt text, raw HTML as
    text; a web link stays a link."""
    root = tmp_path / "solok"
    shutil.copytree(SOLOK, root, ignore=shutil.ignore_patterns("dist"))
    path = root / "progress" / "2025" / "dinsos.yaml"
    hostile = (
        "[js](javascript:alert(1)) [d](data:text/html,x) [f](file:///etc/passwd) [rel](../../.git/config) "
        "![img](https://evil.example/x.png) <a href='javascript:alert(2)'>a</a> [ok](https://example.org)"
    )
    text = path.read_text(encoding="utf-8").replace("id: 'Tertahan:", f'id: "{hostile} Tertahan:', 1)
    path.write_text(text.replace("belum disetujui.'", 'belum disetujui."', 1), encoding="utf-8")
    code, output = masterplan("report", str(root), "-f", "html", "-f", "md", "--out", str(tmp_path / "out"))
    assert code == 0, output
    assert output.count(" MP240 ") == 4
    html = (tmp_path / "out" / "evaluasi-2025.html").read_text(encoding="utf-8")
    assert (
        "<p>[js](javascript:alert(1)) [d](data:text/html,x) [f](file:///etc/passwd) rel img "
        "&lt;a href='javascript:alert(2)'&gt;a&lt;/a&gt; <a href=\"https://example.org\">ok</a> Tertahan:"
    ) in html
    assert not re.search(
        r"""<[a-z]+[^<>]*\s(href|src)=["']?(javascript|data:text|file|\.\./|https://evil)""", html
    )
    markdown = (tmp_path / "out" / "evaluasi-2025.md").read_text(encoding="utf-8")
    assert (
        "\\[js\\](javascript:alert(1)) \\[d\\](data:text/html,x) \\[f\\](file:///etc/passwd) rel img "
        "\\<a href='javascript:alert(2)'>a\\</a> [ok](https://example.org) Tertahan:"
    ) in markdown


def test_errors_in_progress_refuse_the_report(tmp_path: Path) -> None:
    root = tmp_path / "solok"
    shutil.copytree(SOLOK, root, ignore=shutil.ignore_patterns("dist"))
    path = root / "progress" / "2025" / "dinsos.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("DINSOS-01", "DINSOS-1"), encoding="utf-8")
    code, output = masterplan("report", str(root), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "MP305 no program `DINSOS-1` in the plan" in output
    assert not (tmp_path / "out").exists()


@pytest.mark.pdf
@pytest.mark.parametrize("root", [SOLOK, PADANG], ids=["solok", "padang"])
def test_pdf_of_both_examples(root: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from pypdf import PdfReader

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        code, output = masterplan("report", str(root), "--strict", "-f", "pdf", "--out", str(tmp_path))
    assert code == 0, output
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    assert "WeasyPrint" not in output  # the layout runs in a child: its warnings come as lines
    reader = PdfReader(tmp_path / "evaluasi-2025.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    if root == SOLOK:
        assert len(reader.pages) >= 10
        assert "30 dari 34 program berjalan (88,24%)" in text
        assert [b.title for b in reader.outline if not isinstance(b, list)][:3] == [
            "Daftar Isi",
            "BAB I · Ringkasan",
            "BAB II · Capaian Program",
        ]
    else:
        assert "Belum ada data realisasi untuk Kota Padang." in text


@pytest.mark.parametrize(
    ("link", "target", "message"),
    [
        pytest.param(
            "progress/2025/evil.yaml",
            "/etc/passwd",
            "progress/2025/evil.yaml:1:1: MP013 this file is a link that leads outside the repository; it is not read",
            id="a file linked outside",
        ),
        pytest.param(
            "progress/2023",
            "/etc",
            "progress/2023:1:1: MP013 `progress/2023/` is a link that leads outside the repository; it is not read",
            id="a year folder linked outside",
        ),
    ],
)
def test_progress_links_outside_the_repository_are_not_read(
    tmp_path: Path, link: str, target: str, message: str
) -> None:
    root = tmp_path / "solok"
    shutil.copytree(SOLOK, root, ignore=shutil.ignore_patterns("dist"))
    (root / link).symlink_to(target)
    code, output = masterplan("check", str(root), "--format", "text")
    assert code == 1
    assert message in output
    assert "root:" not in output  # nothing of /etc/passwd
