"""`masterplan schema`: the JSON Schemas of the city files, for editors and tools."""

from __future__ import annotations

from pathlib import Path

from ..errors import EXIT_OK
from ..l10n import _


def run(out: Path) -> int:
    from ..schema_export import write_schemas

    for written in write_schemas(out):
        print(_("wrote {written}").format(written=written))
    return EXIT_OK
