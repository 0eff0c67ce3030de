"""Content: what a pillar's chapter needs before an assessor reads it."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..l10n import N_, _
from ..project import Plan
from ..schema.pillar import PillarFile
from . import Finding, rule

# A pillar's analysis and plan, in the order its chapter shows them; the first four are its analysis.
ANALYSIS = ("issues", "swot", "tows", "gaps")
PLAN = ("goals", "strategies")


def empty_parts(pillar: PillarFile) -> list[str]:
    """The keys of `pillar` that hold nothing: an absent or empty list, or a SWOT/TOWS whose
    lists are all empty (the scaffold writes `swot:` with four empty lists)."""
    empty = []
    for key in (*ANALYSIS, *PLAN):
        value = getattr(pillar, key)
        if not value or (not isinstance(value, list) and not any(value.model_dump().values())):
            empty.append(key)
    return empty


@rule(
    "MP360",
    "pillar-without-analysis",
    Severity.WARNING,
    N_("A pillar file has no analysis: no strategic issues, SWOT, TOWS or gap analysis."),
    why=N_(
        "The pillar's chapter then shows only empty headings; the assessor looks for the analysis "
        "of each dimension (issues, SWOT and the strategies drawn from it) from the Bimtek."
    ),
    example="# pillars/economy.yaml\npillar: economy\nissues: []\nswot: {strengths: [], weaknesses: [], opportunities: [], threats: []}",
    fix=N_(
        "Write the pillar's strategic issues under `issues:` and its SWOT under `swot:` (`strengths`, "
        "`weaknesses`, `opportunities`, `threats`), one item per line, then the TOWS strategies "
        "(`tows:` `so`, `st`, `wo`, `wt`), `goals:` and `strategies:`. The comments of the file "
        "`masterplan init` writes show an example of each."
    ),
)
def pillars_have_analysis(plan: Plan) -> Iterator[Finding]:
    for entry in plan.pillar_files:
        empty = empty_parts(entry.model)
        if set(ANALYSIS) <= set(empty):
            yield Finding(
                entry.file,
                ("pillar",),
                _("pillar `{id}` has no analysis: {keys} are empty").format(
                    id=entry.model.pillar, keys=", ".join(f"`{key}`" for key in empty)
                ),
                _(
                    "write its strategic issues (`issues:`) and SWOT (`swot:` strengths, weaknesses, "
                    "opportunities, threats), one item per line starting with `- `"
                ),
            )
