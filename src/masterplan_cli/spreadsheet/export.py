"""`masterplan export xlsx`: the plan's programs, budgets, indicators and OPDs as a workbook that
OPD staff fill in and send back (`import_` reads it).

The header rows are frozen and locked (the sheet is protected without a password: it guards
against slips, not people), the data cells are not; fixed vocabularies get a drop-down whose
values stand on a hidden sheet, so that long lists (every OPD) work. The file is the same bytes
for the same plan: the zip entries and the workbook's created/modified dates are fixed.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import EXIT_USAGE, MasterplanError
from ..l10n import _
from ..project import Plan
from ..schema.common import plain_text
from ..terminal import printable
from ..views import ProgramView, program_views
from .layout import (
    BUDGET,
    FIXED_LISTS,
    INDICATORS,
    INSTRUCTIONS,
    LISTS,
    OPDS,
    PROGRAMS,
    RUPIAH_FORMAT,
    SHEETS,
    Column,
    Sheet,
    to_cell,
)

FIXED_TIME = datetime(2000, 1, 1)  # reproducible exports: no clock in the file
SPARE_ROWS = 200  # unlocked empty rows below the data, for new programs and indicators
# A text cell starting with one of these is taken for a formula by a spreadsheet once edited,
# or by a tool that reads the text back (CSV injection): it is written as text, quote-prefixed.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
UNLOCKED = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")


class ExportError(MasterplanError):
    """An export that cannot be made as asked (an OPD the plan does not have, a text that a
    workbook cannot hold)."""


Row = dict[str, Any]


@dataclass(frozen=True)
class Rows:
    """What goes into each sheet, by sheet key, and the values of each drop-down list."""

    sheets: dict[str, list[Row]]
    lists: dict[str, tuple[str, ...]]
    years: tuple[int, ...]


def export_rows(plan: Plan, opd: str | None = None) -> Rows:
    """The rows of every sheet: the whole plan, or one OPD's part of it."""
    if opd is not None and opd not in plan.opds:
        known = ", ".join(sorted(plan.opds)) or "none"
        raise ExportError(
            _('the plan has no OPD "{opd}" (its OPDs: {known})').format(opd=opd, known=known), EXIT_USAGE
        )
    views = [v for v in program_views(plan) if opd is None or v.opd.id == opd]
    pillar_indicators = [] if opd else [(p, i) for p, f in plan.pillars.items() for i in f.indicators]
    program_indicators = [(v.id, i) for v in views for i in v.program.indicators]
    sheets = {
        PROGRAMS.key: [_program_row(v) for v in views],
        BUDGET.key: [
            {"id": v.id, "name": v.program.name, "total": v.budget_total, "budget": v.program.budget}
            for v in views
        ],
        INDICATORS.key: [
            {"owner": owner, **indicator.model_dump()}
            for owner, indicator in [*pillar_indicators, *program_indicators]
        ],
        OPDS.key: [
            o.model_dump(exclude={"programs"})
            for o in sorted(plan.opds.values(), key=lambda o: (plain_text(o.name).casefold(), o.id))
            if opd is None or o.id == opd
        ],
    }
    framework = plan.framework
    lists = {
        "pillars": tuple(framework.pillar_ids),
        "elements": tuple(dict.fromkeys(e.id for p in framework.pillars for e in p.elements)),
        "opds": tuple(sorted(plan.opds)),
        **FIXED_LISTS,
    }
    return Rows(sheets, lists, tuple(plan.masterplan.period.years))


def _program_row(view: ProgramView) -> Row:
    return {"opd": view.opd.id, **view.program.model_dump(exclude={"budget", "indicators"})}


def workbook_bytes(rows: Rows, language: str, city: str) -> bytes:
    workbook = Workbook()
    instructions = workbook.active
    assert instructions is not None
    instructions.title = INSTRUCTIONS[language == "en"]
    _write_instructions(instructions, language, city, rows.years)
    lists = workbook.create_sheet(LISTS[language == "en"])
    list_ranges = _write_lists(lists, rows.lists)
    for sheet in SHEETS:
        _write_sheet(workbook.create_sheet(sheet.title(language)), sheet, rows, language, list_ranges)
    workbook.move_sheet(lists, offset=len(SHEETS))  # last: it is hidden
    workbook.properties.creator = "masterplan"
    workbook.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _reproducible(buffer.getvalue())


