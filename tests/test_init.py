"""`masterplan init`: a new city repository passes `check` at once, in both frameworks and
both languages, its only warnings the placeholders it leaves to fill in (its to-do list, MP252);
once they are filled it passes `check --strict`. Values are asked for on a terminal only;
nothing is ever overwritten.

The CLI runs through typer's CliRunner; whether stdin is a terminal is decided by
`console.stdin_is_interactive`, which the prompting tests replace. One test runs the real
console script on a pseudo-terminal, so that the real detection is covered too.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import INIT_ANSWERS as FULL
from conftest import fill_in
from masterplan_cli import __version__, checks  # noqa: F401  (checks registers every rule)
from masterplan_cli.checker import check_repository
from masterplan_cli.cli import run
from masterplan_cli.loader import load_text
from masterplan_cli.scaffold import catalog, console, files
from masterplan_cli.scaffold.answers import Answers
from masterplan_cli.schema.frameworks import BUILT_IN

COMBINATIONS = [
    pytest.param("kominfo", "id", id="kominfo in Indonesian"),
    pytest.param("kominfo", "en", id="kominfo in English"),
    pytest.param("cohen", "id", id="cohen in Indonesian"),
    pytest.param("cohen", "en", id="cohen in English"),
]


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def init(*args: str, input: str | None = None) -> Result:
    """`masterplan init ARGS` through the real entry point (`cli.run`, which turns every outcome
    into an exit code), with `input` as stdin and the output captured."""
    with CliRunner().isolation(input=input) as (stdout, stderr, _):
        code = run(["init", *args])
        sys.stdout.flush()
        sys.stderr.flush()
        return Result(code, stdout.getvalue().decode(), stderr.getvalue().decode())


def full(root: Path, framework: str = "kominfo", language: str = "id", *extra: str) -> list[str]:
    return [
        str(root),
        *FULL,
        "--framework",
        framework,
        "--language",
        language,
        "--no-input",
        *extra,
    ]


PLACEHOLDER, NO_ANALYSIS = "MP252", "MP360"
TO_DO = {PLACEHOLDER, NO_ANALYSIS}  # what a new repository leaves to fill, on purpose


def problems(root: Path) -> list[str]:
    """Every diagnostic `masterplan check` reports, warnings and notes included, but the
    to-dos a new repository leaves on purpose (`to_do` lists those)."""
    _, report = check_repository(root)
    return [
        f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}" for d in report.sorted() if d.code not in TO_DO
    ]


def to_do(root: Path) -> list[str]:
    """The to-dos `masterplan check` lists: each file and the field's name, or `analysis` for
    a pillar whose analysis is still empty."""
    _, report = check_repository(root)
    return [
        f"{d.path} {d.message.split(' is a placeholder')[0] if d.code == PLACEHOLDER else 'analysis'}"
        for d in report.sorted()
        if d.code in TO_DO
    ]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend stdin is a terminal, so that `init` asks for missing values."""
    monkeypatch.setattr(console, "stdin_is_interactive", lambda: True)


@pytest.fixture
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console, "stdin_is_interactive", lambda: False)


# --- a new repository is clean -------------------------------------------------------------


@pytest.mark.parametrize(("framework", "language"), COMBINATIONS)
def test_new_repository_passes_strict_check(tmp_path: Path, framework: str, language: str) -> None:
    root = tmp_path / "city"
    result = init(*full(root, framework, language))
    assert result.exit_code == 0, result.output
    assert problems(root) == []
    pillars = sorted(p.stem for p in (root / "pillars").iterdir())
    assert pillars == sorted(BUILT_IN[framework].pillar_ids)


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_new_repository_lists_its_placeholders_and_passes_strict_once_filled(
    tmp_path: Path, language: str
) -> None:
    root = tmp_path / "city"
    assert init(*full(root, "kominfo", language)).exit_code == 0  # the default OPDs
    opds = sorted(path.name for path in (root / "opd").iterdir())
    assert len(opds) == 15
    pillars = sorted(path.name for path in (root / "pillars").iterdir())
    assert to_do(root) == [
        "masterplan.yaml city › head › name",
        "masterplan.yaml city › logo",
        *(f"opd/{name} head › name" for name in opds),
        *(f"pillars/{name} analysis" for name in pillars),
    ]
    with CliRunner().isolation() as (_, _, _):
        assert run(["check", str(root), "--strict"]) == 1
    fill_in(root)
    assert to_do(root) == []
    with CliRunner().isolation() as (_, _, _):
        assert run(["check", str(root), "--strict"]) == 0


