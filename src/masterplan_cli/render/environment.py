"""The Jinja environments: where templates are found and what they may do.

Templates are looked up along an ordered search path, the city's `templates/` folder first
and the built-in templates last, so a city overrides one template by giving a file the same
name (mkdocs' theme `custom_dir` works the same way). Only template files count (see
`city_overrides`): the README that `masterplan init` writes there, or a `.gitkeep`, changes
nothing. A city's templates come from a pull request as much as its YAML does, so when a city
has one, every template runs in Jinja's sandbox:

* no access to private attributes or unsafe callables (`''.__class__.__mro__`);
* what a template can consume is bounded (`sandbox.py`): widths and counts, the size of any
  text it builds and of its output, repetition, and the time of a render, so that
  `{{ 'x' * 10**9 }}` or `{{ 'x'.zfill(10**9) }}` fails instead of eating the memory;
* a template file that is a link leading outside the repository is not read.

Autoescaping is on for HTML. The Markdown environment escapes every `{{ value }}` as
Markdown text (`finalize`), unless it is marked as Markdown already: `MarkdownText`, from a
filter, or a macro's output. `MarkdownText` is a `Markup`, and the Markdown environment has
autoescaping on too, so that Jinja marks macro output safe and never escapes it twice; HTML
escaping then only touches plain text joined to safe text with `~`, and HTML entities are
valid Markdown.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
)
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from markupsafe import Markup

from ..builtin_templates import MAX_TEMPLATE_BYTES, city_overrides, former_name
from ..containment import HIDDEN, NOT_A_FILE, OUTSIDE, read_contained, refusal
from ..l10n import N_, _
from ..resources import templates_dir
from .sandbox import Sandbox


class MarkdownText(Markup):
    """Text that is Markdown already: the Markdown environment writes it as it is."""

    __slots__ = ()


def escape_markdown(value: Any) -> Markup:
    """Plain text as Markdown inline text: one line, no markup, safe in a table cell."""
    if isinstance(value, Markup):
        return value
    return _escaped(str(value))


# what escaping can change: most values (names, numbers, years) need nothing
_PLAIN = re.compile(r"(?![\s#>=+*-]|\d{1,9}[.)])(?!.*\s\s)[^\\`*_\[\]<>|~&\n\r\t]*(?<!\s)\Z")
# A value may stand anywhere in a template's line, inside a link's text or a table's cell, so
# every character of the inline syntax is escaped, whatever follows it (mdformat, which writes
# the free-text fields, leaves a bracket pair alone unless `(` or `:` follows it in the text).
_TEXT_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# what would start a block at the start of the line: a list item, a heading, a quote, a
# thematic break, a setext underline or a table's delimiter row
_LINE_START = re.compile(
    r"^(?:(?P<bullet>[-+*])(?=\s|$)|(?P<hash>#)(?=#{0,5}(\s|$))|(?P<quote>>)"
    r"|(?P<number>\d{1,9})(?P<dot>[.)])(?=\s|$)|(?P<rule>[-_*])(?=(?:[ \t]*(?P=rule)){2,}[ \t]*$)"
    r"|(?P<setext>[=-])(?=(?P=setext)*[ \t]*$)"
    r"|(?=[:-][\s:|-]*$)(?=.*-)(?P<delim>[:-]))"  # a table's delimiter row
)


@lru_cache(maxsize=8192)  # labels and names repeat thousands of times in a large plan
def _escaped(text: str) -> MarkdownText:
    if _PLAIN.match(text):
        return MarkdownText(text)
    text = _ENTITY.sub("\\&", _TEXT_SPECIAL.sub(r"\\\1", " ".join(text.split())))
    return MarkdownText(_LINE_START.sub(_escape_line_start, text, count=1))


def _escape_line_start(match: re.Match[str]) -> str:
    if match["number"]:
        return f"{match['number']}\\{match['dot']}"
    return "\\" + match[0]


class RepositoryLoader(BaseLoader):
    """A city's `templates/` folder. A template is resolved, links followed, and checked
    before it is opened (`containment.py`): a file that leads outside the repository or into
    a hidden folder (`.git/config`), or is not a regular file (`/proc/kmsg`, a FIFO: reading
    one hangs), is not found."""

    def __init__(self, folder: Path, root: Path) -> None:
        self.folder = folder
        self.root = root.resolve()

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses `..`
        path = self.folder.joinpath(*pieces)
        former = former_name(template)
        if not os.path.lexists(path) and former is not None:  # a city file of the old name (MP266)
            pieces = split_template_path(former)
            template, path = former, self.folder.joinpath(*pieces)
        if not os.path.lexists(path):
            raise TemplateNotFound(template)  # the next loader (the built-ins) may have it
        reason = refusal(path, [self.root])
        if reason is None and any(piece.startswith(".") for piece in pieces):
            reason = HIDDEN
        if reason is not None:  # not a TemplateNotFound: the built-in one must not stand in
            raise TemplateRefused(_(REFUSALS[reason]).format(template=template))
        data = read_contained(path, [self.root], MAX_TEMPLATE_BYTES)
        if data is None:
            raise TemplateRefused(
                _("`templates/{template}` is larger than {max_mib} MiB").format(
                    template=template, max_mib=MAX_TEMPLATE_BYTES // 1024 // 1024
                )
            )
        return data.decode("utf-8"), os.path.normpath(path), lambda: True

    def list_templates(self) -> list[str]:
        return sorted(path.as_posix() for path in city_overrides(self.folder))


REFUSALS = {
    OUTSIDE: N_("`templates/{template}` leads outside the repository; it is not read"),
    HIDDEN: N_("`templates/{template}` is in, or leads into, a hidden folder or file; it is not read"),
    NOT_A_FILE: N_("`templates/{template}` is not a regular file; it is not read"),
}


class TemplateRefused(TemplateError):
    """A city template that exists but may not be read."""


def builtin_only(loader: BaseLoader) -> bool:
    """Whether `loader` reads the built-in templates alone (no city template can be loaded)."""
    loaders = loader.loaders if isinstance(loader, ChoiceLoader) else [loader]
    return not any(isinstance(one, RepositoryLoader) for one in loaders)


def search_path(city_templates: Path | None, root: Path | None) -> BaseLoader:
    loaders: list[BaseLoader] = []
    if (
        city_templates is not None
        and root is not None
        and city_templates.is_dir()
        and Path(os.path.realpath(city_templates)).is_relative_to(root.resolve())
        and city_overrides(city_templates)
    ):
        loaders.append(RepositoryLoader(city_templates, root))
    loaders.append(FileSystemLoader(str(templates_dir())))
    return ChoiceLoader(loaders)


# Both outputs: escaping on, a typo in a template is an error, and an environment serves one
# build (or the unchanging built-ins), so templates are never re-read from disk.
_OPTIONS: dict[str, Any] = {
    "autoescape": True,
    "undefined": StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
    "auto_reload": False,
}


Configure = Callable[[Environment], None]  # adds an output's filters and globals


def environment(loader: BaseLoader, configure: Configure, *, markdown: bool = False) -> Environment:
    """The environment of one output (`markdown`: escaping values as Markdown; else HTML) for
    `loader`, with the filters `configure` adds. It is the sandbox whenever a city template can
    be loaded; the built-in templates alone are part of the package and run without it (the
    sandbox's checks cost a third of the time), in one environment per process whose templates
    are compiled once."""
    if builtin_only(loader):
        return _builtin_environment(configure, markdown)
    return _made(Sandbox, loader, configure, markdown)


@cache
def _builtin_environment(configure: Configure, markdown: bool) -> Environment:
    return _made(Environment, search_path(None, None), configure, markdown)


def _made(kind: type[Environment], loader: BaseLoader, configure: Configure, markdown: bool) -> Environment:
    env = kind(loader=loader, finalize=escape_markdown if markdown else None, **_OPTIONS)
    configure(env)
    return env


__all__ = [
    "MarkdownText",
    "Markup",
    "Sandbox",
    "SecurityError",
    "builtin_only",
    "city_overrides",
    "environment",
    "escape_markdown",
    "search_path",
]
