"""The example-driven tests of `masterplan check`: each folder of tests/cases/ is a small city
repository and the exact diagnostics it must produce (see tests/cases/README.md).

To write or refresh the expected output after a deliberate change, run
`MASTERPLAN_UPDATE_CASES=1 pytest tests/test_check_cases.py` and review the diff.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from masterplan_cli import checks  # noqa: F401  (registers every rule)
from masterplan_cli.checker import check_repository
from masterplan_cli.cli import run
from masterplan_cli.diagnostics import RULES, Report, Severity

CASES_DIR = Path(__file__).parent / "cases"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "expected.txt").is_file())
UPDATE = os.environ.get("MASTERPLAN_UPDATE_CASES") == "1"
HEADLINE = re.compile(r"^(?P<path>\S.*?):(?P<line>\d+):(?P<column>\d+): (?P<code>MP\d{3}) ", re.MULTILINE)


def render(report: Report, root: Path) -> str:
    """A report as expected.txt holds it: one `path:line:col: CODE message` line per
    diagnostic in report order, its hint on an indented line below it, then the summary."""
    lines = []
    for diagnostic in report.sorted():
        where = f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}"
        lines.append(f"{where}: {diagnostic.code} {diagnostic.message}")
        if diagnostic.hint:
            lines.append(f"  hint: {diagnostic.hint}")
    lines.append(report.summary())
    text = "\n".join(lines) + "\n"
    for shown in {str(root.resolve()), str(root)}:  # MP011 names the folder it looked in
        text = text.replace(shown, "{root}")
    return text


def case_args(name: str) -> list[str]:
    path = CASES_DIR / name / "args.txt"
    return path.read_text(encoding="utf-8").split() if path.is_file() else []


def expected_exit_code(expected: str, args: list[str]) -> int:
    """1 when the expected diagnostics hold an error, or a warning under --strict; else 0."""
    severities = {RULES[match["code"]].severity for match in HEADLINE.finditer(expected)}
    if Severity.ERROR in severities or ("--strict" in args and Severity.WARNING in severities):
        return 1
    return 0


@pytest.mark.parametrize("name", [pytest.param(name, id=name) for name in CASES])
def test_case_diagnostics(name: str, city_case: Callable[[str], Path]) -> None:
    assert_case(city_case(name), CASES_DIR / name / "expected.txt", case_args(name))


def assert_case(root: Path, expected_path: Path, args: list[str]) -> None:
    """What `masterplan check ARGS` finds in `root` is what `expected_path` holds (which
    MASTERPLAN_UPDATE_CASES=1 writes)."""
    language = args[args.index("--language") + 1] if "--language" in args else None
    _, report = check_repository(root, language=language)
    actual = render(report, root)
    if UPDATE:
        expected_path.write_text(actual, encoding="utf-8", newline="\n")
    assert actual == expected_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [pytest.param(name, id=name) for name in CASES])
def test_case_through_the_cli(
    name: str,
    city_case: Callable[[str], Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No input in the suite makes the CLI fail with a traceback or an internal error: it
    exits 0 or 1 as the severities say, and prints the same diagnostics as the checker."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    root = city_case(name)
    args = case_args(name)
    expected = (
        (CASES_DIR / name / "expected.txt").read_text(encoding="utf-8").replace("{root}", str(root.resolve()))
    )

    code = run(["check", str(root), "--format", "text", *args])
    out, err = capsys.readouterr()

    assert "Traceback" not in err and "internal error" not in err, err
    assert err == ""
    assert code == expected_exit_code(expected, args)
    headlines = [line for line in expected.splitlines() if HEADLINE.match(line)]
    assert [line for line in out.splitlines() if HEADLINE.match(line)] == headlines
    assert out.splitlines()[-1] == expected.splitlines()[-1]  # the summary

    assert run(["check", str(root), "--format", "json", *args]) == code
    assert "Traceback" not in capsys.readouterr().err


def test_every_rule_has_a_case() -> None:
    """A rule without a case in tests/cases/ fails here: add a folder that triggers it. The
    workbook rules of `import xlsx` (MP28x) are shown in the exact outputs of test_xlsx.py."""
    importlib.import_module("masterplan_cli.spreadsheet.problems")
    covered = {
        match["code"]
        for name in CASES
        for match in HEADLINE.finditer((CASES_DIR / name / "expected.txt").read_text(encoding="utf-8"))
    }
    covered |= set(
        re.findall(
            r"\.xlsx\S*: (MP28\d) ", (Path(__file__).parent / "test_xlsx.py").read_text(encoding="utf-8")
        )
    )
    assert sorted(set(RULES) - covered) == []


def test_cases_are_many_and_mostly_invalid() -> None:
    invalid = [name for name in CASES if not name.startswith("valid-")]
    assert len(invalid) >= 30
    assert {"valid-minimal", "valid-complete"} <= set(CASES)


@pytest.mark.parametrize("name", [pytest.param(name, id=name) for name in CASES if name.startswith("valid-")])
def test_valid_cases_have_no_errors(name: str) -> None:
    expected = (CASES_DIR / name / "expected.txt").read_text(encoding="utf-8")
    assert all(RULES[m["code"]].severity is not Severity.ERROR for m in HEADLINE.finditer(expected))


def test_a_case_whose_generate_py_fails_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, city_case: Callable[[str], Path]
) -> None:
    """Only a system without symlinks skips a case: any other error of its generate.py is a
    failure, so that a case never goes missing unseen."""
    import conftest

    case = tmp_path / "cases" / "broken"
    case.mkdir(parents=True)
    (case / "generate.py").write_text("def generate(root):\n    raise OSError('disk full')\n")
    monkeypatch.setattr(conftest, "CASES_DIR", tmp_path / "cases")
    with pytest.raises(OSError, match="disk full"):
        city_case("broken")