def test_stand_in_programs_are_placeholders(tmp_path: Path) -> None:
    # an OPD the catalogue does not know gets a stand-in name; a pillar no chosen OPD's example
    # covers gets a stand-in program: both are on the to-do list, field by field
    root = tmp_path / "city"
    assert init(*full(root, "kominfo", "en", "--opd", "dinkes,kecamatan-a")).exit_code == 0
    items = [item for item in to_do(root) if item.startswith("opd/kecamatan-a.yaml")]
    assert items[:3] == [
        "opd/kecamatan-a.yaml name",
        "opd/kecamatan-a.yaml head › name",
        "opd/kecamatan-a.yaml KECAMATAN-A-01 › name",
    ]
    assert "opd/kecamatan-a.yaml KECAMATAN-A-01 › description" in items


@pytest.mark.parametrize("framework", ["kominfo", "cohen"])
@pytest.mark.parametrize("kind", ["kota", "kabupaten"])
def test_default_opds_cover_every_pillar_with_their_own_programs(framework: str, kind: str) -> None:
    """The catalogue alone (no placeholder) gives every pillar a program and a quick win."""
    answers = Answers("Contoh", kind, "Jawa Barat", 2025, 2029, framework, "id", None)
    opds = files.place_programs(answers, BUILT_IN[framework])
    programs = [p for opd in opds for p in opd.programs]
    assert not any(p.placeholder for p in programs)
    assert [len(opd.programs) for opd in opds] == [1] * len(opds)
    for pillar in BUILT_IN[framework].pillars:
        in_pillar = [p for p in programs if p.pillar.id == pillar.id]
        assert in_pillar, pillar.id
        assert sum(p.quick_win for p in in_pillar) == 1, pillar.id


def test_kabupaten_gets_the_village_office_and_kota_does_not(tmp_path: Path) -> None:
    assert "dpmd" in catalog.default_opds("kabupaten")
    assert "dpmd" not in catalog.default_opds("kota")
    root = tmp_path / "kab"
    args = [
        str(root),
        "--city",
        "Kabupaten Contoh",
        "--kind",
        "kabupaten",
        "--province",
        "Jambi",
        "--start",
        "2026",
        "--end",
        "2030",
        "--framework",
        "kominfo",
        "--language",
        "id",
        "--no-input",
    ]
    assert init(*args).exit_code == 0
    assert (root / "opd" / "dpmd.yaml").is_file()
    assert problems(root) == []
    text = (root / "masterplan.yaml").read_text(encoding="utf-8")
    assert "Perbup" in text and "Bupati" in text
    assert "  # seat: Arosuka  " in text  # a kabupaten's seat is often another town


@pytest.mark.parametrize(
    "opds",
    [
        pytest.param(["diskominfo"], id="one OPD carries every pillar"),
        pytest.param(["dinkes", "dishub"], id="two known OPDs"),
        pytest.param(["dinkes", "disperindag", "kecamatan-a"], id="known and unknown OPDs"),
        pytest.param(["a", "b", "c", "d", "e", "f", "g", "h"], id="more unknown OPDs than pillars"),
    ],
)
@pytest.mark.parametrize("framework", ["kominfo", "cohen"])
def test_chosen_opds_still_pass_strict_check(tmp_path: Path, opds: list[str], framework: str) -> None:
    root = tmp_path / "city"
    args = full(root, framework, "id", *(arg for opd in opds for arg in ("--opd", opd)))
    assert init(*args).exit_code == 0
    assert sorted(p.stem for p in (root / "opd").iterdir()) == sorted(opds)
    assert problems(root) == []


def test_an_unknown_opd_gets_a_placeholder_name_to_fill_in(tmp_path: Path) -> None:
    root = tmp_path / "city"
    assert init(*full(root, "kominfo", "id", "--opd", "disperindag,dinkes")).exit_code == 0
    text = (root / "opd" / "disperindag.yaml").read_text(encoding="utf-8")
    assert "# TODO: ganti `name` dengan nama lengkap OPD ini" in text
    assert yaml.safe_load(text)["name"] == "OPD disperindag"
    assert (
        yaml.safe_load((root / "opd" / "dinkes.yaml").read_text(encoding="utf-8"))["name"]
        == "Dinas Kesehatan"
    )


def test_the_example_programs_start_in_the_first_year(tmp_path: Path) -> None:
    root = tmp_path / "city"
    assert init(*full(root)).exit_code == 0
    for path in (root / "opd").iterdir():
        for program in yaml.safe_load(path.read_text(encoding="utf-8"))["programs"]:
            assert program["start"] == 2025, path.name
            assert set(program["budget"]) == set(range(program["start"], program["end"] + 1))


def test_a_one_year_period(tmp_path: Path) -> None:
    root = tmp_path / "city"
    args = [
        str(root),
        *FULL[:6],
        "--start",
        "1945",
        "--end",
        "1945",
        "--framework",
        "cohen",
        "--language",
        "en",
        "--no-input",
    ]
    assert init(*args).exit_code == 0
    assert problems(root) == []


# --- what the files say ----------------------------------------------------------------------


