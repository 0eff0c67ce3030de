"""A workbook is inspected as a zip file before openpyxl parses any of it, and refused when it
could harm: too large a file, a zip bomb (many entries, a huge unpacked size or ratio), macros,
links to external workbooks, encrypted parts, or XML with a document type (entity expansion).
openpyxl also parses through defusedxml; this is the first line, with clear messages.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..l10n import _

MAX_FILE_BYTES = 20 * 1024 * 1024  # an exported workbook of 2,000 programs is about 1 MiB
MAX_ENTRIES = 1000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # unpacked / packed, for entries larger than RATIO_FROM
RATIO_FROM = 1024 * 1024
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
EXTERNAL_PARTS = ("xl/externallinks/",)
XML_SCAN_BYTES = 4096  # a DOCTYPE stands before the root element, which must start in these
ROOT_ELEMENT = re.compile(rb"<[A-Za-z_]")
# what may stand before the root element besides white space and a DOCTYPE (which may hide
# in neither: `<!-- <a -->` would otherwise pass for the root element)
COMMENTS_AND_DECLARATIONS = re.compile(rb"<!--.*?-->|<\?.*?\?>", re.DOTALL)
BOM = b"\xef\xbb\xbf"


class WorkbookRefused(Exception):
    """A workbook that is not read at all (rule MP280)."""


def inspect(path: Path) -> None:
    """Raise WorkbookRefused when the file at `path` must not be opened as a workbook."""
    if path.suffix.lower() in (".xlsm", ".xltm", ".xlsb", ".xls"):
        raise WorkbookRefused(
            _("a {suffix} file is not read: only .xlsx workbooks without macros are").format(
                suffix=path.suffix
            )
        )
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise WorkbookRefused(
            _("the file is {mib}; workbooks larger than {mib2} are not read").format(
                mib=_mib(size), mib2=_mib(MAX_FILE_BYTES)
            )
        )
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            _check_entries(entries)
            _check_xml(archive, entries)
    except zipfile.BadZipFile:
        raise WorkbookRefused(_("the file is not an .xlsx workbook (not a zip archive)")) from None


def _check_entries(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_ENTRIES:
        raise WorkbookRefused(
            _("the workbook has {count_entries} parts; more than {max_entries} are not read").format(
                count_entries=len(entries), max_entries=MAX_ENTRIES
            )
        )
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookRefused(
            _("the workbook unpacks to {mib}; more than {mib2} is not read (a zip bomb?)").format(
                mib=_mib(unpacked), mib2=_mib(MAX_UNPACKED_BYTES)
            )
        )
    names = {e.filename.lower() for e in entries}
    if "[content_types].xml" not in names:
        raise WorkbookRefused(_("the file is not an .xlsx workbook ([Content_Types].xml is missing)"))
    for entry in entries:
        name = entry.filename.lower()
        if name.rsplit("/", 1)[-1] in MACRO_PARTS:
            raise WorkbookRefused(
                _("the workbook holds macros ({filename}); they are not read").format(filename=entry.filename)
            )
        if name.startswith(EXTERNAL_PARTS):
            raise WorkbookRefused(
                _("the workbook links to other workbooks ({filename})").format(filename=entry.filename)
            )
        if entry.flag_bits & 0x1:
            raise WorkbookRefused(
                _("a part of the workbook is encrypted ({filename})").format(filename=entry.filename)
            )
        if entry.file_size > RATIO_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise WorkbookRefused(
                _("{filename} unpacks {file_size} times larger than it is packed (a zip bomb?)").format(
                    filename=entry.filename, file_size=entry.file_size // max(entry.compress_size, 1)
                )
            )


def _check_xml(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    for entry in entries:
        if not entry.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(entry) as stream:
            head = stream.read(XML_SCAN_BYTES)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
            raise WorkbookRefused(_("{filename} is not UTF-8 XML").format(filename=entry.filename))
        head = COMMENTS_AND_DECLARATIONS.sub(b"", head.removeprefix(BOM))
        root = ROOT_ELEMENT.search(head)
        if root is None:
            raise WorkbookRefused(
                _("{filename} is not XML (no element in its first 4 kB)").format(filename=entry.filename)
            )
        if head[: root.start()].strip():  # a DOCTYPE, or an unclosed comment
            raise WorkbookRefused(
                _("{filename} declares a document type (entity expansion is refused)").format(
                    filename=entry.filename
                )
            )


def _mib(size: int) -> str:
    return _("{size:.1f} MiB").format(size=size / 1024 / 1024)
