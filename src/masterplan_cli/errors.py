"""The one family of errors a user can fix, and the exit codes.

Code that finds such a problem raises a `MasterplanError` (or a subclass) with a message that
says what is wrong and how to fix it; `cli.run` catches it in one place, prints `Error: ...`
and exits with the error's code (pre-commit's `FatalError` and `error_handler` do the same).
Anything else that escapes is a bug: exit 3, "please report".
"""

from __future__ import annotations

from . import __version__
from .l10n import _

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
ISSUES_URL = "https://github.com/masterplan-cli/masterplan/issues"


def internal_error() -> str:
    """What is said of a bug, by `cli.run` and on the page of `masterplan serve`."""
    return _("masterplan {version}: internal error. This is a bug; please report it at {issues_url}").format(
        version=__version__, issues_url=ISSUES_URL
    )


class MasterplanError(Exception):
    """A problem the user can fix; the message says what and how."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(MasterplanError):
    """The command was asked for something it cannot do as asked (exit 2, as typer's own)."""

    exit_code = EXIT_USAGE
