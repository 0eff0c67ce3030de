"""The derived views: every total, order and grouping the document shows, on the mini city."""

from __future__ import annotations

from pathlib import Path

import pytest

from masterplan_cli.checker import check_repository
from masterplan_cli.i18n import Messages
from masterplan_cli.project import Plan
from masterplan_cli.render.context import funding_names
from masterplan_cli.views import Views, derive, funding_shares, split_by_source, term_of, term_years

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
    assert [p.id for p in views.all_programs] == [
        "KOMINFO-02",
        "KOMINFO-01",
        "BAPPEDA-01",
        "BAPPEDA-02",
        "BAPPEDA-03",
        "KOMINFO-03",
        "DLH-02",
        "DLH-01",
        "DLH-03",
    ]
    # the programs that count leave the dropped one out
    assert [p.id for p in views.programs] == [p.id for p in views.all_programs if p.id != "DLH-03"]
    assert [p.id for p in views.dropped] == ["DLH-03"]


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
    ("end", "term"),
    [
        pytest.param(2024, "short", id="ending in year 1 is short term"),
        pytest.param(2025, "short", id="ending in year 2 is short term"),
        pytest.param(2026, "medium", id="ending in year 3 is medium term"),
        pytest.param(2028, "medium", id="ending in year 5 is medium term"),
        pytest.param(2029, "long", id="ending in year 6 is long term"),
        pytest.param(2031, "long", id="ending in the last year is long term"),
    ],
)
def test_a_program_band_follows_the_year_it_ends(plan: Plan, end: int, term: str) -> None:
    assert term_of(plan, end) == term


def test_a_band_follows_the_end_not_the_start(views: Views) -> None:
    # KOMINFO-02 starts in 2026 and ends in 2028; DLH-02 starts in 2027 but ends in 2031; the
    # quick win BAPPEDA-02 (2025–2026) delivers in year 3 and stands in the medium band
    assert views.by_id["KOMINFO-01"].term == "short"
    assert views.by_id["KOMINFO-02"].term == "medium"
    assert views.by_id["DLH-02"].term == "long"
    assert views.by_id["BAPPEDA-02"].term == "medium"


@pytest.mark.parametrize(
    ("start", "end", "late", "long"),
    [
        pytest.param(2024, 2025, False, False, id="year 1, two years: a quick win"),
        pytest.param(2025, 2026, False, False, id="year 2, two years: a quick win"),
        pytest.param(2026, 2026, True, False, id="starting in year 3 is too late"),
        pytest.param(2024, 2026, False, True, id="three years is too long"),
    ],
)
def test_the_quick_win_definition(views: Views, start: int, end: int, late: bool, long: bool) -> None:
    assert views.bands.quick_win_last_start == 2025
    assert views.bands.quick_win_too_late(start) is late
    assert views.bands.quick_win_too_long(start, end) is long


def test_terms_cover_the_period_without_gaps(plan: Plan) -> None:
    assert term_years(plan, "short") == (2024, 2025)
    assert term_years(plan, "medium") == (2026, 2028)
    assert term_years(plan, "long") == (2029, 2031)


def test_roadmap_groups_by_the_band_programs_end_in(views: Views) -> None:
    # every band the period reaches; the dropped DLH-03 is on no roadmap
    assert [(g.term, g.first_year, g.last_year, [p.id for p in g.programs]) for g in views.roadmap] == [
        ("short", 2024, 2025, ["BAPPEDA-01", "KOMINFO-01", "BAPPEDA-03", "KOMINFO-03", "DLH-01"]),
        ("medium", 2026, 2028, ["BAPPEDA-02", "KOMINFO-02"]),
        ("long", 2029, 2031, ["DLH-02"]),
    ]
    short, medium, _ = views.roadmap
    assert [p.id for p in short.quick_wins] == [
        "BAPPEDA-01",
        "KOMINFO-01",
        "BAPPEDA-03",
        "KOMINFO-03",
        "DLH-01",
    ]
    assert [p.id for p in medium.quick_wins] == ["BAPPEDA-02"]
    assert sum(len(g.programs) for g in views.roadmap) == len(views.programs)


