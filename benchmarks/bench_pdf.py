"""Benchmark the PDF against Chromium's print of the same HTML, and the full build's growth.

    python benchmarks/bench_pdf.py [--runs 3] [--scale 500 1000 2000] [--no-examples]

Examples: for each of `examples/*`, `masterplan build EXAMPLE -f pdf` (a whole process:
check, derive, HTML, PDF, as a user runs it) and Debian's `chromium --headless
--print-to-pdf` of the HTML that build makes, run alternately `--runs` times; the medians and
their ratio (ours / Chromium's; the goal is 1.5 or less). Without chromium the script says so
and shows our figures only.

Scale: the synthetic city (`generate.py`, one OPD per 20 programs: 2,000 programs are 100
OPDs) at each size of `--scale`, built once to md, html and pdf in a new process: wall time,
CPU time and the peak resident memory of the build and its children (`ru_maxrss` from
`wait4`: the isolated child that lays out the PDF is the largest). Growth is linear when the
time per 1,000 programs stays flat; the last line gives time(largest) / time(smallest) against
the ratio of sizes.

The scale builds run with higher limits (`LARGE`): the 2,000-program city makes 2,021 pages.
Wall times on a shared machine are noisy: the ratio of medians of alternating runs is the
figure to quote, never an absolute time; for the scale rows, the CPU time.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate_city  # noqa: E402

EXAMPLES = sorted(p for p in (HERE.parent / "examples").glob("*") if (p / "masterplan.yaml").is_file())
CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser") if shutil.which(name)), None)
MASTERPLAN = [sys.executable, "-m", "masterplan_cli"]


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float  # user + system of the process and the children it waited for
    peak_mib: float  # the largest resident set among them


# The 2,000-program city lays out to 2,021 pages and 5.6 GiB: past the default limits, which
# are set for real plans (README, "limits").
LARGE = {
    "MASTERPLAN_PDF_MAX_PAGES": "5000",
    "MASTERPLAN_MEMORY_LIMIT": "20000",
    "MASTERPLAN_PDF_TIMEOUT": "7200",
}


def measure(command: list[str], limits: dict[str, str] | None = None) -> Run:
    """Run `command` to its end, quietly; its wall time, CPU time and peak memory."""
    started = time.perf_counter()
    environment = {**os.environ, **(limits or {})}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.stderr is not None
    errors = process.stderr.read().decode(errors="replace")
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[:6])}… failed ({process.returncode}):\n{errors[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def chromium_print(html: Path, pdf: Path) -> list[str]:
    assert CHROMIUM is not None
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=pdf.parent)  # removed with it
    return [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        html.as_uri(),
    ]


def examples(runs: int, folder: Path) -> None:
    if CHROMIUM is None:
        print("chromium is not installed (`apt-get install -y chromium`): the ratio rows are skipped")
    print(
        "| example | pages | ours (median) | Chromium (median) | ratio | our CPU | our peak memory | load |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for example in EXAMPLES:
        out = folder / example.name
        html = [
            *MASTERPLAN,
            "build",
            str(example),
            "-f",
            "html",
            "--out",
            str(out / "html"),
            "--quiet",
            "--no-cache",
        ]
        measure(html)  # what Chromium prints
        build = [*MASTERPLAN, "build", str(example), "-f", "pdf", "--out", str(out), "--quiet", "--no-cache"]
        ours, theirs = [], []
        for _ in range(runs):  # alternating: a load that comes and goes falls on both
            ours.append(measure(build))
            if CHROMIUM is not None:
                theirs.append(
                    measure(chromium_print(out / "html" / "masterplan.html", out / "chromium.pdf")).wall
                )
        pages = _pages(out / "masterplan.pdf")
        wall = statistics.median(run.wall for run in ours)
        cpu = statistics.median(run.cpu for run in ours)
        peak = max(run.peak_mib for run in ours)
        if theirs:
            chromium = statistics.median(theirs)
            versus = f"{chromium:.1f} s | **{wall / chromium:.2f}×**"
        else:
            versus = "(no chromium) | —"
        print(
            f"| {example.name} | {pages} | {wall:.1f} s | {versus} | {cpu:.1f} s | {peak:.0f} MiB | {_load()} |",
            flush=True,
        )


def _load() -> str:
    """The load average over the last 1 and 5 minutes: on a shared machine, the wall times and
    their ratio mean little when it is well above the number of cores."""
    one, five, _ = os.getloadavg()
    return f"{one:.1f} / {five:.1f}"


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def scale(sizes: list[int], folder: Path) -> None:
    print("\n| programs | OPDs | pages | wall | CPU | CPU per 1,000 programs | peak memory | load |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    rows = []
    for programs in sizes:
        city = generate_city(
            folder / f"city-{programs}", opds=max(1, programs // 20), programs=programs, seed=0
        )
        out = folder / f"out-{programs}"
        run = measure([*MASTERPLAN, "build", str(city), "--out", str(out), "--quiet", "--no-cache"], LARGE)
        rows.append((programs, run))
        print(
            f"| {programs:,} | {max(1, programs // 20)} | {_pages(out / 'masterplan.pdf')} | {run.wall:.1f} s "
            f"| {run.cpu:.1f} s | {run.cpu * 1000 / programs:.1f} s | {run.peak_mib:,.0f} MiB | {_load()} |",
            flush=True,
        )
    (small, first), (large, last) = rows[0], rows[-1]
    if large > small:
        print(
            f"\nCPU({large:,}) / CPU({small:,}) = {last.cpu / first.cpu:.2f} for {large / small:.1f}× the "
            f"programs (linear: {large / small:.2f}); memory ×{last.peak_mib / first.peak_mib:.2f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=int, nargs="*", default=[500, 1000, 2000])
    parser.add_argument("--no-examples", action="store_true")
    args = parser.parse_args()
    print(f"# Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as folder:
        if not args.no_examples:
            examples(args.runs, Path(folder))
        if args.scale:
            scale(sorted(args.scale), Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
