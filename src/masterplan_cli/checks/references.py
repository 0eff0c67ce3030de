"""Ids and references across files: unique ids, and every reference resolves."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath

from ..diagnostics import Severity
from ..l10n import N_, _
from ..loader import LoadedFile
from ..project import IdPlace, Plan
from . import Finding, rule

E, W = Severity.ERROR, Severity.WARNING


def _did_you_mean(word: str, candidates: list[str], cutoff: float = 0.6) -> str | None:
    match = difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)
    return _("did you mean `{match}`?").format(match=match[0]) if match else None


@rule(
    "MP201",
    "duplicate-program-id",
    E,
    N_("Two programs have the same id."),
    why=N_(
        "Program ids name the anchors of the document, the dependencies and the roadmap rows; each must name one program."
    ),
    example="# opd/diskominfo.yaml\n- id: KOMINFO-01\n# opd/bappeda.yaml\n- id: KOMINFO-01",
    fix=N_("Give one of the programs a new id; ids usually start with the OPD's short name."),
)
def duplicate_program_ids(plan: Plan) -> Iterator[Finding]:
    # programs that failed validation too: a broken first copy must not hide the second
    return _duplicates(plan.program_ids, _("program id `{id}` is already used in {owner}"))


def _duplicates(places: Iterable[IdPlace], message: str) -> Iterator[Finding]:
    """Each place of an id written more than once, but for the one place it belongs to."""
    groups: dict[str, list[IdPlace]] = {}
    for place in places:
        groups.setdefault(place.id, []).append(place)
    # an id whose file holds other ids, none of them with its prefix (`DLH-` of `DLH-03`), was
    # most likely renamed or pasted in: it is the one to change (an id alone in its file says
    # nothing either way)
    every = [p for group in groups.values() for p in group]
    per_file = Counter(p.file.path for p in every)
    prefixes = Counter((p.file.path, _prefix(p.id)) for p in every)

    def stray(place: IdPlace) -> bool:
        return per_file[place.file.path] > 1 and prefixes[place.file.path, _prefix(place.id)] == 1

    for group in groups.values():
        if len(group) < 2:
            continue
        owner = min(group, key=lambda p: (_misnamed(p.file), stray(p)))
        for place in group:
            if place is not owner:
                yield Finding(place.file, place.loc, message.format(id=place.id, owner=owner.file.path))


def _prefix(identifier: str) -> str:
    return identifier.rpartition("-")[0]


def _misnamed(file: LoadedFile) -> bool:
    """Whether a file's `id:` (or `pillar:`) differs from its name: a copy of another file,
    not yet edited, whose ids are the copies."""
    data = file.data if isinstance(file.data, dict) else {}
    declared = data.get("id", data.get("pillar"))
    return isinstance(declared, str) and declared != PurePosixPath(file.path).stem


def duplicated_program_ids(plan: Plan) -> set[str]:
    """Ids that name more than one program: what a dependency on one means is unknown."""
    return {pid for pid, n in Counter(p.id for p in plan.program_ids).items() if n > 1}


@rule(
    "MP202",
    "duplicate-indicator-id",
    E,
    N_("Two indicators have the same id."),
    why=N_(
        "Indicator ids identify a measurement in the yearly evaluation; two with one id cannot be told apart."
    ),
    example="# pillars/governance.yaml\n- id: GOV-I1\n# opd/diskominfo.yaml, a program's indicators\n- id: GOV-I1",
    fix=N_("Rename one of them."),
)
def duplicate_indicator_ids(plan: Plan) -> Iterator[Finding]:
    places = [
        IdPlace(indicator.id, entry.file, ("indicators", i, "id"))
        for entry in plan.pillar_files
        for i, indicator in enumerate(entry.model.indicators)
    ] + [
        IdPlace(indicator.id, entry.file, (*entry.loc, "indicators", i, "id"))
        for entry in plan.programs
        for i, indicator in enumerate(entry.program.indicators)
    ]
    return _duplicates(places, _("indicator id `{id}` is already used in {owner}"))


@rule(
    "MP203",
    "unknown-opd",
    E,
    N_("`supporting` names an OPD that has no file in `opd/`."),
    why=N_(
        "Every OPD named in the plan appears in the OPD × pillar matrix and the Dewan Smart City; a misspelt id would drop it."
    ),
    example="supporting: [bapeda]   # the file is opd/bappeda.yaml",
    fix=N_("Use the id of an existing OPD (the hint suggests the closest), or add the OPD's file."),
)
def unknown_opds(plan: Plan) -> Iterator[Finding]:
    known = set(plan.opds) | plan.broken_opd_ids
    for entry in plan.programs:
        for i, opd_id in enumerate(entry.program.supporting):
            if opd_id not in known:
                yield Finding(
                    entry.file,
                    (*entry.loc, "supporting", i),
                    _("supporting OPD `{opd_id}` does not exist").format(opd_id=opd_id),
                    unknown_opd_hint(plan, opd_id),
                )


def unknown_opd_hint(plan: Plan, opd_id: str) -> str | None:
    """The fix for a name of an OPD the plan does not have: the file named after it says
    another `id:` (a copy not yet edited), else the closest OPD id, if it is close (OPD ids are
    short abbreviations a letter or two apart, `dinsos` and `dinkes`: only a typo is close)."""
    copy = next(
        (e for e in plan.opd_files if PurePosixPath(e.file.path).stem == opd_id and _misnamed(e.file)), None
    )
    if copy is not None:
        return _("{path} says `id: {id}`; change it to `{opd_id}`").format(
            path=copy.file.path, id=copy.model.id, opd_id=opd_id
        )
    return _did_you_mean(opd_id, sorted(set(plan.opds) | plan.broken_opd_ids), cutoff=0.7)


@rule(
    "MP204",
    "unknown-pillar",
    E,
    N_("A program or a pillar file names a pillar that is not in the framework."),
    why=N_("A program or pillar file outside the framework would have no chapter in the document."),
    example="pillar: smart-people   # kominfo's pillar is `society`",
    fix=N_(
        "Use a pillar id of the framework (the hint suggests the closest), or add the pillar to a custom framework."
    ),
)
def unknown_pillars(plan: Plan) -> Iterator[Finding]:
    known = plan.framework.pillar_ids
    for entry in plan.pillar_files:
        if entry.model.pillar not in known:
            yield Finding(
                entry.file,
                ("pillar",),
                _("pillar `{pillar}` is not in the {id} framework").format(
                    pillar=entry.model.pillar, id=plan.framework.id
                ),
                _did_you_mean(entry.model.pillar, known)
                or _("the pillars are: {known}").format(known=", ".join(known)),
            )
    for program in plan.programs:
        if program.program.pillar not in known:
            yield Finding(
                program.file,
                (*program.loc, "pillar"),
                _("pillar `{pillar}` is not in the {id} framework").format(
                    pillar=program.program.pillar, id=plan.framework.id
                ),
                _did_you_mean(program.program.pillar, known)
                or _("the pillars are: {known}").format(known=", ".join(known)),
            )


@rule(
    "MP205",
    "unknown-element",
    E,
    N_("A program's `element` is not an element of its pillar."),
    why=N_(
        "Programs are tabled per pillar and element; an element of another pillar puts a program in the wrong table."
    ),
    example="pillar: governance\nelement: health   # governance has service, bureaucracy, policy",
    fix=N_("Use one of the pillar's elements, or change the pillar."),
)
def unknown_elements(plan: Plan) -> Iterator[Finding]:
    for entry in plan.programs:
        program = entry.program
        pillar = plan.framework.pillar(program.pillar)
        if pillar is None or program.element is None or pillar.element(program.element):
            continue
        elements = [e.id for e in pillar.elements]
        hint = _did_you_mean(program.element, elements) or (
            _("the elements of {id} are: {elements}").format(id=pillar.id, elements=", ".join(elements))
            if elements
            else _("{id} has no elements").format(id=pillar.id)
        )
        yield Finding(
            entry.file,
            (*entry.loc, "element"),
            _("element `{element}` is not an element of pillar `{id}`").format(
                element=program.element, id=pillar.id
            ),
            hint,
        )


@rule(
    "MP206",
    "unknown-dependency",
    E,
    N_("`depends_on` names a program that does not exist."),
    why=N_("The roadmap orders programs by their dependencies; a dangling one hides a real prerequisite."),
    example="depends_on: [KOMINFO-1]   # the program is KOMINFO-01",
    fix=N_("Use an existing program id."),
)
def unknown_dependencies(plan: Plan) -> Iterator[Finding]:
    known = {entry.program.id for entry in plan.programs} | plan.broken_program_ids
    for entry in plan.programs:
        for i, dependency in enumerate(entry.program.depends_on):
            if dependency not in known:
                yield Finding(
                    entry.file,
                    (*entry.loc, "depends_on", i),
                    _("program `{dependency}` does not exist").format(dependency=dependency),
                    _did_you_mean(dependency, sorted(known)),
                )


@rule(
    "MP207",
    "dependency-starts-later",
    E,
    N_("A program depends on a program that starts after it ends."),
    why=N_(
        "A prerequisite that begins only after the program is finished cannot be one; the roadmap would be impossible."
    ),
    example="- id: DISHUB-02\n  start: 2024\n  end: 2025\n  depends_on: [KOMINFO-07]   # KOMINFO-07 starts in 2026",
    fix=N_("Move one of the programs in time, or remove the dependency."),
)
def dependency_order(plan: Plan) -> Iterator[Finding]:
    ambiguous = duplicated_program_ids(plan)
    by_id = {entry.program.id: entry.program for entry in plan.programs if entry.program.id not in ambiguous}
    for entry in plan.programs:
        for i, dependency in enumerate(entry.program.depends_on):
            other = by_id.get(dependency)
            if other is not None and other is not entry.program and other.start > entry.program.last_year:
                yield Finding(
                    entry.file,
                    (*entry.loc, "depends_on", i),
                    _(
                        "`{id}` ends in {last_year} but depends on `{dependency}`, which starts in {start}"
                    ).format(
                        id=entry.program.id,
                        last_year=entry.program.last_year,
                        dependency=dependency,
                        start=other.start,
                    ),
                )


@rule(
    "MP208",
    "dependency-cycle",
    E,
    N_("Programs depend on each other in a circle."),
    why=N_("A cycle has no first step: none of its programs could ever start."),
    example="KOMINFO-01 depends_on [DISDUK-02]; DISDUK-02 depends_on [KOMINFO-01]",
    fix=N_("Remove one dependency of the cycle."),
)
def dependency_cycles(plan: Plan) -> Iterator[Finding]:
    ambiguous = duplicated_program_ids(plan)  # `X → X` may be one X depending on the other
    entries = {entry.program.id: entry for entry in plan.programs if entry.program.id not in ambiguous}
    graph = {pid: [d for d in entry.program.depends_on if d in entries] for pid, entry in entries.items()}
    for cycle in _cycles(graph):
        entry = entries[cycle[0]]
        index = entry.program.depends_on.index(cycle[1] if len(cycle) > 1 else cycle[0])
        path = " → ".join([*cycle, cycle[0]])
        yield Finding(
            entry.file, (*entry.loc, "depends_on", index), _("dependency cycle: {path}").format(path=path)
        )


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of programs (Tarjan, iterative), each listed
    from its smallest id, so the report is stable."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            if child < len(graph[node]):
                work.append((node, child + 1))
                nxt = graph[node][child]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in graph[node]:
                    found.append(_walk_cycle(graph, set(group)))
    return sorted(found)


def _walk_cycle(graph: dict[str, list[str]], group: set[str]) -> list[str]:
    start = min(group)
    path, node, seen = [start], start, {start}
    while True:
        nxt = min(d for d in graph[node] if d in group)
        if nxt == start or nxt in seen:
            return path
        path.append(nxt)
        seen.add(nxt)
        node = nxt


@rule(
    "MP211",
    "duplicate-opd-id",
    E,
    N_("Two OPD files have the same `id`."),
    why=N_("An OPD's programs, budget and place in the Dewan Smart City are keyed by its id."),
    example="# opd/dinkes.yaml and opd/kesehatan.yaml both say\nid: dinkes",
    fix=N_("Merge the two files, or give one a new id."),
)
def duplicate_opd_ids(plan: Plan) -> Iterator[Finding]:
    places = [IdPlace(entry.model.id, entry.file, ("id",)) for entry in plan.opd_files]
    return _duplicates(places, _("OPD id `{id}` is already used in {owner}"))


@rule(
    "MP218",
    "duplicate-pillar-file",
    E,
    N_("Two files in `pillars/` describe the same pillar."),
    why=N_("Only one analysis per pillar can be rendered; the other would be lost."),
    example="# pillars/governance.yaml and pillars/tata-kelola.yaml both say\npillar: governance",
    fix=N_("Merge the two files."),
)
def duplicate_pillar_files(plan: Plan) -> Iterator[Finding]:
    places = [IdPlace(entry.model.pillar, entry.file, ("pillar",)) for entry in plan.pillar_files]
    return _duplicates(places, _("pillar `{id}` is already described in {owner}"))


@rule(
    "MP220",
    "self-support",
    Severity.WARNING,
    N_("A program lists its own OPD as a supporting OPD."),
    why=N_("The lead OPD is already responsible; listing it again inflates the OPD × pillar matrix."),
    example="# opd/diskominfo.yaml\nsupporting: [diskominfo, bappeda]",
    fix=N_("Remove the lead OPD from `supporting`."),
)
def self_support(plan: Plan) -> Iterator[Finding]:
    for entry in plan.programs:
        if entry.opd.id in entry.program.supporting:
            i = entry.program.supporting.index(entry.opd.id)
            yield Finding(
                entry.file,
                (*entry.loc, "supporting", i),
                _("`{id}` leads this program and is listed as supporting it too").format(id=entry.opd.id),
            )


@rule(
    "MP253",
    "support-unknown-opd",
    E,
    N_("A supporting action (`support` in masterplan.yaml) names an OPD that has no file in `opd/`."),
    why=N_(
        "The Rencana Aksi Pendukung names who carries each action out; a misspelt id names nobody, and the chapter would show it as it is."
    ),
    example="support:\n  regulations:\n    - {kind: Perwali, title: Satu Data, year: 2025, opd: diskominfoo}",
    fix=N_("Use the id of an existing OPD (the hint suggests the closest), or add the OPD's file."),
)
def support_opds(plan: Plan) -> Iterator[Finding]:
    support = plan.masterplan.support
    if support is None:
        return
    known = set(plan.opds) | plan.broken_opd_ids
    for part in ("infrastructure", "people", "regulations", "financing"):
        for i, action in enumerate(getattr(support, part)):
            if action.opd is not None and action.opd not in known:
                yield Finding(
                    plan.masterplan_file,
                    ("support", part, i, "opd"),
                    _("OPD `{opd}` of `support.{part}[{i}]` does not exist").format(
                        opd=action.opd, part=part, i=i
                    ),
                    _did_you_mean(action.opd, sorted(known), cutoff=0.7),
                )
