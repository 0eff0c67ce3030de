"""`theme:` in masterplan.yaml changes the document's look without a copied template, and
`masterplan templates list|copy` show and take out the built-in templates; a city file of a
template's former name (`chapter-10.html`) still overrides it, under the same containment."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import masterplan
from masterplan_cli import builtin_templates
from masterplan_cli.render.charts import BUILT_IN, Palette
from masterplan_cli.render.theme import chart_palette, contrast, theme_css
from masterplan_cli.resources import templates_dir
from masterplan_cli.schema.city import Theme

SOLOK = Path(__file__).parent.parent / "examples" / "solok"
THEME = '\ntheme:\n  primary: "#0b6e4f"\n  accent: "#c2410c"\n  heading_font: DejaVu Serif\n  logo: bottom\n'


@pytest.fixture
def city(tmp_path: Path) -> Path:
    root = tmp_path / "solok"
    shutil.copytree(SOLOK, root, ignore=shutil.ignore_patterns("dist"))
    return root


def build_html(city: Path) -> str:
    code, output = masterplan("build", str(city), "-f", "html", "--strict")
    assert code == 0, output
    return (city / "dist" / "masterplan.html").read_text(encoding="utf-8")


def test_theme_css_sets_the_colours_and_derives_the_shades() -> None:
    assert theme_css(Theme()) == ""
    assert theme_css(Theme(primary="#000", accent="#c2410c", text="#111111", heading_font="Inter")) == (
        ":root { --primary: #000; --primary-light: #2e2e2e; --tint: #d9d9d9; --tint-strong: #cccccc; "
        "--tint-foot: #e0e0e0; --primary-dark: #000000; --accent: #c2410c; --ink: #111111; "
        '--font-heading: "Inter", "Masterplan Sans", "Masterplan Symbols", "Masterplan Math", sans-serif; }'
    )
    assert theme_css(Theme(primary="#ffffff", primary_dark="#123")).count("--primary-dark: #112233;") == 1


def test_charts_take_the_theme_colours_darkened_as_far_as_their_text_needs() -> None:
    assert chart_palette(Theme()) == BUILT_IN
    assert contrast(BUILT_IN.quick_win, BUILT_IN.quick_win_light) >= 3.0  # the built-in stripes too
    assert chart_palette(Theme(primary="#0b6e4f", accent="#c2410c", text="#111111")) == Palette(
        ink="#111111", bar="#0b6e4f", quick_win="#c2410c", quick_win_light="#f0d0c2"
    )
    # a yellow primary carries white amounts only once darkened; a grey text is too light on a band
    light = chart_palette(Theme(primary="#ffdd00", accent="#ffdd00", text="#999999"))
    assert light == Palette(ink="#636363", bar="#806e00", quick_win="#998500", quick_win_light="#fff6bf")
    assert contrast(light.bar, "#ffffff") >= 4.5 > contrast("#8c7a00", "#ffffff")  # one step (5%) lighter
    assert contrast(light.ink, "#e4e7eb") >= 4.5
    assert contrast(light.quick_win, light.quick_win_light) >= 3.0


def chart_text_colours(html: str) -> set[str]:
    svgs = re.findall(r"<svg .*?</svg>", html, re.DOTALL)
    assert len(svgs) >= 3  # the roadmap and the two budget charts
    return {colour for svg in svgs for colour in re.findall(r'<text [^>]*fill="(#[0-9a-f]{6})"', svg)}


@pytest.mark.slow  # builds a Word edition
def test_the_word_edition_takes_the_heading_colour(city: Path) -> None:
    import docx

    with (city / "masterplan.yaml").open("a", encoding="utf-8") as file:
        file.write(THEME)
    code, output = masterplan("build", str(city), "-f", "docx")
    assert code == 0, output
    styles = docx.Document(str(city / "dist" / "masterplan.docx")).styles
    assert {str(styles[f"Heading {level}"].font.color.rgb) for level in (1, 2, 3)} == {"07422F"}


def test_a_theme_recolours_the_html_and_moves_the_logo(city: Path) -> None:
    plain = build_html(city)
    assert "--primary: #0b6e4f" not in plain
    assert re.search(
        r'<div class="cover-top">\n<p class="cover-kicker">[^\n]*</p>\n<img class="cover-logo"', plain
    )
    with (city / "masterplan.yaml").open("a", encoding="utf-8") as file:
        file.write(THEME)
    themed = build_html(city)
    style_end = themed.index(":root { --primary: #0b6e4f;")
    assert themed.index("--primary: #1b365d;") < style_end  # after style.css: the theme wins
    assert '--accent: #c2410c; --font-heading: "DejaVu Serif",' in themed
    assert '<div class="cover-bottom">\n<img class="cover-logo"' in themed
    assert themed.count('class="cover-logo"') == 1
    # the charts too: bars in the primary colour, quick wins' stripes in the accent
    assert 'fill="#2f4f6f"' in plain and 'fill="#0b6e4f"' not in plain
    assert 'fill="#2f4f6f"' not in themed and 'fill="#946200"' not in themed
    assert (
        'height="14" rx="2" fill="#0b6e4f">' in themed
        and '<rect width="2" height="7" fill="#c2410c"/>' in themed
    )
    assert chart_text_colours(themed) == {"#1f2933", "#52606d", "#ffffff"}  # white only on the bars


def test_without_a_logo_on_the_cover(city: Path) -> None:
    with (city / "masterplan.yaml").open("a", encoding="utf-8") as file:
        file.write("\ntheme: {logo: none}\n")
    assert 'class="cover-logo"' not in build_html(city)


def test_templates_list_names_every_built_in_template_and_the_city_overrides(city: Path) -> None:
    (city / "templates" / "html").mkdir(parents=True)
    (city / "templates" / "html" / "roadmap.html").write_text("<section></section>", encoding="utf-8")
    (city / "templates" / "md").mkdir()
    (city / "templates" / "md" / "chapter-10.md").write_text("ours", encoding="utf-8")
    code, output = masterplan("templates", "list", str(city))
    assert code == 0, output
    lines = output.splitlines()
    on_disk = sorted(
        p.relative_to(templates_dir()).as_posix()
        for p in templates_dir().rglob("*")
        if p.suffix in (".html", ".md", ".css") and p.relative_to(templates_dir()).parts[0] != "scaffold"
    )
    assert sorted(line.split()[0] for line in lines[: len(on_disk)]) == on_disk
    rows = {cells[0]: cells[1:] for cells in (re.split(r"\s{2,}", line) for line in lines[: len(on_disk)])}
    assert rows["html/roadmap.html"] == ["city", "BAB VII, the roadmap by year and band"]
    assert rows["md/closing.md"] == ["city (md/chapter-10.md)", "BAB X, closing"]
    assert rows["html/cover.html"] == ["built-in", "the cover"]


def test_templates_copy_puts_one_at_the_right_path_and_never_overwrites(city: Path) -> None:
    code, output = masterplan("templates", "copy", "chapter-7.html", str(city))
    assert code == 0, output
    assert output.startswith("  create  templates/html/roadmap.html\n")
    copied = city / "templates" / "html" / "roadmap.html"
    assert copied.read_bytes() == (templates_dir() / "html" / "roadmap.html").read_bytes()
    copied.write_text("ours", encoding="utf-8")
    code, output = masterplan("templates", "copy", "html/roadmap.html", str(city))
    assert (code, output) == (1, "Error: templates/html/roadmap.html exists already; nothing was written\n")
    assert copied.read_text(encoding="utf-8") == "ours"
    code, output = masterplan("templates", "copy", "cover", str(city))
    assert (code, output) == (2, "Error: `cover` may be html/cover.html or md/cover.md; name one of them\n")
    code, output = masterplan("templates", "copy", "kover.html", str(city))
    assert (code, output) == (
        2,
        "Error: there is no built-in template `kover.html`; `masterplan templates list` shows them\n",
    )


def test_a_file_of_a_former_name_still_overrides_its_template(city: Path) -> None:
    (city / "templates" / "html").mkdir(parents=True)
    (city / "templates" / "html" / "chapter-10.html").write_text(
        '<section class="chapter"><h1>Penutup Lama</h1></section>\n', encoding="utf-8"
    )
    code, output = masterplan("build", str(city), "-f", "html")
    assert code == 0, output
    assert "<h1>Penutup Lama</h1>" in (city / "dist" / "masterplan.html").read_text(encoding="utf-8")


def test_a_former_name_leading_into_git_is_refused_too(city: Path) -> None:
    (city / ".git").mkdir()
    (city / ".git" / "config").write_text("[credential] token = SECRET", encoding="utf-8")
    (city / "templates" / "html").mkdir(parents=True)
    (city / "templates" / "html" / "chapter-10.html").symlink_to("../../.git/config")
    code, output = masterplan("build", str(city), "-f", "html")
    assert code == 1
    assert (
        "`templates/html/chapter-10.html` is in, or leads into, a hidden folder or file; it is not read"
        in output
    )
    assert "SECRET" not in output


def test_every_former_name_maps_to_a_built_in_template() -> None:
    for old, new in builtin_templates.RENAMED.items():
        for folder, suffix in (("html", ".html"), ("md", ".md")):
            assert builtin_templates.new_name(f"{folder}/{old}{suffix}") == f"{folder}/{new}{suffix}"
            assert not (templates_dir() / folder / f"{old}{suffix}").exists()
