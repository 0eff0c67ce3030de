"""The answers `masterplan init` needs, and the validation of each one.

Every answer is validated by the same function whether it comes from an option or from a
prompt, so that `--start 1900` and typing 1900 at the prompt get the same message. A
validator takes the raw value and returns the clean one, or raises `InvalidAnswer`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ..l10n import _
from ..schema.city import MAX_PERIOD_YEARS
from ..schema.common import FIRST_YEAR, LANGUAGES, LAST_YEAR, SLUG
from ..schema.frameworks import BUILT_IN

KINDS = ("kota", "kabupaten")
FRAMEWORKS = tuple(BUILT_IN)
CI_PLATFORMS = ("github", "gitlab", "none")
# Room for "-01" and "-01-I1" in program and indicator ids (at most 64 characters).
MAX_OPD_ID = 40
MAX_NAME = 100


class InvalidAnswer(ValueError):
    """An answer that cannot be used; the message says why, in words for the user."""


@dataclass(frozen=True)
class Answers:
    """Everything the new city repository is generated from."""

    city: str
    kind: str
    province: str
    start: int
    end: int
    framework: str
    language: str
    opds: tuple[str, ...] | None  # None: the default set for the kind of region
    ci: str = "github"


def _text(value: str, what: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise InvalidAnswer(_("the {what} cannot be empty").format(what=what))
    if any(unicodedata.category(c).startswith("C") for c in text):
        raise InvalidAnswer(_("the {what} contains control characters").format(what=what))
    if len(text) > MAX_NAME:
        raise InvalidAnswer(
            _("the {what} is longer than {max_name} characters").format(what=what, max_name=MAX_NAME)
        )
    return text


def city_name(value: str) -> str:
    return _text(value, _("name"))


def province(value: str) -> str:
    return _text(value, _("province"))


def kind_named_by(city: str) -> str | None:
    """The kind of region a name starts with: "Kota Solok" is a kota, "Kab. Solok" a kabupaten."""
    first = city.split(" ", 1)[0].lower()
    if first == "kota":
        return "kota"
    if first in ("kabupaten", "kab.", "kab"):
        return "kabupaten"
    return None


def kind(value: str, city: str | None = None) -> str:
    answer = value.strip().lower()
    if answer not in KINDS:
        raise InvalidAnswer(
            _('"{value}" is not a kind of region; answer kota or kabupaten').format(value=value)
        )
    named = kind_named_by(city) if city else None
    if named is not None and named != answer:
        raise InvalidAnswer(
            _('"{city}" is a {named} by its name; answer {named}, or start again with another name').format(
                city=city, named=named
            )
        )
    return answer


def year(value: str | int) -> int:
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise InvalidAnswer(_('"{value}" is not a year; write four digits, e.g. 2025').format(value=value))
    number = int(text)
    if not FIRST_YEAR <= number <= LAST_YEAR:
        raise InvalidAnswer(
            _("{number} is outside the years the format allows ({first_year}–{last_year})").format(
                number=number, first_year=FIRST_YEAR, last_year=LAST_YEAR
            )
        )
    return number


def end_year(value: str | int, start: int) -> int:
    end = year(value)
    if end < start:
        raise InvalidAnswer(
            _("the period cannot end ({end}) before it starts ({start})").format(end=end, start=start)
        )
    if end - start + 1 > MAX_PERIOD_YEARS:
        raise InvalidAnswer(
            _(
                "{start}–{end} spans {end2} years; a masterplan covers at most {max_period_years} (the last possible year is {start2})"
            ).format(
                start=start,
                end=end,
                end2=end - start + 1,
                max_period_years=MAX_PERIOD_YEARS,
                start2=start + MAX_PERIOD_YEARS - 1,
            )
        )
    return end


def _choice(value: str, choices: Iterable[str], what: str) -> str:
    answer = value.strip().lower()
    allowed = tuple(choices)
    if answer not in allowed:
        raise InvalidAnswer(
            _('"{value}" is not a {what}; answer one of {allowed}').format(
                value=value, what=what, allowed=", ".join(allowed)
            )
        )
    return answer


def framework(value: str) -> str:
    return _choice(value, FRAMEWORKS, _("framework"))


def language(value: str) -> str:
    return _choice(value, LANGUAGES, _("language"))


def ci(value: str) -> str:
    return _choice(value, CI_PLATFORMS, _("CI platform"))


def opd_ids(values: str | Iterable[str]) -> tuple[str, ...]:
    """OPD ids from a prompt ("dinkes, dishub bappeda") or from repeated `--opd` options (each
    of which may also hold several, separated by commas); repeats are dropped."""
    raw = [values] if isinstance(values, str) else list(values)
    words = [word for value in raw for word in re.split(r"[\s,]+", value) if word]
    if not words:
        raise InvalidAnswer(_("name at least one OPD"))
    found: list[str] = []
    for word in words:
        if not re.fullmatch(SLUG, word):
            lowered = re.sub(r"[^a-z0-9-]+", "-", word.lower()).strip("-")
            hint = (
                _('; did you mean "{lowered}"?').format(lowered=lowered)
                if lowered and re.fullmatch(SLUG, lowered)
                else ""
            )
            raise InvalidAnswer(
                _('"{word}" is not an OPD id: use lowercase letters, digits and hyphens{hint}').format(
                    word=word, hint=hint
                )
            )
        if len(word) > MAX_OPD_ID:
            raise InvalidAnswer(
                _('"{word}" is longer than {max_opd_id} characters; use the OPD\'s short name').format(
                    word=word, max_opd_id=MAX_OPD_ID
                )
            )
        if word not in found:
            found.append(word)
    return tuple(found)
