"""`pillars/<pillar>.yaml`: a pillar's analysis, goals, strategies and indicators."""

from __future__ import annotations

from .common import Indicator, ItemText, Model, Prose, Slug, doc


class Swot(Model):
    strengths: list[ItemText] = doc("Kekuatan.", "Strengths.", default_factory=list)
    weaknesses: list[ItemText] = doc("Kelemahan.", "Weaknesses.", default_factory=list)
    opportunities: list[ItemText] = doc("Peluang.", "Opportunities.", default_factory=list)
    threats: list[ItemText] = doc("Ancaman.", "Threats.", default_factory=list)


class Tows(Model):
    """TOWS matrix: strategies that pair internal and external factors."""

    so: list[ItemText] = doc(
        "Strategi S-O: kekuatan untuk meraih peluang.",
        "S-O: strengths to seize opportunities.",
        default_factory=list,
    )
    st: list[ItemText] = doc(
        "Strategi S-T: kekuatan untuk menghadapi ancaman.",
        "S-T: strengths against threats.",
        default_factory=list,
    )
    wo: list[ItemText] = doc(
        "Strategi W-O: peluang untuk mengatasi kelemahan.",
        "W-O: opportunities to overcome weaknesses.",
        default_factory=list,
    )
    wt: list[ItemText] = doc(
        "Strategi W-T: memperkecil kelemahan dan ancaman.",
        "W-T: reduce weaknesses and avoid threats.",
        default_factory=list,
    )


class Gap(Model):
    """One line of the gap analysis: where the region is, where it wants to be, what closes it."""

    aspect: ItemText = doc("Aspek.", "Aspect.")
    current: ItemText = doc("Kondisi saat ini.", "Current condition.")
    target: ItemText = doc("Kondisi yang diharapkan.", "Expected condition.")
    action: ItemText = doc("Upaya menutup kesenjangan.", "What closes the gap.")


class PillarFile(Model):
    """The analysis and plan of one pillar (dimension) of the framework."""

    pillar: Slug = doc(
        "Kode pilar dari kerangka kerja; sebaiknya sama dengan nama file.",
        "A pillar id of the framework; should equal the file name.",
    )
    description: Prose | None = doc(
        "Arti pilar ini bagi daerah (Markdown).",
        "What this pillar means for the city (Markdown).",
        default=None,
    )
    issues: list[ItemText] = doc("Isu strategis.", "Strategic issues.", default_factory=list)
    swot: Swot | None = doc("Analisis SWOT.", "SWOT analysis.", default=None)
    tows: Tows | None = doc(
        "Matriks TOWS (strategi SO, ST, WO, WT).", "TOWS matrix (SO, ST, WO, WT strategies).", default=None
    )
    gaps: list[Gap] = doc("Analisis kesenjangan.", "Gap analysis.", default_factory=list)
    goals: list[ItemText] = doc("Sasaran.", "Goals.", default_factory=list)
    strategies: list[ItemText] = doc("Strategi.", "Strategies.", default_factory=list)
    indicators: list[Indicator] = doc(
        "Indikator kinerja pilar.", "Performance indicators of the pillar.", default_factory=list
    )
