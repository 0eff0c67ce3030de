"""Free text is Markdown written by the city: it renders safely to HTML and back to Markdown."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from masterplan_cli.render.environment import escape_markdown
from masterplan_cli.render.prose import is_safe_link, linkable_anchors, to_html, to_markdown, to_markdown_cell


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        pytest.param("https://data.go.id", True, id="https"),
        pytest.param("http://example.org/a?b=c", True, id="http"),
        pytest.param("mailto:diskominfo@solokkota.go.id", True, id="mailto"),
        pytest.param("#program-kominfo-01", True, id="fragment"),
        pytest.param("docs/laporan.pdf", False, id="relative path"),
        pytest.param("javascript:alert(1)", False, id="javascript"),
        pytest.param("JavaScript:alert(1)", False, id="javascript in capitals"),
        pytest.param(" javascript:alert(1)", False, id="javascript after a space"),
        pytest.param("vbscript:x", False, id="vbscript"),
        pytest.param("data:text/html,<script>", False, id="data"),
        pytest.param("file:///etc/passwd", False, id="file"),
        pytest.param("//evil.example/x", False, id="protocol-relative"),
        pytest.param("ftp://example.org", False, id="ftp"),
        pytest.param("java\x00script:alert(1)", False, id="control character"),
    ],
)
def test_only_web_mail_and_anchor_links_are_safe(url: str, safe: bool) -> None:
    assert is_safe_link(url) is safe


@pytest.mark.parametrize(
    ("source", "present", "absent"),
    [
        pytest.param("<script>alert(1)</script>", "&lt;script&gt;", "<script", id="raw HTML is text"),
        pytest.param('<img src=x onerror="alert(1)">', "&lt;img", "<img", id="raw image tag is text"),
        pytest.param(
            "[klik](javascript:alert(1))",
            "[klik](javascript:alert(1))",
            "href",
            id="javascript link stays text",
        ),
        pytest.param(
            "<javascript:alert(1)>",
            "&lt;javascript:alert(1)&gt;",
            "href",
            id="javascript autolink stays text",
        ),
        pytest.param(
            "![peta](https://tracker.example/p.png)", "peta", "<img", id="remote image becomes its alt text"
        ),
        pytest.param("![rahasia](/etc/passwd)", "rahasia", "<img", id="local image becomes its alt text"),
        pytest.param("![x](data:image/png;base64,AAAA)", "x", "<img", id="data image becomes its alt text"),
        pytest.param("{{ 7*7 }} {% if 1 %}", "{{ 7*7 }} {% if 1 %}", "49", id="template syntax is text"),
        pytest.param(
            "[Satu Data](https://data.go.id)",
            '<a href="https://data.go.id">Satu Data</a>',
            "<img",
            id="web link stays",
        ),
    ],
)
def test_hostile_markdown_renders_inert_html(source: str, present: str, absent: str) -> None:
    html = to_html(source)
    assert present in html
    assert absent not in html


def test_headings_move_below_the_section() -> None:
    assert to_html("# Judul\n\n## Sub", heading_base=3) == "<h4>Judul</h4>\n<h5>Sub</h5>\n"
    assert to_html("#### Dalam", heading_base=3) == "<h6>Dalam</h6>\n"


@pytest.mark.parametrize(
    ("source", "present", "absent"),
    [
        pytest.param(
            "<script>alert(1)</script>",
            "\\<script>alert(1)\\</script>",
            r"(?<!\\)<(script|/script)",
            id="raw HTML is escaped",
        ),
        pytest.param(
            "[klik](javascript:alert(1))",
            "\\[klik\\](javascript:alert(1))",
            r"(?<!\\)\]\(javascript",
            id="javascript link is text",
        ),
        pytest.param(
            "![peta](https://tracker.example/p.png)",
            "peta",
            r"\]\(https://tracker",
            id="image becomes alt text",
        ),
        pytest.param("a | b\n\\-|-", "a | b\n\\-|-", r"(?m)^-\|-", id="no table of a pipe and a dash"),
    ],
)
def test_hostile_markdown_is_written_back_inert(source: str, present: str, absent: str) -> None:
    markdown = to_markdown(source)
    assert present in markdown
    assert re.search(absent, markdown) is None
    assert "<script" not in to_html(markdown) and "<img" not in to_html(markdown)


def test_markdown_is_written_back_faithfully() -> None:
    source = (
        "Teks *miring*, **tebal**, ~~coret~~ dan `kode`.\n\n"
        "- satu\n- dua\n\n1. a\n2. b\n\n> kutipan\n\n"
        "| a | b |\n| :-- | --: |\n| 1 | 2 |\n\n[tautan](https://data.go.id)"
    )
    assert to_html(to_markdown(source, 0), 0) == to_html(source, 0)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab <>*_[]()!#|-+.1`~&\\:\n/")), max_size=60))
@example("!<https://x.y/p.png>").via("`!` before an autolink: no image")
@example("<\\<a@b.c>").via("mdformat escapes the first `<` of two only")
@example("+ + *").via("lists in lists down to an empty item: `- - -` is a rule")
@example("[\\[a\\]](p.pdf)(https://x.y)").via("a dropped link's text beside `(url)`")
@example("[a <a@b.c> b](#b)").via("an autolink inside a dropped link")
@example("~~a\\~~").via("a `~` beside a strikethrough")
@example("a\\\n&#10;b").via("a line end from a character reference")
@example("[a][b]\n\n[b]: https://x.y").via("a reference link is written inline")
@example("[x](https://x.y)").via("mdformat-gfm's plugin reads `[x]` as a task box")
@example("~~~ ~~~`\na").via("a fence's info string of tildes")
@example("\\\na\nb\\\nc\n===").via("breaks inside a setext heading")
@example("```\na").via("a fence open at the end")
def test_writing_back_keeps_the_meaning_and_adds_no_html(text: str) -> None:
    markdown = to_markdown(text, 0)
    # the same HTML, up to whitespace (a heading's line breaks become spaces)
    assert _squeeze(to_html(markdown, 0)) == _squeeze(to_html(text, 0))


# What a hostile pull request would try: every character of Markdown's syntax, the line starts
# that open a block (after spaces or a tab too), character references, links of every kind
# (web, anchor, refused, reference, autolink), tables and code fences.
HOSTILE_PIECES = [
    *"ab <>*_[]()!#|-+.1`~&\\:\n/=\t",
    *["- ", "* ", "+ ", "1. ", "2) ", "# ", "> ", "---", "===", "***", "|---|", "    ", "  ", "\n   "],
    *["\n\n", "\\\n", "  \n", "```", "~~~", "~~", "<div>", "<!--", "&amp;", "&#42;", "&#10;"],
    *["https://x.y", "<https://x.y>", "<a@b.c>", "[a](https://x.y)", '[x](https://x.y "t")'],
    *["[x](<https://x.y/a b>)", "[x](#a)", "[x](#b)", "[x](javascript:alert(1))", "[x](p.pdf)"],
    *["![i](https://x.y/i.png)", "\n[a]: https://x.y\n", "[a][a]", "[a]"],
    *["| a | b |\n| - | - |\n", "| :- | -: |\n", "| a |"],
]


@settings(max_examples=2500, deadline=None)
@given(st.lists(st.sampled_from(HOSTILE_PIECES), max_size=25).map("".join))
def test_hostile_prose_written_back_shows_what_the_html_shows(text: str) -> None:
    # Every element (link, image, heading, list, table, code, quote, rule) and every visible
    # character are the same. Emphasis is set aside: where the parser split a run of `*`, `_`
    # or `~` into literal text and emphasis (`***a*a*`), or a dropped link left emphasis beside
    # a letter (`[r](p.pdf)_x_`), no Markdown text parses back to the same emphasis.
    with linkable_anchors(frozenset({"a"})):
        markdown = to_markdown(text, 0)
        assert _unemphasised(to_html(markdown, 0)) == _unemphasised(to_html(text, 0))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(HOSTILE_PIECES), max_size=25).map("".join))
def test_hostile_prose_stays_in_its_table_cell(text: str) -> None:
    with linkable_anchors(frozenset({"a"})):
        html = to_html(f"| h | h |\n| - | - |\n| a | {to_markdown_cell(text)} |", 0)
        assert (html.count("<tr>"), html.count("<td")) == (2, 2)  # one row of two cells
        assert _hrefs(html) == _hrefs(to_html(text, 0))
        assert "<img" not in html


def _hrefs(html: str) -> list[str]:
    return re.findall(r' href="([^"]*)"', html)


def _unemphasised(html: str) -> str:
    html = re.sub(r"</?(em|strong|s)>", "", _squeeze(html))
    return re.sub(r"(<[^>]*>)|[*_~]", lambda m: m[1] or "", html)


def _squeeze(html: str) -> str:
    html = re.sub(r' class="language-[^"]*"', "", html)  # info strings are cleaned on purpose
    html = re.sub(r"\n</code>", "</code>", html)  # a fence left open at the end gets closed
    return re.sub(r"\s+", " ", html).strip()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("Satu | Data", "Satu \\| Data", id="pipe"),
        pytest.param("baris\nbaru", "baris baru", id="newline"),
        pytest.param("  spasi  ", "spasi", id="outer spaces"),
        pytest.param("- bukan daftar", "\\- bukan daftar", id="list marker"),
        pytest.param("1. bukan daftar", "1\\. bukan daftar", id="ordered list marker"),
        pytest.param("<b>x</b>", "\\<b\\>x\\</b\\>", id="html"),
        pytest.param("Rp1.500.000", "Rp1.500.000", id="money is untouched"),
    ],
)
def test_values_are_escaped_as_markdown_text(value: str, expected: str) -> None:
    assert escape_markdown(value) == expected


PROSE_PIECES = [*"ab Z9.,;:()'\"-+#=>!?\n\t\u00a0", "1. ", "2) ", "  ", "\n\n", "- ", "é"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PROSE_PIECES), max_size=40).map("".join))
def test_plain_prose_takes_the_short_path_with_the_parsers_result(text: str) -> None:
    # plain prose skips the parser; whatever the short path accepts must come out exactly as
    # the parser would write it
    from masterplan_cli.render import prose as markdown

    if markdown._plain_paragraphs(text) is None:
        return
    markdown._tokens.cache_clear()
    tokens = markdown._tokens(text, 2, frozenset())
    parser = markdown.parser()
    assert to_html(text, 2) == parser.renderer.render(tokens, parser.options, {})
    assert to_markdown(text, 2) == markdown._write_markdown(tokens)


def test_plain_prose_is_recognised() -> None:
    from masterplan_cli.render.prose import _plain_paragraphs

    assert _plain_paragraphs("Satu dua.\nTiga.\n\nEmpat.\n") == [["Satu dua.", "Tiga."], ["Empat."]]
    for text in ("- daftar", "1. daftar", "# judul", "a *b*", "a\n===", "a  \nb", "  a", "a | b", "2024) a"):
        assert _plain_paragraphs(text) is None, text