def test_budget_by_pillar_adds_up(views: Views) -> None:
    table = views.budget_by_pillar
    assert table.years == tuple(range(2024, 2032))
    assert [row.key for row in table.rows] == [
        "governance",
        "branding",
        "economy",
        "living",
        "society",
        "environment",
    ]
    assert table.rows[0].values == (350_000_000, 350_000_000, 500_000_000, 750_000_000, 400_000_000, 0, 0, 0)
    assert table.column_totals == (
        725_000_000,
        605_000_000,
        620_000_000,
        1_050_000_000,
        400_000_000,
        250_000_000,
        0,
        250_000_000,
    )
    assert table.total == sum(table.column_totals) == sum(row.total for row in table.rows) == 3_900_000_000
    assert table.total == sum(p.budget_total for p in views.programs)


def test_budget_by_opd_and_by_funding_add_up_to_the_same_total(views: Views) -> None:
    assert [row.label for row in views.budget_by_opd.rows] == [
        "Badan Perencanaan Pembangunan Daerah",
        "Dinas Komunikasi dan Informatika",
        "Dinas Lingkungan Hidup",
    ]
    assert views.budget_by_opd.total == views.budget_by_funding.total == views.budget_total
    # one row per source: KOMINFO-02 (Rp1.65 bn, apbd 40% / dak 60%) gives 660 + 990 million;
    # BAPPEDA-02 (apbd + private, no shares) splits 90 + 120 million equally
    assert [(row.key, row.label, row.total) for row in views.budget_by_funding.rows] == [
        ("apbd", "APBD", 1_000_000_000 + 660_000_000 + 105_000_000),
        ("dak", "DAK", 990_000_000),
        ("csr", "CSR", 240_000_000),
        ("private", "Swasta", 105_000_000),
        ("", "Belum ditentukan", 800_000_000),
    ]


def test_funding_sources_come_in_the_formats_order_each_once(plan: Plan) -> None:
    program = next(e.program for e in plan.programs if e.program.id == "BAPPEDA-02")
    assert funding_shares(program) == (("apbd", 50), ("private", 50))
    shuffled = program.model_copy(update={"funding": ["private", "apbd", "apbd"]})
    assert funding_shares(shuffled) == (("apbd", 50), ("private", 50))


@pytest.mark.parametrize(
    ("funding", "shares", "amount", "parts"),
    [
        pytest.param(
            ["csr", "apbd"], {}, 101, (("apbd", 51), ("csr", 50)), id="equal split, remainder to the first"
        ),
        pytest.param(
            ["apbd", "dak", "csr"], {}, 100, (("apbd", 34), ("dak", 33), ("csr", 33)), id="thirds add up"
        ),
        pytest.param(
            ["apbd", "dak"], {"apbd": 40, "dak": 60}, 999, (("apbd", 400), ("dak", 599)), id="own shares"
        ),
        pytest.param([], {}, 7, (("", 7),), id="no source: not given"),
    ],
)
def test_a_shared_budget_is_split_so_the_parts_add_up(
    plan: Plan, funding: list[str], shares: dict[str, int], amount: int, parts: tuple[tuple[str, int], ...]
) -> None:
    program = plan.programs[0].program.model_copy(update={"funding": funding, "funding_shares": shares})
    assert split_by_source(program, amount) == parts
    assert sum(part for _, part in parts) == amount


def test_fiscal_years_give_the_apbd_share(views: Views) -> None:
    by_year = {row.year: row for row in views.fiscal}
    assert by_year[2026].plan == views.budget_by_pillar.column_totals[2]
    apbd = next(row for row in views.budget_by_funding.rows if row.key == "apbd")
    assert [row.apbd_part for row in views.fiscal] == list(apbd.values)


def test_quick_wins(views: Views) -> None:
    assert [p.id for p in views.quick_wins] == [
        "KOMINFO-01",
        "BAPPEDA-01",
        "BAPPEDA-02",
        "BAPPEDA-03",
        "KOMINFO-03",
        "DLH-01",
    ]


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


