"""Time and coverage: years inside the period, every pillar served, files named as they say."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from ..containment import HIDDEN, read_contained, refusal
from ..diagnostics import Severity
from ..l10n import N_, _
from ..loader import LoadedFile
from ..logo import MAX_LOGO_BYTES, MAX_LOGO_PIXELS, SUFFIXES, LogoProblem, inspect
from ..project import YAML_SUFFIXES, Plan, inside
from ..views import QUICK_WIN_MAX_YEARS, Bands, bands, counts, is_quick_win
from . import Finding, rule

E, W = Severity.ERROR, Severity.WARNING


@rule(
    "MP209",
    "year-outside-period",
    E,
    N_("A year lies outside the masterplan's period."),
    why=N_(
        "The roadmap and the budget tables cover the period only; a year outside it would silently drop out of every total."
    ),
    example="period: {start: 2024, end: 2028}\n# opd/dishub.yaml\nstart: 2023",
    fix=N_("Move the year inside the period, or extend the period in masterplan.yaml."),
)
def years_in_period(plan: Plan) -> Iterator[Finding]:
    period = plan.masterplan.period
    span = f"{period.start}–{period.end}"
    for entry in plan.programs:
        program = entry.program
        if not period.start <= program.start <= period.end:
            yield Finding(
                entry.file,
                (*entry.loc, "start"),
                _("`{id}` starts in {start}, outside the period {span}").format(
                    id=program.id, start=program.start, span=span
                ),
            )
        if program.end is not None and not period.start <= program.end <= period.end:
            yield Finding(
                entry.file,
                (*entry.loc, "end"),
                _("`{id}` ends in {end}, outside the period {span}").format(
                    id=program.id, end=program.end, span=span
                ),
            )
        for i, indicator in enumerate(program.indicators):
            for year in indicator.targets:
                if not period.start <= year <= period.end:
                    yield Finding(
                        entry.file,
                        (*entry.loc, "indicators", i, "targets", year),
                        _("indicator `{id}` has a target for {year}, outside the period {span}").format(
                            id=indicator.id, year=year, span=span
                        ),
                        key=True,
                    )
    for pillar_entry in plan.pillar_files:
        for i, indicator in enumerate(pillar_entry.model.indicators):
            for year in indicator.targets:
                if not period.start <= year <= period.end:
                    yield Finding(
                        pillar_entry.file,
                        ("indicators", i, "targets", year),
                        _("indicator `{id}` has a target for {year}, outside the period {span}").format(
                            id=indicator.id, year=year, span=span
                        ),
                        key=True,
                    )


@rule(
    "MP210",
    "budget-outside-program",
    E,
    N_("A budget year lies outside the program's own years."),
    why=N_(
        "Money planned for a year in which the program does not run is a typo in the year or in the program's span."
    ),
    example="start: 2024\nend: 2025\nbudget: {2024: 100000000, 2026: 50000000}",
    fix=N_("Correct the budget year, or the program's `start`/`end`."),
)
def budget_in_program_years(plan: Plan) -> Iterator[Finding]:
    for entry in plan.programs:
        program = entry.program
        for year in program.budget:
            if not program.start <= year <= program.last_year:
                yield Finding(
                    entry.file,
                    (*entry.loc, "budget", year),
                    _("`{id}` has a budget for {year} but runs {span}").format(
                        id=program.id, year=year, span=_span(program.start, program.last_year)
                    ),
                    _("programs without `end` run one year only")
                    if program.end is None and year > program.start
                    else None,
                    key=True,
                )


JUTA = 1_000_000


@rule(
    "MP255",
    "budget-in-juta",
    W,
    N_("A budget amount is less than Rp1.000.000: amounts are whole rupiah, not *juta*."),
    why=N_(
        "Budgets are often talked about in *juta* (millions), so `350` is easily written for Rp350 juta; "
        "the document would then show Rp350, and every total would be a million times too small."
    ),
    example="budget: {2025: 350}   # meant as Rp350 juta",
    fix=N_(
        "Write the amount in whole rupiah: `350000000` for Rp350 juta. A real amount under Rp1.000.000 "
        "passes with this warning (it fails `--strict`)."
    ),
)
def budget_in_rupiah(plan: Plan) -> Iterator[Finding]:
    for entry in plan.programs:
        for year, amount in entry.program.budget.items():
            if 0 < amount < JUTA:
                yield Finding(
                    entry.file,
                    (*entry.loc, "budget", year),
                    _("`{id}` has Rp{amount} for {year}: amounts are whole rupiah, not juta").format(
                        id=entry.program.id, amount=amount, year=year
                    ),
                    _("for Rp{amount} juta write {amount2}").format(amount=amount, amount2=amount * JUTA)
                    if amount < 1000
                    else _("write the amount in whole rupiah: Rp1 juta is 1000000"),
                )


def _span(start: int, end: int) -> str:
    return f"in {start} only" if start == end else f"from {start} to {end}"


@rule(
    "MP212",
    "id-file-mismatch",
    W,
    N_("An OPD's `id` or a pillar file's `pillar` differs from its file name."),
    why=N_("People find an OPD's programs by its file name; a different id makes references confusing."),
    example="# opd/dinas-kesehatan.yaml\nid: dinkes",
    fix=N_(
        "Rename the file to `<id>.yaml`, or change the id. When `<id>.yaml` exists, the file is "
        "most likely a copy of it: give the copy its own id, or merge the two."
    ),
)
def ids_match_file_names(plan: Plan) -> Iterator[Finding]:
    for entry in plan.opd_files:
        stem = PurePosixPath(entry.file.path).stem
        if entry.model.id != stem:
            yield Finding(
                entry.file,
                ("id",),
                _("OPD id `{id}` differs from the file name `{stem}`").format(id=entry.model.id, stem=stem),
                _rename_hint(
                    plan,
                    "opd",
                    entry.model.id,
                    _("if this file is another OPD, change `id:` to `{stem}`").format(stem=stem),
                ),
            )
    for pillar_entry in plan.pillar_files:
        stem = PurePosixPath(pillar_entry.file.path).stem
        if pillar_entry.model.pillar != stem:
            yield Finding(
                pillar_entry.file,
                ("pillar",),
                _("pillar `{pillar}` differs from the file name `{stem}`").format(
                    pillar=pillar_entry.model.pillar, stem=stem
                ),
                _rename_hint(plan, "pillars", pillar_entry.model.pillar, _("merge the two files")),
            )


def _rename_hint(plan: Plan, folder: str, declared: str, otherwise: str) -> str:
    """Rename the file after what it declares, unless a file of that name exists: then this
    one is most likely a copy of it (`cp opd/dlh.yaml opd/dishub.yaml`) that was not edited."""
    taken = [f"{folder}/{declared}{suffix}" for suffix in YAML_SUFFIXES]
    existing = next((name for name in taken if (plan.root / name).is_file()), None)
    if existing is None:
        return _("rename the file to {taken}").format(taken=taken[0])
    return f"{existing} exists: {otherwise}"


@rule(
    "MP213",
    "pillar-without-programs",
    W,
    N_("A pillar of the framework has no program."),
    why=N_("The ministry evaluates every dimension; an empty one is a gap in the masterplan."),
    example="(no program has `pillar: environment`)",
    fix=N_("Add at least one program to the pillar."),
)
def pillars_have_programs(plan: Plan) -> Iterator[Finding]:
    if plan.incomplete:  # the missing programs may be among those left out for errors
        return
    used = {entry.program.pillar for entry in plan.programs if counts(entry.program)}
    dropped = {entry.program.pillar for entry in plan.programs}  # the document counts none of them
    for pillar in plan.framework.pillars:
        if pillar.id not in used:
            file, loc = _pillar_place(plan, pillar.id)
            yield Finding(
                file,
                loc,
                _("pillar `{id}` ({name}) has no program").format(
                    id=pillar.id, name=pillar.name(plan.language)
                ),
                _("its programs are all dropped (`status: dropped`): none of them counts")
                if pillar.id in dropped
                else None,
            )


@rule(
    "MP214",
    "pillar-without-quick-win",
    W,
    N_("A pillar of the framework has no quick win."),
    why=N_(
        "The ministry's guidance asks for about one quick win per dimension, felt by citizens in the first years."
    ),
    example="(no program of `pillar: branding` has `quick_win: true`)",
    fix=N_("Mark one of the pillar's early programs `quick_win: true`."),
)
def pillars_have_quick_wins(plan: Plan) -> Iterator[Finding]:
    if plan.incomplete:
        return
    with_programs = {entry.program.pillar for entry in plan.programs if counts(entry.program)}
    with_quick_wins = {entry.program.pillar for entry in plan.programs if is_quick_win(entry.program)}
    for pillar in plan.framework.pillars:
        if pillar.id in with_programs and pillar.id not in with_quick_wins:
            file, loc = _pillar_place(plan, pillar.id)
            yield Finding(
                file,
                loc,
                _("pillar `{id}` ({name}) has no quick win").format(
                    id=pillar.id, name=pillar.name(plan.language)
                ),
            )


def _pillar_place(plan: Plan, pillar_id: str) -> tuple[LoadedFile, tuple[Any, ...]]:
    for entry in plan.pillar_files:
        if entry.model.pillar == pillar_id:
            return entry.file, ("pillar",)
    return plan.masterplan_file, _framework_place(plan, pillar_id)


def _framework_place(plan: Plan, pillar_id: str) -> tuple[Any, ...]:
    """Where masterplan.yaml names a pillar: its entry in a custom framework, the built-in
    framework the custom one extends, or the `framework` key."""
    framework = plan.masterplan.framework
    if not isinstance(framework, str):
        for i, spec in enumerate(framework.pillars):
            if spec.id == pillar_id:
                return ("framework", "pillars", i, "id")
        if framework.base is not None:
            return ("framework", "base")
    return ("framework",)


@rule(
    "MP215",
    "late-quick-win",
    W,
    N_("A quick win starts after the first two years of the period."),
    why=N_(
        "Quick wins are the results citizens feel in year one or two; a later one is an ordinary program."
    ),
    example="period: {start: 2024, end: 2028}\nquick_win: true\nstart: 2027",
    fix=N_("Start it in the first two years, or set `quick_win: false`."),
)
def quick_wins_early(plan: Plan) -> Iterator[Finding]:
    definition = bands(plan)
    last = definition.quick_win_last_start
    for entry in plan.programs:
        if is_quick_win(entry.program) and definition.quick_win_too_late(entry.program.start):
            yield Finding(
                entry.file,
                (*entry.loc, "start"),
                _("quick win `{id}` starts in {start}; quick wins start by {last}").format(
                    id=entry.program.id, start=entry.program.start, last=last
                ),
            )


@rule(
    "MP216",
    "opd-without-programs",
    W,
    N_("An OPD leads no program."),
    why=N_(
        "Every OPD sits in the Dewan Smart City and is expected to contribute; an empty file is usually unfinished."
    ),
    example="id: satpolpp\nname: Satuan Polisi Pamong Praja\nprograms: []",
    fix=N_("Add the OPD's programs, or delete the file if it only supports others."),
)
def opds_have_programs(plan: Plan) -> Iterator[Finding]:
    for entry in plan.opd_files:
        written = entry.file.data.get("programs") if isinstance(entry.file.data, dict) else None
        if not entry.model.programs and not written:  # not when all its programs have errors
            yield Finding(entry.file, ("id",), _("OPD `{id}` leads no program").format(id=entry.model.id))


@rule(
    "MP217",
    "missing-pillar-file",
    W,
    N_("A pillar of the framework has no file in `pillars/`."),
    why=N_("Without it the pillar's chapter lacks its strategic issues, SWOT, goals and strategies."),
    example="(no pillars/economy.yaml)",
    fix=N_("Create `pillars/<pillar>.yaml` (`masterplan init` writes a template for each pillar)."),
)
def pillar_files_present(plan: Plan) -> Iterator[Finding]:
    described = {entry.model.pillar for entry in plan.pillar_files} | plan.broken_pillar_ids
    for pillar in plan.framework.pillars:
        if pillar.id not in described:
            yield Finding(
                plan.masterplan_file,
                _framework_place(plan, pillar.id),
                _("pillar `{id}` has no file pillars/{id}.yaml").format(id=pillar.id),
                _("its analysis (issues, SWOT, goals, strategies) will be missing from the document"),
            )


@rule(
    "MP219",
    "bad-logo",
    E,
    N_("`city.logo` does not name a usable image inside the repository."),
    why=N_(
        "The logo is embedded in every output; it must be a local PNG, JPEG or SVG, never a URL or a file outside the repository."
    ),
    example="logo: https://example.org/logo.png",
    fix=N_("Put the image in `assets/` and write its relative path, e.g. `assets/logo.png`."),
)
def logo_is_usable(plan: Plan) -> Iterator[Finding]:
    if plan.masterplan.city is None:
        return
    logo = plan.masterplan.city.logo
    if logo is None:
        return
    loc = ("city", "logo")
    file = plan.masterplan_file
    if "://" in logo or logo.startswith(("data:", "file:", "//")):
        yield Finding(
            file,
            loc,
            _("the logo must be a file in the repository, not a URL"),
            _("put the image in assets/ and write assets/logo.png"),
        )
        return
    if PurePosixPath(logo).is_absolute() or ".." in PurePosixPath(logo).parts or "\\" in logo:
        yield Finding(
            file,
            loc,
            _("`{logo}` leads outside the repository").format(logo=logo),
            _("write a path relative to the repository, e.g. assets/logo.png"),
        )
        return
    path = plan.root / logo
    if not path.is_file():
        yield Finding(file, loc, _("the logo file `{logo}` does not exist").format(logo=logo))
    elif not inside(plan.root, path):
        yield Finding(file, loc, _("`{logo}` is a link that leads outside the repository").format(logo=logo))
    elif refusal(path, [plan.root]) == HIDDEN:
        return  # MP233
    elif path.suffix.lower() not in SUFFIXES:
        yield Finding(file, loc, _("`{logo}` is not a PNG, JPEG or SVG image").format(logo=logo))
    elif path.stat().st_size > MAX_LOGO_BYTES:
        yield Finding(
            file,
            loc,
            _("`{logo}` is larger than {max_logo_bytes} MiB").format(
                logo=logo, max_logo_bytes=MAX_LOGO_BYTES // 1024 // 1024
            ),
        )


@rule(
    "MP250",
    "long-quick-win",
    W,
    N_("A quick win runs more than two years."),
    why=N_(
        "A quick win is what citizens feel within the first one or two years; one that runs three or more years contradicts the roadmap, the quick-win chapter and the ministry's evaluation of quick wins."
    ),
    example="quick_win: true\nstart: 2024\nend: 2027",
    fix=N_(
        "Make the quick win a first stage that ends within two years (and the rest a follow-up program), or set `quick_win: false`."
    ),
)
def quick_wins_short(plan: Plan) -> Iterator[Finding]:
    for entry in plan.programs:
        program = entry.program
        if is_quick_win(program) and Bands.quick_win_too_long(program.start, program.last_year):
            yield Finding(
                entry.file,
                (*entry.loc, "end"),
                _(
                    "quick win `{id}` runs {start}–{last_year} ({last_year2} years); a quick win runs at most {quick_win_max_years} years"
                ).format(
                    id=program.id,
                    start=program.start,
                    last_year=program.last_year,
                    last_year2=program.last_year - program.start + 1,
                    quick_win_max_years=QUICK_WIN_MAX_YEARS,
                ),
                _("end it by {start}, or set `quick_win: false`").format(
                    start=program.start + QUICK_WIN_MAX_YEARS - 1
                ),
            )


@rule(
    "MP251",
    "quick-win-waits",
    W,
    N_("A quick win depends on a program that finishes after it."),
    why=N_(
        "A quick win must deliver early; if what it needs is only finished later, it cannot deliver in time."
    ),
    example="# KOMINFO-01: quick_win: true, end: 2025, depends_on: [KOMINFO-02]\n# KOMINFO-02: end: 2027",
    fix=N_("Drop the dependency, end the prerequisite earlier, or set `quick_win: false`."),
)
def quick_wins_not_waiting(plan: Plan) -> Iterator[Finding]:
    ends = {entry.program.id: entry.program.last_year for entry in plan.programs}
    for entry in plan.programs:
        program = entry.program
        if not is_quick_win(program):
            continue
        for index, dependency in enumerate(program.depends_on):
            if ends.get(dependency, program.last_year) > program.last_year:
                yield Finding(
                    entry.file,
                    (*entry.loc, "depends_on", index),
                    _(
                        "quick win `{id}` ends in {last_year} but depends on `{dependency}`, which ends in {ends}"
                    ).format(
                        id=program.id,
                        last_year=program.last_year,
                        dependency=dependency,
                        ends=ends[dependency],
                    ),
                )


def _usable_logo_file(plan: Plan) -> tuple[LoadedFile, Path] | None:
    """The masterplan file and the logo's path, when MP219 and MP233 found nothing to say."""
    city = plan.masterplan.city
    if city is None or city.logo is None or any(logo_is_usable(plan)) or any(logo_not_hidden(plan)):
        return None
    return plan.masterplan_file, plan.root / city.logo


