"""Diagnostics are data: the loader and the checks produce them, reporters show them.

Every rule the tool enforces is registered here once, with a stable code (`MP203`), a
kebab-case name (`unknown-opd`), a severity and its documentation; `docs/checks.md` is
generated from this registry, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .l10n import _, ngettext
from .terminal import printable


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    why: str = ""
    example: str = ""
    fix: str = ""
    values: tuple[tuple[str, object], ...] = ()  # the numbers in `summary`, e.g. a limit

    def text(self, part: str) -> str:
        """`summary`, `why` or `fix` in the chosen language (they are declared in English)."""
        english = getattr(self, part)
        if not english:
            return ""
        return _(english).format(**dict(self.values)) if self.values else _(english)

    @property
    def anchor(self) -> str:
        """The anchor GitHub gives the rule's heading in docs/checks.md, `### MP203 unknown-opd`."""
        return f"{self.code} {self.name}".lower().replace(" ", "-")


RULES: dict[str, Rule] = {}


def register(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    *,
    why: str = "",
    example: str = "",
    fix: str = "",
    values: Mapping[str, object] | None = None,
) -> Rule:
    if code in RULES or any(r.name == name for r in RULES.values()):
        raise ValueError(f"rule {code} {name} registered twice")
    rule = Rule(code, name, severity, summary, why, example.strip("\n"), fix, tuple((values or {}).items()))
    RULES[code] = rule
    return rule


def place(data: Any, loc: Sequence[Any]) -> str:
    """A field in people's terms: `DINKES-02 › budget › 2022` for `programs[1].budget.2022`.

    An item of a list is named by its `id` when it has one (the id stands for the list's name
    too), or by the program it reports on (a realisation entry's `program`), otherwise by its
    position counted from one, as people count."""
    parts: list[str] = []
    for step in loc:
        if isinstance(data, list) and isinstance(step, int) and not isinstance(step, bool):
            data = data[step] if 0 <= step < len(data) else None
            identifier = (data.get("id") or data.get("program")) if isinstance(data, dict) else None
            if isinstance(identifier, str) and identifier:
                parts[-1:] = [identifier]
            else:
                parts.append(str(step + 1))
        else:
            parts.append(str(step))
            data = data.get(step) if isinstance(data, dict) else None
    return " › ".join(parts)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, located in a file of the city repository (path relative to its root)."""

    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str | None = None
    end_column: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        # Messages quote the city's text, which a hostile pull request controls: escape what
        # would act on a terminal or a log rather than show (every reporter benefits).
        object.__setattr__(self, "message", printable(self.message))
        if self.hint is not None:
            object.__setattr__(self, "hint", printable(self.hint))

    @property
    def rule(self) -> Rule:
        return RULES[self.code]

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def name(self) -> str:
        return self.rule.name

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class Report:
    """Every diagnostic of one run, plus what a reporter needs to show them well."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files_checked: int = 0
    sources: dict[str, str] = field(default_factory=dict)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.diagnostics))

    def count(self, severity: Severity) -> int:
        return sum(1 for d in set(self.diagnostics) if d.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    def failed(self, *, strict: bool) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)

    def summary(self) -> str:
        files = ngettext("{count} file", "{count} files", self.files_checked).format(count=self.files_checked)
        parts = [
            ngettext("{count} error", "{count} errors", self.errors).format(count=self.errors),
            ngettext("{count} warning", "{count} warnings", self.warnings).format(count=self.warnings),
        ]
        infos = self.count(Severity.INFO)
        if infos:
            parts.append(ngettext("{count} note", "{count} notes", infos).format(count=infos))
        if not self.errors and not self.warnings and not infos:
            return _("No problems in {files}.").format(files=files)
        return _("{problems} in {files}.").format(problems=", ".join(parts), files=files)
