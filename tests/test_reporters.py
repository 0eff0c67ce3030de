"""Each `--format` of `masterplan check`, with its exact output for a small report."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import masterplan_cli.checker  # noqa: F401 - registers every rule
from masterplan_cli import __version__, l10n, reporters
from masterplan_cli.checker import check_repository
from masterplan_cli.cli import run
from masterplan_cli.diagnostics import Diagnostic, Report

OPD = """\
id: diskominfo
name: Dinas Komunikasi dan Informatika
programs:
  - id: KOMINFO-01
    supporting: [dinas|x]
"""


def small_report() -> Report:
    """An error with a hint and a span, a warning, and a note, in three files."""
    report = Report(files_checked=3, sources={"opd/diskominfo.yaml": OPD, "opd/dlh.yaml": "id: dlh\n"})
    report.extend(
        [
            Diagnostic(
                "opd/diskominfo.yaml",
                5,
                18,
                "MP203",
                "unknown OPD `dinas|x`",
                "did you mean `dinkes`?",
                25,
            ),
            Diagnostic("opd/dlh.yaml", 1, 1, "MP216", "OPD `dlh` leads no program"),
            Diagnostic(
                "opd/notes.txt",
                1,
                1,
                "MP012",
                "file ignored: only .yaml and .yml files in opd/ are read",
            ),
        ]
    )
    return report


def render(name: str, report: Report, prefix: str = "", environ: dict[str, str] | None = None) -> str:
    stream = io.StringIO()
    reporters.REPORTER_BY_NAME[name](report, stream, prefix, environ=environ or {})
    return stream.getvalue()


@pytest.fixture(autouse=True)
def _fixed_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reporters, "_stop_token", lambda: "TOKEN")


def test_text() -> None:
    assert (
        render("text", small_report())
        == """\
opd/diskominfo.yaml:5:18: MP203 unknown OPD `dinas|x`
 5 |     supporting: [dinas|x]
   |                  ^^^^^^^ error: unknown-opd
   = hint: did you mean `dinkes`?

opd/dlh.yaml:1:1: MP216 OPD `dlh` leads no program
 1 | id: dlh
   | ^ warning: opd-without-programs

opd/notes.txt:1:1: MP012 file ignored: only .yaml and .yml files in opd/ are read
   = info: ignored-file

1 error, 1 warning, 1 note in 3 files.
"""
    )


def test_text_shows_a_tab_as_an_arrow(tmp_path: Path) -> None:
    """A tab used for indentation is the mistake: the excerpt shows it, one column wide."""
    (tmp_path / "masterplan.yaml").write_text(MASTERPLAN, encoding="utf-8")
    (tmp_path / "opd").mkdir()
    (tmp_path / "opd" / "dinkes.yaml").write_text("id: dinkes\nname: Dinas\nprograms:\n\t- id: X\n")
    stream = io.StringIO()
    _, report = check_repository(tmp_path)
    reporters.report_text(report, stream, environ={})
    assert (
        "opd/dinkes.yaml:4:1: MP001 a tab is used to indent this line: YAML indents with spaces only\n"
        " 4 | →- id: X\n"
        "   | ^ error: yaml-syntax\n"
        "   = hint: replace the tab with spaces (in VS Code: 'Convert Indentation to Spaces')\n"
    ) in stream.getvalue()


GITHUB_LOG = """\
::error file=city/opd/diskominfo.yaml,line=5,col=18,endColumn=25,title=MP203 unknown-opd::unknown OPD `dinas|x` (did you mean `dinkes`?)
::warning file=city/opd/dlh.yaml,line=1,col=1,title=MP216 opd-without-programs::OPD `dlh` leads no program
::notice file=city/opd/notes.txt,line=1,col=1,title=MP012 ignored-file::file ignored: only .yaml and .yml files in opd/ are read
::group::Full report: 3 findings in all
::stop-commands::TOKEN
city/opd/diskominfo.yaml:5:18: MP203 unknown OPD `dinas|x`
 5 |     supporting: [dinas|x]
   |                  ^^^^^^^ error: unknown-opd
   = hint: did you mean `dinkes`?

