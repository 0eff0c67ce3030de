"""`masterplan report`: the yearly evaluation report and the forum dashboard."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import EXIT_OK, EXIT_PROBLEMS


def run(
    path: Path, formats: list[str], year: int | None, out: Path | None, language: str | None, strict: bool
) -> int:
    from ..build_report import TerminalProgress, print_summary
    from ..builder import BuildRefused
    from ..evaluation_report import report
    from ..reporters import REPORTER_BY_NAME

    try:
        result = report(
            path,
            year=year,
            formats=formats,
            out_dir=out,
            language=language,
            strict=strict,
            progress=TerminalProgress(),
        )
    except BuildRefused as refused:  # not an error message: the report says what is wrong
        REPORTER_BY_NAME["text"](refused.report, sys.stdout, "", environ=os.environ)
        print("Nothing was built: fix the problems above and build again.", file=sys.stderr)
        return EXIT_PROBLEMS
    if result.report.diagnostics:
        REPORTER_BY_NAME["text"](result.report, sys.stdout, "", environ=os.environ)
    print_summary(result, sys.stdout)
    return EXIT_OK
