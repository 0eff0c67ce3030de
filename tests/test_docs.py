"""Generated documentation is up to date, and every rule is documented in full."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from masterplan_cli.diagnostics import Rule
from masterplan_cli.docs import all_rules, render_checks_markdown

CHECKS_MD = Path(__file__).parent.parent / "docs" / "checks.md"
CHECKS_ID_MD = CHECKS_MD.with_name("checks.id.md")


def test_checks_md_is_up_to_date() -> None:
    committed = CHECKS_MD.read_text(encoding="utf-8") if CHECKS_MD.is_file() else ""
    assert committed == render_checks_markdown(), (
        "docs/checks.md is out of date; regenerate it with:\n"
        "    python -m masterplan_cli.docs > docs/checks.md"
    )


def test_checks_id_md_is_up_to_date() -> None:
    """The Indonesian edition, from the message catalogue: what, why and how to fix translated."""
    committed = CHECKS_ID_MD.read_text(encoding="utf-8") if CHECKS_ID_MD.is_file() else ""
    text = render_checks_markdown("id")
    assert committed == text, "docs/checks.id.md is out of date; regenerate it with `make docs`"
    assert "**Cara memperbaiki.** Gunakan id OPD yang ada" in text


@pytest.mark.parametrize("rule", [pytest.param(rule, id=f"{rule.code} {rule.name}") for rule in all_rules()])
def test_every_rule_is_documented(rule: Rule) -> None:
    assert re.fullmatch(r"MP\d{3}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    for text in (rule.summary, rule.why, rule.fix):
        assert text and (text[0].isupper() or text[0] == "`") and text.endswith("."), text
    assert rule.example


def test_checks_md_lists_every_rule_in_its_family() -> None:
    text = render_checks_markdown()
    headings = re.findall(r"^### (MP\d{3}) ", text, re.MULTILINE)
    assert headings == sorted(rule.code for rule in all_rules())
    assert text.index("## Reading files (MP0xx)") < text.index("### MP001") < text.index("## Schema (MP1xx)")
    assert text.index("## Schema (MP1xx)") < text.index("### MP101") < text.index("## Across files (MP2xx)")


FORMAT_MD = Path(__file__).parent.parent / "docs" / "format.md"


def test_format_md_is_up_to_date() -> None:
    from masterplan_cli.docs import render_format_markdown

    committed = FORMAT_MD.read_text(encoding="utf-8") if FORMAT_MD.is_file() else ""
    assert committed == render_format_markdown(), (
        "docs/format.md is out of date; regenerate it with:\n"
        "    python -m masterplan_cli.docs format > docs/format.md"
    )


def test_format_md_lists_fields_of_every_file_kind() -> None:
    from masterplan_cli.docs import render_format_markdown

    text = render_format_markdown()
    for row in (
        "| `city.name` | text | yes |",
        "| `programs[].budget` | {year: whole number} | no |",
        "| `swot.strengths` | list of text or `{id, en}` | no |",
        "| `vision` | text or `{id, en}` | yes |",
        "| `programs[].status` |",
    ):
        assert row in text
