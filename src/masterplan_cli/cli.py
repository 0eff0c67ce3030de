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
from .errors import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, MasterplanError
from .terminal import printable

EXIT_INTERRUPTED = 130  # Ctrl-C
ISSUES_URL = "https://github.com/masterplan-cli/masterplan/issues"

app = typer.Typer(
    name="masterplan",
    help="Compile an Indonesian smart-city masterplan (Masterplan Smart City) from a repository of YAML files.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"masterplan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    show_traceback: Annotated[
        bool, typer.Option("--traceback", help="On an internal error, show the Python traceback.")
    ] = False,
) -> None:
    """Exit codes: 0 ok, 1 problems found, 2 usage error, 3 internal error."""


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
        help="The city repository (the folder holding masterplan.yaml), or a folder inside it.",
        show_default=".",
    ),
]


def _require_directory(path: Path) -> None:
    if not path.is_dir():
        raise typer.BadParameter(f"{path} is not a folder", param_hint="PATH")


def _repository(path: Path) -> Path:
    """The city repository that `path` is in: from `pillars/`, the folder above (see discovery)."""
    from .discovery import repository

    _require_directory(path)
    return repository(path)


@app.command()
def check(
    path: RepoPath = Path("."),
    output_format: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            help="text for people, json for tools, github for workflow annotations and the step summary, "
            "sarif for code scanning, junit for CI test reports; auto picks github inside GitHub Actions.",
        ),
    ] = CheckFormat.auto,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")] = False,
    language: Annotated[
        LanguageChoice | None,
        typer.Option(
            "--language",
            "-l",
            help="Also report every text that has no version in this language (id or en), as "
            "`build --language` would. Default: `language` in masterplan.yaml.",
            show_default=False,
        ),
    ] = None,
) -> int:
    """Check a city repository and report every problem as path:line:col CODE message."""
    from .commands import check as command

    return command.run(_repository(path), output_format.value, strict, _value(language))


class RegionKind(str, enum.Enum):
    kota = "kota"
    kabupaten = "kabupaten"


class FrameworkChoice(str, enum.Enum):
    kominfo = "kominfo"
    cohen = "cohen"


class LanguageChoice(str, enum.Enum):
    id = "id"
    en = "en"


class CiChoice(str, enum.Enum):
    github = "github"
    gitlab = "gitlab"
    none = "none"


def _value(choice: enum.Enum | None) -> str | None:
    return None if choice is None else str(choice.value)


