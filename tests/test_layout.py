"""The document's layout holds for any valid plan, proved on the built PDF without eyes.

Each city below is built to PDF and its text positions read back with pdfplumber:
- no glyph leaves the page's text area (left and right margins: the narrowest, 18 mm);
- no two glyphs overlap (text drawn over text: colliding totals, chart labels on each other);
- no two numbers run together into one word ("20252026", "4.73514.606": cells overflowing);
- every program's name and every year of the period is in the text.
The same checks run on the HTML in headless Chromium at 1280 and 390 px where Chromium is
installed: no element's text overflows its box, and nothing is wider than the page.

The checks measure geometry, not a given font: they hold whichever font the document uses.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pypdf import PdfReader

from layout_city import program_names, write_city
from masterplan_cli.builder import build

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).parent.parent / "examples"
MM = 72 / 25.4
MARGIN = 18 * MM - 1  # the narrowest side margin of any page (style.css @page wide), less a point
# two amounts or two years glued together: a group of four digits after a separator, or two years
GLUED = re.compile(r"\d\.\d{4}|(?:19|20)\d\d(?:19|20)\d\d")


@dataclass(frozen=True)
class Glyph:
    page: int
    order: int  # in the page's content: neighbours are one word's letters, kerned
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def glyphs(pdf: object) -> Iterator[tuple[object, list[Glyph]]]:
    for number, page in enumerate(pdf.pages, 1):  # type: ignore[attr-defined]
        yield (
            page,
            [
                Glyph(number, n, c["text"], c["x0"], c["x1"], c["top"], c["bottom"])
                for n, c in enumerate(page.chars)
                if c["text"].strip()
            ],
        )


def outside(page: object, chars: list[Glyph]) -> list[Glyph]:
    width, height = page.width, page.height  # type: ignore[attr-defined]
    return [g for g in chars if g.x0 < MARGIN or g.x1 > width - MARGIN or g.top < 0 or g.bottom > height]


def overlapping(chars: list[Glyph]) -> list[tuple[Glyph, Glyph]]:
    """Pairs of glyphs that cover each other by more than a third of the smaller one, both ways
    (text drawn over text), unless they follow each other in the text ("y." kerned)."""
    found = []
    ordered = sorted(chars, key=lambda g: g.x0)
    for n, a in enumerate(ordered):
        for b in ordered[n + 1 :]:
            if b.x0 >= a.x1:
                break
            if abs(a.order - b.order) == 1:
                continue
            dx = min(a.x1, b.x1) - max(a.x0, b.x0)
            dy = min(a.bottom, b.bottom) - max(a.top, b.top)
            if dx > min(a.x1 - a.x0, b.x1 - b.x0) / 3 and dy > min(a.bottom - a.top, b.bottom - b.top) / 3:
                found.append((a, b))
    return found


def flat(text: str) -> str:
    """Text without spaces and hyphens: a name wrapped or hyphenated over lines still matches."""
    return re.sub(r"[\s\u00ad\-‐]+", "", text)


@dataclass
class Findings:
    outside: list[str]
    overlapping: list[str]
    glued: list[str]
    text: str


def read_pdf(path: Path) -> Findings:
    findings = Findings([], [], [], "")
    texts = []
    with pdfplumber.open(path) as pdf:
        for page, chars in glyphs(pdf):
            findings.outside += [
                f"p{g.page} {g.text!r} x={g.x0:.0f}–{g.x1:.0f}" for g in outside(page, chars)
            ]
            findings.overlapping += [
                f"p{a.page} {a.text!r}/{b.text!r} at {a.x0:.0f},{a.top:.0f}" for a, b in overlapping(chars)
            ]
            words = page.extract_words(x_tolerance=1, keep_blank_chars=False)
            findings.glued += [f"p{page.page_number} {w['text']!r}" for w in words if GLUED.search(w["text"])]
            texts.append(page.extract_text() or "")
    findings.text = flat("\n".join(texts))
    return findings


def built_pdf(root: Path, out: Path) -> Path:
    result = build(root, formats=["pdf"], out_dir=out)
    return result.files[0].path


def assert_layout(pdf: Path, names: list[str], years: range) -> None:
    findings = read_pdf(pdf)
    assert findings.outside[:10] == []
    assert findings.overlapping[:10] == []
    assert findings.glued[:10] == []
    assert [name for name in names if flat(name) not in findings.text] == []
    assert [year for year in years if str(year) not in findings.text] == []


# The periods at the limits of layout.py and the templates: 8 years, the most on portrait
# pages (chapters VII and VIII turn landscape beyond) and a full block of indicator targets;
# 20, full blocks of 10 roadmap years on landscape pages and blocks continued over pages
# (10 years has the same widths: one such block); 20 plain, budget blocks of 10 short
# amounts; 1, a single year. The examples add 5 and 10 years as cities write them.
@pytest.mark.pdf
@pytest.mark.parametrize(("years", "extreme"), [(8, True), (20, True), (20, False), (1, True)])
def test_generated_city_lays_out(tmp_path: Path, years: int, extreme: bool) -> None:
    root = write_city(tmp_path / "city", years, extreme)
    assert_layout(built_pdf(root, tmp_path / "out"), program_names(root), range(2025, 2025 + years))


@pytest.mark.pdf
@pytest.mark.parametrize("city", ["solok", "padang"])
def test_example_lays_out(city: str, example_pdf: Callable[[str], Path]) -> None:
    """Solok is 5 years, padang 10."""
    from masterplan_cli.bilingual import resolve
    from masterplan_cli.checker import check_repository

    plan, _ = check_repository(EXAMPLES / city)
    assert plan is not None
    names = [resolve(entry.program.name, plan.language) for entry in plan.programs]  # the PDF's language
    assert_layout(example_pdf(city), names, plan.masterplan.period.years)


@pytest.mark.pdf
def test_the_matrix_keeps_its_pillar_names_whole_on_one_page(example_pdf: Callable[[str], Path]) -> None:
    """Padang's OPD × pillar matrix: "Smart Resilience (Ketangguhan Bencana)" broke inside
    "(Ketangguhan" in its header; the table stays on one landscape page."""
    with pdfplumber.open(example_pdf("padang")) as pdf:
        pages = [page for page in pdf.pages if "Lampiran A · Matriks" in (page.extract_text() or "")]
        assert len(pages) == 1  # the running header of appendix A's pages
        words = [w["text"] for w in pages[0].extract_words() if w["top"] < pages[0].height / 3]
    assert "(Ketangguhan" in words and "Bencana)" in words and "Environment" in words, words


# --- the fonts of the examples (the same PDFs) ---------------------------------------------


def embedded_fonts(pdf: bytes) -> set[str]:
    """The /FontName of every font the PDF's pages draw with, also inside form XObjects (the
    SVG logo, charts) and patterns, without the subset tag."""
    names: set[str] = set()
    seen: set[int] = set()

    def walk(resources: Any) -> None:
        resources = resources.get_object() if resources is not None else {}
        if id(resources) in seen:
            return
        seen.add(id(resources))
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            for part in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
                if (descriptor := part.get("/FontDescriptor")) is not None:
                    descriptor = descriptor.get_object()
                    assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), "a font not embedded"
                    names.add(str(descriptor["/FontName"]).split("+", 1)[-1])
        for kind in ("/XObject", "/Pattern"):
            for item in (resources.get(kind) or {}).values():
                walk(item.get_object().get("/Resources"))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        walk(page.get("/Resources"))
    return names


@pytest.mark.pdf
@pytest.mark.parametrize("city", ["solok", "padang"])
def test_the_examples_embed_only_the_bundled_fonts(city: str, example_pdf: Callable[[str], Path]) -> None:
    fonts = embedded_fonts(example_pdf(city).read_bytes())
    # regular, bold, italic of the text face, the mono face of program codes, the symbols of
    # the status marks; Pango emboldens a face that has no bold of its own (`-Bold`)
    assert {"Masterplan-Sans", "Masterplan-Sans-Bold", "Masterplan-Mono"} <= fonts
    assert all(
        re.fullmatch(r"Masterplan-(Sans|Mono|Symbols|Math)(-Bold)?(-Italic)?", name) for name in fonts
    ), fonts


# --- the HTML in a browser ------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
# elements whose content spills out of their box (a scroll container scrolls on purpose), and
# whether the page itself is wider than the window
MEASURE = """
<script>
addEventListener("load", () => {
  const spills = [];
  for (const el of document.querySelectorAll("body *:not(svg *)")) {
    const style = getComputedStyle(el);
    if (style.display === "none" || ["auto", "scroll", "hidden"].includes(style.overflowX)) continue;
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && style.display !== "inline")
      spills.push(el.tagName.toLowerCase() + "." + el.className + ": " + el.textContent.trim().slice(0, 40));
  }
  const root = document.documentElement;
  const result = {spills, page: root.scrollWidth, window: root.clientWidth};
  const out = document.createElement("pre");
  out.id = "layout-result";
  out.textContent = JSON.stringify(result);
  document.body.append(out);
});
</script>
"""


def in_chromium(html: Path, width: int, script: str, budget_ms: int = 5000) -> str:
    """The page's DOM after `script` ran in headless Chromium with a window `width` px wide."""
    import subprocess
    import tempfile

    page = html.with_name(f"probe-{width}.html")
    page.write_text(html.read_text(encoding="utf-8").replace("</body>", script + "</body>"), encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={profile}",
                f"--window-size={width},900",
                f"--virtual-time-budget={budget_ms}",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
    return done.stdout


def result_of(dom: str, element: str) -> Any:
    import html as html_module
    import json

    found = re.search(rf'<pre id="{element}">(.*?)</pre>', dom, re.S)
    assert found, f"the page wrote no {element}"
    return json.loads(html_module.unescape(found[1]))


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium here (apt-get install chromium)")
@pytest.mark.parametrize("years", [5, 20])
@pytest.mark.parametrize("width", [1280, 390])
def test_html_fits_the_window(tmp_path: Path, years: int, width: int) -> None:
    root = write_city(tmp_path / "city", years, extreme=True)
    html = build(root, formats=["html"], out_dir=tmp_path / "out").files[0].path
    result = result_of(in_chromium(html, width, MEASURE), "layout-result")
    assert result["spills"] == []
    assert result["page"] == result["window"]


def axe_script() -> Path | None:
    """axe-core's axe.min.js: MASTERPLAN_AXE_JS, or npm's global axe-core (`npm install -g axe-core`)."""
    import os
    import subprocess

    given = os.environ.get("MASTERPLAN_AXE_JS")
    if given:
        return Path(given)
    npm = shutil.which("npm")
    if npm is None:
        return None
    root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, check=False).stdout.strip()
    found = Path(root) / "axe-core" / "axe.min.js"
    return found if root and found.is_file() else None


