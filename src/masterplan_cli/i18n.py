"""The document's language: its message catalogue and its number, money and date formats.

All fixed text of the document (chapter titles, table headers, boilerplate paragraphs) comes
from one catalogue per language, `templates/messages/<language>.yaml`. A count in a message
chooses its words by the language's plural rules (CLDR, through Babel), written the ICU
MessageFormat way: `{programs, plural, one {# program} other {# programs}}` (see `plural`;
plurals may nest); Indonesian needs none. Numbers, rupiah and dates are formatted for the
locale by Babel (CLDR data): `Rp1.500.000.000`, `Rp1,5 miliar`, `1 Oktober 2024` in
Indonesian; `Rp1,500,000,000`, `Rp1.5 billion`, `October 1, 2024` in English.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from .resources import templates_dir

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# `{name, plural, =0 {…} one {…} other {…}}`; a form may hold placeholders, and another plural
# (resolved first: this pattern matches only a plural without one inside)
_FORM_TEXT = r"(?:[^{}]|\{[a-z_]+\})*"
_FORM = re.compile(r"(=\d+|zero|one|two|few|many|other)\s*\{(" + _FORM_TEXT + r")\}")
_PLURAL = re.compile(
    r"\{([a-z_]+),\s*plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{" + _FORM_TEXT + r"\})+)\s*\}"
)


class MissingMessage(KeyError):
    pass


@cache
def _catalogue(language: str) -> dict[str, Any]:
    path = templates_dir() / "messages" / f"{language}.yaml"
    with path.open(encoding="utf-8") as stream:
        data = yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict):
        raise ValueError(f"{path} is not a mapping")
    flat: dict[str, Any] = {}
    _flatten(data, "", flat)
    return flat


def _flatten(data: dict[str, Any], prefix: str, into: dict[str, Any]) -> None:
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, name + ".", into)
        else:
            into[name] = value


@dataclass(frozen=True)
class Messages:
    """`t("chapter.introduction")`, `t("cover.period", start=2024, end=2028)`; `t["table.id"]`
    is the same as `t("table.id")` (cheaper in a template's loops: no call).

    Placeholders are `{name}`; values are inserted as text, never interpreted (the catalogue is
    part of the package; values may come from the city's files)."""

    language: str

    def __call__(self, key: str, **values: Any) -> Any:
        catalogue = _catalogue(self.language)
        if key not in catalogue:
            raise MissingMessage(f"no message {key!r} in the {self.language} catalogue")
        message = catalogue[key]
        if isinstance(message, str) and values:
            while "plural" in message:  # innermost first: a form may hold another plural
                resolved = _PLURAL.sub(lambda m: plural(self.language, values, m), message)
                if resolved == message:
                    break
                message = resolved
            return _PLACEHOLDER.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], message)
        return message

    def __getitem__(self, key: str) -> Any:
        return self(key)

    def has(self, key: str) -> bool:
        return key in _catalogue(self.language)

    def keys(self) -> list[str]:
        return list(_catalogue(self.language))


@cache
def _plural_form(language: str) -> Any:
    return Locale.parse(language).plural_form


def plural(language: str, values: dict[str, Any], match: re.Match[str]) -> str:
    """One `{name, plural, …}` of a message, for the count `values[name]`: the form `=N` for
    exactly N, else the form of the count's plural category in the language (English: `one`
    for 1, `other` for 0 and the rest; Indonesian: always `other`), else `other`; `#` in the
    form is the count. Without the count, the text stays as it is."""
    name = match[1]
    forms: dict[str, str] = dict(_FORM.findall(match[2]))
    if name not in values:
        return str(match[0])
    count = values[name]
    form = forms.get(f"={count}")
    if form is None:
        category = _plural_form(language)(count) if isinstance(count, (int, float, Decimal)) else "other"
        form = forms[category] if category in forms else forms.get("other", "")
    return form.replace("#", str(count))


# the short form's units, largest first; beyond the largest, its count is grouped
# ("Rp1.360.000 triliun"), never written as a bare run of digits
_UNITS = {
    "id": ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta")),
    "en": ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")),
}


