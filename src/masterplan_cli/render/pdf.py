"""The PDF: the HTML document laid out by WeasyPrint with its print stylesheet.

WeasyPrint is imported here, inside the function, and only when a PDF is built. It fetches
nothing from the network: the fetcher below allows `data:` URIs and files inside the allowed
folders (the city repository and the built-in templates), and aborts the build on anything
else. Every error WeasyPrint logs fails the build; warnings are returned to be shown.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import io
import logging
import os
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape

from ..containment import HIDDEN, read_contained, refusal
from ..errors import MasterplanError
from ..l10n import _

MAX_RESOURCE_BYTES = 8 * 1024 * 1024


class PdfError(MasterplanError):
    """The PDF could not be made; the message says why."""


@dataclass
class PdfResult:
    data: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)
    fonts: list[str] = field(default_factory=list)  # the families embedded, as Pango named them


# Said of the machine, not of the document: without libharfbuzz-subset WeasyPrint subsets
# fonts with fontTools (slower, same PDF) and warns once per font. One note says it instead.
MACHINE_NOTES = {
    "Using fontTools instead of HarfBuzz-Subset": (
        _(
            "fonts were subset with fontTools, which is slower: install libharfbuzz-subset0 "
            "(`masterplan doctor` says more)"
        )
    ),
}


def machine_note(message: str) -> str | None:
    """The note that stands for a WeasyPrint warning about this machine, if it is one."""
    return next((note for start, note in MACHINE_NOTES.items() if message.startswith(start)), None)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno < logging.ERROR and (note := machine_note(message)):
            if note not in self.warnings:
                self.warnings.append(note)
            return
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(message)


def _fetcher_class(roots: Sequence[Path]) -> type:
    from weasyprint.urls import (  # type: ignore[import-untyped]
        FatalURLFetchingError,
        URLFetcher,
        URLFetcherResponse,
    )

    allowed = [Path(os.path.realpath(root)) for root in roots]

    class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """data: URIs, and files inside the allowed folders; nothing else, ever."""

        def fetch(self, url: str, headers: object = None) -> object:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path))
                # resolved and checked before anything is opened: no link leading out, no
                # hidden file (`.git/config`), no device or FIFO that could hang the build
                data = read_contained(path, allowed, MAX_RESOURCE_BYTES)
                if data is not None:
                    return URLFetcherResponse(Path(os.path.realpath(path)).as_uri(), data)
                reason = refusal(path, allowed)
                if reason is None:
                    raise FatalURLFetchingError(_("{name} is too large to embed").format(name=path.name))
                if reason == HIDDEN:
                    raise FatalURLFetchingError(
                        _("refused to read {name}: it is in a hidden folder or file").format(name=path.name)
                    )
            raise FatalURLFetchingError(
                _("refused to fetch {url}: only data: URIs and files of the repository are used").format(
                    url=url[:200]
                )
            )

    return LocalOnlyFetcher


@contextlib.contextmanager
def quiet_weasyprint() -> Iterator[None]:
    """WeasyPrint prints a banner to stdout and warns when a library is missing: keep both out
    of the report, which says the same in one line."""
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


class _TooManyPages(BaseException):  # a BaseException: no `except Exception` in WeasyPrint stops it
    pass


class _PageLimit(logging.Filter):
    """Stops the layout at the first page past the limit: WeasyPrint logs each page it lays
    out to `weasyprint.progress` (`Step 5 - Creating layout - Page %d`), and an exception
    raised by a filter leaves the logging call."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith("Step 5 - Creating layout - Page") and record.args:
            page = record.args[0] if isinstance(record.args, tuple) else 0
            if isinstance(page, int) and page > self.limit:
                raise _TooManyPages
        return False  # nobody needs the progress lines


@contextlib.contextmanager
def _page_limit(limit: int) -> Iterator[None]:
    progress = logging.getLogger("weasyprint.progress")
    level, counter = progress.level, _PageLimit(limit)
    progress.setLevel(logging.INFO)
    progress.addFilter(counter)
    try:
        yield
    except _TooManyPages:
        raise PdfError(
            _(
                "the document has more than {limit:,} pages (set MASTERPLAN_PDF_MAX_PAGES to allow more)"
            ).format(limit=limit)
        ) from None
    finally:
        progress.removeFilter(counter)
        progress.setLevel(level)


