"""Read a city repository into one `Plan`: find the files, load and validate each one.

Everything is gathered before anything is judged across files: a broken file is reported and
left out, and the rest is still checked, so that one run reports every problem.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .diagnostics import Diagnostic, Report, Severity, register
from .discovery import MASTERPLAN_FILE, MASTERPLAN_FILES
from .l10n import N_, _
from .loader import MAX_FILE_BYTES, LoadedFile, Node, decode, load_text
from .schema import Framework, Masterplan, OpdFile, PillarFile, Program, resolve
from .schema.city import Period
from .schema.common import LANGUAGES
from .schema.progress import ProgressFile, Realisation
from .validation import MAX_PROBLEMS_PER_FILE, too_many_problems, validate

YAML_SUFFIXES = (".yaml", ".yml")
# What one repository may hold in all, with room for the largest real city several times
# over: the benchmark city of 100 OPDs and 2,000 programs (benchmarks/generate.py) is 2.6 MiB
# in 107 files. Per-file limits alone let ten 4 MiB files take 3.3 GB to check.
MAX_REPOSITORY_BYTES = 16 * 1024 * 1024
MAX_FILES = 1_000
MAX_PROGRAMS = 10_000

register(
    "MP011",
    "missing-masterplan",
    Severity.ERROR,
    N_("The repository has no `masterplan.yaml`."),
    why=N_(
        "`masterplan.yaml` names the city, the period and the framework that every other file is checked against."
    ),
    example="(a folder with only opd/ and pillars/)",
    fix=N_(
        "Run the command in the city repository's root folder, or create the file with `masterplan init`."
    ),
)
register(
    "MP012",
    "ignored-file",
    Severity.INFO,
    N_("A file or folder in `opd/` or `pillars/` that is not a `.yaml` or `.yml` file is ignored."),
    why=N_(
        "Only `.yaml` and `.yml` files are read; a `.txt` or `.docx` there is probably in the wrong place."
    ),
    example="opd/dinkes.yaml.bak",
    fix=N_("Move the file elsewhere, or rename it to `.yaml` if it should be read."),
)
register(
    "MP013",
    "outside-repository",
    Severity.ERROR,
    N_("A file or folder of the repository is a link that leads outside it."),
    why=N_(
        "A check or build in CI must never read files outside the repository under review (a link to /etc/passwd)."
    ),
    example="opd/dinkes.yaml -> /etc/passwd\npillars/ -> ../../other-city/pillars/",
    fix=N_("Replace the link with a copy of what it points to, or remove it."),
)
register(
    "MP021",
    "repository-too-large",
    Severity.ERROR,
    N_(
        "The repository's YAML files are more than {max_mib} MiB together, or more than {max_files:,} files; "
        "or it holds more than {max_programs:,} programs."
    ),
    values={
        "max_mib": MAX_REPOSITORY_BYTES // 1024 // 1024,
        "max_files": MAX_FILES,
        "max_programs": MAX_PROGRAMS,
    },
    why=N_(
        "Reading costs memory and time in proportion to what is read, and a pull request can add many files "
        "each under the size limit of one file. The limits leave room for the largest city several times over "
        "(a city of 100 OPDs and 2,000 programs is 2.6 MiB); beyond them nothing, or no further program, is read."
    ),
    example="(ten opd/*.yaml files of 4 MiB each)",
    fix=N_("Remove files that are not part of the plan, or split the plan into several repositories."),
)
register(
    "MP300",
    "misplaced-progress-file",
    Severity.ERROR,
    N_(
        "A file or folder in `progress/` is not where a year's realisation goes: `progress/<year>/<opd>.yaml`."
    ),
    why=N_(
        "Each OPD reports a year in a file of its own, in the folder named after the year; a file elsewhere in "
        "`progress/` is not read, so what it reports would silently be missing from the evaluation report."
    ),
    example="progress/2024.yaml\nprogress/tahun-2024/dinkes.yaml",
    fix=N_("Move the file to `progress/<year>/<opd>.yaml`, e.g. `progress/2024/dinkes.yaml`."),
)


@dataclass
class ProgressEntry:
    """An OPD's report of one year; `folder_year` is the year its folder names."""

    model: ProgressFile  # with its valid entries only
    file: LoadedFile
    folder_year: int
    positions: tuple[int, ...] = ()  # where each of `model.programs` stands in the file's list


