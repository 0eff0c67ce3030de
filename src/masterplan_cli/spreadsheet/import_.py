"""`masterplan import xlsx`: a filled workbook back into the city's YAML files.

The pipeline: refuse a hostile file (`guard`), read every sheet's rows by their headers, match
each row to the program, budget, indicator or OPD it describes (by id), apply the changed
values to the YAML files in memory (`yamledit`: comments and formatting stay), check the
would-be repository exactly as `masterplan check` does, and map each problem back to the cell
it came from (`Program!D14`). Only when nothing is wrong is anything written, atomically; what
changed is shown the way `masterplan diff` shows it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..bilingual import merge_texts
from ..checker import check_repository
from ..diagnostics import RULES, Diagnostic, Report, Severity
from ..differ import PlanDiff, compare, plan_snapshot
from ..l10n import _
from ..loader import Node, load_text
from ..output import write_atomic
from ..project import Plan
from ..schema import OpdFile, Program
from ..schema.common import Indicator
from ..terminal import printable
from . import problems  # noqa: F401  (registers MP28x)
from .guard import WorkbookRefused, inspect
from .layout import BUDGET, INDICATORS, OPDS, PROGRAMS, SHEETS, Column, Sheet, from_cell, is_empty
from .yamledit import YamlDocument, assign, at

MAX_ROWS = 20_000
MAX_COLUMNS = 200  # a sheet has at most 20 fixed columns and one per year (20 at most)
BOOLEAN_FORMULAS = (
    "=TRUE()",
    "=FALSE()",
    "=TRUE",
    "=FALSE",
)  # constants, not computations  # per sheet; a plan of 2,000 programs has far fewer


@dataclass(frozen=True)
class Problem:
    """A diagnostic located in the workbook (`Program!D14`) or, when no cell explains it, in a
    YAML file of the repository (`opd/dinkes.yaml:12:5`)."""

    where: str
    code: str
    message: str
    hint: str | None = None

    def __post_init__(self) -> None:
        # A cell, a sheet's or a zip part's name and openpyxl's errors come from the workbook,
        # and a cell may hold a newline (`x\n::error::…`) or a C1 control: shown escaped, as a
        # `Diagnostic` is (the workbook's file name and the repository's too).
        for name in ("where", "message", "hint"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, printable(getattr(self, name)))

    @property
    def severity(self) -> Severity:
        return RULES[self.code].severity


@dataclass
class Row:
    sheet: Sheet
    number: int
    values: dict[Column, Any]
    cells: dict[Column, str]
    language: str = "id"  # of the sheet's title: the language its texts are written in

    def value(self, key: str) -> Any:
        return next((v for c, v in self.values.items() if c.key == key and c.year is None), None)

    def cell(self, key: str) -> str:
        found = next((r for c, r in self.cells.items() if c.key == key and c.year is None), None)
        return found or f"A{self.number}"


@dataclass
class Target:
    """One YAML mapping the workbook writes into: a program, an indicator or an OPD."""

    path: str
    parent: tuple[Any, ...]  # the list it is in (`programs`), or the mapping itself when `index` is None
    index: int | None
    model: type[BaseModel]
    current: dict[str, Any]
    anchor: str  # the cell of the row's id
    desired: dict[str, Any] = field(default_factory=dict)
    cells: dict[tuple[Any, ...], str] = field(default_factory=dict)
    language: str = "id"  # of the texts in `desired`

    @property
    def loc(self) -> tuple[Any, ...]:
        return self.parent if self.index is None else (*self.parent, self.index)


@dataclass
class ImportResult:
    problems: list[Problem]
    diff: PlanDiff | None = None
    files: dict[str, str] = field(default_factory=dict)  # path → new text

    @property
    def failed(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


# --- reading the workbook ----------------------------------------------------------------------


def read_workbook(path: Path, label: str) -> tuple[dict[str, list[Row]], list[Problem]]:
    inspect(path)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=False, keep_links=False, keep_vba=False)
    except Exception as error:  # a damaged or hostile file can fail anywhere inside openpyxl
        raise WorkbookRefused(
            _("the workbook cannot be read: {name}: {error}").format(name=type(error).__name__, error=error)
        ) from None
    rows: dict[str, list[Row]] = {}
    found: list[Problem] = []
    try:
        titles = {title: sheet for sheet in SHEETS for title in sheet.titles}
        first: dict[str, str] = {}  # the title each table was first read from
        for worksheet in workbook.worksheets:
            sheet = titles.get(worksheet.title)
            if sheet is None:
                continue
            if sheet.key in first:  # `Program` and `Programs`: one would silently replace the other
                found.append(
                    Problem(
                        f"{label}!{worksheet.title}!A1",
                        "MP286",
                        _("the sheet {title} holds the same table as the sheet {first}").format(
                            title=worksheet.title, first=first[sheet.key]
                        ),
                        _("keep one of the two: copy into it the rows the other adds, then delete the other"),
                    )
                )
                continue
            first[sheet.key] = worksheet.title
            rows[sheet.key] = _read_sheet(worksheet, sheet, f"{label}!{worksheet.title}!", found)
    finally:
        workbook.close()
    return rows, found


def _read_sheet(worksheet: Any, sheet: Sheet, prefix: str, found: list[Problem]) -> list[Row]:
    from openpyxl.utils import get_column_letter

    # The sheet's own <dimension> (A1:XFD20000) would make openpyxl pad every row to it: 327
    # million empty cells from 32 kB. Without it a row is as wide as its last cell.
    worksheet.reset_dimensions()
    lines = worksheet.iter_rows()
    header = next(lines, ())
    _check_width(worksheet.title, 1, header)
    headers = [c.value for c in header]
    columns = _columns(sheet, headers, prefix, found)
    named = {i for i, h in enumerate(headers) if h is not None and str(h).strip()}
    result = []
    for number, line in enumerate(lines, start=2):
        if number > MAX_ROWS:
            raise WorkbookRefused(
                _("the sheet {title} has more than {max_rows} rows").format(
                    title=worksheet.title, max_rows=MAX_ROWS
                )
            )
        _check_width(worksheet.title, number, line)
        row = Row(sheet, number, {}, {}, "en" if worksheet.title == sheet.titles[1] else "id")
        for index, cell in enumerate(line):
            column = columns.get(index)
            reference = f"{get_column_letter(index + 1)}{number}"
            value = cell.value
            if getattr(cell, "data_type", None) == "f":
                formula = str(getattr(value, "text", value))
                if formula.upper() not in BOOLEAN_FORMULAS:
                    found.append(
                        Problem(
                            prefix + reference,
                            "MP281",
                            _("the cell holds a formula: {formula}").format(formula=_clip(formula)),
                            _("type the value itself; formulas are not evaluated"),
                        )
                    )
                    continue
                value = formula.upper().startswith("=TRUE")  # how LibreOffice saves TRUE and FALSE
            if column is None or column.derived:
                if index not in columns and value is not None and index not in named:
                    found.append(
                        Problem(
                            prefix + reference,
                            "MP282",
                            _("a value in a column without a header"),
                            _("delete it, or move it into a column of the sheet"),
                        )
                    )
                continue
            row.values[column] = from_cell(column.kind, value)
            row.cells[column] = prefix + reference
        if any(not is_empty(v) for v in row.values.values()):
            result.append(row)
    return result


def _check_width(title: str, number: int, line: tuple[Any, ...]) -> None:
    from openpyxl.utils import get_column_letter

    if len(line) > MAX_COLUMNS:
        raise WorkbookRefused(
            _(
                "the sheet {title} has a cell at {cell}; sheets wider than {max_columns} columns are not read"
            ).format(title=title, cell=f"{get_column_letter(len(line))}{number}", max_columns=MAX_COLUMNS)
        )


def _columns(sheet: Sheet, headers: list[Any], prefix: str, found: list[Problem]) -> dict[int, Column]:
    """The column of each index, by its header in either language (a year for a per-year field)."""
    from openpyxl.utils import get_column_letter

    known = {h: c for c in sheet.fixed for h in c.headers}
    columns: dict[int, Column] = {}
    for index, header in enumerate(headers):
        text = str(header).strip() if header is not None else ""
        reference = f"{prefix}{get_column_letter(index + 1)}1"
        if text in known:
            columns[index] = known[text]
        elif sheet.years and text.isdigit() and len(text) == 4:
            columns[index] = Column(sheet.years, (text, text), sheet.year_kind, 16, year=int(text))
        elif text:
            expected = ", ".join(c.headers[0] for c in sheet.fixed)
            found.append(
                Problem(
                    reference,
                    "MP282",
                    _("unknown column `{text}`").format(text=_clip(text)),
                    _("the columns are: {expected}").format(expected=expected),
                )
            )
    key = sheet.fixed[0] if sheet is not PROGRAMS else PROGRAMS.fixed[1]
    if key not in columns.values():
        found.append(
            Problem(
                f"{prefix}A1",
                "MP282",
                _("the sheet has no column `{headers}`").format(headers=key.headers[0]),
                _("restore the header row as exported"),
            )
        )
    return columns


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- matching rows to the plan -----------------------------------------------------------------


class Matcher:
    """Turns the rows into targets: the YAML mappings they change, or add."""

    def __init__(self, plan: Plan, label: str) -> None:
        self.plan = plan
        self.problems: list[Problem] = []
        self.programs: dict[str, Target] = {}
        self.targets: list[Target] = []
        self.label = label

    def problem(self, where: str, code: str, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(where, code, message, hint))

    def match(self, rows: dict[str, list[Row]]) -> list[Target]:
        self._opds(rows.get(OPDS.key, []))
        self._programs(rows.get(PROGRAMS.key, []))
        self._budgets(rows.get(BUDGET.key, []))
        self._indicators(rows.get(INDICATORS.key, []))
        return self.targets

    def _opds(self, rows: list[Row]) -> None:
        files = {e.model.id: e for e in self.plan.opd_files}
        seen: dict[str, str] = {}
        for row in rows:
            opd_id = row.value("id")
            if not self._first(seen, opd_id, row, "id"):
                continue
            entry = files.get(opd_id)
            if entry is None:
                self.problem(
                    row.cell("id"),
                    "MP283",
                    _('no OPD "{opd_id}" in the repository').format(opd_id=opd_id),
                    _("create opd/{opd_id}.yaml first, or correct the id").format(opd_id=opd_id),
                )
                continue
            target = Target(
                entry.file.path,
                (),
                None,
                OpdFile,
                entry.model.model_dump(exclude={"programs"}),
                row.cell("id"),
            )
            self._fill(target, row, skip=())
            self.targets.append(target)

    def _programs(self, rows: list[Row]) -> None:
        existing = {p.program.id: p for p in self.plan.programs}
        files = {e.model.id: e for e in self.plan.opd_files}
        counts = {e.file.path: len(e.model.programs) for e in self.plan.opd_files}
        seen: dict[str, str] = {}
        for row in rows:
            program_id, opd_id = row.value("id"), row.value("opd")
            if not self._first(seen, program_id, row, "id"):
                continue
            entry = existing.get(program_id)
            if entry is not None:
                if opd_id is not None and opd_id != entry.opd.id:
                    self.problem(
                        row.cell("opd"),
                        "MP284",
                        _('{program_id} belongs to "{id}", not "{opd_id}"').format(
                            program_id=program_id, id=entry.opd.id, opd_id=opd_id
                        ),
                        _("restore the OPD, or move the program between the YAML files by hand"),
                    )
                    continue
                target = Target(
                    entry.file.path,
                    ("programs",),
                    entry.index,
                    Program,
                    entry.program.model_dump(),
                    row.cell("id"),
                )
            elif opd_id in files:
                path = files[opd_id].file.path
                target = Target(path, ("programs",), counts[path], Program, {}, row.cell("id"))
                counts[path] += 1
            else:
                what = (
                    _('no OPD "{opd_id}" in the repository').format(opd_id=opd_id)
                    if opd_id
                    else _("a new program needs its OPD")
                )
                self.problem(
                    row.cell("opd"),
                    "MP283",
                    _("{program_id}: {what}").format(program_id=program_id, what=what),
                    _("choose an OPD from the list"),
                )
                continue
            self._fill(target, row, skip=("opd",))
            self.programs[str(program_id)] = target
            self.targets.append(target)

    def _budgets(self, rows: list[Row]) -> None:
        seen: dict[str, str] = {}
        for row in rows:
            program_id = row.value("id")
            if not self._first(seen, program_id, row, "id"):
                continue
            target = self._program_target(program_id, row)
            if target is not None:
                self._fill(target, row, skip=("id",))

    def _program_target(self, program_id: Any, row: Row) -> Target | None:
        target = self.programs.get(str(program_id))
        if target is None:
            entry = next((p for p in self.plan.programs if p.program.id == program_id), None)
            if entry is None:
                self.problem(
                    row.cell(row.sheet.fixed[0].key),
                    "MP283",
                    _('no program "{program_id}"').format(program_id=program_id),
                    _("add it on the Program sheet, or correct the id"),
                )
                return None
            target = Target(
                entry.file.path,
                ("programs",),
                entry.index,
                Program,
                entry.program.model_dump(),
                row.cell("id"),
            )
            self.programs[program_id] = target
            self.targets.append(target)
        return target

    def _indicators(self, rows: list[Row]) -> None:
        owners = self._indicator_owners()
        added: dict[tuple[str, tuple[Any, ...]], int] = {}
        seen: dict[str, str] = {}
        for row in rows:
            owner, indicator_id = row.value("owner"), row.value("id")
            key = None if owner is None or indicator_id is None else f"{owner}/{indicator_id}"
            if not self._first(seen, key, row, "owner" if owner is None else "id"):
                continue
            parent = self._owner(owner, row)
            if parent is None:
                continue
            path, loc, indicators = parent
            elsewhere = owners.get(str(indicator_id))
            index = next((i for i, x in enumerate(indicators) if x.id == indicator_id), None)
            if index is None and elsewhere is not None:
                self.problem(
                    row.cell("owner"),
                    "MP284",
                    _('indicator {indicator_id} belongs to "{elsewhere}", not "{owner}"').format(
                        indicator_id=indicator_id, elsewhere=elsewhere, owner=owner
                    ),
                    _("restore the owner, or give the new indicator its own id"),
                )
                continue
            if index is None:
                index = len(indicators) + added.get((path, loc), 0)
                added[(path, loc)] = added.get((path, loc), 0) + 1
            current = indicators[index].model_dump() if index < len(indicators) else {}
            target = Target(path, (*loc, "indicators"), index, Indicator, current, row.cell("id"))
            self._fill(target, row, skip=("owner",))
            self.targets.append(target)

    def _indicator_owners(self) -> dict[str, str]:
        owners = {i.id: pid for pid, p in self.plan.pillars.items() for i in p.indicators}
        owners.update({i.id: e.program.id for e in self.plan.programs for i in e.program.indicators})
        return owners

    def _owner(self, owner: Any, row: Row) -> tuple[str, tuple[Any, ...], list[Indicator]] | None:
        pillar = next((e for e in self.plan.pillar_files if e.model.pillar == owner), None)
        if pillar is not None:
            return pillar.file.path, (), list(pillar.model.indicators)
        target = self.programs.get(str(owner))
        entry = next((p for p in self.plan.programs if p.program.id == owner), None)
        if target is not None:
            return target.path, target.loc, list(entry.program.indicators) if entry else []
        if entry is not None:
            return entry.file.path, entry.loc, list(entry.program.indicators)
        self.problem(
            row.cell("owner"),
            "MP283",
            _('no program or pillar file "{owner}"').format(owner=owner),
            _("write the id of a program of this workbook or the repository, or of a pillar with a file"),
        )
        return None

    def _first(self, seen: dict[str, str], key: Any, row: Row, column: str) -> bool:
        """Whether this is the first row with `key` (a row without one is reported)."""
        if key is None:
            self.problem(
                row.cell(column), "MP102", _("the row has no id"), _("write the id, or clear the whole row")
            )
            return False
        if str(key) in seen:
            self.problem(
                row.cell(column),
                "MP285",
                _("{key} is described again here (first in {seen})").format(key=key, seen=seen[str(key)]),
                _("merge the two rows into one"),
            )
            return False
        seen[str(key)] = row.cell(column)
        return True

    @staticmethod
    def _fill(target: Target, row: Row, skip: tuple[str, ...]) -> None:
        for column, value in row.values.items():
            if column.key in skip or column.derived:
                continue
            path = column.path
            if len(path) == 1:
                target.desired[column.key] = value
            else:
                inner = target.desired.setdefault(column.key, {})
                if value is not None:
                    inner[path[1]] = value
            target.cells[path] = row.cells[column]
        target.language = row.language


# --- applying and checking ---------------------------------------------------------------------


def _same(a: Any, b: Any) -> bool:
    """Equal as values: `3` and `3.0` are, `True` and `1` are not, and a text differs in no
    trailing line end (spreadsheets drop it)."""
    if isinstance(a, str) and isinstance(b, str):
        return a.rstrip("\n") == b.rstrip("\n")
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return (type(a) in (int, float) and type(b) in (int, float) and a == b) or (type(a) is type(b) and a == b)


DELETE = object()  # a field to remove: its value is the default again


def changes(target: Target, city_language: str) -> dict[str, Any]:
    """The fields the row changes, with their new values (DELETE: back to the default); a text
    is changed in the workbook's language only (`bilingual.merge_texts`)."""
    fields = target.model.model_fields
    desired = merge_texts(target.model, target.current, target.desired, target.language, city_language)
    result: dict[str, Any] = {}
    for name in fields:
        if name not in desired:
            continue
        default = fields[name].get_default(call_default_factory=True)
        default = default.model_dump() if isinstance(default, BaseModel) else default
        wanted = default if is_empty(desired[name]) else desired[name]
        if not _same(wanted, target.current.get(name, default)):
            result[name] = DELETE if wanted is None or _same(wanted, default) else wanted
    return result


