"""The city's logo, accepted by its content: the one definition of what a usable logo is.

`check` refuses a logo that is not what it claims (MP230), too large in pixels (MP231) or an
SVG that could do more than draw (MP232), so that `build` never meets one: the renderers embed
the logo as a data: URI, and WeasyPrint decodes it for the PDF (a 50,000 × 50,000 PNG is 10 GB
of pixels; an SVG's entities can expand to gigabytes or read files). Dimensions are read from
the header, never by decoding the image; an SVG is parsed with expat, refusing any DOCTYPE
(so no entity is ever declared, expanded or fetched).
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from xml.parsers import expat

from .l10n import _

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 25_000_000  # 5,000 × 5,000: far more than a cover needs
MEDIA_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "svg": "image/svg+xml"}
SUFFIXES = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg"}

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# what may only draw: no script, no other document, no reference leaving the file
_FORBIDDEN_ELEMENTS = {"script", "foreignObject", "image", "iframe", "object", "embed", "audio", "video"}
_OUTSIDE_REFERENCE = re.compile(r"@import|url\((?!\s*['\"]?\s*#)", re.IGNORECASE)


class LogoProblem(Exception):
    """Why the logo cannot be used; `code` is the diagnostic's (MP230–MP232)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Logo:
    kind: str  # "png", "jpeg" or "svg"
    width: int | None  # pixels (None for an SVG)
    height: int | None

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.kind]


def inspect(data: bytes, suffix: str) -> Logo:
    """What the bytes of a logo named `*suffix` are, or `LogoProblem`."""
    kind = _kind(data)
    expected = SUFFIXES.get(suffix.lower())
    if kind is None or kind != expected:
        named = {"png": _("a PNG"), "jpeg": _("a JPEG"), "svg": _("an SVG")}.get(
            expected or "", _("an image")
        )
        raise LogoProblem(
            "MP230", _("the file is not {named} image: its content says otherwise").format(named=named)
        )
    if kind == "svg":
        _check_svg(data)
        return Logo(kind, None, None)
    width, height = _png_size(data) if kind == "png" else _jpeg_size(data)
    if width * height > MAX_LOGO_PIXELS:
        raise LogoProblem(
            "MP231",
            _(
                "the image is {width:,} × {height:,} pixels; at most {max_logo_pixels:,} pixels are used"
            ).format(width=width, height=height, max_logo_pixels=MAX_LOGO_PIXELS),
        )
    return Logo(kind, width, height)


def _kind(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE", b"<!doctype")):
        return "svg"
    return None


def _png_size(data: bytes) -> tuple[int, int]:
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise LogoProblem("MP230", _("the PNG file is damaged: it has no header (IHDR)"))
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """Walk the JPEG's segments to its frame header (SOFn), which gives the size."""
    i = 2
    while i + 9 <= len(data):
        if data[i] != 0xFF:
            break
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if marker in _SOF:
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return int(width), int(height)
        i += 2 + length
    raise LogoProblem("MP230", _("the JPEG file is damaged: it has no frame header"))


def _check_svg(data: bytes) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    root: list[str] = []

    def refuse(message: str) -> None:
        raise LogoProblem("MP232", message)

    def doctype(*_args: object) -> None:
        refuse(_("the SVG has a DOCTYPE: entities and external definitions are not allowed in a logo"))

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _space, local = name.rpartition(" ")
        if not root:
            root.append(name)
            if (namespace, local) != (SVG_NAMESPACE, "svg"):
                refuse(_("the file is not an SVG image: its root element is not <svg> in the SVG namespace"))
        if local in _FORBIDDEN_ELEMENTS:
            refuse(_("the SVG has an element <{local}>: a logo may only draw").format(local=local))
        for attribute, value in attributes.items():
            attribute = attribute.rpartition(" ")[2]
            if attribute.lower().startswith("on"):
                refuse(
                    _("the SVG has an event handler ({attribute}): a logo may only draw").format(
                        attribute=attribute
                    )
                )
            if attribute == "href" and not value.strip().startswith("#"):
                refuse(_("the SVG refers to another file or address: a logo may only refer to itself (#id)"))
            if _OUTSIDE_REFERENCE.search(value):
                refuse(_("the SVG refers to another file or address: a logo may only refer to itself (#id)"))

    def text(value: str) -> None:
        if _OUTSIDE_REFERENCE.search(value):
            refuse(_("the SVG refers to another file or address: a logo may only refer to itself (#id)"))

    parser.buffer_text = True  # a `url(` in a <style> arrives in one piece
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        reason = f"{expat.ErrorString(error.code)}, line {error.lineno}"
        raise LogoProblem(
            "MP232", _("the SVG is not well-formed XML ({reason})").format(reason=reason)
        ) from None
    if not root:
        refuse(_("the file is not an SVG image: it has no <svg> element"))
