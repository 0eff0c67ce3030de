"""The sandbox a city's templates run in, and what it lets them consume.

A city's `templates/` folder comes from a pull request, so its templates run in Jinja's
`SandboxedEnvironment` (no private attributes, no unsafe callables), which bounds nothing a
template costs. `Sandbox` adds the bounds, each refused with a `TemplateLimitError` that the
build reports with the template's file and line:

* **widths and counts**: a width, padding, length, precision or count argument above
  `MAX_WIDTH` is refused: `'x'.zfill(n)`, `.center`, `.ljust`, `.rjust`, `.expandtabs`,
  the filters `center`, `indent`, `wordwrap`, `truncate`, `batch`, `slice` and `tojson`'s
  indent, a `%` or `|format` directive (`'%10000000000s'`, `'%*d'`), a `str.format` field
  (`'{:>1000000000}'`), `lipsum()`;
* **text**: no piece of text a template builds may exceed `MAX_TEXT` characters: its whole
  output, a macro's, a block's or `caller()`'s (all joined by `concat`, which counts as it
  joins), `~` and `+`, the result of `%`, `str.format`, `join` and `replace` (method and
  filter), `translate`, `expandtabs`, `indent`, `wordwrap`, `urlize`, `tojson` (estimated
  before the work where an operation can multiply its input), and of any method call;
* **repetition and numbers**: `*` makes at most `MAX_REPEAT` characters or items, `+` and
  `list.extend` at most `MAX_ITEMS` items; `**` takes exponents up to `MAX_EXPONENT`, and an
  integer `*` or `**` makes at most `MAX_INT_BITS` bits; `range` (Jinja's own) at most
  100,000 items;
* **time and memory as a whole** are bounded outside, by the operating system: city
  templates render in a child process with limits (`isolation.py`).

The checks run only on the operations that can grow things, so a normal render pays little
(`benchmarks/README.md`). They bound each operation, not the memory of a render as a whole:
many values each under the bounds can add up within the time limit (SECURITY.md).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from string import Formatter
from types import BuiltinMethodType, FrameType, GeneratorType, MethodType
from typing import Any

from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.exceptions import SecurityError
from jinja2.nodes import Concat
from jinja2.sandbox import SandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import _PassArg, generate_lorem_ipsum
from markupsafe import Markup, escape

from ..l10n import _

MAX_WIDTH = 10_000  # a width, padding, length, precision, indent or count argument
MAX_TEXT = 50_000_000  # characters in any text a template builds, its whole output included
MAX_REPEAT = 1_000_000  # characters or items a `*` may produce
MAX_ITEMS = 1_000_000  # items a `+` or `list.extend` may produce
MAX_EXPONENT = 64
MAX_INT_BITS = 10_000  # about 3,000 decimal digits


class TemplateLimitError(SecurityError):
    """A city template asked for more than the sandbox allows."""


# --- checks ------------------------------------------------------------------------------------


def _width(value: Any, what: str, where: str) -> None:
    """Refuse a width, length or count above `MAX_WIDTH` (or below -MAX_WIDTH: `'%*d'` takes a
    negative width as a left-aligned one): "the width 100000000 of zfill() is too large"."""
    try:
        too_large = abs(value) > MAX_WIDTH
    except TypeError:
        return  # not a number: the operation itself refuses it
    if too_large:
        raise _too_wide(what, str(value), where)


def _too_wide(what: str, value: str, where: str) -> TemplateLimitError:
    shown = value if len(value) <= 20 else value[:20] + "…"
    return TemplateLimitError(
        _("the {what} {shown} {where} is too large (at most {max_width:,})").format(
            what=what, shown=shown, where=where, max_width=MAX_WIDTH
        )
    )


def _refuse_text(what: str) -> TemplateLimitError:
    return TemplateLimitError(
        _("the result of {what} would be too large (more than {max_text:,} characters)").format(
            what=what, max_text=MAX_TEXT
        )
    )


def _text(result: Any, what: str) -> Any:
    """`result`, unless it is text longer than `MAX_TEXT`."""
    if isinstance(result, (str, bytes)) and len(result) > MAX_TEXT:
        raise _refuse_text(what)
    return result


def _size(value: Any) -> int:
    """How long `value` is as text, at most, as far as is cheap to know: text, numbers (other
    values count as 0: the result is checked after)."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, int):
        return value.bit_length() // 3 + 2  # decimal digits and a sign
    if isinstance(value, float):
        return 320  # `%f` of 1e308
    return 0


def _expected(size: int, what: str) -> None:
    if size > MAX_TEXT:
        raise _refuse_text(what)


