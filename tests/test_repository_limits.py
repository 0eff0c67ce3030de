"""The cost of a whole repository is bounded, not only each file's (MP021).

Per-file limits let ten 4 MiB OPD files take 3.3 GB to check; the sum of the YAML files'
sizes is now refused before any is parsed (tests/cases/repository-too-large), and programs
past `MAX_PROGRAMS` are neither validated nor, in later files, parsed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import MINI, masterplan
from masterplan_cli import project


def test_programs_past_the_limit_are_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "city"
    shutil.copytree(MINI, root)
    count = sum(
        len(yaml.safe_load(p.read_text(encoding="utf-8"))["programs"]) for p in root.glob("opd/*.yaml")
    )
    monkeypatch.setattr(project, "MAX_PROGRAMS", count - 2)
    code, output = masterplan("check", str(root))
    assert code == 1
    assert output.count("MP021") == 1
    assert (
        f"the repository holds more than {count - 2:,} programs: this one and those after it are not read"
        in output
    )


def test_the_benchmark_city_is_far_under_the_limits() -> None:
    """The largest city we know (100 OPDs, 2,000 programs) must pass several times over."""
    assert project.MAX_REPOSITORY_BYTES >= 5 * 2_691_275  # its YAML, in bytes
    assert project.MAX_PROGRAMS >= 5 * 2_000 and project.MAX_FILES >= 5 * 107