def _keys(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _keys(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_keys(item) for item in data[:1]]
    return type(data).__name__


def test_both_languages_write_the_same_fields(tmp_path: Path) -> None:
    """The templates are written twice, once per language; their data must not drift."""
    for language in ("id", "en"):
        assert init(*full(tmp_path / language, "kominfo", language)).exit_code == 0
    for name in [
        "masterplan.yaml",
        "pillars/governance.yaml",
        "opd/dinkes.yaml",
        "opd/satpolpp.yaml",
    ]:
        indonesian = yaml.safe_load((tmp_path / "id" / name).read_text(encoding="utf-8"))
        english = yaml.safe_load((tmp_path / "en" / name).read_text(encoding="utf-8"))
        assert _keys(indonesian) == _keys(english), name


@pytest.mark.parametrize(
    ("language", "words"),
    [
        pytest.param(
            "id",
            ["Cara mengisi", "kota atau kabupaten", "## Memeriksa", "masterplan check"],
            id="Indonesian",
        ),
        pytest.param(
            "en",
            ["How to fill it in", "kota (city) or kabupaten", "## Checking", "masterplan check"],
            id="English",
        ),
    ],
)
def test_guidance_is_in_the_chosen_language(tmp_path: Path, language: str, words: list[str]) -> None:
    root = tmp_path / "city"
    assert init(*full(root, "kominfo", language)).exit_code == 0
    text = (root / "masterplan.yaml").read_text(encoding="utf-8") + (root / "README.md").read_text(
        encoding="utf-8"
    )
    for word in words:
        assert word in text
    assert yaml.safe_load((root / "masterplan.yaml").read_text(encoding="utf-8"))["language"] == language


def uncomment(text: str, keys: set[str]) -> str:
    """Remove the "# " before each commented example field in `keys`, and before the lines
    of its block: what a user does to use an example."""
    lines, block = [], None
    for line in text.splitlines():
        match = re.match(r"^(\s*)# ([a-z_]+):", line)
        if match and match[2] in keys:
            block = match[1]
            line = match[1] + line[len(match[1]) + 2 :]
        elif block is not None and line.startswith(block + "#   "):
            line = block + line[len(block) + 2 :]
        else:
            block = None
        lines.append(line)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("framework", "language"), COMBINATIONS)
def test_the_commented_examples_are_valid_once_uncommented(
    tmp_path: Path, framework: str, language: str
) -> None:
    root = tmp_path / "city"
    assert init(*full(root, framework, language)).exit_code == 0
    examples = {
        "masterplan.yaml": {
            "region_code",
            "head",
            "profile",
            "title",
            "subtitle",
            "date",
            "foreword",
            "background",
            "purpose",
            "scope",
            "method",
            "closing",
            "adopted_by",
            "readiness",
            "ratings",
            "governance",
            "figures",
            "apbd",
            "support",
        },
        "pillars/governance.yaml": {"description", "tows", "gaps"},
        "opd/dinkes.yaml": {"rpjmd", "progress", "partners", "benefit", "implementation", "risks"},
    }
    for name, keys in examples.items():
        path = root / name
        before = path.read_text(encoding="utf-8")
        after = uncomment(before, keys)
        assert after.count("\n") == before.count("\n") and after != before
        path.write_text(after, encoding="utf-8")
    assert problems(root) == []
    masterplan = yaml.safe_load((root / "masterplan.yaml").read_text(encoding="utf-8"))
    assert masterplan["city"]["region_code"] == "13.72"
    assert set(masterplan) >= {"readiness", "ratings", "governance", "support"}
    assert set(masterplan["city"]) >= {"figures", "apbd"}