city/opd/dlh.yaml:1:1: MP216 OPD `dlh` leads no program
 1 | id: dlh
   | ^ warning: opd-without-programs

city/opd/notes.txt:1:1: MP012 file ignored: only .yaml and .yml files in opd/ are read
   = info: ignored-file

::TOKEN::
::endgroup::
1 error, 1 warning, 1 note in 3 files.
"""

STEP_SUMMARY = """\
### masterplan check

3 findings in all: 1 error, 1 warning, 1 note in 3 files.

| Severity | Code | Where | Problem |
| --- | --- | --- | --- |
| error | MP203 unknown-opd | `city/opd/diskominfo.yaml:5:18` | unknown OPD \\`dinas\\|x\\`<br>hint: did you mean \\`dinkes\\`? |
| warning | MP216 opd-without-programs | `city/opd/dlh.yaml:1:1` | OPD \\`dlh\\` leads no program |
| info | MP012 ignored-file | `city/opd/notes.txt:1:1` | file ignored: only .yaml and .yml files in opd/ are read |

"""


def test_github_annotations_and_full_report_without_summary_file() -> None:
    assert render("github", small_report(), "city/") == GITHUB_LOG


def test_github_appends_the_step_summary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    output = render("github", small_report(), "city/", {"GITHUB_STEP_SUMMARY": str(summary)})
    assert output == GITHUB_LOG
    assert summary.read_text(encoding="utf-8") == "earlier step\n" + STEP_SUMMARY


def test_github_with_no_findings(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    report = Report(files_checked=2)
    assert render("github", report, "", {"GITHUB_STEP_SUMMARY": str(summary)}) == "No problems in 2 files.\n"
    assert summary.read_text(encoding="utf-8") == "### masterplan check\n\nNo problems in 2 files.\n\n"


def test_github_messages_cannot_inject_commands() -> None:
    report = Report(files_checked=1)
    report.extend([Diagnostic("opd/a.yaml", 1, 1, "MP216", "line one\n::error::forged, 100%")])
    first = render("github", report).splitlines()[0]
    assert first == (
        "::warning file=opd/a.yaml,line=1,col=1,title=MP216 opd-without-programs::"
        "line one\\n::error::forged, 100%25"  # the newline is escaped when the Diagnostic is made
    )


def test_step_summary_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reporters, "SUMMARY_ROWS", 2)
    summary = reporters.step_summary(small_report())
    assert summary.count("\n| ") == 4  # the header, its rule and two rows
    assert summary.endswith("… and 1 more: the job's log has them all.\n\n")


def test_sarif() -> None:
    log = json.loads(render("sarif", small_report(), "city/"))
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("masterplan", __version__)
    assert [(r["id"], r["name"], r["defaultConfiguration"]["level"]) for r in driver["rules"]] == [
        ("MP012", "ignored-file", "note"),
        ("MP203", "unknown-opd", "error"),
        ("MP216", "opd-without-programs", "warning"),
    ]
    assert log["runs"][0]["results"][0] == {
        "ruleId": "MP203",
        "ruleIndex": 1,
        "level": "error",
        "message": {"text": "unknown OPD `dinas|x`\nhint: did you mean `dinkes`?"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "city/opd/diskominfo.yaml"},
                    "region": {"startLine": 5, "startColumn": 18, "endColumn": 25},
                }
            }
        ],
    }
    assert [r["ruleIndex"] for r in log["runs"][0]["results"]] == [1, 2, 0]


def test_sarif_rules_have_what_github_asks() -> None:
    """SARIF Multitool's `Sarif;Gh` rules: a full description of every rule (GH2012), and a
    help link; the run says how columns count."""
    run_log = json.loads(render("sarif", small_report(), "city/"))["runs"][0]
    assert run_log["columnKind"] == "unicodeCodePoints"
    rule = run_log["tool"]["driver"]["rules"][1]
    assert rule["fullDescription"]["text"] == (
        "`supporting` names an OPD that has no file in `opd/`. Every OPD named in the plan appears in "
        "the OPD × pillar matrix and the Dewan Smart City; a misspelt id would drop it."
    )
    assert rule["helpUri"] == (
        "https://github.com/masterplan-cli/masterplan/blob/main/docs/checks.md#mp203-unknown-opd"
    )
    checks = (Path(__file__).parent.parent / "docs" / "checks.md").read_text(encoding="utf-8")
    assert "### MP203 unknown-opd" in checks and "(#mp203-unknown-opd)" in checks


def test_sarif_help_links_to_the_indonesian_checks_in_an_indonesian_run() -> None:
    l10n.settle("id")
    try:
        rule = json.loads(render("sarif", small_report(), "city/"))["runs"][0]["tool"]["driver"]["rules"][1]
    finally:
        l10n.settle("en")
    assert rule["helpUri"] == (
        "https://github.com/masterplan-cli/masterplan/blob/main/docs/checks.id.md#mp203-unknown-opd"
    )
    assert rule["shortDescription"]["text"].startswith("`supporting` menyebut OPD")
    checks = (Path(__file__).parent.parent / "docs" / "checks.id.md").read_text(encoding="utf-8")
    assert "### MP203 unknown-opd" in checks


# The dotnet tool (`dotnet tool install -g Sarif.Multitool`) is `sarif`; the npm package's
# `sarif-multitool` passes its arguments through a shell, which cuts "Sarif;Gh" at the `;`:
# name its native binary (@microsoft/sarif-multitool-<os>/Sarif.Multitool) in SARIF_MULTITOOL.
MULTITOOL = os.environ.get("SARIF_MULTITOOL") or shutil.which("sarif")


@pytest.mark.skipif(MULTITOOL is None, reason="SARIF Multitool is not installed (see MULTITOOL)")
def test_sarif_multitool_validates_with_github_rules(tmp_path: Path) -> None:
    assert MULTITOOL is not None
    log = tmp_path / "check.sarif"
    log.write_text(render("sarif", small_report(), "city/"), encoding="utf-8")
    result = subprocess.run(
        [MULTITOOL, "validate", "--rule-kind", "Sarif;Gh", "--output", str(tmp_path / "out.sarif"), str(log)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DOTNET_CLI_TELEMETRY_OPTOUT": "1"},
    )
    findings = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8-sig"))["runs"][0]["results"]
    problems = [r for r in findings if r.get("level", "warning") in ("error", "warning")]
    assert problems == [], result.stdout


def test_sarif_with_no_findings() -> None:
    log = json.loads(render("sarif", Report(files_checked=1)))
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"] == []


def test_junit() -> None:
    assert (
        render("junit", small_report(), "city/")
        == """\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="masterplan" tests="3" failures="2" errors="0">
  <testsuite name="masterplan check" tests="3" failures="2" errors="0" skipped="0">
    <testcase classname="city/opd/diskominfo.yaml" name="city/opd/diskominfo.yaml">
      <failure message="MP203 unknown OPD `dinas|x`" type="error">5:18: error: MP203 unknown OPD `dinas|x` (hint: did you mean `dinkes`?)</failure>
    </testcase>
    <testcase classname="city/opd/dlh.yaml" name="city/opd/dlh.yaml">
      <failure message="MP216 OPD `dlh` leads no program" type="warning">1:1: warning: MP216 OPD `dlh` leads no program</failure>
    </testcase>
    <testcase classname="city/opd/notes.txt" name="city/opd/notes.txt">
      <system-out>1:1: info: MP012 file ignored: only .yaml and .yml files in opd/ are read</system-out>
    </testcase>
  </testsuite>
