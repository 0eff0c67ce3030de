"""`masterplan build`: a city repository in, the masterplan document out.

The pipeline reads like its stages (mkdocs' `build()` does the same): check the repository,
derive the views, render every format, then write every file. Everything is rendered before
anything is written, and each file is written atomically, so a failed build leaves the
previous outputs as they were.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, cast

from .diagnostics import Diagnostic, Report
from .errors import MasterplanError
from .l10n import _

if TYPE_CHECKING:
    from .cache import Cache, Entry
    from .project import Plan
    from .render.isolation import Progress

FORMATS = ("md", "html", "pdf", "docx")
DEFAULT_FORMATS = ("md", "html", "pdf")  # docx on request: it needs python-docx and cairosvg
GENERATOR = "masterplan"


class BuildRefused(MasterplanError):
    """The repository has errors (or warnings, in strict mode): nothing is built."""

    def __init__(self, report: Report) -> None:
        super().__init__(report.summary())
        self.report = report


class BuildError(MasterplanError):
    """A problem the user can fix (a broken city template, a refused resource)."""


@dataclass(frozen=True)
class WrittenFile:
    format: str
    path: Path
    size: int
    pages: int | None = None  # a PDF's


@dataclass
class BuildResult:
    files: list[WrittenFile]
    seconds: float
    report: Report
    pdf_pages: int | None = None  # the last PDF's (the single volume's)
    warnings: list[str] = field(default_factory=list)
    from_cache: bool = False  # nothing had changed: every file came from the cache


class Silent:
    """Progress that shows nothing."""

    @contextlib.contextmanager
    def __call__(self, step: str) -> Iterator[None]:
        yield

    def advance(self, done: int, total: int, note: str) -> None:
        pass


def build(
    root: Path,
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
    out_dir: Path | None = None,
    language: str | None = None,
    strict: bool = False,
    books: bool = False,
    progress: Progress | None = None,
    use_cache: bool = True,
) -> BuildResult:
    """Build `formats` of the single volume, or of the four books (`books.BOOKS`) instead;
    a format whose inputs have not changed since it was last built comes from the cache
    (unless not `use_cache`: then the cache is neither read nor written)."""
    started = time.perf_counter()
    progress = progress or Silent()
    root = root.resolve()
    formats = [f for f in FORMATS if f in formats]
    use_cache = use_cache and out_dir is None  # the cache is in dist/: with --out, dist/ is not touched
    out_dir = output_folder(root, out_dir)
    options: dict[str, object] = {"language": language, "strict": strict, "books": books}
    cached = Cached.open(root, out_dir, options) if use_cache else Cached(None, "", out_dir)
    hits = cached.hits(formats)
    if len(hits) == len(formats):
        with progress("write"):
            written = write(cached.outputs(hits))
        return cached.result(written, time.perf_counter() - started, hits)

    plan, report = checked(root, strict, progress, language)
    language = language or plan.language

    with progress("derive"):
        context = derive(plan, language)

    from .books import BOOKS, VOLUME, file_stem
    from .render.plain import plain

    missing = [f for f in formats if f not in hits]
    outputs: dict[Path, tuple[str, bytes | str, int | None]] = cached.outputs(hits)
    pages: int | None = None
    warnings: list[str] = []
    for book in BOOKS if books else (VOLUME,):
        rendered, pages, found = render_all(
            plan, {**context, "book": plain(book, language)}, missing, progress
        )
        warnings += found
        stem = file_stem(book, language)
        outputs |= {out_dir / f"{stem}.{f}": (f, rendered[f], pages if f == "pdf" else None) for f in missing}

    with progress("write"):
        written = write(outputs)
    cached.store(missing, outputs, warnings, report)
    return BuildResult(
        written, time.perf_counter() - started, report, pages, warnings + cached.warnings(hits)
    )


def document(root: Path, fmt: str, language: str | None = None) -> bytes | str:
    """One format of the single volume, in memory (`masterplan serve`): checked (`BuildRefused`)
    and rendered as `build` renders it, a city's templates and the PDF in the child process."""
    from .books import VOLUME
    from .render.plain import plain

    plan, _report = checked(root, False, Silent(), language)
    language = language or plan.language
    context = {**derive(plan, language), "book": plain(VOLUME, language)}
    return render_all(plan, context, [fmt], Silent())[0][fmt]


