"""`masterplan add opd|program|pillar`, through the real entry point, without a terminal: the
files are `init`'s (guidance comments, schema line), nothing is overwritten, a program is
appended without disturbing the rest of its OPD file, and the result passes `check`, with
`--strict` once the placeholders it leaves (MP252) are filled in."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import masterplan
from masterplan_cli.cli import run
from masterplan_cli.scaffold import console

SOLOK = Path(__file__).parent.parent / "examples" / "solok"


@pytest.fixture
def city(tmp_path: Path) -> Path:
    root = tmp_path / "solok"
    shutil.copytree(SOLOK, root, ignore=shutil.ignore_patterns("dist"))
    return root


def placeholders(root: Path) -> list[str]:
    """The MP252 lines of `check`, which must be the only warnings."""
    code, output = masterplan("check", "--format", "text", str(root))
    assert code == 0, output
    lines = [line for line in output.splitlines() if re.match(r"\S+:\d+:\d+: MP\d+", line)]
    assert all(" MP252 " in line for line in lines), output
    return lines


def strict(root: Path) -> tuple[int, str]:
    return masterplan("check", "--strict", "--format", "text", str(root))


def fill(path: Path, *replacements: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def test_add_opd_writes_a_known_opd_with_its_example_program(city: Path) -> None:
    assert strict(city)[0] == 0
    code, output = masterplan("add", "opd", "bapenda", str(city))
    assert code == 0, output
    assert "  create  opd/bapenda.yaml\n" in output
    assert "  create  .masterplan/schemas/opd.schema.json\n" in output  # the line below names it
    text = (city / "opd/bapenda.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../.masterplan/schemas/opd.schema.json\n")
    assert "# kode program, unik: huruf besar, angka, tanda hubung" in text
    assert "  - id: BAPENDA-01" in text
    assert [line.split(": MP252 ")[0] for line in placeholders(city)] == ["opd/bapenda.yaml:15:35"]
    fill(city / "opd/bapenda.yaml", ("(nama Kepala Badan)", "Drs. Ahmad Yani"))
    assert strict(city) == (0, strict(city)[1])


def test_add_opd_of_an_unknown_id_gets_a_placeholder_in_the_emptiest_pillar(city: Path) -> None:
    code, output = masterplan("add", "opd", "dispusip", str(city), "--pillar", "branding")
    assert code == 0, output
    text = (city / "opd/dispusip.yaml").read_text(encoding="utf-8")
    assert "# TODO: ganti `name` dengan nama lengkap OPD ini" in text
    assert "    pillar: branding" in text
    # name, head, and the program's name, description, output, outcome and indicator
    assert len(placeholders(city)) == 7


def test_add_opd_never_overwrites(city: Path) -> None:
    before = (city / "opd/dinkes.yaml").read_bytes()
    code, output = masterplan("add", "opd", "dinkes", str(city))
    assert (code, output) == (
        1,
        "Error: opd/dinkes.yaml exists already; to add a program to it: masterplan add program "
        "dinkes. Nothing was written.\n",
    )
    assert (city / "opd/dinkes.yaml").read_bytes() == before
    assert not (city / ".masterplan").exists()


def test_add_opd_refuses_a_bad_id_and_an_unknown_pillar(city: Path) -> None:
    code, output = masterplan("add", "opd", "dinas baru", str(city))
    assert (code, output) == (1, 'Error: "dinas baru" names 2 OPDs; add one at a time\n')
    code, output = masterplan("add", "opd", "Dinsos", str(city))
    assert code == 1
    assert output == (
        'Error: "Dinsos" is not an OPD id: use lowercase letters, digits and hyphens; did you mean "dinsos"?\n'
    )
    code, output = masterplan("add", "opd", "dinbaru", str(city), "--pillar", "health")
    assert code == 1
    assert output == (
        "Error: `health` is not a pillar of the kominfo framework; use one of governance, branding, "
        "economy, living, society, environment\n"
    )
    assert not (city / "opd/dinbaru.yaml").exists()


def test_add_program_appends_with_the_next_id_and_keeps_every_other_line(city: Path) -> None:
    path = city / "opd/dinkes.yaml"
    before = path.read_text(encoding="utf-8")
    ids = re.findall(r"- id: (DINKES-\d+)", before)
    code, output = masterplan("add", "program", "dinkes", str(city), "--pillar", "society")
    assert code == 0, output
    new_id = f"DINKES-{max(int(i.split('-')[1]) for i in ids) + 1:02d}"
    assert f"  change  opd/dinkes.yaml: program {new_id} added at the end of its list\n" in output
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # nothing before it moved, comments included
    added = after[len(before.rstrip("\n")) :]
    assert f"- id: {new_id}" in added
    assert "# kode program, unik: huruf besar, angka, tanda hubung" in added
    assert "    pillar: society" in added
    assert [line.split(" MP252 ")[1].split(" is a placeholder")[0] for line in placeholders(city)] == [
        f"{new_id} › {field}" for field in ("name", "description", "outputs › 1", "outcomes › 1")
    ] + [f"{new_id} › {new_id}-I1 › name"]
    fill(
        path,
        ("Contoh Program Smart Society", "Posyandu Digital"),
        ("Ganti dengan program OPD ini untuk pilar Smart Society", "Pencatatan posyandu daring"),
        ("Contoh keluaran program", "Data posyandu tercatat daring"),
        ("Contoh hasil yang dirasakan warga", "Ibu memantau tumbuh kembang anak"),
        ("Contoh indikator keberhasilan program", "Persentase posyandu yang mencatat daring"),
    )
    assert strict(city)[0] == 0, strict(city)[1]


def test_add_program_prints_a_hostile_file_name_escaped(city: Path) -> None:
    """An OPD file's name comes with the pull request: an OSC sequence or a newline followed by
    a workflow command in it is shown escaped, on the line of the message."""
    hostile = "dinkes\x1b]0;pwned\x07\n::error file=x::forged.yaml"
    (city / "opd" / "dinkes.yaml").rename(city / "opd" / hostile)
    code, output = masterplan("add", "program", "dinkes", str(city), "--pillar", "society")
    assert code == 0, output
    assert output.splitlines()[0] == (
        "  change  opd/dinkes\\x1b]0;pwned\\x07\\n::error file=x::forged.yaml: "
        "program DINKES-03 added at the end of its list"
    )
    assert "\x1b" not in output and "\n::" not in output


def test_add_program_to_a_missing_opd_says_how_to_add_it(city: Path) -> None:
    code, output = masterplan("add", "program", "dinbaru", str(city))
    assert (code, output) == (
        1,
        "Error: there is no OPD `dinbaru`; to add it: masterplan add opd dinbaru. Nothing was written.\n",
    )


def test_add_pillar_restores_a_deleted_pillar_file(city: Path) -> None:
    (city / "pillars/branding.yaml").unlink()
    code, output = masterplan("add", "pillar", "branding", str(city))
    assert code == 0, output
    text = (city / "pillars/branding.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../.masterplan/schemas/pillar.schema.json\n")
    assert "pillar: branding" in text
    code, output = masterplan("add", "pillar", "branding", str(city))
    assert (code, output) == (1, "Error: the pillar `branding` has a file already. Nothing was written.\n")


def test_add_needs_a_valid_masterplan_yaml(tmp_path: Path) -> None:
    (tmp_path / "masterplan.yaml").write_text("city: [\n", encoding="utf-8")
    code, output = masterplan("add", "pillar", "branding", str(tmp_path))
    assert code == 1
    assert "masterplan.yaml has errors or is missing; `masterplan check` shows them." in output
    assert [path.name for path in tmp_path.iterdir()] == ["masterplan.yaml"]


@pytest.mark.parametrize(
    "command",
    [("add", "pillar", "branding"), ("add", "opd", "dinkes"), ("templates", "copy", "roadmap.html")],
)
def test_outside_every_city_repository_nothing_is_written(tmp_path: Path, command: tuple[str, ...]) -> None:
    code, output = masterplan(*command, str(tmp_path))
    assert (code, output) == (
        1,
        f"Error: no masterplan.yaml in {tmp_path.resolve()} or a folder above it: run this inside a city "
        "repository, or start one with `masterplan init`; nothing was written\n",
    )
    assert list(tmp_path.iterdir()) == []


def test_add_and_templates_copy_from_a_subfolder_write_into_the_repository(city: Path) -> None:
    (city / "pillars/branding.yaml").unlink()
    code, output = masterplan("add", "pillar", "branding", str(city / "pillars"))
    assert code == 0, output
    assert (city / "pillars/branding.yaml").is_file()
    assert not (city / "pillars/pillars").exists()
    code, output = masterplan("templates", "copy", "roadmap.html", str(city / "opd"))
    assert code == 0, output
    assert (city / "templates/html/roadmap.html").is_file()
    assert not (city / "opd/templates").exists()


def test_on_a_terminal_add_program_asks_for_the_pillar_until_it_is_one(
    city: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(console, "stdin_is_interactive", lambda: True)
    with CliRunner().isolation(input="health\nliving\n") as (stdout, _, _):
        code = run(["add", "program", "dishub", str(city)])
        sys.stdout.flush()
        shown = stdout.getvalue().decode()
    assert code == 0, shown
    question = (
        "Pillar of the program (governance, branding, economy, living, society, environment) [branding]: "
    )
    assert shown.startswith(
        f'{question}health\nError: "health" is not a pillar; answer one of governance, branding, economy, '
        f"living, society, environment\n{question}living\n"
    )
    assert "    pillar: living" in (city / "opd/dishub.yaml").read_text(encoding="utf-8")


def test_add_program_to_an_empty_list_writes_it_as_a_block(city: Path) -> None:
    (city / "opd/dinbaru.yaml").write_text("id: dinbaru\nname: Dinas Baru\nprograms: []   # none yet\n")
    code, output = masterplan("add", "program", "dinbaru", str(city), "--pillar", "living")
    assert code == 0, output
    text = (city / "opd/dinbaru.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "id: dinbaru\nname: Dinas Baru\nprograms:      # none yet\n"
        "  - id: DINBARU-01                       # kode program, unik: huruf besar, angka, tanda hubung\n"
    )
