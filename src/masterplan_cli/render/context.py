"""What the templates receive: one typed context, the contract between Python and templates.

A city's own templates see exactly this (mkdocs' `TemplateContext` does the same for themes).
Free-text fields a city left out are filled here with boilerplate from the message catalogue,
built from the city's name and period, so every chapter has its text.

What the document shows of each program in its language (years, amounts, names) is formatted
here once (`shown`), for both the Markdown and the HTML: the per-program templates then only
lay out text, which keeps a 2,000-program build fast.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypedDict

from jinja2 import Environment

from ..books import VOLUME, Book
from ..containment import read_contained
from ..fonts import font_faces_css, theme_css
from ..i18n import Formatter, Messages, local_name
from ..logo import MAX_LOGO_BYTES, LogoProblem, inspect
from ..project import Plan
from ..schema.city import City
from ..schema.common import Bilingual, Indicator, plain_text, plain_texts
from ..schema.frameworks import Element, Pillar
from ..schema.opd import FUNDING_SOURCES, Step
from ..views import (
    QUICK_WIN_LAST_START,
    QUICK_WIN_MAX_YEARS,
    TERMS,
    UNSPECIFIED,
    Bands,
    ProgramView,
    Views,
    bands,
    term_years,
)
from . import theme
from .charts import ChartText, Palette, bar_chart, column_chart, gantt_charts
from .layout import Layout
from .plain import Converter, Record


@dataclass
class TocEntry:
    level: int
    anchor: str
    title: str
    number: str
    front: bool  # front matter (numbered in roman in the PDF)


@dataclass
class Toc:
    """Headings as the templates write them; the table of contents is made from them after the
    body is rendered (`add` returns the empty string, so a template can call it inline)."""

    max_level: int = 2
    entries: list[TocEntry] = field(default_factory=list)

    def add(self, level: int, anchor: str, title: str, number: str = "", front: bool = False) -> str:
        if level <= self.max_level:
            self.entries.append(TocEntry(level, anchor, str(title), str(number), front))
        return ""


@dataclass(frozen=True)
class Caption:
    """A numbered table or figure, for the lists of tables and figures (Daftar Tabel/Gambar)."""

    label: str  # `Tabel 3.2`
    text: str
    anchor: str  # the caption's id in the HTML


@dataclass
class Numbering:
    """Table and figure numbers per chapter (`Tabel 3.2`), counted as the templates render,
    and every caption in order for the lists of tables and figures."""

    table_word: str
    figure_word: str
    prefix: str = ""
    tables: int = 0
    figures: int = 0
    table_list: list[Caption] = field(default_factory=list)
    figure_list: list[Caption] = field(default_factory=list)

    def chapter(self, prefix: object) -> str:
        self.prefix, self.tables, self.figures = str(prefix), 0, 0
        return ""

    def _label(self, word: str, number: int) -> str:
        return f"{word} {self.prefix}.{number}" if self.prefix else f"{word} {number}"

    def table(self, text: object = "", same: bool = False) -> str:
        """The next table's number, listed in the Daftar Tabel; `same`: the last one's again
        (a table continued after a block of years), not listed twice."""
        if same:
            return self._label(self.table_word, self.tables)
        self.tables += 1
        label = self._label(self.table_word, self.tables)
        self.table_list.append(Caption(label, str(text), f"table-{len(self.table_list) + 1}"))
        return label

    def figure(self, text: object = "", same: bool = False) -> str:
        """The next figure's number, listed in the Daftar Gambar; `same`: the last one's again
        (a chart continued), not listed twice."""
        if same:
            return self._label(self.figure_word, self.figures)
        self.figures += 1
        label = self._label(self.figure_word, self.figures)
        self.figure_list.append(Caption(label, str(text), f"figure-{len(self.figure_list) + 1}"))
        return label

    def anchor(self, kind: str) -> str:
        """The id of the caption just numbered (`table` or `figure`)."""
        return (self.table_list if kind == "table" else self.figure_list)[-1].anchor

    def fresh(self) -> Numbering:
        return Numbering(self.table_word, self.figure_word)


@dataclass(frozen=True)
class Charts:
    gantt: list[str]  # SVG, one chart per landscape page
    budget_by_pillar: str
    budget_by_year: str


@dataclass(frozen=True)
class Texts:
    """The free-text fields (Markdown), each the city's own or the catalogue's boilerplate."""

    foreword: str
    background: str
    purpose: str
    scope: str
    method: str
    profile: str
    closing: str
    monitoring: str
    bands: str  # the definition of the time bands and of a quick win (method section)
    legal_basis: list[str]
    own: dict[str, bool]  # which fields the city wrote itself


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    id: str
    name: str
    unit: str
    baseline: str | None  # the value, formatted
    baseline_year: int | None
    targets: tuple[str | None, ...]  # one per year of the table; None: no target that year


@dataclass(frozen=True, slots=True)
class IndicatorTable:
    """Indicators with their targets in columns: the years any of them has a target."""

    years: tuple[int, ...]
    rows: tuple[IndicatorRow, ...]


def indicator_table(indicators: Iterable[Indicator], fmt: Formatter) -> IndicatorTable:
    indicators = list(indicators)
    years = tuple(sorted({year for indicator in indicators for year in indicator.targets}))
    rows = tuple(
        IndicatorRow(
            id=indicator.id,
            name=plain_text(indicator.name),
            unit=plain_text(indicator.unit),
            baseline=fmt.decimal(indicator.baseline.value) if indicator.baseline else None,
            baseline_year=indicator.baseline.year if indicator.baseline else None,
            targets=tuple(
                fmt.decimal(indicator.targets[y]) if y in indicator.targets else None for y in years
            ),
        )
        for indicator in indicators
    )
    return IndicatorTable(years, rows)


@dataclass(frozen=True, slots=True)
class ProgramShown:
    """A program's facts as the document shows them, in its language."""

    years: str  # `2024–2026`
    term: str  # the roadmap term's name
    pillar: str
    element: str | None
    budget: str  # the total, in full rupiah
    budget_short: str  # the total, `Rp1,5 miliar`
    budget_years: tuple[tuple[int, str], ...]  # per year, when the budget spans several
    funding: str  # the sources' names, or "not given yet"
    supporting: str  # the supporting OPDs' short names, comma-separated
    status: str
    progress: str | None  # `40% selesai`
    category: str | None
    innovation: str | None
    indicators: IndicatorTable | None
    steps: tuple[tuple[str, Step], ...]  # the implementation plan, with its dates in words


