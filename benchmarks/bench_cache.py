"""Benchmark the build cache and `masterplan serve`, as ratios against a whole build in the
same run. A script, not a test:

    python benchmarks/bench_cache.py [--formats md html pdf] [--examples solok padang]

For each example and format, in a copy of the example and one process (imports warm):
- cold: a whole build, the cache neither read nor written (`use_cache=False`);
- no change: a second build with the cache (a copy of the cached files);
- one OPD: one program's name changed in one OPD file, then a build with the cache.
Then `serve`: a real server process; the time from saving an OPD file to the page's
server-sent event (the HTML rebuilt), against a cold HTML build in the same run. The machine's
load changes the seconds, hardly the ratios. Record the results in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from masterplan_cli.builder import build

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NAME = re.compile(r"^(    name: )(\S.+)$", re.MULTILINE)  # a program's name on one line


def timed(root: Path, fmt: str, use_cache: bool = True) -> float:
    started = time.perf_counter()
    build(root, formats=[fmt], use_cache=use_cache)
    return time.perf_counter() - started


def edit_opd(root: Path, mark: str) -> Path:
    """One program's name changed, in the first OPD file that has one on a line."""
    opd = next(path for path in sorted((root / "opd").glob("*.yaml")) if NAME.search(path.read_text("utf-8")))
    text = opd.read_text(encoding="utf-8")
    found = NAME.search(text)
    assert found
    opd.write_text(text[: found.end(1)] + f'"Program {mark}"' + text[found.end(2) :], encoding="utf-8")
    return opd


def cache_rows(example: str, formats: list[str], folder: Path) -> None:
    root = folder / example
    shutil.copytree(EXAMPLES / example, root)
    for fmt in ("md", "html"):
        timed(root, fmt, use_cache=False)  # warm the imports and the built-in templates
    for fmt in formats:
        runs = 1 if fmt == "pdf" else 3  # the best of `runs`: a load that comes and goes
        cold = min(timed(root, fmt, use_cache=False) for _ in range(runs))
        timed(root, fmt)  # fills the cache
        unchanged = min(timed(root, fmt) for _ in range(runs))
        one_opd = min(timed(root, fmt) for _ in range(runs) if edit_opd(root, f"{fmt} {_}"))
        print(
            f"{example:7} {fmt:4}  cold {cold:6.2f} s   no change {unchanged:5.2f} s ({unchanged / cold:5.1%})"
            f"   one OPD {one_opd:6.2f} s ({one_opd / cold:5.1%})"
        )


def processor_time(pid: int) -> float:
    """User + system seconds a process has used (Linux's /proc): what a rebuild costs on an
    idle machine, whatever the load of this one does to its wall time."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve_row(example: str, folder: Path) -> None:
    root = folder / f"{example}-serve"
    shutil.copytree(EXAMPLES / example, root)
    cold = timed(root, "html", use_cache=False)
    server = subprocess.Popen(
        [sys.executable, "-m", "masterplan_cli", "serve", str(root), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "MASTERPLAN_LANG": "en"},
    )
    try:
        assert server.stdout is not None
        port = int(re.findall(r":(\d+)/", server.stdout.readline())[0])
        latencies, cpu = [], []
        for run in range(5):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            connection.request("GET", "/events")
            stream = connection.getresponse()
            stream.fp.readline()  # retry:
            stream.fp.readline()
            started, used = time.perf_counter(), processor_time(server.pid)
            edit_opd(root, f"serve {run}")
            while not stream.fp.readline().startswith(b"data: "):
                pass
            latencies.append(time.perf_counter() - started)
            cpu.append(processor_time(server.pid) - used)
            connection.close()
        best, median = min(latencies), sorted(latencies)[2]
        print(
            f"{example:7} serve  save → reload event: best {best:.2f} s, median {median:.2f} s"
            f" ({median / cold:5.1%} of a cold HTML build, {cold:.2f} s); the server's processor"
            f" time per rebuild: median {sorted(cpu)[2]:.2f} s"
        )
    finally:
        server.terminate()
        server.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", nargs="+", default=["md", "html", "pdf"])
    parser.add_argument("--examples", nargs="+", default=["solok", "padang"])
    args = parser.parse_args()
    print(f"# Python {platform.python_version()} on {platform.machine()}, load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_CACHE_HOME"] = str(Path(folder) / "xdg")  # the cache's secret
        for example in args.examples:
            cache_rows(example, args.formats, Path(folder))
        for example in args.examples:
            serve_row(example, Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
