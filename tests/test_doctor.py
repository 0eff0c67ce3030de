"""`masterplan doctor`: says whether PDF output works here, and what to install when it does
not; a missing system library is one clear line and exit 1, never a traceback."""

from __future__ import annotations

import builtins
import dataclasses
import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from masterplan_cli import doctor, fonts
from masterplan_cli.cli import run

SCRIPT = Path(sys.executable).with_name("masterplan")
COMMAND = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "masterplan_cli"]
DEBIAN_INSTALL = "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"
MISSING_PANGO = (
    "cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file: "
    "No such file or directory"
)


@pytest.mark.slow  # lays out a test PDF
def test_doctor_passes_here() -> None:
    """This machine (and CI's) has WeasyPrint, Pango, HarfBuzz and fonts: the real command,
    in a process of its own, says so and exits 0."""
    done = subprocess.run(
        [*COMMAND, "doctor"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0] == "masterplan doctor: can this machine make PDFs?"
    assert lines[-1] == "PDF output works here."
    # HarfBuzz subsetting is optional (without libharfbuzz-subset0 fonts are subset by the
    # slower fontTools): a fresh machine may lack it and still make PDFs
    names = [re.match(r"[✓✗] ([^:]+?)(?: \(optional\))?:", line) for line in lines[2:-2]]
    assert [m.group(1) for m in names if m] == [
        "Python",
        "masterplan",
        "WeasyPrint",
        "Pango",
        "HarfBuzz subsetting",
        "Fonts",
        "Test PDF",
    ]
    failed = [line for line in lines if line.startswith("✗")]
    assert all(line.startswith("✗ HarfBuzz subsetting (optional):") for line in failed), failed


@pytest.fixture
def linux(monkeypatch: pytest.MonkeyPatch) -> None:
    """Install hints as a Linux machine shows them, whatever this one is."""
    monkeypatch.setattr(sys, "platform", "linux")


def fail_import(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    """`import weasyprint` raises `error`, as it does when cffi cannot load a library."""
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise error
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_missing_system_library_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], linux: None
) -> None:
    fail_import(monkeypatch, OSError(MISSING_PANGO))
    code = run(["doctor"])
    out, err = capsys.readouterr()
    assert code == 1
    assert err == ""
    assert "Traceback" not in out
    checks = out.split("\n\n")[1]
    python_line = checks.splitlines()[0]
    assert python_line.startswith("✓ Python: ")
    assert checks.splitlines()[1:] == [
        "✓ masterplan: " + doctor.__version__,
        f"✗ WeasyPrint: cannot load a system library it needs: {MISSING_PANGO}",
        f"    to fix: {DEBIAN_INSTALL} (Debian/Ubuntu; other systems: the Pango, HarfBuzz and fontconfig packages)",
        "– Pango: not checked: WeasyPrint is not loaded",
        "– HarfBuzz subsetting: not checked: WeasyPrint is not loaded",
        "– Fonts: not checked: WeasyPrint is not loaded",
        "– Test PDF: not checked: WeasyPrint is not loaded",
    ]
    assert out.endswith(
        "PDF output does not work here: fix the lines marked above, then run `masterplan doctor` again.\n"
        "Markdown and HTML output (`masterplan build -f md -f html`) work without these libraries.\n"
    )


