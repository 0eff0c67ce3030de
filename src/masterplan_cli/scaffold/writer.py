"""Write a planned repository without ever overwriting anything.

Every check runs before the first write: a folder that already holds a `masterplan.yaml` is
refused whole, and a planned path blocked by a file or by a link leading elsewhere stops the
run. Then each file is created with `open(..., "x")` (O_CREAT | O_EXCL): if anything, even a
dangling symlink, appears at the path meanwhile, the open fails and the file is skipped, so
that not even a race can clobber a file. `masterplan.yaml` is written first: if it appears
meanwhile, nothing has been written yet and the run is refused as a whole.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..discovery import MASTERPLAN_FILES
from ..errors import MasterplanError
from ..l10n import _
from ..project import YAML_SUFFIXES


class ScaffoldError(MasterplanError):
    """A problem the user can fix; the message says what and where. Nothing was written,
    unless `created` lists files."""

    def __init__(self, message: str, created: list[str] | None = None) -> None:
        super().__init__(message)
        self.created = created or []


class AlreadyARepository(ScaffoldError):
    pass


@dataclass
class Written:
    """What `write_files` did, file by file, in the order given."""

    root: Path
    actions: list[tuple[str, str]] = field(default_factory=list)  # ("create" | "skip", path)

    @property
    def created(self) -> list[str]:
        return [path for action, path in self.actions if action == "create"]

    @property
    def skipped(self) -> list[str]:
        return [path for action, path in self.actions if action == "skip"]

    def record(self, action: str, path: str) -> None:
        self.actions.append((action, path))


def _exists(path: Path) -> bool:
    """Whether anything is at `path`: a file, a folder, or a link (even a broken one)."""
    return path.is_symlink() or path.exists()


def exists_as_yaml(path: Path) -> bool:
    """Whether `path` exists, or for a YAML file, its twin with the other extension
    (`opd/dinkes.yml` for `opd/dinkes.yaml`): `check` reads both, so writing the second would
    make a duplicate."""
    if path.suffix not in YAML_SUFFIXES:
        return _exists(path)
    return any(_exists(path.with_suffix(suffix)) for suffix in YAML_SUFFIXES)


def existing_masterplan(root: Path) -> str | None:
    """The name of the `masterplan.yaml` (or `.yml`) already in `root`, if any."""
    return next((name for name in MASTERPLAN_FILES if _exists(root / name)), None)


def refuse_existing(root: Path) -> None:
    found = existing_masterplan(root)
    if found is not None:
        raise AlreadyARepository(
            _(
                "{root} exists: {root2} is a city repository already. Nothing was written; to start again, use an empty folder."
            ).format(root=root / found, root2=root)
        )


def blocked_paths(root: Path, paths: list[str]) -> list[str]:
    """Why some planned files cannot be written: a folder on their way that is a file, a
    broken link, or a link that leads outside `root`."""
    problems: dict[str, str] = {}
    real_root = Path(os.path.realpath(root))
    for path in paths:
        parts = PurePosixPath(path).parts
        for depth in range(1, len(parts)):
            folder = PurePosixPath(*parts[:depth]).as_posix()
            if folder in problems:
                break
            where = root / folder
            if where.is_symlink():
                target = Path(os.path.realpath(where))
                if not where.exists():
                    problems[folder] = _("{folder} is a broken link; remove it or make it a folder").format(
                        folder=folder
                    )
                elif not target.is_relative_to(real_root):
                    problems[folder] = _(
                        "{folder} is a link that leads outside {root}; files are written only inside it"
                    ).format(folder=folder, root=root)
            if folder not in problems and where.exists() and not where.is_dir():
                problems[folder] = _(
                    "{folder} is a file, but the new repository needs a folder there"
                ).format(folder=folder)
            if folder in problems:
                break
    return list(problems.values())


def write_files(root: Path, files: dict[str, str]) -> Written:
    """Create `files` in `root` (created if missing); skip those that exist."""
    if _exists(root) and not root.is_dir():
        raise ScaffoldError(_("{root} is not a folder").format(root=root))
    refuse_existing(root)
    problems = blocked_paths(root, list(files))
    if problems:
        raise ScaffoldError(_("nothing was written: ") + "; ".join(problems))

    written = Written(root)
    order = sorted(files, key=lambda path: path not in MASTERPLAN_FILES)  # masterplan.yaml first
    try:
        root.mkdir(parents=True, exist_ok=True)
        for path in order:
            target = root / path
            if exists_as_yaml(target):
                written.record("skip", path)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if _create(target, files[path]):
                written.record("create", path)
            elif path in MASTERPLAN_FILES:  # it appeared while we were asking questions
                refuse_existing(root)
            else:
                written.record("skip", path)
    except OSError as error:
        reason = error.strerror or str(error)
        where = error.filename or root
        raise ScaffoldError(
            _("cannot write {where}: {reason}").format(where=where, reason=reason), written.created
        ) from error
    return written


def _create(target: Path, text: str) -> bool:
    """Create `target` holding `text`; False if something is already there."""
    try:
        handle = open(target, "x", encoding="utf-8", newline="\n")  # noqa: SIM115 (cleanup below)
    except FileExistsError:
        return False
    try:
        with handle:
            handle.write(text)
    except BaseException:
        target.unlink(missing_ok=True)  # ours: created by the open above
        raise
    return True


def add_files(root: Path, files: dict[str, str], optional: dict[str, str] | None = None) -> Written:
    """`masterplan add`: create every file of `files` or none (each must be new), and those of
    `optional` that are missing (the editor schemas)."""
    taken = [path for path in files if exists_as_yaml(root / path)]
    if taken:
        raise ScaffoldError(_("{taken} exists already; nothing was written").format(taken=", ".join(taken)))
    extra = {path: text for path, text in (optional or {}).items() if not _exists(root / path)}
    problems = blocked_paths(root, [*files, *extra])
    if problems:
        raise ScaffoldError("nothing was written: " + "; ".join(problems))
    written = Written(root)
    try:
        for path, text in {**files, **extra}.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if _create(target, text):
                written.record("create", path)
            elif path in files:  # it appeared meanwhile: take back what this run made
                for made in written.created:
                    (root / made).unlink(missing_ok=True)
                raise ScaffoldError(
                    _("{path} appeared while masterplan ran; nothing was written").format(path=path)
                )
    except OSError as error:
        raise ScaffoldError(
            _("cannot write {value}: {value2}").format(
                value=error.filename or root, value2=error.strerror or error
            )
        ) from error
    return written
