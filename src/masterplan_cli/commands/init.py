"""`masterplan init`: start a new city repository, asking for what the options leave out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from ..errors import EXIT_OK, MasterplanError
from ..l10n import _


def run(path: Path, given: dict[str, Any], no_input: bool) -> int:
    from ..discovery import enclosing
    from ..scaffold import ScaffoldError, console, create_repository, existing_masterplan

    root = path.resolve()  # named in full in messages: "." says little
    found = existing_masterplan(root)
    if found is not None:  # refuse before asking anything
        raise MasterplanError(
            _("{root} exists: {root2} is a city repository already. Nothing was written.").format(
                root=root / found, root2=root
            )
        )
    outer = enclosing(root)
    if outer is not None:  # one city, one repository: a second one inside would be checked by neither
        raise MasterplanError(
            _(
                "{root} is inside the city repository {outer}; `masterplan init` does not make a repository inside another. Nothing was written."
            ).format(root=root, outer=outer)
        )
    try:
        given = console.validate_options(given)
        interactive = not no_input and console.stdin_is_interactive()
        answers = console.complete(given, interactive=interactive, folder=root)
    except console.InvalidOption as error:  # said as typer says a bad option
        raise typer.BadParameter(str(error), param_hint=f"'{error.option}'") from None
    if interactive:
        console.confirm_non_empty(root)
    try:
        written = create_repository(root, answers)
    except ScaffoldError as error:
        for created in error.created:
            print(f"{_(console.ACTIONS['create']):>8}  {created}", file=sys.stderr)
        raise
    console.show_written(written, str(path))
    return EXIT_OK
