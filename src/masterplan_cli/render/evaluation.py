"""What the evaluation report and the dashboard templates receive: one typed context of plain
data (`plain.py`), the same contract as the masterplan's (`context.py`)."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from ..fonts import font_faces_css, theme_css
from ..i18n import Formatter, Messages
from ..project import Plan
from ..schema.common import plain_text
from ..views import NEAR_TARGET, Evaluation, today
from .charts import ChartText, Palette, bar_chart, paired_column_chart
from .context import TOC_PLACEHOLDER, Numbering, Toc, logo_data_uri
from .plain import Converter, Record
from .theme import chart_palette


class ReportContext(TypedDict):
    """What `report.html`, `report.md` and `dashboard.html` receive."""

    lang: str
    t: Messages
    fmt: Formatter
    generator: str
    title: str
    subtitle: str
    author: str
    date: dt.date
    date_text: str
    city: Record  # schema.city.City
    period: Record  # schema.city.Period
    year: int
    evaluation: Record  # views.Evaluation
    years_text: str  # the years reported, "2024, 2025"
    near: str  # the threshold of "near", as a percentage
    charts: Record  # ReportCharts
    logo: str | None
    font_css: str
    toc: Toc
    numbers: Numbering
    toc_placeholder: str


class ReportCharts(TypedDict):
    by_pillar: str
    budget: str


def report_context(plan: Plan, evaluation: Evaluation, language: str, generator: str) -> ReportContext:
    t, fmt = Messages(language), Formatter(language)
    city, period = plan.masterplan.city, plan.masterplan.period
    date = today()
    year = evaluation.year
    data = Converter(language)
    return ReportContext(
        lang=language,
        t=t,
        fmt=fmt,
        generator=generator,
        title=str(t("report.title", city=city.name, year=year)),
        subtitle=str(t("report.subtitle", year=year, start=period.start, end=period.end)),
        author=plain_text(plan.masterplan.document.author)
        if plan.masterplan.document.author
        else str(t("cover.default_author", city=city.name)),
        date=date,
        date_text=fmt.date(date),
        city=data(city),
        period=data(period),
        year=year,
        evaluation=data(evaluation),
        years_text=", ".join(map(str, evaluation.years)),
        near=fmt.percent(NEAR_TARGET, 0),
        charts=data(report_charts(evaluation, t, fmt, chart_palette(plan.masterplan.theme))),
        logo=logo_data_uri(plan),
        font_css=font_faces_css() + "\n" + theme_css(plan.masterplan.document.font),
        toc=Toc(max_level=1),
        numbers=Numbering(str(t("caption.table")), str(t("caption.figure"))),
        toc_placeholder=TOC_PLACEHOLDER,
    )


def report_charts(evaluation: Evaluation, t: Messages, fmt: Formatter, palette: Palette) -> ReportCharts:
    total, year = evaluation.total, evaluation.year
    pillars = [p for p in evaluation.by_pillar if p.due]
    budget = evaluation.budget_years
    planned, realised = sum(b.planned for b in budget), sum(b.realised for b in budget)
    return ReportCharts(
        by_pillar=bar_chart(
            "report-pillar-chart",
            [p.label for p in pillars],
            [round(p.rate * 10_000) for p in pillars],
            lambda value: fmt.percent(value / 10_000, 2),
            ChartText(
                title=str(t("report.chart.pillar_title", year=year)),
                desc=str(t("report.chart.pillar_desc", implemented=total.implemented, count=total.due)),
            ),
            full=10_000,
            palette=palette,
        ),
        budget=paired_column_chart(
            "report-budget-chart",
            [str(b.year) for b in budget],
            [b.planned for b in budget],
            [b.realised for b in budget],
            fmt.rupiah_short,
            ChartText(
                title=str(t("report.chart.budget_title", year=year)),
                desc=str(
                    t("report.chart.budget_desc", planned=fmt.rupiah(planned), realised=fmt.rupiah(realised))
                ),
                legends=(str(t("report.chart.planned")), str(t("report.chart.realised"))),
            ),
            palette=palette,
        ),
    )
