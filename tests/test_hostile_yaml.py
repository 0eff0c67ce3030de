"""Hostile input: whatever a pull request puts in a city repository, `check` reports
diagnostics or success, never a traceback, a hang or a crash (issue 7).

Three kinds of test:

* property tests (hypothesis) that generate YAML text, from random bytes to structured YAML
  with every construct of YAML 1.1 and 1.2, and whole repositories of such files;
* the corpus in tests/corpus/: nasty files collected by hand, each checked as an OPD file and
  as masterplan.yaml;
* the documented limits (file size, nesting, alias expansion), which must refuse quickly,
  and deep nesting in a child process, to prove the interpreter does not die.

Every diagnostic must name an existing file or folder of the repository, at a line and
column that exist (line <= lines + 1, as a parser reports the end of the text).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from conftest import growth
from masterplan_cli.checker import check_repository
from masterplan_cli.cli import run
from masterplan_cli.diagnostics import RULES, Report, Severity
from masterplan_cli.loader import MAX_DEPTH, MAX_FILE_BYTES, REFUSED_TEXT, decode, load_text, resolve_plain

CORPUS = Path(__file__).parent / "corpus"
CORPUS_FILES = sorted(
    p.name for p in CORPUS.iterdir() if p.is_file() and not p.name.startswith((".", "README"))
)

FAST = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
REPOS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

MASTERPLAN = """\
city: {name: Kota Contoh, kind: kota, province: Jawa Barat}
period: {start: 2024, end: 2028}
framework:
  pillars:
    - id: governance
      name: {id: Tata Kelola, en: Governance}
      elements: [{id: service, name: Pelayanan Publik}]
vision: Kota yang melayani.
missions: [Melayani warga dengan cepat.]
"""
OPD = """\
id: diskominfo
name: Dinas Komunikasi dan Informatika
programs:
  - id: KOMINFO-01
    name: Satu Data
    pillar: governance
    quick_win: true
    start: 2024
