"""The Markdown edition's tables hold for any period: a column per year comes in blocks, as in
the HTML, each block a table of its own whose caption is not swallowed by the table before it,
and a roadmap term's table has the years its programs run in, not the whole period's."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from layout_city import write_city
from masterplan_cli.builder import build
from masterplan_cli.render.layout import MAX_AMOUNT_YEARS, MAX_MARK_YEARS, MAX_TARGET_YEARS

YEAR = re.compile(r"\b(19|20)\d\d$")


def _tables(markdown: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """Each table as (the paragraph before it, its header cells, its body rows' cells)."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    tables, before = [], ""
    for i, token in enumerate(tokens):
        if token.type == "inline" and tokens[i - 1].type == "paragraph_open":
            before = token.content
        if token.type == "table_open":
            rows = _rows(tokens, i)
            tables.append((before, rows[0], rows[1:]))
    return tables


def _rows(tokens: list[Token], start: int) -> list[list[str]]:
    rows: list[list[str]] = []
    for token in tokens[start:]:
        if token.type == "table_close":
            return rows
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline":
            rows[-1].append(token.content)
    raise AssertionError("a table without its end")


@pytest.fixture(scope="module", params=[5, 11, 20])
def markdown(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str]:
    root = write_city(tmp_path_factory.mktemp(f"city-{request.param}"), years=request.param)
    path = build(root, formats=["md"], out_dir=root / "dist").files[0].path
    return request.param, path.read_text(encoding="utf-8")


def test_no_caption_or_paragraph_is_read_as_a_table_row(markdown: tuple[int, str]) -> None:
    _, text = markdown
    for _, header, rows in _tables(text):
        for cells in [header, *rows]:
            assert not cells[0].startswith(("**Tabel", "*Sumber", "**Table", "*Source")), cells


def test_a_table_has_no_more_year_columns_than_a_block(markdown: tuple[int, str]) -> None:
    years, text = markdown
    most = {"Anggaran": MAX_AMOUNT_YEARS, "Indikator": MAX_TARGET_YEARS, "Program": MAX_MARK_YEARS}
    for caption, header, _ in _tables(text):
        year_columns = [cell for cell in header if YEAR.search(cell)]
        kind = next((k for k in most if k in caption), None)
        if kind:
            assert len(year_columns) <= most[kind], (caption, header)
    # and every year of the period is in the budget by pillar, once
    budget = [h for caption, h, _ in _tables(text) if caption.startswith("**Tabel 8.1**")]
    shown = [int(cell) for header in budget for cell in header if YEAR.search(cell)]
    assert shown == list(range(2025, 2025 + years))
    if years > MAX_AMOUNT_YEARS:
        assert len(budget) > 1


def test_a_roadmap_term_shows_the_years_its_programs_run_in(markdown: tuple[int, str]) -> None:
    _, text = markdown
    for caption, header, rows in _tables(text):
        if "Program Jangka" not in caption:
            continue
        year_columns = [i for i, cell in enumerate(header) if YEAR.search(cell)]
        marked = {i for row in rows for i in year_columns if row[i]}
        # the first and the last year column each mark some program: no empty edge years
        assert year_columns[0] in marked and year_columns[-1] in marked, (caption, header)
