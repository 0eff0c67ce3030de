"""`masterplan.yaml`: the city, the period, the vision, and the document's settings."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from ..l10n import _
from .common import (
    COLOUR,
    Code,
    Figure,
    Flag,
    Language,
    Model,
    Name,
    Number,
    Person,
    Prose,
    Rupiah,
    Slug,
    StatementText,
    Text,
    UnitText,
    Year,
    doc,
)
from .frameworks import CustomFramework
from .previous import Previous

MAX_PERIOD_YEARS = 20
FONT_FAMILY = r"^[A-Za-z0-9][A-Za-z0-9 -]*$"  # nothing CSS could read as more than a name


class City(Model):
    name: Name = doc("Nama daerah, mis. Kota Solok.", "Name of the city or regency, e.g. Kota Solok.")
    kind: Literal["kota", "kabupaten"] = doc(
        "Jenis daerah: kota atau kabupaten.", "Kind: kota (city) or kabupaten (regency)."
    )
    province: Name = doc("Provinsi.", "Province.")
    region_code: Annotated[str, Field(pattern=r"^\d{2}(\.\d{2})?$")] | None = doc(
        'Kode wilayah Kemendagri, sebagai teks, mis. "13.72".',
        'Kemendagri region code, as a string, e.g. "13.72".',
        default=None,
    )
    head: Person | None = doc(
        "Kepala daerah (Wali Kota/Bupati).", "Head of the region (mayor or regent).", default=None
    )
    seat: Name | None = doc(
        "Ibu kota daerah, tempat dokumen ditandatangani, mis. Arosuka untuk Kabupaten Solok; "
        "bawaan: nama daerah tanpa Kota/Kabupaten.",
        "Seat of the government, where the document is signed, e.g. Arosuka for Kabupaten Solok; "
        "default: the name without Kota/Kabupaten.",
        default=None,
    )
    logo: Annotated[str, Field(max_length=500)] | None = doc(
        "Path logo di dalam repositori, mis. assets/logo.png (PNG, JPEG atau SVG).",
        "Path of the logo inside the repository, e.g. assets/logo.png (PNG, JPEG or SVG).",
        default=None,
    )
    profile: Prose | None = doc(
        "Gambaran umum daerah (Markdown): geografi, penduduk, ekonomi, visi RPJMD.",
        "Profile of the region (Markdown): geography, population, economy, the RPJMD vision.",
        default=None,
    )
    figures: list[Figure] = doc(
        "Data pokok daerah (tabel di Bab II): luas, penduduk, kecamatan, IPM, PDRB, kemiskinan, "
        "penetrasi internet, APBD..., masing-masing dengan satuan, tahun dan sumber.",
        "Key figures of the region (a table in chapter II): area, population, districts, HDI, GRDP, "
        "poverty, internet penetration, budget..., each with unit, year and source.",
        default_factory=list,
    )
    apbd: dict[Year, Rupiah] = doc(
        "Besar APBD daerah per tahun (rupiah), untuk membandingkan rencana dengan kapasitas fiskal.",
        "The region's total budget (APBD) per year in rupiah, to compare the plan with fiscal capacity.",
        default_factory=dict,
    )


class Period(Model):
    start: Year = doc("Tahun awal masterplan.", "First year of the masterplan.")
    end: Year = doc("Tahun akhir masterplan.", "Last year of the masterplan.")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(
                _("the period ends ({end}) before it starts ({start})").format(end=self.end, start=self.start)
            )
        if self.end - self.start + 1 > MAX_PERIOD_YEARS:
            raise ValueError(
                _("the period spans {end} years; at most {max_period_years} are allowed").format(
                    end=self.end - self.start + 1, max_period_years=MAX_PERIOD_YEARS
                )
            )
        return self

    @property
    def years(self) -> list[int]:
        return list(range(self.start, self.end + 1))


class Regulation(Model):
    """A regulation or decree: Perwali, Perbup, Perda, SK, ..."""

    kind: Annotated[str, Field(min_length=1, max_length=40)] = doc(
        "Jenis peraturan, mis. Perwali, Perbup, SK.", "Kind of regulation, e.g. Perwali, Perbup, SK."
    )
    number: Code = doc("Nomor peraturan.", "Number of the regulation.")
    year: Year = doc("Tahun peraturan.", "Year of the regulation.")
    title: Text | None = doc("Judul atau perihal.", "Title or subject.", default=None)


class Document(Model):
    title: Text | None = doc(
        "Judul dokumen; bawaan: Masterplan Smart City <nama daerah> <awal>–<akhir>.",
        "Document title; default: Masterplan Smart City <city> <start>–<end>.",
        default=None,
    )
    subtitle: Text | None = doc("Subjudul pada sampul.", "Subtitle on the cover.", default=None)
    author: Text | None = doc(
        "Penyusun dokumen; bawaan: Pemerintah <nama daerah>.",
        "Author shown in the document; default: the city's government.",
        default=None,
    )
    version: Code | None = doc(
        'Versi dokumen, sebagai teks, mis. "1.0".', 'Document version, as a string, e.g. "1.0".', default=None
    )
    date: dt.date | None = doc(
        "Tanggal dokumen (YYYY-MM-DD).", "Date of the document (YYYY-MM-DD).", default=None
    )
    foreword: Prose | None = doc("Kata pengantar (Markdown).", "Foreword (Markdown).", default=None)
    background: Prose | None = doc("Latar belakang (Markdown).", "Background (Markdown).", default=None)
    purpose: Prose | None = doc("Maksud dan tujuan (Markdown).", "Purpose (Markdown).", default=None)
    scope: Prose | None = doc("Ruang lingkup (Markdown).", "Scope (Markdown).", default=None)
    method: Prose | None = doc("Metodologi penyusunan (Markdown).", "Method (Markdown).", default=None)
    closing: Prose | None = doc("Penutup (Markdown).", "Closing chapter (Markdown).", default=None)
    legal_basis: list[Text] = doc("Dasar hukum.", "Legal basis.", default_factory=list)
    font: Annotated[str, Field(pattern=FONT_FAMILY, max_length=63)] | None = doc(
        "Huruf yang terpasang di komputer pembuat dokumen, dipakai sebelum Noto Sans bawaan, "
        'mis. "Source Sans 3"; bawaan: Noto Sans (ikut dalam paket). `masterplan doctor` '
        "memeriksa apakah huruf itu ada.",
        "A font family installed on the machine that builds the document, used before the "
        'bundled Noto Sans, e.g. "Source Sans 3"; default: Noto Sans (shipped with the package). '
        "`masterplan doctor` says whether it is found.",
        default=None,
    )
    draft: Flag = doc(
        "Dokumen masih draf: setiap halaman PDF diberi tanda air DRAF.",
        "The document is a draft: every PDF page carries a DRAFT watermark.",
        default=False,
    )
    adopted_by: Regulation | None = doc(
        "Peraturan yang menetapkan masterplan (Perwali/Perbup).",
        "The regulation that adopts the masterplan (Perwali/Perbup).",
        default=None,
    )


ReadinessStatus = Literal["ready", "partial", "not-ready"]


class ReadinessItem(Model):
    name: Text = doc("Aspek kesiapan.", "Readiness aspect.")
    description: Prose | None = doc(
        "Uraian kondisi saat ini.", "Description of the current state.", default=None
    )
    status: ReadinessStatus = doc(
        "Status: ready (siap), partial (sebagian), not-ready (belum siap).",
        "Status: ready, partial or not-ready.",
    )
    value: Number | None = doc(
        "Nilai terukur, mis. indeks SPBE 2,6.", "Measured value, e.g. an SPBE index of 2.6.", default=None
    )
    unit: UnitText = doc("Satuan nilai.", "Unit of the value.", default="")
    year: Year | None = doc("Tahun nilai.", "Year of the value.", default=None)
    source: Text | None = doc("Sumber nilai.", "Source of the value.", default=None)


class Readiness(Model):
    structure: list[ReadinessItem] = doc(
        "Struktur: sumber daya manusia, anggaran, tata kelola.",
        "Structure: people, budget, governance.",
        default_factory=list,
    )
    infrastructure: list[ReadinessItem] = doc(
        "Infrastruktur: fisik, digital, sosial.",
        "Infrastructure: physical, digital, social.",
        default_factory=list,
    )
    superstructure: list[ReadinessItem] = doc(
        "Suprastruktur: regulasi, kelembagaan, prosedur.",
        "Superstructure: regulations, institutions, procedures.",
        default_factory=list,
    )


class Rating(Model):
    source: Text = doc("Lembaga atau nama penilaian.", "Assessing body or rating name.")
    year: Year = doc("Tahun penilaian.", "Year of the assessment.")
    result: Text = doc("Hasil, mis. kategori atau peringkat.", "Result, e.g. category or rank.")
    score: Number | None = doc("Nilai, bila ada.", "Score, if any.", default=None)
    note: Prose | None = doc("Catatan.", "Note.", default=None)


class Member(Model):
    name: Text = doc(
        "Nama, atau jabatan bila anggota duduk karena jabatannya.",
        "Name, or the office when the member sits by virtue of it.",
    )
    position: Text = doc("Jabatan, mis. Kepala Diskominfo.", "Position, e.g. head of Diskominfo.")
    role: Text = doc(
        "Peran dalam dewan/tim, mis. Ketua, Anggota.", "Role in the council or team, e.g. chair, member."
    )


class Governance(Model):
    council: list[Member] = doc(
        "Dewan Smart City.", "Smart City Council (Dewan Smart City).", default_factory=list
    )
    team: list[Member] = doc(
        "Tim Pelaksana Smart City.", "Implementation team (Tim Pelaksana).", default_factory=list
    )
    forum: Prose | None = doc(
        "Forum Smart City: keanggotaan dan jadwal.", "Smart City Forum: members and meetings.", default=None
    )
    decrees: list[Regulation] = doc(
        "Surat keputusan dan peraturan terkait.", "Related decrees and regulations.", default_factory=list
    )


class SupportAction(Model):
    """One supporting action: infrastructure, people and training, or financing."""

    name: Text = doc("Nama kegiatan.", "Action.")
    description: Prose | None = doc("Uraian.", "Description.", default=None)
    year: Year | None = doc("Tahun target.", "Target year.", default=None)
    opd: Slug | None = doc("Kode OPD penanggung jawab.", "Id of the responsible OPD.", default=None)


class PlannedRegulation(Model):
    """A regulation to draft so the programs have a legal basis."""

    kind: Annotated[str, Field(min_length=1, max_length=40)] = doc(
        "Jenis, mis. Perwali, Perda, SK.", "Kind, e.g. Perwali, Perda, SK."
    )
    title: Text = doc("Judul atau pokok pengaturan.", "Title or subject.")
    year: Year = doc("Tahun target penetapan.", "Target year of adoption.")
    opd: Slug | None = doc("Kode OPD pemrakarsa.", "Id of the initiating OPD.", default=None)


class SupportPlan(Model):
    """Rencana Aksi Pendukung: what the programs need besides themselves."""

    infrastructure: list[SupportAction] = doc(
        "Infrastruktur pendukung: jaringan, pusat data, command center.",
        "Supporting infrastructure: network, data centre, command centre.",
        default_factory=list,
    )
    people: list[SupportAction] = doc(
        "Sumber daya manusia dan pelatihan.", "Human resources and training.", default_factory=list
    )
    regulations: list[PlannedRegulation] = doc(
        "Regulasi yang perlu disusun, dengan tahun target.",
        "Regulations to draft, with their target year.",
        default_factory=list,
    )
    financing: list[SupportAction] = doc(
        "Skema pembiayaan: APBD, DAK, KPBU, CSR, hibah.",
        "Financing: APBD, DAK, PPP (KPBU), CSR, grants.",
        default_factory=list,
    )


DIMENSIONS = ("baseline", "output", "outcome", "impact", "quick_win")


class Weights(Model):
    """The weights of the ministry's five evaluation dimensions (Pedoman Evaluasi Smart City):
    they differ by year, so the city sets this year's."""

    baseline: Annotated[int, Field(ge=0, le=100, strict=True)] = doc(
        "Bobot Baseline.", "Weight of Baseline.", default=10
    )
    output: Annotated[int, Field(ge=0, le=100, strict=True)] = doc(
        "Bobot Output.", "Weight of Output.", default=20
    )
    outcome: Annotated[int, Field(ge=0, le=100, strict=True)] = doc(
        "Bobot Outcome.", "Weight of Outcome.", default=30
    )
    impact: Annotated[int, Field(ge=0, le=100, strict=True)] = doc(
        "Bobot Impact.", "Weight of Impact.", default=30
    )
    quick_win: Annotated[int, Field(ge=0, le=100, strict=True)] = doc(
        "Bobot Quick Win.", "Weight of Quick Win.", default=10
    )

    @model_validator(mode="after")
    def _hundred(self) -> Weights:
        total = sum(getattr(self, name) for name in DIMENSIONS)
        if total != 100:
            raise ValueError(_("the weights add up to {total}, not 100").format(total=total))
        return self


