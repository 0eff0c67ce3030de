"""`progress/<year>/<opd>.yaml`: what one OPD carried out of its programs in one year.

The plan (`opd/*.yaml`) says what is intended; a progress file says what happened. They are
apart so that an OPD reports its year in a pull request that touches no line of the plan,
and each OPD owns one file per year (a CODEOWNERS line `progress/*/dinkes.yaml @dinkes`).
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, get_args

from pydantic import Field, field_validator

from ..l10n import _
from ..links import link_kind
from .common import IndicatorId, Model, Name, Number, ProgramId, Prose, Rupiah, Slug, Year, doc
from .opd import Funding

# The ministry's worksheets name a program's stage perumusan masalah/kebutuhan → perumusan ide
# → perencanaan pembangunan → pembangunan → implementasi → evaluasi (DOMAIN.md).
Stage = Literal["problem", "idea", "planning", "building", "implementation", "evaluation"]
STAGES: tuple[str, ...] = get_args(Stage)
_UNSAFE = re.compile(r"[\s<>()\[\]\"'`\\]")
Percent = Annotated[int, Field(ge=0, le=100, strict=True)]


class Evidence(Model):
    """A document that shows what was done: a report, a decree, a photo page, a dataset."""

    title: Name = doc("Judul bukti, mis. SK Tim Pelaksana.", "What it is, e.g. the team's decree.")
    url: Annotated[str, Field(min_length=1, max_length=2000)] = doc(
        "Alamat web (https://…) atau surel (mailto:…), tanpa spasi, tanda kutip atau kurung.",
        "A web (https://…) or mail (mailto:…) address, without spaces, quotes or brackets.",
    )

    @field_validator("url")
    @classmethod
    def _web_or_mail(cls, url: str) -> str:
        """The rule of every link in the plan (`links.py`): a path or `file:` would name a file
        on the machine that builds, `javascript:` would run."""
        if link_kind(url) not in ("web", "mail"):
            raise ValueError(_("evidence must be a web address (http, https) or a mailbox (mailto)"))
        if _UNSAFE.search(url):  # the address is written into Markdown and HTML links as it is
            raise ValueError(
                _("the address holds a space, quote or bracket: percent-encode it (%20, %28, ...)")
            )
        return url


class Realisation(Model):
    """One program's year: its stage, how far it is, what it spent, what its indicators measured."""

    program: ProgramId = doc(
        "Kode program di rencana (opd/*.yaml).", "The program's id in the plan (opd/*.yaml)."
    )
    stage: Stage = doc(
        "Tahapan: problem (perumusan masalah/kebutuhan), idea (perumusan ide), planning (perencanaan "
        "pembangunan), building (pembangunan), implementation (implementasi), evaluation (evaluasi).",
        "Stage: problem (defining the problem or need), idea (forming the idea), planning (planning "
        "the build), building, implementation, evaluation.",
    )
    percent: Percent = doc(
        "Persentase penyelesaian program pada akhir tahun (0–100).",
        "How far the program is complete at the end of the year (0–100).",
    )
    budget: dict[Funding, Rupiah] = doc(
        "Realisasi anggaran tahun ini per sumber dana, dalam rupiah, mis. {apbd: 150000000}.",
        "Budget spent this year per funding source, in rupiah, e.g. {apbd: 150000000}.",
        default_factory=dict,
    )
    indicators: dict[IndicatorId, Number] = doc(
        "Capaian indikator program tahun ini, menurut kode indikator, mis. {KOM-I1: 72.5}.",
        "This year's measured value of the program's indicators, by indicator id, e.g. {KOM-I1: 72.5}.",
        default_factory=dict,
    )
    notes: Prose | None = doc(
        "Catatan: kendala, perubahan, tindak lanjut (Markdown); dalam dua bahasa sebagai {id: …, en: …}.",
        "Notes: obstacles, changes, next steps (Markdown); in two languages as {id: …, en: …}.",
        default=None,
    )
    evidence: list[Evidence] = doc("Bukti dukung.", "Supporting evidence.", default_factory=list)

    @property
    def spent(self) -> int:
        return sum(self.budget.values())


class ProgressFile(Model):
    """An OPD's report of one year, in `progress/<year>/<opd>.yaml`."""

    year: Year = doc(
        "Tahun laporan; sama dengan nama foldernya.", "The year reported; equals its folder's name."
    )
    opd: Slug = doc(
        "Kode OPD yang melapor; sebaiknya sama dengan nama file.",
        "The reporting OPD's id; should equal the file name.",
    )
    programs: list[Realisation] = doc(
        "Realisasi tiap program OPD ini pada tahun itu.",
        "The year's realisation of each of the OPD's programs.",
    )
