"""`masterplan export xlsx`: the plan as a workbook for OPD staff to fill in."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import EXIT_OK, EXIT_PROBLEMS
from ..l10n import _, ngettext


def export_xlsx(root: Path, out: Path, opd: str | None, language: str | None) -> int:
    from ..bilingual import localized
    from ..checker import check_repository
    from ..output import write_atomic
    from ..reporters import REPORTER_BY_NAME
    from ..spreadsheet.export import export_rows, workbook_bytes

    plan, report = check_repository(root)
    if plan is None or report.errors or plan.partial or plan.masterplan.city is None:
        REPORTER_BY_NAME["text"](report, sys.stdout, "", environ=os.environ)
        print(_("Nothing was exported: fix the problems above and export again."), file=sys.stderr)
        return EXIT_PROBLEMS
    language = language or plan.language
    # the texts in the workbook's language: `import xlsx` writes them back into it
    rows = export_rows(localized(plan, language), opd)
    data = workbook_bytes(rows, language, plan.masterplan.city.name)
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
