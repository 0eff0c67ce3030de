"""`masterplan doctor`: does PDF output work on this machine, and if not, what to install.

PDF output needs WeasyPrint and the system libraries it loads when imported (Pango, HarfBuzz,
fontconfig), plus fonts. A missing library makes `import weasyprint` raise `OSError` (and
print a banner to stdout); here every step is caught and said in one line, with the command
that fixes it for this platform. Markdown and HTML output need none of this.
"""

from __future__ import annotations

import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TextIO

from . import __version__
from .l10n import N_, _
from .render.pdf import import_weasyprint, quiet_weasyprint
from .terminal import printable

WEASYPRINT_DOCS = "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html"
MIN_PANGO = (1, 44)
MIN_WEASYPRINT = 66  # as pyproject.toml requires
INSTALL_LIBRARIES = {
    "linux": "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
    " fonts-dejavu-core (Debian/Ubuntu; other systems: the Pango, HarfBuzz and fontconfig"
    " packages)",
    "darwin": "brew install pango",
    "win32": _(
        "install the GTK runtime (MSYS2) as the WeasyPrint documentation says: {weasyprint_docs}#windows"
    ).format(weasyprint_docs=WEASYPRINT_DOCS),
}
INSTALL_SUBSET = {
    "linux": "sudo apt-get install libharfbuzz-subset0 (Debian/Ubuntu)",
    "darwin": "brew install harfbuzz",
    "win32": _("update the GTK runtime (MSYS2): {weasyprint_docs}#windows").format(
        weasyprint_docs=WEASYPRINT_DOCS
    ),
}
INSTALL_MASTERPLAN = "python -m pip install --force-reinstall masterplan-cli"
INSTALL_WEASYPRINT = (
    "python -m pip install --upgrade 'weasyprint>=66' (in the environment masterplan runs in)"
)
TEST_HTML = (
    "<!doctype html><html lang='id'><head><meta charset='utf-8'><title>Uji</title>"
    "<style>{fonts} body {{ font-family: {stack}; }}</style></head><body><h1>Masterplan Smart City</h1>"
    "<p>Uji cetak: Rp 1.500.000 – <i>Kota Contoh</i>, 2024–2028 ■ ●.</p></body></html>"
)


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    name: str
    ok: bool | None  # None: not checked, because an earlier step failed
    detail: str
    fix: str | None = None
    required: bool = True  # an optional check that fails still lets PDF output work
    lines: tuple[str, ...] = ()  # shown below it, indented: the fields a check is about


def _for_platform(table: dict[str, str]) -> str:
    key = "win32" if sys.platform.startswith("win") else "darwin" if sys.platform == "darwin" else "linux"
    return table[key]


def check_weasyprint() -> tuple[Check, ModuleType | None]:
    try:
        weasyprint = import_weasyprint()
    except OSError as error:  # cffi could not dlopen Pango, GObject, HarfBuzz or fontconfig
        return Check(
            "WeasyPrint",
            False,
            _("cannot load a system library it needs: {first_line}").format(first_line=_first_line(error)),
            _for_platform(INSTALL_LIBRARIES),
        ), None
    except ImportError as error:
        return Check(
            "WeasyPrint",
            False,
            _("is not installed or is broken: {first_line}").format(first_line=_first_line(error)),
            INSTALL_WEASYPRINT,
        ), None
    version = str(getattr(weasyprint, "__version__", "?"))
    try:
        major = int(version.split(".")[0])
    except ValueError:
        major = MIN_WEASYPRINT
    if major < MIN_WEASYPRINT:
        return Check(
            "WeasyPrint",
            False,
            _("{version} is too old; {min_weasyprint} or later is needed").format(
                version=version, min_weasyprint=MIN_WEASYPRINT
            ),
            INSTALL_WEASYPRINT,
        ), None
    return Check("WeasyPrint", True, version), weasyprint


