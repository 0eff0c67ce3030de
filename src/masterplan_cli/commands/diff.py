"""`masterplan diff`: two versions of a city repository compared as plans (`differ.py`), shown
in the format asked for (`diff_report.py`)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import EXIT_OK, EXIT_PROBLEMS


def run(old: Path | None, new: Path | None, revision: str | None, format_name: str, exit_code: bool) -> int:
    """Compare folders `old` and `new`, or the folder `old` at git `revision` with its work tree."""
    from ..diff_report import FORMATS
    from ..differ import diff_repositories, diff_revision
    from ..terminal import guarded

    if revision is not None:
        result = diff_revision(old or Path("."), revision)
    else:
        assert old is not None and new is not None  # cli.py asks for both
        result = diff_repositories(old, new)
    sys.stdout.write(guarded(FORMATS[format_name](result)))  # no line a CI runner runs
    return EXIT_PROBLEMS if exit_code and result.has_changes else EXIT_OK