class Cached:
    """What the build cache (`cache.py`) holds for one build: its entries by format."""

    def __init__(self, store: Cache | None, key: str, out_dir: Path) -> None:
        self.cache, self.key, self.out_dir = store, key, out_dir

    @classmethod
    def open(cls, root: Path, out_dir: Path, options: dict[str, object]) -> Cached:
        from . import cache
        from .l10n import language

        store = cache.open_cache(root)
        if store is None:
            return cls(None, "", out_dir)
        return cls(store, cache.key(root, out_dir, {**options, "messages": language()}), out_dir)

    def hits(self, formats: Sequence[str]) -> dict[str, Entry]:
        entries = {fmt: self.cache.load(self.key, fmt) for fmt in formats} if self.cache else {}
        return {fmt: entry for fmt, entry in entries.items() if entry is not None}

    def outputs(self, hits: dict[str, Entry]) -> dict[Path, tuple[str, bytes | str, int | None]]:
        return {
            self.out_dir / name: (fmt, data, pages)
            for fmt, entry in hits.items()
            for name, (data, pages) in entry.files.items()
        }

    @staticmethod
    def warnings(hits: dict[str, Entry]) -> list[str]:
        return [warning for entry in hits.values() for warning in entry.warnings]

    def result(self, written: list[WrittenFile], seconds: float, hits: dict[str, Entry]) -> BuildResult:
        report = _report_of(next(iter(hits.values())).report)
        pages = next((file.pages for file in reversed(written) if file.format == "pdf"), None)
        return BuildResult(written, seconds, report, pages, self.warnings(hits), from_cache=True)

    def store(
        self,
        formats: Sequence[str],
        outputs: dict[Path, tuple[str, bytes | str, int | None]],
        warnings: list[str],
        report: Report,
    ) -> None:
        """Keep each format's files; the build's warnings go with its PDF (they are WeasyPrint's)."""
        from .cache import Entry

        if self.cache is None:
            return
        with_warnings = "pdf" if "pdf" in formats else formats[0]
        for fmt in formats:
            files = {
                path.name: (data.encode("utf-8") if isinstance(data, str) else data, pages)
                for path, (kind, data, pages) in outputs.items()
                if kind == fmt
            }
            said = warnings if fmt == with_warnings else []
            self.cache.store(self.key, fmt, Entry(files, said, _report_data(report)))


def _report_data(report: Report) -> dict[str, object]:
    """The check's report as JSON data, with the lines of the files it quotes."""
    quoted = {d.path for d in report.diagnostics}
    return {
        "files_checked": report.files_checked,
        "diagnostics": [dataclasses.asdict(d) for d in report.diagnostics],
        "sources": {path: text for path, text in report.sources.items() if path in quoted},
    }


def _report_of(data: dict[str, object]) -> Report:
    diagnostics = cast("list[dict[str, Any]]", data["diagnostics"])
    if diagnostics:
        from . import checker  # noqa: F401  (registers the rules a diagnostic names)
    return Report(
        [Diagnostic(**fields) for fields in diagnostics],
        cast(int, data["files_checked"]),
        cast("dict[str, str]", data["sources"]),
    )


def checked(
    root: Path, strict: bool, progress: Progress, language: str | None = None, *, reports: bool = False
) -> tuple[Plan, Report]:
    """The plan, checked (its texts in `language` too, MP260, the progress files' when it
    `reports` them); `BuildRefused` when it has errors (or warnings, in strict mode)."""
    from .checker import check_repository

    with progress("check"):
        plan, report = check_repository(root, language=language, progress=reports)
    if plan is None or report.failed(strict=strict) or plan.partial or plan.masterplan.city is None:
        raise BuildRefused(report)
    return plan, report


def output_folder(root: Path, out_dir: Path | None) -> Path:
    """The folder given with --out, else the repository's `dist/`."""
    if out_dir is not None:
        return out_dir
    # `dist` comes with the repository: a pull request could make it a link to any folder
    # the build can write to. A folder given with --out is the user's own choice.
    if (root / "dist").is_symlink() and not _inside(root, root / "dist"):
        raise BuildError(
            _(
                "dist/ is a link that leads outside the repository; nothing was written "
                "(remove the link, or choose the folder with --out)"
            )
        )
    return root / "dist"


def _inside(root: Path, path: Path) -> bool:
    from .project import inside  # not at the top: a build from the cache does not load a plan

    return inside(root, path)


