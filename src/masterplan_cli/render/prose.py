"""Free-text fields (profile, foreword, descriptions) are Markdown written by the city: render
them safely, to HTML and back to Markdown.

One parser for both outputs: markdown-it's `js-default` preset (raw HTML off) with GFM tables
and strikethrough. What the city writes can never become active content:

* raw HTML is text (`<script>` shows as `<script>`);
* a link stays a link only if it is http, https, mailto or an anchor of the document
  (`links.py`); a relative path, or an anchor the document lacks, becomes the link's text;
  any other destination (`javascript:`, `data:`, `file:`, `//host`) leaves the text as it
  was typed;
* images are dropped and replaced by their alt text: the document embeds nothing that the
  city did not put in the repository, and fetches nothing (a remote image would also leak
  who opens the document);
* headings are moved below the heading of the section the text stands in.

For the Markdown output the same token stream is written back as Markdown by mdformat's
renderer (`to_markdown`), so the same rules hold there: it escapes the text of every token,
writes only the links kept, and no image survives. A property test (tests/
test_render_markdown.py) parses what it writes and compares the HTML; each gap it found in
mdformat's escaping is closed below (`_Plugin`) or in the token stream (`_tokens`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from typing import TYPE_CHECKING, ClassVar

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..links import anchor_target, link_kind

if TYPE_CHECKING:
    from mdformat.renderer import RenderContext, RenderTreeNode


def is_safe_link(url: str) -> bool:
    """http(s), mailto or a fragment (`links.link_kind`); never a path, `//host` or another scheme."""
    return link_kind(url) != "refused"


# The anchors of the document being rendered (`Views.anchors`), set around a render: a link
# to any other anchor is shown as its text (WeasyPrint would otherwise fail the whole build).
_ANCHORS: ContextVar[frozenset[str]] = ContextVar("anchors", default=frozenset())


@contextmanager
def linkable_anchors(anchors: frozenset[str]) -> Iterator[None]:
    token = _ANCHORS.set(anchors)
    try:
        yield
    finally:
        _ANCHORS.reset(token)


def _parsable(url: str) -> bool:
    """What markdown-it may read as a link or an image: a web, mail or relative target (a
    relative image still becomes its alt text, a relative link its text: `_unlink`); any
    other scheme, `//host` or a control character leaves the source as it was typed."""
    if link_kind(url) != "refused":
        return True
    url = url.strip()
    if any(ord(c) < 0x20 or c == "\x7f" for c in url) or url.startswith(("//", "\\\\", "/\\", "\\/")):
        return False
    return re.match(r"\s*[a-zA-Z][a-zA-Z0-9+.-]*:", url) is None


class _SafeMarkdownIt(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        return _parsable(url)


def _drop_images(state: object) -> None:
    """Core rule: every image becomes its alt text."""
    for token in state.tokens:  # type: ignore[attr-defined]
        if token.type != "inline" or not token.children:
            continue
        children: list[Token] = []
        for child in token.children:
            if child.type == "image":
                alt = Token("text", "", 0)
                alt.content = child.content
                children.append(alt)
            else:
                children.append(child)
        token.children = children


@cache
def parser() -> MarkdownIt:
    md = _SafeMarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.core.ruler.push("drop_images", _drop_images)
    return md


def _demote(tokens: Sequence[Token], base: int) -> None:
    """Move headings down by `base` levels. A heading is one `#` line in the Markdown, which
    cannot break: a forced break (a setext heading can hold one) becomes a space in both."""
    for n, token in enumerate(tokens):
        if token.type in ("heading_open", "heading_close"):
            level = min(6, int(token.tag[1]) + base)
            token.tag = f"h{level}"
            token.markup = "#" * level
        if token.type == "heading_open":
            children = tokens[n + 1].children or []
            while children and children[0].type == "hardbreak":  # a setext heading's `\` line
                children.pop(0)
            for child in children:
                child.type = "softbreak" if child.type == "hardbreak" else child.type


# Plain prose (most descriptions: words, digits, punctuation, paragraphs) needs no parser: its
# HTML is its paragraphs, its Markdown the text itself. `_plain_paragraphs` recognises it
# conservatively (any character or line start Markdown could read as syntax sends the text
# to the parser); a property test checks that both paths agree.
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]<>|~&\t\r\x00\x0b\x0c]")
_BLOCK_START = re.compile(r"[-+*>#=:]|\d+[.)]|\s")
_SPACES = re.compile(" {2,}")


def _plain_paragraphs(text: str) -> list[list[str]] | None:
    """The paragraphs (as lists of lines) of `text` if it is plain prose, else None."""
    if _INLINE_SYNTAX.search(text):
        return None
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if not line:
            if current:
                paragraphs.append(current)
                current = []
            continue
        if line[-1].isspace() or _BLOCK_START.match(line) or not line.isprintable():
            return None
        current.append(line)
    if current:
        paragraphs.append(current)
    return paragraphs


@lru_cache(maxsize=4096)  # Markdown and HTML of one build parse the same texts
def _tokens(text: str, heading_base: int, anchors: frozenset[str]) -> list[Token]:
    tokens = parser().parse(text + "\n")  # a code block open at the end closes with a line end
    _demote(tokens, heading_base)
    for n, token in enumerate(tokens):
        if token.type == "table_open":
            token.attrSet("class", "prose-table" + _width_class(tokens, n))
            token.attrSet("tabindex", "0")  # it may scroll sideways on a screen: keyboard too
        if token.type == "fence":  # only a language's name (`class="language-…"`): mdformat
            # would join an info string of `~` to a `~~~` fence, making it longer
            token.info = re.sub(r"[^\w+-]", "", token.info.split(" ")[0], flags=re.ASCII)
        if token.children:
            token.children = _unlink(token.children, anchors)
    return tokens


def _width_class(tokens: list[Token], start: int) -> str:
    """` wide` or ` widest` for a table of many columns, which the stylesheet sets in smaller
    type (on paper, where it cannot scroll) so that every column stays on the page."""
    columns = 0
    for token in tokens[start:]:
        if token.type == "tr_close":
            break
        columns += token.type == "th_open"
    return " widest" if columns > 12 else " wide" if columns > 6 else ""


def _unlink(children: list[Token], anchors: frozenset[str]) -> list[Token]:
    """The inline tokens with each link that may not be made — a relative path, an anchor
    not in `anchors` — replaced by its text. Texts that now touch become one, as the parser
    leaves them: the Markdown writer escapes `[a]` then `(https://x)` as two texts, each
    harmless alone, but written side by side they make a link."""
    kept: list[Token] = []
    dropped: list[bool] = []  # for each link open here, whether it is dropped (an autolink
    for child in children:  # may stand inside a link's text)
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            kind = link_kind(href)
            dropped.append(kind == "refused" or (kind == "anchor" and anchor_target(href) not in anchors))
            if dropped[-1]:
                continue
        elif child.type == "link_close" and dropped.pop():
            continue
        elif child.type == "text" and kept and kept[-1].type == "text":
            kept[-1].content += child.content
            continue
        kept.append(child)
    return kept


def to_html(text: str, heading_base: int = 3) -> str:
    """HTML of a free-text field; its headings start below level `heading_base`."""
    plain = _plain_paragraphs(text)
    if plain is not None:
        return "".join("<p>" + "\n".join(lines).replace('"', "&quot;") + "</p>\n" for lines in plain)
    md = parser()
    return str(md.renderer.render(_tokens(text, heading_base, _ANCHORS.get()), md.options, {}))


def to_markdown(text: str, heading_base: int = 3) -> str:
    """The field written back as Markdown, with the same guarantees as `to_html`."""
    plain = _plain_paragraphs(text)
    if plain is not None:  # spaces in a row become one, as mdformat writes them
        return _SPACES.sub(" ", "\n\n".join("\n".join(lines) for lines in plain))
    return _write_markdown(_tokens(text, heading_base, _ANCHORS.get()))


_UNESCAPED_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")
_OWN_LINE = re.compile(r"(?:[-+*]|\d{1,9}[.)]|>)(?: |$)")
_HEADING_LINE = re.compile(r"#{1,6} (.*)")


def to_markdown_cell(text: str) -> str:
    """The field as the content of one GFM table cell: one line, its paragraphs and list
    items separated by `<br>`, headings in bold, every pipe escaped (GFM splits a row at a `|`
    even inside a code span)."""
    segments: list[str] = []
    joined = True  # whether the next line continues the current segment
    for line in to_markdown(text, 0).split("\n"):
        line = line.strip()
        if not line:
            joined = False
            continue
        heading = _HEADING_LINE.fullmatch(line)
        if heading:
            segments.append(f"**{heading[1]}**")
            joined = False
            continue
        if joined and segments and not _OWN_LINE.match(line):
            segments[-1] += " " + line
        else:
            segments.append(line)
        joined = True
    return _UNESCAPED_PIPE.sub(lambda m: m[1] + "\\|", "<br>".join(segments))


# --- writing tokens back as Markdown: mdformat's renderer -------------------------------------
# What mdformat leaves to a plugin, or misses, each found by the property test
# (tests/test_render_markdown.py); `_tokens` shapes the stream it writes.


def _escape_more(text: str, node: RenderTreeNode, context: RenderContext) -> str:
    """Every `~` (mdformat escapes none: `~~` would strike through, and a `~` beside a
    strikethrough's `~~` lengthen it); a line end in a text (from `&#10;`) as a reference, not
    a paragraph break or a table row's end; and the second `<` of `<<`, which mdformat's
    pattern skips (`<<a@b.c>` would become a link)."""
    return text.replace("~", "\\~").replace("\n", "&#10;").replace("\\<<", "\\<\\<")


def _no_rule(text: str, node: RenderTreeNode, context: RenderContext) -> str:
    """A list whose item starts with a list, down to an empty item, would begin `- - -`, a
    thematic break: its markers become `+`, which mdformat never writes, so that it stays
    apart from the lists beside it."""
    if re.match(r"([-*])(?: \1){2,}$", text.split("\n", 1)[0]):
        return re.sub(r"^[-*](?= |$)", "+", text, flags=re.M)
    return text


def _strikethrough(node: RenderTreeNode, context: RenderContext) -> str:
    return "~~" + "".join(child.render(context) for child in node.children) + "~~"


class _Plugin:
    """Our mdformat plugin; it runs before the tables'. (mdformat-gfm's own plugin is not
    used: it escapes a task box, `[x]`, at a line start, and so unmakes a link whose text is
    `x`; our parser reads no task lists.)"""

    RENDERERS: ClassVar = {"s": _strikethrough}
    POSTPROCESSORS: ClassVar = {"text": _escape_more, "bullet_list": _no_rule}


@cache
def _markdown_options() -> dict[str, object]:
    """GFM tables (mdformat-gfm's plugin) and lists numbered 1, 2, 3 as a reader expects.
    Imported here: only the Markdown edition needs mdformat."""
    import mdformat.plugins

    tables = mdformat.plugins.PARSER_EXTENSIONS["tables"]
    return {"parser_extension": [_Plugin, tables], "mdformat": {"number": True}}


def _write_markdown(tokens: Sequence[Token]) -> str:
    from mdformat.renderer import MDRenderer

    return str(MDRenderer().render(tokens, _markdown_options(), {}, finalize=False))