@pytest.mark.parametrize(
    ("platform", "hint"),
    [
        pytest.param("darwin", "    to fix: brew install pango", id="macOS"),
        pytest.param(
            "win32",
            "    to fix: install the GTK runtime (MSYS2) as the WeasyPrint documentation says: "
            "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html#windows",
            id="Windows",
        ),
    ],
)
def test_install_hint_fits_the_platform(
    platform: str, hint: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fail_import(monkeypatch, OSError("cannot load library 'libgobject-2.0-0'"))
    monkeypatch.setattr(sys, "platform", platform)
    assert run(["doctor"]) == 1
    assert hint in capsys.readouterr().out.splitlines()


def test_weasyprint_not_installed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fail_import(monkeypatch, ImportError("No module named 'weasyprint'"))
    assert run(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "✗ WeasyPrint: is not installed or is broken: No module named 'weasyprint'" in out
    assert "    to fix: python -m pip install --upgrade 'weasyprint>=66'" in out


@pytest.mark.slow  # lays out a test PDF
def test_missing_harfbuzz_subset_is_optional(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], linux: None
) -> None:
    """Without libharfbuzz-subset WeasyPrint falls back to fontTools: slower, but PDFs work."""
    doctor.import_weasyprint()
    monkeypatch.setattr("weasyprint.text.ffi.harfbuzz_subset", None)
    assert run(["doctor"]) == 0
    out = capsys.readouterr().out
    assert (
        "✗ HarfBuzz subsetting (optional): libharfbuzz-subset is missing: fonts are subset by fontTools"
        in out
    )
    assert "    to fix: sudo apt-get install libharfbuzz-subset0 (Debian/Ubuntu)" in out
    assert out.endswith("PDF output works here.\n")


def test_old_pango_fails(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], linux: None
) -> None:
    doctor.import_weasyprint()

    class OldPango:
        @staticmethod
        def pango_version() -> int:
            return 14210

    monkeypatch.setattr("weasyprint.text.ffi.pango", OldPango)
    monkeypatch.setattr(
        doctor, "check_render", lambda: doctor.Check("Test PDF", True, "skipped in this test")
    )
    assert run(["doctor"]) == 1
    assert "✗ Pango: 1.42.10 is too old; 1.44 or later is needed" in capsys.readouterr().out


@pytest.mark.slow  # lays out a test PDF
def test_missing_bundled_fonts_fail(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(fonts, "fonts_dir", lambda: tmp_path)
    assert run(["doctor"]) == 1
    out = capsys.readouterr().out
    assert (
        "✗ Fonts: the bundled fonts are missing from this installation (NotoSans-Regular.woff2, "
        "NotoSans-Italic.woff2, NotoSans-Bold.woff2, NotoSans-BoldItalic.woff2, "
        "NotoSansSymbols2-Regular.woff2, NotoSansMath-Regular.woff2, NotoSansMono-Regular.woff2, "
        "NotoSansMono-Bold.woff2)\n"
        "    to fix: python -m pip install --force-reinstall masterplan-cli\n"
    ) in out


@pytest.mark.slow  # lays out a test PDF
def test_a_test_pdf_in_another_font_fails(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """If WeasyPrint could not read the bundled WOFF2 files, the test PDF says so."""
    from masterplan_cli.render import pdf

    real = pdf.render_pdf
    monkeypatch.setattr(
        pdf, "render_pdf", lambda *a, **k: dataclasses.replace(real(*a, **k), fonts=["DejaVu Sans"])
    )
    assert run(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "✗ Test PDF: the bundled fonts did not load: the PDF used DejaVu Sans\n" in out


def _skip_render(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        doctor, "check_render", lambda: doctor.Check("Test PDF", True, "skipped in this test")
    )


def test_doctor_path_lists_the_fields_the_fonts_cannot_draw(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], city_case: Any
) -> None:
    _skip_render(monkeypatch)
    root = city_case("glyph-missing-from-font")
    assert run(["doctor", str(root)]) == 0  # PDF output works; the text is a warning
    out = capsys.readouterr().out
    assert (
        "✓ Document font: the bundled Noto Sans (document.font is not set)\n"
        "✗ Text (optional): the document's fonts cannot draw characters of 4 fields: the PDF takes "
        "them from another font of this machine, or shows boxes\n"
        "    masterplan.yaml:12:5 missions › 2: U+6570 数, U+5B57 字, U+6751 村, U+1F680 🚀\n"
        "    masterplan.yaml:14:17 document › legal_basis › 1: U+2602 ☂\n"
        "    pillars/governance.yaml:2:14 description: U+0420 Р, U+044B ы, U+043D н, U+043E о, "
        "U+043A к, U+0627 ا, U+0628 ب, U+062A ت and 1 more\n"
        "    opd/diskominfo.yaml:5:11 KOMINFO-01 › name: U+2318 ⌘\n"
        "    to fix: replace those characters, or name an installed font that has them in document.font\n"
    ) in out


def test_doctor_path_with_the_citys_own_font(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], city_case: Any
) -> None:
    """An installed `document.font` comes first and draws what it has (DejaVu Sans has
    Cyrillic, Arabic, ⌘ and ☂, no CJK); one that is not installed is said, and the bundled
    font stands in."""
    if "DejaVu Sans" not in doctor.matched_fonts(("DejaVu Sans",)):
        pytest.skip("DejaVu Sans is not installed here")
    _skip_render(monkeypatch)
    root = city_case("glyph-missing-from-font")
    settings = root / "masterplan.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "  font: DejaVu Sans\n", encoding="utf-8")
    assert run(["doctor", str(root)]) == 0
    out = capsys.readouterr().out
    assert (
        "✓ Document font: DejaVu Sans (DejaVuSans.ttf), then the bundled Noto Sans for what it lacks\n" in out
    )
    assert "characters of 1 field: " in out
    assert "    masterplan.yaml:12:5 missions › 2: U+6570 数, U+5B57 字, U+6751 村, U+1F680 🚀\n" in out

    settings.write_text(settings.read_text(encoding="utf-8").replace("DejaVu Sans", "Zq Not A Font"))
    assert run(["doctor", str(root)]) == 0
    out = capsys.readouterr().out
    assert (
        "✗ Document font (optional): Zq Not A Font (document.font) is not installed here: the bundled "
        "Noto Sans is used instead\n"
        "    to fix: install Zq Not A Font, or remove document.font from masterplan.yaml\n"
    ) in out
    assert "characters of 4 fields: " in out


def test_doctor_path_checks_the_themes_heading_font(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], city_case: Any
) -> None:
    _skip_render(monkeypatch)
    root = city_case("template-former-name")
    settings = root / "masterplan.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "theme: {heading_font: Zq Not A Font}\n", encoding="utf-8"
    )
    assert run(["doctor", str(root)]) == 0
    assert (
        "✗ Heading font (optional): Zq Not A Font (theme.heading_font) is not installed here: the bundled "
        "Noto Sans is used instead\n"
        "    to fix: install Zq Not A Font, or remove theme.heading_font from masterplan.yaml\n"
    ) in capsys.readouterr().out


