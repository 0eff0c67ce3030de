"""The one place that reads YAML.

City repositories arrive through pull requests, so every file is read as hostile input:

* only plain YAML data: explicit tags (`!!python/object`, also `!!int`) are refused, and only
  `true`/`false`, `null`, decimal integers and floats are typed; everything else, including the
  YAML 1.1 surprises `no`, `on`, `0755`, `1:30` and `2024-10-01`, stays a string for the schema
  to judge;
* duplicate and non-scalar keys are errors (PyYAML silently keeps the last duplicate);
* anchors and aliases are allowed, but expanding them is bounded, so an alias bomb is refused
  at once instead of exploding later in validation;
* nesting is counted over libyaml's event stream, which is iterative, and refused past
  `MAX_DEPTH` before anything recursive sees it (libyaml's composer segfaults on deep input);
* files larger than `MAX_FILE_BYTES` are not read; the text must be UTF-8 (a BOM is fine).

The result keeps every value's line and column (`Node`), so that later stages can point a
diagnostic at the exact place in the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from .diagnostics import Diagnostic, Severity, register
from .l10n import N_, _

try:  # libyaml's parser is several times faster; the pure one is the fallback
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 1_000_000
ALIAS_EXPANSION_FACTOR = 4

E = Severity.ERROR
register(
    "MP001",
    "yaml-syntax",
    E,
    N_("The file is not valid YAML."),
    why=N_("Nothing in a file that cannot be parsed can be checked or rendered."),
    example="programs:\n  - id: KOMINFO-01\n    name: [Solok Satu Data",
    fix=N_("Fix the syntax at the position shown; an unclosed bracket or quote is the usual cause."),
)
register(
    "MP002",
    "duplicate-key",
    E,
    N_("A key appears twice in the same mapping."),
    why=N_("YAML parsers silently keep only the last value, so the first one is lost without a trace."),
    example="name: Solok Satu Data\nname: Satu Data Solok",
    fix=N_("Keep one of the two keys."),
)
register(
    "MP003",
    "yaml-tag",
    E,
    N_("An explicit YAML tag (`!!str`, `!!python/object`, `!custom`) is used."),
    why=N_("Tags can make a YAML loader build arbitrary objects; city files are plain data."),
    example="budget: !!python/object:os.system {}",
    fix=N_("Remove the tag; quote the value if it must be text."),
)
register(
    "MP004",
    "alias-expansion",
    E,
    N_(
        "Anchors and aliases expand to far more data than the file holds, or an alias refers to the value that contains it."
    ),
    why=N_('A small file can expand to billions of values ("billion laughs") and exhaust memory.'),
    example="a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]   # 9 × 9 × 9 × 9 values, and so on",
    fix=N_("Write the values out instead of repeating large anchored blocks."),
)
register(
    "MP005",
    "nesting-too-deep",
    E,
    N_("Values are nested more than {max_depth} levels deep, directly or through aliases."),
    values={"max_depth": MAX_DEPTH},
    why=N_(
        "No city file needs such depth, and deep nesting crashes YAML parsers: it is refused before it can."
    ),
    example="x: [[[[[[[[[[[[[[[[[[[[ … ]]]]]]]]]]]]]]]]]]]]   # 65 or more levels",
    fix=N_("Flatten the structure."),
)
register(
    "MP006",
    "file-too-large",
    E,
    N_("The file is larger than {max_mib} MiB, or holds more than {max_nodes:,} values."),
    values={"max_mib": MAX_FILE_BYTES // (1024 * 1024), "max_nodes": MAX_NODES},
    why=N_("City files are small; a huge file is a mistake or an attack, and is not read."),
    example="(a 50 MB opd/dinkes.yaml)",
    fix=N_("Split the content into several files, one per OPD."),
)
register(
    "MP007",
    "encoding",
    E,
    N_("The file is not UTF-8 text."),
    why=N_(
        "Read in the wrong encoding, letters such as é and the dash in 2024–2028 turn into garbage; "
        "so only UTF-8 is read, the same on every computer."
    ),
    example="(a file saved as UTF-16 or Windows-1252, or a binary file)",
    fix=N_("Save the file as UTF-8 (in VS Code: the encoding in the status bar, then 'Save with Encoding')."),
)
register(
    "MP008",
    "multiple-documents",
    E,
    N_("The file holds more than one YAML document (`---`)."),
    why=N_("Each file describes one thing; a second document would be ignored silently."),
    example="id: diskominfo\n---\nid: bappeda",
    fix=N_("Move the second document into a file of its own."),
)
register(
    "MP009",
    "complex-key",
    E,
    N_("A mapping key is a list, a mapping or an alias."),
    why=N_("Keys are names and years; a structured key is almost always a typo."),
    example="? [2024, 2025]\n: 100000000",
    fix=N_("Use a plain key."),
)
register(
    "MP010",
    "empty-file",
    E,
    N_("The file is empty or holds only comments."),
    why=N_("An empty file is usually a file saved before it was written."),
    example="(an empty opd/dishub.yaml)",
    fix=N_("Fill it in, or delete it."),
)
register(
    "MP015",
    "thousands-separator",
    E,
    N_(
        "A number is written with commas between its thousands inside `{…}`, where a comma separates entries."
    ),
    why=N_(
        "`{2025: 1,500,000,000}` is read as the amount 1 and the keys `500`, `000` and `000`: the amount is lost "
        "and the message would be about a duplicate key `000`."
    ),
    example="budget: {2025: 1,500,000,000}",
    fix=N_("Write the number without separators: `budget: {2025: 1500000000}`."),
)
register(
    "MP020",
    "control-character",
    E,
    N_("Text holds a control character, a bidirectional override or another invisible format character."),
    why=N_(
        "Such characters are invisible in an editor and in a pull request's diff, but a terminal or a CI log "
        "that shows the text acts on them: an escape sequence retitles or clears the terminal, a newline or carriage "
        "return forges a log line or a workflow command, and a bidirectional override makes a text read differently "
        "from what it is (Trojan Source). They arrive typed, pasted, or written as escapes (`\\e`, `\\x1b`, "
        "`\\u202e`) in double-quoted values. Tab and newline are allowed; so are the left-to-right and "
        "right-to-left marks that text in Arabic script needs."
    ),
    example='name: "Solok Satu Data\\x1b]0;owned\\x07"',
    fix=N_(
        "Delete the character (an editor that shows invisible characters helps), or the escape that makes it."
    ),
)

# Characters no text of a city may hold: `terminal.UNPRINTABLE` less tab and newline, and less
# the left-to-right, right-to-left and Arabic letter marks (U+200E, U+200F, U+061C) that text
# in Arabic script (Jawi) needs and that reorder nothing. A carriage return is refused inside a
# value (it can hide what precedes it on a terminal); in the file it is a line end.
REFUSED_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\U000e0000-\U000e007f]"
)
# The same, as written in a file: carriage return, NEL and the line and paragraph separators
# are line ends there (the last two are refused where a value keeps them). The first set is
# what libyaml refuses itself, so that the file cannot be parsed past it.
_REFUSED_RAW = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff]"
    "|[\u202a-\u202e\u2066-\u206f\ufff9-\ufffb\U000e0000-\U000e007f]"
)
_UNPARSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff]")
MAX_TEXT_PROBLEMS = 20  # per file; a file of 30,000 bells says so once, not 30,000 times
Place = tuple[int, int, str, "str | None"]  # line, column, the character, the escape that made it


@dataclass(slots=True)
class Node:
    """A YAML value with its position (1-based line and column)."""

    kind: Literal["map", "seq", "scalar"]
    line: int
    column: int
    value: Any = None  # scalar: typed value; seq: list[Node]; map: list[tuple[Node, Node]]
    raw: str = ""  # a scalar's text as written
    plain: bool = True  # a plain (unquoted) scalar
    end_line: int = 0
    end_column: int = 0
    anchor_count: list[int] = field(default_factory=list)
    # a mapping's pairs by key text, built on first look-up: one look-up per diagnostic would
    # otherwise make a file with 300,000 unknown keys take hours
    _by_key: tuple[int, dict[str, tuple[Node, Node]]] | None = field(default=None, repr=False, compare=False)

    def _pair(self, key: object) -> tuple[Node, Node] | None:
        if self.kind != "map":
            return None
        if self._by_key is None or self._by_key[0] != len(self.value):  # (re)built when pairs change
            index: dict[str, tuple[Node, Node]] = {}
            for k, v in self.value:
                index.setdefault(str(k.value), (k, v))
            self._by_key = (len(self.value), index)
        return self._by_key[1].get(str(key))

    def get(self, key: object) -> Node | None:
        """The value node of `key` in a mapping (compared as text, as YAML keys are written)."""
        pair = self._pair(key)
        return pair[1] if pair else None

    def key_node(self, key: object) -> Node | None:
        pair = self._pair(key)
        return pair[0] if pair else None

    def item(self, index: int) -> Node | None:
        if self.kind != "seq" or not 0 <= index < len(self.value):
            return None
        node: Node = self.value[index]
        return node


@dataclass
class LoadedFile:
    path: str  # relative to the city repository, with forward slashes
    text: str | None = None
    root: Node | None = None
    data: Any = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Parsed into data the schema can judge; a refused character in a text (MP020) does
        not stop that, so that one run reports the file's other problems too."""
        return self.root is not None and not any(
            d.severity is Severity.ERROR and d.code != "MP020" for d in self.diagnostics
        )


