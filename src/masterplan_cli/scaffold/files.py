"""The files of a new city repository: every one, as a path and its text, before any write.

The YAML files come from Jinja templates in `templates/scaffold/<language>/`, one per file
kind and language, so that the guidance comments read as a whole in each language. What the
templates receive is built here: the OPDs with their example programs placed so that every
pillar of the framework has a program and a quick win (`check --strict` passes at once).
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any, TypedDict

from .. import ci_templates, schema_export
from ..discovery import MASTERPLAN_FILES
from ..l10n import _
from ..schema.common import FIRST_YEAR
from ..schema.frameworks import BUILT_IN, Element, Framework, Pillar
from . import catalog
from .answers import Answers

SCHEMA_DIR = ".masterplan/schemas"
SCHEMA_FILES = {
    "masterplan": "masterplan.schema.json",
    "pillar": "pillar.schema.json",
    "opd": "opd.schema.json",
}
QUICK_WIN_YEARS = 2
PROGRAM_YEARS = 3
PLACEHOLDER_BUDGET = 100_000_000


@dataclass
class IndicatorDraft:
    id: str
    name: str
    unit: str
    baseline_year: int
    baseline: int
    target_year: int
    target: int


@dataclass
class ProgramDraft:
    id: str
    name: str
    description: str
    pillar: Pillar
    element: Element
    start: int
    end: int
    budget: dict[int, int]
    funding: tuple[str, ...]
    supporting: list[str]
    category: str
    innovation: str
    output: str
    outcome: str
    indicator: IndicatorDraft
    annual_budget: int  # rupiah for each year the program runs
    placeholder: bool
    quick_win: bool = False


@dataclass
class OpdDraft:
    id: str
    name: str
    short_name: str | None
    head_title: str
    official_name: str | None  # the Indonesian name, shown beside an English one
    known: bool
    programs: list[ProgramDraft] = field(default_factory=list)


class Context(TypedDict, total=False):
    """What the templates in `templates/scaffold/<language>/` receive."""

    a: Answers  # the answers, as given
    framework: Framework
    pillars: tuple[Pillar, ...]
    opds: list[OpdDraft]
    head_title: dict[str, str]  # the region's head, by language: Wali Kota or Bupati
    regulation: str  # what adopts the masterplan: Perwali or Perbup
    years: str  # the period, "2025–2029"
    schema: str  # the `# yaml-language-server: $schema=...` line of a YAML file
    pillar: Pillar  # pillar.yaml: its pillar, its commented examples, its indicator prefix
    example: catalog.PillarExample
    code: str
    opd: OpdDraft  # opd.yaml: its OPD


def repository_files(answers: Answers, kept_opds: Collection[str] = ()) -> dict[str, str]:
    """Every file of the new repository: its path (POSIX, relative) and its text. The OPDs in
    `kept_opds` have a file already (see `place_programs`)."""
    framework = BUILT_IN[answers.framework]
    opds = place_programs(answers, framework, kept_opds)
    context = base_context(answers, framework)
    files: dict[str, str] = {}
    files["masterplan.yaml"] = _render("masterplan.yaml", answers.language, context, "masterplan.yaml")
    for pillar in framework.pillars:
        files.update(pillar_file(context, pillar))
    for opd in opds:
        files.update(opd_file(context, opd))
    files["README.md"] = _render("README.md", answers.language, context)
    files["templates/README.md"] = _render("templates-README.md", answers.language, context)
    files["assets/README.md"] = _render("assets-README.md", answers.language, context)
    # a stand-in the cover shows and `check` lists (MP252) until the region's emblem replaces it
    files["assets/logo.svg"] = (scaffold_templates() / "common" / "logo.svg").read_text(encoding="utf-8")
    files[".gitignore"] = _("# Build output of `masterplan build`\ndist/\n")
    files.update(_editor_files())
    files.update(schema_files())
    files.update(_ci_files(answers.ci))
    return files


def base_context(answers: Answers, framework: Framework) -> Context:
    """What every file's template receives (`init`'s and `add`'s)."""
    return {
        "a": answers,
        "framework": framework,
        "pillars": framework.pillars,
        "head_title": {
            "kota": {"id": "Wali Kota", "en": "Mayor"},
            "kabupaten": {"id": "Bupati", "en": "Regent"},
        }[answers.kind],
        "regulation": {"kota": "Perwali", "kabupaten": "Perbup"}[answers.kind],
        "years": f"{answers.start}–{answers.end}",
    }