# `%` formatting: each directive's width and precision (which may be `*`, taken from the
# values) is bounded, and the result estimated before it is made (a mapping's key may be
# used many times: `'%(a)s' * 1000 % {'a': long}`).


def _printf_directives(fmt: str) -> Iterator[tuple[str | None, str, str, str]]:
    """(key, width, precision, conversion) of each directive of a `%` format, as Python reads
    them; `%%` is skipped."""
    n = len(fmt)
    i = fmt.find("%")
    while 0 <= i < n - 1:
        j = i + 1
        key = None
        if fmt[j] == "(":  # a mapping key, with balanced parentheses as Python counts them
            depth, k = 1, j + 1
            while k < n and depth:
                depth += {"(": 1, ")": -1}.get(fmt[k], 0)
                k += 1
            key, j = fmt[j + 1 : k - 1], k
        while j < n and fmt[j] in "#0- +":
            j += 1
        width = precision = ""
        if j < n and fmt[j] == "*":
            width, j = "*", j + 1
        else:
            start = j
            while j < n and "0" <= fmt[j] <= "9":
                j += 1
            width = fmt[start:j]
        if j < n and fmt[j] == ".":
            j += 1
            if j < n and fmt[j] == "*":
                precision, j = "*", j + 1
            else:
                start = j
                while j < n and "0" <= fmt[j] <= "9":
                    j += 1
                precision = fmt[start:j] or "0"
        while j < n and fmt[j] in "hlL":
            j += 1
        conversion = fmt[j] if j < n else ""
        if conversion != "%" or key is not None or width or precision:
            yield key, width, precision, conversion
        i = fmt.find("%", j + 1)


def _number(digits: str, what: str, where: str) -> int:
    """The number a run of digits in a format writes, unless it is above `MAX_WIDTH`."""
    significant = digits.lstrip("0")
    if len(significant) > len(str(MAX_WIDTH)) or (significant and int(significant) > MAX_WIDTH):
        raise _too_wide(what, significant, where)
    return int(significant or "0")


def _check_printf(fmt: str | bytes, values: Any) -> None:
    if isinstance(fmt, bytes):
        fmt = fmt.decode("latin-1")
    if "%" not in fmt:
        return
    mapping = isinstance(values, Mapping)
    positional = iter(values if isinstance(values, tuple) else (values,))
    expected = len(fmt)
    for key, width_spec, precision_spec, conversion in _printf_directives(fmt):
        sizes = []
        for spec, what in ((width_spec, "width"), (precision_spec, "precision")):
            if spec == "*":
                taken = next(positional, 0)
                _width(taken, what, "in a % format")
                sizes.append(abs(taken) if isinstance(taken, int) else 0)
            else:
                sizes.append(_number(spec, what, "in a % format"))
        if key is not None and mapping:
            try:
                value = values[key]
            except TemplateLimitError:
                raise
            except Exception:  # the format itself reports a missing key
                value = None
        else:
            value = next(positional, None)
        length = _size(value)
        if conversion in "ra":
            length *= 10  # repr() writes a character as up to 10 (`\U0001f600`)
        expected += max(sizes[0], sizes[1] + length)
    _expected(expected, "%")


_DIGITS = re.compile(r"[0-9]+")


def _check_spec(spec: str) -> None:
    """A `str.format` field's spec: a number in it above `MAX_WIDTH` is a width or precision
    (or, in a date's spec, a literal number no masterplan needs)."""
    for digits in _DIGITS.findall(spec):
        _number(digits, "width or precision", "in a format field")


