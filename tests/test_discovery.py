"""Every command finds its city repository from any folder inside it, as git does, and never
looks past the top of a git work tree or a city repository that lacks its masterplan.yaml."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from masterplan_cli.cli import run
from masterplan_cli.discovery import find_root

CASES = Path(__file__).parent / "cases"


def check(*args: str) -> tuple[int, str]:
    with CliRunner().isolation() as (stdout, _stderr, _):
        code = run(["check", *args])
        sys.stdout.flush()
        return code, stdout.getvalue().decode()


@pytest.fixture
def city(tmp_path: Path) -> Path:
    root = tmp_path / "kota"
    shutil.copytree(CASES / "budget-in-juta", root, ignore=shutil.ignore_patterns("*.txt"))
    return root


def test_check_from_a_subfolder_is_the_check_of_the_repository(
    city: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(city)
    at_root = check()
    monkeypatch.chdir(city / "pillars")
    assert check() == at_root
    assert at_root[1].startswith("opd/diskominfo.yaml:10:20: MP255 ")  # paths from the repository's root
    assert check(str(city / "opd")) == at_root


def test_machine_formats_name_files_from_where_the_user_stands(
    city: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(city / "pillars")
    _, out = check("--format", "json")
    assert [item["path"] for item in json.loads(out)] == ["../opd/diskominfo.yaml"] * 2


def test_the_search_stops_at_the_top_of_a_git_work_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "masterplan.yaml").write_text("city: {}\n", encoding="utf-8")  # another project's file
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "sub").mkdir()
    assert find_root(project / "sub") is None
    monkeypatch.chdir(project / "sub")
    code, out = check()
    assert code == 1
    assert out.startswith(f"masterplan.yaml:1:1: MP011 no masterplan.yaml in {project / 'sub'}\n")


def test_a_city_without_masterplan_yaml_is_reported_not_one_above(tmp_path: Path) -> None:
    (tmp_path / "masterplan.yaml").write_text("city: {}\n", encoding="utf-8")
    city = tmp_path / "kota"
    (city / "opd").mkdir(parents=True)
    assert find_root(city) is None
    assert find_root(city / "opd") is None


def test_found_through_masterplan_yml_too(tmp_path: Path) -> None:
    (tmp_path / "masterplan.yml").write_text("city: {}\n", encoding="utf-8")
    (tmp_path / "pillars").mkdir()
    assert find_root(tmp_path / "pillars") == tmp_path.resolve()
