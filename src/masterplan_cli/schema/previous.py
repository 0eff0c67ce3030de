"""The previous masterplan and the fate of each of its programs (`previous:` in
`masterplan.yaml`), and the list of its programs when it was never written in this format
(`previous.programs`, a file of its own)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from ..l10n import _
from .common import Code, Flag, Model, Name, ProgramId, Prose, Slug, Text, doc
from .opd import Status

FateKind = Literal["continued", "completed", "merged", "dropped"]
RelativePath = Annotated[str, Field(min_length=1, max_length=500)]


class Fate(Model):
    """What became of one program of the previous plan."""

    fate: FateKind = doc(
        "Nasib program: continued (dilanjutkan), completed (selesai), merged (digabung), "
        "dropped (dihentikan).",
        "What became of the program: continued, completed, merged or dropped.",
    )
    into: list[ProgramId] = doc(
        "Program masterplan ini yang melanjutkan (continued) atau menampung (merged) program "
        "ini; continued tanpa into berarti kode yang sama.",
        "The programs of this masterplan that continue it (continued) or absorb it (merged); "
        "continued without `into` means the same id.",
        default_factory=list,
    )
    reason: Prose | None = doc(
        "Alasan, wajib untuk dropped.", "Why; required when the program was dropped.", default=None
    )

    @model_validator(mode="after")
    def _consistent(self) -> Fate:
        if self.fate == "merged" and not self.into:
            raise ValueError(
                _("a merged program needs `into`: the program of this masterplan it became part of")
            )
        if self.fate in ("completed", "dropped") and self.into:
            raise ValueError(
                _("a {fate} program goes into no program; remove `into` or make it continued").format(
                    fate=self.fate
                )
            )
        if self.fate == "dropped" and not self.reason:
            raise ValueError(_("a dropped program needs a `reason`: the review says why it was given up"))
        return self


class Previous(Model):
    """The previous masterplan, reviewed in chapter III: exactly one of `revision`, `path` or
    `programs` says where its programs are."""

    title: Text | None = doc(
        "Nama masterplan sebelumnya, mis. Masterplan Smart City Kota Solok 2019–2023.",
        "Title of the previous masterplan, e.g. Masterplan Smart City Kota Solok 2019–2023.",
        default=None,
    )
    revision: Code | None = doc(
        "Tag atau revisi git repositori ini yang memuat masterplan sebelumnya, mis. v2019.",
        "A git tag or revision of this repository holding the previous masterplan, e.g. v2019.",
        default=None,
    )
    path: RelativePath | None = doc(
        "Folder di dalam repositori ini yang memuat repositori masterplan sebelumnya.",
        "A folder inside this repository holding the previous masterplan's repository.",
        default=None,
    )
    programs: RelativePath | None = doc(
        "Berkas YAML di dalam repositori ini berisi daftar program masterplan sebelumnya "
        "(untuk masterplan yang tidak ditulis dalam format ini).",
        "A YAML file inside this repository listing the previous masterplan's programs (for a "
        "plan never written in this format).",
        default=None,
    )
    fates: dict[ProgramId, Fate] = doc(
        "Nasib program sebelumnya, per kode program. Program dengan kode yang sama di "
        "masterplan ini dianggap dilanjutkan.",
        "The fate of each previous program, by its id. A program whose id is also in this "
        "masterplan is continued unless said otherwise.",
        default_factory=dict,
    )

    @model_validator(mode="after")
    def _one_source(self) -> Previous:
        given = [key for key in ("revision", "path", "programs") if getattr(self, key) is not None]
        if len(given) != 1:
            raise ValueError(
                _("give exactly one of `revision`, `path` or `programs` (given: {given})").format(
                    given=", ".join(given) or _("none")
                )
            )
        return self


class PreviousProgram(Model):
    """A program of the previous masterplan, as listed in `previous.programs`."""

    id: ProgramId = doc("Kode program di masterplan sebelumnya.", "The program's id in the previous plan.")
    name: Text = doc("Nama program.", "Program name.")
    pillar: Slug = doc("Pilar (dimensi) program.", "The program's pillar (dimension).")
    opd: Name = doc("OPD pelaksana (kode atau nama).", "The OPD that ran it (id or name).")
    quick_win: Flag = doc("Program quick win.", "A quick win.", default=False)
    status: Status = doc(
        "Status terakhir: planned, in-progress, done, dropped.",
        "Last status: planned, in-progress, done, dropped.",
        default="planned",
    )
    progress: Annotated[int, Field(ge=0, le=100, strict=True)] | None = doc(
        "Persentase penyelesaian (0–100).", "Percent complete (0–100).", default=None
    )
    note: Prose | None = doc("Catatan realisasi.", "Notes on what was realised.", default=None)


class PreviousProgramsFile(Model):
    """`previous.programs`: the programs of a previous masterplan never written in this format."""

    programs: Annotated[list[PreviousProgram], Field(min_length=1)] = doc(
        "Program masterplan sebelumnya.", "The previous masterplan's programs."
    )


__all__ = ["Fate", "FateKind", "Previous", "PreviousProgram", "PreviousProgramsFile"]
