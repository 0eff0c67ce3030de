"""`pillars/<pillar>.yaml`: a pillar's analysis, goals, strategies and indicators."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .common import Indicator, Markdown, Model, Slug, doc

Item = Annotated[str, Field(min_length=1, max_length=5000)]


class Swot(Model):
    strengths: list[Item] = doc("Kekuatan.", "Strengths.", default_factory=list)
    weaknesses: list[Item] = doc("Kelemahan.", "Weaknesses.", default_factory=list)
    opportunities: list[Item] = doc("Peluang.", "Opportunities.", default_factory=list)
    threats: list[Item] = doc("Ancaman.", "Threats.", default_factory=list)


class Tows(Model):
    """TOWS matrix: strategies that pair internal and external factors."""

    so: list[Item] = doc(
        "Strategi S-O: kekuatan untuk meraih peluang.",
        "S-O: strengths to seize opportunities.",
        default_factory=list,
    )
    st: list[Item] = doc(
        "Strategi S-T: kekuatan untuk menghadapi ancaman.",
        "S-T: strengths against threats.",
        default_factory=list,
    )
    wo: list[Item] = doc(
        "Strategi W-O: peluang untuk mengatasi kelemahan.",
        "W-O: opportunities to overcome weaknesses.",
        default_factory=list,
    )
    wt: list[Item] = doc(
        "Strategi W-T: memperkecil kelemahan dan ancaman.",
        "W-T: reduce weaknesses and avoid threats.",
        default_factory=list,
    )


class Gap(Model):
    """One line of the gap analysis: where the region is, where it wants to be, what closes it."""

    aspect: Item = doc("Aspek.", "Aspect.")
    current: Item = doc("Kondisi saat ini.", "Current condition.")
    target: Item = doc("Kondisi yang diharapkan.", "Expected condition.")
    action: Item = doc("Upaya menutup kesenjangan.", "What closes the gap.")


class PillarFile(Model):
    """The analysis and plan of one pillar (dimension) of the framework."""

    pillar: Slug = doc(
        "Kode pilar dari kerangka kerja; sebaiknya sama dengan nama file.",
        "A pillar id of the framework; should equal the file name.",
    )
    description: Markdown | None = doc(
        "Arti pilar ini bagi daerah (Markdown).",
        "What this pillar means for the city (Markdown).",
        default=None,
    )
    issues: list[Item] = doc("Isu strategis.", "Strategic issues.", default_factory=list)
    swot: Swot | None = doc("Analisis SWOT.", "SWOT analysis.", default=None)
    tows: Tows | None = doc(
        "Matriks TOWS (strategi SO, ST, WO, WT).", "TOWS matrix (SO, ST, WO, WT strategies).", default=None
    )
    gaps: list[Gap] = doc("Analisis kesenjangan.", "Gap analysis.", default_factory=list)
    goals: list[Item] = doc("Sasaran.", "Goals.", default_factory=list)
    strategies: list[Item] = doc("Strategi.", "Strategies.", default_factory=list)
    indicators: list[Indicator] = doc(
        "Indikator kinerja pilar.", "Performance indicators of the pillar.", default_factory=list
    )