def when_text(when: str, t: Messages) -> str:
    """`2024-Q1` → "Triwulan I 2024", `2024-03` → "Maret 2024"."""
    year, part = when.split("-")
    if part.startswith("Q"):
        return str(
            t("implementation.quarter", quarter=t("implementation.quarters")[int(part[1]) - 1], year=year)
        )
    return f"{t('implementation.months')[int(part) - 1]} {year}"


def shown_programs(
    programs: Iterable[ProgramView], t: Messages, fmt: Formatter, language: str, funding: Mapping[str, str]
) -> dict[str, ProgramShown]:
    terms = {term: str(t(f"term.{term}")) for term in TERMS}
    statuses: dict[str, str] = {}
    names: dict[int, str] = {}

    def name(thing: Pillar | Element) -> str:  # pillar and element names, looked up once each
        key = id(thing)
        if key not in names:
            names[key] = thing.name(language)
        return names[key]

    shown = {}
    for view in programs:
        program = view.program
        if program.status not in statuses:
            statuses[program.status] = str(t(f"status.{program.status}"))
        budget_years = (
            tuple((year, fmt.rupiah(amount)) for year, amount in sorted(program.budget.items()))
            if len(program.budget) > 1
            else ()
        )
        shown[view.id] = ProgramShown(
            years=fmt.years(view.first_year, view.last_year),
            term=terms[view.term],
            pillar=name(view.pillar),
            element=name(view.element) if view.element else None,
            budget=fmt.rupiah(view.budget_total),
            budget_short=fmt.rupiah_short(view.budget_total),
            budget_years=budget_years,
            funding=", ".join(funding[s] for s in program.funding)
            if program.funding
            else funding[UNSPECIFIED],
            supporting=", ".join(opd.label for opd in view.supporting),
            status=statuses[program.status],
            progress=str(t("program.progress", progress=program.progress))
            if program.progress is not None
            else None,
            category=str(t(f"category.{program.category}")) if program.category else None,
            innovation=str(t(f"innovation.{program.innovation}")) if program.innovation else None,
            indicators=indicator_table(program.indicators, fmt) if program.indicators else None,
            steps=tuple((when_text(step.when, t), step) for step in program.implementation),
        )
    return shown


