"""Positions: a pydantic error's `loc` and a cross-file finding map to the exact line and
column of the YAML node, counted in characters (not bytes) from 1."""

from __future__ import annotations

import pytest

from masterplan_cli.diagnostics import Diagnostic, place
from masterplan_cli.loader import load_text
from masterplan_cli.project import locate
from masterplan_cli.schema import OpdFile, Program
from masterplan_cli.validation import rupiah, validate


def diagnostics(text: str, model: type = OpdFile) -> list[Diagnostic]:
    loaded = load_text("opd/x.yaml", text)
    assert loaded.ok, loaded.diagnostics
    result, found = validate(model, loaded)
    assert result is None
    return found


def program(index: int, extra: str = "") -> str:
    return f"  - id: X-0{index}\n    name: Program {index}\n    pillar: governance\n    start: 2024\n{extra}"


DEEP = (
    "id: x\n"  # 1
    "name: Dinas X\n"  # 2
    "programs:\n"  # 3
    + program(0)  # 4-7
    + program(1)  # 8-11
    + program(2)  # 12-15
    + program(
        3,
        "    indicators:\n"  # 20
        "      - {id: I-1, name: Satu, targets: {2025: 10}}\n"  # 21
        "      - id: I-2\n"  # 22
        "        name: Dua\n"  # 23
        "        targets:\n"  # 24
        "          2025: 10\n"  # 25
        '          "2026": 20\n'  # 26
        "          2027: dua puluh\n",  # 27
    )  # 16-27
)


def test_error_deep_in_the_fourth_program() -> None:
    found = [(d.line, d.column, d.message) for d in diagnostics(DEEP)]
    assert found == [
        (
            26,
            11,
            'X-03 › I-2 › targets › 2026: expected a whole number, got the quoted text "2026"',
        ),
        (
            27,
            17,
            'X-03 › I-2 › targets › 2027: expected a number, got the text "dua puluh"',
        ),
    ]


def test_error_deep_in_a_program_validated_on_its_own() -> None:
    """project.py validates each program by itself (`at=("programs", 3)`); the positions and
    field names are the same as when the whole file is validated."""
    loaded = load_text("opd/x.yaml", DEEP)
    _, found = validate(Program, loaded, loaded.data["programs"][3], ("programs", 3))
    assert [(d.line, d.column, d.message) for d in found] == [
        (d.line, d.column, d.message) for d in diagnostics(DEEP)
    ]


def test_flow_mapping_value() -> None:
    text = "id: x\nname: Dinas X\nprograms:\n" + program(0, "    budget: {2024: -5}\n")
    [found] = diagnostics(text)
    assert (found.line, found.column, found.end_column) == (8, 20, 22)
    assert found.message == "X-00 › budget › 2024: -5 must be at least 0"


def test_flow_mapping_key() -> None:
    text = "id: x\nname: Dinas X\nprograms:\n" + program(0, '    budget: {2024: 5, "2025": 6}\n')
    [found] = diagnostics(text)
    assert (found.line, found.column) == (8, 23)
    assert found.message == 'X-00 › budget › 2025: expected a whole number, got the quoted text "2025"'


@pytest.mark.parametrize(
    ("before", "column"),
    [
        pytest.param("namé", 22, id="accented letter (2 bytes in UTF-8)"),
        pytest.param("pilar_ü_ö_ä", 29, id="three 2-byte letters"),
        pytest.param("目標", 20, id="CJK (3 bytes each)"),
        pytest.param("😀", 19, id="emoji outside the BMP (4 bytes)"),
    ],
)
def test_columns_count_characters_not_bytes(before: str, column: int) -> None:
    text = f'id: x\nname: Dinas X\nprograms:\n  - {{{before}: 1, start: "2024"}}\n'
    found = {d.message.split(":")[0]: d for d in diagnostics(text)}
    start = found["programs › 1 › start"]
    assert (start.line, start.column) == (4, column)
    assert text.splitlines()[3][column - 1 : column + 5] == '"2024"'
    unknown = found[f"unknown key `{before}`"]
    assert (unknown.line, unknown.column) == (4, 6)


def test_columns_after_a_bom_and_in_crlf_files() -> None:
    text = "\ufeffid: x\r\nname: Dinas X\r\nprograms:\r\n  - {namé: 1, start: x}\r\n"
    loaded = load_text("opd/x.yaml", text.removeprefix("\ufeff"))
    _, found = validate(OpdFile, loaded)
    assert [(d.line, d.column) for d in found if "start" in d.message] == [(4, 22)]


def test_missing_key_points_at_the_mapping_that_lacks_it() -> None:
    text = "id: x\nname: Dinas X\nprograms:\n  - id: X-01\n    name: Satu\n    start: 2024\n"
    [found] = diagnostics(text)
    assert (found.line, found.column, found.code) == (4, 5, "MP102")
    assert found.message == "missing required key `pillar` in X-01"


def test_unknown_key_points_at_the_key_with_its_width() -> None:
    text = "id: x\nname: Dinas X\nprograms:\n" + program(0, "    anggaran: {2024: 1}\n")
    [found] = diagnostics(text)
    assert (found.line, found.column, found.end_column, found.code) == (8, 5, 13, "MP101")


def test_error_in_a_block_scalar_points_at_its_indicator() -> None:
    text = "id: x\nname: |\n  Dinas\n  X\nprograms:\n" + program(0, "    quick_win: |\n      yes\n")
    [found] = diagnostics(text)
    assert (found.line, found.column) == (10, 16)


def test_locate_finds_years_as_keys_and_as_values() -> None:
    loaded = load_text("opd/x.yaml", DEEP)
    loc = ("programs", 3, "indicators", 1, "targets", 2025)
    assert locate(loaded, loc) == (25, 17, 19)
    assert locate(loaded, loc, key=True) == (25, 11, 15)
    assert locate(loaded, ("programs", 3, "indicators", 0, "targets", 2025), key=True) == (
        21,
        41,
        45,
    )
    # a missing value: the deepest node that exists
    assert locate(loaded, ("programs", 3, "indicators", 1, "baseline", "year"))[:2] == (22, 9)
    assert locate(loaded, ("programs", 9, "start"))[:2] == (4, 3)


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("Rp 1.500.000.000", 1_500_000_000),
        ("Rp1.500.000.000,-", None),  # not a form the hint guesses at
        ("1,5 miliar", 1_500_000_000),
        ("1,5 Milyar", 1_500_000_000),
        ("Rp 350 juta", 350_000_000),
        ("1,500,000,000", 1_500_000_000),
        ("2.5 triliun", 2_500_000_000_000),
        ("1,2345 ribu", None),  # not a whole number of rupiah
        ("5 M", None),  # million or miliar: not guessed
        ("sepuluh juta", None),
        ("9" * 40, None),
    ],
)
def test_rupiah_as_people_write_it(written: str, amount: int | None) -> None:
    assert rupiah(written) == amount


def test_places_name_items_by_id_or_count_from_one() -> None:
    data = {"programs": [{"name": "x"}, {"id": "DINKES-02", "budget": {2022: "x"}}], "missions": ["a"]}
    assert place(data, ("programs", 1, "budget", 2022)) == "DINKES-02 › budget › 2022"
    assert place(data, ("programs", 0, "name")) == "programs › 1 › name"
    assert place(data, ("missions", 0)) == "missions › 1"
