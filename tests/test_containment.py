"""Containment during `build` (issue 7): a city repository from a pull request cannot make the
tool reach the network, read files outside the repository and the package, escape the
template sandbox, or put active content in the outputs; and nothing is ever half-written.

The network is cut in-process (every way Python opens a connection records the attempt and
fails), so a test fails if anything so much as tries.
"""

from __future__ import annotations

import ctypes
import hashlib
import http.client
import io
import itertools
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import html5lib
import pytest
import yaml
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from masterplan_cli.builder import Silent
from masterplan_cli.cli import run
from masterplan_cli.render import isolation

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "city-mini"
SCRIPT = Path(sys.executable).with_name("masterplan")
COMMAND = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "masterplan_cli"]
OUTPUTS = ("masterplan.md", "masterplan.html", "masterplan.pdf")
EPOCH = {"SOURCE_DATE_EPOCH": "1730419200"}  # reproducible outputs, to compare bytes

HOSTILE_MARKDOWN = """\
Teks biasa **tebal**. ![jauh](https://evil.example/a.png) ![berkas](file:///etc/passwd)
![naik](../../etc/passwd) ![akar](/etc/passwd) ![data](data:image/svg+xml;base64,PHN2Zy8+)
<img src="https://evil.example/b.png"> <script>alert(1)</script> <iframe src="https://evil.example/"></iframe>
[skrip](javascript:alert(2)) [berkas](file:///etc/passwd) [protokol](//evil.example/x) [vb](vbscript:x)
<a href="javascript:alert(3)">a</a> <style>@import url(https://evil.example/x.css);</style>
<svg><image href="https://evil.example/c.png"/></svg> <object data="https://evil.example/d"></object>
{{ 7*7 }} {% include '/etc/passwd' %} {{ ''.__class__.__mro__ }}

| kolom | <img src=x onerror=alert(4)> |
| --- | --- |
| [x](javascript:alert(5)) | ![y](https://evil.example/e.png) |
"""
HOSTILE_NAME = "Program <script>alert('nama')</script> {{ 7*7 }} ![p](https://evil.example/n.png)"


# --- the network, cut ------------------------------------------------------------------------