class TemplateContext(TypedDict):
    """What every template receives. The helpers (`t`, `fmt`, `toc`, `numbers`) are the only
    callables; everything else is plain data (`plain.py`): a model or view of the plan is a
    record with its fields and properties, so `city.name`, `views.pillars[0].budget_total`
    and `pillar.pillar.name` (in the document's language) read as before, and nothing has a
    method to call."""

    lang: str  # "id" or "en"
    t: Messages  # t("chapter.introduction"), t("cover.period", start=..., end=...)
    fmt: Formatter  # fmt.rupiah(n), fmt.rupiah_short(n), fmt.date(d), fmt.number(n), ...
    generator: str
    title: str
    period_in_title: bool  # the title names the period ("… 2024–2028"): the cover shows it once
    subtitle: str | None
    author: str
    version: str | None
    date: dt.date
    date_text: str
    place: str  # where the foreword is signed: the city's name without "Kota"/"Kabupaten"
    province: str  # the city's province, in the document's language ("West Sumatra")
    adopted_kind: str | None  # the kind of regulation that adopts the plan, in its language
    city: Record  # schema.city.City
    head: Record | None  # schema.common.Person
    masterplan: Record  # schema.city.Masterplan
    framework: Record  # schema.frameworks.Framework
    period: Record  # schema.city.Period
    years: tuple[int, ...]
    views: Record  # views.Views
    shown: Mapping[str, Record]  # by program id: shown[view.id].years, .budget, .funding, ...
    indicator_tables: Mapping[str, Record]  # IndicatorTable by pillar id, for the pillars that set indicators
    term_years: Mapping[str, tuple[int, int]]
    quick_win_rule: Mapping[str, int]  # last_start, last_start_year, max_years
    funding_names: Mapping[str, str]
    opd_labels: Mapping[str, str]  # by OPD id: its short name, else its name
    texts: Record  # Texts
    logo: str | None  # a data: URI
    charts: Record  # Charts
    toc: Toc  # headings for the table of contents; fresh for each output
    numbers: Numbering  # table and figure numbers; fresh for each output
    toc_placeholder: str
    font_css: str  # @font-face rules of the bundled fonts (data: URIs), and a theme's family
    list_placeholders: Mapping[str, str]  # "tables", "figures"
    layout: Layout  # layout.year_blocks(years), layout.budget_blocks(table): long periods in blocks
    book: Book  # the parts rendered: "chapter-6" in book.parts; book.number 0: the single volume


TOC_PLACEHOLDER = "<!--masterplan:toc-->"
# where the lists of tables and of figures go, filled in once the body is rendered
LIST_PLACEHOLDERS = {"tables": "<!--masterplan:tables-->", "figures": "<!--masterplan:figures-->"}


def fill_lists(env: Environment, context: TemplateContext, body: str, template: str) -> str:
    """Put the lists of tables and of figures, known only once the body is rendered, in their
    places (`template` lays out one list)."""
    numbers = context["numbers"]
    for kind, entries in (("tables", numbers.table_list), ("figures", numbers.figure_list)):
        listing = env.get_template(template).render({**context, "entries": entries, "kind": kind})
        body = body.replace(LIST_PLACEHOLDERS[kind], listing.strip("\n"), 1)
    return body


def document_date(plan: Plan) -> dt.date:
    """The document's date: its own, else SOURCE_DATE_EPOCH (reproducible builds), else today."""
    if plan.masterplan.document.date is not None:
        return plan.masterplan.document.date
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.fromtimestamp(time.time())


def logo_data_uri(plan: Plan) -> str | None:
    """The logo as a data: URI. `check` has refused a logo that is not usable (MP219,
    MP230–MP233); what it allowed is checked again here, at read time, links followed."""
    city = plan.masterplan.city
    if city is None or not city.logo:
        return None
    path = plan.root / city.logo
    data = read_contained(path, [plan.root], MAX_LOGO_BYTES)
    if data is None:
        return None
    try:
        logo = inspect(data, path.suffix)
    except LogoProblem:
        return None
    return f"data:{logo.media_type};base64,{base64.b64encode(data).decode('ascii')}"


