"""The command line in Indonesian and English: the catalogue is fresh and complete, the
language is chosen as l10n.py says, and an OPD staff member with `LANG=id_ID.UTF-8` reads
Indonesian — checked through the real console script, in a process of its own (the suite
itself runs in English: conftest.py sets MASTERPLAN_LANG=en).

After changing a message: `make messages`, translate what arrives untranslated in
src/masterplan_cli/locale/id/LC_MESSAGES/masterplan.po, `make messages` again.
"""

from __future__ import annotations

import gettext
import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from masterplan_cli import l10n
from masterplan_cli.build_report import size_text
from test_check_cases import CASES_DIR, UPDATE, assert_case, case_args

REPO = Path(__file__).parent.parent
LOCALE = REPO / "src" / "masterplan_cli" / "locale"
PO = LOCALE / "id" / "LC_MESSAGES" / "masterplan.po"
GOLDEN = Path(__file__).parent / "golden" / "l10n"
CityCase = Callable[[str], Path]


def catalogue() -> list[tuple[tuple[str, ...], tuple[str, ...], bool]]:
    with PO.open("rb") as stream:
        po = read_po(stream)
    return [
        (
            m.id if isinstance(m.id, tuple) else (m.id,),
            m.string if isinstance(m.string, tuple) else (m.string,),
            m.fuzzy,
        )
        for m in po
        if m.id
    ]


def test_the_catalogue_holds_exactly_the_messages_of_the_code(tmp_path: Path) -> None:
    pot = tmp_path / "masterplan.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "--quiet",
            "extract",
            "-F",
            str(REPO / "babel.cfg"),
            "--no-location",
            "-o",
            str(pot),
            str(REPO),
        ]
    )
    with pot.open("rb") as stream:
        extracted = {m.id for m in read_po(stream) if m.id}
    in_po = {ids if len(ids) > 1 else ids[0] for ids, _, _ in catalogue()}
    assert sorted(map(str, extracted - in_po)) == [], "run `make messages` and translate the new messages"
    assert sorted(map(str, in_po - extracted)) == [], (
        "run `make messages`: the .po holds messages no longer in the code"
    )


FIELD = re.compile(r"\{[^{}]*\}")
CODE = re.compile(r"`[^`]*`")


def test_every_message_has_an_indonesian_translation_with_the_same_placeholders_and_code() -> None:
    problems = []
    for ids, strings, fuzzy in catalogue():
        if fuzzy or not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        for string in strings:
            if Counter(FIELD.findall(ids[-1])) != Counter(FIELD.findall(string)):
                problems.append(f"placeholders differ: {ids[0]!r} -> {string!r}")
            if set(CODE.findall(ids[-1])) - set(CODE.findall(string)):
                problems.append(f"code words lost: {ids[0]!r} -> {string!r}")
    assert problems == []
    assert len(catalogue()) > 700


def test_indonesian_has_one_plural_form() -> None:
    assert "Plural-Forms: nplurals=1; plural=0;" in PO.read_text(encoding="utf-8")


def test_the_compiled_catalogue_is_the_po() -> None:
    with (PO.parent / "masterplan.mo").open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    for ids, strings, _ in catalogue():
        if len(ids) == 1:
            assert compiled.gettext(ids[0]) == strings[0], "run `make messages` to compile the .po"
        else:
            assert compiled.ngettext(ids[0], ids[1], 2) == strings[0]


