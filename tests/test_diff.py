"""`masterplan diff`: each kind of change on a small city, with the exact Markdown it gives.

Each case starts from the same small city (`base_city`), changes one thing, and compares the
Markdown with `tests/diff_cases/<case>.md` (rendered on GitHub, those files show what a
reviewer sees). After an intended change to the output, regenerate them with
`MASTERPLAN_UPDATE_DIFF_CASES=1 pytest tests/test_diff.py` and review the git diff.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import City, base_city, git, needs_git, write_city
from masterplan_cli.cli import run
from masterplan_cli.diff_report import as_json, as_markdown, as_text, rupiah, signed_rupiah
from masterplan_cli.differ import compare, diff_repositories, snapshot
from masterplan_cli.i18n import Messages
from masterplan_cli.project import load_repository
from masterplan_cli.render.context import funding_names
from masterplan_cli.views import derive

CASES = Path(__file__).parent / "diff_cases"
UPDATE = os.environ.get("MASTERPLAN_UPDATE_DIFF_CASES") == "1"


def program(city: City, program_id: str) -> dict[str, Any]:
    for path, data in city.items():
        if path.startswith("opd/"):
            for item in data.get("programs", []):
                if item["id"] == program_id:
                    return item  # type: ignore[no-any-return]
    raise KeyError(program_id)


# --- the changes, one per case -------------------------------------------------------------------


def no_change(city: City) -> None:
    pass


def program_added(city: City) -> None:
    city["opd/dlh.yaml"]["programs"].append(
        {
            "id": "DLH-02",
            "name": "Sensor Kualitas Udara",
            "pillar": "environment",
            "quick_win": True,
            "start": 2025,
            "end": 2026,
            "budget": {2025: 120_000_000, 2026: 30_000_000},
        }
    )


def program_removed(city: City) -> None:
    city["opd/diskominfo.yaml"]["programs"].pop(1)


def program_renamed(city: City) -> None:
    program(city, "KOMINFO-02")["name"] = "Kelurahan Digital | Kampung <Cerdas>"


def fields_changed(city: City) -> None:
    item = program(city, "KOMINFO-02")
    item.update(status="in-progress", progress=40, supporting=["dlh"], category="infrastructure")
    item["description"] = "Wi-Fi publik dan layanan daring di setiap kelurahan."


def budget_changed(city: City) -> None:
    program(city, "KOMINFO-02")["budget"] = {2025: 150_000_000, 2026: 200_000_000}
    program(city, "DLH-01")["budget"] = {2024: 100_000_000}


def quick_win_lost(city: City) -> None:
    program(city, "KOMINFO-01")["quick_win"] = False


def quick_win_dropped(city: City) -> None:
    """The document leaves a dropped program out of its totals and its quick wins: so does diff."""
    program(city, "KOMINFO-01")["status"] = "dropped"


def years_moved(city: City) -> None:
    item = program(city, "KOMINFO-02")
    item.update(start=2026, end=2027, budget={2026: 200_000_000, 2027: 200_000_000})


def program_moved_to_another_opd(city: City) -> None:
    moved = city["opd/diskominfo.yaml"]["programs"].pop(1)
    city["opd/dlh.yaml"]["programs"].append(moved)


def period_and_vision_changed(city: City) -> None:
    city["masterplan.yaml"]["period"] = {"start": 2025, "end": 2029}
    city["masterplan.yaml"]["vision"] = "Kota Contoh yang cerdas, hijau dan melayani."
    city["masterplan.yaml"]["missions"].append("Menjaga lingkungan.")


def framework_changed(city: City) -> None:
    city["masterplan.yaml"]["framework"] = {
        "id": "contoh",
        "name": "Kerangka Kota Contoh",
        "base": "kominfo",
        "pillars": [
            {
                "id": "resilience",
                "name": {"id": "Ketangguhan Bencana", "en": "Disaster Resilience"},
                "elements": [{"id": "early-warning", "name": "Peringatan Dini"}],
            }
        ],
    }


def analysis_and_opds_changed(city: City) -> None:
    city["pillars/governance.yaml"]["goals"].append("Birokrasi tanpa kertas.")
    city["pillars/society.yaml"] = {"pillar": "society", "goals": ["Warga cakap digital."]}
    city["opd/dlh.yaml"]["name"] = "Dinas Lingkungan Hidup dan Kebersihan"
    city["opd/bappeda.yaml"] = {"id": "bappeda", "name": "Badan Perencanaan Pembangunan Daerah"}


def many_changes(city: City) -> None:
    program_added(city)
    program_removed(city)
    program(city, "DLH-01")["budget"] = {2024: 100_000_000}
    quick_win_lost(city)


CHANGES: list[Callable[[City], None]] = [
    no_change,
    program_added,
    program_removed,
    program_renamed,
    fields_changed,
    budget_changed,
    quick_win_lost,
    quick_win_dropped,
    years_moved,
    program_moved_to_another_opd,
    period_and_vision_changed,
    framework_changed,
    analysis_and_opds_changed,
    many_changes,
]


@pytest.fixture
def cities(tmp_path: Path) -> Callable[[Callable[[City], None]], tuple[Path, Path]]:
    """The base city as `old`, and the base city with a change as `new`."""

    def make(change: Callable[[City], None]) -> tuple[Path, Path]:
        new = base_city()
        change(new)
        return write_city(tmp_path / "old", base_city()), write_city(tmp_path / "new", new)

    return make


def markdown(old: Path, new: Path) -> str:
    # Labels as a reader would type them, so the expected files do not hold temporary paths.
    return as_markdown(compare(snapshot(old, "main"), snapshot(new, "pull request")))


@pytest.mark.parametrize("change", [pytest.param(c, id=c.__name__.replace("_", " ")) for c in CHANGES])
def test_markdown(change: Callable[[City], None], cities: Any) -> None:
    old, new = cities(change)
    expected = CASES / f"{change.__name__.replace('_', '-')}.md"
    actual = markdown(old, new)
    if UPDATE:
        expected.parent.mkdir(exist_ok=True)
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")


def test_every_case_has_its_expected_file() -> None:
    names = {f"{c.__name__.replace('_', '-')}.md" for c in CHANGES}
    assert {p.name for p in CASES.glob("*.md")} == names


# --- what each kind of change is, as data -------------------------------------------------------


def plan_diff(cities: Any, change: Callable[[City], None]) -> Any:
    old, new = cities(change)
    return diff_repositories(old, new)


def test_added_and_quick_win_gained(cities: Any) -> None:
    result = plan_diff(cities, program_added)
    assert [p.id for p in result.added] == ["DLH-02"]
    assert [p.id for p in result.quick_wins_gained] == ["DLH-02"]
    assert (result.total.old, result.total.new) == (625_000_000, 775_000_000)


def test_removed(cities: Any) -> None:
    result = plan_diff(cities, program_removed)
    assert [p.id for p in result.removed] == ["KOMINFO-02"]
    assert [(r.key, r.delta) for r in result.budget_by_pillar] == [("society", -400_000_000)]


def test_renamed_is_a_change_of_the_same_id(cities: Any) -> None:
    result = plan_diff(cities, program_renamed)
    assert (result.added, result.removed) == ([], [])
    assert [c.id for c in result.renamed] == ["KOMINFO-02"]


def test_budget_by_pillar_opd_and_year(cities: Any) -> None:
    result = plan_diff(cities, budget_changed)
    assert [(r.key, r.delta) for r in result.budget_by_pillar] == [
        ("society", -50_000_000),
        ("environment", 25_000_000),
    ]
    assert [(r.key, r.delta) for r in result.budget_by_opd] == [
        ("diskominfo", -50_000_000),
        ("dlh", 25_000_000),
    ]
    assert [(r.key, r.delta) for r in result.budget_by_year] == [
        ("2024", 25_000_000),
        ("2025", -50_000_000),
    ]
    assert result.total.delta == -25_000_000


def test_a_dropped_quick_win_leaves_the_totals_as_it_leaves_the_document(cities: Any) -> None:
    old, new = cities(quick_win_dropped)
    result = compare(snapshot(old, "main"), snapshot(new, "pull request"))
    plan, _ = load_repository(new)
    assert plan is not None
    document = derive(plan, "id", funding_names(Messages("id")))
    assert (result.total.new, document.budget_total) == (475_000_000, 475_000_000)
    assert (result.after.quick_wins, document.quick_wins) == (frozenset(), ())
    assert as_text(result).splitlines()[2:5] == [
        "Programs:   1 changed",
        "Budget:     Rp625.000.000 → Rp475.000.000 (−Rp150.000.000)",
        "Quick wins: 0 gained, 1 lost",
    ]


def test_years_moved(cities: Any) -> None:
    result = plan_diff(cities, years_moved)
    assert [c.id for c in result.moved] == ["KOMINFO-02"]
    assert [f.field for f in result.changed[0].fields] == ["start", "end", "budget"]


def test_an_end_left_out_is_the_start_year(cities: Any) -> None:
    result = plan_diff(cities, lambda city: program(city, "DLH-01").update(end=2024))
    assert not result.has_changes


def test_settings(cities: Any) -> None:
    result = plan_diff(cities, period_and_vision_changed)
    assert [c.field for c in result.settings] == ["period", "vision", "missions"]
    result = plan_diff(cities, framework_changed)
    assert [c.field for c in result.settings] == ["framework", "pillars"]


# --- formats ------------------------------------------------------------------------------------


def test_text(cities: Any) -> None:
    old, new = cities(many_changes)
    assert (
        as_text(compare(snapshot(old, "main"), snapshot(new, "pull request")))
        == """\