def pillar_file(context: Context, pillar: Pillar) -> dict[str, str]:
    """`pillars/<pillar>.yaml`, with its commented examples."""
    path = f"pillars/{pillar.id}.yaml"
    pillar_context: Context = {
        **context,
        "pillar": pillar,
        "example": catalog.pillar_example(pillar.id),
        "code": pillar.id[:3].upper(),
    }
    return {path: _render("pillar.yaml", context["a"].language, pillar_context, path)}


def opd_file(context: Context, opd: OpdDraft) -> dict[str, str]:
    """`opd/<opd>.yaml`, with its programs."""
    path = f"opd/{opd.id}.yaml"
    return {path: _render("opd.yaml", context["a"].language, {**context, "opd": opd}, path)}


def program_text(context: Context, opd: OpdDraft) -> str:
    """`programs:` holding the last of `opd`'s programs, with the guidance comments of an OPD
    file: what `add program` appends to an OPD's list."""
    return _render("program.yaml", context["a"].language, {**context, "opd": opd})


# --- placing the example programs ------------------------------------------------------------


def place_programs(answers: Answers, framework: Framework, kept: Collection[str] = ()) -> list[OpdDraft]:
    """The OPDs with their example programs: each OPD's own example where the catalogue has
    one, then a placeholder program for each pillar still without a program; then the first
    program of each pillar becomes its quick win, unless the catalogue already chose one.

    The OPDs in `kept` already have a file, which `init` leaves as it is: they carry no
    program, so that the files that are written cover every pillar on their own."""
    ids = answers.opds if answers.opds is not None else catalog.default_opds(answers.kind)
    opds = [new_opd(opd_id, answers.language) for opd_id in ids]
    carriers = [opd for opd in opds if opd.id not in kept]
    for opd in carriers:
        known = catalog.BY_ID.get(opd.id)
        if known is not None and framework.id in known.program.placements:
            opd.programs.append(_known_program(known, opd, answers, framework, set(ids)))
    uncovered = [p for p in framework.pillars if not _programs_in(opds, p.id)]
    without_program = [opd for opd in carriers if not opd.programs]
    for index, opd in enumerate(without_program):
        pillars = framework.pillars
        pillar = uncovered.pop(0) if uncovered else pillars[index % len(pillars)]
        opd.programs.append(_placeholder_program(opd, pillar, answers))
    for index, pillar in enumerate(uncovered if carriers else []):
        owner = carriers[index % len(carriers)]
        owner.programs.append(_placeholder_program(owner, pillar, answers))
    for pillar in framework.pillars:
        in_pillar = _programs_in(opds, pillar.id)
        if in_pillar and not any(p.quick_win for p in in_pillar):
            in_pillar[0].quick_win = True
    for opd in opds:
        for program in opd.programs:
            _set_years(program, answers)
    return opds


def _programs_in(opds: list[OpdDraft], pillar_id: str) -> list[ProgramDraft]:
    return [p for opd in opds for p in opd.programs if p.pillar.id == pillar_id]


def new_opd(opd_id: str, language: str) -> OpdDraft:
    known = catalog.BY_ID.get(opd_id)
    if known is None:
        return OpdDraft(
            id=opd_id,
            name=catalog.PLACEHOLDER_OPD_NAME(language).format(id=opd_id),
            short_name=None,
            head_title=catalog.DINAS(language),
            official_name=None,
            known=False,
        )
    return OpdDraft(
        id=opd_id,
        name=known.name(language),
        short_name=known.short_name,
        head_title=known.head_title(language),
        official_name=known.name.id if language == "en" else None,
        known=True,
    )


def _program_id(opd: OpdDraft) -> str:
    return f"{opd.id.upper()}-{len(opd.programs) + 1:02d}"