def place_name(city: City) -> str:
    """Where the foreword and the closing are signed: a kabupaten's seat is often another town
    (Kabupaten Solok signs in Arosuka), so `city.seat` comes first."""
    if city.seat:
        return city.seat
    for prefix in ("Kota ", "Kabupaten ", "Kab. "):
        if city.name.startswith(prefix):
            return city.name[len(prefix) :]
    return city.name


def funding_names(t: Messages) -> dict[str, str]:
    names = {source: str(t(f"funding.{source}")) for source in FUNDING_SOURCES}
    names[UNSPECIFIED] = str(t("funding.unspecified"))
    return names


def texts(plan: Plan, t: Messages, fmt: Formatter) -> Texts:
    masterplan = plan.masterplan
    document = masterplan.document
    city = masterplan.city
    period = masterplan.period
    values = {
        "city": city.name,
        "place": place_name(city),
        "province": local_name("province", city.province, t.language),
        "start": period.start,
        "end": period.end,
        "years": period.end - period.start + 1,
        "framework": plan.framework.name(t.language),
        "pillars": len(plan.framework.pillars),
        "kind": t(f"city.kind.{city.kind}"),
        "head": city.head.title if city.head else t(f"city.head.{city.kind}"),
    }

    def pick(name: str, own: str | Bilingual[str] | None) -> str:
        return plain_text(own) if own and plain_text(own).strip() else str(t(f"boilerplate.{name}", **values))

    own = {
        "foreword": bool(document.foreword),
        "background": bool(document.background),
        "purpose": bool(document.purpose),
        "scope": bool(document.scope),
        "method": bool(document.method),
        "profile": bool(city.profile),
        "closing": bool(document.closing),
        "legal_basis": bool(document.legal_basis),
    }
    return Texts(
        foreword=pick("foreword", document.foreword),
        background=pick("background", document.background),
        purpose=pick("purpose", document.purpose),
        scope=pick("scope", document.scope),
        method=pick("method", document.method),
        profile=pick("profile", city.profile),
        closing=pick("closing", document.closing),
        monitoring=str(t("boilerplate.monitoring", **values)),
        bands=bands_text(bands(plan), t, fmt),
        legal_basis=plain_texts(document.legal_basis) or [str(x) for x in t("boilerplate.legal_basis")],
        own=own,
    )


def bands_text(definition: Bands, t: Messages, fmt: Formatter) -> str:
    """The method section's definition of the time bands, in the plan's own years."""
    lines = [str(t("bands.intro")), ""]
    for term in TERMS:
        span = definition.years(term)
        if span is None:
            continue
        first, last = (definition.year_number(year) for year in span)
        key = "bands.item" if first != last else "bands.item_single"
        lines.append(
            "- " + str(t(key, term=t(f"term.{term}"), first=first, last=last, years=fmt.years(*span)))
        )
    lines[-1] = lines[-1].removesuffix(";") + "."
    lines += ["", str(t("bands.quick_win", **quick_win_values(definition)))]
    return "\n".join(lines)


def quick_win_values(definition: Bands) -> dict[str, int]:
    return {
        "last_start": QUICK_WIN_LAST_START,
        "last_start_year": definition.quick_win_last_start,
        "max_years": QUICK_WIN_MAX_YEARS,
    }


