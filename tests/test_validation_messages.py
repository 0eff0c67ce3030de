"""Every error pydantic can raise on a city's files has a message of ours, in both languages.

The error types are not listed by hand: they are read off the models' core schemas (what each
kind of schema and each constraint can raise, per pydantic-core), so a new constraint or a new
kind of field that brings a new error type fails here until `validation.py` words it.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from pydantic_core import ValidationError

from masterplan_cli import l10n, validation
from masterplan_cli.loader import load_text
from masterplan_cli.schema import city, frameworks, opd, pillar, previous, progress
from masterplan_cli.schema.city import Masterplan

SCHEMA_DIR = Path(validation.__file__).parent / "schema"
FILE_MODULES = (city, frameworks, opd, pillar, previous, progress)

# What each kind of core schema raises, and each of its constraints (pydantic-core's
# `src/validators/*.rs`); a kind not listed here fails the walk, so that it is looked at.
RAISES: dict[str, set[str]] = {
    "str": {"string_type"},
    "int": {"int_type", "int_parsing", "int_from_float"},
    "float": {"float_type", "float_parsing"},
    "bool": {"bool_type", "bool_parsing"},
    "date": {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"},
    "literal": {"literal_error"},
    "list": {"list_type"},
    "dict": {"dict_type"},
    "model": {"model_type"},
    "model-fields": {"missing"},
    "function-after": {"value_error", "assertion_error"},
    "function-before": {"value_error", "assertion_error"},
}
STRICT = {"int": {"int_type"}, "bool": {"bool_type"}, "float": {"float_type"}}
CONSTRAINTS = {
    ("str", "min_length"): "string_too_short",
    ("str", "max_length"): "string_too_long",
    ("str", "pattern"): "string_pattern_mismatch",
    ("list", "min_length"): "too_short",
    ("list", "max_length"): "too_long",
    ("dict", "min_length"): "too_short",
    ("dict", "max_length"): "too_long",
    **{
        (kind, bound): name
        for kind in ("int", "float")
        for bound, name in [
            ("ge", "greater_than_equal"),
            ("le", "less_than_equal"),
            ("gt", "greater_than"),
            ("lt", "less_than"),
        ]
    },
}
# kinds that only route to others (wrappers, references, unions of the kinds above)
ROUTING = {
    "default",
    "nullable",
    "union",
    "definitions",
    "definition-ref",
    "model-field",
    "no-info",
    "with-info",
}


def raised(schema: Any) -> Iterator[str]:
    """The error types a core schema and everything inside it can raise."""
    if isinstance(schema, (list, tuple)):
        for item in schema:
            yield from raised(item)
        return
    if not isinstance(schema, dict):
        return
    kind = schema.get("type")
    if isinstance(kind, str):
        assert kind in RAISES or kind in ROUTING, (
            f"a new kind of core schema: {kind}; which errors does it raise?"
        )
        yield from STRICT[kind] if schema.get("strict") and kind in STRICT else RAISES.get(kind, ())
        yield from (
            name for (k, key), name in CONSTRAINTS.items() if k == kind and schema.get(key) is not None
        )
        if kind == "float" and schema.get("allow_inf_nan") is False:
            yield "finite_number"
        if kind == "model" and schema.get("config", {}).get("extra_fields_behavior") == "forbid":
            yield "extra_forbidden"
    for value in schema.values():
        yield from raised(value)


def file_models() -> list[type[BaseModel]]:
    return [
        model
        for module in FILE_MODULES
        for model in vars(module).values()
        if inspect.isclass(model) and issubclass(model, BaseModel) and model.__module__ == module.__name__
    ]


ERROR_TYPES = sorted({kind for model in file_models() for kind in raised(model.__pydantic_core_schema__)})

# what pydantic needs to word each error (its `ctx`), and an input that fits the story
CONTEXT: dict[str, dict[str, Any]] = {
    "string_too_short": {"min_length": 1},
    "string_too_long": {"max_length": 500},
    "string_pattern_mismatch": {"pattern": "^[a-z]+$"},
    "too_short": {"field_type": "List", "min_length": 2, "actual_length": 1},
    "too_long": {"field_type": "List", "max_length": 3, "actual_length": 4},
    "literal_error": {"expected": "'planned', 'done'"},
    "greater_than_equal": {"ge": 0},
    "less_than_equal": {"le": 100},
    "greater_than": {"gt": 0},
    "less_than": {"lt": 100},
    "date_parsing": {"error": "input is too short"},
    "date_from_datetime_parsing": {"error": "input is too short"},
    "model_type": {"class_name": "Program"},
    "value_error": {"error": ValueError("x")},
    "assertion_error": {"error": AssertionError("x")},
}


def message(kind: str, language: str) -> tuple[str, str]:
    """Our message and hint for an error of `kind` on `status: sepuluh`, and pydantic's own."""
    loaded = load_text("opd/dinkes.yaml", "status: sepuluh\n")
    error = ValidationError.from_exception_data(
        "OpdFile", [{"type": kind, "loc": ("status",), "input": "sepuluh", "ctx": CONTEXT.get(kind, {})}]
    )
    l10n.settle(language)
    try:
        (diagnostic,) = validation._diagnostics(Masterplan, loaded, error, ())
    finally:
        l10n.settle("en")
    return f"{diagnostic.message} {diagnostic.hint or ''}", error.errors()[0]["msg"]


def test_the_walk_finds_the_constraints_of_the_schema() -> None:
    """The walk sees what the models say: `percent` 0–100 strict, a name up to 500 characters."""
    assert {
        "int_type",
        "greater_than_equal",
        "less_than_equal",
        "string_too_long",
        "literal_error",
        "extra_forbidden",
        "missing",
        "finite_number",
        "value_error",
        "too_short",
    } <= set(ERROR_TYPES)
    assert "int_parsing" not in ERROR_TYPES  # every int is strict: "2024" is refused, not read


@pytest.mark.parametrize("kind", ERROR_TYPES)
def test_every_error_type_has_an_indonesian_message(kind: str) -> None:
    indonesian, pydantic_words = message(kind, "id")
    english, _ = message(kind, "en")
    if kind in {"value_error", "assertion_error"}:  # the validator's own text, translated where raised
        assert indonesian == english == "status: x "
        return
    assert pydantic_words not in indonesian and pydantic_words not in english
    assert indonesian != english


def test_every_validator_message_is_translated() -> None:
    """A validator's ValueError is shown as it is (`value_error`): its text must go through `_()`."""
    english = []
    for path in sorted(SCHEMA_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
                words = node.exc.args[0]
                if isinstance(words, ast.Call) and isinstance(words.func, ast.Attribute):
                    words = words.func.value  # _("…").format(…)
                translated = isinstance(words, ast.Call) and getattr(words.func, "id", "") == "_"
                if not translated and getattr(node.exc.func, "id", "") != "TypeError":  # a bug, not input
                    english.append(f"{path.name}:{node.lineno}")
    assert english == []