@app.command()
def init(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            help="The folder of the new city repository; created when missing.",
            show_default=".",
        ),
    ] = Path("."),
    city: Annotated[
        str | None, typer.Option(help='Name of the city or regency, e.g. "Kota Solok".', show_default=False)
    ] = None,
    kind: Annotated[
        RegionKind | None,
        typer.Option(help="kota (city) or kabupaten (regency).", case_sensitive=False, show_default=False),
    ] = None,
    province: Annotated[
        str | None, typer.Option(help='Province, e.g. "Sumatera Barat".', show_default=False)
    ] = None,
    start: Annotated[
        int | None, typer.Option(help="First year of the masterplan.", show_default=False)
    ] = None,
    end: Annotated[
        int | None, typer.Option(help="Last year of the masterplan (at most 20 years).", show_default=False)
    ] = None,
    framework: Annotated[
        FrameworkChoice | None,
        typer.Option(
            help="The pillars: kominfo (the six dimensions) or cohen (Smart City Wheel).",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    language: Annotated[
        LanguageChoice | None,
        typer.Option(
            help="Language of the document and of the guidance in the files.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    opd: Annotated[
        list[str] | None,
        typer.Option(
            "--opd",
            metavar="ID",
            help="An OPD id, e.g. dinkes; repeat for more (default: the usual OPDs of a kota or kabupaten).",
            show_default=False,
        ),
    ] = None,
    ci: Annotated[
        CiChoice | None,
        typer.Option(
            help="CI workflow to add: github, gitlab or none.  [default: github]",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input",
            help="Never ask (as when not on a terminal): a missing value takes the default a terminal "
            "would offer; --province, and --city unless DIR is named like kota-solok, have none.",
        ),
    ] = False,
) -> int:
    """Start a new city repository: masterplan.yaml, one file per pillar and per OPD (each with
    an example program), guidance in every file, editor schemas and a CI workflow.

    On a terminal, asks for every value not given. Never overwrites a file: in a folder that
    already has a masterplan.yaml it refuses; elsewhere it adds only the missing files."""
    from .commands import init as command

    if path.exists() and not path.is_dir():
        raise typer.BadParameter(f"{path} is not a folder", param_hint="PATH")
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


@app.command()
def schema(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The folder to write the schemas into (created if needed).")
    ] = Path("."),
) -> int:
    """Write the JSON Schemas of the city files (masterplan, pillar, opd, progress and previous-programs .schema.json), for
    editors and other tools; field help is in Indonesian and English."""
    from .commands import schema as command

    if out.exists() and not out.is_dir():
        raise typer.BadParameter(f"{out} is not a folder", param_hint="--out")
    return command.run(out)


class DiffFormat(str, enum.Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
def diff(
    first: Annotated[
        Path | None,
        typer.Argument(
            metavar="OLD",
            help="The older city repository; with --git, the city repository (default .).",
            show_default=False,
        ),
    ] = None,
    second: Annotated[
        Path | None,
        typer.Argument(metavar="NEW", help="The newer city repository.", show_default=False),
    ] = None,
    git: Annotated[
        str | None,
        typer.Option(
            "--git", metavar="REV", help="Compare the city repository at git revision REV with the work tree."
        ),
    ] = None,
    output_format: Annotated[
        DiffFormat,
        typer.Option(
            "--format",
            "-f",
            help="text for people, markdown for a pull-request comment or step summary, json for tools.",
        ),
    ] = DiffFormat.text,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when the plans differ.")] = False,
) -> int:
    """Compare two versions of a city repository as plans: programs added, removed, renamed or
    changed, budgets by pillar, OPD and year, quick wins, years, period, vision, framework.

    Usage: masterplan diff OLD NEW, or masterplan diff --git REV [PATH]."""
    from .commands import diff as command

    if git is not None:
        if second is not None:
            raise typer.BadParameter(
                "with --git, give one city repository (the work tree's), not two", param_hint="NEW"
            )
        _require_directory(first or Path("."))
    elif first is None or second is None:
        raise typer.BadParameter("give two city repositories (OLD NEW), or --git REV", param_hint="OLD NEW")
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
    typer.Option("--out", "-o", help="Folder for the outputs. Default: PATH/dist.", show_default=False),
]
DocumentLanguage = Annotated[
    LanguageChoice | None,
    typer.Option(
        "--language",
        "-l",
        help="Language of the document: id or en. Default: `language` in masterplan.yaml.",
        show_default=False,
    ),
]
StrictBuild = Annotated[bool, typer.Option("--strict", help="Refuse to build on warnings too.")]


@app.command()
def build(
    path: RepoPath = Path("."),
    formats: Annotated[
        list[BuildFormat] | None,
        typer.Option(
            "--format",
            "-f",
            help="md, html, pdf or docx (Word); repeat for several. Default: md, html and pdf.",
        ),
    ] = None,
    out: OutFolder = None,
    language: DocumentLanguage = None,
    strict: StrictBuild = False,
    books: Annotated[
        bool,
        typer.Option(
            "--books",
            help="Build the four books instead of the single volume: Buku 1 Analisis Strategis, "
            "Buku 2 Masterplan, Buku 3 Quick Win, Buku 4 Peta Jalan (buku-1-analisis-strategis.pdf, ...).",
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="Show no progress. Without it a build longer than a second shows its steps and "
            "the PDF's chapters on stderr (plain lines where stderr is not a terminal).",
        ),
    ] = False,
) -> int:
    """Build the masterplan document from a city repository: masterplan.md, .html and .pdf.

    The repository is checked first; on errors nothing is built (exit 1, with the same report
    as `masterplan check`). Every file is written atomically."""
    from .commands import build as command

    chosen = [f.value for f in formats] if formats else ["md", "html", "pdf"]
    return command.run(_repository(path), chosen, out, _value(language), strict, books, quiet)


class ReportFormat(str, enum.Enum):
    md = "md"
    html = "html"
    pdf = "pdf"
    dashboard = "dashboard"


@app.command()
def report(
    path: RepoPath = Path("."),
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            help="The year to report, up to which everything is counted. Default: the last year in progress/.",
            show_default=False,
        ),
    ] = None,
    formats: Annotated[
        list[ReportFormat] | None,
        typer.Option(
            "--format",
            "-f",
            help="md, html, pdf, or dashboard (one self-contained HTML page for the forum); repeat for "
            "several. Default: md, html and pdf.",
        ),
    ] = None,
    out: OutFolder = None,
    language: DocumentLanguage = None,
    strict: StrictBuild = False,
) -> int:
    """The yearly evaluation report from progress/<year>/<opd>.yaml: evaluasi-<year>.md, .html, .pdf,
    and the forum dashboard (dasbor-<year>.html).

    Programs running, done and dropped per pillar and OPD, planned against realised budget,
    indicators, quick wins, overdue and stalled programs, and a self-assessment on the five
    evaluation dimensions. The repository is checked first, as for `build`."""
    from .commands import report as command

    _require_directory(path)
    chosen = [f.value for f in formats] if formats else ["md", "html", "pdf"]
    return command.run(path, chosen, year, out, _value(language), strict)


