"""Charts as inline SVG, drawn in Python: the roadmap's Gantt chart and the budget bars.

No JavaScript, nothing fetched. Every chart is readable in greyscale: quick wins differ from
other programs by a hatch pattern as well as by colour, and every bar carries a direct label,
so no legend has to be matched by colour. Labels are real `<text>` elements (a screen reader
and `pdftotext` find them), and each chart has a `<title>` and a `<desc>`.

An SVG cannot break across pages, so the Gantt chart comes in chunks of at most
`GANTT_ROWS_PER_CHART` rows, each of which fits a landscape A4 page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from ..views import PillarView, ProgramView

FONT = "'Noto Sans', 'DejaVu Sans', sans-serif"
INK = "#1f2933"
MUTED = "#52606d"
GRID = "#cbd2d9"
BAND = "#e4e7eb"
BAR = "#2f4f6f"  # dark slate blue: reads as dark grey in greyscale
QUICK_WIN = "#b7791f"  # ochre stripes on a light ground: reads as a striped light grey
QUICK_WIN_LIGHT = "#f6e3bd"
WIDTH = 1000
GANTT_ROWS_PER_CHART = 22  # with the section heading above the first chart
CHAR_WIDTH = 0.56  # average advance of Noto Sans / DejaVu Sans, in ems


def _text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_WIDTH


def fit(text: str, width: float, size: float) -> str:
    """`text`, cut with an ellipsis so that it fits `width` at font size `size`."""
    if _text_width(text, size) <= width:
        return text
    keep = max(1, int(width / (size * CHAR_WIDTH)) - 1)
    return text[:keep].rstrip() + "…"


def _e(text: str) -> str:
    return escape(text, quote=True)


@dataclass(frozen=True)
class ChartText:
    """The words a chart needs, in the document's language."""

    title: str
    desc: str
    legend_program: str = ""
    legend_quick_win: str = ""
    continued: str = ""


def _svg(chart_id: str, width: int, height: int, text: ChartText, body: list[str]) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" '
        f'viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{FONT}">'
        f'<title id="{chart_id}-title">{_e(text.title)}</title>'
        f'<desc id="{chart_id}-desc">{_e(text.desc)}</desc>'
    )
    return head + "".join(body) + "</svg>"


def _hatch(chart_id: str) -> str:
    """Light ochre with dark diagonal stripes: unlike the solid dark bars in any print."""
    return (
        f'<defs><pattern id="{chart_id}-hatch" width="7" height="7" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="7" height="7" fill="{QUICK_WIN_LIGHT}"/>'
        f'<rect width="2" height="7" fill="{QUICK_WIN}"/></pattern></defs>'
    )


# --- the roadmap ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    pillar: str | None  # a pillar band when set
    program: ProgramView | None = None


def gantt_rows(pillars: Sequence[PillarView], pillar_name: Callable[[PillarView], str]) -> list[_Row]:
    rows: list[_Row] = []
    for pillar in pillars:
        if not pillar.programs:
            continue
        rows.append(_Row(pillar_name(pillar)))
        ordered = sorted(pillar.programs, key=lambda p: (p.first_year, p.last_year, p.id))
        rows.extend(_Row(None, program) for program in ordered)
    return rows


def gantt_charts(
    pillars: Sequence[PillarView],
    years: Sequence[int],
    pillar_name: Callable[[PillarView], str],
    amount: Callable[[int], str],
    text: Callable[[int, int], ChartText],
    *,
    rows_per_chart: int = GANTT_ROWS_PER_CHART,
) -> list[str]:
    """The roadmap as Gantt charts: programs by pillar (bands) and year (columns).

    `text(part, parts)` gives the title and description of each chart."""
    rows = gantt_rows(pillars, pillar_name)
    chunks: list[list[_Row]] = []
    current: list[_Row] = []
    band: str | None = None
    for row in rows:
        if row.pillar is not None:
            band = row.pillar
            if len(current) >= rows_per_chart - 1:  # never a band alone at the bottom
                chunks.append(current)
                current = []
        elif len(current) >= rows_per_chart:
            chunks.append(current)
            current = [_Row(f"{band} ({text(0, 0).continued})" if band else "")]
        current.append(row)
    if current:
        chunks.append(current)
    return [
        _gantt(f"gantt-{n + 1}", chunk, years, amount, text(n + 1, len(chunks)))
        for n, chunk in enumerate(chunks)
    ]


