"""Documentation generated from the code, so that it cannot drift from it.

`docs/checks.md` is the rule registry (`diagnostics.RULES`) written out (in Indonesian:
`docs/checks.id.md`, from the message catalogue), and `docs/format.md` the field reference of
the pydantic models; regenerate them with `make docs`:

    python -m masterplan_cli.docs checks > docs/checks.md
    python -m masterplan_cli.docs checks id > docs/checks.id.md
    python -m masterplan_cli.docs format > docs/format.md

A test fails when the committed file differs from what this module writes.
"""

from __future__ import annotations

import importlib
import sys
import typing
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from . import l10n
from .diagnostics import RULES, Rule, Severity
from .l10n import N_, _
from .reporters import SEVERITY_WORD
from .schema.common import Bilingual
from .validation import union_members

# Every module that registers rules: importing them fills the registry.
RULE_MODULES = ("masterplan_cli.checks", "masterplan_cli.bilingual", "masterplan_cli.spreadsheet.problems")

FAMILIES = {
    "MP0": (
        N_("Reading files (MP0xx)"),
        N_("The loader reads each file safely, before anything else looks at it."),
    ),
    "MP1": (
        N_("Schema (MP1xx)"),
        N_("Each file is checked against the format: keys, types and allowed values."),
    ),
    "MP2": (
        N_("Across files (MP2xx)"),
        N_("The merged plan is checked as a whole: ids, references, years and coverage."),
    ),
    "MP3": (
        N_("Realisation and review (MP3xx)"),
        N_(
            "Each year's realisation (`progress/<year>/<opd>.yaml`) is checked against the plan it reports on; "
            "the review of the previous masterplan names programs that exist and accounts for every one."
        ),
    ),
}
SEVERITY_MEANING = {
    Severity.ERROR: N_("fails `masterplan check` and stops `masterplan build`"),
    Severity.WARNING: N_("fails only with `--strict`"),
    Severity.INFO: N_("a note; never fails"),
}


def all_rules() -> list[Rule]:
    for module in RULE_MODULES:
        importlib.import_module(module)
    return sorted(RULES.values(), key=lambda rule: rule.code)


def render_checks_markdown(language: str = "en") -> str:
    """docs/checks.md (docs/checks.id.md in Indonesian): every rule with what it checks, why it
    matters, an example and the fix, grouped by family, with its severity."""
    spoken = l10n.language()
    l10n.settle(language)
    try:
        return _checks_markdown(language)
    finally:
        l10n.settle(spoken)


def _checks_markdown(language: str) -> str:
    rules = all_rules()
    command = "> docs/checks.md" if language == "en" else f"checks {language} > docs/checks.{language}.md"
    generated = _("Generated from the rule registry:")
    header = (_("Code"), _("Name"), _("Severity"), _("What it finds"))
    lines = [
        _("# Checks"),
        "",
        f"<!-- {generated} python -m masterplan_cli.docs {command} -->",
        "",
        _("`masterplan check` reports every problem it finds as `path:line:column: CODE message`,"),
        _("with the path relative to the city repository, and a hint where one helps. Severities:"),
        "",
        *(f"- **{_severity(severity)}**: {_(meaning)}." for severity, meaning in SEVERITY_MEANING.items()),
        "",
        "| " + " | ".join(header) + " |",
        "| --- | --- | --- | --- |",
        *(
            f"| [{r.code}](#{r.anchor}) | `{r.name}` | {_severity(r.severity)} | {_cell(r.text('summary'))} |"
            for r in rules
        ),
        "",
    ]
    for prefix, group in _families(rules):
        title, intro = FAMILIES.get(prefix, (f"{prefix}xx", ""))
        lines += [f"## {_(title)}", ""]
        if intro:
            lines += [_(intro), ""]
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
        _("Severity: **{severity}**.").format(severity=_severity(rule.severity)),
        "",
        "**" + _("What it finds.") + "** " + rule.text("summary"),
        "",
    ]
    example = _("Example.")
    if rule.why:
        lines += ["**" + _("Why it matters.") + "** " + rule.text("why"), ""]
    if rule.example:
        if rule.example.startswith("(") and "\n" not in rule.example:  # a situation, not file content
            lines += [f"**{example}** {rule.example[1:-1][:1].upper()}{rule.example[2:-1]}.", ""]
        else:
            lines += [f"**{example}**", "", "```yaml", rule.example, "```", ""]
    if rule.fix:
        lines += ["**" + _("How to fix.") + "** " + rule.text("fix"), ""]
    return lines


def _severity(severity: Severity) -> str:
    return _(SEVERITY_WORD[severity])


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


