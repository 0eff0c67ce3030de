"""`masterplan build`: the document from a city repository, with progress and a summary."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EXIT_OK, EXIT_PROBLEMS
from ..l10n import _

if TYPE_CHECKING:
    from ..builder import BuildResult
    from ..render.isolation import Progress


def run(
    path: Path,
    formats: list[str],
    out: Path | None,
    language: str | None,
    strict: bool,
    books: bool = False,
    quiet: bool = False,
    use_cache: bool = True,
) -> int:
    from ..builder import build

    return shown(
        lambda progress: build(
            path,
            formats=formats,
            out_dir=out,
            language=language,
            strict=strict,
            books=books,
            progress=progress,
            use_cache=use_cache,
        ),
        quiet=quiet,
    )


def shown(make: Callable[[Progress], BuildResult], quiet: bool = False) -> int:
    """Run a build (`build`, `report`) with progress on the terminal, then show what it wrote,
    or the problems that refused it."""
    from ..build_report import TerminalProgress, print_summary
    from ..builder import BuildRefused
    from ..reporters import REPORTER_BY_NAME

    try:
        result = make(TerminalProgress(quiet=quiet))
    except BuildRefused as refused:  # not an error message: the report says what is wrong
        REPORTER_BY_NAME["text"](refused.report, sys.stdout, "", environ=os.environ)
        print(_("Nothing was built: fix the problems above and build again."), file=sys.stderr)
        return EXIT_PROBLEMS
    if result.report.diagnostics:
        REPORTER_BY_NAME["text"](result.report, sys.stdout, "", environ=os.environ)
    print_summary(result, sys.stdout)
    return EXIT_OK
