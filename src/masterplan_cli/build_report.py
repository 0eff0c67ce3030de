"""What `masterplan build` shows: progress on a terminal, then the files written.

Kept out of the builder, which only builds (diagnostics are data; so is a build result).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

from .builder import BuildResult
from .l10n import N_, _, ngettext
from .terminal import printable

if TYPE_CHECKING:
    from rich.status import Status

STEP_NAMES = {
    "check": N_("Checking the repository"),
    "derive": N_("Deriving the roadmap, budgets and quick wins"),
    "md": N_("Rendering Markdown"),
    "html": N_("Rendering HTML"),
    "pdf": N_("Laying out the PDF"),
    "docx": N_("Writing the Word document"),
    "write": N_("Writing the files"),
}


SHORT_NAMES = {"md": "Markdown", "html": "HTML", "pdf": "PDF", "docx": "Word"}
QUIET_SECONDS = 1.0  # a build quicker than this shows nothing where stderr is not a terminal


class TerminalProgress:
    """What a build shows on stderr while it runs. On a terminal (rich): a spinner per step,
    then a tick, and the PDF's chapters as a bar. Elsewhere (a CI log): once the build has
    run a second, a plain line per step and per chapter of the PDF (`PDF: chapter 3/12`).
    Nothing with `quiet`. Only step names and numbers are shown, never a city's text."""

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False) -> None:
        from rich.console import Console

        stream = stream or sys.stderr  # at call time: tests and tools replace sys.stderr
        self.console = Console(file=stream, highlight=False)
        self.stream, self.quiet, self.terminal = stream, quiet, self.console.is_terminal
        self.started = time.monotonic()
        self.step, self.chapter = "", -1
        self.named = ""  # the step whose name a plain line has shown
        self.status: Status | None = None

    def _late(self) -> bool:
        return time.monotonic() - self.started >= QUIET_SECONDS

    def _name_step(self) -> None:
        self.named = self.step
        self._line(f"{_(STEP_NAMES[self.step]) if self.step in STEP_NAMES else self.step}…")

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    @contextlib.contextmanager
    def __call__(self, step: str) -> Iterator[None]:
        self.step, self.chapter = step, -1
        name = _(STEP_NAMES[step]) if step in STEP_NAMES else step
        if self.quiet:
            yield
        elif not self.terminal:
            self.named = ""
            if self._late():
                self._name_step()
            yield
        else:
            with self.console.status(f"{name}…") as self.status:
                yield
            self.status = None
            self.console.print(f"[green]✓[/green] {name}")

    def advance(self, done: int, total: int, note: str) -> None:
        if self.quiet or total <= 0:
            return
        what = SHORT_NAMES.get(self.step, self.step)
        part = _("chapter {done}/{total}").format(done=done, total=total) if done else _("front matter")
        if self.status is not None:
            from rich.progress_bar import ProgressBar
            from rich.table import Table

            row = Table.grid(padding=(0, 1))
            name = _(STEP_NAMES[self.step]) if self.step in STEP_NAMES else self.step
            row.add_row(f"{name}…", ProgressBar(total, done, width=24), part)
            row.add_row("", "", printable(note))
            self.status.update(row)
        elif not self.terminal and done != self.chapter and self._late():
            if self.named != self.step:  # the step began within the quiet second: name it now
                self._name_step()
            self._line(f"{what}: {part}")
        self.chapter = done


def size_text(size: int) -> str:
    """`size` bytes as people read it, with the language's decimal mark: 1,5 MiB in Indonesian."""
    if size < 1024:
        return _("{size} B").format(size=size)
    if size < 1024 * 1024:
        return _("{size:.1f} KiB").format(size=size / 1024)
    return _("{size:.1f} MiB").format(size=size / 1024 / 1024)


MAX_WARNINGS_SHOWN = 20


def shown_warnings(warnings: list[str]) -> list[tuple[str, int]]:
    """WeasyPrint's warnings, each once with how often it came, at most `MAX_WARNINGS_SHOWN`:
    a text of 30,000 characters no font has would otherwise print 30,000 lines."""
    return list(Counter(warnings).items())[:MAX_WARNINGS_SHOWN]


def print_summary(result: BuildResult, stream: TextIO, cwd_relative: str = "") -> None:
    width = max(len(str(f.path)) for f in result.files) if result.files else 0
    for file in result.files:
        shown = f"{printable(str(file.path)):<{width}}  {size_text(file.size):>9}"
        pages = (
            ngettext(", {count} page", ", {count} pages", file.pages).format(count=file.pages)
            if file.pages
            else ""
        )
        stream.write(_("wrote {file}").format(file=shown) + pages + "\n")
    from .render.pdf import MACHINE_NOTES

    for warning, count in shown_warnings(result.warnings):
        kind = _("note") if warning in MACHINE_NOTES.values() else _("warning")
        times = _(" ({count:,} times)").format(count=count) if count > 1 else ""
        stream.write(f"{kind}: WeasyPrint: {printable(warning)}{times}\n")
    if len(set(result.warnings)) > MAX_WARNINGS_SHOWN:
        stream.write(
            _("… and {count_set:,} other warnings.\n").format(
                count_set=len(set(result.warnings)) - MAX_WARNINGS_SHOWN
            )
        )
    count = len(result.files)
    built = ngettext(
        "Built {count} file in {seconds:.1f} s.", "Built {count} files in {seconds:.1f} s.", count
    )
    if result.from_cache:
        built = ngettext(
            "Nothing changed since the last build: {count} file taken from the cache in {seconds:.1f} s.",
            "Nothing changed since the last build: {count} files taken from the cache in {seconds:.1f} s.",
            count,
        )
    stream.write(built.format(count=count, seconds=result.seconds) + "\n")
