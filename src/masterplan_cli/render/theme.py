"""A city's `theme:` as CSS custom properties, put after `style.css` so that they win.

Only the values the schema let through reach the stylesheet: colours match `#rgb`/`#rrggbb`
and a font family is letters, digits, spaces and hyphens (`schema.common.COLOUR`,
`schema.city.FONT_FAMILY`), so nothing a city writes can end a rule or start another. The
shades `style.css` uses beside the primary colour (headings, tinted table cells) are derived
from it, so one colour re-tints the whole document.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..fonts import STACK
from ..schema.city import Theme
from .charts import BAND, BUILT_IN, SHADE, Palette

WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
# How far each shade moves from the primary colour (0: the colour, 1: white or black), the
# proportions of the built-in navy's own shades.
SHADES = {
    "--primary-light": (WHITE, 0.18),
    "--tint": (WHITE, 0.85),
    "--tint-strong": (WHITE, 0.80),
    "--tint-foot": (WHITE, 0.88),
}
DARKEN = 0.40
TEXT_CONTRAST = 4.5  # WCAG 2 AA for text: the charts' labels
GRAPHIC_CONTRAST = 3.0  # WCAG 2 AA for the parts of a graphic: the quick wins' stripes


def theme_css(theme: Theme) -> str:
    """A `:root` rule setting what the theme names; empty for the built-in look."""
    values: dict[str, str] = {}
    if theme.primary:
        values["--primary"] = theme.primary
        values.update({name: _mix(theme.primary, towards, part) for name, (towards, part) in SHADES.items()})
    if dark := heading_colour(theme):
        values["--primary-dark"] = dark
    if theme.accent:
        values["--accent"] = theme.accent
    if theme.text:
        values["--ink"] = theme.text
    if theme.heading_font:
        values["--font-heading"] = f'"{theme.heading_font}", {STACK}'
    return (
        ":root { " + " ".join(f"{name}: {value};" for name, value in values.items()) + " }" if values else ""
    )


def heading_colour(theme: Theme) -> str | None:
    """The headings' colour as `#rrggbb` (the Word edition's), when the theme changes it."""
    if theme.primary_dark:
        return "#" + "".join(f"{c:02x}" for c in rgb(theme.primary_dark))
    return _mix(theme.primary, BLACK, DARKEN) if theme.primary else None


def rgb(colour: str) -> tuple[int, int, int]:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _mix(colour: str, towards: tuple[int, int, int], part: float) -> str:
    mixed = (round(c + (t - c) * part) for c, t in zip(rgb(colour), towards, strict=True))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def chart_palette(theme: Theme) -> Palette:
    """The charts' colours in the theme's: bars in the primary colour, quick-win stripes in the
    accent, labels in the text colour; each darkened as far as its text needs to stay readable
    (white amounts on a bar, labels on white and on the grey bands)."""
    ink = readable(theme.text, ("#ffffff", BAND, SHADE), TEXT_CONTRAST) if theme.text else BUILT_IN.ink
    bar = readable(theme.primary, ("#ffffff",), TEXT_CONTRAST) if theme.primary else BUILT_IN.bar
    if not theme.accent:
        return Palette(ink, bar)
    light = _mix(theme.accent, WHITE, 0.75)
    return Palette(ink, bar, readable(theme.accent, (light,), GRAPHIC_CONTRAST), light)


def readable(colour: str, backgrounds: Sequence[str], ratio: float) -> str:
    """`colour` as `#rrggbb`, darkened just enough for `ratio` against each of `backgrounds`."""
    for step in range(21):
        darker = _mix(colour, BLACK, step / 20)
        if all(contrast(darker, background) >= ratio for background in backgrounds):
            return darker
    return "#000000"  # pragma: no cover - black reaches 4.5:1 on any background light enough for text


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two colours, 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance)."""
    linear = [c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
