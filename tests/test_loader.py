"""The safe loader, unit by unit: how scalars are typed, what is refused and where, and that no
input (fuzzed with hypothesis) raises anything but a diagnostic."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masterplan_cli import loader
from masterplan_cli.diagnostics import RULES
from masterplan_cli.loader import decode, load_text, resolve_plain
from masterplan_cli.schema import Masterplan, OpdFile, PillarFile
from masterplan_cli.validation import validate


def refusal(text: str) -> tuple[int, int, str, str]:
    [diagnostic] = load_text("x.yaml", text).diagnostics
    return diagnostic.line, diagnostic.column, diagnostic.code, diagnostic.message


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("2024", 2024, id="decimal integer"),
        pytest.param("-5", -5, id="negative integer"),
        pytest.param("2.5", 2.5, id="float"),
        pytest.param("1e3", 1000.0, id="exponent"),
        pytest.param("true", True, id="true"),
        pytest.param("False", False, id="False"),
        pytest.param("~", None, id="tilde"),
        pytest.param("", None, id="empty"),
        pytest.param("yes", "yes", id="yes stays text"),
        pytest.param("no", "no", id="no stays text"),
        pytest.param("on", "on", id="on stays text"),
        pytest.param("0755", "0755", id="octal stays text"),
        pytest.param("08", "08", id="leading zero stays text"),
        pytest.param("0x1F", "0x1F", id="hex stays text"),
        pytest.param("1:30", "1:30", id="sexagesimal stays text"),
        pytest.param("2024-10-01", "2024-10-01", id="date stays text"),
        pytest.param(".nan", ".nan", id="nan stays text"),
        pytest.param(".inf", ".inf", id="inf stays text"),
        pytest.param("1_000", "1_000", id="underscores stay text"),
        pytest.param("9" * 5000, "9" * 5000, id="more digits than Python converts"),
    ],
)
def test_plain_scalars_are_typed_without_yaml_1_1_surprises(text: str, value: Any) -> None:
    resolved = resolve_plain(text)
    assert resolved == value and type(resolved) is type(value)


def test_quoted_scalars_stay_text() -> None:
    assert load_text("x.yaml", "a: '2024'\nb: \"true\"\nc: 'null'\n").data == {
        "a": "2024",
        "b": "true",
        "c": "null",
    }


def test_yaml_1_1_keys_stay_text() -> None:
    assert load_text("x.yaml", "on: 1\nno: 2\n2024: 3\n").data == {"on": 1, "no": 2, 2024: 3}


def test_dates_are_left_to_the_schema() -> None:
    loaded = load_text("x.yaml", "date: 2024-10-01\n")
    assert loaded.data == {"date": "2024-10-01"}
    assert not isinstance(loaded.data["date"], dt.date)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: !!bool maybe\n", id="bool tag (KeyError in PyYAML)"),
        pytest.param("a: !!int 12x\n", id="int tag (ValueError in PyYAML)"),
        pytest.param("a: !!float abc\n", id="float tag"),
        pytest.param("a: !!timestamp 2026-13-45\n", id="timestamp tag"),
        pytest.param("a: !!python/name:os.system\n", id="python name"),
        pytest.param("!!map {a: 1}\n", id="tag on the root"),
        pytest.param("a: !!str 2024\n", id="str tag, harmless but refused like every tag"),
        pytest.param("a: !<tag:yaml.org,2002:str> x\n", id="verbatim tag"),
        pytest.param("%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n", id="tag directive"),
    ],
)
def test_explicit_tags_are_refused(text: str) -> None:
    assert refusal(text)[2] == "MP003"


def test_duplicate_keys_name_both_lines() -> None:
    assert refusal("a: 1\nb: 2\na: 3\n") == (
        3,
        1,
        "MP002",
        "duplicate key `a` (first defined at line 1)",
    )
    assert refusal("x:\n  2024: 1\n  2024: 2\n")[:3] == (3, 3, "MP002")
    assert refusal("{~: 1, null: 2}\n")[2] == "MP002"


def test_the_same_anchor_twice_is_fine() -> None:
    loaded = load_text("x.yaml", "a: &x [1, 2]\nb: *x\nc: *x\n")
    assert loaded.data == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}
    assert loaded.data["b"] is not loaded.data["c"]  # copies: a later stage may change one


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth = loader.MAX_DEPTH
    assert load_text("x.yaml", "[" * depth + "]" * depth + "\n").diagnostics == []
    assert refusal("[" * (depth + 1) + "]" * (depth + 1) + "\n")[2] == "MP005"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param("x: " + "[" * 1200 + "]" * 1200, (1, 67), id="flow"),
        pytest.param("é: ééé\u2028\r\nx: " + "[ " * 1200, (3, 130), id="unclosed, after multi-byte text"),
        pytest.param(
            "".join("  " * i + "- \n" for i in range(40)) + "  " * 40 + "- " + "{a: [" * 800,
            (41, 142),
            id="block, then flow",
        ),
    ],
)
def test_deep_flow_nesting_is_refused_at_our_limit_whatever_libyaml_refuses(
    text: str, where: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """libyaml 0.2.6 (PyYAML >= 6.0.4) stops at 1,000 levels of flow nesting by itself; 0.2.5
    passes the events on, as PyYAML's pure-Python parser does. Either way: MP005, at the
    value where the nesting passes MAX_DEPTH."""
    with_libyaml = load_text("x.yaml", text).diagnostics
    monkeypatch.setattr(loader, "_Parser", yaml.SafeLoader)
    without_a_limit = load_text("x.yaml", text).diagnostics
    expected = [("MP005", *where)]
    assert [(d.code, d.line, d.column) for d in with_libyaml] == expected
    assert [(d.code, d.line, d.column) for d in without_a_limit] == expected


def test_too_many_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_NODES", 100)
    assert load_text("x.yaml", "[" + "1, " * 40 + "]\n").diagnostics == []
    assert refusal("[" + "1, " * 200 + "]\n")[2:] == (
        "MP006",
        "the file holds more than 100 values",
    )


def test_alias_expansion_is_bounded_even_when_small() -> None:
    text = "a: &a [" + ", ".join(["x"] * 100) + "]\nb: [" + ", ".join(["*a"] * 200) + "]\n"
    assert refusal(text)[2] == "MP004"


def test_syntax_error_names_the_line_of_the_unclosed_bracket() -> None:
    assert refusal("a: [1, 2\nb: 3\n") == (
        2,
        2,
        "MP001",
        "did not find expected ',' or ']' (while parsing a flow sequence that starts at line 1)",
    )


def test_a_control_character_in_the_file_is_refused_where_it_stands() -> None:
    assert refusal("a: b\nc: d\x07\n") == (
        2,
        5,
        "MP020",
        "U+0007 (a control character): not allowed in a text",
    )


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        pytest.param(
            'a: "x\\x1b]0;title"\n', 1, 6, "the escape `\\x1b` makes U+001B (a control character)", id="\\x1b"
        ),
        pytest.param('a: "x\\e[2J"\n', 1, 6, "the escape `\\e` makes U+001B (a control character)", id="\\e"),
        pytest.param(
            'a: "x\\n::error file=x::FORGED\\r"\n',
            1,
            30,
            "the escape `\\r` makes U+000D (a control character)",
            id="\\r",
        ),
        pytest.param('a: "\\0"\n', 1, 5, "the escape `\\0` makes U+0000 (a control character)", id="NUL"),
        pytest.param(
            'a: "x\\u202e"\n', 1, 6, "the escape `\\u202e` makes U+202E (a bidirectional override)", id="RLO"
        ),
        pytest.param(
            'a: "x\\U00002066"\n',
            1,
            6,
            "the escape `\\U00002066` makes U+2066 (a bidirectional override)",
            id="LRI",
        ),
        pytest.param(
            'a: "x\\x9b"\n', 1, 6, "the escape `\\x9b` makes U+009B (a control character)", id="C1 CSI"
        ),
        pytest.param('a: "x\\N"\n', 1, 6, "the escape `\\N` makes U+0085 (a control character)", id="NEL"),
        pytest.param(
            'a: "x\\L"\n', 1, 6, "the escape `\\L` makes U+2028 (a line or paragraph separator)", id="LS"
        ),
        pytest.param(
            '"k\\ey": 1\n', 1, 3, "the escape `\\e` makes U+001B (a control character)", id="in a key"
        ),
        pytest.param(
            'a:\n  - b\n  - "multi\n    line \\a"\n',
            4,
            10,
            "the escape `\\a` makes U+0007 (a control character)",
            id="second line",
        ),
        pytest.param("a: x\u202ey\n", 1, 5, "U+202E (a bidirectional override)", id="raw RLO"),
        pytest.param(
            "a: |\n  x\u2067y\n", 2, 4, "U+2067 (a bidirectional override)", id="raw RLI in a block"
        ),
        pytest.param(
            "# note \u202d\na: 1\n", 1, 8, "U+202D (a bidirectional override)", id="raw in a comment"
        ),
        pytest.param(
            "a: x\u2028  y\n", 1, 5, "U+2028 (a line or paragraph separator)", id="raw LS kept in a value"
        ),
        pytest.param(
            "a: |\n  x\u2029  y\n",
            2,
            4,
            "U+2029 (a line or paragraph separator)",
            id="raw PS kept in a block",
        ),
        pytest.param("a: x\U000e0041\n", 1, 5, "U+E0041 (an invisible format character)", id="tag character"),
        pytest.param("a: b\r\nc: \x1b[31m\r\n", 2, 4, "U+001B (a control character)", id="ESC, CRLF file"),
    ],
)
def test_a_refused_character_is_located_exactly(text: str, line: int, column: int, message: str) -> None:
    loaded = load_text("x.yaml", text)
    assert [(d.line, d.column, d.code, d.message) for d in loaded.diagnostics] == [
        (line, column, "MP020", f"{message}: not allowed in a text")
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('a: "tab\\there\\nnew line \\\\e \\u00e9 \\u200e"\n', id="allowed escapes"),
        pytest.param("a: b\r\nc: d\r\n", id="CRLF line ends"),
        pytest.param("a: b\rc: d\r", id="CR line ends"),
        pytest.param("a: b\x85c: d\u2028e: f\u2029", id="NEL, LS, PS line ends"),
        pytest.param("a: \u0645\u200f\u061c \u200b\u200d\n", id="RTL marks, zero-width joiners"),
    ],
)
def test_what_text_needs_is_allowed(text: str) -> None:
    assert load_text("x.yaml", text).diagnostics == []


def test_a_refused_character_does_not_hide_the_file_from_the_schema() -> None:
    loaded = load_text("x.yaml", 'a: "\\e"\n')
    assert loaded.ok and loaded.data == {"a": "\x1b"}


def test_thirty_thousand_bells_are_said_once_for_each_of_the_first_twenty() -> None:
    diagnostics = load_text("x.yaml", "a: " + "\x07" * 30_000 + "\n").diagnostics
    assert len(diagnostics) == 21
    assert diagnostics[-1].message == "more refused characters from here on (the first 20 are shown)"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        pytest.param(
            b"\xff\xfei\x00d\x00",
            (
                "MP007",
                "the file is UTF-16 text; only UTF-8 is read",
                1,
                1,
                "save the file as UTF-8",
            ),
            id="UTF-16 LE",
        ),
        pytest.param(
            b"\xfe\xff\x00i\x00d",
            (
                "MP007",
                "the file is UTF-16 text; only UTF-8 is read",
                1,
                1,
                "save the file as UTF-8",
            ),
            id="UTF-16 BE",
        ),
        pytest.param(
            b"a: 1\nb: \x00\n",
            ("MP007", "the file contains NUL bytes: it is binary, not text", 2, 4, None),
            id="NUL",
        ),
        pytest.param(
            "a: 1\nnamé: café\n".encode("cp1252"),
            (
                "MP007",
                "the file is not valid UTF-8 (byte 0xe9 at line 2)",
                2,
                4,
                "save the file as UTF-8",
            ),
            id="Windows-1252",
        ),
        pytest.param(
            "é: 1\nb: \xff\n".encode()[:-3] + b"\xff\n",
            (
                "MP007",
                "the file is not valid UTF-8 (byte 0xff at line 2)",
                2,
                4,
                "save the file as UTF-8",
            ),
            id="column after UTF-8 text",
        ),
    ],
)
def test_decode_refuses_what_is_not_utf8(data: bytes, problem: tuple[Any, ...]) -> None:
    assert decode(data) == (None, problem)


def test_decode_drops_a_utf8_bom() -> None:
    assert decode(b"\xef\xbb\xbfid: x\n") == ("id: x\n", None)


# --- fuzzing: nothing raises, whatever the input ------------------------------------------

YAML_ALPHABET = st.sampled_from(list("[]{}:,-?!&*|>'\"#%@` \n\t\r.~0123456789aez_é\x85\ufeff\x00"))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(YAML_ALPHABET, max_size=120))
def test_fuzz_load_text_only_reports(text: str) -> None:
    loaded = load_text("x.yaml", text)
    for diagnostic in loaded.diagnostics:
        assert diagnostic.code in RULES and diagnostic.line >= 1 and diagnostic.column >= 1


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=80))
def test_fuzz_decode_only_reports(data: bytes) -> None:
    text, problem = decode(data)
    assert (text is None) != (problem is None)


KEYS = st.sampled_from(
    [
        "id",
        "name",
        "programs",
        "pillar",
        "element",
        "start",
        "end",
        "budget",
        "quick_win",
        "indicators",
        "targets",
        "baseline",
        "year",
        "value",
        "supporting",
        "depends_on",
        "city",
        "period",
        "framework",
        "pillars",
        "elements",
        "base",
        "swot",
        "strengths",
        "vision",
        "missions",
        "kind",
        "document",
        "date",
        "head",
        "title",
        "progress",
        "status",
        "funding",
        "readiness",
        "structure",
        "Name",
        "x",
        "2024",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 3000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "yes", "kominfo", "governance", "KOMINFO-01", "2024", "2024-13-45", "a b", "é"]),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(KEYS, st.integers(2020, 2030)), children, max_size=5),
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, st.booleans())
def test_fuzz_validation_locates_every_error(document: Any, flow: bool) -> None:
    """Any shape of data, valid YAML, through every file model: located diagnostics only."""
    text = yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True)
    loaded = load_text("x.yaml", text)
    if not loaded.ok:
        return
    lines = text.splitlines()
    for model in (Masterplan, OpdFile, PillarFile):
        _, found = validate(model, loaded)
        for diagnostic in found:
            assert diagnostic.code in RULES
            assert 1 <= diagnostic.line <= max(len(lines), 1) + 1
            assert diagnostic.column >= 1
