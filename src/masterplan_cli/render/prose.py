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

For the Markdown output the token stream is written back as Markdown (`to_markdown`), so the
same rules hold there: the text of every token is escaped, links are re-validated, no image
survives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..links import anchor_target, link_kind


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
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(6, int(token.tag[1]) + base)
            token.tag = f"h{level}"
            token.markup = "#" * level


# Plain prose (most descriptions: words, digits, punctuation, paragraphs) needs no parser: its
# HTML is its paragraphs, its Markdown the text itself. `_plain_paragraphs` recognises it
# conservatively (any character or line start Markdown could read as syntax sends the text
# to the parser); a property test checks that both paths agree.
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]<>|~&\t\r\x00\x0b\x0c]")
_BLOCK_START = re.compile(r"[-+*>#=:]|\d+[.)]|\s")


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
    tokens = parser().parse(text)
    _demote(tokens, heading_base)
    for n, token in enumerate(tokens):
        if token.type == "table_open":
            token.attrSet("class", "prose-table" + _width_class(tokens, n))
            token.attrSet("tabindex", "0")  # it may scroll sideways on a screen: keyboard too
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
    not in `anchors` — replaced by its text."""
    kept: list[Token] = []
    dropping = False  # inside a link being dropped (links do not nest)
    for child in children:
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            kind = link_kind(href)
            dropping = kind == "refused" or (kind == "anchor" and anchor_target(href) not in anchors)
            if dropping:
                continue
        elif child.type == "link_close" and dropping:
            dropping = False
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
    if plain is not None:
        return "\n\n".join("\n".join(lines) for lines in plain)
    return _MarkdownWriter(_tokens(text, heading_base, _ANCHORS.get())).write().strip("\n")


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


# --- writing tokens back as Markdown --------------------------------------------------------

_TEXT_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# what would start a block if it stood at the start of a line: a list item, a heading, a
# quote, a thematic break, a setext underline or a table's delimiter row
_LINE_START = re.compile(
    r"^(\s*)(?:(?P<bullet>[-+*])(?=\s|$)|(?P<hash>#)(?=#{0,5}(\s|$))|(?P<quote>>)"
    r"|(?P<number>\d{1,9})(?P<dot>[.)])(?=\s|$)|(?P<rule>[-_*])(?=(?:[ \t]*(?P=rule)){2,}[ \t]*$)"
    r"|(?P<setext>[=-])(?=(?P=setext)*[ \t]*$)"
    r"|(?=[:-][\s:|-]*$)(?=.*-)(?P<delim>[:-]))"  # a table's delimiter row
)


def escape_text(text: str) -> str:
    """Escape Markdown's inline syntax in plain text (the text of one token)."""
    return _ENTITY.sub("\\&", _TEXT_SPECIAL.sub(r"\\\1", text))


def escape_line_starts(text: str) -> str:
    """Escape what would start a block (`- `, `# `, `1. `, `---`) at the start of each line."""

    def fix(match: re.Match[str]) -> str:
        if match["number"]:
            return f"{match[1]}{match['number']}\\{match['dot']}"
        marker = (
            match["bullet"]
            or match["hash"]
            or match["quote"]
            or match["rule"]
            or match["setext"]
            or match["delim"]
        )
        return f"{match[1]}\\{marker}"

    return "\n".join(_LINE_START.sub(fix, line, count=1) for line in text.split("\n"))


def _link_destination(url: str) -> str:
    return "".join(f"%{ord(c):02X}" if c in " ()<>\\" or ord(c) < 0x20 else c for c in url)