def test_every_yaml_file_names_its_schema_and_satisfies_it(tmp_path: Path) -> None:
    import jsonschema

    root = tmp_path / "city"
    assert init(*full(root)).exit_code == 0
    yaml_files = [
        root / "masterplan.yaml",
        *sorted((root / "pillars").iterdir()),
        *sorted((root / "opd").iterdir()),
    ]
    for path in yaml_files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema_path = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema_path.is_file(), first
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        jsonschema.validate(data, schema)
    settings = json.loads((root / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema_file in settings["yaml.schemas"]:
        assert (root / schema_file).is_file()


def test_repository_files(tmp_path: Path) -> None:
    root = tmp_path / "city"
    assert init(*full(root)).exit_code == 0
    for name in [
        "README.md",
        "templates/README.md",
        "assets/README.md",
        "assets/logo.svg",
        ".gitignore",
        ".vscode/settings.json",
        ".vscode/extensions.json",
        ".github/workflows/masterplan.yml",
    ]:
        assert (root / name).is_file(), name
    assert "dist/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert not (root / ".gitlab-ci.yml").exists()


@pytest.mark.parametrize(
    ("platform", "present", "absent"),
    [
        pytest.param("github", ".github/workflows/masterplan.yml", ".gitlab-ci.yml", id="github"),
        pytest.param("gitlab", ".gitlab-ci.yml", ".github", id="gitlab"),
        pytest.param("none", None, ".github", id="none"),
    ],
)
def test_ci_platform(tmp_path: Path, platform: str, present: str | None, absent: str) -> None:
    root = tmp_path / "city"
    assert init(*full(root, "kominfo", "en", "--ci", platform)).exit_code == 0
    if present:
        text = (root / present).read_text(encoding="utf-8")
        assert "masterplan check" in text and "masterplan build" in text
        # exactly the version that wrote it, and how to take another one
        assert f"pip install masterplan-cli=={__version__}\n" in text
        assert f"# masterplan {__version__} wrote this file, and CI installs that version." in text
        assert (
            '# change the version; for a fork or a branch: pip install "git+https://github.com/OWNER/masterplan@BRANCH"\n'
            in text
        )
        yaml.safe_load(text)
    assert not (root / absent).exists()
    assert not (root / ".gitlab-ci.yml").exists() or platform == "gitlab"


def test_report_and_next_steps(tmp_path: Path) -> None:
    root = tmp_path / "city"
    result = init(*full(root))
    lines = result.stdout.splitlines()
    assert lines[0] == "  create  masterplan.yaml"
    assert "  create  opd/dinkes.yaml" in lines
    assert f"Created 35 files in {root}." in lines
    assert lines[lines.index("Next steps:") + 1 :] == [
        f"  cd {root}",
        "  masterplan check      # check the files; run it after every change",
        "  masterplan build      # write the Markdown, HTML and PDF documents to dist/",
        "  git init && git add . && git commit -m 'Start the masterplan'",
        "README.md explains how to fill in the masterplan.",
    ]


# --- never overwrite -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["masterplan.yaml", "masterplan.yml"])
def test_refuses_a_folder_that_is_already_a_city_repository(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("mine\n", encoding="utf-8")
    before = tree(tmp_path)
    result = init(*full(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / name} exists: {tmp_path} is a city repository already. Nothing was written.\n"
    )
    assert tree(tmp_path) == before


@pytest.mark.parametrize("inside", ["pillars/kota-baru", "docs/kota-baru", "pillars"])
def test_refuses_to_make_a_repository_inside_another(tmp_path: Path, inside: str) -> None:
    (tmp_path / "masterplan.yaml").write_text("mine\n", encoding="utf-8")
    (tmp_path / "pillars").mkdir()
    before = tree(tmp_path)
    result = init(*full(tmp_path / inside))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / inside} is inside the city repository {tmp_path}; `masterplan init` does not "
        "make a repository inside another. Nothing was written.\n"
    )
    assert tree(tmp_path) == before


def test_refuses_before_asking_anything(tmp_path: Path, terminal: None) -> None:
    (tmp_path / "masterplan.yaml").write_text("mine\n", encoding="utf-8")
    result = init(str(tmp_path), input="")
    assert result.exit_code == 1
    assert result.stdout == ""


def test_a_dangling_symlink_named_masterplan_yaml_counts_as_existing(tmp_path: Path) -> None:
    (tmp_path / "masterplan.yaml").symlink_to(tmp_path / "nowhere.yaml")
    assert init(*full(tmp_path)).exit_code == 1
    assert not (tmp_path / "nowhere.yaml").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["masterplan.yaml"]


def test_adds_only_missing_files_to_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Our own readme\n", encoding="utf-8")
    (tmp_path / "opd").mkdir()
    (tmp_path / "opd" / "dinkes.yaml").write_text(
        "id: dinkes\nname: Dinas Kesehatan Kota Contoh\n", encoding="utf-8"
    )
    before = tree(tmp_path)
    result = init(*full(tmp_path))
    assert result.exit_code == 0, result.output
    after = tree(tmp_path)
    assert {name: after[name] for name in before} == before
    lines = result.stdout.splitlines()
    assert "    skip  README.md" in lines
    assert "    skip  opd/dinkes.yaml" in lines
    assert "  create  opd/dishub.yaml" in lines
    assert f"Created 33 files in {tmp_path}; skipped 2 that already existed (left as they were)." in lines


OWN_DINKES = """\
id: dinkes
name: Dinas Kesehatan Kota Contoh
programs:
  - {id: SAIYO, name: SAIYO, pillar: living, element: health, quick_win: true, start: 2025}
"""


@pytest.mark.parametrize(
    "opds", [pytest.param([], id="default OPDs"), pytest.param(["dinkes", "dishub"], id="two OPDs")]
)
def test_the_new_files_cover_every_pillar_without_the_kept_ones(tmp_path: Path, opds: list[str]) -> None:
    """An OPD whose file is kept carries no example: the written files cover every pillar."""
    (tmp_path / "opd").mkdir()
    (tmp_path / "opd" / "dinkes.yaml").write_text(OWN_DINKES, encoding="utf-8")
    args = full(tmp_path, "kominfo", "id", *(arg for opd in opds for arg in ("--opd", opd)))
    assert init(*args).exit_code == 0
    assert (tmp_path / "opd" / "dinkes.yaml").read_text(encoding="utf-8") == OWN_DINKES
    assert problems(tmp_path) == []


def test_a_yml_twin_counts_as_existing(tmp_path: Path) -> None:
    (tmp_path / "opd").mkdir()
    (tmp_path / "opd" / "dinkes.yml").write_text(OWN_DINKES, encoding="utf-8")
    result = init(*full(tmp_path, "kominfo", "id", "--opd", "dinkes", "--opd", "dishub"))
    assert result.exit_code == 0
    assert "    skip  opd/dinkes.yaml" in result.stdout.splitlines()
    assert not (tmp_path / "opd" / "dinkes.yaml").exists()
    assert problems(tmp_path) == []


def test_when_every_chosen_opd_is_kept_nothing_carries_the_examples(tmp_path: Path) -> None:
    (tmp_path / "opd").mkdir()
    (tmp_path / "opd" / "dinkes.yaml").write_text(OWN_DINKES, encoding="utf-8")
    result = init(*full(tmp_path, "kominfo", "id", "--opd", "dinkes"))
    assert result.exit_code == 0
    assert (tmp_path / "masterplan.yaml").is_file()
    assert [p.split(": ")[1].split()[0] for p in problems(tmp_path)] == [
        "MP213"
    ] * 5  # five pillars lack a program


def test_a_symlink_at_a_target_path_is_skipped_and_its_target_untouched(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("not yours\n", encoding="utf-8")
    root = tmp_path / "city"
    root.mkdir()
    (root / "README.md").symlink_to(outside)
    (root / ".gitignore").symlink_to(tmp_path / "dangling")
    result = init(*full(root))
    assert result.exit_code == 0
    assert outside.read_text(encoding="utf-8") == "not yours\n"
    assert not (tmp_path / "dangling").exists()
    assert "    skip  README.md" in result.stdout.splitlines()
    assert "    skip  .gitignore" in result.stdout.splitlines()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(
            lambda root: (root / "opd").write_text("x", encoding="utf-8"),
            "opd is a file, but the new repository needs a folder there",
            id="a file where a folder goes",
        ),
        pytest.param(
            lambda root: (root / "pillars").symlink_to(root.parent),
            "pillars is a link that leads outside",
            id="a folder link leading outside",
        ),
        pytest.param(
            lambda root: (root / "assets").symlink_to(root / "missing"),
            "assets is a broken link",
            id="a broken folder link",
        ),
    ],
)
def test_a_blocked_path_stops_the_run_before_any_write(tmp_path: Path, make: Any, message: str) -> None:
    root = tmp_path / "city"
    root.mkdir()
    make(root)
    before = tree(tmp_path)
    result = init(*full(root))
    assert result.exit_code == 1
    assert "Error: nothing was written: " in result.stderr and message in result.stderr
    assert tree(tmp_path) == before
    assert not (root / "masterplan.yaml").exists()