def check_pango() -> Check:
    from weasyprint.text.ffi import pango  # type: ignore[import-untyped]

    number = int(pango.pango_version())
    version = (number // 10000, number // 100 % 100, number % 100)
    shown = ".".join(map(str, version))
    if version[:2] < MIN_PANGO:
        return Check(
            "Pango",
            False,
            _("{shown} is too old; {min_pango}.{min_pango2} or later is needed").format(
                shown=shown, min_pango=MIN_PANGO[0], min_pango2=MIN_PANGO[1]
            ),
            _for_platform(INSTALL_LIBRARIES),
        )
    return Check("Pango", True, shown)


def check_harfbuzz_subset() -> Check:
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset is not None and harfbuzz.hb_version_atleast(4, 1, 0):
        return Check("HarfBuzz subsetting", True, _("fonts are subset by HarfBuzz (fast)"), required=False)
    return Check(
        "HarfBuzz subsetting",
        False,
        _(
            "libharfbuzz-subset is missing: fonts are subset by fontTools, which is slower and will be "
            "required by future WeasyPrint versions"
        ),
        _for_platform(INSTALL_SUBSET),
        required=False,
    )


def matched_fonts(families: tuple[str, ...]) -> dict[str, str]:
    """The font file fontconfig gives for each of `families` that it has itself (not a
    substitute), by family."""
    from weasyprint.text.ffi import ffi, fontconfig

    found: dict[str, str] = {}
    config = fontconfig.FcInitLoadConfigAndFonts()
    try:
        for family in families:
            pattern = fontconfig.FcPatternCreate()
            try:
                fontconfig.FcPatternAddString(pattern, b"family", family.encode())
                fontconfig.FcConfigSubstitute(config, pattern, 0)  # FcMatchPattern
                fontconfig.FcDefaultSubstitute(pattern)
                match = fontconfig.FcFontMatch(config, pattern, ffi.new("FcResult *"))
                if match == ffi.NULL:
                    continue
                try:
                    values = {}
                    for key in ("family", "file"):
                        value = ffi.new("FcChar8 **")
                        if fontconfig.FcPatternGetString(match, key.encode(), 0, value) == 0:  # FcResultMatch
                            values[key] = ffi.string(value[0]).decode("utf-8", "replace")
                    if values.get("family", "").casefold() == family.casefold():
                        found[family] = values.get("file", "?")
                finally:
                    fontconfig.FcPatternDestroy(match)
            finally:
                fontconfig.FcPatternDestroy(pattern)
    finally:
        fontconfig.FcConfigDestroy(config)
    return found


def check_fonts() -> Check:
    """The bundled fonts are there and whole: every build uses them, whatever is installed."""
    from .fonts import BODY_FAMILY, FACES, covered, fonts_dir

    missing = [face.file for face in FACES if not (fonts_dir() / face.file).is_file()]
    if missing or not (fonts_dir() / "coverage.json").is_file():
        return Check(
            "Fonts",
            False,
            _("the bundled fonts are missing from this installation ({value})").format(
                value=", ".join(missing) or "coverage.json"
            ),
            INSTALL_MASTERPLAN,
        )
    return Check(
        "Fonts",
        True,
        _(
            "{body_family}, bundled with masterplan ({count_faces} files, {count_covered} characters): every build uses it, whatever this machine has installed"
        ).format(body_family=BODY_FAMILY, count_faces=len(FACES), count_covered=len(covered())),
    )


def bundled_families() -> set[str]:
    from .fonts import FACES

    return {face.family for face in FACES}


def _test_html() -> str:
    from .fonts import STACK, font_faces_css

    return TEST_HTML.format(fonts=font_faces_css(), stack=STACK)


def check_render() -> Check:
    from .render.pdf import PdfError, render_pdf

    start = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="masterplan-doctor-") as folder, quiet_weasyprint():
            result = render_pdf(_test_html(), base_dir=Path(folder), allowed_roots=[])
    except PdfError as error:
        return Check(
            "Test PDF",
            False,
            _("rendering failed: {error}").format(error=error),
            _for_platform(INSTALL_LIBRARIES),
        )
    except (OSError, ValueError, RuntimeError) as error:
        return Check(
            "Test PDF",
            False,
            _("rendering failed: {first_line}").format(first_line=_first_line(error)),
            _for_platform(INSTALL_LIBRARIES),
        )
    elapsed = time.perf_counter() - start
    if not result.data.startswith(b"%PDF-") or b"%%EOF" not in result.data[-64:]:
        return Check(
            "Test PDF",
            False,
            _("WeasyPrint returned something that is not a PDF"),
            _for_platform(INSTALL_LIBRARIES),
        )
    if not set(result.fonts) <= bundled_families():
        return Check(
            "Test PDF",
            False,
            _("the bundled fonts did not load: the PDF used {fonts}").format(fonts=", ".join(result.fonts)),
            INSTALL_MASTERPLAN,
        )
    detail = _("{pages} page, {count_data:.1f} KiB in {elapsed:.2f} s").format(
        pages=result.pages, count_data=len(result.data) / 1024, elapsed=elapsed
    )
    if result.warnings:
        detail += _("; WeasyPrint warned: ") + "; ".join(w[:120] for w in result.warnings[:3])
    return Check("Test PDF", True, detail)


