"""Which city repository a command works on, found from any of its folders as git finds its own.

From `pillars/` or `opd/`, `masterplan check` means the repository around them: the search goes
up from the folder given to the nearest one that holds `masterplan.yaml`. It never goes past
the top of a git work tree (a folder with `.git`), so a repository's commands never read a
file of another project above it, nor past a folder that is a city repository whose
`masterplan.yaml` is missing (it has `opd/` or `pillars/`): that one is reported as such.
Only names are looked at on the way up; nothing above the repository is read.
"""

from __future__ import annotations

from pathlib import Path

MASTERPLAN_FILE = "masterplan.yaml"
MASTERPLAN_FILES = (MASTERPLAN_FILE, "masterplan.yml")  # the second is read when the first is missing
_BOUNDARIES = (".git", "opd", "pillars")


def find_root(start: Path) -> Path | None:
    """`start` or the nearest folder above it that holds masterplan.yaml, resolved; None when
    the search meets a boundary (see above) or the top of the file system first."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        if any((candidate / name).is_file() for name in MASTERPLAN_FILES):
            return candidate
        if any((candidate / name).exists() for name in _BOUNDARIES):
            return None
    return None


def repository(path: Path) -> Path:
    """The city repository a command given `path` works on: `path` itself when it holds
    masterplan.yaml or no folder above it does (the check then says what is missing)."""
    found = find_root(path)
    return path if found is None or found == path.resolve() else found


def enclosing(path: Path) -> Path | None:
    """The city repository that `path` (which may not exist yet) would be inside, if any."""
    existing = next((folder for folder in (path, *path.parents) if folder.exists()), Path("."))
    return find_root(existing)
