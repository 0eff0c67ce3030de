"""typer's and click's own words (`Usage:`, `Options`, `Missing argument 'PATH'.`) in the
chosen language, like the rest of what the command line says.

typer names the sections of `--help` through gettext (`typer.core._`): pointed at our
catalogue. The click that typer vendors writes `Usage: `, the help option's text and its
usage errors as fixed English: the first two are replaced where click builds them, and a
usage error is shown by `show_usage_error` with its frame and its common messages
translated. These are typer's internals (pinned in the lock): should one move, the text
stays English and `tests/test_l10n.py` says so; nothing breaks.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import typer
import typer.core

from .l10n import N_, _

# typer's own msgids, for the catalogue (typer.core looks them up through `_`)
_TYPER_WORDS = (
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Aborted!"),
)
# click's usage errors, as click words them, and the same in the catalogue
_CLICK_ERRORS = (
    (re.compile(r"Invalid value for (.+?): (.*)", re.DOTALL), N_("Invalid value for {0}: {1}")),
    (re.compile(r"Missing argument (.+)\.", re.DOTALL), N_("Missing argument {0}.")),
    (re.compile(r"Missing option (.+)\.", re.DOTALL), N_("Missing option {0}.")),
    (re.compile(r"No such option: (\S+)", re.DOTALL), N_("No such option: {0}")),
    (re.compile(r"No such command (.+)\.", re.DOTALL), N_("No such command {0}.")),
    (
        re.compile(r"Got unexpected extra arguments? \((.*)\)", re.DOTALL),
        N_("Got unexpected extra argument ({0})"),
    ),
    (re.compile(r"Value error, (.+)", re.DOTALL), N_("Value error, {0}")),
    (re.compile(r"(.+) Did you mean (.+)\?", re.DOTALL), N_("{0} Did you mean {1}?")),
    (re.compile(r"(.+) is not one of (.+)\.", re.DOTALL), N_("{0} is not one of {1}.")),
    (re.compile(r"(.+) is not a valid integer\.", re.DOTALL), N_("{0} is not a valid integer.")),
)

# what typer says whole about a value it cannot convert
_WHOLE_ERRORS = (N_("Input should be a valid integer, unable to parse string as an integer"),)


def install() -> None:
    """Translate typer's and click's words from now on (once, before the first --help)."""
    typer.core._ = _  # type: ignore[attr-defined]
    try:
        from typer._click.core import Command
        from typer._click.formatting import HelpFormatter
    except ImportError:  # another typer: its words stay English
        return
    write_usage = HelpFormatter.write_usage
    get_help_option = Command.get_help_option

    def translated_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", _("[OPTIONS]")).replace("COMMAND [ARGS]...", _("COMMAND [ARGS]..."))
        write_usage(self, prog, args, _("Usage: ") if prefix is None else prefix)

    def translated_help_option(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = _("Show this message and exit.")
        return option

    HelpFormatter.write_usage = translated_usage  # type: ignore[method-assign]
    Command.get_help_option = translated_help_option  # type: ignore[method-assign]


def show_usage_error(error: typer.TyperException) -> None:
    """What click's `UsageError.show` prints, in the chosen language."""
    ctx = getattr(error, "ctx", None)
    format_message = getattr(error, "format_message", None)
    if format_message is None:
        print(str(error), file=sys.stderr)
        return
    if ctx is not None:
        print(ctx.get_usage(), file=sys.stderr)
        if ctx.command.get_help_option(ctx) is not None:
            command, option = ctx.command_path, ctx.help_option_names[0]
            print(
                _("Try '{command} {option}' for help.").format(command=command, option=option),
                file=sys.stderr,
            )
        print(file=sys.stderr)
    print(_("Error: {error}").format(error=_usage_message(format_message())), file=sys.stderr)


def _usage_message(message: str) -> str:
    for pattern, translated in _CLICK_ERRORS:
        found = pattern.fullmatch(message)
        if found:
            return _(translated).format(*(_usage_message(part) for part in found.groups()))
    return _(message)  # one of _WHOLE_ERRORS, or as it is
