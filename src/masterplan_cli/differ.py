"""The engine of `masterplan diff`: two versions of a city repository compared as plans, not
as text. `diff_report.py` shows the result; `commands/diff.py` is the command.

Each side is loaded like `masterplan check` loads it and reduced to a `Snapshot`: the settings,
the OPDs, the pillars' analysis and every program, keyed by id. Comparing two snapshots gives a
`PlanDiff`: programs added, removed and changed field by field (a new name under the same id is
a rename; new years are a move), budgets by pillar, OPD and year, quick wins gained and lost,
and changes to the period, the vision or the framework.

The figures (which programs count, their budgets, the quick wins) are the document's own:
each side's come from `views`, so that a diff and the document it previews never disagree
(a dropped program leaves the totals and the quick wins in both).

A side with errors is still compared as far as it loaded; the diff says so. A side without a
`masterplan.yaml` (a city repository that does not exist yet at the base revision) is an empty
plan, so that everything on the other side shows as added.

From Python, any two sides, each a folder or a git revision of one:

    before = load_side(Path("kota"), "v1.0")    # as committed at the tag v1.0
    after = load_side(Path("kota"))             # the files as they are now
    changes = compare(before, after)            # a PlanDiff; diff_report.as_text(changes)

`plan_snapshot(plan, label)` makes a side of a plan already loaded.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import views
from .bilingual import localized
from .diagnostics import Severity
from .discovery import MASTERPLAN_FILE, MASTERPLAN_FILES
from .errors import EXIT_PROBLEMS, UsageError
from .l10n import _
from .loader import MAX_FILE_BYTES
from .project import YAML_SUFFIXES, Plan, load_repository
from .schema import Program
from .schema.common import plain_text


class DiffError(UsageError):
    """A comparison that cannot be made as asked: no git repository, an unknown revision."""


class UnreadablePlan(DiffError):
    """A side whose `masterplan.yaml` cannot be read: its programs are unknown, and calling
    them all removed would be wrong."""

    exit_code = EXIT_PROBLEMS


# --- one side ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramRecord:
    """A program as the diff sees it: its fields, plus the OPD that owns it."""

    program: Program
    opd: str
    fields: Mapping[str, Any]
    path: str = ""  # the file it is written in
    quick_win: bool = False  # one the document shows: not a dropped one

    @property
    def id(self) -> str:
        return self.program.id

    @property
    def name(self) -> str:
        return plain_text(self.program.name)

    @property
    def pillar(self) -> str:
        return self.program.pillar

    @property
    def start(self) -> int:
        return self.program.start

    @property
    def end(self) -> int:
        return self.program.last_year

    @property
    def total_budget(self) -> int:
        return self.program.total_budget


@dataclass
class Snapshot:
    """What one side of the comparison holds."""

    label: str
    exists: bool = True  # False: no masterplan.yaml at all, an empty plan
    complete: bool = True  # False: masterplan.yaml has errors; its settings are unknown
    errors: int = 0  # errors found while loading (files left out)
    settings: dict[str, Any] = field(default_factory=dict)
    pillar_names: dict[str, str] = field(default_factory=dict)
    pillars: dict[str, dict[str, Any]] = field(default_factory=dict)
    opds: dict[str, dict[str, Any]] = field(default_factory=dict)
    programs: dict[str, ProgramRecord] = field(default_factory=dict)  # dropped ones too
    plan: Plan | None = None  # what the figures are derived from
    program_views: tuple[views.ProgramView, ...] = ()
    # The file of each pillar and OPD; files that failed to load, and the ids of programs
    # that failed validation: what is missing there is unknown, not removed.
    paths: dict[str, str] = field(default_factory=dict)
    broken_files: set[str] = field(default_factory=set)
    broken_programs: set[str] = field(default_factory=set)

    def unknown(self, program_id: str, path: str) -> bool:
        """Whether a program missing here may just be in a file that failed to load."""
        return program_id in self.broken_programs or path in self.broken_files

    def opd_label(self, opd_id: str) -> str:
        opd = self.opds.get(opd_id)
        return str(opd.get("short_name") or opd.get("name")) if opd else opd_id


# Settings compared, in the order they are reported.
SETTINGS = ("city", "period", "framework", "pillars", "elements", "language", "vision", "missions")


def snapshot(root: Path, label: str, *, may_be_missing: bool = False) -> Snapshot:
    """Load the city repository at `root` and reduce it to what the diff compares. Without a
    `masterplan.yaml` it is an empty plan if it `may_be_missing`, and an error otherwise."""
    plan, report = load_repository(root)
    errors = report.count(Severity.ERROR)
    if plan is None:
        if any(d.code == "MP011" for d in report.diagnostics):
            if may_be_missing:
                return Snapshot(label, exists=False)
            raise DiffError(
                _("{root} is not a city repository: it has no {masterplan_file}").format(
                    root=root, masterplan_file=MASTERPLAN_FILE
                )
            )
        raise UnreadablePlan(
            _(
                "the plan in {label} cannot be compared: its {masterplan_file} has errors (run `masterplan check` to see them)"
            ).format(label=label, masterplan_file=MASTERPLAN_FILE)
        )
    result = _from_plan(plan, label, errors)
    loaded = {e.file.path for e in plan.opd_files} | {e.file.path for e in plan.pillar_files}
    failed = {d.path for d in report.diagnostics if d.severity is Severity.ERROR}
    result.broken_files = failed - loaded
    result.broken_programs = set(plan.broken_program_ids)
    return result


def plan_snapshot(plan: Plan, label: str) -> Snapshot:
    """A plan already loaded (and free of errors), reduced to what the diff compares."""
    return _from_plan(plan, label, 0)


def _from_plan(plan: Plan, label: str, errors: int) -> Snapshot:
    plan = localized(plan, plan.language)  # texts compared in the city's language
    masterplan = plan.masterplan
    complete = getattr(masterplan, "vision", None) is not None  # a partial masterplan has none
    program_views = views.program_views(plan)
    result = Snapshot(label, complete=complete, errors=errors, plan=plan, program_views=program_views)
    quick_wins = {p.id for p in views.quick_wins(program_views)}
    if complete:
        data = masterplan.model_dump()
        result.settings = {key: data[key] for key in SETTINGS if key in data}
        result.settings.update(_framework_settings(plan))
    result.pillar_names = {p.id: p.name(plan.language) for p in plan.framework.pillars}
    result.pillars = {pid: pillar.model_dump() for pid, pillar in plan.pillars.items()}
    for pillar_entry in plan.pillar_files:
        result.paths.setdefault(f"pillar:{pillar_entry.model.pillar}", pillar_entry.file.path)
    for entry in plan.opd_files:
        result.opds.setdefault(entry.model.id, entry.model.model_dump(exclude={"programs"}))
        result.paths.setdefault(f"opd:{entry.model.id}", entry.file.path)
    for item in plan.programs:
        if item.program.id not in result.programs:  # a duplicate id is `check`'s business
            record = _record(item.program, item.opd.id, item.file.path, item.program.id in quick_wins)
            result.programs[item.program.id] = record
    return result


def _framework_settings(plan: Plan) -> dict[str, Any]:
    """The framework by id, and its pillars and elements: a custom framework changes when a
    pillar is added, though its id stays the same."""
    pillars = plan.framework.pillars
    return {
        "framework": plan.framework.id,
        "pillars": [p.id for p in pillars],
        "elements": [f"{p.id}/{e.id}" for p in pillars for e in p.elements],
    }


def _record(program: Program, opd: str, path: str, quick_win: bool) -> ProgramRecord:
    fields = program.model_dump()
    fields["end"] = program.last_year  # `end` left out means `end: start`: no change
    return ProgramRecord(program, opd, fields, path, quick_win)


@dataclass(frozen=True)
class Figures:
    """The numbers the document shows for one side, as `views` derives them."""

    programs: int  # the programs that count
    quick_wins: frozenset[str]  # ids
    by_pillar: dict[str, int]  # in framework order
    by_opd: dict[str, int]  # in the document's order
    by_year: dict[str, int]
    total: int


def figures(side: Snapshot, left_out: set[str]) -> Figures:
    """The document's figures for `side`, without the programs `left_out` (not compared)."""
    if side.plan is None:
        return Figures(0, frozenset(), {}, {}, {}, 0)
    plan = side.plan
    programs = [p for p in side.program_views if p.id not in left_out]
    by_pillar = views.budget_by_pillar(plan, programs, plan.language)
    return Figures(
        programs=len(views.active(programs)),
        quick_wins=frozenset(p.id for p in views.quick_wins(programs)),
        by_pillar={row.key: row.total for row in by_pillar.rows},
        by_opd={row.key: row.total for row in views.budget_by_opd(plan, programs).rows},
        by_year={str(y): v for y, v in zip(by_pillar.years, by_pillar.column_totals, strict=True)},
        total=by_pillar.total,
    )


