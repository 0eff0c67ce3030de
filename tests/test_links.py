"""Links in a city's text: only to the web, a mailbox or an anchor of the document.

`check` and the renderer share one definition (`masterplan_cli.links`): a refused link is a
warning (MP240), and so is a link to an anchor the document lacks (MP241); `build` goes on
and shows such a link as its text in Markdown, HTML and PDF — `[Bab 5](#bab-5)` used to fail
the whole PDF build with nothing written, and `[x](#nowhere%0A::error …)` made WeasyPrint
print a line starting with `::error`.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import MINI, masterplan
from masterplan_cli.links import document_anchors, find_links, link_kind
from masterplan_cli.render.prose import linkable_anchors, to_html, to_markdown

ANCHORS = document_anchors(["KOMINFO-01"], ["diskominfo"])


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://data.go.id", "web"),
        ("HTTP://data.go.id/a?b=c", "web"),
        ("mailto:diskominfo@solokkota.go.id", "mail"),
        ("#program-kominfo-01", "anchor"),
        ("#nowhere%0A::error", "anchor"),
        ("docs/laporan.pdf", "refused"),
        ("../../.git/config", "refused"),
        ("/etc/passwd", "refused"),
        ("file:///etc/passwd", "refused"),
        ("javascript:alert(1)", "refused"),
        (" JavaScript:alert(1)", "refused"),
        ("data:text/html,<script>", "refused"),
        ("ftp://example.org", "refused"),
        ("//evil.example/x", "refused"),
        ("\\\\evil.example\\share", "refused"),
        ("http:relative", "refused"),
        ("http:/one-slash", "refused"),
        ("https://evil.example\n", "web"),  # surrounding whitespace is not part of it
        ("java\x00script:alert(1)", "refused"),
        ("https://x\x85y", "refused"),
        ("", "refused"),
    ],
)
def test_link_kind(url: str, kind: str) -> None:
    assert link_kind(url) == kind


def test_find_links_finds_what_markdown_makes_a_link_and_skips_code() -> None:
    text = (
        '[a](https://a.example) [b](<docs/b c.pdf>) <mailto:x@y.z> [c](x(1).pdf "t")\n'
        "`[no](file:x)` and\n\n```\n[no](file:y)\n```\n\n[ref]: ftp://z\n"
    )
    assert [url for _, url in find_links(text)] == [
        "https://a.example",
        "docs/b c.pdf",
        "mailto:x@y.z",
        "x(1).pdf",
        "ftp://z",
    ]
    offset, url = next(find_links("see [b](docs/b.pdf)"))
    assert "see [b](docs/b.pdf)"[offset:].startswith(url)


@pytest.mark.parametrize(
    ("source", "html", "markdown"),
    [
        pytest.param("[Bab 5](#bab-5)", "<p>Bab 5</p>\n", "Bab 5", id="missing anchor: its text"),
        pytest.param(
            "[x](#nowhere%0A::error%20file=x::FORGED)", "<p>x</p>\n", "x", id="forged anchor: its text"
        ),
        pytest.param(
            "[Satu Data](#program-kominfo-01)",
            '<p><a href="#program-kominfo-01">Satu Data</a></p>\n',
            "[Satu Data](#program-kominfo-01)",
            id="program anchor",
        ),
        pytest.param(
            "[laporan](docs/laporan.pdf)", "<p>laporan</p>\n", "laporan", id="relative path: its text"
        ),
        pytest.param("![peta](../.git/config)", "<p>peta</p>\n", "peta", id="relative image: its alt text"),
        pytest.param(
            "[peta](file:///etc/passwd)",
            "<p>[peta](file:///etc/passwd)</p>\n",
            "\\[peta\\](file:///etc/passwd)",
            id="file URL: as typed",
        ),
    ],
)
def test_a_link_is_made_only_to_the_web_a_mailbox_or_an_anchor_the_document_has(
    source: str, html: str, markdown: str
) -> None:
    with linkable_anchors(ANCHORS):
        assert to_html(source) == html
        assert to_markdown(source) == markdown


@pytest.fixture
def linked_city(tmp_path: Path) -> Path:
    """The mini city with a description linking to a missing chapter, a forged anchor and a
    program, as in issue #10."""
    root = tmp_path / "city"
    shutil.copytree(MINI, root)
    opd = root / "opd" / "dlh.yaml"
    data = yaml.safe_load(opd.read_text(encoding="utf-8"))
    data["programs"][0]["description"] = (
        "Lihat [Bab 5](#bab-5), [x](#nowhere%0A::error%20file=masterplan.yaml::FORGED) "
        "dan [Satu Data](#program-kominfo-01)."
    )
    opd.write_text(yaml.safe_dump(data, allow_unicode=True, width=1000), encoding="utf-8")
    return root


def test_check_warns_of_missing_anchors(linked_city: Path) -> None:
    code, output = masterplan("check", str(linked_city))
    assert code == 0, output
    warnings = re.findall(r"^opd/dlh\.yaml:\d+:\d+: MP241 .*$", output, re.M)
    assert [w.split(": ", 1)[1] for w in warnings] == [
        "MP241 link to `#bab-5`: the document has no such anchor; the link is shown as text",
        "MP241 link to `#nowhere%0A::error%20file=masterplan.yaml::FORGED`: the document has no such "
        "anchor; the link is shown as text",
    ]
    assert masterplan("check", str(linked_city), "--strict")[0] == 1


def test_build_shows_a_link_to_a_missing_anchor_as_text(linked_city: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = masterplan("build", str(linked_city), "-f", "md", "-f", "html", "--out", str(out))
    assert code == 0, output
    html = (out / "masterplan.html").read_text(encoding="utf-8")
    assert 'Lihat Bab 5, x dan <a href="#program-kominfo-01">Satu Data</a>.' in html
    markdown = (out / "masterplan.md").read_text(encoding="utf-8")
    assert "Lihat Bab 5, x dan [Satu Data](#program-kominfo-01)." in markdown
    assert not re.search(r"^\s*::", output, re.M)


@pytest.mark.pdf
def test_pdf_build_goes_on_and_links_only_to_what_exists(linked_city: Path, tmp_path: Path) -> None:
    """The repro of issue #10: the PDF build failed, printing a line that began with `::error`."""
    out = tmp_path / "out"
    code, output = masterplan("build", str(linked_city), "-f", "pdf", "--out", str(out))
    assert code == 0, output
    assert not re.search(r"^\s*::", output, re.M)  # the warning quotes the link, escaped
    reader = PdfReader(io.BytesIO((out / "masterplan.pdf").read_bytes()))
    uris = [
        str(annotation.get_object().get("/A", {}).get("/URI", ""))
        for page in reader.pages
        for annotation in page.get("/Annots", None) or []
    ]
    assert not [uri for uri in uris if uri.startswith("file:") or "nowhere" in uri or "bab-5" in uri]
