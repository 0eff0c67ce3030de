"""`masterplan build` through its real entry point: goldens for the mini city, valid and
accessible HTML, hostile content inert, city templates sandboxed, refusal on errors.

Update the goldens after a reviewed change with `MASTERPLAN_UPDATE_GOLDENS=1 pytest
tests/test_build.py`, then look at the diff (and the rendered pages) before committing.
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from pathlib import Path

import html5lib
import pytest
import yaml

from conftest import MINI, masterplan
from masterplan_cli.builder import BuildError, build
from masterplan_cli.fonts import font_faces_css
from masterplan_cli.i18n import Messages
from masterplan_cli.render import md_document
from masterplan_cli.render.environment import _builtin_environment
from masterplan_cli.resources import templates_dir

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
EXAMPLES = sorted(p for p in (HERE.parent / "examples").glob("*") if (p / "masterplan.yaml").is_file())
UPDATE = os.environ.get("MASTERPLAN_UPDATE_GOLDENS") == "1"


@pytest.fixture
def city(tmp_path: Path) -> Path:
    """A copy of the mini city to change."""
    root = tmp_path / "city"
    shutil.copytree(MINI, root)
    return root


@pytest.fixture(scope="module")
def mini_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("mini")
    code, output = masterplan("build", str(MINI), "--strict", "-f", "md", "-f", "html", "--out", str(out))
    assert code == 0, output
    return {name: (out / f"masterplan.{name}").read_text(encoding="utf-8") for name in ("md", "html")}


# --- goldens --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["md", "html"])
def test_output_matches_the_golden(mini_outputs: dict[str, str], name: str) -> None:
    golden = GOLDEN / f"mini.{name}"
    output = mini_outputs[name] if name == "md" else without_stylesheets(mini_outputs[name])
    if UPDATE:
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8"), (
        f"the {name} output changed: review it, then MASTERPLAN_UPDATE_GOLDENS=1 pytest {__file__}"
    )


def without_stylesheets(html: str) -> str:
    """The HTML with each built-in stylesheet, inlined exactly once and verbatim, replaced by its
    name, and the embedded fonts by one line: the golden shows the document, and a change of
    style does not rewrite it."""
    for name in ("style.css", "phone.css"):
        css = (templates_dir() / name).read_text(encoding="utf-8").strip()
        assert html.count(css) == 1, name
        html = html.replace(css, f"/* templates/{name} */")
    # the bundled fonts' @font-face rules, 244 KiB of base64 (tests/test_fonts.py looks at them)
    assert html.count(font_faces_css()) == 1
    return html.replace(font_faces_css(), "/* masterplan_cli.fonts.font_faces_css() */")


# --- the HTML document ----------------------------------------------------------------------


def test_html_is_valid_html5(mini_outputs: dict[str, str]) -> None:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser.parse(mini_outputs["html"])  # raises on the first parse error


def test_html_is_self_contained_and_accessible(mini_outputs: dict[str, str]) -> None:
    html = mini_outputs["html"]
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    assert tree.get("lang") == "id"
    ids = [e.get("id") for e in tree.iter() if e.get("id")]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    for anchor in re.findall(r'href="#([^"]+)"', html):
        assert anchor in ids, f"a link to #{anchor}, which does not exist"
    for table in tree.iter("table"):
        labelled = table.find("caption") is not None or table.get("aria-labelledby")
        assert labelled, "a table without a caption"
        for th in table.iter("th"):
            assert th.get("scope") in ("col", "row", "colgroup"), "a header cell without scope"
    # nothing is fetched: no external resources, the logo is inline
    assert not re.search(r'(src|href)="(https?:)?//', html.replace('href="https://data.go.id"', ""))
    assert re.search(r'<img class="cover-logo" src="data:image/svg\+xml;base64,', html)
    assert "<script" not in html
    # every program has its stable anchor, and every chapter its own
    for program in (
        "KOMINFO-01",
        "KOMINFO-02",
        "KOMINFO-03",
        "BAPPEDA-01",
        "BAPPEDA-02",
        "BAPPEDA-03",
        "DLH-01",
        "DLH-02",
    ):
        assert f'id="program-{program.lower()}"' in html
    for chapter in (
        "introduction",
        "profile",
        "analysis",
        "vision",
        "programs",
        "quick-wins",
        "roadmap",
        "budget",
        "governance",
        "closing",
    ):
        assert f'id="{chapter}"' in html


def test_charts_are_readable_without_pictures(mini_outputs: dict[str, str]) -> None:
    html = mini_outputs["html"]
    charts = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(charts) == 3  # the roadmap (one page for 8 programs) and two budget charts
    for chart in charts:
        assert 'role="img"' in chart and "<title" in chart and "<desc" in chart
        assert "<text" in chart
    assert "Satu Data Danau Biru" in charts[0]


def test_markdown_tables_and_anchors(mini_outputs: dict[str, str]) -> None:
    markdown = mini_outputs["md"]
    assert '<a id="program-kominfo-01"></a>' in markdown
    assert "- [BAB I Pendahuluan](#bab-i-pendahuluan)" in markdown
    assert "```mermaid\ngantt" in markdown
    assert_tables_are_whole(markdown)


# --- languages ------------------------------------------------------------------------------


def test_catalogues_have_the_same_keys() -> None:
    assert sorted(Messages("id").keys()) == sorted(Messages("en").keys())


def test_language_option_builds_in_english(tmp_path: Path) -> None:
    code, output = masterplan(
        "build", str(MINI), "-f", "html", "-f", "md", "--language", "en", "--out", str(tmp_path)
    )
    assert code == 0, output
    html = (tmp_path / "masterplan.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "Executive Summary" in html and "October 1, 2024" in html and "Rp3,900,000,000" in html
    assert "Ringkasan Eksekutif" not in html
    markdown = (tmp_path / "masterplan.md").read_text(encoding="utf-8")
    assert "# Chapter VII Roadmap" in markdown
    # a count of one takes the singular (the mini city has a dropped program, pillars with one)
    for text in (markdown, html):
        assert not re.search(r"\b1 (\*|<em>)?[a-z]+s\b", text), re.findall(r"\b1 [^.]{0,40}", text)
    assert "1 dropped program is still listed" in markdown
    assert "has 1 program with an indicative budget" in markdown


# every message that counts, with values for its placeholders
COUNTED = {
    "summary.intro": {"city": "Solok", "start": 2025, "end": 2029, "total": "Rp1"},
    "summary.dropped": {},
    "review.rate": {"implemented": "A", "share": "50.0%"},
    "review.fates": {"continued": "A", "completed": "B", "merged": "C", "dropped": "D"},
    "review.quick_wins_rate": {"implemented": "A"},
    "review.unreviewed": {},
    "pillar.programs_intro": {"pillar": "Tata Kelola", "total": "Rp1"},
    "pillar.dropped": {},
    "programs.intro": {"city": "Solok"},
    "programs.dropped": {},
    "quick_wins.intro": {"city": "Solok", "total": "Rp1", "last_start_year": 2026},
    "bands.quick_win": {"last_start": 2, "last_start_year": 2026},
    "roadmap.stage": {"term": "Short term", "years": "2025–2026"},
    "roadmap.stage_quick_wins": {"term": "Short term", "years": "2025–2026"},
    "roadmap.chart_in_html": {},
    "opd.totals": {"total": "Rp1"},
    "chart.gantt.desc": {"period": "2025–2029"},
    "boilerplate.scope": {"city": "Solok", "start": 2025, "end": 2029, "framework": "Kominfo"},
    "report.headline": {"implemented": 0, "rate": "0%"},
    "report.cards.running_of": {"implemented": 0},
    "report.quick_wins_intro": {"done": 0, "rate": "0%"},
    "report.chart.pillar_desc": {"implemented": 0},
}
COUNTS = ("programs", "pillars", "opds", "quick_wins", "count", "years", "max_years")
NOUNS = ("program", "pillar", "agency", "year", "win")  # what the messages count, singular


@pytest.mark.parametrize("key", sorted(COUNTED))
def test_english_counts_agree_with_their_number(key: str) -> None:
    """0 and 2 take the plural, 1 the singular, for every count of every message."""
    t = Messages("en")
    for n in (0, 1, 2):
        text = t(key, **{**dict.fromkeys(COUNTS, n), **COUNTED[key]})
        assert "plural" not in text and "{" not in text and "#" not in text, text
        phrases = re.findall(rf"\b{n}\** ([*a-z ]+)", text)
        assert phrases, text
        for phrase in phrases:
            words = re.findall(r"[a-z]+", re.sub(r"\*?quick win\*? (?=program)", "", phrase))
            noun = next((w for w in words if w.rstrip("s") in NOUNS or w == "agencies"), None)
            if noun is None:
                continue  # "0 of them …"
            assert (noun in NOUNS) == (n == 1), (n, noun, text)


def test_no_english_count_is_left_without_its_plural() -> None:
    """A new message that writes `{count} programs` would say "1 programs": counts go through
    `{count, plural, …}`."""
    t = Messages("en")
    messages = {key: str(t[key]) for key in t.keys()}  # noqa: SIM118 (Messages is no dict)
    counted = rf"\{{({'|'.join(COUNTS)})\}} \**(?:[a-z*]+ ){{0,2}}[a-z]+s\b"
    assert [key for key, text in messages.items() if re.search(counted, text)] == []
    assert sorted(key for key, text in messages.items() if "plural," in text) == sorted(COUNTED)


@pytest.mark.parametrize(
    ("count", "quick_wins", "expected"),
    [
        (1, 1, "1 program ends, a *quick win*."),
        (3, 1, "3 programs end, 1 of them a *quick win*."),
        (3, 2, "3 programs end, 2 of them *quick wins*."),
    ],
)
def test_plurals_nest(count: int, quick_wins: int, expected: str) -> None:
    text = Messages("en")("roadmap.stage_quick_wins", term="T", years="Y", count=count, quick_wins=quick_wins)
    assert text == f"**T** (Y): {expected}"


def test_plural_forms() -> None:
    """`=N` before the category, `#` is the count, a form may hold placeholders; Indonesian
    has one form; without its count a plural stays as written."""
    from masterplan_cli.i18n import _PLURAL, plural

    message = "{n, plural, =0 {no {thing}} one {# {thing}} other {# {thing}s}}"
    match = _PLURAL.fullmatch(message)
    assert match is not None
    for n, expected in ((0, "no {thing}"), (1, "1 {thing}"), (7, "7 {thing}s"), (1.5, "1.5 {thing}s")):
        assert plural("en", {"n": n}, match) == expected
    assert plural("en", {}, match) == message
    indonesian = _PLURAL.fullmatch("{n, plural, other {# program}}")
    assert indonesian is not None and plural("id", {"n": 1}, indonesian) == "1 program"


def test_indonesian_has_no_plural_forms() -> None:
    """Indonesian nouns do not change with the number: its catalogue has no plural."""
    t = Messages("id")
    keys = t.keys()
    assert not [key for key in keys if "plural," in str(t[key])]


def test_numbers_and_dates_follow_the_locale(mini_outputs: dict[str, str]) -> None:
    html = mini_outputs["html"]
    assert "Rp3.900.000.000" in html and "Rp3,9 miliar" in html and "1 Oktober 2024" in html


# --- the command ----------------------------------------------------------------------------


def test_build_writes_all_three_formats_into_dist_by_default(
    city: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("masterplan_cli.render.pdf.render_pdf", _fake_pdf)
    code, output = masterplan("build", str(city))
    assert code == 0, output
    assert sorted(p.name for p in (city / "dist").iterdir()) == [
        ".masterplan-cache",  # the build cache (cache.py)
        "masterplan.html",
        "masterplan.md",
        "masterplan.pdf",
    ]
    assert re.search(r"wrote .*masterplan\.pdf +\d+ B, 1 page\n", output)  # one page, one "page"
    assert re.search(r"Built 3 files in \d+\.\d s\.", output)


def _fake_pdf(html: str, **_: object) -> object:
    from masterplan_cli.render.pdf import PdfResult

    return PdfResult(b"%PDF-1.7 fake", 1)


def test_build_refuses_a_repository_with_errors(city: Path) -> None:
    opd = city / "opd" / "dlh.yaml"
    opd.write_text(
        opd.read_text(encoding="utf-8").replace("depends_on: [DLH-01]", "depends_on: [DLH-99]"),
        encoding="utf-8",
    )
    (city / "dist").mkdir()
    (city / "dist" / "masterplan.md").write_text("previous", encoding="utf-8")
    code, output = masterplan("build", str(city), "-f", "md")
    assert code == 1
    assert "MP206" in output and "DLH-99" in output
    assert "Nothing was built" in output
    assert (city / "dist" / "masterplan.md").read_text(encoding="utf-8") == "previous"


def test_strict_build_refuses_warnings(city: Path) -> None:
    (city / "pillars" / "society.yaml").unlink()  # a missing pillar file is a warning
    code, output = masterplan("build", str(city), "-f", "md", "--strict")
    assert code == 1 and "MP217" in output
    code, output = masterplan("build", str(city), "-f", "md")
    assert code == 0, output
    assert "MP217" in output  # shown, but built
    assert "Analisis pilar ini belum tersedia." in (city / "dist" / "masterplan.md").read_text(
        encoding="utf-8"
    )


def test_a_kabupaten_signs_in_its_seat(city: Path) -> None:
    """Kabupaten Solok's seat is Arosuka: the foreword and the closing are signed there, not in
    "Solok"; without `seat` the place is the name without Kota/Kabupaten."""
    path = city / "masterplan.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "name: Kota Danau Biru\n  kind: kota\n",
        "name: Kabupaten Danau Biru\n  kind: kabupaten\n  seat: Arosuka\n",
    )
    path.write_text(text.replace("Wali Kota Danau Biru", "Bupati Danau Biru"), encoding="utf-8")
    code, output = masterplan("build", str(city), "-f", "md")
    assert code == 0, output
    markdown = (city / "dist" / "masterplan.md").read_text(encoding="utf-8")
    assert markdown.count("Arosuka, 1 Oktober 2024\\\n**Bupati Danau Biru**") == 2
    assert "Danau Biru, 1 Oktober 2024" not in markdown


def test_missing_texts_fall_back_to_boilerplate(mini_outputs: dict[str, str]) -> None:
    # the mini city has no document.background nor document.method
    html = mini_outputs["html"]
    assert "Kota Danau Biru menyusun Masterplan Smart City untuk periode 2024–2031" in html
    assert "<strong>Bimtek I</strong>" in html


# --- hostile content ------------------------------------------------------------------------


HOSTILE_NAME = "<script>alert('nama')</script> | {{ 7*7 }}"
HOSTILE_DESCRIPTION = """{{ 7*7 }} {% for x in range(3) %}x{% endfor %}