class Evaluation(Model):
    """Settings of the yearly evaluation report (`masterplan report`)."""

    weights: Weights = doc(
        "Bobot lima dimensi evaluasi dalam persen, jumlahnya 100.",
        "Weights of the five evaluation dimensions in percent, adding up to 100.",
        default_factory=Weights,
    )


Colour = Annotated[str, Field(pattern=COLOUR)]


class Theme(Model):
    """How the HTML, PDF and Word documents look, without copying a template."""

    primary: Colour | None = doc(
        'Warna utama: pita sampul, judul bab, kepala tabel, mis. "#1b365d" (bawaan: biru tua).',
        'Main colour: the cover band, chapter headings, table headers, e.g. "#1b365d" (default: navy).',
        default=None,
    )
    primary_dark: Colour | None = doc(
        "Warna judul dan latar sampul; bawaan: warna utama yang digelapkan.",
        "Colour of headings and the cover background; default: the main colour, darkened.",
        default=None,
    )
    accent: Colour | None = doc(
        'Warna aksen: nomor bab, penanda quick win, mis. "#946200" (bawaan: oker).',
        'Accent colour: chapter numbers, quick-win badges, e.g. "#946200" (default: ochre).',
        default=None,
    )
    text: Colour | None = doc(
        'Warna teks (bawaan: "#1f2933", hampir hitam).',
        'Colour of the text (default: "#1f2933", near black).',
        default=None,
    )
    heading_font: Annotated[str, Field(pattern=FONT_FAMILY, max_length=63)] | None = doc(
        "Huruf judul, terpasang di komputer pembuat dokumen (bawaan: huruf teks); "
        "`masterplan doctor` memeriksa apakah huruf itu ada.",
        "Font family of the headings, installed on the machine that builds the document "
        "(default: the text's); `masterplan doctor` says whether it is found.",
        default=None,
    )
    logo: Literal["top", "bottom", "none"] = doc(
        "Letak logo di sampul: top (di atas judul), bottom (di pita bawah) atau none.",
        "Where the cover shows the logo: top (above the title), bottom (in the lower band) or none.",
        default="top",
    )


