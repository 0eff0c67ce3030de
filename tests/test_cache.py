"""The build cache (`cache.py`): a second build with nothing changed copies its outputs; any
change to what a build reads is built anew; a hostile repository cannot poison the cache or
make the build write through it elsewhere."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import masterplan_cli
from conftest import MINI, can_symlink, masterplan
from masterplan_cli import cache
from masterplan_cli.books import BOOKS, VOLUME, file_stem
from masterplan_cli.builder import FORMATS
from masterplan_cli.resources import templates_dir

FROM_CACHE = re.compile(
    r"Nothing changed since the last build: 2 files taken from the cache in \d+\.\d s\.\n\Z"
)
BUILT = re.compile(r"Built 2 files in \d+\.\d s\.\n\Z")


def build(root: Path, *options: str) -> str:
    code, output = masterplan("build", str(root), "-f", "md", "-f", "html", "-q", *options)
    assert code == 0, output
    return output


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """A copy of the mini city, never built (a cache's work is the same for any city)."""
    root = tmp_path / "city"
    shutil.copytree(MINI, root)
    return root


@pytest.fixture
def city(fresh: Path) -> Path:
    """The mini city, built once: its Markdown and HTML are in dist/ and in the cache."""
    assert BUILT.search(build(fresh))
    return fresh


def html(root: Path) -> str:
    return (root / "dist" / "masterplan.html").read_text(encoding="utf-8")


def test_a_build_with_nothing_changed_comes_from_the_cache(city: Path) -> None:
    before = {path.name: path.read_bytes() for path in (city / "dist").glob("masterplan.*")}
    (city / "dist" / "masterplan.md").write_text("edited by hand", encoding="utf-8")
    output = build(city)
    assert FROM_CACHE.search(output), output
    assert output.startswith(f"wrote {city / 'dist' / 'masterplan.md'}")
    assert {path.name: path.read_bytes() for path in (city / "dist").glob("masterplan.*")} == before


@pytest.mark.slow  # builds a Word edition
def test_the_cache_keeps_each_format(city: Path) -> None:
    code, output = masterplan("build", str(city), "-f", "html", "-q")
    assert code == 0
    assert re.search(
        r"Nothing changed since the last build: 1 file taken from the cache in \d+\.\d s\.\n\Z", output
    )
    code, output = masterplan("build", str(city), "-f", "md", "-f", "html", "-f", "docx", "-q")
    assert code == 0 and re.search(r"Built 3 files in", output), output


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _opd(root: Path) -> None:
    _edit(root / "opd" / "dlh.yaml", "Bank Sampah Digital", "BANK SAMPAH BARU")


def _masterplan_yaml(root: Path) -> None:
    _edit(root / "masterplan.yaml", "Dr. Rina Marlina", "H. Nama Baru")


def _logo(root: Path) -> None:
    logo = root / "assets" / "logo.svg"
    logo.write_text(logo.read_text(encoding="utf-8").replace("</svg>", "<desc>LOGO BARU</desc></svg>"))


def _city_template(root: Path) -> None:
    (root / "templates" / "html").mkdir(parents=True)
    closing = (templates_dir() / "html" / "closing.html").read_text(encoding="utf-8")
    (root / "templates" / "html" / "closing.html").write_text("<p>PENUTUP BARU</p>" + closing)


@pytest.mark.parametrize(
    ("change", "seen"),
    [
        pytest.param(_opd, "BANK SAMPAH BARU", id="an OPD file"),
        pytest.param(_masterplan_yaml, "H. Nama Baru", id="masterplan.yaml"),
        pytest.param(_logo, "LOGO BARU", id="the logo"),
        pytest.param(_city_template, "PENUTUP BARU", id="a city template"),
    ],
)
def test_a_changed_input_is_built_again(city: Path, change: Callable[[Path], None], seen: str) -> None:
    change(city)
    assert BUILT.search(build(city))
    shown = html(city)
    if seen == "LOGO BARU":  # the logo is in the page as a data: URL
        import base64

        shown = "".join(
            base64.b64decode(url).decode("utf-8", "replace")
            for url in re.findall(r"base64,([A-Za-z0-9+/=]+)", shown)
        )
    assert seen in shown
    assert FROM_CACHE.search(build(city))  # and the new outputs are cached in turn


def test_what_a_build_never_reads_is_not_part_of_the_key(city: Path) -> None:
    """A virtual environment made inside the repository (as a city's CI may do), an editor's
    hidden files, `.git/`: a build reads nothing under a dot, so a change there keeps the
    cache (and thousands of files are not hashed on every build)."""
    (city / ".venv" / "lib").mkdir(parents=True)
    (city / ".venv" / "lib" / "site.py").write_text("x = 1\n", encoding="utf-8")
    (city / "opd" / ".dinkes.yaml.swp").write_bytes(b"\0" * 64)
    assert FROM_CACHE.search(build(city))
    (city / "README.md").write_text("a file no build reads, but not hidden\n", encoding="utf-8")
    assert BUILT.search(build(city))  # every other file counts: what it reads is not listed apart


def test_the_document_language_is_part_of_the_key(city: Path) -> None:
    assert '<html lang="id"' in html(city)
    assert BUILT.search(build(city, "--language", "en"))
    assert '<html lang="en"' in html(city)
    assert FROM_CACHE.search(build(city))  # the Indonesian edition is still cached
    assert '<html lang="id"' in html(city)


def test_a_new_masterplan_version_builds_again(city: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(masterplan_cli, "__version__", "99.0")
    assert BUILT.search(build(city))


def test_the_date_is_part_of_the_key(city: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The document shows its date, and `check` says whether a year of progress has begun."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # 2026-09-21
    assert BUILT.search(build(city))
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    monkeypatch.setattr(cache, "today", lambda: "2099-01-01")
    assert BUILT.search(build(city))


def test_no_cache_builds_anew_and_keeps_nothing(fresh: Path) -> None:
    assert BUILT.search(build(fresh, "--no-cache"))
    assert BUILT.search(build(fresh, "--no-cache"))
    assert not (fresh / "dist" / cache.FOLDER).exists()


def test_deleting_the_cache_costs_one_build(city: Path) -> None:
    shutil.rmtree(city / "dist" / cache.FOLDER)
    assert BUILT.search(build(city))
    assert FROM_CACHE.search(build(city))


def test_every_output_name_is_known_to_the_cache() -> None:
    names = [
        f"{file_stem(book, lang)}.{fmt}"
        for book in (VOLUME, *BOOKS)
        for lang in ("id", "en")
        for fmt in FORMATS
    ]
    assert [name for name in names if not cache.OUTPUT_NAME.fullmatch(name)] == []


def test_a_crafted_entry_is_not_served(city: Path) -> None:
    """A pull request can commit `dist/.masterplan-cache/`: an entry not signed with this
    user's secret is rebuilt, not copied."""
    entries = sorted((city / "dist" / cache.FOLDER).iterdir())
    assert [entry.suffix for entry in entries] == [".html", ".md"]
    for entry in entries:
        data = entry.read_bytes()
        entry.write_bytes(data.replace(b"Danau", b"EVIL!"))  # same size, the signature kept
    assert BUILT.search(build(city))
    assert "EVIL!" not in html(city)


def test_an_entry_from_another_secret_is_not_served(
    city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    assert BUILT.search(build(city))


@pytest.mark.skipif(os.name != "posix", reason="modes say nothing of who may read a file on Windows")
def test_a_secret_others_may_read_is_not_used(city: Path) -> None:
    """Whoever can read the secret can sign an entry that this user's build would serve."""
    secret = Path(os.environ["XDG_CACHE_HOME"]) / "masterplan" / "cache-secret"
    assert secret.stat().st_mode & 0o777 == 0o600
    secret.chmod(0o644)
    assert BUILT.search(build(city))
    assert BUILT.search(build(city))  # and it is left alone: the user decides what to do
    secret.chmod(0o600)
    assert FROM_CACHE.search(build(city))


def test_an_entry_naming_a_file_elsewhere_is_not_served(city: Path, tmp_path: Path) -> None:
    """Even signed with the right secret (were it ever known), an entry writes only the
    outputs' own names into dist/, never `../x`."""
    store = cache.open_cache(city)
    assert store is not None
    key = next((city / "dist" / cache.FOLDER).glob("*.md")).stem
    outside = tmp_path / "planted.txt"
    name = "../" * len(city.parts) + str(outside).lstrip("/")
    real = store.load(key, "md")
    assert real is not None
    store.store(key, "md", cache.Entry({name: (b"planted", None)}, real.warnings, real.report))
    assert BUILT.search(build(city))
    assert not outside.exists()


@pytest.mark.skipif(not can_symlink(Path(__file__).parent), reason="no symbolic links here")
@pytest.mark.parametrize("inside", [pytest.param(True, id="inside"), pytest.param(False, id="outside")])
def test_a_linked_cache_folder_is_not_used(fresh: Path, tmp_path: Path, inside: bool) -> None:
    elsewhere = (fresh / "assets") if inside else (tmp_path / "elsewhere")
    elsewhere.mkdir(exist_ok=True)
    before = sorted(elsewhere.iterdir())
    (fresh / "dist").mkdir()
    (fresh / "dist" / cache.FOLDER).symlink_to(elsewhere, target_is_directory=True)
    assert BUILT.search(build(fresh))
    assert BUILT.search(build(fresh))  # built again: no cache
    assert sorted(elsewhere.iterdir()) == before


@pytest.mark.skipif(not can_symlink(Path(__file__).parent), reason="no symbolic links here")
def test_a_linked_entry_is_not_read(city: Path, tmp_path: Path) -> None:
    for entry in (city / "dist" / cache.FOLDER).iterdir():
        outside = tmp_path / entry.name
        shutil.move(entry, outside)
        entry.symlink_to(outside)
    assert BUILT.search(build(city))
    assert FROM_CACHE.search(build(city))  # the links were replaced, not written through
    assert not any(path.is_symlink() for path in (city / "dist" / cache.FOLDER).iterdir())


@pytest.mark.skipif(not can_symlink(Path(__file__).parent), reason="no symbolic links here")
def test_a_linked_dist_keeps_no_cache(fresh: Path) -> None:
    (fresh / "assets" / "out").mkdir()
    (fresh / "dist").symlink_to(fresh / "assets" / "out", target_is_directory=True)  # inside: allowed
    assert BUILT.search(build(fresh))
    assert BUILT.search(build(fresh))
    assert sorted(path.name for path in (fresh / "assets" / "out").iterdir()) == [
        "masterplan.html",
        "masterplan.md",
    ]


def test_a_build_into_another_folder_is_not_cached(fresh: Path, tmp_path: Path) -> None:
    """The cache lives in the repository's dist/; `--out public/` (often published whole)
    leaves dist/ alone, and gets no cache either."""
    assert BUILT.search(build(fresh, "--out", str(tmp_path / "public")))
    assert BUILT.search(build(fresh, "--out", str(tmp_path / "public")))
    assert sorted(path.name for path in (tmp_path / "public").iterdir()) == [
        "masterplan.html",
        "masterplan.md",
    ]
    assert not (fresh / "dist").exists()


def test_a_cache_folder_that_is_a_file_does_not_stop_the_build(fresh: Path) -> None:
    (fresh / "dist").mkdir()
    (fresh / "dist" / cache.FOLDER).write_text("not a folder")
    assert BUILT.search(build(fresh))
    assert BUILT.search(build(fresh))
