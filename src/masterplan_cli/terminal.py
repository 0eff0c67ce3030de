"""Text from a city repository, made safe to print on a terminal and in a CI log.

A city's files arrive in a pull request and CI prints what masterplan says about them, so a
value must never act on the terminal or the runner reading the log:

* `printable` writes every control character as an escape (`\\x1b`, `\\n`, `\\u202e`): no
  terminal escape sequence, no bell, no bidirectional reordering, and no newline that starts
  a line of its own — so a value cannot start a line that a runner reads as a command; it also
  breaks up the legacy `##[command]` and Azure `##vso[` markers, which runners read anywhere
  in a line, and a `::` at the start of a value, which may be printed at the start of a line;
* `guarded` is the last line of defence for a whole output: a line that, after its
  indentation, begins with `::` and that masterplan did not write as a command gets its first
  colon escaped;
* `github_data` and `github_property` escape a workflow command's message and properties as
  the runner unescapes them (actions/toolkit `command.ts`).

Every printer — check's reporters, `diff`, `build`'s summary and its relayed WeasyPrint
messages, `doctor` — passes city text through `printable`.
"""

from __future__ import annotations

import re

# C0 and C1 controls (escape sequences, bell, a newline or carriage return that forges a
# line), DEL, the Arabic letter mark and left-to-right/right-to-left marks, line and paragraph
# separators, bidirectional embeddings, overrides and isolates (which reorder what is shown),
# the deprecated format controls, the interlinear annotation controls, a zero-width no-break
# space (an invisible BOM), tag characters (invisible ASCII) and lone surrogates (undecodable
# file names; unprintable as UTF-8).
UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\U000e0000-\U000e007f]"
)
# what a runner reads as a command anywhere in a line (`##[error]`, Azure's `##vso[`), and a
# `::` at the start of a value
_COMMAND = re.compile(r"##(?=\[|vso\[)|\A(\s*):(?=:)")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` on one line, with every unprintable character written as an escape (`\\x1b`,
    `\\u202e`) and nothing a CI runner would read as a command."""
    if UNPRINTABLE.search(text):
        text = UNPRINTABLE.sub(_escape, text)
    if "#" in text or ":" in text:
        text = _COMMAND.sub(_defuse, text)
    return text


def _escape(match: re.Match[str]) -> str:
    if match.group() in _NAMED:
        return _NAMED[match.group()]
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by `surrogateescape`
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _defuse(match: re.Match[str]) -> str:
    if match.group().startswith("#"):
        return "#\\x23"
    return f"{match.group(1)}\\x3a"


_COMMAND_LINE = re.compile(r"^(\s*)::", re.MULTILINE)


def guarded(output: str) -> str:
    """A whole output of masterplan's, with no line a CI runner takes for a workflow command
    (`::error …`); for outputs that write no command on purpose."""
    return _COMMAND_LINE.sub(lambda m: f"{m.group(1)}\\x3a:", output)


# In JSON text, json.dumps has escaped C0 controls already; a raw newline is its own layout.
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\U000e0000-\U000e007f]|(?<=#)#(?=\\[|vso\\[)"
)


def json_safe(text: str) -> str:
    """JSON text (from `json.dumps`) whose strings spell with `\\u` escapes every unprintable
    character (`ensure_ascii=False` leaves C1 controls and bidi overrides raw) and the second
    `#` of a legacy `##[` command: the same data, safe to print."""
    return _JSON_UNSAFE.sub(lambda m: "".join(f"\\u{unit:04x}" for unit in _utf16(m.group())), text)


def _utf16(char: str) -> list[int]:
    data = char.encode("utf-16-be", "surrogatepass")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def github_data(text: str) -> str:
    """A workflow command's message, escaped as the runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A workflow command's property value (`file=`, `title=`): `:` and `,` end it otherwise."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")