# --- how the language is chosen ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "environ", "city", "expected"),
    [
        pytest.param(["--lang", "en", "check"], {"MASTERPLAN_LANG": "id"}, "id", "en", id="--lang first"),
        pytest.param(
            ["check", "--lang=id"], {"MASTERPLAN_LANG": "en"}, "en", "id", id="--lang= after the command"
        ),
        pytest.param(
            ["check"], {"MASTERPLAN_LANG": "en", "LANG": "id_ID.UTF-8"}, "id", "en", id="then the variable"
        ),
        pytest.param(["check"], {"LANG": "id_ID.UTF-8"}, "en", "en", id="then the city"),
        pytest.param(
            ["check"], {"LC_ALL": "en_GB.UTF-8", "LANG": "id_ID.UTF-8"}, None, "en", id="then LC_ALL"
        ),
        pytest.param(
            ["check"], {"LC_MESSAGES": "id_ID", "LANG": "en_US.UTF-8"}, None, "id", id="LC_MESSAGES over LANG"
        ),
        pytest.param(["check"], {"LANG": "en_US.UTF-8"}, None, "en", id="then LANG"),
        pytest.param(["check"], {"LANG": "C.UTF-8"}, None, "id", id="else Indonesian"),
        pytest.param(
            ["check"],
            {"LANG": "fr_FR.UTF-8", "MASTERPLAN_LANG": "fr"},
            None,
            "id",
            id="unknown ones say nothing",
        ),
    ],
)
def test_the_language_is_chosen_in_order(
    argv: list[str], environ: dict[str, str], city: str | None, expected: str, tmp_path: Path
) -> None:
    if city is not None:
        (tmp_path / "masterplan.yaml").write_text(
            f"city: {{name: Kota X}}\nlanguage: {city}\n", encoding="utf-8"
        )
    assert l10n.choose(argv, environ, tmp_path) == expected


def test_the_city_is_the_folder_named_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "kota").mkdir()
    (tmp_path / "kota" / "masterplan.yaml").write_text("language: en\n", encoding="utf-8")
    assert l10n.choose(["check", "kota"], {}, tmp_path) == "en"
    assert l10n.choose(["check"], {}, tmp_path) == "id"


def test_the_city_is_found_from_a_folder_inside_it(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "masterplan.yaml").write_text("language: en\n", encoding="utf-8")
    (tmp_path / "pillars").mkdir()
    assert l10n.choose(["check"], {}, tmp_path / "pillars") == "en"
    (tmp_path / "pillars" / ".git").mkdir()  # another work tree: its top ends the search
    assert l10n.choose(["check"], {}, tmp_path / "pillars") == "id"


def test_a_city_file_that_is_a_link_says_nothing(tmp_path: Path) -> None:
    """A hostile repository's masterplan.yaml may lead out of it: it is not read."""
    outside = tmp_path / "outside.yaml"
    outside.write_text("language: en\n", encoding="utf-8")
    (tmp_path / "kota").mkdir()
    (tmp_path / "kota" / "masterplan.yaml").symlink_to(outside)
    assert l10n.choose(["check", "kota"], {}, tmp_path) == "id"


# --- through the real console script -------------------------------------------------------------


