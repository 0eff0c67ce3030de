"""Charts as inline SVG, drawn in Python: the roadmap's Gantt chart and the budget bars.

No JavaScript, nothing fetched. Every chart is readable in greyscale: quick wins differ from
other programs by a hatch pattern as well as by colour, and every bar carries a direct label,
so no legend has to be matched by colour. Labels are real `<text>` elements (a screen reader
and `pdftotext` find them), and each chart has a `<title>` and a `<desc>`.

SVG text does not wrap: labels are measured here (an estimate per character of Noto Sans)
and wrapped onto two lines, cut with an ellipsis only beyond that. An SVG cannot break across
pages either, so the Gantt chart comes in parts that each fit a landscape A4 page, balanced
so that the last part is not a stub of a few rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from ..schema.common import plain_text
from ..views import PillarView, ProgramView

# the bundled Noto Sans (`fonts.py`), whatever a theme names: the label widths are measured for it
FONT = "'Masterplan Sans', 'Masterplan Symbols', sans-serif"
MUTED = "#52606d"
GRID = "#cbd2d9"
BAND = "#e4e7eb"  # a pillar's band in the roadmap
SHADE = "#f5f7fa"  # every other year's column
WIDTH = 1000
GANTT_BODY_HEIGHT = 500  # rows of one part: with the heading, caption and legend, a landscape page

# advance widths of Noto Sans in ems (measured); other characters count as 0.6
_ADVANCE = {
    **dict.fromkeys("ABCKPRVX", 0.63),
    **dict.fromkeys("DGHNOQU", 0.75),
    **dict.fromkeys("EFLSTYZ", 0.56),
    "I": 0.34,
    "J": 0.27,
    "M": 0.91,
    "W": 0.93,
    **dict.fromkeys("abdeghnopqu", 0.6),
    **dict.fromkeys("ckrsvxyz", 0.5),
    **dict.fromkeys("fijlt", 0.3),
    "m": 0.94,
    "w": 0.79,
    **dict.fromkeys("0123456789", 0.57),
    **dict.fromkeys(" .,:;'()!|", 0.27),
    "-": 0.32,
    "/": 0.37,
    "–": 0.5,
    "—": 1.0,
    "%": 0.83,
    "&": 0.73,
}
_SAFETY = 1.04  # a margin for what the estimate leaves out (kerning, bold)


def text_width(text: str, size: float, bold: bool = False) -> float:
    ems = sum(_ADVANCE.get(c, 0.6) for c in text) * _SAFETY
    return ems * size * (1.07 if bold else 1.0)


def fit(text: str, width: float, size: float, bold: bool = False) -> str:
    """`text`, cut with an ellipsis so that it fits `width` at font size `size`."""
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip(" ,;:–—-") + "…"


def wrap(text: str, width: float, size: float, lines: int = 2, bold: bool = False) -> list[str]:
    """`text` in at most `lines` lines of `width`, broken between words; the last line cut
    with an ellipsis when the text is longer still."""
    words = text.split()
    result: list[str] = []
    current = ""
    for n, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if not current or text_width(candidate, size, bold) <= width:
            current = candidate
            continue
        result.append(current)
        current = word
        if len(result) == lines - 1:
            current = " ".join(words[n:])
            break
    result.append(current)
    return [fit(line, width, size, bold) for line in result]


def _years(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _e(text: str) -> str:
    return escape(text, quote=True)


@dataclass(frozen=True)
class Palette:
    """A chart's colours: the built-in ones, or a city's `theme:` (`theme.chart_palette`, which
    keeps every text on them readable)."""

    ink: str = "#1f2933"  # text, on white, BAND and SHADE
    bar: str = "#2f4f6f"  # dark slate blue, reads as dark grey in greyscale; white text on it
    quick_win: str = (
        "#946200"  # the accent: ochre stripes, 4.2:1 on their light ground (WCAG AA graphics: 3:1)
    )
    quick_win_light: str = "#f6e3bd"


BUILT_IN = Palette()


@dataclass(frozen=True)
class ChartText:
    """The words a chart needs, in the document's language."""

    title: str
    desc: str
    legend_program: str = ""
    legend_quick_win: str = ""
    continued: str = ""
    legends: tuple[str, ...] = ()  # a paired chart's two series


