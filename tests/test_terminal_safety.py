"""Nothing a command prints from a city's files acts on a terminal or a CI runner.

The attack: a pull request names a program `x\\n::error file=x::FORGED` or `\\x1b]0;title\\x07`
(YAML escapes in a double-quoted value make any character). `check` refuses such text (MP020),
but `diff` also reads the old revision, and every reporter quotes the text it complains about:
each command and format is run on such a city here, and its whole output is searched for a
control character, a line a runner would read as a workflow command, and a legacy `##[`
command.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import base_city, write_city
from masterplan_cli.build_report import MAX_WARNINGS_SHOWN, print_summary
from masterplan_cli.builder import BuildResult
from masterplan_cli.cli import run
from masterplan_cli.diagnostics import Report
from masterplan_cli.terminal import UNPRINTABLE, github_data, github_property, guarded, json_safe, printable

HOSTILE = [
    "A\n::error file=masterplan.yaml,line=1::FORGED",
    "B\x1b]0;title\x07",
    "C\r::warning::FORGED",
    "D ##[error]FORGED legacy command",
    "E ##vso[task.complete result=Failed]FORGED",
    "F \u202eFORGED reversed\u202c",
    "G \x9b31mFORGED C1 CSI",
    "::notice::FORGED at the start",
    "  ::error::FORGED indented",
    "H %0A::error::FORGED percent",
    "I\u2028::error::FORGED line separator",
    "K ##[warning]FORGED on a line that check quotes\x07",
]
COMMAND = re.compile(r"^\s*::", re.MULTILINE)


def hostile_city(root: Path) -> Path:
    city = base_city()
    programs = city["opd/diskominfo.yaml"]["programs"]
    template = programs[0]
    for n, name in enumerate(HOSTILE):
        programs.append({**template, "id": f"HOSTILE-{n:02d}", "name": name, "quick_win": False})
    city["opd/diskominfo.yaml"]["name"] = "Dinas\n::error::FORGED OPD"
    return write_city(root, city)


def assert_safe(output: str, *, commands: int = 0) -> None:
    """No control character but newline, no `##[` or `##vso[`, and exactly `commands` lines
    that begin (after spaces) with `::`, none of them naming FORGED."""
    assert not [c for c in output if UNPRINTABLE.match(c) and c != "\n"], output
    assert "##[" not in output and "##vso[" not in output, output
    lines = [line for line in output.split("\n") if COMMAND.match(line)]
    assert len(lines) == commands, lines
    assert not any("FORGED" in line.split("::", 2)[1] for line in lines), lines


@pytest.fixture
def cities(tmp_path: Path) -> tuple[Path, Path]:
    return write_city(tmp_path / "old", base_city()), hostile_city(tmp_path / "new")


@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
@pytest.mark.parametrize("direction", ["added", "removed"])
def test_diff_prints_hostile_names_safely(
    cities: tuple[Path, Path], output_format: str, direction: str, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = cities if direction == "added" else cities[::-1]
    assert run(["diff", str(old), str(new), "--format", output_format]) == 0
    out, err = capsys.readouterr()
    assert_safe(out + err)
    if output_format == "json":  # the data stays whole: only its spelling is escaped
        names = {p["name"] for p in json.loads(out)["programs"][direction]}
        assert names == set(HOSTILE)
    else:  # shown, not dropped
        assert out.count("FORGED") == sum("FORGED" in name for name in HOSTILE)


def test_diff_text_shows_each_hostile_name_escaped_on_its_own_line(
    cities: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["diff", *map(str, cities)]) == 0
    out = capsys.readouterr().out
    shown = [line for line in out.split("\n") if "HOSTILE-" in line]
    assert [line.split(" (")[0] for line in shown] == [
        "  + HOSTILE-00 A\\n::error file=masterplan.yaml,line=1::FORGED",
        "  + HOSTILE-01 B\\x1b]0;title\\x07",
        "  + HOSTILE-02 C\\r::warning::FORGED",
        "  + HOSTILE-03 D #\\x23[error]FORGED legacy command",
        "  + HOSTILE-04 E #\\x23vso[task.complete result=Failed]FORGED",
        "  + HOSTILE-05 F \\u202eFORGED reversed\\u202c",
        "  + HOSTILE-06 G \\x9b31mFORGED C1 CSI",
        "  + HOSTILE-07 ::notice::FORGED at the start",
        "  + HOSTILE-08   ::error::FORGED indented",
        "  + HOSTILE-09 H %0A::error::FORGED percent",
        "  + HOSTILE-10 I\\u2028::error::FORGED line separator",
        "  + HOSTILE-11 K #\\x23[warning]FORGED on a line that check quotes\\x07",
    ]


@pytest.mark.parametrize("output_format", ["text", "json", "github", "sarif", "junit"])
def test_check_reports_hostile_text_safely(
    cities: tuple[Path, Path],
    output_format: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert run(["check", str(cities[1]), "--format", output_format]) == 1
    out, err = capsys.readouterr()
    # github: one annotation per problem, then ::group::, ::stop-commands::, its token, ::endgroup::
    problems = out.count("::error file=") + out.count("::warning file=") + out.count("::notice file=")
    assert_safe(out + err, commands=problems + 4 if output_format == "github" else 0)
    assert "MP020" in out


def test_build_refused_for_hostile_text_prints_safely(
    cities: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["build", str(cities[1]), "-f", "md"]) == 1
    out, err = capsys.readouterr()
    assert_safe(out + err)
    assert "Nothing was built" in err


def test_build_summary_collapses_and_escapes_weasyprint_warnings() -> None:
    """30,000 missing glyphs are one line with a count, not 30,000 lines of raw bells."""
    import io

    warnings = ["No glyph for character \x07 ('::error::FORGED')"] * 30_000
    warnings += [f"other warning {n}\n::error::FORGED" for n in range(MAX_WARNINGS_SHOWN + 5)]
    out = io.StringIO()
    print_summary(BuildResult(files=[], seconds=1.0, report=Report(), warnings=warnings), out)
    text = out.getvalue()
    assert_safe(text)
    assert (
        text.split("\n")[0]
        == "warning: WeasyPrint: No glyph for character \\x07 ('::error::FORGED') (30,000 times)"
    )
    assert len(text.split("\n")) == MAX_WARNINGS_SHOWN + 3
    assert "… and 6 other warnings." in text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\nb", "a\\nb"),
        ("\x1b[2J\x07", "\\x1b[2J\\x07"),
        ("::error::x", "\\x3a:error::x"),
        ("  ::error::x", "  \\x3a:error::x"),
        ("a ::error::x", "a ::error::x"),
        ("x ##[error]y", "x #\\x23[error]y"),
        ("x ##vso[y]", "x #\\x23vso[y]"),
        ("# heading ## [not a command]", "# heading ## [not a command]"),
        ("\u202e\u2066\u2069\u2028\ufeff", "\\u202e\\u2066\\u2069\\u2028\\ufeff"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("\udcff", "\\xff"),
        ("Kota Bukittinggi – 2024", "Kota Bukittinggi – 2024"),
    ],
)
def test_printable(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_guarded_defuses_only_command_lines() -> None:
    assert guarded("ok\n  ::error::x\n::warning::y\nnot ::this\n") == (
        "ok\n  \\x3a:error::x\n\\x3a:warning::y\nnot ::this\n"
    )


def test_json_safe_keeps_the_data() -> None:
    data = {"name": "\x9b\u202e\x1b\U000e0041\n ##[error]x ##vso[y] #[z]"}
    text = json_safe(json.dumps(data, ensure_ascii=False))
    assert not UNPRINTABLE.search(text) and "##" not in text
    assert json.loads(text) == data


def test_github_escapes_as_the_runner_unescapes() -> None:
    """actions/toolkit's toCommandValue/escapeProperty: `%` first, then CR, LF (and `:`, `,`)."""
    assert github_data("100%\r\n::x") == "100%25%0D%0A::x"
    assert github_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_yaml_escapes_reach_the_value() -> None:
    """The premise: YAML's double-quoted escapes make any character, even when the raw file
    holds none (which is why `check` refuses the value, MP020)."""
    text = yaml.safe_dump({"name": HOSTILE[1]})
    assert not UNPRINTABLE.search(text.rstrip("\n"))
    assert yaml.safe_load(text) == {"name": HOSTILE[1]}


def test_rich_markup_in_city_text_is_printed_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Colours come from rich, which reads `[link=…]` and `[bold]` as markup where it is given
    markup: city text is styled as a whole, never parsed, so it makes no terminal hyperlink."""
    city = base_city()
    programs = city["opd/diskominfo.yaml"]["programs"]
    markup = "[link=https://evil.example]click[/link][blink]x"
    programs.append({**programs[0], "id": "MARKUP-01", "pillar": markup, "quick_win": False})
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert run(["check", str(write_city(tmp_path / "city", city)), "--format", "text"]) == 1
    out = capsys.readouterr().out
    assert "\x1b[" in out  # coloured
    assert f"MARKUP-01 › pillar: `{markup}`" in out and "\x1b]8;" not in out and "\x1b[5m" not in out