"""
PILLAR = "pillar: governance\nissues: [Layanan publik masih tersebar di banyak aplikasi.]\n"


# --- what every result must satisfy ----------------------------------------------------------


def line_count(data: bytes) -> int:
    """Lines as any reader counts them: every line break Python knows (a superset of YAML's)."""
    return len(data.decode("utf-8", "replace").splitlines())


def assert_sane(root: Path, report: Report) -> None:
    """Every diagnostic is located in an existing file or folder of the repository, at a
    position that exists, with a registered code and a one-line message."""
    for diagnostic in report.diagnostics:
        assert diagnostic.code in RULES, diagnostic
        assert isinstance(diagnostic.message, str) and diagnostic.message, diagnostic
        path = diagnostic.path
        assert not path.startswith("/") and ".." not in path.split("/"), diagnostic
        target = root / path
        if diagnostic.code == "MP011":  # the missing masterplan.yaml: the one file named that need not exist
            assert path == "masterplan.yaml" and not target.exists()
            continue
        assert os.path.lexists(target), f"{diagnostic} names no file of the repository"
        assert diagnostic.line >= 1 and diagnostic.column >= 1, diagnostic
        if target.is_file() and not target.is_symlink():
            assert diagnostic.line <= line_count(target.read_bytes()) + 1, diagnostic


def assert_names_file(report: Report, path: str, data: bytes) -> None:
    """A file that cannot be loaded (judged on its own) is named by a diagnostic of the report."""
    text, problem = decode(data)
    failed = problem is not None or len(data) > MAX_FILE_BYTES
    if text is not None:
        failed = failed or not load_text(path, text).ok
    if failed:
        named = [d for d in report.diagnostics if d.path == path and d.severity is Severity.ERROR]
        assert named, f"{path} fails to load but no error names it: {report.diagnostics}"


def is_read(name: str) -> bool:
    """Whether `check` reads this repository file (the rest is ignored, with a note)."""
    folder, _, file = name.rpartition("/")
    if file.startswith("."):
        return False
    if folder == "":
        return name == "masterplan.yaml"
    return folder in ("opd", "pillars") and file.endswith((".yaml", ".yml"))


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def assert_cli_output_clean(root: Path, capsys: pytest.CaptureFixture[str], *formats: str) -> None:
    """The command line exits 0 or 1 with no traceback, and prints no control characters
    (terminal escapes, injected newlines) whatever the repository holds."""
    for output_format in formats or ("text", "github", "json"):
        code = run(["check", str(root), "--format", output_format])
        out, err = capsys.readouterr()
        assert code in (0, 1), (code, err)
        assert err == "", err
        out.encode("utf-8")  # no lone surrogates from undecodable file names
        for line in out.splitlines():
            assert not CONTROL.search(line), repr(line)
        if output_format == "json":
            json.loads(out)


def make_repo(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def check_files(files: dict[str, bytes]) -> tuple[Path, Report, tempfile.TemporaryDirectory[str]]:
    holder = tempfile.TemporaryDirectory()
    root = make_repo(Path(holder.name) / "city", files)
    _, report = check_repository(root)
    assert_sane(root, report)
    return root, report, holder


# --- structured YAML -------------------------------------------------------------------------

ODD_SCALARS = [
    "",
    "~",
    "null",
    "Null",
    "NULL",
    "true",
    "True",
    "TRUE",
    "false",
    "no",
    "No",
    "NO",
    "yes",
    "Yes",
    "on",
    "off",
    "y",
    "n",
    "Y",
    "0",
    "-0",
    "+1",
    "007",
    "08",
    "017",
    "0o17",
    "0x1F",
    "0b101",
    "1_000",
    "+12_345",
    "1:30",
    "1:30:00",
    "190:20:30.15",
    ".nan",
    ".NaN",
    ".NAN",
    ".inf",
    "-.inf",
    "+.Inf",
    "1e3",
    "1.5e+3",
    "6.8523015e+5",
    "685.230_15e+03",
    "1e400",
    "-1e400",
    "9" * 5000,
    "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10 -5",
    "2002-12-14",
    "2024-13-45",
    "=",
    "<<",
    "@x",
    "`x",
    "%x",
    "\\",
    "a b",
    "é",
    "日本",
    "\U0001f600",
    "x\u00a0y",
    "-",
    "?",
    ":",
    "---",
    "...",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% include '/etc/passwd' %}",
    "../../etc/passwd",
    "file:///etc/passwd",
    "https://evil.example/a.png",
    "KOMINFO-01",
    "governance",
    "diskominfo",
    "2024",
    "2100",
    "1945",
    "350000000",
    "-5",
    "id",
    "name",
    "programs",
    "pillar",
    "start",
    "end",
    "budget",
    "city",
    "period",
]
KEYS = [
    "id",
    "name",
    "programs",
    "pillar",
    "start",
    "end",
    "budget",
    "city",
    "period",
    "vision",
    "missions",
    "framework",
    "kind",
    "province",
    "indicators",
    "targets",
    "2024",
    "2025",
    "<<",
    "~",
    "true",
    "1",
    "1.0",
    "on",
    "no",
    "x",
    "é",
]
FRIENDLY = st.characters(codec="utf-8", categories=["L", "N", "Zs"], include_characters="-_.,/()'")
VALID_ESCAPES = [
    "\\n",
    "\\t",
    "\\0",
    "\\e",
    "\\x1b",
    "\\x41",
    "\\u00e9",
    "\\U0001F600",
    "\\N",
    "\\_",
    "\\L",
    "\\P",
    '\\"',
    "\\\\",
    "\\/",
]
DOUBLE_ESCAPES = [
    "\\n",
    "\\t",
    "\\0",
    "\\a",
    "\\e",
    "\\x1b",
    "\\x41",
    "\\u00e9",
    "\\ud800",
    "\\udfff",
    "\\U0001F600",
    "\\U0010FFFF",
    "\\U00110000",
    "\\N",
    "\\_",
    "\\L",
    "\\P",
    "\\ ",
    "\\/",
    '\\"',
    "\\\\",
    "\\q",
    "\\u",
    "\\x",
]
ANCHORS = ["a", "b", "c", "x1"]
TAGS = [
    "!!str",
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!map",
    "!!seq",
    "!!binary",
    "!!set",
    "!!omap",
    "!!timestamp",
    "!!python/object/apply:os.system",
    "!!python/name:os.system",
    "!custom",
    "!<tag:yaml.org,2002:str>",
    "!e!x",
    "!",
]


@st.composite
def scalar_text(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 9))
    if kind < 6:
        return draw(st.sampled_from(ODD_SCALARS))
    if kind < 9:
        return draw(st.text(alphabet=FRIENDLY, max_size=20))
    return draw(st.text(max_size=20))