def _svg(chart_id: str, width: int, height: int, text: ChartText, body: list[str]) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" '
        f'viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{FONT}">'
        f'<title id="{chart_id}-title">{_e(text.title)}</title>'
        f'<desc id="{chart_id}-desc">{_e(text.desc)}</desc>'
    )
    return head + "".join(body) + "</svg>"


def _hatch(chart_id: str, palette: Palette) -> str:
    """Light ochre with dark diagonal stripes: unlike the solid dark bars in any print."""
    return (
        f'<defs><pattern id="{chart_id}-hatch" width="7" height="7" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="7" height="7" fill="{palette.quick_win_light}"/>'
        f'<rect width="2" height="7" fill="{palette.quick_win}"/></pattern></defs>'
    )


# --- the roadmap ----------------------------------------------------------------------------

GANTT_LABEL_WIDTH = 430  # the id and name columns, of WIDTH
GANTT_TOP, GANTT_LEGEND = 34, 30
LINE = 22  # the height of a one-line row; a two-line name adds NAME_LINE
NAME_SIZE, NAME_LINE, ID_SIZE = 11.5, 13, 11


@dataclass(frozen=True)
class _Row:
    pillar: str | None  # a pillar band when set
    program: ProgramView | None = None
    name: tuple[str, ...] = ()  # the program's name, in lines

    @property
    def height(self) -> int:
        return LINE + NAME_LINE * (len(self.name) - 1) if self.name else LINE


def _id_width(pillars: Sequence[PillarView]) -> float:
    ids = [p.id for pillar in pillars for p in pillar.programs]
    return min(150.0, max((text_width(i, ID_SIZE) for i in ids), default=0) + 14)


def gantt_rows(pillars: Sequence[PillarView], pillar_name: Callable[[PillarView], str]) -> list[_Row]:
    """The programs that count, by pillar (a band row each), in start order."""
    name_width = GANTT_LABEL_WIDTH - _id_width(pillars) - 16
    rows: list[_Row] = []
    for pillar in pillars:
        if not pillar.programs:
            continue
        rows.append(_Row(pillar_name(pillar)))
        ordered = sorted(pillar.programs, key=lambda p: (p.first_year, p.last_year, p.id))
        rows.extend(
            _Row(None, p, tuple(wrap(plain_text(p.program.name), name_width, NAME_SIZE))) for p in ordered
        )
    return rows


def _pack(rows: list[_Row], limit: float, continued: str) -> list[list[_Row]]:
    """Rows in parts of at most `limit` height: a band never ends a part, and a part that
    starts inside a pillar repeats its band, marked continued."""
    parts: list[list[_Row]] = []
    current: list[_Row] = []
    used = 0.0
    band: str | None = None
    for n, row in enumerate(rows):
        need = row.height
        if row.pillar is not None:
            band = row.pillar
            if n + 1 < len(rows):
                need += rows[n + 1].height  # with its first program
        if current and used + need > limit:
            parts.append(current)
            current, used = [], 0.0
            if row.pillar is None and band is not None:
                current.append(_Row(f"{band} ({continued})"))
                used += LINE
        current.append(row)
        used += row.height
    if current:
        parts.append(current)
    return parts


def gantt_charts(
    pillars: Sequence[PillarView],
    years: Sequence[int],
    pillar_name: Callable[[PillarView], str],
    amount: Callable[[int], str],
    text: Callable[[int, int], ChartText],
    *,
    body_height: float = GANTT_BODY_HEIGHT,
    palette: Palette = BUILT_IN,
) -> list[str]:
    """The roadmap as Gantt charts: programs by pillar (bands) and year (columns), in as few
    parts as fit `body_height` each, balanced (the smallest height that needs no more parts).

    `text(part, parts)` gives the title and description of each chart."""
    rows = gantt_rows(pillars, pillar_name)
    if not rows:
        return []
    continued = text(0, 0).continued
    parts = _pack(rows, body_height, continued)
    low, high = sum(r.height for r in rows) / len(parts), body_height
    while len(parts) > 1 and high - low > 4:
        middle = (low + high) / 2
        if len(_pack(rows, middle, continued)) <= len(parts):
            high = middle
        else:
            low = middle
    parts = _pack(rows, high, continued)
    id_width = _id_width(pillars)
    return [
        _gantt(f"gantt-{n + 1}", part, years, amount, text(n + 1, len(parts)), id_width, palette)
        for n, part in enumerate(parts)
    ]


