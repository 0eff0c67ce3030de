"""Writing files atomically: a failed or interrupted build leaves the previous outputs whole.

Each file is written to a temporary file in its target folder, flushed to disk, and renamed
over the old one (pre-commit's `store.py` does the same); the folder is synced so the rename
itself survives a crash.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

MODE = 0o644


def write_atomic(path: Path, data: bytes | str) -> int:
    """Write `data` to `path` atomically; return the number of bytes written."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, MODE)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(path.parent)
    return len(content)


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":  # folders cannot be opened for fsync on Windows
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    except OSError:  # some file systems refuse; the data itself is synced
        pass
    finally:
        os.close(descriptor)
