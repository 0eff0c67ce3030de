"""The one boundary where pydantic's errors become located diagnostics.

A pydantic error carries a `loc` such as `('programs', 3, 'budget', 2025)`; walking the file's
Node tree along it gives the line and column. Union members appear in `loc` as extra parts
(`'CustomFramework'`, `"literal['kominfo','cohen']"`): they are skipped while walking, and
only the errors of the member that matches the shape of the input are kept.
"""

from __future__ import annotations

import calendar
import difflib
import re
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, Severity, place, register
from .l10n import N_, _
from .loader import LoadedFile, Node, yaml_offset

E = Severity.ERROR
register(
    "MP101",
    "unknown-key",
    E,
    N_("A key that the format does not know."),
    why=N_("A misspelt key would otherwise be ignored, and its content silently missing from the document."),
    example="programs:\n  - id: KOMINFO-01\n    nama: Solok Satu Data   # should be `name`",
    fix=N_("Correct the spelling (the hint suggests the closest known key) or remove the key."),
)
register(
    "MP102",
    "missing-key",
    E,
    N_("A required key is missing."),
    why=N_("The document cannot be built without it (a program without a pillar has no chapter)."),
    example="programs:\n  - id: KOMINFO-01\n    pillar: governance   # no name, no start",
    fix=N_("Add the key; the format reference in the README lists the required keys of each file kind."),
)
register(
    "MP103",
    "wrong-type",
    E,
    N_("A value has the wrong type: text where a number is meant, a list where a mapping is meant."),
    why=N_('The tool never guesses: `start: "2024"` or `quick_win: yes` are refused rather than misread.'),
    example="quick_win: yes      # write true or false\nstart: '2024'       # write 2024 without quotes",
    fix=N_("Write the value as the message asks; the hint shows how where the mistake is a common one."),
)
register(
    "MP104",
    "invalid-value",
    E,
    N_(
        "A value is outside what is allowed: not one of the listed choices, a malformed id, a negative budget."
    ),
    why=N_(
        "Ids, statuses and funding sources are fixed vocabularies that the document and the checks rely on."
    ),
    example="status: ongoing     # planned | in-progress | done | dropped",
    fix=N_("Use one of the allowed values; the hint suggests the closest one."),
)

register(
    "MP014",
    "too-many-problems",
    Severity.INFO,
    N_("A file has so many problems that the rest are not reported."),
    why=N_(
        "A file with hundreds of problems is broken as a whole; listing them all would bury the first ones "
        "and, for a hostile file with 300,000 bad keys, take minutes."
    ),
    example="(an opd/x.yaml with 5,000 programs that are all numbers)",
    fix=N_("Fix the problems shown, or the file's overall shape, and run the check again."),
)

MAX_PROBLEMS_PER_FILE = 200  # validation problems reported per file; see MP014

M = TypeVar("M", bound=BaseModel)


def validate(
    model: type[M], loaded: LoadedFile, data: Any = None, at: tuple[Any, ...] = ()
) -> tuple[M | None, list[Diagnostic]]:
    """The model for a loaded file (or for `data`, the part of it found at `at`), or None and
    the diagnostics that say why not."""
    assert loaded.root is not None
    try:
        return model.model_validate(loaded.data if data is None else data), []
    except ValidationError as error:
        return None, list(_diagnostics(model, loaded, error, at))


def _diagnostics(
    model: type[BaseModel], loaded: LoadedFile, error: ValidationError, at: tuple[Any, ...]
) -> Iterator[Diagnostic]:
    assert loaded.root is not None
    errors = error.errors(include_url=False, include_context=True)
    # union members report side by side, so a few times the cap leaves enough to choose from
    shown: list[dict[str, Any]] = [dict(err) for err in errors[: 4 * MAX_PROBLEMS_PER_FILE]]
    for err in shown:
        err["loc"] = (*at, *err["loc"])
    located = [(_walk(loaded.root, err["loc"]), err) for err in shown]
    seen: set[tuple[int, int, str]] = set()
    for (node, key_node, field_path, branch), err in _prefer_matching_branch(located):
        if len(seen) >= MAX_PROBLEMS_PER_FILE:
            yield too_many_problems(loaded, node)
            return
        diagnostic = _translate(model, loaded, node, key_node, field_path, err, len(at))
        marker = (diagnostic.line, diagnostic.column, diagnostic.message)
        if branch is not None:  # `float | int` fails twice on "sepuluh": say it once
            marker = (diagnostic.line, diagnostic.column, diagnostic.code)
        if marker not in seen:
            seen.add(marker)
            yield diagnostic


