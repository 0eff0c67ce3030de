"""Cross-file checks: one small registered function per rule, one module per family.

A check receives the merged `Plan` and yields `Finding`s; the registry turns them into
diagnostics with the rule's code. Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Diagnostic, Rule, Severity, register
from ..loader import LoadedFile
from ..project import Plan, locate


@dataclass(frozen=True)
class Finding:
    file: LoadedFile
    loc: tuple[Any, ...]
    message: str
    hint: str | None = None
    key: bool = False  # point at the key of the last step of `loc` (a year), not its value
    at: tuple[int, int, int] | None = None  # line, column, end column inside the value (a link in a text)


Check = Callable[[Plan], Iterable[Finding]]
CHECKS: list[tuple[Rule, Check]] = []


def rule(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    *,
    why: str,
    example: str,
    fix: str,
    values: dict[str, object] | None = None,
) -> Callable[[Check], Check]:
    def decorate(check: Check) -> Check:
        registered = register(code, name, severity, summary, why=why, example=example, fix=fix, values=values)
        CHECKS.append((registered, check))
        return check

    return decorate


def run_checks(plan: Plan) -> Iterator[Diagnostic]:
    for registered, check in CHECKS:
        for finding in check(plan):
            line, column, end = locate(finding.file, finding.loc, key=finding.key)
            if finding.at is not None:
                line, column, end = finding.at
            yield Diagnostic(
                finding.file.path, line, column, registered.code, finding.message, finding.hint, end
            )


from . import (  # noqa: E402,F401  (registration order is code order)
    content,
    coverage,
    fonts,
    links,
    placeholders,
    previous,
    progress,
    references,
    templates,
)
