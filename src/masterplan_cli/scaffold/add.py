"""`masterplan add opd|program|pillar`: one more file, or one more program, in an existing city
repository, written as `init` writes it (the same templates, guidance comments and schema line).

What the city's `masterplan.yaml` says (name, kind, period, framework, language) stands in for
`init`'s answers. A new file is created whole or not at all and never replaces one; a program
is appended to its OPD's list round-trip (`spreadsheet.yamledit`), so that every other line of
the file, comments included, stays as it was.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..bilingual import resolve
from ..l10n import _
from ..project import Plan, load_repository
from ..schema.frameworks import Framework, Pillar
from . import files
from .answers import Answers, opd_ids
from .writer import ScaffoldError, exists_as_yaml


class NotAddable(ScaffoldError):
    """The repository cannot take the addition; the message says why and what to do."""


@dataclass(frozen=True)
class City:
    """A city repository that loads, and what `init` would have been told to make it."""

    root: Path
    plan: Plan
    answers: Answers

    @property
    def framework(self) -> Framework:
        return self.plan.framework

    def context(self) -> files.Context:
        return files.base_context(self.answers, self.framework)


def open_city(root: Path) -> City:
    plan, _files = load_repository(root)
    if plan is None or plan.partial:
        raise NotAddable(
            _("{root} has errors or is missing; `masterplan check` shows them. Nothing was written.").format(
                root=root / "masterplan.yaml"
            )
        )
    city = plan.masterplan.city
    answers = Answers(
        city=str(city.name),
        kind=city.kind,
        province=str(city.province),
        start=plan.masterplan.period.start,
        end=plan.masterplan.period.end,
        framework=plan.framework.id,
        language=plan.language,
        opds=None,
    )
    return City(root, plan, answers)


def pillar_of(city: City, pillar_id: str) -> Pillar:
    pillar = city.framework.pillar(pillar_id)
    if pillar is None:
        known = ", ".join(p.id for p in city.framework.pillars)
        raise NotAddable(
            _("`{pillar_id}` is not a pillar of the {id} framework; use one of {known}").format(
                pillar_id=pillar_id, id=city.framework.id, known=known
            )
        )
    return pillar


def emptiest_pillar(city: City) -> str:
    """The pillar with the fewest programs (the first of them in framework order): where a new
    program helps the plan most."""
    count = Counter(entry.program.pillar for entry in city.plan.programs)
    return min(city.framework.pillars, key=lambda pillar: count[pillar.id]).id


def default_pillar(city: City, opd_id: str | None = None) -> str:
    """The pillar of a known OPD's example program, else the emptiest pillar."""
    return (files.example_pillar(opd_id, city.framework) if opd_id else None) or emptiest_pillar(city)


def next_program_id(city: City, opd_id: str) -> str:
    """`DINKES-04` after DINKES-01..03: one past the highest number, never an id in use."""
    prefix = opd_id.upper()
    taken = {place.id for place in city.plan.program_ids}
    numbers = [int(m.group(1)) for i in taken if (m := re.fullmatch(rf"{re.escape(prefix)}-(\d+)", i))]
    number = max(numbers, default=0) + 1
    while f"{prefix}-{number:02d}" in taken:
        number += 1
    return f"{prefix}-{number:02d}"


def opd_file(city: City, opd_id: str, pillar_id: str) -> dict[str, str]:
    """`opd/<id>.yaml` with one program: the catalogue's example for a known OPD, else a
    placeholder in `pillar_id`."""
    opd_id = _one_opd_id(opd_id)
    path = f"opd/{opd_id}.yaml"
    if exists_as_yaml(city.root / path):
        raise NotAddable(
            _(
                "{path} exists already; to add a program to it: masterplan add program {opd_id}. Nothing was written."
            ).format(path=path, opd_id=opd_id)
        )
    if opd_id in city.plan.opds:
        raise NotAddable(
            _("the OPD `{opd_id}` is in another file already. Nothing was written.").format(opd_id=opd_id)
        )
    opd = files.new_opd(opd_id, city.answers.language)
    program_id = next_program_id(city, opd_id)
    pillar = pillar_of(city, pillar_id)
    opd.programs.append(
        files.added_program(opd, city.answers, city.framework, pillar, program_id, example=True)
    )
    return files.opd_file(city.context(), opd)


def pillar_file(city: City, pillar_id: str) -> dict[str, str]:
    """`pillars/<id>.yaml` for a pillar of the framework that has no file: new, or deleted."""
    pillar = pillar_of(city, pillar_id)
    path = f"pillars/{pillar.id}.yaml"
    if exists_as_yaml(city.root / path) or pillar.id in city.plan.pillars:
        raise NotAddable(_("the pillar `{id}` has a file already. Nothing was written.").format(id=pillar.id))
    return files.pillar_file(city.context(), pillar)


def with_program(city: City, opd_id: str, pillar_id: str) -> tuple[str, str, str, str]:
    """The OPD file's path, its text as read, its text with one more program at the end of its
    list, and the new program's id."""
    from ..spreadsheet.yamledit import YamlDocument

    entry = next((e for e in city.plan.opd_files if e.model.id == opd_id), None)
    if entry is None:
        raise NotAddable(
            _(
                "there is no OPD `{opd_id}`; to add it: masterplan add opd {opd_id}. Nothing was written."
            ).format(opd_id=opd_id)
        )
    path, text = entry.file.path, entry.file.text or ""
    opd = files.new_opd(opd_id, city.answers.language)
    short_name = entry.model.short_name  # the program id's stem: in the city's language
    opd.short_name = resolve(short_name, city.answers.language) if short_name else None
    program_id = next_program_id(city, opd_id)
    pillar = pillar_of(city, pillar_id)
    opd.programs.append(
        files.added_program(opd, city.answers, city.framework, pillar, program_id, example=False)
    )
    document = YamlDocument(text)
    addition = YamlDocument(files.program_text(city.context(), opd)).data["programs"]
    programs = document.data.get("programs")
    if not programs:  # missing, or `programs: []` (a flow list would take the program in flow style)
        document.data["programs"] = addition
    else:
        programs.extend(addition)
    return path, text, document.dump(), program_id


def _one_opd_id(value: str) -> str:
    try:
        found = opd_ids(value)
    except ValueError as error:
        raise NotAddable(str(error)) from None
    if len(found) != 1:
        raise NotAddable(
            _('"{value}" names {count_found} OPDs; add one at a time').format(
                value=value, count_found=len(found)
            )
        )
    return found[0]