@dataclass
class PillarEntry:
    model: PillarFile
    file: LoadedFile


@dataclass
class OpdEntry:
    model: OpdFile  # with its valid programs only
    file: LoadedFile
    positions: tuple[int, ...] = ()  # where each of `model.programs` stands in the file's list


@dataclass(frozen=True)
class IdPlace:
    """An id as written in a file, valid or not: where to point when it is used twice."""

    id: str
    file: LoadedFile
    loc: tuple[Any, ...]


@dataclass
class ProgramEntry:
    program: Program
    opd: OpdFile
    file: LoadedFile
    index: int  # position in the OPD file's `programs` list (invalid programs count too)

    @property
    def loc(self) -> tuple[Any, ...]:
        return ("programs", self.index)


@dataclass
class Plan:
    """A city repository, merged: the settings, the framework and every valid file."""

    root: Path
    masterplan: Masterplan
    masterplan_file: LoadedFile
    framework: Framework
    pillar_files: list[PillarEntry] = field(default_factory=list)
    opd_files: list[OpdEntry] = field(default_factory=list)
    # ids found in files that failed validation: known, so that they cause no second error
    broken_opd_ids: set[str] = field(default_factory=set)
    broken_program_ids: set[str] = field(default_factory=set)
    broken_pillar_ids: set[str] = field(default_factory=set)
    # every program id written in an OPD file that loaded, valid program or not, in file order
    program_ids: list[IdPlace] = field(default_factory=list)
    progress_files: list[ProgressEntry] = field(default_factory=list)  # by year, then file name
    # an OPD file or a program was left out for errors: what the plan lacks (a pillar without
    # programs, ...) may be in it, so the coverage checks stay quiet rather than mislead
    incomplete: bool = False
    # masterplan.yaml has errors: only its period and framework are known (`_partial_masterplan`)
    partial: bool = False

    @property
    def language(self) -> str:
        return self.masterplan.language

    @cached_property
    def pillars(self) -> dict[str, PillarFile]:
        """Each framework pillar's analysis, in framework order (the first file wins)."""
        found: dict[str, PillarFile] = {}
        for entry in self.pillar_files:
            found.setdefault(entry.model.pillar, entry.model)
        return {p.id: found[p.id] for p in self.framework.pillars if p.id in found}

    @cached_property
    def opds(self) -> dict[str, OpdFile]:
        found: dict[str, OpdFile] = {}
        for entry in self.opd_files:
            found.setdefault(entry.model.id, entry.model)
        return found

    @cached_property
    def programs(self) -> list[ProgramEntry]:
        return [
            ProgramEntry(program, entry.model, entry.file, index)
            for entry in self.opd_files
            for index, program in zip(entry.positions, entry.model.programs, strict=True)
        ]


def locate(file: LoadedFile, loc: tuple[Any, ...], *, key: bool = False) -> tuple[int, int, int | None]:
    """Line, column and end column of the value at `loc` in a loaded file (the deepest
    existing node on the way when the value itself is missing); of its key when `key`
    (a budget year is found by its year)."""
    if file.root is None:
        return 1, 1, None
    node: Node = file.root
    for i, part in enumerate(loc):
        # an int is a list index, or a mapping key such as a year
        child = node.item(part) if node.kind == "seq" else node.get(part)
        if child is None:
            break
        if key and i == len(loc) - 1:
            child = node.key_node(part) or child
        node = child
    end = node.end_column if node.kind == "scalar" and node.end_line == node.line else None
    return node.line, node.column, end