def too_many_problems(loaded: LoadedFile, node: Node | None = None) -> Diagnostic:
    line, column = (node.line, node.column) if node is not None else (1, 1)
    return Diagnostic(
        loaded.path,
        line,
        column,
        "MP014",
        _("more than {max_problems_per_file} problems in this file; the rest are not reported").format(
            max_problems_per_file=MAX_PROBLEMS_PER_FILE
        ),
        _("fix the problems shown first"),
    )


Branch = tuple[str, Node]  # a union member's name in a loc, and the node the union applies to


def _walk(root: Node, loc: tuple[Any, ...]) -> tuple[Node, Node | None, list[Any], Branch | None]:
    """The deepest node `loc` reaches, the key node of its last step, the loc without union
    member names, and the union member name when there is one."""
    node, key_node, branch = root, None, None
    path: list[Any] = []
    for part in loc:
        if part == "[key]":  # the error is about the key itself: point at the key
            node = key_node or node
            continue
        if node.kind == "map" and node.get(part) is not None:
            key_node = node.key_node(part)
            node = node.get(part)  # type: ignore[assignment]
            path.append(str(part))  # a mapping key, also a year: shown as `.2025`, never `[2025]`
        elif node.kind == "seq" and isinstance(part, int) and node.item(part) is not None:
            key_node = None
            node = node.item(part)  # type: ignore[assignment]
            path.append(part)
        elif isinstance(part, str) and (node.kind != "map" or _looks_like_branch(part)):
            branch = (part, node)
        else:  # a missing key: point at the mapping that lacks it
            path.append(part)
            break
    return node, key_node, path, branch


def _looks_like_branch(part: str) -> bool:
    return (
        part[:1].isupper()
        or "[" in part
        or part in {"str", "int", "float", "bool"}
        or part.startswith("constrained-")  # `Name | BilingualName`: the string member
    )


def _prefer_matching_branch(
    located: list[tuple[tuple[Node, Node | None, list[Any], Branch | None], dict[str, Any]]],
) -> list[tuple[tuple[Node, Node | None, list[Any], Branch | None], dict[str, Any]]]:
    """Of the errors pydantic reports for each member of a union, keep those of the member
    that the input's shape selects: a mapping selects a model, a scalar a literal."""
    kept = []
    for where, err in located:
        branch = where[3]
        if branch is not None:
            name, union_node = branch
            # a model with a validator shows as `function-after[_check(), CustomFramework]`
            model_branch = name.rsplit(" ", 1)[-1].rstrip("]")[:1].isupper()
            if model_branch != (union_node.kind == "map"):
                continue
        kept.append((where, err))
    return kept or located