# Told each page laid out: the chapter it ends in (0 before the first), the chapters, the page.
PageProgress = Callable[[int, int, int], None]


def _chapter_of(page: Any) -> tuple[int, int]:
    """The last chapter (a `.chapter` section) that a laid-out page shows, counted from 1
    (0: the cover and front matter), and how many chapters the document has. Only the boxes
    of the few levels above the chapters are looked at (html > body > main > section)."""
    level = list(page.children[:1])
    for _level in range(4):
        for box in level:
            chapters = [e for e in box.element if "chapter" in str(e.get("class", "")).split()]
            if chapters:
                shown = {id(child.element) for child in box.children}
                return max((n for n, e in enumerate(chapters, 1) if id(e) in shown), default=0), len(chapters)
        level = [
            child for box in level for child in getattr(box, "children", ()) if child.element is not None
        ]
    return 0, 0


@contextlib.contextmanager
def _page_progress(report: PageProgress | None) -> Iterator[None]:
    """`report(chapter, chapters, page)` after each page WeasyPrint lays out: its
    `make_all_pages` calls the module's `remake_page` once per page made (again when a page
    is remade for a counter), so wrapping that function sees every page as it is made."""
    if report is None:
        yield
        return
    from weasyprint.layout import page as pages  # type: ignore[import-untyped]

    original = pages.remake_page
    furthest = [0, 0]  # chapter and page: a page remade for a counter does not go back

    def remake_page(index: int, *args: Any) -> Any:
        made = original(index, *args)
        chapter, chapters = _chapter_of(made[0])
        furthest[:] = max(furthest[0], chapter), max(furthest[1], index + 1)
        report(furthest[0], chapters, furthest[1])
        return made

    pages.remake_page = remake_page
    try:
        yield
    finally:
        pages.remake_page = original


WEB_LINKS = ("http://", "https://", "mailto:")


def _only_web_links(document: Any) -> None:
    """No file is attached to the PDF (`<link rel=attachment>`, `<a rel=attachment>` in a
    city's template would embed `.git/config`), and a link leads only to the web, mail or a
    place in the document: WeasyPrint turns a relative link into a `file://` URI with the
    checkout's absolute path, which says where CI runs and opens nothing for a reader."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links[:] = [
            link
            for link in page.links
            if link[0] == "internal" or (link[0] == "external" and str(link[1]).startswith(WEB_LINKS))
        ]


PDF_VARIANT = "pdf/a-3b"  # docs/pdf.md says why this one and what was validated
_DC = "http://purl.org/dc/elements/1.1/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def _declare_language(metadata: Any) -> None:
    """`dc:language` in the XMP metadata, from `<html lang>`: WeasyPrint writes the language
    only to the catalogue's /Lang. It goes inside WeasyPrint's own `rdf:RDF` (XMP allows one
    per packet), so the instance's generator is wrapped."""
    if not metadata.lang:
        return
    generate = metadata.generate_rdf_metadata
    language = (
        f'<rdf:Description xmlns:rdf="{_RDF}" xmlns:dc="{_DC}" rdf:about="">'
        f"<dc:language><rdf:Bag><rdf:li>{escape(metadata.lang)}</rdf:li></rdf:Bag></dc:language>"
        "</rdf:Description></rdf:RDF>"
    ).encode()

    def with_language(*args: Any) -> bytes:
        rdf: bytes = generate(*args)
        return rdf.replace(b"</rdf:RDF>", language, 1)

    metadata.generate_rdf_metadata = with_language


def import_weasyprint() -> ModuleType:
    """`weasyprint`, imported; raises OSError (a system library is missing) or ImportError."""
    with quiet_weasyprint():
        import weasyprint  # type: ignore[import-untyped]
        import weasyprint.text.ffi  # type: ignore[import-untyped]  # loads the system libraries
    module: ModuleType = weasyprint
    return module