def _logo_problem(plan: Plan) -> tuple[LoadedFile, LogoProblem] | None:
    found = _usable_logo_file(plan)
    if found is None:
        return None
    file, path = found
    data = read_contained(path, [plan.root], MAX_LOGO_BYTES)
    if data is None:
        return None  # MP219 says why
    try:
        inspect(data, path.suffix)
    except LogoProblem as problem:
        return file, problem
    return None


def _logo_finding(plan: Plan, code: str, hint: str) -> Iterator[Finding]:
    found = _logo_problem(plan)
    if found is not None and found[1].code == code:
        yield Finding(found[0], ("city", "logo"), str(found[1]), hint)


@rule(
    "MP230",
    "logo-not-an-image",
    E,
    N_("The logo's content is not the PNG, JPEG or SVG image its name says."),
    why=N_(
        "The logo is accepted by what it is, not by its name: a renamed file would be embedded in every output, and a damaged one breaks the PDF."
    ),
    example="logo: assets/logo.png  # a text file renamed",
    fix=N_("Export the logo again as PNG, JPEG or SVG and name it after its format."),
)
def logo_is_an_image(plan: Plan) -> Iterator[Finding]:
    yield from _logo_finding(plan, "MP230", _("export the logo again as a PNG, JPEG or SVG file"))