def half_up(value: float | Decimal, places: int) -> Decimal:
    """`value` rounded to `places` decimals, a half always up (44,45 → 44,5): the one rounding
    rule of every number the document shows (Babel's own would round a half to even)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@lru_cache(maxsize=16384)  # the same amounts and years are formatted again and again
def _decimal(value: float | Decimal, pattern: str, language: str) -> str:
    places = len(pattern.partition(".")[2])
    return str(format_decimal(half_up(value, places), format=pattern, locale=language))


@lru_cache(maxsize=16384)
def _short(value: int, language: str) -> str:
    """The largest unit whose rounded count is at least one (999.950.000 is `Rp1 miliar`)."""
    units = _UNITS[language]
    size, word = next(((s, w) for s, w in units if half_up(Decimal(value) / s, 1) >= 1), units[-1])
    return f"Rp{_decimal(Decimal(value) / size, '#,##0.#', language)} {word}"


@dataclass(frozen=True)
class Formatter:
    """Numbers, rupiah, dates and years for one locale."""

    language: str

    def number(self, value: float) -> str:
        return _decimal(value, "#,##0.###", self.language)

    def decimal(self, value: float) -> str:
        """An indicator value: as many decimals as it has, up to three."""
        return _decimal(value, "#,##0.###", self.language)

    def rupiah(self, value: int) -> str:
        return "Rp" + _decimal(value, "#,##0", self.language)

    def millions(self, value: int) -> str:
        """Rupiah in millions, exact (`1.500` for Rp1.500.000.000, `0,25` for Rp250.000):
        the budget tables' unit, so that eleven years of amounts fit a page and still add up."""
        return _decimal(Decimal(value) / 1_000_000, "#,##0.######", self.language)

    def rupiah_short(self, value: int) -> str:
        """`Rp1,5 miliar`, one decimal rounded half up (`Rp44,5 miliar` for Rp44.450.000.000),
        the count grouped (`Rp1.360.000 triliun`): for summaries and charts; below a million
        the full amount."""
        if value < 1_000_000:
            return self.rupiah(value)
        return _short(value, self.language)

    def percent(self, share: float, places: int = 1) -> str:
        """`70,7%`; with `places=2` the evaluation's `70,73%` (87 of 123 programs)."""
        return _decimal(share * 100, "#,##0." + "0" * places, self.language) + "%"

    def date(self, value: dt.date) -> str:
        return format_date(value, format="long", locale=self.language)

    def years(self, first: int, last: int) -> str:
        return str(first) if first == last else f"{first}–{last}"


# Indonesian names a city writes that the English edition gives in English: the provinces, and
# the kinds of regulation that adopt a masterplan (the Indonesian name follows in brackets)
_ENGLISH = {
    "province": {
        "Sumatera Utara": "North Sumatra",
        "Sumatera Barat": "West Sumatra",
        "Sumatera Selatan": "South Sumatra",
        "Kepulauan Riau": "Riau Islands",
        "Kepulauan Bangka Belitung": "Bangka Belitung Islands",
        "DKI Jakarta": "Jakarta",
        "Daerah Khusus Jakarta": "Jakarta",
        "Jawa Barat": "West Java",
        "Jawa Tengah": "Central Java",
        "Jawa Timur": "East Java",
        "DI Yogyakarta": "Special Region of Yogyakarta",
        "Daerah Istimewa Yogyakarta": "Special Region of Yogyakarta",
        "Nusa Tenggara Barat": "West Nusa Tenggara",
        "Nusa Tenggara Timur": "East Nusa Tenggara",
        "Kalimantan Barat": "West Kalimantan",
        "Kalimantan Tengah": "Central Kalimantan",
        "Kalimantan Selatan": "South Kalimantan",
        "Kalimantan Timur": "East Kalimantan",
        "Kalimantan Utara": "North Kalimantan",
        "Sulawesi Utara": "North Sulawesi",
        "Sulawesi Tengah": "Central Sulawesi",
        "Sulawesi Barat": "West Sulawesi",
        "Sulawesi Selatan": "South Sulawesi",
        "Sulawesi Tenggara": "Southeast Sulawesi",
        "Maluku Utara": "North Maluku",
        "Papua Barat": "West Papua",
        "Papua Barat Daya": "Southwest Papua",
        "Papua Tengah": "Central Papua",
        "Papua Pegunungan": "Highland Papua",
        "Papua Selatan": "South Papua",
    },
    "regulation": {
        "Perwali": "Mayor Regulation (Perwali)",
        "Perbup": "Regent Regulation (Perbup)",
        "Perda": "Regional Regulation (Perda)",
        "Pergub": "Governor Regulation (Pergub)",
        "SK": "Decree (SK)",
    },
}


def local_name(kind: str, name: str, language: str) -> str:
    """`name` (a province, a kind of regulation) in the document's language: Indonesian as
    written; in English, its English name where it has one (`Sumatera Barat` → `West Sumatra`)."""
    return _ENGLISH[kind].get(name, name) if language == "en" else name