def apply(target: Target, changed: dict[str, Any], document: YamlDocument) -> None:
    order = list(target.model.model_fields)
    mapping = at(document.data, target.loc) if target.current else _new_mapping(target, document)
    for name, wanted in changed.items():
        if wanted is DELETE:
            mapping.pop(name, None)
        else:
            assign(mapping, name, wanted, order)


def _new_mapping(target: Target, document: YamlDocument) -> Any:
    from ruamel.yaml.comments import CommentedMap

    container = at(document.data, target.parent[:-1])
    if container.get(target.parent[-1]) is None:
        owner_order = list(OpdFile.model_fields) if target.model is Program else list(Program.model_fields)
        assign(container, target.parent[-1], [], owner_order)
        container[target.parent[-1]].fa.set_block_style()
    mapping = CommentedMap()
    container[target.parent[-1]].append(mapping)
    return mapping


def import_workbook(root: Path, workbook: Path, plan: Plan) -> ImportResult:
    """Everything `import xlsx` does but write: the problems, the diff and the new texts."""
    rows, found = read_workbook(workbook, workbook.name)
    matcher = Matcher(plan, workbook.name)
    targets = matcher.match(rows)
    found += matcher.problems
    documents: dict[str, YamlDocument] = {}
    for target in targets:
        changed = changes(target, plan.language)
        if not changed:
            continue  # loading a file for editing is slow (ruamel.yaml is pure Python)
        if target.path not in documents:
            documents[target.path] = YamlDocument((root / target.path).read_text(encoding="utf-8"))
        apply(target, changed, documents[target.path])
    texts = {path: documents[path].dump() for path in sorted(documents)}
    after, report = check_repository(root, texts)
    found += _located(report, targets)
    result = ImportResult(found, files=texts)
    if not result.failed and after is not None:
        result.diff = compare(plan_snapshot(plan, str(root)), plan_snapshot(after, workbook.name))
    return result


