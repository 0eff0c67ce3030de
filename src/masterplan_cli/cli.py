"""The command line: parse options, call one function, return its exit code.

Exit codes: 0 ok, 1 problems found, 2 usage error, 3 internal error (a bug: please report).
Heavy libraries (Jinja, markdown-it, WeasyPrint) are imported inside the commands that need
them, so `masterplan check` and `masterplan --version` start fast.
"""

from __future__ import annotations

import enum
import os
import sys
import traceback
from pathlib import Path
from typing import Annotated, Optional

import typer


from . import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
ISSUES_URL = "https://github.com/masterplan-cli/masterplan/issues"

app = typer.Typer(
    name="masterplan",
    help="Compile an Indonesian smart-city masterplan (Masterplan Smart City) from a repository of YAML files.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"masterplan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    show_traceback: Annotated[
        bool, typer.Option("--traceback", help="On an internal error, show the Python traceback.")
    ] = False,
) -> None:
    """Exit codes: 0 ok, 1 problems found, 2 usage error, 3 internal error."""


class CheckFormat(str, enum.Enum):
    auto = "auto"
    text = "text"
    json = "json"
    github = "github"


RepoPath = Annotated[
    Path,
    typer.Argument(help="The city repository (the folder holding masterplan.yaml).", show_default="."),
]


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


def _require_directory(path: Path) -> None:
    if not path.is_dir():
        raise typer.BadParameter(f"{path} is not a folder", param_hint="PATH")


@app.command()
def check(
    path: RepoPath = Path("."),
    output_format: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="text for people, json for tools, github for workflow annotations; auto picks github inside GitHub Actions.")
    ] = CheckFormat.auto,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")] = False,
) -> int:
    """Check a city repository and report every problem as path:line:col CODE message."""
    from .checker import check_repository
    from .reporters import REPORTER_BY_NAME

    _require_directory(path)
    name = _pick_format(output_format.value)
    _, report = check_repository(path)
    prefix = "" if name == "text" else _display_prefix(path)
    REPORTER_BY_NAME[name](report, sys.stdout, prefix)
    return EXIT_PROBLEMS if report.failed(strict=strict) else EXIT_OK


def run(argv: list[str]) -> int:
    """Run the command line and return its exit code; never let a traceback escape."""
    show_traceback = "--traceback" in argv
    try:
        result = app(argv, prog_name="masterplan", standalone_mode=False)
    except typer.Exit as done:
        return int(done.exit_code)
    except typer.TyperException as error:  # click's usage errors, vendored by typer
        error.show()  # type: ignore[attr-defined]
        return int(getattr(error, "exit_code", EXIT_USAGE))
    except typer.Abort:
        print("Aborted.", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception:  # the last line of defence: a bug, reported as such
        print(f"masterplan {__version__}: internal error. This is a bug; please report it at {ISSUES_URL}", file=sys.stderr)
        if show_traceback:
            traceback.print_exc()
        else:
            print("Run again with --traceback to see the details, and include them in the report.", file=sys.stderr)
        return EXIT_INTERNAL
    return result if isinstance(result, int) else EXIT_OK
