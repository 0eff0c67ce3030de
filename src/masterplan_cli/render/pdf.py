"""The PDF: the HTML document laid out by WeasyPrint with its print stylesheet.

WeasyPrint is imported here, inside the function, and only when a PDF is built. It fetches
nothing from the network: the fetcher below allows `data:` URIs and files inside the allowed
folders (the city repository and the built-in templates), and aborts the build on anything
else. Every error WeasyPrint logs fails the build; warnings are returned to be shown.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote, urlsplit

from ..errors import MasterplanError

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
        "fonts were subset with fontTools, which is slower: install libharfbuzz-subset0 "
        "(`masterplan doctor` says more)"
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
                path = Path(os.path.realpath(unquote(urlsplit(url).path)))
                if any(path.is_relative_to(root) for root in allowed) and path.is_file():
                    if path.stat().st_size > MAX_RESOURCE_BYTES:
                        raise FatalURLFetchingError(f"{path.name} is too large to embed")
                    return URLFetcherResponse(path.as_uri(), path.read_bytes())
            raise FatalURLFetchingError(
                f"refused to fetch {url[:200]}: only data: URIs and files of the repository are used"
            )

    return LocalOnlyFetcher


@contextlib.contextmanager
def quiet_weasyprint() -> Iterator[None]:
    """WeasyPrint prints a banner to stdout and warns when a library is missing: keep both out
    of the report, which says the same in one line."""
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def import_weasyprint() -> ModuleType:
    """`weasyprint`, imported; raises OSError (a system library is missing) or ImportError."""
    with quiet_weasyprint():
        import weasyprint  # type: ignore[import-untyped]
        import weasyprint.text.ffi  # type: ignore[import-untyped]  # loads the system libraries
    module: ModuleType = weasyprint
    return module


def render_pdf(html: str, *, base_dir: Path, allowed_roots: Sequence[Path]) -> PdfResult:
    try:  # a missing Pango or GObject makes the import raise OSError: a clear message, not a bug
        weasyprint = import_weasyprint()
    except (OSError, ImportError) as error:
        raise PdfError(
            f"WeasyPrint cannot be loaded here ({str(error).strip().splitlines()[0][:200]}); "
            "run `masterplan doctor` to see what to install"
        ) from None
    from weasyprint.urls import FatalURLFetchingError

    collector = _Collector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        fetcher = _fetcher_class([base_dir, *allowed_roots])()
        document = weasyprint.HTML(
            string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher
        ).render(presentational_hints=False, pdf_tags=True)
        # /ID: a digest of the PDF's own objects, so the same document gets the same ID on every
        # machine; the dates come from the document's date (`dcterms.created`), never the clock
        data = document.write_pdf(pdf_tags=True, pdf_identifier=True)
    except FatalURLFetchingError as error:
        raise PdfError(str(error)) from None
    finally:
        logger.removeHandler(collector)
    if collector.errors:
        raise PdfError("WeasyPrint reported: " + "; ".join(collector.errors[:5]))
    assert data is not None
    fonts = sorted({font.family for font in document.fonts.values()})  # filled by write_pdf
    return PdfResult(data, len(document.pages), collector.warnings, fonts)