@rule(
    "MP231",
    "logo-too-many-pixels",
    E,
    N_("The logo has more than {max_pixels:,} pixels."),
    values={"max_pixels": MAX_LOGO_PIXELS},
    why=N_(
        "A small file can declare a huge image (a 50,000 × 50,000 PNG compresses to kilobytes and decodes to 10 GB); the PDF would decode it."
    ),
    example="logo: assets/logo.png  # 50,000 × 50,000 pixels",
    fix=N_("Scale the logo down; a cover needs at most a few hundred pixels a side."),
)
def logo_pixels(plan: Plan) -> Iterator[Finding]:
    yield from _logo_finding(plan, "MP231", _("scale the logo down, e.g. to 1,000 × 1,000 pixels"))


@rule(
    "MP232",
    "logo-svg-not-plain",
    E,
    N_(
        "The SVG logo declares a DOCTYPE or entities, runs script, refers to other files, or is not well-formed."
    ),
    why=N_(
        "Entities can expand to gigabytes (billion laughs) or read files (XXE); scripts and references reach outside the logo."
    ),
    example='<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    fix=N_("Save the SVG as plain SVG (no DOCTYPE, no scripts, no linked images), or export a PNG."),
)
def logo_svg_plain(plan: Plan) -> Iterator[Finding]:
    yield from _logo_finding(
        plan, "MP232", _("save it as plain SVG (no DOCTYPE, scripts or linked files), or as PNG")
    )


