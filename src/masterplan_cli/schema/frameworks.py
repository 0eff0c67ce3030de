"""Frameworks: the pillars (dimensions) of a masterplan and the elements of each pillar.

Two are built in: `kominfo`, the six dimensions of the national Gerakan Menuju 100 Smart City,
and `cohen`, Boyd Cohen's Smart City Wheel. A city may define its own in `masterplan.yaml`,
starting from a built-in one (`base`) and adding or replacing pillars, e.g. a seventh pillar
for disaster resilience.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, model_validator

from ..l10n import _
from .common import LANGUAGES, Bilingual, Model, Name, Slug, Text, doc

NameSpec = Text


class ElementSpec(Model):
    id: Slug = doc("Kode elemen (huruf kecil).", "Element id (lowercase slug).")
    name: NameSpec = doc("Nama elemen.", "Element name.")


class PillarSpec(Model):
    id: Slug = doc("Kode pilar/dimensi (huruf kecil).", "Pillar (dimension) id (lowercase slug).")
    name: NameSpec = doc("Nama pilar.", "Pillar name.")
    elements: Annotated[list[ElementSpec], Field(max_length=50)] = doc(
        "Elemen pilar ini.", "The elements of this pillar.", default_factory=list
    )

    @model_validator(mode="after")
    def _unique_elements(self) -> PillarSpec:
        seen: set[str] = set()
        for element in self.elements:
            if element.id in seen:
                raise ValueError(
                    _('element "{id}" is listed twice in pillar "{id2}"').format(id=element.id, id2=self.id)
                )
            seen.add(element.id)
        return self


class CustomFramework(Model):
    """A city's own framework: a built-in one extended, or a list of pillars from scratch."""

    id: Slug = doc("Kode kerangka kerja.", "Framework id.", default="custom")
    name: Name | None = doc("Nama kerangka kerja.", "Framework name.", default=None)
    base: Literal["kominfo", "cohen"] | None = doc(
        "Kerangka bawaan yang menjadi dasar; pilar di bawah ditambahkan atau menggantikan pilar "
        "dengan kode yang sama.",
        "Built-in framework to start from; the pillars below are added to it, or replace its "
        "pillar of the same id.",
        default=None,
    )
    pillars: Annotated[list[PillarSpec], Field(min_length=1, max_length=30)] = doc(
        "Pilar kerangka kerja, berurutan.", "The framework's pillars, in document order."
    )

    @model_validator(mode="after")
    def _unique_pillars(self) -> CustomFramework:
        seen: set[str] = set()
        for pillar in self.pillars:
            if pillar.id in seen:
                raise ValueError(_('pillar "{id}" is listed twice').format(id=pillar.id))
            seen.add(pillar.id)
        return self


# --- resolved frameworks, as the rest of the program sees them -------------------------------


@dataclass(frozen=True)
class Element:
    id: str
    names: dict[str, str]

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["id"]


@dataclass(frozen=True)
class Pillar:
    id: str
    names: dict[str, str]
    elements: tuple[Element, ...]

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["id"]

    def element(self, element_id: str) -> Element | None:
        return next((e for e in self.elements if e.id == element_id), None)


@dataclass(frozen=True)
class Framework:
    id: str
    names: dict[str, str]
    pillars: tuple[Pillar, ...]

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["id"]

    def pillar(self, pillar_id: str) -> Pillar | None:
        return next((p for p in self.pillars if p.id == pillar_id), None)

    @property
    def pillar_ids(self) -> list[str]:
        return [p.id for p in self.pillars]


def _built_in(
    framework_id: str, names: tuple[str, str], table: list[tuple[str, str, str, list[tuple[str, str, str]]]]
) -> Framework:
    pillars = tuple(
        Pillar(
            id=pid,
            names={"id": pid_name, "en": pen_name},
            elements=tuple(
                Element(id=eid, names={"id": eid_name, "en": een_name})
                for eid, eid_name, een_name in elements
            ),
        )
        for pid, pid_name, pen_name, elements in table
    )
    return Framework(id=framework_id, names={"id": names[0], "en": names[1]}, pillars=pillars)


