"""Atomic writes: a file is replaced whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from masterplan_cli import output
from masterplan_cli.output import write_atomic


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
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new build")
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
