"""`masterplan export xlsx` and `masterplan import xlsx`, through the real command line."""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from masterplan_cli.checker import check_repository
from masterplan_cli.cli import run

EXAMPLES = Path(__file__).parent.parent / "examples"
GENERATE = Path(__file__).parent.parent / "benchmarks" / "generate.py"


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


@pytest.fixture
def solok(example_city: Callable[[str], Path]) -> Path:
    return example_city("solok")


def export(root: Path, out: Path, *args: str) -> Path:
    assert run(["export", "xlsx", str(root), "--out", str(out), *args]) == 0
    return out


def edit(source: Path, target: Path, changes: dict[str, dict[tuple[str, str], Any]]) -> Path:
    """Change cells by sheet, (row id, column header): the way a person edits the workbook."""
    workbook = load_workbook(source)
    for sheet_name, cells in changes.items():
        sheet = workbook[sheet_name]
        headers = [c.value for c in sheet[1]]
        for (row_id, header), value in cells.items():
            row = next(
                r
                for r in range(2, sheet.max_row + 2)
                if sheet.cell(r, 2 if sheet_name == "Program" else 1).value in (row_id, None)
            )
            sheet.cell(row, headers.index(header) + 1).value = value
    workbook.save(target)
    return target


# --- export -----------------------------------------------------------------------------------