class NetworkAttempt(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every way Python reaches the network records the attempt and raises."""
    attempts: list[str] = []

    def refuse(what: str) -> Any:
        def refused(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{what}{args[1:] if what.startswith('socket.socket') else args}")
            raise NetworkAttempt(f"network access attempted: {what}")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.socket.connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("socket.socket.sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("socket.gethostbyname"))
    monkeypatch.setattr(urllib.request, "urlopen", refuse("urllib.request.urlopen"))
    monkeypatch.setattr(http.client.HTTPConnection, "connect", refuse("http.client.HTTPConnection.connect"))
    yield attempts
    assert attempts == [], attempts


def build(*args: str) -> tuple[int, str, str]:
    """`masterplan build ARGS` in this process (where the network is cut); code, out, err."""
    out, err = io.StringIO(), io.StringIO()
    real_out, real_err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = run(["build", "--quiet", *args])  # the messages alone, without progress
    finally:
        sys.stdout, sys.stderr = real_out, real_err
    return code, out.getvalue(), err.getvalue()


# --- a hostile city --------------------------------------------------------------------------


def edit_yaml(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def city(tmp_path: Path) -> Path:
    root = tmp_path / "city"
    shutil.copytree(MINI, root)
    return root


@pytest.fixture
def hostile_city(city: Path) -> Path:
    """The mini city with hostile Markdown in every free-text field and hostile names."""

    def masterplan(data: dict[str, Any]) -> None:
        data["city"]["profile"] = HOSTILE_MARKDOWN
        for key in ("foreword", "purpose", "background", "scope", "method", "closing"):
            data["document"][key] = HOSTILE_MARKDOWN
        data["document"]["subtitle"] = "</title><script>alert('judul')</script>"
        data["vision"] = "Visi {{ 7*7 }} <script>alert('visi')</script>"
        data["missions"][0] = "[misi](javascript:alert(6)) <img src=https://evil.example/m.png>"

    def opd(data: dict[str, Any]) -> None:
        data["programs"][0]["name"] = HOSTILE_NAME
        data["programs"][0]["description"] = HOSTILE_MARKDOWN
        data["programs"][0]["outputs"] = [
            "</td></tr></table><script>alert(7)</script>",
            "{% raw %}x",
        ]

    def pillar(data: dict[str, Any]) -> None:
        data["description"] = HOSTILE_MARKDOWN
        data["issues"] = ["<style>*{background:url(https://evil.example/i.png)}</style>"]

    edit_yaml(city / "masterplan.yaml", masterplan)
    edit_yaml(city / "opd" / "dlh.yaml", opd)
    edit_yaml(city / "pillars" / "governance.yaml", pillar)
    return city


# --- what an inert output looks like ---------------------------------------------------------

ACTIVE_ELEMENTS = {
    "script",
    "iframe",
    "object",
    "embed",
    "frame",
    "frameset",
    "applet",
    "base",
    "form",
    "link",
    "meta",
}
URL_ATTRIBUTES = {
    "src",
    "href",
    "data",
    "action",
    "formaction",
    "poster",
    "background",
    "srcset",
    "xlink:href",
    "cite",
}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)
CSS_IMPORT = re.compile(r"@import", re.IGNORECASE)


def local_name(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def assert_html_inert(html: str) -> None:
    """No script or other active element, no event handler, and no URL that loads anything
    but a data: URI; links go only to http(s), mailto or a fragment."""
    tree: Element = html5lib.parse(html)
    for element in tree.iter():
        tag = local_name(str(element.tag))
        if tag == "meta":
            assert (
                "http-equiv" not in element.attrib
                or element.attrib["http-equiv"].lower() == "content-security-policy"
            )
        elif tag in ACTIVE_ELEMENTS:
            raise AssertionError(f"<{tag}> in the HTML: {element.attrib}")
        for name, value in element.attrib.items():
            attribute = local_name(name).lower()
            assert not attribute.startswith("on"), (tag, name, value)
            if attribute not in URL_ATTRIBUTES and local_name(name) != "href":
                continue
            url = value.strip()
            if tag == "a" and attribute == "href":
                assert url.startswith(("#", "http://", "https://", "mailto:")), (tag, name, value)
            else:
                assert url.startswith(("data:", "#")), (tag, name, value)
        if tag == "style" or "style" in element.attrib:
            css = element.text or "" if tag == "style" else element.attrib["style"]
            assert not CSS_IMPORT.search(css), css
            for url in CSS_URL.findall(css):
                assert url.startswith(("data:", "#")), url


def assert_markdown_inert(markdown: str) -> None:
    """No raw HTML tag, image, or link to anything but http(s), mailto or a fragment; what
    the city wrote as markup comes out escaped."""
    markdown = re.sub(r'<a id="[a-z0-9-]+"></a>', "", markdown)  # the tool's own anchors
    markdown = re.sub(
        r"^(`{3,})[^\n]*\n.*?^\1$", "", markdown, flags=re.MULTILINE | re.DOTALL
    )  # code is text
    assert not re.search(r"(?<!\\)<(script|img|iframe|style|svg|object|a)\b", markdown, re.IGNORECASE)
    assert not re.search(r"(?<!\\)!\[[^\]]*\]\(", markdown), "an image in the Markdown"
    for url in re.findall(r"(?<!\\)\]\(([^)\s]*)", markdown):
        assert url.startswith(("#", "http://", "https://", "mailto:")), url


def assert_pdf_inert(data: bytes) -> None:
    """No JavaScript, launch or file action, no embedded file; links only to the web, mail or
    a place in the document."""
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert "/OpenAction" not in root or root["/OpenAction"].get("/S") != "/JavaScript"
    names = root.get("/Names")
    if names is not None:
        assert "/JavaScript" not in names and "/EmbeddedFiles" not in names
    for page in reader.pages:
        assert "/AA" not in page
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object() if isinstance(annotation, IndirectObject) else annotation
            assert isinstance(annotation, DictionaryObject)
            action = annotation.get("/A")
            if action is None:
                continue
            kind = action.get("/S")
            assert kind in ("/URI", "/GoTo"), action
            if kind == "/URI":
                assert str(action["/URI"]).startswith(("http://", "https://", "mailto:")), action


# --- the network and active content ----------------------------------------------------------


@pytest.mark.pdf
def test_a_hostile_city_builds_inert_without_touching_the_network(
    hostile_city: Path, tmp_path: Path, no_network: list[str]
) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = build(str(hostile_city), "--out", str(out))
    assert code == 0, stdout + stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)
    assert_html_inert((out / "masterplan.html").read_text(encoding="utf-8"))
    assert_markdown_inert((out / "masterplan.md").read_text(encoding="utf-8"))
    assert_pdf_inert((out / "masterplan.pdf").read_bytes())
    html = (out / "masterplan.html").read_text(encoding="utf-8")
    markdown = (out / "masterplan.md").read_text(encoding="utf-8")
    # text from YAML is never a template: it comes out as written
    assert (
        "{{ 7*7 }} {% include '/etc/passwd' %} {{ ''.<strong>class</strong>" in html
    )  # Markdown's __x__ only
    assert "Visi {{ 7*7 }} &lt;script&gt;alert(&#39;visi&#39;)&lt;/script&gt;" in html
    assert "{{ 7\\*7 }} {% include '/etc/passwd' %} {{ ''.__class__.__mro__ }}" in markdown
    assert "{{ 7\\*7 }} \\<script\\>alert('visi')\\</script\\>" in markdown
    # every resource of the HTML is inline: the logo, as a data: URI
    assert re.findall(r'\bsrc="([^":]*):', html) == ["data"]


def write_document(city: Path, body: str) -> None:
    """The city's own `masterplan.html`, a document of one chapter holding `body`: WeasyPrint
    meets `body` without laying out the mini city's 40 pages first (a tenth of the time)."""
    (city / "templates").mkdir()
    (city / "templates" / "masterplan.html").write_text(
        '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>Masterplan</title></head>\n'
        f'<body><section class="chapter" id="closing"><h1>Penutup</h1>{body}</section></body></html>\n',
        encoding="utf-8",
    )


@pytest.mark.pdf
@pytest.mark.parametrize(
    "resource",
    [
        pytest.param('<img src="https://evil.example/a.png" alt="">', id="remote image"),
        pytest.param('<img src="//evil.example/a.png" alt="">', id="scheme-relative image"),
        pytest.param('<img src="file:///etc/passwd" alt="">', id="file URL"),
        pytest.param('<img src="../../../../../../etc/passwd" alt="">', id="parent path"),
        pytest.param('<img src="/etc/passwd" alt="">', id="absolute path"),
        pytest.param('<img src="assets/evil.png" alt="">', id="link to a file outside"),
        pytest.param("<style>@import url('https://evil.example/x.css');</style>", id="css import"),
        pytest.param(
            "<style>body { background: url(https://evil.example/b.png) }</style>",
            id="css background",
        ),
        pytest.param(
            "<style>@font-face { font-family: x; src: url(https://evil.example/f.woff) } p { font-family: x }</style><p>x</p>",
            id="css font",
        ),
        pytest.param('<link rel="stylesheet" href="https://evil.example/c.css">', id="stylesheet link"),
        pytest.param(
            '<svg width="10" height="10"><image href="https://evil.example/s.png" width="10" height="10"/></svg>',
            id="svg image",
        ),
        pytest.param('<object data="file:///etc/passwd" type="image/svg+xml"></object>', id="object"),
        pytest.param('<embed src="https://evil.example/e.svg" type="image/svg+xml">', id="embed"),
    ],
)
def test_a_city_template_cannot_fetch_anything(
    city: Path, tmp_path: Path, resource: str, no_network: list[str]
) -> None:
    """A city's template may write any HTML, but the PDF renderer fetches nothing from the
    network and reads no file outside the repository and the package: the build stops."""
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\nSECRET")
    (city / "assets" / "evil.png").symlink_to(outside)
    write_document(city, resource)
    out = tmp_path / "out"
    code, stdout, stderr = build(str(city), "-f", "pdf", "--out", str(out))
    assert code == 1, stdout + stderr
    # refused by the fetcher; an SVG's own image fails inside WeasyPrint, which logs it as an error
    assert stderr.startswith(
        (
            "Error: the PDF could not be made: refused to fetch ",
            "Error: the PDF could not be made: WeasyPrint reported: Failed to render SVG image",
        )
    ), stderr
    assert "Traceback" not in stderr and "internal error" not in stderr
    assert not out.exists()


# --- files outside the repository ------------------------------------------------------------


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        pytest.param(
            "https://evil.example/logo.png",
            "the logo must be a file in the repository, not a URL",
            id="URL",
        ),
        pytest.param(
            "//evil.example/logo.png",
            "the logo must be a file in the repository, not a URL",
            id="scheme-relative",
        ),
        pytest.param(
            "file:///etc/passwd",
            "the logo must be a file in the repository, not a URL",
            id="file URL",
        ),
        pytest.param(
            "data:image/png;base64,iVBORw0KGgo=",
            "the logo must be a file in the repository, not a URL",
            id="data URI",
        ),
        pytest.param(
            "../../etc/passwd.png",
            "`../../etc/passwd.png` leads outside the repository",
            id="parent path",
        ),
        pytest.param("/etc/passwd.png", "`/etc/passwd.png` leads outside the repository", id="absolute path"),
        pytest.param(
            "assets/link.png",
            "`assets/link.png` is a link that leads outside the repository",
            id="link",
        ),
        pytest.param(
            "linked/logo.png",
            "`linked/logo.png` is a link that leads outside the repository",
            id="linked folder",
        ),
    ],
)
def test_a_logo_outside_the_repository_is_refused(
    city: Path, tmp_path: Path, logo: str, message: str, no_network: list[str]
) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\nSECRET")
    (city / "assets" / "link.png").symlink_to(secret / "logo.png")
    (city / "linked").symlink_to(secret)
    edit_yaml(city / "masterplan.yaml", lambda data: data["city"].__setitem__("logo", logo))
    out = tmp_path / "out"
    code, stdout, stderr = build(str(city), "--out", str(out))
    assert code == 1, stdout + stderr
    assert re.search(rf"^masterplan\.yaml:\d+:\d+: MP219 {re.escape(message)}$", stdout, re.MULTILINE), stdout
    assert not out.exists()