def _known_program(
    known: catalog.KnownOpd,
    opd: OpdDraft,
    answers: Answers,
    framework: Framework,
    present: set[str],
    program_id: str | None = None,
) -> ProgramDraft:
    example = known.program
    placement = example.placements[framework.id]
    pillar = framework.pillar(placement.pillar)
    assert pillar is not None, _("{id}: no pillar {pillar} in {id2}").format(
        id=known.id, pillar=placement.pillar, id2=framework.id
    )
    element = pillar.element(placement.element)
    assert element is not None, _("{id}: no element {element} in {id2}").format(
        id=known.id, element=placement.element, id2=pillar.id
    )
    language = answers.language
    program_id = program_id or _program_id(opd)
    return ProgramDraft(
        id=program_id,
        name=example.name(language),
        description=example.description(language),
        pillar=pillar,
        element=element,
        start=answers.start,
        end=answers.start,
        budget={},
        funding=example.funding,
        supporting=[s for s in example.supporting if s in present and s != opd.id],
        category=example.category,
        innovation=example.innovation,
        output=example.output(language),
        outcome=example.outcome(language),
        indicator=_indicator(program_id, example.indicator, answers),
        annual_budget=example.budget,
        placeholder=False,
        quick_win=placement.quick_win,
    )


def _placeholder_program(
    opd: OpdDraft, pillar: Pillar, answers: Answers, program_id: str | None = None
) -> ProgramDraft:
    language = answers.language
    pillar_name = pillar.name(language)
    program_id = program_id or _program_id(opd)
    return ProgramDraft(
        id=program_id,
        name=catalog.PLACEHOLDER_PROGRAM(language).format(pillar=pillar_name),
        description=catalog.PLACEHOLDER_DESCRIPTION(language).format(pillar=pillar_name),
        pillar=pillar,
        element=pillar.elements[0],
        start=answers.start,
        end=answers.start,
        budget={},
        funding=("apbd",),
        supporting=[],
        category="superstructure",
        innovation="program",
        output=catalog.PLACEHOLDER_OUTPUT(language),
        outcome=catalog.PLACEHOLDER_OUTCOME(language),
        indicator=_indicator(program_id, catalog.PLACEHOLDER_INDICATOR, answers),
        annual_budget=PLACEHOLDER_BUDGET,
        placeholder=True,
    )


def added_program(
    opd: OpdDraft, answers: Answers, framework: Framework, pillar: Pillar, program_id: str, *, example: bool
) -> ProgramDraft:
    """The program `add opd` or `add program` writes: with `example`, the catalogue's example
    of a known OPD when it belongs in `pillar`; else a placeholder to fill in, in `pillar`."""
    known = catalog.BY_ID.get(opd.id)
    placement = known.program.placements.get(framework.id) if known is not None else None
    if example and known is not None and placement is not None and placement.pillar == pillar.id:
        program = _known_program(known, opd, answers, framework, set(), program_id)
    else:
        program = _placeholder_program(opd, pillar, answers, program_id)
    program.quick_win = False  # the plan's quick wins are the city's choice, not ours
    _set_years(program, answers)
    return program


def example_pillar(opd_id: str, framework: Framework) -> str | None:
    """The pillar of a known OPD's example program in `framework`, if it has one."""
    known = catalog.BY_ID.get(opd_id)
    placement = known.program.placements.get(framework.id) if known is not None else None
    return placement.pillar if placement is not None else None


def _indicator(program_id: str, example: catalog.ExampleIndicator, answers: Answers) -> IndicatorDraft:
    return IndicatorDraft(
        id=f"{program_id}-I1",
        name=example.name(answers.language),
        unit=example.unit(answers.language),
        baseline_year=max(FIRST_YEAR, answers.start - 1),
        baseline=example.baseline,
        target_year=answers.start,  # set with the program's years
        target=example.target,
    )


def _set_years(program: ProgramDraft, answers: Answers) -> None:
    """Every example starts in the first year; a quick win runs two years, others three (or
    to the end of a shorter period)."""
    years = QUICK_WIN_YEARS if program.quick_win else PROGRAM_YEARS
    program.start = answers.start
    program.end = min(answers.start + years - 1, answers.end)
    program.budget = {year: program.annual_budget for year in range(program.start, program.end + 1)}
    program.indicator.target_year = program.end


# --- rendering ------------------------------------------------------------------------------


def scaffold_templates() -> Path:
    from ..resources import templates_dir

    return templates_dir() / "scaffold"


@cache
def _environment() -> Any:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(scaffold_templates())),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # YAML and Markdown: values are quoted by the `q` filter instead
    )
    environment.filters["q"] = yaml_scalar
    environment.filters["block"] = block_scalar
    environment.filters["pad"] = pad
    environment.filters["flow"] = flow_mapping
    environment.filters["items"] = flow_sequence
    return environment


