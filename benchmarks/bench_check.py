"""Time `masterplan check` on a large synthetic city, and `masterplan --version` start-up.

    python benchmarks/bench_check.py [--opds 100] [--programs 2000] [--repeat 5] [--city PATH]

Runs on one core (the process pins itself where the OS allows; its children inherit that).
Reports the best of `--repeat` runs, as wall time and as CPU time (user + system): on a busy
machine the wall time waits for other processes, the CPU time does not. The budgets are
checked against the CPU time: `check` under 1 s, `--version` under 0.3 s. Exits 1 when one is
exceeded, or when the city is not clean under `check --strict`.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate_city

CHECK_BUDGET = 1.0
VERSION_BUDGET = 0.3
HEAVY = ("jinja2", "markdown_it", "weasyprint")
SCRIPT = Path(sys.executable).with_name("masterplan")
COMMAND = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "masterplan_cli"]


def pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity here)"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"pinned to core {core}"


def best_of(repeat: int, run: Callable[[], None]) -> tuple[float, float]:
    """Best wall and best CPU seconds of `repeat` runs of `run` (CPU: this process and children)."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = _cpu()
        start = time.perf_counter()
        run()
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - before)
    return min(walls), min(cpus)


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def processor() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, env=env, check=False)


def heavy_imports(*args: str) -> str:
    probe = (
        "import sys\nfrom masterplan_cli.cli import run\nimport contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    run(sys.argv[1:])\n"
        "loaded = {name.split('.')[0] for name in sys.modules}\n"
        f"print(', '.join(sorted(loaded & set({HEAVY!r}))) or 'none')\n"
    )
    return subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=False
    ).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opds", type=int, default=100)
    parser.add_argument("--programs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--city", type=Path, help="an existing city to check instead of a generated one")
    args = parser.parse_args(argv)

    pinned = pin_to_one_core()
    with tempfile.TemporaryDirectory() as tmp:
        city = args.city or generate_city(
            Path(tmp) / "city", opds=args.opds, programs=args.programs, seed=args.seed
        )
        size = sum(p.stat().st_size for p in city.rglob("*.yaml"))
        files = len(list(city.rglob("*.yaml")))

        from masterplan_cli.checker import check_repository  # imported outside the timing

        _, report = check_repository(city)  # warm-up, and the city must be clean
        if report.diagnostics:
            print(f"the city is not clean: {report.summary()}", file=sys.stderr)
            return 1
        in_process = best_of(args.repeat, lambda: check_repository(city))
        done = cli("check", str(city), "--strict")
        if done.returncode != 0:
            print(f"masterplan check --strict failed:\n{done.stdout}{done.stderr}", file=sys.stderr)
            return 1
        via_cli = best_of(args.repeat, lambda: cli("check", str(city), "--strict"))
        version = best_of(args.repeat, lambda: cli("--version"))
        heavy = {
            "check": heavy_imports("check", str(city)),
            "--version": heavy_imports("--version"),
        }

    print(
        f"machine: {processor()}, {os.cpu_count()} cores, {pinned}; "
        f"Python {platform.python_version()} on {platform.system()} {platform.release()}"
    )
    print(
        f"city: {args.opds} OPDs, {args.programs} programs, {files} files, "
        f"{size / 1024 / 1024:.1f} MiB of YAML"
    )
    print(f"best of {args.repeat}:                         wall      CPU   budget (CPU)")
    rows = [
        ("check_repository() in-process", *in_process, None),
        ("masterplan check --strict", *via_cli, CHECK_BUDGET),
        ("masterplan --version", *version, VERSION_BUDGET),
    ]
    over = False
    for label, wall, cpu, budget in rows:
        verdict = ""
        if budget is not None:
            verdict = f"< {budget:.1f} s " + ("ok" if cpu < budget else "OVER")
            over = over or cpu >= budget
        print(f"  {label:32} {wall:6.3f} s {cpu:6.3f} s   {verdict}")
    for command, found in heavy.items():
        print(f"heavy modules imported by `masterplan {command}`: {found}")
        over = over or found != "none"
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