</testsuites>
"""
    )


def test_junit_escapes_xml() -> None:
    report = Report(files_checked=1, sources={'opd/<&">.yaml': ""})
    report.extend(
        [
            Diagnostic('opd/<&">.yaml', 2, 3, "MP216", 'a <b> & "c"'),
            Diagnostic('opd/<&">.yaml', 4, 1, "MP203", "x"),
        ]
    )
    root = ET.fromstring(render("junit", report))
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("name") == 'opd/<&">.yaml'
    failure = case.find("failure")
    assert failure is not None
    assert (failure.get("message"), failure.get("type")) == ("2 problems", "error")
    assert failure.text == '2:3: warning: MP216 a <b> & "c"\n4:1: error: MP203 x'


def test_junit_with_clean_files_lists_them_as_passed() -> None:
    report = Report(files_checked=1, sources={"masterplan.yaml": "x: 1\n"})
    assert '<testcase classname="masterplan.yaml" name="masterplan.yaml"/>' in render("junit", report)


def test_junit_passes_the_jenkins_xunit_schema() -> None:
    """The Jenkins xUnit plugin refuses a report its JUnit schema rejects (a `file` attribute
    on a test case was one); GitLab shows the file as the case's suite (classname) and name."""
    from lxml import etree

    schema = etree.XMLSchema(
        etree.parse(str(Path(__file__).parent / "ci_schemas" / "jenkins-xunit-junit-10.xsd"))
    )
    report = small_report()
    report.sources["masterplan.yaml"] = "x: 1\n"  # and a file without problems
    document = etree.fromstring(render("junit", report, "city/").encode())
    assert schema.validate(document), schema.error_log
    assert [case.get("classname") for case in document.iter("testcase")] == [
        "city/masterplan.yaml",
        "city/opd/diskominfo.yaml",
        "city/opd/dlh.yaml",
        "city/opd/notes.txt",
    ]


