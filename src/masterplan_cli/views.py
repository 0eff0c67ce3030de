"""Derived views: what the document shows that no single file holds.

Every function here is a pure function of the merged `Plan` (and, where names are shown, the
document's language): the programs of each pillar and element, the roadmap with its terms,
the budget roll-ups, the quick wins, the OPD × pillar matrix. Templates only lay these out;
they never add up or sort anything themselves, so that every total is computed, and tested,
in one place.

A dropped program (`status: dropped`) stays in the document, marked, so that it says honestly
what was given up; it counts nowhere else: not in any total or count, the roadmap, the Gantt
chart, the quick wins or the OPD matrix.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .bilingual import localized, resolve
from .links import document_anchors, opd_anchor, program_anchor
from .project import Plan
from .schema.common import Indicator, plain_text
from .schema.frameworks import Element, Pillar
from .schema.opd import FUNDING_SOURCES, OpdFile, Program, Risk
from .schema.pillar import PillarFile
from .schema.previous import Fate
from .schema.progress import Evidence, Realisation

if TYPE_CHECKING:
    from .review import OldProgram, PreviousPlan

Term = Literal["short", "medium", "long"]
TERMS: tuple[Term, ...] = ("short", "medium", "long")
# The time bands, defined here once and written into the document's method section
# (`Bands`). A program's band follows the year it *delivers* (its end year), counted from the
# first year of the period: ending in year 1 or 2 is short term, in years 3–5 medium term (the
# RPJMD horizon), later long term. A five-year programme is therefore medium term even if it
# starts at once; a roadmap's short term holds what citizens see finished early.
TERM_LAST_YEAR: dict[Term, int] = {"short": 2, "medium": 5, "long": 20}  # last end year of each
# A quick win starts in year 1 or 2 and runs at most two years (Bimtek IV picks what to carry
# out in the first one or two years). Its band follows its end year like any program's.
QUICK_WIN_LAST_START = 2  # the last year number a quick win may start in
QUICK_WIN_MAX_YEARS = 2  # the most years a quick win may run
UNSPECIFIED = ""  # the key of "no funding source given"


@dataclass(frozen=True)
class ProgramView:
    """A program with everything the document shows about it resolved (and the figures the
    templates use in every row computed once)."""

    program: Program
    opd: OpdFile
    pillar: Pillar
    element: Element | None
    supporting: tuple[OpdFile, ...]
    depends_on: tuple[tuple[str, str | None], ...]  # (id, name when known)
    term: Term
    id: str = field(init=False)
    anchor: str = field(init=False)  # stable, derived from the program id alone (`[A-Z0-9-]+`)
    first_year: int = field(init=False)
    last_year: int = field(init=False)
    budget_total: int = field(init=False)
    quick_win: bool = field(init=False)
    dropped: bool = field(init=False)

    def __post_init__(self) -> None:
        program = self.program
        values = {
            "id": program.id,
            "anchor": program_anchor(program.id),
            "first_year": program.start,
            "last_year": program.last_year,
            "budget_total": program.total_budget,
            "quick_win": program.quick_win,
            "dropped": not counts(program),
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    @property
    def counted(self) -> bool:
        """Whether the program counts in totals, the roadmap and the quick wins."""
        return not self.dropped

    def runs_in(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


def counts(program: Program) -> bool:
    """Whether a program counts in totals, the roadmap, the quick wins and the checks of what
    the plan covers: every program but a dropped one."""
    return program.status != "dropped"


def is_quick_win(program: Program) -> bool:
    """A quick win that counts: a dropped quick win is no quick win."""
    return program.quick_win and counts(program)


def active(programs: Iterable[ProgramView]) -> tuple[ProgramView, ...]:
    """The programs that count: all but the dropped ones."""
    return tuple(p for p in programs if not p.dropped)


@dataclass(frozen=True)
class ElementGroup:
    """The programs of one element of a pillar (element None: programs given no element),
    dropped ones included: chapter 5 shows them, marked."""

    element: Element | None
    programs: tuple[ProgramView, ...]

    @property
    def budget_total(self) -> int:
        return sum(p.budget_total for p in self.programs if not p.dropped)

    @property
    def dropped(self) -> tuple[ProgramView, ...]:
        return tuple(p for p in self.programs if p.dropped)


@dataclass(frozen=True)
class PillarView:
    pillar: Pillar
    analysis: PillarFile | None
    groups: tuple[ElementGroup, ...]  # only elements that have programs, in framework order
    all_programs: tuple[ProgramView, ...]  # dropped ones included (chapter 5)
    programs: tuple[ProgramView, ...] = field(init=False)  # the ones that count
    dropped: tuple[ProgramView, ...] = field(init=False)
    quick_wins: tuple[ProgramView, ...] = field(init=False)
    budget_total: int = field(init=False)

    def __post_init__(self) -> None:
        counted = active(self.all_programs)
        object.__setattr__(self, "programs", counted)
        object.__setattr__(self, "dropped", tuple(p for p in self.all_programs if p.dropped))
        object.__setattr__(self, "quick_wins", tuple(p for p in counted if p.quick_win))
        object.__setattr__(self, "budget_total", sum(p.budget_total for p in counted))

    @property
    def id(self) -> str:
        return self.pillar.id

    @property
    def anchor(self) -> str:
        return "pillar-" + self.pillar.id


@dataclass(frozen=True)
class TermGroup:
    """The roadmap's programs of one term (those that end in it), with the years the term
    covers in this period. A term the period reaches may have no program: the templates say so
    in words, and leave its table out."""

    term: Term
    first_year: int
    last_year: int
    programs: tuple[ProgramView, ...]

    @property
    def quick_wins(self) -> tuple[ProgramView, ...]:
        return tuple(p for p in self.programs if p.quick_win)

    @property
    def years(self) -> tuple[int, ...]:
        """The years its programs run in, the columns of its roadmap table: from the earliest
        start (a program may start before its term) to the latest end, not the whole period."""
        if not self.programs:
            return ()
        first = min(p.first_year for p in self.programs)
        return tuple(range(first, max(p.last_year for p in self.programs) + 1))


@dataclass(frozen=True)
class BudgetRow:
    key: str
    label: str
    values: tuple[int, ...]  # one per year of the table

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass(frozen=True)
class BudgetTable:
    """Rows × years of rupiah, with the totals of every row and every column."""

    years: tuple[int, ...]
    rows: tuple[BudgetRow, ...]

    @property
    def column_totals(self) -> tuple[int, ...]:
        return tuple(sum(row.values[i] for row in self.rows) for i in range(len(self.years)))

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)

    def share(self, row: BudgetRow) -> float:
        """The row's part of the grand total, 0–1 (0 when nothing is budgeted)."""
        return row.total / self.total if self.total else 0.0

    @property
    def shares(self) -> tuple[float, ...]:
        """Each row's `share`, in order (what templates read: they call no method)."""
        return tuple(self.share(row) for row in self.rows)