def derive(plan: Plan, language: str) -> dict[str, object]:
    from .bilingual import localized
    from .i18n import Messages
    from .render.context import funding_names, make_context
    from .review import load
    from .views import derive as derive_views

    plan = localized(plan, language)  # every text once, in the document's language
    views = derive_views(plan, language, funding_names(Messages(language)), load(plan))
    return dict(make_context(plan, views, language, GENERATOR))


def render_all(
    plan: Plan, context: dict[str, object], formats: Sequence[str], progress: Progress
) -> tuple[dict[str, bytes | str], int | None, list[str]]:
    """Every format, rendered (`isolated`)."""

    def work(step_progress: Progress, max_pages: int) -> dict[str, object]:
        return _render(plan, context, formats, step_progress, max_pages)

    result = isolated(plan, work, "pdf" in formats, progress)
    rendered: dict[str, bytes | str] = {fmt: cast("bytes | str", result[fmt]) for fmt in formats}
    pages, warnings = result.get("pages"), result.get("warnings")
    return (
        rendered,
        pages if isinstance(pages, int) else None,
        [str(w) for w in warnings] if isinstance(warnings, list) else [],
    )


def isolated(
    plan: Plan, work: Callable[[Progress, int], dict[str, object]], pdf: bool, progress: Progress
) -> dict[str, object]:
    """`work(progress, max_pages)`, its failures in a city template made `BuildError`s. A
    city's templates and the PDF render in a child process under the operating system's
    limits (`render/isolation.py`); the built-in templates alone, for Markdown and HTML,
    render here (they are part of the package, and quick)."""
    from .render import isolation

    city_templates = _city_has_templates(plan.root)
    try:
        limits = isolation.Limits.from_environment()
    except ValueError as error:
        raise BuildError(str(error)) from None

    def deadline(step: str) -> float | None:
        if step == "pdf":
            return limits.pdf_seconds
        return limits.template_seconds if city_templates else None

    def guarded(step_progress: Progress) -> dict[str, object]:
        with template_errors(plan.root, city_templates):
            return work(step_progress, int(limits.pdf_pages))

    if (not city_templates and not pdf) or not isolation.available():
        return guarded(progress)
    try:
        return isolation.run(
            guarded,
            progress,
            limits,
            deadline,
            lambda frame: _template_at(frame, plan.root),
            _timeout_message,
            (BuildError,),
        )
    except isolation.RenderFailed as error:
        raise BuildError(str(error)) from None


def _render(
    plan: Plan,
    context: dict[str, object],
    formats: Sequence[str],
    progress: Progress,
    max_pages: int,
) -> dict[str, object]:
    from .render.context import TemplateContext
    from .render.environment import search_path

    typed = TemplateContext(**context)  # type: ignore[typeddict-item]
    loader = search_path(plan.root / "templates", plan.root)
    rendered: dict[str, object] = {}
    if "md" in formats:
        from .render.md_document import render_markdown

        with progress("md"):
            rendered["md"] = render_markdown(typed, loader)
    if {"html", "pdf", "docx"} & set(formats):
        from .render.html_document import render_html
        from .render.theme import heading_colour

        with progress("html"):
            html = render_html(typed, loader)
        rendered["html"] = html
        if "pdf" in formats:
            with progress("pdf"):
                rendered.update(pdf_of(plan, html, max_pages, progress))
        if "docx" in formats:
            with progress("docx"):
                rendered["docx"] = _docx(
                    html,
                    typed["lang"],
                    typed["title"],
                    typed["author"],
                    heading_colour(plan.masterplan.theme),
                )
    return rendered


def pdf_of(plan: Plan, html: str, max_pages: int, progress: Progress | None = None) -> dict[str, object]:
    """The PDF of `html`: `pdf` (bytes), `pages` and `warnings`; `progress` hears of each
    chapter the layout reaches."""
    from .render.pdf import PdfError, render_pdf
    from .resources import templates_dir

    try:
        result = render_pdf(
            html,
            base_dir=plan.root,
            allowed_roots=[templates_dir()],
            max_pages=max_pages,
            progress=None
            if progress is None
            else (lambda chapter, chapters, page: progress.advance(chapter, chapters, f"page {page}")),
        )
    except PdfError as error:
        raise BuildError(_("the PDF could not be made: {error}").format(error=error)) from None
    warnings = result.warnings + foreign_fonts(result.fonts, plan.masterplan.document.font)
    return {"pdf": result.data, "pages": result.pages, "warnings": warnings}