def _write_sheet(
    worksheet: Worksheet, sheet: Sheet, rows: Rows, language: str, list_ranges: dict[str, str]
) -> None:
    columns = sheet.columns(rows.years)
    for index, column in enumerate(columns, start=1):
        cell = worksheet.cell(row=1, column=index, value=column.header(language))
        cell.font, cell.fill, cell.alignment = Font(bold=True), HEADER_FILL, WRAP
        letter = get_column_letter(index)
        worksheet.column_dimensions[letter].width = column.width
        if not column.derived:
            worksheet.column_dimensions[letter].protection = UNLOCKED
    for row_number, row in enumerate(rows.sheets[sheet.key], start=2):
        for index, column in enumerate(columns, start=1):
            _put(worksheet, row_number, index, column, value_of(row, column))
    last = len(rows.sheets[sheet.key]) + 1 + SPARE_ROWS
    for index, column in enumerate(columns, start=1):
        if column.choices:
            _drop_down(worksheet, index, last, list_ranges[column.choices], column.kind == "ids")
    worksheet.freeze_panes = "C2" if sheet is PROGRAMS else "B2"
    worksheet.protection.sheet = True
    for allowed in ("formatColumns", "formatRows", "insertRows", "deleteRows", "sort", "autoFilter"):
        setattr(worksheet.protection, allowed, False)  # False: not protected against


def value_of(row: Row, column: Column) -> Any:
    value: Any = row
    for part in column.path:
        value = value.get(part) if isinstance(value, dict) else None
    return to_cell(column.kind, value)


def _put(worksheet: Worksheet, row: int, index: int, column: Column, value: Any) -> None:
    try:
        cell = worksheet.cell(row=row, column=index, value=value)
    except IllegalCharacterError:
        where = f"{worksheet.title}!{get_column_letter(index)}{row}"
        raise ExportError(
            _(
                "{where}: {value!r} holds a control character that a workbook cannot hold; nothing was exported"
            ).format(where=where, value=printable(str(value))[:60])
        ) from None
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"  # openpyxl took `=...` for a formula
        cell.quotePrefix = True
    if column.key in ("budget", "total"):
        cell.number_format = RUPIAH_FORMAT
    if column.kind in ("markdown", "lines"):
        cell.alignment = WRAP
    if not column.derived:
        cell.protection = UNLOCKED


def _drop_down(worksheet: Worksheet, index: int, last_row: int, source: str, several: bool) -> None:
    """A drop-down over the column's data rows. Where a cell may hold several values
    (`apbd, dak`), a value off the list only warns."""
    validation = DataValidation(type="list", formula1=source, allow_blank=True)
    validation.errorStyle = "warning" if several else "stop"
    validation.showErrorMessage = True
    letter = get_column_letter(index)
    validation.add(f"{letter}2:{letter}{last_row}")
    worksheet.add_data_validation(validation)