@dataclass(frozen=True)
class MatrixCell:
    lead: int  # programs the OPD leads in the pillar
    supporting: int  # programs of other OPDs in the pillar that it supports


@dataclass(frozen=True)
class MatrixRow:
    opd: OpdFile
    cells: tuple[MatrixCell, ...]  # one per pillar of the framework

    @property
    def lead(self) -> int:
        return sum(c.lead for c in self.cells)

    @property
    def supporting(self) -> int:
        return sum(c.supporting for c in self.cells)


@dataclass(frozen=True)
class OpdView:
    """An OPD with the programs it leads and the programs it supports (appendix B); `led` and
    `supported` hold the programs that count, `dropped` the dropped ones it led."""

    opd: OpdFile
    led: tuple[ProgramView, ...]
    supported: tuple[ProgramView, ...]
    dropped: tuple[ProgramView, ...] = ()

    @property
    def anchor(self) -> str:
        return opd_anchor(self.opd.id)

    @property
    def budget_total(self) -> int:
        return sum(p.budget_total for p in self.led)


@dataclass(frozen=True)
class Views:
    """Everything derived from a plan, computed once per build."""

    years: tuple[int, ...]
    bands: Bands
    programs: tuple[
        ProgramView, ...
    ]  # the programs that count, in document order: pillar, element, start year, id
    all_programs: tuple[ProgramView, ...]  # dropped ones included, in the same order
    dropped: tuple[ProgramView, ...]
    pillars: tuple[PillarView, ...]
    quick_wins: tuple[ProgramView, ...]
    roadmap: tuple[TermGroup, ...]
    budget_by_pillar: BudgetTable
    budget_by_opd: BudgetTable
    budget_by_funding: BudgetTable  # by single source, a shared budget split by its shares
    fiscal: tuple[FiscalYear, ...]
    risks: tuple[RiskEntry, ...]
    matrix: tuple[MatrixRow, ...]
    opds: tuple[OpdView, ...]
    by_id: Mapping[str, ProgramView] = field(repr=False)
    review: ReviewView | None = None  # the previous masterplan reviewed, if `previous:` names one

    @property
    def budget_total(self) -> int:
        return self.budget_by_pillar.total

    @property
    def quick_wins_budget(self) -> int:
        return sum(p.budget_total for p in self.quick_wins)

    @property
    def anchors(self) -> frozenset[str]:
        """The anchors a link in the city's text may name (`links.document_anchors`)."""
        return document_anchors((p.id for p in self.all_programs), (o.opd.id for o in self.opds))


# --- programs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bands:
    """The definition of the time bands and of a quick win, in the plan's years: what the
    method section states and every chapter, card, check and command uses."""

    period_start: int
    period_end: int

    def year_number(self, year: int) -> int:
        """1 for the first year of the period."""
        return year - self.period_start + 1

    def term_of(self, end: int) -> Term:
        """The band of a program that ends (delivers) in `end`."""
        for term in TERMS:
            if self.year_number(end) <= TERM_LAST_YEAR[term]:
                return term
        return "long"

    def years(self, term: Term) -> tuple[int, int] | None:
        """The first and last year of a band inside the period; None if the period is shorter."""
        index = TERMS.index(term)
        first = self.period_start + (TERM_LAST_YEAR[TERMS[index - 1]] if index else 0)
        last = min(self.period_end, self.period_start + TERM_LAST_YEAR[term] - 1)
        return (first, last) if first <= last else None

    @property
    def quick_win_last_start(self) -> int:
        """The last year a quick win may start in."""
        return self.period_start + QUICK_WIN_LAST_START - 1

    def quick_win_too_late(self, start: int) -> bool:
        return start > self.quick_win_last_start

    @staticmethod
    def quick_win_too_long(start: int, end: int) -> bool:
        return end - start + 1 > QUICK_WIN_MAX_YEARS


