"""The previous masterplan, as the review chapter and its checks see it.

`previous:` in `masterplan.yaml` says where its programs are: an earlier revision of this
repository or a folder inside it holding the old repository (both read by the diff engine,
`differ.load_side`, so the old plan is loaded exactly as `check` loads a plan), or, for a plan
never written in this format, a list of its programs (`schema.previous.PreviousProgramsFile`).
Whatever the source, the result is one `PreviousPlan`: its programs with their last status and
progress, and the fates the review gives them. What the chapter shows is derived in `views`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import differ
from .diagnostics import Diagnostic, Report
from .l10n import _
from .loader import LoadedFile
from .project import Plan, _read, inside, relative
from .schema.common import Bilingual
from .schema.previous import Fate, Previous, PreviousProgramsFile
from .validation import validate


@dataclass(frozen=True)
class OldProgram:
    """A program of the previous plan with its realisation."""

    id: str
    name: str | Bilingual[str]  # a text in one or two languages; `views.review` resolves it
    pillar: str
    opd: str  # its OPD's short name (or what the list says)
    quick_win: bool
    status: str  # planned | in-progress | done | dropped
    progress: int | None
    note: str | Bilingual[str] | None
    loc: tuple[Any, ...]  # where it is written: in the list file, or `previous` in masterplan.yaml


@dataclass
class PreviousPlan:
    """The previous plan as far as it could be read; `problems` say why not (`previous.<key>`,
    message, hint), `diagnostics` are the list file's own (YAML, schema)."""

    settings: Previous
    file: LoadedFile  # where its programs are written: the list file, else masterplan.yaml
    programs: tuple[OldProgram, ...] = ()
    problems: list[tuple[str, str, str]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def fates(self) -> dict[str, Fate]:
        return self.settings.fates


def load(plan: Plan) -> PreviousPlan | None:
    """The previous plan `plan` reviews, or None when it names none."""
    settings = getattr(plan.masterplan, "previous", None)
    if settings is None:
        return None
    result = PreviousPlan(settings, plan.masterplan_file)
    if settings.programs is not None:
        _load_list(plan.root, settings.programs, result)
    else:
        _load_repository(plan, settings, result)
    return result


_LAST: list[tuple[Plan, PreviousPlan | None]] = []  # one plan's: its checks all ask for it


def loaded(plan: Plan) -> PreviousPlan | None:
    """`load(plan)`, once per plan (a git revision is read once, not once per check)."""
    if not _LAST or _LAST[0][0] is not plan:
        _LAST[:] = [(plan, load(plan))]
    return _LAST[0][1]


def _inside(root: Path, name: str, result: PreviousPlan, key: str) -> Path | None:
    """`name` under `root`, if it stays inside it and out of `.git/` (a city repository is
    untrusted: `../` or a link must not lead the review to another file)."""
    target = root / name
    if Path(name).is_absolute() or not inside(root, target) or ".git" in Path(name).parts:
        result.problems.append(
            (
                key,
                _("`{name}` is outside the repository").format(name=name),
                _("give a path inside the city repository, e.g. review/"),
            )
        )
        return None
    if target.resolve() == root.resolve():
        result.problems.append(
            (
                key,
                _("`{name}` is this repository itself").format(name=name),
                _("move the previous plan into a folder of its own"),
            )
        )
        return None
    if not target.exists():
        result.problems.append(
            (key, _("`{name}` does not exist").format(name=name), _("create it, or correct the path"))
        )
        return None
    return target


def _load_list(root: Path, name: str, result: PreviousPlan) -> None:
    path = _inside(root, name, result, "programs")
    if path is None:
        return
    report = Report()
    file = _read(root, path, report, {})
    model = None
    if file is not None and file.ok:
        model, problems = validate(PreviousProgramsFile, file)
        report.extend(problems)
    result.diagnostics, result.sources = report.diagnostics, report.sources
    if file is None or model is None:
        return
    result.file = file
    result.programs = tuple(
        OldProgram(
            p.id, p.name, p.pillar, p.opd, p.quick_win, p.status, p.progress, p.note, ("programs", i, "id")
        )
        for i, p in enumerate(model.programs)
    )


def _load_repository(plan: Plan, settings: Previous, result: PreviousPlan) -> None:
    try:
        if settings.path is not None:
            folder = _inside(plan.root, settings.path, result, "path")
            if folder is not None:
                result.programs = _programs(differ.load_side(folder, label=relative(plan.root, folder)))
        elif settings.revision is not None:
            result.programs = _programs(differ.load_side(plan.root, settings.revision))
    except differ.DiffError as error:
        key = "path" if settings.path is not None else "revision"
        result.problems.append(
            (key, str(error), _("name a tag or folder that holds the previous masterplan"))
        )


def _programs(side: differ.Snapshot) -> tuple[OldProgram, ...]:
    return tuple(
        OldProgram(
            record.id,
            record.name,
            record.pillar,
            side.opd_label(record.opd),
            record.program.quick_win,
            record.program.status,
            record.program.progress,
            None,
            ("previous",),
        )
        for record in side.programs.values()
    )


__all__ = ["OldProgram", "PreviousPlan", "load", "loaded"]
