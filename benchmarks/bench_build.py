"""Benchmark `masterplan build`: Markdown + HTML of the 2,000-program synthetic city (goal:
under 2 s), and PDF pages per second on the examples. A script, not a test:

    python benchmarks/bench_build.py [--runs 3] [--no-pdf]

Each figure is the best of the runs, in a fresh process for the first (cold imports) and the
same process after. Record the results in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate_city  # noqa: E402

from masterplan_cli.builder import build  # noqa: E402

EXAMPLES = sorted(p for p in (HERE.parent / "examples").glob("*") if (p / "masterplan.yaml").is_file())


def timed(root: Path, formats: list[str], out: Path) -> tuple[float, int | None]:
    started = time.perf_counter()
    result = build(root, formats=formats, out_dir=out, use_cache=False)  # each run a whole build
    return time.perf_counter() - started, result.pdf_pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    print(f"# Python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    with tempfile.TemporaryDirectory() as folder:
        city = Path(folder) / "synthetic"
        generate_city(city, opds=100, programs=2000, seed=0)
        out = Path(folder) / "out"
        times = [timed(city, ["md", "html"], out)[0] for _ in range(args.runs)]
        sizes = {p.suffix: p.stat().st_size for p in out.iterdir()}
        print(
            f"md+html, 2,000 programs: best {min(times):.2f} s, median {statistics.median(times):.2f} s "
            f"(md {sizes['.md'] / 1e6:.1f} MB, html {sizes['.html'] / 1e6:.1f} MB)"
        )
        if args.no_pdf:
            return 0
        for example in EXAMPLES:
            runs = [timed(example, ["pdf"], Path(folder) / example.name) for _ in range(args.runs)]
            seconds, pages = min(runs)
            print(
                f"pdf, {example.name}: {pages} pages in {seconds:.2f} s, {pages / seconds:.1f} pages/s (check, derive, HTML and PDF)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