@contextlib.contextmanager
def template_errors(root: Path, city_templates: bool) -> Iterator[None]:
    """A failure in a city template as a `BuildError` that says where; in a built-in
    template it is a bug, and stays one."""
    from jinja2 import TemplateError, TemplateNotFound

    try:
        yield
    except BuildError:
        raise
    except Exception as error:  # a city template can raise anything: `{{ 1/0 }}`, range(10**9),
        # a limit of the sandbox (`render/sandbox.py`: too large)
        if not city_templates:
            raise  # a built-in template failed: a bug
        message = (
            (error.message if isinstance(error, TemplateError) else None)
            or str(error)
            or type(error).__name__
        )
        if isinstance(error, TemplateNotFound):
            message = _("no template `{name}` in templates/ or the built-in templates").format(
                name=error.name
            )
        if isinstance(error, RecursionError):  # Python words it by where the limit was hit
            message = _("maximum recursion depth exceeded")
        elif isinstance(error, MemoryError):
            message = _("it ran out of memory (the limit is set by MASTERPLAN_MEMORY_LIMIT, in MiB)")
        raise BuildError(
            _("a template failed{template_place}: {message}").format(
                template_place=_template_place(error, root), message=message
            )
        ) from None


def _timeout_message(step: str, seconds: float, where: str) -> str:
    if step == "pdf":
        return _("the PDF could not be made: laying it out took longer than {seconds:g} s").format(
            seconds=seconds
        )
    return _("a template failed{where}: template rendering took longer than {seconds:g} s").format(
        where=where, seconds=seconds
    )


def _template_at(frame: FrameType | None, root: Path) -> str:
    """` (templates/html/x.html:3)`: the innermost city template running in `frame` and the
    frames that called it (Jinja keeps the template in its code's globals)."""
    from .render.sandbox import render_frames

    for each in render_frames(frame):
        template = each.f_globals.get("__jinja_template__")
        filename = getattr(template, "filename", None) or ""
        if template is not None and filename and Path(filename).is_relative_to(root / "templates"):
            line = template.get_corresponding_lineno(each.f_lineno)
            return f" ({Path(filename).relative_to(root).as_posix()}:{line})"
    return ""


def foreign_fonts(embedded: Sequence[str], own: str | None) -> list[str]:
    """A warning when the PDF took a font from this machine: for characters the bundled fonts
    lack, so that another machine makes another PDF."""
    from .fonts import FACES

    foreign = sorted(set(embedded) - {face.family for face in FACES} - {own})
    if not foreign:
        return []
    return [
        _(
            "the PDF uses {foreign} from this machine for characters the bundled fonts cannot draw: another machine may make another PDF (`masterplan check` says where)"
        ).format(foreign=", ".join(foreign))
    ]


def _docx(html: str, language: str, title: str, author: str, heading: str | None) -> bytes:
    from .render.docx_document import DocxError, render_docx

    try:
        return render_docx(html, language, title, author, heading)
    except DocxError as error:
        raise BuildError(_("the Word document could not be made: {error}").format(error=error)) from None


def _template_place(error: BaseException, root: Path) -> str:
    """` (templates/html/x.html:3)`: where in the city's templates the error arose (Jinja puts
    template files and lines into the traceback), or nothing when it is not known."""
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    traceback = error.__traceback__
    while traceback is not None:
        frame_file = traceback.tb_frame.f_code.co_filename
        if frame_file.endswith((".html", ".md", ".css")) and Path(frame_file).is_relative_to(root):
            filename, line = frame_file, traceback.tb_lineno
        traceback = traceback.tb_next
    if not filename:
        return ""
    shown = Path(filename).relative_to(root).as_posix() if Path(filename).is_relative_to(root) else filename
    return f" ({shown}:{line})" if line else f" ({shown})"


def _city_has_templates(root: Path) -> bool:
    """Whether the city overrides a template (a README or a dotfile in templates/ does not)."""
    from .render.environment import city_overrides

    return bool(city_overrides(root / "templates"))


def write(outputs: dict[Path, tuple[str, bytes | str, int | None]]) -> list[WrittenFile]:
    """Every output or none (`output.py`); a file-system fault is a `BuildError`."""
    from .output import OutputError, write_all

    try:
        sizes = write_all({path: data for path, (_, data, _) in outputs.items()})
    except OutputError as error:
        raise BuildError(str(error)) from None
    return [WrittenFile(fmt, path, sizes[path], pages) for path, (fmt, _, pages) in outputs.items()]


__all__ = ["FORMATS", "BuildError", "BuildRefused", "BuildResult", "build"]
