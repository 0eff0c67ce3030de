"""Shared fixtures and helpers (test modules import the helpers: `from conftest import ...`).
Add yours below; keep each one small and say what it is for."""

from __future__ import annotations

import gc
import os

# The suite asserts English text: every message in English, here and in the subprocesses the
# tests start (which inherit it); tests of the Indonesian text set their own environment.
os.environ["MASTERPLAN_LANG"] = "en"
# The build cache's secret (`cache.py`) in a folder of the run's own, not the user's ~/.cache.
os.environ["XDG_CACHE_HOME"] = __import__("tempfile").mkdtemp(prefix="masterplan-tests-cache-")

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from masterplan_cli.cli import run

CASES_DIR = Path(__file__).parent / "cases"
MINI = Path(__file__).parent / "fixtures" / "city-mini"  # the small city of the build goldens
EXAMPLES = Path(__file__).parent.parent / "examples"
MINI = Path(__file__).parent / "fixtures" / "city-mini"  # a small city with every chapter, strict-valid
CASE_FILES = (
    "expected.txt",
    "expected.id.txt",
    "args.txt",
    "generate.py",
)  # the case's own files, not the city's
# What `masterplan init --no-input` needs besides --framework and --language.
INIT_ANSWERS = ["--city", "Kota Contoh", "--kind", "kota", "--province", "Sumatera Barat"]
INIT_ANSWERS += ["--start", "2025", "--end", "2029"]


def masterplan(*args: str) -> tuple[int, str]:
    """Run `masterplan ARGS` as the console script does (`cli.run`), stdin not a terminal; the
    exit code and all output, stdout and stderr interleaved."""
    with CliRunner().isolation() as (_, _, output):
        code = run(list(args))
        sys.stdout.flush()
        sys.stderr.flush()
        return code, output.getvalue().decode()


def growth(work: Callable[[Any], object], small: Any, large: Any) -> float:
    """How many times longer `work(large)` takes than `work(small)`: with `large` four times
    `small`, about 4 for linear work and 16 for quadratic. Measured in this process's CPU time,
    the best of three runs, garbage collection paused: other processes on a loaded machine do
    not count, so a ratio bound fails on the algorithm's growth and never on the machine's
    load (no test bounds the wall-clock time)."""

    def cost(argument: Any) -> float:
        times = []
        gc.disable()
        try:
            for _ in range(3):
                start = time.process_time()
                work(argument)
                times.append(time.process_time() - start)
        finally:
            gc.enable()
        return max(min(times), 1e-3)  # the clock's grain: no ratio of two near-zeros

    return cost(large) / cost(small)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`slow` is what the edit loop (`pytest -m "not slow"`) leaves out: PDF builds (`pdf`),
    property tests (hypothesis) and tests marked `slow` by hand."""
    for item in items:
        function = getattr(item, "function", None)
        if item.get_closest_marker("pdf") or getattr(function, "is_hypothesis_test", False):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def example_city(tmp_path: Path) -> Callable[[str], Path]:
    """A copy of examples/<name>/ in a temporary folder, to change or build into; without the
    dist/ that the README's first command builds there (with its cache)."""

    def make(name: str) -> Path:
        root = tmp_path / name
        shutil.copytree(
            Path(__file__).parent.parent / "examples" / name, root, ignore=shutil.ignore_patterns("dist")
        )
        return root

    return make


@pytest.fixture
def city_case(tmp_path: Path) -> Callable[[str], Path]:
    """A copy of tests/cases/<name>/ as a city repository in a temporary folder, with what its
    generate.py makes at run time (big files, symlinks). Returns the repository's root."""

    def make(name: str) -> Path:
        source = CASES_DIR / name
        root = tmp_path / name / "repo"
        shutil.copytree(
            source, root, symlinks=True, ignore=shutil.ignore_patterns(*CASE_FILES, "__pycache__")
        )
        hook = source / "generate.py"
        if hook.is_file():
            # run as source, not imported: no __pycache__ in the case folder
            code = compile(hook.read_text(encoding="utf-8"), str(hook), "exec")
            namespace: dict[str, Any] = {"__name__": f"case_{name.replace('-', '_')}"}
            exec(code, namespace)
            try:
                namespace["generate"](root)
            except (NotImplementedError, OSError) as error:
                if can_symlink(tmp_path):  # any other failure is the case's: it must not go missing
                    raise
                pytest.skip(f"{name}: generate.py cannot run here, no symlinks: {error}")
        return root

    return make