class _BoundedFields(Formatter):
    """A `str.format` that bounds each field's spec and the fields' total size."""

    _size = 0

    def vformat(self, format_string: str, args: Any, kwargs: Any) -> str:
        self._size = len(format_string)
        return super().vformat(format_string, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> Any:
        if format_spec:
            _check_spec(format_spec)
        text = super().format_field(value, format_spec)
        self._size += len(text)
        _expected(self._size, "format()")
        return text


class BoundedFormatter(_BoundedFields, SandboxedFormatter):
    pass


class BoundedEscapeFormatter(_BoundedFields, SandboxedEscapeFormatter):
    pass


# --- method calls ------------------------------------------------------------------------------

MethodCheck = Callable[[Any, tuple[Any, ...], dict[str, Any]], tuple[Any, ...]]


def _padding(name: str) -> MethodCheck:
    def check(owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
        width = args[0] if args else kwargs.get("tabsize", kwargs.get("width"))
        _width(width, "width", f"of {name}()")
        if name == "expandtabs" and isinstance(width, int):
            _expected(
                len(owner) + owner.count("\t" if isinstance(owner, str) else b"\t") * width, "expandtabs()"
            )
        return args

    return check


def _join(owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    if len(args) != 1:
        return args  # join() itself says what is wrong
    items = list(args[0])
    _expected(len(owner) * max(len(items) - 1, 0) + sum(map(_size, items)), "join()")
    return (items,)


def _replace(owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    kind = str if isinstance(owner, str) else bytes
    if len(args) >= 2 and isinstance(args[0], kind) and isinstance(args[1], kind):
        old, new = args[0], args[1]
        if isinstance(owner, Markup):  # Markup.replace escapes both
            old, new = escape(old), escape(new)
        count = args[2] if len(args) > 2 else kwargs.get("count", -1)
        _expected(_replaced_size(owner, old, new, count), "replace()")
    return args


def _replaced_size(text: Any, old: Any, new: Any, count: Any) -> int:
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    return len(text) + found * (len(new) - len(old))


def _translate(owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    if isinstance(owner, str) and args and isinstance(args[0], Mapping):
        longest = max((_size(v) for v in args[0].values()), default=1)
        _expected(len(owner) * max(longest, 1), "translate()")
    return args


def _extend(owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    if args and hasattr(args[0], "__len__") and len(owner) + len(args[0]) > MAX_ITEMS:
        raise TemplateLimitError(
            _("the result of extend() would be too large (more than {max_items:,} items)").format(
                max_items=MAX_ITEMS
            )
        )
    return args


_TEXT_METHODS: dict[str, MethodCheck] = {
    **{name: _padding(name) for name in ("center", "ljust", "rjust", "zfill", "expandtabs")},
    "join": _join,
    "replace": _replace,
    "translate": _translate,
}


# --- filters and globals -----------------------------------------------------------------------


def _check_center(value: Any, width: Any = 80) -> None:
    _width(width, "width", "of |center")


def _check_indent(s: Any, width: Any = 4, first: Any = False, blank: Any = False) -> None:
    size = len(width) if isinstance(width, str) else width
    _width(size, "width", "of |indent")
    if isinstance(size, int):
        text = str(s)
        _expected(len(text) + (text.count("\n") + 1) * size, "|indent")


def _check_wordwrap(
    s: Any,
    width: Any = 79,
    break_long_words: Any = True,
    wrapstring: Any = None,
    break_on_hyphens: Any = True,
) -> None:
    _width(width, "width", "of |wordwrap")
    if wrapstring is not None:  # at most a line per character
        _expected(len(str(s)) * (1 + len(str(wrapstring))), "|wordwrap")


def _check_truncate(
    s: Any, length: Any = 255, killwords: Any = False, end: Any = "...", leeway: Any = None
) -> None:
    _width(length, "length", "of |truncate")
    _width(leeway, "leeway", "of |truncate")


def _check_format(value: Any, *args: Any, **kwargs: Any) -> None:
    _check_printf(str(value), kwargs or args)


def _check_join(value: Any, d: Any = "", attribute: Any = None) -> tuple[Any, ...] | None:
    if attribute is not None:
        return None
    items = list(value)
    _expected(len(str(d)) * max(len(items) - 1, 0) + sum(map(_size, items)), "|join")
    return (items,)


def _check_replace(s: Any, old: Any, new: Any, count: Any = None) -> None:
    text, old, new = str(s), str(old), str(new)
    if isinstance(s, Markup) and not isinstance(new, Markup):
        new = escape(new)
    _expected(_replaced_size(text, old, new, -1 if count is None else count), "|replace")


def _check_batch(value: Any, linecount: Any, fill_with: Any = None) -> None:
    _width(linecount, "size", "of |batch")


def _check_slice(value: Any, slices: Any, fill_with: Any = None) -> None:
    _width(slices, "number", "of |slice")


def _check_tojson(value: Any, indent: Any = None) -> None:
    if indent is None:
        return
    size = len(indent) if isinstance(indent, str) else indent
    _width(size, "indent", "of |tojson")
    if isinstance(size, int) and size > 0:
        _expected(_indents(value, MAX_TEXT // size) * size, "|tojson")


def _indents(value: Any, limit: int) -> int:
    """How many indents `json.dumps(value, indent=…)` writes (each line its depth's), counted
    up to a little past `limit`."""
    total = 0
    stack = [(value, 0)]
    while stack and total <= limit:
        item, depth = stack.pop()
        children = (
            list(item.values()) if isinstance(item, dict) else item if isinstance(item, (list, tuple)) else ()
        )
        if children:
            total += len(children) * (depth + 1) + depth
            stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list, tuple)))
    return total


def _check_urlize(
    value: Any,
    trim_url_limit: Any = None,
    nofollow: Any = False,
    target: Any = None,
    rel: Any = None,
    extra_schemes: Any = None,
) -> None:
    # a link is at least four characters (`a.id`), written twice with its attributes
    attributes = len(str(target or "")) + len(str(rel or "")) + 50
    text = len(str(value))
    _expected(3 * text + (text // 4 + 1) * attributes, "|urlize")


FilterCheck = Callable[..., "tuple[Any, ...] | None"]

_FILTER_CHECKS: dict[str, FilterCheck | None] = {
    "center": _check_center,
    "indent": _check_indent,
    "wordwrap": _check_wordwrap,
    "truncate": _check_truncate,
    "format": _check_format,
    "join": _check_join,
    "replace": _check_replace,
    "batch": _check_batch,
    "slice": _check_slice,
    "tojson": _check_tojson,
    "urlize": _check_urlize,
    # these grow text by a bounded factor: only their result is checked
    "escape": None,
    "e": None,
    "forceescape": None,
    "string": None,
    "pprint": None,
    "filesizeformat": None,
}


def _bounded_filter(name: str, original: Callable[..., Any], check: FilterCheck | None) -> Callable[..., Any]:
    """`original` with its arguments checked first (`check` may replace the value and the
    arguments after it) and its result checked after."""
    what = f"|{name}"
    passes = _PassArg.from_obj(original) is not None  # the filter takes a context first

    def bounded(*args: Any, **kwargs: Any) -> Any:
        head, rest = (args[:1], args[1:]) if passes else ((), args)
        if check is not None:
            replaced = check(*rest, **kwargs)
            if replaced is not None:
                rest = replaced + rest[len(replaced) :]
        return _text(original(*head, *rest, **kwargs), what)

    return functools.wraps(original)(bounded)  # keeps `jinja_pass_arg`


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    for value, what in ((n, "number of paragraphs"), (min, "min"), (max, "max")):
        _width(value, what, "of lipsum()")
    if _integers(n, max):
        _expected(n * max * 15, "lipsum()")  # a word and its space: at most 15 characters
    return generate_lorem_ipsum(n, html, min, max)


# --- `~`, whose operands are joined by code the compiler writes --------------------------------


class BoundedCodeGenerator(CodeGenerator):
    """Jinja's compiler, but `a ~ b` goes through `Sandbox.join_operands`."""

    @optimizeconst
    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            func_name = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func_name = "markup_join"
        else:
            func_name = "str_join"
        self.write(f"environment.join_operands({func_name}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


# --- the sandbox -------------------------------------------------------------------------------


class Sandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = BoundedCodeGenerator

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["lipsum"] = _lipsum
        for name, check in _FILTER_CHECKS.items():
            if name in self.filters:
                self.filters[name] = _bounded_filter(name, self.filters[name], check)

    # every text a template builds from parts: its output, a macro's, a block's, caller()'s
    def concat(self, parts: Iterable[str]) -> str:
        """Join the parts, counting as it goes (a render's parts come from a generator)."""
        if isinstance(parts, list):
            if sum(map(len, parts)) > MAX_TEXT:
                raise _output_too_large()
            return "".join(parts)
        joined: list[str] = []
        size = 0
        iterator = iter(parts)
        while chunk := list(islice(iterator, 1024)):
            size += sum(map(len, chunk))
            if size > MAX_TEXT:
                if isinstance(iterator, GeneratorType):  # raised where a template wrote the
                    _innermost(iterator).throw(_output_too_large())  # last part: its place
                raise _output_too_large()
            joined.append("".join(chunk))
        return "".join(joined)

    def join_operands(self, join: Callable[[Iterable[Any]], str], operands: tuple[Any, ...]) -> str:
        _expected(sum(map(_size, operands)), "~")
        return _text(join(operands), "~")  # type: ignore[no-any-return]

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "+":
            if isinstance(left, (str, bytes)) and isinstance(right, (str, bytes)):
                _expected(len(left) + len(right), "+")
            elif _sequences(left, right) and len(left) + len(right) > MAX_ITEMS:
                raise TemplateLimitError(
                    _("the result of + would be too large (more than {max_items:,} items)").format(
                        max_items=MAX_ITEMS
                    )
                )
        elif operator == "%":
            if isinstance(left, (str, bytes)):
                _check_printf(left, right)
        elif operator == "*":
            for sequence, times in ((left, right), (right, left)):
                repeated = isinstance(sequence, (str, bytes, list, tuple)) and isinstance(times, int)
                if repeated and len(sequence) * times > MAX_REPEAT:
                    raise TemplateLimitError(_("the result of * would be too large"))
            if _integers(left, right) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise TemplateLimitError(_("the result of * would be too large"))
        elif operator == "**":
            if isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
                raise TemplateLimitError(_("the exponent {right} is too large").format(right=right))
            if _integers(left, right) and right > 0 and left.bit_length() * right > MAX_INT_BITS:
                raise TemplateLimitError(_("the result of ** would be too large"))
        return _text(super().call_binop(context, operator, left, right), operator)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        name = getattr(__obj, "__name__", None)
        if isinstance(name, str):
            owner = getattr(__obj, "__self__", None)
            if isinstance(owner, (str, bytes)) and name in _TEXT_METHODS:
                args = _TEXT_METHODS[name](owner, args, kwargs)
            elif isinstance(owner, list) and name == "extend":
                args = _extend(owner, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, (str, bytes)) and len(result) > MAX_TEXT:
            raise _refuse_text(f"{name}()" if isinstance(name, str) else "a call")
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Jinja's own, with formatters that bound each field (`BoundedFormatter`)."""
        if not isinstance(value, (MethodType, BuiltinMethodType)) or value.__name__ not in (
            "format",
            "format_map",
        ):
            return None
        f_self: Any = value.__self__
        if not isinstance(f_self, str):
            return None
        str_type: type[str] = type(f_self)
        is_format_map = value.__name__ == "format_map"
        formatter: SandboxedFormatter
        if isinstance(f_self, Markup):
            formatter = BoundedEscapeFormatter(self, escape=f_self.escape)
        else:
            formatter = BoundedFormatter(self)
        vformat = formatter.vformat

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_format_map:
                if kwargs:
                    raise TypeError("format_map() takes no keyword arguments")
                if len(args) != 1:
                    raise TypeError(f"format_map() takes exactly one argument ({len(args)} given)")
                kwargs = args[0]
                args = ()
            return str_type(vformat(f_self, args, kwargs))

        return functools.update_wrapper(wrapper, value)


def _innermost(generator: GeneratorType[Any, Any, Any]) -> GeneratorType[Any, Any, Any]:
    """The generator of the template that is writing."""
    *_outer, innermost = _nested(generator)
    return innermost


def _nested(generator: GeneratorType[Any, Any, Any]) -> Iterator[GeneratorType[Any, Any, Any]]:
    """`generator` and those it runs, outermost first: a render's generator runs an included
    template's in a loop over a local `gen` (the code Jinja's compiler writes), or a block's
    with `yield from`."""
    while True:
        yield generator
        inner = generator.gi_yieldfrom
        if inner is None and generator.gi_frame is not None:
            inner = generator.gi_frame.f_locals.get("gen")
        if not isinstance(inner, GeneratorType) or inner.gi_frame is None or inner is generator:
            return
        generator = inner


def render_frames(frame: FrameType | None) -> Iterator[FrameType]:
    """The frames of a render from `frame` outward, the innermost first, with those of the
    templates paused between two parts: those `Sandbox.concat` is counting the output of,
    and an included template's while the template that includes it passes a part on. (For a
    watchdog that looks at a render from another thread; what it looks at is not changed.)"""
    while frame is not None:
        paused = None
        if frame.f_code is Sandbox.concat.__code__:
            paused = frame.f_locals.get("iterator")
        elif "__jinja_template__" in frame.f_globals:
            paused = frame.f_locals.get("gen")  # Jinja's `for event in gen: yield event`
        if isinstance(paused, GeneratorType) and not paused.gi_running:
            yield from reversed([g.gi_frame for g in _nested(paused) if g.gi_frame is not None])
        yield frame
        frame = frame.f_back


def _output_too_large() -> TemplateLimitError:
    return TemplateLimitError(
        _("the output is too large (more than {max_text:,} characters)").format(max_text=MAX_TEXT)
    )


def _integers(left: Any, right: Any) -> bool:
    return isinstance(left, int) and isinstance(right, int)


def _sequences(left: Any, right: Any) -> bool:
    return isinstance(left, (list, tuple)) and isinstance(right, (list, tuple))


__all__ = [
    "MAX_EXPONENT",
    "MAX_INT_BITS",
    "MAX_ITEMS",
    "MAX_REPEAT",
    "MAX_TEXT",
    "MAX_WIDTH",
    "Sandbox",
    "TemplateLimitError",
]