class Masterplan(Model):
    """The root file of a city repository."""

    schema_version: Literal[1] = doc(
        "Versi format repositori; saat ini 1.", "Version of the repository format; now 1.", default=1
    )
    city: City = doc("Daerah.", "The city or regency.")
    period: Period = doc(
        "Periode masterplan, paling lama 20 tahun.", "Period of the masterplan, at most 20 years."
    )
    language: Language = doc(
        "Bahasa dokumen: id atau en.", "Language of the document: id or en.", default="id"
    )
    framework: Literal["kominfo", "cohen"] | CustomFramework = doc(
        "Kerangka kerja: kominfo, cohen, atau kerangka sendiri.",
        "Framework: kominfo, cohen, or a custom framework.",
        default="kominfo",
    )
    document: Document = doc("Pengaturan dokumen.", "Document settings.", default_factory=Document)
    theme: Theme = doc(
        "Tampilan dokumen: warna, huruf judul, letak logo.",
        "The document's look: colours, heading font, logo placement.",
        default_factory=Theme,
    )
    vision: StatementText = doc("Visi smart city.", "Smart city vision.")
    missions: Annotated[list[StatementText], Field(min_length=1)] = doc(
        "Misi smart city, paling sedikit satu.", "Smart city missions, at least one."
    )
    readiness: Readiness | None = doc("Analisis kesiapan daerah.", "Readiness analysis.", default=None)
    ratings: list[Rating] = doc("Penilaian eksternal.", "External ratings.", default_factory=list)
    governance: Governance | None = doc("Tata kelola smart city.", "Smart city governance.", default=None)
    support: SupportPlan | None = doc(
        "Rencana aksi pendukung (bab tersendiri).",
        "Supporting action plan (a chapter of its own).",
        default=None,
    )
    evaluation: Evaluation = doc(
        "Pengaturan laporan evaluasi tahunan.",
        "Settings of the yearly evaluation report.",
        default_factory=Evaluation,
    )
    previous: Previous | None = doc(
        "Masterplan sebelumnya dan nasib programnya, dievaluasi di Bab III.",
        "The previous masterplan and the fate of its programs, reviewed in chapter III.",
        default=None,
    )