# --- git ----------------------------------------------------------------------------------------


def _git(cwd: Path, *args: str, binary: bool = False) -> Any:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
            text=not binary,
            # pathspecs are file names, never globs or `:(magic)`, whatever a folder is called
            env={
                **os.environ,
                "GIT_TERMINAL_PROMPT": "0",
                "LC_ALL": "C",
                "GIT_LITERAL_PATHSPECS": "1",
            },
        )
    except FileNotFoundError as error:
        raise DiffError(_("git is not installed (it is needed for --git)")) from error
    if done.returncode != 0:
        raise subprocess.CalledProcessError(done.returncode, args, done.stdout, done.stderr)
    return done.stdout


@contextmanager
def checked_out(repository: Path, revision: str) -> Iterator[Path]:
    """The city repository at `repository` (a folder in a git work tree) as it was at
    `revision`, written to a temporary folder for the time of the `with` block.

    Only the files the plan is made of are read (`git ls-tree` and `git cat-file`, no
    checkout): `masterplan.yaml` and the YAML in `pillars/` and `opd/`.
    """
    try:
        inside = _git(repository, "rev-parse", "--is-inside-work-tree").strip()
    except subprocess.CalledProcessError as error:
        raise DiffError(
            _("{repository} is not inside a git repository").format(repository=repository)
        ) from error
    if inside != "true":
        raise DiffError(_("{repository} is not inside a git work tree").format(repository=repository))
    if revision.startswith("-"):
        raise DiffError(_("unknown revision {revision!r}").format(revision=revision))
    try:
        commit = _git(
            repository,
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            f"{revision}^{{commit}}",
        ).strip()
    except subprocess.CalledProcessError as error:
        raise DiffError(
            _(
                "unknown revision {revision!r} (in CI, fetch the history first, e.g. actions/checkout with fetch-depth: 0)"
            ).format(revision=revision)
        ) from error
    prefix = _git(repository, "rev-parse", "--show-prefix").strip()
    top = Path(_git(repository, "rev-parse", "--show-toplevel").strip())
    with tempfile.TemporaryDirectory(prefix="masterplan-diff-") as temporary:
        target = Path(temporary)
        for mode, size, path in _plan_files(top, commit, prefix):
            _write_blob(top, commit, path, target / path[len(prefix) :], mode, size)
        yield target


