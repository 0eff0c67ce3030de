"""EYD V in the sentences masterplan writes: each foreign term of docs/typography.md in
italics wherever the catalogue's text is rendered as Markdown, and KBBI spellings in the
examples."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "typography.md"
# messages that the HTML passes through `| md` (and the Markdown prints as Markdown)
MARKDOWN = re.compile(
    r"^(boilerplate\..*|outline\[\d+\]|summary\.intro|programs\.intro|support\.intro"
    r"|appendix\.regulations_intro|report\.assessment_intro)$"
)


def messages(node: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for name, value in node.items():
            yield from messages(value, f"{key}.{name}" if key else name)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from messages(value, f"{key}[{index}]")
    else:
        yield key, str(node)


def foreign_terms() -> list[str]:
    return re.findall(r"^\| \*([^*|]+)\* \|", DOC.read_text(encoding="utf-8"), re.M)


def test_the_documented_terms_are_the_catalogues() -> None:
    assert foreign_terms() == ["quick win", "smart city"]


def test_each_foreign_term_is_in_italics_in_markdown_sentences() -> None:
    catalogue = yaml.safe_load((ROOT / "templates" / "messages" / "id.yaml").read_text(encoding="utf-8"))
    upright = re.compile(r"(?<![*\w])(" + "|".join(foreign_terms()) + r")(?![*\w])")  # lower case: not a name
    found = {key: upright.findall(text) for key, text in messages(catalogue) if MARKDOWN.match(key)}
    assert {key: terms for key, terms in found.items() if terms} == {}
    assert sum("*smart city*" in text for key, text in messages(catalogue) if MARKDOWN.match(key)) >= 8


def test_the_examples_spell_as_kbbi() -> None:
    for path in sorted((ROOT / "examples").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b[Nn]on-[Tt]unai\b|\b[Rr]espon\b", text), path
