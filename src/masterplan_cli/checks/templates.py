"""A city's `templates/` folder: files that override nothing, and files of a former name.

A template file is found by its path, so `templates/cover.html` (the built-in one is
`html/cover.html`) is silently ignored by a build; these checks say so, with the path meant.
Only names are compared, and a city template's text is read (through `containment`, as the
build reads it) only to see whether it includes the file in question.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import builtin_templates as builtins
from ..builtin_templates import MAX_TEMPLATE_BYTES, city_overrides
from ..containment import read_contained
from ..diagnostics import Severity
from ..l10n import N_, _
from ..loader import LoadedFile
from ..project import Plan
from . import Finding, rule


def _overrides(plan: Plan) -> list[str]:
    return [path.as_posix() for path in city_overrides(plan.root / "templates")]


def _included(plan: Plan, name: str, others: list[str]) -> bool:
    """Whether another city template names `name` (in an include, import or extends)."""
    for other in others:
        if other == name:
            continue
        data = read_contained(plan.root / "templates" / other, [plan.root], MAX_TEMPLATE_BYTES)
        if data is not None and (
            f'"{name}"' in (text := data.decode("utf-8", "replace")) or f"'{name}'" in text
        ):
            return True
    return False


def _file(name: str) -> LoadedFile:
    return LoadedFile(path=f"templates/{name}")


@rule(
    "MP265",
    "template-overrides-nothing",
    Severity.WARNING,
    N_("A file in templates/ has the name of no built-in template, and no city template includes it."),
    why=N_(
        "A city overrides a built-in template by giving its file the same path under templates/. A file at another path is never read: the document keeps the built-in look while the city believes its change is in."
    ),
    example="templates/cover.html   (the built-in cover is html/cover.html)",
    fix=N_(
        "Move the file to the path the hint names (`masterplan templates list` shows every built-in template's path), or delete it. `masterplan templates copy NAME` puts a copy of a built-in template at the right path."
    ),
)
def overrides_nothing(plan: Plan) -> Iterator[Finding]:
    names = _overrides(plan)
    for name in names:
        renamed = builtins.new_name(name)
        if renamed in names:  # a file of the former name beside one of the new name
            yield Finding(
                _file(name),
                (),
                _(
                    "`templates/{name}` is the former name of `{renamed}`, which `templates/{renamed}` overrides already; a build ignores it"
                ).format(name=name, renamed=renamed),
                _("delete it, or merge it into templates/{renamed}").format(renamed=renamed),
            )
        if name in builtins.names() or renamed or _included(plan, name, names):
            continue
        meant = builtins.same_file_name(name)
        hint = (
            _("move it to templates/{meant}").format(meant=meant[0])
            if len(meant) == 1
            else _("move it to one of {paths}").format(paths=", ".join(f"templates/{m}" for m in meant))
            if meant
            else _("`masterplan templates list` shows the path of every built-in template")
        )
        yield Finding(
            _file(name),
            (),
            _("`templates/{name}` overrides no built-in template; a build ignores it").format(name=name),
            hint,
        )


@rule(
    "MP266",
    "template-former-name",
    Severity.INFO,
    N_(
        "A file in templates/ overrides a built-in template by the name it had before templates were named by role."
    ),
    why=N_(
        "The chapter templates were named by number (chapter-7.html) and are now named by what they hold (roadmap.html). A file of the former name still overrides its template, but the former names will go."
    ),
    example="templates/html/chapter-7.html",
    fix=N_(
        "Rename the file to the name the message gives (`git mv templates/html/chapter-7.html templates/html/roadmap.html`)."
    ),
)
def former_names(plan: Plan) -> Iterator[Finding]:
    names = _overrides(plan)
    for name in names:
        new = builtins.new_name(name)
        if new is not None and new not in names:
            yield Finding(
                _file(name),
                (),
                _("`templates/{name}` overrides `{new}` by its former name").format(name=name, new=new),
                _("rename it: git mv templates/{name} templates/{new}").format(name=name, new=new),
            )
