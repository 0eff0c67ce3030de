"""`masterplan check`: load, validate and cross-check a repository; the report of every problem."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .bilingual import untranslated
from .checks import run_checks
from .diagnostics import Report
from .project import Plan, gc_paused, load_repository
from .review import loaded


def check_repository(
    root: Path, replaced: Mapping[str, str] | None = None, language: str | None = None, progress: bool = True
) -> tuple[Plan | None, Report]:
    """`replaced`: the would-be text of some files, checked instead of what is on disk;
    `language`: the document's, whose missing texts are reported (default: the city's), those
    of the progress files with `progress` (a masterplan's build does not show them)."""
    with gc_paused():  # the checks allocate little; a collection would walk every loaded Node
        plan, report = load_repository(root, replaced)
        if plan is not None:
            report.extend(run_checks(plan))
            previous = loaded(plan)
            if previous:  # the previous programs file's own problems: YAML, schema
                report.extend(previous.diagnostics)
                report.sources.update(previous.sources)
                report.files_checked += len(previous.sources)
            report.extend(untranslated(plan, language, progress, previous))
    return plan, report