@st.composite
def scalar(draw: st.DrawFn) -> tuple[str, str]:
    """A scalar as YAML text in one of its styles; ("scalar", text)."""
    text = draw(scalar_text())
    style = draw(st.sampled_from(["plain", "plain", "single", "double", "literal", "folded", "escapes"]))
    if style == "single":
        return ("scalar", "'" + text.replace("'", "''") + "'")
    if style == "double":
        return ("scalar", json.dumps(text, ensure_ascii=draw(st.booleans())))
    if style == "escapes":
        escapes = st.sampled_from(DOUBLE_ESCAPES if draw(st.integers(0, 3)) == 0 else VALID_ESCAPES)
        parts = draw(st.lists(st.one_of(escapes, st.text(alphabet="ab é", max_size=3)), max_size=5))
        return ("scalar", '"' + "".join(parts) + '"')
    if style in ("literal", "folded"):
        indicator = ("|" if style == "literal" else ">") + draw(st.sampled_from(["", "-", "+", "2", "1-"]))
        return (
            "block",
            indicator + "\n" + "\n".join("  " + line for line in (text or "x").splitlines() or ["x"]),
        )
    return ("scalar", text)


def decorate(node: tuple[Any, ...], anchor: str | None, tag: str | None) -> tuple[Any, ...]:
    return (*node[:2], anchor, tag) if len(node) == 2 else node


@st.composite
def leaf(draw: st.DrawFn) -> tuple[Any, ...]:
    if draw(st.integers(0, 19)) == 0:
        return ("alias", "*" + draw(st.sampled_from(ANCHORS)))
    node = draw(scalar())
    anchor = draw(st.sampled_from(ANCHORS)) if draw(st.integers(0, 7)) == 0 else None
    tag = draw(st.sampled_from(TAGS)) if draw(st.integers(0, 30)) == 0 else None
    return (node[0], node[1], anchor, tag)


def collections(children: st.SearchStrategy[tuple[Any, ...]]) -> st.SearchStrategy[tuple[Any, ...]]:
    key = st.one_of(st.sampled_from(KEYS).map(lambda k: ("scalar", k, None, None)), children)
    return st.one_of(
        st.tuples(
            st.just("seq"),
            st.lists(children, max_size=5),
            st.booleans(),
            st.sampled_from([None] * 6 + ANCHORS),
            st.sampled_from([None] * 20 + ["!!seq", "!!set", "!!omap", "!x"]),
        ),
        st.tuples(
            st.just("map"),
            st.lists(st.tuples(key, children), max_size=5),
            st.booleans(),
            st.sampled_from([None] * 6 + ANCHORS),
            st.sampled_from([None] * 20 + ["!!map", "!!omap", "!x"]),
        ),
    )


NODES = st.recursive(leaf(), collections, max_leaves=25)


def props(anchor: str | None, tag: str | None) -> str:
    return " ".join(p for p in (f"&{anchor}" if anchor else "", tag or "") if p)


def flow(node: tuple[Any, ...]) -> str:
    kind = node[0]
    if kind == "alias":
        return node[1]
    if kind in ("scalar", "block"):
        text = node[1] if kind == "scalar" else json.dumps(node[1])
        return " ".join(p for p in (props(node[2], node[3]), text) if p)
    _, items, _, anchor, tag = node
    if kind == "seq":
        body = "[" + ", ".join(flow(child) for child in items) + "]"
    else:
        body = (
            "{"
            + ", ".join(f"{'? ' if k[0] not in ('scalar',) else ''}{flow(k)}: {flow(v)}" for k, v in items)
            + "}"
        )
    return " ".join(p for p in (props(anchor, tag), body) if p)


def after(node: tuple[Any, ...], indent: int) -> str:
    """`node` as the text that follows an indicator (`key:`, `-`, `?`, `:`) whose content is at
    `indent`: inline for scalars and flow collections, on the next lines for block ones."""
    kind = node[0]
    if kind in ("alias", "scalar"):
        return " " + flow(node)
    if kind == "block":
        head = props(node[2], node[3])
        indicator, _, text = node[1].partition("\n")
        lines = "\n".join(" " * indent + line for line in text.split("\n"))
        return " " + (f"{head} " if head else "") + indicator + "\n" + lines
    _, items, is_flow, anchor, tag = node
    if is_flow or not items:
        return " " + flow(node)
    head = props(anchor, tag)
    return (f" {head}" if head else "") + "\n" + block_body(node, indent)