class _MarkdownWriter:
    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.i = 0

    def write(self) -> str:
        return self._blocks(None)

    def _blocks(self, until: str | None) -> str:
        parts: list[tuple[str, bool]] = []  # (text, tight)
        while self.i < len(self.tokens):
            token = self.tokens[self.i]
            if until is not None and token.type == until:
                self.i += 1
                break
            parts.append(self._block(token))
        out = ""
        for n, (text, tight) in enumerate(parts):
            if n:
                out += "\n" if tight else "\n\n"
            out += text
        return out

    def _block(self, token: Token) -> tuple[str, bool]:
        kind = token.type
        self.i += 1
        if kind == "paragraph_open":
            text = escape_line_starts(self._inline(self.tokens[self.i]))
            self.i += 2  # inline, paragraph_close
            return text, token.hidden
        if kind == "heading_open":
            text = self._inline(self.tokens[self.i]).replace("\n", " ")
            # a run of `#` at the end would be read as the heading's closing sequence
            text = re.sub(r"#+$", lambda run: "\\#" * len(run[0]), text)
            self.i += 2
            return f"{token.markup} {text}", False
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self._list(token), False
        if kind == "blockquote_open":
            inner = self._blocks("blockquote_close")
            return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n")), False
        if kind in ("fence", "code_block"):
            content = (
                token.content if not token.content or token.content.endswith("\n") else token.content + "\n"
            )
            longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
            fence = "`" * max(3, longest + 1)
            info = re.sub(r"[^A-Za-z0-9_+-]", "", token.info.split(" ")[0]) if kind == "fence" else ""
            return f"{fence}{info}\n{content}{fence}", False
        if kind == "hr":
            return "---", False
        if kind == "table_open":
            return self._table(), False
        if kind == "inline":  # not expected at block level; keep the text
            return escape_line_starts(self._inline(token)), False
        return "", True  # closing or unknown tokens carry no text

    def _list(self, opening: Token) -> str:
        ordered = opening.type == "ordered_list_open"
        number = int(opening.attrGet("start") or 1) if ordered else 0
        close = opening.type.replace("_open", "_close")
        items: list[str] = []
        # loose or tight as the parser saw it: the paragraphs of a tight list's items are hidden
        tight = True
        for token in self.tokens[self.i :]:
            if token.type == close and token.level == opening.level:
                break
            if token.type == "paragraph_open" and token.level == opening.level + 2 and not token.hidden:
                tight = False
                break
        while self.i < len(self.tokens) and self.tokens[self.i].type != close:
            item = self.tokens[self.i]
            self.i += 1
            if item.type != "list_item_open":
                continue
            body = self._blocks("list_item_close")
            # the list's own marker: two lists that touch differ only by it (`-` then `+`)
            marker = f"{number}{opening.markup or '.'} " if ordered else f"{opening.markup or '-'} "
            number += 1
            indent = " " * len(marker)
            lines = body.split("\n")
            items.append(
                "\n".join([marker + lines[0]] + [indent + line if line else "" for line in lines[1:]])
            )
        self.i += 1  # list close
        return ("\n" if tight else "\n\n").join(items)

    def _table(self) -> str:
        rows: list[list[str]] = []
        aligns: list[str] = []
        while self.i < len(self.tokens) and self.tokens[self.i].type != "table_close":
            token = self.tokens[self.i]
            self.i += 1
            if token.type == "tr_open":
                rows.append([])
            elif token.type in ("th_open", "td_open"):
                if token.type == "th_open":
                    aligns.append(str(token.attrGet("style") or ""))
                cell = self._inline(self.tokens[self.i]).replace("\n", " ")
                rows[-1].append(cell)
                self.i += 2
        self.i += 1
        if not rows:
            return ""
        width = len(rows[0])
        delimiter = []
        for style in aligns[:width]:
            delimiter.append(
                {"text-align:left": ":---", "text-align:right": "---:", "text-align:center": ":---:"}.get(
                    style, "---"
                )
            )
        lines = ["| " + " | ".join(rows[0]) + " |", "| " + " | ".join(delimiter) + " |"]
        for row in rows[1:]:
            row = (row + [""] * width)[:width]
            lines.append("| " + " | ".join(row) + " |")
        return "\n".join(lines)

    def _inline(self, token: Token) -> str:
        out: list[str] = []
        for child in token.children or []:
            kind = child.type
            if kind in ("text", "text_special"):
                out.append(escape_text(child.content))
            elif kind == "softbreak":
                out.append("\n")
            elif kind == "hardbreak":
                out.append("\\\n")
            elif kind == "code_inline":
                longest = max((len(run) for run in re.findall(r"`+", child.content)), default=0)
                ticks = "`" * (longest + 1)
                content = child.content
                # the parser strips one space from each end when both ends have one (and the
                # span is not all spaces): pad to keep them, as to keep a backtick at either end
                spaced = content.startswith(" ") and content.endswith(" ") and content.strip(" ") != ""
                pad = " " if content.startswith("`") or content.endswith("`") or spaced else ""
                out.append(f"{ticks}{pad}{child.content}{pad}{ticks}")
            elif kind in ("em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"):
                out.append(child.markup)  # as written: `_*x*_` must not become `**x**`
            elif kind == "link_open":
                href = str(child.attrGet("href") or "")
                out.append("[" if is_safe_link(href) else "")
                child.meta["keep"] = is_safe_link(href)
                self._open_link = child
            elif kind == "link_close":
                link = getattr(self, "_open_link", None)
                if link is not None and link.meta.get("keep"):
                    out.append(f"]({_link_destination(str(link.attrGet('href') or ''))})")
            else:  # anything else keeps its text, escaped
                out.append(escape_text(child.content))
        return "".join(out)