AXE = axe_script()
# WCAG 2.1 A and AA rules; the violations are written into the page for --dump-dom to carry out
AXE_RUN = """
<script>
addEventListener("load", () => {
  axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    .then((result) => {
      const out = document.createElement("pre");
      out.id = "axe-result";
      out.textContent = JSON.stringify(result.violations.map(
        (v) => v.id + " ×" + v.nodes.length + ": " + v.nodes[0].target.join(" ")));
      document.body.append(out);
    });
});
</script>
"""


@pytest.mark.skipif(
    CHROMIUM is None or AXE is None, reason="needs Chromium and axe-core (npm install -g axe-core)"
)
@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_wcag_aa_violation(tmp_path: Path, width: int) -> None:
    assert AXE is not None
    root = tmp_path / "solok"
    shutil.copytree(EXAMPLES / "solok", root, ignore=shutil.ignore_patterns("dist"))
    html = build(root, formats=["html"], out_dir=tmp_path / "out").files[0].path
    script = "<script>" + AXE.read_text(encoding="utf-8") + "</script>" + AXE_RUN
    violations = result_of(in_chromium(html, width, script, budget_ms=60000), "axe-result")
    assert violations == []


def pa11y_command() -> list[str] | None:
    """pa11y (HTML_CodeSniffer's WCAG 2 AA rules in Chromium): MASTERPLAN_PA11Y (the `pa11y`
    script), or one on PATH (`npm install -g pa11y`, with PUPPETEER_SKIP_DOWNLOAD=1: it runs
    Debian's Chromium, below, and needs no browser of its own)."""
    import os

    found = os.environ.get("MASTERPLAN_PA11Y") or shutil.which("pa11y")
    return [found] if found else None


