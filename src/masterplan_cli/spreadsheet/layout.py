"""The workbook's sheets and columns, defined once: the export writes them, the import reads them.

A column names the field it holds (`head.title` is `title` inside `head`), how its cells are
written and read (`Kind`), its header in both languages, its width and, for a fixed
vocabulary, the list its drop-down offers. Headers are matched in either language on import, so
a workbook exported in English imports as well as one in Indonesian.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, get_args

from ..loader import resolve_plain
from ..schema.opd import Category, Funding, Innovation, Status

Kind = Literal["text", "markdown", "int", "number", "bool", "ids", "lines"]


@dataclass(frozen=True)
class Column:
    key: str  # the field, dotted for a nested one (`baseline.year`)
    headers: tuple[str, str]  # Indonesian, English
    kind: Kind
    width: int
    choices: str | None = None  # the name of a list on the lists sheet
    derived: bool = False  # shown for reference, locked, never read back
    year: int | None = None  # a column of a per-year field: `budget` of 2026

    def header(self, language: str) -> str:
        return self.headers[language == "en"]

    @property
    def path(self) -> tuple[str | int, ...]:
        return (self.key, self.year) if self.year is not None else tuple(self.key.split("."))


@dataclass(frozen=True)
class Sheet:
    key: str
    titles: tuple[str, str]  # Indonesian, English
    fixed: tuple[Column, ...]
    years: str | None = None  # the field (`budget`, `targets`) held in one column per year
    year_kind: Kind = "int"

    def title(self, language: str) -> str:
        return self.titles[language == "en"]

    def columns(self, years: Iterable[int]) -> list[Column]:
        """The fixed columns, then one per year of the period (the budget's total after them)."""
        per_year = [
            Column(self.years, (str(y), str(y)), self.year_kind, 16, year=y) for y in years if self.years
        ]
        total = [c for c in self.fixed if c.key == "total"]
        return [*(c for c in self.fixed if c.key != "total"), *per_year, *total]


def _c(key: str, id_: str, en: str, kind: Kind, width: int, **more: Any) -> Column:
    return Column(key, (id_, en), kind, width, **more)


OPD_ID = _c("opd", "OPD", "OPD", "text", 16, choices="opds")
PROGRAM_ID = _c("id", "Kode program", "Program id", "text", 16)
PROGRAM_NAME = _c("name", "Nama program", "Program name", "text", 42)

PROGRAMS = Sheet(
    "programs",
    ("Program", "Programs"),
    (
        OPD_ID,
        PROGRAM_ID,
        PROGRAM_NAME,
        _c("pillar", "Pilar", "Pillar", "text", 16, choices="pillars"),
        _c("element", "Elemen", "Element", "text", 18, choices="elements"),
        _c("description", "Uraian", "Description", "markdown", 60),
        _c("quick_win", "Quick win", "Quick win", "bool", 11),
        _c("start", "Tahun mulai", "Start year", "int", 12),
        _c("end", "Tahun selesai", "End year", "int", 13),
        _c("funding", "Sumber dana", "Funding", "ids", 16, choices="funding"),
        _c("supporting", "OPD pendukung", "Supporting OPDs", "ids", 24),
        _c("category", "Kategori", "Category", "text", 17, choices="categories"),
        _c("innovation", "Jenis inovasi", "Innovation", "text", 15, choices="innovations"),
        _c("rpjmd", "Keterkaitan RPJMD/Renstra", "RPJMD/Renstra link", "text", 32),
        _c("outputs", "Keluaran (satu per baris)", "Outputs (one per line)", "lines", 42),
        _c("outcomes", "Hasil (satu per baris)", "Outcomes (one per line)", "lines", 42),
        _c("status", "Status", "Status", "text", 13, choices="statuses"),
        _c("progress", "Kemajuan (%)", "Progress (%)", "int", 13),
        _c("depends_on", "Program prasyarat", "Depends on", "ids", 20),
        _c("partners", "Mitra (satu per baris)", "Partners (one per line)", "lines", 32),
    ),
)
BUDGET = Sheet(
    "budget",
    ("Anggaran", "Budget"),
    (
        PROGRAM_ID,
        _c("name", "Nama program", "Program name", "text", 42, derived=True),
        _c("total", "Jumlah", "Total", "int", 18, derived=True),
    ),
    years="budget",
)
INDICATORS = Sheet(
    "indicators",
    ("Indikator", "Indicators"),
    (
        _c("owner", "Program/pilar", "Program/pillar", "text", 16),
        _c("id", "Kode indikator", "Indicator id", "text", 18),
        _c("name", "Nama indikator", "Indicator name", "text", 42),
        _c("unit", "Satuan", "Unit", "text", 12),
        _c("baseline.year", "Tahun data dasar", "Baseline year", "int", 15),
        _c("baseline.value", "Nilai data dasar", "Baseline value", "number", 15),
    ),
    years="targets",
    year_kind="number",
)
OPDS = Sheet(
    "opds",
    ("OPD", "OPDs"),
    (
        _c("id", "Kode OPD", "OPD id", "text", 16),
        _c("name", "Nama OPD", "OPD name", "text", 44),
        _c("short_name", "Singkatan", "Short name", "text", 16),
        _c("head.title", "Jabatan kepala", "Head's title", "text", 22),
        _c("head.name", "Nama kepala", "Head's name", "text", 32),
    ),
)
SHEETS = (PROGRAMS, BUDGET, INDICATORS, OPDS)
INSTRUCTIONS = ("Petunjuk", "Instructions")
LISTS = ("Daftar", "Lists")  # hidden: the drop-downs' values

# The fixed vocabularies come from the schema itself: one definition of each.
FIXED_LISTS: dict[str, tuple[str, ...]] = {
    "funding": get_args(Funding),
    "statuses": get_args(Status),
    "categories": get_args(Category),
    "innovations": get_args(Innovation),
}
RUPIAH_FORMAT = "#,##0"  # grouped by the reader's locale: 1.250.000 in Indonesian Excel


# --- cells ------------------------------------------------------------------------------------


def to_cell(kind: Kind, value: Any) -> Any:
    """The cell value of a field's value."""
    if value is None:
        return None
    if kind == "ids":
        return ", ".join(value) or None
    if kind == "lines":
        return "\n".join(value) or None
    return value


def from_cell(kind: Kind, value: Any) -> Any:
    """A field's value from a cell's, or None for an empty cell. What does not fit the kind is
    passed on as it is, so that the checks report it with their own words."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n")
    if value is None or value == "":
        return None
    if kind in ("text", "markdown"):
        return _as_text(value)
    if kind in ("int", "number", "bool"):
        return _as_number(kind, value)
    text = _as_text(value)
    if kind == "ids":
        return [part for part in text.replace(",", " ").split() if part]
    return [line for line in text.split("\n") if line.strip()]


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _as_number(kind: Kind, value: Any) -> Any:
    if isinstance(value, str):  # a number typed as text, e.g. pasted from elsewhere
        value = resolve_plain(value.strip())
    if kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)  # spreadsheets keep every number as a float
    if isinstance(value, (int, float, str)):
        return value
    return str(value)  # a date or a time where a number is meant: the checks say so


def is_empty(value: Any) -> bool:
    return value is None or value == [] or value == {}
