"""The fonts that travel with the package: Noto Sans, embedded in every HTML and PDF.

`templates/fonts/` holds subsets of Noto Sans (regular, italic, bold, bold italic), Noto Sans
Symbols 2 and Noto Sans Math (the shapes and arrows Noto Sans lacks) and Noto Sans Mono, as
WOFF2, with their licence; `make fonts` makes them (scripts/make_fonts.py says how and why).
The HTML embeds them as data: URIs in @font-face rules and WeasyPrint lays out the PDF from
that same HTML, so the document looks the same on every machine, whatever it has installed.

The families get names of their own (`Masterplan Sans`...): a machine's own Noto Sans, of
another version, can never stand in for them. `coverage.json` lists the code points the body
fonts draw, for `check` and `doctor`; reading it needs neither fontTools nor WeasyPrint.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .l10n import _
from .resources import templates_dir
from .schema.city import FONT_FAMILY

BODY_FAMILY = "Noto Sans"


@dataclass(frozen=True)
class Face:
    family: str  # the CSS family name the stylesheet uses
    file: str  # in templates/fonts/
    weight: int = 400
    style: str = "normal"


FACES = (
    Face("Masterplan Sans", "NotoSans-Regular.woff2"),
    Face("Masterplan Sans", "NotoSans-Italic.woff2", style="italic"),
    Face("Masterplan Sans", "NotoSans-Bold.woff2", weight=700),
    Face("Masterplan Sans", "NotoSans-BoldItalic.woff2", weight=700, style="italic"),
    Face("Masterplan Symbols", "NotoSansSymbols2-Regular.woff2"),
    Face("Masterplan Math", "NotoSansMath-Regular.woff2"),
    Face("Masterplan Mono", "NotoSansMono-Regular.woff2"),
    Face("Masterplan Mono", "NotoSansMono-Bold.woff2", weight=700),
)
# the body text's families, in the order the stylesheet's `--font` names them
STACK = '"Masterplan Sans", "Masterplan Symbols", "Masterplan Math", sans-serif'

FAMILY_NAME = re.compile(FONT_FAMILY)


def fonts_dir() -> Path:
    return templates_dir() / "fonts"


@cache
def font_faces_css() -> str:
    """@font-face rules for every bundled face, each font inline as a data: URI."""
    rules = []
    for face in FACES:
        data = base64.b64encode((fonts_dir() / face.file).read_bytes()).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
            f"font-style: {face.style}; src: url(data:font/woff2;base64,{data}) format('woff2'); }}"
        )
    return "\n".join(rules)


def theme_css(family: str | None) -> str:
    """The rule that puts a city's own installed family (`document.font`) before the bundled
    ones, which still draw what it lacks."""
    if not family:
        return ""
    if not FAMILY_NAME.fullmatch(family) or len(family) > 63:  # the schema refuses it first
        raise ValueError(_("not a font family name: {family!r}").format(family=family[:80]))
    return f':root {{ --font: "{family}", {STACK}; }}'


@cache
def covered() -> frozenset[int]:
    """The code points the bundled body fonts can draw (all four styles of the text face, or a
    symbol face)."""
    runs = json.loads((fonts_dir() / "coverage.json").read_text(encoding="utf-8"))["body"]
    return frozenset(code for first, last in runs for code in range(first, last + 1))


def undrawable(text: str, drawn: frozenset[int] | None = None) -> list[str]:
    """The characters of `text` the fonts cannot draw, each once, in order of appearance.
    Spaces, line breaks and invisible format characters need no glyph."""
    if text.isascii():  # almost every string: Basic Latin is covered
        return []
    drawn = covered() if drawn is None else drawn
    return list(dict.fromkeys(c for c in text if ord(c) not in drawn and c.isprintable() and not c.isspace()))


def describe(chars: list[str], limit: int = 8) -> str:
    """`U+6F22 漢, U+5B57 字`: characters as a reader and a search engine both find them."""
    shown = ", ".join(f"U+{ord(c):04X} {c}" for c in chars[:limit])
    return shown + (f" and {len(chars) - limit} more" if len(chars) > limit else "")
