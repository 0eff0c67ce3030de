"""The command line: typer declarations only. Each command parses its options and calls
`commands/<verb>.py`, which returns the exit code; `run` catches the one error family
(`errors.MasterplanError`) and prints it.

Exit codes: 0 ok, 1 problems found, 2 usage error, 3 internal error (a bug: please report).
Heavy libraries (Jinja, markdown-it, WeasyPrint) are imported inside the commands that need
them, so `masterplan check` and `masterplan --version` start fast.
"""

from __future__ import annotations

import enum
import sys
import traceback
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .errors import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, MasterplanError, internal_error
from .l10n import _
from .terminal import printable
from .typer_l10n import install, show_usage_error

install()  # typer's and click's own words (`Usage:`, `Options`) in the chosen language too

EXIT_INTERRUPTED = 130  # Ctrl-C

app = typer.Typer(
    name="masterplan",
    help=_(
        "Compile an Indonesian smart-city masterplan (Masterplan Smart City) from a repository of YAML files."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class LanguageChoice(str, enum.Enum):
    id = "id"
    en = "en"


def _version(value: bool) -> None:
    if value:
        print(f"masterplan {__version__}")
        raise typer.Exit()


@app.callback(help=_("Exit codes: 0 ok, 1 problems found, 2 usage error, 3 internal error."))
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=_("Show the version and exit.")),
    ] = False,
    show_traceback: Annotated[
        bool, typer.Option("--traceback", help=_("On an internal error, show the Python traceback."))
    ] = False,
    lang: Annotated[
        LanguageChoice | None,
        typer.Option(
            "--lang",
            help=_(
                "Language of messages, hints and help: id or en. Default: MASTERPLAN_LANG, "
                "else the city's `language`, else the locale (LANG), else id."
            ),
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    # `--lang` is read by `__main__`, which settles the language before the commands (and
    # their help) are declared; here it is only accepted and shown in `--help`
    del version, show_traceback, lang


class CheckFormat(str, enum.Enum):
    auto = "auto"
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"


RepoPath = Annotated[
    Path,
    typer.Argument(
        help=_("The city repository (the folder holding masterplan.yaml), or a folder inside it."),
        show_default=".",
    ),
]


def _require_directory(path: Path) -> None:
    if not path.is_dir():
        raise typer.BadParameter(_("{path} is not a folder").format(path=path), param_hint="PATH")


def _repository(path: Path) -> Path:
    """The city repository that `path` is in: from `pillars/`, the folder above (see discovery)."""
    from .discovery import repository

    _require_directory(path)
    return repository(path)


def _city(path: Path) -> Path:
    """The city repository `path` is in, for a command that changes one (`add`, `templates copy`):
    never a folder outside every repository, where it would write files no build reads."""
    from .discovery import find_root
    from .errors import MasterplanError

    _require_directory(path)
    root = find_root(path)
    if root is None:
        raise MasterplanError(
            _(
                "no masterplan.yaml in {path} or a folder above it: run this inside a city repository, "
                "or start one with `masterplan init`; nothing was written"
            ).format(path=path.resolve())
        )
    return root


@app.command(help=_("Check a city repository and report every problem as path:line:col CODE message."))
def check(
    path: RepoPath = Path("."),
    output_format: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            help=_(
                "text for people, json for tools, github for workflow annotations and the step summary, "
                "sarif for code scanning, junit for CI test reports; auto picks github inside GitHub Actions."
            ),
        ),
    ] = CheckFormat.auto,
    strict: Annotated[bool, typer.Option("--strict", help=_("Fail (exit 1) on warnings too."))] = False,
    language: Annotated[
        LanguageChoice | None,
        typer.Option(
            "--language",
            "-l",
            help=_(
                "Also report every text that has no version in this language (id or en), as "
                "`build --language` would. Default: `language` in masterplan.yaml."
            ),
            show_default=False,
        ),
    ] = None,
) -> int:
    from .commands import check as command

    return command.run(_repository(path), output_format.value, strict, _value(language))


class RegionKind(str, enum.Enum):
    kota = "kota"
    kabupaten = "kabupaten"


class FrameworkChoice(str, enum.Enum):
    kominfo = "kominfo"
    cohen = "cohen"


class CiChoice(str, enum.Enum):
    github = "github"
    gitlab = "gitlab"
    none = "none"


