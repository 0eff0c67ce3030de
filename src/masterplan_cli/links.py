"""Where a link in a city's text may lead, and which anchors the document has.

One definition for the renderer (which makes links) and for `check` (which reports the ones
that would not be made); light, so that `check` stays free of markdown-it and Jinja.

A link in a city's Markdown may go to the web (`http`, `https`), to a mailbox (`mailto`), or
to an anchor of the document (`#program-kominfo-01`). Anything else is refused: a relative
path or `file:` URL means a file on the machine that builds (in a PDF, its absolute path),
`//host` and `ftp:` fetch from elsewhere, `javascript:` and `data:` run or embed content. An
anchor must be one every output has: a program's (`#program-<id in lower case>`) or an OPD's
(`#opd-<id>`); a link to another anchor is shown as its text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Literal

LinkKind = Literal["web", "mail", "anchor", "refused"]

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_KINDS: dict[str, LinkKind] = {"http": "web", "https": "web", "mailto": "mail"}


def link_kind(url: str) -> LinkKind:
    """What kind of place `url` (a link's destination as written) leads to."""
    url = url.strip()
    if not url or any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in url):
        return "refused"
    if url.startswith("#"):
        return "anchor"
    scheme = _SCHEME.match(url)
    if scheme is None or url.startswith(("//", "\\\\", "/\\", "\\/")):
        return "refused"
    kind = _KINDS.get(scheme[1].lower(), "refused")
    # `http:foo` or `http:/x` has no host: a relative path in disguise
    return kind if kind != "web" or url[scheme.end() :].startswith("//") else "refused"


def program_anchor(program_id: str) -> str:
    return "program-" + program_id.lower()


def opd_anchor(opd_id: str) -> str:
    return "opd-" + opd_id


def document_anchors(program_ids: Iterable[str], opd_ids: Iterable[str]) -> frozenset[str]:
    """The anchors a link in a city's text may name: those every output (Markdown, HTML,
    PDF) has, whatever the language."""
    return frozenset([*map(program_anchor, program_ids), *map(opd_anchor, opd_ids)])


def anchor_target(url: str) -> str:
    """The anchor a `#…` link names, percent-escapes decoded as a browser decodes them."""
    from urllib.parse import unquote

    return unquote(url.strip()[1:])


# --- finding links without a Markdown parser (for `check`) -----------------------------------

_CODE = re.compile(r"^( {0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\2[`~]*[ \t]*$|\Z)|(`+).+?\3", re.M | re.S)
_LINK = re.compile(
    r"\]\(\s*(?:<(?P<angled>[^>\n]*)>|(?P<bare>[^\s()]*(?:\([^\s()]*\)[^\s()]*)*))"  # [text](dest)
    r"|^ {0,3}\[[^\]\n]+\]:[ \t]*<?(?P<reference>[^\s>]+)"  # [label]: dest
    r"|<(?P<auto>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>",  # <scheme:dest>
    re.M,
)


def find_links(text: str) -> Iterator[tuple[int, str]]:
    """Each link destination in Markdown `text` and its offset: inline links, reference
    definitions and autolinks, outside code and images. It finds what markdown-it would make a link in
    all but contrived texts; the renderer decides for itself in any case."""
    if "](" not in text and "]:" not in text and "<" not in text:
        return
    blanked = _CODE.sub(lambda m: " " * len(m.group()), text) if "`" in text or "~~~" in text else text
    for match in _LINK.finditer(blanked):
        if match.group().startswith("]") and blanked[: match.start()].rpartition("[")[0].endswith("!"):
            continue  # an image: it becomes its alt text, never a link or a fetch
        for group in ("angled", "bare", "reference", "auto"):
            if match[group] is not None:
                yield match.start(group), match[group]
                break
