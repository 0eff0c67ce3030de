"""The Markdown document: GitHub-flavoured, for reading on GitHub or GitLab.

Every `{{ value }}` is escaped as Markdown text by the environment; free-text fields are
re-written from their tokens (`prose.to_markdown`, `| md`; `| md_cell` inside a table
cell); headings get GitHub's anchors, which the table of contents links to; each program also
gets a stable anchor of its own.
"""

from __future__ import annotations

import re
import unicodedata

from jinja2 import BaseLoader, Environment

from .context import TOC_PLACEHOLDER, TemplateContext, Toc, fill_lists
from .environment import MarkdownText, environment
from .prose import linkable_anchors, to_markdown, to_markdown_cell

MAIN_TEMPLATE = "masterplan.md"
TOC_TEMPLATE = "toc.md"
LIST_TEMPLATE = "captions.md"
MERMAID_MAX_PROGRAMS = 150  # GitHub refuses diagrams longer than 50,000 characters


def github_slug(text: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation removed, spaces to hyphens."""
    text = text.strip().lower()
    kept = "".join(
        c
        for c in text
        if c in " -_" or unicodedata.category(c)[0] in ("L", "N") or unicodedata.category(c) == "Mn"
    )
    return kept.replace(" ", "-")


class GithubToc(Toc):
    """Headings as GitHub anchors them, duplicates numbered as GitHub numbers them."""

    def __init__(self, max_level: int = 2) -> None:
        super().__init__(max_level=max_level)
        self.seen: dict[str, int] = {}

    def slug(self, title: str) -> str:
        base = github_slug(title)
        count = self.seen.get(base, 0)
        self.seen[base] = count + 1
        return base if count == 0 else f"{base}-{count}"

    def add(self, level: int, anchor: str, title: str, number: str = "", front: bool = False) -> str:
        text = f"{number} {title}".strip()
        return super().add(level, self.slug(text), str(title), str(number), front)


_ANCHOR_LINK = re.compile(r"\[((?:[^\]\\]|\\.)*)\]\(#([^)\s]*)\)")
_HEADING = re.compile(r"^#{1,6} (.+)$", re.M)
_ID = re.compile(r'<a id="([^"]*)"></a>')


def unlink_absent(text: str) -> str:
    """`text` with each link to an anchor it lacks (no heading, no `<a id>`) shown as its
    text: a book holds some chapters, and a link into another book would lead nowhere."""
    toc = GithubToc()
    anchors = {toc.slug(title) for title in _HEADING.findall(text)} | set(_ID.findall(text))
    return _ANCHOR_LINK.sub(lambda m: m[0] if m[2] in anchors else m[1], text)


def mermaid_label(text: str) -> str:
    """A task name Mermaid's gantt syntax cannot misread (`:`, `#` and `;` are syntax)."""
    return re.sub(r"[:#;`\n\r<>]", " ", text).strip() or "-"


def configure(env: Environment) -> None:
    """The Markdown document's filters and globals."""
    env.filters["md"] = lambda text, base=3: MarkdownText(to_markdown(str(text), int(base)))
    env.filters["md_cell"] = lambda text: MarkdownText(to_markdown_cell(str(text)))
    env.filters["mermaid"] = lambda text: MarkdownText(mermaid_label(str(text)))
    env.filters["raw"] = lambda text: MarkdownText(str(text))
    env.globals["mermaid_max_programs"] = MERMAID_MAX_PROGRAMS


def render_markdown(context: TemplateContext, loader: BaseLoader) -> str:
    env = environment(loader, configure, markdown=True)
    fresh = {"toc": GithubToc(max_level=2), "numbers": context["numbers"].fresh()}
    context = TemplateContext(**{**context, **fresh})  # type: ignore[typeddict-item]
    with linkable_anchors(context["views"].anchors):  # type: ignore[attr-defined]  # a Record of Views
        body = env.get_template(MAIN_TEMPLATE).render(context)
        toc = env.get_template(TOC_TEMPLATE).render({**context, "entries": context["toc"].entries})
        text = fill_lists(env, context, body.replace(TOC_PLACEHOLDER, toc.strip("\n"), 1), LIST_TEMPLATE)
    text = unlink_absent(text) if context["book"].number else text
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
