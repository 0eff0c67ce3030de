"""A 50,000 × 50,000 PNG: a valid header (IHDR) declaring 2.5 billion pixels, a few bytes of
data. Made here, not committed, so that nothing ever tries to show it."""

import struct
import zlib


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def generate(root):
    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )
    (root / "assets").mkdir(exist_ok=True)  # git keeps no empty folder
    (root / "assets" / "logo.png").write_bytes(png)