FILE_KINDS = (
    ("masterplan.yaml", "masterplan_cli.schema.city", "Masterplan"),
    ("pillars/<pillar>.yaml", "masterplan_cli.schema.pillar", "PillarFile"),
    ("opd/<opd>.yaml", "masterplan_cli.schema.opd", "OpdFile"),
    ("progress/<year>/<opd>.yaml", "masterplan_cli.schema.progress", "ProgressFile"),
    ("review/<previous-masterplan>.yaml", "masterplan_cli.schema.previous", "PreviousProgramsFile"),
)
# What a file kind's table cannot say
NOTES = {
    "progress/<year>/<opd>.yaml": [
        "The realisation of the plan lives apart from the plan, one file per OPD per year: "
        "`progress/2025/dinkes.yaml`. Why this layout:",
        "",
        "- an OPD reports its year in a pull request that touches no line of the plan (`opd/`), so a "
        "review of the report cannot change what was planned, and the plan's history stays the plan's;",
        "- each OPD owns its file, as it owns `opd/<opd>.yaml`: a CODEOWNERS line "
        "`progress/*/dinkes.yaml @kota/dinkes` asks that OPD to review it, and seventeen OPDs "
        "reporting in the same week never edit the same file (one `progress/<year>.yaml` would "
        "conflict in every pull request);",
        "- a year is a folder: a finished year is left alone, and the review of a previous plan reads "
        "what was reported up to a year from the folders (`views.program_progress`).",
        "",
        "A program is reported by its lead OPD (MP306), once per year (MP307). `budget` is what was "
        "spent that year per funding source, in whole rupiah, the sources of the plan's `funding` "
        "(MP308 warns when a source spent more than its share of the year's budget and `notes` do not "
        "say why). `indicators` gives the year's measured value of the program's own indicators, by id "
        "(MP309). `stage` uses the stages of the ministry's worksheets: `problem` (*perumusan "
        "masalah/kebutuhan*), `idea` (*perumusan ide*), `planning` (*perencanaan pembangunan*), "
        "`building` (*pembangunan*), `implementation` (*implementasi*), `evaluation` (*evaluasi*). "
        "`masterplan report` turns these files into the evaluation report and the forum dashboard.",
        "",
    ],
}


def render_format_markdown() -> str:
    """docs/format.md: every field of every file kind, with its type, whether it is required,
    and its description in English and Indonesian, from the pydantic models."""
    lines = [
        "# The city repository format",
        "",
        "<!-- Generated from the pydantic models: python -m masterplan_cli.docs format > docs/format.md -->",
        "",
        "Every field of the four file kinds, as `masterplan` reads them (format version 1).",
        "Unknown keys are errors. A path like `programs[].budget` means the `budget` of each",
        "item of the `programs` list; `{year: ...}` is a mapping from a year to a value.",
        "The same descriptions, in both languages, are in the JSON Schemas (`masterplan schema`).",
        "",
    ]
    for file_name, module_name, class_name in FILE_KINDS:
        model = getattr(importlib.import_module(module_name), class_name)
        lines += [f"## `{file_name}`", ""]
        if model.__doc__:
            lines += [model.__doc__.strip(), ""]
        lines += NOTES.get(file_name, [])
        lines += ["| Key | Type | Required | Description | Keterangan |", "| --- | --- | --- | --- | --- |"]
        lines += [_field_row(*row) for row in _fields(model, "")]
        lines.append("")
    lines += _bilingual_section()
    lines += _limits_section()
    return "\n".join(lines).rstrip("\n") + "\n"


def _bilingual_section() -> list[str]:
    from .bilingual import MAX_LOCATED

    return [
        "## Texts in two languages",
        "",
        "Every field whose type above reads `text or {id, en}` is a text the document shows. It is",
        "written either as a plain string, the text in the city's `language`, or as a mapping with",
        "the text in Indonesian (`id`) and in English (`en`):",
        "",
        "```yaml",
        "language: id",
        "vision:",
        "  id: Terwujudnya Kota Solok yang cerdas, melayani dan sejahtera.",
        "  en: A smart, serving and prosperous Kota Solok.",
        "missions:",
        "  - Membuka data pemerintah.   # Indonesian only",
        "```",
        "",
        "A mapping needs `id`, `en` or both, and has no other key (MP101, MP104). A build takes",
        "each text in its language (`build --language en`, by default the city's `language`);",
        "where a text has none, it shows the other language's and reports it (MP260, a warning",
        "that fails `--strict`). A plain string counts as the city's language only (one without",
        "a letter, such as `%`, counts as both).",
        "`check --language en` reports the same without building; plain `check` looks at the",
        f"city's language. In one file the first {MAX_LOCATED} such texts are reported one by one,",
        "the rest in one line with the place of each.",
        "",
        "`export xlsx --language en` writes each text in English (the Indonesian where it has",
        "no English); `import xlsx` writes a changed text back into the key of the workbook's",
        "language (known from its sheet names) and keeps the other language. `diff` compares",
        "the texts in the city's language.",
        "",
    ]


