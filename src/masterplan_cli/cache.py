"""The build cache: a second `masterplan build` with nothing changed copies its outputs.

An entry is addressed by a digest of everything the outputs depend on (`key`): every file of
the city repository but `.git/` and the outputs themselves, the package's own files (code,
built-in templates, CSS, fonts, catalogues), masterplan's version, the versions of the
libraries that render, the build's options, the message language, the date (`SOURCE_DATE_EPOCH` or today) and
the `MASTERPLAN_*` limits. Change any of them and the key changes: an entry is never stale. One
entry per format, so `build -f pdf` after `build -f html` lays out only the PDF.

The cache lives in the repository's `dist/.masterplan-cache/` (which the `.gitignore` that
`masterplan init` writes already ignores); a build into another folder (`--out`) neither
reads nor writes it, so that it never touches dist/. Deleting it costs one full build.
A repository is hostile, and `dist/` may come with it: the folder is not used when it is a
link or not a folder, entries are opened without following links, size-capped, and each one
carries an HMAC made with a secret kept outside the repository (in the user's cache folder),
so a crafted entry is not served but rebuilt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
import struct
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from .containment import hidden

FOLDER = ".masterplan-cache"
MAGIC = b"masterplan-cache 1\n"
LIBRARIES = (
    "jinja2",
    "markdown-it-py",
    "weasyprint",
    "pydyf",
    "pydantic",
    "pyyaml",
    "python-docx",
    "cairosvg",
)
MAX_ENTRY_BYTES = 1 << 30
KEEP = 12  # entries kept (the newest); a PDF each is a few MiB
SKIPPED = {"__pycache__"}  # and every hidden name (`_feed_tree`): `.git/`, this cache


@dataclass(frozen=True)
class Entry:
    """One format's outputs: file name → (data, PDF pages), and what the build said."""

    files: dict[str, tuple[bytes, int | None]]
    warnings: list[str]
    report: dict[str, object]


# What a build writes in its output folder (`books.file_stem`, `builder.FORMATS`): not inputs
OUTPUT_NAME = re.compile(r"(masterplan|(buku|book)-[0-9]+-[a-z0-9-]+)\.(md|html|pdf|docx)")


def key(root: Path, out_dir: Path, options: Mapping[str, object]) -> str:
    """The digest of everything a build of `root` with `options` into `out_dir` reads (module
    docstring)."""
    from . import __version__

    digest = hashlib.sha256(MAGIC)
    settings = {
        "version": __version__,
        "libraries": {name: _version(name) for name in LIBRARIES},
        "options": dict(options),
        "environment": {
            name: value
            for name, value in sorted(os.environ.items())
            if name == "SOURCE_DATE_EPOCH" or name.startswith("MASTERPLAN_")
        },
        "package": _package_digest(),
        "today": today(),  # the document's date, and what `check` says has begun (MP303)
    }
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    root = root.resolve()
    _feed_tree(digest, root, {str(root / "dist"), str(out_dir.resolve())})
    return digest.hexdigest()


def today() -> str:
    return dt.date.fromtimestamp(time.time()).isoformat()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@cache
def _package_digest() -> str:
    """The package's code, templates, CSS, fonts and catalogues: a development checkout changes
    them without changing the version."""
    from .resources import PACKAGE, templates_dir

    digest = hashlib.sha256()
    for folder in dict.fromkeys((PACKAGE, templates_dir())):
        _feed_tree(digest, folder)
    return digest.hexdigest()


def _feed_tree(digest: hashlib._Hash, root: Path, out_dirs: frozenset[str] | set[str] = frozenset()) -> None:
    """Every file's path and content under `root` but the outputs in `out_dirs` and hidden
    names (`.git/`, a `.venv/` of thousands of files: a build reads nothing under a dot); a
    link by where it points (its target, if inside `root`, is fed as itself)."""
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if name not in SKIPPED and not hidden(name))
        shown = sorted(name for name in files if not hidden(name))
        for name in shown + [name for name in folders if os.path.islink(os.path.join(folder, name))]:
            path = os.path.join(folder, name)
            if folder in out_dirs and OUTPUT_NAME.fullmatch(name):
                continue
            digest.update(b"\0" + os.path.relpath(path, root).encode("utf-8", "surrogateescape") + b"\0")
            if os.path.islink(path):
                digest.update(b"link " + os.readlink(path).encode("utf-8", "surrogateescape"))
            else:
                digest.update(_file_digest(path))


def _file_digest(path: str) -> bytes:
    """A regular file's digest; nothing for a FIFO or a device (opened without blocking)."""
    file = hashlib.sha256()
    with contextlib.suppress(OSError), open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as stream:
        if stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            while block := stream.read(1 << 20):
                file.update(block)
    return file.digest()