masterplan diff: main → pull request

Programs:   1 added, 1 removed, 2 changed
Budget:     Rp625.000.000 → Rp400.000.000 (−Rp225.000.000)
Quick wins: 1 gained, 1 lost

Programs added
  + DLH-02 Sensor Kualitas Udara (DLH, environment, 2025–2026, Rp150.000.000, quick win)

Programs removed
  - KOMINFO-02 Kampung Cerdas (Diskominfo, society, 2025–2026, Rp400.000.000)

Programs changed
  ~ DLH-01 Bank Sampah Digital
      budget: 2024: Rp75.000.000 (total Rp75.000.000) → 2024: Rp100.000.000 (total Rp100.000.000)
  ~ KOMINFO-01 Satu Data
      quick_win: yes → no

Budget by pillar
  Smart Society: Rp400.000.000 → Rp0 (−Rp400.000.000)
  Smart Environment: Rp75.000.000 → Rp250.000.000 (+Rp175.000.000)

Budget by OPD
  Diskominfo: Rp550.000.000 → Rp150.000.000 (−Rp400.000.000)
  DLH: Rp75.000.000 → Rp250.000.000 (+Rp175.000.000)

Budget by year
  2024: Rp175.000.000 → Rp200.000.000 (+Rp25.000.000)
  2025: Rp250.000.000 → Rp170.000.000 (−Rp80.000.000)
  2026: Rp200.000.000 → Rp30.000.000 (−Rp170.000.000)

