"""Building blocks shared by the three file kinds: bilingual field docs, ids, years, indicators.

Every field carries its description in Indonesian and in English (`doc`), so the JSON Schema
shows help in both languages in an editor. Types are strict where YAML 1.1 would surprise a
user: a `yes` is not a boolean, a `"2024"` is not a year and a `1.10` is not a version string.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Generic, Literal, TypeVar, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    WithJsonSchema,
    model_validator,
)

from ..l10n import _

COLOUR = r"^#(?:[0-9a-fA-F]{3}){1,2}$"  # #rgb or #rrggbb: nothing CSS could read as more
SLUG = r"^[a-z0-9][a-z0-9-]*$"
PROGRAM_ID = r"^[A-Z0-9][A-Z0-9-]*$"
INDICATOR_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"

FIRST_YEAR = 1945
LAST_YEAR = 2100
# The largest amount of rupiah in one year of one program, and the largest indicator value
# or score (either sign): ten quadrillion, beyond any city's figure, and small enough that
# every sum of them formats exactly (Babel's decimals hold 28 digits; 1e25 did not render).
MAX_AMOUNT = 10**16


def doc(indonesian: str, english: str, **kwargs: Any) -> Any:
    """A pydantic Field whose description is given in both languages."""
    extra: dict[str, Any] = {"x-description-id": indonesian, "x-description-en": english}
    return Field(description=f"{indonesian}\n\n{english}", json_schema_extra=extra, **kwargs)


def _identifier_text(value: Any) -> Any:
    """Accept a whole number where a short code is meant (`number: 12`), but not a float:
    `version: 1.10` would silently become "1.1"."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


class Model(BaseModel):
    """Base of every file model: unknown keys are errors, so a typo never goes unnoticed."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


Year = Annotated[StrictInt, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Rupiah = Annotated[StrictInt, Field(ge=0, le=MAX_AMOUNT)]
Flag = StrictBool
Code = Annotated[str, BeforeValidator(_identifier_text), Field(min_length=1, max_length=100)]
Name = Annotated[str, Field(min_length=1, max_length=500)]


class MarkdownText:
    """Marks a field as Markdown: its links are checked (`checks/links.py`) and rendered."""


Markdown = Annotated[str, Field(max_length=100_000), MarkdownText()]
Slug = Annotated[str, Field(pattern=SLUG, max_length=64)]
ProgramId = Annotated[str, Field(pattern=PROGRAM_ID, max_length=64)]
IndicatorId = Annotated[str, Field(pattern=INDICATOR_ID, max_length=64)]
# bounds on the union, not on each arm: one error for an out-of-range value, and a whole
# number is never rounded to a float to fit (10**16 + 1 would become 1e16)
Number = Annotated[
    Annotated[float, Field(allow_inf_nan=False)] | StrictInt,
    Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT),
    WithJsonSchema({"type": "number", "minimum": -MAX_AMOUNT, "maximum": MAX_AMOUNT}),
]


Unit = Annotated[str, Field(max_length=50)]
Item = Annotated[str, Field(min_length=1, max_length=5000)]  # a list item: a SWOT point, an output
Statement = Annotated[str, Field(min_length=1, max_length=2000)]  # the vision, a mission

Language = Literal["id", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
T = TypeVar("T")


class HintedError(ValueError):
    """A validator's error that carries the hint shown with it (`validation.py`)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


class Bilingual(Model, Generic[T]):
    """A text given in both languages, `{id: …, en: …}`. Every free-text field the document
    shows is `T | Bilingual[T]`: a plain string is the text in the city's `language`; a build
    in the other language takes the key of its language (`bilingual.py` resolves it)."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})

    id: T | None = doc("Teks dalam bahasa Indonesia.", "The text in Indonesian.", default=None)
    en: T | None = doc("Teks dalam bahasa Inggris.", "The text in English.", default=None)

    @model_validator(mode="after")
    def _not_empty(self) -> Bilingual[T]:
        if self.id is None and self.en is None:
            raise HintedError(
                _("a text in two languages needs `id`, `en` or both"),
                _(
                    "write `{{id: teks Indonesia, en: English text}}`, or the text alone as a plain string"
                ).format(),
            )
        return self

    def text(self, language: str) -> T | None:
        return self.id if language == "id" else self.en


# Each kind of text, as its plain string or in both languages (see `Bilingual`); a subclass per
# kind gives it its name in the JSON Schema.
class BilingualName(Bilingual[Name]):
    pass


class BilingualUnit(Bilingual[Unit]):
    pass


class BilingualItem(Bilingual[Item]):
    pass


class BilingualStatement(Bilingual[Statement]):
    pass


class BilingualMarkdown(Bilingual[Markdown]):
    pass


Text = Name | BilingualName
UnitText = Unit | BilingualUnit
ItemText = Item | BilingualItem
StatementText = Statement | BilingualStatement
Prose = Markdown | BilingualMarkdown


def plain_text(value: str | Bilingual[Any]) -> str:
    """A text of a plan that is in one language already (`bilingual.localized`)."""
    if not isinstance(value, str):
        raise TypeError("a text in two languages where the plan's language was resolved")
    return value


def plain_texts(values: Iterable[str | Bilingual[Any]]) -> list[str]:
    return [plain_text(value) for value in values]


class Person(Model):
    """A named office holder, e.g. the Wali Kota or the head of an OPD."""

    title: Text = doc("Jabatan, mis. Wali Kota atau Kepala Dinas.", "Title, e.g. Mayor or Head of Agency.")
    name: Name = doc("Nama lengkap dengan gelar.", "Full name with academic titles.")


Level = Literal["low", "medium", "high"]


class Figure(Model):
    """A measured fact with its unit, year and source (a region figure, a readiness value)."""

    name: Text = doc("Nama data, mis. Jumlah penduduk.", "What is measured, e.g. Population.")
    value: Number = doc("Nilai.", "Value.")
    unit: UnitText = doc(
        "Satuan, mis. jiwa, km², %, Rp miliar.", "Unit, e.g. people, km², %, Rp billion.", default=""
    )
    year: Year = doc("Tahun data.", "Year of the value.")
    source: Text = doc("Sumber data, mis. BPS Kota Solok.", "Source, e.g. BPS (Statistics Indonesia).")


class Baseline(Model):
    year: Year = doc("Tahun data dasar.", "Year of the baseline value.")
    value: Number = doc("Nilai data dasar.", "Baseline value.")


class Indicator(Model):
    """A measurable indicator with a baseline and yearly targets (Indikator kinerja)."""

    id: IndicatorId = doc(
        "Kode indikator, unik di seluruh repositori, mis. GOV-I1.",
        "Indicator id, unique across the repository, e.g. GOV-I1.",
    )
    name: Text = doc("Nama indikator.", "Indicator name.")
    unit: UnitText = doc("Satuan, mis. %, indeks, orang.", "Unit, e.g. %, index, people.", default="")
    baseline: Baseline | None = doc("Data dasar (baseline).", "Baseline value and its year.", default=None)
    targets: dict[Year, Number] = doc(
        "Target per tahun, tahun di dalam periode masterplan.",
        "Target per year; years lie inside the masterplan period.",
        default_factory=dict,
    )