class Cache:
    """The entries in `folder` (see `open_cache`)."""

    def __init__(self, folder: Path, secret: bytes) -> None:
        self.folder, self.secret = folder, secret

    def load(self, key: str, fmt: str) -> Entry | None:
        """The entry, or None when there is none or it is not one this machine made."""
        data = _read_regular(self.folder / f"{key}.{fmt}")
        if data is None or not data.startswith(MAGIC):
            return None
        mac, body = data[len(MAGIC) : len(MAGIC) + 32], data[len(MAGIC) + 32 :]
        if not hmac.compare_digest(mac, self._mac(key, fmt, body)):
            return None
        (header_size,) = struct.unpack(">Q", body[:8])
        header = json.loads(body[8 : 8 + header_size])
        files, offset = {}, 8 + header_size
        for name, size, pages in header["files"]:
            files[name] = (body[offset : offset + size], pages)
            offset += size
        # Only an output's own name: were the secret ever known, `../../x` would write anywhere.
        if not all(OUTPUT_NAME.fullmatch(name) for name in files):
            return None
        return Entry(files, header["warnings"], header["report"])

    def store(self, key: str, fmt: str, entry: Entry) -> None:
        """Keep `entry` (atomically); a cache that cannot be written is only not used."""
        header = json.dumps(
            {
                "files": [[name, len(data), pages] for name, (data, pages) in entry.files.items()],
                "warnings": entry.warnings,
                "report": entry.report,
            }
        ).encode()
        body = struct.pack(">Q", len(header)) + header + b"".join(data for data, _ in entry.files.values())
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            if not (_usable(self.folder.parent) and _usable(self.folder)):
                return
            descriptor, temporary = tempfile.mkstemp(dir=self.folder, prefix=".entry.", suffix=".tmp")
            try:
                with os.fdopen(descriptor, "wb") as stream:
                    stream.write(MAGIC + self._mac(key, fmt, body) + body)
                os.replace(temporary, self.folder / f"{key}.{fmt}")
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)
            self._prune()

    def _mac(self, key: str, fmt: str, body: bytes) -> bytes:
        return hmac.new(self.secret, f"{key}.{fmt}\n".encode() + body, hashlib.sha256).digest()

    def _prune(self) -> None:
        entries = []
        for path in self.folder.iterdir():
            status = path.lstat()
            if stat.S_ISREG(status.st_mode) and not path.name.startswith("."):
                entries.append((status.st_mtime_ns, path))
        for _, path in sorted(entries, reverse=True)[KEEP:]:
            path.unlink(missing_ok=True)


def open_cache(root: Path) -> Cache | None:
    """The cache of the repository at `root`, in `dist/` whatever folder the outputs go to
    (`--out public/` is often published whole), or None when it cannot be used safely: `dist`
    or the cache folder is a link or not a folder, or there is no secret to sign entries with."""
    folder = root / "dist" / FOLDER
    if any(os.path.lexists(path) and not _usable(path) for path in (folder.parent, folder)):
        return None
    secret = _secret()
    return None if secret is None else Cache(folder, secret)


def _usable(folder: Path) -> bool:
    """A real folder, not a link, where its parent's real path says it is."""
    try:
        status = folder.lstat()
    except OSError:
        return False
    real_parent = os.path.realpath(folder.parent)
    return stat.S_ISDIR(status.st_mode) and os.path.realpath(folder) == os.path.join(real_parent, folder.name)


def _read_regular(path: Path) -> bytes | None:
    """A regular file's bytes, not through a link, at most `MAX_ENTRY_BYTES`."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY_BYTES:
            return None
        return stream.read(MAX_ENTRY_BYTES + 1)


def _own_secret(path: Path) -> bytes | None:
    """The secret at `path` if this user alone can read and write it: one that another user
    made, or can read, could sign an entry this user's build would serve."""
    try:
        status = path.lstat()
    except OSError:
        return None
    if os.name == "posix" and (status.st_uid != os.getuid() or status.st_mode & 0o077):
        return None  # (Windows keeps permissions in ACLs; its modes say nothing of them)
    secret = _read_regular(path)
    return secret if secret is not None and len(secret) >= 32 else None


def _secret() -> bytes | None:
    """The key entries are signed with: made once per user, kept outside every repository
    (`$XDG_CACHE_HOME/masterplan/cache-secret`, read by the user alone)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "masterplan"
    path = folder / "cache-secret"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        return _own_secret(path)
    except OSError:
        return None
    secret = secrets.token_bytes(32)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(secret)
    return secret
