"""Links in the city's Markdown: where they may lead, and that the anchors they name exist."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from functools import cache
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel

from ..diagnostics import Severity
from ..l10n import N_, _
from ..links import anchor_target, document_anchors, find_links, link_kind
from ..loader import LoadedFile, yaml_offset, yaml_position
from ..project import Plan, locate
from ..schema.common import MarkdownText
from . import Finding, rule

W = Severity.WARNING


@rule(
    "MP240",
    "link-target",
    W,
    N_("A link in a text leads somewhere other than the web, a mailbox or a place in the document."),
    why=N_(
        "A relative path or a `file:` link names a file on the machine that builds the document (in the PDF, "
        "with its absolute path) and leads nowhere for a reader; `javascript:`, `data:`, `ftp:` and `//host` links "
        "run, embed or fetch content. Such a link is never made: the document shows it as the text it was "
        "written as, so the build goes on (`--strict` refuses it)."
    ),
    example="description: Lihat [laporan](docs/laporan-2024.pdf) dan [peta](file:///home/ci/peta.png).",
    fix=N_(
        "Link to a web page (`https://…`), a mailbox (`mailto:…`) or a program or OPD of the document "
        "(`#program-kominfo-01`, `#opd-diskominfo`); or write the reference as text."
    ),
)
def link_targets(plan: Plan) -> Iterator[Finding]:
    for file, loc, text in markdown_texts(plan):
        for offset, url in find_links(text):
            if link_kind(url) == "refused":
                yield _finding(
                    file,
                    loc,
                    url,
                    offset,
                    _(
                        "link to `{url}`: a link may lead only to the web (http, https), a mailbox (mailto) or a place in the document (#…)"
                    ).format(url=url[:200]),
                    _("link to an https address, or write the reference as text"),
                )


@rule(
    "MP241",
    "unknown-anchor",
    W,
    N_("A link names an anchor (`#…`) that the document does not have."),
    why=N_(
        "The link would lead nowhere. The document is still built, with the link shown as its text. "
        "The anchors a text may name are those every output has: each program's (`#program-` and its id in "
        "lower case) and each OPD's (`#opd-` and its id); chapter headings are numbered and worded differently "
        "in each language and output, so they are not link targets."
    ),
    example="description: Lihat [Bab 5](#bab-5).",
    fix=N_(
        "Link to a program (`#program-kominfo-01`) or an OPD (`#opd-diskominfo`), or write the reference as text."
    ),
)
def unknown_anchors(plan: Plan) -> Iterator[Finding]:
    anchors = document_anchors(
        [entry.program.id for entry in plan.programs] + sorted(plan.broken_program_ids),
        [*plan.opds, *sorted(plan.broken_opd_ids)],
    )
    for file, loc, text in markdown_texts(plan):
        for offset, url in find_links(text):
            if link_kind(url) == "anchor" and anchor_target(url) not in anchors:
                close = difflib.get_close_matches(anchor_target(url), sorted(anchors), n=1)
                hint = (
                    _("did you mean `#{close}`?").format(close=close[0])
                    if close
                    else _("link to `#program-<id>` or `#opd-<id>`")
                )
                yield _finding(
                    file,
                    loc,
                    url,
                    offset,
                    _("link to `{url}`: the document has no such anchor; the link is shown as text").format(
                        url=url[:200]
                    ),
                    hint,
                )


def _finding(
    file: LoadedFile, loc: tuple[Any, ...], url: str, offset: int, message: str, hint: str
) -> Finding:
    return Finding(file, loc, message, hint, at=_place(file, loc, url, offset))


def _place(file: LoadedFile, loc: tuple[Any, ...], url: str, offset: int) -> tuple[int, int, int] | None:
    """The line, column and end column of the link's destination in the file, when the value
    holds it as written (a block or plain scalar, or a quoted one without escapes before it)."""
    if file.text is None or not url:
        return None
    line, column, _end = locate(file, loc)
    start = yaml_offset(file.text, line, column)
    found = file.text.find(url, start, start + offset + len(url) + 4 * (offset + 1))
    if found < 0:
        return None
    line, column = yaml_position(file.text, found)
    return line, column, column + len(url)


# --- the Markdown fields of a plan ------------------------------------------------------------


def markdown_texts(plan: Plan) -> Iterator[tuple[LoadedFile, tuple[Any, ...], str]]:
    """Every Markdown field of the plan: its file, its place in the file and its text."""
    if not plan.partial:
        yield from _texts(plan.masterplan, plan.masterplan_file, ())
    for pillar in plan.pillar_files:
        yield from _texts(pillar.model, pillar.file, ())
    for opd in plan.opd_files:
        yield from _texts(opd.model, opd.file, (), skip="programs")
    for entry in plan.programs:
        yield from _texts(entry.program, entry.file, entry.loc)
    for progress in plan.progress_files:
        yield from _texts(progress.model, progress.file, ())


def _texts(
    value: Any, file: LoadedFile, loc: tuple[Any, ...], skip: str = ""
) -> Iterator[tuple[LoadedFile, tuple[Any, ...], str]]:
    if isinstance(value, BaseModel):
        for name, markdown in _fields(type(value)):
            if name == skip:
                continue
            child = getattr(value, name, None)
            if markdown and isinstance(child, str):
                yield file, (*loc, name), child
            elif child is not None:
                yield from _texts(child, file, (*loc, name))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _texts(item, file, (*loc, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, file, (*loc, key))


@cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """A model's fields that are Markdown or may hold Markdown (models, lists, mappings)."""
    found = []
    for name, info in model.model_fields.items():
        markdown = any(isinstance(m, MarkdownText) for m in info.metadata) or _marked(info.annotation)
        if markdown or _may_hold_models(info.annotation):
            found.append((name, markdown))
    return tuple(found)


def _marked(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated:
        return any(isinstance(m, MarkdownText) for m in annotation.__metadata__)
    return any(_marked(arg) for arg in get_args(annotation))


def _may_hold_models(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_may_hold_models(arg) for arg in get_args(annotation))