def _write_lists(worksheet: Worksheet, lists: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """One column per list on the hidden sheet; the range each drop-down refers to."""
    ranges = {}
    for index, (name, values) in enumerate(lists.items(), start=1):
        worksheet.cell(row=1, column=index, value=name)
        for row, value in enumerate(values, start=2):
            worksheet.cell(row=row, column=index, value=value)
        letter = get_column_letter(index)
        end = max(len(values), 1) + 1
        ranges[name] = f"{quote_sheetname(worksheet.title)}!${letter}$2:${letter}${end}"
    worksheet.sheet_state = "hidden"
    worksheet.protection.sheet = True
    return ranges


INSTRUCTION_TEXT = {
    "id": [
        "Lembar kerja program Masterplan Smart City {city}",
        "Isilah lembar Program, Anggaran, Indikator dan OPD. Baris judul dikunci; sel data dapat diubah.",
        "Satu baris untuk satu program (lembar Program), satu baris untuk anggaran satu program "
        "(lembar Anggaran, satu kolom per tahun {first}–{last}, dalam rupiah tanpa titik), satu baris "
        "untuk satu indikator (lembar Indikator: kolom Program/pilar diisi kode program atau pilar).",
        "Program baru: tambahkan baris di bawah data dengan kode program baru (huruf besar, angka, tanda "
        "hubung, mis. DINKES-07) dan kode OPD yang ada. Baris yang dihapus tidak menghapus program: "
        "untuk membatalkan program, ubah statusnya menjadi dropped.",
        "Pilihan pilar, elemen, OPD, status, kategori, jenis inovasi dan sumber dana tersedia pada "
        "daftar pilihan. Beberapa sumber dana atau OPD pendukung dipisahkan dengan koma (apbd, dak).",
        "Keluaran, hasil dan mitra: satu butir per baris dalam sel (Alt+Enter).",
        "Quick win: TRUE atau FALSE. Jangan menulis rumus: rumus tidak dihitung dan ditolak saat impor.",
        "Kolom Jumlah dan Nama program pada lembar Anggaran hanya untuk dibaca.",
        "Kirim kembali berkas ini; tim masterplan memasukkannya dengan `masterplan import xlsx`, yang "
        "memeriksa setiap sel dengan aturan yang sama dengan `masterplan check`.",
    ],
    "en": [
        "Program workbook of the Smart City Masterplan of {city}",
        "Fill in the Programs, Budget, Indicators and OPDs sheets. The header rows are locked; the data "
        "cells can be edited.",
        "One row per program (Programs sheet), one row per program's budget (Budget sheet, one column "
        "per year {first}–{last}, in rupiah without separators), one row per indicator (Indicators "
        "sheet: the Program/pillar column holds a program or pillar id).",
        "A new program: add a row below the data with a new program id (capitals, digits and hyphens, "
        "e.g. DINKES-07) and an existing OPD id. Deleting a row does not delete a program: to give a "
        "program up, set its status to dropped.",
        "Pillars, elements, OPDs, statuses, categories, kinds of innovation and funding sources have "
        "drop-down lists. Several funding sources or supporting OPDs are separated by commas (apbd, dak).",
        "Outputs, outcomes and partners: one item per line inside the cell (Alt+Enter).",
        "Quick win: TRUE or FALSE. Do not write formulas: they are not computed and are refused on import.",
        "The Total and Program name columns of the Budget sheet are for reading only.",
        "Send this file back; the masterplan team imports it with `masterplan import xlsx`, which checks "
        "every cell with the same rules as `masterplan check`.",
    ],
}


def _write_instructions(worksheet: Worksheet, language: str, city: str, years: tuple[int, ...]) -> None:
    worksheet.column_dimensions["A"].width = 110
    for row, line in enumerate(INSTRUCTION_TEXT[language], start=1):
        text = line.format(city=city, first=years[0], last=years[-1])
        cell = worksheet.cell(row=row * 2 - 1, column=1, value=text)
        cell.alignment = WRAP
        # spreadsheets do not size a row to its wrapped text when they open a file
        worksheet.row_dimensions[row * 2 - 1].height = 15 * (len(text) // 105 + 1)
        if row == 1:
            cell.font = Font(bold=True, size=14)
            worksheet.row_dimensions[1].height = 22
    worksheet.protection.sheet = True


_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _reproducible(data: bytes) -> bytes:
    """The workbook with fixed zip entry times and created/modified dates (openpyxl stamps the
    time of saving into both)."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name, content in _entries(source):
            if name == "docProps/core.xml":
                content = _CORE_DATES.sub(lambda m: m.group(1) + stamp + m.group(3), content)
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return out.getvalue()


def _entries(archive: zipfile.ZipFile) -> Iterator[tuple[str, bytes]]:
    for name in archive.namelist():
        yield name, archive.read(name)
