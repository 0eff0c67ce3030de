"""GitHub-flavoured Markdown for CI pages: step summaries and pull-request comments.

City data arrives through pull requests, so every piece of it is escaped before it lands in a
table cell or a paragraph: a `|` would split a cell, a newline would end the row (TECH-NOTES),
and `<`/`>` would be read as HTML; control characters are escaped (`terminal.printable`), as
the Markdown is also printed to CI logs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .terminal import printable

_INLINE = re.compile(r"([\\`*_\[\]#|~])")


def html(value: object) -> str:
    """Plain text inside HTML (a `<summary>`, where Markdown is not read): one line."""
    words = printable(" ".join(str(value).split()))
    return words.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text(value: object) -> str:
    """Plain text as inline Markdown: HTML and Markdown syntax escaped, one line."""
    return _INLINE.sub(r"\\\1", html(value))


def code(value: object) -> str:
    """An inline code span that survives backticks and pipes in the value (inside a table
    cell GFM still splits at `|`, even in code; `\\|` is the escape it honours)."""
    words = printable(" ".join(str(value).split())).replace("|", "\\|")
    fence = "`"
    while fence in words:
        fence += "`"
    padding = " " if words.startswith("`") or words.endswith("`") else ""
    return f"{fence}{padding}{words}{padding}{fence}"


def table(header: Sequence[str], rows: Iterable[Sequence[str]], align: str = "") -> str:
    """A GFM table from already-escaped cells; `align` holds one of `l`/`r` per column."""
    marks = {"l": ":---", "r": "---:"}
    rule = [marks.get(a, "---") for a in align.ljust(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def details(summary: str, body: str) -> str:
    """A collapsible section; `summary` is HTML (see `html`), `body` Markdown."""
    return f"<details>\n<summary>{summary}</summary>\n\n{body.rstrip()}\n\n</details>\n"