def _value(choice: enum.Enum | None) -> str | None:
    return None if choice is None else str(choice.value)


@app.command(
    help=_(
        "Start a new city repository: masterplan.yaml, one file per pillar and per OPD (each with an "
        "example program), guidance in every file, editor schemas and a CI workflow.\n\nOn a terminal, "
        "asks for every value not given. Never overwrites a file: in a folder that already has a "
        "masterplan.yaml it refuses; elsewhere it adds only the missing files."
    )
)
def init(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            help=_("The folder of the new city repository; created when missing."),
            show_default=".",
        ),
    ] = Path("."),
    city: Annotated[
        str | None,
        typer.Option(help=_('Name of the city or regency, e.g. "Kota Solok".'), show_default=False),
    ] = None,
    kind: Annotated[
        RegionKind | None,
        typer.Option(help=_("kota (city) or kabupaten (regency)."), case_sensitive=False, show_default=False),
    ] = None,
    province: Annotated[
        str | None, typer.Option(help=_('Province, e.g. "Sumatera Barat".'), show_default=False)
    ] = None,
    start: Annotated[
        int | None, typer.Option(help=_("First year of the masterplan."), show_default=False)
    ] = None,
    end: Annotated[
        int | None,
        typer.Option(help=_("Last year of the masterplan (at most 20 years)."), show_default=False),
    ] = None,
    framework: Annotated[
        FrameworkChoice | None,
        typer.Option(
            help=_("The pillars: kominfo (the six dimensions) or cohen (Smart City Wheel)."),
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    language: Annotated[
        LanguageChoice | None,
        typer.Option(
            help=_("Language of the document and of the guidance in the files."),
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    opd: Annotated[
        list[str] | None,
        typer.Option(
            "--opd",
            metavar="ID",
            help=_(
                "An OPD id, e.g. dinkes; repeat for more (default: the usual OPDs of a kota or kabupaten)."
            ),
            show_default=False,
        ),
    ] = None,
    ci: Annotated[
        CiChoice | None,
        typer.Option(
            help=_("CI workflow to add: github, gitlab or none.  [default: github]"),
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input",
            help=_(
                "Never ask (as when not on a terminal): a missing value takes the default a terminal "
                "would offer; --province, and --city unless DIR is named like kota-solok, have none."
            ),
        ),
    ] = False,
) -> int:
    from .commands import init as command

    if path.exists() and not path.is_dir():
        raise typer.BadParameter(_("{path} is not a folder").format(path=path), param_hint="PATH")
    given = {
        "city": city,
        "kind": _value(kind),
        "province": province,
        "start": start,
        "end": end,
        "framework": _value(framework),
        "language": _value(language),
        "opds": opd,
        "ci": _value(ci),
    }
    return command.run(path, given, no_input)


@app.command(
    help=_(
        "Write the JSON Schemas of the city files (masterplan, pillar, opd, progress and "
        "previous-programs .schema.json), for editors and other tools; field help is in Indonesian and "
        "English."
    )
)
def schema(
    out: Annotated[
        Path, typer.Option("--out", "-o", help=_("The folder to write the schemas into (created if needed)."))
    ] = Path("."),
) -> int:
    from .commands import schema as command

    if out.exists() and not out.is_dir():
        raise typer.BadParameter(_("{out} is not a folder").format(out=out), param_hint="--out")
    return command.run(out)


class DiffFormat(str, enum.Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command(
    help=_(
        "Compare two versions of a city repository as plans: programs added, removed, renamed or "
        "changed, budgets by pillar, OPD and year, quick wins, years, period, vision, "
        "framework.\n\nUsage: masterplan diff OLD NEW, or masterplan diff --git REV [PATH]."
    )
)
def diff(
    first: Annotated[
        Path | None,
        typer.Argument(
            metavar="OLD",
            help=_("The older city repository; with --git, the city repository (default .)."),
            show_default=False,
        ),
    ] = None,
    second: Annotated[
        Path | None,
        typer.Argument(metavar="NEW", help=_("The newer city repository."), show_default=False),
    ] = None,
    git: Annotated[
        str | None,
        typer.Option(
            "--git",
            metavar="REV",
            help=_("Compare the city repository at git revision REV with the work tree."),
        ),
    ] = None,
    output_format: Annotated[
        DiffFormat,
        typer.Option(
            "--format",
            "-f",
            help=_("text for people, markdown for a pull-request comment or step summary, json for tools."),
        ),
    ] = DiffFormat.text,
    exit_code: Annotated[bool, typer.Option("--exit-code", help=_("Exit 1 when the plans differ."))] = False,
) -> int:
    from .commands import diff as command

    if git is not None:
        if second is not None:
            raise typer.BadParameter(
                _("with --git, give one city repository (the work tree's), not two"), param_hint="NEW"
            )
        _require_directory(first or Path("."))
    elif first is None or second is None:
        raise typer.BadParameter(
            _("give two city repositories (OLD NEW), or --git REV"), param_hint="OLD NEW"
        )
    else:
        _require_directory(first)
        _require_directory(second)
    return command.run(first, second, git, output_format.value, exit_code)


class BuildFormat(str, enum.Enum):
    md = "md"
    html = "html"
    pdf = "pdf"
    docx = "docx"


OutFolder = Annotated[
    Path | None,
    typer.Option("--out", "-o", help=_("Folder for the outputs. Default: PATH/dist."), show_default=False),
]
DocumentLanguage = Annotated[
    LanguageChoice | None,
    typer.Option(
        "--language",
        "-l",
        help=_("Language of the document: id or en. Default: `language` in masterplan.yaml."),
        show_default=False,
    ),
]
StrictBuild = Annotated[bool, typer.Option("--strict", help=_("Refuse to build on warnings too."))]


@app.command(
    help=_(
        "Build the masterplan document from a city repository: masterplan.md, .html and .pdf.\n\nThe "
        "repository is checked first; on errors nothing is built (exit 1, with the same report as "
        "`masterplan check`). Every file is written atomically."
    )
)
def build(
    path: RepoPath = Path("."),
    formats: Annotated[
        list[BuildFormat] | None,
        typer.Option(
            "--format",
            "-f",
            help=_("md, html, pdf or docx (Word); repeat for several. Default: md, html and pdf."),
        ),
    ] = None,
    out: OutFolder = None,
    language: DocumentLanguage = None,
    strict: StrictBuild = False,
    books: Annotated[
        bool,
        typer.Option(
            "--books",
            help=_(
                "Build the four books instead of the single volume: Buku 1 Analisis Strategis, "
                "Buku 2 Masterplan, Buku 3 Quick Win, Buku 4 Peta Jalan (buku-1-analisis-strategis.pdf, ...)."
            ),
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help=_(
                "Show no progress. Without it a build longer than a second shows its steps and "
                "the PDF's chapters on stderr (plain lines where stderr is not a terminal)."
            ),
        ),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help=_(
                "Build everything anew, without reading or writing the build cache (dist/.masterplan-cache)."
            ),
        ),
    ] = False,
) -> int:
    from .commands import build as command

    chosen = [f.value for f in formats] if formats else ["md", "html", "pdf"]
    return command.run(_repository(path), chosen, out, _value(language), strict, books, quiet, not no_cache)


@app.command(
    help=_(
        "Preview the HTML document in a browser: served on this machine, rebuilt whenever a file of "
        "the repository changes, the open page reloads itself; the problems instead when `check` "
        "fails; the PDF from a link on the page. Ctrl-C stops it."
    )
)
def serve(
    path: RepoPath = Path("."),
    port: Annotated[
        int, typer.Option("--port", "-p", min=0, max=65535, help=_("The port (0: any free one)."))
    ] = 8000,
    host: Annotated[
        str,
        typer.Option(
            "--host", help=_("The address to listen on; one that is not loopback needs --allow-remote.")
        ),
    ] = "127.0.0.1",
    allow_remote: Annotated[
        bool,
        typer.Option("--allow-remote", help=_("Listen on an address other machines can reach.")),
    ] = False,
    language: DocumentLanguage = None,
) -> int:
    from .commands import serve as command

    return command.run(_repository(path), host, port, _value(language), allow_remote)


class ReportFormat(str, enum.Enum):
    md = "md"
    html = "html"
    pdf = "pdf"
    dashboard = "dashboard"


@app.command(
    help=_(
        "The yearly evaluation report from progress/<year>/<opd>.yaml: evaluasi-<year>.md, .html, "
        ".pdf, and the forum dashboard (dasbor-<year>.html).\n\nPrograms running, done and dropped per "
        "pillar and OPD, planned against realised budget, indicators, quick wins, overdue and stalled "
        "programs, and a self-assessment on the five evaluation dimensions. The repository is checked "
        "first, as for `build`."
    )
)
def report(
    path: RepoPath = Path("."),
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            help=_(
                "The year to report, up to which everything is counted. Default: the last year in progress/."
            ),
            show_default=False,
        ),
    ] = None,
    formats: Annotated[
        list[ReportFormat] | None,
        typer.Option(
            "--format",
            "-f",
            help=_(
                "md, html, pdf, or dashboard (one self-contained HTML page for the forum); repeat for "
                "several. Default: md, html and pdf."
            ),
        ),
    ] = None,
    out: OutFolder = None,
    language: DocumentLanguage = None,
    strict: StrictBuild = False,
) -> int:
    from .commands import report as command

    chosen = [f.value for f in formats] if formats else ["md", "html", "pdf"]
    return command.run(_repository(path), chosen, year, out, _value(language), strict)


export_app = typer.Typer(
    help=_("Export the plan for people who work in other tools."), no_args_is_help=True, rich_markup_mode=None
)
import_app = typer.Typer(
    help=_("Import what people filled in elsewhere back into the YAML files."),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")


@export_app.command(
    "xlsx",
    help=_(
        "Write a workbook (Excel .xlsx) of the programs, budgets per year, indicators and OPDs, with "
        "instructions and drop-down lists, for OPD staff to fill in; read it back with `masterplan "
        "import xlsx`. The repository must pass `masterplan check`."
    ),
)
def export_xlsx(
    path: RepoPath = Path("."),
    out: Annotated[Path, typer.Option("--out", "-o", help=_("The workbook to write (.xlsx)."))] = ...,  # type: ignore[assignment]
    opd: Annotated[
        str | None,
        typer.Option(
            "--opd",
            metavar="ID",
            help=_("Only this OPD's programs: the workbook to send it."),
            show_default=False,
        ),
    ] = None,
    language: Annotated[
        LanguageChoice | None,
        typer.Option(
            "--language",
            "-l",
            help=_(
                "Language of headers, instructions and texts (a text without it: in the other "
                "language). Default: the city's."
            ),
            show_default=False,
        ),
    ] = None,
) -> int:
    from .commands.export import export_xlsx as run_export

    return run_export(_repository(path), out, opd, _value(language))


@import_app.command(
    "xlsx",
    help=_(
        "Read a filled workbook (one OPD's or the whole plan's) into the YAML files: every cell is "
        "checked with the rules of `masterplan check` and problems are shown by cell (Program!D14); "
        "comments and formatting of the files are kept; what changed is shown as `masterplan diff` "
        "shows it. Nothing is written when anything is wrong."
    ),
)
def import_xlsx(
    workbook: Annotated[Path, typer.Argument(metavar="FILE", help=_("The filled workbook (.xlsx)."))],
    path: RepoPath = Path("."),
) -> int:
    from .commands.import_ import import_xlsx as run_import

    root = _repository(path)
    if not workbook.is_file():
        raise typer.BadParameter(_("{workbook} is not a file").format(workbook=workbook), param_hint="FILE")
    return run_import(workbook, root)


add_app = typer.Typer(
    help=_(
        "Add an OPD, a program or a pillar file to a city repository, as `init` writes them: "
        "with guidance comments and the schema line; never overwrites a file."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(add_app, name="add")
PillarOption = Annotated[
    str | None,
    typer.Option(
        "--pillar",
        metavar="ID",
        help=_("The program's pillar. Default: a known OPD's own, else the pillar with the fewest programs."),
        show_default=False,
    ),
]
NoInputOption = Annotated[
    bool, typer.Option("--no-input", help=_("Never ask (as when not on a terminal): take the defaults."))
]


@add_app.command(
    "opd",
    help=_(
        "Write opd/ID.yaml with one program: the usual example for a known OPD (dinkes, dishub, ...), "
        "else a placeholder marked TODO to fill in."
    ),
)
def add_opd(
    opd_id: Annotated[str, typer.Argument(metavar="ID", help=_("The OPD's id, e.g. dinkes."))],
    path: RepoPath = Path("."),
    pillar: PillarOption = None,
    no_input: NoInputOption = False,
) -> int:
    from .commands import add as command

    return command.opd(_city(path), opd_id, pillar, no_input)


@add_app.command(
    "program",
    help=_(
        "Append a program, marked TODO to fill in, to the OPD's list, with the next free id (DINKES-04 "
        "after DINKES-03); the rest of the file, comments included, stays as it is."
    ),
)
def add_program(
    opd_id: Annotated[str, typer.Argument(metavar="OPD_ID", help=_("The OPD that leads the program."))],
    path: RepoPath = Path("."),
    pillar: PillarOption = None,
    no_input: NoInputOption = False,
) -> int:
    from .commands import add as command

    return command.program(_city(path), opd_id, pillar, no_input)


@add_app.command(
    "pillar", help=_("Write pillars/ID.yaml for a pillar without a file (new, or deleted by mistake).")
)
def add_pillar(
    pillar_id: Annotated[str, typer.Argument(metavar="ID", help=_("A pillar of the city's framework."))],
    path: RepoPath = Path("."),
) -> int:
    from .commands import add as command

    return command.pillar(_city(path), pillar_id)


templates_app = typer.Typer(
    help=_("The built-in templates: which there are, and a copy of one to change."),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(templates_app, name="templates")


@templates_app.command(
    "list",
    help=_(
        "List every built-in template: the path a city's override takes under templates/, whether the "
        "city overrides it, and what it renders."
    ),
)
def templates_list(path: RepoPath = Path(".")) -> int:
    from .commands import templates as command

    return command.list_templates(_city(path))


@templates_app.command(
    "copy",
    help=_(
        "Copy one built-in template into the city's templates/ folder, at the path that overrides it; "
        "never over an existing file."
    ),
)
def templates_copy(
    name: Annotated[
        str,
        typer.Argument(
            help=_("A built-in template: its path (html/roadmap.html) or its file name (roadmap.html).")
        ),
    ],
    path: RepoPath = Path("."),
) -> int:
    from .commands import templates as command

    return command.copy(_city(path), name)


@app.command(
    help=_(
        "Say whether PDF output works on this machine (WeasyPrint, Pango, HarfBuzz, fonts, a test "
        "render) and what to install if not. Exit 0 when it works, 1 when it does not."
    )
)
def doctor(
    path: Annotated[
        Path | None,
        typer.Argument(
            help=_(
                "A city repository: also say which fonts its document uses, and which fields "
                "have characters they cannot draw."
            ),
            show_default=False,
        ),
    ] = None,
) -> int:
    from .commands import doctor as command

    return command.run(None if path is None else _repository(path))


def run(argv: list[str]) -> int:
    """Run the command line and return its exit code; never let a traceback escape."""
    show_traceback = "--traceback" in argv
    if show_traceback:  # accepted anywhere, as the internal-error message suggests adding it
        argv = ["--traceback", *(arg for arg in argv if arg != "--traceback")]
    argv = _global_lang_first(argv)
    try:
        result = app(argv, prog_name="masterplan", standalone_mode=False)
    except typer.Exit as done:
        return int(done.exit_code)
    except MasterplanError as error:  # the one place a user's error is printed
        # it may quote a file, a template, a URL or a WeasyPrint message: one line, escaped
        print(_("Error: {error}").format(error=printable(str(error))), file=sys.stderr)
        return error.exit_code
    except typer.TyperException as error:  # click's usage errors, vendored by typer
        show_usage_error(error)
        return int(getattr(error, "exit_code", EXIT_USAGE))
    except typer.Abort:
        print(_("Aborted."), file=sys.stderr)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception:  # the last line of defence: a bug, reported as such
        print(internal_error(), file=sys.stderr)
        if show_traceback:
            traceback.print_exc()
        else:
            print(
                _("Run again with --traceback to see the details, and include them in the report."),
                file=sys.stderr,
            )
        return EXIT_INTERNAL
    if result == EXIT_INTERRUPTED:  # typer turns Ctrl-C into a silent exit code 130
        print(_("Interrupted."), file=sys.stderr)
    return result if isinstance(result, int) else EXIT_OK


def _global_lang_first(argv: list[str]) -> list[str]:
    """`--lang X` is accepted after the command too (`masterplan check --lang en`), as the
    global option it is: moved to the front, where click reads it."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return [arg, argv[i + 1], *argv[:i], *argv[i + 2 :]]
        if arg.startswith("--lang="):
            return [arg, *argv[:i], *argv[i + 1 :]]
    return argv
