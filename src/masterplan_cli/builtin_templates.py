"""The built-in templates a city may override, each with its role, and their former names.

A city overrides one by putting a file at the same path in its `templates/` folder
(`templates/html/roadmap.html`). The chapter templates were named by number until 0.x
(`chapter-7.html`); a city file of an old name still stands in for its template, and `check`
says the new name (MP266).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path, PurePosixPath

from .l10n import N_
from .resources import templates_dir

# By file stem, for both formats (html/ and md/); marked for translation, translated where shown.
ROLES = {
    "masterplan": N_("the whole document: its head and the order of its parts"),
    "cover": N_("the cover"),
    "front": N_("foreword, table of contents and executive summary"),
    "toc": N_("the table of contents"),
    "captions": N_("the lists of tables and of figures"),
    "introduction": N_("BAB I, introduction: background, purpose, legal basis, method"),
    "profile": N_("BAB II, the region: general conditions, figures, profile"),
    "analysis": N_("BAB III, strategic analysis: readiness, ratings, SWOT per pillar"),
    "vision": N_("BAB IV, vision, missions, goals and strategies"),
    "programs": N_("BAB V, the programs by pillar"),
    "quick-wins": N_("BAB VI, quick wins and their implementation plans"),
    "roadmap": N_("BAB VII, the roadmap by year and band"),
    "budget": N_("BAB VIII, budgets by pillar, OPD, year and funding source"),
    "support": N_("the supporting action plan (infrastructure, people, regulations, financing)"),
    "governance": N_("BAB IX, governance: council, team, forum"),
    "closing": N_("BAB X, closing"),
    "appendix": N_("the appendices"),
    "program": N_("one program's table (used by the program chapters)"),
    "macros": N_("shared macros: headings, captions, numbers"),
    "style": N_("the stylesheet of the HTML and the PDF; for colours and fonts use `theme:` instead"),
    "phone": N_("the stylesheet for narrow screens"),
    "report": N_("the yearly evaluation report (`masterplan report`)"),
    "dashboard": N_("the forum dashboard (`masterplan report --format dashboard`)"),
    "report/report.css": N_("the stylesheet of the evaluation report"),
    "report/dashboard.css": N_("the stylesheet of the dashboard"),
}
# Former name (by file stem) -> the template's name now.
RENAMED = {
    "chapter-1": "introduction",
    "chapter-2": "profile",
    "chapter-3": "analysis",
    "chapter-4": "vision",
    "chapter-5": "programs",
    "chapter-6": "quick-wins",
    "chapter-7": "roadmap",
    "chapter-8": "budget",
    "chapter-9": "governance",
    "chapter-10": "closing",
    "chapter-support": "support",
}
SUFFIXES = (".html", ".md", ".css")
MAX_TEMPLATE_BYTES = 4 * 1024 * 1024
NOT_OVERRIDABLE = ("scaffold", "fonts", "messages")  # `init`'s files, fonts, message catalogues


@cache
def names() -> tuple[str, ...]:
    """Every built-in template, as the path a city's override takes under `templates/`."""
    root = templates_dir()
    found = (
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.suffix in SUFFIXES and path.relative_to(root).parts[0] not in NOT_OVERRIDABLE
    )
    return tuple(sorted(found, key=lambda name: (name.count("/"), name)))


def role(name: str) -> str:
    return ROLES.get(name) or ROLES.get(PurePosixPath(name).stem, "")


def new_name(name: str) -> str | None:
    """`html/roadmap.html` for a former name such as `html/chapter-7.html`."""
    path = PurePosixPath(name)
    renamed = RENAMED.get(path.stem)
    return (
        path.with_stem(renamed).as_posix()
        if renamed and path.with_stem(renamed).as_posix() in names()
        else None
    )


def former_name(name: str) -> str | None:
    """`html/chapter-7.html` for `html/roadmap.html`: the name a city's file may still have."""
    path = PurePosixPath(name)
    old = next((old for old, new in RENAMED.items() if new == path.stem), None)
    return path.with_stem(old).as_posix() if old else None


def same_file_name(name: str) -> list[str]:
    """The built-in templates whose file name (or former one) is `name`'s, in another folder:
    where a misplaced override (`templates/cover.html`) was meant to go."""
    path = PurePosixPath(name)
    wanted = RENAMED.get(path.stem, path.stem) + path.suffix
    return [builtin for builtin in names() if PurePosixPath(builtin).name == wanted and builtin != name]


def city_overrides(folder: Path) -> list[Path]:
    """The files of a city's `templates/` folder that take part in the build, relative to it:
    template files (`.html`, `.md`, `.css`, the kinds every built-in template is), whether they
    replace a built-in one or are partials a city template includes. READMEs and dotfiles (and
    anything in a dot-folder) are not templates: `masterplan init` writes a README there."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or relative.name.upper().startswith("README"):
            continue
        if path.suffix.lower() in SUFFIXES and path.is_file():
            found.append(relative)
    return found
