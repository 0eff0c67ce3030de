"""Plain data for templates: what the city's templates see has no methods to call.

A pydantic model carries methods (`parse_raw`, `parse_file`, `model_validate_json`, `copy`)
that Jinja's sandbox lets a template call, and `parse_raw(..., proto='pickle',
allow_pickle=True)` runs `pickle.loads` on text the template wrote: code execution. So the
context is converted once, here, before any template sees it: every model and view becomes
a *record*, a frozen dataclass with slots and no methods of its own, holding its fields and
the values of its public properties, all converted in turn; lists and sets become tuples,
mappings read-only mappings. A `name(language)` method (pillars, elements, frameworks)
becomes the name in the document's language. What stays is data a template reads: text,
numbers, dates, booleans, None.

The only callables a template reaches are the helpers in `HELPERS` (the message catalogue,
the number formats, the heading and caption counters, the blocks of years of
`render/layout.py`), each written for templates.
`tests/test_plain_context.py` walks the whole context to hold this.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from operator import attrgetter
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

SCALARS = (str, int, float, Decimal, dt.date, bool, type(None))


@dataclasses.dataclass(frozen=True, slots=True, eq=False)
class Record:
    """A model or view as a template sees it: fields only (each record type is made from its
    source class by `_record_type`)."""


RecordType = tuple[type[Record], Callable[[Any], tuple[Any, ...]], bool]
_RECORD_TYPES: dict[type[Any], RecordType] = {}


def _record_type(source: type[Any]) -> RecordType:
    if source not in _RECORD_TYPES:
        _RECORD_TYPES[source] = _make_record_type(source)
    return _RECORD_TYPES[source]


def _make_record_type(source: type[Any]) -> RecordType:
    """The record class for `source`, a function that reads the values it copies, and whether
    `name` is a method of the language (`name(language)`) to be called once."""
    if isinstance(source, type) and issubclass(source, BaseModel):
        names = list(source.model_fields)
    else:
        names = [f.name for f in dataclasses.fields(source)]
    properties = [
        name
        for name, member in inspect.getmembers(source)
        if isinstance(member, property) and not name.startswith("_") and name not in names
    ]
    localized = callable(getattr(source, "name", None)) and "name" not in names
    copied = [*names, *properties]
    fields = [*copied, *(["name"] if localized else [])]
    record = dataclasses.make_dataclass(
        source.__name__, fields, bases=(Record,), frozen=True, slots=True, eq=False
    )
    record.__module__ = "masterplan"  # Jinja names it in errors: 'masterplan.City object'
    getter = attrgetter(*copied)
    read = getter if len(copied) > 1 else lambda value: (getter(value),)
    return record, read, localized


_SCALAR_TYPES = frozenset(SCALARS)


class Converter:
    """Converts one context; a value met twice (a program in its pillar and among the quick
    wins) becomes one record, so identity and sharing are kept and the work is done once."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.done: dict[int, Any] = {}
        self.keep: list[Any] = []  # the sources, alive while their ids are the memo's keys

    def __call__(self, value: Any) -> Any:
        if type(value) in _SCALAR_TYPES or isinstance(value, SCALARS):
            return value
        key = id(value)
        if key in self.done:
            return self.done[key]
        self.keep.append(value)
        converted = self._convert(value)
        self.done[key] = converted
        return converted

    def _all(self, values: Iterable[Any]) -> list[Any]:
        scalar, done, convert = _SCALAR_TYPES, self.done, self
        return [v if type(v) in scalar else done[id(v)] if id(v) in done else convert(v) for v in values]

    def _convert(self, value: Any) -> Any:
        kind = type(value)
        if kind in _SEQUENCES or isinstance(value, (list, tuple, range)):
            return tuple(self._all(value))
        if _is_record_source(kind):
            record, read, localized = _record_type(kind)
            values = self._all(read(value))
            if localized:
                values.append(getattr(value, "name")(self.language))  # noqa: B009
            return record(*values)
        if isinstance(value, Mapping):
            keys = self._all(value.keys())
            return MappingProxyType(dict(zip(keys, self._all(value.values()), strict=True)))
        if isinstance(value, (set, frozenset)):  # in an order that does not vary from run to run
            return tuple(self._all(sorted(value)))
        raise TypeError(f"no plain form for a {kind.__name__} in the template context")


_SEQUENCES = frozenset({list, tuple, range})


_RECORD_SOURCES: dict[type[Any], bool] = {}


def _is_record_source(kind: type[Any]) -> bool:
    if kind not in _RECORD_SOURCES:
        _RECORD_SOURCES[kind] = issubclass(kind, BaseModel) or dataclasses.is_dataclass(kind)
    return _RECORD_SOURCES[kind]


def plain(value: Any, language: str) -> Any:
    """`value` as plain data (see the module's docstring)."""
    return Converter(language)(value)


__all__ = ["SCALARS", "Converter", "Record", "plain"]
