"""Progress while `masterplan build` runs: plain lines on stderr where it is not a terminal
(a CI log) once the build has run a second, the PDF's chapters among them; nothing with
`--quiet`. The PDF's progress is told by the isolated child through its pipe."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from masterplan_cli.build_report import QUIET_SECONDS, TerminalProgress
from masterplan_cli.render import isolation

MINI = Path(__file__).parent / "fixtures" / "city-mini"
COMMAND = [sys.executable, "-m", "masterplan_cli"]


def _shown(progress: TerminalProgress) -> None:
    with progress("html"):
        pass
    with progress("pdf"):
        for chapter, page in ((0, 1), (0, 2), (1, 3), (1, 4), (2, 5)):
            progress.advance(chapter, 2, f"page {page}")


def test_plain_lines_once_the_build_has_run_a_second() -> None:
    stream = io.StringIO()
    progress = TerminalProgress(stream)
    progress.started -= QUIET_SECONDS
    _shown(progress)
    assert stream.getvalue() == (
        "Rendering HTML…\nLaying out the PDF…\nPDF: front matter\nPDF: chapter 1/2\nPDF: chapter 2/2\n"
    )


def test_a_step_begun_in_the_quiet_second_is_named_before_its_first_late_line() -> None:
    stream = io.StringIO()
    progress = TerminalProgress(stream)
    with progress("pdf"):  # begins within the first second: no line yet
        progress.advance(0, 2, "page 1")
        progress.started -= QUIET_SECONDS  # the layout goes on past the second
        progress.advance(1, 2, "page 2")
    assert stream.getvalue() == "Laying out the PDF…\nPDF: chapter 1/2\n"


def test_nothing_in_the_first_second_nor_when_quiet() -> None:
    quick, quiet = io.StringIO(), io.StringIO()
    _shown(TerminalProgress(quick))
    late_but_quiet = TerminalProgress(quiet, quiet=True)
    late_but_quiet.started -= QUIET_SECONDS
    _shown(late_but_quiet)
    assert (quick.getvalue(), quiet.getvalue()) == ("", "")


class Recorder:
    def __init__(self) -> None:
        self.seen: list[object] = []

    @contextlib.contextmanager
    def __call__(self, step: str) -> Iterator[None]:
        self.seen.append(step)
        yield

    def advance(self, done: int, total: int, note: str) -> None:
        self.seen.append((done, total, note))


@pytest.mark.skipif(not isolation.available(), reason="no fork here")
def test_the_child_tells_its_progress_through_the_pipe() -> None:
    """The work runs in the forked child; its steps and advances arrive in the parent, in order."""
    parent = os.getpid()

    def work(progress: isolation.Progress) -> dict[str, object]:
        assert os.getpid() != parent
        with progress("pdf"):
            for chapter in range(1, 4):
                progress.advance(chapter, 3, f"page {chapter * 10}")
        return {"pid": os.getpid()}

    recorder = Recorder()
    limits = isolation.Limits(60, 60, 4096, 100)
    result = isolation.run(work, recorder, limits, lambda _: 60, lambda _: "", lambda *_: "", ())
    assert result["pid"] != parent
    assert recorder.seen == ["pdf", (1, 3, "page 10"), (2, 3, "page 20"), (3, 3, "page 30")]


@pytest.mark.slow
def test_a_pdf_build_shows_its_chapters_on_stderr(tmp_path: Path) -> None:
    city = tmp_path / "city"
    shutil.copytree(MINI, city)
    started = time.perf_counter()
    done = subprocess.run(
        [*COMMAND, "build", str(city), "-f", "pdf", "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    assert time.perf_counter() - started > QUIET_SECONDS
    lines = done.stderr.splitlines()
    chapters = [line for line in lines if line.startswith("PDF: ")]
    assert chapters == ["PDF: front matter", *(f"PDF: chapter {n}/14" for n in range(1, 15))]
    assert lines[lines.index("PDF: front matter") - 1] == "Laying out the PDF…"
    assert lines[-1] == "Writing the files…"