def test_export_is_reproducible_and_structured(solok: Path, tmp_path: Path) -> None:
    first = export(solok, tmp_path / "a.xlsx").read_bytes()
    assert export(solok, tmp_path / "b.xlsx").read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        core = archive.read("docProps/core.xml").decode()
        assert {i.date_time for i in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
    assert re.findall(r"<dcterms:\w+ [^>]*>([^<]*)<", core) == ["2000-01-01T00:00:00Z"] * 2

    workbook = load_workbook(tmp_path / "a.xlsx")
    assert workbook.sheetnames == ["Petunjuk", "Program", "Anggaran", "Indikator", "OPD", "Daftar"]
    assert workbook["Daftar"].sheet_state == "hidden"
    programs, budget = workbook["Program"], workbook["Anggaran"]
    assert [c.value for c in programs[1]][:5] == ["OPD", "Kode program", "Nama program", "Pilar", "Elemen"]
    assert [c.value for c in budget[1]] == [
        "Kode program",
        "Nama program",
        "2024",
        "2025",
        "2026",
        "2027",
        "2028",
        "Jumlah",
    ]
    assert programs.freeze_panes == "C2" and budget.freeze_panes == "B2"
    assert programs.protection.sheet and programs["A1"].protection.locked
    assert not programs["B2"].protection.locked and budget["H2"].protection.locked  # the total is read-only
    assert budget["C2"].number_format == "#,##0" and isinstance(budget["C2"].value, int)
    lists = {str(v.sqref): v.formula1 for v in programs.data_validations.dataValidation}
    assert lists["D2:D241"] == "'Daftar'!$A$2:$A$7"  # pillars, by range on the hidden sheet
    assert lists["Q2:Q241"] == "'Daftar'!$E$2:$E$5"  # statuses
    assert [workbook["Daftar"].cell(r, 5).value for r in range(2, 6)] == [
        "planned",
        "in-progress",
        "done",
        "dropped",
    ]
    # totals come from views.py: the same figure the document shows
    assert budget["A2"].value == "DPMPTSP-01" and budget["H2"].value == 340_000_000


def test_export_in_english_and_for_one_opd(solok: Path, tmp_path: Path) -> None:
    workbook = load_workbook(export(solok, tmp_path / "dinkes.xlsx", "--opd", "dinkes", "--language", "en"))
    assert workbook.sheetnames == ["Instructions", "Programs", "Budget", "Indicators", "OPDs", "Lists"]
    ids = {row[1] for row in workbook["Programs"].iter_rows(min_row=2, values_only=True)}
    assert ids and all(i.startswith("DINKES-") for i in ids)
    assert [r[0] for r in workbook["OPDs"].iter_rows(min_row=2, values_only=True)] == ["dinkes"]
    assert (
        workbook["Instructions"]["A1"].value == "Program workbook of the Smart City Masterplan of Kota Solok"
    )


def test_export_of_an_unknown_opd_is_a_usage_error(
    solok: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["export", "xlsx", str(solok), "--out", str(tmp_path / "x.xlsx"), "--opd", "nope"]) == 2
    assert capsys.readouterr().err.startswith('Error: the plan has no OPD "nope" (its OPDs: bappeda, bkd,')
    assert not (tmp_path / "x.xlsx").exists()


def test_an_export_that_cannot_be_written_is_the_users_error_not_a_bug(
    solok: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    out = tmp_path / "a-file" / "x.xlsx"
    assert run(["--lang", "en", "export", "xlsx", str(solok), "--out", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"Error: cannot write {tmp_path / 'a-file'}: it is a file, not a folder; "
        "nothing was written, the previous outputs are unchanged\n"
    )


def test_text_that_looks_like_a_formula_is_written_as_text(solok: Path, tmp_path: Path) -> None:
    path = solok / "opd" / "dinkes.yaml"
    text = path.read_text(encoding="utf-8")
    first_name = re.search(r"^    name: (.*)$", text, re.MULTILINE)
    assert first_name is not None
    text = text.replace(first_name.group(0), '    name: "=HYPERLINK(\\"http://evil\\",\\"x\\")"', 1)
    path.write_text(
        text.replace("outputs:\n", 'outputs:\n      - "-1+2"\n      - "@SUM(A1)"\n', 1).replace(
            "outcomes:\n", "outcomes:\n      - \"+cmd|' /C calc'!A0\"\n", 1
        ),
        encoding="utf-8",
    )
    workbook_path = export(solok, tmp_path / "w.xlsx")
    with zipfile.ZipFile(workbook_path) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet2.xml").decode()
    assert "<f>" not in sheet_xml and "=HYPERLINK" in sheet_xml
    sheet = load_workbook(workbook_path)["Program"]
    cells = {c.value: c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)}
    formula_like = cells['=HYPERLINK("http://evil","x")']
    assert formula_like.data_type == "s" and formula_like.quotePrefix
    assert cells[next(v for v in cells if v.startswith("-1+2"))].quotePrefix
    dde = next(v for v in cells if v.startswith("+cmd|"))  # a DDE command once saved as CSV
    assert cells[dde].quotePrefix
    # a negative number stays a number (an indicator's baseline may be below zero)
    indicator = solok / "pillars" / "governance.yaml"
    indicator.write_text(
        indicator.read_text(encoding="utf-8").replace("value: 2.45", "value: -2.45"), encoding="utf-8"
    )
    sheet = load_workbook(export(solok, tmp_path / "n.xlsx"))["Indikator"]
    assert sheet["F2"].value == -2.45 and sheet["F2"].data_type == "n"
    # and the round trip keeps every one of them
    assert run(["import", "xlsx", str(tmp_path / "n.xlsx"), str(solok)]) == 0


# --- import -----------------------------------------------------------------------------------


@pytest.mark.parametrize("city", ["solok", "padang"])
@pytest.mark.slow  # a round trip of each example
def test_export_then_import_changes_no_byte(
    city: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / city
    shutil.copytree(EXAMPLES / city, root, ignore=shutil.ignore_patterns("dist"))
    before = files(root)
    for args in ([], ["--language", "en"]):
        export(root, tmp_path / "w.xlsx", *args)
        capsys.readouterr()
        assert run(["import", "xlsx", str(tmp_path / "w.xlsx"), str(root)]) == 0
        assert capsys.readouterr().out == "No changes: the workbook agrees with the repository.\n"
    assert files(root) == before


def test_import_writes_the_changes_and_keeps_the_rest(
    solok: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = solok / "opd" / "diskominfo.yaml"
    path.write_text(
        "# Diskominfo: diisi oleh Bidang Aptika\n"
        + path.read_text(encoding="utf-8").replace(
            "    status: in-progress\n    progress: 40\n",
            "    status: in-progress  # per Oktober\n    progress: 40\n",
        ),
        encoding="utf-8",
    )
    original = path.read_text(encoding="utf-8")
    exported = export(solok, tmp_path / "w.xlsx")
    edit(
        exported,
        tmp_path / "filled.xlsx",
        {
            "Program": {
                ("KOMINFO-02", "Kemajuan (%)"): 55,
                ("KOMINFO-98", "OPD"): "diskominfo",
                ("KOMINFO-98", "Kode program"): "KOMINFO-98",
                ("KOMINFO-98", "Nama program"): "Sensor Banjir",
                ("KOMINFO-98", "Pilar"): "environment",
                ("KOMINFO-98", "Tahun mulai"): 2026,
                ("KOMINFO-98", "Sumber dana"): "apbd, dak",
            },
            "Anggaran": {
                ("KOMINFO-02", "2025"): 175_000_000,
                ("KOMINFO-98", "Kode program"): "KOMINFO-98",
                ("KOMINFO-98", "2026"): 40_000_000,
            },
        },
    )
    capsys.readouterr()
    assert run(["import", "xlsx", str(tmp_path / "filled.xlsx"), str(solok)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        f"masterplan diff: {solok.resolve()} → filled.xlsx\n\nPrograms:   1 added, 1 changed\n"
    )
    assert "  + KOMINFO-98 Sensor Banjir (Diskominfo, environment, 2026, Rp40.000.000)\n" in out
    assert (
        "  ~ KOMINFO-02 LAPAU — Layanan Aspirasi dan Pengaduan Warga\n"
        "      budget: 2025: Rp150.000.000 (total Rp225.000.000) → 2025: Rp175.000.000 (total Rp250.000.000)\n"
        "      progress: 40 → 55\n"
    ) in out
    assert out.endswith("wrote opd/diskominfo.yaml\n")
    expected = original.replace("    progress: 40\n", "    progress: 55\n").replace(
        "budget: {2024: 75000000, 2025: 150000000}",
        "budget: {2024: 75000000, 2025: 175000000}",
    ) + (
        "  - id: KOMINFO-98\n    name: Sensor Banjir\n    pillar: environment\n    start: 2026\n"
        "    budget: {2026: 40000000}\n    funding: [apbd, dak]\n"
    )
    assert path.read_text(encoding="utf-8") == expected
    _, report = check_repository(solok)
    assert report.errors == 0


def test_problems_are_shown_at_their_cells_and_nothing_is_written(
    solok: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = files(solok)
    exported = export(solok, tmp_path / "w.xlsx", "--opd", "diskominfo")
    edit(
        exported,
        tmp_path / "bad.xlsx",
        {
            "Program": {
                ("KOMINFO-01", "Status"): "ongoing",
                ("KOMINFO-02", "Tahun mulai"): "2024a",
                ("KOMINFO-03", "Pilar"): "smart",
                ("KOMINFO-04", "OPD"): "dinkes",
            },
            "Anggaran": {
                ("KOMINFO-01", "2024"): -5,
                ("KOMINFO-02", "2025"): "=1+2",
                ("KOMINFO-77", "Kode program"): "KOMINFO-77",
            },
        },
    )
    capsys.readouterr()
    assert run(["import", "xlsx", str(tmp_path / "bad.xlsx"), str(solok)]) == 1
    out, err = capsys.readouterr()
    assert out == (
        "bad.xlsx!Anggaran!D2: MP281 the cell holds a formula: =1+2\n"
        "  hint: type the value itself; formulas are not evaluated\n"
        'bad.xlsx!Program!A4: MP284 KOMINFO-04 belongs to "diskominfo", not "dinkes"\n'
        "  hint: restore the OPD, or move the program between the YAML files by hand\n"
        'bad.xlsx!Anggaran!A10: MP283 no program "KOMINFO-77"\n'
        "  hint: add it on the Program sheet, or correct the id\n"
        "bad.xlsx!Anggaran!C5: MP104 KOMINFO-01 › budget › 2024: -5 must be at least 0\n"
        "bad.xlsx!Program!Q5: MP104 KOMINFO-01 › status: `ongoing` is not one of planned, in-progress, done, dropped\n"
        'bad.xlsx!Program!H2: MP103 KOMINFO-02 › start: expected a whole number, got the text "2024a"\n'
        "bad.xlsx!Program!D3: MP204 pillar `smart` is not in the kominfo framework\n"
        "  hint: the pillars are: governance, branding, economy, living, society, environment\n"
        "7 errors, 0 warnings.\n"
    )
    assert err == "Nothing was imported: fix the problems above and import again.\n"
    assert files(solok) == before


def test_text_from_the_workbook_and_the_repository_is_printed_escaped(
    solok: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A cell may hold a newline and C1 controls (XML allows them), and an OPD file's name
    anything: a forged workflow command or a terminal sequence is shown, never acted on."""
    hostile = "diskominfo\x1b]0;pwned\x07\n::error file=x::forged.yaml"
    (solok / "opd" / "diskominfo.yaml").rename(solok / "opd" / hostile)
    exported = export(solok, tmp_path / "w.xlsx", "--opd", "diskominfo")
    edit(
        exported,
        tmp_path / "bad.xlsx",
        {"Program": {("KOMINFO-04", "OPD"): "x\n::error file=a.yaml::forged \x9b31m \u202e"}},
    )
    capsys.readouterr()
    assert run(["import", "xlsx", str(tmp_path / "bad.xlsx"), str(solok)]) == 1
    assert capsys.readouterr().out == (
        'bad.xlsx!Program!A4: MP284 KOMINFO-04 belongs to "diskominfo", '
        'not "x\\n::error file=a.yaml::forged \\x9b31m \\u202e"\n'
        "  hint: restore the OPD, or move the program between the YAML files by hand\n"
        "bad.xlsx!OPD!A2: MP212 OPD id `diskominfo` differs from the file name "
        "`diskominfo\\x1b]0;pwned\\x07\\n::error file=x::forged`\n"
        "  hint: rename the file to opd/diskominfo.yaml\n"
        "1 error, 1 warning.\n"
    )
    edit(exported, tmp_path / "good.xlsx", {"Program": {("KOMINFO-04", "Kemajuan (%)"): 15}})
    assert run(["import", "xlsx", str(tmp_path / "good.xlsx"), str(solok)]) == 0
    out = capsys.readouterr().out
    assert out.endswith("wrote opd/diskominfo\\x1b]0;pwned\\x07\\n::error file=x::forged.yaml\n")
    assert not re.search(r"^\s*::|\x1b|\x9b|\u202e", out, re.MULTILINE)


# --- hostile workbooks ------------------------------------------------------------------------


def zip_with(
    path: Path, entries: dict[str, bytes], *, base: Path | None = None, level: int | None = None
) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        if base is not None:
            with zipfile.ZipFile(base) as source:
                for info in source.infolist():
                    if info.filename not in entries:
                        archive.writestr(info, source.read(info))
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def rewritten(path: Path, base: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """`base` with one part changed."""
    with zipfile.ZipFile(base) as source:
        return zip_with(path, {part: change(source.read(part))}, base=base)


def doctype_after_a_comment(xml: bytes) -> bytes:
    """A DOCTYPE behind a comment that holds something like an element (`<a`)."""
    root = re.search(rb"<(worksheet|workbook)\b", xml)
    assert root is not None
    return b'<?xml version="1.0"?><!-- <a --><!DOCTYPE x [<!ENTITY lol "lol">]>' + xml[root.start() :]


def far_cell(xml: bytes) -> bytes:
    """A sheet that says it spans A1:XFD19999 and has a cell there: openpyxl made 327 million
    empty cells of it (3.5 minutes of processor time), from 32 kB."""
    xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD19999"/>', xml)
    return xml.replace(
        b"</sheetData>",
        b'<row r="19999"><c r="XFD19999" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
    )


HOSTILE = [
    pytest.param(
        lambda p, w: p.write_bytes(b"just text"),
        "the file is not an .xlsx workbook (not a zip archive)",
        id="not a zip",
    ),
    pytest.param(
        lambda p, w: zip_with(p, {"xl/vbaProject.bin": b"\0" * 10}, base=w),
        "the workbook holds macros (xl/vbaProject.bin); they are not read",
        id="macros",
    ),
    pytest.param(
        lambda p, w: zip_with(p, {"x\n::error file=a::forged\x1b[2J/vbaProject.bin": b"\0"}, base=w),
        "the workbook holds macros (x\\n::error file=a::forged\\x1b[2J/vbaProject.bin); they are not read",
        id="a part named with a forged command",
    ),
    pytest.param(
        lambda p, w: zip_with(p, {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}, base=w),
        "the workbook links to other workbooks (xl/externalLinks/externalLink1.xml)",
        id="external link",
    ),
    pytest.param(
        lambda p, w: zip_with(p, {"xl/bomb.xml": b"<a>" + b"0" * (210 * 1024 * 1024)}, level=1),
        "the workbook unpacks to 210.0 MiB; more than 200.0 MiB is not read (a zip bomb?)",
        id="zip bomb size",
    ),
    pytest.param(
        lambda p, w: zip_with(
            p, {"[Content_Types].xml": b"<Types/>", "xl/b.xml": b"<a>" + b" " * (50 * 1024 * 1024)}
        ),
        "xl/b.xml unpacks 1028 times larger than it is packed (a zip bomb?)",
        id="zip bomb ratio",
    ),
    pytest.param(
        lambda p, w: zip_with(p, {f"x/{i}.xml": b"<a/>" for i in range(1001)}),
        "the workbook has 1001 parts; more than 1000 are not read",
        id="too many parts",
    ),
    pytest.param(
        lambda p, w: p.write_bytes(b"PK" + b"\0" * (21 * 1024 * 1024)),
        "the file is 21.0 MiB; workbooks larger than 20.0 MiB are not read",
        id="too large",
    ),
    pytest.param(
        lambda p, w: zip_with(
            p,
            {
                "xl/sharedStrings.xml": b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><sst>&lol;</sst>'
            },
            base=w,
        ),
        "xl/sharedStrings.xml declares a document type (entity expansion is refused)",
        id="xml entities",
    ),
    pytest.param(
        lambda p, w: rewritten(p, w, "xl/worksheets/sheet2.xml", doctype_after_a_comment),
        "xl/worksheets/sheet2.xml declares a document type (entity expansion is refused)",
        id="xml entities after a comment in a sheet",
    ),
    pytest.param(
        lambda p, w: rewritten(p, w, "xl/workbook.xml", doctype_after_a_comment),
        "xl/workbook.xml declares a document type (entity expansion is refused)",
        id="xml entities after a comment in the workbook",
    ),
    pytest.param(
        lambda p, w: rewritten(p, w, "xl/worksheets/sheet2.xml", far_cell),
        "the sheet Program has a cell at XFD19999; sheets wider than 200 columns are not read",
        id="a sheet 16384 columns wide",
    ),
]


@pytest.mark.parametrize(("make", "message"), HOSTILE)
@pytest.mark.slow  # builds each hostile workbook, bombs included
def test_hostile_workbooks_are_refused_before_parsing(
    make: Any, message: str, solok: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = export(solok, tmp_path / "w.xlsx")
    hostile = tmp_path / "hostile.xlsx"
    make(hostile, exported)
    before = files(solok)
    capsys.readouterr()
    assert run(["import", "xlsx", str(hostile), str(solok)]) == 1
    out, err = capsys.readouterr()
    assert out == (
        f"hostile.xlsx: MP280 {message}\n"
        "  hint: save it as a plain .xlsx workbook, or export a fresh one\n"
        "1 error, 0 warnings.\n"
    )
    assert err == "Nothing was imported.\n"
    assert files(solok) == before


def test_a_macro_workbook_is_refused_by_its_extension(
    solok: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = shutil.copy(export(solok, tmp_path / "w.xlsx"), tmp_path / "w.xlsm")
    assert run(["import", "xlsx", str(workbook), str(solok)]) == 1
    assert (
        "w.xlsm: MP280 a .xlsm file is not read: only .xlsx workbooks without macros are\n"
        in capsys.readouterr().out
    )


# --- the round trip, over generated cities ----------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and s.strip()
)


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("benchmark_generate", GENERATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 10_000),
    name=TEXT,
    description=st.lists(TEXT, min_size=1, max_size=3).map("\n".join),
    partners=st.lists(TEXT, max_size=3),
    baseline=st.one_of(
        st.integers(-(10**6), 10**6), st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: round(f, 3))
    ),
)
def test_export_then_import_of_a_generated_city_changes_no_byte(
    tmp_path_factory: pytest.TempPathFactory,
    seed: int,
    name: str,
    description: str,
    partners: list[str],
    baseline: float,
) -> None:
    root = _generator().generate_city(tmp_path_factory.mktemp("city") / "c", opds=2, programs=8, seed=seed)
    opd_file = sorted((root / "opd").glob("*.yaml"))[0]
    data = yaml.safe_load(opd_file.read_text(encoding="utf-8"))
    program = data["programs"][0]
    program.update(name=name, description=description + "\n", partners=partners)
    program["indicators"] = [{"id": "GEN-I1", "name": name, "baseline": {"year": 2024, "value": baseline}}]
    opd_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _, report = check_repository(root)
    assume(report.errors == 0)
    before = files(root)
    workbook = root.parent / "w.xlsx"
    assert run(["export", "xlsx", str(root), "--out", str(workbook)]) == 0
    assert run(["import", "xlsx", str(workbook), str(root)]) == 0
    assert files(root) == before


def test_columns_and_rows_the_import_cannot_place(
    solok: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = load_workbook(export(solok, tmp_path / "w.xlsx", "--opd", "dishub"))
    programs = workbook["Program"]
    programs["C1"] = "Nama kegiatan"  # a renamed header
    programs["Z3"] = "catatan"  # a value under no header
    workbook["OPD"].append(["dishub", "Dinas Perhubungan (lagi)"])  # the OPD twice
    workbook["OPD"].append(["dinas-baru", "Dinas Baru"])
    workbook.save(tmp_path / "odd.xlsx")
    capsys.readouterr()
    assert run(["import", "xlsx", str(tmp_path / "odd.xlsx"), str(solok)]) == 1
    assert capsys.readouterr().out == (
        "odd.xlsx!Program!C1: MP282 unknown column `Nama kegiatan`\n"
        "  hint: the columns are: OPD, Kode program, Nama program, Pilar, Elemen, Uraian, Quick win, "
        "Tahun mulai, Tahun selesai, Sumber dana, OPD pendukung, Kategori, Jenis inovasi, "
        "Keterkaitan RPJMD/Renstra, Keluaran (satu per baris), Hasil (satu per baris), Status, "
        "Kemajuan (%), Program prasyarat, Mitra (satu per baris)\n"
        "odd.xlsx!Program!Z3: MP282 a value in a column without a header\n"
        "  hint: delete it, or move it into a column of the sheet\n"
        "odd.xlsx!OPD!A3: MP285 dishub is described again here (first in odd.xlsx!OPD!A2)\n"
        "  hint: merge the two rows into one\n"
        'odd.xlsx!OPD!A4: MP283 no OPD "dinas-baru" in the repository\n'
        "  hint: create opd/dinas-baru.yaml first, or correct the id\n"
        "4 errors, 0 warnings.\n"
    )


def test_a_table_given_twice_under_both_names_is_refused(
    solok: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A workbook with both `Program` and `Programs` (an English copy pasted into an Indonesian
    workbook): the import read the last and dropped the other's rows without a word."""
    workbook = load_workbook(export(solok, tmp_path / "w.xlsx", "--opd", "dishub"))
    english = workbook.copy_worksheet(workbook["Program"])
    english.title = "Programs"
    english["C2"] = "Nama yang hanya ada di lembar kedua"
    workbook.save(tmp_path / "odd.xlsx")
    before = files(solok)
    capsys.readouterr()
    assert run(["import", "xlsx", str(tmp_path / "odd.xlsx"), str(solok)]) == 1
    assert capsys.readouterr().out == (
        "odd.xlsx!Programs!A1: MP286 the sheet Programs holds the same table as the sheet Program\n"
        "  hint: keep one of the two: copy into it the rows the other adds, then delete the other\n"
        "1 error, 0 warnings.\n"
    )
    assert files(solok) == before


def test_true_and_false_saved_as_formulas_are_read_as_values(
    solok: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """LibreOffice saves a boolean cell as `=TRUE()`: a constant, read as such (not evaluated)."""
    workbook = load_workbook(export(solok, tmp_path / "w.xlsx"))
    sheet = workbook["Program"]
    column = [c.value for c in sheet[1]].index("Quick win") + 1
    for row in range(2, sheet.max_row + 1):
        value = sheet.cell(row, column).value
        if isinstance(value, bool):
            sheet.cell(row, column).value = "=TRUE()" if value else "=FALSE()"
    workbook.save(tmp_path / "lo.xlsx")
    capsys.readouterr()
    assert run(["import", "xlsx", str(tmp_path / "lo.xlsx"), str(solok)]) == 0
    assert capsys.readouterr().out == "No changes: the workbook agrees with the repository.\n"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_workbook_saved_again_by_libreoffice_imports_unchanged(solok: Path, tmp_path: Path) -> None:
    import subprocess

    before = files(solok)
    exported = export(solok, tmp_path / "w.xlsx")
    (tmp_path / "saved").mkdir()
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(tmp_path / "saved"),
            str(exported),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    if not (tmp_path / "saved" / "w.xlsx").exists():
        pytest.skip("LibreOffice has no spreadsheet component here")
    assert run(["import", "xlsx", str(tmp_path / "saved" / "w.xlsx"), str(solok)]) == 0
    assert files(solok) == before