export_app = typer.Typer(
    help="Export the plan for people who work in other tools.", no_args_is_help=True, rich_markup_mode=None
)
import_app = typer.Typer(
    help="Import what people filled in elsewhere back into the YAML files.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")


@export_app.command("xlsx")
def export_xlsx(
    path: RepoPath = Path("."),
    out: Annotated[Path, typer.Option("--out", "-o", help="The workbook to write (.xlsx).")] = ...,  # type: ignore[assignment]
    opd: Annotated[
        str | None,
        typer.Option(
            "--opd",
            metavar="ID",
            help="Only this OPD's programs: the workbook to send it.",
            show_default=False,
        ),
    ] = None,
    language: Annotated[
        LanguageChoice | None,
        typer.Option(
            "--language",
            "-l",
            help="Language of headers, instructions and texts (a text without it: in the other "
            "language). Default: the city's.",
            show_default=False,
        ),
    ] = None,
) -> int:
    """Write a workbook (Excel .xlsx) of the programs, budgets per year, indicators and OPDs,
    with instructions and drop-down lists, for OPD staff to fill in; read it back with
    `masterplan import xlsx`. The repository must pass `masterplan check`."""
    from .commands.export import export_xlsx as run_export

    return run_export(_repository(path), out, opd, _value(language))


@import_app.command("xlsx")
def import_xlsx(
    workbook: Annotated[Path, typer.Argument(metavar="FILE", help="The filled workbook (.xlsx).")],
    path: RepoPath = Path("."),
) -> int:
    """Read a filled workbook (one OPD's or the whole plan's) into the YAML files: every cell is
    checked with the rules of `masterplan check` and problems are shown by cell (Program!D14);
    comments and formatting of the files are kept; what changed is shown as `masterplan diff`
    shows it. Nothing is written when anything is wrong."""
    from .commands.import_ import import_xlsx as run_import

    root = _repository(path)
    if not workbook.is_file():
        raise typer.BadParameter(f"{workbook} is not a file", param_hint="FILE")
    return run_import(workbook, root)


