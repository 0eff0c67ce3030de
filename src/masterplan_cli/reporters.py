"""One reporter per `--format`: each turns a Report into text for people or machines."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from .diagnostics import Diagnostic, Report, Severity


@dataclass(frozen=True)
class Style:
    """ANSI styling, off unless the output is a terminal (NO_COLOR and FORCE_COLOR respected)."""

    enabled: bool

    @staticmethod
    def for_stream(stream: TextIO) -> Style:
        if os.environ.get("NO_COLOR"):
            return Style(False)
        if os.environ.get("FORCE_COLOR"):
            return Style(True)
        return Style(hasattr(stream, "isatty") and stream.isatty())

    def __call__(self, text: str, *codes: str) -> str:
        if not self.enabled or not codes:
            return text
        return f"\x1b[{';'.join(codes)}m{text}\x1b[0m"


SEVERITY_COLOUR = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
BOLD, DIM, CYAN = "1", "2", "36"


def prefixed(diagnostic: Diagnostic, prefix: str) -> str:
    return f"{prefix}{diagnostic.path}" if prefix else diagnostic.path


def report_text(report: Report, stream: TextIO, prefix: str = "") -> None:
    """For people: grouped by file, each problem with its source line and a caret."""
    style = Style.for_stream(stream)
    diagnostics = report.sorted()
    for diagnostic in diagnostics:
        colour = SEVERITY_COLOUR[diagnostic.severity]
        where = f"{prefixed(diagnostic, prefix)}:{diagnostic.line}:{diagnostic.column}:"
        stream.write(f"{style(where, BOLD)} {style(diagnostic.code, BOLD, colour)} {diagnostic.message}\n")
        source = _source_line(report, diagnostic)
        label = f"{diagnostic.severity}: {diagnostic.name}"
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
            stream.write(f" {gutter} {style('=', DIM)} {style('hint:', BOLD, CYAN)} {diagnostic.hint}\n")
        stream.write("\n")
    stream.write(_summary(report, style) + "\n")


def _source_line(report: Report, diagnostic: Diagnostic) -> str | None:
    text = report.sources.get(diagnostic.path)
    if text is None:
        return None
    lines = text.splitlines()
    if not 1 <= diagnostic.line <= len(lines):
        return None
    line = lines[diagnostic.line - 1].replace("\t", " ")
    return line if line.strip() else None


def _summary(report: Report, style: Style) -> str:
    text = report.summary()
    if report.errors:
        return style(text, BOLD, SEVERITY_COLOUR[Severity.ERROR])
    if report.warnings:
        return style(text, BOLD, SEVERITY_COLOUR[Severity.WARNING])
    return style(text, BOLD, "32")


def report_json(report: Report, stream: TextIO, prefix: str = "") -> None:
    """For machines: a JSON list of diagnostics, sorted by file and position."""
    items = []
    for diagnostic in report.sorted():
        item = diagnostic.as_dict()
        item["path"] = prefixed(diagnostic, prefix)
        items.append(item)
    json.dump(items, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def report_github(report: Report, stream: TextIO, prefix: str = "") -> None:
    """GitHub Actions workflow commands: one annotation per problem, then the summary."""
    for diagnostic in report.sorted():
        command = GITHUB_COMMAND[diagnostic.severity]
        props = (
            f"file={_escape_property(prefixed(diagnostic, prefix))},line={diagnostic.line},"
            f"col={diagnostic.column},title={_escape_property(f'{diagnostic.code} {diagnostic.name}')}"
        )
        message = diagnostic.message + (f" ({diagnostic.hint})" if diagnostic.hint else "")
        stream.write(f"::{command} {props}::{_escape_data(message)}\n")
    stream.write(report.summary() + "\n")


Reporter = Callable[[Report, TextIO, str], None]
REPORTER_BY_NAME: dict[str, Reporter] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}