def test_a_file_that_appears_during_the_run_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A race: the file is not there when checked, and is there when written."""
    from masterplan_cli.scaffold import writer

    root = tmp_path / "city"
    real_create = writer._create

    def racing(target: Path, text: str) -> bool:
        if target.name == "README.md" and target.parent == root:
            target.write_text("written by someone else\n", encoding="utf-8")
        return real_create(target, text)

    monkeypatch.setattr(writer, "_create", racing)
    result = init(*full(root))
    assert result.exit_code == 0
    assert (root / "README.md").read_text(encoding="utf-8") == "written by someone else\n"
    assert "    skip  README.md" in result.stdout.splitlines()


def test_a_masterplan_that_appears_during_the_run_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from masterplan_cli.scaffold import writer

    real_create = writer._create

    def racing(target: Path, text: str) -> bool:
        if target.name == "masterplan.yaml":
            target.write_text("mine\n", encoding="utf-8")
        return real_create(target, text)

    monkeypatch.setattr(writer, "_create", racing)
    result = init(*full(tmp_path))
    assert result.exit_code == 1
    assert [p.name for p in tmp_path.iterdir()] == ["masterplan.yaml"]
    assert (tmp_path / "masterplan.yaml").read_text(encoding="utf-8") == "mine\n"


def test_a_failed_write_says_what_was_created_and_leaves_no_half_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from masterplan_cli.scaffold import writer

    opened: list[Path] = []

    class FullDisk(io.StringIO):
        """The third file: created, then the disk fills up halfway through the write."""

        def __init__(self, handle: Any, path: Path) -> None:
            super().__init__()
            self.handle, self.path = handle, path

        def write(self, text: str) -> int:
            self.handle.write(text[:10])
            self.handle.close()
            raise OSError(errno.ENOSPC, "No space left on device", str(self.path))

    def full_disk_on_the_third(path: Path, *args: Any, **kwargs: Any) -> Any:
        handle = open(path, *args, **kwargs)  # noqa: SIM115
        opened.append(path)
        return FullDisk(handle, path) if len(opened) == 3 else handle

    monkeypatch.setattr(writer, "open", full_disk_on_the_third, raising=False)
    root = tmp_path / "city"
    result = init(*full(root))
    assert result.exit_code == 1
    assert result.stderr == (
        "  create  masterplan.yaml\n"
        "  create  pillars/governance.yaml\n"
        f"Error: cannot write {opened[2]}: No space left on device\n"
    )
    assert not opened[2].exists()
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == [
        "masterplan.yaml",
        "pillars/governance.yaml",
    ]


def test_a_path_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    result = init(*full(target))
    assert result.exit_code == 2
    assert "is not a folder" in result.stderr


# --- options and --no-input ------------------------------------------------------------------


def test_no_input_names_every_missing_value_without_a_default_and_writes_nothing(
    tmp_path: Path, terminal: None
) -> None:
    root = tmp_path / "city"
    result = init(str(root), "--start", "2025", "--no-input")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: missing --city, --province: give them as options, "
        "or run `masterplan init` on a terminal without --no-input to be asked for them\n"
    )
    assert not root.exists()


def test_without_a_terminal_missing_values_take_the_defaults_a_terminal_offers(
    tmp_path: Path, no_terminal: None
) -> None:
    """The folder's name gives the city (a kabupaten by its name), the period starts next year
    and runs five years, the framework is kominfo, the language Indonesian, CI GitHub's."""
    root = tmp_path / "kabupaten-tanah-datar"
    result = init(str(root), "--province", "Sumatera Barat")
    assert result.exit_code == 0, result.output
    city = yaml.safe_load((root / "masterplan.yaml").read_text(encoding="utf-8"))
    next_year = dt.date.today().year + 1
    assert (city["city"]["name"], city["framework"], city["language"]) == (
        "Kabupaten Tanah Datar",
        "kominfo",
        "id",
    )
    assert (city["period"]["start"], city["period"]["end"]) == (next_year, next_year + 4)
    assert (root / ".github/workflows/masterplan.yml").is_file()
    assert (root / "opd/dpmd.yaml").is_file()  # the OPDs of a kabupaten


