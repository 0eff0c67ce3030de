"""What `masterplan build` shows: progress on a terminal, then the files written.

Kept out of the builder, which only builds (diagnostics are data; so is a build result).
"""

from __future__ import annotations

import contextlib
import sys
from collections import Counter
from collections.abc import Iterator
from typing import TextIO

from .builder import BuildResult
from .terminal import printable

STEP_NAMES = {
    "check": "Checking the repository",
    "derive": "Deriving the roadmap, budgets and quick wins",
    "md": "Rendering Markdown",
    "html": "Rendering HTML",
    "pdf": "Laying out the PDF",
    "docx": "Writing the Word document",
    "write": "Writing the files",
}


class TerminalProgress:
    """A spinner per step on a terminal (rich); silent when the output is not a terminal."""

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        from rich.console import Console

        self.console = Console(file=stream, highlight=False)
        self.enabled = self.console.is_terminal

    @contextlib.contextmanager
    def __call__(self, step: str) -> Iterator[None]:
        if not self.enabled:
            yield
            return
        name = STEP_NAMES.get(step, step)
        with self.console.status(f"{name}…"):
            yield
        self.console.print(f"[green]✓[/green] {name}")


def size_text(size: int) -> str:
    for unit in ("B", "KiB", "MiB"):
        if size < 1024 or unit == "MiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size} B"  # pragma: no cover


MAX_WARNINGS_SHOWN = 20


def shown_warnings(warnings: list[str]) -> list[tuple[str, int]]:
    """WeasyPrint's warnings, each once with how often it came, at most `MAX_WARNINGS_SHOWN`:
    a text of 30,000 characters no font has would otherwise print 30,000 lines."""
    return list(Counter(warnings).items())[:MAX_WARNINGS_SHOWN]


def print_summary(result: BuildResult, stream: TextIO, cwd_relative: str = "") -> None:
    width = max(len(str(f.path)) for f in result.files) if result.files else 0
    for file in result.files:
        extra = f", {file.pages} pages" if file.pages else ""
        stream.write(f"wrote {printable(str(file.path)):<{width}}  {size_text(file.size):>9}{extra}\n")
    from .render.pdf import MACHINE_NOTES

    for warning, count in shown_warnings(result.warnings):
        kind = "note" if warning in MACHINE_NOTES.values() else "warning"
        times = f" ({count:,} times)" if count > 1 else ""
        stream.write(f"{kind}: WeasyPrint: {printable(warning)}{times}\n")
    if len(set(result.warnings)) > MAX_WARNINGS_SHOWN:
        stream.write(f"… and {len(set(result.warnings)) - MAX_WARNINGS_SHOWN:,} other warnings.\n")
    count = len(result.files)
    stream.write(f"Built {count} file{'s' if count != 1 else ''} in {result.seconds:.1f} s.\n")
