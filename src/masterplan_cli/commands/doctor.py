"""`masterplan doctor`: whether PDF output works on this machine, and what to install if not."""

from __future__ import annotations

import sys


def run() -> int:
    from ..doctor import run_doctor

    return run_doctor(sys.stdout)
