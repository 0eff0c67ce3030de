"""The derived views: every total, order and grouping the document shows, on the mini city."""

from __future__ import annotations

from pathlib import Path

import pytest

from masterplan_cli.checker import check_repository
from masterplan_cli.i18n import Messages
from masterplan_cli.project import Plan
from masterplan_cli.render.context import funding_names
from masterplan_cli.views import Views, derive, funding_key, term_of, term_years

MINI = Path(__file__).parent / "fixtures" / "city-mini"


@pytest.fixture(scope="module")
def plan() -> Plan:
    plan, report = check_repository(MINI)
    assert plan is not None and not report.failed(strict=True), report.sorted()
    return plan


@pytest.fixture(scope="module")
def views(plan: Plan) -> Views:
    return derive(plan, "id", funding_names(Messages("id")))


def test_programs_come_in_document_order(views: Views) -> None:
    # pillar by framework order, then element by framework order, then start year
    assert [p.id for p in views.programs] == [
        "KOMINFO-02", "KOMINFO-01", "BAPPEDA-01", "BAPPEDA-02", "BAPPEDA-03", "KOMINFO-03", "DLH-02", "DLH-01",
    ]


def test_each_pillar_groups_its_programs_by_element(views: Views) -> None:
    governance = views.pillars[0]
    assert governance.id == "governance"
    assert [(g.element.id if g.element else None, [p.id for p in g.programs]) for g in governance.groups] == [
        ("service", ["KOMINFO-02"]),
        ("policy", ["KOMINFO-01"]),
    ]
    assert governance.budget_total == 2_350_000_000
    assert [p.id for p in governance.quick_wins] == ["KOMINFO-01"]


@pytest.mark.parametrize(
    ("last_year", "term"),
    [
        pytest.param(2024, "short", id="year 1 is short term"),
        pytest.param(2025, "short", id="year 2 is short term"),
        pytest.param(2026, "medium", id="year 3 is medium term"),
        pytest.param(2028, "medium", id="year 5 is medium term"),
        pytest.param(2029, "long", id="year 6 is long term"),
        pytest.param(2031, "long", id="the last year is long term"),
    ],
)
def test_a_program_term_follows_its_last_year(plan: Plan, last_year: int, term: str) -> None:
    assert term_of(plan, last_year) == term


def test_terms_cover_the_period_without_gaps(plan: Plan) -> None:
    assert term_years(plan, "short") == (2024, 2025)
    assert term_years(plan, "medium") == (2026, 2028)
    assert term_years(plan, "long") == (2029, 2031)


def test_roadmap_groups_by_term_in_start_order(views: Views) -> None:
    assert [(g.term, [p.id for p in g.programs]) for g in views.roadmap] == [
        ("short", ["BAPPEDA-01", "BAPPEDA-03", "KOMINFO-03", "DLH-01"]),
        ("medium", ["KOMINFO-01", "BAPPEDA-02", "KOMINFO-02"]),
        ("long", ["DLH-02"]),
    ]


def test_budget_by_pillar_adds_up(views: Views) -> None:
    table = views.budget_by_pillar
    assert table.years == tuple(range(2024, 2032))
    assert [row.key for row in table.rows] == ["governance", "branding", "economy", "living", "society", "environment"]
    assert table.rows[0].values == (350_000_000, 200_000_000, 650_000_000, 750_000_000, 400_000_000, 0, 0, 0)
    assert table.column_totals == (725_000_000, 455_000_000, 710_000_000, 1_110_000_000, 400_000_000, 250_000_000, 0, 250_000_000)
    assert table.total == sum(table.column_totals) == sum(row.total for row in table.rows) == 3_900_000_000
    assert table.total == sum(p.budget_total for p in views.programs)


def test_budget_by_opd_and_by_funding_add_up_to_the_same_total(views: Views) -> None:
    assert [row.label for row in views.budget_by_opd.rows] == [
        "Badan Perencanaan Pembangunan Daerah", "Dinas Komunikasi dan Informatika", "Dinas Lingkungan Hidup",
    ]
    assert views.budget_by_opd.total == views.budget_by_funding.total == views.budget_total
    # single sources first, then combinations, then programs with no source
    assert [(row.key, row.label, row.total) for row in views.budget_by_funding.rows] == [
        ("apbd", "APBD", 1_000_000_000),
        ("csr", "CSR", 240_000_000),
        ("apbd+dak", "APBD + DAK", 1_650_000_000),
        ("apbd+private", "APBD + Swasta", 210_000_000),
        ("", "Belum ditentukan", 800_000_000),
    ]


def test_funding_key_is_independent_of_order(plan: Plan) -> None:
    program = next(e.program for e in plan.programs if e.program.id == "BAPPEDA-02")
    assert funding_key(program) == "apbd+private"
    assert funding_key(program.model_copy(update={"funding": ["private", "apbd", "apbd"]})) == "apbd+private"


def test_quick_wins(views: Views) -> None:
    assert [p.id for p in views.quick_wins] == ["KOMINFO-01", "BAPPEDA-01", "BAPPEDA-02", "BAPPEDA-03", "KOMINFO-03", "DLH-01"]


def test_opd_matrix_counts_lead_and_supporting_programs(views: Views) -> None:
    rows = {row.opd.id: [(c.lead, c.supporting) for c in row.cells] for row in views.matrix}
    assert rows["diskominfo"] == [(2, 0), (0, 1), (0, 0), (0, 0), (1, 0), (0, 1)]
    assert rows["bappeda"] == [(0, 2), (1, 0), (1, 0), (1, 0), (0, 0), (0, 0)]
    assert rows["dlh"] == [(0, 1), (0, 0), (0, 0), (0, 0), (0, 0), (2, 0)]


def test_opd_views_list_led_and_supported_programs(views: Views) -> None:
    by_id = {v.opd.id: v for v in views.opds}
    assert [p.id for p in by_id["diskominfo"].led] == ["KOMINFO-02", "KOMINFO-01", "KOMINFO-03"]
    assert [p.id for p in by_id["diskominfo"].supported] == ["BAPPEDA-01", "DLH-01"]
    assert by_id["dlh"].budget_total == 920_000_000


def test_program_views_resolve_references(views: Views) -> None:
    view = views.by_id["KOMINFO-02"]
    assert view.anchor == "program-kominfo-02"
    assert [o.id for o in view.supporting] == ["bappeda", "dlh"]
    assert view.depends_on == (("KOMINFO-01", "Satu Data Danau Biru"),)
    assert view.element is not None and view.element.id == "service"
    assert [y for y in range(2024, 2032) if view.runs_in(y)] == [2026, 2027, 2028]
