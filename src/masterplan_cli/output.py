"""Writing the outputs: all of them or none, each whole.

Every output is first written to a temporary file in its folder, flushed to disk; only when
all of them are complete are they renamed over the old ones (pre-commit's `store.py` renames
the same way), and the folder is synced so the renames survive a crash. A failure before the
renames — a read-only file system, a full disk, a file where the folder should be, Ctrl-C —
removes the temporary files and leaves every previous output as it was, and is an
`OutputError` whose message says what went wrong (not a traceback).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .errors import MasterplanError
from .l10n import N_, _

MODE = 0o644


class OutputError(MasterplanError):
    """An output could not be written; nothing was changed."""


def write_all(files: Mapping[Path, bytes | str]) -> dict[Path, int]:
    """Write every file or none; return each file's size in bytes."""
    pending: list[tuple[str, Path]] = []
    sizes: dict[Path, int] = {}
    path = next(iter(files), Path("."))
    try:
        for path, data in files.items():
            content = data.encode("utf-8") if isinstance(data, str) else data
            _make_folder(path.parent)
            pending.append((_write_temporary(path, content), path))
            sizes[path] = len(content)
        while pending:
            temporary, path = pending[0]
            os.replace(temporary, path)
            pending.pop(0)
    except OSError as error:
        raise OutputError(_describe(error, path)) from None
    finally:
        for temporary, _data in pending:  # what was not renamed, also on Ctrl-C
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    for folder in {path.parent for path in files}:
        _sync_folder(folder)
    return sizes


def write_atomic(path: Path, data: bytes | str) -> int:
    """Write one file atomically; return the number of bytes written."""
    return write_all({path: data})[path]


def _make_folder(folder: Path) -> None:
    # the message names the file in the way, which may be a folder or two above the output
    existing = next((f for f in (folder, *folder.parents) if f.exists()), None)
    if existing is not None and not existing.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, _("it is a file, not a folder"), str(existing))
    folder.mkdir(parents=True, exist_ok=True)


def _write_temporary(path: Path, content: bytes) -> str:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, MODE)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return temporary


_REASONS = {
    errno.EROFS: N_("the file system is read-only"),
    errno.ENOSPC: N_("no space left on the device"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.ENOTDIR: N_("it is a file, not a folder"),
    errno.EEXIST: N_("it is a file, not a folder"),
    errno.EISDIR: N_("it is a folder"),
}


def _describe(error: OSError, path: Path) -> str:
    """The message: the output (not its temporary file), or the folder that is a file."""
    named = str(error.filename or "")
    where = named if named and not Path(named).name.startswith(".") else str(path)
    known = _REASONS.get(error.errno or 0)
    reason = _(known) if known else error.strerror or str(error)
    if error.errno == errno.EEXIST and error.filename and not Path(error.filename).is_file():
        reason = error.strerror or str(error)
    return _(
        "cannot write {where}: {reason}; nothing was written, the previous outputs are unchanged"
    ).format(where=where, reason=reason)


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":  # folders cannot be opened for fsync on Windows
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:  # some file systems refuse; the data itself is synced
        pass
    finally:
        os.close(descriptor)
