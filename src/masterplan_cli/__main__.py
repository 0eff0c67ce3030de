"""`python -m masterplan_cli` and the `masterplan` console script."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main() -> None:
    from . import l10n

    # before the command line is declared: typer reads the `--help` texts then
    l10n.settle(l10n.choose(sys.argv[1:], os.environ, Path.cwd()))
    from .cli import run

    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
