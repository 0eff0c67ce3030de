"""Texts in two languages: which fields lack a language, and the plan in one language.

Every free-text field is a plain string, the text in the city's `language`, or
`{id: …, en: …}` (`schema.common.Bilingual`). A build resolves every text once, here, before
the views and the template context are made (`localized`): everything after it, templates,
charts, Word, sees plain strings. A text missing in the build's language shows the other
language's and is reported (MP260), a warning that fails `--strict`; `check --language en`
reports the same without building.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar, get_args

from pydantic import BaseModel

from .diagnostics import Diagnostic, Severity, place, register
from .l10n import N_, _
from .loader import LoadedFile
from .project import OpdEntry, PillarEntry, Plan, locate

if TYPE_CHECKING:
    from .review import PreviousPlan
from .schema.common import Bilingual

MAX_LOCATED = 10  # texts of one file reported one by one; the rest in one line (MP260 says "ten")
LANGUAGE_NAMES = {"id": N_("Indonesian"), "en": N_("English")}  # as messages name them

register(
    "MP260",
    "untranslated-text",
    Severity.WARNING,
    N_("A text has no version in the language the document is built in."),
    why=N_(
        "A text may be written in both languages, `{id: …, en: …}`; a plain string is the text in the city's "
        "`language` only. The English edition of a plan would otherwise mix Indonesian sentences into English "
        "ones without anyone noticing: the missing text is shown in the other language, and reported. `check` "
        "looks at the city's language, `check --language en` and `build --language en` at English. The notes of "
        "the progress files count for `check` and `report`, not for `build`, whose document does not show them. "
        "In one file, the first ten such texts are reported one by one, the rest in one line with their lines."
    ),
    example="language: id\nvision: Solok kota cerdas yang melayani   # build --language en: no English text",
    fix=N_(
        "Give the text in both languages: `vision: {id: Solok kota cerdas yang melayani, en: Solok, a smart "
        "city that serves}`."
    ),
)

V = TypeVar("V")


@cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """A model's fields that are texts (True) or may hold texts (False: models, lists)."""
    found = []
    for name, info in model.model_fields.items():
        kinds = _types(info.annotation)
        if any(isinstance(k, type) and issubclass(k, Bilingual) for k in kinds):
            found.append((name, True))
        elif any(_is_model(k) for k in kinds):
            found.append((name, False))
    return tuple(found)


def _types(annotation: Any) -> set[Any]:
    return {annotation, *(t for arg in get_args(annotation) for t in _types(arg))}


def _walk(value: Any, loc: tuple[Any, ...], text: bool) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, Bilingual) or (text and isinstance(value, str)):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name, holds_text in _fields(type(value)):
            if name != "programs":  # an OPD's valid programs: walked from `plan.programs`, at their place
                yield from _walk(getattr(value, name), (*loc, name), holds_text)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _walk(item, (*loc, index), text)


def texts(
    plan: Plan, progress: bool = True, previous: PreviousPlan | None = None
) -> Iterator[tuple[LoadedFile, tuple[Any, ...], str | Bilingual[Any]]]:
    """Every free-text field of the plan: its file, its place in the file and its value; with
    `progress`, the progress files' too (the evaluation report shows them, the masterplan not);
    with the `previous` plan it reviews (`review.loaded`), the texts of its programs' list."""
    if not plan.partial:
        yield from ((plan.masterplan_file, loc, v) for loc, v in _walk(plan.masterplan, (), False))
    for pillar in plan.pillar_files:
        yield from ((pillar.file, loc, v) for loc, v in _walk(pillar.model, (), False))
    for opd in plan.opd_files:
        yield from ((opd.file, loc, v) for loc, v in _walk(opd.model, (), False))
    for entry in plan.programs:
        yield from ((entry.file, loc, v) for loc, v in _walk(entry.program, entry.loc, False))
    for year in plan.progress_files if progress else ():
        for position, realisation in zip(year.positions, year.model.programs, strict=True):
            yield from ((year.file, loc, v) for loc, v in _walk(realisation, ("programs", position), False))
    yield from _previous_texts(plan, previous)


def _previous_texts(
    plan: Plan, previous: PreviousPlan | None
) -> Iterator[tuple[LoadedFile, tuple[Any, ...], str | Bilingual[Any]]]:
    """The texts of the previous programs' list (`previous.programs`), which the review chapter
    shows; a previous plan read from a revision or folder is checked as a plan of its own."""
    if plan.partial or previous is None or previous.file is plan.masterplan_file:
        return
    for old in previous.programs:
        yield previous.file, (*old.loc[:2], "name"), old.name
        if old.note is not None:
            yield previous.file, (*old.loc[:2], "note"), old.note


def has_language(value: str | Bilingual[Any], language: str, city_language: str) -> bool:
    """Whether a text is given in `language`: a plain string is in the city's only, unless it
    has no letter (`%`, `2,5`), which reads the same in both."""
    if isinstance(value, Bilingual):
        return value.text(language) is not None
    return language == city_language or not any(char.isalpha() for char in value)


