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
    goals: list[Item] = doc("Sasaran.", "Goals.", default_factory=list)
    strategies: list[Item] = doc("Strategi.", "Strategies.", default_factory=list)
    indicators: list[Indicator] = doc(
        "Indikator kinerja pilar.", "Performance indicators of the pillar.", default_factory=list
    )
