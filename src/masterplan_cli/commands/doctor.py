"""`masterplan doctor`: whether PDF output works on this machine, and what to install if not;
with a city repository, also the fonts its document uses and the text they cannot draw."""

from __future__ import annotations

import sys
from pathlib import Path


def run(root: Path | None = None) -> int:
    from ..doctor import run_doctor

    return run_doctor(sys.stdout, root=root)