def test_a_default_that_contradicts_a_given_value_is_a_usage_error(tmp_path: Path, no_terminal: None) -> None:
    result = init(str(tmp_path / "kota-contoh"), "--province", "Riau", "--kind", "kabupaten")
    assert result.exit_code == 2
    assert (
        "Error: Invalid value for '--kind': \"Kota Contoh\" is a kota by its name; answer kota, "
        "or start again with another name" in " ".join(result.stderr.split())
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--start", "1900"],
            "Invalid value for '--start': 1900 is outside the years the format allows (1945–2100)",
            id="year too early",
        ),
        pytest.param(
            ["--start", "2030", "--end", "2025"],
            "Invalid value for '--end': the period cannot end (2025) before it starts (2030)",
            id="end before start",
        ),
        pytest.param(
            ["--start", "2025", "--end", "2045"],
            "Invalid value for '--end': 2025–2045 spans 21 years; a masterplan covers at most 20 (the last possible year is 2044)",
            id="period too long",
        ),
        pytest.param(
            ["--opd", "Dinkes"],
            'Invalid value for \'--opd\': "Dinkes" is not an OPD id: use lowercase letters, digits and hyphens; did you mean "dinkes"?',
            id="OPD id in capitals",
        ),
        pytest.param(
            ["--city", "Kota Contoh", "--kind", "kabupaten"],
            "Invalid value for '--kind': \"Kota Contoh\" is a kota by its name; answer kota, or start again with another name",
            id="kind contradicts the name",
        ),
        pytest.param(
            ["--city", "  "],
            "Invalid value for '--city': the name cannot be empty",
            id="empty name",
        ),
        pytest.param(
            ["--kind", "desa"],
            "Invalid value for '--kind': Value error, 'desa' is not one of 'kota', 'kabupaten'.",
            id="unknown kind",
        ),
    ],
)
def test_invalid_options_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    root = tmp_path / "city"
    result = init(str(root), *args, "--no-input")
    assert result.exit_code == 2
    assert f"Error: {message}" in result.stderr
    assert not root.exists()


