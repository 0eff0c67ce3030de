"""`masterplan check` through its real entry point: the console script in a subprocess, exactly
as a user or a CI job runs it. The exact output of each format and the exit codes are pinned."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from masterplan_cli import cli

SCRIPT = Path(sys.executable).with_name("masterplan")
COMMAND = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "masterplan_cli"]
CityCase = Callable[[str], Path]


def masterplan(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed `masterplan` in `cwd`, outside of any CI and without colour."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "FORCE_COLOR"}
    }
    env["NO_COLOR"] = "1"
    done = subprocess.run(
        [*COMMAND, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


UNKNOWN_OPD_TEXT = """\
opd/bappeda.yaml:8:30: MP203 supporting OPD `bapeda` does not exist
 8 |     supporting: [diskominfo, bapeda, dinsos, dinkes]
   |                              ^^^^^^ error: unknown-opd
   = hint: did you mean `bappeda`?

opd/bappeda.yaml:8:38: MP203 supporting OPD `dinsos` does not exist
 8 |     supporting: [diskominfo, bapeda, dinsos, dinkes]
   |                                      ^^^^^^ error: unknown-opd

opd/dinkes.yaml:3:1: MP001 did not find expected ',' or ']' (while parsing a flow sequence \
that starts at line 2)
   = error: yaml-syntax

3 errors, 0 warnings in 5 files.
"""


def test_text_output_shows_source_line_caret_hint_and_summary(city_case: CityCase) -> None:
    done = masterplan("check", cwd=city_case("unknown-opd"))
    assert (done.returncode, done.stdout, done.stderr) == (1, UNKNOWN_OPD_TEXT, "")


COVERAGE_TEXT = """\
masterplan.yaml:8:11: MP213 pillar `living` (Living) has no program
 8 |     - id: living
   |           ^^^^^^ warning: pillar-without-programs

masterplan.yaml:8:11: MP217 pillar `living` has no file pillars/living.yaml
 8 |     - id: living
   |           ^^^^^^ warning: missing-pillar-file
   = hint: its analysis (issues, SWOT, goals, strategies) will be missing from the document

opd/satpolpp.yaml:1:5: MP216 OPD `satpolpp` leads no program
 1 | id: satpolpp
   |     ^^^^^^^^ warning: opd-without-programs

pillars/governance.yaml:1:9: MP214 pillar `governance` (Governance) has no quick win
 1 | pillar: governance
   |         ^^^^^^^^^^ warning: pillar-without-quick-win