def _limits_section() -> list[str]:
    """What every text, link, number and the repository as a whole may hold (from the code)."""
    from .loader import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES
    from .project import MAX_FILES, MAX_PROGRAMS, MAX_REPOSITORY_BYTES
    from .schema.common import MAX_AMOUNT

    mib = 1024 * 1024
    return [
        "## Limits and rules for every file",
        "",
        "| What | Limit | Diagnostic |",
        "| --- | --- | --- |",
        f"| one file | {MAX_FILE_BYTES // mib} MiB, {MAX_NODES:,} values, {MAX_DEPTH} levels of nesting "
        "| MP006, MP005 |",
        f"| all the YAML files of the repository | {MAX_REPOSITORY_BYTES // mib} MiB together, "
        f"{MAX_FILES:,} files (measured before any is read) | MP021 |",
        f"| programs in the repository | {MAX_PROGRAMS:,} | MP021 |",
        f"| a budget amount, an indicator value or target, a rating score | at most {MAX_AMOUNT:,} "
        "(numbers: also at least its negative) | MP104 |",
        "| any text, key or comment | no control character but tab and newline (a carriage return only "
        "as a line end), no bidirectional override or isolate, line separator inside a value, "
        "zero-width no-break space or tag character | MP020 |",
        "| a link in a Markdown text | only `http`, `https`, `mailto`, or an anchor of the document: "
        "`#program-<id in lower case>` or `#opd-<id>` | MP240 (other targets), MP241 (unknown anchor: "
        "shown as text) |",
        "",
    ]


def _fields(model: type[BaseModel], prefix: str) -> typing.Iterator[tuple[str, Any, Any]]:
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        yield path, info.annotation, info
        for nested, suffix in _nested_models(info.annotation):
            yield from _fields(nested, f"{path}{suffix}.")


def _nested_models(annotation: Any) -> list[tuple[type[BaseModel], str]]:
    found = []
    for member in _members(annotation):
        if isinstance(member, type) and issubclass(member, Bilingual):
            continue  # its two keys are the section on texts in two languages
        if isinstance(member, type) and issubclass(member, BaseModel):
            found.append((member, ""))
        elif get_origin(member) is list:
            found += [(m, "[]") for m, _ in _nested_models(get_args(member)[0])]
        elif get_origin(member) is dict:
            found += [(m, ".<id>") for m, _ in _nested_models(get_args(member)[1])]
    return found


def _members(annotation: Any) -> list[Any]:
    return [member for member in union_members(annotation) if member is not type(None)]


def _type_name(annotation: Any) -> str:
    names = []
    for member in _members(annotation):
        origin = get_origin(member)
        if origin is Literal:
            names.append(" \\| ".join(f"`{value}`" for value in get_args(member)))
        elif origin is list:
            names.append(f"list of {_type_name(get_args(member)[0])}")
        elif origin is dict:
            key = "year" if _type_name(get_args(member)[0]) == "whole number" else "key"
            names.append(f"{{{key}: {_type_name(get_args(member)[1])}}}")
        elif isinstance(member, type) and issubclass(member, Bilingual):
            names.append("`{id, en}`")
        elif isinstance(member, type) and issubclass(member, BaseModel):
            names.append("mapping")
        elif isinstance(member, type):
            names.append(
                {
                    "str": "text",
                    "int": "whole number",
                    "float": "number",
                    "bool": "true/false",
                    "date": "date (YYYY-MM-DD)",
                }.get(member.__name__, member.__name__)
            )
        else:
            names.append(str(member))
    unique = list(dict.fromkeys(names))
    if set(unique) == {"number", "whole number"}:
        return "number"
    return " or ".join(unique)


def _field_row(path: str, annotation: Any, info: Any) -> str:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    required = "yes" if info.is_required() else "no"
    if (
        not info.is_required()
        and info.default not in (None, PydanticUndefined)
        and not isinstance(info.default, (list, dict))
    ):
        required = f"no (default `{info.default}`)"
    english = str(extra.get("x-description-en", info.description or "")).replace("|", "\\|")
    indonesian = str(extra.get("x-description-id", "")).replace("|", "\\|")
    return f"| `{path}` | {_type_name(annotation)} | {required} | {english} | {indonesian} |"


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "checks"
    language = sys.argv[2] if len(sys.argv) > 2 else "en"
    if which not in ("checks", "format") or language not in l10n.LANGUAGES:
        sys.exit("usage: python -m masterplan_cli.docs [checks [id|en]|format]")
    sys.stdout.write(render_checks_markdown(language) if which == "checks" else render_format_markdown())


if __name__ == "__main__":
    main()
