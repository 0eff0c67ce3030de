"""`masterplan export xlsx`: the plan as a workbook for OPD staff to fill in."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..l10n import _, ngettext

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def export_xlsx(root: Path, out: Path, opd: str | None, language: str | None) -> int:
    from ..bilingual import localized
    from ..checker import check_repository
    from ..output import write_atomic
    from ..reporters import REPORTER_BY_NAME
    from ..spreadsheet.export import ExportError, export_rows, workbook_bytes

    plan, report = check_repository(root)
    if plan is None or report.errors or plan.partial or plan.masterplan.city is None:
        REPORTER_BY_NAME["text"](report, sys.stdout, "", environ=os.environ)
        print(_("Nothing was exported: fix the problems above and export again."), file=sys.stderr)
        return EXIT_PROBLEMS
    language = language or plan.language
    try:  # the texts in the workbook's language: `import xlsx` writes them back into it
        rows = export_rows(localized(plan, language), opd)
    except ExportError as error:
        print(_("Error: {error}").format(error=error), file=sys.stderr)
        return EXIT_USAGE
    try:
        data = workbook_bytes(rows, language, plan.masterplan.city.name)
    except ExportError as error:
        print(_("Error: {error}. Nothing was exported.").format(error=error), file=sys.stderr)
        return EXIT_PROBLEMS
    write_atomic(out, data)
    count = len(rows.sheets["programs"])
    print(
        ngettext(
            "wrote {out} ({count} program, {size:,} bytes)",
            "wrote {out} ({count} programs, {size:,} bytes)",
            count,
        ).format(out=out, count=count, size=len(data))
    )
    return EXIT_OK