def _located(report: Report, targets: list[Target]) -> Iterator[Problem]:
    """The report's problems at the cells they come from; errors no cell explains at their
    place in the YAML files. Warnings elsewhere are `check`'s business."""
    by_path: dict[str, list[Target]] = {}
    for target in targets:
        by_path.setdefault(target.path, []).append(target)
    trees: dict[str, Node | None] = {}
    for diagnostic in report.sorted():
        cell = None
        if diagnostic.path in by_path and diagnostic.path in report.sources:
            if diagnostic.path not in trees:
                trees[diagnostic.path] = load_text(diagnostic.path, report.sources[diagnostic.path]).root
            tree = trees[diagnostic.path]
            if tree is not None:
                cell = _cell_of(by_path[diagnostic.path], loc_at(tree, diagnostic.line, diagnostic.column))
        if cell is not None:
            yield Problem(cell, diagnostic.code, diagnostic.message, diagnostic.hint)
        elif diagnostic.severity is Severity.ERROR:
            yield Problem(_yaml_place(diagnostic), diagnostic.code, diagnostic.message, diagnostic.hint)


def _yaml_place(diagnostic: Diagnostic) -> str:
    return f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}"


def _cell_of(targets: list[Target], loc: tuple[Any, ...]) -> str | None:
    candidates = [t for t in targets if loc[: len(t.loc)] == t.loc]
    if not candidates:
        return None
    target = max(candidates, key=lambda t: len(t.loc))
    rest = loc[len(target.loc) :]
    for length in range(len(rest), 0, -1):
        if rest[:length] in target.cells:
            return target.cells[rest[:length]]
    return target.anchor


def loc_at(node: Node, line: int, column: int, loc: tuple[Any, ...] = ()) -> tuple[Any, ...]:
    """The path of the deepest value (or key) at `line`:`column` of a file: the inverse of
    `project.locate`."""
    children = node.value if node.kind == "map" else enumerate(node.value) if node.kind == "seq" else []
    for key, value in children:
        part = key.value if isinstance(key, Node) else key
        if isinstance(key, Node) and (key.line, key.column) == (line, column):
            return (*loc, part)
        if (value.line, value.column) <= (line, column) and (line, column) < (
            value.end_line,
            value.end_column,
        ):
            return loc_at(value, line, column, (*loc, part))
        if (value.line, value.column) == (line, column):
            return (*loc, part)
    return loc


def write(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        write_atomic(root / path, text)
