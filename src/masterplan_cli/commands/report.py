"""`masterplan report`: the yearly evaluation report and the forum dashboard."""

from __future__ import annotations

from pathlib import Path

from .build import shown


def run(
    path: Path, formats: list[str], year: int | None, out: Path | None, language: str | None, strict: bool
) -> int:
    from ..evaluation_report import report

    return shown(
        lambda progress: report(
            path, year=year, formats=formats, out_dir=out, language=language, strict=strict, progress=progress
        )
    )
