"""How a table with a column per year fits a page: long periods come in blocks of years.

A masterplan may span 1 to 20 years. Twenty year columns do not fit an A4 page, nor a
desktop browser's column of text, so the tables that have a column per year (the roadmap, the
budget, the indicator targets) are set as one table per block of years, the blocks as even as
can be (11 years: 6 + 5), each block after the first captioned as continued.

Budget amounts are shown exactly (in millions), so their width depends on the plan: a block
holds as many years as its widest amount lets fit the width below, measured in `ch` (the
width of a digit), the unit the templates size those columns in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..views import BudgetTable

MAX_MARK_YEARS = 10  # roadmap columns of marks: a landscape page, and a desktop browser
MAX_TARGET_YEARS = 8  # indicator targets, beside the indicator's name on a portrait page
INDICATOR_CH = 90  # the width of an indicator table (portrait), in digits
INDICATOR_TEXT_CH = 50  # its name, unit and baseline columns
MAX_AMOUNT_YEARS = 12  # budget columns, however short the amounts
TABLE_CH = 120  # the width a budget table may take, in digits of its type
LABEL_CH = 28  # the narrowest the label column (a pillar, an OPD) is left
PADDING_CH = 2  # a cell's padding, both sides


def blocks(count: int, most: int) -> list[range]:
    """Positions 0..count-1 in as few blocks of at most `most` as needed, as even as can be."""
    if count <= 0:
        return [range(0)]
    parts = -(-count // max(most, 1))
    size = -(-count // parts)
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def year_blocks(years: Sequence[int], most: int = MAX_MARK_YEARS) -> list[list[int]]:
    """The years in blocks of at most `most`: `[[2025, …, 2030], [2031, …, 2035]]`."""
    return [[years[i] for i in block] for block in blocks(len(years), most)]


@dataclass(frozen=True)
class Block:
    """Some years of a table: `columns` are positions in the table's years; the last block
    of a budget table carries the totals column."""

    columns: tuple[int, ...]
    last: bool
    width: int  # of a year's column, in ch
    total_width: int  # of the totals column, in ch

    @property
    def min_width(self) -> int:
        """The table's narrowest width in ch: below it, a screen scrolls the table."""
        return LABEL_CH + len(self.columns) * self.width + (self.total_width if self.last else 0)


def _ch(characters: int, least: int) -> int:
    """A column's width for text of `characters` in bold (a tenth wider), with padding."""
    return -(-max(characters, least) * 11 // 10) + PADDING_CH


def budget_blocks(table: BudgetTable, amount: Callable[[int], str]) -> list[Block]:
    """The budget table's years in blocks that fit `TABLE_CH`, with the columns' widths."""
    values = [*table.column_totals, *(v for row in table.rows for v in row.values)]
    width = _ch(max((len(amount(v)) for v in values), default=1), 4)  # the header: a year
    totals = [table.total, *(row.total for row in table.rows)]
    total_width = _ch(max(len(amount(v)) for v in totals), 6)  # the header: "Jumlah"
    fit = (TABLE_CH - LABEL_CH - total_width) // width
    parts = blocks(len(table.years), max(1, min(fit, MAX_AMOUNT_YEARS)))
    return [Block(tuple(part), n == len(parts) - 1, width, total_width) for n, part in enumerate(parts)]


@dataclass(frozen=True)
class Layout:
    """What the templates call: `layout.year_blocks(years)`, `layout.budget_blocks(table)`."""

    amount: Callable[[int], str]  # how a budget table writes an amount

    def year_blocks(self, years: Sequence[int], most: int = MAX_MARK_YEARS) -> list[list[int]]:
        return year_blocks(years, most)

    def target_blocks(self, targets: Sequence[Sequence[str | None]]) -> list[Block]:
        """Blocks of an indicator table's target years; `targets`: its rows' targets."""
        width = _ch(max((len(t) for row in targets for t in row if t), default=1), 4)
        fit = max(1, min((INDICATOR_CH - INDICATOR_TEXT_CH) // width, MAX_TARGET_YEARS))
        parts = blocks(len(targets[0]) if targets else 0, fit)
        return [Block(tuple(part), n == len(parts) - 1, width, 0) for n, part in enumerate(parts)]

    def budget_blocks(self, table: BudgetTable) -> list[Block]:
        return budget_blocks(table, self.amount)


__all__ = ["Block", "Layout", "blocks", "budget_blocks", "year_blocks"]
