"""Reproducible builds: the same repository gives the same bytes, whatever the folder, the
clock, the time zone, the user, the locale or the hash seed of the machine that builds it.

Each build runs in its own process, as a user runs it. The clock is faked with `faketime`
(Debian's package) where it is installed; the other differences apply everywhere.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from pypdf import PdfReader

MINI = Path(__file__).parent / "fixtures" / "city-mini"
FAKETIME = shutil.which("faketime")
FILES = ("masterplan.md", "masterplan.html", "masterplan.pdf")


@dataclass(frozen=True)
class Machine:
    folder: str  # where the repository lies, under the test's temporary folder
    user: str
    tz: str
    clock: str  # what the clock says when the build starts (with faketime)
    hash_seed: str
    locale: str
    source_date_epoch: str | None = None


ONE = Machine("zq-folder-one", "zqbudi", "Asia/Jakarta", "2031-02-03 10:00:00", "1", "C.UTF-8")
TWO = Machine("deeper/zq folder two", "zqsiti", "America/Los_Angeles", "2027-07-07 23:59:00", "2", "POSIX")


def build(city: Path, base: Path, machine: Machine, *formats: str) -> dict[str, bytes]:
    """Copy `city` into a folder of `machine`, build it there in a new process, return the
    outputs' bytes by file name."""
    place = base / machine.folder
    shutil.copytree(city, place / "repo")
    home = base / f"home-{machine.user}"
    home.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "USER": machine.user,
        "LOGNAME": machine.user,
        "TZ": machine.tz,
        "PYTHONHASHSEED": machine.hash_seed,
        "LC_ALL": machine.locale,
        **({"SOURCE_DATE_EPOCH": machine.source_date_epoch} if machine.source_date_epoch else {}),
    }
    command = [sys.executable, "-m", "masterplan_cli", "build", "repo", "--out", "out"]
    command += [arg for fmt in formats for arg in ("-f", fmt)]
    if FAKETIME:  # `@`: the clock starts at that moment and runs on
        command = [FAKETIME, "-f", f"@{machine.clock}", *command]
    done = subprocess.run(command, cwd=place, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return {name: (place / "out" / name).read_bytes() for name in FILES if (place / "out" / name).exists()}


def pdf_text(data: bytes) -> bytes:
    """The PDF with every deflated stream inflated: what a path or a name would hide in."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        with contextlib.suppress(zlib.error):  # a stream that is not deflated is already there
            parts.append(zlib.decompress(match.group(1)))
    return b"\n".join(parts)


def assert_nothing_of_the_machine(outputs: dict[str, bytes], base: Path) -> None:
    for name, data in outputs.items():
        text = pdf_text(data) if name.endswith(".pdf") else data
        for secret in (str(base), "zq-folder-one", "zq folder two", "zqbudi", "zqsiti", "/home/", "/tmp/"):
            assert secret.encode() not in text, f"{name} holds {secret!r}"


@pytest.mark.pdf
@pytest.mark.slow
def test_two_machines_build_the_same_bytes(tmp_path: Path) -> None:
    """The mini city has a document date: neither the clock nor SOURCE_DATE_EPOCH matters."""
    first = build(MINI, tmp_path / "one", ONE)
    second = build(MINI, tmp_path / "two", replace(TWO, source_date_epoch="1700000000"))
    assert sorted(first) == sorted(FILES)
    for name in FILES:
        assert first[name] == second[name], f"{name} differs between the two builds"
    assert_nothing_of_the_machine(first, tmp_path)
    reader = PdfReader(tmp_path / "one" / ONE.folder / "out" / "masterplan.pdf")
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"] == "D:20241001"  # masterplan.yaml's document.date
    assert "/ModDate" not in reader.metadata
    identifier = reader.trailer["/ID"]  # a digest of the PDF's content: the same on every machine
    assert len(identifier) == 2 and len(identifier[0]) == 32


@pytest.mark.slow  # two builds in processes of their own
def test_without_a_document_date_source_date_epoch_dates_it_in_utc(tmp_path: Path) -> None:
    """2024-06-01 23:30 UTC is already 2 June in Jakarta, and the clocks say 2031 and 2027:
    the document is dated 1 June 2024 on both machines."""
    city = tmp_path / "city"
    shutil.copytree(MINI, city)
    settings = city / "masterplan.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "  date: 2024-10-01\n" in text
    settings.write_text(text.replace("  date: 2024-10-01\n", ""), encoding="utf-8")
    epoch = "1717284600"
    first = build(city, tmp_path / "one", replace(ONE, source_date_epoch=epoch), "md", "html")
    second = build(city, tmp_path / "two", replace(TWO, source_date_epoch=epoch), "md", "html")
    assert first == second
    assert b"1 Juni 2024" in first["masterplan.md"]
    assert b'<meta name="dcterms.created" content="2024-06-01">' in first["masterplan.html"]
    assert_nothing_of_the_machine(first, tmp_path)