def bands(plan: Plan) -> Bands:
    period = plan.masterplan.period
    return Bands(period.start, period.end)


def term_of(plan: Plan, end: int) -> Term:
    """The roadmap band of a program that ends in `end` (see `Bands`)."""
    return bands(plan).term_of(end)


def term_years(plan: Plan, term: Term) -> tuple[int, int] | None:
    """The first and last year of a band inside the plan's period; None if it has none."""
    return bands(plan).years(term)


def program_views(plan: Plan) -> tuple[ProgramView, ...]:
    """Every program whose pillar is in the framework (dropped ones too), in document order."""
    names = {entry.program.id: plain_text(entry.program.name) for entry in plan.programs}
    pillar_order = {p.id: i for i, p in enumerate(plan.framework.pillars)}
    views = []
    for entry in plan.programs:
        program = entry.program
        pillar = plan.framework.pillar(program.pillar)
        if pillar is None:  # refused by the checks; never rendered
            continue
        element = pillar.element(program.element) if program.element else None
        views.append(
            ProgramView(
                program=program,
                opd=entry.opd,
                pillar=pillar,
                element=element,
                supporting=tuple(plan.opds[o] for o in program.supporting if o in plan.opds),
                depends_on=tuple((d, names.get(d)) for d in program.depends_on),
                term=term_of(plan, program.last_year),
            )
        )

    def order(view: ProgramView) -> tuple[int, int, int, str]:
        elements = [e.id for e in view.pillar.elements]
        element_index = elements.index(view.element.id) if view.element else len(elements)
        return pillar_order[view.pillar.id], element_index, view.program.start, view.program.id

    return tuple(sorted(views, key=order))


def pillar_views(plan: Plan, programs: Iterable[ProgramView]) -> tuple[PillarView, ...]:
    """Each pillar with all its programs (dropped ones too), grouped by element."""
    by_pillar: dict[str, list[ProgramView]] = {}
    for view in programs:
        by_pillar.setdefault(view.pillar.id, []).append(view)
    result = []
    for pillar in plan.framework.pillars:
        mine = tuple(by_pillar.get(pillar.id, ()))
        groups = [
            ElementGroup(element, tuple(p for p in mine if p.element == element))
            for element in (*pillar.elements, None)
        ]
        result.append(
            PillarView(
                pillar=pillar,
                analysis=plan.pillars.get(pillar.id),
                groups=tuple(g for g in groups if g.programs),
                all_programs=mine,
            )
        )
    return tuple(result)


def quick_wins(programs: Iterable[ProgramView]) -> tuple[ProgramView, ...]:
    """The quick wins that count (`is_quick_win`)."""
    return tuple(p for p in programs if is_quick_win(p.program))


# --- roadmap --------------------------------------------------------------------------------


def roadmap(plan: Plan, programs: Iterable[ProgramView]) -> tuple[TermGroup, ...]:
    """The programs that count grouped by the term they end in (every term the period
    reaches, possibly empty), each group in order of start year, end year, pillar and id."""
    pillar_order = {p.id: i for i, p in enumerate(plan.framework.pillars)}
    programs = sorted(
        active(programs), key=lambda p: (p.first_year, p.last_year, pillar_order[p.pillar.id], p.id)
    )
    groups = []
    for term in TERMS:
        years = term_years(plan, term)
        if years is None:
            continue
        groups.append(TermGroup(term, years[0], years[1], tuple(p for p in programs if p.term == term)))
    return tuple(groups)


# --- budget ---------------------------------------------------------------------------------


def _budget_table(
    years: tuple[int, ...],
    programs: Iterable[ProgramView],
    keys: Iterable[tuple[str, str]],
    key_of: Callable[[ProgramView], str],
    *,
    keep_empty: bool,
) -> BudgetTable:
    sums: dict[str, list[int]] = {}
    index = {year: i for i, year in enumerate(years)}
    for view in programs:
        if view.dropped:
            continue
        row = sums.setdefault(key_of(view), [0] * len(years))
        for year, amount in view.program.budget.items():
            if year in index:  # years outside the period are refused by the checks
                row[index[year]] += amount
    rows = [
        BudgetRow(key, label, tuple(sums.get(key, [0] * len(years))))
        for key, label in keys
        if keep_empty or key in sums
    ]
    return BudgetTable(years, tuple(rows))