def block_body(node: tuple[Any, ...], indent: int) -> str:
    pad = " " * indent
    lines = []
    for item in node[1]:
        if node[0] == "seq":
            lines.append(f"{pad}-" + after(item, indent + 2))
            continue
        key, value = item
        if key[0] == "scalar" and len(key[1]) < 60 and "\n" not in key[1]:
            lines.append(f"{pad}{flow(key)}:" + after(value, indent + 2))
        else:
            lines.append(f"{pad}?" + after(key, indent + 2))
            lines.append(f"{pad}:" + after(value, indent + 2))
    return "\n".join(lines)


def block(node: tuple[Any, ...]) -> str:
    """A document's content in block style where the node allows it."""
    if node[0] in ("seq", "map") and node[1] and not node[2] and not node[3] and not node[4]:
        return block_body(node, 0)
    return after(node, 0).lstrip(" ")


DIRECTIVES = [
    "%YAML 1.1",
    "%YAML 1.2",
    "%YAML 1.3",
    "%YAML 2.0",
    "%TAG ! tag:example.com,2000:",
    "%TAG !e! tag:example.com,2000:app/",
    "%FOO bar baz",
    "%YAML 1.1\n%YAML 1.1",
]


@st.composite
def yaml_document(draw: st.DrawFn) -> str:
    node = draw(NODES)
    text = block(node) if draw(st.booleans()) else flow(node)
    if draw(st.integers(0, 5)) == 0:
        text = f"# {draw(st.text(max_size=10))}\n{text}  # trailing comment"
    return text


@st.composite
def structured_yaml(draw: st.DrawFn) -> str:
    documents = [draw(yaml_document()) for _ in range(draw(st.sampled_from([1, 1, 1, 1, 2, 3])))]
    parts = []
    for i, document in enumerate(documents):
        if draw(st.integers(0, 4)) == 0:
            parts.append(draw(st.sampled_from(DIRECTIVES)))
            parts.append("---")
        elif i > 0 or draw(st.integers(0, 3)) == 0:
            parts.append("---" + draw(st.sampled_from(["", " !!map", " |", " >-", " # c"])))
        parts.append(document)
        if draw(st.integers(0, 5)) == 0:
            parts.append("...")
    return "\n".join(parts) + draw(st.sampled_from(["\n", "", "\n\n"]))


INVALID_BYTES = [
    b"\xff",
    b"\xfe",
    b"\xc3\x28",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xc0\xaf",
    b"\x00",
    b"\x80",
    b"\xe2\x82",
    b"\x1b[31m",
    b"\x07",
    b"\x7f",
    b"\xef\xbb\xbf",
    b"\xc2\x85",
    b"\xe2\x80\xa8",
    b"\t",
    b"\r",
]


@st.composite
def mutated(draw: st.DrawFn, text: str) -> bytes:
    """Text as bytes with the line ends, BOMs, bad bytes, truncation or NULs of a hostile file."""
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r", "\x85", "\u2028"]))
    data = text.replace("\n", newline).encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 5)) == 0:
        data = b"\xef\xbb\xbf" + data
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from(INVALID_BYTES)) + data[at:]
    if data and draw(st.integers(0, 8)) == 0:
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.integers(0, 10)) == 0:
        data += b"\x00"
    return data


