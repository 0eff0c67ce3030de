"""Amounts as the document shows them: one rounding rule (half up), short forms grouped; and
long periods split into blocks of years that fit a page."""

from __future__ import annotations

import pytest

from masterplan_cli.i18n import Formatter
from masterplan_cli.render.charts import ChartText, column_chart
from masterplan_cli.render.layout import blocks, budget_blocks, year_blocks
from masterplan_cli.views import BudgetRow, BudgetTable

ID, EN = Formatter("id"), Formatter("en")


@pytest.mark.parametrize(
    ("amount", "indonesian", "english"),
    [
        (44_450_000_000, "Rp44,5 miliar", "Rp44.5 billion"),  # a half goes up, not to even
        (44_350_000_000, "Rp44,4 miliar", "Rp44.4 billion"),
        (2_950_000_000, "Rp3 miliar", "Rp3 billion"),
        (999_950_000, "Rp1 miliar", "Rp1 billion"),  # rounds into the next unit
        (1_500_000, "Rp1,5 juta", "Rp1.5 million"),
        (1_360_000 * 10**12, "Rp1.360.000 triliun", "Rp1,360,000 trillion"),  # grouped
        (999_999, "Rp999.999", "Rp999,999"),  # below a million: in full
        (0, "Rp0", "Rp0"),
    ],
)
def test_short_rupiah(amount: int, indonesian: str, english: str) -> None:
    assert (ID.rupiah_short(amount), EN.rupiah_short(amount)) == (indonesian, english)


def test_every_shown_number_rounds_half_up() -> None:
    assert ID.percent(0.12345) == "12,3%"
    assert ID.percent(0.12355) == "12,4%"
    assert ID.decimal(2.0005) == "2,001"
    assert ID.decimal(2.0015) == "2,002"


def test_full_amounts_and_millions_stay_exact() -> None:
    assert ID.rupiah(10**16) == "Rp10.000.000.000.000.000"
    assert ID.millions(250_000) == "0,25"
    assert EN.millions(1_500_000_000) == "1,500"


@pytest.mark.parametrize(
    ("count", "most", "sizes"),
    [(5, 10, [5]), (10, 10, [10]), (11, 10, [6, 5]), (20, 10, [10, 10]), (15, 8, [8, 7]), (1, 10, [1])],
)
def test_blocks_are_as_even_as_can_be(count: int, most: int, sizes: list[int]) -> None:
    found = blocks(count, most)
    assert [len(b) for b in found] == sizes
    assert [i for b in found for i in b] == list(range(count))


def test_year_blocks() -> None:
    assert year_blocks(range(2025, 2036)) == [list(range(2025, 2031)), list(range(2031, 2036))]


def table(years: int, amount: int) -> BudgetTable:
    row = BudgetRow("a", "Smart Governance", tuple(amount for _ in range(years)))
    return BudgetTable(tuple(range(2025, 2025 + years)), (row, row))


def test_budget_blocks_hold_as_many_years_as_their_amounts_let_fit() -> None:
    small = budget_blocks(table(10, 1_500_000_000), ID.millions)  # "1.500" a year
    assert [len(b.columns) for b in small] == [10]
    assert small[0].last and small[0].width == 8  # "3.000" a column total, bold, with padding
    assert [len(b.columns) for b in budget_blocks(table(11, 1_500_000_000), ID.millions)] == [6, 5]
    huge = budget_blocks(table(20, 10**16), ID.millions)  # "20.000.000.000" a column total
    assert [len(b.columns) for b in huge] == [4, 4, 4, 4, 4]
    assert [b.last for b in huge] == [False] * 4 + [True]
    assert all(b.min_width <= 120 for b in huge)


def test_column_chart_writes_wide_amounts_upwards() -> None:
    text = ChartText("Anggaran", "Anggaran per tahun")
    narrow = column_chart("c", ["2025", "2026"], [10**9, 2 * 10**9], ID.rupiah_short, text)
    assert "rotate(-90)" not in narrow
    wide = column_chart("c", [str(y) for y in range(2025, 2045)], [10**17] * 20, ID.rupiah_short, text)
    assert wide.count("rotate(-90)") == 20
    assert ">Rp100.000 triliun</text>" in wide
