"""`masterplan import xlsx`: a filled workbook back into the YAML files, all or nothing."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..errors import EXIT_OK, EXIT_PROBLEMS
from ..l10n import _, ngettext
from ..reporters import hint_label

if TYPE_CHECKING:
    from ..spreadsheet.import_ import Problem


def import_xlsx(workbook: Path, root: Path) -> int:
    from ..checker import check_repository
    from ..diff_report import as_text
    from ..reporters import REPORTER_BY_NAME
    from ..spreadsheet.guard import WorkbookRefused
    from ..spreadsheet.import_ import Problem, import_workbook, write
    from ..terminal import printable

    plan, report = check_repository(root)
    if plan is None or report.errors or plan.partial:
        REPORTER_BY_NAME["text"](report, sys.stdout, "", environ=os.environ)
        print(_("Nothing was imported: the repository has errors; fix them first."), file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        result = import_workbook(root.resolve(), workbook, plan)
    except WorkbookRefused as refused:
        show(
            [
                Problem(
                    workbook.name,
                    "MP280",
                    str(refused),
                    _("save it as a plain .xlsx workbook, or export a fresh one"),
                )
            ],
            sys.stdout,
        )
        print(_("Nothing was imported."), file=sys.stderr)
        return EXIT_PROBLEMS
    show(result.problems, sys.stdout)
    if result.failed:
        print(_("Nothing was imported: fix the problems above and import again."), file=sys.stderr)
        return EXIT_PROBLEMS
    if not result.files:
        print(_("No changes: the workbook agrees with the repository."))
        return EXIT_OK
    assert result.diff is not None
    sys.stdout.write(as_text(result.diff))
    write(root, result.files)
    for path in result.files:
        print(_("wrote {path}").format(path=printable(path)))  # a file name of the repository
    return EXIT_OK


def show(problems: list[Problem], stream: TextIO) -> None:
    for problem in problems:
        stream.write(f"{problem.where}: {problem.code} {problem.message}\n")
        if problem.hint:
            stream.write(f"  {hint_label()} {problem.hint}\n")
    if problems:
        errors = sum(1 for p in problems if p.severity.value == "error")
        warnings = len(problems) - errors
        counts = (
            ngettext("{count} error", "{count} errors", errors).format(count=errors),
            ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings),
        )
        stream.write(", ".join(counts) + ".\n")
