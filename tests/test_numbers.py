"""Every number the schema accepts renders.

A rating score or an indicator value of 1e25 passed `check --strict`, then made `build` exit 3
(`decimal.InvalidOperation` in Babel). The bounds now live in the schema (`MAX_AMOUNT`), and
whatever the schema accepts goes through the one formatter (`i18n.Formatter`) in both languages.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from conftest import MINI, masterplan
from masterplan_cli.i18n import Formatter
from masterplan_cli.project import MAX_PROGRAMS
from masterplan_cli.schema.common import FIRST_YEAR, LAST_YEAR, MAX_AMOUNT, Number, Rupiah

NUMBER: TypeAdapter[float] = TypeAdapter(Number)
RUPIAH: TypeAdapter[int] = TypeAdapter(Rupiah)
FORMATTERS = [Formatter("id"), Formatter("en")]
# the most a sum of rupiah can reach: every program at the maximum in every year
MAX_SUM = MAX_PROGRAMS * (LAST_YEAR - FIRST_YEAR + 1) * MAX_AMOUNT

ANY_NUMBER = st.one_of(
    st.floats(),
    st.floats(min_value=-2 * MAX_AMOUNT, max_value=2 * MAX_AMOUNT),
    st.integers(),
    st.integers(min_value=-2 * MAX_AMOUNT, max_value=2 * MAX_AMOUNT),
    st.decimals(allow_nan=False, allow_infinity=False).map(float),
)


@settings(deadline=None)  # Babel's first call in a process loads its locale data
@given(ANY_NUMBER)
@example(1e25)
@example(MAX_AMOUNT)
@example(-MAX_AMOUNT)
@example(float(MAX_AMOUNT))
@example(5e-324)
@example(-0.0)
@example(123456789.98765432)
def test_every_number_the_schema_accepts_formats(value: float) -> None:
    try:
        accepted = NUMBER.validate_python(value)
    except ValidationError:
        assert not -MAX_AMOUNT <= value <= MAX_AMOUNT or value != value  # refused: out of range or NaN
        return
    for fmt in FORMATTERS:
        assert fmt.number(accepted) and fmt.decimal(accepted)


@given(
    st.integers(min_value=0, max_value=MAX_AMOUNT), st.integers(min_value=1, max_value=MAX_SUM // MAX_AMOUNT)
)
@example(MAX_AMOUNT, MAX_SUM // MAX_AMOUNT)
def test_every_amount_and_every_sum_of_amounts_formats(amount: int, times: int) -> None:
    RUPIAH.validate_python(amount)
    total = amount * times
    for fmt in FORMATTERS:
        for value in (amount, total):
            assert fmt.rupiah(value) and fmt.millions(value) and fmt.rupiah_short(value)
        assert fmt.percent(amount / total if total else 0.0)


@pytest.mark.parametrize("value", [1e25, 10**16 + 1, -1.5e16, 1e308])
def test_a_number_too_large_is_refused_by_the_schema(value: float) -> None:
    with pytest.raises(ValidationError, match="10000000000000000"):
        NUMBER.validate_python(value)


def test_the_largest_numbers_build(tmp_path: Path) -> None:
    """Through the CLI: the largest accepted score and indicator values build (exit 0)."""
    root = tmp_path / "city"
    shutil.copytree(MINI, root)
    data = yaml.safe_load((root / "masterplan.yaml").read_text(encoding="utf-8"))
    data["ratings"] = [{"source": "Indeks SPBE", "year": 2023, "result": "Baik", "score": float(MAX_AMOUNT)}]
    (root / "masterplan.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    pillar = next((root / "pillars").glob("*.yaml"))
    data = yaml.safe_load(pillar.read_text(encoding="utf-8"))
    start = yaml.safe_load((root / "masterplan.yaml").read_text(encoding="utf-8"))["period"]["start"]
    data["indicators"] = [
        {
            "id": "MAX-I1",
            "name": "Nilai terbesar",
            "baseline": {"year": start, "value": -MAX_AMOUNT},
            "targets": {start: MAX_AMOUNT, start + 1: 0.001},
        }
    ]
    pillar.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, output = masterplan("build", str(root), "-f", "md", "-f", "html", "--out", str(tmp_path / "out"))
    assert code == 0, output
    markdown = (tmp_path / "out" / "masterplan.md").read_text(encoding="utf-8")
    assert "10.000.000.000.000.000" in markdown and "−10.000.000.000.000.000" in markdown.replace("-", "−")
