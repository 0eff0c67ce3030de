"""The CI files: the GitHub Action, the pre-commit hook, and the workflows `masterplan init`
writes (`ci_templates`), whose commands are run here as the CI would run them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import git
from masterplan_cli import __version__, ci_templates

PROJECT = Path(__file__).parent.parent
EXAMPLE = PROJECT / "examples" / "solok"


def load(text: str) -> Any:
    return yaml.safe_load(text)


def run_scripts(steps: list[dict[str, Any]]) -> list[str]:
    return [step["run"] for step in steps if "run" in step]


# --- action.yml ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def action() -> Any:
    return load((PROJECT / "action.yml").read_text(encoding="utf-8"))


def test_action_is_composite_with_its_inputs(action: Any) -> None:
    assert action["runs"]["using"] == "composite"
    defaults = {name: spec.get("default") for name, spec in action["inputs"].items()}
    assert defaults == {
        "path": ".",
        "formats": "md html pdf",
        "strict": "false",
        "diff": "true",
        "python-version": "3.12",
        "version": "",
        "artifact-name": "masterplan",
    }
    assert all(spec.get("description") for spec in action["inputs"].values())


def test_action_steps(action: Any) -> None:
    steps = action["runs"]["steps"]
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert uses == ["actions/setup-python", "actions/upload-artifact"]
    scripts = "\n".join(run_scripts(steps))
    assert "masterplan check --format github" in scripts
    assert 'masterplan diff --git "$base" --format markdown "$CITY" >> "$GITHUB_STEP_SUMMARY"' in scripts
    assert 'masterplan build "${flags[@]}" "$CITY"' in scripts
    assert "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0" in scripts


def test_action_scripts_take_inputs_from_the_environment(action: Any) -> None:
    """`${{ inputs.x }}` expanded inside a script is a script injection (a branch named
    `$(curl ...)`); inputs are passed as environment variables instead."""
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step.get("name")
            assert step["shell"] == "bash"


# --- .pre-commit-hooks.yaml ---------------------------------------------------------------------


def test_pre_commit_hook() -> None:
    (hook,) = load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "masterplan-check"
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "masterplan check",
        "python",
        False,
    )
    files = re.compile(hook["files"])
    assert [
        p for p in ["masterplan.yaml", "opd/dinkes.yml", "README.md", "assets/logo.svg"] if files.search(p)
    ] == [
        "masterplan.yaml",
        "opd/dinkes.yml",
    ]


# --- the workflows `masterplan init` writes -----------------------------------------------------


def test_github_workflow_shape() -> None:
    workflow = load(ci_templates.github_workflow("masterplan-cli==0.1.0"))
    assert workflow[True] == {
        "pull_request": None,
        "push": {"branches": ["main"]},
    }  # YAML 1.1 reads `on` as true
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["masterplan"]["steps"]
    assert steps[0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    assert steps[-1] == {
        "uses": "actions/upload-artifact@v4",
        "with": {"name": "masterplan", "path": "dist/"},
    }
    assert run_scripts(steps)[1:] == [
        "pip install masterplan-cli==0.1.0",
        "masterplan check --format github --strict .",
        'masterplan diff --git "origin/$BASE_REF" --format markdown . >> "$GITHUB_STEP_SUMMARY"',
        "masterplan build .",
    ]
    diff_step = steps[5]
    assert diff_step["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert diff_step["if"] == "${{ !cancelled() && github.event_name == 'pull_request' }}"


def test_github_workflow_for_a_city_in_a_subfolder() -> None:
    workflow = load(
        ci_templates.github_workflow("git+https://example.org/m.git@v1", path="kota solok", branch="utama")
    )
    steps = workflow["jobs"]["masterplan"]["steps"]
    assert workflow[True]["push"] == {"branches": ["utama"]}
    assert "masterplan check --format github --strict 'kota solok'" in run_scripts(steps)
    assert steps[-1]["with"]["path"] == "kota solok/dist/"


def test_gitlab_ci_shape() -> None:
    pipeline = load(ci_templates.gitlab_ci(python_version="3.11"))
    assert pipeline["stages"] == ["check", "build"]
    assert pipeline["default"]["image"] == "python:3.11"
    assert pipeline["masterplan-check"]["artifacts"]["reports"] == {"junit": "masterplan-check.xml"}
    assert pipeline["masterplan-diff"]["script"][0] == (
        'masterplan diff --git "$CI_MERGE_REQUEST_DIFF_BASE_SHA" --format markdown . > masterplan-diff.md'
    )
    assert pipeline["masterplan-diff"]["variables"] == {"GIT_DEPTH": 0}
    assert pipeline["masterplan-build"]["artifacts"]["paths"] == ["dist/"]


def test_pre_commit_config() -> None:
    config = load(ci_templates.pre_commit_config("https://github.com/masterplan-cli/masterplan", "v0.1.0"))
    assert config == {
        "repos": [
            {
                "repo": "https://github.com/masterplan-cli/masterplan",
                "rev": "v0.1.0",
                "hooks": [{"id": "masterplan-check"}],
            }
        ]
    }


# --- the workflow's commands, run as GitHub would run them --------------------------------------


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None, reason="needs git and bash")
@pytest.mark.slow  # the workflow's commands in processes of their own
def test_github_workflow_commands_run(tmp_path: Path) -> None:
    """A pull request that changes the example city: `check` annotates and fills the step
    summary, `diff` adds the plan's changes to it."""
    upstream = tmp_path / "upstream"
    shutil.copytree(EXAMPLE, upstream, ignore=shutil.ignore_patterns("dist"))
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", "city")
    workspace = tmp_path / "workspace"
    git(tmp_path, "clone", "-q", str(upstream), str(workspace))  # origin/main, as after checkout
    opd = next(
        p
        for p in sorted((workspace / "opd").glob("*.yaml"))
        if "quick_win: true" in p.read_text(encoding="utf-8")
    )
    opd.write_text(
        opd.read_text(encoding="utf-8").replace("quick_win: true", "quick_win: false", 1),
        encoding="utf-8",
    )

    summary = tmp_path / "summary.md"
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(summary),
        "BASE_REF": "main",
    }
    steps = load(ci_templates.github_workflow())["jobs"]["masterplan"]["steps"]
    check, diff = run_scripts(steps)[2:4]
    done = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", check],
        cwd=workspace,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stderr
    assert done.stderr == ""
    done = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", diff],
        cwd=workspace,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stderr) == (0, "")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("### masterplan check\n")
    assert "### masterplan diff: `origin/main` → `working tree`" in text
    assert "**Quick wins:** 0 gained, 1 lost" in text


