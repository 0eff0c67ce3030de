"""Placeholders: text a template or a draft left for someone to fill in.

A fresh `masterplan init` repository is full of them on purpose (its to-do list); a finished
masterplan has none. Each one is a warning that names the field, so `check` passes on a draft
and `check --strict` passes only once everything is filled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..diagnostics import Severity, place
from ..l10n import N_, _
from ..loader import LoadedFile
from ..project import Plan, inside
from . import Finding, rule

# What marks a value as not yet written, each with the reason shown in the message.
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:^|\s)(?:\.\.\.|…)(?:\s|$)"), N_("an ellipsis stands in for a value")),
    (re.compile(r"\((?:nama|name)\b[^)]*\)", re.IGNORECASE), N_("a bracketed name stands in for a name")),
    (re.compile(r"^\s*(?:contoh|example)\s", re.IGNORECASE), N_("it is an example")),
    (re.compile(r"\b(?:ganti dengan|replace with)\b", re.IGNORECASE), N_("it asks to be replaced")),
    (re.compile(r"^\s*(?:nama lengkap|full name)\s*$", re.IGNORECASE), N_("it is a name field's example")),
    (re.compile(r"\b(?:TODO|FIXME|TBD)\b"), N_("it is marked as still to do")),
    (re.compile(r"lorem ipsum", re.IGNORECASE), N_("it is filler text")),
)
# The marker the placeholder logos carry (the scaffold's and the examples' dashed shield).
PLACEHOLDER_LOGO = re.compile(rb"placeholder", re.IGNORECASE)
MAX_LOGO_SCAN = 64 * 1024
EXCERPT = 40


def placeholder_reason(text: str) -> str | None:
    """Why `text` looks like a placeholder, or None when it looks written."""
    for pattern, reason in PATTERNS:
        if pattern.search(text):
            return _(reason)
    return None


def _strings(value: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*loc, index))


def _excerpt(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= EXCERPT else line[: EXCERPT - 1] + "…"


def _files(plan: Plan) -> Iterator[LoadedFile]:
    yield plan.masterplan_file
    yield from (entry.file for entry in plan.pillar_files)
    yield from (entry.file for entry in plan.opd_files)


@rule(
    "MP252",
    "placeholder",
    Severity.WARNING,
    N_("A field still holds placeholder text: `...`, `(nama pejabat)`, an example, TODO, lorem ipsum."),
    why=N_(
        "A masterplan is a signed regulation's annex; an assessor who reads `Perwali Nomor ... Tahun 2024` or `Kepala Badan: (nama pejabat)` reads an unfinished draft. A fresh `masterplan init` repository lists its to-do items this way."
    ),
    example='head: {title: Kepala Dinas, name: (nama pejabat)}\nadopted_by: {kind: Perwali, number: "...", year: 2024}',
    fix=N_(
        "Write the real value. If it is not known yet, leave the optional field out rather than fill it with a stand-in."
    ),
)
def no_placeholders(plan: Plan) -> Iterator[Finding]:
    for file in _files(plan):
        for loc, text in _strings(file.data):
            reason = placeholder_reason(text)
            if reason is not None:
                yield Finding(
                    file,
                    loc,
                    _('{place} is a placeholder ({reason}): "{excerpt}"').format(
                        place=place(file.data, loc), reason=reason, excerpt=_excerpt(text)
                    ),
                    _("write the real value, or leave an optional field out"),
                )
    for entry in plan.opd_files:
        if entry.model.name == f"OPD {entry.model.id}":  # `init`'s name for an OPD it does not know
            yield Finding(
                entry.file,
                ("name",),
                _('name is a placeholder (it is the scaffold\'s stand-in OPD name): "{name}"').format(
                    name=entry.model.name
                ),
                _("write the OPD's full name"),
            )
    yield from _placeholder_logo(plan)


def _placeholder_logo(plan: Plan) -> Iterator[Finding]:
    city = plan.masterplan.city
    if city is None or not city.logo or not city.logo.lower().endswith(".svg"):
        return
    path = plan.root / city.logo
    if not inside(plan.root, path) or not path.is_file():
        return  # MP219 reports it
    with path.open("rb") as stream:
        head = stream.read(MAX_LOGO_SCAN)
    if PLACEHOLDER_LOGO.search(head):
        yield Finding(
            plan.masterplan_file,
            ("city", "logo"),
            _("city › logo is a placeholder: `{logo}` is marked as a placeholder logo").format(
                logo=city.logo
            ),
            _("put the region's emblem in assets/ and point `city.logo` at it"),
        )