[klik](javascript:alert(1)) <script>alert(2)</script> <img src=x onerror=alert(3)>

![rahasia](/etc/passwd) ![pelacak](https://tracker.example/p.png)
"""


def test_hostile_content_comes_out_inert(city: Path, tmp_path: Path) -> None:
    opd = city / "opd" / "dlh.yaml"
    data = yaml.safe_load(opd.read_text(encoding="utf-8"))
    data["programs"][0]["name"] = HOSTILE_NAME
    data["programs"][0]["description"] = HOSTILE_DESCRIPTION
    data["programs"][0]["outputs"] = ["</td></tr></table><script>alert(4)</script>"]
    opd.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    code, output = masterplan("build", str(city), "-f", "md", "-f", "html", "--out", str(out))
    assert code == 0, output

    html = (out / "masterplan.html").read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(html)
    assert (
        "<script" not in html
        and "<img src=x" not in html
        and "onerror=alert" not in html.replace("onerror=alert(3)&gt;", "")
    )
    assert "&lt;script&gt;alert(&#39;nama&#39;)&lt;/script&gt; | {{ 7*7 }}" in html
    assert "javascript:" not in html.replace("[klik](javascript:alert(1))", "")
    assert "/etc/passwd" not in html and "tracker.example" not in html
    assert "rahasia" in html and "pelacak" in html  # images become their alt text
    assert "{{ 7*7 }} {% for x in range(3) %}x{% endfor %}" in html  # no template was evaluated

    markdown = (out / "masterplan.md").read_text(encoding="utf-8")
    assert "\\<script\\>alert('nama')\\</script\\> \\| {{ 7\\*7 }}" in markdown
    assert not re.search(r"(?<!\\)<script", markdown)
    assert not re.search(r"(?<!\\)\]\(javascript:", markdown)
    assert "/etc/passwd" not in markdown and "tracker.example" not in markdown
    assert_tables_are_whole(markdown)  # the | in the name did not break a table


def assert_tables_are_whole(markdown: str) -> None:
    """Every row of every Markdown table has as many cells as the table's header."""
    delimiter = re.compile(r"\|( :?-+:? \|)+")
    lines = markdown.splitlines()
    columns = 0
    for n, line in enumerate(lines):
        cells = len(re.findall(r"(?<!\\)\|", line))
        if n + 1 < len(lines) and delimiter.fullmatch(lines[n + 1]):
            columns = cells  # a header
        elif line.startswith("| "):
            assert cells == columns, line


def test_a_logo_outside_the_repository_is_never_read(city: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.svg"
    secret.write_text("<svg xmlns='http://www.w3.org/2000/svg'><text>SECRET</text></svg>", encoding="utf-8")
    (city / "assets" / "logo.svg").unlink()
    (city / "assets" / "logo.svg").symlink_to(secret)
    code, output = masterplan("build", str(city), "-f", "html")
    assert code == 1 and "MP219" in output  # refused by the checks ...
    from masterplan_cli.checker import check_repository
    from masterplan_cli.render.context import logo_data_uri

    plan, _ = check_repository(city)
    assert plan is not None and logo_data_uri(plan) is None  # ... and by the renderer itself


# --- city templates -------------------------------------------------------------------------


def test_a_city_template_overrides_the_built_in_one(city: Path, tmp_path: Path) -> None:
    (city / "templates" / "html").mkdir(parents=True)
    (city / "templates" / "html" / "closing.html").write_text(
        '<section class="chapter" id="closing"><h1>Penutup Kota</h1><p>{{ city.name }} {{ views.programs | length }}</p></section>\n',
        encoding="utf-8",
    )
    code, output = masterplan("build", str(city), "-f", "html", "--out", str(tmp_path))
    assert code == 0, output
    html = (tmp_path / "masterplan.html").read_text(encoding="utf-8")
    assert "<h1>Penutup Kota</h1><p>Kota Danau Biru 8</p>" in html
    assert "Pemantauan dan Evaluasi" in html  # the other chapters are still the built-in ones


@pytest.mark.parametrize(
    ("template", "message"),
    [
        pytest.param("{{ ''.__class__.__mro__[1].__subclasses__() }}", "unsafe", id="attribute escape"),
        pytest.param("{{ 'x' * 10**9 }}", "too large", id="memory bomb by repetition"),
        pytest.param("{{ 2 ** 100000000 }}", "too large", id="CPU bomb by power"),
        pytest.param("{{ city.__init__.__globals__ }}", "unsafe", id="globals of a model"),
        pytest.param("{% include '/etc/passwd' %}", "passwd", id="include outside the search path"),
    ],
)
def test_city_templates_run_in_the_sandbox(city: Path, template: str, message: str) -> None:
    """The template is the whole document, so no chapter is rendered before it fails."""
    (city / "templates").mkdir()
    (city / "templates" / "masterplan.html").write_text(template, encoding="utf-8")
    with pytest.raises(BuildError, match=message):
        build(city, formats=["html"])
    assert not (city / "dist").exists()


def test_a_template_link_outside_the_repository_is_not_read(city: Path, tmp_path: Path) -> None:
    outside = tmp_path / "evil.html"
    outside.write_text("EVIL", encoding="utf-8")
    (city / "templates" / "html").mkdir(parents=True)
    (city / "templates" / "html" / "closing.html").symlink_to(outside)
    out = tmp_path / "out"
    code, output = masterplan("build", str(city), "-f", "html", "--out", str(out))
    assert code == 1  # refused, naming it: the built-in template does not silently stand in
    assert output.endswith(
        "Error: a template failed: `templates/html/closing.html` leads outside the repository; "
        "it is not read\n"
    ), output
    assert not out.exists()


def test_a_readme_or_a_dotfile_in_templates_is_no_override(city: Path, tmp_path: Path) -> None:
    from masterplan_cli.render.environment import (
        Sandbox,
        builtin_only,
        city_overrides,
        environment,
        search_path,
    )
    from masterplan_cli.render.html_document import configure

    folder = city / "templates"
    (folder / ".git").mkdir(parents=True)
    (folder / "README.md").write_text("# Templat dokumen\n", encoding="utf-8")
    (folder / "readme.txt").write_text("catatan\n", encoding="utf-8")
    (folder / ".gitkeep").write_text("", encoding="utf-8")
    (folder / ".git" / "masterplan.html").write_text("{{ boom }}", encoding="utf-8")
    (folder / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    assert city_overrides(folder) == []
    loader = search_path(folder, city)
    assert builtin_only(loader) and not isinstance(environment(loader, configure), Sandbox)
    code, output = masterplan(
        "build", str(city), "--strict", "-f", "md", "-f", "html", "--out", str(tmp_path)
    )
    assert code == 0, output
    assert (tmp_path / "masterplan.md").read_text(encoding="utf-8") == (GOLDEN / "mini.md").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(
    "name", ["html/closing.html", "md/program.md", "style.css", "partials/box.html", "Masterplan.HTML"]
)
def test_template_files_are_overrides(city: Path, name: str) -> None:
    from masterplan_cli.builder import _city_has_templates
    from masterplan_cli.render.environment import (
        Sandbox,
        builtin_only,
        city_overrides,
        environment,
        search_path,
    )
    from masterplan_cli.render.md_document import configure

    folder = city / "templates"
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("x", encoding="utf-8")
    (folder / "README.md").write_text("# Templat\n", encoding="utf-8")
    assert city_overrides(folder) == [Path(name)]
    assert _city_has_templates(city)
    loader = search_path(folder, city)
    assert not builtin_only(loader) and isinstance(environment(loader, configure, markdown=True), Sandbox)


def test_a_new_city_renders_with_the_built_in_templates_unsandboxed(tmp_path: Path) -> None:
    code, output = masterplan(
        "init",
        str(tmp_path / "baru"),
        "--city",
        "Kota Baru",
        "--kind",
        "kota",
        "--province",
        "Jambi",
        "--start",
        "2025",
        "--end",
        "2029",
        "--framework",
        "kominfo",
        "--language",
        "id",
        "--ci",
        "none",
        "--no-input",
    )
    assert code == 0, output
    from masterplan_cli.builder import _city_has_templates

    assert (tmp_path / "baru" / "templates" / "README.md").is_file()
    assert not _city_has_templates(tmp_path / "baru")


# --- the examples ---------------------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_builds_in_strict_mode(example: Path, tmp_path: Path) -> None:
    code, output = masterplan(
        "build", str(example), "--strict", "-f", "md", "-f", "html", "--out", str(tmp_path)
    )
    assert code == 0, output
    html5lib.HTMLParser(strict=True).parse((tmp_path / "masterplan.html").read_text(encoding="utf-8"))
    # the examples' free text has emphasis but no literal asterisk: none may come out escaped
    markdown = (tmp_path / "masterplan.md").read_text(encoding="utf-8")
    assert "\\*" not in markdown and "\\_" not in markdown
    assert caption_lists(markdown, "md") == caption_lists(
        (tmp_path / "masterplan.html").read_text(encoding="utf-8"), "html"
    )


def caption_lists(document: str, kind: str) -> dict[str, list[str]]:
    """The numbers in the lists of tables and of figures: "Tabel 2.1", …, "Gambar 8.2". A
    figure has one number in every edition: where the Markdown shows a chart as a table, the
    table carries the chart's figure number."""
    pattern = (
        r"^- ((?:Tabel|Gambar) [0-9A-C.]+) "
        if kind == "md"
        else r'<span class="toc-num">((?:Tabel|Gambar) [0-9A-C.]+)</span>'
    )
    labels = re.findall(pattern, document, re.MULTILINE)
    return {word: [label for label in labels if label.startswith(word)] for word in ("Tabel", "Gambar")}


def test_a_roadmap_too_long_for_mermaid_keeps_its_figure_number(
    mini_outputs: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past GitHub's limit the Markdown says where the roadmap chart is, under its number."""
    monkeypatch.setattr(md_document, "MERMAID_MAX_PROGRAMS", 1)
    _builtin_environment.cache_clear()  # its globals were set with the real limit
    try:
        code, output = masterplan("build", str(MINI), "--strict", "-f", "md", "--out", str(tmp_path))
    finally:
        _builtin_environment.cache_clear()
    assert code == 0, output
    markdown = (tmp_path / "masterplan.md").read_text(encoding="utf-8")
    assert "```mermaid" not in markdown and "terdapat pada versi HTML dan PDF" in markdown
    assert caption_lists(markdown, "md") == caption_lists(mini_outputs["html"], "html")


def test_markdown_fields_in_table_cells_stay_markdown(city: Path, tmp_path: Path) -> None:
    """Regression: readiness descriptions and rating notes are Markdown, but the Markdown
    output escaped them as plain text (`\\*\\*Bimtek I\\*\\*`) while the HTML rendered them."""
    path = city / "masterplan.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["readiness"]["structure"][0]["description"] = (
        "Dibahas pada **Bimtek I** dengan *semua OPD*.\n\nTahap | dua"
    )
    data["ratings"][0]["note"] = "- **Bimtek I**: `a|b`\n- **Bimtek II**"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, output = masterplan(
        "build", str(city), "--strict", "-f", "md", "-f", "html", "--out", str(tmp_path)
    )
    assert code == 0, output
    markdown = (tmp_path / "masterplan.md").read_text(encoding="utf-8")
    assert "| Dibahas pada **Bimtek I** dengan *semua OPD*.<br>Tahap \\| dua |" in markdown
    assert "| - **Bimtek I**: `a\\|b`<br>- **Bimtek II** |" in markdown
    assert "\\*" not in markdown
    html = (tmp_path / "masterplan.html").read_text(encoding="utf-8")
    assert "<strong>Bimtek I</strong> dengan <em>semua OPD</em>" in html


# --- the assessor's chapters and formal parts ------------------------------------------------


def test_lists_of_tables_and_figures_name_every_caption(mini_outputs: dict[str, str]) -> None:
    markdown, html = mini_outputs["md"], mini_outputs["html"]
    body = markdown.split("# Ringkasan Eksekutif", 1)[1]
    captions = re.findall(r"^\*\*(Tabel [0-9A-C.]+)\*\* (.+)$", body, re.MULTILINE)
    listed = markdown.split("# Daftar Tabel", 1)[1].split("# Daftar Gambar", 1)[0]
    assert [f"- {label} {text}" for label, text in captions] == re.findall(
        r"^- Tabel .+$", listed, re.MULTILINE
    )
    assert len(captions) > 40
    # in the HTML every entry links to its caption
    links = re.findall(r'<a href="#(table-\d+)"><span class="toc-num">', html)
    ids = re.findall(r'<caption id="(table-\d+)">', html)
    assert links == ids and len(ids) == len(captions)
    figures = re.findall(r'<a href="#(figure-\d+)"><span class="toc-num">', html)
    assert figures == re.findall(r'<figcaption id="(figure-\d+)">', html) != []


def test_the_chapters_from_data(mini_outputs: dict[str, str]) -> None:
    markdown = mini_outputs["md"]
    assert "| 1 | Jumlah penduduk | 61.250 | jiwa | 2023 | BPS |" in markdown
    assert "| Memanfaatkan jaringan untuk layanan terpadu. |  |" in markdown  # SO; WO empty
    assert "| Data | Data tersebar. | Satu data. | Satu Data Danau Biru. |" in markdown
    assert "| Triwulan I 2024 | Inventarisasi data | Diskominfo | Daftar data |" in markdown
    assert "| Maret 2025 | Peluncuran portal | Diskominfo | Portal data |" in markdown
    assert "**Manfaat bagi warga:** Warga menemukan data kota di satu portal." in markdown
    assert "| DLH-02 | Lahan tidak tersedia | Tinggi | Tinggi | Pengadaan lahan sejak 2026 |" in markdown
    assert "| Perwali | Satu Data Kota Danau Biru | 2024 | Diskominfo |" in markdown
    assert "# BAB IX Rencana Aksi Pendukung" in markdown and "# BAB XI Penutup" in markdown
    # APBD share: 2024 is paid by the APBD alone except the CSR-funded programs
    assert re.search(
        r"^\| 2024 \| [0-9.,]+ \| [0-9.,]+ \| [0-9,]+% \| 500\.000 \| 0,\d% \|$", markdown, re.MULTILINE
    )
    assert re.search(r"^\| 2026 \| [0-9.,]+ \| [0-9.,]+ \| [0-9,]+% \| – \| – \|$", markdown, re.MULTILINE)


def test_the_appendix_lists_the_adopting_regulation_first(mini_outputs: dict[str, str]) -> None:
    appendix = mini_outputs["md"].split("# Lampiran C Peraturan Penetapan dan Keputusan", 1)[1]
    assert re.findall(r"^\| \d .+$", appendix, re.MULTILINE) == [
        "| 1 | Perwali | 7 | 2024 | Masterplan Smart City Kota Danau Biru (menetapkan masterplan ini) |",
        "| 2 | SK Wali Kota | 100/2024 | 2024 | Pembentukan Dewan Smart City |",
    ]