@contextmanager
def gc_paused() -> Iterator[None]:
    """Loading allocates a Node per YAML value and keeps them all. The cyclic garbage collector
    would walk them again and again, during loading and after it (half the time of `check` on a
    2,000-program city), yet they hold no reference cycles: refcounting frees them. So it is off
    while loading, and what was loaded is frozen (`gc.freeze`) out of its later walks."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def load_repository(root: Path, replaced: Mapping[str, str] | None = None) -> tuple[Plan | None, Report]:
    """Load and validate every file of the repository at `root`. The plan is None when
    `masterplan.yaml` is missing or invalid; the report then says why. `replaced` gives the
    would-be text of some files (by relative path): `import xlsx` checks before it writes."""
    with gc_paused():
        return _load_repository(root, replaced or {})


def _load_repository(root: Path, replaced: Mapping[str, str]) -> tuple[Plan | None, Report]:
    report = Report()
    root = root.resolve()
    pillar_paths, opd_paths = _yaml_files(root, "pillars", report), _yaml_files(root, "opd", report)
    progress_paths = _progress_files(root, report)
    masterplan_paths = [path for path in (root / name for name in MASTERPLAN_FILES) if path.exists()]
    if _too_large(root, [*masterplan_paths, *pillar_paths, *opd_paths, *progress_paths], report):
        return None, report
    masterplan_file = _read(root, root / MASTERPLAN_FILE, report, replaced)
    missing = not any((root / name).exists() for name in MASTERPLAN_FILES)
    if masterplan_file is None and missing:
        report.diagnostics.append(
            Diagnostic(
                MASTERPLAN_FILE,
                1,
                1,
                "MP011",
                _("no {masterplan_file} in {root}").format(masterplan_file=MASTERPLAN_FILE, root=root),
                _("run `masterplan init` to create a city repository, or pass the path of one"),
            )
        )
    masterplan = _validated(Masterplan, masterplan_file, report)

    pillar_entries, opd_entries = [], []
    broken_opds: set[str] = set()
    broken_programs: set[str] = set()
    broken_pillars: set[str] = set()
    program_ids: list[IdPlace] = []
    skipped: list[str] = []  # OPD files and programs left out
    for path in pillar_paths:
        loaded = _read(root, path, report, replaced)
        model = _validated(PillarFile, loaded, report)
        if model and loaded:
            pillar_entries.append(PillarEntry(model, loaded))
        else:  # its pillar is known to be described, if brokenly: no "missing pillar file"
            broken_pillars.add(path.stem)
            data = loaded.data if loaded is not None else None
            if isinstance(data, dict) and isinstance(data.get("pillar"), str):
                broken_pillars.add(data["pillar"])
    programs_left = [MAX_PROGRAMS]
    for path in opd_paths:
        if programs_left[0] < 0:  # past MAX_PROGRAMS: the rest is not even parsed
            skipped.append(relative(root, path))
            broken_opds.add(path.stem)
            continue
        loaded = _read(root, path, report, replaced)
        program_ids += _program_ids(loaded)
        entry = _validated_opd(loaded, report, broken_programs, skipped, programs_left)
        if entry:
            opd_entries.append(entry)
        else:  # its id is known to exist, if brokenly: no "unknown OPD" for it
            skipped.append(relative(root, path))
            broken_opds.add(path.stem)
            if loaded is not None:
                _remember_ids(loaded.data, broken_opds, broken_programs)
                if loaded.root is None and loaded.text:  # YAML could not read it: its `id:` lines
                    broken_programs.update(_WRITTEN_PROGRAM_ID.findall(loaded.text))

    progress_entries = []
    for path in progress_paths:
        loaded = _read(root, path, report, replaced)
        progress = _with_valid_items(ProgressFile, Realisation, loaded, report)
        if progress and loaded:
            progress_entries.append(ProgressEntry(progress[0], loaded, int(path.parent.name), progress[1]))

    if masterplan_file is None:
        return None, report
    partial = masterplan is None
    if masterplan is None:
        masterplan = _partial_masterplan(masterplan_file)
        if masterplan is None:
            return None, report
    plan = Plan(
        root=root,
        masterplan=masterplan,
        masterplan_file=masterplan_file,
        framework=resolve(masterplan.framework),
        pillar_files=pillar_entries,
        opd_files=opd_entries,
        broken_opd_ids=broken_opds,
        broken_program_ids=broken_programs,
        broken_pillar_ids=broken_pillars,
        program_ids=program_ids,
        progress_files=progress_entries,
        incomplete=bool(skipped),
        partial=partial,
    )
    return plan, report


def _partial_masterplan(loaded: LoadedFile) -> Masterplan | None:
    """When masterplan.yaml has errors elsewhere, its period and framework may still be
    valid: enough to run the cross-file checks, so that one run still reports everything.
    The plan is marked `partial`; nothing is built from it."""
    data = loaded.data if loaded.ok and isinstance(loaded.data, dict) else None
    if data is None:
        return None
    try:
        period = Period.model_validate(data.get("period"))
        adapter: TypeAdapter[Any] = TypeAdapter(Masterplan.model_fields["framework"].annotation)  # type: ignore[arg-type,maybe-unrecognized-str-typeform]
        framework_value = adapter.validate_python(data.get("framework", "kominfo"))
    except ValidationError:
        return None
    language = data["language"] if data.get("language") in LANGUAGES else "id"
    # model_construct skips validation on purpose: `city` stays None, which checks guard
    return Masterplan.model_construct(city=None, period=period, framework=framework_value, language=language)  # type: ignore[arg-type]


def _validated(model: type[Any], loaded: LoadedFile | None, report: Report) -> Any:
    if loaded is None or not loaded.ok:
        return None
    result, diagnostics = validate(model, loaded)
    report.extend(diagnostics)
    return result


def _program_ids(loaded: LoadedFile | None) -> list[IdPlace]:
    data = loaded.data if loaded is not None and loaded.ok else None
    programs = data.get("programs") if isinstance(data, dict) else None
    if loaded is None or not isinstance(programs, list):
        return []
    return [
        IdPlace(item["id"], loaded, ("programs", index, "id"))
        for index, item in enumerate(programs)
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    ]


def _validated_opd(
    loaded: LoadedFile | None,
    report: Report,
    broken_programs: set[str],
    skipped: list[str],
    programs_left: list[int],
) -> OpdEntry | None:
    """An OPD file with its valid programs (`_with_valid_items`). `programs_left` counts down
    the programs the repository may still hold (MAX_PROGRAMS); past it none is read."""
    if loaded is None:
        return None

    def admit(index: int) -> bool:
        programs_left[0] -= 1
        if programs_left[0] == -1:
            report.diagnostics.append(_too_many_programs(loaded, index))
        return programs_left[0] >= 0

    def left_out(index: int, items: list[Any], rest: bool) -> None:
        skipped.append(f"{loaded.path}: programs[{index}{':' if rest else ''}]")
        _remember_ids({"programs": items}, set(), broken_programs)

    found = _with_valid_items(OpdFile, Program, loaded, report, admit, left_out)
    return OpdEntry(found[0], loaded, found[1]) if found else None


def _with_valid_items(
    model: type[Any],
    item_model: type[Any],
    loaded: LoadedFile | None,
    report: Report,
    admit: Callable[[int], bool] = lambda index: True,
    left_out: Callable[[int, list[Any], bool], None] = lambda index, items, rest: None,
) -> tuple[Any, tuple[int, ...]] | None:
    """A file of `model` (an OPD's, a progress file) with its valid `programs`, each an
    `item_model`, and where they stand: each is validated on its own, so that one broken item
    does not hide the others from the cross-file checks and the outputs. `admit(index)` says
    whether the item at `index` may still be read (and reports why not); `left_out(index,
    items, rest)` hears of the items not kept: an invalid one, or (`rest`) all from `index` on."""
    if loaded is None or not loaded.ok:
        return None
    data = loaded.data
    items = data.get("programs") if isinstance(data, dict) else None
    if not isinstance(items, list):
        whole = _validated(model, loaded, report)
        return (whole, tuple(range(len(whole.programs)))) if whole else None
    header, diagnostics = validate(model, loaded, {**data, "programs": []})
    report.extend(diagnostics)
    valid: list[Any] = []
    positions: list[int] = []
    room = MAX_PROBLEMS_PER_FILE - len(diagnostics)  # a hostile file must not take minutes
    for index, item in enumerate(items):
        if not admit(index):
            left_out(index, items[index:], True)
            break
        if room <= 0:
            if not any(d.code == "MP014" for d in diagnostics):  # the header may have said so already
                report.diagnostics.append(
                    too_many_problems(loaded, loaded.root.get("programs") if loaded.root else None)
                )
            left_out(index, items[index:], True)
            break
        kept, problems = validate(item_model, loaded, item, ("programs", index))
        room -= len(problems)
        report.extend(problems)
        if kept is None:
            left_out(index, [item], False)
            continue
        valid.append(kept)
        positions.append(index)
    if header is None:
        return None
    return header.model_copy(update={"programs": valid}), tuple(positions)


def _too_many_programs(loaded: LoadedFile, index: int) -> Diagnostic:
    line, column, _end = locate(loaded, ("programs", index))
    return Diagnostic(
        loaded.path,
        line,
        column,
        "MP021",
        _(
            "the repository holds more than {max_programs:,} programs: this one and those after it are not read"
        ).format(max_programs=MAX_PROGRAMS),
        _("split the plan, or remove programs that are not part of it"),
    )


def _too_large(root: Path, paths: list[Path], report: Report) -> bool:
    """Whether the YAML files are too many or too large together (MP021, at the file that
    crosses the limit); measured before any is read. A file too large to be read on its own
    (MP006) or outside the repository (MP013) adds nothing: it is not read either."""
    total = 0
    for count, path in enumerate(paths, 1):
        try:
            size = path.stat().st_size if inside(root, path) else 0
        except OSError:
            continue  # missing, or unreadable: said when it is read
        total += size if size <= MAX_FILE_BYTES else 0
        if total > MAX_REPOSITORY_BYTES or count > MAX_FILES:
            limit = (
                _("more than {max_files:,} YAML files").format(max_files=MAX_FILES)
                if count > MAX_FILES
                else _(
                    "{total:.1f} MiB of YAML up to this file, more than {max_repository_bytes} MiB"
                ).format(total=total / 1024 / 1024, max_repository_bytes=MAX_REPOSITORY_BYTES // 1024 // 1024)
            )
            report.files_checked = len(paths)
            report.diagnostics.append(
                Diagnostic(
                    relative(root, path),
                    1,
                    1,
                    "MP021",
                    _("the repository holds {limit}: nothing is read").format(limit=limit),
                    _("remove files that are not part of the plan, or split it into several repositories"),
                )
            )
            return True
    return False


# a program id as a file YAML cannot read writes it, so that a program another file depends on or
# reports progress for is not called unknown, with a misleading "did you mean", on top of MP001
_WRITTEN_PROGRAM_ID = re.compile(
    r"^[ \t]*(?:-[ \t]+)?id:[ \t]*[\"']?([A-Z0-9][A-Z0-9-]*)[\"']?[ \t]*(?:#.*)?$", re.MULTILINE
)


def _remember_ids(data: Any, opds: set[str], programs: set[str]) -> None:
    if not isinstance(data, dict):
        return
    if isinstance(data.get("id"), str):
        opds.add(data["id"])
    for program in data.get("programs") or [] if isinstance(data.get("programs"), list) else []:
        if isinstance(program, dict) and isinstance(program.get("id"), str):
            programs.add(program["id"])


def relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def inside(root: Path, path: Path) -> bool:
    """Whether `path`, with every symlink followed, lies inside `root` (already resolved)."""
    try:
        return Path(os.path.realpath(path)).is_relative_to(root)
    except (OSError, ValueError):
        return False


def _yaml_files(root: Path, folder: str, report: Report, *, folders: bool = False) -> list[Path]:
    """The YAML files of `folder` (with `folders`: its YAML files and sub-folders, to place)."""
    directory = root / folder
    if not directory.is_dir():
        return []
    if not inside(root, directory):
        report.diagnostics.append(
            Diagnostic(
                folder,
                1,
                1,
                "MP013",
                _("`{folder}/` is a link that leads outside the repository; it is not read").format(
                    folder=folder
                ),
            )
        )
        return []
    files = []
    for path in sorted(directory.iterdir()):
        if path.name.startswith("."):
            continue
        if (path.suffix in YAML_SUFFIXES and not path.is_dir()) or (folders and path.is_dir()):
            files.append(path)
        elif path.is_file() or path.is_dir():
            kind = _("folder") if path.is_dir() else _("file")
            report.diagnostics.append(
                Diagnostic(
                    relative(root, path),
                    1,
                    1,
                    "MP012",
                    _("{kind} ignored: only .yaml and .yml files in {folder}/ are read").format(
                        kind=kind, folder=folder
                    ),
                )
            )
    return files


def _progress_files(root: Path, report: Report) -> list[Path]:
    """`progress/<year>/*.yaml`, by year; anything else in `progress/` is reported (MP300)."""
    if not (root / "progress").is_dir():
        return []
    files: list[Path] = []
    for entry in _yaml_files(root, "progress", report, folders=True):
        if entry.is_dir() and entry.name.isdigit() and len(entry.name) == 4:
            files += _yaml_files(root, f"progress/{entry.name}", report)
        else:
            report.diagnostics.append(
                Diagnostic(
                    relative(root, entry),
                    1,
                    1,
                    "MP300",
                    _(
                        "`{relative}` is not read: a year's realisation goes in progress/<year>/<opd>.yaml"
                    ).format(relative=relative(root, entry)),
                    _misplaced_hint(entry),
                )
            )
    return files


def _misplaced_hint(entry: Path) -> str:
    if entry.is_dir():
        return _("name the folder after the year, e.g. progress/2024/")
    if entry.stem.isdigit():
        return _("split it into one file per OPD: progress/{stem}/<opd>.yaml").format(stem=entry.stem)
    return _("move it to progress/<year>/{stem}.yaml").format(stem=entry.stem)


def _read(root: Path, path: Path, report: Report, replaced: Mapping[str, str]) -> LoadedFile | None:
    """Read and parse one file, recording it in the report; None when it cannot be read."""
    if not path.exists() and path.name == MASTERPLAN_FILE and (root / MASTERPLAN_FILES[1]).exists():
        path = root / MASTERPLAN_FILES[1]
    shown = relative(root, path)
    if not path.exists() and not path.is_symlink():
        return None
    report.files_checked += 1
    if not inside(root, path):
        report.diagnostics.append(
            Diagnostic(
                shown,
                1,
                1,
                "MP013",
                _("this file is a link that leads outside the repository; it is not read"),
            )
        )
        return None
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report.diagnostics.append(
                Diagnostic(
                    shown,
                    1,
                    1,
                    "MP006",
                    _(
                        "the file is {size:.1f} MiB; files larger than {max_file_bytes} MiB are not read"
                    ).format(size=size / 1024 / 1024, max_file_bytes=MAX_FILE_BYTES // 1024 // 1024),
                )
            )
            return None
        data = replaced[shown].encode("utf-8") if shown in replaced else path.read_bytes()
    except OSError as error:
        report.diagnostics.append(
            Diagnostic(
                shown, 1, 1, "MP007", _("the file cannot be read: {strerror}").format(strerror=error.strerror)
            )
        )
        return None
    text, problem = decode(data)
    if text is None:
        assert problem is not None
        code, message, line, column, hint = problem
        report.diagnostics.append(Diagnostic(shown, line, column, code, message, hint))
        return None
    loaded = load_text(shown, text)
    report.sources[shown] = text
    report.extend(loaded.diagnostics)
    return loaded