add_app = typer.Typer(
    help="Add an OPD, a program or a pillar file to a city repository, as `init` writes them: "
    "with guidance comments and the schema line; never overwrites a file.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(add_app, name="add")
PillarOption = Annotated[
    str | None,
    typer.Option(
        "--pillar",
        metavar="ID",
        help="The program's pillar. Default: a known OPD's own, else the pillar with the fewest programs.",
        show_default=False,
    ),
]
NoInputOption = Annotated[
    bool, typer.Option("--no-input", help="Never ask (as when not on a terminal): take the defaults.")
]


@add_app.command("opd")
def add_opd(
    opd_id: Annotated[str, typer.Argument(metavar="ID", help="The OPD's id, e.g. dinkes.")],
    path: RepoPath = Path("."),
    pillar: PillarOption = None,
    no_input: NoInputOption = False,
) -> int:
    """Write opd/ID.yaml with one program: the usual example for a known OPD (dinkes, dishub,
    ...), else a placeholder marked TODO to fill in."""
    from .commands import add as command

    _require_directory(path)
    return command.opd(path, opd_id, pillar, no_input)


@add_app.command("program")
def add_program(
    opd_id: Annotated[str, typer.Argument(metavar="OPD_ID", help="The OPD that leads the program.")],
    path: RepoPath = Path("."),
    pillar: PillarOption = None,
    no_input: NoInputOption = False,
) -> int:
    """Append a program, marked TODO to fill in, to the OPD's list, with the next free id
    (DINKES-04 after DINKES-03); the rest of the file, comments included, stays as it is."""
    from .commands import add as command

    _require_directory(path)
    return command.program(path, opd_id, pillar, no_input)


@add_app.command("pillar")
def add_pillar(
    pillar_id: Annotated[str, typer.Argument(metavar="ID", help="A pillar of the city's framework.")],
    path: RepoPath = Path("."),
) -> int:
    """Write pillars/ID.yaml for a pillar without a file (new, or deleted by mistake)."""
    from .commands import add as command

    _require_directory(path)
    return command.pillar(path, pillar_id)


templates_app = typer.Typer(
    help="The built-in templates: which there are, and a copy of one to change.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(templates_app, name="templates")


@templates_app.command("list")
def templates_list(path: RepoPath = Path(".")) -> int:
    """List every built-in template: the path a city's override takes under templates/,
    whether the city overrides it, and what it renders."""
    from .commands import templates as command

    _require_directory(path)
    return command.list_templates(path)


@templates_app.command("copy")
def templates_copy(
    name: Annotated[
        str,
        typer.Argument(
            help="A built-in template: its path (html/roadmap.html) or its file name (roadmap.html)."
        ),
    ],
    path: RepoPath = Path("."),
) -> int:
    """Copy one built-in template into the city's templates/ folder, at the path that overrides
    it; never over an existing file."""
    from .commands import templates as command

    _require_directory(path)
    return command.copy(path, name)


@app.command()
def doctor(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="A city repository: also say which fonts its document uses, and which fields "
            "have characters they cannot draw.",
            show_default=False,
        ),
    ] = None,
) -> int:
    """Say whether PDF output works on this machine (WeasyPrint, Pango, HarfBuzz, fonts, a
    test render) and what to install if not. Exit 0 when it works, 1 when it does not."""
    from .commands import doctor as command

    return command.run(None if path is None else _repository(path))


def run(argv: list[str]) -> int:
    """Run the command line and return its exit code; never let a traceback escape."""
    show_traceback = "--traceback" in argv
    if show_traceback:  # accepted anywhere, as the internal-error message suggests adding it
        argv = ["--traceback", *(arg for arg in argv if arg != "--traceback")]
    try:
        result = app(argv, prog_name="masterplan", standalone_mode=False)
    except typer.Exit as done:
        return int(done.exit_code)
    except MasterplanError as error:  # the one place a user's error is printed
        # it may quote a file, a template, a URL or a WeasyPrint message: one line, escaped
        print(f"Error: {printable(str(error))}", file=sys.stderr)
        return error.exit_code
    except typer.TyperException as error:  # click's usage errors, vendored by typer
        error.show()  # type: ignore[attr-defined]
        return int(getattr(error, "exit_code", EXIT_USAGE))
    except typer.Abort:
        print("Aborted.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception:  # the last line of defence: a bug, reported as such
        print(
            f"masterplan {__version__}: internal error. This is a bug; please report it at {ISSUES_URL}",
            file=sys.stderr,
        )
        if show_traceback:
            traceback.print_exc()
        else:
            print(
                "Run again with --traceback to see the details, and include them in the report.",
                file=sys.stderr,
            )
        return EXIT_INTERNAL
    if result == EXIT_INTERRUPTED:  # typer turns Ctrl-C into a silent exit code 130
        print("Interrupted.", file=sys.stderr)
    return result if isinstance(result, int) else EXIT_OK