KOMINFO = _built_in(
    "kominfo",
    ("Gerakan Menuju 100 Smart City (Kominfo)", "Towards 100 Smart Cities Movement (Kominfo)"),
    [
        (
            "governance",
            "Smart Governance",
            "Smart Governance",
            [
                ("service", "Pelayanan Publik", "Public Service"),
                ("bureaucracy", "Manajemen Birokrasi", "Bureaucracy Management"),
                ("policy", "Kebijakan Publik", "Public Policy"),
            ],
        ),
        (
            "branding",
            "Smart Branding",
            "Smart Branding",
            [
                ("tourism", "Ekosistem Pariwisata", "Tourism Ecosystem"),
                ("business", "Ekosistem Bisnis", "Business Ecosystem"),
                ("city-appearance", "Wajah Kota", "City Appearance"),
            ],
        ),
        (
            "economy",
            "Smart Economy",
            "Smart Economy",
            [
                ("industry", "Ekosistem Industri", "Industry Ecosystem"),
                ("welfare", "Kesejahteraan Masyarakat", "Community Welfare"),
                ("transaction", "Ekosistem Transaksi Keuangan", "Financial Transaction Ecosystem"),
            ],
        ),
        (
            "living",
            "Smart Living",
            "Smart Living",
            [
                ("harmony", "Harmonisasi Tata Ruang", "Spatial Harmony"),
                ("health", "Kesehatan", "Health"),
                ("mobility", "Sarana Transportasi", "Mobility"),
            ],
        ),
        (
            "society",
            "Smart Society",
            "Smart Society",
            [
                ("community", "Interaksi Masyarakat", "Community Interaction"),
                ("learning", "Ekosistem Belajar", "Learning Ecosystem"),
                ("security", "Keamanan Masyarakat", "Public Safety"),
            ],
        ),
        (
            "environment",
            "Smart Environment",
            "Smart Environment",
            [
                ("protection", "Proteksi Lingkungan", "Environmental Protection"),
                ("waste", "Tata Kelola Sampah dan Limbah", "Waste Management"),
                ("energy", "Tata Kelola Energi", "Energy Management"),
            ],
        ),
    ],
)

COHEN = _built_in(
    "cohen",
    ("Smart City Wheel (Boyd Cohen)", "Smart City Wheel (Boyd Cohen)"),
    [
        (
            "economy",
            "Smart Economy",
            "Smart Economy",
            [
                ("entrepreneurship", "Kewirausahaan dan Inovasi", "Entrepreneurship and Innovation"),
                ("productivity", "Produktivitas", "Productivity"),
                (
                    "interconnectedness",
                    "Keterhubungan Lokal dan Global",
                    "Local and Global Interconnectedness",
                ),
            ],
        ),
        (
            "environment",
            "Smart Environment",
            "Smart Environment",
            [
                ("green-buildings", "Bangunan Hijau", "Green Buildings"),
                ("green-energy", "Energi Hijau", "Green Energy"),
                ("green-planning", "Perencanaan Kota Hijau", "Green Urban Planning"),
            ],
        ),
        (
            "governance",
            "Smart Government",
            "Smart Government",
            [
                ("online-services", "Layanan Daring", "Enabling Supply and Demand Side Policy"),
                ("infrastructure", "Infrastruktur TIK dan E-Government", "ICT and E-Government"),
                ("open-government", "Transparansi dan Data Terbuka", "Transparency and Open Data"),
            ],
        ),
        (
            "living",
            "Smart Living",
            "Smart Living",
            [
                ("culture", "Budaya dan Kebahagiaan", "Culturally Vibrant and Happy"),
                ("safety", "Keamanan", "Safe"),
                ("health", "Kesehatan", "Healthy"),
            ],
        ),
        (
            "mobility",
            "Smart Mobility",
            "Smart Mobility",
            [
                ("mixed-modal", "Akses Multimoda", "Mixed-Modal Access"),
                (
                    "clean-transport",
                    "Transportasi Bersih dan Tidak Bermotor",
                    "Clean and Non-Motorised Options",
                ),
                ("integrated-ict", "TIK Terintegrasi", "Integrated ICT"),
            ],
        ),
        (
            "people",
            "Smart People",
            "Smart People",
            [
                ("education", "Pendidikan Abad 21", "21st Century Education"),
                ("inclusion", "Masyarakat Inklusif", "Inclusive Society"),
                ("creativity", "Kreativitas", "Embrace Creativity"),
            ],
        ),
    ],
)

BUILT_IN: dict[str, Framework] = {"kominfo": KOMINFO, "cohen": COHEN}


def _names(spec: NameSpec) -> dict[str, str]:
    if isinstance(spec, Bilingual):
        return {language: str(spec.text(language) or spec.id or spec.en) for language in LANGUAGES}
    return {"id": spec, "en": spec}


def resolve(spec: str | CustomFramework) -> Framework:
    """The framework a city's `framework:` field names or defines."""
    if isinstance(spec, str):
        return BUILT_IN[spec]
    pillars: list[Pillar] = list(BUILT_IN[spec.base].pillars) if spec.base else []
    for pillar_spec in spec.pillars:
        pillar = Pillar(
            id=pillar_spec.id,
            names=_names(pillar_spec.name),
            elements=tuple(Element(id=e.id, names=_names(e.name)) for e in pillar_spec.elements),
        )
        index = next((i for i, p in enumerate(pillars) if p.id == pillar.id), None)
        if index is None:
            pillars.append(pillar)
        else:
            pillars[index] = pillar
    name = spec.name or spec.id
    return Framework(id=spec.id, names={"id": name, "en": name}, pillars=tuple(pillars))