PA11Y = pa11y_command()


@pytest.mark.skipif(
    CHROMIUM is None or PA11Y is None, reason="needs Chromium and pa11y (npm install -g pa11y)"
)
def test_pa11y_finds_no_wcag_aa_issue(tmp_path: Path) -> None:
    """Solok has every kind of table (two header rows, a header row in the middle, row headers
    in the second column, row groups): pa11y asks each cell to name its headers there."""
    import json
    import subprocess

    assert PA11Y is not None
    root = tmp_path / "solok"
    shutil.copytree(EXAMPLES / "solok", root, ignore=shutil.ignore_patterns("dist"))
    html = build(root, formats=["html"], out_dir=tmp_path / "out").files[0].path
    config = tmp_path / "pa11y.json"
    launch = {"executablePath": CHROMIUM, "args": ["--no-sandbox", "--disable-gpu"]}
    config.write_text(json.dumps({"chromeLaunchConfig": launch, "standard": "WCAG2AA", "timeout": 240000}))
    done = subprocess.run(
        [*PA11Y, "--config", str(config), "--reporter", "json", html.as_uri()],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    issues = [f"{i['code']}: {i['selector']}" for i in json.loads(done.stdout or "[]")]
    assert issues == [], done.stderr
    assert done.returncode == 0, done.stderr