def _gantt(
    chart_id: str,
    rows: list[_Row],
    years: Sequence[int],
    amount: Callable[[int], str],
    text: ChartText,
    id_width: float,
    palette: Palette,
) -> str:
    label_width, top = GANTT_LABEL_WIDTH, GANTT_TOP
    columns = len(years)
    column = (WIDTH - label_width - 10) / max(columns, 1)
    body = sum(row.height for row in rows)
    height = top + body + GANTT_LEGEND
    out = [_hatch(chart_id, palette)]
    x0 = label_width
    # the largest type, up to 13, in which a year fits its column with a gap either side
    year_size = min(13.0, (column - 6) / text_width("2000", 1, bold=True))
    for i, year in enumerate(years):  # year columns, alternately shaded
        x = x0 + i * column
        if i % 2 == 0:
            out.append(f'<rect x="{x:.1f}" y="{top}" width="{column:.1f}" height="{body}" fill="{SHADE}"/>')
        out.append(
            f'<text x="{x + column / 2:.1f}" y="{top - 12}" text-anchor="middle" font-size="{year_size:.1f}" '
            f'font-weight="bold" fill="{palette.ink}">{year}</text>'
        )
    for i in range(columns + 1):
        x = x0 + i * column
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{top + body}" stroke="{GRID}" stroke-width="1"/>'
        )
    y = top
    for row in rows:
        h = row.height
        if row.pillar is not None:
            out.append(f'<rect x="0" y="{y + 1}" width="{WIDTH}" height="{h - 2}" fill="{BAND}"/>')
            out.append(
                f'<text x="6" y="{y + 15}" font-size="12.5" font-weight="bold" fill="{palette.ink}">{_e(fit(row.pillar, WIDTH - 12, 12.5, True))}</text>'
            )
            y += h
            continue
        view = row.program
        assert view is not None
        program = view.program
        out.append(
            f'<text x="6" y="{y + 15}" font-size="{ID_SIZE}" fill="{MUTED}">{_e(fit(program.id, id_width - 8, ID_SIZE))}</text>'
        )
        for k, line in enumerate(row.name):
            out.append(
                f'<text x="{6 + id_width:.1f}" y="{y + 15 + k * NAME_LINE}" font-size="{NAME_SIZE}" fill="{palette.ink}">{_e(line)}</text>'
            )
        first = years.index(view.first_year) if view.first_year in years else 0
        last = years.index(view.last_year) if view.last_year in years else columns - 1
        bx, bw = x0 + first * column + 3, (last - first + 1) * column - 6
        by = y + (h - 14) / 2
        fill = f"url(#{chart_id}-hatch)" if program.quick_win else palette.bar
        out.append(
            f'<rect x="{bx:.1f}" y="{by:.1f}" width="{bw:.1f}" height="14" rx="2" fill="{fill}">'
            f"<title>{_e(program.id)} {_e(plain_text(program.name))}: {_years(view.first_year, view.last_year)}</title></rect>"
        )
        label = amount(view.budget_total) if view.budget_total else ""
        if label and text_width(label, 10) + 14 <= bw:
            if program.quick_win:  # on a white label, so the stripes do not cross the text
                width = text_width(label, 10) + 8
                out.append(
                    f'<rect x="{bx + (bw - width) / 2:.1f}" y="{by + 1.5:.1f}" width="{width:.1f}" height="11" rx="2" fill="#ffffff"/>'
                )
            colour = palette.ink if program.quick_win else "#ffffff"
            out.append(
                f'<text x="{bx + bw / 2:.1f}" y="{by + 10.5:.1f}" text-anchor="middle" font-size="10" fill="{colour}">{_e(label)}</text>'
            )
        y += h
        out.append(f'<line x1="0" y1="{y}" x2="{WIDTH}" y2="{y}" stroke="{BAND}" stroke-width="0.6"/>')
    ly = top + body + 12
    out.append(f'<rect x="{x0}" y="{ly}" width="28" height="12" rx="2" fill="{palette.bar}"/>')
    out.append(
        f'<text x="{x0 + 34}" y="{ly + 10.5}" font-size="11" fill="{palette.ink}">{_e(text.legend_program)}</text>'
    )
    lx = x0 + 34 + text_width(text.legend_program, 11) + 28
    out.append(f'<rect x="{lx:.1f}" y="{ly}" width="28" height="12" rx="2" fill="url(#{chart_id}-hatch)"/>')
    out.append(
        f'<text x="{lx + 34:.1f}" y="{ly + 10.5}" font-size="11" fill="{palette.ink}">{_e(text.legend_quick_win)}</text>'
    )
    return _svg(chart_id, WIDTH, int(height), text, out)