@st.composite
def yaml_bytes(draw: st.DrawFn) -> bytes:
    """Any file content: random bytes or text, valid-looking YAML, or structured YAML mutated."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.binary(max_size=200))
    if kind == 1:
        return draw(st.text(max_size=200)).encode("utf-8", "surrogatepass")
    if kind == 2:
        return draw(mutated(draw(st.sampled_from([MASTERPLAN, OPD, PILLAR]))))
    text = draw(structured_yaml())
    if draw(st.booleans()):
        return text.encode("utf-8", "surrogatepass")
    return draw(mutated(text))


# --- the loader alone ------------------------------------------------------------------------


@FAST
@given(yaml_bytes())
@example(b"x: " + b"9" * 5000)  # more digits than int() converts: was a ValueError
@example(b"? [a]\n: 1")
@example(b"a: !!python/object/apply:os.system [echo]")
@example("a: 1\r\nb: [\u2028]".encode())
def test_loader_never_raises(data: bytes) -> None:
    text, problem = decode(data)
    lines = line_count(data) + 1
    if text is None:
        assert problem is not None
        code, _, line, column, _ = problem
        assert code == "MP007" and 1 <= line <= lines and column >= 1
        return
    loaded = load_text("opd/x.yaml", text)
    for diagnostic in loaded.diagnostics:
        assert diagnostic.path == "opd/x.yaml"
        assert 1 <= diagnostic.line <= lines and diagnostic.column >= 1, (diagnostic, lines)
    if loaded.ok:
        json.dumps(loaded.data, default=str)  # plain data: no object was built from a tag


# Data that survives dumping and loading exactly: the loader types only true/false, null,
# decimal integers and finite floats, and keeps every other scalar a string. (PyYAML's dumper
# follows YAML 1.1 and writes `1e3` unquoted, which YAML 1.2 reads as a number: left out. It
# also writes NEL, LS and PS unescaped inside quotes, where they fold to a space: left out.)
STRINGS = st.one_of(st.text(max_size=15), st.sampled_from(ODD_SCALARS)).filter(
    lambda t: resolve_plain(t) == t and not any(c in t for c in "\x85\u2028\u2029")
)
PLAIN_DATA = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        STRINGS,
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(STRINGS, st.integers()), children, max_size=4),
    ),
    max_leaves=20,
).filter(lambda value: isinstance(value, (dict, list)))


@FAST
@given(PLAIN_DATA, st.booleans(), st.booleans(), st.sampled_from([None, 20, 80]))
def test_loader_reads_back_what_a_dumper_wrote(
    data: Any, flow_style: bool, unicode: bool, width: int | None
) -> None:
    text = yaml.safe_dump(
        data, default_flow_style=flow_style, allow_unicode=unicode, width=width, sort_keys=False
    )
    loaded = load_text("x.yaml", text)
    assume(not any(d.code == "MP005" for d in loaded.diagnostics))
    # a control character in a text is refused (MP020), but read all the same
    refused = [d for d in loaded.diagnostics if d.code == "MP020"]
    assert loaded.diagnostics == refused
    assert bool(refused) == _holds_refused_text(data)
    assert loaded.data == data


def _holds_refused_text(data: Any) -> bool:
    if isinstance(data, str):
        return bool(REFUSED_TEXT.search(data))
    if isinstance(data, list):
        return any(map(_holds_refused_text, data))
    if isinstance(data, dict):
        return any(map(_holds_refused_text, [*data, *data.values()]))
    return False


# --- whole repositories ----------------------------------------------------------------------

FILE_NAMES = st.one_of(
    st.sampled_from(
        [
            "diskominfo.yaml",
            "bappeda.yml",
            "governance.yaml",
            "x.yaml",
            "X Y.yaml",
            "é.yaml",
            "a:b.yaml",
            "-.yaml",
            ".hidden.yaml",
            "notes.txt",
            "README",
            "x.yaml.bak",
            "a\nb.yaml",
            "\x1b[31m.yaml",
            "\u202ecod.yaml",
            "sub",
        ]
    ),
    st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="/\x00"),
        min_size=1,
        max_size=12,
    )
    .filter(lambda n: n not in (".", ".."))
    .map(lambda n: n + ".yaml"),
)


@st.composite
def repository(draw: st.DrawFn) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    choice = draw(st.integers(0, 5))
    if choice == 0:
        pass  # no masterplan.yaml
    elif choice == 1:
        files["masterplan.yaml"] = draw(yaml_bytes())
    else:
        files["masterplan.yaml"] = MASTERPLAN.encode() if choice < 4 else draw(mutated(MASTERPLAN))
    for folder, valid in (("opd", OPD), ("pillars", PILLAR)):
        for name in draw(st.lists(FILE_NAMES, max_size=3, unique=True)):
            content = draw(
                st.one_of(
                    st.just(valid.encode()),
                    yaml_bytes(),
                    st.builds(str.encode, st.just(valid)).flatmap(mutated_bytes),
                )
            )
            files[f"{folder}/{name}"] = content
    return files


def mutated_bytes(data: bytes) -> st.SearchStrategy[bytes]:
    return mutated(data.decode())


@REPOS
@given(
    repository(),
    st.sampled_from(["none", "outside", "inside", "dangling", "loop", "dir", "opd-file"]),
)
@example({"masterplan.yaml": MASTERPLAN.encode(), "opd/\xff.yaml": OPD.encode()}, "none")
def test_check_never_raises(files: dict[str, bytes], extra: str) -> None:
    holder = tempfile.TemporaryDirectory()
    with holder:
        root = Path(holder.name) / "city"
        root.mkdir()
        for name, data in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                path.write_bytes(data)
            except (OSError, UnicodeEncodeError):  # a name this file system refuses
                continue
        outside = Path(holder.name) / "secret.yaml"
        outside.write_text("id: secret\nname: Rahasia\n")
        (root / "opd").mkdir(exist_ok=True)
        if extra == "outside":
            (root / "opd" / "link.yaml").symlink_to(outside)
        elif extra == "inside" and (root / "masterplan.yaml").exists():
            (root / "opd" / "inside.yaml").symlink_to(root / "masterplan.yaml")
        elif extra == "dangling":
            (root / "pillars").mkdir(exist_ok=True)
            (root / "pillars" / "gone.yaml").symlink_to(root / "nowhere.yaml")
        elif extra == "loop":
            (root / "opd" / "loop.yaml").symlink_to(root / "opd" / "loop.yaml")
        elif extra == "dir":
            (root / "opd" / "folder.yaml").mkdir()
        elif extra == "opd-file":  # `opd` a file, not a folder
            shutil.rmtree(root / "opd")
            (root / "opd").write_bytes(b"id: x\n")
        _, report = check_repository(root)
        assert_sane(root, report)
        for name, data in files.items():
            if is_read(name) and (root / name).is_file():
                assert_names_file(report, name, data)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(files=repository())
@example(
    files={
        "masterplan.yaml": MASTERPLAN.encode(),
        "opd/" + os.fsdecode(b"\xff") + ".yaml": b"id: [",
        "opd/a\nb.yaml": b'id: "\\e[2J"',
        "opd/\u202eb.yaml": b"\x1b",
    }
)
def test_check_output_is_clean(files: dict[str, bytes], capsys: pytest.CaptureFixture[str]) -> None:
    """Whatever the files hold, the reporters print one clean line per finding: no terminal
    escapes, no injected newlines (which in CI could fake a workflow command)."""
    with tempfile.TemporaryDirectory() as holder:
        root = Path(holder) / "city"
        for name, data in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                path.write_bytes(data)
            except (OSError, UnicodeEncodeError):
                continue
        root.mkdir(exist_ok=True)
        assert_cli_output_clean(root, capsys)


# --- the corpus ------------------------------------------------------------------------------

# What each corpus file must give as an OPD file (the first error's code), where that is
# stable; files missing here must only not crash and be named when they fail.
EXPECTED = {
    "alias-bomb-billion-laughs.yaml": "MP004",
    "alias-bomb-quadratic.yaml": "MP004",
    "alias-recursive.yaml": "MP004",
    "binary-png.yaml": "MP007",
    "bidi-override.yaml": "MP020",
    "bom-in-the-middle.yaml": "MP020",
    "c1-control-characters.yaml": "MP020",
    "control-characters.yaml": "MP020",
    "del-character.yaml": "MP020",
    "complex-key-flow.yaml": "MP009",
    "complex-key-mapping.yaml": "MP009",
    "deep-nesting-block.yaml": "MP005",
    "deep-nesting-flow.yaml": "MP005",
    "deep-nesting-mixed.yaml": "MP005",
    "directive-tag.yaml": "MP003",
    "directive-yaml-1.3.yaml": "MP001",
    "document-map-tag.yaml": "MP003",
    "empty.yaml": "MP010",
    "invalid-utf8.yaml": "MP007",
    "invalid-utf8-overlong.yaml": "MP007",
    "invalid-utf8-surrogate.yaml": "MP007",
    "merge-keys.yaml": "MP101",
    "multiple-documents.yaml": "MP008",
    "nul-trailing.yaml": "MP007",
    "only-comments.yaml": "MP010",
    "surrogate-escape.yaml": "MP001",
    "tab-indentation.yaml": "MP001",
    "tag-binary.yaml": "MP003",
    "tag-omap.yaml": "MP003",
    "tag-python-object-apply.yaml": "MP003",
    "tag-python-name.yaml": "MP003",
    "tag-set.yaml": "MP003",
    "tag-verbatim.yaml": "MP003",
    "utf16-le-bom.yaml": "MP007",
    "utf16-be-bom.yaml": "MP007",
    "utf32-le-bom.yaml": "MP007",
    "valid-crlf.yaml": None,
    "valid-cr-only.yaml": None,
    "valid-bom.yaml": None,
    "valid-nel-ls-ps.yaml": None,
    "yaml11-surprises.yaml": "MP103",
}


def corpus_repos(name: str) -> list[tuple[str, dict[str, bytes]]]:
    data = (CORPUS / name).read_bytes()
    return [
        (
            "opd/diskominfo.yaml",
            {
                "masterplan.yaml": MASTERPLAN.encode(),
                "pillars/governance.yaml": PILLAR.encode(),
                "opd/diskominfo.yaml": data,
            },
        ),
        (
            "masterplan.yaml",
            {
                "masterplan.yaml": data,
                "pillars/governance.yaml": PILLAR.encode(),
                "opd/diskominfo.yaml": OPD.encode(),
            },
        ),
    ]


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_file(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    for where, files in corpus_repos(name):
        root, report, holder = check_files(files)
        with holder:
            assert_names_file(report, where, files[where])
            if where.startswith("opd/") and name in EXPECTED:
                errors = [d for d in report.sorted() if d.path == where and d.severity is Severity.ERROR]
                expected = EXPECTED[name]
                if expected is None:
                    assert errors == [], errors
                else:
                    assert errors and errors[0].code == expected, errors
            assert_cli_output_clean(root, capsys, "text", "github")


def test_corpus_covers_the_brief() -> None:
    """The corpus keeps the constructs issue 7 names; a file renamed by mistake fails here."""
    assert set(EXPECTED) <= set(CORPUS_FILES)
    assert len(CORPUS_FILES) >= 60


# --- limits ----------------------------------------------------------------------------------


def test_huge_file_is_refused_by_size_without_reading_it(tmp_path: Path) -> None:
    """A file over the limit is refused by its size alone: four times the size costs no more
    (reading and parsing it would cost four times as much)."""
    roots = [huge_file_repo(tmp_path / f"city-{mib}", mib) for mib in (5, 20)]
    assert growth(check_repository, *roots) < 2
    _, report = check_repository(roots[1])
    [diagnostic] = [d for d in report.diagnostics if d.path == "opd/huge.yaml"]
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("MP006", 1, 1)
    assert diagnostic.message == "the file is 20.0 MiB; files larger than 4 MiB are not read"


def huge_file_repo(root: Path, mib: int) -> Path:
    """A city whose opd/huge.yaml is a valid OPD file of `mib` MiB."""
    make_repo(root, {"masterplan.yaml": MASTERPLAN.encode(), "pillars/governance.yaml": PILLAR.encode()})
    (root / "opd").mkdir()
    chunk = b"- {id: KOMINFO-01, name: Satu Data, pillar: governance, start: 2024}\n" * 1000
    with (root / "opd" / "huge.yaml").open("wb") as file:
        file.write(b"id: huge\nname: Dinas Besar\nprograms:\n")
        while file.tell() < mib * 1024 * 1024:
            file.write(chunk)
    return root


def test_file_just_under_the_size_limit_is_read(tmp_path: Path) -> None:
    comment = b"#" + b"x" * 98 + b"\n"
    body = OPD.encode()
    padding = comment * ((MAX_FILE_BYTES - len(body)) // len(comment))
    root, report, holder = check_files(
        {
            "masterplan.yaml": MASTERPLAN.encode(),
            "pillars/governance.yaml": PILLAR.encode(),
            "opd/diskominfo.yaml": body + padding,
        }
    )
    with holder:
        assert (root / "opd/diskominfo.yaml").stat().st_size <= MAX_FILE_BYTES
        assert report.diagnostics == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param(
            "x: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
            "MP005",
            id="flow one level too deep",
        ),
        pytest.param("x: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1), None, id="flow at the limit"),
        pytest.param("".join("  " * i + "- \n" for i in range(MAX_DEPTH + 2)), "MP005", id="block too deep"),
    ],
)
def test_nesting_limit(text: str, code: str | None) -> None:
    loaded = load_text("x.yaml", text)
    assert [d.code for d in loaded.diagnostics] == ([code] if code else [])


@pytest.mark.parametrize("depth", [1_000, 100_000, 1_000_000])
def test_deep_nesting_is_refused_where_it_crosses_the_limit(depth: int) -> None:
    loaded = load_text("x.yaml", "[" * depth + "]" * depth)
    assert [(d.code, d.line, d.column) for d in loaded.diagnostics] == [("MP005", 1, MAX_DEPTH + 1)]


def test_deep_nesting_is_refused_in_linear_time() -> None:
    def nested(depth: int) -> str:
        return "[" * depth + "]" * depth

    assert growth(lambda text: load_text("x.yaml", text), nested(250_000), nested(1_000_000)) < 8


def test_deep_nesting_does_not_crash_the_process(tmp_path: Path) -> None:
    """libyaml's composer segfaults at about 30,000 levels: a child process proves that the
    whole command survives 400,000 (1.6 MB, under the size limit), and exits 1."""
    root = make_repo(
        tmp_path / "city",
        {
            "masterplan.yaml": MASTERPLAN.encode(),
            "pillars/governance.yaml": PILLAR.encode(),
            "opd/deep.yaml": b"x: " + b"[" * 400_000 + b"]" * 400_000 + b"\n",
            "opd/deeper.yaml": b"".join(b"  " * i + b"- a:\n" for i in range(2_000)),
        },
    )
    result = subprocess.run(
        [sys.executable, "-m", "masterplan_cli", "check", str(root), "--format", "text"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 1, result
    assert result.stderr == ""
    assert "opd/deep.yaml:1:" in result.stdout and "MP005" in result.stdout
    assert "opd/deeper.yaml:" in result.stdout


def test_alias_expansion_is_bounded_by_the_file_not_the_expansion() -> None:
    """Ten aliases of ten aliases, `levels` deep: 10**levels values. Refused, at a cost that
    follows the file's size, not what it would expand to (10**12 here would never end)."""

    def bomb(levels: int) -> str:
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels)]
        return "\n".join(lines)

    loaded = load_text("x.yaml", bomb(12))
    assert [d.code for d in loaded.diagnostics] == ["MP004"]
    assert growth(lambda text: load_text("x.yaml", text), bomb(8), bomb(12)) < 3


