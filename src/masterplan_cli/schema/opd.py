"""`opd/<opd>.yaml`: one OPD (Organisasi Perangkat Daerah) and its programs."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ..l10n import _
from .common import (
    Flag,
    Indicator,
    ItemText,
    Level,
    Model,
    Person,
    ProgramId,
    Prose,
    Rupiah,
    Slug,
    Text,
    Year,
    doc,
    plain_text,
)

Funding = Literal["apbd", "apbn", "dak", "kpbu", "csr", "private", "grant", "other"]
FUNDING_SOURCES: tuple[str, ...] = get_args(Funding)  # the order of every funding table
Status = Literal["planned", "in-progress", "done", "dropped"]
Category = Literal["structure", "infrastructure", "superstructure"]
Innovation = Literal["program", "product", "method", "conceptual", "technology"]


class Step(Model):
    """A step of a quick win's implementation plan."""

    when: Annotated[str, Field(pattern=r"^\d{4}-(Q[1-4]|0[1-9]|1[0-2])$")] = doc(
        'Triwulan atau bulan pelaksanaan: "2024-Q1" atau "2024-03".',
        'Quarter or month: "2024-Q1" or "2024-03".',
    )
    activity: ItemText = doc("Kegiatan.", "Activity.")
    owner: Text = doc("Penanggung jawab (OPD atau bidang).", "Who is responsible (OPD or unit).")
    output: ItemText = doc("Keluaran langkah ini.", "Output of this step.")


class Risk(Model):
    """A risk to a program and how it is mitigated."""

    risk: ItemText = doc("Risiko.", "Risk.")
    likelihood: Level = doc("Kemungkinan: low, medium, high.", "Likelihood: low, medium, high.")
    impact: Level = doc("Dampak: low, medium, high.", "Impact: low, medium, high.")
    mitigation: ItemText = doc("Mitigasi.", "Mitigation.")


