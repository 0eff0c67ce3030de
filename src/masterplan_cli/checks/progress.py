"""A year's realisation (`progress/<year>/<opd>.yaml`) against the plan it reports on."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..l10n import N_, _
from ..project import Plan, ProgramEntry, ProgressEntry
from ..schema.progress import STAGES, Realisation
from ..views import split_by_source, today
from . import Finding, rule
from .references import _did_you_mean, duplicated_program_ids, unknown_opd_hint

E, W = Severity.ERROR, Severity.WARNING
# The stages before anything is built: a program at 100% cannot still be in one of them.
BEFORE_BUILDING = frozenset(STAGES[:3])


def _reports(plan: Plan) -> Iterator[tuple[ProgressEntry, int, Realisation, ProgramEntry | None]]:
    """Each program's report with its place and the program it names (None: unknown, or one
    of the programs that share its id: MP201 says which to rename, and until then a report of
    that id is checked against neither, so that no check blames the progress file)."""
    ambiguous = duplicated_program_ids(plan)
    programs = {entry.program.id: entry for entry in plan.programs if entry.program.id not in ambiguous}
    for entry in plan.progress_files:
        for index, realisation in zip(entry.positions, entry.model.programs, strict=True):
            yield entry, index, realisation, programs.get(realisation.program)


@rule(
    "MP301",
    "progress-year-mismatch",
    E,
    N_("A progress file's `year` differs from the year its folder names."),
    why=N_(
        "The folder says which year the file reports and the file says it again; when they differ one of "
        "them is a copy not yet edited, and the year's figures would be counted in the wrong year."
    ),
    example="# progress/2025/dinkes.yaml\nyear: 2024",
    fix=N_("Correct `year`, or move the file to the folder of its year."),
)
def year_mismatch(plan: Plan) -> Iterator[Finding]:
    for entry in plan.progress_files:
        if entry.model.year != entry.folder_year:
            yield Finding(
                entry.file,
                ("year",),
                _("the file reports {year} but stands in progress/{folder_year}/").format(
                    year=entry.model.year, folder_year=entry.folder_year
                ),
                _("write `year: {folder_year}`, or move the file to progress/{year}/").format(
                    folder_year=entry.folder_year, year=entry.model.year
                ),
            )


@rule(
    "MP302",
    "progress-year-outside-period",
    E,
    N_("A progress file reports a year outside the masterplan's period."),
    why=N_(
        "Realisation is measured against the plan of that year; a year the plan does not cover has no plan to "
        "measure against (the previous masterplan's years belong to its review)."
    ),
    example="# masterplan.yaml: period: {start: 2024, end: 2028}\n# progress/2023/dinkes.yaml\nyear: 2023",
    fix=N_("Report years of the period only; remove or move the file."),
)
def year_outside_period(plan: Plan) -> Iterator[Finding]:
    period = plan.masterplan.period
    for entry in plan.progress_files:
        if not period.start <= entry.model.year <= period.end:
            yield Finding(
                entry.file,
                ("year",),
                _("{year} is outside the masterplan's period {start}–{end}").format(
                    year=entry.model.year, start=period.start, end=period.end
                ),
            )


@rule(
    "MP303",
    "progress-year-in-future",
    E,
    N_("A progress file reports a year that has not begun."),
    why=N_(
        "What was carried out can only be reported for a year that has begun; a future year's figures are a "
        "plan, and the plan is in `opd/`."
    ),
    example="# written in 2025\n# progress/2026/dinkes.yaml\nyear: 2026",
    fix=N_("Remove the file until the year has begun; put intentions in the plan."),
)
def year_in_future(plan: Plan) -> Iterator[Finding]:
    this_year = today().year
    for entry in plan.progress_files:
        if entry.model.year > this_year:
            yield Finding(entry.file, ("year",), _("{year} has not begun").format(year=entry.model.year))


@rule(
    "MP304",
    "unknown-progress-opd",
    E,
    N_("A progress file names an OPD the plan does not have."),
    why=N_(
        "Each OPD reports its own programs; a report by an unknown OPD is a typo or a copy of another "
        "OPD's file."
    ),
    example="# progress/2024/dinkes.yaml\nopd: dinkess",
    fix=N_("Write the id of the OPD as in `opd/<id>.yaml`."),
)
def unknown_opd(plan: Plan) -> Iterator[Finding]:
    known = {*plan.opds, *plan.broken_opd_ids}
    for entry in plan.progress_files:
        if entry.model.opd not in known:
            yield Finding(
                entry.file,
                ("opd",),
                _("no OPD `{opd}`").format(opd=entry.model.opd),
                unknown_opd_hint(plan, entry.model.opd),
            )


@rule(
    "MP305",
    "unknown-progress-program",
    E,
    N_("A progress file reports a program the plan does not have."),
    why=N_(
        "A realisation is counted for the program it names; a program not in the plan would be counted "
        "nowhere and its budget lost from the report."
    ),
    example="- program: KOMINFO-1\n  stage: implementation\n  percent: 40",
    fix=N_("Write the program's id as in `opd/*.yaml`, or add the program to the plan first."),
)
def unknown_program(plan: Plan) -> Iterator[Finding]:
    known = {entry.program.id for entry in plan.programs} | plan.broken_program_ids
    for entry, index, realisation, _program in _reports(plan):
        if entry.model.opd in plan.broken_opd_ids:  # its OPD file has errors: its programs may be there
            continue
        if realisation.program not in known:
            yield Finding(
                entry.file,
                ("programs", index, "program"),
                _("no program `{program}` in the plan").format(program=realisation.program),
                _did_you_mean(realisation.program, sorted(known)),
            )


@rule(
    "MP306",
    "program-of-another-opd",
    W,
    N_("A progress file reports a program another OPD leads."),
    why=N_(
        "Each OPD owns its progress file (a pull request per OPD, reviewed by it); the lead OPD reports its "
        "programs, supporting OPDs contribute through it."
    ),
    example="# progress/2024/dinkes.yaml\nopd: dinkes\nprograms:\n  - program: KOMINFO-01",
    fix=N_("Move the entry to the lead OPD's file, `progress/<year>/<lead OPD>.yaml`."),
)
def program_of_another_opd(plan: Plan) -> Iterator[Finding]:
    for entry, index, realisation, program in _reports(plan):
        if program is not None and program.opd.id != entry.model.opd:
            yield Finding(
                entry.file,
                ("programs", index, "program"),
                _("`{program}` is led by `{id}`, not `{opd}`").format(
                    program=realisation.program, id=program.opd.id, opd=entry.model.opd
                ),
                _("move it to progress/{year}/{id}.yaml").format(year=entry.model.year, id=program.opd.id),
            )


@rule(
    "MP307",
    "duplicate-realisation",
    E,
    N_("A program is reported twice for the same year."),
    why=N_(
        "A year has one stage, one percentage and one budget per program; two reports would be added up or "
        "one silently lost."
    ),
    example="# progress/2024/diskominfo.yaml and progress/2024/bappeda.yaml\n- program: KOMINFO-01",
    fix=N_("Keep one report of the program per year, in its lead OPD's file."),
)
def duplicate_realisation(plan: Plan) -> Iterator[Finding]:
    seen: dict[tuple[int, str], str] = {}
    for entry, index, realisation, _planned in _reports(plan):
        key = (entry.model.year, realisation.program)
        if key in seen:
            yield Finding(
                entry.file,
                ("programs", index, "program"),
                _("`{program}` is already reported for {year} in {seen}").format(
                    program=realisation.program, year=entry.model.year, seen=seen[key]
                ),
            )
        else:
            seen[key] = entry.file.path


@rule(
    "MP308",
    "realised-over-planned",
    W,
    N_(
        "A program spent more in a year than the plan gave it, from one of its sources, and no note says why."
    ),
    why=N_(
        "Spending beyond the plan happens (a budget revision, a CSR gift), but an assessor asks why: the report "
        "marks it, and the program's notes, shown beside it, are where the answer goes."
    ),
    example="# plan: budget: {2024: 100000000}, funding: [apbd]\nbudget: {apbd: 120000000}",
    fix=N_("Check the figure; if it is right, say why in `notes` (or revise the plan's budget)."),
)
def realised_over_planned(plan: Plan) -> Iterator[Finding]:
    for entry, index, realisation, program in _reports(plan):
        if program is None or realisation.notes:
            continue
        year, planned = entry.model.year, program.program.budget.get(entry.model.year, 0)
        if not program.program.funding:  # no sources in the plan: the whole year's budget
            if realisation.spent > planned:
                yield Finding(
                    entry.file,
                    ("programs", index, "budget"),
                    _("`{program}` spent {spent:,} rupiah in {year}; the plan gives it {planned:,}").format(
                        program=realisation.program, spent=realisation.spent, year=year, planned=planned
                    ),
                    _("if the figure is right, say why in `notes`"),
                )
            continue
        shares = dict(split_by_source(program.program, planned))
        for source, spent in realisation.budget.items():
            if spent > shares.get(source, 0):
                given = f"{shares[source]:,}" if source in shares else "nothing"
                yield Finding(
                    entry.file,
                    ("programs", index, "budget", source),
                    _(
                        "`{program}` spent {spent:,} rupiah from {source} in {year}; the plan gives it {given} from {source}"
                    ).format(program=realisation.program, spent=spent, source=source, year=year, given=given),
                    _("if the figure is right, say why in `notes`"),
                )


@rule(
    "MP309",
    "unknown-indicator-actual",
    E,
    N_("A progress file gives a value for an indicator the program does not have."),
    why=N_(
        "An actual is compared with the indicator's baseline and target; without the indicator in the plan "
        "there is nothing to compare it with."
    ),
    example="# plan: indicators: [{id: KOM-I1, ...}]\nindicators: {KOM-I2: 40}",
    fix=N_(
        "Write the id of one of the program's indicators, or add the indicator to the program in the plan."
    ),
)
def unknown_indicator(plan: Plan) -> Iterator[Finding]:
    for entry, index, realisation, program in _reports(plan):
        if program is None:
            continue
        own = [indicator.id for indicator in program.program.indicators]
        for indicator_id in realisation.indicators:
            if indicator_id not in own:
                hint = _did_you_mean(indicator_id, own) or (
                    _("its indicators: {own}").format(own=", ".join(own))
                    if own
                    else _("the program has no indicators")
                )
                yield Finding(
                    entry.file,
                    ("programs", index, "indicators", indicator_id),
                    _("`{program}` has no indicator `{indicator_id}`").format(
                        program=realisation.program, indicator_id=indicator_id
                    ),
                    hint,
                    key=True,
                )


@rule(
    "MP310",
    "stage-percent-mismatch",
    W,
    N_(
        "A program's percentage and stage contradict each other: complete but not yet built, or built and in use "
        "at 0%."
    ),
    why=N_(
        "The evaluation counts programs by stage and by percentage; when they disagree, one of them is wrong "
        "and the report would count the program twice differently."
    ),
    example="- program: KOMINFO-01\n  stage: idea\n  percent: 100",
    fix=N_("Correct the stage or the percentage."),
)
def stage_percent_mismatch(plan: Plan) -> Iterator[Finding]:
    for entry, index, realisation, _planned in _reports(plan):
        if realisation.percent == 100 and realisation.stage in BEFORE_BUILDING:
            message = _("complete (100%), yet still at stage `{stage}`").format(stage=realisation.stage)
        elif realisation.percent == 0 and realisation.stage in ("implementation", "evaluation"):
            message = _("at stage `{stage}` but nothing done (0%)").format(stage=realisation.stage)
        else:
            continue
        yield Finding(
            entry.file,
            ("programs", index, "percent"),
            _("`{program}` is {message}").format(program=realisation.program, message=message),
        )


@rule(
    "MP311",
    "progress-opd-file-name",
    W,
    N_("A progress file's name differs from the OPD it names."),
    why=N_(
        "Each OPD owns the file named after it (a CODEOWNERS line per OPD); a file named after another OPD "
        "is reviewed by the wrong people."
    ),
    example="# progress/2024/dinkes.yaml\nopd: dinsos",
    fix=N_("Rename the file to `<opd>.yaml`, or correct `opd`."),
)
def file_name(plan: Plan) -> Iterator[Finding]:
    for entry in plan.progress_files:
        stem = entry.file.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if stem != entry.model.opd:
            yield Finding(
                entry.file,
                ("opd",),
                _("the file is named `{stem}` but reports for `{opd}`").format(
                    stem=stem, opd=entry.model.opd
                ),
                _("rename it to progress/{folder_year}/{opd}.yaml").format(
                    folder_year=entry.folder_year, opd=entry.model.opd
                ),
            )
