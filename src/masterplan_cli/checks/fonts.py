"""Text the bundled fonts cannot draw: each string value of every file, against the code points
the fonts cover (`templates/fonts/coverage.json`, read once; no font is opened here)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..diagnostics import Severity, place
from ..fonts import BODY_FAMILY, describe, undrawable
from ..l10n import N_, _
from ..loader import LoadedFile
from ..project import Plan
from . import Finding, rule


def strings(data: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string value in a loaded YAML tree, with its `loc` (keys are the schema's)."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*loc, index))


def _files(plan: Plan) -> Iterator[LoadedFile]:
    yield plan.masterplan_file
    yield from (entry.file for entry in plan.pillar_files)
    yield from (entry.file for entry in plan.opd_files)


def undrawable_fields(plan: Plan) -> Iterator[tuple[LoadedFile, tuple[Any, ...], list[str]]]:
    """Each field whose text has characters the bundled fonts lack, with those characters."""
    for file in _files(plan):
        for loc, text in strings(file.data):
            if missing := undrawable(text):
                yield file, loc, missing


@rule(
    "MP270",
    "glyph-missing-from-font",
    Severity.WARNING,
    N_("Text has characters the bundled font ({font}) cannot draw."),
    values={"font": BODY_FAMILY},
    why=N_(
        "The HTML and the PDF are set in the fonts that ship with masterplan, so that every machine makes the same document. A character they lack is drawn in whatever font the building machine has (the PDF then differs from machine to machine), or as an empty box."
    ),
    example="name: Kampung Digital 数字村",
    fix=N_(
        "Write the text in Latin script, or replace the character (a typographic symbol by its plain equivalent). `masterplan doctor PATH` lists every such field."
    ),
)
def glyphs_in_font(plan: Plan) -> Iterator[Finding]:
    for file, loc, missing in undrawable_fields(plan):
        yield Finding(
            file,
            loc,
            _("{place} has characters the bundled font {font} cannot draw: ").format(
                place=place(file.data, loc), font=BODY_FAMILY
            )
            + describe(missing),
            _(
                "the PDF takes them from another font of the building machine, or shows boxes: replace "
                "them, or name an installed font that has them in `document.font` "
                "(`masterplan doctor PATH` says which fonts a build uses)"
            ),
        )