0 errors, 4 warnings in 4 files.
"""


def test_warnings_pass_unless_strict(city_case: CityCase) -> None:
    root = city_case("coverage-warnings")
    relaxed = masterplan("check", ".", cwd=root)
    assert (relaxed.returncode, relaxed.stdout) == (0, COVERAGE_TEXT)
    strict = masterplan("check", ".", "--strict", cwd=root)
    assert (strict.returncode, strict.stdout) == (1, COVERAGE_TEXT)


def test_clean_city_and_notes_exit_0(city_case: CityCase) -> None:
    clean = masterplan("check", "--strict", cwd=city_case("valid-complete"))
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "No problems in 11 files.\n", "")
    notes = masterplan("check", "--strict", cwd=city_case("ignored-files"))
    assert notes.returncode == 0
    assert notes.stdout.endswith("\n0 errors, 0 warnings, 4 notes in 3 files.\n")
    assert "   = info: ignored-file\n" in notes.stdout  # no source line for a file that is not read


def test_path_argument_and_prefixes(city_case: CityCase) -> None:
    """Given a path, text names files relative to the repository; json and github name them
    relative to the working folder, as editors and GitHub resolve them."""
    root = city_case("duplicate-program-id")
    text = masterplan("check", "repo", cwd=root.parent)
    assert text.stdout.startswith(
        "opd/diskominfo.yaml:4:9: MP201 program id `KOMINFO-01` is already used in opd/bappeda.yaml\n"
    )
    as_json = masterplan("check", "repo", "--format", "json", cwd=root.parent)
    assert [item["path"] for item in json.loads(as_json.stdout)] == ["repo/opd/diskominfo.yaml"]


def test_json_output_is_a_stable_list(city_case: CityCase) -> None:
    done = masterplan("check", "--format", "json", cwd=city_case("unknown-opd"))
    assert done.returncode == 1
    items = json.loads(done.stdout)
    assert [list(item) for item in items] == [
        ["code", "name", "severity", "path", "line", "column", "message", "hint"]
    ] * 3
    assert items == [
        {
            "code": "MP203",
            "name": "unknown-opd",
            "severity": "error",
            "path": "opd/bappeda.yaml",
            "line": 8,
            "column": 30,
            "message": "supporting OPD `bapeda` does not exist",
            "hint": "did you mean `bappeda`?",
        },
        {
            "code": "MP203",
            "name": "unknown-opd",
            "severity": "error",
            "path": "opd/bappeda.yaml",
            "line": 8,
            "column": 38,
            "message": "supporting OPD `dinsos` does not exist",
            "hint": None,
        },
        {
            "code": "MP001",
            "name": "yaml-syntax",
            "severity": "error",
            "path": "opd/dinkes.yaml",
            "line": 3,
            "column": 1,
            "message": "did not find expected ',' or ']' "
            "(while parsing a flow sequence that starts at line 2)",
            "hint": None,
        },
    ]
    clean = masterplan("check", "--format", "json", cwd=city_case("valid-minimal"))
    assert (clean.returncode, clean.stdout) == (0, "[]\n")


def test_github_output_annotates_each_problem(city_case: CityCase) -> None:
    done = masterplan("check", "--format", "github", cwd=city_case("unknown-opd"))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[:3] == [
        "::error file=opd/bappeda.yaml,line=8,col=30,endColumn=36,title=MP203 unknown-opd::"
        "supporting OPD `bapeda` does not exist (did you mean `bappeda`?)",
        "::error file=opd/bappeda.yaml,line=8,col=38,endColumn=44,title=MP203 unknown-opd::"
        "supporting OPD `dinsos` does not exist",
        "::error file=opd/dinkes.yaml,line=3,col=1,title=MP001 yaml-syntax::"
        "did not find expected ',' or ']' (while parsing a flow sequence that starts at line 2)",
    ]
    assert lines[-1] == "3 errors, 0 warnings in 5 files."
    # the full text report follows in a log group, with workflow commands stopped inside it
    token = re.fullmatch(r"::stop-commands::(\w+)", lines[4])
    assert lines[3] == "::group::Full report: 3 findings in all" and token
    assert lines[-3:-1] == [f"::{token[1]}::", "::endgroup::"]


def test_auto_format_is_github_inside_github_actions(
    city_case: CityCase, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert cli.run(["check", str(city_case("late-quick-win"))]) == 0
    assert capsys.readouterr().out.startswith("::warning file=")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["check", "--format", "xml"], "Invalid value for '--format'", id="bad format"),
        pytest.param(["check", "--bogus"], "No such option: --bogus", id="unknown option"),
        pytest.param(
            ["check", "masterplan.yaml"],
            "Invalid value for PATH: masterplan.yaml is not a folder",
            id="path is a file",
        ),
        pytest.param(
            ["check", "nowhere"],
            "Invalid value for PATH: nowhere is not a folder",
            id="path does not exist",
        ),
        pytest.param(["chek"], "No such command 'chek'", id="unknown command"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str, city_case: CityCase) -> None:
    done = masterplan(*args, cwd=city_case("valid-minimal"))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Usage: masterplan" in done.stderr and message in done.stderr


def test_version() -> None:
    done = masterplan("--version", cwd=Path.cwd())
    assert done.returncode == 0
    assert re.fullmatch(r"masterplan \d+\.\d+\.\d+\S*\n", done.stdout)


def test_internal_error_exits_3_and_asks_for_a_report(
    city_case: CityCase, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import masterplan_cli.checker

    def broken(root: Path, **options: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(masterplan_cli.checker, "check_repository", broken)
    root = str(city_case("valid-minimal"))
    assert cli.run(["check", root]) == 3
    err = capsys.readouterr().err
    assert "internal error. This is a bug; please report it" in err and "Traceback" not in err
    assert cli.run(["check", root, "--traceback"]) == 3
    err = capsys.readouterr().err
    assert "Traceback" in err and "RuntimeError: a bug" in err
