"""Where the built-in templates live: inside the installed package, or in the source tree.

A wheel ships the top-level `templates/` folder as `masterplan_cli/templates` (pyproject's
force-include); an editable install runs from `src/`, with the folder at the repository root.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .l10n import _

PACKAGE = Path(__file__).resolve().parent


@cache
def templates_dir() -> Path:
    for candidate in (PACKAGE / "templates", PACKAGE.parent.parent / "templates"):
        if (candidate / "messages").is_dir():
            return candidate
    raise FileNotFoundError(
        _("the built-in templates are missing from this installation of masterplan; reinstall it")
    )
