"""Documentation generated from the code, so that it cannot drift from it.

`docs/checks.md` is the rule registry (`diagnostics.RULES`) written out: regenerate it with

    python -m masterplan_cli.docs > docs/checks.md

A test fails when the committed file differs from what this module writes.
"""

from __future__ import annotations

import importlib
import sys

from .diagnostics import RULES, Rule, Severity

# Every module that registers rules: importing them fills the registry.
RULE_MODULES = ("masterplan_cli.checks",)

FAMILIES = {
    "MP0": (
        "Reading files (MP0xx)",
        "The loader reads each file safely, before anything else looks at it.",
    ),
    "MP1": (
        "Schema (MP1xx)",
        "Each file is checked against the format: keys, types and allowed values.",
    ),
    "MP2": (
        "Across files (MP2xx)",
        "The merged plan is checked as a whole: ids, references, years and coverage.",
    ),
}
SEVERITY_MEANING = {
    Severity.ERROR: "fails `masterplan check` and stops `masterplan build`",
    Severity.WARNING: "fails only with `--strict`",
    Severity.INFO: "a note; never fails",
}


def all_rules() -> list[Rule]:
    for module in RULE_MODULES:
        importlib.import_module(module)
    return sorted(RULES.values(), key=lambda rule: rule.code)


def render_checks_markdown() -> str:
    """docs/checks.md: every rule with what it checks, why it matters, an example and the fix,
    grouped by family, with its severity."""
    rules = all_rules()
    lines = [
        "# Checks",
        "",
        "<!-- Generated from the rule registry: python -m masterplan_cli.docs > docs/checks.md -->",
        "",
        "`masterplan check` reports every problem it finds as `path:line:column: CODE message`,",
        "with the path relative to the city repository, and a hint where one helps. Severities:",
        "",
        *(f"- **{severity}**: {meaning}." for severity, meaning in SEVERITY_MEANING.items()),
        "",
        "| Code | Name | Severity | What it finds |",
        "| --- | --- | --- | --- |",
        *(
            f"| [{r.code}](#{_anchor(r)}) | `{r.name}` | {r.severity} | {_cell(r.summary)} |"
            for r in rules
        ),
        "",
    ]
    for prefix, group in _families(rules):
        title, intro = FAMILIES.get(prefix, (f"{prefix}xx", ""))
        lines += [f"## {title}", ""]
        if intro:
            lines += [intro, ""]
        for rule in group:
            lines += _rule_section(rule)
    return "\n".join(lines).rstrip("\n") + "\n"


def _families(rules: list[Rule]) -> list[tuple[str, list[Rule]]]:
    groups: dict[str, list[Rule]] = {}
    for rule in rules:
        groups.setdefault(rule.code[:3], []).append(rule)
    return list(groups.items())


def _rule_section(rule: Rule) -> list[str]:
    lines = [
        f"### {rule.code} {rule.name}",
        "",
        f"Severity: **{rule.severity}**.",
        "",
        f"**What it finds.** {rule.summary}",
        "",
    ]
    if rule.why:
        lines += [f"**Why it matters.** {rule.why}", ""]
    if rule.example:
        if (
            rule.example.startswith("(") and "\n" not in rule.example
        ):  # a situation, not file content
            lines += [f"**Example.** {rule.example[1:-1][:1].upper()}{rule.example[2:-1]}.", ""]
        else:
            lines += ["**Example.**", "", "```yaml", rule.example, "```", ""]
    if rule.fix:
        lines += [f"**How to fix.** {rule.fix}", ""]
    return lines


def _anchor(rule: Rule) -> str:
    """The anchor GitHub gives the heading `### MP203 unknown-opd`."""
    return f"{rule.code} {rule.name}".lower().replace(" ", "-")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def main() -> None:
    sys.stdout.write(render_checks_markdown())


if __name__ == "__main__":
    main()