def test_choices_are_case_insensitive(tmp_path: Path) -> None:
    root = tmp_path / "city"
    args = [
        str(root),
        *FULL,
        "--framework",
        "Cohen",
        "--language",
        "EN",
        "--ci",
        "GitLab",
        "--no-input",
    ]
    assert init(*args).exit_code == 0
    assert (root / ".gitlab-ci.yml").is_file()
    assert yaml.safe_load((root / "masterplan.yaml").read_text(encoding="utf-8"))["framework"] == "cohen"


# --- prompting -------------------------------------------------------------------------------


def test_asks_for_every_missing_value(tmp_path: Path, terminal: None) -> None:
    root = tmp_path / "city"
    answers = [
        "Kabupaten Solok",  # name
        "",  # kind: the default, taken from the name
        "Sumatera Barat",  # province
        "2026",  # first year
        "",  # last year: the default, 2030
        "cohen",  # framework
        "en",  # language
        "diskominfo dinkes, dishub",
        "gitlab",  # CI
    ]
    result = init(str(root), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Name of the city or regency (e.g. Kota Solok, Kabupaten Solok): " in out
    assert "Kind of region (kota, kabupaten) [kabupaten]: " in out
    assert "Last year of the masterplan [2030]: " in out
    assert "Framework (kominfo, cohen) [kominfo]: " in out
    assert "  dpmd         Dinas Pemberdayaan Masyarakat dan Desa" in out
    assert "OPD ids, separated by spaces (all: the OPDs above) [all]: " in out
    assert "CI workflow (github, gitlab, none) [github]: " in out
    masterplan = yaml.safe_load((root / "masterplan.yaml").read_text(encoding="utf-8"))
    assert masterplan["city"] == {
        "name": "Kabupaten Solok",
        "kind": "kabupaten",
        "province": "Sumatera Barat",
        "head": {"title": "Regent", "name": "(name of the Regent)"},
        "logo": "assets/logo.svg",
    }
    assert masterplan["period"] == {"start": 2026, "end": 2030}
    assert (masterplan["framework"], masterplan["language"]) == ("cohen", "en")
    assert sorted(p.stem for p in (root / "opd").iterdir()) == ["dinkes", "dishub", "diskominfo"]
    assert (root / ".gitlab-ci.yml").is_file()
    assert problems(root) == []


def test_a_bad_answer_is_explained_and_asked_again(tmp_path: Path, terminal: None) -> None:
    root = tmp_path / "city"
    args = [
        str(root),
        "--city",
        "Kota Contoh",
        "--province",
        "Riau",
        "--framework",
        "kominfo",
        "--language",
        "id",
        "--ci",
        "none",
        "--opd",
        "diskominfo",
    ]
    answers = [
        "kabupaten",  # contradicts the name
        "kota",
        "1900",  # first year: too early
        "20x5",  # not a year
        "2025",
        "2024",  # last year: before the first
        "2050",  # too long a period
        "2027",
    ]
    result = init(*args, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert (
        'Error: "Kota Contoh" is a kota by its name; answer kota, or start again with another name\n' in out
    )
    assert "Error: 1900 is outside the years the format allows (1945–2100)\n" in out
    assert 'Error: "20x5" is not a year; write four digits, e.g. 2025\n' in out
    assert "Error: the period cannot end (2024) before it starts (2025)\n" in out
    assert (
        "Error: 2025–2050 spans 26 years; a masterplan covers at most 20 (the last possible year is 2044)\n"
        in out
    )
    assert out.count("First year of the masterplan") == 3
    masterplan = yaml.safe_load((root / "masterplan.yaml").read_text(encoding="utf-8"))
    assert masterplan["period"] == {"start": 2025, "end": 2027}
    assert problems(root) == []


def test_a_bad_opd_answer_is_asked_again(tmp_path: Path, terminal: None) -> None:
    root = tmp_path / "city"
    args = [str(root), *FULL, "--framework", "kominfo", "--language", "id", "--ci", "none"]
    result = init(*args, input="Dinas_Kesehatan\ndinkes\n")
    assert result.exit_code == 0, result.output
    assert (
        'Error: "Dinas_Kesehatan" is not an OPD id: use lowercase letters, digits and hyphens; did you mean "dinas-kesehatan"?'
        in result.stdout
    )
    assert [p.stem for p in (root / "opd").iterdir()] == ["dinkes"]


def test_defaults_are_offered(tmp_path: Path, terminal: None) -> None:
    import datetime as dt

    root = tmp_path / "city"
    year = dt.date.today().year + 1
    result = init(str(root), "--city", "Kota Contoh", "--province", "Aceh", input="\n" * 7)
    assert result.exit_code == 0, result.output
    assert f"First year of the masterplan [{year}]: " in result.stdout
    masterplan = yaml.safe_load((root / "masterplan.yaml").read_text(encoding="utf-8"))
    assert masterplan["period"] == {"start": year, "end": year + 4}
    assert (masterplan["city"]["kind"], masterplan["framework"], masterplan["language"]) == (
        "kota",
        "kominfo",
        "id",
    )
    assert sorted(p.stem for p in (root / "opd").iterdir()) == sorted(catalog.default_opds("kota"))
    assert (root / ".github" / "workflows" / "masterplan.yml").is_file()


@pytest.mark.parametrize(
    ("folder", "suggested"),
    [
        pytest.param("kota-solok", "Kota Solok", id="kota-solok"),
        pytest.param("kabupaten_tanah_datar", "Kabupaten Tanah Datar", id="kabupaten_tanah_datar"),
        pytest.param("kab-solok", "Kabupaten Solok", id="kab-solok"),
        pytest.param("masterplan", None, id="no suggestion"),
    ],
)
def test_the_folder_name_suggests_the_city(folder: str, suggested: str | None) -> None:
    assert console.city_named_by(Path("/tmp") / folder) == suggested


def test_the_suggested_city_is_the_default(tmp_path: Path, terminal: None) -> None:
    root = tmp_path / "kota-solok"
    args = [
        str(root),
        "--province",
        "Sumatera Barat",
        "--start",
        "2025",
        "--end",
        "2029",
        "--framework",
        "kominfo",
        "--language",
        "id",
        "--opd",
        "dinkes",
        "--ci",
        "none",
    ]
    result = init(*args, input="\n\n")
    assert result.exit_code == 0, result.output
    assert "Name of the city or regency (e.g. Kota Solok, Kabupaten Solok) [Kota Solok]: " in result.stdout
    masterplan = yaml.safe_load((root / "masterplan.yaml").read_text(encoding="utf-8"))
    assert (masterplan["city"]["name"], masterplan["city"]["kind"]) == ("Kota Solok", "kota")


def test_a_non_empty_folder_is_confirmed_on_a_terminal(tmp_path: Path, terminal: None) -> None:
    (tmp_path / "LICENSE").write_text("MIT\n", encoding="utf-8")
    args = [
        *full(tmp_path)[:-1],
        "--ci",
        "none",
        "--opd",
        "dinkes",
    ]  # all values, but on a terminal
    declined = init(*args, input="n\n")
    assert declined.exit_code == 130
    assert declined.stderr == "Aborted.\n"
    assert (
        f"{tmp_path} is not empty. Add the new repository's files to it (existing files are kept)? [Y/n]: "
        in declined.stdout
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["LICENSE"]
    accepted = init(*args, input="\n")
    assert accepted.exit_code == 0
    assert (tmp_path / "masterplan.yaml").is_file()


def test_end_of_input_while_asking_aborts_without_writing(tmp_path: Path, terminal: None) -> None:
    root = tmp_path / "city"
    result = init(str(root), input="Kota Contoh\n")
    assert result.exit_code == 130
    assert not root.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_the_real_console_script_asks_on_a_real_terminal(tmp_path: Path) -> None:
    """No monkeypatching: stdin is a pseudo-terminal, so `init` asks for the missing --ci."""
    import pty

    script = Path(sys.executable).with_name("masterplan")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "masterplan_cli"]
    root = tmp_path / "city"
    primary, secondary = pty.openpty()
    try:
        os.write(primary, b"gitlab\n")
        done = subprocess.run(
            [
                *command,
                "init",
                str(root),
                *FULL,
                "--framework",
                "kominfo",
                "--language",
                "id",
                "--opd",
                "dinkes",
            ],
            stdin=secondary,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        os.close(secondary)
        os.close(primary)
    assert done.returncode == 0, done.stderr
    assert "CI workflow (github, gitlab, none) [github]: " in done.stdout
    assert (root / ".gitlab-ci.yml").is_file()


# --- the YAML values are written safely ------------------------------------------------------


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40))
def test_any_text_survives_the_round_trip_through_yaml(text: str) -> None:
    for line in (
        f"key: {files.yaml_scalar(text)}\n",
        f"key: [{files.yaml_scalar(text, flow=True)}, x]\n",
    ):
        loaded = load_text("x.yaml", line)
        assert loaded.ok, (line, loaded.diagnostics)
        value = loaded.data["key"]
        assert (value if isinstance(value, str) else value[0]) == text, line


def test_odd_city_names_are_quoted_and_kept(tmp_path: Path) -> None:
    root = tmp_path / "city"
    name = 'Kota "Baru": #1'
    args = [
        str(root),
        "--city",
        name,
        *FULL[2:],
        "--framework",
        "kominfo",
        "--language",
        "en",
        "--no-input",
    ]
    assert init(*args).exit_code == 0
    masterplan = yaml.safe_load((root / "masterplan.yaml").read_text(encoding="utf-8"))
    assert masterplan["city"]["name"] == name
    assert masterplan["vision"] == f"A smart, serving and prosperous {name}"
    assert problems(root) == []