def test_dropped_programs_count_nowhere_but_stay_listed(views: Views) -> None:
    dropped = views.by_id["DLH-03"]
    assert dropped.dropped and dropped.quick_win and dropped.budget_total == 800_000_000
    # not in any total: every table still adds up to the programs that count
    counted = sum(p.budget_total for p in views.programs)
    assert counted == 3_900_000_000
    for table in (views.budget_by_pillar, views.budget_by_opd, views.budget_by_funding):
        assert table.total == counted == sum(table.column_totals) == sum(row.total for row in table.rows)
    environment = views.pillars[-1]
    assert environment.budget_total == 920_000_000 == sum(p.budget_total for p in environment.programs)
    assert [g.budget_total for g in environment.groups] == [800_000_000, 120_000_000]
    # not a quick win, not on the roadmap or the Gantt chart, not in the OPD matrix
    assert "DLH-03" not in [p.id for p in views.quick_wins]
    assert "DLH-03" not in [p.id for p in environment.quick_wins]
    assert "DLH-03" not in [p.id for g in views.roadmap for p in g.programs]
    assert "DLH-03" not in [p.id for p in environment.programs]
    rows = {row.opd.id: row for row in views.matrix}
    assert rows["dlh"].lead == 2 and rows["diskominfo"].supporting == 2
    # ... but still in chapter 5, in its element, and in the OPD's appendix entry, marked
    assert "DLH-03" in [p.id for p in environment.all_programs]
    assert [p.id for p in environment.dropped] == ["DLH-03"]
    waste = next(g for g in environment.groups if g.element is not None and g.element.id == "waste")
    assert [p.id for p in waste.programs] == ["DLH-01", "DLH-03"] and waste.budget_total == 120_000_000
    assert [p.id for p in waste.dropped] == ["DLH-03"]
    dlh = next(v for v in views.opds if v.opd.id == "dlh")
    assert [p.id for p in dlh.led] == ["DLH-02", "DLH-01"] and [p.id for p in dlh.dropped] == ["DLH-03"]
    assert "DLH-03" not in [p.id for o in views.opds for p in o.supported]


def test_the_summary_counts_add_up(views: Views) -> None:
    assert len(views.programs) == sum(len(p.programs) for p in views.pillars) == 8
    assert len(views.quick_wins) == sum(len(p.quick_wins) for p in views.pillars) == 6
    assert views.budget_total == sum(p.budget_total for p in views.pillars)
    assert [row.total for row in views.budget_by_pillar.rows] == [p.budget_total for p in views.pillars]
    assert len(views.programs) == sum(row.lead for row in views.matrix) == sum(len(o.led) for o in views.opds)


def test_program_views_resolve_references(views: Views) -> None:
    view = views.by_id["KOMINFO-02"]
    assert view.anchor == "program-kominfo-02"
    assert [o.id for o in view.supporting] == ["bappeda", "dlh"]
    assert view.depends_on == (("KOMINFO-01", "Satu Data Danau Biru"),)
    assert view.element is not None and view.element.id == "service"
    assert [y for y in range(2024, 2032) if view.runs_in(y)] == [2026, 2027, 2028]


def test_the_risk_register_puts_the_highest_first(views: Views) -> None:
    # DLH-02: high × high = 9; KOMINFO-01: high × medium = 6 and low × high = 3
    assert [(entry.program.id, entry.risk.risk, entry.score) for entry in views.risks] == [
        ("DLH-02", "Lahan tidak tersedia", 9),
        ("KOMINFO-01", "OPD tidak menyerahkan data", 6),
        ("KOMINFO-01", "Server mati", 3),
    ]


def test_the_plan_is_compared_with_the_apbd_where_its_size_is_given(views: Views) -> None:
    by_year = {row.year: row for row in views.fiscal}
    assert by_year[2024].apbd_size == 500_000_000_000
    assert by_year[2024].of_apbd == by_year[2024].apbd_part / 500_000_000_000
    assert by_year[2026].apbd_size is None and by_year[2026].of_apbd is None