def _gantt(chart_id: str, rows: list[_Row], years: Sequence[int], amount: Callable[[int], str], text: ChartText) -> str:
    label_width, top, row_height, legend = 390, 34, 22, 30
    columns = len(years)
    column = (WIDTH - label_width - 10) / max(columns, 1)
    height = top + row_height * len(rows) + legend
    body = [_hatch(chart_id)]
    x0 = label_width
    for i, year in enumerate(years):  # year columns, alternately shaded
        x = x0 + i * column
        if i % 2 == 0:
            body.append(f'<rect x="{x:.1f}" y="{top}" width="{column:.1f}" height="{row_height * len(rows)}" fill="#f5f7fa"/>')
        body.append(
            f'<text x="{x + column / 2:.1f}" y="{top - 12}" text-anchor="middle" font-size="13" '
            f'font-weight="bold" fill="{INK}">{year}</text>'
        )
    for i in range(columns + 1):
        x = x0 + i * column
        body.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{top + row_height * len(rows)}" stroke="{GRID}" stroke-width="1"/>')
    ids = [row.program.program.id for row in rows if row.program is not None]
    id_width = min(130.0, max((_text_width(i, 11) for i in ids), default=0) + 12)
    for n, row in enumerate(rows):
        y = top + n * row_height
        if row.pillar is not None:
            body.append(f'<rect x="0" y="{y + 1}" width="{WIDTH}" height="{row_height - 2}" fill="{BAND}"/>')
            body.append(
                f'<text x="6" y="{y + 15}" font-size="12.5" font-weight="bold" fill="{INK}">{_e(fit(row.pillar, WIDTH - 12, 12.5))}</text>'
            )
            continue
        view = row.program
        assert view is not None
        program = view.program
        body.append(f'<text x="6" y="{y + 15}" font-size="11" fill="{MUTED}">{_e(program.id)}</text>')
        name = fit(program.name, label_width - id_width - 14, 11.5)
        body.append(f'<text x="{6 + id_width:.1f}" y="{y + 15}" font-size="11.5" fill="{INK}">{_e(name)}</text>')
        first = max(0, years.index(view.first_year)) if view.first_year in years else 0
        last = years.index(view.last_year) if view.last_year in years else columns - 1
        bx, bw = x0 + first * column + 3, (last - first + 1) * column - 6
        fill = f"url(#{chart_id}-hatch)" if program.quick_win else BAR
        body.append(
            f'<rect x="{bx:.1f}" y="{y + 4}" width="{bw:.1f}" height="{row_height - 8}" rx="2" fill="{fill}">'
            f"<title>{_e(program.id)} {_e(program.name)}: {view.first_year}–{view.last_year}</title></rect>"
        )
        label = amount(view.budget_total) if view.budget_total else ""
        if label and _text_width(label, 10) + 14 <= bw:
            if program.quick_win:  # on a white label, so the stripes do not cross the text
                width = _text_width(label, 10) + 8
                body.append(f'<rect x="{bx + (bw - width) / 2:.1f}" y="{y + 5.5}" width="{width:.1f}" height="{row_height - 11}" rx="2" fill="#ffffff"/>')
            colour = INK if program.quick_win else "#ffffff"
            body.append(
                f'<text x="{bx + bw / 2:.1f}" y="{y + 14.5}" text-anchor="middle" font-size="10" fill="{colour}">{_e(label)}</text>'
            )
        body.append(f'<line x1="0" y1="{y + row_height}" x2="{WIDTH}" y2="{y + row_height}" stroke="{BAND}" stroke-width="0.6"/>')
    ly = top + row_height * len(rows) + 12
    body.append(f'<rect x="{x0}" y="{ly}" width="28" height="12" rx="2" fill="{BAR}"/>')
    body.append(f'<text x="{x0 + 34}" y="{ly + 10.5}" font-size="11" fill="{INK}">{_e(text.legend_program)}</text>')
    lx = x0 + 34 + _text_width(text.legend_program, 11) + 28
    body.append(f'<rect x="{lx:.1f}" y="{ly}" width="28" height="12" rx="2" fill="url(#{chart_id}-hatch)"/>')
    body.append(f'<text x="{lx + 34:.1f}" y="{ly + 10.5}" font-size="11" fill="{INK}">{_e(text.legend_quick_win)}</text>')
    return _svg(chart_id, WIDTH, int(height), text, body)


