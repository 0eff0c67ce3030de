"""The rules of `masterplan import xlsx` that `check` has no reason to know: a workbook that is
refused before it is read, and cells that cannot be read as the sheet's column means.

Everything a cell's value may break is reported with `check`'s own codes (MP1xx, MP2xx), at
the cell: the workbook is turned into the would-be YAML files and those are checked.
"""

from __future__ import annotations

from ..diagnostics import Severity, register
from ..l10n import N_

E = Severity.ERROR
register(
    "MP280",
    "workbook-refused",
    E,
    N_(
        "A workbook that is not read at all: not an .xlsx file, too large, a zip bomb, macros or external links."
    ),
    why=N_(
        "A workbook comes back from outside the team; a hostile one could exhaust memory (a 100 kB file that "
        "unpacks to gigabytes), carry macros, or fetch data from elsewhere when opened. It is inspected as a zip "
        "file, and refused, before any of it is parsed."
    ),
    example="program-dinkes.xlsm   (xl/vbaProject.bin: macros)",
    fix=N_(
        "Save the workbook as a plain Excel workbook (.xlsx) without macros or links to other files, "
        "or export a fresh one with `masterplan export xlsx` and copy the values into it."
    ),
)
register(
    "MP281",
    "formula-cell",
    E,
    N_("A cell holds a formula; formulas are read as their text and never evaluated."),
    why=N_(
        "Evaluating a formula would run the workbook's logic inside the tool; taking its last computed value "
        "would trust a number the tool cannot verify. The plan holds values."
    ),
    example="Anggaran!D5: =D3+D4",
    fix=N_("Type the value itself (in Excel: copy the cell, then Paste Special → Values)."),
)
register(
    "MP282",
    "unknown-column",
    E,
    N_("A sheet lacks a column the import needs, or has a column it does not know."),
    why=N_(
        "Columns are matched by their headers; a renamed header would otherwise lose that column's values."
    ),
    example="Program!C1: Nama kegiatan   (the column is `Nama program`)",
    fix=N_("Restore the header as exported (both the Indonesian and the English headers are accepted)."),
)
register(
    "MP283",
    "unknown-row",
    E,
    N_(
        "A row names a program, OPD, pillar or indicator owner that neither the workbook nor the repository has."
    ),
    why=N_(
        "A new program needs an existing OPD file to go into; a budget or indicator row needs its program."
    ),
    example="Anggaran!A9: KOMINFO-99   (no such program)",
    fix=N_("Correct the id, add the program on the Program sheet, or create the OPD file first."),
)
register(
    "MP284",
    "owner-changed",
    E,
    N_("A row gives an existing program or indicator another OPD or owner than the repository has."),
    why=N_(
        "Moving a program between OPD files is a change to review in the YAML files themselves; "
        "done from a spreadsheet it is more likely a slip of the drop-down."
    ),
    example="Program!A4: dinkes   (KOMINFO-01 belongs to diskominfo)",
    fix=N_("Restore the OPD, or move the program between the YAML files by hand."),
)
register(
    "MP285",
    "duplicate-row",
    E,
    N_("Two rows of a sheet describe the same program, OPD or indicator."),
    why=N_("One of the two would silently win."),
    example="Program!B7 and Program!B12: KOMINFO-02",
    fix=N_("Merge the rows into one, or give one of them another id."),
)
register(
    "MP286",
    "duplicate-sheet",
    E,
    N_("The workbook has the same table twice, under its Indonesian and its English name."),
    why=N_("Only one of the two can be read; the rows of the other would be lost without a word."),
    example="Programs!A1: the same table as the sheet Program",
    fix=N_("Keep one of the two sheets: copy into it the rows the other adds, then delete the other."),
)