@rule(
    "MP233",
    "logo-in-hidden-folder",
    E,
    N_("`city.logo` leads into a hidden folder or file, such as `.git/`."),
    why=N_(
        "A build never reads a hidden file: CI keeps secrets there (`actions/checkout` stores the runner's token in `.git/config`), and the logo is embedded in every output."
    ),
    example="logo: assets/logo.svg  # a link to ../.git/config",
    fix=N_("Make the logo a real image file in `assets/`, not a link into a hidden folder."),
)
def logo_not_hidden(plan: Plan) -> Iterator[Finding]:
    city = plan.masterplan.city
    logo = city.logo if city is not None else None
    if logo is None or "://" in logo or logo.startswith(("data:", "file:", "//")):
        return
    path = plan.root / logo
    if refusal(path, [plan.root]) == HIDDEN:
        yield Finding(
            plan.masterplan_file,
            ("city", "logo"),
            _("`{logo}` leads into a hidden folder or file, which a build never reads").format(logo=logo),
            _("put the image itself in assets/ and write assets/logo.png"),
        )


@rule(
    "MP254",
    "step-outside-program",
    W,
    N_("A step of a quick win's implementation plan falls outside the program's years."),
    why=N_(
        "The implementation plan shows how the quick win is carried out in its years; a step before it starts or after it ends contradicts its card, the roadmap and the budget."
    ),
    example="start: 2024\nend: 2025\nimplementation:\n  - {when: 2026-Q1, activity: Evaluasi, owner: Diskominfo, output: Laporan}",
    fix=N_("Move the step into the program's years, or change the program's `start` or `end`."),
)
def steps_within_program(plan: Plan) -> Iterator[Finding]:
    for entry in plan.programs:
        program = entry.program
        for index, step in enumerate(program.implementation):
            if int(step.when[:4]) not in program.years:
                yield Finding(
                    entry.file,
                    (*entry.loc, "implementation", index, "when"),
                    _("step `{when}` of `{id}` lies outside the program's years {start}–{last_year}").format(
                        when=step.when, id=program.id, start=program.start, last_year=program.last_year
                    ),
                )
