"""How `check` scales: time and peak memory for cities of 2,500 to 20,000 programs.

    python benchmarks/bench_scale.py [--sizes 2500 5000 10000 20000] [--repeat 3]

Each size is generated once (`generate.py`, one OPD per 20 programs, so files keep their
size and only their number grows) and then checked in fresh child processes, so that every
measurement starts from the same interpreter state: the best of `--repeat` runs for time
(wall and CPU of `check_repository()`), and the peak resident memory of the child (`ru_maxrss`)
minus the memory it had after importing everything (the baseline), i.e. what checking itself
holds at its peak. Growth is linear when time and memory per program stay flat from row to
row; the script exits 1 when the largest city costs more than twice per program what the
smallest does.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate_city

CHILD = """
import gc, json, resource, sys, time
from pathlib import Path
from masterplan_cli import checks  # noqa: F401  (everything `check` imports, before the baseline)
from masterplan_cli.checker import check_repository
gc.collect()
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
wall, cpu = time.perf_counter(), time.process_time()
plan, report = check_repository(Path(sys.argv[1]))
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"wall": wall, "cpu": cpu, "baseline_kib": baseline, "peak_kib": peak,
                  "programs": len(plan.programs) if plan else 0, "errors": report.errors,
                  "files": report.files_checked}))
"""


def measure(city: Path, repeat: int) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(city)], capture_output=True, text=True, check=True
        )
        runs.append(json.loads(done.stdout))
    best = min(runs, key=lambda run: run["cpu"])
    best["held_mib"] = min((run["peak_kib"] - run["baseline_kib"]) / 1024 for run in runs)
    return best


def yaml_mib(city: Path) -> float:
    return sum(p.stat().st_size for p in city.rglob("*.yaml")) / 1024 / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2500, 5000, 10000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory(prefix="masterplan-scale-") as folder:
        for programs in args.sizes:
            city = generate_city(
                Path(folder) / f"city-{programs}",
                opds=max(1, programs // 20),
                programs=programs,
                seed=0,
            )
            result = measure(city, args.repeat)
            assert result["programs"] == programs and result["errors"] == 0, result
            rows.append((programs, int(result["files"]), yaml_mib(city), result))

    print(
        "| programs | files | YAML | wall | CPU | CPU per 1,000 programs | memory held at peak | per 1,000 programs |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for programs, files, size, result in rows:
        per = 1000 / programs
        print(
            f"| {programs:,} | {files:,} | {size:.1f} MiB | {result['wall']:.2f} s | {result['cpu']:.2f} s "
            f"| {result['cpu'] * per:.3f} s | {result['held_mib']:.0f} MiB | {result['held_mib'] * per:.1f} MiB |"
        )

    first, last = rows[0], rows[-1]
    time_ratio = (last[3]["cpu"] / last[0]) / (first[3]["cpu"] / first[0])
    memory_ratio = (last[3]["held_mib"] / last[0]) / (first[3]["held_mib"] / first[0])
    print(
        f"\nper-program cost, largest city / smallest: CPU ×{time_ratio:.2f}, memory ×{memory_ratio:.2f} "
        "(1.00 is perfectly linear)"
    )
    return 0 if time_ratio < 2 and memory_ratio < 2 else 1


if __name__ == "__main__":
    sys.exit(main())
