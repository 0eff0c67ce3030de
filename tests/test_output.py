"""Atomic writes: a file is replaced whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from masterplan_cli import output
from masterplan_cli.output import OutputError, write_atomic


def test_writes_text_and_bytes_with_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "dist" / "masterplan.md"
    assert write_atomic(target, "Halo — dunia\n") == len("Halo — dunia\n".encode())
    assert target.read_text(encoding="utf-8") == "Halo — dunia\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    write_atomic(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert os.listdir(target.parent) == ["masterplan.md"]  # no temporary file left behind


def test_a_failed_write_leaves_the_previous_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "masterplan.html"
    target.write_text("previous build", encoding="utf-8")

    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(output.os, "replace", fail)
    with pytest.raises(OutputError) as raised:
        write_atomic(target, "new build")
    assert str(raised.value) == (
        f"cannot write {target}: disk full; nothing was written, the previous outputs are unchanged"
    )
    assert target.read_text(encoding="utf-8") == "previous build"
    assert os.listdir(tmp_path) == ["masterplan.html"]


def test_an_interrupted_write_leaves_the_previous_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "masterplan.pdf"
    target.write_bytes(b"%PDF previous")

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"%PDF new")
    assert target.read_bytes() == b"%PDF previous"
    assert os.listdir(tmp_path) == ["masterplan.pdf"]


# --- file-system faults through `masterplan build` (issue 10) ---------------------------------

import errno  # noqa: E402
import io  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from masterplan_cli.cli import run  # noqa: E402

MINI = Path(__file__).parent / "fixtures" / "city-mini"
OLD = {"masterplan.md": b"old md\n", "masterplan.html": b"old html\n"}
NOTHING = "nothing was written, the previous outputs are unchanged"


def build(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    real = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = run(["build", "--quiet", *args])  # the messages alone, without progress
    finally:
        sys.stdout, sys.stderr = real
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def city(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "city")
    return tmp_path / "city"


@pytest.fixture
def old_outputs(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    for name, data in OLD.items():
        (out / name).write_bytes(data)
    return out


def test_out_naming_an_existing_file_is_a_message(city: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_bytes(b"mine")
    code, _, stderr = build(str(city), "-f", "md", "--out", str(target))
    assert (code, stderr) == (1, f"Error: cannot write {target}: it is a file, not a folder; {NOTHING}\n")
    assert target.read_bytes() == b"mine"


def test_a_committed_file_named_dist_is_a_message(city: Path) -> None:
    (city / "dist").write_bytes(b"a file")
    code, _, stderr = build(str(city), "-f", "md")
    assert (code, stderr) == (
        1,
        f"Error: cannot write {city / 'dist'}: it is a file, not a folder; {NOTHING}\n",
    )
    assert (city / "dist").read_bytes() == b"a file"


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        pytest.param(errno.EROFS, "the file system is read-only", id="read-only file system"),
        pytest.param(errno.ENOSPC, "no space left on the device", id="disk full"),
    ],
)
def test_a_file_system_fault_on_the_last_output_leaves_every_old_output(
    city: Path, old_outputs: Path, monkeypatch: pytest.MonkeyPatch, number: int, reason: str
) -> None:
    """The Markdown's temporary file is complete when the HTML's write fails: nothing is
    renamed (no mix of new and old outputs), no temporary file is left, exit 1."""
    real_fsync, synced = os.fsync, []

    def failing_fsync(descriptor: int) -> None:  # the disk fills up while the HTML is written
        synced.append(descriptor)
        if len(synced) == 2:
            raise OSError(number, os.strerror(number))
        real_fsync(descriptor)

    monkeypatch.setattr(output.os, "fsync", failing_fsync)
    code, _, stderr = build(str(city), "-f", "md", "-f", "html", "--out", str(old_outputs))
    html = old_outputs / "masterplan.html"
    assert (code, stderr) == (1, f"Error: cannot write {html}: {reason}; {NOTHING}\n")
    assert {p.name: p.read_bytes() for p in old_outputs.iterdir()} == OLD


def test_a_read_only_output_folder_is_a_message(
    city: Path, old_outputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system", str(old_outputs / ".masterplan.md.x.tmp"))

    monkeypatch.setattr(output.tempfile, "mkstemp", read_only)
    code, _, stderr = build(str(city), "-f", "md", "--out", str(old_outputs))
    assert code == 1
    assert stderr == (
        f"Error: cannot write {old_outputs / 'masterplan.md'}: the file system is read-only; {NOTHING}\n"
    )
    assert {p.name: p.read_bytes() for p in old_outputs.iterdir()} == OLD


SCRIPT = Path(sys.executable).with_name("masterplan")
COMMAND = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "masterplan_cli"]


@pytest.mark.pdf
def test_ctrl_c_during_a_pdf_build_says_interrupted_and_leaves_nothing(city: Path, old_outputs: Path) -> None:
    """SIGINT while the PDF is laid out (in the child process): "Interrupted.", exit 130, the
    old outputs as they were, no temporary file, no child left running."""
    with subprocess.Popen(
        [*COMMAND, "build", str(city), "--out", str(old_outputs)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not _has_child(child.pid):
            time.sleep(0.05)  # the render's child exists: the PDF (or HTML) is being made
        assert _has_child(child.pid)
        time.sleep(0.5)
        child.send_signal(signal.SIGINT)
        _, stderr = child.communicate(timeout=60)
    *progress, last = stderr.splitlines()  # a loaded machine may have shown a step's name first
    assert (child.returncode, last) == (130, "Interrupted.")
    assert all(line.endswith("…") or line in ("PDF: front matter", *CHAPTERS) for line in progress), stderr
    assert {p.name: p.read_bytes() for p in old_outputs.iterdir()} == OLD


CHAPTERS = [f"PDF: chapter {done}/{total}" for total in range(1, 40) for done in range(1, total + 1)]


def _has_child(pid: int) -> bool:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return children.exists() and bool(children.read_text().split())