# --- the budget -----------------------------------------------------------------------------


def bar_chart(
    chart_id: str,
    labels: Sequence[str],
    values: Sequence[int],
    value_label: Callable[[int], str],
    text: ChartText,
) -> str:
    """Horizontal bars, one per label, each with its amount written beside it."""
    label_width, row_height, top = 260, 30, 8
    value_space = 190
    bar_space = WIDTH - label_width - value_space
    largest = max(values, default=0) or 1
    height = top * 2 + row_height * len(labels)
    body = [f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{height - top}" stroke="{MUTED}" stroke-width="1"/>']
    for n, (label, value) in enumerate(zip(labels, values, strict=False)):
        y = top + n * row_height
        width = bar_space * value / largest
        body.append(
            f'<text x="{label_width - 10}" y="{y + 19.5}" text-anchor="end" font-size="13" fill="{INK}">{_e(fit(label, label_width - 16, 13))}</text>'
        )
        if value:
            body.append(f'<rect x="{label_width}" y="{y + 6}" width="{max(width, 1.5):.1f}" height="{row_height - 12}" fill="{BAR}"/>')
        body.append(
            f'<text x="{label_width + width + 8:.1f}" y="{y + 19.5}" font-size="12.5" fill="{INK}">{_e(value_label(value))}</text>'
        )
    return _svg(chart_id, WIDTH, height, text, body)


def column_chart(
    chart_id: str,
    labels: Sequence[str],
    values: Sequence[int],
    value_label: Callable[[int], str],
    text: ChartText,
) -> str:
    """Vertical columns, one per label (a year), each with its amount above it."""
    left, right, top, bottom, height = 20, 20, 34, 30, 300
    inner = height - top - bottom
    slot = (WIDTH - left - right) / max(len(labels), 1)
    largest = max(values, default=0) or 1
    base = height - bottom
    body = [f'<line x1="{left}" y1="{base}" x2="{WIDTH - right}" y2="{base}" stroke="{MUTED}" stroke-width="1"/>']
    size = 12.5 if slot > 90 else 10.5
    for n, (label, value) in enumerate(zip(labels, values, strict=False)):
        x = left + n * slot
        bar_height = inner * value / largest
        bar_width = min(slot * 0.6, 110)
        bx = x + (slot - bar_width) / 2
        if value:
            body.append(f'<rect x="{bx:.1f}" y="{base - bar_height:.1f}" width="{bar_width:.1f}" height="{max(bar_height, 1.5):.1f}" fill="{BAR}"/>')
        body.append(
            f'<text x="{x + slot / 2:.1f}" y="{base - bar_height - 8:.1f}" text-anchor="middle" font-size="{size}" fill="{INK}">{_e(value_label(value))}</text>'
        )
        body.append(
            f'<text x="{x + slot / 2:.1f}" y="{base + 20}" text-anchor="middle" font-size="13" font-weight="bold" fill="{INK}">{_e(label)}</text>'
        )
    return _svg(chart_id, WIDTH, height, text, body)