# WeasyPrint's user-agent stylesheet gives every element a `::marker` and the five
# `::footnote-*`/`::note-*` pseudo-elements, and their styles are computed for each of a
# masterplan's ~10,000 elements though only list items show a marker and no built-in style
# makes a footnote or a note: 6 of every 7 styles, 40 % of the cascade (2.3 s of 4.5 s for
# examples/solok). When the document holds none of these words (the built-in stylesheet and a
# city's own style.css are inline; a linked or imported one might say anything), markers go to
# `li`, the only `display: list-item` of that sheet, and the note rules go: every box made
# gets the same style as before.
_FULL_UA_WORDS = ("footnote", "note(", "list-item", "<link", "@import")


@functools.cache
def _lean_ua_stylesheet(weasyprint: ModuleType) -> Any:
    from weasyprint.html import UA, UA_COUNTER_STYLE  # type: ignore[import-untyped]

    lines = [line for line in UA.splitlines() if not line.startswith(("::footnote-", "::note-"))]
    lean = "\n".join("li" + line if line.startswith("::marker ") else line for line in lines)
    assert lean.count("li::marker") == 1 and len(lines) == len(UA.splitlines()) - 5, "WeasyPrint's UA changed"
    logger = logging.getLogger("weasyprint")
    logger.disabled = True  # it warns of its own sheet's `@counter-style disc`, as on its import
    try:
        return weasyprint.CSS(string=lean, counter_style=UA_COUNTER_STYLE)
    finally:
        logger.disabled = False


def _html_class(weasyprint: ModuleType, html: str) -> Any:
    """`weasyprint.HTML`, with the lean user-agent stylesheet when `html` allows it."""
    lowered = html.lower()
    if any(word in lowered for word in _FULL_UA_WORDS):
        return weasyprint.HTML
    lean = _lean_ua_stylesheet(weasyprint)

    class LeanHTML(weasyprint.HTML):  # type: ignore[misc,name-defined]
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            own: list[Any] = super()._ua_stylesheets(forms)
            return [lean, *own[1:]]  # and the forms' sheet, if asked

    return LeanHTML


@contextlib.contextmanager
def _rare_collections() -> Iterator[None]:
    """WeasyPrint makes millions of objects that live as long as the document (boxes, styles,
    layouts). With Python's thresholds (700, 10, 10) the cyclic collector ran 1,792 times over
    them for examples/solok, 11 of them walks of everything: 4.4 s of 38 s CPU. A collection
    every 50,000 allocations runs 21 times and never walks everything (1.3 s), and the peak
    memory stays the same (330 MiB; 362 MiB with no collection at all)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def render_pdf(
    html: str,
    *,
    base_dir: Path,
    allowed_roots: Sequence[Path],
    max_pages: int = 1500,
    progress: PageProgress | None = None,
) -> PdfResult:
    try:  # a missing Pango or GObject makes the import raise OSError: a clear message, not a bug
        weasyprint = import_weasyprint()
    except (OSError, ImportError) as error:
        raise PdfError(
            _(
                "WeasyPrint cannot be loaded here ({splitlines}); run `masterplan doctor` to see what to install"
            ).format(splitlines=str(error).strip().splitlines()[0][:200])
        ) from None
    from weasyprint.urls import FatalURLFetchingError

    collector = _Collector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        fetcher = _fetcher_class([base_dir, *allowed_roots])()
        with _page_limit(max_pages), _page_progress(progress), _rare_collections():
            document = _html_class(weasyprint, html)(
                string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher
            ).render(presentational_hints=False, pdf_tags=True)
        _only_web_links(document)
        _declare_language(document.metadata)
        # PDF/A-3b (an sRGB output intent, XMP metadata with pdfaid), still tagged for screen
        # readers; /ID: a digest of the PDF's own objects, so the same document gets the same
        # ID on every machine; the dates come from the document's date (`dcterms.created`)
        with warnings.catch_warnings(), _rare_collections():
            warnings.simplefilter("ignore", ResourceWarning)  # WeasyPrint 70 never closes its sRGB profile
            data = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True, pdf_identifier=True)
    except FatalURLFetchingError as error:
        raise PdfError(str(error)) from None
    finally:
        logger.removeHandler(collector)
    if collector.errors:
        raise PdfError(_("WeasyPrint reported: ") + "; ".join(collector.errors[:5]))
    assert data is not None
    fonts = sorted({font.family for font in document.fonts.values()})  # filled by write_pdf
    return PdfResult(data, len(document.pages), collector.warnings, fonts)