def masterplan(*args: str, cwd: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    """`masterplan ARGS` in a process of its own, with no language setting but `environ`."""
    quiet = ("MASTERPLAN_LANG", "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "GITHUB_ACTIONS")
    env = {k: v for k, v in os.environ.items() if k not in quiet} | {"NO_COLOR": "1", **environ}
    command = [sys.executable, "-c", "from masterplan_cli.__main__ import main; main()", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def without_language(root: Path) -> Path:
    """The city says no language: the locale decides the messages' (the document's is id)."""
    masterplan_yaml = root / "masterplan.yaml"
    text = masterplan_yaml.read_text(encoding="utf-8")
    masterplan_yaml.write_text(re.sub(r"(?m)^language: .*\n", "", text), encoding="utf-8")
    return root


def expected(name: str) -> str:
    return (GOLDEN / name).read_text(encoding="utf-8")


def test_check_speaks_indonesian_with_an_indonesian_locale_and_nothing_else(city_case: CityCase) -> None:
    root = without_language(city_case("unknown-keys"))
    done = masterplan("check", cwd=root, LANG="id_ID.UTF-8")
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout == expected("check-unknown-keys.id.txt")


def test_machine_formats_carry_indonesian_messages_under_english_keys(city_case: CityCase) -> None:
    root = city_case("unknown-keys")
    done = masterplan("check", "--format", "json", cwd=root, LANG="id_ID.UTF-8")
    first = json.loads(done.stdout)[0]
    assert first == {
        "code": "MP101",
        "name": "unknown-key",
        "severity": "error",
        "path": "masterplan.yaml",
        "line": 10,
        "column": 1,
        "message": "kunci `visi` tidak dikenal",
        "hint": "maksud Anda `vision`?",
    }
    sarif = json.loads(masterplan("check", "--format", "sarif", cwd=root, LANG="id_ID.UTF-8").stdout)
    rule = sarif["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["shortDescription"] == {"text": "Kunci yang tidak dikenal oleh format."}


@pytest.mark.parametrize(
    ("args", "environ", "city", "summary"),
    [
        pytest.param(
            ["--lang", "en"], {"MASTERPLAN_LANG": "id", "LANG": "id_ID.UTF-8"}, "id", "en", id="--lang"
        ),
        pytest.param(
            ["--lang", "id"], {"MASTERPLAN_LANG": "en", "LANG": "en_US.UTF-8"}, "en", "id", id="--lang id"
        ),
        pytest.param([], {"MASTERPLAN_LANG": "en", "LANG": "id_ID.UTF-8"}, "id", "en", id="MASTERPLAN_LANG"),
        pytest.param([], {"LANG": "id_ID.UTF-8"}, "en", "en", id="the city's language"),
        pytest.param([], {"LANG": "en_US.UTF-8"}, "id", "id", id="the city's language over the locale"),
        pytest.param([], {"LANG": "en_US.UTF-8"}, None, "en", id="the locale"),
        pytest.param([], {"LANG": "C.UTF-8"}, None, "id", id="Indonesian when nothing says"),
    ],
)
def test_the_language_is_chosen_in_order_through_the_cli(
    args: list[str], environ: dict[str, str], city: str | None, summary: str, city_case: CityCase
) -> None:
    root = without_language(city_case("valid-complete"))
    if city is not None:
        with (root / "masterplan.yaml").open("a", encoding="utf-8") as stream:
            stream.write(f"language: {city}\n")
    done = masterplan("check", *args, cwd=root, **environ)
    assert (
        done.stdout
        == {"en": "No problems in 11 files.\n", "id": "Tidak ada masalah pada 11 berkas.\n"}[summary]
    )


HELP = [
    [],
    ["check"],
    ["init"],
    ["schema"],
    ["diff"],
    ["build"],
    ["report"],
    ["doctor"],
    ["export", "xlsx"],
    ["import", "xlsx"],
    ["add", "opd"],
    ["templates", "list"],
]


@pytest.mark.parametrize("command", [pytest.param(c, id=" ".join(c) or "masterplan") for c in HELP])
@pytest.mark.slow  # each command's help in a process of its own
def test_help_in_indonesian(command: list[str], tmp_path: Path) -> None:
    done = masterplan(*command, "--help", cwd=tmp_path, LANG="id_ID.UTF-8", COLUMNS="100")
    name = "help-" + ("-".join(command) or "masterplan") + ".id.txt"
    if UPDATE:
        (GOLDEN / name).write_text(done.stdout, encoding="utf-8")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == expected(name)


def test_a_usage_error_in_indonesian(tmp_path: Path) -> None:
    done = masterplan("check", "tidak-ada", cwd=tmp_path, LANG="id_ID.UTF-8")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "Penggunaan: masterplan check [OPSI] [path]\n"
        "Coba 'masterplan check -h' untuk bantuan.\n"
        "\n"
        "Kesalahan: Nilai tidak sah untuk PATH: tidak-ada bukan folder\n"
    )
    typo = masterplan("chek", cwd=tmp_path, LANG="id_ID.UTF-8")
    assert (
        typo.stderr.splitlines()[-1] == "Kesalahan: Tidak ada perintah 'chek'. Maksud Anda 'check', 'schema'?"
    )
    number = masterplan("init", "x", "--start", "dua", cwd=tmp_path, LANG="id_ID.UTF-8")
    assert (
        number.stderr.splitlines()[-1]
        == "Kesalahan: Nilai tidak sah untuk '--start': harus berupa bilangan bulat"
    )


def test_init_asks_in_indonesian_on_a_terminal(tmp_path: Path) -> None:
    """The real console script on a pseudo-terminal, with nothing but an Indonesian locale."""
    import pty

    answers = ["Kota Contoh", "", "Sumatera Barat", "2026", "", "", "id", "dinkes", "none"]
    primary, secondary = pty.openpty()
    try:
        os.write(primary, ("\n".join(answers) + "\n").encode())
        quiet = ("MASTERPLAN_LANG", "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")
        env = {k: v for k, v in os.environ.items() if k not in quiet} | {
            "LANG": "id_ID.UTF-8",
            "NO_COLOR": "1",
        }
        done = subprocess.run(
            [sys.executable, "-c", "from masterplan_cli.__main__ import main; main()", "init", "kota-contoh"],
            cwd=tmp_path,
            stdin=secondary,
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
    finally:
        os.close(secondary)
        os.close(primary)
    assert done.returncode == 0, done.stderr
    for prompt in [
        "Nama kota atau kabupaten (misalnya Kota Solok, Kabupaten Solok) [Kota Contoh]: ",
        "Jenis daerah (kota, kabupaten) [kota]: ",
        "Provinsi (misalnya Sumatera Barat): ",
        "Tahun pertama masterplan [",
        "Tahun terakhir masterplan [2030]: ",
        "Kerangka: kominfo, enam dimensi Gerakan Menuju Smart City nasional;\n",
        "Kerangka (kominfo, cohen) [kominfo]: ",
        "Bahasa dokumen (id: Indonesia, en: Inggris) [id]: ",
        "OPD yang lazim di kota, masing-masing dengan contoh program:\n",
        "Id OPD, dipisahkan spasi (all: OPD di atas) [all]: ",
        "Alur kerja CI (github, gitlab, none) [github]: ",
        "\nLangkah berikutnya:\n",
        "README.md menjelaskan cara mengisi masterplan.\n",
    ]:
        assert prompt in done.stdout
    assert re.search(r"^\d+ berkas dibuat di .*kota-contoh\.$", done.stdout, re.MULTILINE), done.stdout


# --- a representative set of tests/cases in Indonesian ------------------------------------------

ID_CASES = sorted(path.parent.name for path in CASES_DIR.glob("*/expected.id.txt"))


@pytest.fixture
def indonesian() -> Iterator[None]:
    l10n.settle("id")
    yield
    l10n.settle("en")


@pytest.mark.parametrize("name", [pytest.param(name, id=name) for name in ID_CASES])
def test_case_in_indonesian(name: str, city_case: CityCase, indonesian: None) -> None:
    """expected.id.txt beside expected.txt: the same diagnostics, in Indonesian
    (`MASTERPLAN_UPDATE_CASES=1` writes them; review the diff)."""
    assert_case(city_case(name), CASES_DIR / name / "expected.id.txt", case_args(name))


def test_indonesian_messages_write_numbers_the_indonesian_way(indonesian: None) -> None:
    message = l10n.ngettext(
        "Built {count} file in {seconds:.1f} s.", "Built {count} files in {seconds:.1f} s.", 2
    )
    assert message.format(count=2, seconds=8.93) == "2 berkas disusun dalam 8,9 detik."
    limit = l10n._("the file holds more than {max_nodes:,} values").format(max_nodes=1_000_000)
    assert limit == "berkas memuat lebih dari 1.000.000 nilai"
    assert l10n._("{name}: {message}").format(name="`id`", message="1,5") == "`id`: 1,5"  # text stays text
    assert [size_text(n) for n in (512, 1536, 5 * 1024 * 1024)] == ["512 B", "1,5 KiB", "5,0 MiB"]
