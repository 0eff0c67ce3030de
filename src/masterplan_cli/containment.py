"""What a build may read: files of the repository (and of the package), never a hidden one.

A city repository arrives as a pull request, and CI checks it out with secrets beside it:
`actions/checkout` keeps the runner's token in `.git/config`. So every file a build opens —
the logo, a template, an `{% include %}`, a stylesheet or image the PDF fetches — is resolved
first, with every symbolic link followed, and opened only if it lies inside an allowed folder
and under no dot-folder or dotfile (`.git/`, `.github/`, `.env`). Resolving before opening
also means a link to `/proc/kmsg` or a FIFO is refused, never read (reading one can hang).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

OUTSIDE = "outside"  # the reasons `refusal` gives
HIDDEN = "hidden"
NOT_A_FILE = "not a file"


def hidden(name: str) -> bool:
    """A file or folder name a build never reads, nor anything under it: one starting with a
    dot (`.git/`, where CI keeps its token; `.venv/`; editors' swap files)."""
    return name.startswith(".")


def refusal(path: Path, roots: Iterable[Path]) -> str | None:
    """Why `path` may not be read (`OUTSIDE`, `HIDDEN`, `NOT_A_FILE`), or None when it may:
    a regular file that, with every link followed, lies inside one of `roots` and under no
    folder or name starting with a dot (counted from that root). Missing: `NOT_A_FILE`."""
    try:
        resolved = Path(os.path.realpath(path))
        mode = os.stat(resolved).st_mode
    except (OSError, ValueError):
        return NOT_A_FILE
    for root in roots:
        root = Path(os.path.realpath(root))
        if resolved.is_relative_to(root):
            if any(hidden(part) for part in resolved.relative_to(root).parts):
                return HIDDEN
            return None if stat.S_ISREG(mode) else NOT_A_FILE
    return OUTSIDE


def read_contained(path: Path, roots: Iterable[Path], limit: int) -> bytes | None:
    """The bytes of `path` if `refusal` allows it and it holds at most `limit` bytes."""
    if refusal(path, roots) is not None:
        return None
    with open(os.path.realpath(path), "rb") as stream:
        data = stream.read(limit + 1)
    return data if len(data) <= limit else None
