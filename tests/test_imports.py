"""`masterplan check` and `masterplan --version` start fast: they never import the heavy
libraries that only `build` needs (Jinja, markdown-it, WeasyPrint, fontTools)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

HEAVY = ("jinja2", "markdown_it", "weasyprint", "fontTools", "openpyxl", "ruamel", "docx")
PROBE = """
import sys
from masterplan_cli.__main__ import main
sys.argv = ["masterplan", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))
print("heavy modules:", ", ".join(heavy) or "none", file=sys.stderr)
""".replace("HEAVY", repr(HEAVY))


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--version"], id="--version"),
        pytest.param(["check", "{root}"], id="check"),
        pytest.param(["check", "{root}", "--format", "json"], id="check --format json"),
        pytest.param(["check", "{root}", "--format", "github"], id="check --format github"),
    ],
)
def test_check_and_version_import_no_heavy_library(args: list[str], city_case: Callable[[str], Path]) -> None:
    root = str(city_case("valid-complete"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}  # no step summary written
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *(arg.replace("{root}", root) for arg in args)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.stderr.splitlines()[-1] == "heavy modules: none", done.stderr
