"""The review of the previous masterplan (`previous:`): it can be read, and every fate links
programs that exist."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..diagnostics import Severity
from ..l10n import N_, _
from ..project import Plan
from ..review import PreviousPlan, loaded
from ..views import fate_of
from . import Finding, rule
from .references import _did_you_mean

E, W = Severity.ERROR, Severity.WARNING


def _readable(plan: Plan) -> PreviousPlan | None:
    """The previous plan, if all of it was read: links into a half-read plan prove nothing."""
    previous = loaded(plan)
    return previous if previous and not previous.problems and not previous.diagnostics else None


@rule(
    "MP350",
    "previous-plan-unreadable",
    E,
    N_("The previous masterplan named in `previous:` cannot be read."),
    why=N_(
        "The review chapter is drawn from the previous plan's programs; without them it would report nothing as if nothing had been planned."
    ),
    example="previous:\n  revision: v2019   # no such tag in this repository",
    fix=N_(
        "Name a git tag or revision of this repository (`git tag` lists them), a folder inside the repository holding the previous plan, or a programs file inside it."
    ),
)
def previous_unreadable(plan: Plan) -> Iterator[Finding]:
    previous = loaded(plan)
    for key, message, hint in previous.problems if previous else ():
        yield Finding(
            plan.masterplan_file,
            ("previous", key),
            _("the previous masterplan cannot be read: {message}").format(message=message),
            hint,
        )


@rule(
    "MP351",
    "fate-of-unknown-program",
    E,
    N_("`previous.fates` names a program the previous masterplan does not have."),
    why=N_(
        "A fate written for a program that never existed is a typo, and the program it was meant for is left without one."
    ),
    example="previous:\n  fates:\n    SKM-O1: {fate: completed}   # the previous plan has SKM-01",
    fix=N_("Use the program's id as the previous plan writes it."),
)
def fate_of_unknown_program(plan: Plan) -> Iterator[Finding]:
    previous = _readable(plan)
    if previous is None:
        return
    ids = sorted(p.id for p in previous.programs)
    for program_id in previous.fates:
        if program_id not in ids:
            yield Finding(
                plan.masterplan_file,
                ("previous", "fates", program_id),
                _("the previous masterplan has no program `{program_id}`").format(program_id=program_id),
                _did_you_mean(program_id, ids) or _("list the fates of the previous plan's own programs"),
                key=True,
            )


@rule(
    "MP352",
    "unknown-successor",
    E,
    N_("A previous program is continued as, or merged into, a program this masterplan does not have."),
    why=N_(
        "The review tells where each previous program went; a link to a program that does not exist tells the reader nothing true."
    ),
    example="previous:\n  fates:\n    PP-03: {fate: merged, into: [KOMINFO-9]}   # no such program",
    fix=N_("Name an existing program of this masterplan in `into`, or correct the id."),
)
def unknown_successor(plan: Plan) -> Iterator[Finding]:
    previous = loaded(plan)
    if previous is None:
        return
    current = sorted({p.id for p in plan.program_ids} | plan.broken_program_ids)
    for program_id, fate in previous.fates.items():
        loc = ("previous", "fates", program_id)
        for index, target in enumerate(fate.into):
            if target not in current:
                yield Finding(
                    plan.masterplan_file,
                    (*loc, "into", index),
                    _(
                        "`{program_id}` is {fate} {value} `{target}`, but this masterplan has no program `{target}`"
                    ).format(
                        program_id=program_id,
                        fate=fate.fate,
                        value="as" if fate.fate == "continued" else "into",
                        target=target,
                    ),
                    _did_you_mean(target, current) or _("name a program of this masterplan"),
                )
        if fate.fate == "continued" and not fate.into and program_id not in current:
            yield Finding(
                plan.masterplan_file,
                (*loc, "fate"),
                _(
                    "`{program_id}` is continued under the same id, but this masterplan has no program `{program_id}`"
                ).format(program_id=program_id),
                _("name the programs that continue it in `into`, e.g. `into: [KOMINFO-01]`"),
            )


@rule(
    "MP353",
    "previous-program-without-fate",
    W,
    N_("A program of the previous masterplan has no fate."),
    why=N_(
        "The review must account for every program of the previous plan: continued, completed, merged or dropped. One left out looks like a program quietly forgotten."
    ),
    example="# the previous plan has DISHUB-02; this masterplan has no DISHUB-02 and previous.fates says nothing of it",
    fix=N_(
        "Add it to `previous.fates`, e.g. `DISHUB-02: {fate: dropped, reason: ...}`, or `{fate: continued, into: [...]}`."
    ),
)
def previous_program_without_fate(plan: Plan) -> Iterator[Finding]:
    previous = loaded(plan)
    if previous is None:
        return
    current = {p.id for p in plan.program_ids} | plan.broken_program_ids
    for program in previous.programs:
        if fate_of(program, previous, current) is None:
            yield Finding(
                previous.file,
                program.loc,
                _("previous program `{id}` ({name}) has no fate").format(id=program.id, name=program.name),
                _(
                    "add `{id}: {{fate: continued|completed|merged|dropped}}` under `previous.fates` in masterplan.yaml"
                ).format(id=program.id),
            )


@rule(
    "MP354",
    "previous-program-unknown-pillar",
    E,
    N_("A program in the previous programs file names a pillar the framework does not have."),
    why=N_(
        "The review counts implementation per pillar of this masterplan's framework; a program of an unknown pillar would be counted apart."
    ),
    example="programs:\n  - id: SG-01\n    pillar: goverment",
    fix=N_(
        "Use one of the framework's pillar ids (e.g. governance, branding, economy, living, society, environment)."
    ),
)
def previous_program_unknown_pillar(plan: Plan) -> Iterator[Finding]:
    previous = loaded(plan)
    if previous is None or previous.settings.programs is None:
        return  # a previous repository had its own framework
    pillars = [p.id for p in plan.framework.pillars]
    for index, program in enumerate(previous.programs):
        if program.pillar not in pillars:
            yield Finding(
                previous.file,
                ("programs", index, "pillar"),
                _("unknown pillar `{pillar}`").format(pillar=program.pillar),
                _did_you_mean(program.pillar, pillars)
                or _("use one of: {pillars}").format(pillars=", ".join(pillars)),
            )


@rule(
    "MP355",
    "duplicate-previous-program-id",
    E,
    N_("Two programs in the previous programs file have the same id."),
    why=N_("A fate is given by id; two programs with one id cannot each be given theirs."),
    example="programs:\n  - id: SG-01\n  ...\n  - id: SG-01",
    fix=N_("Give each previous program its own id."),
)
def duplicate_previous_program_id(plan: Plan) -> Iterator[Finding]:
    previous = loaded(plan)
    if previous is None or previous.settings.programs is None:
        return
    seen: Counter[str] = Counter()
    for program in previous.programs:
        seen[program.id] += 1
        if seen[program.id] > 1:
            yield Finding(
                previous.file,
                program.loc,
                _("previous program id `{id}` is used more than once").format(id=program.id),
            )
