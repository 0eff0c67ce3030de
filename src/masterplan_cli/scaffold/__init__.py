"""`masterplan init`: start a new city repository that passes `check --strict` and builds at once.

The run is a small pipeline, one module per stage:

* `answers` validates each answer (from an option or a prompt) the same way;
* `console` asks for what is missing, on a terminal only, and shows the result;
* `catalog` holds the usual OPDs, each with an example program, and the pillars' examples;
* `plan` turns the answers into every file of the repository (path -> text), from the
  templates in `templates/scaffold/<language>/`;
* `writer` checks everything, then creates the files without ever overwriting one.
"""

from __future__ import annotations

from pathlib import Path

from .answers import Answers, InvalidAnswer
from .catalog import default_opds
from .plan import plan_repository
from .writer import (
    AlreadyARepository,
    ScaffoldError,
    Written,
    existing_masterplan,
    exists_as_yaml,
    write_plan,
)


def create_repository(root: Path, answers: Answers) -> Written:
    """Plan the repository for `root` and write it. An OPD whose file is already there keeps
    it as it is, and carries none of the examples: the new files cover every pillar alone."""
    ids = answers.opds if answers.opds is not None else default_opds(answers.kind)
    kept = [opd_id for opd_id in ids if exists_as_yaml(root / "opd" / f"{opd_id}.yaml")]
    return write_plan(root, plan_repository(answers, kept))


__all__ = [
    "AlreadyARepository",
    "Answers",
    "InvalidAnswer",
    "ScaffoldError",
    "Written",
    "create_repository",
    "existing_masterplan",
    "plan_repository",
    "write_plan",
]
