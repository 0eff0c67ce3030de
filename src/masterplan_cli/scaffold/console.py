"""The conversation of `masterplan init`: take the answers given as options, ask for the
others on a terminal, and show what was written and what to do next.

Each question validates its answer at once and asks again, with the reason, until the answer
is usable; the same validators judge the options (`answers.py`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from ..errors import UsageError
from ..l10n import N_, _, ngettext
from ..reporters import Style
from ..schema.common import LAST_YEAR
from . import answers as check
from .answers import Answers, InvalidAnswer
from .catalog import BY_ID, default_opds
from .writer import Written

OPTION_NAMES = {
    "city": "--city",
    "kind": "--kind",
    "province": "--province",
    "start": "--start",
    "end": "--end",
    "framework": "--framework",
    "language": "--language",
    "opds": "--opd",
    "ci": "--ci",
}
REQUIRED = ("city", "kind", "province", "start", "end", "framework", "language")
DEFAULT_OPDS = "all"


class InvalidOption(ValueError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.option = OPTION_NAMES[name]


class MissingAnswers(UsageError):
    def __init__(self, names: list[str]) -> None:
        options = ", ".join(OPTION_NAMES[name] for name in names)
        super().__init__(
            _(
                "missing {options}: give them as options, or run `masterplan init` on a terminal "
                "without --no-input to be asked for them"
            ).format(options=options)
        )
        self.names = names


def stdin_is_interactive() -> bool:
    """Whether a person can answer questions (tests replace this function)."""
    return sys.stdin.isatty()


def validate_options(given: dict[str, Any]) -> dict[str, Any]:
    """The options given on the command line, each validated; None where not given."""
    validators: dict[str, Callable[[Any], Any]] = {
        "city": check.city_name,
        "kind": check.kind,
        "province": check.province,
        "start": check.year,
        "end": check.year,
        "framework": check.framework,
        "language": check.language,
        "opds": check.opd_ids,
        "ci": check.ci,
    }
    clean: dict[str, Any] = {}
    for name, validator in validators.items():
        value = given.get(name)
        if value is None or (name == "opds" and not value):
            clean[name] = None
            continue
        try:
            clean[name] = validator(value)
        except InvalidAnswer as error:
            raise InvalidOption(name, str(error)) from None
    try:
        if clean["kind"] and clean["city"]:
            check.kind(clean["kind"], clean["city"])
    except InvalidAnswer as error:
        raise InvalidOption("kind", str(error)) from None
    try:
        if clean["start"] and clean["end"]:
            check.end_year(clean["end"], clean["start"])
    except InvalidAnswer as error:
        raise InvalidOption("end", str(error)) from None
    return clean


def complete(given: dict[str, Any], *, interactive: bool, folder: Path | None = None) -> Answers:
    """The answers: the given ones, and the missing ones asked for when `interactive`. The
    folder's name may suggest the city's (`kota-solok`: Kota Solok). Without a terminal, a
    missing value takes the default a terminal would offer; one without a default is an error."""
    if interactive:
        return _answers(ask(given, folder))
    values = dict(given)
    for name in REQUIRED:
        if values.get(name) is None:
            values[name] = _parsed(name, default_for(name, values, folder))
    missing = [name for name in REQUIRED if values.get(name) is None]
    if missing:
        raise MissingAnswers(missing)
    return _answers(validate_options(values))  # a default may not fit a given value


def default_for(name: str, values: dict[str, Any], folder: Path | None) -> str | None:
    """The default offered for `name`, given the values known so far; None when there is none
    (the province, and a city the folder's name does not suggest)."""
    if name == "city":
        return city_named_by(folder) if folder is not None else None
    if name == "kind":
        return (check.kind_named_by(values["city"]) if values.get("city") else None) or "kota"
    if name == "start":
        return str(_next_year(values.get("end")))
    if name == "end":
        return str(min(values["start"] + 4, LAST_YEAR)) if values.get("start") else None
    return {"framework": "kominfo", "language": "id", "ci": "github"}.get(name)


def _parsed(name: str, default: str | None) -> Any:
    """A default as its answer: a year as a number, a word as it is."""
    return int(default) if default is not None and name in ("start", "end") else default


def _answers(values: dict[str, Any]) -> Answers:
    return Answers(
        city=values["city"],
        kind=values["kind"],
        province=values["province"],
        start=values["start"],
        end=values["end"],
        framework=values["framework"],
        language=values["language"],
        opds=values.get("opds"),
        ci=values.get("ci") or "github",
    )


# --- the questions --------------------------------------------------------------------------


def _question(text: str, validator: Callable[[str], Any], default: str | None = None) -> Any:
    """Ask until `validator` accepts the answer; a rejected answer gets the reason."""

    def judged(raw: str) -> Any:
        try:
            return validator(raw)
        except InvalidAnswer as error:
            raise typer.BadParameter(str(error)) from None

    return typer.prompt(text, default=default, value_proc=judged)


def ask(given: dict[str, Any], folder: Path | None = None) -> dict[str, Any]:
    """Ask for every value not given; return them all."""
    values = dict(given)
    if values["city"] is None:
        kind = values["kind"]
        values["city"] = _question(
            _("Name of the city or regency (e.g. Kota Solok, Kabupaten Solok)"),
            lambda raw: _city_for(raw, kind),
            default=default_for("city", values, folder),
        )
    if values["kind"] is None:
        city = values["city"]
        values["kind"] = _question(
            _("Kind of region (kota, kabupaten)"),
            lambda raw: check.kind(raw, city),
            default=default_for("kind", values, folder),
        )
    if values["province"] is None:
        values["province"] = _question(_("Province (e.g. Sumatera Barat)"), check.province)
    if values["start"] is None:
        end = values["end"]
        values["start"] = _question(
            _("First year of the masterplan"),
            lambda raw: _start_for(raw, end),
            default=default_for("start", values, folder),
        )
    if values["end"] is None:
        start = values["start"]
        values["end"] = _question(
            _("Last year of the masterplan"),
            lambda raw: check.end_year(raw, start),
            default=default_for("end", values, folder),
        )
    if values["framework"] is None:
        typer.echo(_("Frameworks: kominfo, the six dimensions of the national Smart City movement;"))
        typer.echo(_("            cohen, Boyd Cohen's Smart City Wheel."))
        values["framework"] = _question(
            _("Framework (kominfo, cohen)"), check.framework, default=default_for("framework", values, folder)
        )
    if values["language"] is None:
        values["language"] = _question(
            _("Language of the document (id: Indonesian, en: English)"),
            check.language,
            default=default_for("language", values, folder),
        )
    if values.get("opds") is None:
        _show_default_opds(values["kind"])
        values["opds"] = _question(
            _("OPD ids, separated by spaces ({all}: the OPDs above)").format(all=DEFAULT_OPDS),
            _opds_answer,
            default=DEFAULT_OPDS,
        )
    if values.get("ci") is None:
        values["ci"] = _question(
            _("CI workflow (github, gitlab, none)"), check.ci, default=default_for("ci", values, folder)
        )
    return values


def city_named_by(folder: Path) -> str | None:
    """The city a folder's name suggests: `kota-solok` is Kota Solok, `kabupaten_tanah_datar`
    Kabupaten Tanah Datar; other names suggest nothing."""
    words = [word for word in re.split(r"[-_ .]+", folder.name) if word]
    if len(words) < 2 or words[0].lower() not in ("kota", "kabupaten", "kab"):
        return None
    first = "Kabupaten" if words[0].lower() == "kab" else words[0].capitalize()
    return " ".join([first, *(word.capitalize() for word in words[1:])])


def _city_for(raw: str, kind: str | None) -> str:
    city = check.city_name(raw)
    if kind is not None:
        check.kind(kind, city)
    return city


def _start_for(raw: str, end: int | None) -> int:
    start = check.year(raw)
    if end is not None:
        check.end_year(end, start)
    return start


def _next_year(end: int | None) -> int:
    year = dt.date.today().year + 1
    return year if end is None or year <= end else end


def _opds_answer(raw: str) -> tuple[str, ...] | None:
    if raw.strip().lower() == DEFAULT_OPDS:
        return None
    return check.opd_ids(raw)


def _show_default_opds(kind: str) -> None:
    typer.echo(_("The usual OPDs of a {kind}, each with an example program:").format(kind=kind))
    for opd_id in default_opds(kind):
        typer.echo(f"  {opd_id:<12} {BY_ID[opd_id].name.id}")
    typer.echo(_("Other ids get a file with a placeholder name to fill in."))


def confirm_non_empty(root: Path) -> None:
    """On a terminal, adding files to a folder that already has some is confirmed first."""
    if root.is_dir() and any(not entry.name.startswith(".") for entry in root.iterdir()):
        typer.confirm(
            _("{root} is not empty. Add the new repository's files to it (existing files are kept)?").format(
                root=root
            ),
            default=True,
            abort=True,
        )


# --- the report ---------------------------------------------------------------------------


ACTIONS = {
    "create": N_("create"),
    "skip": N_("skip"),
    "change": N_("change"),
}  # what was done with a file, as shown


def show_written(written: Written, shown_root: str) -> None:
    """copier-style: one line per file, `create` or `skip`, then the next steps."""
    colours, style = {"create": "green", "skip": "yellow"}, Style.for_stream(sys.stdout)
    for action, path in written.actions:
        label = style(f"{_(ACTIONS[action]):>8}", "bold", colours[action])
        typer.echo(f"{label}  {path}")
    created, skipped = len(written.created), len(written.skipped)
    summary = "\n" + ngettext(
        "Created {count} file in {root}", "Created {count} files in {root}", created
    ).format(count=created, root=written.root)
    if skipped:
        summary += ngettext(
            "; skipped {count} that already existed (left as it was)",
            "; skipped {count} that already existed (left as they were)",
            skipped,
        ).format(count=skipped)
    typer.echo(summary + ".")
    show_next_steps(written.root, shown_root)


def show_next_steps(root: Path, shown_root: str) -> None:
    typer.echo(_("\nNext steps:"))
    if Path(shown_root).resolve() != Path.cwd().resolve():
        typer.echo(f"  cd {_shell_word(shown_root)}")
    typer.echo(_("  masterplan check      # check the files; run it after every change"))
    typer.echo(_("  masterplan build      # write the Markdown, HTML and PDF documents to dist/"))
    if not (root / ".git").exists():
        typer.echo(_("  git init && git add . && git commit -m 'Start the masterplan'"))
    typer.echo(_("README.md explains how to fill in the masterplan."))


def _shell_word(text: str) -> str:
    return text if os.name == "nt" else shlex.quote(text)