# --- through the command line ------------------------------------------------------------------

MASTERPLAN = """\
city: {name: Kota Contoh, kind: kota, province: Sumatera Barat}
period: {start: 2024, end: 2028}
vision: Kota cerdas
missions: [Melayani]
"""


@pytest.fixture
def broken_city(tmp_path: Path) -> Path:
    root = tmp_path / "city"
    (root / "opd").mkdir(parents=True)
    (root / "masterplan.yaml").write_text(MASTERPLAN + "colour: blue\n", encoding="utf-8")
    return root


def test_check_auto_picks_github_in_actions(
    broken_city: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert run(["check", "city"]) == 1
    out = capsys.readouterr().out
    assert "\n::error file=city/masterplan.yaml,line=5,col=1,endColumn=7,title=MP101 unknown-key::" in out
    assert "::group::Full report: " in out
    assert "| error | MP101 unknown-key | `city/masterplan.yaml:5:1` |" in summary.read_text(encoding="utf-8")


def test_check_auto_is_text_elsewhere(
    broken_city: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert run(["check", str(broken_city)]) == 1
    assert "\nmasterplan.yaml:5:1: MP101 " in capsys.readouterr().out


@pytest.mark.parametrize("name", ["sarif", "junit", "json", "text", "github"])
def test_every_format_runs_from_the_command_line(
    name: str,
    broken_city: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert run(["check", str(broken_city), "--format", name]) == 1
    assert "MP101" in capsys.readouterr().out


def test_sarif_uris_are_uri_references() -> None:
    report = Report(files_checked=1)
    report.extend([Diagnostic("opd/dinas kesehatan#1.yaml", 1, 1, "MP216", "x")])
    log = json.loads(render("sarif", report, "kota solok/"))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "kota%20solok/opd/dinas%20kesehatan%231.yaml"


def test_github_step_summary_that_cannot_be_written(tmp_path: Path) -> None:
    output = render("github", Report(files_checked=1), "", {"GITHUB_STEP_SUMMARY": str(tmp_path)})  # a folder
    assert output.startswith(
        "No problems in 1 file.\n::warning::the step summary cannot be written: [Errno 21] Is a directory"
    )