def charts(views: Views, t: Messages, fmt: Formatter, language: str, palette: Palette) -> Charts:
    years = list(views.years)
    period = fmt.years(years[0], years[-1])

    def gantt_text(part: int, parts: int) -> ChartText:
        suffix = f" ({part}/{parts})" if parts > 1 else ""
        return ChartText(
            title=str(t("chart.gantt.title", period=period)) + suffix,
            desc=str(
                t(
                    "chart.gantt.desc",
                    programs=len(views.programs),
                    quick_wins=len(views.quick_wins),
                    period=period,
                )
            ),
            legend_program=str(t("chart.gantt.legend_program")),
            legend_quick_win=str(t("chart.gantt.legend_quick_win")),
            continued=str(t("chart.continued")),
        )

    by_pillar = views.budget_by_pillar

    def with_share(value: int) -> str:
        share = value / by_pillar.total if by_pillar.total else 0.0
        return f"{fmt.rupiah_short(value)} ({fmt.percent(share)})"

    return Charts(
        gantt=gantt_charts(
            views.pillars,
            years,
            lambda p: p.pillar.name(language),
            fmt.rupiah_short,
            gantt_text,
            palette=palette,
        ),
        budget_by_pillar=bar_chart(
            "budget-pillar-chart",
            [row.label for row in by_pillar.rows],
            [row.total for row in by_pillar.rows],
            with_share,
            ChartText(
                title=str(t("chart.budget_pillar.title", period=period)),
                desc=str(t("chart.budget_pillar.desc", total=fmt.rupiah(by_pillar.total))),
            ),
            palette=palette,
        ),
        budget_by_year=column_chart(
            "budget-year-chart",
            [str(year) for year in years],
            list(by_pillar.column_totals),
            fmt.rupiah_short,
            ChartText(
                title=str(t("chart.budget_year.title", period=period)),
                desc=str(t("chart.budget_year.desc", total=fmt.rupiah(by_pillar.total))),
            ),
            palette=palette,
        ),
    )


def names_period(title: str, start: int, end: int) -> bool:
    """Whether `title` names the years from `start` to `end`: "… 2024–2028", "2024-2028",
    "2024 s.d. 2028", "2024 to 2028"."""
    return re.search(rf"(?<!\d){start}\D{{1,12}}(?<!\d){end}(?!\d)", title) is not None


def make_context(plan: Plan, views: Views, language: str, generator: str) -> TemplateContext:
    t, fmt = Messages(language), Formatter(language)
    masterplan = plan.masterplan
    city, period, document = masterplan.city, masterplan.period, masterplan.document
    date = document_date(plan)
    title = (
        plain_text(document.title)
        if document.title
        else str(t("cover.default_title", city=city.name, start=period.start, end=period.end))
    )
    terms = {}
    for term in TERMS:
        span = term_years(plan, term)
        if span:
            terms[term] = span
    data = Converter(language)  # one conversion: what is shared stays shared
    return TemplateContext(
        lang=language,
        t=t,
        fmt=fmt,
        generator=generator,
        title=title,
        period_in_title=names_period(title, period.start, period.end),
        subtitle=plain_text(document.subtitle) if document.subtitle else None,
        author=plain_text(document.author)
        if document.author
        else str(t("cover.default_author", city=city.name)),
        version=document.version,
        date=date,
        date_text=fmt.date(date),
        place=place_name(city),
        province=local_name("province", city.province, language),
        adopted_kind=local_name("regulation", document.adopted_by.kind, language)
        if document.adopted_by
        else None,
        city=data(city),
        head=data(city.head),
        masterplan=data(masterplan),
        framework=data(plan.framework),
        period=data(period),
        years=tuple(period.years),
        views=data(views),
        shown=data(shown_programs(views.all_programs, t, fmt, language, funding_names(t))),
        indicator_tables=data(
            {
                pillar_id: indicator_table(analysis.indicators, fmt)
                for pillar_id, analysis in plan.pillars.items()
                if analysis.indicators
            }
        ),
        term_years=data(terms),
        quick_win_rule=data(quick_win_values(views.bands)),
        funding_names=data(funding_names(t)),
        opd_labels=data({opd_id: opd.label for opd_id, opd in plan.opds.items()}),
        texts=data(texts(plan, t, fmt)),
        logo=logo_data_uri(plan),
        charts=data(charts(views, t, fmt, language, theme.chart_palette(plan.masterplan.theme))),
        toc=Toc(),
        numbers=Numbering(str(t("caption.table")), str(t("caption.figure"))),
        toc_placeholder=TOC_PLACEHOLDER,
        font_css="\n".join(
            [font_faces_css(), theme_css(document.font)]
            + [css for css in [theme.theme_css(plan.masterplan.theme)] if css]
        ),
        list_placeholders=data(dict(LIST_PLACEHOLDERS)),
        layout=Layout(fmt.millions),
        book=data(VOLUME),
    )


__all__ = [
    "LIST_PLACEHOLDERS",
    "TOC_PLACEHOLDER",
    "Caption",
    "Charts",
    "IndicatorRow",
    "IndicatorTable",
    "Numbering",
    "ProgramShown",
    "TemplateContext",
    "Texts",
    "Toc",
    "TocEntry",
    "make_context",
]
