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

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from .links import document_anchors, opd_anchor, program_anchor
from .project import Plan
from .schema.frameworks import Element, Pillar
from .schema.opd import FUNDING_SOURCES, OpdFile, Program
from .schema.pillar import PillarFile

Term = Literal["short", "medium", "long"]
TERMS: tuple[Term, ...] = ("short", "medium", "long")
# A program's term follows the year it starts, counted from the first year of the period, as
# Indonesian masterplans stage their roadmaps: starting in year 1 or 2 is short term (with the
# quick wins), in years 3–5 medium term (the RPJMD horizon), later long term. A quick win is
# short term by definition.
TERM_LAST_YEAR: dict[Term, int] = {"short": 2, "medium": 5, "long": 20}  # last start year of each
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
            "dropped": program.status == "dropped",
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    @property
    def counted(self) -> bool:
        """Whether the program counts in totals, the roadmap and the quick wins."""
        return not self.dropped

    def runs_in(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


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
    """The roadmap's programs of one term (those that start in it), with the years the term
    covers in this period. A term the period reaches may have no program: the templates say so
    in words, and leave its table out."""

    term: Term
    first_year: int
    last_year: int
    programs: tuple[ProgramView, ...]

    @property
    def quick_wins(self) -> tuple[ProgramView, ...]:
        return tuple(p for p in self.programs if p.quick_win)


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
    budget_by_funding: BudgetTable
    matrix: tuple[MatrixRow, ...]
    opds: tuple[OpdView, ...]
    by_id: Mapping[str, ProgramView] = field(repr=False)

    @property
    def budget_total(self) -> int:
        return self.budget_by_pillar.total

    @property
    def anchors(self) -> frozenset[str]:
        """The anchors a link in the city's text may name (`links.document_anchors`)."""
        return document_anchors((p.id for p in self.all_programs), (o.opd.id for o in self.opds))


# --- programs -------------------------------------------------------------------------------


def term_of(plan: Plan, start: int, quick_win: bool = False) -> Term:
    """The roadmap term of a program that starts in `start` (a quick win is short term)."""
    if quick_win:
        return "short"
    year_number = start - plan.masterplan.period.start + 1
    for term in TERMS:
        if year_number <= TERM_LAST_YEAR[term]:
            return term
    return "long"


def term_years(plan: Plan, term: Term) -> tuple[int, int] | None:
    """The first and last year of a term inside the plan's period; None if it has none."""
    period = plan.masterplan.period
    index = TERMS.index(term)
    first = period.start + (TERM_LAST_YEAR[TERMS[index - 1]] if index else 0)
    last = min(period.end, period.start + TERM_LAST_YEAR[term] - 1)
    return (first, last) if first <= last else None


def program_views(plan: Plan) -> tuple[ProgramView, ...]:
    """Every program whose pillar is in the framework (dropped ones too), in document order."""
    names = {entry.program.id: entry.program.name for entry in plan.programs}
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
                term=term_of(plan, program.start, program.quick_win),
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
    """The quick wins that count (a dropped quick win is no quick win)."""
    return tuple(p for p in programs if p.quick_win and not p.dropped)


# --- roadmap --------------------------------------------------------------------------------


def roadmap(plan: Plan, programs: Iterable[ProgramView]) -> tuple[TermGroup, ...]:
    """The programs that count grouped by the term they start in (every term the period
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
    keys = [(opd.id, opd.name) for opd in _opds_by_name(plan)]
    years = tuple(plan.masterplan.period.years)
    return _budget_table(years, programs, keys, lambda v: v.opd.id, keep_empty=False)


def funding_key(program: Program) -> str:
    """A program's funding sources as one key (`apbd+dak`), in the format's order.

    A program funded from several sources does not say how much each gives, so its budget is
    counted under the combination: splitting it would invent figures, and counting it under
    each source would make the totals not add up."""
    sources = sorted(set(program.funding), key=FUNDING_SOURCES.index)
    return "+".join(sources) if sources else UNSPECIFIED


def budget_by_funding(
    plan: Plan, programs: Iterable[ProgramView], source_names: Mapping[str, str]
) -> BudgetTable:
    """Budget per funding source (or combination of sources) and year, single sources first.

    `source_names` names each source id and UNSPECIFIED."""
    programs = active(programs)
    used = {funding_key(p.program) for p in programs}
    order = list(source_names)

    def rank(key: str) -> tuple[int, int, list[int]]:
        parts = key.split("+") if key else []
        return (key == UNSPECIFIED, len(parts), [order.index(s) for s in parts])

    keys = [(key, _funding_label(key, source_names)) for key in sorted(used, key=rank)]
    years = tuple(plan.masterplan.period.years)
    return _budget_table(years, programs, keys, lambda v: funding_key(v.program), keep_empty=False)


def _funding_label(key: str, names: Mapping[str, str]) -> str:
    if key == UNSPECIFIED:
        return names[UNSPECIFIED]
    return " + ".join(names[s] for s in key.split("+"))


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
    return sorted(plan.opds.values(), key=lambda o: (o.name.casefold(), o.id))


def derive(plan: Plan, language: str, source_names: Mapping[str, str]) -> Views:
    """Every view of the plan, in one pass per view."""
    programs = program_views(plan)
    return Views(
        years=tuple(plan.masterplan.period.years),
        programs=active(programs),
        all_programs=programs,
        dropped=tuple(p for p in programs if p.dropped),
        pillars=pillar_views(plan, programs),
        quick_wins=quick_wins(programs),
        roadmap=roadmap(plan, programs),
        budget_by_pillar=budget_by_pillar(plan, programs, language),
        budget_by_opd=budget_by_opd(plan, programs),
        budget_by_funding=budget_by_funding(plan, programs, source_names),
        matrix=opd_matrix(plan, programs),
        opds=opd_views(plan, programs),
        by_id={p.id: p for p in programs},  # dropped ones too: a dependency may name one
    )
