"""The language of what the command line says: messages, hints, prompts, summaries, `--help`.

Every such text is written in English in the code, marked `_("…")` (or `ngettext` for a
count, `N_` where it is declared before it is shown), and looked up in a gettext catalogue,
`locale/id/LC_MESSAGES/masterplan.mo` (`make messages` extracts, updates and compiles it).
English is the source and needs no catalogue.

The language is, first of these that says one: `--lang`, `MASTERPLAN_LANG`, the city's
`language:` in masterplan.yaml, the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`); else Indonesian,
the people who edit a city repository read it first. It is settled before the command line
is declared (`__main__`), because typer reads the `--help` texts when the commands are
declared: so this module stays light (no YAML parser, no Babel).

The document's own text has its own catalogue (`i18n.py`, `templates/messages/`).
"""

from __future__ import annotations

import gettext
import os
import re
import string
from collections.abc import Mapping, Sequence
from pathlib import Path

LANGUAGES = ("id", "en")
DEFAULT = "id"
DOMAIN = "masterplan"
LOCALE_DIR = Path(__file__).parent / "locale"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _(message: str) -> str:
    """`message` in the chosen language (an empty one stays empty: gettext would give the
    catalogue's header)."""
    return _localised(_translation.gettext(message)) if message else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for `count` (Indonesian has one form)."""
    return _localised(_translation.ngettext(singular, plural, count))


class _IndonesianNumbers(string.Formatter):
    """`{count:,}` and `{seconds:.1f}` the Indonesian way: 1.000.000 and 8,9."""

    def format_field(self, value: object, format_spec: str) -> str:
        text: str = super().format_field(value, format_spec)
        if isinstance(value, float) or (isinstance(value, int) and "," in format_spec):
            return text.translate(_SWAP_SEPARATORS)
        return text


_SWAP_SEPARATORS = str.maketrans(",.", ".,")
_INDONESIAN_NUMBERS = _IndonesianNumbers()


class _Text(str):
    """A message whose `.format` writes numbers as its language does."""

    __slots__ = ()

    def format(self, *args: object, **kwargs: object) -> str:
        return _INDONESIAN_NUMBERS.vformat(self, args, kwargs)


def _localised(message: str) -> str:
    return _Text(message) if _language == "id" else message


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is declared; `_()` translates it where shown."""
    return message


def language() -> str:
    return _language


def settle(chosen: str) -> None:
    """Speak `chosen` from now on."""
    global _translation, _language
    _language = chosen
    if chosen == "en":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[chosen])


_CITY_LANGUAGE = re.compile(r"^language:[ \t]*[\"']?([a-z]{2})\b", re.MULTILINE)


def choose(argv: Sequence[str], environ: Mapping[str, str], cwd: Path) -> str:
    """The language of the command line `argv` (see the module's docstring)."""
    for chosen in (_option(argv), environ.get("MASTERPLAN_LANG", "")[:2].lower()):
        if chosen in LANGUAGES:
            return chosen
    city = _city_language(argv, cwd)
    if city in LANGUAGES:
        return city
    # POSIX: the first of these that is set names the messages' locale
    locale = next((environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)), "")
    chosen = re.split(r"[_.@]", locale)[0].lower()
    return chosen if chosen in LANGUAGES else DEFAULT


def _option(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1].lower()
        if arg.startswith("--lang="):
            return arg.partition("=")[2].lower()
    return ""


def _city_language(argv: Sequence[str], cwd: Path) -> str:
    """`language:` of the masterplan.yaml of a folder named on the command line, else of the
    working folder. Read as text, not parsed: only a top-level `language: id` line counts,
    and a file that cannot be read says nothing (the command itself will say why)."""
    folders = [cwd / arg for arg in argv if not arg.startswith("-")] + [cwd]
    for folder in (f for start in folders for f in _upwards(start)):
        path = folder / "masterplan.yaml"
        try:  # a hostile repository's file may be a link out of it, or a FIFO that never ends
            if path.is_symlink() or not path.is_file():
                continue
            with path.open("rb") as stream:
                text = stream.read(65536).decode("utf-8", errors="replace")
        except (OSError, ValueError):
            continue
        found = _CITY_LANGUAGE.search(text)
        return found[1] if found else ""
    return ""


def _upwards(folder: Path) -> list[Path]:
    """`folder` and the folders above it up to a git work tree's top: a command run in
    `pillars/` finds its repository as git does (discovery.py)."""
    chain = [folder]
    for parent in folder.absolute().parents:
        if (chain[-1] / ".git").exists():
            break
        chain.append(parent)
    return chain


settle(choose([], os.environ, Path(".")))