def untranslated(
    plan: Plan, language: str | None = None, progress: bool = True, previous: PreviousPlan | None = None
) -> list[Diagnostic]:
    """MP260 for each text without `language` (default: the city's); `progress`: the progress
    files' texts too; `previous`: the plan it reviews, whose programs' list it shows."""
    language = language or plan.language
    by_file: dict[str, list[Diagnostic]] = {}
    for file, loc, value in texts(plan, progress, previous):
        if not has_language(value, language, plan.language):
            line, column, end = locate(file, loc)
            other = _(LANGUAGE_NAMES["en" if language == "id" else "id"])
            by_file.setdefault(file.path, []).append(
                Diagnostic(
                    file.path,
                    line,
                    column,
                    "MP260",
                    _("{place} has no {language_names} text; the {other} is shown").format(
                        place=place(file.data, loc), language_names=_(LANGUAGE_NAMES[language]), other=other
                    ),
                    _("write it in both languages: `{{id: …, en: …}}`").format()
                    + (
                        ""
                        if isinstance(value, Bilingual)
                        else _(" (a plain string is {other} only)").format(other=other)
                    ),
                    end,
                )
            )
    diagnostics: list[Diagnostic] = []
    for found in by_file.values():
        found.sort()
        diagnostics += found[:MAX_LOCATED]
        if rest := found[MAX_LOCATED:]:
            places = ", ".join(f"{d.line}:{d.column}" for d in rest)
            diagnostics.append(
                dataclasses.replace(
                    rest[0],
                    message=_(
                        "{count_rest} more texts in this file have no {language_names} text ({count_found} in all), at {places}"
                    ).format(
                        count_rest=len(rest),
                        language_names=_(LANGUAGE_NAMES[language]),
                        count_found=len(found),
                        places=places,
                    ),
                    end_column=None,
                )
            )
    return diagnostics


# --- the plan in one language ---------------------------------------------------------------------


def resolve(value: str | Bilingual[Any], language: str) -> str:
    """The text in `language`, else in the other one (a plain string is its only text)."""
    if isinstance(value, Bilingual):
        return str(value.text(language) or value.text("en" if language == "id" else "id"))
    return value


def _resolved(value: V, language: str) -> V:
    """`value` with every text resolved; the same object when it holds no bilingual text."""
    if isinstance(value, Bilingual):
        return resolve(value, language)  # type: ignore[return-value]
    if isinstance(value, BaseModel):
        changed = {}
        for name, _ in _fields(type(value)):
            old = getattr(value, name, None)  # a partial masterplan lacks some
            new = _resolved(old, language)
            if new is not old:
                changed[name] = new
        return value.model_copy(update=changed) if changed else value
    if isinstance(value, list):
        items = [_resolved(item, language) for item in value]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value  # type: ignore[return-value]
    return value


def localized(plan: Plan, language: str) -> Plan:
    """The plan with every text in `language` (or, where it has none, in the other)."""
    return dataclasses.replace(
        plan,
        masterplan=_resolved(plan.masterplan, language),
        pillar_files=[PillarEntry(_resolved(e.model, language), e.file) for e in plan.pillar_files],
        opd_files=[OpdEntry(_resolved(e.model, language), e.file, e.positions) for e in plan.opd_files],
        progress_files=[
            dataclasses.replace(e, model=_resolved(e.model, language)) for e in plan.progress_files
        ],
    )


# --- a text edited in one language (`import xlsx`) ---------------------------------------------


def merge_texts(
    model: type[BaseModel], current: dict[str, Any], edited: dict[str, Any], language: str, city: str
) -> dict[str, Any]:
    """`edited` (a workbook row's fields, its texts in `language`) with each text written into
    the `language` key of the current text, the other language kept. A text shown unchanged
    (also the other language's text shown where `language` had none) stays as it is."""
    merged = dict(edited)
    for name, holds_text in _fields(model):
        if name not in edited:
            continue
        if holds_text:
            merged[name] = _merge_field(current.get(name), edited[name], language, city)
        elif isinstance(edited[name], dict):
            inner = next(t for t in _types(model.model_fields[name].annotation) if _is_model(t))
            merged[name] = merge_texts(inner, current.get(name) or {}, edited[name], language, city)
    return merged


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def _merge_field(current: Any, edited: Any, language: str, city: str) -> Any:
    if isinstance(edited, list):  # one text per line: merged line by line
        old = current if isinstance(current, list) else []
        return [
            _merge(old[i] if i < len(old) else None, item, language, city) for i, item in enumerate(edited)
        ]
    return _merge(current, edited, language, city)


def _merge(current: Any, edited: Any, language: str, city: str) -> Any:
    if isinstance(current, dict):  # a `Bilingual` as dumped: its keys, without the empty one
        texts = {key: value for key, value in current.items() if value is not None}
    else:  # a plain string: the text in the city's language
        texts = {city: current} if current is not None else {}
    if edited == (texts.get(language) or next(iter(texts.values()), None)):
        return current  # as exported
    if edited is None:
        texts.pop(language, None)
    else:
        texts[language] = edited
    if not isinstance(current, dict) and set(texts) == {city}:
        return texts[city]  # a plain string stays one
    return texts or None


__all__ = ["has_language", "localized", "merge_texts", "resolve", "texts", "untranslated"]