def can_symlink(folder: Path) -> bool:
    """Whether a symbolic link can be made in `folder` (not on Windows without the right to)."""
    link = folder / ".symlink-probe"
    try:
        link.symlink_to(folder, target_is_directory=True)
    except (NotImplementedError, OSError):
        return False
    link.unlink()
    return True


@pytest.fixture(scope="session")
def example_pdf(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The PDF of examples/<city>, built (strict) once per session for every test that reads
    it: laying out an example takes a minute or more. Those tests are all in test_layout.py:
    under xdist (`-n auto --dist loadfile`) a module's tests share one worker, whose session
    this is, so that no example is laid out twice. Module fixtures are shared the same way."""
    from masterplan_cli.builder import build

    built: dict[str, Path] = {}

    def pdf(city: str) -> Path:
        if city not in built:
            out = tmp_path_factory.mktemp(f"{city}-pdf")
            built[city] = build(EXAMPLES / city, formats=["pdf"], out_dir=out, strict=True).files[0].path
        return built[city]

    return pdf


def page_numbering(document: Any) -> list[tuple[str, str | None] | None]:
    """Each section's numerals and first number (None: it goes on), None for an unnumbered one."""
    from docx.oxml.ns import qn

    numbering = [s._sectPr.find(qn("w:pgNumType")) for s in document.sections]
    return [None if n is None else (n.get(qn("w:fmt")), n.get(qn("w:start"))) for n in numbering]


# --- a small city written from Python data (diff, review, terminal safety) -------------------

City = dict[str, Any]  # file path in the repository -> its YAML data


def base_city() -> City:
    return {
        "masterplan.yaml": {
            "city": {"name": "Kota Contoh", "kind": "kota", "province": "Sumatera Barat"},
            "period": {"start": 2024, "end": 2028},
            "vision": "Kota Contoh yang cerdas dan melayani.",
            "missions": ["Melayani warga dengan cepat.", "Membuka data pemerintah."],
        },
        "pillars/governance.yaml": {
            "pillar": "governance",
            "goals": ["Layanan publik daring."],
            "strategies": ["Satu data."],
        },
        "opd/diskominfo.yaml": {
            "id": "diskominfo",
            "name": "Dinas Komunikasi dan Informatika",
            "short_name": "Diskominfo",
            "programs": [
                {
                    "id": "KOMINFO-01",
                    "name": "Satu Data",
                    "pillar": "governance",
                    "element": "policy",
                    "quick_win": True,
                    "start": 2024,
                    "end": 2025,
                    "budget": {2024: 100_000_000, 2025: 50_000_000},
                    "supporting": ["dlh"],
                },
                {
                    "id": "KOMINFO-02",
                    "name": "Kampung Cerdas",
                    "pillar": "society",
                    "start": 2025,
                    "end": 2026,
                    "budget": {2025: 200_000_000, 2026: 200_000_000},
                    "status": "planned",
                },
            ],
        },
        "opd/dlh.yaml": {
            "id": "dlh",
            "name": "Dinas Lingkungan Hidup",
            "short_name": "DLH",
            "programs": [
                {
                    "id": "DLH-01",
                    "name": "Bank Sampah Digital",
                    "pillar": "environment",
                    "start": 2024,
                    "budget": {2024: 75_000_000},
                }
            ],
        },
    }


def write_city(root: Path, city: City) -> Path:
    for path, data in city.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root


# --- git, with no user configuration ------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd: Path, *args: str) -> None:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull,
    }  # fmt: skip
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=environment)


# --- a new repository's to-do list, done (init and init-build) ----------------------------------


def fill_in(root: Path) -> None:
    """Do what a new repository's to-do list asks: the names of the region's head and of every
    OPD's head, the region's emblem instead of the stand-in logo, and each pillar's issues."""
    for path in sorted((root / "pillars").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\nissues: []", "\nissues: [Layanan masih tersebar.]"), encoding="utf-8")
    for path in [root / "masterplan.yaml", *sorted((root / "opd").glob("*.yaml"))]:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r'name: "\((?:nama|name of the) [^)]*\)"', 'name: "Dr. Andi Saputra, M.Si."', text)
        path.write_text(text, encoding="utf-8")
    (root / "assets" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>Lambang</title></svg>',
        encoding="utf-8",
    )