def diagnose(root: Path | None = None) -> list[Check]:
    """Every check, in order; after a failure that makes later checks meaningless, those are
    listed as not checked. With `root`, the fonts of that city's document too."""
    checks = [
        Check("Python", True, f"{platform.python_version()} ({sys.executable})"),
        Check("masterplan", True, __version__),
    ]
    weasyprint_check, weasyprint = check_weasyprint()
    checks.append(weasyprint_check)
    later: list[tuple[str, Callable[[], Check]]] = [
        ("Pango", check_pango),
        ("HarfBuzz subsetting", check_harfbuzz_subset),
        ("Fonts", check_fonts),
        ("Test PDF", check_render),
    ]
    for name, run_check in later:
        if weasyprint is None:
            checks.append(Check(name, None, _("not checked: WeasyPrint is not loaded")))
            continue
        try:
            checks.append(run_check())
        except Exception as error:  # a library that loads but misbehaves: still one clear line
            checks.append(
                Check(
                    name,
                    False,
                    f"{type(error).__name__}: {_first_line(error)}",
                    _for_platform(INSTALL_LIBRARIES),
                )
            )
    if root is not None:
        checks += check_repository_fonts(root, weasyprint is not None)
    return checks


def document_font(
    family: str | None, weasyprint_loaded: bool, label: str = "Document font", field: str = "document.font"
) -> tuple[Check, frozenset[int]]:
    """Which font the document is set in: the bundled Noto Sans, or the city's own
    `document.font` when this machine has it; and the code points that font adds. The same
    for the headings' `theme.heading_font` (`label`, `field`)."""
    from .fonts import BODY_FAMILY

    if family is None:
        return Check(
            label,
            True,
            _("the bundled {body_family} ({field} is not set)").format(body_family=BODY_FAMILY, field=field),
        ), frozenset()
    if not weasyprint_loaded:
        return Check(
            label, None, _("{family}: not checked, WeasyPrint is not loaded").format(family=family)
        ), frozenset()
    file = matched_fonts((family,)).get(family)
    if file is None:
        return Check(
            label,
            False,
            _("{family} ({field}) is not installed here: the bundled {body_family} is used instead").format(
                family=family, field=field, body_family=BODY_FAMILY
            ),
            _("install {family}, or remove {field} from masterplan.yaml").format(family=family, field=field),
            required=False,
        ), frozenset()
    return Check(
        label,
        True,
        _("{family} ({name}), then the bundled {body_family} for what it lacks").format(
            family=family, name=Path(file).name, body_family=BODY_FAMILY
        ),
    ), _codepoints(file)