# --- scalars --------------------------------------------------------------------------------

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\Z|[-+]?[0-9]+[eE][-+]?[0-9]+\Z")
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
# letters that start no null, boolean or number: `n`, `N`, `t`, `T`, `f`, `F` and `e`/`E` do not qualify
_WORD_START = frozenset("abcdghijklmopqrsuvwxyzABCDGHIJKLMOPQRSUVWXYZ")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def resolve_plain(text: str) -> Any:
    """Type a plain scalar the YAML 1.2 core way, minus everything that surprises."""
    if text[:1] in _WORD_START:  # most plain scalars are words: no pattern can match them
        return text
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        try:
            return int(text)
        except ValueError:  # more digits than Python converts (4300): no year or rupiah is that long
            return text
    if _FLOAT.match(text):
        return float(text)
    return text


# --- reading --------------------------------------------------------------------------------


class _Refused(Exception):
    def __init__(self, code: str, message: str, line: int, column: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.diagnostic_args = (code, message, line, column, hint)


def decode(data: bytes) -> tuple[str | None, tuple[str, str, int, int, str | None] | None]:
    """UTF-8 text from bytes, or the (code, message, line, column, hint) of why not."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, (
            "MP007",
            _("the file is UTF-16 text; only UTF-8 is read"),
            1,
            1,
            _("save the file as UTF-8"),
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        offset = data.index(b"\x00")
        line, column = _position(data, offset)
        return None, ("MP007", _("the file contains NUL bytes: it is binary, not text"), line, column, None)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line, column = _position(data, error.start)
        return None, (
            "MP007",
            _("the file is not valid UTF-8 (byte 0x{data:02x} at line {line})").format(
                data=data[error.start], line=line
            ),
            line,
            column,
            _("save the file as UTF-8"),
        )


def _position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    return line, column


def load_text(path: str, text: str) -> LoadedFile:
    """Parse `text` (the content of `path`) into a Node tree and plain Python data."""
    result = LoadedFile(path=path, text=text)
    refused = refused_characters(path, text)
    result.diagnostics.extend(refused)
    if refused and _UNPARSABLE.search(text):
        return result  # libyaml would stop at the first of them with a vaguer message
    try:
        escapes: list[Place] | None = [] if _MAY_ESCAPE.search(text) else None
        root, aliased = _compose(text, escapes)
        if escapes:
            result.diagnostics += _text_diagnostics(path, escapes)
        if root is None:
            raise _Refused("MP010", _("the file is empty"), 1, 1, _empty_hint(path))
        result.root = root
        # without aliases, construction makes exactly one value per node: no budget to count
        result.data = _construct(root, _budget(root) if aliased else [MAX_NODES])
    except _Refused as refused:
        code, message, line, column, hint = refused.diagnostic_args
        result.root = None
        result.diagnostics.append(Diagnostic(path, line, column, code, message, hint))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or str(error)
        message = _(problem)  # the parser's own words, in the chosen language where known
        if error.context and error.problem:
            context = _(error.context)
            start = error.context_mark
            if start is not None and mark is not None and start.line != mark.line:
                context += _(" that starts at line {line}").format(
                    line=start.line + 1
                )  # the unclosed `[` or quote
            problem = f"{error.problem} ({error.context})"
            message = f"{message} ({context})"
        hint = _syntax_hint(problem, text, line, column)
        plain = _layout_problem(error, text)
        if plain is not None:
            line, column, message, hint = plain
        result.diagnostics.append(Diagnostic(path, line, column, "MP001", _yaml_message(message), hint))
    except yaml.YAMLError as error:  # a reader error: control characters and the like
        line, column = 1, 1
        if isinstance(error, yaml.reader.ReaderError):
            line, column = _text_position(text, error.position)
        result.diagnostics.append(
            Diagnostic(path, line, column, "MP001", _yaml_message(str(error).splitlines()[0]))
        )
    return result


def _empty_hint(path: str) -> str:
    """What the smallest valid file of this kind holds; or, for a file saved by mistake, delete it."""
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if path.startswith("opd/"):
        return _(
            'an OPD file holds at least "id: {stem}", "name: <the OPD\'s full name>" and "programs:" with its programs; or delete the file'
        ).format(stem=stem)
    if path.startswith("pillars/"):
        return _('a pillar file holds at least "pillar: {stem}"; or delete the file').format(stem=stem)
    return _(
        'masterplan.yaml holds at least "city:", "period:" and "framework:"; `masterplan init` in an empty folder writes a complete one'
    )


def refused_characters(path: str, text: str) -> list[Diagnostic]:
    """MP020 for the refused characters written as such in `text`: in a value, a key or a
    comment (a bidirectional override in a comment misleads a reviewer as well)."""
    places: list[Place] = []
    for match in _REFUSED_RAW.finditer(text):
        places.append((*yaml_position(text, match.start()), match.group(), None))
        if len(places) > MAX_TEXT_PROBLEMS:
            break
    return _text_diagnostics(path, places)


def _text_diagnostics(path: str, places: list[Place]) -> list[Diagnostic]:
    diagnostics = []
    for line, column, char, escape in places[:MAX_TEXT_PROBLEMS]:
        what = f"U+{ord(char):04X} ({_kind(char)})"
        message = _("the escape `{escape}` makes {what}").format(escape=escape, what=what) if escape else what
        diagnostics.append(
            Diagnostic(
                path,
                line,
                column,
                "MP020",
                _("{message}: not allowed in a text").format(message=message),
                _(_TEXT_HINT),
            )
        )
    if len(places) > MAX_TEXT_PROBLEMS:
        line, column, _char, _escape = places[MAX_TEXT_PROBLEMS]
        more = _("more refused characters from here on (the first {max_text_problems} are shown)").format(
            max_text_problems=MAX_TEXT_PROBLEMS
        )
        diagnostics.append(Diagnostic(path, line, column, "MP020", more, _(_TEXT_HINT)))
    return diagnostics


_TEXT_HINT = N_("delete it: a terminal or a CI log that shows this text would act on it")


def _kind(char: str) -> str:
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return _("a control character")
    if code in (0x2028, 0x2029):
        return _("a line or paragraph separator")
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return _("a bidirectional override")
    return _("an invisible format character")


_MAY_ESCAPE = re.compile("[\\\\\u2028\u2029]")
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def yaml_position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset`, lines ending as libyaml ends them."""
    line, start = 1, 0
    for match in _YAML_BREAK.finditer(text, 0, offset):
        line, start = line + 1, match.end()
    return line, offset - start + 1


def yaml_offset(text: str, line: int, column: int) -> int:
    start = 0
    for match in _YAML_BREAK.finditer(text):
        if line <= 1:
            break
        line, start = line - 1, match.end()
    return start + column - 1


# an escape of a double-quoted scalar, or a line separator that a scalar keeps as it is
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|[\u2028\u2029]", re.DOTALL)
_ESCAPED = {
    "0": "\x00", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c",
    "r": "\r", "e": "\x1b", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip


def _escaped_places(text: str, start: tuple[int, int], end: tuple[int, int]) -> list[Place]:
    """Where, in a scalar from `start` to `end` (line, column), an escape makes a refused
    character, or a line separator stays in the value."""
    places: list[Place] = []
    first, last = yaml_offset(text, *start), yaml_offset(text, *end)
    for match in _ESCAPE.finditer(text, first, last):
        code = match.group(1)
        if code is None:  # a line or paragraph separator, kept in the value
            places.append((*yaml_position(text, match.start()), match.group(), None))
            continue
        char = chr(int(code[1:], 16)) if len(code) > 1 else _ESCAPED.get(code, "")
        if char and REFUSED_TEXT.match(char):
            places.append((*yaml_position(text, match.start()), char, match.group()))
    return places


def _syntax_hint(problem: str, text: str, line: int, column: int) -> str | None:
    """A hint for the syntax errors people make most: an unquoted `: `, a tab, a stray `@`."""
    if problem.startswith("mapping values are not allowed"):
        return _(
            'put a value that contains ": " in quotes, e.g. name: "Dinas: Kesehatan"; or check the indentation'
        )
    if problem.startswith("found character that cannot start any token"):
        lines = text.splitlines()
        char = lines[line - 1][column - 1 : column] if 1 <= line <= len(lines) else ""
        if char in {"@", "`", "%"}:
            return _("put the value in quotes: a plain value cannot start with {char}").format(char=char)
    return None


def _layout_problem(error: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str, str] | None:
    """libyaml's words for a missing `:` or a wrong indentation, which people do not read as
    such, in plain words at the line of the mistake: libyaml notices a missing `:` only
    lines later, where the key it was reading cannot go on; the key starts at `context_mark`."""
    start, mark = error.context_mark, error.problem_mark
    if start is None or mark is None:
        return None
    lines = text.splitlines()
    if error.problem == "could not find expected ':'" and start.line < len(lines):
        written = lines[start.line].strip()
        key, _space, rest = written.partition(" ")
        example = f"- {written}" if not rest else f"{key}: {rest.strip()}"
        return (
            start.line + 1,
            start.column + 1,
            _(
                "`{written}` is not a `key: value` pair: the `:` after the key is missing, or the line is indented wrongly"
            ).format(written=_clip(written)),
            _('write "{example}": a key is followed by ": ", an item of a list starts with "- "').format(
                example=_clip(example)
            ),
        )
    line = lines[mark.line] if mark.line < len(lines) else ""
    if "tab character" in (error.problem or "") or line[mark.column : mark.column + 1] == "\t":
        return (
            mark.line + 1,
            mark.column + 1,
            _("a tab is used to indent this line: YAML indents with spaces only"),
            _("replace the tab with spaces (in VS Code: 'Convert Indentation to Spaces')"),
        )
    if error.problem == "did not find expected '-' indicator":
        return (
            mark.line + 1,
            mark.column + 1,
            _(
                'this line does not fit the list that starts at line {line}: a new item starts with "- ", and a key of the item above is indented as its other keys'
            ).format(line=start.line + 1),
            _(
                'the items of this list start with "- " at column {column}; their keys line up at column {column2}'
            ).format(column=start.column + 1, column2=start.column + 3),
        )
    if error.problem == "did not find expected key":
        return (
            mark.line + 1,
            mark.column + 1,
            _("this line is indented to column {column}, which matches none of the keys above it").format(
                column=mark.column + 1
            ),
            _("the keys of the mapping that starts at line {line} line up at column {column}").format(
                line=start.line + 1, column=start.column + 1
            ),
        )
    return None


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text_position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


# What PyYAML's parsers (libyaml's and the pure one) say, for the catalogue: `_()` finds them
_PARSER_WORDS = (
    N_("found character that cannot start any token"),
    N_("found unexpected end of stream"),
    N_("found a tab character that violates indentation"),
    N_("found a tab character where an indentation space is expected"),
    N_("mapping values are not allowed in this context"),
    N_("mapping values are not allowed here"),
    N_("block sequence entries are not allowed in this context"),
    N_("could not find expected ':'"),
    N_("did not find expected comment or line break"),
    N_("did not find expected whitespace or line break"),
    N_("did not find expected <document start>"),
    N_("did not find expected node content"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected key"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}'"),
    N_("found unknown escape character"),
    N_("found unexpected document indicator"),
    N_("found undefined tag handle"),
    N_("while scanning a simple key"),
    N_("while scanning for the next token"),
    N_("while scanning a plain scalar"),
    N_("while scanning a quoted scalar"),
    N_("while scanning a block scalar"),
    N_("while scanning an anchor"),
    N_("while scanning an alias"),
    N_("while scanning a tag"),
    N_("while parsing a block collection"),
    N_("while parsing a block mapping"),
    N_("while parsing a flow sequence"),
    N_("while parsing a flow mapping"),
    N_("while parsing a block node"),
    N_("while parsing a flow node"),
)


def _yaml_message(problem: str) -> str:
    return problem.replace("\n", " ").strip()


_LIBYAML_DEPTH_LIMIT = "exceeded maximum nesting depth"


def _compose(text: str, escapes: list[Place] | None = None) -> tuple[Node | None, bool]:
    """`_compose_events`, with the same result whether or not libyaml limits nesting itself.

    libyaml 0.2.6 (in PyYAML 6.0.4 and later) refuses 1,000 levels of flow nesting while it
    scans ahead for a `[` that might be a key, before any event reaches our depth check;
    0.2.5 has no limit and passes the events on. Our limit is crossed hundreds of brackets
    before libyaml's, and a `[` that deep cannot be a key, so the text up to libyaml's stop
    yields the same events up to our MP005: read that instead."""
    try:
        return _compose_events(text, escapes)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        if error.problem != _LIBYAML_DEPTH_LIMIT or mark is None:
            raise
        _compose_events(text[: max(mark.index - 1, 0)])  # raises MP005 (or an earlier error)
        raise  # not reached: the text up to libyaml's limit is deeper than ours


def _compose_events(text: str, escapes: list[Place] | None = None) -> tuple[Node | None, bool]:
    """Build the Node tree from libyaml's events, refusing what we refuse along the way; and
    whether it has aliases. Refused characters that escapes make in a scalar, or that it keeps
    from its line ends, go to `escapes` (None: the text has no backslash and no separator).

    This loop is most of the time `check` takes on a large city: events are dispatched by
    exact type, scalars (most events) first, and nothing is done per event that can be skipped."""
    stack: list[tuple[Node, Node | None]] = []  # (container, pending key for mappings)
    keys_of: dict[int, dict[Any, Node]] = {}  # each open mapping's keys, for duplicates in O(1)
    anchors: dict[str, Node] = {}
    open_anchors: set[str] = set()
    anchor_of: dict[int, str] = {}
    root: Node | None = None
    documents = 0
    count = 0
    aliased = False

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        container, pending = stack[-1]
        if container.kind == "seq":
            container.value.append(node)
        elif pending is None:
            if node.kind != "scalar":
                raise _Refused(
                    "MP009",
                    _("a mapping key must be a plain name or number, not a list or mapping"),
                    node.line,
                    node.column,
                )
            stack[-1] = (container, node)
        else:
            _add_pair(container, pending, node, keys_of.setdefault(id(container), {}), text)
            stack[-1] = (container, None)

    parser = _Parser(text)
    next_event: Callable[[], Any] = parser.get_event  # events are told apart by exact type below
    try:
        while (event := next_event()) is not None:
            count += 1
            if count > MAX_NODES:
                mark = event.start_mark
                raise _Refused(
                    "MP006",
                    _("the file holds more than {max_nodes:,} values").format(max_nodes=MAX_NODES),
                    mark.line + 1,
                    mark.column + 1,
                )
            kind_of_event = type(event)
            if kind_of_event is _ScalarEvent:
                if event.tag is not None:
                    _refuse_tag(event)
                start, end = event.start_mark, event.end_mark
                raw = event.value
                plain = bool(event.implicit[0])
                if escapes is not None and len(escapes) <= MAX_TEXT_PROBLEMS and REFUSED_TEXT.search(raw):
                    escapes += _escaped_places(
                        text, (start.line + 1, start.column + 1), (end.line + 1, end.column + 1)
                    )
                node = Node(
                    "scalar",
                    start.line + 1,
                    start.column + 1,
                    resolve_plain(raw) if plain else raw,
                    raw,
                    plain,
                    end.line + 1,
                    end.column + 1,
                )
                if event.anchor:
                    _remember(event.anchor, node, anchors, anchor_of)
                if stack:  # inline `attach` for the common case: a value in a collection
                    container, pending = stack[-1]
                    if container.kind == "seq":
                        container.value.append(node)
                    elif pending is None:
                        stack[-1] = (container, node)
                    else:
                        _add_pair(container, pending, node, keys_of.setdefault(id(container), {}), text)
                        stack[-1] = (container, None)
                else:
                    attach(node)
            elif kind_of_event is _SequenceStartEvent or kind_of_event is _MappingStartEvent:
                if event.tag is not None:
                    _refuse_tag(event)
                if len(stack) >= MAX_DEPTH:
                    mark = event.start_mark
                    raise _Refused(
                        "MP005",
                        _("values are nested more than {max_depth} levels deep").format(max_depth=MAX_DEPTH),
                        mark.line + 1,
                        mark.column + 1,
                    )
                kind: Literal["map", "seq"] = "seq" if kind_of_event is _SequenceStartEvent else "map"
                mark = event.start_mark
                node = Node(kind, mark.line + 1, mark.column + 1, [])
                if event.anchor:
                    open_anchors.add(event.anchor)
                    _remember(event.anchor, node, anchors, anchor_of)
                attach(node)
                stack.append((node, None))
            elif kind_of_event is _SequenceEndEvent or kind_of_event is _MappingEndEvent:
                node, _depth = stack.pop()
                keys_of.pop(id(node), None)
                node.end_line, node.end_column = event.end_mark.line + 1, event.end_mark.column + 1
                if anchor_of:
                    open_anchors.discard(anchor_of.get(id(node), ""))
            elif kind_of_event is _AliasEvent:
                mark = event.start_mark
                target = anchors.get(event.anchor)
                if target is None:  # libyaml reports undefined aliases itself; keep a guard anyway
                    raise _Refused(
                        "MP001",
                        _("alias *{anchor} names no anchor").format(anchor=event.anchor),
                        mark.line + 1,
                        mark.column + 1,
                    )
                if event.anchor in open_anchors:
                    raise _Refused(
                        "MP004",
                        _("alias *{anchor} refers to the value that contains it").format(anchor=event.anchor),
                        mark.line + 1,
                        mark.column + 1,
                    )
                if stack and stack[-1][0].kind == "map" and stack[-1][1] is None:
                    raise _Refused(
                        "MP009", _("an alias cannot be used as a mapping key"), mark.line + 1, mark.column + 1
                    )
                alias = Node(
                    target.kind,
                    mark.line + 1,
                    mark.column + 1,
                    target.value,
                    target.raw,
                    target.plain,
                    target.end_line,
                    target.end_column,
                )
                alias.anchor_count.append(1)
                aliased = True
                attach(alias)
            elif kind_of_event is _DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise _Refused(
                        "MP008",
                        _("a second YAML document starts here; a file holds one document"),
                        mark.line + 1,
                        mark.column + 1,
                        _("remove the `---` line, or move what follows into its own file"),
                    )
    finally:
        parser.dispose()
    return root, aliased


_ScalarEvent, _AliasEvent = yaml.ScalarEvent, yaml.AliasEvent
_SequenceStartEvent, _SequenceEndEvent = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MappingStartEvent, _MappingEndEvent = yaml.MappingStartEvent, yaml.MappingEndEvent
_DocumentStartEvent = yaml.DocumentStartEvent


def _refuse_tag(event: Any) -> None:
    mark = event.start_mark
    shown = event.tag.replace("tag:yaml.org,2002:", "!!")
    raise _Refused(
        "MP003",
        _("explicit tag `{shown}` is not allowed").format(shown=shown),
        mark.line + 1,
        mark.column + 1,
        _("remove the tag; put the value in quotes if it must be text"),
    )


def _remember(anchor: str | None, node: Node, anchors: dict[str, Node], anchor_of: dict[int, str]) -> None:
    if anchor:
        anchors[anchor] = node
        anchor_of[id(node)] = anchor


def _add_pair(mapping: Node, key: Node, value: Node, keys: dict[Any, Node], text: str) -> None:
    if not value.raw and len(key.raw) == 3 and key.plain and value.kind == "scalar" and key.raw.isdigit():
        _refuse_thousands(text, mapping, key)
    # Keys equal as Python values are duplicates even when written differently (`1` and
    # `1.0`, `~` and `null`): the constructed dict would keep only one of them.
    existing = keys.get(key.value)
    if existing is not None:
        raise _Refused(
            "MP002",
            _("duplicate key `{raw}` (first defined at line {line})").format(raw=key.raw, line=existing.line),
            key.line,
            key.column,
            _("keep only one of them"),
        )
    keys[key.value] = key
    mapping.value.append((key, value))


_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+")


def _refuse_thousands(text: str, mapping: Node, key: Node) -> None:
    """`{2025: 1,500,000,000}`: the key `500` (with no value) right after `1,` is a group of
    thousands, not a key."""
    previous = mapping.value[-1][1] if mapping.value else None
    if (
        previous is None
        or not isinstance(previous.value, int)
        or (previous.end_line, previous.end_column + 1) != (key.line, key.column)
    ):
        return
    line = _YAML_BREAK.split(text[yaml_offset(text, key.line, 1) :], maxsplit=1)[0]
    number = _GROUPED_NUMBER.match(line, previous.column - 1)
    shown = number.group() if number else f"{previous.raw},{key.raw}"
    raise _Refused(
        "MP015",
        _("`{shown}` is read as several values: inside {{…}} a comma separates entries").format(shown=shown),
        previous.line,
        previous.column,
        _("write the number without separators: {replace}").format(replace=shown.replace(",", "")),
    )


def _budget(root: Node) -> list[int]:
    """How many values construction may produce: a little more than the file holds, so that
    aliases can repeat small pieces but never multiply the data."""
    return [max(10_000, ALIAS_EXPANSION_FACTOR * _count(root))]


def _count(root: Node) -> int:
    total, stack = 0, [root]
    while stack:
        node = stack.pop()
        total += 1
        if node.anchor_count:
            continue  # an alias counts once here; its expansion is paid for in construction
        if node.kind == "seq":
            stack.extend(node.value)
        elif node.kind == "map":
            for _key, value in node.value:
                stack.append(value)
                total += 1
    return total


def _construct(node: Node, budget: list[int], depth: int = 1) -> Any:
    """Plain Python data from a Node tree, copying aliased values and charging each copy."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _Refused(
            "MP004",
            _("anchors and aliases expand to far more values than the file holds"),
            node.line,
            node.column,
            _("write the values out instead of repeating anchored blocks"),
        )
    if node.kind == "scalar":
        return node.value
    if depth > MAX_DEPTH:  # aliases to nested values inside nested values: as deep as a bracket pile
        raise _Refused(
            "MP005",
            _("aliases nest values more than {max_depth} levels deep").format(max_depth=MAX_DEPTH),
            node.line,
            node.column,
        )
    if node.kind == "seq":
        return [_construct(child, budget, depth + 1) for child in node.value]
    return {key.value: _construct(value, budget, depth + 1) for key, value in node.value}