def _render(name: str, language: str, context: Context, path: str | None = None) -> str:
    template = _environment().get_template(f"{language}/{name}.j2")
    text: str = template.render({**context, "schema": _schema_line(path) if path else ""})
    return text


def _schema_line(path: str) -> str:
    kind = "masterplan" if path == "masterplan.yaml" else path.split("/", 1)[0].rstrip("s")
    depth = len(PurePosixPath(path).parts) - 1
    relative = "../" * depth + f"{SCHEMA_DIR}/{SCHEMA_FILES[kind]}"
    return f"# yaml-language-server: $schema={relative}"


_PLAIN = re.compile(r"[^\W\d_][\w .,'()/&+-]*", re.UNICODE)
_NOT_PLAIN = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}


def yaml_scalar(value: object, *, flow: bool = False) -> str:
    """A YAML scalar for `value`: plain where that is unambiguous in YAML 1.1 and 1.2 (so it
    reads naturally), double-quoted otherwise. `flow`: inside `[...]` or `{...}`, where a
    comma ends a plain scalar."""
    if isinstance(value, bool) or value is None:
        raise TypeError(_("not a text or a number: {value!r}").format(value=value))
    if isinstance(value, int):
        return str(value)
    text = str(value)
    plain = _PLAIN.fullmatch(text) and not text.endswith(" ") and text.lower() not in _NOT_PLAIN
    if plain and not (flow and "," in text):
        return text
    return _double_quoted(text)


def _double_quoted(text: str) -> str:
    """A YAML double-quoted scalar; what YAML cannot hold as it is (controls, line and
    paragraph separators, a BOM) is escaped."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable() and char != "\ufeff":
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def block_scalar(text: str, indent: int, width: int = 88) -> str:
    """A literal block scalar (`|`) holding `text` wrapped to `width` columns, indented."""
    prefix = " " * indent
    lines = textwrap.wrap(text, width=width - indent, break_long_words=False, break_on_hyphens=False)
    return "|\n" + "\n".join(prefix + line for line in lines)


def pad(text: str, width: int) -> str:
    """`text` padded to `width` columns (at least two spaces), for a comment after it."""
    return text.ljust(width) if len(text) + 2 <= width else text + "  "


def flow_mapping(mapping: dict[int, int]) -> str:
    return "{" + ", ".join(f"{key}: {value}" for key, value in mapping.items()) + "}"


def flow_sequence(items: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(yaml_scalar(item, flow=True) for item in items) + "]"


# --- the other files ------------------------------------------------------------------------


def _editor_files() -> dict[str, str]:
    """VS Code: the YAML extension maps each file kind to its schema (the files also name it
    in their first line), and is recommended when the folder is opened."""
    settings = {
        "yaml.schemas": {
            f"./{SCHEMA_DIR}/{SCHEMA_FILES['masterplan']}": list(MASTERPLAN_FILES),
            f"./{SCHEMA_DIR}/{SCHEMA_FILES['pillar']}": ["pillars/*.yaml", "pillars/*.yml"],
            f"./{SCHEMA_DIR}/{SCHEMA_FILES['opd']}": ["opd/*.yaml", "opd/*.yml"],
        },
        "[yaml]": {"editor.tabSize": 2, "editor.insertSpaces": True},
        "files.trimTrailingWhitespace": True,
        "files.insertFinalNewline": True,
    }
    extensions = {"recommendations": ["redhat.vscode-yaml"]}
    return {
        ".vscode/settings.json": json.dumps(settings, indent=2) + "\n",
        ".vscode/extensions.json": json.dumps(extensions, indent=2) + "\n",
    }


def schema_files() -> dict[str, str]:
    """The JSON Schemas, planned like every other file so that none is ever overwritten
    (`schema_export.write_schemas` replaces existing files, which `init` must not do)."""
    return {
        f"{SCHEMA_DIR}/{name}": schema_export.dumps(schema)
        for name, schema in schema_export.schemas().items()
    }


def _ci_files(platform: str) -> dict[str, str]:
    if platform == "github":
        return {".github/workflows/masterplan.yml": ci_templates.github_workflow()}
    if platform == "gitlab":
        return {".gitlab-ci.yml": ci_templates.gitlab_ci()}
    return {}