def _laughs() -> str:
    entities = ['<!ENTITY a0 "lol">'] + [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)]
    return f'<?xml version="1.0"?><!DOCTYPE svg [{"".join(entities)}]><svg {SVG_NS}><text>&a9;</text></svg>'


SVG_NS = (
    'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="40"'
)


@pytest.mark.pdf
@pytest.mark.parametrize(
    ("svg", "message"),
    [
        pytest.param(
            f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
            f'<svg {SVG_NS}><text y="20">&x;</text></svg>',
            "the SVG has a DOCTYPE: entities and external definitions are not allowed in a logo",
            id="external entity",
        ),
        pytest.param(
            _laughs(),
            "the SVG has a DOCTYPE: entities and external definitions are not allowed in a logo",
            id="entity expansion bomb",
        ),
        pytest.param(
            f'<svg {SVG_NS}><use xlink:href="//evil.example/y.svg#a"/></svg>',
            "the SVG refers to another file or address: a logo may only refer to itself (#id)",
            id="remote reference",
        ),
        pytest.param(
            f'<svg {SVG_NS}><image href="file:///etc/hostname" width="9" height="9"/></svg>',
            "the SVG has an element <image>: a logo may only draw",
            id="local files",
        ),
        pytest.param(
            f"<svg {SVG_NS}><script>alert(2)</script></svg>",
            "the SVG has an element <script>: a logo may only draw",
            id="script",
        ),
        pytest.param(
            f"<svg {SVG_NS}><style>@import url(https://evil.example/s.css);</style></svg>",
            "the SVG refers to another file or address: a logo may only refer to itself (#id)",
            id="css import",
        ),
        pytest.param(
            f'<svg {SVG_NS}><rect style="fill: url(/etc/passwd)" width="9" height="9"/></svg>',
            "the SVG refers to another file or address: a logo may only refer to itself (#id)",
            id="css url",
        ),
        pytest.param(
            f"<svg {SVG_NS}><rect",
            "the SVG is not well-formed XML (unclosed token, line 1)",
            id="broken",
        ),
        pytest.param(
            "<svg><g/></svg>",
            "the file is not an SVG image: its root element is not <svg> in the SVG namespace",
            id="not svg",
        ),
    ],
)
def test_a_hostile_svg_logo_is_refused_by_check(
    city: Path, tmp_path: Path, svg: str, message: str, no_network: list[str]
) -> None:
    """The logo is judged by its content when the repository is checked (MP232), so a build
    never hands WeasyPrint an SVG with entities, scripts or references: nothing is built."""
    (city / "assets" / "logo.svg").write_text(svg, encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = build(str(city), "-f", "html", "-f", "pdf", "--out", str(out))
    assert code == 1, stdout + stderr
    assert re.search(rf"^masterplan\.yaml:\d+:\d+: MP232 {re.escape(message)}$", stdout, re.MULTILINE), stdout
    assert stderr == "Nothing was built: fix the problems above and build again.\n"
    assert not out.exists()


def test_a_plain_svg_logo_with_internal_references_is_accepted(city: Path, tmp_path: Path) -> None:
    """Gradients and `<use>` that refer inside the file are what logos are made of."""
    (city / "assets" / "logo.svg").write_text(
        f'<svg {SVG_NS}><defs><linearGradient id="g"><stop offset="0"/></linearGradient>'
        '<circle id="c" r="5"/></defs><use href="#c"/><rect style="fill: url(#g)" width="9" height="9"/>'
        "<style>.a { fill: url( '#g' ) }</style></svg>",
        encoding="utf-8",
    )
    code, stdout, stderr = build(str(city), "-f", "html", "--out", str(tmp_path / "out"))
    assert code == 0, stdout + stderr


def test_a_dist_link_leading_outside_is_not_written_through(city: Path, tmp_path: Path) -> None:
    """`dist/` comes with the repository: as a link to another folder it would make the
    build write there."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (city / "dist").symlink_to(elsewhere)
    code, _, stderr = build(str(city), "-f", "md")
    assert code == 1
    assert stderr == (
        "Error: dist/ is a link that leads outside the repository; nothing was written "
        "(remove the link, or choose the folder with --out)\n"
    )
    assert list(elsewhere.iterdir()) == []


def test_an_output_file_that_is_a_link_is_replaced_not_followed(city: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (city / "dist").mkdir()
    (city / "dist" / "masterplan.md").symlink_to(victim)
    code, stdout, stderr = build(str(city), "-f", "md")
    assert code == 0, stdout + stderr
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not (city / "dist" / "masterplan.md").is_symlink()


# --- city templates: the sandbox -------------------------------------------------------------

TEMPLATE = "templates/html/closing.html"
# A hostile template as the whole document: the same sandbox renders it, and the build does
# not first render every chapter before it (a fifth of the time of TEMPLATE).
DOCUMENT = "templates/masterplan.html"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        pytest.param(
            "{{ ''.__class__.__mro__ }}",
            "access to attribute '__class__' of 'str' object is unsafe.",
            id="mro",
        ),
        pytest.param(
            "{{ cycler.__init__.__globals__ }}",
            "access to attribute '__init__' of 'type' object is unsafe.",
            id="globals of a helper",
        ),
        pytest.param(
            "{{ lipsum.__globals__['os'].environ }}",
            "access to attribute '__globals__' of 'function' object is unsafe.",
            id="environment through globals",
        ),
        pytest.param(
            "{{ self._TemplateReference__context }}",
            "access to attribute '_TemplateReference__context' of 'TemplateReference' object is unsafe.",
            id="template context",
        ),
        pytest.param(
            "{{ '{0.__class__}'.format('') }}",
            "access to attribute '__class__' of 'str' object is unsafe.",
            id="format string",
        ),
        pytest.param(
            "{% include '/etc/passwd' %}",
            "no template `/etc/passwd` in templates/ or the built-in templates",
            id="include an absolute path",
        ),
        pytest.param(
            "{% include '../../../etc/passwd' %}",
            "no template `../../../etc/passwd` in templates/ or the built-in templates",
            id="include a parent path",
        ),
        pytest.param(
            "{% extends '/etc/passwd' %}",
            "no template `/etc/passwd` in templates/ or the built-in templates",
            id="extends an absolute path",
        ),
        pytest.param(
            "{% import '../../masterplan.yaml' as m %}",
            "no template `../../masterplan.yaml` in templates/ or the built-in templates",
            id="import a parent path",
        ),
        pytest.param("{{ environ }}{{ os }}", "'environ' is undefined", id="no environment"),
        pytest.param("{{ 'x' * 10**9 }}", "the result of * would be too large", id="repetition"),
        pytest.param("{{ 2 ** (10**8) }}", "the exponent 100000000 is too large", id="power"),
        pytest.param(
            "{{ range(10**9)|list }}",
            "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).",
            id="range",
        ),
        pytest.param("{{ 1 / 0 }}", "division by zero", id="arithmetic error"),
        pytest.param(
            "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
            "maximum recursion depth exceeded",
            id="recursion",
        ),
        pytest.param("{% if %}", "Expected an expression, got 'end of statement block'", id="syntax error"),
    ],
)
def test_a_hostile_city_template_is_refused_with_its_place(
    city: Path, tmp_path: Path, template: str, message: str, no_network: list[str]
) -> None:
    """Exit 1 (a problem of the repository, not a bug), the template and line; nothing written."""
    (city / DOCUMENT).parent.mkdir(parents=True)
    (city / DOCUMENT).write_text(template, encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = build(str(city), "-f", "html", "--out", str(out))
    assert code == 1, stdout + stderr
    assert stderr == f"Error: a template failed ({DOCUMENT}:1): {message}\n"
    assert not out.exists()


@pytest.mark.parametrize(
    "template",
    [
        pytest.param("{{ 'x'.zfill(10**8) }}", id="zfill"),
        pytest.param("{{ 'x'|center(10**8) }}", id="center filter"),
        pytest.param("{{ '%0100000000d' % 1 }}", id="printf width"),
        pytest.param("{{ '{:>100000000}'.format('x') }}", id="format width"),
        pytest.param("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}", id="output of a loop"),
        pytest.param("{{ 'x'.center(10**9) }}", id="center method"),
        pytest.param("{{ 'x'.ljust(10**6) ~ 'x'.rjust(10**6) }}", id="ljust and rjust"),
        pytest.param("{{ ('\\t' * 1000).expandtabs(10**6) }}", id="expandtabs"),
        pytest.param("{{ 'x'|indent(10**9) }}", id="indent filter"),
        pytest.param("{{ 'x'|indent('y' * 10**6) }}", id="indent by a string"),
        pytest.param("{{ ('a\\n' * 500000)|indent(1000) }}", id="indent of many lines"),
        pytest.param("{{ '%10000000000s' % 'x' }}", id="printf width 10**10"),
        pytest.param("{{ '%*d' % (10**8, 1) }}", id="printf star width"),
        pytest.param("{{ '%.*f' % (10**8, 1) }}", id="printf star precision"),
        pytest.param("{{ '%(a(b))100000000s' % {'a(b)': 'x'} }}", id="printf width after a key"),
        pytest.param("{{ ('%(a)s' * 100) % {'a': 'x' * 10**6} }}", id="printf key used again"),
        pytest.param("{{ '%100000000s'|format('x') }}", id="format filter"),
        pytest.param("{{ '{:>1000000000}'.format('x') }}", id="format width 10**9"),
        pytest.param("{{ '{:.100000000f}'.format(1) }}", id="format precision"),
        pytest.param("{{ '{:{}}'.format('x', 10**8) }}", id="format nested width"),
        pytest.param("{{ ('{0}' * 100).format('x' * 10**6) }}", id="format field used again"),
        pytest.param("{{ 'a b'|wordwrap(10**8) }}", id="wordwrap width"),
        pytest.param("{{ ('a' * 10**6)|wordwrap(1, wrapstring='y' * 100) }}", id="wordwrap string"),
        pytest.param("{{ 'abc'|truncate(10**8) }}", id="truncate length"),
        pytest.param("{{ range(3)|batch(10**9, 'x')|list }}", id="batch"),
        pytest.param("{{ [1]|slice(10**8)|list }}", id="slice"),
        pytest.param("{{ range(100000)|list|tojson(1000) }}", id="tojson indent"),
        pytest.param("{{ lipsum(10**6) }}", id="lipsum"),
        pytest.param("{{ (['x' * 10**6] * 1000)|join }}", id="join filter"),
        pytest.param("{{ ('x' * 10**6).join(range(1000)|map('string')) }}", id="join method"),
        pytest.param("{{ ('x' * 10**6).replace('x', 'y' * 100) }}", id="replace method"),
        pytest.param("{{ ('x' * 10**6)|replace('x', 'y' * 100) }}", id="replace filter"),
        pytest.param("{{ ('x' * 10**6).translate({120: 'y' * 100}) }}", id="translate"),
        pytest.param("{{ ('http://a.id ' * 80000)|urlize(target='x' * 1000) }}", id="urlize attributes"),
        pytest.param(
            "{% set ns = namespace(s='x' * 10**6) %}{% for i in range(100) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            id="doubling by ~",
        ),
        pytest.param(
            "{% set ns = namespace(s='x' * 10**6) %}{% for i in range(100) %}"
            "{% set ns.s = ns.s + ns.s %}{% endfor %}",
            id="doubling by +",
        ),
        pytest.param(
            "{% macro twice(s) %}{{ s }}{{ s }}{% endmacro %}{% set ns = namespace(s='x' * 10**6) %}"
            "{% for i in range(100) %}{% set ns.s = twice(ns.s) %}{% endfor %}",
            id="doubling by a macro",
        ),
        pytest.param(
            "{% set l = [1] %}{% for i in range(40) %}{{ l.extend(l) or '' }}{% endfor %}",
            id="doubling a list",
        ),
        pytest.param(
            "{% set ns = namespace(x=3) %}{% for i in range(100) %}{% set ns.x = ns.x * ns.x %}{% endfor %}",
            id="squaring a number",
        ),
        pytest.param("{{ ((10**64)**64)**64 }}", id="powers of powers"),
        pytest.param("{{ 'x'.encode() * 10**9 }}", id="bytes repetition"),
    ],
)
def test_a_city_template_cannot_make_huge_output(city: Path, tmp_path: Path, template: str) -> None:
    """Widths, counts and the size of every text a template builds are bounded: refused
    quickly, with the template's place, before the memory is taken."""
    (city / DOCUMENT).parent.mkdir(parents=True)
    (city / DOCUMENT).write_text(template, encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = build(str(city), "-f", "html", "--out", str(out))
    # refused by a size bound, not stopped by the time limit ("took longer than")
    assert code == 1 and "too large" in stderr, (code, stderr[:300])
    assert stderr.startswith(f"Error: a template failed ({DOCUMENT}:1): "), stderr[:300]
    assert not out.exists()


@pytest.mark.parametrize(
    ("template", "message"),
    [
        pytest.param(
            "{{ 'x'.zfill(10**8) }}",
            "the width 100000000 of zfill() is too large (at most 10,000)",
            id="zfill",
        ),
        pytest.param(
            "{{ 'x'|center(10**9) }}",
            "the width 1000000000 of |center is too large (at most 10,000)",
            id="center",
        ),
        pytest.param(
            "{{ '%10000000000s' % 'x' }}",
            "the width 10000000000 in a % format is too large (at most 10,000)",
            id="printf",
        ),
        pytest.param(
            "{{ '{:>1000000000}'.format('x') }}",
            "the width or precision 1000000000 in a format field is too large (at most 10,000)",
            id="format",
        ),
        pytest.param(
            "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
            "the output is too large (more than 50,000,000 characters)",
            id="output",
        ),
        pytest.param(
            "{{ (['x' * 10**6] * 1000)|join }}",
            "the result of |join would be too large (more than 50,000,000 characters)",
            id="join",
        ),
    ],
)
def test_a_refused_size_says_what_and_where(city: Path, tmp_path: Path, template: str, message: str) -> None:
    (city / DOCUMENT).parent.mkdir(parents=True)
    (city / DOCUMENT).write_text(template, encoding="utf-8")
    code, stdout, stderr = build(str(city), "-f", "html", "--out", str(tmp_path / "out"))
    assert code == 1, stdout + stderr
    assert stderr == f"Error: a template failed ({DOCUMENT}:1): {message}\n"


COVER = "templates/html/cover.html"
ENDLESS = "{% for a in range(100000) %}{% for b in range(100000) %}{{ a }}{% endfor %}{% endfor %}"


@pytest.mark.parametrize(
    "first_line",
    [
        "<h1>Sampul</h1>",
        # a hostile template naming its variables as the watchdog's locals: Jinja gives a
        # template's variables names of its own (`l_0_gen`), so the watchdog is not misled
        "<h1>Sampul</h1>{% set gen = [1] %}{% set iterator = range(3) %}{% set frame = 'x' %}",
    ],
    ids=["plain", "variables-named-gen-and-iterator"],
)
def test_the_template_is_named_wherever_the_render_is(tmp_path: Path, first_line: str) -> None:
    """The watchdog looks at the render when the time is up, wherever it is: also where the
    template's generator is paused, off the stack — while `concat` counts a batch of output,
    or while the template that includes it passes a part on. Each line the render runs
    outside the included template itself names it, until it has ended (one CI run in five
    named no template: CI at 0e5b7ac)."""
    from jinja2 import FileSystemLoader

    from masterplan_cli.builder import _template_at
    from masterplan_cli.render.sandbox import Sandbox

    (tmp_path / "templates" / "html").mkdir(parents=True)
    (tmp_path / "templates" / "html" / "cover.html").write_text(
        first_line + "\n{% for a in range(5000) %}{{ a }}{% endfor %}\n", encoding="utf-8"
    )
    (tmp_path / "templates" / "main.html").write_text('{% include "html/cover.html" %}', encoding="utf-8")
    seen: list[str] = []

    def look(frame: Any, event: str, _arg: Any) -> Any:
        template = frame.f_globals.get("__jinja_template__")
        if frame.f_code is Sandbox.concat.__code__ or getattr(template, "name", "") == "main.html":
            if event == "line":
                seen.append(_template_at(frame, tmp_path))  # the cover's generator is paused
            return look
        return None

    template = Sandbox(loader=FileSystemLoader(tmp_path / "templates")).get_template("main.html")
    sys.settrace(look)
    try:
        template.render()
    finally:
        sys.settrace(None)
    # in order: before the render has begun, the including template, the cover's two lines,
    # the including template once the cover has ended, and the render ending; never a gap
    main, cover = " (templates/main.html:1)", " (templates/html/cover.html:{})"
    assert [where for where, _ in itertools.groupby(seen)] == [
        "",
        main,
        cover.format(1),
        cover.format(2),
        main,
        "",
    ]
    assert seen.count(cover.format(2)) > 5000  # a part passed on, or counted, at each step


@pytest.mark.slow  # waits out the time limit
def test_a_city_template_that_runs_too_long_is_stopped(
    city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nested loops of 10**10 steps: the child process rendering it is ended after the time
    limit, and the message names the template and its line; no signal handler or timer is
    left in this process, and another build runs normally. The loop is in the cover, the
    first template rendered, so that a slow machine never spends the time elsewhere."""
    # processor time, counted in a child of this test process (its collector leaves the
    # inherited heap alone: a large xdist worker's child reaches the cover as quickly as a
    # small process's, in about one)
    monkeypatch.setenv("MASTERPLAN_TEMPLATE_TIMEOUT", "8")
    (city / TEMPLATE).parent.mkdir(parents=True)
    (city / COVER).write_text(ENDLESS, encoding="utf-8")
    out = tmp_path / "out"
    started = time.perf_counter()
    code, stdout, stderr = build(str(city), "-f", "html", "--out", str(out))
    seconds = time.perf_counter() - started
    assert code == 1, stdout + stderr
    assert stderr == (f"Error: a template failed ({COVER}:1): template rendering took longer than 8 s\n"), (
        f"after {seconds:.1f} s"
    )
    assert seconds >= 8  # the limit was waited for (a loaded machine only makes it longer)
    assert not out.exists()
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL
    (city / COVER).unlink()
    assert build(str(city), "-f", "md", "-f", "html", "--out", str(out))[0] == 0


@pytest.mark.slow  # waits out the time limit
def test_the_time_limit_applies_to_a_command_line_build(city: Path, tmp_path: Path) -> None:
    """The console script, as CI runs it: exit 1 quickly, no traceback."""
    (city / "templates" / "md").mkdir(parents=True)
    (city / "templates" / "md" / "cover.md").write_text(ENDLESS, encoding="utf-8")  # rendered first
    done = subprocess.run(  # a limit that failed to stop it would hang: the timeout fails the test
        [*COMMAND, "build", str(city), "-f", "md", "--out", str(tmp_path / "out"), "--quiet"],
        capture_output=True,
        text=True,
        # processor time: however loaded the machine, the child has started the template by then
        env={**os.environ, "MASTERPLAN_TEMPLATE_TIMEOUT": "3"},
        timeout=180,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr == (
        "Error: a template failed (templates/md/cover.md:1): template rendering took longer than 3 s\n"
    )


def _timed_step(action: Any, seconds: float) -> dict[str, Any]:
    """`action()` as the child's one step `html`, limited to `seconds` of processor time."""

    def work(progress: isolation.Progress) -> dict[str, Any]:
        with progress("html"):
            return {"result": action()}

    limits = isolation.Limits(seconds, seconds, 4096, 100)
    return isolation.run(
        work,
        Silent(),
        limits,
        lambda _step: seconds,
        lambda frame: f" (in {frame.f_code.co_name})",
        lambda step, limit, where: f"{step} over {limit} s{where}",
        (),
    )


@pytest.mark.skipif(not isolation.available(), reason="no fork here")
def test_a_step_is_limited_by_the_processor_time_it_uses(monkeypatch: pytest.MonkeyPatch) -> None:
    """A step that computes is stopped once it has used its seconds, and says where it was; one
    that waits longer than its limit in wall-clock time but computes nothing is not (a machine
    busy with other work does the same to a step); one that waits on and on is stopped by the
    wall-clock limit, ten times the limit (and a slack, zero here), and says where it was too;
    one that holds the interpreter so that the watchdog cannot look is killed by the parent."""

    def spin() -> None:
        while True:
            pass

    def wait_on() -> None:
        time.sleep(60)

    def hold_the_interpreter() -> None:
        ctypes.PyDLL(None).sleep(60)  # a C call through PyDLL keeps the GIL while it sleeps

    with pytest.raises(isolation.RenderFailed, match=r"^html over 0.5 s \(in spin\)$"):
        _timed_step(spin, 0.5)
    assert _timed_step(lambda: time.sleep(1.0) or "slept", 0.5) == {"result": "slept"}
    # read by the child and the parent: a wall-clock limit of 2 s, and 3 s more to answer
    monkeypatch.setattr(isolation, "WALL_FACTOR", 4)
    monkeypatch.setattr(isolation, "WALL_SLACK", 0.0)
    monkeypatch.setattr(isolation, "ANSWER_GRACE", 3.0)
    started = time.monotonic()
    with pytest.raises(isolation.RenderFailed, match=r"^html over 0.5 s \(in wait_on\)$"):
        _timed_step(wait_on, 0.5)
    assert 2 <= time.monotonic() - started < 5
    started = time.monotonic()
    with pytest.raises(isolation.RenderFailed, match=r"^html over 0.5 s$"):
        _timed_step(hold_the_interpreter, 0.5)
    assert 5 <= time.monotonic() - started < 30


@pytest.mark.parametrize("value", ["abc", "0", "-5", "nan", "inf"])
def test_a_wrong_time_limit_is_refused(
    city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("MASTERPLAN_TEMPLATE_TIMEOUT", value)
    (city / TEMPLATE).parent.mkdir(parents=True)
    (city / TEMPLATE).write_text("<section><h1>Penutup</h1></section>\n", encoding="utf-8")
    code, _, stderr = build(str(city), "-f", "html", "--out", str(tmp_path / "out"))
    assert code == 1
    assert stderr == (
        f"Error: MASTERPLAN_TEMPLATE_TIMEOUT must be a number of seconds above 0, not {value!r}\n"
    )


def test_the_limits_leave_a_normal_sandboxed_render_unchanged(city: Path, tmp_path: Path) -> None:
    """A city that overrides templates with copies of the built-in ones (so that every template
    runs in the sandbox, with its limits and its timer) gets the same document, byte for byte,
    as without them."""
    plain = tmp_path / "plain"
    assert build(str(city), "-f", "md", "-f", "html", "--out", str(plain))[0] == 0
    templates = Path(__file__).parent.parent / "templates"
    for name in ("md/closing.md", "html/closing.html"):
        (city / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(templates / name, city / "templates" / name)
    sandboxed = tmp_path / "sandboxed"
    assert build(str(city), "-f", "md", "-f", "html", "--out", str(sandboxed))[0] == 0
    for name in ("masterplan.md", "masterplan.html"):
        assert (sandboxed / name).read_bytes() == (plain / name).read_bytes(), name


def test_ordinary_template_code_still_works_in_the_sandbox() -> None:
    """What a template author writes every day is not refused by the limits."""
    from jinja2 import DictLoader

    from masterplan_cli.render.sandbox import Sandbox

    source = (
        "{{ 'ok %s %d %5.2f'|format('a', 3, 2.5) }}|{{ '%(a)s-%(b)05d' % {'a': 1, 'b': 2} }}|"
        "{{ '{:>6}|{:.3f}|{:,}'.format('r', 3.14159, 1234567) }}|{{ 'x'.center(5, '*') }}|"
        "{{ ['a', 'b']|join(', ') }}|{{ 'a' ~ 1 ~ 'b' }}|{{ 'ab'|replace('a', 'c') }}|"
        "{{ '%%' % () }}|{{ 2 ** 10 }}|{{ [1, 2]|batch(1)|list }}|{{ {'a': [1]}|tojson(1) }}|"
        "{{ 'a\\nb'|indent(2) }}|{{ 'ab cd ef'|wordwrap(5) }}|{{ 'abc def ghi'|truncate(7, leeway=0) }}|"
        "{{ ('x' * 3 + 'y') * 2 }}|{{ [1] + [2] }}|{{ 'a,b'.split(',')|join('+') }}|"
        "{% macro m(x) %}<{{ x }}>{% endmacro %}{{ m(1) }}{% set b %}blok{% endset %}{{ b }}|"
        "{{ '7'.zfill(3) }}|{{ 'a\\tb'.expandtabs(4) }}|{{ lipsum(1, false, 2, 3)|length > 0 }}|"
        "{{ '<b>'|e }}{{ '&'|forceescape }}|{{ [1]|string }}|{{ 2048|filesizeformat }}|"
        "{{ '{}-{}'.format(1, 2) }}|{{ ['a', 'b'].extend(['c']) }}|{{ 'ab'.translate({97: 'x'}) }}"
    )
    rendered = Sandbox(loader=DictLoader({})).from_string(source).render()
    assert rendered == (
        "ok a 3  2.50|1-00002|     r|3.142|1,234,567|**x**|a, b|a1b|cb|%|1024|[[1], [2]]|"
        '{\n "a": [\n  1\n ]\n}|a\n  b|ab cd\nef|abc...|xxxyxxxy|[1, 2]|a+b|<1>blok|007|a   b|True|'
        "&lt;b&gt;&amp;|[1]|2.0 kB|1-2|None|xb"
    )


# --- nothing lost ----------------------------------------------------------------------------


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def complete(name: str, data: bytes) -> bool:
    """Whether an output is a whole file of its kind."""
    if name.endswith(".pdf"):
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-32:]:
            return False
        PdfReader(io.BytesIO(data))
        return True
    if name.endswith(".html"):
        return data.rstrip().endswith(b"</html>")
    return data.endswith(b"\n") and len(data) > 1000


def build_in_child(city: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*COMMAND, "build", str(city), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **EPOCH},
    )


LEAN_DOCUMENT = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>{% include "style.css" %}{{ font_css | safe }}</style></head>
<body><section class="chapter" id="vision"><h1>Visi</h1><p>{{ masterplan.vision }}</p></section></body></html>
"""


@pytest.fixture(scope="module")
def versions(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, bytes], dict[str, bytes], float]:
    """A city, the bytes of its outputs before and after a change of its vision, and how long
    a whole build takes here. Its HTML and PDF are one short page (a city template), so that
    each of the seven builds here takes seconds, not a 40-page layout: what is tested is how
    the files are written, the same for any document."""
    root = tmp_path_factory.mktemp("versions")
    city = root / "city"
    shutil.copytree(MINI, city)
    (city / "templates").mkdir()
    (city / "templates" / "masterplan.html").write_text(LEAN_DOCUMENT, encoding="utf-8")
    found = []
    seconds = 0.0
    for vision in ("Visi lama kota.", "Visi baru kota yang lebih panjang."):
        edit_yaml(city / "masterplan.yaml", lambda data, v=vision: data.__setitem__("vision", v))
        out = root / f"out-{len(found)}"
        start = time.perf_counter()
        done = subprocess.run(
            [*COMMAND, "build", str(city), "--out", str(out)],
            capture_output=True,
            env={**os.environ, **EPOCH},
            timeout=120,
        )
        seconds = time.perf_counter() - start
        assert done.returncode == 0, done.stderr
        found.append({name: (out / name).read_bytes() for name in OUTPUTS})
    old, new = found
    assert all(old[name] != new[name] for name in OUTPUTS)
    return city, old, new, seconds


def assert_whole(out: Path, old: dict[str, bytes], new: dict[str, bytes], when: str) -> tuple[bool, ...]:
    """Each output is the previous version or the new one; only hidden temporary files are left."""
    for name in OUTPUTS:
        data = (out / name).read_bytes()
        assert data in (old[name], new[name]), f"{name} after a kill {when} is neither version"
        assert complete(name, data)
    left = sorted(p.name for p in out.iterdir() if p.name not in OUTPUTS)
    assert all(re.fullmatch(r"\.masterplan\.(md|html|pdf)\..+\.tmp", name) for name in left), left
    return tuple((out / name).read_bytes() == new[name] for name in OUTPUTS)


@pytest.mark.pdf
def test_a_build_killed_at_random_moments_leaves_whole_files(
    versions: tuple[Path, dict[str, bytes], dict[str, bytes], float], tmp_path: Path
) -> None:
    """SIGKILL early (while checking) and about when the files are written."""
    city, old, new, seconds = versions
    out = tmp_path / "out"
    out.mkdir()
    for moment in (0.3, random.Random(7).uniform(0.9, 1.05)):
        for name, data in old.items():
            (out / name).write_bytes(data)
        with build_in_child(city, out) as child:
            time.sleep(moment * seconds)
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        assert_whole(out, old, new, f"at {moment * seconds:.2f} s")


# The build in a child process, slowed down around each rename so that the parent can kill
# it at an exact point: after a temporary file is complete but before it replaces the old
# output, and between two outputs.
SLOWED_BUILD = """
import os, sys, time
real_replace, point = os.replace, os.environ["KILL_POINT"]
def replace(source, target):
    for when in ("before", "after"):
        if when == "after":
            real_replace(source, target)
        if f"{when} {os.path.basename(target)}" == point:
            print(point, flush=True)
            time.sleep(30)  # killed here
os.replace = replace
from masterplan_cli.cli import run
sys.exit(run(sys.argv[1:]))
"""


@pytest.mark.pdf
@pytest.mark.parametrize(
    ("point", "expected"),
    [
        pytest.param("before masterplan.md", (False, False, False), id="before the first rename"),
        pytest.param("after masterplan.md", (True, False, False), id="between two outputs"),
        pytest.param("before masterplan.pdf", (True, True, False), id="before the last rename"),
    ],
)
def test_a_build_killed_while_writing_leaves_whole_files(
    versions: tuple[Path, dict[str, bytes], dict[str, bytes], float],
    tmp_path: Path,
    point: str,
    expected: tuple[bool, ...],
) -> None:
    """Killed with a complete temporary file not yet renamed, or between two renames: every
    output is whole, the next build is not confused by a stale temporary file, and makes the
    new version."""
    city, old, new, _ = versions
    out = tmp_path / "out"
    out.mkdir()
    for name, data in old.items():
        (out / name).write_bytes(data)
    with subprocess.Popen(
        [sys.executable, "-c", SLOWED_BUILD, "build", str(city), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **EPOCH, "KILL_POINT": point},
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == point
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert assert_whole(out, old, new, point) == expected
    if point.startswith("before"):
        assert any(
            p.name.startswith(f".{point.split()[1]}.") for p in out.iterdir()
        )  # the stale temporary file
    if point != "before masterplan.pdf":
        return  # one rebuild over the leftovers is enough
    done = subprocess.run(
        [*COMMAND, "build", str(city), "--out", str(out)],
        capture_output=True,
        env={**os.environ, **EPOCH},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == new


def test_build_into_a_folder_with_other_files_leaves_them_alone(city: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "notes").mkdir(parents=True)
    others = {
        "laporan.pdf": b"%PDF-1.4 someone else's report",
        "masterplan.txt": b"not ours",
        "masterplan.md.bak": b"a backup",
        ".hidden": b"secret",
        "notes/masterplan.md": b"# a note of the same name in a subfolder",
    }
    for name, data in others.items():
        (out / name).write_bytes(data)
    before = {name: digest(out / name) for name in others}
    code, stdout, stderr = build(str(city), "-f", "md", "-f", "html", "--out", str(out))
    assert code == 0, stdout + stderr
    assert {name: digest(out / name) for name in others} == before
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == sorted(
        [*others, "notes", "masterplan.md", "masterplan.html"]
    )


def test_init_never_overwrites(city: Path) -> None:
    """`init` in an existing city repository refuses, and every file stays as it was."""
    before = {p: digest(p) for p in city.rglob("*") if p.is_file()}
    out, err = io.StringIO(), io.StringIO()
    real = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = run(
            [
                "init",
                str(city),
                "--no-input",
                "--city",
                "Kota Baru",
                "--kind",
                "kota",
                "--province",
                "Jawa Barat",
                "--start",
                "2025",
                "--end",
                "2029",
            ]
        )
    finally:
        sys.stdout, sys.stderr = real
    assert code != 0
    assert "Traceback" not in err.getvalue()
    assert {p: digest(p) for p in city.rglob("*") if p.is_file()} == before


# --- nothing hidden is read (issue 10) ---------------------------------------------------------

GIT_CONFIG = "[http]\n\textraheader = AUTHORIZATION: basic U0VDUkVULVRPS0VO\n"


@pytest.fixture
def checkout(city: Path) -> Path:
    """The mini city as actions/checkout leaves it: the runner's token in .git/config."""
    (city / ".git").mkdir()
    (city / ".git" / "config").write_text(GIT_CONFIG, encoding="utf-8")
    return city


def assert_no_secret(out: Path) -> None:
    for path in out.rglob("*") if out.exists() else []:
        data = path.read_bytes()
        assert b"U0VDUkVULVRPS0VO" not in data and b"SECRET-TOKEN" not in data, path


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        pytest.param(
            lambda t: (t / "html" / "closing.html").symlink_to("../../.git/config"),
            "`templates/html/closing.html` is in, or leads into, a hidden folder or file; it is not read",
            id="template a link to .git/config",
        ),
        pytest.param(
            lambda t: (
                (t / "html" / "secret.html").symlink_to("../../.git/config"),
                (t / "html" / "closing.html").write_text("{% include 'html/secret.html' %}"),
            ),
            "`templates/html/secret.html` is in, or leads into, a hidden folder or file; it is not read",
            id="include of a link to .git/config",
        ),
        pytest.param(
            lambda t: (t / "html" / "closing.html").write_text("{% include '../.git/config' %}"),
            "no template `../.git/config` in templates/ or the built-in templates",
            id="include a parent path into .git",
        ),
        pytest.param(
            lambda t: (
                (t / ".hidden").mkdir(),
                (t / ".hidden" / "x.html").write_text("hidden"),
                (t / "html" / "closing.html").write_text("{% include '.hidden/x.html' %}"),
            ),
            "`templates/.hidden/x.html` is in, or leads into, a hidden folder or file; it is not read",
            id="include from a dot-folder of templates",
        ),
        pytest.param(
            lambda t: (
                (t / "html" / "introduction.html").write_text("<section></section>"),
                (t / "html" / "closing.html").symlink_to("/proc/kmsg"),
            ),
            "`templates/html/closing.html` leads outside the repository; it is not read",
            id="template a link to /proc/kmsg",
        ),
        pytest.param(
            lambda t: (
                os.mkfifo(t / "html" / "fifo.html"),
                (t / "html" / "closing.html").write_text("{% include 'html/fifo.html' %}"),
            ),
            "`templates/html/fifo.html` is not a regular file; it is not read",
            id="include of a FIFO",
        ),
    ],
)
def test_a_city_template_reads_nothing_hidden_and_nothing_that_hangs(
    checkout: Path, tmp_path: Path, setup: Any, message: str
) -> None:
    """Resolved and checked before it is opened: a link into .git/ is not found, a link to a
    device or a FIFO is not read (reading /proc/kmsg blocks forever)."""
    templates = checkout / "templates"
    (templates / "html").mkdir(parents=True)
    setup(templates)
    out = tmp_path / "out"
    code, stdout, stderr = build(str(checkout), "-f", "html", "--out", str(out))
    assert code == 1, stdout + stderr
    assert re.fullmatch(rf"Error: a template failed( \([^)]*\))?: {re.escape(message)}\n", stderr), stderr
    assert_no_secret(out)


@pytest.mark.pdf
@pytest.mark.parametrize(
    ("resource", "message"),
    [
        pytest.param(
            '<link rel="attachment" href=".git/config">',
            None,
            id="link rel attachment",
        ),
        pytest.param(
            '<a rel="attachment" href=".git/config">x</a>',
            None,
            id="a rel attachment",
        ),
        pytest.param(
            '<link rel="stylesheet" href=".git/config">',
            "Error: the PDF could not be made: refused to read config: it is in a hidden folder or file\n",
            id="stylesheet in .git",
        ),
        pytest.param(
            '<img src="assets/git.png" alt="">',
            "Error: the PDF could not be made: refused to read git.png: it is in a hidden folder or file\n",
            id="image linked into .git",
        ),
        pytest.param(
            "<style>p { background: url(.git/config) }</style><p>x</p>",
            "Error: the PDF could not be made: refused to read config: it is in a hidden folder or file\n",
            id="css url into .git",
        ),
    ],
)
def test_the_pdf_embeds_nothing_hidden(
    checkout: Path, tmp_path: Path, resource: str, message: str | None
) -> None:
    """Attachments are dropped from the PDF; a stylesheet or image under .git/ stops the
    build; the token is in no output."""
    (checkout / "assets" / "git.png").symlink_to("../.git/config")
    write_document(checkout, resource)
    out = tmp_path / "out"
    code, stdout, stderr = build(str(checkout), "-f", "pdf", "--out", str(out))
    if message is None:
        assert code == 0, stdout + stderr
        reader = PdfReader(io.BytesIO((out / "masterplan.pdf").read_bytes()))
        names = reader.trailer["/Root"].get("/Names")
        assert names is None or "/EmbeddedFiles" not in names
        assert_pdf_inert((out / "masterplan.pdf").read_bytes())
    else:
        assert (code, stderr) == (1, message)
    assert_no_secret(out)


@pytest.mark.pdf
def test_relative_links_in_city_text_do_not_become_file_uris(city: Path, tmp_path: Path) -> None:
    """`[x](docs/a.md)` in a Markdown field: the PDF has no /URI starting with file: (which
    would hold the checkout's absolute path)."""
    edit_yaml(
        city / "masterplan.yaml",
        lambda data: data["document"].__setitem__(
            "foreword", "Lihat [rincian](docs/rincian.md), [atas](../x) dan [web](https://kota.example/)."
        ),
    )
    out = tmp_path / "out"
    code, stdout, stderr = build(str(city), "-f", "pdf", "--out", str(out))
    assert code == 0, stdout + stderr
    data = (out / "masterplan.pdf").read_bytes()
    uris = [
        str(annotation.get_object()["/A"]["/URI"])
        for page in PdfReader(io.BytesIO(data)).pages
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object() and "/URI" in annotation.get_object()["/A"]
    ]
    assert "https://kota.example/" in uris
    assert not [uri for uri in uris if not uri.startswith(("http://", "https://", "mailto:"))], uris
    assert str(city).encode() not in data
