"""`masterplan add opd|program|pillar`: grow a city repository the way `init` starts one."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import EXIT_OK
from ..l10n import _
from ..scaffold import add, console
from ..scaffold.files import schema_files
from ..scaffold.writer import add_files


def _pillar(city: add.City, given: str | None, default: str, no_input: bool) -> str:
    """The pillar given, else asked for on a terminal, else the default a terminal offers."""
    if given is not None:
        return given
    if no_input or not console.stdin_is_interactive():
        return default
    names = [p.id for p in city.framework.pillars]

    def judged(raw: str) -> str:
        if raw.strip() not in names:
            raise typer.BadParameter(
                _('"{raw}" is not a pillar; answer one of {names}').format(raw=raw, names=", ".join(names))
            )
        return raw.strip()

    return str(
        typer.prompt(
            _("Pillar of the program ({names})").format(names=", ".join(names)),
            default=default,
            value_proc=judged,
        )
    )


def opd(root: Path, opd_id: str, pillar: str | None, no_input: bool) -> int:
    root = root.resolve()  # named in full in messages, as `init` does
    city = add.open_city(root)
    chosen = _pillar(city, pillar, add.default_pillar(city, opd_id), no_input)
    console.show_written(add_files(root, add.opd_file(city, opd_id, chosen), schema_files()), str(root))
    return EXIT_OK


def pillar(root: Path, pillar_id: str) -> int:
    root = root.resolve()  # named in full in messages, as `init` does
    city = add.open_city(root)
    console.show_written(add_files(root, add.pillar_file(city, pillar_id), schema_files()), str(root))
    return EXIT_OK


def program(root: Path, opd_id: str, pillar: str | None, no_input: bool) -> int:
    from ..output import write_atomic
    from ..terminal import printable

    root = root.resolve()  # named in full in messages, as `init` does
    city = add.open_city(root)
    chosen = _pillar(city, pillar, add.default_pillar(city), no_input)
    path, before, after, program_id = add.with_program(city, opd_id, chosen)  # path: the city's file name
    if (root / path).read_text(encoding="utf-8") != before:  # changed since it was read
        raise add.NotAddable(_("{path} changed while masterplan ran; nothing was written").format(path=path))
    write_atomic(root / path, after)
    typer.echo(
        f"{_(console.ACTIONS['change']):>8}  "
        + _("{path}: program {program_id} added at the end of its list").format(
            path=printable(path), program_id=program_id
        )
    )
    console.show_next_steps(root, str(root))
    return EXIT_OK
