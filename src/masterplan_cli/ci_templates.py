"""The CI files a new city repository gets from `masterplan init`: GitHub Actions, GitLab CI
and pre-commit.

Each pull request is checked with annotations on the changed lines, the plan-level difference
against the target branch goes into the step summary (GitHub) or an artifact shown on the
merge request (GitLab), and the built documents are kept as an artifact.

The texts are plain strings, not templates: GitHub's own `${{ ... }}` expressions would fight
with Jinja's, and a reader sees here exactly what is written.
"""

from __future__ import annotations

import json
import shlex

from . import __version__

# The version that writes the file: a city's CI then builds with the masterplan its files were
# checked with, and a new release changes nothing until someone changes this line.
DEFAULT_INSTALL = f"masterplan-cli=={__version__}"
# Said in a comment above the install step of each file.
OTHER_INSTALLS = (
    f"masterplan {__version__} wrote this file, and CI installs that version. For another release,\n"
    'change the version; for a fork or a branch: pip install "git+https://github.com/OWNER/masterplan@BRANCH"'
)
DEFAULT_PYTHON = "3.12"
# WeasyPrint's system libraries; harfbuzz-subset makes font subsetting fast (TECH-NOTES).
SYSTEM_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str, indent: str) -> str:
    return "".join(f"{indent}# {line}\n" for line in text.splitlines())


def _dist(path: str) -> str:
    return "dist/" if path in ("", ".") else f"{path.rstrip('/')}/dist/"


def github_workflow(
    install: str = DEFAULT_INSTALL,
    *,
    path: str = ".",
    branch: str = "main",
    python_version: str = DEFAULT_PYTHON,
) -> str:
    """`.github/workflows/masterplan.yml`: check with annotations, a diff against the pull
    request's base in the step summary, and the built documents as an artifact.

    `install` is what `pip install` gets (a PyPI requirement, a git URL or a path); `path` is
    the city repository inside the git repository.
    """
    repo = shlex.quote(path)
    return f"""\
# Checks the masterplan on every pull request and builds the documents.
# Problems are shown on the changed lines; what the pull request changes in the plan
# (programs, budgets, quick wins) is in the run's summary; the documents are an artifact.
name: masterplan

on:
  pull_request:
  push:
    branches: [{_quoted(branch)}]

permissions:
  contents: read

jobs:
  masterplan:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the diff needs the pull request's base
      - uses: actions/setup-python@v5
        with:
          python-version: {_quoted(python_version)}
      - name: Install the PDF libraries
        run: sudo apt-get update && sudo apt-get install -y --no-install-recommends {SYSTEM_PACKAGES}
{_comment(OTHER_INSTALLS, "      ")}      - name: Install masterplan
        run: pip install {shlex.quote(install)}
      - name: Check
        run: masterplan check --format github --strict {repo}
      - name: What this pull request changes
        if: ${{{{ !cancelled() && github.event_name == 'pull_request' }}}}
        env:
          BASE_REF: ${{{{ github.base_ref }}}}
        run: masterplan diff --git "origin/$BASE_REF" --format markdown {repo} >> "$GITHUB_STEP_SUMMARY"
      - name: Build
        run: masterplan build {repo}
      - uses: actions/upload-artifact@v4
        with:
          name: masterplan
          path: {_quoted(_dist(path))}
"""


def gitlab_ci(
    install: str = DEFAULT_INSTALL,
    *,
    path: str = ".",
    branch: str = "main",
    python_version: str = DEFAULT_PYTHON,
) -> str:
    """`.gitlab-ci.yml`: the same as the GitHub workflow in two stages. The check's findings
    are a JUnit report (GitLab lists them on the merge request); the diff is an artifact
    linked from the merge request."""
    repo = shlex.quote(path)
    return f"""\
# Checks the masterplan on every merge request and builds the documents.
stages: [check, build]

default:
  image: python:{python_version}
{_comment(OTHER_INSTALLS, "  ")}  before_script:
    - pip install {shlex.quote(install)}

workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == {_quoted(branch)}

masterplan-check:
  stage: check
  script:
    - masterplan check --format junit {repo} > masterplan-check.xml || true
    - masterplan check --strict {repo}
  artifacts:
    when: always
    reports:
      junit: masterplan-check.xml

masterplan-diff:
  stage: check
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  allow_failure: true  # a diff that cannot be made must not block the build
  variables:
    GIT_DEPTH: 0  # the diff needs the merge request's base
  script:
    - masterplan diff --git "$CI_MERGE_REQUEST_DIFF_BASE_SHA" --format markdown {repo} > masterplan-diff.md
    - cat masterplan-diff.md
  artifacts:
    expose_as: masterplan diff
    paths: [masterplan-diff.md]

masterplan-build:
  stage: build
  script:
    - apt-get update && apt-get install -y --no-install-recommends {SYSTEM_PACKAGES}
    - masterplan build {repo}
  artifacts:
    name: masterplan
    paths: [{_quoted(_dist(path))}]
"""


def pre_commit_config(repository: str, rev: str) -> str:
    """`.pre-commit-config.yaml` for a city repository: the `masterplan-check` hook of the
    masterplan repository at `rev` (a tag)."""
    return f"""\
repos:
  - repo: {repository}
    rev: {_quoted(rev)}
    hooks:
      - id: masterplan-check
"""