def test_many_keys_are_checked_in_linear_time() -> None:
    """Duplicate keys were found by comparing each key with every earlier one: a file of
    300,000 keys (under 4 MiB) took hours. Four times the keys cost about four times as much."""

    def keys(n: int) -> str:
        return "".join(f"k{i}: {i}\n" for i in range(n))

    loaded = load_text("x.yaml", keys(20_000))
    assert loaded.diagnostics == [] and len(loaded.data) == 20_000
    assert growth(lambda text: load_text("x.yaml", text), keys(5_000), keys(20_000)) < 8


def test_many_unknown_keys_report_a_bounded_number_of_problems() -> None:
    """A file with 10,000 misspelt keys gives 200 problems and a note, at a cost that grows
    linearly with the keys."""

    def misspelt(n: int) -> dict[str, bytes]:
        body = OPD.encode() + b"".join(b"nama%d: x\n" % i for i in range(n))
        return {
            "masterplan.yaml": MASTERPLAN.encode(),
            "pillars/governance.yaml": PILLAR.encode(),
            "opd/diskominfo.yaml": body,
        }

    _, report, holder = check_files(misspelt(10_000))
    with holder:
        codes = [d.code for d in report.diagnostics if d.path == "opd/diskominfo.yaml"]
        assert codes.count("MP101") == 200 and codes.count("MP014") == 1
    assert growth(lambda files: check_files(files)[2].cleanup(), misspelt(2_500), misspelt(10_000)) < 8


def test_duplicate_keys_that_collapse_in_python_are_refused() -> None:
    """`1` and `true`, `~` and `null` are one key once loaded: the second is reported, not lost."""
    for text in ("1: a\ntrue: b", "~: a\nnull: b", "1: a\n1.0: b"):
        loaded = load_text("x.yaml", text)
        assert [(d.code, d.line) for d in loaded.diagnostics] == [("MP002", 2)], text
