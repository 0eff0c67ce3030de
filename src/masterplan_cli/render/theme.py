"""A city's `theme:` as CSS custom properties, put after `style.css` so that they win.

Only the values the schema let through reach the stylesheet: colours match `#rgb`/`#rrggbb`
and a font family is letters, digits, spaces and hyphens (`schema.common.COLOUR`,
`schema.city.FONT_FAMILY`), so nothing a city writes can end a rule or start another. The
shades `style.css` uses beside the primary colour (headings, tinted table cells) are derived
from it, so one colour re-tints the whole document.
"""

from __future__ import annotations

from ..fonts import STACK
from ..schema.city import Theme

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
