"""The lock (requirements/dev.txt) agrees with pyproject.toml: a dependency added to
pyproject.toml without `make lock` fails here with the fix, not later as an ImportError."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).parent.parent
LOCK = ROOT / "requirements" / "dev.txt"


def pins() -> dict[str, list[str]]:
    """Each locked package's pinned versions (more than one where Python versions differ)."""
    found: dict[str, list[str]] = {}
    for name, version in re.findall(
        r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", LOCK.read_text(encoding="utf-8"), re.M
    ):
        found.setdefault(canonicalize_name(name), []).append(version)
    return found


def test_every_dependency_is_locked_at_an_allowed_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [
        *project["dependencies"],
        *(r for extra in project["optional-dependencies"].values() for r in extra),
    ]
    locked = pins()
    problems = []
    for text in wanted:
        requirement = Requirement(text)
        versions = locked.get(canonicalize_name(requirement.name))
        if not versions:
            problems.append(f"{requirement.name} is not in the lock")
        problems += [
            f"{requirement.name}=={v} is outside {requirement.specifier}"
            for v in versions or []
            if not requirement.specifier.contains(v, prereleases=True)
        ]
    assert problems == [], "run `make lock` and commit requirements/dev.txt"
