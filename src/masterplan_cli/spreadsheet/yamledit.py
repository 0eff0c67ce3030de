"""Changing values inside a city's YAML files without disturbing anything else.

ruamel.yaml's round-trip mode keeps comments, key order, quoting and flow or block style; a
file loaded and dumped unchanged comes back byte for byte (tested on the examples), given the
file's own indentation (guessed), line ends and byte-order mark. Only the values the workbook
changes are rewritten. A string that `masterplan`'s loader would read as another type (`yes`
is text to it, `2024` is not) is quoted, so that what is written reads back as what was meant.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from ..loader import resolve_plain

BOM = "\ufeff"


class YamlDocument:
    """One YAML file, loaded for editing."""

    def __init__(self, text: str) -> None:
        self.bom = text.startswith(BOM)
        self.crlf = "\r\n" in text
        text = text.removeprefix(BOM).replace("\r\n", "\n")
        self.yaml, self.data = _faithful_loader(text)
        if self.data is None:
            self.data = CommentedMap()

    def dump(self) -> str:
        stream = io.StringIO()
        self.yaml.dump(self.data, stream)
        text = stream.getvalue()
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return BOM + text if self.bom else text


def _faithful_loader(text: str) -> tuple[YAML, Any]:
    """A loader whose dump of the unchanged file is the file itself: the format's usual
    indentation first (mappings by 2, list items by 4 with the dash at 2), then others."""
    first: tuple[YAML, Any] | None = None
    for mapping, sequence, dash in _indentations(text):
        yaml = YAML()
        yaml.preserve_quotes = True
        yaml.width = 4096  # never re-wrap a long line
        yaml.indent(mapping=mapping, sequence=sequence, offset=dash)
        data = yaml.load(text)
        stream = io.StringIO()
        yaml.dump(data, stream)
        if stream.getvalue() == text:
            return yaml, data
        first = first or (yaml, data)
    assert first is not None
    return first


def _indentations(text: str) -> Iterator[tuple[int, int, int]]:
    yield 2, 4, 2
    yield 2, 2, 0
    _, indent, offset = load_yaml_guess_indent(text)  # a full parse: only when needed
    yield indent or 2, (offset or 0) + 2, offset or 0


def at(data: Any, loc: Sequence[Any]) -> Any:
    for part in loc:
        data = data[part]
    return data


def assign(mapping: CommentedMap, key: Any, value: Any, order: Sequence[Any]) -> None:
    """Set `key` to `value`; a mapping already there is updated key by key (so that its style
    and comments stay), and a new key goes where `order` puts it among the existing ones."""
    current = mapping.get(key)
    if isinstance(value, Mapping) and isinstance(current, CommentedMap):
        for gone in [k for k in current if k not in value]:
            del current[gone]
        inner_order = sorted(value) if all(isinstance(k, int) for k in value) else list(value)
        for inner_key, inner_value in value.items():
            if current.get(inner_key) != inner_value or type(current.get(inner_key)) is not type(inner_value):
                assign(current, inner_key, inner_value, inner_order)
        return
    new = to_yaml(value, flow=_is_flow(current) if current is not None else None)
    if key in mapping:
        mapping[key] = new
        return
    mapping.insert(_position(mapping, key, order), key, new)


def _position(mapping: CommentedMap, key: Any, order: Sequence[Any]) -> int:
    """After the last existing key that `order` puts before `key` (at the end otherwise)."""
    if key not in order:
        return len(mapping)
    before = set(order[: list(order).index(key)])
    keys = list(mapping)
    positions = [i for i, k in enumerate(keys) if k in before]
    if not positions:
        return 0 if any(k in order for k in keys) else len(mapping)
    return positions[-1] + 1


def _is_flow(node: Any) -> bool | None:
    fa = getattr(node, "fa", None)
    return None if fa is None else bool(fa.flow_style())


def to_yaml(value: Any, *, flow: bool | None = None) -> Any:
    """A Python value as ruamel writes it: short lists of words and year mappings in flow style
    (`[apbd, dak]`, `{2024: 1000}`), the way the format's examples write them."""
    if isinstance(value, str):
        if "\n" in value.strip("\n"):
            return LiteralScalarString(value if value.endswith("\n") else value + "\n")
        return (
            value
            if resolve_plain(value) == value and value.strip() == value
            else DoubleQuotedScalarString(value)
        )
    if isinstance(value, Mapping):
        mapping = CommentedMap((k, to_yaml(v)) for k, v in value.items())
        if flow if flow is not None else all(not isinstance(v, (Mapping, list)) for v in value.values()):
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        seq = CommentedSeq(to_yaml(v) for v in value)
        words = all(isinstance(v, str) and " " not in v and "\n" not in v for v in value)
        if flow if flow is not None else words:
            seq.fa.set_flow_style()
        else:
            seq.fa.set_block_style()
        return seq
    return value
