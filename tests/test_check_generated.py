"""The synthetic city of benchmarks/generate.py is clean under `check --strict`, and the same
seed always writes the same files."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from masterplan_cli.checker import check_repository
from masterplan_cli.cli import run

GENERATE = Path(__file__).parent.parent / "benchmarks" / "generate.py"


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_generate", GENERATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("opds", "programs", "seed"), [(5, 40, 0), (1, 6, 1), (7, 60, 42)])
def test_generated_city_is_strict_clean(
    tmp_path: Path, opds: int, programs: int, seed: int, capsys: pytest.CaptureFixture[str]
) -> None:
    root = load_generator().generate_city(tmp_path / "city", opds=opds, programs=programs, seed=seed)
    plan, report = check_repository(root)
    assert report.sorted() == []
    assert plan is not None and len(plan.programs) == programs and len(plan.opds) == opds
    assert any(entry.program.depends_on for entry in plan.programs) or programs < 10
    assert run(["check", str(root), "--strict"]) == 0
    assert capsys.readouterr().out == f"No problems in {opds + 7} files.\n"


def test_generation_is_deterministic(tmp_path: Path) -> None:
    generate = load_generator().generate_city
    first = files(generate(tmp_path / "a", opds=3, programs=20, seed=7))
    assert files(generate(tmp_path / "b", opds=3, programs=20, seed=7)) == first
    assert files(generate(tmp_path / "c", opds=3, programs=20, seed=8)) != first


def test_too_few_programs_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="a program for every OPD and every pillar"):
        load_generator().generate_city(tmp_path, opds=10, programs=5)