def budget_by_pillar(plan: Plan, programs: Iterable[ProgramView], language: str) -> BudgetTable:
    """Budget per pillar and year; every pillar of the framework has a row."""
    keys = [(p.id, p.name(language)) for p in plan.framework.pillars]
    years = tuple(plan.masterplan.period.years)
    return _budget_table(years, programs, keys, lambda v: v.pillar.id, keep_empty=True)


def budget_by_opd(plan: Plan, programs: Iterable[ProgramView]) -> BudgetTable:
    """Budget per lead OPD and year; OPDs leading no program are left out."""
    keys = [(opd.id, plain_text(opd.name)) for opd in _opds_by_name(plan)]
    years = tuple(plan.masterplan.period.years)
    return _budget_table(years, programs, keys, lambda v: v.opd.id, keep_empty=False)


def funding_shares(program: Program) -> tuple[tuple[str, int], ...]:
    """Each funding source with its share in percent: the program's own `funding_shares`, else
    an equal split (100 / n; the first source in the format's order takes what rounding leaves),
    or the whole budget under UNSPECIFIED when no source is given."""
    sources = sorted(set(program.funding), key=FUNDING_SOURCES.index)
    if not sources:
        return ((UNSPECIFIED, 100),)
    if program.funding_shares:
        return tuple((source, program.funding_shares[source]) for source in sources)
    base = 100 // len(sources)
    return tuple(
        (source, base + (100 - base * len(sources) if i == 0 else 0)) for i, source in enumerate(sources)
    )


