"""`masterplan templates list|copy`: which built-in templates there are, and taking one out."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import typer

from .. import builtin_templates as builtins
from ..errors import EXIT_OK, UsageError
from ..l10n import _
from ..resources import templates_dir
from ..scaffold.console import ACTIONS


def list_templates(root: Path) -> int:
    """One line per built-in template: its path under templates/, whether the city overrides
    it (and by which file), and its role."""
    overrides = {path.as_posix() for path in builtins.city_overrides(root / "templates")}
    rows = [(name, _state(name, overrides), _role(name)) for name in builtins.names()]
    widths = [max(len(row[column]) for row in rows) for column in (0, 1)]
    for name, state, role in rows:
        typer.echo(f"{name:<{widths[0]}}  {state:<{widths[1]}}  {role}")
    typer.echo(
        _(
            "\nA file at templates/<path> overrides the template of that path; "
            "`masterplan templates copy NAME` puts a copy there. Colours and fonts: `theme:` in masterplan.yaml."
        )
    )
    return EXIT_OK


def _role(name: str) -> str:
    role = builtins.role(name)
    return _(role) if role else ""  # gettext gives its header for ""


def _state(name: str, overrides: set[str]) -> str:
    former = builtins.former_name(name)
    if name in overrides:
        return _("city")
    return _("city ({former})").format(former=former) if former in overrides else _("built-in")


def resolve(name: str) -> str:
    """The built-in template `name` means: its path (`html/roadmap.html`), its file name when
    only one has it (`roadmap.html`), or a former name (`chapter-7.html`)."""
    if name in builtins.names():
        return name
    renamed = builtins.new_name(name)
    if renamed is not None:
        return renamed
    path = PurePosixPath(name)
    matches = builtins.same_file_name(name) or [
        n for n in builtins.names() if PurePosixPath(n).stem == builtins.RENAMED.get(path.stem, path.stem)
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(
            _("`{name}` may be {matches}; name one of them").format(name=name, matches=" or ".join(matches))
        )
    raise UsageError(
        _("there is no built-in template `{name}`; `masterplan templates list` shows them").format(name=name)
    )


def copy(root: Path, name: str) -> int:
    from ..scaffold.writer import add_files

    chosen = resolve(name)
    text = (templates_dir() / chosen).read_text(encoding="utf-8")
    add_files(root.resolve(), {f"templates/{chosen}": text})
    typer.echo(f"{_(ACTIONS['create']):>8}  templates/{chosen}")
    typer.echo(
        _(
            "\nIt overrides the built-in {chosen} in every build; delete it to go back to the built-in one."
        ).format(chosen=chosen)
    )
    return EXIT_OK
