"""`masterplan check`: every problem of a city repository, in the chosen format."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import EXIT_OK, EXIT_PROBLEMS


def run(path: Path, format_name: str, strict: bool, language: str | None = None) -> int:
    from ..checker import check_repository
    from ..reporters import REPORTER_BY_NAME

    name = _pick_format(format_name)
    _, report = check_repository(path, language=language)
    prefix = "" if name == "text" else _display_prefix(path)
    REPORTER_BY_NAME[name](report, sys.stdout, prefix, environ=os.environ)
    return EXIT_PROBLEMS if report.failed(strict=strict) else EXIT_OK


def _pick_format(name: str) -> str:
    if name == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return name


def _display_prefix(path: Path) -> str:
    """How the repository's files are named in annotations: relative to the working folder."""
    try:
        relative = os.path.relpath(path.resolve(), Path.cwd())
    except ValueError:  # another drive on Windows
        return path.resolve().as_posix() + "/"
    return "" if relative == "." else Path(relative).as_posix() + "/"