class Program(Model):
    """A smart-city program owned by the OPD of the file it stands in."""

    id: ProgramId = doc(
        "Kode program, unik di seluruh repositori: huruf besar, angka, tanda hubung.",
        "Program id, unique across the repository: capitals, digits and hyphens.",
    )
    name: Text = doc("Nama program.", "Program name.")
    pillar: Slug = doc("Pilar (dimensi) program.", "The program's pillar (dimension).")
    element: Slug | None = doc("Elemen pilar.", "Element of the pillar.", default=None)
    description: Prose | None = doc("Uraian program (Markdown).", "Description (Markdown).", default=None)
    quick_win: Flag = doc(
        "Program quick win (tahun pertama atau kedua).", "A quick win (year one or two).", default=False
    )
    start: Year = doc("Tahun mulai, di dalam periode.", "First year, inside the period.")
    end: Year | None = doc(
        "Tahun selesai; bawaan sama dengan start.", "Last year; defaults to start.", default=None
    )
    budget: dict[Year, Rupiah] = doc(
        "Anggaran per tahun dalam rupiah (bilangan bulat >= 0), tahun di antara start dan end.",
        "Budget per year in rupiah (whole numbers >= 0); years between start and end.",
        default_factory=dict,
    )
    funding: list[Funding] = doc(
        f"Sumber pendanaan: {', '.join(FUNDING_SOURCES)}.",
        f"Funding sources: {', '.join(FUNDING_SOURCES)}.",
        default_factory=list,
    )
    funding_shares: dict[Funding, Annotated[int, Field(ge=1, le=100, strict=True)]] = doc(
        "Bagian tiap sumber dalam persen, jumlahnya 100, mis. {apbd: 70, csr: 30}; tanpa ini "
        "anggaran dibagi rata antarsumber.",
        "Each source's share in percent, adding up to 100, e.g. {apbd: 70, csr: 30}; without it the "
        "budget is split equally between the sources.",
        default_factory=dict,
    )
    supporting: list[Slug] = doc("Kode OPD pendukung.", "Ids of supporting OPDs.", default_factory=list)
    category: Category | None = doc(
        "Kategori: structure, infrastructure, superstructure.",
        "Category: structure, infrastructure, superstructure.",
        default=None,
    )
    innovation: Innovation | None = doc(
        "Jenis inovasi: program, product, method, conceptual, technology.",
        "Kind of innovation: program, product, method, conceptual, technology.",
        default=None,
    )
    rpjmd: Text | None = doc(
        "Keterkaitan dengan RPJMD/Renstra.", "Link to the RPJMD or the OPD's Renstra.", default=None
    )
    outputs: list[ItemText] = doc("Keluaran (output).", "Outputs.", default_factory=list)
    outcomes: list[ItemText] = doc("Hasil (outcome).", "Outcomes.", default_factory=list)
    indicators: list[Indicator] = doc("Indikator program.", "Program indicators.", default_factory=list)
    status: Status = doc(
        "Status: planned, in-progress, done, dropped.",
        "Status: planned, in-progress, done, dropped.",
        default="planned",
    )
    progress: Annotated[int, Field(ge=0, le=100, strict=True)] | None = doc(
        "Kemajuan dalam persen (0–100).", "Progress in percent (0–100).", default=None
    )
    depends_on: list[ProgramId] = doc(
        "Program prasyarat.", "Programs this one depends on.", default_factory=list
    )
    partners: list[Text] = doc(
        "Mitra di luar pemerintah daerah.", "Partners outside the local government.", default_factory=list
    )
    benefit: ItemText | None = doc(
        "Manfaat yang langsung dirasakan warga (terutama untuk quick win).",
        "The benefit citizens feel directly (for quick wins above all).",
        default=None,
    )
    implementation: list[Step] = doc(
        "Rencana implementasi quick win: langkah per bulan atau triwulan.",
        "A quick win's implementation plan: steps by month or quarter.",
        default_factory=list,
    )
    risks: list[Risk] = doc("Risiko dan mitigasinya.", "Risks and their mitigation.", default_factory=list)

    @model_validator(mode="after")
    def _ordered_years(self) -> Program:
        if self.end is not None and self.end < self.start:
            raise ValueError(
                _("the program ends ({end}) before it starts ({start})").format(
                    end=self.end, start=self.start
                )
            )
        return self

    @field_validator("funding_shares")
    @classmethod
    def _shares_of_the_sources(cls, shares: dict[Funding, int], info: ValidationInfo) -> dict[Funding, int]:
        """A field validator, so the error points at `funding_shares` (`funding` comes first and
        is in `info.data` when valid; when not, its own error is reported)."""
        if shares and "funding" in info.data:
            if set(shares) != set(info.data["funding"]):
                raise ValueError(_("the shares must name exactly the sources in `funding`"))
            if sum(shares.values()) != 100:
                raise ValueError(_("the shares add up to {sum}%, not 100%").format(sum=sum(shares.values())))
        return shares

    @property
    def last_year(self) -> int:
        return self.end if self.end is not None else self.start

    @property
    def years(self) -> range:
        return range(self.start, self.last_year + 1)

    @property
    def total_budget(self) -> int:
        return sum(self.budget.values())


class OpdFile(Model):
    """An OPD (local government agency) and the programs it leads."""

    id: Slug = doc(
        "Kode OPD (huruf kecil); sebaiknya sama dengan nama file.",
        "OPD id (lowercase slug); should equal the file name.",
    )
    name: Text = doc("Nama lengkap OPD.", "Full name of the OPD.")
    short_name: Text | None = doc("Singkatan, mis. Diskominfo.", "Short name, e.g. Diskominfo.", default=None)
    head: Person | None = doc("Kepala OPD.", "Head of the OPD.", default=None)
    programs: list[Program] = doc(
        "Program yang dipimpin OPD ini.", "Programs led by this OPD.", default_factory=list
    )

    @property
    def label(self) -> str:
        """Its short name, else its name (in a plan of one language, `bilingual.localized`)."""
        return plain_text(self.short_name or self.name)