def test_readme_shows_the_workflow_init_writes() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Checks in CI") :]
    workflow = ci_templates.github_workflow().replace(__version__, "X.Y.Z")  # the version lives in one place
    assert f"```yaml\n{workflow}```" in section


@pytest.mark.slow  # git clones and three builds in processes of their own
@pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None, reason="needs git and bash")
def test_action_scripts_run(action: Any, tmp_path: Path) -> None:
    """The Action's check, diff and build scripts, as the runner would run them, on a
    shallow clone (the diff step fetches the base itself)."""
    upstream = tmp_path / "upstream"
    shutil.copytree(EXAMPLE, upstream / "kota", ignore=shutil.ignore_patterns("dist"))
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", "city")
    git(upstream, "checkout", "-q", "-b", "pr")
    masterplan = upstream / "kota" / "masterplan.yaml"
    text = masterplan.read_text(encoding="utf-8")
    vision = text[text.index("\nvision:") : text.index("\nmissions:")]  # in two languages
    masterplan.write_text(text.replace(vision, "\nvision: Kota yang baru.\nx: 1", 1), encoding="utf-8")
    git(upstream, "commit", "-q", "-am", "change")
    workspace = tmp_path / "workspace"
    git(tmp_path, "clone", "-q", "--depth=1", "--branch", "pr", f"file://{upstream}", str(workspace))

    summary, output = tmp_path / "summary.md", tmp_path / "output"
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        "CITY": "kota",
        "STRICT": "false",
        "FORMATS": "md",
        "BASE_REF": "main",
    }
    steps = {step.get("name"): step["run"] for step in action["runs"]["steps"] if "run" in step}
    results = {}
    for name in ("Check", "What the pull request changes in the plan", "Build"):
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", steps[name]],
            cwd=workspace,
            env=environment,
            capture_output=True,
            text=True,
        )
        results[name] = (done.returncode, done.stdout)
    assert results["Check"][0] == 1  # `x` is an unknown key
    assert "::error file=kota/masterplan.yaml," in results["Check"][1]
    assert results["What the pull request changes in the plan"][0] == 0
    assert results["Build"][0] == 1  # nothing is built from a city with errors
    text = summary.read_text(encoding="utf-8")
    assert "| error | MP101 unknown-key | `kota/masterplan.yaml:" in text
    assert "### masterplan diff: `refs/remotes/origin/main` → `working tree`" in text

    # The pull request fixed: the check passes, the diff tells the new vision, the build writes.
    fixed = workspace / "kota" / "masterplan.yaml"
    lines = fixed.read_text(encoding="utf-8").splitlines(keepends=True)
    fixed.write_text("".join(line for line in lines if not line.startswith("x:")), encoding="utf-8")
    summary.unlink()
    for name in ("Check", "What the pull request changes in the plan", "Build"):
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", steps[name]],
            cwd=workspace,
            env=environment,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, (name, done.stdout, done.stderr)
    assert "| `vision` |" in summary.read_text(encoding="utf-8")
    assert output.read_text(encoding="utf-8").endswith("dist=kota/dist\n")
    assert (workspace / "kota" / "dist" / "masterplan.md").is_file()


@pytest.mark.parametrize(
    "workflow",
    [
        pytest.param(
            lambda spec: run_scripts(load(ci_templates.github_workflow(spec))["jobs"]["masterplan"]["steps"]),
            id="github",
        ),
        pytest.param(
            lambda spec: load(ci_templates.gitlab_ci(spec))["default"]["before_script"], id="gitlab"
        ),
    ],
)
def test_an_install_spec_is_one_shell_word(workflow: Callable[[str], list[str]]) -> None:
    """Unquoted, `>=` is a redirection: pip would install any version, into a file named `=1.0`."""
    assert "pip install 'masterplan-cli>=1.0'" in workflow("masterplan-cli>=1.0")