def _translate(
    model: type[BaseModel],
    loaded: LoadedFile,
    node: Node,
    key_node: Node | None,
    field_path: list[Any],
    err: dict[str, Any],
    skip: int,
) -> Diagnostic:
    path, data = loaded.path, loaded.data
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    name = _field_name(data, field_path)

    if kind == "extra_forbidden":
        key = key_node or node
        known = sorted(_fields_at(model, field_path[skip:-1]))
        hint = _unquoted_comma(loaded, key, node, err["loc"]) or _did_you_mean(str(field_path[-1]), known)
        if known == ["en", "id"]:  # a `Bilingual` text
            hint = (hint + "; " if hint else "") + (
                _("a text in two languages has the keys `id` (Indonesian) and `en` (English) only")
            )
        elif hint is None and known:
            hint = _("known keys here: ") + ", ".join(known)
        return _at(
            path, key, "MP101", _("unknown key `{field_path}`").format(field_path=field_path[-1]), hint, key
        )
    if kind == "missing":
        return _at(
            path,
            node,
            "MP102",
            _("missing required key `{field_path}`").format(field_path=field_path[-1])
            + _within(data, field_path[:-1]),
            None,
        )
    if kind in {"literal_error", "enum"}:
        choices = _choices(ctx.get("expected", ""))
        hint = _did_you_mean(str(value), choices) if isinstance(value, str) else None
        return _at(
            path,
            node,
            "MP104",
            _("{name}: `{value}` is not one of {choices}").format(
                name=name, value=_show(node, value), choices=", ".join(choices)
            ),
            hint,
            node,
        )
    if kind == "string_pattern_mismatch":
        return _at(
            path,
            node,
            "MP104",
            _("{name}: `{value}` {pattern_rule}").format(
                name=name, value=_show(node, value), pattern_rule=_pattern_rule(ctx.get("pattern", ""))
            ),
            None,
            node,
        )
    if kind in {"bool_type", "bool_parsing"}:
        return _at(
            path,
            node,
            "MP103",
            _("{name}: expected true or false, got `{value}`").format(name=name, value=_show(node, value)),
            _("write true or false (YAML 1.1 words such as yes/no/on/off are not read as booleans)"),
            node,
        )
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        hint = _whole_number_hint(node, value, field_path)
        return _at(
            path,
            node,
            "MP103",
            _("{name}: expected a whole number, got {describe}").format(
                name=name, describe=_describe(node, value)
            ),
            hint,
            node,
        )
    if kind in {"float_type", "float_parsing", "finite_number"}:
        return _at(
            path,
            node,
            "MP103",
            _("{name}: expected a number, got {describe}").format(name=name, describe=_describe(node, value)),
            None,
            node,
        )
    if kind == "string_type":
        hint = (
            _('put it in quotes: "{raw}"').format(raw=_clip(node.raw))
            if node.kind == "scalar" and node.plain
            else None
        )
        return _at(
            path,
            node,
            "MP103",
            _("{name}: expected text, got {describe}").format(name=name, describe=_describe(node, value)),
            hint,
            node,
        )
    if kind in {"list_type"}:
        return _at(
            path,
            node,
            "MP103",
            _("{name}: expected a list, got {describe}").format(name=name, describe=_describe(node, value)),
            _("write a list as `[a, b]` or as lines starting with `- `"),
            node,
        )
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return _at(
            path,
            node,
            "MP103",
            _("{name}: expected a mapping of `key: value` pairs, got {describe}").format(
                name=name, describe=_describe(node, value)
            ),
            None,
            node,
        )
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"}:
        return _at(
            path,
            node,
            "MP103",
            _("{name}: expected a date, got {describe}").format(name=name, describe=_describe(node, value)),
            _date_hint(value),
            node,
        )
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        return _at(
            path,
            node,
            "MP104",
            _("{name}: {bound_message}").format(name=name, bound_message=_bound_message(kind, ctx, value)),
            None,
            node,
        )
    if kind in {"too_short", "string_too_short"}:
        what = (
            _("must not be empty")
            if kind == "string_too_short" or ctx.get("min_length") == 1
            else _("needs at least {get} items").format(get=ctx.get("min_length"))
        )
        return _at(path, node, "MP104", _("{name} {what}").format(name=name, what=what), None, node)
    if kind in {"too_long", "string_too_long"}:
        return _at(
            path,
            node,
            "MP104",
            _("{name} is too long (at most {get})").format(name=name, get=ctx.get("max_length")),
            None,
            node,
        )
    if kind in {"value_error", "assertion_error"}:  # a validator's own message, translated where raised
        message = str(ctx.get("error", err["msg"]))
        hint = getattr(ctx.get("error"), "hint", None)  # a `HintedError`
        return _at(
            path,
            node,
            "MP104",
            _("{name}: {message}").format(name=name, message=message) if name != "file" else message,
            hint,
            node,
        )
    return _at(
        path,
        node,
        "MP104",
        _("{name}: {lower}{msg}").format(name=name, lower=err["msg"][:1].lower(), msg=err["msg"][1:]),
        None,
        node,
    )