def _codepoints(file: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont, TTLibError  # type: ignore[import-untyped]

    try:
        with TTFont(file, lazy=True, fontNumber=0) as font:
            return frozenset(font.getBestCmap() or {})
    except (OSError, TTLibError, KeyError, AssertionError):  # a font fontTools cannot read
        return frozenset()


def check_repository_fonts(root: Path, weasyprint_loaded: bool) -> list[Check]:
    """`doctor PATH`: the fonts the city's build uses, and every field with characters none
    of them draws (those come from another font of the machine, or show as boxes)."""
    from .checker import check_repository
    from .checks.fonts import undrawable_fields
    from .diagnostics import place
    from .fonts import describe
    from .project import locate
    from .terminal import printable

    plan, report = check_repository(root)
    if plan is None:
        return [
            Check(
                "Repository",
                False,
                printable(_("{root} cannot be read: {summary}").format(root=root, summary=report.summary())),
                printable(_("`masterplan check {root}` lists the problems").format(root=root)),
                required=False,
            )
        ]
    font_check, extra = document_font(plan.masterplan.document.font, weasyprint_loaded)
    fields = []
    for file, loc, lacking in undrawable_fields(plan):
        if missing := [char for char in lacking if ord(char) not in extra]:
            line, column, _end = locate(file, loc)
            fields.append(
                printable(f"{file.path}:{line}:{column} {place(file.data, loc)}: {describe(missing)}")
            )
    if not fields:
        text = Check("Text", True, _("every character is drawn by the document's fonts"))
    else:
        text = Check(
            "Text",
            False,
            _(
                "the document's fonts cannot draw characters of {count_fields} {value}: the PDF takes them from another font of this machine, or shows boxes"
            ).format(count_fields=len(fields), value="field" if len(fields) == 1 else "fields"),
            _("replace those characters, or name an installed font that has them in document.font"),
            required=False,
            lines=tuple(fields[:50]) + ((f"... and {len(fields) - 50} more",) if len(fields) > 50 else ()),
        )
    heading = plan.masterplan.theme.heading_font
    if heading is None:
        return [font_check, text]
    heading_check, _covered = document_font(heading, weasyprint_loaded, "Heading font", "theme.heading_font")
    return [font_check, heading_check, text]


def pdf_works(checks: list[Check]) -> bool:
    return all(check.ok for check in checks if check.required and check.ok is not None) and all(
        check.ok is not None for check in checks if check.required
    )


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:300]


def _marks(stream: TextIO) -> dict[bool | None, str]:
    """✓ and ✗ where the terminal can show them (a Windows console in cp1252 cannot)."""
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        "✓✗–".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return {True: "[ok]", False: "[!!]", None: "[--]"}
    return {True: "✓", False: "✗", None: "–"}


# the names of the checks, as shown
CHECK_NAMES = (
    N_("Fonts"),
    N_("Test PDF"),
    N_("HarfBuzz subsetting"),
    N_("Document font"),
    N_("Text"),
    N_("Repository"),
)


def write_report(checks: list[Check], stream: TextIO) -> None:
    marks = _marks(stream)
    stream.write(_("masterplan doctor: can this machine make PDFs?\n\n"))
    for check in checks:
        optional = _(" (optional)") if not check.required and check.ok is False else ""
        # details quote library errors, font file names and city text: shown escaped, like everything else
        stream.write(f"{marks[check.ok]} {_(check.name)}{optional}: {printable(check.detail)}\n")
        for line in check.lines:
            stream.write(f"    {printable(line)}\n")
        if check.ok is False and check.fix:
            stream.write(_("    to fix: {fix}\n").format(fix=check.fix))
    stream.write("\n")
    if pdf_works(checks):
        stream.write(_("PDF output works here.\n"))
    else:
        stream.write(
            _(
                "PDF output does not work here: fix the lines marked above, then run "
                "`masterplan doctor` again.\n"
                "Markdown and HTML output (`masterplan build -f md -f html`) "
                "work without these libraries.\n"
            )
        )


def run_doctor(stream: TextIO, checks: list[Check] | None = None, root: Path | None = None) -> int:
    """Print the report; 0 when PDF output works, 1 when it does not."""
    checks = diagnose(root) if checks is None else checks
    write_report(checks, stream)
    return 0 if pdf_works(checks) else 1
