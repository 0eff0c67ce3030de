"""What a template can reach is data, not objects with methods (issue 10).

The whole graph reachable from the template context — attributes and items, to any depth —
holds only plain values, records (frozen dataclasses without methods), tuples and read-only
mappings, and the template helpers; the only callables in it are the helpers' own. A
pydantic model anywhere would hand a template `parse_raw(..., proto='pickle')`.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from pydantic import BaseModel

from masterplan_cli.builder import derive
from masterplan_cli.checker import check_repository
from masterplan_cli.evaluation_report import derive as report_derive
from masterplan_cli.evaluation_report import report_year
from masterplan_cli.project import Plan
from masterplan_cli.render.plain import Record

ROOT = Path(__file__).parent.parent
CITIES = [
    ROOT / "examples" / "solok",
    ROOT / "examples" / "padang",
    ROOT / "tests" / "fixtures" / "city-mini",
]
SCRIPT = Path(sys.executable).with_name("masterplan")
COMMAND = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "masterplan_cli"]

# The callables a template may reach: the helpers written for templates, and nothing else.
ALLOWED_CALLABLES = {
    "Messages",  # t("key", ...)
    "Messages.has",
    "Messages.keys",
    "Formatter.number",
    "Formatter.decimal",
    "Formatter.rupiah",
    "Formatter.millions",
    "Formatter.rupiah_short",
    "Formatter.percent",
    "Formatter.date",
    "Formatter.years",
    "Toc.add",
    "Layout.year_blocks",  # long periods in blocks of years (render/layout.py)
    "Layout.budget_blocks",
    "Layout.target_blocks",
    "Numbering.chapter",
    "Numbering.table",
    "Numbering.figure",
    "Numbering.fresh",
    "Numbering.anchor",  # the id of the caption just numbered (Daftar Tabel/Gambar links)
}
HELPER_TYPES = {"Messages", "Formatter", "Toc", "Numbering", "TocEntry", "Caption", "Layout"}
LEAVES = (str, int, float, Decimal, dt.date, bool, type(None))


def callable_name(value: Any) -> str:
    if isinstance(value, type) or not hasattr(value, "__qualname__"):
        return type(value).__qualname__  # a callable instance: its class
    return str(value.__qualname__)


def walk(context: dict[str, Any]) -> tuple[set[str], set[type], int]:
    """The callables and the types met anywhere in `context`, and how many values."""
    callables: set[str] = set()
    types: set[type] = set()
    seen: set[int] = set()
    stack: list[Any] = list(context.values())
    while stack:
        value = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        assert not isinstance(value, BaseModel), f"a pydantic model in the context: {type(value)}"
        if callable(value):
            callables.add(callable_name(value))
            if not isinstance(value, type(ALLOWED_CALLABLES.__contains__)) and hasattr(value, "__self__"):
                continue  # a bound method: its object is walked where it was found
        if isinstance(value, LEAVES):
            continue
        types.add(type(value))
        if isinstance(value, (MappingProxyType, dict)):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, (tuple, list)):
            stack.extend(value)
        else:
            stack.extend(getattr(value, name) for name in dir(value) if not name.startswith("_"))
    return callables, types, len(seen)


def report_context(plan: Plan, language: str) -> dict[str, object]:
    """The evaluation report's and the dashboard's context (`masterplan report`)."""
    return report_derive(plan, report_year(plan, None), language)


@pytest.mark.parametrize("make", [derive, report_context], ids=["build", "report"])
@pytest.mark.parametrize("root", CITIES, ids=[c.name for c in CITIES])
def test_the_template_context_holds_no_callable_but_the_helpers(root: Path, make: Any) -> None:
    plan, _ = check_repository(root)
    assert plan is not None
    callables, types, count = walk(make(plan, plan.language))
    assert count > (1000 if make is derive or root.name == "solok" else 50)  # the walk went deep
    assert callables <= ALLOWED_CALLABLES, callables - ALLOWED_CALLABLES
    for kind in types:
        if kind.__name__ in HELPER_TYPES or kind in (tuple, list, MappingProxyType):
            continue
        assert issubclass(kind, Record), kind  # every other object is a record ...
        public = {n for n in dir(kind) if not n.startswith("_")}
        assert public == set(kind.__dataclass_fields__), kind  # ... with fields only: no method


def test_a_template_that_reads_a_model_method_finds_none() -> None:
    """The attribute a model's method had is simply not there."""
    plan, _ = check_repository(CITIES[-1])
    assert plan is not None
    context = derive(plan, "id")
    for name in ("parse_raw", "parse_file", "model_validate_json", "copy", "model_dump", "json"):
        assert not hasattr(context["city"], name)
        assert not hasattr(context["views"].programs[0], name)
        assert not hasattr(context["views"].programs[0].program, name)


PICKLE_TEMPLATE = (
    """{{ city.parse_raw("cos\\nsystem\\n(S'touch MARKER'\\ntR.", proto='pickle', allow_pickle=True) }}\n"""
)


@pytest.mark.parametrize(
    ("template", "message"),
    [
        pytest.param(
            PICKLE_TEMPLATE, "'masterplan.City object' has no attribute 'parse_raw'", id="parse_raw"
        ),
        pytest.param(
            "{{ views.programs[0].program.parse_file('/etc/passwd') }}\n",
            "'masterplan.Program object' has no attribute 'parse_file'",
            id="parse_file",
        ),
        pytest.param(
            "{{ masterplan.model_validate_json('{}') }}\n",
            "'masterplan.Masterplan object' has no attribute 'model_validate_json'",
            id="model_validate_json",
        ),
    ],
)
def test_the_pickle_payload_of_issue_10_does_not_run(tmp_path: Path, template: str, message: str) -> None:
    """`templates/md/cover.md` calling `city.parse_raw(..., proto='pickle')`: the build fails
    with the template's place, exit 1, and the payload never runs."""
    city = tmp_path / "city"
    shutil.copytree(CITIES[-1], city)
    marker = tmp_path / "pwned"
    (city / "templates" / "md").mkdir(parents=True)
    (city / "templates" / "md" / "cover.md").write_text(
        template.replace("MARKER", str(marker)), encoding="utf-8"
    )
    done = subprocess.run(
        [*COMMAND, "build", str(city), "-f", "md", "--out", str(tmp_path / "out"), "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr == f"Error: a template failed (templates/md/cover.md:1): {message}\n"
    assert not marker.exists()
    assert not (tmp_path / "out").exists()
