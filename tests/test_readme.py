"""Every `masterplan` command in README.md's `sh` code blocks runs as written and succeeds: in a
shell, with the installed console script, stdin not a terminal, in a copy of examples/solok
that is a git repository (with an `origin/main` and a tag `v1.0`, which the diff examples name);
`init` beside it, in a folder of its own.

How a synopsis line becomes a command: a comment is dropped, `[...]` (optional) is left out,
and the placeholders PATH, OLD and NEW name the city (`.`). A command the README shows on a
terminal (`init` followed by a transcript of its questions) gets the transcript's answers."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from masterplan_cli.cli import run
from masterplan_cli.scaffold import console

HERE = Path(__file__).parent
README = HERE.parent / "README.md"
SOLOK = HERE.parent / "examples" / "solok"
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks() -> list[tuple[str, str]]:
    return [(match[1], match[2]) for match in BLOCK.finditer(README.read_text(encoding="utf-8"))]


def commands(block: str) -> list[str]:
    """The command lines of a block that runs `masterplan` (synopsis turned into a command);
    none for a block that does not (`make`, `pip`)."""
    lines = [re.sub(r"(^|\s+)#.*$", "", line).strip() for line in re.sub(r"\\\n\s*", " ", block).splitlines()]
    if not any(line.startswith("masterplan ") for line in lines):
        return []
    found = [re.sub(r"\s*\[[^\]]*\]", "", line) for line in lines if line]
    return [re.sub(r"\b(PATH|OLD|NEW)\b", ".", line) for line in found]


def shell_blocks() -> list[tuple[int, list[str]]]:
    """The `sh` blocks with `masterplan` commands, by their place among all blocks; the one
    followed by a transcript of `init`'s questions is run on a terminal instead."""
    every = blocks()
    return [
        (index, commands(text))
        for index, (language, text) in enumerate(every)
        if language == "sh" and commands(text) and not transcript_after(every, index)
    ]


def transcript_after(every: list[tuple[str, str]], index: int) -> list[str] | None:
    """The answers of the question transcript right after block `index`, if there is one."""
    if index + 1 >= len(every) or every[index + 1][0] or "]:" not in every[index + 1][1]:
        return None
    return [re.sub(r"^.*?(?:\]|\)): ?", "", line) for line in every[index + 1][1].splitlines()]


def scene(tmp_path: Path) -> Path:
    root = tmp_path / "solok"
    shutil.copytree(SOLOK, root, ignore=shutil.ignore_patterns("dist"))
    for git in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "start"],
        ["tag", "v1.0"],
        ["update-ref", "refs/remotes/origin/main", "HEAD"],
    ):
        subprocess.run(["git", *git], cwd=root, check=True)
    return root


def test_the_readme_shows_commands_to_run() -> None:
    """The parsing finds the commands (a test of nothing would pass too)."""
    shown = [command for _, found in shell_blocks() for command in found]
    assert (
        'masterplan init kota-baru --city "Kota Baru" --kind kota --province "Sumatera Barat" --start 2025 --end 2029'
        in shown
    )
    assert "masterplan check" in shown
    assert len(shown) >= 20


@pytest.mark.pdf
@pytest.mark.parametrize("index", [pytest.param(i, id=found[0]) for i, found in shell_blocks()])
def test_every_command_of_the_readme_runs_as_written(tmp_path: Path, index: int) -> None:
    root = scene(tmp_path)
    bin_dir = str(Path(sys.executable).parent)  # the venv's console script
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ["PATH"]}
    env["GITHUB_STEP_SUMMARY"] = str(tmp_path / "summary.md")
    for command in dict(shell_blocks())[index]:
        # `init` starts a new city beside this one: inside a repository it refuses to nest one
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=tmp_path if command.startswith("masterplan init") else root,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"


def test_init_on_a_terminal_with_the_readme_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    every = blocks()
    (index,) = [i for i, (language, _) in enumerate(every) if language == "sh" and transcript_after(every, i)]
    (command,) = commands(every[index][1])
    answers = transcript_after(every, index)
    assert answers is not None
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(console, "stdin_is_interactive", lambda: True)
    with CliRunner().isolation(input="\n".join(answers) + "\n") as (stdout, stderr, _):
        code = run(command.split()[1:])
        sys.stdout.flush()
        output = stdout.getvalue().decode() + stderr.getvalue().decode()
    assert code == 0, output
    assert "province: Sumatera Barat" in (tmp_path / "kota-solok" / "masterplan.yaml").read_text(
        encoding="utf-8"
    )