Quick wins gained
  + DLH-02 Sensor Kualitas Udara

Quick wins lost
  - KOMINFO-01 Satu Data
"""
    )


def test_json(cities: Any) -> None:
    old, new = cities(many_changes)
    data = json.loads(as_json(compare(snapshot(old, "main"), snapshot(new, "pull request"))))
    assert data["old"] == {"label": "main", "exists": True, "complete": True, "errors": 0}
    assert data["changed"] is True
    assert [p["id"] for p in data["programs"]["added"]] == ["DLH-02"]
    assert data["programs"]["added"][0]["budget"] == {"2025": 120_000_000, "2026": 30_000_000}
    assert data["programs"]["added"][0]["opd"] == "dlh"
    assert [p["id"] for p in data["programs"]["removed"]] == ["KOMINFO-02"]
    assert data["programs"]["changed"][1] == {
        "id": "KOMINFO-01",
        "renamed": False,
        "moved": False,
        "fields": [{"field": "quick_win", "old": True, "new": False}],
    }
    assert data["budget"]["total"] == {
        "key": "total",
        "label": "Total",
        "old": 625_000_000,
        "new": 400_000_000,
        "delta": -225_000_000,
    }
    assert data["quick_wins"] == {"gained": ["DLH-02"], "lost": ["KOMINFO-01"]}
    assert data["uncompared"] == []


def test_rupiah() -> None:
    assert rupiah(1_250_000_000) == "Rp1.250.000.000"
    assert (signed_rupiah(5), signed_rupiah(-5), signed_rupiah(0)) == ("+Rp5", "−Rp5", "0")


# --- a side with errors -------------------------------------------------------------------------


def test_programs_in_a_broken_file_are_not_called_removed(cities: Any) -> None:
    old, new = cities(no_change)
    (new / "opd" / "dlh.yaml").write_text("id: dlh\nname: [unclosed\n", encoding="utf-8")
    result = diff_repositories(old, new)
    assert (result.removed, [p.id for p in result.uncompared]) == ([], ["DLH-01"])
    assert result.opds == []  # the OPD is not "removed" either
    assert result.total.delta == 0
    text = as_markdown(result)
    assert "has 1 error: what is in error is left out of this comparison" in text
    assert "Programs not compared, in a file with errors on one side (1)" in text


def test_a_broken_program_is_not_called_removed(cities: Any) -> None:
    old, new = cities(lambda city: program(city, "DLH-01").update(start="dua ribu"))
    result = diff_repositories(old, new)
    assert (result.removed, [p.id for p in result.uncompared]) == ([], ["DLH-01"])


def test_a_masterplan_with_errors_still_compares_programs(cities: Any) -> None:
    old, new = cities(program_removed)
    (new / "masterplan.yaml").write_text(
        (new / "masterplan.yaml").read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8"
    )
    result = diff_repositories(old, new)
    assert [p.id for p in result.removed] == ["KOMINFO-02"]
    assert result.settings == []
    assert "masterplan.yaml has errors, so the period, vision and framework are not compared" in as_text(
        result
    )


# --- the command --------------------------------------------------------------------------------


def test_command_two_folders(cities: Any, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = cities(program_renamed)
    assert run(["diff", str(old), str(new), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"### masterplan diff: `{old}` → `{new}`\n")


@pytest.mark.parametrize(
    ("change", "flags", "code"),
    [
        pytest.param(no_change, [], 0, id="same, plain"),
        pytest.param(program_added, [], 0, id="different, plain"),
        pytest.param(no_change, ["--exit-code"], 0, id="same, --exit-code"),
        pytest.param(program_added, ["--exit-code"], 1, id="different, --exit-code"),
    ],
)
def test_command_exit_codes(cities: Any, change: Any, flags: list[str], code: int) -> None:
    old, new = cities(change)
    assert run(["diff", str(old), str(new), *flags]) == code


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["diff"], "give two city repositories (OLD NEW), or --git REV", id="nothing"),
        pytest.param(["diff", "."], "give two city repositories (OLD NEW), or --git REV", id="one folder"),
        pytest.param(
            ["diff", "--git", "HEAD", ".", "."],
            "with --git, give one city repository",
            id="git and two",
        ),
        pytest.param(["diff", "missing", "."], "missing is not a folder", id="no such folder"),
    ],
)
def test_command_usage_errors(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(args) == 2
    assert message in capsys.readouterr().err


def test_command_not_a_city(cities: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, _ = cities(no_change)
    (tmp_path / "empty").mkdir()
    assert run(["diff", str(old), str(tmp_path / "empty")]) == 2
    assert (
        capsys.readouterr().err
        == f"Error: {tmp_path / 'empty'} is not a city repository: it has no masterplan.yaml\n"
    )


def test_command_unreadable_masterplan(cities: Any, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = cities(no_change)
    (new / "masterplan.yaml").write_text("city: [unclosed\n", encoding="utf-8")
    assert run(["diff", str(old), str(new)]) == 1
    assert capsys.readouterr().err == (
        f"Error: the plan in {new} cannot be compared: its masterplan.yaml has errors "
        "(run `masterplan check` to see them)\n"
    )


# --- --git --------------------------------------------------------------------------------------


@pytest.fixture
def git_city(tmp_path: Path) -> Path:
    """A git repository with the base city in `city/`, committed on `main`."""
    top = tmp_path / "repo"
    write_city(top / "city", base_city())
    (top / "README.md").write_text("not a city file\n", encoding="utf-8")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "base")
    return top / "city"


@needs_git
def test_git_compares_a_revision_with_the_work_tree(
    git_city: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    city = base_city()
    program_added(city)
    write_city(git_city, city)  # not committed: the work tree is what is compared
    monkeypatch.chdir(git_city)
    assert run(["diff", "--git", "main", "--format", "markdown", "--exit-code"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("### masterplan diff: `main` → `working tree`\n\n**Programs:** 1 added · ")


@needs_git
def test_two_revisions_or_a_revision_and_a_folder_compare_from_python(git_city: Path) -> None:
    """`load_side` + `compare`, the engine without the command: a plan as tagged against a
    later commit, and against the files as they are now."""
    from masterplan_cli.differ import load_side

    top = git_city.parent
    git(top, "tag", "v1")
    city = base_city()
    program_added(city)
    write_city(git_city, city)
    git(top, "commit", "-q", "-am", "a program more")
    before = load_side(git_city, "v1")
    assert before.label == "v1"
    between = compare(before, load_side(git_city, "HEAD"))
    assert [p.id for p in between.added] == ["DLH-02"] and not between.removed
    assert [p.id for p in between.quick_wins_gained] == ["DLH-02"]
    assert [p.id for p in compare(before, load_side(git_city, label="now")).added] == ["DLH-02"]
    assert not compare(load_side(git_city, "HEAD"), load_side(git_city)).has_changes


@needs_git
def test_git_from_the_top_of_the_repository(git_city: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["diff", "--git", "HEAD", str(git_city)]) == 0
    assert capsys.readouterr().out == "masterplan diff: HEAD → working tree\n\nNo changes to the plan.\n"


@needs_git
def test_git_city_new_since_the_revision(git_city: Path, capsys: pytest.CaptureFixture[str]) -> None:
    top = git_city.parent
    git(top, "mv", "city", "kota")
    git(top, "commit", "-q", "-m", "rename")
    git(top, "mv", "kota", "city")  # in the work tree only: `city/` does not exist at HEAD
    assert run(["diff", "--git", "HEAD", str(git_city), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["old"]["exists"] is False
    assert len(data["programs"]["added"]) == 3


@needs_git
def test_git_reads_only_the_committed_plan(git_city: Path) -> None:
    """Files in the revision other than the plan's (README, nested folders) are ignored, and
    a symlink in the revision is not followed."""
    top = git_city.parent
    (git_city / "opd" / "nested").mkdir()
    (git_city / "opd" / "nested" / "x.yaml").write_text("id: [broken\n", encoding="utf-8")
    os.symlink("/etc/passwd", git_city / "opd" / "passwd.yaml")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "odd files")
    result = compare(snapshot(git_city, "x"), snapshot(git_city, "y"))
    assert not result.has_changes
    from masterplan_cli.differ import checked_out

    with checked_out(git_city, "HEAD") as folder:
        assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
            "masterplan.yaml",
            "opd/diskominfo.yaml",
            "opd/dlh.yaml",
            "opd/passwd.yaml",
            "pillars/governance.yaml",
        ]
        assert (folder / "opd" / "passwd.yaml").read_text(encoding="utf-8") == ""


@needs_git
@pytest.mark.parametrize("revision", ["no-such-branch", "--output=/tmp/x", "HEAD~5"])
def test_git_unknown_revision(git_city: Path, revision: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["diff", "--git", revision, str(git_city)]) == 2
    assert capsys.readouterr().err.startswith(f"Error: unknown revision {revision!r}")


@needs_git
def test_git_outside_a_repository(cities: Any, capsys: pytest.CaptureFixture[str]) -> None:
    old, _ = cities(no_change)
    assert run(["diff", "--git", "HEAD", str(old)]) == 2
    assert capsys.readouterr().err == f"Error: {old} is not inside a git repository\n"


def test_expected_files_are_plain_copies() -> None:
    """The expected Markdown must not depend on the machine: no temporary paths in it."""
    for path in CASES.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert "/tmp" not in text and "pytest" not in text, path.name