def _plan_files(top: Path, commit: str, prefix: str) -> Iterator[tuple[str, int, str]]:
    paths = [f"{prefix}{name}" for name in (*MASTERPLAN_FILES, "pillars/", "opd/")]
    listing = _git(top, "ls-tree", "-l", "-z", "--full-tree", commit, "--", *paths)
    for entry in listing.split("\0"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        mode, kind, _, size = meta.split()
        name = Path(path).name
        top_level = path[len(prefix) :].count("/") <= 1  # opd/x.yaml, not opd/old/x.yaml
        if kind == "blob" and top_level and not name.startswith(".") and name.endswith(YAML_SUFFIXES):
            yield mode, int(size) if size.isdigit() else 0, path


def _write_blob(top: Path, commit: str, path: str, target: Path, mode: str, size: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if mode == "120000":  # a symbolic link: never followed out of the revision
        target.write_text("", encoding="utf-8")
        return
    if size > MAX_FILE_BYTES:  # too large to read: the loader reports it by its size
        with target.open("wb") as handle:
            handle.truncate(size)
        return
    target.write_bytes(_git(top, "cat-file", "blob", f"{commit}:{path}", binary=True))


# --- comparison ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ProgramChange:
    id: str
    old: ProgramRecord
    new: ProgramRecord
    fields: tuple[FieldChange, ...]

    @property
    def renamed(self) -> bool:
        return self.old.name != self.new.name

    @property
    def moved(self) -> bool:
        return (self.old.start, self.old.end) != (self.new.start, self.new.end)


@dataclass(frozen=True)
class BudgetRow:
    key: str
    label: str
    old: int
    new: int

    @property
    def delta(self) -> int:
        return self.new - self.old


@dataclass(frozen=True)
class SectionChange:
    """A pillar's analysis or an OPD's details (not its programs), changed field by field."""

    id: str
    label: str
    status: str  # added | removed | changed
    fields: tuple[FieldChange, ...] = ()


@dataclass
class PlanDiff:
    old: Snapshot
    new: Snapshot
    settings: list[FieldChange]
    added: list[ProgramRecord]
    removed: list[ProgramRecord]
    changed: list[ProgramChange]
    budget_by_pillar: list[BudgetRow]
    budget_by_opd: list[BudgetRow]
    budget_by_year: list[BudgetRow]
    total: BudgetRow
    quick_wins_gained: list[ProgramRecord]
    quick_wins_lost: list[ProgramRecord]
    pillars: list[SectionChange]
    opds: list[SectionChange]
    before: Figures
    after: Figures
    # on one side only, and on the other side perhaps in a file that failed to load
    uncompared: list[ProgramRecord] = field(default_factory=list)

    @property
    def renamed(self) -> list[ProgramChange]:
        return [c for c in self.changed if c.renamed]

    @property
    def moved(self) -> list[ProgramChange]:
        return [c for c in self.changed if c.moved]

    @property
    def has_changes(self) -> bool:
        return bool(
            self.settings
            or self.added
            or self.removed
            or self.changed
            or self.pillars
            or self.opds
            or self.uncompared
        )


def compare(old: Snapshot, new: Snapshot) -> PlanDiff:
    """Everything that differs between two plans, in a stable order."""
    only_new = [new.programs[i] for i in sorted(new.programs.keys() - old.programs.keys())]
    only_old = [old.programs[i] for i in sorted(old.programs.keys() - new.programs.keys())]
    added = [p for p in only_new if not old.unknown(p.id, p.path)]
    removed = [p for p in only_old if not new.unknown(p.id, p.path)]
    uncompared = sorted([*only_new, *only_old], key=lambda p: p.id)
    uncompared = [p for p in uncompared if p not in added and p not in removed]
    # left out of the figures on both sides: they may be in a file that failed to load
    left_out = {p.id for p in uncompared}
    before, after = figures(old, left_out), figures(new, left_out)
    changed = []
    for program_id in sorted(old.programs.keys() & new.programs.keys()):
        was, now = old.programs[program_id], new.programs[program_id]
        fields = _field_changes(_program_fields(was), _program_fields(now))
        if fields:
            changed.append(ProgramChange(program_id, was, now, fields))
    return PlanDiff(
        old=old,
        new=new,
        settings=_settings_changes(old, new),
        added=added,
        removed=removed,
        changed=changed,
        budget_by_pillar=_budget_rows(
            before.by_pillar, after.by_pillar, lambda k: _pillar_label(old, new, k)
        ),
        budget_by_opd=_budget_rows(before.by_opd, after.by_opd, lambda k: _opd_label(old, new, k)),
        budget_by_year=_budget_rows(before.by_year, after.by_year, str, ordered=True),
        total=BudgetRow("total", "Total", before.total, after.total),
        quick_wins_gained=[new.programs[i] for i in sorted(after.quick_wins - before.quick_wins)],
        quick_wins_lost=[old.programs[i] for i in sorted(before.quick_wins - after.quick_wins)],
        pillars=_sections(old, new, "pillar", lambda pid: _pillar_label(old, new, pid)),
        opds=_sections(old, new, "opd", lambda oid: _opd_label(old, new, oid)),
        before=before,
        after=after,
        uncompared=uncompared,
    )


def _budget_rows(
    before: Mapping[str, int], after: Mapping[str, int], label: Callable[[str], str], *, ordered: bool = False
) -> list[BudgetRow]:
    """The rows whose amount changed, in the new side's order (then the old side's), or sorted."""
    keys = list(dict.fromkeys([*after, *before]))
    rows = [
        BudgetRow(k, label(k), before.get(k, 0), after.get(k, 0)) for k in (sorted(keys) if ordered else keys)
    ]
    return [row for row in rows if row.delta]


def _program_fields(program: ProgramRecord) -> dict[str, Any]:
    fields = dict(program.fields)
    fields["opd"] = program.opd
    return fields


# Program fields in the order a reviewer reads them; anything else follows in model order.
PROGRAM_FIELD_ORDER = (
    "name",
    "opd",
    "pillar",
    "element",
    "quick_win",
    "start",
    "end",
    "budget",
    "status",
    "progress",
)


def _field_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[FieldChange, ...]:
    keys = [k for k in PROGRAM_FIELD_ORDER if k in old or k in new]
    keys += [k for k in [*old, *new] if k not in keys]
    seen: set[str] = set()
    changes = []
    for key in keys:
        if key in seen or key == "id":
            continue
        seen.add(key)
        if old.get(key) != new.get(key):
            changes.append(FieldChange(key, old.get(key), new.get(key)))
    return tuple(changes)


def _settings_changes(old: Snapshot, new: Snapshot) -> list[FieldChange]:
    if not (old.complete and new.complete and old.exists and new.exists):
        return []  # unknown on one side, or everything is new: nothing meaningful to list
    changes = []
    for key in SETTINGS:
        before, after = old.settings.get(key), new.settings.get(key)
        if key == "elements":  # those of an added or removed pillar are told by `pillars`
            before, after = _elements_of_common_pillars(old, new)
        if key == "city" and isinstance(before, dict) and isinstance(after, dict):
            changes += [FieldChange(f"{key}.{c.field}", c.old, c.new) for c in _field_changes(before, after)]
        elif before != after:
            changes.append(FieldChange(key, before, after))
    return changes


def _elements_of_common_pillars(old: Snapshot, new: Snapshot) -> tuple[list[str], list[str]]:
    common = set(old.settings.get("pillars", [])) & set(new.settings.get("pillars", []))
    return tuple(  # type: ignore[return-value]
        [e for e in side.settings.get("elements", []) if e.split("/")[0] in common] for side in (old, new)
    )


def _pillar_label(old: Snapshot, new: Snapshot, pillar_id: str) -> str:
    return new.pillar_names.get(pillar_id) or old.pillar_names.get(pillar_id) or pillar_id


def _opd_label(old: Snapshot, new: Snapshot, opd_id: str) -> str:
    return new.opd_label(opd_id) if opd_id in new.opds else old.opd_label(opd_id)


def _sections(old_side: Snapshot, new_side: Snapshot, kind: str, label: Any) -> list[SectionChange]:
    """Pillar analyses (`kind` pillar) or OPD details (opd) added, removed or changed; one
    missing because its file failed to load on that side is not called removed or added."""
    old, new = (old_side.pillars, new_side.pillars) if kind == "pillar" else (old_side.opds, new_side.opds)
    result = []
    for key in sorted(old.keys() | new.keys()):
        path = new_side.paths.get(f"{kind}:{key}") or old_side.paths.get(f"{kind}:{key}", "")
        if key not in old:
            if path not in old_side.broken_files:
                result.append(SectionChange(key, label(key), "added"))
        elif key not in new:
            if path not in new_side.broken_files:
                result.append(SectionChange(key, label(key), "removed"))
        elif fields := _field_changes(old[key], new[key]):
            result.append(SectionChange(key, label(key), "changed", fields))
    return result


# --- what the command and other callers use ---------------------------------------------------


def load_side(
    repository: Path, revision: str | None = None, *, label: str | None = None, may_be_missing: bool = False
) -> Snapshot:
    """One side of a comparison: the city repository in the folder `repository` as its files
    are now, or, given a git `revision`, as they were committed there (`checked_out`). `label`
    names the side in the report (the folder or the revision by default). Without a
    `masterplan.yaml` it is an empty plan if it `may_be_missing`, else a `DiffError`; a
    `masterplan.yaml` with errors is an `UnreadablePlan`."""
    if revision is None:
        return snapshot(repository, label or str(repository), may_be_missing=may_be_missing)
    with checked_out(repository, revision) as folder:
        return snapshot(folder, label or revision, may_be_missing=may_be_missing)


def diff_repositories(old: Path, new: Path) -> PlanDiff:
    """Compare two city repositories, each a folder."""
    return compare(load_side(old), load_side(new))


def diff_revision(repository: Path, revision: str) -> PlanDiff:
    """Compare the city repository at `repository` as it was at git `revision` with its
    files in the work tree now (committed or not)."""
    after = load_side(repository, label=_("working tree"))
    # The city repository may not exist yet at the base of the pull request that adds it.
    return compare(load_side(repository, revision, may_be_missing=True), after)


__all__ = [
    "DiffError",
    "PlanDiff",
    "Snapshot",
    "UnreadablePlan",
    "compare",
    "diff_repositories",
    "diff_revision",
    "load_side",
    "plan_snapshot",
]