def _whole_number_hint(node: Node, value: Any, field_path: list[Any]) -> str | None:
    """How to write the whole number that `value` was meant to be: the mistakes people make."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if years := _YEAR_RANGE.match(text):
        first, last = years.groups()
        return _(
            'a program runs from `start` to `end`: write "start: {first}" and, on a line of its own, "end: {last}"'
        ).format(first=first, last=last)
    if not node.plain and text.lstrip("-").isdigit():
        return _("write the number without quotes")
    if node.plain and text[:1] == "0" and text.isdigit():
        return _("write the number without leading zeros: {value}").format(value=text.lstrip("0") or "0")
    if text.endswith("%") and text[:-1].strip().isdigit():
        return _("write the percentage as a plain number: {strip}").format(strip=text[:-1].strip())
    amount = rupiah(text)
    if amount is not None:
        return _(
            'write the whole number of rupiah, digits only (no "Rp", dots, commas or words): {amount}'
        ).format(amount=amount)
    if "budget" in field_path[:-1]:
        return _(
            'write the whole number of rupiah, digits only (no "Rp", dots, commas or words), e.g. 1500000000'
        )
    return None


_YEAR_RANGE = re.compile(r"(\d{4})\s*[-/–—]\s*(\d{4})\Z")
_AMOUNT = re.compile(r"(?:rp\.?\s*)?(?P<number>\d[\d.,]*)\s*(?P<word>[a-z]+)?\Z", re.IGNORECASE)
_SCALE = {
    "ribu": 10**3,
    "rb": 10**3,
    "juta": 10**6,
    "jt": 10**6,
    "miliar": 10**9,
    "milyar": 10**9,
    "triliun": 10**12,
}
_GROUPED = (re.compile(r"\d{1,3}(\.\d{3})+\Z"), re.compile(r"\d{1,3}(,\d{3})+\Z"))


def rupiah(text: str) -> int | None:
    """The whole rupiah people mean by `Rp 1.500.000.000`, `1,5 miliar` or `1,500,000,000`;
    None when the text is no such amount or not a whole number of rupiah."""
    match = _AMOUNT.match(text.strip())
    word = (match["word"] or "").lower() if match else ""
    if match is None or (word and word not in _SCALE):
        return None
    number = match["number"]
    if len(number) > 30:  # beyond any budget, and beyond what Python prints as a number
        return None
    if any(grouped.match(number) for grouped in _GROUPED):
        number = number.replace(".", "").replace(",", "")  # thousands separators, either way
    elif re.fullmatch(r"\d+([.,]\d+)?", number):
        number = number.replace(",", ".")  # a decimal comma (Indonesian) or point
    else:
        return None
    amount = Decimal(number) * _SCALE.get(word, 1)
    return int(amount) if amount == amount.to_integral_value() and amount >= 1 else None


def _date_hint(value: Any) -> str:
    """Which part of a date is wrong, rather than only the format."""
    text = value.strip() if isinstance(value, str) else ""
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = (int(part) for part in match.groups())
        if not 1 <= month <= 12:
            return _("the month is {month}: months run from 01 to 12 (YYYY-MM-DD, e.g. {year}-10-01)").format(
                month=month, year=year
            )
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            return _("the day is {day}: month {month:02d} of {year} has {days} days").format(
                day=day, month=month, year=year, days=days
            )
    if match := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text):
        first, second, last = match.groups()
        return _("write dates as YYYY-MM-DD, year first: {last}-{int:02d}-{int2:02d}").format(
            last=last, int=int(second), int2=int(first)
        )
    return _("write dates as YYYY-MM-DD, e.g. 2024-10-01")


def _unquoted_comma(loaded: LoadedFile, key: Node, value: Node, loc: tuple[Any, ...]) -> str | None:
    """For `head: {title: Bupati, name: H. Gusmal, S.E., M.M.}`: in `{…}` a comma ends the
    value, so `S.E.` and `M.M.` become keys without values. The hint quotes the whole value."""
    if loaded.root is None or not _bare((key, value)):
        return None  # the common case, checked first: a file may have 200 unknown keys
    parent = _walk(loaded.root, loc[:-1])[0]
    if parent.kind != "map" or loaded.text is None:
        return None
    pairs = parent.value
    index = next((i for i, (k, _v) in enumerate(pairs) if k is key), None)
    if index is None or not _bare(pairs[index]):
        return None
    first, last = index, index
    while first > 0 and _bare(pairs[first - 1]):
        first -= 1
    while last + 1 < len(pairs) and _bare(pairs[last + 1]):
        last += 1
    if first == 0:
        return None
    owner_key, owner = pairs[first - 1]
    if owner.kind != "scalar" or not owner.plain or owner.value is None:
        return None
    end = pairs[last][0]
    start = yaml_offset(loaded.text, owner.line, owner.column)
    whole = loaded.text[start : yaml_offset(loaded.text, end.end_line, end.end_column)]
    return _('a comma inside {{…}} ends the value; put the whole value in quotes: {raw}: "{whole}"').format(
        raw=owner_key.raw, whole=_clip(whole)
    )


def _bare(pair: tuple[Node, Node]) -> bool:
    """A key written without `:` in a `{…}` mapping: a plain key with nothing after it."""
    key, value = pair
    return (
        key.kind == "scalar"
        and key.plain
        and value.kind == "scalar"
        and value.value is None
        and not value.raw
    )


def _at(
    path: str, node: Node, code: str, message: str, hint: str | None, span: Node | None = None
) -> Diagnostic:
    end = None
    if (
        span is not None
        and span.kind == "scalar"
        and span.end_line == span.line
        and span.end_column > span.column
    ):
        end = span.end_column
    return Diagnostic(path, node.line, node.column, code, message, hint, end)


def _field_name(data: Any, path: list[Any]) -> str:
    return place(data, path) if path else "file"


def _within(data: Any, path: list[Any]) -> str:
    return _(" in {field}").format(field=_field_name(data, path)) if path else ""


def _show(node: Node, value: Any) -> str:
    if node.kind == "scalar":
        return _clip(node.raw)
    return _clip(str(value))


def _clip(text: str, limit: int = 60) -> str:
    """A value as quoted in a message: one line, and short, however long the value."""
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(node: Node, value: Any) -> str:
    if node.kind == "map":
        return _("a mapping")
    if node.kind == "seq":
        return _("a list")
    if value is None:
        return _("nothing (an empty value)")
    if isinstance(value, bool):
        return _("the boolean `{raw}`").format(raw=node.raw)
    if isinstance(value, (int, float)):
        return _("the number `{raw}`").format(raw=_clip(node.raw))
    return (
        _('the text "{raw}"').format(raw=_clip(node.raw))
        if node.plain
        else _('the quoted text "{raw}"').format(raw=_clip(node.raw))
    )


def _choices(expected: str) -> list[str]:
    return [part.strip().strip("'\"") for part in expected.replace(" or ", ", ").split(",") if part.strip()]


def _did_you_mean(word: str, candidates: list[str]) -> str | None:
    # compared in lower case, so that `APBD` and `Name` find `apbd` and `name`
    lowered = {candidate.lower(): candidate for candidate in candidates}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return _("did you mean `{lowered}`?").format(lowered=lowered[match[0]]) if match else None


def _pattern_rule(pattern: str) -> str:
    from .schema.city import FONT_FAMILY
    from .schema.common import COLOUR, INDICATOR_ID, PROGRAM_ID, SLUG

    return {
        FONT_FAMILY: _(
            "is not a font family name: use letters, digits, spaces and hyphens, e.g. `Source Sans 3`"
        ),
        COLOUR: _("is not a colour: write it as `#` and six hex digits (or three), e.g. `#1b365d`"),
        SLUG: _("is not a valid id: use lowercase letters, digits and hyphens, e.g. `diskominfo`"),
        PROGRAM_ID: _("is not a valid program id: use capitals, digits and hyphens, e.g. `KOMINFO-01`"),
        INDICATOR_ID: _("is not a valid indicator id: use letters, digits, `.`, `_` and `-`, e.g. `GOV-I1`"),
    }.get(pattern, _("does not match the pattern {pattern}").format(pattern=pattern))


def _bound_message(kind: str, ctx: dict[str, Any], value: Any) -> str:
    words = {
        "greater_than_equal": _("at least"),
        "less_than_equal": _("at most"),
        "greater_than": _("more than"),
        "less_than": _("less than"),
    }
    limit = next(iter(ctx.values()), "?")
    return _("{value} must be {words} {limit}").format(value=value, words=words[kind], limit=limit)


def _fields_at(model: type[BaseModel], path: list[Any]) -> list[str]:
    """The field names of the model reached by walking `path` through nested models."""
    annotation: Any = model
    for part in path:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    models = [m for m in union_members(annotation) if isinstance(m, type) and issubclass(m, BaseModel)]
    return [name for m in models for name in m.model_fields]


def _step(annotation: Any, part: Any) -> Any:
    for candidate in union_members(annotation):
        is_model = isinstance(candidate, type) and issubclass(candidate, BaseModel)
        if is_model and isinstance(part, str) and part in candidate.model_fields:
            return candidate.model_fields[part].annotation
        origin = get_origin(candidate)
        if origin in (list, tuple) and isinstance(part, int):
            return get_args(candidate)[0]
        if origin is dict:
            return get_args(candidate)[1]
    return None


def union_members(annotation: Any) -> list[Any]:
    """The types an annotation admits: `Annotated` unwrapped, unions spread out."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return union_members(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [m for arg in get_args(annotation) for m in union_members(arg)]
    return [annotation]
