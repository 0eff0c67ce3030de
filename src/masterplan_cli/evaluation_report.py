"""`masterplan report`: the plan as carried out, for a year (`progress/<year>/*.yaml`).

The same pipeline and bar as `build` (`builder.py`): check the repository, derive the year's
figures once (`views.evaluation`), render every format from plain data under the same
isolation, then write every file or none. Formats: Markdown, HTML and PDF of the evaluation
report, and the forum dashboard, one self-contained HTML page.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .bilingual import localized
from .builder import (
    GENERATOR,
    BuildError,
    BuildResult,
    Silent,
    checked,
    isolated,
    output_folder,
    pdf_of,
    write,
)
from .errors import UsageError
from .l10n import _
from .project import Plan

if TYPE_CHECKING:
    from jinja2 import BaseLoader

    from .render.isolation import Progress

REPORT_FORMATS = ("md", "html", "pdf", "dashboard")
DEFAULT_REPORT_FORMATS = ("md", "html", "pdf")
TEMPLATES = {"md": "report.md", "html": "report.html", "dashboard": "dashboard.html"}


def report(
    root: Path,
    *,
    year: int | None = None,
    formats: Sequence[str] = DEFAULT_REPORT_FORMATS,
    out_dir: Path | None = None,
    language: str | None = None,
    strict: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    started = time.perf_counter()
    progress = progress or Silent()
    root = root.resolve()
    formats = [f for f in REPORT_FORMATS if f in formats]
    out_dir = output_folder(root, out_dir)
    plan, problems = checked(root, strict, progress, language, reports=True)
    language = language or plan.language
    year = report_year(plan, year)

    with progress("derive"):
        context = derive(plan, year, language)

    def work(step_progress: Progress, max_pages: int) -> dict[str, object]:
        return render(plan, context, formats, step_progress, max_pages)

    rendered = isolated(plan, work, "pdf" in formats, progress)
    stem = f"evaluasi-{year}" if language == "id" else f"evaluation-{year}"
    names = {
        "md": f"{stem}.md",
        "html": f"{stem}.html",
        "pdf": f"{stem}.pdf",
        "dashboard": f"dasbor-{year}.html" if language == "id" else f"dashboard-{year}.html",
    }
    pages = rendered.get("pages")
    outputs = {
        out_dir / names[f]: (f, rendered[f], pages if f == "pdf" and isinstance(pages, int) else None)
        for f in formats
    }
    with progress("write"):
        written = write(outputs)  # type: ignore[arg-type]
    warnings = rendered.get("warnings")
    return BuildResult(
        written,
        time.perf_counter() - started,
        problems,
        pages if isinstance(pages, int) else None,
        [str(w) for w in warnings] if isinstance(warnings, list) else [],
    )


def report_year(plan: Plan, year: int | None) -> int:
    """The year asked for, which must lie in the period; else the last year reported, else the
    period's first year (a plan with no realisation yet says so)."""
    from .views import reported_years

    period = plan.masterplan.period
    if year is None:
        return (reported_years(plan) or (period.start,))[-1]
    if not period.start <= year <= period.end:
        raise UsageError(
            _("--year {year} is outside the masterplan's period {start}–{end}").format(
                year=year, start=period.start, end=period.end
            )
        )
    return year


def derive(plan: Plan, year: int, language: str) -> dict[str, object]:
    from .i18n import Messages
    from .render.context import funding_names
    from .render.evaluation import report_context
    from .views import evaluation

    plan = localized(plan, language)  # every text once, in the report's language
    figures = evaluation(plan, year, language, funding_names(Messages(language)))
    return dict(report_context(plan, figures, language, GENERATOR))


def render(
    plan: Plan, context: dict[str, object], formats: Sequence[str], progress: Progress, max_pages: int
) -> dict[str, object]:
    from .render.environment import search_path

    loader = search_path(plan.root / "templates", plan.root)
    rendered: dict[str, object] = {}
    for fmt in formats:
        if fmt != "pdf":
            with progress(fmt):
                rendered[fmt] = render_one(fmt, loader, context)
    if "pdf" in formats:
        html = rendered.get("html") or render_one("html", loader, context)
        with progress("pdf"):
            rendered.update(pdf_of(plan, str(html), max_pages, progress))
    return rendered


def render_one(fmt: str, loader: BaseLoader, context: dict[str, object]) -> str:
    """One output, with its own table of contents and caption numbers; the contents, known
    once the body is rendered, put in their place."""
    from .render import html_document, md_document
    from .render.context import TOC_PLACEHOLDER, Numbering, Toc
    from .render.environment import environment
    from .render.md_document import GithubToc

    markdown = fmt == "md"
    env = environment(
        loader, md_document.configure if markdown else html_document.configure, markdown=markdown
    )
    numbers = context["numbers"]
    assert isinstance(numbers, Numbering)
    toc: Toc = GithubToc(max_level=1) if fmt == "md" else Toc(max_level=1)
    own = {**context, "toc": toc, "numbers": numbers.fresh()}
    body = env.get_template(TEMPLATES[fmt]).render(own)
    contents = env.get_template(f"toc.{'md' if fmt == 'md' else 'html'}").render(
        {**own, "entries": toc.entries}
    )
    text = body.replace(TOC_PLACEHOLDER, contents.strip("\n"), 1)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n" if fmt == "md" else text


__all__ = ["REPORT_FORMATS", "BuildError", "report"]