def test_doctor_path_that_is_no_city(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _skip_render(monkeypatch)
    assert run(["doctor", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert (
        f"✗ Repository (optional): {tmp_path} cannot be read: 1 error, 0 warnings in 0 files.\n"
        f"    to fix: `masterplan check {tmp_path}` lists the problems\n"
    ) in out
    assert run(["doctor", str(tmp_path / "missing")]) == 2


def test_a_check_that_breaks_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> doctor.Check:
        raise RuntimeError("pango_layout_new returned NULL")

    monkeypatch.setattr(doctor, "check_render", broken)
    assert run(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "✗ Test PDF: RuntimeError: pango_layout_new returned NULL" in out
    assert "Traceback" not in out


def test_marks_fall_back_to_ascii() -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    checks = [
        doctor.Check("WeasyPrint", False, "missing", "install it"),
        doctor.Check("Fonts", None, "not checked"),
    ]
    assert doctor.run_doctor(stream, checks) == 1
    stream.seek(0)
    text = stream.read()
    assert "[!!] WeasyPrint: missing\n    to fix: install it\n[--] Fonts: not checked\n" in text


def test_the_stylesheet_asks_for_the_bundled_fonts() -> None:
    """`--font` in templates/style.css names the bundled families, in fonts.STACK's order."""
    css = (Path(__file__).parents[1] / "templates" / "style.css").read_text(encoding="utf-8")
    match = re.search(r"--font:\s*([^;]+);", css)
    assert match is not None
    assert match.group(1) == fonts.STACK


def test_build_without_the_libraries_says_so(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    city_case: Any,
    tmp_path: Path,
) -> None:
    """`build -f pdf` on a machine without Pango: exit 1 and a pointer to `doctor`, not an
    internal error."""
    root = city_case("valid-minimal")
    fail_import(monkeypatch, OSError(MISSING_PANGO))
    code = run(["build", str(root), "-f", "pdf", "--out", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert "internal error" not in err and "Traceback" not in err
    assert err.splitlines()[-1] == (
        f"Error: the PDF could not be made: WeasyPrint cannot be loaded here ({MISSING_PANGO}); "
        "run `masterplan doctor` to see what to install"
    )
    assert not (tmp_path / "out" / "masterplan.pdf").exists()