def split_by_source(program: Program, amount: int) -> tuple[tuple[str, int], ...]:
    """One year's amount split between the sources by their shares, in whole rupiah: each source
    gets its share rounded down, and the first source the remainder, so the parts add up."""
    shares = funding_shares(program)
    parts = [(source, amount * percent // 100) for source, percent in shares]
    first, value = parts[0]
    parts[0] = (first, value + amount - sum(v for _, v in parts))
    return tuple(parts)


def budget_by_funding(
    plan: Plan, programs: Iterable[ProgramView], source_names: Mapping[str, str]
) -> BudgetTable:
    """Budget per single funding source and year: a program funded from several sources gives
    each its share (`split_by_source`). Sources in the format's order, "not given" last."""
    years = tuple(plan.masterplan.period.years)
    index = {year: i for i, year in enumerate(years)}
    sums: dict[str, list[int]] = {}
    for view in active(programs):
        for year, amount in view.program.budget.items():
            if year not in index:
                continue
            for source, part in split_by_source(view.program, amount):
                sums.setdefault(source, [0] * len(years))[index[year]] += part
    order = [*FUNDING_SOURCES, UNSPECIFIED]
    rows = [BudgetRow(key, source_names[key], tuple(sums[key])) for key in order if key in sums]
    return BudgetTable(years, tuple(rows))


@dataclass(frozen=True)
class FiscalYear:
    year: int
    plan: int  # the plan's budget that year, all sources
    apbd_part: int  # of it, what the APBD pays
    apbd_size: int | None  # the region's whole APBD that year, when given

    @property
    def apbd_share(self) -> float:
        """The APBD's part of the plan's budget, 0–1."""
        return self.apbd_part / self.plan if self.plan else 0.0

    @property
    def of_apbd(self) -> float | None:
        """The plan's APBD part as a fraction of the whole APBD; None when its size is unknown."""
        return self.apbd_part / self.apbd_size if self.apbd_size else None


def fiscal_years(plan: Plan, by_funding: BudgetTable) -> tuple[FiscalYear, ...]:
    """Per year: the plan's budget, the APBD's part of it, and the APBD's size when given."""
    apbd = next((row for row in by_funding.rows if row.key == "apbd"), None)
    sizes = plan.masterplan.city.apbd if plan.masterplan.city else {}
    return tuple(
        FiscalYear(year, total, apbd.values[i] if apbd else 0, sizes.get(year))
        for i, (year, total) in enumerate(zip(by_funding.years, by_funding.column_totals, strict=True))
    )


# --- risks ---------------------------------------------------------------------------------

LEVELS = ("low", "medium", "high")


@dataclass(frozen=True)
class RiskEntry:
    program: ProgramView
    risk: Risk

    @property
    def score(self) -> int:
        """Likelihood × impact, 1 (low, low) to 9 (high, high)."""
        return (LEVELS.index(self.risk.likelihood) + 1) * (LEVELS.index(self.risk.impact) + 1)


def risk_register(programs: Iterable[ProgramView]) -> tuple[RiskEntry, ...]:
    """Every risk of the programs that count, the highest score first, then in document order."""
    entries = [RiskEntry(view, risk) for view in active(programs) for risk in view.program.risks]
    return tuple(sorted(entries, key=lambda entry: -entry.score))


# --- who does what --------------------------------------------------------------------------


def opd_matrix(plan: Plan, programs: Iterable[ProgramView]) -> tuple[MatrixRow, ...]:
    """For each OPD (by name), how many programs it leads and supports in each pillar."""
    lead: Counter[tuple[str, str]] = Counter()
    supporting: Counter[tuple[str, str]] = Counter()
    for view in active(programs):
        lead[view.opd.id, view.pillar.id] += 1
        for opd in {s.id for s in view.supporting}:
            supporting[opd, view.pillar.id] += 1
    return tuple(
        MatrixRow(
            opd,
            tuple(
                MatrixCell(lead[opd.id, pillar_id], supporting[opd.id, pillar_id])
                for pillar_id in plan.framework.pillar_ids
            ),
        )
        for opd in _opds_by_name(plan)
    )


def opd_views(plan: Plan, programs: Iterable[ProgramView]) -> tuple[OpdView, ...]:
    led: dict[str, list[ProgramView]] = {}
    supported: dict[str, list[ProgramView]] = {}
    dropped: dict[str, list[ProgramView]] = {}
    for view in programs:
        if view.dropped:
            dropped.setdefault(view.opd.id, []).append(view)
            continue
        led.setdefault(view.opd.id, []).append(view)
        for opd in dict.fromkeys(s.id for s in view.supporting):
            supported.setdefault(opd, []).append(view)
    return tuple(
        OpdView(
            opd, tuple(led.get(opd.id, ())), tuple(supported.get(opd.id, ())), tuple(dropped.get(opd.id, ()))
        )
        for opd in _opds_by_name(plan)
    )


def _opds_by_name(plan: Plan) -> list[OpdFile]:
    return sorted(plan.opds.values(), key=lambda o: (plain_text(o.name).casefold(), o.id))


def derive(
    plan: Plan, language: str, source_names: Mapping[str, str], previous: PreviousPlan | None = None
) -> Views:
    """Every view of the plan, in one pass per view (its texts in `language`)."""
    plan = localized(plan, language)
    programs = program_views(plan)
    by_funding = budget_by_funding(plan, programs, source_names)
    return Views(
        years=tuple(plan.masterplan.period.years),
        bands=bands(plan),
        programs=active(programs),
        all_programs=programs,
        dropped=tuple(p for p in programs if p.dropped),
        pillars=pillar_views(plan, programs),
        quick_wins=quick_wins(programs),
        roadmap=roadmap(plan, programs),
        budget_by_pillar=budget_by_pillar(plan, programs, language),
        budget_by_opd=budget_by_opd(plan, programs),
        budget_by_funding=by_funding,
        fiscal=fiscal_years(plan, by_funding),
        risks=risk_register(programs),
        matrix=opd_matrix(plan, programs),
        opds=opd_views(plan, programs),
        by_id={p.id: p for p in programs},  # dropped ones too: a dependency may name one
        review=review(plan, previous, programs, language) if previous else None,
    )


# --- realisation: the plan as carried out (progress/<year>/*.yaml) ---------------------------
#
# One definition of what the evaluation report, the dashboard and the review of a previous
# plan say about a year. A program's state in a year follows its latest report up to that
# year: done at 100%; running when it has progressed or is being built or used; not started
# when reported at 0% before building; not reported when it has no report yet. A dropped
# program (the plan's `status: dropped`) is counted apart. A program is *due* in a year when it
# starts in it or earlier: the rates are over the due programs that count.

State = Literal["done", "running", "not-started", "not-reported", "dropped"]
STATES: tuple[State, ...] = ("done", "running", "not-started", "not-reported", "dropped")
STARTED_STAGES = frozenset(("building", "implementation", "evaluation"))
# An indicator's achievement (the share of the way from baseline to target that was covered):
# at least this much is "near" its target, less is "behind".
NEAR_TARGET = 0.75
Mark = Literal["achieved", "near", "behind", "no-data"]
DIMENSIONS = ("baseline", "output", "outcome", "impact", "quick_win")


@dataclass(frozen=True)
class YearReport:
    """One program's report of one year, with the OPD file it came from."""

    year: int
    realisation: Realisation
    path: str


@dataclass(frozen=True)
class ProgramProgress:
    """A program as carried out up to `year`: the view the report, the dashboard and the
    review of a previous plan read (its latest stage, percent and realised budget)."""

    view: ProgramView
    year: int
    reports: tuple[YearReport, ...]  # its reports up to `year`, oldest first
    state: State
    planned: int  # the plan's budget up to `year`, all sources
    realised: int  # spent up to `year`, all sources
    planned_in_year: int
    realised_in_year: int

    @property
    def latest(self) -> YearReport | None:
        return self.reports[-1] if self.reports else None

    @property
    def stage(self) -> str | None:
        return self.reports[-1].realisation.stage if self.reports else None

    @property
    def percent(self) -> int:
        """Complete at the end of the latest year reported; 0 when none is."""
        return self.reports[-1].realisation.percent if self.reports else 0

    @property
    def due(self) -> bool:
        return not self.view.dropped and self.view.first_year <= self.year

    @property
    def overdue(self) -> bool:
        """It should have been finished by the end of `year` and is not."""
        return not self.view.dropped and self.view.last_year <= self.year and self.state != "done"

    @property
    def stalled(self) -> bool:
        """Reported in `year` and the year before, and no further in `year`."""
        if self.state == "done" or len(self.reports) < 2:
            return False
        last, before = self.reports[-1], self.reports[-2]
        return (
            last.year == self.year
            and before.year == self.year - 1
            and last.realisation.percent <= before.realisation.percent
        )

    @property
    def advanced(self) -> bool:
        """It got further in `year` than it was the year before (from 0 when first reported)."""
        if not self.reports or self.reports[-1].year != self.year:
            return False
        before = self.reports[-2].realisation.percent if len(self.reports) > 1 else 0
        return self.percent > before


def _state(view: ProgramView, latest: Realisation | None) -> State:
    if view.dropped:
        return "dropped"
    if latest is None:
        return "not-reported"
    if latest.percent == 100:
        return "done"
    return "running" if latest.percent > 0 or latest.stage in STARTED_STAGES else "not-started"


def reports_by_program(plan: Plan) -> dict[str, list[YearReport]]:
    """Every program's reports, oldest first (the checks refuse a second report of a year)."""
    found: dict[str, list[YearReport]] = {}
    for entry in sorted(plan.progress_files, key=lambda e: e.model.year):
        for realisation in entry.model.programs:
            found.setdefault(realisation.program, []).append(
                YearReport(entry.model.year, realisation, entry.file.path)
            )
    return found


def program_progress(plan: Plan, year: int, programs: Iterable[ProgramView]) -> tuple[ProgramProgress, ...]:
    """Each program (dropped ones too) as carried out up to `year`."""
    reports = reports_by_program(plan)
    result = []
    for view in programs:
        mine = tuple(r for r in reports.get(view.id, ()) if r.year <= year)
        budget = {} if view.dropped else view.program.budget
        result.append(
            ProgramProgress(
                view=view,
                year=year,
                reports=mine,
                state=_state(view, mine[-1].realisation if mine else None),
                planned=sum(amount for y, amount in budget.items() if y <= year),
                realised=sum(r.realisation.spent for r in mine),
                planned_in_year=budget.get(year, 0),
                realised_in_year=sum(r.realisation.spent for r in mine if r.year == year),
            )
        )
    return tuple(result)


def progress_up_to(plan: Plan, year: int) -> dict[str, ProgramProgress]:
    """By program id, each program's latest stage, percent and realised budget up to `year`:
    what the review of a previous plan reads of it."""
    plan = localized(plan, plan.language)
    return {p.view.id: p for p in program_progress(plan, year, program_views(plan))}


@dataclass(frozen=True)
class Tally:
    """How a group of programs (all, a pillar's, an OPD's) stands in a year."""

    key: str
    label: str
    due: int  # programs that count and have started by the year
    counts: Mapping[State, int]  # of the due ones by state, and the dropped ones
    planned: int
    realised: int

    @property
    def implemented(self) -> int:
        """Running or done: "87 dari 123 program berjalan"."""
        return self.counts["running"] + self.counts["done"]

    @property
    def rate(self) -> float:
        return self.implemented / self.due if self.due else 0.0

    @property
    def absorption(self) -> float | None:
        """Realised over planned budget; None when nothing was planned."""
        return self.realised / self.planned if self.planned else None


def tally(key: str, label: str, programs: Iterable[ProgramProgress]) -> Tally:
    programs = list(programs)
    counted = [p for p in programs if p.due or p.view.dropped]
    counts = Counter(p.state for p in counted)
    return Tally(
        key,
        label,
        sum(1 for p in counted if p.due),
        {state: counts[state] for state in STATES},
        sum(p.planned for p in programs),
        sum(p.realised for p in programs),
    )


@dataclass(frozen=True)
class IndicatorProgress:
    """A program indicator in a year: baseline → target → actual, and how far it got."""

    program: ProgramView
    indicator: Indicator
    target: float | None  # the year's target
    actual: float | None  # measured in the year

    @property
    def achievement(self) -> float | None:
        """The share of the way from baseline to target covered (actual ÷ target without a
        baseline); None without a target or an actual."""
        if self.target is None or self.actual is None:
            return None
        if self.indicator.baseline is None:
            if self.lower_is_better:
                return self.target / self.actual if self.actual else 1.0
            return self.actual / self.target if self.target else 1.0
        base = self.indicator.baseline.value
        if self.target == base:
            return 1.0 if self.actual == self.target else 0.0
        return (self.actual - base) / (self.target - base)

    @property
    def lower_is_better(self) -> bool:
        """Whether the indicator falls towards its targets (a waiting time): from the baseline
        to the target, else from the first target to the last."""
        targets = [value for _, value in sorted(self.indicator.targets.items())]
        start = self.indicator.baseline.value if self.indicator.baseline else targets[0] if targets else 0
        return bool(targets) and targets[-1] < start

    @property
    def mark(self) -> Mark:
        value = self.achievement
        if value is None:
            return "no-data"
        return "achieved" if value >= 1 else "near" if value >= NEAR_TARGET else "behind"


def indicator_progress(year: int, programs: Iterable[ProgramProgress]) -> tuple[IndicatorProgress, ...]:
    """Each indicator of the programs that count and are due, with its value in `year`."""
    rows = []
    for progress in programs:
        if not progress.due:
            continue
        actuals = next((r.realisation.indicators for r in progress.reports if r.year == year), {})
        for indicator in progress.view.program.indicators:
            rows.append(
                IndicatorProgress(
                    progress.view, indicator, indicator.targets.get(year), actuals.get(indicator.id)
                )
            )
    return tuple(rows)


@dataclass(frozen=True)
class SourceRow:
    key: str
    label: str
    planned: int
    realised: int


def budget_by_source(
    year: int, programs: Iterable[ProgramProgress], source_names: Mapping[str, str]
) -> tuple[SourceRow, ...]:
    """Planned (split by the plan's shares, `split_by_source`) against realised budget per
    funding source, up to `year`; sources in the format's order, "not given" last."""
    planned: Counter[str] = Counter()
    realised: Counter[str] = Counter()
    for progress in programs:
        if not progress.view.dropped:
            for y, amount in progress.view.program.budget.items():
                if y <= year:
                    planned.update(dict(split_by_source(progress.view.program, amount)))
        for report in progress.reports:
            realised.update(report.realisation.budget)
    order = [*FUNDING_SOURCES, UNSPECIFIED]
    return tuple(
        SourceRow(key, source_names[key], planned[key], realised[key])
        for key in order
        if planned[key] or realised[key]
    )


@dataclass(frozen=True)
class BudgetYear:
    year: int
    planned: int
    realised: int


@dataclass(frozen=True)
class Dimension:
    """One of the ministry's five evaluation dimensions: its weight (percent) and the score
    the repository's figures give it (0–1; None when there is nothing to measure)."""

    key: str
    weight: int
    score: float | None

    @property
    def points(self) -> float:
        return self.weight * (self.score or 0.0)


@dataclass(frozen=True)
class Evaluation:
    """The plan as carried out up to `year`: every figure of the report and the dashboard."""

    year: int
    years: tuple[int, ...]  # the years with any report, up to `year`
    programs: tuple[ProgramProgress, ...]  # every program, dropped ones too, in document order
    total: Tally
    by_pillar: tuple[Tally, ...]
    by_opd: tuple[Tally, ...]
    budget_years: tuple[BudgetYear, ...]  # the period's years up to `year`
    budget_sources: tuple[SourceRow, ...]
    indicators: tuple[IndicatorProgress, ...]
    quick_wins: tuple[ProgramProgress, ...]
    overdue: tuple[ProgramProgress, ...]
    stalled: tuple[ProgramProgress, ...]
    dimensions: tuple[Dimension, ...]

    @property
    def reported(self) -> bool:
        return bool(self.years)

    @property
    def score(self) -> float:
        """The weighted self-assessment, 0–100."""
        return sum(d.points for d in self.dimensions)

    @property
    def evidence(self) -> tuple[tuple[ProgramProgress, YearReport, Evidence], ...]:
        return tuple((p, r, e) for p in self.programs for r in p.reports for e in r.realisation.evidence)


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def dimensions(
    plan: Plan, programs: tuple[ProgramProgress, ...], indicators: tuple[IndicatorProgress, ...]
) -> tuple[Dimension, ...]:
    """The five dimensions as the repository can measure them: Baseline, the share of due
    programs that got further this year; Output, the year's budget realisation (up to 100%);
    Outcome, the due programs' mean completion; Impact, the indicators' mean achievement (0–100%);
    Quick Win, the due quick wins' mean completion."""
    due = [p for p in programs if p.due]
    planned = sum(p.planned_in_year for p in due)
    scores = {
        "baseline": _mean(1.0 if p.advanced else 0.0 for p in due),
        "output": min(1.0, sum(p.realised_in_year for p in programs) / planned) if planned else None,
        "outcome": _mean(p.percent / 100 for p in due),
        "impact": _mean(min(1.0, max(0.0, i.achievement)) for i in indicators if i.achievement is not None),
        "quick_win": _mean(p.percent / 100 for p in due if p.view.quick_win),
    }
    weights = plan.masterplan.evaluation.weights
    return tuple(Dimension(key, getattr(weights, key), scores[key]) for key in DIMENSIONS)


def today() -> dt.date:
    """Today, or the day SOURCE_DATE_EPOCH names (reproducible builds; tests set it): what
    year has begun (`checks/progress.py`), the date of a report."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.fromtimestamp(time.time())


def reported_years(plan: Plan) -> tuple[int, ...]:
    return tuple(sorted({entry.model.year for entry in plan.progress_files}))


def evaluation(plan: Plan, year: int, language: str, source_names: Mapping[str, str]) -> Evaluation:
    """Every figure of the year's evaluation, from the plan's own views (`program_views`,
    `quick_wins`, the budgets' `split_by_source`): nothing here re-derives the plan."""
    plan = localized(plan, language)  # its texts in the report's language
    programs = program_progress(plan, year, program_views(plan))
    indicators = indicator_progress(year, programs)
    by_pillar = tuple(
        tally(p.id, p.name(language), (x for x in programs if x.view.pillar.id == p.id))
        for p in plan.framework.pillars
    )
    by_opd = tuple(
        tally(o.id, o.label, (x for x in programs if x.view.opd.id == o.id))
        for o in sorted(plan.opds.values(), key=lambda o: (o.label.casefold(), o.id))  # by the name shown
        if any(x.view.opd.id == o.id for x in programs)
    )
    quick = {v.id for v in quick_wins(p.view for p in programs)}
    period_years = [y for y in plan.masterplan.period.years if y <= year]
    return Evaluation(
        year=year,
        years=tuple(y for y in reported_years(plan) if y <= year),
        programs=programs,
        total=tally("", "", programs),
        by_pillar=by_pillar,
        by_opd=by_opd,
        budget_years=tuple(
            BudgetYear(
                y,
                sum(p.view.program.budget.get(y, 0) for p in programs if not p.view.dropped),
                sum(r.realisation.spent for p in programs for r in p.reports if r.year == y),
            )
            for y in period_years
        ),
        budget_sources=budget_by_source(year, programs, source_names),
        indicators=indicators,
        quick_wins=tuple(p for p in programs if p.view.id in quick and p.due),
        overdue=tuple(p for p in programs if p.overdue),
        stalled=tuple(p for p in programs if p.stalled),
        dimensions=dimensions(plan, programs, indicators),
    )


# --- the review of the previous masterplan ---------------------------------------------------

FATES = ("continued", "completed", "merged", "dropped")  # the order the chapter counts them in


def fate_of(program: OldProgram, previous: PreviousPlan, current_ids: Iterable[str]) -> Fate | None:
    """The fate the review gives `program`: the one written in `previous.fates`, else
    continued when this masterplan has a program with its id, else none (a warning)."""
    if program.id in previous.fates:
        return previous.fates[program.id]
    return Fate(fate="continued") if program.id in current_ids else None


def implemented(program: OldProgram, fate: Fate | None) -> bool:
    """*Terlaksana*, the one meaning of "implemented" for a previous program: carried out in
    full or in part (completed or done, or under way: in progress or with progress recorded).
    A program dropped, in the previous plan or by the review, was not implemented."""
    kind = fate.fate if fate else ""
    if kind == "dropped" or program.status == "dropped":
        return False
    if kind == "completed" or program.status == "done":
        return True
    return program.status == "in-progress" or (program.progress or 0) > 0


@dataclass(frozen=True)
class ReviewedProgram:
    program: OldProgram
    fate: str  # one of FATES, or "none" when the review gives none
    into: tuple[ProgramView, ...]  # the programs of this masterplan it continues in or merged into
    reason: str | None
    implemented: bool
    pillar_name: str


@dataclass(frozen=True)
class ImplementationRate:
    """ "44 dari 62 program terlaksana": of a pillar (key), or of the whole plan (key "")."""

    key: str
    label: str
    implemented: int
    total: int

    @property
    def share(self) -> float:
        return self.implemented / self.total if self.total else 0.0


@dataclass(frozen=True)
class ReviewView:
    title: str | None
    programs: tuple[ReviewedProgram, ...]  # by pillar (framework order), then id
    by_pillar: tuple[ImplementationRate, ...]
    total: ImplementationRate
    by_fate: Mapping[str, int]  # every fate of FATES, and "none" for programs without one
    quick_wins: tuple[ReviewedProgram, ...]
    dropped: tuple[ReviewedProgram, ...]


def review(plan: Plan, previous: PreviousPlan, programs: Iterable[ProgramView], language: str) -> ReviewView:
    """The previous plan's programs with their fates, and the implementation rates."""
    current = {p.id: p for p in programs}
    names = {p.id: p.name(language) for p in plan.framework.pillars}
    order = {pillar_id: i for i, pillar_id in enumerate(names)}
    rows = []
    for old in sorted(previous.programs, key=lambda p: (order.get(p.pillar, len(order)), p.pillar, p.id)):
        fate = fate_of(old, previous, current)
        into_ids = (fate.into or ([old.id] if fate.fate == "continued" else [])) if fate else []
        note = resolve(old.note, language) if old.note is not None else None
        rows.append(
            ReviewedProgram(
                program=dataclasses.replace(old, name=resolve(old.name, language), note=note),
                fate=fate.fate if fate else "none",
                into=tuple(current[i] for i in into_ids if i in current),
                reason=resolve(fate.reason, language) if fate and fate.reason else None,
                implemented=implemented(old, fate),
                pillar_name=names.get(old.pillar, old.pillar),
            )
        )
    groups: dict[str, list[ReviewedProgram]] = {}
    for row in rows:
        groups.setdefault(row.program.pillar, []).append(row)
    by_pillar = [_rate(key, group[0].pillar_name, group) for key, group in groups.items()]
    counts = Counter(r.fate for r in rows)
    return ReviewView(
        title=resolve(previous.settings.title, language) if previous.settings.title else None,
        programs=tuple(rows),
        by_pillar=tuple(by_pillar),
        total=_rate("", "", rows),
        by_fate={kind: counts[kind] for kind in (*FATES, "none")},
        quick_wins=tuple(r for r in rows if r.program.quick_win),
        dropped=tuple(r for r in rows if r.fate == "dropped"),
    )


def _rate(key: str, label: str, rows: list[ReviewedProgram]) -> ImplementationRate:
    return ImplementationRate(key, label, sum(r.implemented for r in rows), len(rows))
