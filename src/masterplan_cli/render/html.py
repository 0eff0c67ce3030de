"""The HTML document: one self-contained file (CSS, SVG and logo inline), also the source of
the PDF."""

from __future__ import annotations

from jinja2 import BaseLoader
from markupsafe import Markup

from .context import TOC_PLACEHOLDER, TemplateContext, Toc
from .environment import html_environment
from .markdown import to_html

MAIN_TEMPLATE = "masterplan.html"
TOC_TEMPLATE = "toc.html"


def render_html(context: TemplateContext, loader: BaseLoader) -> str:
    env = html_environment(loader)
    env.filters["md"] = lambda text, base=3: Markup(to_html(str(text), int(base)))
    fresh = {"toc": Toc(max_level=2), "numbers": context["numbers"].fresh()}
    context = TemplateContext(**{**context, **fresh})  # type: ignore[typeddict-item]
    body = env.get_template(MAIN_TEMPLATE).render(context)
    toc = env.get_template(TOC_TEMPLATE).render({**context, "entries": context["toc"].entries})
    return body.replace(TOC_PLACEHOLDER, toc, 1)