# --- the budget -----------------------------------------------------------------------------


def bar_chart(
    chart_id: str,
    labels: Sequence[str],
    values: Sequence[int],
    value_label: Callable[[int], str],
    text: ChartText,
    full: int | None = None,
    palette: Palette = BUILT_IN,
) -> str:
    """Horizontal bars, one per label, each with its amount written beside it; a long label
    takes two lines. `full`: the value of a bar across the whole width (a rate's 100%), else
    the largest value."""
    size, value_space = 13, 190
    widest = max((text_width(label, size) for label in labels), default=0)
    label_width = int(min(max(widest + 16, 200), 330))
    lines = [wrap(label, label_width - 16, size) for label in labels]
    row_height = 38 if any(len(x) > 1 for x in lines) else 30
    top = 8
    bar_space = WIDTH - label_width - value_space
    largest = full or max(values, default=0) or 1
    height = top * 2 + row_height * len(labels)
    body = [
        f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{height - top}" stroke="{MUTED}" stroke-width="1"/>'
    ]
    for n, (label_lines, value) in enumerate(zip(lines, values, strict=False)):
        y = top + n * row_height
        middle = y + row_height / 2
        width = bar_space * value / largest
        first = middle + 4.5 - (len(label_lines) - 1) * 7.5
        for k, line in enumerate(label_lines):
            body.append(
                f'<text x="{label_width - 10}" y="{first + k * 15:.1f}" text-anchor="end" font-size="{size}" fill="{palette.ink}">{_e(line)}</text>'
            )
        if value:
            body.append(
                f'<rect x="{label_width}" y="{middle - 9:.1f}" width="{max(width, 1.5):.1f}" height="18" fill="{palette.bar}"/>'
            )
        body.append(
            f'<text x="{label_width + width + 8:.1f}" y="{middle + 4.5:.1f}" font-size="12.5" fill="{palette.ink}">{_e(value_label(value))}</text>'
        )
    return _svg(chart_id, WIDTH, height, text, body)


