"""`masterplan check` and `masterplan --version` start fast: they never import the heavy
libraries that only `build` needs (Jinja, markdown-it, mdformat, WeasyPrint, fontTools)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

HEAVY = ("jinja2", "markdown_it", "mdformat", "weasyprint", "fontTools", "openpyxl", "ruamel", "docx")
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


def _imports(path: Path, module: str) -> set[str]:
    """The masterplan_cli modules `module` imports, at the top or inside a function (an import
    put off until it is needed still closes a cycle); `if TYPE_CHECKING:` blocks left out."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - child.level + 1] if child.level else []
                target = ".".join([*base, *([child.module] if child.module else [])])
                found.update(f"{target}.{alias.name}" for alias in child.names)
                found.add(target)
            elif isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def test_no_module_imports_itself_through_others() -> None:
    source = Path(__file__).parent.parent / "src"
    paths = {
        ".".join(p.relative_to(source).with_suffix("").parts).removesuffix(".__init__"): p
        for p in source.glob("masterplan_cli/**/*.py")
    }
    graph = {
        name: {t for t in _imports(path, name) if t in paths and t != name and not t.startswith(name + ".")}
        for name, path in paths.items()
    }
    cycles = []
    for start in graph:  # a path back to `start`, found depth first
        stack, seen = [(start, (start,))], set()
        while stack:
            name, trail = stack.pop()
            for target in graph[name]:
                if target == start:
                    cycles.append(" -> ".join([*trail, start]))
                elif target not in seen:
                    seen.add(target)
                    stack.append((target, (*trail, target)))
    assert cycles == []
