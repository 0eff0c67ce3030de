"""The HTML document: one self-contained file (CSS, SVG and logo inline), also the source of
the PDF."""

from __future__ import annotations

import re

from jinja2 import BaseLoader, Environment
from markupsafe import Markup, escape

from .charts import fit, text_width
from .context import TOC_PLACEHOLDER, TemplateContext, Toc, fill_lists
from .environment import environment
from .prose import linkable_anchors, to_html

MAIN_TEMPLATE = "masterplan.html"
TOC_TEMPLATE = "toc.html"
LIST_TEMPLATE = "captions.html"


_RANGE = re.compile(r"\d{4}\s*[–-]\s*\d{4}")
_ANCHOR_LINK = re.compile(r'<a\b[^>]*\bhref="#([^"]*)"[^>]*>(.*?)</a>', re.S)
_ID = re.compile(r'\bid="([^"]*)"')
# a captioned table, from its start tag and caption (with its running label) to its end
_CAPTIONED = re.compile(
    r'(<table\b[^>]*>)\s*<caption\b[^>]*?\sdata-running="([^"]*)"(?:(?!</table>).)*</table>', re.S
)
# A table of at most this many body rows is kept on one page (`table.short`): split, its last
# rows went alone to a page before the chapter's break (Padang's Tabel 2.2 and 3.25: 7% and
# 16% of a page).
SHORT_TABLE_ROWS = 12
# The centre of a portrait page's header (style.css `@top-center`: 30% of the 170 mm text
# width) in 7 pt bold: a continued card's label stays on one line there. `text_width`
# overestimates Noto Sans Bold by about 7% (Padang: 140 pt estimated, 131 pt drawn).
RUNNING_CENTRE_PT = 0.30 * 170 / 25.4 * 72
RUNNING_SIZE_PT = 7


def label_continuations(html: str) -> str:
    """`html` with each captioned table's first `<tbody>` carrying the caption's running label
    ("Tabel 3.2 (lanjutan)"), an empty `table-end` after the table, and a short table marked
    `short` (the print stylesheet keeps it on one page). The print stylesheet sets a page's
    header from the label on the pages the table goes on to, and clears it at the end. The label is on the body, not the caption, so that a table that starts a page
    does not call itself continued there (`string(…, start)` takes a value set by the first
    thing on a page); the end is an element of its own because WeasyPrint applies a
    `string-set` of an element that spans pages (a section, a long prose block) on each."""

    def label(match: re.Match[str]) -> str:
        attribute = f' data-running="{match[2]}"'
        table = match[0].replace(attribute, "", 1).replace("<tbody", "<tbody" + attribute, 1)
        if table.count("<tr", table.find("<tbody")) <= SHORT_TABLE_ROWS:
            start = match[1]
            short = (
                start.replace(' class="', ' class="short ', 1)
                if ' class="' in start
                else start[:-1] + ' class="short">'
            )
            table = short + table[len(start) :]
        return f'{table}<div class="table-end" aria-hidden="true"></div>'

    return _CAPTIONED.sub(label, html)


def unlink_absent(html: str) -> str:
    """`html` with each link to an anchor it lacks shown as its text: a book holds some
    chapters, and a link into another book would lead nowhere."""
    ids = set(_ID.findall(html))
    return _ANCHOR_LINK.sub(lambda m: m[0] if m[1] in ids else m[2], html)


def keep_ranges(text: object) -> Markup:
    """`text`, escaped, with each year range (`2024–2028`) kept on one line: a line may
    otherwise break after the en dash, leaving the last year alone on the next line."""
    escaped = str(escape(text))
    return Markup(_RANGE.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', escaped))


def running_label(text: object, suffix: str) -> str:
    """`text (suffix)` for the page header's centre ("KOMINFO-03 Jaringan… (lanjutan)"): `text`
    cut after its last whole word that fits, with an ellipsis, so that the whole label is one
    line there (a long program name took two to four lines)."""
    tail, words = f" ({suffix})", str(text).split(" ")
    room = RUNNING_CENTRE_PT - text_width(tail, RUNNING_SIZE_PT, bold=True)
    if text_width(str(text), RUNNING_SIZE_PT, bold=True) <= room:
        return f"{text}{tail}"
    kept = 1  # the program's id, whole if it fits at all
    while text_width(" ".join(words[: kept + 1]) + "…", RUNNING_SIZE_PT, bold=True) <= room:
        kept += 1
    short = " ".join(words[:kept]).rstrip(" ,;:–—-") + "…"
    if text_width(short, RUNNING_SIZE_PT, bold=True) > room:  # an id longer than the room
        short = fit(short, room, RUNNING_SIZE_PT, bold=True)
    return short + tail


def configure(env: Environment) -> None:
    """The HTML document's filters."""
    env.filters["running"] = running_label
    env.filters["md"] = lambda text, base=3: Markup(to_html(str(text), int(base)))
    env.filters["md_cell"] = lambda text: Markup(to_html(str(text), 6))
    env.filters["keep_ranges"] = keep_ranges


def render_html(context: TemplateContext, loader: BaseLoader) -> str:
    env = environment(loader, configure)
    fresh = {"toc": Toc(max_level=2), "numbers": context["numbers"].fresh()}
    context = TemplateContext(**{**context, **fresh})  # type: ignore[typeddict-item]
    with linkable_anchors(context["views"].anchors):  # type: ignore[attr-defined]  # a Record of Views
        body = env.get_template(MAIN_TEMPLATE).render(context)
        toc = env.get_template(TOC_TEMPLATE).render({**context, "entries": context["toc"].entries})
        html = fill_lists(env, context, body.replace(TOC_PLACEHOLDER, toc, 1), LIST_TEMPLATE)
    html = label_continuations(html)
    return unlink_absent(html) if context["book"].number else html