def column_chart(
    chart_id: str,
    labels: Sequence[str],
    values: Sequence[int],
    value_label: Callable[[int], str],
    text: ChartText,
    palette: Palette = BUILT_IN,
) -> str:
    """Vertical columns, one per label (a year), each with its amount above it: written
    upwards when the amounts are too wide to stand side by side (many years, large sums)."""
    left, right, bottom, inner = 20, 20, 30, 236
    slot = (WIDTH - left - right) / max(len(labels), 1)
    size = 12.5 if slot > 90 else 10.5
    amounts = [value_label(value) for value in values]
    widest = max((text_width(a, size) for a in amounts), default=0)
    upright = widest + 8 > slot  # too wide to stand beside each other: written upwards
    top = widest + 14 if upright else 34
    height = int(top + inner + bottom)
    largest = max(values, default=0) or 1
    base = height - bottom
    year_size = min(13.0, (slot - 6) / (text_width(max(labels, key=len, default=""), 1, bold=True) or 1))
    body = [
        f'<line x1="{left}" y1="{base}" x2="{WIDTH - right}" y2="{base}" stroke="{MUTED}" stroke-width="1"/>'
    ]
    for n, (label, value, shown) in enumerate(zip(labels, values, amounts, strict=False)):
        x = left + n * slot
        bar_height = inner * value / largest
        bar_width = min(slot * 0.6, 110)
        bx = x + (slot - bar_width) / 2
        if value:
            body.append(
                f'<rect x="{bx:.1f}" y="{base - bar_height:.1f}" width="{bar_width:.1f}" height="{max(bar_height, 1.5):.1f}" fill="{palette.bar}"/>'
            )
        tx, ty = x + slot / 2, base - bar_height - 8
        place = (
            f'transform="translate({tx + size / 3:.1f} {ty:.1f}) rotate(-90)"'
            if upright
            else f'x="{tx:.1f}" y="{ty:.1f}" text-anchor="middle"'
        )
        body.append(f'<text {place} font-size="{size}" fill="{palette.ink}">{_e(shown)}</text>')
        body.append(
            f'<text x="{tx:.1f}" y="{base + 20}" text-anchor="middle" font-size="{year_size:.1f}" font-weight="bold" fill="{palette.ink}">{_e(label)}</text>'
        )
    return _svg(chart_id, WIDTH, height, text, body)


def paired_column_chart(
    chart_id: str,
    labels: Sequence[str],
    first: Sequence[int],
    second: Sequence[int],
    value_label: Callable[[int], str],
    text: ChartText,
    palette: Palette = BUILT_IN,
) -> str:
    """Two columns per label (a year): the first series solid, the second hatched, so that
    they differ in greyscale too; each with its amount above it (upwards), and a legend."""
    left, right, bottom, inner, legend = 20, 20, 30, 220, 26
    slot = (WIDTH - left - right) / max(len(labels), 1)
    size = 11.5
    amounts = [value_label(v) for v in (*first, *second)]
    top = max((text_width(a, size) for a in amounts), default=0) + 14
    height = int(top + inner + bottom + legend)
    largest = max((*first, *second), default=0) or 1
    base = top + inner
    body = [_hatch(chart_id, palette)]
    body.append(
        f'<line x1="{left}" y1="{base}" x2="{WIDTH - right}" y2="{base}" stroke="{MUTED}" stroke-width="1"/>'
    )
    for n, label in enumerate(labels):
        x = left + n * slot
        bar_width = min(slot * 0.32, 80)
        for k, (value, fill) in enumerate(((first[n], palette.bar), (second[n], f"url(#{chart_id}-hatch)"))):
            bx = x + slot / 2 - bar_width - 2 + k * (bar_width + 4)
            bar_height = inner * value / largest
            if value:
                body.append(
                    f'<rect x="{bx:.1f}" y="{base - bar_height:.1f}" width="{bar_width:.1f}" '
                    f'height="{max(bar_height, 1.5):.1f}" fill="{fill}" stroke="{palette.quick_win if k else palette.bar}" stroke-width="0.8"/>'
                )
            tx, ty = bx + bar_width / 2 + size / 3, base - bar_height - 6
            body.append(
                f'<text transform="translate({tx:.1f} {ty:.1f}) rotate(-90)" font-size="{size}" fill="{palette.ink}">{_e(value_label(value))}</text>'
            )
        body.append(
            f'<text x="{x + slot / 2:.1f}" y="{base + 20}" text-anchor="middle" font-size="13" font-weight="bold" fill="{palette.ink}">{_e(label)}</text>'
        )
    ly = base + bottom + 6
    lx = float(left)
    for k, name in enumerate(text.legends[:2]):
        fill = f"url(#{chart_id}-hatch)" if k else palette.bar
        body.append(
            f'<rect x="{lx:.1f}" y="{ly}" width="28" height="12" rx="2" fill="{fill}" stroke="{palette.quick_win if k else palette.bar}" stroke-width="0.8"/>'
        )
        body.append(
            f'<text x="{lx + 34:.1f}" y="{ly + 10.5}" font-size="12" fill="{palette.ink}">{_e(name)}</text>'
        )
        lx += 34 + text_width(name, 12) + 28
    return _svg(chart_id, WIDTH, height, text, body)
