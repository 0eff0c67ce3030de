"""`masterplan check`: load, validate and cross-check a repository; the report of every problem."""

from __future__ import annotations

from pathlib import Path

from .checks import run_checks
from .diagnostics import Report
from .project import Plan, gc_paused, load_repository


def check_repository(root: Path) -> tuple[Plan | None, Report]:
    with gc_paused():  # the checks allocate little; a collection would walk every loaded Node
        plan, report = load_repository(root)
        if plan is not None:
            report.extend(run_checks(plan))
    return plan, report
