"""One reporter per `--format`: each turns a Report into text for people or machines."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol, TextIO
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from . import __version__
from . import ci_markdown as gfm
from .diagnostics import RULES, Diagnostic, Report, Severity
from .l10n import N_, _, language, ngettext
from .terminal import UNPRINTABLE, github_data, github_property, printable

Environ = Mapping[str, str]


@dataclass(frozen=True)
class Style:
    """Terminal styling by rich (`"bold red"`), off unless the output is a terminal (NO_COLOR
    and FORCE_COLOR respected). Only `rich.style` is imported, and only when it is on: piped
    output and CI never pay for it."""

    enabled: bool

    @staticmethod
    def for_stream(stream: TextIO, environ: Environ | None = None) -> Style:
        environ = os.environ if environ is None else environ
        if environ.get("NO_COLOR"):
            return Style(False)
        if environ.get("FORCE_COLOR"):
            return Style(True)
        return Style(hasattr(stream, "isatty") and stream.isatty())

    def __call__(self, text: str, *styles: str) -> str:
        if not self.enabled or not styles:
            return text
        styled: str = _rich_style(" ".join(styles)).render(text, color_system=_standard_colours())
        return styled


@cache
def _rich_style(definition: str) -> Any:
    from rich.style import Style as RichStyle

    return RichStyle.parse(definition)


def _standard_colours() -> Any:
    from rich.color import ColorSystem

    return ColorSystem.STANDARD


SEVERITY_COLOUR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
# how a severity is named to people (machine formats keep `error`, `warning`, `info`)
SEVERITY_WORD = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning"), Severity.INFO: N_("info")}
BOLD, DIM, CYAN = "bold", "dim", "cyan"


def hint_label() -> str:
    return _("hint:")


def prefixed(diagnostic: Diagnostic, prefix: str) -> str:
    return shown_path(diagnostic.path, prefix)


def shown_path(path: str, prefix: str) -> str:
    """A repository path as the reader's tools resolve it: relative to their working folder.
    A file name with control characters or undecodable bytes is shown escaped."""
    return f"{prefix}{printable(path)}"


def report_text(report: Report, stream: TextIO, prefix: str = "", *, environ: Environ | None = None) -> None:
    """For people: grouped by file, each problem with its source line and a caret."""
    style = Style.for_stream(stream, environ)
    _write_findings(report, stream, prefix, style)
    stream.write(_summary(report, style) + "\n")


def _write_findings(report: Report, stream: TextIO, prefix: str, style: Style) -> None:
    split: dict[str, list[str]] = {}
    for diagnostic in report.sorted():
        colour = SEVERITY_COLOUR[diagnostic.severity]
        where = f"{prefixed(diagnostic, prefix)}:{diagnostic.line}:{diagnostic.column}:"
        stream.write(f"{style(where, BOLD)} {style(diagnostic.code, BOLD, colour)} {diagnostic.message}\n")
        source = _source_line(report, diagnostic, split)
        label = f"{_(SEVERITY_WORD[diagnostic.severity])}: {diagnostic.name}"
        gutter = " " * len(str(diagnostic.line))
        if source is not None:
            width = 1
            if diagnostic.end_column and diagnostic.end_column > diagnostic.column:
                width = diagnostic.end_column - diagnostic.column
            width = max(1, min(width, len(source) - diagnostic.column + 1))
            caret = " " * (diagnostic.column - 1) + "^" * width
            stream.write(f" {style(str(diagnostic.line), DIM)} {style('|', DIM)} {source}\n")
            stream.write(f" {gutter} {style('|', DIM)} {style(caret, colour)} {style(label, colour)}\n")
        else:
            stream.write(f" {gutter} {style('=', DIM)} {style(label, colour)}\n")
        if diagnostic.hint:
            stream.write(f" {gutter} {style('=', DIM)} {style(hint_label(), BOLD, CYAN)} {diagnostic.hint}\n")
        stream.write("\n")


def _source_line(report: Report, diagnostic: Diagnostic, split: dict[str, list[str]]) -> str | None:
    """The diagnostic's line of its file; `split` keeps each file's lines, split once per
    report rather than once per diagnostic (200 problems in a 4 MiB file)."""
    text = report.sources.get(diagnostic.path)
    if text is None:
        return None
    lines = split.get(diagnostic.path)
    if lines is None:
        lines = split[diagnostic.path] = text.splitlines()
    if not 1 <= diagnostic.line <= len(lines):
        return None
    # one character for one, so that the caret stays under its column (a tab shows as →, as
    # editors show it: YAML refuses tabs for indentation); a control character
    # from the file (a reader error points at it) must not reach the terminal
    line = UNPRINTABLE.sub("\ufffd", lines[diagnostic.line - 1].replace("\t", "→"))
    return printable(line) if line.strip() else None  # and no `##[` command for the runner


def _summary(report: Report, style: Style) -> str:
    text = report.summary()
    if report.errors:
        return style(text, BOLD, SEVERITY_COLOUR[Severity.ERROR])
    if report.warnings:
        return style(text, BOLD, SEVERITY_COLOUR[Severity.WARNING])
    return style(text, BOLD, "green")


def report_json(report: Report, stream: TextIO, prefix: str = "", *, environ: Environ | None = None) -> None:
    """For machines: a JSON list of diagnostics, sorted by file and position."""
    items = []
    for diagnostic in report.sorted():
        item = diagnostic.as_dict()
        item["path"] = prefixed(diagnostic, prefix)
        items.append(item)
    json.dump(items, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
SUMMARY_ROWS = 500  # a step summary holds at most 1 MiB; the log has the rest


def report_github(
    report: Report, stream: TextIO, prefix: str = "", *, environ: Environ | None = None
) -> None:
    """GitHub Actions: one annotation per problem; then, because GitHub shows only the first
    few annotations of a step, the full text report in a collapsed log group, and a table
    appended to the step summary when `$GITHUB_STEP_SUMMARY` names one."""
    environ = os.environ if environ is None else environ
    for diagnostic in report.sorted():
        stream.write(_annotation(diagnostic, prefix) + "\n")
    if report.diagnostics:
        # File contents are quoted in the text report: stop the runner from reading a line
        # of them as a workflow command (docs.github.com, "Stopping and starting workflow commands").
        token = _stop_token()
        title = _("Full report: {findings} in all").format(findings=_findings(report))
        stream.write(f"::group::{title}\n::stop-commands::{token}\n")
        _write_findings(report, stream, prefix, Style.for_stream(stream, environ))
        stream.write(f"::{token}::\n::endgroup::\n")
    stream.write(report.summary() + "\n")
    summary_path = environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        # Append: other steps of the job write to the same file.
        try:
            with Path(summary_path).open("a", encoding="utf-8") as summary:
                summary.write(step_summary(report, prefix))
        except OSError as error:
            stream.write(f"::warning::{github_data(f'the step summary cannot be written: {error}')}\n")


def _stop_token() -> str:
    import secrets

    return secrets.token_hex(16)


def _annotation(diagnostic: Diagnostic, prefix: str) -> str:
    command = GITHUB_COMMAND[diagnostic.severity]
    props = (
        f"file={github_property(prefixed(diagnostic, prefix))},line={diagnostic.line},"
        f"col={diagnostic.column},title={github_property(f'{diagnostic.code} {diagnostic.name}')}"
    )
    if diagnostic.end_column and diagnostic.end_column > diagnostic.column:
        props = props.replace(",title=", f",endColumn={diagnostic.end_column},title=", 1)
    message = diagnostic.message + (f" ({diagnostic.hint})" if diagnostic.hint else "")
    return f"::{command} {props}::{github_data(message)}"


def _findings(report: Report) -> str:
    count = len(report.sorted())
    return ngettext("{count} finding", "{count} findings", count).format(count=count)


def step_summary(report: Report, prefix: str = "") -> str:
    """The Markdown section `report_github` appends to the step summary."""
    lines = ["### masterplan check", ""]
    diagnostics = report.sorted()
    if not diagnostics:
        return "\n".join([*lines, report.summary(), "", ""])
    lines += [
        _("{findings} in all: {summary}").format(findings=_findings(report), summary=report.summary()),
        "",
    ]
    rows = [
        [
            _(SEVERITY_WORD[d.severity]),
            gfm.text(f"{d.code} {d.name}"),
            gfm.code(f"{prefixed(d, prefix)}:{d.line}:{d.column}"),
            gfm.text(d.message) + (f"<br>{hint_label()} {gfm.text(d.hint)}" if d.hint else ""),
        ]
        for d in diagnostics[:SUMMARY_ROWS]
    ]
    lines.append(gfm.table([_("Severity"), _("Code"), _("Where"), _("Problem")], rows))
    if len(diagnostics) > SUMMARY_ROWS:
        more = len(diagnostics) - SUMMARY_ROWS
        lines += [_("… and {count} more: the job's log has them all.").format(count=more), ""]
    return "\n".join(lines) + "\n"


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
PROJECT_URL = "https://github.com/masterplan-cli/masterplan"
# the checks' reference in each language: the headings, hence the anchors, are the same in both
CHECKS_URL = {
    "en": f"{PROJECT_URL}/blob/main/docs/checks.md",
    "id": f"{PROJECT_URL}/blob/main/docs/checks.id.md",
}


def report_sarif(report: Report, stream: TextIO, prefix: str = "", *, environ: Environ | None = None) -> None:
    """SARIF 2.1.0, for code-scanning upload (github/codeql-action/upload-sarif): the rules
    that fired, with their documentation, and one result per problem."""
    diagnostics = report.sorted()
    codes = sorted({d.code for d in diagnostics})
    index = {code: i for i, code in enumerate(codes)}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "masterplan",
                        "version": __version__,
                        "informationUri": PROJECT_URL,
                        "rules": [_sarif_rule(code) for code in codes],
                    }
                },
                "results": [_sarif_result(d, index[d.code], prefix) for d in diagnostics],
                # columns count characters as Python strings do: code points, not UTF-16 units
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    json.dump(log, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def _sarif_rule(code: str) -> dict[str, object]:
    rule = RULES[code]
    fix = _("How to fix: {fix}").format(fix=rule.text("fix")) if rule.fix else ""
    rule_help = " ".join(part for part in (rule.text("why"), fix) if part)
    entry: dict[str, object] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.text("summary")},
        "fullDescription": {
            "text": " ".join(part for part in (rule.text("summary"), rule.text("why")) if part)
        },
        "helpUri": f"{CHECKS_URL[language()]}#{rule.anchor}",
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
    }
    if rule_help:
        entry["help"] = {"text": rule_help}
    return entry


def _sarif_result(diagnostic: Diagnostic, rule_index: int, prefix: str) -> dict[str, object]:
    region: dict[str, int] = {"startLine": diagnostic.line, "startColumn": diagnostic.column}
    if diagnostic.end_column and diagnostic.end_column > diagnostic.column:
        region["endColumn"] = diagnostic.end_column
    message = diagnostic.message + (f"\n{hint_label()} {diagnostic.hint}" if diagnostic.hint else "")
    return {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": SARIF_LEVEL[diagnostic.severity],
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    # a URI reference: a space or a `#` in a file name is percent-encoded
                    "artifactLocation": {"uri": quote(prefixed(diagnostic, prefix), safe="/")},
                    "region": region,
                }
            }
        ],
    }


def report_junit(report: Report, stream: TextIO, prefix: str = "", *, environ: Environ | None = None) -> None:
    """JUnit XML, for CI systems that list test results (GitLab's merge-request widget, Jenkins):
    one test case per file read, failed when the file has an error or a warning; the failure
    lists each problem as `line:col: CODE message`. Notes go to the case's output.

    The file is the case's `classname` and `name`: GitLab shows the first as the suite and the
    second as the test, and the Jenkins xUnit plugin's schema allows no `file` attribute on a
    test case (tests/ci_schemas)."""
    by_file: dict[str, list[Diagnostic]] = {path: [] for path in report.sources}
    for diagnostic in report.sorted():
        by_file.setdefault(diagnostic.path, []).append(diagnostic)
    failed = sum(1 for found in by_file.values() if any(d.severity is not Severity.INFO for d in found))
    counts = f'tests="{len(by_file)}" failures="{failed}" errors="0"'
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(f'<testsuites name="masterplan" {counts}>\n')
    stream.write(f'  <testsuite name="masterplan check" {counts} skipped="0">\n')
    for path in sorted(by_file):
        stream.write(_junit_case(shown_path(path, prefix), by_file[path]))
    stream.write("  </testsuite>\n</testsuites>\n")


def _junit_case(path: str, diagnostics: list[Diagnostic]) -> str:
    name = quoteattr(path)
    attributes = f"classname={name} name={name}"
    problems = [d for d in diagnostics if d.severity is not Severity.INFO]
    notes = [d for d in diagnostics if d.severity is Severity.INFO]
    if not diagnostics:
        return f"    <testcase {attributes}/>\n"
    out = io.StringIO()
    out.write(f"    <testcase {attributes}>\n")
    if problems:
        first = problems[0]
        count = len(problems)
        summary = (
            f"{first.code} {first.message}"
            if count == 1
            else ngettext("{count} problem", "{count} problems", count).format(count=count)
        )
        kind = Severity.ERROR if any(d.severity is Severity.ERROR for d in problems) else Severity.WARNING
        body = "\n".join(_junit_line(d) for d in problems)
        out.write(f'      <failure message={quoteattr(summary)} type="{kind}">{xml_escape(body)}</failure>\n')
    if notes:
        body = "\n".join(_junit_line(d) for d in notes)
        out.write(f"      <system-out>{xml_escape(body)}</system-out>\n")
    out.write("    </testcase>\n")
    return out.getvalue()


def _junit_line(diagnostic: Diagnostic) -> str:
    severity = _(SEVERITY_WORD[diagnostic.severity])
    line = f"{diagnostic.line}:{diagnostic.column}: {severity}: {diagnostic.code} {diagnostic.message}"
    return line + (f" ({hint_label()} {diagnostic.hint})" if diagnostic.hint else "")


class Reporter(Protocol):
    """Writes a report to `stream`; paths are shown with `prefix` in front; `environ` is the
    environment the report is shown in (os.environ when None), for colour and CI files."""

    def __call__(
        self, report: Report, stream: TextIO, prefix: str = "", *, environ: Environ | None = None
    ) -> None: ...


REPORTER_BY_NAME: dict[str, Reporter] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
    "sarif": report_sarif,
    "junit": report_junit,
}
